"""Django's zh_Hans formats, with input formats an officer actually types. ISO first: a form that shows a date
writes it in the first input format, and only ISO is understood by every browser and import. Django's own
`%Y年%n月%j日` is not a strptime pattern (`%j` is the day of the year), so 2026年1月31日 was refused."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403 — everything else stays Django's

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-01-31
    "%Y/%m/%d",  # 2026/1/31
    "%Y.%m.%d",  # 2026.1.31
    "%Y年%m月%d日",  # 2026年1月31日
    "%Y%m%d",  # 20260131
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H:%M",
]
