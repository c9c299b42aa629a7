"""Reply types (答复类型) of a 依申请公开 request, their articles, their annual-report rows and the fields
each requires (pure, no Django). rules.md §4; 《条例》第三十条、第三十五条至第三十九条；国办函〔2020〕109号;
the annual report's table 三 rows (国办公开办函〔2021〕30号 layout, rules.md §6.4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class ReplyType(StrEnum):
    ALREADY_PUBLIC = "already_public"
    DISCLOSED = "disclosed"
    PARTIAL = "partial"
    WITHHELD = "withheld"
    NOT_HELD = "not_held"
    NOT_THIS_AGENCY = "not_this_agency"
    NEEDS_PROCESSING = "needs_processing"
    UNCLEAR_AFTER_CORRECTION = "unclear_after_correction"
    PETITION = "petition"
    REPEATED = "repeated"
    PUBLICATION = "publication"
    UNREASONABLE_VOLUME = "unreasonable_volume"
    CONFIRM_OBTAINED = "confirm_obtained"
    SPECIAL_LAW = "special_law"
    CORRECTION_NOT_MADE = "correction_not_made"
    FEE_NOT_PAID = "fee_not_paid"
    OTHER = "other"


class WithholdingGround(StrEnum):
    """三(三)1–8: the grounds for withholding (第十四条、第十五条、第十六条)."""

    STATE_SECRET = "state_secret"
    PROHIBITED_BY_LAW = "prohibited_by_law"
    SECURITY_STABILITY = "security_stability"
    THIRD_PARTY = "third_party"
    INTERNAL_AFFAIRS = "internal_affairs"
    PROCESS_INFORMATION = "process_information"
    ENFORCEMENT_FILE = "enforcement_file"
    ADMINISTRATIVE_QUERY = "administrative_query"


WITHHOLDING_GROUNDS: dict[WithholdingGround, tuple[str, str, str]] = {
    # ground: (row, label, article)
    WithholdingGround.STATE_SECRET: ("三(三)1", "属于国家秘密", "第十四条"),
    WithholdingGround.PROHIBITED_BY_LAW: ("三(三)2", "其他法律行政法规禁止公开", "第十四条"),
    WithholdingGround.SECURITY_STABILITY: ("三(三)3", "危及“三安全一稳定”", "第十四条"),
    WithholdingGround.THIRD_PARTY: ("三(三)4", "保护第三方合法权益", "第十五条"),
    WithholdingGround.INTERNAL_AFFAIRS: ("三(三)5", "属于三类内部事务信息", "第十六条第一款"),
    WithholdingGround.PROCESS_INFORMATION: ("三(三)6", "属于四类过程性信息", "第十六条第二款"),
    WithholdingGround.ENFORCEMENT_FILE: ("三(三)7", "属于行政执法案卷", "第十六条第二款"),
    WithholdingGround.ADMINISTRATIVE_QUERY: ("三(三)8", "属于行政查询事项", "第十六条第二款"),
}

# Fields a reply may carry; `required` below names them.
FIELD_LABELS = {
    "reasons": "理由",
    "withholding_ground": "不予公开的理由类别",
    "responsible_agency": "负责公开该信息的机关名称",
    "redacted_attachment": "经区分处理（遮盖不予公开部分）的附件",
    "how_to_obtain": "获取信息的方式和途径",
    "information_or_how_to_obtain": "提供的信息或获取的方式、途径和时间",
    "special_law": "依照的法律、行政法规",
}


@dataclass(frozen=True)
class ReplyTypeInfo:
    type: ReplyType
    label: str
    article: str
    row: str  # annual report table 三 row, e.g. "三(一)"; WITHHELD: by ground
    required: tuple[str, ...]
    title: str = "政府信息公开申请答复书"


REPLY_TYPES: dict[ReplyType, ReplyTypeInfo] = {
    t.type: t
    for t in (
        ReplyTypeInfo(ReplyType.ALREADY_PUBLIC, "已主动公开，告知获取方式", "第三十六条第（一）项", "三(一)",
                      ("how_to_obtain",)),
        ReplyTypeInfo(ReplyType.DISCLOSED, "予以公开", "第三十六条第（二）项", "三(一)",
                      ("information_or_how_to_obtain",)),
        ReplyTypeInfo(ReplyType.PARTIAL, "部分公开", "第三十七条", "三(二)",
                      ("reasons", "redacted_attachment")),
        ReplyTypeInfo(ReplyType.WITHHELD, "不予公开", "第三十六条第（三）项", "三(三)",
                      ("withholding_ground", "reasons")),
        ReplyTypeInfo(ReplyType.NOT_HELD, "本机关不掌握相关政府信息", "第三十六条第（四）项", "三(四)1", ()),
        ReplyTypeInfo(ReplyType.NOT_THIS_AGENCY, "不属于本机关负责公开", "第三十六条第（五）项", "三(四)1",
                      ("reasons",)),
        ReplyTypeInfo(ReplyType.NEEDS_PROCESSING, "没有现成信息需要另行制作", "第三十八条", "三(四)2",
                      ("reasons",)),
        ReplyTypeInfo(ReplyType.UNCLEAR_AFTER_CORRECTION, "补正后申请内容仍不明确", "第三十条", "三(四)3",
                      ("reasons",)),
        ReplyTypeInfo(ReplyType.PETITION, "信访举报投诉类申请，不作为政府信息公开申请处理", "第三十九条第一款",
                      "三(五)1", ("reasons",), "政府信息公开申请告知书"),
        ReplyTypeInfo(ReplyType.REPEATED, "重复申请，不予重复处理", "第三十六条第（六）项", "三(五)2",
                      ("reasons",), "政府信息公开申请告知书"),
        ReplyTypeInfo(ReplyType.PUBLICATION, "要求提供公开出版物", "第三十九条第二款", "三(五)3", (),
                      "政府信息公开申请告知书"),
        ReplyTypeInfo(ReplyType.UNREASONABLE_VOLUME, "无正当理由大量反复申请，不予处理", "第三十五条", "三(五)4",
                      ("reasons",), "政府信息公开申请告知书"),
        ReplyTypeInfo(ReplyType.CONFIRM_OBTAINED, "要求行政机关确认或重新出具已获取信息", "第三十九条第一款",
                      "三(五)5", ("reasons",), "政府信息公开申请告知书"),
        ReplyTypeInfo(ReplyType.SPECIAL_LAW, "依照有关法律、行政法规的规定办理", "第三十六条第（七）项", "三(六)3",
                      ("special_law",), "政府信息公开申请告知书"),
        ReplyTypeInfo(ReplyType.CORRECTION_NOT_MADE, "申请人无正当理由逾期不补正，不再处理", "第三十条", "三(六)1",
                      (), "政府信息公开申请告知书"),
        ReplyTypeInfo(ReplyType.FEE_NOT_PAID, "申请人逾期未缴纳信息处理费，不再处理",
                      "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）", "三(六)2", (),
                      "政府信息公开申请告知书"),
        ReplyTypeInfo(ReplyType.OTHER, "其他处理", "", "三(六)3", ("reasons",), "政府信息公开申请告知书"),
    )
}

# The one set of labels of the reply types (the model's choices, the reply form, the letter templates' list): what
# the reply does and the article it rests on.
REPLY_TYPE_LABELS = {t: f"{info.label}（{info.article}）" if info.article else info.label for t, info in REPLY_TYPES.items()}

# Rows of table 三(一)…(六) in report order, for the report engineer.
REPORT_ROWS = (
    "三(一)", "三(二)",
    *(WITHHOLDING_GROUNDS[g][0] for g in WithholdingGround),
    "三(四)1", "三(四)2", "三(四)3",
    "三(五)1", "三(五)2", "三(五)3", "三(五)4", "三(五)5",
    "三(六)1", "三(六)2", "三(六)3",
)


class ReplyFieldsMissing(ValueError):
    """Required fields are missing; `message` is Chinese."""

    def __init__(self, message: str, missing: tuple[str, ...]):
        super().__init__(message)
        self.message = message
        self.missing = missing


def report_row(reply_type: str, withholding_ground: str | None = None) -> str:
    """The annual-report row of a reply: 三(三) is split by the withholding ground."""
    info = REPLY_TYPES[ReplyType(reply_type)]
    if info.type == ReplyType.WITHHELD:
        if not withholding_ground:
            raise ReplyFieldsMissing("不予公开的答复必须选择理由类别（年度报告三(三)1–8）。", ("withholding_ground",))
        return WITHHOLDING_GROUNDS[WithholdingGround(withholding_ground)][0]
    return info.row


def article_for(reply_type: str, withholding_ground: str | None = None) -> str:
    info = REPLY_TYPES[ReplyType(reply_type)]
    if info.type == ReplyType.WITHHELD and withholding_ground:
        return f"{info.article}、{WITHHOLDING_GROUNDS[WithholdingGround(withholding_ground)][2]}"
    return info.article


def check_reply(reply_type: str, fields: Mapping[str, object]) -> None:
    """Raise ReplyFieldsMissing (Chinese) unless `fields` holds everything the type requires. A field
    counts as given when it is a non-blank value; `redacted_attachment` is a truthy count/flag."""
    try:
        info = REPLY_TYPES[ReplyType(reply_type)]
    except ValueError:
        raise ReplyFieldsMissing(f"答复类型“{reply_type}”无法识别。", ("type",))
    missing = []
    for name in info.required:
        value = fields.get(name)
        if isinstance(value, str):
            value = value.strip()
        if not value:
            missing.append(name)
    ground = fields.get("withholding_ground")
    if ground and info.type == ReplyType.WITHHELD:
        try:
            WithholdingGround(str(ground))
        except ValueError:
            raise ReplyFieldsMissing(f"不予公开的理由类别“{ground}”无法识别。", ("withholding_ground",))
    if missing:
        names = "、".join(FIELD_LABELS.get(m, m) for m in missing)
        raise ReplyFieldsMissing(
            f"“{info.label}”答复（{info.article or '其他处理'}）必须写明：{names}。", tuple(missing)
        )
