"""`gongkai api_token create USERNAME --name NAME [--days 90]`: a staff API token for an account, printed once.
`gongkai api_token list [USERNAME]`, `gongkai api_token revoke ID`. Run on the server (命令行 in the audit log)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts import tokens
from gongkai.accounts.models import ApiToken, User
from gongkai.accounts.policies import COMMAND_LINE
from gongkai.core.errors import GongkaiError


class Command(BaseCommand):
    help = "接口访问令牌：创建（create，只显示一次）、列出（list）、吊销（revoke）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        create = sub.add_parser("create", help="为账号创建令牌（令牌只显示这一次）")
        create.add_argument("username", help="账号")
        create.add_argument("--name", required=True, help="令牌名称，如：一体化政务服务平台")
        create.add_argument("--days", type=int, default=tokens.DEFAULT_DAYS, help="有效天数（默认 90，最多 366）")
        listing = sub.add_parser("list", help="列出令牌")
        listing.add_argument("username", nargs="?", help="只列出该账号的令牌")
        revoke = sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("id", type=int, help="令牌编号（见 list）")

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['subcommand']}")(options)
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc

    def _create(self, options):
        owner = User.objects.filter(username=options["username"]).first()
        if owner is None:
            raise CommandError(f"没有账号 {options['username']}。")
        created = tokens.api_token_create(actor=COMMAND_LINE, owner=owner, name=options["name"], days=options["days"])
        self.stdout.write(f"已为 {owner.username} 创建令牌“{created.token.name}”（编号 {created.token.pk}），"
                          f"有效期至 {created.token.expires_at:%Y-%m-%d %H:%M}。令牌只显示这一次，请妥善保存：")
        self.stdout.write(created.raw)

    def _list(self, options):
        qs = tokens.tokens_of(COMMAND_LINE)
        if options.get("username"):
            qs = qs.filter(owner__username=options["username"])
        for token in qs:
            state = "已吊销" if token.revoked_at else "有效"
            self.stdout.write(f"{token.pk}\t{token.owner.username}\t{token.name}\t{token.prefix}…\t"
                              f"至 {token.expires_at:%Y-%m-%d}\t{state}")

    def _revoke(self, options):
        token = ApiToken.objects.select_related("owner").filter(pk=options["id"]).first()
        if token is None:
            raise CommandError(f"没有编号为 {options['id']} 的令牌。")
        tokens.api_token_revoke(actor=COMMAND_LINE, token=token)
        self.stdout.write(f"已吊销令牌“{token.name}”（{token.owner.username}）。")
