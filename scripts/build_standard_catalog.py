"""Build the shipped national standard catalog from the reference extracts.

    .venv/bin/python scripts/build_standard_catalog.py [REFERENCE_DIR]

REFERENCE_DIR defaults to ../shared/reference/catalog (beside the checkout). Writes
gongkai/catalog/data/domains.json and gongkai/catalog/data/standard/<slug>.json, one per reference
file. Every row of the reference is kept, none dropped or invented; fields are renamed to the
project's names (level1→topic, level2→name, levels→tiers). Provenance keeps only gov.cn addresses:
a row read from a mirror site keeps an empty source and its note says 转载副本.

Then the rows of ../shared/reference/catalog-more whose wording is national join (MORE_ROWS, each with its
provenance and confidence said in Chinese in the row's note), and its verified facts correct the metadata
(MORE_FACTS). Remarks the extracts wrote in English inside a cell ("(truncated)" …) never reach a cell: the
cell ends with "…" and the row's note says in Chinese which cell is incomplete.

The conversion is a pure function (`build`) so that tests can check the shipped files equal what
it makes.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference" / "catalog"
DATA_DIR = ROOT / "gongkai" / "catalog" / "data"

FORMAT = 1
MIRROR_NOTE = "行取自转载副本（非官方网址，已略去）"
PARTIAL_NOTE = (
    "据地方副本逐行摘录，仅读到各页开头部分，未通读国家表格；"
    "空列表表示该栏未采集到，并非标准中为空。"
)

# Later domains, in the order the brief and the README give them.
LATER_WITH_ROWS = ["jiaotong-yunshu", "lvyou", "ziran-ziyuan", "xinwen-chuban"]
# The order of every later domain (with rows or not).
LATER_ORDER = ["jiaotong-yunshu", "lvyou", "ziran-ziyuan", "xinwen-chuban", "tongji", "guangbo-dianshi", "shuili"]

# Remarks the extracts put inside a cell, and what the row's note says instead (in Chinese, once).
CUT_MARKERS = {
    "(item name truncated)": "截断", "(title truncated)": "截断", "(tail truncated)": "截断", "(truncated)": "截断",
    "(名称截断)": "截断", "(截断)": "截断", "(title cut in some copies)": "部分副本截断",
}
FIELD_LABELS = {
    "level1": "一级事项", "level2": "二级事项", "elements": "公开内容（要素）", "basis": "公开依据",
    "time_limit": "公开时限", "subject": "公开主体", "channels": "公开渠道和载体",
}


def clean_cell(text: str) -> tuple[str, str]:
    """('text…', kind) for a cell carrying a cut marker, else (text, '')."""
    for marker, kind in CUT_MARKERS.items():
        if text.endswith(marker):
            text = text[: -len(marker)].rstrip()
            if kind == "截断" and "…" not in text:
                text += "…"
            return text, kind
    return text, ""


def clean_cells(raw: dict) -> tuple[dict, str]:
    """The row with its cells cleaned of cut markers, and the Chinese remark about them ('' when none)."""
    raw = dict(raw)
    cut, cut_in_copies = [], []
    for key, label in FIELD_LABELS.items():
        value = raw.get(key)
        if isinstance(value, str):
            raw[key], kind = clean_cell(value)
            kinds = [kind]
        elif isinstance(value, list):
            pairs = [clean_cell(v) if isinstance(v, str) else (v, "") for v in value]
            raw[key] = [v for v, _ in pairs]
            kinds = [k for _, k in pairs]
        else:
            continue
        if "截断" in kinds:
            cut.append(label)
        if "部分副本截断" in kinds:
            cut_in_copies.append(label)
    remarks = []
    if cut:
        remarks.append(f"来源中“{'、'.join(cut)}”一栏文字不完整，以“…”标出，待按国家原表补全")
    if cut_in_copies:
        remarks.append(f"“{'、'.join(cut_in_copies)}”一栏的文件名称在部分副本中不完整")
    return raw, "；".join(remarks)

# Size statements the README records (some are also in the files' notes, in English).
README_SIZE_STATEMENTS = {
    "yiwu-jiaoyu": "10个一级事项",
    "jiuye": "9类一级事项、25类二级事项",
    "gonggong-ziyuan-jiaoyi": "5个子领域、40项具体公开事项（据新闻报道）",
    "huji-guanli": "7个方面、18项公开事项",
    "baozhangxing-zhufang": "10个一级事项、43个二级事项（重庆市转化版本，非国家原文）",
    "jiaotong-yunshu": "4个类别、21项公开内容（重庆市2023年转化版本）",
}

# Known national guidelines of which no row was captured (README, "Domains added after the 26";
# 水利 only from the county report of 2023 quoted in ../shared/reference/rules.md).
NO_ROW_DOMAINS = [
    {
        "slug": "tongji",
        "name": "统计",
        "guideline": {
            "name": "统计领域基层政务公开标准指引",
            "issuer": "国家统计局",
            "document_number": "",
            "year": "",
            "year_basis": "国家发布日期未见；安徽省统计局2022-08-01转发，故不晚于2022年",
            "issue_date": "",
            "provenance": "安徽省统计局2022-08-01转发国家统计局《统计领域基层政务公开标准指引》（附标准目录及说明）",
            "sources": ["https://www.panji.gov.cn/grassroots/118322656/1259430025.html"],
            "official_topics": ["统计法律规范", "统计调查制度", "统计数据", "统计执法监督"],
            "official_topics_kind": "official",
            "official_size": "4个一级事项、9个二级事项",
            "notes": ["适用范围：县级统计机构"],
            "verified": {"issuer": True, "year": False, "document_no": False},
        },
    },
    {
        "slug": "guangbo-dianshi",
        "name": "广播电视",
        "guideline": {
            "name": "广播电视基层政务公开标准指引",
            "issuer": "国家广播电视总局",
            "document_number": "",
            "year": "",
            "year_basis": "发布日期与文号未见（约2020年，据福建省转发通知推定）",
            "issue_date": "",
            "provenance": "福建省转发通知（闽政办〔2020〕26号框架下）所引；转发通知未取得网址",
            "sources": [],
            "official_topics": [],
            "official_topics_kind": "",
            "official_size": "4个方面、67项公开事项（涵盖广播电视和网络视听）",
            "notes": [],
            "verified": {"issuer": True, "year": False, "document_no": False},
        },
    },
    {
        "slug": "shuili",
        "name": "水利",
        "guideline": {
            "name": "水利领域基层政务公开标准指引（名称推定，未见国家指引原文）",
            "issuer": "未核实 ⚠",
            "document_number": "",
            "year": "",
            "year_basis": "",
            "issue_date": "",
            "provenance": "仅见某县2023年报告将水利列为26个试点领域之后新增的领域；未检索到国家指引",
            "sources": [],
            "official_topics": [],
            "official_topics_kind": "",
            "official_size": "",
            "notes": [],
            "verified": {"issuer": False, "year": False, "document_no": False},
        },
    },
]
NO_ROWS_NOTE = "未采集到任何事项行：只掌握指引的基本信息，标准目录的行有待补录。"

# Parenthetical remarks in the reference's domain labels that are not aliases.
_REMARK_MARKERS = ("新增", "未见", "，", ",")


def is_gov_cn(url: str | None) -> bool:
    if not url:
        return False
    host = (urlparse(url).hostname or "").lower()
    return host == "gov.cn" or host.endswith(".gov.cn")


def split_domain_label(label: str) -> tuple[str, list[str]]:
    """'卫生健康(医疗卫生)' → ('卫生健康', ['医疗卫生']); remarks such as '（26个试点领域之后新增）' are
    not aliases (the label is kept verbatim as full_name)."""
    match = re.match(r"^(.*?)[(（](.*)[)）]$", label.strip())
    if not match:
        return label.strip(), []
    name, inner = match.group(1).strip(), match.group(2).strip()
    if any(marker in inner for marker in _REMARK_MARKERS):
        return name, []
    return name, [inner]


def pilot_order(readme: str) -> list[str]:
    """Slugs of the 26 pilot domains in the README's table order."""
    section = readme.split("## The 26 pilot domains", 1)[1].split("## Domains added", 1)[0]
    slugs = re.findall(r"^\| ([a-z][a-z-]+) \|", section, flags=re.MULTILINE)
    return [slug for slug in slugs if slug != "slug"]


