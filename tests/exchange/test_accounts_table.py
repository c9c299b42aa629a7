import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.accounts import services
from gongkai.accounts.models import Role, User
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.exchange.accounts_table import initial_passwords_csv, read_accounts_table
from tests.accounts.accounts_xlsx import xlsx

pytestmark = pytest.mark.django_db
MAX = 1024 * 1024


def read(data, **kw):
    return read_accounts_table(data, max_bytes=kw.pop("max_bytes", MAX), **kw)


# --- Reading the file ------------------------------------------------------------------------------

def test_reads_the_table_of_the_district_notice():
    rows = read(xlsx([("区发改局", "fagai@dxjczw"), ("罗市镇", "lsz@dxjczw"), (None, None), ("中心路街道", "zxljd@dxjczw")]))
    assert [(r.row, r.unit_name, r.username) for r in rows] == [
        (4, "区发改局", "fagai@dxjczw"), (5, "罗市镇", "lsz@dxjczw"), (7, "中心路街道", "zxljd@dxjczw")]
    assert rows[0].sheet == "账号"


def test_reads_the_optional_columns():
    header = ["单位名称", "平台账号", "姓名", "角色", "手机"]
    rows = read(xlsx([("罗市镇", "lsz@dxjczw", "王五", "信息员、审核员", 13800001111)], header=header, title=False))
    assert rows[0].display_name == "王五" and rows[0].roles == "信息员、审核员" and rows[0].phone == "13800001111"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "空的"),
        (b"unit,account\n", "不是 Excel 工作簿"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "旧版 Excel"),
        (b"PK\x03\x04broken", "不是 Excel 工作簿"),
    ],
)
def test_refuses_what_is_not_an_xlsx(data, message):
    with pytest.raises(ValidationFailed) as exc:
        read(data)
    assert message in exc.value.message


def test_refuses_a_file_over_the_limit():
    data = xlsx([("罗市镇", "lsz@dxjczw")])
    with pytest.raises(ValidationFailed) as exc:
        read(data, max_bytes=len(data) - 1)
    assert "上限" in exc.value.message


def test_refuses_a_table_without_the_two_columns():
    with pytest.raises(ValidationFailed) as exc:
        read(xlsx([("罗市镇", "x")], header=["名称", "备注"]))
    assert "没有找到表头" in exc.value.message


# --- Dry run and commit ----------------------------------------------------------------------------

def rows_of(*pairs, **kw):
    return read(xlsx(pairs, **kw))


def test_dry_run_reports_totals_and_writes_nothing(office, units, tree):
    rows = rows_of(("区发改局", "fagai@dxjczw"), ("罗市镇", "lsz@dxjczw"))
    result = services.accounts_import(actor=office, jurisdiction=tree["county"], rows=rows, dry_run=True)
    assert result.ok and result.total == 2 and len(result.planned) == 2 and not result.created
    assert not User.objects.filter(username__endswith="@dxjczw").exists()
    assert not AuditEvent.objects.filter(action="account.created").exists()


def test_every_problem_by_row_and_column_in_chinese(office, units, tree):
    User.objects.create_user("zxljd@dxjczw", password="x")
    header = ["单位名称", "“互联网+政务服务”一体化平台账号", "角色", "手机"]
    rows = rows_of(
        ("区发改局", "fagai@dxjczw", "信息员", "13800001111"),  # fine
        ("区不存在局", "buzai@dxjczw", "", ""),  # unknown unit
        ("罗市镇", "lsz@dxjczw", "村长", ""),  # unknown role
        ("罗市镇", "LSZ@dxjczw", "", ""),  # duplicate handle (case-insensitive)
        ("中心路街道", "zxljd@dxjczw", "", ""),  # account already exists
        ("双清区发改局", "fagai@sqjczw", "", ""),  # a unit outside the jurisdiction
        ("区发改局", "caizheng@dxjczw", "审计员", "12345"),  # a role the office cannot grant, bad phone
        ("区发改局", "lsz@dxjczw", "", ""),  # the registered handle of another unit (and a duplicate)
        header=header,
    )
    result = services.accounts_import(actor=office, jurisdiction=tree["county"], rows=rows, dry_run=False)
    assert not result.ok and not result.created
    found = {(p.row, p.column, p.message) for p in result.problems}
    text = "\n".join(str(p) for p in result.problems)
    assert (5, "单位名称", "未找到单位「区不存在局」（须是大祥区及其下级的单位）。") in found
    assert any(p.row == 6 and p.column == "角色" and "未知的角色「村长」" in p.message for p in result.problems)
    assert any(p.row == 7 and p.column == "“互联网+政务服务”一体化平台账号" and "重复" in p.message for p in result.problems)
    assert any(p.row == 8 and "已存在" in p.message for p in result.problems)
    assert any(p.row == 9 and "未找到单位「双清区发改局」" in p.message for p in result.problems)
    assert any(p.row == 10 and p.column == "角色" and "无权分配角色「审计员」" in p.message for p in result.problems)
    assert any(p.row == 10 and p.column == "手机" for p in result.problems)
    assert any(p.row == 11 and "是单位「罗市镇」登记的平台账号" in p.message for p in result.problems)
    assert "工作表「账号」第 5 行「单位名称」列：" in text
    assert all(p.row != 4 for p in result.problems)
    # all or nothing: not even the good row was written
    assert not User.objects.filter(username="fagai@dxjczw").exists()


def test_commit_creates_every_account_with_a_random_password(office, units, tree):
    header = ["单位名称", "“互联网+政务服务”一体化平台账号", "姓名", "角色"]
    rows = rows_of(("区发改局", "fagai@dxjczw", "张三", ""), ("罗市镇", "lsz@dxjczw", "", "审核员、信息员"),
                   header=header)
    result = services.accounts_import(actor=office, jurisdiction=tree["county"], rows=rows, dry_run=False)
    assert result.committed and len(result.created) == 2
    fagai = User.objects.get(username="fagai@dxjczw")
    assert fagai.unit == units["fagai"] and fagai.display_name == "张三" and fagai.must_change_password
    assert fagai.roles == {Role.INFORMATION_OFFICER}
    assert User.objects.get(username="lsz@dxjczw").roles == {Role.REVIEWER, Role.INFORMATION_OFFICER}
    passwords = {c.user.username: c.password for c in result.created}
    assert fagai.check_password(passwords["fagai@dxjczw"])
    assert len(set(passwords.values())) == 2
    assert AuditEvent.objects.filter(action="account.created", data__source="import").count() == 2
    assert AuditEvent.objects.get(action="accounts.imported").data == {"created": 2, "rows": 2}
    # the handed-over CSV
    table = list(csv.reader(io.StringIO(initial_passwords_csv(result.created).decode("utf-8-sig"))))
    assert table[0][:4] == ["单位名称", "账号", "姓名", "初始密码"]
    assert ["区发改局", "fagai@dxjczw", "张三", passwords["fagai@dxjczw"]] == table[1][:4]


def test_import_refused_outside_the_office_jurisdiction(office, tree):
    with pytest.raises(PermissionRefused):
        services.accounts_import(actor=office, jurisdiction=tree["other_county"], rows=[], dry_run=True)
    assert AuditEvent.objects.filter(action="permission.refused").count() == 1


def test_empty_table_is_a_problem(office, tree):
    result = services.accounts_import(actor=office, jurisdiction=tree["county"], rows=[], dry_run=True)
    assert not result.ok and "没有账号行" in result.problems[0].message


# --- The command -----------------------------------------------------------------------------------

def test_command_dry_run_and_import_as_json(tmp_path, units, tree, capsys):
    path = tmp_path / "accounts.xlsx"
    path.write_bytes(xlsx([("区发改局", "fagai@dxjczw"), ("罗市镇", "lsz@dxjczw")]))
    call_command("accounts", "import", str(path), "--jurisdiction", "430503000000", "--dry-run", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] and report["total"] == 2 and report["to_create"] == 2 and report["problems"] == []
    assert not User.objects.filter(username="fagai@dxjczw").exists()

    call_command("accounts", "import", str(path), "--jurisdiction", "430503000000", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["created"][0]["username"] == "fagai@dxjczw" and report["created"][0]["initial_password"]
    assert User.objects.get(username="fagai@dxjczw").must_change_password
    assert AuditEvent.objects.get(action="accounts.imported").actor_name == "命令行"


def test_command_reports_problems_and_fails(tmp_path, units, tree, capsys):
    path = tmp_path / "accounts.xlsx"
    path.write_bytes(xlsx([("区不存在局", "x@dxjczw")]))
    with pytest.raises(CommandError) as exc:
        call_command("accounts", "import", str(path), "--jurisdiction", "430503000000")
    assert "1 个问题" in str(exc.value)
    assert "未找到单位「区不存在局」" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["--jurisdiction", "999999999999"], "未找到区划"),
    (["--jurisdiction", "430503000000", "--missing"], None),
])
def test_command_refuses_bad_arguments(tmp_path, tree, args, message):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"not an xlsx")
    if message is None:
        with pytest.raises((CommandError, SystemExit)):
            call_command("accounts", "import", str(path), *args)
        return
    with pytest.raises(CommandError) as exc:
        call_command("accounts", "import", str(path), *args)
    assert message in str(exc.value)


def test_command_refuses_a_file_that_is_not_xlsx(tmp_path, tree):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"not an xlsx")
    with pytest.raises(CommandError) as exc:
        call_command("accounts", "import", str(path), "--jurisdiction", "430503000000")
    assert "不是 Excel 工作簿" in str(exc.value)
