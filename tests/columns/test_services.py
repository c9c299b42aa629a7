"""The column's services: guide versions (draft from the generated text, edit, publish, discard), 制度 documents,
高频事项 marks and the daily view counters; each refused outside the office's jurisdiction and audited."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.columns import selectors, services
from gongkai.columns.models import GuideStatus, ItemViewDay
from gongkai.core.audit import verify_chain
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(column_world):
    return column_world


def test_a_draft_is_generated_from_the_jurisdictions_data(world):
    draft = services.guide_draft_create(actor=world.office, jurisdiction=world.county)
    assert draft.number == 1 and draft.status == GuideStatus.DRAFT and draft.title == "大祥区政府信息公开指南"
    for part in ("大祥区人民政府办公室", "邵阳市大祥区城南路1号", "0739-5555555", "gkb@dx.example.gov.cn",
                 "大祥区教育局：联系电话：0739-5666666", "/j/430503000000/requests/new/"):
        assert part in draft.body, part
    assert AuditEvent.objects.filter(action="column.guide_draft_create").count() == 1


def test_one_draft_at_a_time_then_publish_makes_versions(world, clock):
    clock.set(date(2026, 3, 2))
    first = services.guide_draft_create(actor=world.office, jurisdiction=world.county)
    with pytest.raises(ValidationFailed, match="已有一份指南草稿"):
        services.guide_draft_create(actor=world.office, jurisdiction=world.county)
    services.guide_draft_update(actor=world.office, version=first, title="大祥区政府信息公开指南", body="一、总则\n\n第一版正文")
    services.guide_publish(actor=world.office, version=first)
    clock.set(date(2026, 9, 8))
    second = services.guide_draft_create(actor=world.office, jurisdiction=world.county, from_current=True)
    assert second.number == 2 and second.body == "一、总则\n\n第一版正文"
    services.guide_draft_update(actor=world.office, version=second, title="大祥区政府信息公开指南",
                                body="一、总则\n\n第二版正文", note="更新联系电话")
    services.guide_publish(actor=world.office, version=second)
    published = selectors.published_guides(world.county)
    assert [v.number for v in published] == [2, 1]
    assert published[0].published_at.date() == date(2026, 9, 8)
    with pytest.raises(ValidationFailed, match="已发布，不能再修改"):
        services.guide_draft_update(actor=world.office, version=first, title="改", body="改")
    assert verify_chain().ok


def test_a_draft_may_be_discarded(world):
    draft = services.guide_draft_create(actor=world.office, jurisdiction=world.county)
    services.guide_draft_discard(actor=world.office, version=draft)
    assert selectors.guide_draft(world.county) is None


@pytest.mark.parametrize("who", ["other_office", "officer"])
def test_guide_refused_to_another_jurisdictions_office_and_to_an_officer(world, who):
    with pytest.raises(PermissionRefused):
        services.guide_draft_create(actor=getattr(world, who), jurisdiction=world.county)
    draft = services.guide_draft_create(actor=world.office, jurisdiction=world.county)
    with pytest.raises(PermissionRefused):
        services.guide_publish(actor=getattr(world, who), version=draft)


def test_empty_or_too_long_text_is_refused_in_chinese(world):
    draft = services.guide_draft_create(actor=world.office, jurisdiction=world.county)
    with pytest.raises(ValidationFailed, match="请填写正文"):
        services.guide_draft_update(actor=world.office, version=draft, title="标题", body="  ")
    with pytest.raises(ValidationFailed, match="标题不能超过"):
        services.guide_draft_update(actor=world.office, version=draft, title="长" * 201, body="正文")


def test_rules_document_with_attachment_edit_and_take_down(world):
    document = services.rules_document_create(
        actor=world.office, jurisdiction=world.county, title="大祥区政府信息公开保密审查制度",
        document_number="大政办发〔2021〕5号", issued_on=date(2021, 5, 10), body="第一条 为了……",
        attachment=SimpleUploadedFile("保密审查制度.pdf", PDF))
    assert document.attachment_name == "保密审查制度.pdf" and document.attachment.read() == PDF
    services.rules_document_update(actor=world.office, document=document, title="大祥区政府信息公开保密审查制度（修订）",
                                   document_number="大政办发〔2022〕1号", issued_on=date(2022, 1, 5), body="")
    document.refresh_from_db()
    assert document.title.endswith("（修订）") and document.attachment_name
    services.rules_document_set_public(actor=world.office, document=document, is_public=False)
    assert list(selectors.public_rules_documents(world.county)) == []
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"column.rules_create", "column.rules_update", "column.rules_hide"} <= actions


def test_rules_document_refusals(world):
    with pytest.raises(ValidationFailed, match="请填写正文或上传附件"):
        services.rules_document_create(actor=world.office, jurisdiction=world.county, title="制度",
                                       issued_on=date(2021, 5, 10))
    with pytest.raises(ValidationFailed, match="请填写发布日期"):
        services.rules_document_create(actor=world.office, jurisdiction=world.county, title="制度", issued_on=None,
                                       body="正文")
    with pytest.raises(ValidationFailed, match="扩展名"):
        services.rules_document_create(actor=world.office, jurisdiction=world.county, title="制度",
                                       issued_on=date(2021, 5, 10), attachment=SimpleUploadedFile("制度.docx", PDF))
    with pytest.raises(PermissionRefused):
        services.rules_document_create(actor=world.other_office, jurisdiction=world.county, title="制度",
                                       issued_on=date(2021, 5, 10), body="正文")


def test_high_frequency_marks_are_exactly_the_chosen_items(world):
    items = world.items
    assert services.high_frequency_set(actor=world.office, jurisdiction=world.county,
                                       item_keys=[items[0].key, items[4].key]) == (2, 0)
    assert services.high_frequency_set(actor=world.office, jurisdiction=world.county,
                                       item_keys=[str(items[4].key)]) == (0, 1)
    assert selectors.marked_keys(world.county) == {items[4].key}
    with pytest.raises(ValidationFailed, match="不在已发布的公开事项目录中"):
        # 民办学校收费 is marked not applicable: the catalog does not promise it
        services.high_frequency_set(actor=world.office, jurisdiction=world.county, item_keys=[items[3].key])
    with pytest.raises(PermissionRefused):
        services.high_frequency_set(actor=world.officer, jurisdiction=world.county, item_keys=[])


def test_views_are_counted_in_one_row_per_item_and_day(world, clock):
    """No row per view: the day's row is bumped in place."""
    item = world.items[0]
    day = date(2026, 9, 8)
    for _ in range(5):
        services.item_counted(jurisdiction=world.county, item_key=item.key, day=day)
    services.item_counted(jurisdiction=world.county, item_key=item.key, day=day, search=True)
    services.item_counted(jurisdiction=world.county, item_key=item.key, day=date(2026, 9, 9))
    assert not ItemViewDay.objects.exists()  # counted in the cache until a flush
    assert services.item_counts_flush() == 2
    assert ItemViewDay.objects.count() == 2
    assert selectors.item_counts(world.county, date(2026, 9, 9)) == {item.key: (6, 1)}
    # older than the learning window: not counted
    assert selectors.item_counts(world.county, date(2026, 12, 1)) == {}