def convert_item(raw: dict, order: int) -> dict:
    raw, remark = clean_cells(raw)
    source = raw.get("source") or ""
    note = raw.get("note") or ""
    if remark:
        note = f"{remark}；{note}" if note else remark
    if source and not is_gov_cn(source):
        source = ""
    if not source and "转载副本" not in note:
        note = f"{note}；{MIRROR_NOTE}" if note else MIRROR_NOTE
    return {
        "order": order,
        "topic": raw["level1"],
        "name": raw["level2"],
        "elements": list(raw.get("elements") or []),
        "basis": list(raw.get("basis") or []),
        "time_limit": raw.get("time_limit") or "",
        "subject": raw.get("subject") or "",
        "channels": list(raw.get("channels") or []),
        "audience": list(raw.get("audience") or []),
        "manner": list(raw.get("manner") or []),
        "tiers": list(raw.get("levels") or []),
        "note": note,
        "source": source,
    }


def convert_guideline(slug: str, raw: dict) -> dict:
    if "first_level_items_official" in raw:
        topics, topics_kind = raw["first_level_items_official"], "official"
    elif "first_level_items_reported" in raw:
        topics, topics_kind = raw["first_level_items_reported"], "reported"
    else:
        topics, topics_kind = [], ""
    size = raw.get("catalog_size_official") or README_SIZE_STATEMENTS.get(slug, "")
    if not size and raw.get("first_level_count_official"):
        size = f"{raw['first_level_count_official']}个一级事项、{raw.get('second_level_count_official')}个二级事项"
    year = raw.get("year")
    verified = dict(raw.get("verified") or {})
    return {
        "name": raw["guideline"],
        "issuer": raw.get("issuer") or "",
        "document_number": raw.get("document_no") or "",
        "year": "" if year is None else str(year),
        "year_basis": raw.get("year_basis") or "",
        "issue_date": raw.get("issue_date") or "",
        "completeness": raw.get("completeness") or "partial",
        "completeness_note": PARTIAL_NOTE if (raw.get("completeness") or "partial") == "partial" else "",
        "provenance": raw.get("provenance") or "",
        "sources": [url for url in raw.get("sources") or [] if is_gov_cn(url)],
        "official_topics": list(topics),
        "official_topics_kind": topics_kind,
        "official_size": size,
        "official_counts": {
            key: raw[f"{key}_level_count_official"]
            for key in ("first", "second")
            if raw.get(f"{key}_level_count_official") is not None
        },
        "notes": list(raw.get("notes") or []),
        "verified": verified,
    }


