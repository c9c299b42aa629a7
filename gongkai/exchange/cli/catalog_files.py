"""Subcommands of `gongkai catalog` for a jurisdiction's catalog as a file:

    gongkai catalog export --jurisdiction CODE [--tier county|township] [--version LABEL]
                           --format xlsx|docx|csv -o FILE
    gongkai catalog import FILE --jurisdiction CODE [--tier …] [--domain SLUG] [--dry-run] [--json]

`export` writes the published version, else the latest one, unless --version names another.

`import` reads the file into the catalog's editable version (草稿 or 已退回修改). When the catalog has
none — its last version is published — the import creates the next draft first with
`catalog_version_create`, labelled "<current year>版" (or "<year>版（修订N）" when that label is
taken), copied from the published version; a dry run does the same inside a transaction it rolls
back, so that its totals are those a real import would have and nothing is left behind. A
jurisdiction without any catalog is refused: create the catalog first.

Commands act as the server operator (`accounts.policies.COMMAND_LINE`). `import --json` prints
{"rows", "topics", "items", "errors": [{"sheet", "row", "column", "message"}], …}; the exit status is
non-zero whenever there is a problem.

`register(subparsers, command)` adds parsers whose `set_defaults(handler=fn)` names a function
`fn(command, **options)`."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.catalog.models import Catalog, CatalogVersion, Domain, Tier
from gongkai.catalog.services import catalog_version_create
from gongkai.core import clock
from gongkai.core.errors import ValidationFailed
from gongkai.exchange.catalog_export import FORMATS, export_catalog
from gongkai.exchange.catalog_import import ImportReport, catalog_import
from gongkai.organizations.models import Jurisdiction
from gongkai.organizations.selectors import jurisdiction_get

MAX_PROBLEMS_SHOWN = 100
TIERS = [Tier.COUNTY.value, Tier.TOWNSHIP.value, Tier.VILLAGE.value]


def register(subparsers, command) -> None:
    export = subparsers.add_parser("export", help="导出公开事项目录（xlsx、docx 或 csv）")
    export.add_argument("--jurisdiction", required=True, metavar="CODE", help="行政区划代码（6位或12位）")
    export.add_argument("--tier", choices=TIERS, help="目录层级（该区划有多个目录时必填）")
    export.add_argument("--version", dest="version_label", metavar="LABEL",
                        help="版本名称，如“2021版”；默认为已发布版本，没有则为最新版本")
    export.add_argument("--format", dest="fmt", choices=FORMATS, required=True, help="文件格式")
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="输出文件")
    export.set_defaults(handler=handle_export)

    imp = subparsers.add_parser("import", help="从表格导入公开事项目录（先试运行，全部无误才写入）")
    imp.add_argument("file", metavar="FILE", help="xlsx、docx 或 csv 文件（标准目录格式模板）")
    imp.add_argument("--jurisdiction", required=True, metavar="CODE", help="行政区划代码（6位或12位）")
    imp.add_argument("--tier", choices=TIERS, help="目录层级（该区划有多个目录时必填）")
    imp.add_argument("--domain", metavar="SLUG", help="文件只有一个领域时，指定该领域（标识，如 yiwu-jiaoyu）")
    imp.add_argument("--dry-run", action="store_true", help="试运行：只检查并报告，不写入")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    imp.set_defaults(handler=handle_import)


# --- lookups -------------------------------------------------------------------------------------

def _jurisdiction(code: str) -> Jurisdiction:
    """By its code, 6 or 12 digits as on the command line of `gongkai jurisdictions load`."""
    try:
        return jurisdiction_get(code)
    except ValidationFailed as exc:
        raise CommandError(f"找不到行政区划：{exc}") from None


def _catalog(jurisdiction: Jurisdiction, tier: str | None) -> Catalog:
    catalogs = Catalog.objects.filter(jurisdiction=jurisdiction, is_reference=False)
    if tier:
        catalogs = catalogs.filter(tier=tier)
    found = list(catalogs.order_by("tier"))
    if not found:
        which = f"{Tier(tier).label}" if tier else ""
        raise CommandError(f"{jurisdiction.name}还没有{which}公开事项目录，请先在管理后台创建目录和草稿版本。")
    if len(found) > 1:
        tiers = "、".join(f"{c.tier}（{c.get_tier_display()}）" for c in found)
        raise CommandError(f"{jurisdiction.name}有多个公开事项目录：{tiers}。请用 --tier 指定。")
    return found[0]


def _version_for_export(catalog: Catalog, label: str | None) -> CatalogVersion:
    if label:
        version = catalog.versions.filter(label=label).first()
        if version is None:
            labels = "、".join(catalog.versions.values_list("label", flat=True)) or "无"
            raise CommandError(f"“{catalog.title}”没有版本“{label}”。现有版本：{labels}。")
        return version
    version = catalog.published_version() or catalog.versions.order_by("-year", "-id").first()
    if version is None:
        raise CommandError(f"“{catalog.title}”还没有任何版本。")
    return version


def next_draft_label(catalog: Catalog, year: int) -> str:
    """'2026版', or '2026版（修订2）', '…（修订3）' when the year's label is taken."""
    taken = set(catalog.versions.values_list("label", flat=True))
    label, n = f"{year}版", 2
    while label in taken:
        label, n = f"{year}版（修订{n}）", n + 1
    return label


