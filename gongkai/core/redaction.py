"""Personal numbers out of the audit log: ID card numbers, bank card numbers and mobile numbers in a label
or a detail are masked before the event is written (and hashed). The services already refer to people's
data by id; this is the net under them. Pure: no Django import."""

from __future__ import annotations

import re

# 15 to 19 digits (an ID number's last character may be X) not inside a longer run of digits.
_LONG_NUMBER = re.compile(r"(?<![0-9])[0-9]{14,18}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def _mask_long(match: re.Match) -> str:
    text = match.group(0)
    return text[:3] + "*" * (len(text) - 5) + text[-2:]


def _mask_mobile(match: re.Match) -> str:
    text = match.group(0)
    return text[:3] + "****" + text[-4:]


def redact_text(text: str) -> str:
    return _MOBILE.sub(_mask_mobile, _LONG_NUMBER.sub(_mask_long, text))


def redact(value):
    """`value` with every string in it (lists and dicts walked, keys kept) passed through redact_text."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: redact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(v) for v in value]
    return value