def build(reference_dir: Path, more_dir: Path | None = None) -> dict[str, dict]:
    """Return {relative path: JSON-able content} for every shipped file. `more_dir` defaults to
    catalog-more beside the reference directory (skipped when absent)."""
    reference_dir = Path(reference_dir)
    more_dir = Path(more_dir) if more_dir else reference_dir.parent / "catalog-more"
    readme = (reference_dir / "README.md").read_text(encoding="utf-8")
    raws = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(reference_dir.glob("*.json"))}
    more = ({path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(more_dir.glob("*.json"))}
            if more_dir.is_dir() else {})
    pilots = pilot_order(readme)
    unknown = set(raws) - set(pilots) - set(LATER_WITH_ROWS)
    if unknown or len(pilots) != 26:
        raise SystemExit(f"参考目录与 README 不一致：试点领域 {len(pilots)} 个，未归类文件 {sorted(unknown)}")

    files: dict[str, dict] = {}
    domains = []
    no_rows = {entry["slug"]: entry for entry in NO_ROW_DOMAINS}
    for order, slug in enumerate(pilots + LATER_ORDER, start=1):
        if slug in raws:
            raw = raws[slug]
            name, aliases = split_domain_label(raw["domain"])
            content = {
                "format": FORMAT,
                "slug": slug,
                "domain": name,
                "guideline": convert_guideline(slug, raw),
                "items": [convert_item(item, index) for index, item in enumerate(raw["items"], start=1)],
            }
        elif slug in MORE_DOMAINS and slug in more:
            entry = no_rows[slug]
            name, aliases = entry["name"], []
            content = {
                "format": FORMAT,
                "slug": slug,
                "domain": name,
                "guideline": {**entry["guideline"], "completeness": "partial", "completeness_note": PARTIAL_NOTE,
                              "official_counts": {}},
                "items": [],
            }
        else:
            entry = no_rows[slug]
            guideline = {
                **entry["guideline"],
                "completeness": "partial",
                "completeness_note": NO_ROWS_NOTE,
                "official_counts": {},
            }
            guideline["notes"] = [NO_ROWS_NOTE, *guideline["notes"]]
            domains.append({
                "slug": slug, "name": entry["name"], "full_name": entry["name"], "aliases": [],
                "order": order, "is_pilot": False, "file": "",
                "guideline": guideline,
                "items": [],
            })
            continue
        apply_more(content, more)
        domains.append({
            "slug": slug, "name": name, "full_name": raws[slug]["domain"] if slug in raws else name,
            "aliases": aliases, "order": order, "is_pilot": slug in pilots, "file": f"standard/{slug}.json",
        })
        files[f"standard/{slug}.json"] = content
    files["domains.json"] = {"format": FORMAT, "domains": domains}
    return files


