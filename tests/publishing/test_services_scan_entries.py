"""Privacy everywhere personal data can enter (《条例》第十五条 个人隐私): the scan reads the 明细 rows filed under
a record as well as its body and attachments; a name beside an ID number is reported as a name. Played as
the careless officer who files a 低保 list row by row, and runs the scan himself before submitting."""

import pytest

from gongkai.publishing import services
from gongkai.publishing.models import FindingStatus
from tests.factories import CatalogItemFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = "430503199001011236"
SCHEMA = [{"name": "姓名", "type": "text", "required": True}, {"name": "身份证号", "type": "text"},
          {"name": "保障人数", "type": "number"}]


def test_the_officer_scans_entries_before_submitting_and_names_are_names(world):
    item = CatalogItemFactory(version=world.version, name="城乡低保对象名单", schema=SCHEMA,
                              responsible_unit=world.unit)
    record = world.record(items=[item], body="<p>现将本月低保对象名单公示如下。</p>")
    services.entry_create(actor=world.officer, item=item, record=record,
                          values={"姓名": "张三", "身份证号": ID_NUMBER, "保障人数": "3"})
    result = services.record_scan(actor=world.officer, record=record)
    assert result["new"] == 2
    findings = {f.kind: f for f in record.privacy_findings.filter(status=FindingStatus.OPEN)}
    assert set(findings) == {"name", "id_number"}
    assert findings["name"].text == "张三" and findings["name"].proposed_masking == "张*"
    assert findings["name"].location == "明细“城乡低保对象名单”第1行"
    assert findings["id_number"].proposed_masking == "430503********1236"


def test_a_row_without_personal_data_is_clean(world):
    item = CatalogItemFactory(version=world.version, name="学校名录", responsible_unit=world.unit,
                              schema=[{"name": "学校名称", "type": "text", "required": True}])
    record = world.record(items=[item])
    services.entry_create(actor=world.officer, item=item, record=record, values={"学校名称": "大祥区第一完全小学"})
    assert services.record_scan(actor=world.officer, record=record)["new"] == 0
