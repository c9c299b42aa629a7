"""`gongkai accounts …`: accounts in from files (the accounts table of a jurisdiction).

Subcommands are registered by the modules in gongkai.exchange.cli, one per concern."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import GongkaiError
from gongkai.exchange.cli import accounts_import

MODULES = [accounts_import]


class Command(BaseCommand):
    help = "账号：从 Excel 账号表批量导入"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for module in MODULES:
            module.register(sub, self)

    def handle(self, *args, **options):
        handler = options.pop("handler", None)
        if handler is None:
            raise CommandError("请指定子命令，见 gongkai accounts --help")
        try:
            return handler(self, **options)
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc
