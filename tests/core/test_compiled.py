"""core.compiled: a queryset compiled once per process gives exactly the rows Django's own evaluation gives, on
SQLite and on PostgreSQL (the suite runs on both); a shape it cannot learn is evaluated the ordinary way and says
so; every shape of the code base is learnt, and the pages built on them are the pages the ordinary way builds."""

import logging
import re
from datetime import timedelta

import pytest
from django.db.models import Count, Window
from django.urls import reverse

from gongkai.catalog.models import CatalogItem
from gongkai.core import clock, compiled
from gongkai.publishing.indexing import record_url
from gongkai.publishing.models import Entry, Interpretation, Record
from tests.factories import make_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_hooks_as_in_production")]
CODE = "430503000000"


@compiled.shape("测试：按标题、时间与编号")
def _by_title(title, after, ids):
    return (Record.objects.filter(public_revision__title__gte=title, published_at__gte=after, pk__in=ids)
            .select_related("unit__jurisdiction", "public_revision")
            .only("id", "index_number", "published_at", "unit__name", "unit__jurisdiction__code",
                  "public_revision__title")
            .annotate(listed=Window(Count("pk"))).order_by("-published_at", "-id"))


@compiled.shape("测试：键与日期，取值")
def _keys(key, day):
    return (CatalogItem.objects.filter(key=key, version__published_at__date__lte=day)
            .order_by("pk").values_list("pk", "name", "version__published_at"))


@compiled.shape("测试：切片写进 SQL")
def _first(n):
    return Record.objects.order_by("pk")[:n]


@compiled.shape("测试：可为空的单位")
def _of_unit(unit_id):
    return Record.objects.filter(unit_id=unit_id).order_by("pk")


def _row(record):
    return (record.pk, record.index_number, record.published_at, record.unit.name, record.unit.jurisdiction.code,
            record.public_revision.title, record.listed)


def test_a_shape_gives_the_ordinary_rows_for_every_value(records):
    for i in range(4):
        make_record(records["unit"], [records["items"][0]], title=f"学区公告第{i}号")
    ids = list(Record.objects.order_by("pk").values_list("pk", flat=True))
    now = clock.now()
    cases = [("学区", now - timedelta(days=30), ids[:5]), ("", now - timedelta(days=3650), ids),
             ("关于", now - timedelta(days=1), ids[2:]), ("龥", now, ids[:1])]
    for values in cases:
        got = _by_title(values)
        assert [_row(r) for r in got] == [_row(r) for r in _by_title.build(*values)], values
        assert all(type(r) is Record and r._state.db == got[0]._state.db for r in got)
        assert got[0]._state.adding is False if got else True
    assert sum(1 for record in _by_title(cases[1]) if record.public_revision.title.startswith("学区公告")) == 4
    assert len(_by_title(cases[2])) < len(_by_title(cases[1]))  # the values do choose the rows
    repeated = ("", now - timedelta(days=3650), [ids[0], ids[0], ids[1]])  # Django drops repeats from IN (…)
    assert [_row(r) for r in _by_title(repeated)] == [_row(r) for r in _by_title.build(*repeated)]
    assert len(_by_title(repeated)) == 2
    assert set(_by_title.forms().values()) == {True}  # …and they do not spoil the three-value form
    assert [_row(r) for r in _by_title(("", repeated[1], ids[:3]))] == [
        _row(r) for r in _by_title.build("", repeated[1], ids[:3])]
    item = records["items"][0]
    for values in ((item.key, now.date()), (item.key, (now - timedelta(days=36500)).date()),
                   (records["items"][1].key, now.date())):
        assert _keys(values) == list(_keys.build(*values))
    assert _keys((item.key, now.date()))  # not an empty comparison
    assert set(_keys.forms().values()) == {True}


def test_a_value_written_into_the_sql_is_not_learnt_and_still_right(records, caplog):
    with caplog.at_level(logging.WARNING, logger="gongkai.core.compiled"):
        for n in (1, 2, 3):
            assert [r.pk for r in _first((n,))] == list(Record.objects.order_by("pk").values_list("pk", flat=True)[:n])
    assert set(_first.forms().values()) == {False}
    assert "测试：切片写进 SQL" in caplog.text and "无法预编译" in caplog.text


