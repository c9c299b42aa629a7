"""`gongkai audit anchor`: append the audit chain's head (count, last id, head hash) to the anchor file and
hand it to the configured sink — on schedule (deploy/schedule.cron).
`gongkai audit verify [--anchors FILE] [--json]`: check every event's link and keyed hash, and the chain
against every anchor; a truncation or a rewrite is reported with the first event that differs (exit 1)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from gongkai.core.audit import anchor_file, anchor_head, read_anchors, verify_chain


class Command(BaseCommand):
    help = "审计日志：锚定链头（anchor）、校验完整性（verify）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        anchor = sub.add_parser("anchor", help="把审计日志链头（条数、最后编号、哈希）追加到锚定文件并发送到接收端")
        anchor.add_argument("--file", help="锚定文件（默认 GONGKAI_AUDIT_ANCHOR_FILE）")
        anchor.add_argument("--json", action="store_true", help="输出 JSON")
        verify = sub.add_parser("verify", help="校验审计日志：逐条校验链接和密钥哈希，并与锚定值核对")
        verify.add_argument("--anchors", help="锚定文件（默认 GONGKAI_AUDIT_ANCHOR_FILE）")
        verify.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        try:
            if options["subcommand"] == "anchor":
                self._anchor(options)
            else:
                self._verify(options)
        except (ImproperlyConfigured, ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc

    def _anchor(self, options):
        path = Path(options["file"]) if options.get("file") else anchor_file()
        anchor = anchor_head(path=path)
        if options["json"]:
            self.stdout.write(json.dumps({"anchor": vars(anchor), "file": str(path)}, ensure_ascii=False))
        else:
            self.stdout.write(f"已锚定审计日志：共 {anchor.count} 条，最后一条 #{anchor.last_id}，"
                              f"哈希 {anchor.head[:16]}…，写入 {path}")

    def _verify(self, options):
        path = Path(options["anchors"]) if options.get("anchors") else anchor_file()
        anchors = read_anchors(path)
        report = verify_chain(anchors=anchors)
        if options["json"]:
            self.stdout.write(json.dumps({**report.as_dict(), "anchor_file": str(path),
                                          "anchors_in_file": len(anchors)}, ensure_ascii=False))
        elif report.ok:
            anchored = (f"，与 {report.anchors_checked} 个锚定值相符（最近一次 {report.last_anchor_at}）"
                        if report.anchors_checked else "；尚无锚定值，无法发现末尾记录被删除（请定时运行 gongkai audit anchor）")
            self.stdout.write(f"审计日志完整：共 {report.checked} 条{anchored}。")
        else:
            self.stderr.write(f"审计日志校验失败：{report.reason}。")
        if not report.ok:
            raise SystemExit(1)
