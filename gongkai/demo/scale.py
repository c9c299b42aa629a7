"""`gongkai demo --scale N`: N generated counties of varied, realistic data for `make bench` (issue 13).

Each county is made from its own random stream (the seed and the county's number), so that `--scale 10` after
`--scale 1` adds counties 2–10 and the same seed always gives the same data. The counties lie in a made-up
province (codes 98…, which no real division uses): 20 counties per city, each with its own name, 8–20 townships
(镇、乡、街道) with their own names, a county government office, 16–24 departments and one government per
township, and a published catalog taken from the national standard catalogs (gongkai/catalog/data/standard)
with a different subset of domains and items in each county. Records are titled from the real item names, the
county's townships and years 2016–2025; about a third carry a 文号 like 祥民发〔2023〕15号; a few are 依申请公开
or 不予公开 (with a ground and a review date), withdrawn or still drafts. List items (those with at least two
elements) get entries (明细) whose values follow the item's schema. No person is named: where a field asks for
a name, the value is a surname and 某某, the way public lists mask them; phones are the 12345 hotline.

Speed: rows are written with bulk inserts, one transaction per county (a few seconds each), only the tables a
public record needs (record, its public revision, its catalog item link, entries); no transition history and no
per-row audit: ONE audit event (`demo.scale_county`) per county generated, with its counts. The search index is
rebuilt once at the end, in committed batches (publishing.indexing.records_reindex), so that its order follows
publication across counties."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction

from gongkai.core import clock

PROVINCE_CODE = "980000000000"
PROVINCE_NAME = "江岭省"
COUNTIES_PER_CITY = 20
RECORDS_PER_COUNTY = 6_200
ENTRIES_PER_COUNTY = 4_700
BATCH = 1_000

CITY_FIRST = "云岭泰丰安永宁庆华阳临清德兴"
CITY_SECOND = "州阳川江原宁安陵"
FIRST = "青安永宁长平东西南北新兴德泰和清华云龙凤金石白桂丰临合乐庆武文明福康嘉瑞通鹤柳桃松竹梅兰荷"
SECOND = "阳川江山溪源丰陵州城宁平安泉湖林台水湾洲峰岭口坪塘桥河田"
TOWN_FIRST = "大小上下东西南北中新老高黄白红青金石马牛龙凤桃李杨柳沙水双三五万太永长回花茶"
TOWN_SECOND = "桥市坪塘田铺湾冲溪江口岭山洲沙湖泉埠圩坊营庄寨源"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
ROADS = ("人民路", "建设路", "解放路", "新华街", "中山路", "文化路", "东风路", "滨江路", "学府路", "工业大道")
ORG_KINDS = ("中心小学", "中学", "卫生院", "村民委员会", "社区居委会", "农业专业合作社", "养老服务中心", "综合文化站",
             "农贸市场", "幼儿园", "便民服务中心", "供水站")
REASONS = ("内容已过时效", "已被新的文件替代", "发布单位错误，已重新发布", "附件格式有误，已更正后重新发布")

# The county's departments: (handle prefix, name after 县/区, abbreviation in 文号, domains they are responsible
# for). The mapping follows the demo's domain table (gongkai/demo/data/domain_units.json).
DEPARTMENTS = (
    ("fagai", "发展和改革局", "发改", ("zhongda-jianshe-xiangmu",)),
    ("jiaoyu", "教育局", "教", ("yiwu-jiaoyu",)),
    ("gongan", "公安局", "公", ("huji-guanli",)),
    ("minzheng", "民政局", "民", ("shehui-jiuzhu", "yanglao-fuwu")),
    ("sifa", "司法局", "司", ("gonggong-falv-fuwu",)),
    ("caizheng", "财政局", "财", ("caizheng-yujuesuan",)),
    ("renshe", "人力资源和社会保障局", "人社", ("jiuye", "shehui-baoxian")),
    ("ziran", "自然资源局", "自然资源", ("chengxiang-guihua", "nongcun-jiti-tudi-zhengshou", "ziran-ziyuan")),
    ("huanbao", "生态环境分局", "环", ("shengtai-huanjing",)),
    ("zhengshou", "房屋征收与补偿办公室", "征", ("guoyou-tudi-fangwu-zhengshou",)),
    ("zhujian", "住房和城乡建设局", "建", ("baozhangxing-zhufang", "nongcun-weifang-gaizao", "shizheng-fuwu")),
    ("chengguan", "城市管理和综合执法局", "城管", ("chengshi-zonghe-zhifa",)),
    ("nongye", "农业农村局", "农", ("shenong-butie",)),
    ("wenlv", "文化旅游广电体育局", "文旅", ("gonggong-wenhua-fuwu", "lvyou", "guangbo-dianshi", "xinwen-chuban")),
    ("weijian", "卫生健康局", "卫", ("weisheng-jiankang",)),
    ("yingji", "应急管理局", "应急", ("anquan-shengchan", "jiuzai")),
    ("shijian", "市场监督管理局", "市监", ("shipin-yaopin-jianguan",)),
    ("ggzy", "公共资源交易中心", "交易", ("gonggong-ziyuan-jiaoyi",)),
    ("zhenxing", "乡村振兴局", "振兴", ("fupin",)),
    ("shuiwu", "税务局", "税", ("shuishou-guanli",)),
    ("jiaotong", "交通运输局", "交", ("jiaotong-yunshu",)),
    ("tongji", "统计局", "统", ()),
    ("shenji", "审计局", "审", ()),
    ("shuili", "水利局", "水", ()),
    ("tuiyi", "退役军人事务局", "退役", ()),
    ("lingye", "林业局", "林", ()),
)
TITLE_TEMPLATES = (
    "{unit}关于{year}年{name}的公告",
    "{town}{year}年{name}公示",
    "关于印发《{county}{name}工作方案》的通知",
    "{county}{year}年第{quarter}季度{name}情况",
    "{year}年{month}月{name}",
    "{unit}{year}年度{name}",
    "关于公布{year}年{town}{name}的通知",
    "{county}{topic}：{name}（{year}年）",
    "{town}{name}（第{batch}批）",
    "关于进一步做好{name}工作的通知",
)
BODY_OPENINGS = (
    "根据《中华人民共和国政府信息公开条例》和{basis}的规定，现将{county}{year}年{name}有关情况公开如下。",
    "为做好{topic}工作，{unit}于{year}年{month}月组织开展了{name}工作，有关事项公告如下。",
    "{county}各乡镇人民政府、街道办事处，县直各有关单位：现将{name}有关事项通知如下，请认真贯彻执行。",
    "按照上级部署，{town}结合本地实际，对{name}进行了梳理，现予以公开，接受社会监督。",
)
BODY_MIDDLES = (
    "本次共涉及{n}个村（社区），{m}项具体内容，均已按规定程序审核。",
    "公开内容包括：{elements}。",
    "{town}等{k}个乡镇（街道）已完成相关工作，其余乡镇（街道）将于{next_month}月底前完成。",
    "资金共计{amount}万元，已全部拨付到位，使用情况接受审计监督。",
    "公示期为{days}个工作日。公示期间如有异议，可向{unit}反映，监督电话：12345。",
    "各单位要高度重视，明确责任分工，确保各项工作按时保质完成。",
)
BODY_CLOSINGS = (
    "特此公告。",
    "特此通知。",
    "以上信息如有疑问，请与{unit}联系。",
    "本信息自发布之日起公开。",
)
WITHHOLDING = ("state_secret", "third_party_rights", "internal_affairs", "process_information",
               "law_enforcement_files")


@dataclass
class CountyResult:
    code: str
    name: str
    townships: int = 0
    units: int = 0
    items: int = 0
    records: int = 0
    public_records: int = 0
    entries: int = 0
    seconds: float = 0.0


@dataclass
class ScaleResult:
    counties: list[CountyResult] = field(default_factory=list)
    skipped: int = 0
    seconds: float = 0.0
    index_seconds: float = 0.0

    @property
    def records(self) -> int:
        return sum(c.records for c in self.counties)

    @property
    def entries(self) -> int:
        return sum(c.entries for c in self.counties)

    def as_dict(self) -> dict:
        return {"counties_generated": len(self.counties), "counties_already_there": self.skipped,
                "records": self.records, "public_records": sum(c.public_records for c in self.counties),
                "entries": self.entries, "seconds": round(self.seconds, 1),
                "index_seconds": round(self.index_seconds, 1)}


def county_code(number: int) -> str:
    """The code of county `number` (1-based): 98 CC NN 000000, city CC = 1 + (number - 1) // 20."""
    city, county = divmod(number - 1, COUNTIES_PER_CITY)
    return f"98{city + 1:02d}{county + 1:02d}000000"


