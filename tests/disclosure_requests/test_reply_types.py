"""Reply types ↔ articles ↔ annual report rows (rules.md §4), and the fields each requires."""

import pytest

from gongkai.disclosure_requests import models
from gongkai.disclosure_requests.reply_types import (
    REPLY_TYPES,
    REPORT_ROWS,
    ReplyFieldsMissing,
    ReplyType,
    WithholdingGround,
    article_for,
    check_reply,
    report_row,
)


def test_model_choices_match_the_pure_reply_types():
    assert {c.value for c in models.ReplyType} == {t.value for t in ReplyType}
    assert {c.value for c in models.WithholdingGround} == {g.value for g in WithholdingGround}


def test_every_reply_type_maps_to_an_annual_report_row():
    """rules.md §4: every statutory reply type counts in one row of table 三."""
    for reply_type, info in REPLY_TYPES.items():
        if reply_type == ReplyType.WITHHELD:
            continue
        assert info.row in REPORT_ROWS, reply_type
    assert len(REPORT_ROWS) == 21


def test_partial_disclosure_counts_only_in_row_three_two():
    """第三十七条: 区分处理的，只计“部分公开”一行（三(二)）."""
    assert report_row(ReplyType.PARTIAL) == "三(二)"


def test_withheld_is_counted_by_ground_and_needs_ground_and_reasons():
    """第三十六条第（三）项: 告知不予公开并说明理由；年度报告按理由分列三(三)1–8."""
    assert report_row(ReplyType.WITHHELD, WithholdingGround.STATE_SECRET) == "三(三)1"
    assert report_row(ReplyType.WITHHELD, WithholdingGround.ADMINISTRATIVE_QUERY) == "三(三)8"
    assert "第十四条" in article_for(ReplyType.WITHHELD, WithholdingGround.STATE_SECRET)
    with pytest.raises(ReplyFieldsMissing) as exc:
        check_reply(ReplyType.WITHHELD, {"withholding_ground": "third_party", "reasons": "  "})
    assert "理由" in exc.value.message
    with pytest.raises(ReplyFieldsMissing):
        check_reply(ReplyType.WITHHELD, {"reasons": "涉及商业秘密"})
    check_reply(ReplyType.WITHHELD, {"withholding_ground": "third_party", "reasons": "涉及第三方商业秘密"})


def test_not_this_agency_needs_reasons():
    """第三十六条第（五）项: 告知申请人并说明理由；能够确定负责公开的机关的，告知其名称、联系方式."""
    assert report_row(ReplyType.NOT_THIS_AGENCY) == "三(四)1"
    with pytest.raises(ReplyFieldsMissing):
        check_reply(ReplyType.NOT_THIS_AGENCY, {})


def test_partial_disclosure_needs_reasons_and_redacted_attachment():
    """第三十七条: 向申请人提供可以公开的部分，并对不予公开的内容说明理由."""
    with pytest.raises(ReplyFieldsMissing) as exc:
        check_reply(ReplyType.PARTIAL, {"reasons": "涉及个人隐私"})
    assert exc.value.missing == ("redacted_attachment",)
    check_reply(ReplyType.PARTIAL, {"reasons": "涉及个人隐私", "redacted_attachment": 1})


def test_deemed_abandonment_rows():
    """第三十条 (逾期不补正 → 三(六)1); 国办函〔2020〕109号 (逾期不缴费 → 三(六)2)."""
    assert report_row(ReplyType.CORRECTION_NOT_MADE) == "三(六)1"
    assert report_row(ReplyType.FEE_NOT_PAID) == "三(六)2"


def test_unknown_reply_type_is_refused_in_chinese():
    with pytest.raises(ReplyFieldsMissing) as exc:
        check_reply("nonsense", {})
    assert "无法识别" in exc.value.message
