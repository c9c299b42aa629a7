"""Parsing command-line values for the calendar and deadline commands, with Chinese messages."""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError


def parse_date(text: str, what: str = "日期") -> date:
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise CommandError(f"{what}格式不正确：“{text}”。请按 YYYY-MM-DD 填写，例如 2025-03-03。")


def parse_count(text: str, what: str = "工作日数") -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        raise CommandError(f"{what}应为非负整数，收到“{text}”。")
    if value < 0:
        raise CommandError(f"{what}应为非负整数，收到“{text}”。")
    return value
