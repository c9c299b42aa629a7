"""The text of a 政府信息公开指南 generated from a jurisdiction's data (《条例》第十二条; rules.md §7.7). Pure: the
facts come in as values, the text goes out; the disclosure office edits the draft before publishing it.

The text is plain: a line starting with a Chinese section number (一、 二、 …) is a heading, a blank line ends a
paragraph (see `blocks`). Fees are described from the fee rules themselves (disclosure_requests.fees, 国办函〔2020〕
109号), so the guide never states other amounts than the ones the request module charges."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.disclosure_requests import fees

HEADING = re.compile(r"^[一二三四五六七八九十]+、")
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")


@dataclass(frozen=True)
class Contact:
    name: str
    address: str = ""
    phone: str = ""
    office_hours: str = ""
    email: str = ""

    def lines(self) -> list[str]:
        return [f"{label}：{value}" for label, value in (
            ("办公地址", self.address), ("办公时间", self.office_hours), ("联系电话", self.phone),
            ("电子邮箱", self.email)) if value]


@dataclass(frozen=True)
class GuideFacts:
    jurisdiction: str
    office: Contact | None
    request_url: str
    catalog_url: str
    reports_url: str
    units: list[Contact] = field(default_factory=list)


def guide_title(jurisdiction: str) -> str:
    return f"{jurisdiction}政府信息公开指南"


def fee_paragraph() -> str:
    """信息处理费 as 109号 sets it, the figures read from the fee rules (第四条 按件, 第五条 按量)."""
    return (
        "行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，"
        "行政机关可以收取信息处理费（《条例》第四十二条；《政府信息公开信息处理费管理办法》）。"
        f"按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件的部分，每件{fees.item_price(11)}元；"
        f"31件以上的部分，每增加10件，每件的收费标准提高{fees.item_price(31) - fees.item_price(30)}元。"
        f"按量计收：同一申请30页以下（含30页）的，不收费；31—100页的部分，每页{fees.page_price(31)}元；"
        f"101—200页的部分，每页{fees.page_price(101)}元；201页以上的部分，每页{fees.page_price(201)}元。"
        "按件计收和按量计收只能选择一种，不得同时使用。需要收费的，我们将出具收费通知，说明收费的依据、标准、数额和缴纳方式。"
    )


def guide_text(facts: GuideFacts) -> str:
    """The whole guide as plain text (see the module note for its shape)."""
    name = facts.jurisdiction
    office = facts.office
    office_name = office.name if office else f"{name}政务公开工作机构"
    parts: list[str] = [
        f"为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），编制本指南。"
        f"公民、法人和其他组织需要获取{name}的政府信息，可以查阅本指南。本指南将根据实际情况适时更新。",
        "一、政府信息公开工作机构",
        f"{office_name}负责{name}政府信息公开的日常工作，受理政府信息公开申请，解答有关政府信息公开的咨询。",
        *(office.lines() if office else []),
        "二、主动公开",
        "（一）公开范围",
        f"{name}依照《条例》第十九条、第二十条的规定主动公开政府信息，具体范围以已发布的基层政务公开标准目录为准，"
        f"目录按领域和事项列明公开内容、依据、时限、主体、渠道和对象。公开事项目录：{facts.catalog_url}",
        "（二）公开方式",
        "主动公开的政府信息通过本网站“政府信息公开”专栏发布，并可通过政务新媒体、公开栏、便民服务点等渠道同步公开。",
        "（三）公开时限",
        "属于主动公开范围的政府信息，自该政府信息形成或者变更之日起20个工作日内及时公开；法律、法规对时限另有规定的，"
        "从其规定（《条例》第二十六条）。",
        "三、依申请公开",
        "（一）受理机构",
        f"{office_name}。" + ("".join(f"{line}。" for line in office.lines()) if office else ""),
        "（二）申请方式",
        f"1. 网上申请：在本网站“依申请公开”栏目填写申请表提交，网址：{facts.request_url}，提交后可凭查询码查询办理进度。",
        ("2. 信函申请：将申请书邮寄至" + (office.address if office and office.address else office_name)
         + "，请在信封左下角注明“政府信息公开申请”字样。以信函方式提交的，以双方确认之日或签收之日为收到申请之日"
         "（《条例》第三十一条）。"),
        ("3. 当面申请：" + (f"在办公时间（{office.office_hours}）内" if office and office.office_hours else "在工作日办公时间内")
         + "到" + (office.address if office and office.address else office_name) + "填写申请表提交。"),
        "（三）申请内容",
        "申请书应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于行政机关查询的"
        "其他特征性描述；申请公开的政府信息的形式要求，包括获取信息的方式、途径（《条例》第二十九条）。",
        "（四）答复期限",
        "能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，"
        "经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日（《条例》第三十三条）。",
        "（五）收费",
        fee_paragraph(),
    ]
    with_contacts = [u for u in facts.units if u.lines()]
    parts.append("四、各单位联系方式")
    if with_contacts:
        parts += [f"{u.name}：" + "；".join(u.lines()) + "。" for u in with_contacts]
    else:
        parts.append(f"各单位联系方式请向{office_name}咨询。")
    parts += [
        "五、监督和救济",
        "公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开"
        "工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。"
        "对依申请公开答复不服的，可以自收到答复之日起六十日内申请行政复议，或者自收到答复之日起六个月内向人民法院提起行政诉讼。",
        "六、政府信息公开工作年度报告",
        f"每年1月31日前公布本行政机关上一年度政府信息公开工作年度报告（《条例》第四十九条）。年度报告：{facts.reports_url}",
    ]
    return "\n\n".join(parts)


@dataclass(frozen=True)
class Block:
    kind: str  # "h2", "h3" or "p"
    text: str


def blocks(body: str) -> list[Block]:
    """A guide's plain text as headings and paragraphs, for the page (every block is escaped there)."""
    out: list[Block] = []
    for chunk in re.split(r"\n\s*\n", body.replace("\r\n", "\n")):
        text = chunk.strip()
        if not text:
            continue
        kind = "h2" if HEADING.match(text) and "\n" not in text else (
            "h3" if SUBHEADING.match(text) and "\n" not in text and len(text) <= 30 else "p")
        out.append(Block(kind, text))
    return out