def _names(seed: int, first: str, second: str, salt: str) -> list[str]:
    """Every two-character combination in an order fixed by the seed."""
    pairs = [a + b for a in first for b in second if a != b]
    random.Random(f"{seed}:{salt}").shuffle(pairs)
    return pairs


def _short(name: str) -> str:
    """An item name without its national numbering (1.1、0101); a name the source did not capture (…未采集)
    gives way to its topic."""
    if "未采集" in name:
        return ""
    return re.sub(r"^[\d.\s、]+", "", name).strip() or name


def _plain_elements(elements: list) -> list[str]:
    return [e for e in (str(x).strip() for x in elements or []) if e and len(e) <= 24][:6]


def scale_build(counties: int, *, seed: int = 1, records_per_county: int = RECORDS_PER_COUNTY,
                entries_per_county: int = ENTRIES_PER_COUNTY, index: bool = True,
                log: Callable[[str], None] = lambda line: None) -> ScaleResult:
    """Counties 1..`counties` of the generated province; those already there are kept as they are."""
    from gongkai.catalog.models import StandardItem
    from gongkai.catalog.standard import standard_catalog_load
    from gongkai.organizations.models import Jurisdiction

    started = time.perf_counter()
    if not StandardItem.objects.filter(guideline__is_current=True).exists():
        standard_catalog_load()
    result = ScaleResult()
    existing = set(Jurisdiction.objects.filter(code__startswith="98", level="county").values_list("code", flat=True))
    county_names = _names(seed, FIRST, SECOND, "county")
    city_names = _names(seed, CITY_FIRST, CITY_SECOND, "city")
    province = _jurisdiction(PROVINCE_CODE, PROVINCE_NAME, "province", None, "省")
    for number in range(1, counties + 1):
        code = county_code(number)
        if code in existing:
            result.skipped += 1
            continue
        city_index = (number - 1) // COUNTIES_PER_CITY
        city = _jurisdiction(f"98{city_index + 1:02d}00000000", city_names[city_index] + "市", "city", province, "市")
        one = _county(number, code, county_names[number - 1], city, seed=seed, records=records_per_county,
                      entries=entries_per_county, index=index)
        result.counties.append(one)
        log(f"{one.name}（{one.code}）：{one.townships} 个乡镇（街道），{one.units} 个单位，{one.items} 个事项，"
            f"{one.records} 条政府信息（公开 {one.public_records}），{one.entries} 条明细，{one.seconds:.1f} 秒")
    if index and result.counties:
        # Once for all: the index's order follows publication (publishing.indexing.records_reindex, in
        # committed batches), which the search's candidate set relies on; it ends with PRAGMA optimize/ANALYZE.
        from gongkai.publishing import indexing

        began = time.perf_counter()
        indexing.records_reindex()
        result.index_seconds = time.perf_counter() - began
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")
    elif result.counties:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result.seconds = time.perf_counter() - started
    return result


def _jurisdiction(code: str, name: str, level: str, parent, kind: str):
    from gongkai.organizations.models import Jurisdiction

    found = Jurisdiction.objects.filter(code=code).first()
    if found is None:
        found = Jurisdiction(code=code, name=name, level=level, parent=parent, kind=kind)
        found.save()
    return found


def _county(number: int, code: str, base_name: str, city, *, seed: int, records: int, entries: int,
            index: bool) -> CountyResult:
    rng = random.Random(f"{seed}:county:{number}")
    is_district = rng.random() < 0.3
    name = base_name + ("区" if is_district else "县")
    prefix = "区" if is_district else "县"
    result = CountyResult(code=code, name=name)
    began = time.perf_counter()
    # ±20 % around the averages, so that counties differ in size.
    n_records = max(1, round(records * rng.uniform(0.8, 1.2)))
    n_entries = max(0, round(entries * rng.uniform(0.8, 1.2)))
    with transaction.atomic():
        county, towns, units, office = _places_and_units(rng, code, name, prefix, city, is_district, result)
        version, items = _catalog(rng, county, name, units, office, result)
        _records(rng, county, name, prefix, towns, units, items, n_records, n_entries, result)
        from gongkai.accounts.policies import COMMAND_LINE
        from gongkai.core.audit import record_event

        # One event for the whole county, never one per generated row.
        record_event(actor=COMMAND_LINE, action="demo.scale_county", target=county,
                     data={"seed": seed, "number": number, "townships": result.townships, "units": result.units,
                           "items": result.items, "records": result.records, "entries": result.entries})
    result.seconds = time.perf_counter() - began
    return result


def _places_and_units(rng, code, name, prefix, city, is_district, result):
    from gongkai.organizations.models import Jurisdiction, Unit

    county = Jurisdiction(code=code, name=name, level="county", parent=city, kind="市辖区" if is_district else "县")
    county.save()
    town_names = _names(rng.randrange(1 << 30), TOWN_FIRST, TOWN_SECOND, "towns")[:rng.randint(8, 20)]
    towns = []
    for i, town in enumerate(town_names, start=1):
        kind = "街道" if is_district and i <= 3 else rng.choice(("镇", "镇", "乡"))
        towns.append(Jurisdiction(code=f"{code[:6]}{i:03d}000", name=town + ("街道" if kind == "街道" else kind),
                                  level="township", parent=county, kind=kind, path=f"{county.path}{code[:6]}{i:03d}000/"))
    Jurisdiction.objects.bulk_create(towns)
    tag = code[:6]
    chosen = [d for d in DEPARTMENTS if d[3] or rng.random() < 0.5]
    office = Unit(jurisdiction=county, name=f"{name}人民政府办公室（{prefix}政务公开办）", kind="government",
                  handle=f"zwgk{tag}@gk{tag}", is_disclosure_office=True)
    units: dict[str, Unit] = {"zwgk": office}
    for slug, unit_name, _abbr, _domains in chosen:
        full = (f"{city.name}{unit_name.removesuffix('分局')}局{name}分局" if unit_name.endswith("分局")
                else f"{name}{unit_name}" if slug in ("shuiwu",) else f"{prefix}{unit_name}")
        units[slug] = Unit(jurisdiction=county, name=full, kind="department", handle=f"{slug}{tag}@gk{tag}")
    for i, town in enumerate(towns, start=1):
        units[f"town{i}"] = Unit(jurisdiction=town, name=f"{town.name}{'办事处' if town.kind == '街道' else '人民政府'}",
                                 kind="street" if town.kind == "街道" else "township", handle=f"xz{tag}{i:03d}@gk{tag}")
    Unit.objects.bulk_create(list(units.values()))
    result.townships, result.units = len(towns), len(units)
    return county, towns, units, office


def _catalog(rng, county, name, units, office, result):
    from gongkai.catalog.elements import guess_schema
    from gongkai.catalog.models import Catalog, CatalogDomain, CatalogItem, CatalogVersion, StandardItem

    year = rng.choice((2020, 2021, 2021, 2022))
    catalog = Catalog.objects.create(jurisdiction=county, tier="county", title=f"{name}基层政务公开标准目录")
    published = datetime(year, rng.randint(6, 12), rng.randint(1, 28), 10, tzinfo=UTC)
    version = CatalogVersion.objects.create(catalog=catalog, label=f"{year}版", year=year, status="published",
                                            published_at=published, decided_at=published)
    by_domain: dict = {}
    for standard in (StandardItem.objects.filter(guideline__is_current=True)
                     .select_related("guideline__domain").order_by("guideline__domain__order", "order")):
        by_domain.setdefault(standard.guideline.domain, []).append(standard)
    responsible = {domain: slug for slug, _n, _a, domains in DEPARTMENTS for domain in domains}
    items, catalog_domains, order = [], [], 0
    for domain, standards in by_domain.items():
        applies = rng.random() < 0.9
        catalog_domains.append(CatalogDomain(version=version, domain=domain, guideline=standards[0].guideline,
                                             applies=applies, reason="" if applies else "本县（区）未涉及该领域事项"))
        if not applies:
            continue
        unit = units.get(responsible.get(domain.slug, ""), office)
        for standard in standards:
            if rng.random() < 0.15:
                continue
            order += 1
            items.append(CatalogItem(
                version=version, domain=domain, standard_item=standard, order=order, topic=standard.topic,
                name=standard.name, elements=standard.elements, schema=guess_schema(standard.elements),
                basis=standard.basis, subject=standard.subject, channels=standard.channels,
                audience=standard.audience, manner=standard.manner, tiers=standard.tiers,
                time_limit=standard.time_limit, time_limit_rule=standard.time_limit_rule, responsible_unit=unit))
    CatalogDomain.objects.bulk_create(catalog_domains)
    CatalogItem.objects.bulk_create(items, batch_size=BATCH)
    result.items = len(items)
    return version, items


