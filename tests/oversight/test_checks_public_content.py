"""What is already public: personal data in it (public_privacy) and links that lead nowhere (broken_link).
Planted cases that must be found, near misses that must not; and each rule once through `inspection_run`."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date

from django.test import override_settings

from gongkai.core.models import AuditEvent
from gongkai.oversight.checks.facts import PublicLinkFacts, PublicTextFacts
from gongkai.oversight.checks.public_content import broken_links, internal_links, public_privacy
from gongkai.oversight.models import Finding
from gongkai.oversight.services import inspection_run
from gongkai.publishing.models import RecordRevision
from gongkai.publishing.privacy import id_check_digit
from tests.factories import EntryFactory

ID_NUMBER = "43050219900307002" + id_check_digit("43050219900307002")
MOBILE = "13812345678"
TODAY = date(2026, 11, 20)


def text(*texts, title="关于2024年低保对象的公示") -> PublicTextFacts:
    return PublicTextFacts(id=5, title=title, unit_id=7, texts=(("标题", title), *texts))


def test_public_privacy_finds_an_identity_number_and_a_mobile_and_keeps_them_masked():
    """《政府信息公开条例》第十五条 (个人隐私不予公开): a public body with a resident identity number and a mobile
    number is found; the evidence names the kinds and carries only the masked forms."""
    hits = list(public_privacy([text(("正文", f"申请人身份证号{ID_NUMBER}，联系电话{MOBILE}。"))], sensitive_words=()))
    assert [h.rule for h in hits] == ["public_privacy"]
    evidence = hits[0].evidence
    assert {"身份证号码", "手机号码"} <= set(evidence["kinds"])
    assert "身份证号码" in evidence["text"] and "正文" in evidence["text"]
    dumped = json.dumps(evidence, ensure_ascii=False) + hits[0].label
    assert ID_NUMBER not in dumped and MOBILE not in dumped
    assert "138****5678" in dumped


def test_public_privacy_masks_the_title_it_names_and_reads_entries():
    """第十五条: personal data in an entry's values (明细) is found too; a title with a mobile is named masked."""
    title = f"关于{MOBILE}的说明"
    hits = list(public_privacy([text(("明细“低保对象名单”第1条", f"王小明\t{ID_NUMBER}\t红旗村"), title=title)],
                               sensitive_words=()))
    assert len(hits) == 1 and MOBILE not in hits[0].label and "138****5678" in hits[0].label
    assert "身份证号码" in hits[0].evidence["kinds"]
    assert ID_NUMBER not in json.dumps(hits[0].evidence, ensure_ascii=False)
    assert "王小明" not in json.dumps(hits[0].evidence, ensure_ascii=False)


def test_public_privacy_near_misses_are_not_found():
    """第十五条: 统一社会信用代码, 文号, dates, amounts and a labelled 监督电话 are no personal data."""
    body = ("统一社会信用代码：11430500006783457K；文号：大教发〔2021〕12号；2024年3月1日；金额1234567.89元；"
            "监督电话：0739-5212345。")
    assert list(public_privacy([text(("正文", body))], sensitive_words=())) == []


def test_public_privacy_uses_the_configured_word_list():
    """The scanner's word list is the configured one: a word on it is found, the same text without it is not."""
    fact = text(("正文", "本县各乡镇……"))
    assert list(public_privacy([fact], sensitive_words=())) == []
    hits = list(public_privacy([fact], sensitive_words=[{"word": "本县", "correction": "本区"}]))
    assert hits and hits[0].evidence["kinds"] == ["敏感或错误表述"]


def test_internal_links_only_the_sites_own_record_paths():
    body = ('<a href="/j/430503000000/r/123/">甲</a><a href=\'/j/430503000000/r/ABC-2024-0001/a/3/\'>乙</a>'
            '<a href="https://example.com/j/430503000000/r/9/">外站</a><a href="/j/430503000000/catalog/">目录</a>')
    assert [(c, r) for _, c, r in internal_links(body)] == [("430503000000", "123"),
                                                            ("430503000000", "ABC-2024-0001")]


