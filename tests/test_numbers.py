"""Numbers, percentages, money and dates in the dashboard's language (Babel's CLDR data), and
numbers typed back in."""

from __future__ import annotations

import datetime as dt

import pytest

from cxmap.view.labels import with_unit
from cxmap.view.numbers import (
    format_date,
    format_money,
    format_number,
    format_percent,
    parse_number,
    printf_decimals,
)

NNBSP, NBSP = "\u202f", "\u00a0"  # French groups thousands with a narrow no-break space


@pytest.mark.parametrize(
    "value, decimals, english, french",
    [
        (1450, None, "1,450", f"1{NNBSP}450"),
        (9.5, None, "9.5", "9,5"),
        (12.3456, None, "12.35", "12,35"),
        (-2.5, None, "-2.5", "-2,5"),
        (123456.7, None, "123,457", f"123{NNBSP}457"),
        (3, 1, "3", "3"),
        (48.8308, 1, "48.8", "48,8"),
        (None, None, "", ""),
        (float("nan"), None, "", ""),
    ],
)
def test_a_number_in_each_language(value, decimals, english, french):
    assert format_number(value, "en", decimals) == english
    assert format_number(value, "fr", decimals) == french


def test_fixed_decimals_keep_their_zeros():
    assert format_number(3, "fr", 1, fixed=True) == "3,0"
    assert format_number(46.268, "en", 1, fixed=True) == "46.3"


def test_percent_money_and_dates_follow_the_locale():
    assert format_percent(12, "en") == "12%"
    assert format_percent(12, "fr") == f"12{NBSP}%"
    assert format_percent(48.83, "fr", 1) == f"48,8{NBSP}%"
    assert format_money(1450, "fr") == f"1{NNBSP}450{NBSP}€"
    assert format_money(23.5, "fr") == f"23,50{NBSP}€"
    assert format_money(1450, "en") == "€1,450"
    day = dt.date(2026, 10, 3)
    assert format_date(day, "en") == "3 Oct 2026"
    assert format_date(day, "fr") == "3 oct. 2026"
    assert format_date(dt.datetime(2026, 10, 3, 14, 5), "fr", time=True).startswith("3 oct. 2026")


@pytest.mark.parametrize(
    "value, unit, french",
    [
        (1450, "€", f"1{NNBSP}450{NBSP}€"),
        (9.5, "days", f"9,5{NBSP}days"),
        (12, "%", f"12{NBSP}%"),
        (4.2, "/5", "4,2/5"),
        (24, "pts", f"24{NBSP}pts"),
        (-2.5, None, "-2,5"),
    ],
)
def test_a_value_with_its_unit_in_french(value, unit, french):
    assert with_unit(value, unit, "fr") == french


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("1 200,50", "fr", 1200.5),
        (f"1{NNBSP}450", "fr", 1450.0),
        ("4.5", "fr", 4.5),
        ("1,200.5", "en", 1200.5),
        ("1 450 €", "fr", 1450.0),
        ("", "fr", None),
        (None, "en", None),
        ("abc", "fr", None),
    ],
)
def test_a_typed_number_is_read_in_the_dashboard_s_language(text, lang, expected):
    assert parse_number(text, lang) == expected


@pytest.mark.parametrize("spec, decimals", [("%.1f", 1), ("%.2f", 2), ("%d", 0), ("%g", None)])
def test_printf_decimals(spec, decimals):
    assert printf_decimals(spec) == decimals
