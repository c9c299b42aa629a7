"""What a finding calls its target. Pure.

A finding's label and evidence are read by staff across units, printed in 通报 and kept for years: a record's title
may name a person with their identity number or mobile (a 低保 notice, a 公示 of one person), so every title a finding
repeats goes through the public masking of `publishing.privacy` first."""

from __future__ import annotations

from gongkai.publishing import privacy


def masked_title(title: str) -> str:
    """A title as a finding names it: personal data in it masked (the finding must not repeat it)."""
    if not title:
        return title
    return privacy.apply_masks(title, [h for h in privacy.scan_text(title, sensitive_words=())
                                       if h.kind in privacy.PERSONAL_KINDS])