def test_broken_link_to_a_record_not_public_and_a_missing_attachment_file():
    """19号 可用性: a link to a record that is not public, or an attachment whose public file is gone, is broken;
    a record whose links and files all work is not found."""
    broken = PublicLinkFacts(id=1, title="通知", unit_id=7, links=(("/j/430503000000/r/8/", False),
                                                                   ("/j/430503000000/r/9/", True)),
                             attachments=(("名单.pdf", False), ("附件2.docx", True)))
    fine = PublicLinkFacts(id=2, title="公告", unit_id=7, links=(("/j/430503000000/r/9/", True),),
                           attachments=(("附件2.docx", True),))
    hits = list(broken_links([broken, fine]))
    assert [h.target for h in hits] == ["1"]
    assert hits[0].evidence["links"] == ["/j/430503000000/r/8/"] and hits[0].evidence["attachments"] == ["名单.pdf"]


# --- through the database -------------------------------------------------------------------------------


def _make_public_text(record, body):
    RecordRevision.objects.filter(pk=record.public_revision_id).update(body=body)


@override_settings(GONGKAI_SENSITIVE_WORDS_PATH=None)
def test_public_privacy_inspection_finds_public_personal_data_and_never_stores_it(world):
    """第十五条 through `inspection_run`: the public revision of one record and an entry of another carry personal
    data; a clean public record and a draft with the same data are not found; neither finding, audit nor label
    repeats the raw values."""
    leaking = world.published(items=[world.policy_item], formed_on=date(2026, 11, 2))
    _make_public_text(leaking, f"<p>申请人：张三，身份证号{ID_NUMBER}</p>")
    with_entry = world.published(items=[world.item], formed_on=date(2026, 11, 2), title="2026年学校名录")
    EntryFactory(item=world.item, record=with_entry, unit=world.unit,
                 values={"学校名称": "大祥一中", "联系电话": MOBILE})
    clean = world.published(items=[world.policy_item], formed_on=date(2026, 11, 3), title="另一份通知")
    world.record(body=f"<p>{ID_NUMBER}</p>", title="草稿")
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=TODAY, rules=["public_privacy"])
    found = {f.target: f for f in Finding.objects.filter(rule="public_privacy")}
    assert set(found) == {str(leaking.pk), str(with_entry.pk)}
    assert str(clean.pk) not in found
    assert "身份证号码" in found[str(leaking.pk)].evidence["kinds"]
    assert "手机号码" in found[str(with_entry.pk)].evidence["kinds"]
    stored = json.dumps([f.evidence for f in found.values()], ensure_ascii=False) + "".join(
        json.dumps(e.data, ensure_ascii=False, default=str) + e.target_repr
        for e in AuditEvent.objects.filter(action__startswith="oversight")) + "".join(f.label for f in found.values())
    assert ID_NUMBER not in stored and MOBILE not in stored


def test_broken_link_inspection_finds_links_to_records_not_public(world):
    """19号 可用性 through `inspection_run`: a public body linking to a draft and to a public record is found
    for the draft only; an attachment listed in the public revision without its file is found."""
    target = world.published(items=[world.policy_item], formed_on=date(2026, 11, 2), title="被引用的通知")
    draft = world.record(title="尚未公开的通知")
    code = world.tree["county"].code
    linking = world.published(items=[world.policy_item], formed_on=date(2026, 11, 3), title="引用通知")
    _make_public_text(linking, f'<p><a href="/j/{code}/r/{target.pk}/">已公开</a>'
                               f'<a href="/j/{code}/r/{draft.pk}/">未公开</a></p>')
    RecordRevision.objects.filter(pk=target.public_revision_id).update(
        attachments=[{"id": 999999, "name": "名单.pdf", "kind": "pdf", "sha256": ""}])
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=TODAY, rules=["broken_link"])
    found = {f.target: f.evidence for f in Finding.objects.filter(rule="broken_link")}
    assert found[str(linking.pk)]["links"] == [f"/j/{code}/r/{draft.pk}/"]
    assert found[str(target.pk)]["attachments"]
    assert len(found) == 2


