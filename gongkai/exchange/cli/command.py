"""A management command made of subcommands, each registered by a module of gongkai.exchange.cli:
`register(subparsers, command)` adds parsers whose `set_defaults(handler=fn)` names `fn(command, **options)`."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import GongkaiError


class SubcommandCommand(BaseCommand):
    modules: list = []
    name = ""

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for module in self.modules:
            module.register(sub, self)

    def handle(self, *args, **options):
        handler = options.pop("handler", None)
        if handler is None:
            raise CommandError(f"请指定子命令，见 gongkai {self.name} --help")
        try:
            return handler(self, **options)
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc
