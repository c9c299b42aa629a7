"""Demo 政府信息公开 column of 大祥区: the office's published 指南 (generated from the county's data), two 制度 documents
and three 高频事项 marked. Running it again adds nothing."""

from __future__ import annotations

from datetime import date

from gongkai.accounts.models import User
from gongkai.catalog import selectors as catalog_selectors
from gongkai.columns import selectors, services
from gongkai.organizations.models import Jurisdiction

COUNTY_CODE = "430503000000"
RULES = [
    ("大祥区政府信息公开保密审查制度", "大政办发〔2021〕5号", date(2021, 5, 10),
     "第一条 为规范政府信息公开保密审查工作，根据《中华人民共和国政府信息公开条例》，制定本制度。\n"
     "第二条 各单位公开政府信息前，应当依照《中华人民共和国保守国家秘密法》以及其他法律、法规和国家有关规定进行审查。\n"
     "第三条 本制度自印发之日起施行。（演示数据）"),
    ("大祥区政府信息依申请公开办理制度", "大政办发〔2021〕6号", date(2021, 5, 10),
     "第一条 为规范依申请公开办理工作，根据《中华人民共和国政府信息公开条例》，制定本制度。\n"
     "第二条 区政务公开办统一受理向区人民政府提出的政府信息公开申请，登记后按职责转办。\n"
     "第三条 本制度自印发之日起施行。（演示数据）"),
]
HIGH_FREQUENCY = (("yiwu-jiaoyu", "招生范围"), ("yiwu-jiaoyu", "招生政策"), ("jiuye", "1.2岗位信息发布"))


def build(log=print) -> int:
    """Add what is missing of the demo column; returns how many things were added."""
    county = Jurisdiction.objects.filter(code=COUNTY_CODE).first()
    office = User.objects.filter(username="dx.office").first()
    if county is None or office is None:
        log("政府信息公开专栏演示数据：请先运行 gongkai demo 建立演示区划和账号。")
        return 0
    added = 0
    if not selectors.published_guides(county) and selectors.guide_draft(county) is None:
        draft = services.guide_draft_create(actor=office, jurisdiction=county)
        services.guide_publish(actor=office, version=draft)
        added += 1
    existing = set(selectors.rules_documents(county).values_list("title", flat=True))
    for title, number, issued_on, body in RULES:
        if title not in existing:
            services.rules_document_create(actor=office, jurisdiction=county, title=title, document_number=number,
                                           issued_on=issued_on, body=body)
            added += 1
    version = catalog_selectors.published_version(county)
    if version is not None and not selectors.marked_keys(county):
        # What residents ask most: school enrolment and finding a job (each found by its domain and name).
        items = catalog_selectors.effective_items(version)
        keys = [key for slug, name in HIGH_FREQUENCY
                for key in items.filter(domain__slug=slug, name=name).values_list("key", flat=True)[:1]]
        services.high_frequency_set(actor=office, jurisdiction=county, item_keys=keys)
        added += len(keys)
    return added