def _records(rng, county, name, prefix, towns, units, items, n_records, n_entries, result):  # noqa: C901, PLR0912, PLR0915 — one pass that writes a county's records, revisions, links and entries
    from gongkai.publishing.index_numbers import unit_code_from_handle
    from gongkai.publishing.models import Entry, Record, RecordRevision

    abbr = name[0]
    dept_abbr = {slug: a for slug, _n, a, _d in DEPARTMENTS}
    town_units = [u for key, u in units.items() if key.startswith("town")]
    sequences: dict[tuple[int, int], int] = {}
    doc_numbers: dict[tuple[str, int], int] = {}
    # Items differ in how much they publish: a few items carry most records (as in a real county).
    weights = [rng.paretovariate(1.2) for _ in items]
    list_items = {i for i, item in enumerate(items) if len(item.schema) >= 2 and rng.random() < 0.6}
    today = clock.today()
    span = (min(today, date(2025, 12, 31)) - date(2016, 1, 1)).days
    through = Record.items.through
    plan = rng.choices(range(len(items)), weights=weights, k=n_records)
    # Spread the entries over the list items' records (about 14 entries a list record).
    list_records = sum(1 for i in plan if i in list_items)
    entry_chance = min(1.0, n_entries / (14 * list_records)) if list_records else 0.0
    public: list[tuple[Record, str]] = []
    written = 0
    for start in range(0, n_records, BATCH):
        records, links, revisions = [], [], []
        for item_index in plan[start:start + BATCH]:
            item = items[item_index]
            by_town = rng.random() < 0.2 and town_units
            unit = rng.choice(town_units) if by_town else item.responsible_unit
            town = rng.choice(towns)
            if by_town:
                town = next((t for t in towns if t.pk == unit.jurisdiction_id), town)
            formed = date(2016, 1, 1) + timedelta(days=rng.randrange(span))
            year = formed.year
            values = {"unit": unit.name, "town": town.name, "county": name, "year": year, "month": formed.month,
                      "quarter": (formed.month - 1) // 3 + 1, "name": _short(item.name) or item.topic, "topic": item.topic,
                      "batch": rng.randint(1, 6)}
            title = rng.choice(TITLE_TEMPLATES).format(**values)[:300]
            handle_key = unit.handle.split("@")[0]
            document_number = ""
            if rng.random() < 0.35:
                key = (handle_key, year)
                doc_numbers[key] = doc_numbers.get(key, 0) + 1
                short = dept_abbr.get(re.sub(r"\d+$", "", handle_key), "政" if not by_town else town.name[0])
                document_number = f"{abbr}{short}发〔{year}〕{doc_numbers[key]}号"
            elements = _plain_elements(item.elements)
            body_values = {**values, "basis": (item.basis or ["《政府信息公开条例》"])[0],
                           "n": rng.randint(3, 60), "m": rng.randint(2, 40), "k": rng.randint(2, len(towns)),
                           "elements": "、".join(elements) if elements else item.name,
                           "next_month": formed.month % 12 + 1, "amount": f"{rng.randint(5, 9000) / 10:.1f}",
                           "days": rng.choice((5, 7, 10))}
            paragraphs = [rng.choice(BODY_OPENINGS), *rng.sample(BODY_MIDDLES, rng.randint(1, 4)),
                          rng.choice(BODY_CLOSINGS)]
            body = "".join(f"<p>{p.format(**body_values)}</p>" for p in paragraphs)
            summary = f"{values['name']}（{year}年）"
            keywords = f"{item.topic} {item.domain.name}"[:300]
            roll = rng.random()
            attribute, ground, review = "proactive", "", None
            if roll < 0.03:
                attribute, ground = "withheld", rng.choice(WITHHOLDING)
                review = formed + timedelta(days=365 * rng.randint(1, 3))
            elif roll < 0.07:
                attribute = "on_request"
            status_roll = rng.random()
            status = ("draft" if status_roll < 0.02 else "withdrawn" if status_roll < 0.04
                      else "archived" if status_roll < 0.05 else "published")
            delay = rng.randrange(40, 90) if rng.random() < 0.02 else rng.randrange(0, 10)
            published_at = (datetime(formed.year, formed.month, formed.day, rng.randint(0, 10), rng.randrange(60),
                                     tzinfo=UTC) + timedelta(days=delay)) if status != "draft" else None
            sequences[(unit.pk, year)] = sequence = sequences.get((unit.pk, year), 0) + 1
            index_number = f"{unit_code_from_handle(unit.handle)}/{year}-{sequence:05d}"
            record = Record(unit=unit, title=title, document_number=document_number, body=body, formed_on=formed,
                            keywords=keywords, summary=summary, index_number=index_number, index_year=year,
                            index_sequence=sequence, disclosure_attribute=attribute, withholding_ground=ground,
                            next_review_on=review, show_title_publicly=attribute == "withheld" and rng.random() < 0.5,
                            status=status, published_at=published_at,
                            withdrawn_reason=rng.choice(REASONS) if status == "withdrawn" else "",
                            is_policy_document="印发" in title, report_category="other")
            records.append(record)
            links.append(item_index)
        Record.objects.bulk_create(records, batch_size=BATCH)
        for record in records:
            if record.status != "draft":
                revisions.append(RecordRevision(record=record, number=1, title=record.title,
                                                document_number=record.document_number, body=record.body,
                                                summary=record.summary, keywords=record.keywords,
                                                published_at=record.published_at))
        RecordRevision.objects.bulk_create(revisions, batch_size=BATCH)
        if revisions:
            # One join over this batch's ids on both sides (each record has one revision here). The correlated
            # MAX() form it replaces cost PostgreSQL more with every county, as its statistics lagged the table.
            table, revision_table = Record._meta.db_table, RecordRevision._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET public_revision_id = r.id FROM {revision_table} r "  # noqa: S608 — table names from the models
                    f"WHERE r.record_id = {table}.id AND r.id BETWEEN %s AND %s AND {table}.id BETWEEN %s AND %s",
                    [revisions[0].pk, revisions[-1].pk, records[0].pk, records[-1].pk])
        through.objects.bulk_create([through(record_id=r.pk, catalogitem_id=items[i].pk)
                                     for r, i in zip(records, links, strict=True)], batch_size=BATCH)
        entry_rows = []
        for record, item_index in zip(records, links, strict=True):
            if record.status == "published" and record.disclosure_attribute == "proactive":
                public.append((record, items[item_index].domain.slug))
            owed = n_entries - result.entries - len(entry_rows)
            if item_index in list_items and owed > 0 and rng.random() < entry_chance:
                item = items[item_index]
                entry_rows += [Entry(item=item, record=record, unit=record.unit, order=order,
                                     values=_entry_values(rng, item.schema, record, towns, name))
                               for order in range(min(rng.randint(3, 25), owed))]
        Entry.objects.bulk_create(entry_rows, batch_size=BATCH)
        result.entries += len(entry_rows)
        written += len(records)
    result.records = written
    result.public_records = len(public)
    return public


