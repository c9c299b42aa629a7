"""Index numbers (索引号) of records (《条例》第十二条: the catalog carries 索引、名称、内容概述、生成日期).
Pure: no Django.

The scheme is a format string (setting GONGKAI_INDEX_NUMBER_FORMAT) with the fields
`unit_code`, `jurisdiction_code`, `year`, `item` (the first item's order in its catalog, 0 if none)
and `sequence` (per unit and year, from 1)."""

from __future__ import annotations

import re

DEFAULT_FORMAT = "{unit_code}/{year}-{sequence:05d}"
FIELDS = ("unit_code", "jurisdiction_code", "year", "item", "sequence")


class IndexFormatError(ValueError):
    pass


def unit_code_from_handle(handle: str) -> str:
    """The unit's code: the part of its platform handle before "@" (jiaoyu@dxjczw → JIAOYU), letters and
    digits only, upper case."""
    prefix = (handle or "").split("@", 1)[0]
    code = re.sub(r"[^0-9A-Za-z]", "", prefix).upper()
    return code or "UNIT"


def format_index_number(fmt: str | None, *, unit_code: str, jurisdiction_code: str, year: int, item: int,
                        sequence: int) -> str:
    fmt = fmt or DEFAULT_FORMAT
    try:
        return fmt.format(unit_code=unit_code, jurisdiction_code=jurisdiction_code, year=year, item=item,
                          sequence=sequence)
    except (KeyError, IndexError, ValueError) as exc:
        raise IndexFormatError(
            f"索引号格式“{fmt}”无效：只能使用 {{unit_code}}、{{jurisdiction_code}}、{{year}}、{{item}}、{{sequence}}。"
        ) from exc