def test_none_is_a_form_of_its_own(records):
    unit = records["unit"]
    assert [r.pk for r in _of_unit((None,))] == []
    assert [r.pk for r in _of_unit((unit.pk,))] == list(Record.objects.filter(unit=unit).order_by("pk")
                                                           .values_list("pk", flat=True))
    forms = _of_unit.forms()
    assert sorted(forms.values()) == [False, True]  # IS NULL evaluated the ordinary way; = %s learnt


def test_an_empty_list_is_answered_as_django_answers_it(records):
    """`pk__in=[]` compiles to nothing (Django answers it without asking the database): the shape does the same."""
    assert _by_title(("", clock.now() - timedelta(days=3650), [])) == []
    values = ("", clock.now() - timedelta(days=3650), list(Record.objects.values_list("pk", flat=True)))
    assert [_row(r) for r in _by_title(values)] == [_row(r) for r in _by_title.build(*values)] != []


def test_shapes_have_one_name_each():
    with pytest.raises(ValueError):
        compiled.shape("测试：切片写进 SQL")(lambda n: Record.objects.all())


def _page(client, path):
    response = client.get(path + ("&" if "?" in path else "?") + "bench=uncached")
    assert response.status_code == 200, path
    return re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"', "", response.content.decode())


def test_the_code_bases_shapes_are_learnt_and_build_the_ordinary_pages(client, records):
    """The item and record pages read through their compiled shapes; with every shape evaluated the ordinary way
    (compiled.ordinary) they are the same to the byte."""
    item, record = records["items"][0], records["public"]
    for i in range(25):  # two pages of the item
        make_record(records["unit"], [item], title=f"第{i}号学区公告")
    Entry.objects.create(item=item, record=record, unit=records["unit"], order=1,
                         values={"学校名称": "第一小学", "学区范围": "城南", "联系电话": "13812345678"})
    Entry.objects.create(item=item, record=record, unit=records["unit"], order=2,
                         values={"学校名称": "第二小学", "学区范围": "城北"})
    Interpretation.objects.create(record=record, kind="text", title="图解学区划分", body="解读正文",
                                  published_at=clock.now() - timedelta(hours=1))
    Interpretation.objects.create(record=record, kind="text", title="未发布的解读", body="草稿")
    Record.objects.filter(pk=records["hidden"]["on_request"].pk).update(show_title_publicly=True)
    item_path = reverse("portal:item", kwargs={"code": CODE, "key": item.key})
    paths = [item_path, f"{item_path}?page=2", record_url(record),
             reverse("portal:record", kwargs={"code": CODE, "ref": str(record.pk)})]
    pages = {path: _page(client, path) for path in paths}
    first, second, by_index = pages[item_path], pages[f"{item_path}?page=2"], pages[record_url(record)]
    assert "第24号学区公告" in first and "第 1 / 2 页" in first and "学区依申请公开隐藏信息" in first
    assert "第0号学区公告" in second and "第24号学区公告" not in second
    assert "第一小学" in by_index and "图解学区划分" in by_index and "未发布的解读" not in by_index
    assert "13812345678" not in by_index
    with compiled.ordinary():
        assert {path: _page(client, path) for path in paths} == pages
    names = {"事项页：本页记录编号与总数", "事项页：本页记录", "事项页：依申请公开标题", "记录页：按索引号",
             "记录页：所属事项", "公开记录：明细表", "公开记录：解读"}
    assert names <= set(compiled.SHAPES)
    for name in names:
        forms = compiled.SHAPES[name].forms()
        assert forms and all(forms.values()), (name, forms)


def test_an_address_with_a_control_character_names_no_record(client, records):
    """Bad input on the compiled reads: %00 in a record's or an item's address, or the API's item filter, answers
    "not found" in Chinese (PostgreSQL cannot compare a text with NUL: it was a server error), never a 500."""
    record = records["public"]
    for ref in ("%00", f"{record.index_number}%00", "%01abc", "%7F"):
        response = client.get(f"/j/{CODE}/r/{ref}/")
        assert response.status_code == 404, ref
        assert "您访问的政府信息不存在，或尚未公开。" in response.content.decode(), ref
    assert client.get(record_url(record)).status_code == 200  # the real one still found
    item_page = client.get(f"/j/{CODE}/i/%00{records['items'][0].key}/")
    assert item_page.status_code == 404 and "页面不存在" in item_page.content.decode()
    assert client.get("/api/v1/records", {"item": "\x00"}).status_code in (404, 422)