def _editable_version(catalog: Catalog) -> CatalogVersion | None:
    return catalog.versions.filter(status__in=["draft", "returned"]).order_by("-year", "-id").first()


def _create_draft(catalog: Catalog) -> CatalogVersion:
    year = clock.today().year
    return catalog_version_create(actor=COMMAND_LINE, catalog=catalog, label=next_draft_label(catalog, year),
                                  year=year)


# --- handlers ------------------------------------------------------------------------------------

def handle_export(command, *, jurisdiction, tier=None, version_label=None, fmt, output, **_):
    catalog = _catalog(_jurisdiction(jurisdiction), tier)
    version = _version_for_export(catalog, version_label)
    data = export_catalog(version, fmt)
    path = Path(output)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"无法写入文件“{path}”：{exc.strerror}")
    command.stdout.write(f"已导出“{version}”（{version.get_status_display()}）到 {path}（{len(data)} 字节）。")


def handle_import(command, *, file, jurisdiction, tier=None, domain=None, dry_run=False, json=False, **_):
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"找不到文件：{path}")
    catalog = _catalog(_jurisdiction(jurisdiction), tier)
    domain_obj = None
    if domain:
        domain_obj = Domain.objects.filter(slug=domain).first()
        if domain_obj is None:
            raise CommandError(f"未知的领域标识“{domain}”。可用 gongkai catalog list 查看各领域标识。")
    version = _editable_version(catalog)
    created_label = None
    if version is not None:
        report = catalog_import(actor=COMMAND_LINE, version=version, file=str(path), filename=path.name,
                                dry_run=dry_run, domain=domain_obj)
    else:
        with transaction.atomic():
            version = _create_draft(catalog)
            created_label = version.label
            report = catalog_import(actor=COMMAND_LINE, version=version, file=str(path), filename=path.name,
                                    dry_run=dry_run, domain=domain_obj)
            if dry_run or not report.committed:
                transaction.set_rollback(True)
    if json:
        payload = report.as_dict()
        payload["new_version"] = created_label
        command.stdout.write(jsonlib.dumps(payload, ensure_ascii=False, indent=2))
    else:
        command.stdout.write(_report_text(report, created_label))
    if report.errors:
        raise CommandError(f"发现{len(report.errors)}个问题，未导入任何内容。", returncode=1)


def _report_text(report: ImportReport, created_label: str | None) -> str:
    lines = [f"文件共读到{report.rows}行：{report.topics}个一级事项，{report.items}个事项。"]
    for total in report.domains:
        change = f"，现有{total.existing}个事项将被替换" if total.existing else ""
        lines.append(f"  {total.name}：{total.items}个事项（{total.topics}个一级事项）{change}")
    for title, problems in (("问题", report.errors), ("提示", report.warnings)):
        if problems:
            lines.append(f"{title}（{len(problems)}个）：")
            lines += [f"  {p}" for p in problems[:MAX_PROBLEMS_SHOWN]]
            if len(problems) > MAX_PROBLEMS_SHOWN:
                lines.append(f"  ……另有{len(problems) - MAX_PROBLEMS_SHOWN}个")
    if report.errors:
        lines.append("请修改文件后重新导入。")
    elif report.dry_run:
        draft = f"（将新建草稿版本“{created_label}”）" if created_label else ""
        lines.append(f"试运行完毕，未写入任何内容{draft}。去掉 --dry-run 即正式导入。")
    else:
        draft = "新建的草稿版本" if created_label else ""
        lines.append(f"已导入到{draft}“{report.version}”。")
    return "\n".join(lines)
