"""The shipped national standard catalog: what it holds, and that it is what the generator makes
from ../shared/reference/catalog."""

import importlib.util
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.catalog.standard_data import DATA_DIR, SHIPPED_ITEMS

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference" / "catalog"
MORE = ROOT.parent / "shared" / "reference" / "catalog-more"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference/catalog 不在本机")

# Rows per domain in the reference (README: 237 for the 26 pilot domains, 19 for the later ones).
EXPECTED_ITEMS = {
    "zhongda-jianshe-xiangmu": 11, "gonggong-ziyuan-jiaoyi": 6, "shenong-butie": 5, "fupin": 6,
    "yiwu-jiaoyu": 20, "caizheng-yujuesuan": 4, "shizheng-fuwu": 7, "chengshi-zonghe-zhifa": 19,
    "chengxiang-guihua": 9, "nongcun-jiti-tudi-zhengshou": 6, "anquan-shengchan": 10, "jiuzai": 11,
    "jiuye": 4, "shehui-baoxian": 13, "shengtai-huanjing": 10, "shuishou-guanli": 6, "shehui-jiuzhu": 12,
    "yanglao-fuwu": 6, "baozhangxing-zhufang": 11, "guoyou-tudi-fangwu-zhengshou": 7,
    "nongcun-weifang-gaizao": 7, "weisheng-jiankang": 13, "gonggong-falv-fuwu": 7,
    "gonggong-wenhua-fuwu": 12, "shipin-yaopin-jianguan": 8, "huji-guanli": 8,
    "jiaotong-yunshu": 4, "lvyou": 8, "ziran-ziyuan": 6, "xinwen-chuban": 1,
    "tongji": 0, "guangbo-dianshi": 15, "shuili": 0,
}
# What catalog-more changed (scripts/build_standard_catalog.py: MORE_ROWS, MORE_FACTS).
ADDED_BY_MORE = {"nongcun-jiti-tudi-zhengshou": 1}
REPLACED_BY_MORE = {("fupin", "财政专项扶贫资金…(item name truncated)")}
MOVED_BY_MORE = {("nongcun-jiti-tudi-zhengshou", "征地补偿安置方案听证"): "征地组织实施"}
CORRECTED_BY_MORE = {"chengxiang-guihua", "nongcun-jiti-tudi-zhengshou", "baozhangxing-zhufang",
                     "guoyou-tudi-fangwu-zhengshou", "shizheng-fuwu", "nongcun-weifang-gaizao", "chengshi-zonghe-zhifa"}
LATER = ["jiaotong-yunshu", "lvyou", "ziran-ziyuan", "xinwen-chuban", "tongji", "guangbo-dianshi", "shuili"]


