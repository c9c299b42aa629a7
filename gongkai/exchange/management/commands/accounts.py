"""`gongkai accounts …`: accounts in from files (the accounts table of a jurisdiction)."""

from gongkai.exchange.cli import accounts_import
from gongkai.exchange.cli.command import SubcommandCommand


class Command(SubcommandCommand):
    help = "账号：从 Excel 账号表批量导入"
    name = "accounts"
    modules = [accounts_import]
