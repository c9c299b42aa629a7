"""The village demo (gongkai/demo/village.py) on the real demo county: 罗市镇's reference catalog carries the village
topics with their source, 和平村 publishes its third quarter's 村级财务 with 收支明细 and two other village topics."""

import re

import pytest

from gongkai.catalog.models import Catalog, VersionStatus
from gongkai.demo import village as demo_village
from gongkai.demo.build import demo_build
from gongkai.publishing import selectors
from gongkai.publishing.models import Record

pytestmark = pytest.mark.django_db


def test_village_publishes_its_quarterly_finances_with_entries_and_the_reference_carries_the_topics():
    demo_build()
    reference = Catalog.objects.get(jurisdiction__code="430503101000", is_reference=True)
    ref_items = reference.versions.get(status=VersionStatus.PUBLISHED).items
    local = ref_items.filter(standard_item__isnull=True)
    assert local.filter(domain__slug="cunwu-gongkai", topic="村级财务").get().source_document.startswith(
        "《中华人民共和国村民委员会组织法》第三十条")
    assert local.filter(domain__slug="xiangcun-zhenxing", name="防止返贫监测对象人口识别").get().source_url.endswith(
        "20230619152231630.html")
    assert not local.filter(source_document="").exists()

    logs: list[str] = []
    assert demo_village.build(logs.append) == 3
    assert demo_village.build(logs.append) == 0
    finance = Record.objects.get(title=demo_village.FINANCE_TITLE)
    assert finance.unit.handle == demo_village.VILLAGE_HANDLE
    assert finance in selectors.published_records()
    entries = list(selectors.public_entries(finance))
    assert len(entries) == len(demo_village.FINANCE_ROWS)
    assert entries[0].values == {"日期": "2021-07-02", "摘要": "收到镇财政所拨付村级组织运转经费", "收入金额（元）": "45000.00"}
    item = finance.items.get()
    assert item.time_limit_rule["kind"] == "compound"
    assert item.version.catalog.jurisdiction.name == "和平村"
    public_titles = set(selectors.published_records().values_list("title", flat=True))
    assert {demo_village.SUBSIDY_TITLE, demo_village.CARE_TITLE} <= public_titles


def test_the_portal_shows_the_village_topics_on_the_villages_column(client):
    demo_build()
    demo_village.build(lambda line: None)
    code = demo_village.VILLAGE_CODE
    home = client.get(f"/j/{code}/").content.decode()
    assert "村务公开" in home and "乡村振兴" in home
    column = client.get(f"/j/{code}/d/cunwu-gongkai/")
    assert column.status_code == 200 and demo_village.FINANCE_TITLE in column.content.decode()
    pages = [client.get(link).content.decode()
             for link in re.findall(rf'href="(/j/{code}/r/[^"]+/)"', column.content.decode())]
    page = next(p for p in pages if demo_village.FINANCE_TITLE in p)
    assert "收到镇财政所拨付村级组织运转经费" in page and "45000.00" in page.replace(",", "")
    catalog = client.get(f"/j/{code}/catalog/").content.decode()
    assert ('事项来源：<a href="http://yishui.gov.cn/info/40113/323417.htm" rel="noopener noreferrer external">'
            "沂水县许家湖镇村（居）务公开事项目录清单（2023年）</a>") in catalog
    download = client.get(f"/j/{code}/catalog.csv").content.decode("utf-8-sig")
    assert "事项来源" in download.splitlines()[0] and "http://yishui.gov.cn/info/40113/323417.htm" in download
