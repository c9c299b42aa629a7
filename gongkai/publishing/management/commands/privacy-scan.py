"""`gongkai privacy-scan FILE... [--json]`: the privacy and sensitive-content scan of files
(txt, csv, html, pdf incl. scanned pages, docx, xlsx, png/jpg) or of standard input (`-`).

Exit code 0: nothing found; 1: something found; 2: a file could not be read (message on stderr).
JSON: an array of {"file", "kind", "text", "start", "end", "masked", "note", "location"}.
The scanner is the configured one (publishing.scanning.configured_scanner), as in the review: the shipped
word list, or the JSON file named by the setting GONGKAI_SENSITIVE_WORDS_PATH (or the environment variable
of the same name)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from gongkai.publishing.privacy import KIND_LABELS
from gongkai.publishing.scanning import ScannerMisconfigured, configured_scanner
from gongkai.publishing.text_extraction import UnreadableFile


class Command(BaseCommand):
    requires_system_checks = []  # reads files only; a unit can check a file before upload
    help = "隐私与敏感信息审查：检查文件（txt、csv、html、pdf、docx、xlsx、图片）或标准输入（-）中的身份证号、手机号、固定电话、银行卡号、详细住址和敏感表述"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="要检查的文件；- 表示标准输入")
        parser.add_argument("--json", action="store_true", help="输出 JSON 数组")

    def handle(self, *args, **options):
        try:
            scanner = configured_scanner()
        except ScannerMisconfigured as exc:
            raise CommandError(exc.message, returncode=2) from exc
        results, failed = [], []
        for file in options["files"]:
            try:
                if file == "-":
                    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
                    hits = scanner.scan_file(data, name="")  # text, or a file piped in
                else:
                    hits = scanner.scan_file(file)
            except UnreadableFile as exc:
                self.stderr.write(f"无法检查：{exc}")
                failed.append(file)
                continue
            results.extend((file, hit) for hit in hits)
        if options["json"]:
            self.stdout.write(json.dumps([
                {"file": file, "kind": h.kind, "text": h.text, "start": h.start, "end": h.end,
                 "masked": h.masked, "note": h.note, "location": h.location}
                for file, h in results
            ], ensure_ascii=False, indent=2))
        else:
            self._human([f for f in options["files"] if f not in failed], results)
        self.stdout.flush()
        if failed:
            sys.exit(2)
        if results:
            sys.exit(1)

    def _human(self, files, results):
        for file in files:
            hits = [h for f, h in results if f == file]
            name = "标准输入" if file == "-" else file
            if not hits:
                self.stdout.write(f"{name}：未发现个人信息或敏感表述。")
                continue
            self.stdout.write(f"{name}：发现 {len(hits)} 处需要处理：")
            for h in hits:
                where = f"{h.location}，" if h.location else ""
                self.stdout.write(
                    f"  [{KIND_LABELS[h.kind]}] {where}第{h.start}–{h.end}字符：{h.text} → 建议：{h.masked}（{h.note}）")