# --- catalog-more: rows with national wording and verified facts ------------------------------------

PINGTAN_71 = "https://www.pingtan.gov.cn/zwgk/ztzl/jczwgkbzhgfh/qzbm/gytdsfwzsybc/202104/t20210425_25920.htm"
JIANBAN_71 = {
    "issuer": "住房和城乡建设部办公厅",
    "document_number": "建办厅〔2019〕71号",
    "year": "2019",
    "year_basis": "",
    "issue_date": "2019-11-04",
    "verified": {"issuer": True, "year": True, "document_no": True},
    "add_sources": [PINGTAN_71],
    "add_notes": ["建办厅〔2019〕71号一文印发保障性住房、国有土地上房屋征收与补偿、市政服务、农村危房改造、城市综合执法"
                  "五个领域的基层政务公开标准目录（据通知全文，平潭综合实验区政府网站转载）"],
}
# Facts read in full in the ministries' notices (catalog-more README, "Verified facts").
MORE_FACTS = {
    "chengxiang-guihua": {
        "issuer": "自然资源部办公厅",
        "document_number": "自然资办函〔2019〕981号",
        "year": "2019",
        "year_basis": "",
        "issue_date": "2019-06-10",
        "official_size": "4类一级事项、13类二级事项（规划编制、审批、实施管理等）",
        "official_counts": {"first": 4, "second": 13},
        "verified": {"issuer": True, "year": True, "document_no": True},
        "add_sources": ["https://www.pingtan.gov.cn/zwgk/ztzl/jczwgkbzhgfh/qzbm/cxgh/202104/t20210423_25823.htm"],
        "add_notes": ["适用范围：城市规划、镇规划、乡规划和村庄规划以及同级的土地利用总体规划；主要适用于市、县自然资源主管部门；"
                      "国土空间规划的公开标准指引将另行制定（据自然资办函〔2019〕981号通知全文）"],
    },
    "nongcun-jiti-tudi-zhengshou": {
        "issuer": "自然资源部办公厅",
        "document_number": "自然资办函〔2019〕1105号",
        "year": "2019",
        "year_basis": "",
        "issue_date": "2019-06-27",
        "official_topics": ["征地管理政策", "征地前期准备", "征地审查报批", "征地组织实施"],
        "official_topics_kind": "official",
        "official_size": "4个一级事项、10个二级事项（拟征收土地告知、拟征收土地现状调查、拟征地听证、征地报批材料、征地批准文件、"
                         "征收土地公告、征地补偿登记、征地补偿安置方案公告、征地补偿安置方案听证、征地补偿费用支付）",
        "official_counts": {"first": 4, "second": 10},
        "verified": {"issuer": True, "year": True, "document_no": True},
        "add_sources": ["https://www.pingtan.gov.cn/zwgk/ztzl/jczwgkbzhgfh/qzbm/ncjttdzs/202104/t20210425_25919.htm"],
        "add_notes": ["2019年8月1日起施行；除必须公开事项外设有可选项，以“〔*〕”标注；适用于实施农村集体土地征收的县（市、区）"
                      "自然资源主管部门以及其他负责农村集体土地征收相关工作部门，设区的市参照执行（据自然资办函〔2019〕1105号通知全文）"],
    },
    "baozhangxing-zhufang": JIANBAN_71,
    "guoyou-tudi-fangwu-zhengshou": JIANBAN_71,
    "shizheng-fuwu": JIANBAN_71,
    "nongcun-weifang-gaizao": JIANBAN_71,
    "chengshi-zonghe-zhifa": JIANBAN_71,
}

HEARING_NOTE = ("据自然资办函〔2019〕1105号通知，本事项列在征地补偿安置方案公告之后，故归入“征地组织实施”"
                "（原摘录归在“征地前期准备”，待以国家原表核实）")