def test_high_frequency_lists_marked_items_first_then_the_most_read(world, clock):
    items, today = world.items, date(2026, 9, 8)
    for _ in range(3):
        services.item_counted(jurisdiction=world.county, item_key=items[1].key, day=today)
    services.item_counted(jurisdiction=world.county, item_key=items[2].key, day=today)
    services.item_counted(jurisdiction=world.county, item_key=items[3].key, day=today)  # not applicable
    services.item_counts_flush()
    services.high_frequency_set(actor=world.office, jurisdiction=world.county, item_keys=[items[4].key])
    entries = selectors.high_frequency_items(world.version, today)
    assert [(e["item"].name, e["marked"]) for e in entries] == [
        ("低保对象认定条件", True), ("招生计划", False), ("义务教育学校名录", False)]


def test_view_counts_wait_in_the_cache_and_flush_in_one_statement_adding_to_the_day(world, clock,
                                                                                     django_assert_num_queries):
    """A view costs no query; a flush writes every counted row in one statement, adds to rows already there,
    and a second flush writes nothing more (each counter lowered by what was written)."""
    day = date(2026, 9, 8)
    with django_assert_num_queries(0):
        for item in world.items[:3]:
            services.item_counted(jurisdiction=world.county, item_key=item.key, day=day)
    with django_assert_num_queries(3):  # savepoint, the INSERT, release
        assert services.item_counts_flush() == 3
    services.item_counted(jurisdiction=world.county, item_key=world.items[0].key, day=day)
    services.item_counted(jurisdiction=world.county, item_key=world.items[0].key, day=day, search=True)
    assert services.item_counts_flush() == 1
    assert services.item_counts_flush() == 0
    assert selectors.item_counts(world.county, day) == {
        world.items[0].key: (2, 1), world.items[1].key: (1, 0), world.items[2].key: (1, 0)}


