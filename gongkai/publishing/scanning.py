"""The privacy scanner as this installation configures it: the one place that reads the scanner's settings
(GONGKAI_SENSITIVE_WORDS_PATH, else the list shipped in data/sensitive_words.json). The review in
publishing.services, the `privacy-scan` command and oversight all take `configured_scanner()`, so they give
the same verdict for the same file. The rules themselves stay pure in publishing.privacy and
publishing.text_extraction."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from gongkai.core.errors import GongkaiError
from gongkai.publishing import privacy, text_extraction


class ScannerMisconfigured(GongkaiError):
    """The configured word list cannot be read: no verdict rather than a verdict without the list."""


@dataclass(frozen=True)
class Scanner:
    sensitive_words: tuple[privacy.SensitiveWord, ...]

    def scan_text(self, text: str, *, location: str = "") -> list[privacy.Hit]:
        return privacy.scan_text(text, sensitive_words=self.sensitive_words, location=location)

    def scan_file(self, source: str | Path | bytes, *, name: str | None = None) -> list[privacy.Hit]:
        """Hits in a file (a path or bytes) and its name; raises text_extraction.UnreadableFile."""
        return text_extraction.scan_file(source, name=name, sensitive_words=self.sensitive_words)

    def scan_extracted(self, extracted: text_extraction.Extracted) -> list[privacy.Hit]:
        """The same hits as `scan_file`, from text extracted before (an attachment's kept text)."""
        return text_extraction.scan_file_text(extracted, sensitive_words=self.sensitive_words)


def sensitive_words_path() -> str | None:
    """The configured word list: the setting, else the environment variable of the same name (for a
    command run outside the configured settings); None means the shipped list."""
    return settings.GONGKAI_SENSITIVE_WORDS_PATH or os.environ.get("GONGKAI_SENSITIVE_WORDS_PATH") or None


def configured_scanner() -> Scanner:
    path = sensitive_words_path()
    try:
        return Scanner(privacy.load_sensitive_words(path))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ScannerMisconfigured(f"敏感词表 {path} 无法读取：{exc}") from exc