# Rows of catalog-more whose wording is national: (file, level2) → how it joins, and what is said of it.
# Local rows (Fujian township 平潭海坛片区 rows, village lists, Chongqing adaptations) stay out.
MORE_ROWS = {
    ("fupin", "财政专项扶贫资金分配结果"): {
        "replaces": "财政专项扶贫资金…", "topic": "扶贫资金", "drop": ("subject", "channels"),
        "note": "可信度：较高。名称、内容和依据据平潭海坛片区（福建，乡镇级）目录补全了原先截断的一行，措辞应为国家表述；"
                "公开主体和渠道为地方写法，未采用",
    },
    ("nongcun-jiti-tudi-zhengshou", "征地补偿安置方案公告"): {
        "topic": "征地组织实施", "drop": ("subject",),
        "note": "可信度：中。要素首句为国家通用表述（县（市、区）自然资源主管部门……），行取自平潭海坛片区（福建，乡镇级）目录；"
                "一级事项按自然资办函〔2019〕1105号通知的顺序归入“征地组织实施”，待以国家原表核实；公开主体为地方写法，未采用",
    },
}
BROADCAST_NOTE = ("可信度：中。措辞在五个省份的县级副本中一致（重庆荣昌、乌鲁木齐高新区保留通用主体“广播电视行政部门”），"
                  "应为国家表述；行政许可和行政处罚事项的取舍和顺序为各县自定，并非国家表的顺序")
# Domains whose every catalog-more row is national wording.
MORE_DOMAINS = {"guangbo-dianshi": BROADCAST_NOTE}


def _more_item(raw: dict, order: int, note: str, topic: str | None = None, drop=()) -> dict:
    item = convert_item({**raw, "note": ""}, order)
    if topic:
        item["topic"] = topic
    for key in drop:
        item[key] = [] if isinstance(item[key], list) else ""
    item["note"] = f"{note}；{item['note']}" if item["note"] else note
    return item


def _correct_metadata(guideline: dict, facts: dict) -> None:
    for key, value in facts.items():
        if key == "add_sources":
            guideline["sources"] = [*guideline["sources"], *[u for u in value if u not in guideline["sources"]]]
        elif key == "add_notes":
            guideline["notes"] = [*guideline["notes"], *[n for n in value if n not in guideline["notes"]]]
        else:
            guideline[key] = value


def apply_more(content: dict, more: dict) -> None:
    """Join catalog-more's national rows to one guideline and correct its metadata (in place)."""
    slug = content["slug"]
    guideline = content["guideline"]
    _correct_metadata(guideline, MORE_FACTS.get(slug, {}))
    extra = more.get(slug)
    if not extra:
        return
    items = content["items"]
    if slug in MORE_DOMAINS:
        guideline["sources"] = [*guideline["sources"], *[u for u in extra.get("sources") or []
                                                         if is_gov_cn(u) and u not in guideline["sources"]]]
        for raw in extra["items"]:
            items.append(_more_item(raw, len(items) + 1, MORE_DOMAINS[slug]))
        return
    for raw in extra["items"]:
        how = MORE_ROWS.get((slug, raw["level2"]))
        if how is None:
            continue
        replaced = next((i for i in items if i["name"] == how.get("replaces")), None)
        if replaced is not None:
            items[items.index(replaced)] = _more_item(raw, replaced["order"], how["note"], how["topic"], how["drop"])
        else:
            items.append(_more_item(raw, len(items) + 1, how["note"], how["topic"], how["drop"]))
    if slug == "nongcun-jiti-tudi-zhengshou":
        for item in items:
            if item["name"] == "征地补偿安置方案听证" and item["topic"] == "征地前期准备":
                item["topic"] = "征地组织实施"
                item["note"] = f"{HEARING_NOTE}；{item['note']}" if item["note"] else HEARING_NOTE


def dump(content: dict) -> str:
    return json.dumps(content, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    reference = Path(argv[1]) if len(argv) > 1 else DEFAULT_REFERENCE
    if not reference.is_dir():
        print(f"找不到参考目录：{reference}", file=sys.stderr)
        return 1
    files = build(reference)
    (DATA_DIR / "standard").mkdir(parents=True, exist_ok=True)
    for stale in (DATA_DIR / "standard").glob("*.json"):
        if f"standard/{stale.name}" not in files:
            stale.unlink()
    for relative, content in files.items():
        (DATA_DIR / relative).write_text(dump(content), encoding="utf-8")
    items = sum(len(c["items"]) for r, c in files.items() if r.startswith("standard/"))
    print(f"已写入 {len(files) - 1} 个标准目录文件和 domains.json：{len(files['domains.json']['domains'])} 个领域，{items} 行事项")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
