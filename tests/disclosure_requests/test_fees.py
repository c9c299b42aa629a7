"""信息处理费 (国办函〔2020〕109号, rules.md §5)."""

import pytest

from gongkai.disclosure_requests.fees import FeeError, fee_per_item, fee_per_page


def test_fee_per_item_progressive_monthly_example():
    """109号 第四条: 45 items in one month → 20×100 + 10×200 + 5×300 = 5,500 元."""
    assert fee_per_item(0, 45) == 5_500


@pytest.mark.parametrize(
    ("before", "items", "fee"),
    [(0, 10, 0), (0, 11, 100), (0, 30, 2_000), (0, 31, 2_200), (0, 40, 4_000), (0, 41, 4_300), (0, 51, 7_400)],
)
def test_fee_per_item_bands(before, items, fee):
    """109号 第四条: ≤10 free; 11–30 100 元/件; from 31 bands of 10, each 100 元/件 dearer."""
    assert fee_per_item(before, items) == fee


def test_fee_per_item_counts_the_month_cumulatively():
    """109号 第四条: counted per applicant per calendar month, cumulatively: 45 items in three
    applications cost what 45 items in one would."""
    assert fee_per_item(0, 8) + fee_per_item(8, 20) + fee_per_item(28, 17) == 5_500
    assert fee_per_item(10, 1) == 100 and fee_per_item(30, 1) == 200


def test_fee_per_page_progressive_example():
    """109号 第五条: 250 pages → 70×10 + 100×20 + 50×40 = 4,700 元."""
    assert fee_per_page(250) == 4_700


@pytest.mark.parametrize(("pages", "fee"), [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2_700),
                                            (201, 2_740)])
def test_fee_per_page_bands(pages, fee):
    """109号 第五条: ≤30 free; 31–100 10 元/页; 101–200 20 元/页; ≥201 40 元/页."""
    assert fee_per_page(pages) == fee


def test_negative_counts_refused():
    with pytest.raises(FeeError):
        fee_per_page(-1)
    with pytest.raises(ValueError):
        fee_per_item(-1, 3)
