"""信息处理费 (pure): 《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）, rules.md §5.

Requests are free by default (《条例》第四十二条第一款); a fee may be charged only when the quantity or
frequency clearly exceeds a reasonable range, either per item or per page for one application, never
both (109号 第三条). Amounts are whole yuan."""

from __future__ import annotations

from gongkai.core.errors import ValidationFailed


class FeeError(ValidationFailed, ValueError):
    code = "fee_error"


def item_price(number: int) -> int:
    """The price of the `number`-th item an applicant asks for in one calendar month (109号 第四条):
    items 1–10 free, 11–30 100 元, then bands of 10 each 100 元 dearer (31–40 200 元, 41–50 300 元, …)."""
    if number <= 10:
        return 0
    if number <= 30:
        return 100
    return 100 * (2 + (number - 31) // 10)


def fee_per_item(items_this_month_before: int, items: int) -> int:
    """按件计收 (109号 第四条): the fee for `items` items of this application, when the same applicant has
    already asked for `items_this_month_before` items this calendar month (counted cumulatively)."""
    if items_this_month_before < 0 or items < 0:
        raise FeeError("件数不能为负数。")
    first = items_this_month_before + 1
    return sum(item_price(n) for n in range(first, first + items))


def page_price(page: int) -> int:
    """The price of the `page`-th page (109号 第五条): 1–30 free, 31–100 10 元, 101–200 20 元, 201+ 40 元."""
    if page <= 30:
        return 0
    if page <= 100:
        return 10
    if page <= 200:
        return 20
    return 40


def fee_per_page(pages: int) -> int:
    """按量计收 (109号 第五条): the fee for `pages` pages of one application (progressive)."""
    if pages < 0:
        raise FeeError("页数不能为负数。")
    return sum(page_price(p) for p in range(1, pages + 1))
