"""Lists a catalog is built from (gongkai/catalog/list_services.py, list_selectors.py): import and re-import,
links kept by item key, entries no item covers, items whose entry disappeared."""

import pytest

from gongkai.catalog import list_selectors
from gongkai.catalog.list_services import (
    source_list_import_rows,
    source_list_link,
    source_list_link_by_name,
    source_list_unlink,
)
from gongkai.catalog.models import ListKind, SourceList, SourceListLink
from gongkai.catalog.services import catalog_create, catalog_version_create
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from tests.factories import CatalogItemFactory

pytestmark = pytest.mark.django_db

ROWS = [
    {"number": "1", "name": "义务教育学生资助", "category": "行政给付", "body": "区教育局", "basis": "《义务教育法》第四十四条"},
    {"number": "2", "name": "教师资格认定", "category": "行政许可", "body": "区教育局", "basis": "《教师资格条例》"},
    {"number": "3", "name": "民办学校设立审批", "category": "行政许可", "body": "区教育局", "basis": ""},
]


@pytest.fixture
def lists_world(world):
    catalog = catalog_create(actor=world["office"], jurisdiction=world["county"], tier="county")
    version = catalog_version_create(actor=world["office"], catalog=catalog, label="2021版", year=2021)
    world["aid"] = CatalogItemFactory(version=version, domain=world["education"], topic="学生资助",
                                      name="义务教育学生资助政策", order=1)
    world["schools"] = CatalogItemFactory(version=version, domain=world["education"], topic="民办教育",
                                          name="民办学校设立审批信息", order=2)
    world["version"] = version
    return world


def _import(world, rows):
    return source_list_import_rows(actor=world["office"], jurisdiction=world["county"], kind=ListKind.POWERS,
                                   rows=rows, version_label="2023年版", filename="权责清单.xlsx")


def test_import_link_and_coverage(lists_world):
    world = lists_world
    assert _import(world, ROWS) == {"entries": 3, "added": 3, "kept": 0, "revived": 0, "removed": 0}
    source_list = SourceList.objects.get()
    assert (source_list.version_label, source_list.imported_by) == ("2023年版", world["office"])
    assert AuditEvent.objects.filter(action="source_list.imported").count() == 1
    assert source_list_link_by_name(actor=world["office"], source_list=source_list,
                                    items=list_selectors.current_items(world["county"].pk)) == 2
    found = list_selectors.coverage(source_list)
    assert [r.entry.name for r in found.uncovered] == ["教师资格认定"] and found.covered_count == 2
    link = SourceListLink.objects.get(entry__name="义务教育学生资助")
    assert link.item_key == world["aid"].key
    source_list_unlink(actor=world["office"], link=link)
    assert len(list_selectors.coverage(source_list).uncovered) == 2
    entry = source_list.entries.get(name="义务教育学生资助")
    source_list_link(actor=world["office"], entry=entry, item=world["aid"])
    assert {e.action for e in AuditEvent.objects.filter(action__startswith="source_list.")} == {
        "source_list.imported", "source_list.linked_by_name", "source_list.unlinked", "source_list.linked"}


def test_reimport_keeps_links_and_names_items_whose_entry_disappeared(lists_world):
    world = lists_world
    _import(world, ROWS)
    source_list = SourceList.objects.get()
    for entry, item in (("义务教育学生资助", "aid"), ("民办学校设立审批", "schools")):
        source_list_link(actor=world["office"], entry=source_list.entries.get(name=entry), item=world[item])
    summary = _import(world, [{**ROWS[0], "basis": "《义务教育法》（2018年修正）第四十四条"}, ROWS[1],
                              {"name": "适龄儿童入学安排", "body": "区教育局"}])
    assert summary == {"entries": 3, "added": 1, "kept": 2, "revived": 0, "removed": 1}
    found = list_selectors.coverage(source_list)
    assert [(link.entry.name, item.name) for link, item in found.removed_links] == [("民办学校设立审批", "民办学校设立审批信息")]
    assert "适龄儿童入学安排" in [r.entry.name for r in found.uncovered]
    assert found.covered_count == 1  # 义务教育学生资助 kept its link through the re-import
    with pytest.raises(ValidationFailed, match="已不在最新导入的清单中"):
        source_list_link(actor=world["office"], entry=source_list.entries.get(name="民办学校设立审批"), item=world["aid"])
    # the entry coming back is revived with its link
    assert _import(world, ROWS)["revived"] == 1
    assert not list_selectors.coverage(source_list).removed_links


def test_only_the_office_over_the_jurisdiction_imports_and_links(lists_world):
    world = lists_world
    for actor in (world["officer"], world["town_office"], world["city_approver"]):
        with pytest.raises(PermissionRefused):
            source_list_import_rows(actor=actor, jurisdiction=world["county"], kind=ListKind.POWERS, rows=ROWS)
    _import(world, ROWS)
    entry = SourceList.objects.get().entries.first()
    with pytest.raises(PermissionRefused):
        source_list_link(actor=world["officer"], entry=entry, item=world["aid"])