def test_public_privacy_an_institutions_phone_and_address_are_not_personal_but_a_persons_are():
    """第十五条: a school directory's 联系电话 and street address are the institution's (not found); the same with
    a person's name in the entry is personal data (found)."""
    school = text(("明细“学校名录”第1条", "大祥区第一中学\t0739-5212345\t邵阳市大祥区红旗路12号"))
    assert list(public_privacy([school], sensitive_words=())) == []
    person = text(("明细“低保对象”第1条", "张三\t0739-5212345\t红旗村5组12号"))
    hits = list(public_privacy([person], sensitive_words=()))
    assert hits and {"固定电话", "详细住址"} <= set(hits[0].evidence["kinds"])
    assert "5212345" not in json.dumps(hits[0].evidence, ensure_ascii=False)


def _xlsx(*rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _published_with_attachment(world, title: str, data: bytes):
    from gongkai.publishing import services

    record = world.record(title=title, formed_on=date(2026, 11, 2))
    services.attachment_add(actor=world.officer, record=record, name="名单.xlsx", data=_xlsx(("姓名", "备注"), ("学校", "无")))
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_approve(actor=world.reviewer, record=record)
    services.record_publish(actor=world.reviewer, record=record)
    record.refresh_from_db()
    attachment = record.attachments.get()
    # The public file as it is in storage now (a list that slipped through, or a scanner updated since review).
    storage = attachment.public_file.storage
    storage.delete(attachment.public_file.name)
    storage.save(attachment.public_file.name, io.BytesIO(data))
    attachment.__class__.objects.filter(pk=attachment.pk).update(
        public_sha256=hashlib.sha256(data).hexdigest())
    return record


def test_public_privacy_reads_the_public_attachment_files(world):
    """第十五条: personal data in a public attachment (an xlsx list of 低保 recipients with identity numbers and
    mobiles) is found through the configured scanner and stored masked; a clean attachment and the same file on a
    record that is not public are near misses; OVERSIGHT_SCAN_ATTACHMENTS=False leaves files unread."""
    dirty = _xlsx(("姓名", "身份证号", "联系电话"), ("张三", ID_NUMBER, MOBILE))
    leaking = _published_with_attachment(world, "2026年低保对象名单", dirty)
    clean = _published_with_attachment(world, "2026年学校名单", _xlsx(("学校", "地址"), ("大祥一中", "城南路1号")))
    draft = world.record(title="草稿名单")
    from gongkai.publishing import services

    services.attachment_add(actor=world.officer, record=draft, name="草稿.xlsx", data=dirty)
    with override_settings(OVERSIGHT_SCAN_ATTACHMENTS=False):
        inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=TODAY, rules=["public_privacy"])
    assert not Finding.objects.filter(rule="public_privacy").exists()
    from gongkai.oversight.models import ScanMark, TargetState

    # The setting turned on: states and watermarks of the run above are dropped (as an operator would after
    # changing what a rule reads), so the next inspection reads the files.
    TargetState.objects.all().delete()
    ScanMark.objects.all().delete()
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=TODAY, rules=["public_privacy"])
    found = {f.target: f for f in Finding.objects.filter(rule="public_privacy")}
    assert set(found) == {str(leaking.pk)} and str(clean.pk) not in found
    evidence = found[str(leaking.pk)].evidence
    assert "身份证号码" in evidence["kinds"] and "附件“名单.xlsx”" in evidence["text"]
    assert ID_NUMBER not in json.dumps(evidence, ensure_ascii=False) and MOBILE not in json.dumps(evidence)
