"""`gongkai audit anchor`: append the audit chain's head (count, last id, head hash) to the anchor file and
hand it to the configured sink — on schedule (deploy/schedule.cron).
`gongkai audit verify [--anchors FILE] [--json]`: check every event's link and keyed hash, and the chain
against every anchor; a truncation or a rewrite is reported with the first event that differs (exit 1).
`gongkai audit purge --before DATE [--dry-run]`: delete the events older than DATE, which must be six months
ago or earlier (《网络安全法》第二十一条); a purge anchor is written first, so that verify goes on from it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from gongkai.core.audit import anchor_file, anchor_head, purge_before, read_anchors, verify_chain
from gongkai.core.errors import ValidationFailed


class Command(BaseCommand):
    help = "审计日志：锚定链头（anchor）、校验完整性（verify）、清理超过保存期的记录（purge）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        anchor = sub.add_parser("anchor", help="把审计日志链头（条数、最后编号、哈希）追加到锚定文件并发送到接收端")
        anchor.add_argument("--file", help="锚定文件（默认 GONGKAI_AUDIT_ANCHOR_FILE）")
        anchor.add_argument("--json", action="store_true", help="输出 JSON")
        verify = sub.add_parser("verify", help="校验审计日志：逐条校验链接和密钥哈希，并与锚定值核对")
        verify.add_argument("--anchors", help="锚定文件（默认 GONGKAI_AUDIT_ANCHOR_FILE）")
        verify.add_argument("--json", action="store_true", help="输出 JSON")
        purge = sub.add_parser("purge", help="删除某日之前的审计事件（该日须在六个月以前），先写入清理锚定值")
        purge.add_argument("--before", required=True, help="日期 YYYY-MM-DD：删除此日零时之前的事件")
        purge.add_argument("--dry-run", action="store_true", help="只统计，不删除")
        purge.add_argument("--file", help="锚定文件（默认 GONGKAI_AUDIT_ANCHOR_FILE）")
        purge.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        try:
            if options["subcommand"] == "anchor":
                self._anchor(options)
            elif options["subcommand"] == "purge":
                self._purge(options)
            else:
                self._verify(options)
        except (ImproperlyConfigured, ValidationFailed, ValueError, OSError) as exc:
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
            purged = (f"（此前 {report.purged} 条已按保存期清理，至 #{report.purged_up_to}，与清理锚定值衔接）"
                      if report.purged else "")
            self.stdout.write(f"审计日志完整：共 {report.checked} 条{purged}{anchored}。")
        else:
            self.stderr.write(f"审计日志校验失败：{report.reason}。")
        if not report.ok:
            raise SystemExit(1)

    def _purge(self, options):
        try:
            before = date.fromisoformat(options["before"])
        except ValueError as exc:
            raise CommandError(f"日期 {options['before']} 无法识别，请写作 YYYY-MM-DD。") from exc
        path = Path(options["file"]) if options.get("file") else anchor_file()
        report = purge_before(before=before, dry_run=options["dry_run"], path=path)
        if options["json"]:
            self.stdout.write(json.dumps({**report.as_dict(), "file": str(path)}, ensure_ascii=False))
        elif not report.deleted:
            self.stdout.write(f"没有 {report.before} 之前的审计事件，无需清理。")
        elif report.dry_run:
            self.stdout.write(f"试运行：将删除 {report.before} 之前的审计事件 {report.deleted} 条"
                              f"（#{report.first_id}–#{report.last_id}），未作任何改动。")
        else:
            self.stdout.write(f"已删除 {report.before} 之前的审计事件 {report.deleted} 条（#{report.first_id}–"
                              f"#{report.last_id}）；清理锚定值已写入 {path}，gongkai audit verify 从其后一条起校验。")