def test_a_process_flushes_its_own_counts_once_they_are_old_enough(world, clock, settings, monkeypatch):
    settings.GONGKAI_COUNT_FLUSH_SECONDS = 60
    now = [1000.0]
    monkeypatch.setattr(services.time, "monotonic", lambda: now[0])
    day = date(2026, 9, 8)
    services.item_counted(jurisdiction=world.county, item_key=world.items[0].key, day=day)
    now[0] += 59
    services.item_counted(jurisdiction=world.county, item_key=world.items[0].key, day=day)
    assert not ItemViewDay.objects.exists()
    now[0] += 1
    services.item_counted(jurisdiction=world.county, item_key=world.items[0].key, day=day)
    assert selectors.item_counts(world.county, day) == {world.items[0].key: (3, 0)}


def test_a_process_adds_its_counts_up_and_pushes_them_to_the_cache_every_few_seconds(world, clock, settings,
                                                                                    monkeypatch):
    """A view costs no round trip to the cache either: counts are added up in the process and pushed (one increment
    per item, day and kind) once GONGKAI_COUNT_PUSH_SECONDS have passed; a flush pushes first."""
    from django.core.cache import cache

    settings.GONGKAI_COUNT_PUSH_SECONDS, settings.GONGKAI_COUNT_FLUSH_SECONDS = 5, 60
    now = [1000.0]
    monkeypatch.setattr(services.time, "monotonic", lambda: now[0])
    day, county, key = date(2026, 9, 8), world.county, world.items[0].key
    cache_key = f"{services.COUNT_PREFIX}{county.pk}:{key.hex}:{day.isoformat()}:v"
    for _ in range(3):
        services.item_counted(jurisdiction=county, item_key=key, day=day)
    assert cache.get(cache_key) is None
    now[0] += 5
    services.item_counted(jurisdiction=county, item_key=key, day=day)
    assert cache.get(cache_key) == 4
    services.item_counted(jurisdiction=county, item_key=key, day=day)
    assert cache.get(cache_key) == 4
    assert services.item_counts_flush() == 1
    assert selectors.item_counts(county, day) == {key: (5, 0)}


def test_counts_wait_in_the_process_while_the_cache_is_away(world, clock, settings, monkeypatch):
    """A cache that does not answer does not make a visitor's page an error: the counts stay in the process and
    are pushed once it answers again."""
    from django.core.cache import cache

    settings.GONGKAI_COUNT_PUSH_SECONDS = 0
    day, county, key = date(2026, 9, 8), world.county, world.items[0].key

    def away(*args, **kwargs):
        raise ConnectionError("Redis 无响应")

    monkeypatch.setattr(cache, "incr", away)
    monkeypatch.setattr(cache, "add", away)
    services.item_counted(jurisdiction=county, item_key=key, day=day)
    services.item_counted(jurisdiction=county, item_key=key, day=day)
    assert sum(services._unpushed.values()) == 2
    monkeypatch.undo()
    assert services.item_counts_flush() == 1
    assert selectors.item_counts(county, day) == {key: (2, 0)}


def test_a_failed_write_gives_the_counts_back(world, clock, monkeypatch):
    day = date(2026, 9, 8)
    services.item_counted(jurisdiction=world.county, item_key=world.items[0].key, day=day)

    def broken(rows):
        raise RuntimeError("database away")

    monkeypatch.setattr(services, "_write_counts", broken)
    with pytest.raises(RuntimeError):
        services.item_counts_flush()
    monkeypatch.undo()
    services.item_counted(jurisdiction=world.county, item_key=world.items[0].key, day=day)
    services.item_counts_flush()
    assert selectors.item_counts(world.county, day) == {world.items[0].key: (2, 0)}


def test_the_scheduled_command_flushes_the_counts(world, clock):
    from io import StringIO

    from django.core.management import call_command

    services.item_counted(jurisdiction=world.county, item_key=world.items[0].key, day=date(2026, 9, 8))
    out = StringIO()
    call_command("flush-item-views", stdout=out)
    assert "1" in out.getvalue()
    assert ItemViewDay.objects.get().views == 1
