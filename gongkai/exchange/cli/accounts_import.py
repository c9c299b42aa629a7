"""`gongkai accounts import FILE --jurisdiction CODE [--dry-run] [--json]`: the accounts table of a
jurisdiction (附件一 of the district notice) into accounts, dry run first, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from gongkai.accounts import services
from gongkai.accounts.policies import COMMAND_LINE
from gongkai.core.errors import ValidationFailed
from gongkai.exchange.accounts_table import read_accounts_table
from gongkai.organizations.models import Jurisdiction
from gongkai.organizations.selectors import jurisdiction_get


def register(subparsers, command) -> None:
    parser = subparsers.add_parser("import", help="从 Excel 账号表批量导入账号（先检查，全部无误才写入）",
                                   description="从 Excel 账号表批量导入账号")
    parser.add_argument("file", help="账号表（.xlsx），列：单位名称、“互联网+政务服务”一体化平台账号，可选姓名、角色、手机")
    parser.add_argument("--jurisdiction", required=True, metavar="CODE", help="区划代码（6位或12位）；表中单位须在该区划及其下级")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    parser.set_defaults(handler=handle_import)


def handle_import(command, *, file: str, jurisdiction: str, dry_run: bool, json: bool, **options):
    as_json = json
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"找不到文件：{file}")
    try:
        place = jurisdiction_get(jurisdiction)
    except ValidationFailed as exc:
        raise CommandError(f"未找到区划：{exc}") from None
    rows = read_accounts_table(path.read_bytes(), max_bytes=settings.GONGKAI_MAX_UPLOAD_BYTES, filename=path.name)
    result = services.accounts_import(actor=COMMAND_LINE, jurisdiction=place, rows=rows, dry_run=dry_run)
    report = {
        "file": path.name,
        "jurisdiction": {"code": place.code, "name": place.name},
        "dry_run": result.dry_run,
        "total": result.total,
        "to_create": len(result.planned),
        "problems": [{"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message}
                     for p in result.problems],
        "created": [{"unit": c.user.unit.name if c.user.unit else "", "username": c.user.username, "display_name": c.user.display_name,
                     "initial_password": c.password} for c in result.created],
    }
    if as_json:
        command.stdout.write(_dumps(report))
    else:
        _print(command, result, place)
    if not result.ok:
        raise CommandError(f"账号表有 {len(result.problems)} 个问题，未导入任何账号。")


def _dumps(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def _print(command, result: services.ImportResult, place: Jurisdiction) -> None:
    out = command.stdout
    out.write(f"{place.name}：共 {result.total} 行，可以导入 {len(result.planned)} 个账号，"
              f"发现 {len(result.problems)} 个问题。")
    for problem in result.problems:
        out.write(f"  {problem}")
    if result.created:
        out.write(f"已导入 {len(result.created)} 个账号。初始密码只显示这一次，首次登录须修改：")
        out.write("单位\t账号\t初始密码")
        for created in result.created:
            out.write(f"{created.user.unit.name if created.user.unit else ''}\t{created.user.username}\t{created.password}")
    elif result.dry_run and result.ok:
        out.write("检查通过。去掉 --dry-run 再运行一次即可导入。")