def _generator():
    spec = importlib.util.spec_from_file_location("build_standard_catalog", ROOT / "scripts" / "build_standard_catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _domains() -> list[dict]:
    return json.loads((DATA_DIR / "domains.json").read_text(encoding="utf-8"))["domains"]


def _guideline_file(slug: str) -> dict:
    return json.loads((DATA_DIR / "standard" / f"{slug}.json").read_text(encoding="utf-8"))


def test_domains_in_order():
    domains = _domains()
    assert len(domains) == 33
    assert [d["order"] for d in domains] == list(range(1, 34))
    assert sum(d["is_pilot"] for d in domains) == 26
    assert [d["slug"] for d in domains[26:]] == LATER
    assert [d["name"] for d in domains[26:]] == ["交通运输", "旅游", "自然资源", "新闻出版", "统计", "广播电视", "水利"]
    assert {d["slug"] for d in domains} == set(EXPECTED_ITEMS)


def test_item_counts_per_domain():
    counts = {}
    for domain in _domains():
        items = _guideline_file(domain["slug"])["items"] if domain["file"] else domain["items"]
        counts[domain["slug"]] = len(items)
    assert counts == EXPECTED_ITEMS
    # 237 + 1 and 19 + 15: the rows of catalog-more whose wording is national (征地补偿安置方案公告, 广播电视).
    assert sum(counts[d["slug"]] for d in _domains() if d["is_pilot"]) == 238
    assert sum(counts[slug] for slug in LATER) == 34
    assert len(SHIPPED_ITEMS) == 272


def test_domains_without_rows_say_so():
    for domain in [d for d in _domains() if d["slug"] in ("tongji", "shuili")]:
        assert domain["file"] == "" and domain["items"] == []
        guideline = domain["guideline"]
        assert guideline["completeness"] == "partial"
        assert "未采集到任何事项行" in guideline["completeness_note"]
        assert "未采集到任何事项行" in guideline["notes"][0]
    tongji = _domains()[30]["guideline"]
    assert _domains()[31]["file"] == "standard/guangbo-dianshi.json"
    assert tongji["official_topics"] == ["统计法律规范", "统计调查制度", "统计数据", "统计执法监督"]
    assert tongji["official_size"] == "4个一级事项、9个二级事项"


def test_only_gov_cn_addresses_and_mirrors_are_marked():
    def gov(url):
        host = urlparse(url).hostname or ""
        return host == "gov.cn" or host.endswith(".gov.cn")

    for path in sorted((DATA_DIR / "standard").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["guideline"]["completeness"] == "partial"
        assert all(gov(url) for url in data["guideline"]["sources"]), path.name
        for item in data["items"]:
            if item["source"]:
                assert gov(item["source"]), (path.name, item["name"])
            else:
                assert "转载副本" in item["note"], (path.name, item["name"])
    for domain in _domains():
        for url in domain.get("guideline", {}).get("sources", []):
            assert gov(url)


def test_official_metadata_is_kept():
    zhongda = _guideline_file("zhongda-jianshe-xiangmu")["guideline"]
    assert zhongda["document_number"] == "发改办投资〔2019〕621号"
    assert zhongda["verified"] == {"issuer": True, "year": True, "document_no": True}
    assert len(zhongda["official_topics"]) == 8 and zhongda["official_topics_kind"] == "official"
    jiuye = _guideline_file("jiuye")["guideline"]
    assert jiuye["official_counts"] == {"first": 9, "second": 25}
    assert _guideline_file("huji-guanli")["guideline"]["official_size"] == "7个方面、18项公开事项"
    assert _guideline_file("baozhangxing-zhufang")["guideline"]["official_topics_kind"] == "reported"
    assert _guideline_file("shenong-butie")["guideline"]["year_basis"].startswith("inferred")
    # Wikisource copies of the notice are not gov.cn: dropped from the guideline's sources.
    assert all("wikisource" not in url for url in _guideline_file("anquan-shengchan")["guideline"]["sources"])


@needs_reference
def test_shipped_data_is_what_the_generator_makes():
    built = _generator().build(REFERENCE)
    shipped = {
        f"standard/{path.name}": json.loads(path.read_text(encoding="utf-8"))
        for path in (DATA_DIR / "standard").glob("*.json")
    }
    shipped["domains.json"] = json.loads((DATA_DIR / "domains.json").read_text(encoding="utf-8"))
    assert set(built) == set(shipped)
    assert len([name for name in built if name.startswith("standard/")]) == 31
    for name in built:
        assert built[name] == shipped[name], name


@needs_reference
def test_every_reference_row_is_kept_with_every_field():
    fields = {"level1": "topic", "level2": "name", "elements": "elements", "basis": "basis",
              "time_limit": "time_limit", "subject": "subject", "channels": "channels", "audience": "audience",
              "manner": "manner", "levels": "tiers"}
    counts = {}
    for path in sorted(REFERENCE.glob("*.json")):
        reference = json.loads(path.read_text(encoding="utf-8"))
        shipped = _guideline_file(path.stem)
        counts[path.stem] = len(reference["items"])
        assert len(shipped["items"]) == len(reference["items"]) + ADDED_BY_MORE.get(path.stem, 0)
        for raw, item in zip(reference["items"], shipped["items"][:len(reference["items"])], strict=True):
            if (path.stem, raw["level2"]) in REPLACED_BY_MORE:
                continue
            raw, _ = _generator().clean_cells(raw)
            if (path.stem, raw["level2"]) in MOVED_BY_MORE:
                raw = {**raw, "level1": MOVED_BY_MORE[(path.stem, raw["level2"])]}
            for old, new in fields.items():
                assert item[new] == (raw.get(old) if raw.get(old) is not None else item[new]), (path.stem, old)
            assert (raw.get("note") or "") in item["note"]
            if raw.get("source") and ".gov.cn" in raw["source"]:
                assert item["source"] == raw["source"]
        assert shipped["guideline"]["name"] == reference["guideline"]
        if path.stem in CORRECTED_BY_MORE:
            continue
        assert shipped["guideline"]["issuer"] == reference["issuer"]
        assert shipped["guideline"]["document_number"] == (reference.get("document_no") or "")
        assert shipped["guideline"]["verified"] == reference["verified"]
        assert shipped["guideline"]["notes"] == reference.get("notes", [])
    assert counts == {slug: n - ADDED_BY_MORE.get(slug, 0) for slug, n in EXPECTED_ITEMS.items()
                      if n and slug != "guangbo-dianshi"}


@needs_reference
def test_topic_and_item_counts_equal_the_readme_table():
    readme = (REFERENCE / "README.md").read_text(encoding="utf-8")
    table = {
        m.group(1): (int(m.group(2)), int(m.group(3)))
        for m in re.finditer(r"^\| ([a-z-]+) \|(?:[^|]*\|){5} (\d+) \| (\d+) \| partial \|$", readme, re.MULTILINE)
    }
    assert len(table) == 30
    for slug, (topics, items) in table.items():
        data = [i for i in _guideline_file(slug)["items"] if (slug, i["name"]) != ("nongcun-jiti-tudi-zhengshou", "征地补偿安置方案公告")]
        topics += 1 if slug == "nongcun-jiti-tudi-zhengshou" else 0  # 征地组织实施, from the ministry's notice
        assert (len({i["topic"] for i in data}), len(data)) == (topics, items), slug


def test_no_english_remark_inside_a_cell():
    """Issue 10: "(truncated)", "(title truncated)"… reached the portal and the exports; a cut cell ends with
    "…" and the row's note says so in Chinese, once."""
    markers = ("truncated", "cut in some copies", "(截断)", "(名称截断)")
    cells = ("topic", "name", "elements", "basis", "time_limit", "subject", "channels", "audience", "manner", "tiers")
    for slug, _, item in SHIPPED_ITEMS:
        for key in cells:
            values = item[key] if isinstance(item[key], list) else [item[key]]
            assert not any(m in v for v in values for m in markers), (slug, item["name"], key)
    fupin = {i["name"]: i for i in _guideline_file("fupin")["items"]}
    assert "财政专项扶贫资金分配结果" in fupin and fupin["财政专项扶贫资金分配结果"]["topic"] == "扶贫资金"
    anquan = [i for i in _guideline_file("anquan-shengchan")["items"] if any("突发事件应急预案管理" in b for b in i["basis"])]
    assert anquan[0]["note"].count("不完整") == 1 and "公开依据" in anquan[0]["note"]


def test_catalog_more_corrects_issuers_numbers_and_places():
    guihua = _guideline_file("chengxiang-guihua")["guideline"]
    assert (guihua["issuer"], guihua["document_number"], guihua["issue_date"]) == (
        "自然资源部办公厅", "自然资办函〔2019〕981号", "2019-06-10")
    assert guihua["verified"] == {"issuer": True, "year": True, "document_no": True}
    land = _guideline_file("nongcun-jiti-tudi-zhengshou")
    assert (land["guideline"]["issuer"], land["guideline"]["document_number"]) == ("自然资源部办公厅", "自然资办函〔2019〕1105号")
    assert land["guideline"]["official_topics"] == ["征地管理政策", "征地前期准备", "征地审查报批", "征地组织实施"]
    places = {i["name"]: i["topic"] for i in land["items"]}
    assert places["征地补偿安置方案听证"] == "征地组织实施" and places["征地补偿安置方案公告"] == "征地组织实施"
    for slug in ("baozhangxing-zhufang", "guoyou-tudi-fangwu-zhengshou", "shizheng-fuwu", "nongcun-weifang-gaizao",
                 "chengshi-zonghe-zhifa"):
        guideline = _guideline_file(slug)["guideline"]
        assert (guideline["issuer"], guideline["document_number"], guideline["issue_date"]) == (
            "住房和城乡建设部办公厅", "建办厅〔2019〕71号", "2019-11-04"), slug
        assert guideline["verified"]["document_no"] is True
    broadcast = _guideline_file("guangbo-dianshi")["items"]
    assert len(broadcast) == 15 and all(i["note"].startswith("可信度：中") and i["source"] for i in broadcast)