def _entry_values(rng, schema: list[dict], record, towns, county_name: str) -> dict:
    values: dict = {}
    town = rng.choice(towns).name
    for spec in schema:
        name, kind = spec.get("name", ""), spec.get("type", "text")
        if kind == "date":
            values[name] = (record.formed_on - timedelta(days=rng.randrange(0, 120))).isoformat()
        elif kind == "money":
            values[name] = f"{rng.randint(100, 5_000_000) / 100:.2f}"
        elif kind == "number":
            values[name] = rng.randint(1, 500)
        elif kind == "phone":
            values[name] = "12345"
        elif kind in ("url", "file"):
            values[name] = ""
        elif kind == "choice":
            values[name] = (spec.get("choices") or ["是"])[0]
        elif kind == "address" or "地址" in name or "地点" in name:
            values[name] = f"{county_name}{town}{rng.choice(ROADS)}{rng.randint(1, 300)}号"
        elif any(word in name for word in ("姓名", "户主", "申请人", "对象", "人员", "负责人", "联系人")):
            values[name] = rng.choice(SURNAMES) + "某某"
        elif any(word in name for word in ("名称", "单位", "学校", "机构", "企业", "项目", "主体")):
            values[name] = town + rng.choice(ORG_KINDS)
        else:
            values[name] = f"{town}{rng.choice(('已完成', '按期推进', '符合条件', '已公示', '已审核'))}"
    return values
