"""`gongkai catalog …`: the national standard catalogs and catalog files in and out.

Subcommands are registered by the modules in gongkai.exchange.cli, one per concern."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import GongkaiError
from gongkai.exchange.cli import catalog_files, catalog_standard

MODULES = [catalog_standard, catalog_files]


class Command(BaseCommand):
    help = "国家标准目录与公开事项目录：载入、列出、导入、导出"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for module in MODULES:
            module.register(sub, self)

    def handle(self, *args, **options):
        handler = options.pop("handler", None)
        if handler is None:
            raise CommandError("请指定子命令，见 gongkai catalog --help")
        try:
            return handler(self, **options)
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc
