"""The cell readers of :mod:`cxmap.files.cells`: one value in, the contract's reading out (or a
:class:`~cxmap.files.cells.CellError` that says what was expected)."""

from __future__ import annotations

import datetime as dt

import pytest

from cxmap.domain.model import Scale
from cxmap.files import cells

# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,number_format,expected",
    [
        # numbers as Excel stores them
        (12, None, (12.0, False)),
        (4.5, None, (4.5, False)),
        (-3, "General", (-3.0, False)),
        # a decimal comma, as French users type
        ("4,5", None, (4.5, False)),
        ("-0,25", None, (-0.25, False)),
        # thousands separators: spaces (plain, non-breaking, narrow), dots, commas, apostrophes
        ("1 234,5", None, (1234.5, False)),
        ("1\u00a0234,5", None, (1234.5, False)),
        ("1\u202f234", None, (1234.0, False)),
        ("1.234,5", None, (1234.5, False)),
        ("1,234.5", None, (1234.5, False)),
        ("1,234,567", None, (1234567.0, False)),
        ("1'234", None, (1234.0, False)),
        # signs, including the typographic minus Word and Excel paste in
        ("+5", None, (5.0, False)),
        ("\u22124,5", None, (-4.5, False)),
        # currency symbols and codes are dropped
        ("12 €", None, (12.0, False)),
        ("€ 1 200", None, (1200.0, False)),
        ("$3.50", None, (3.5, False)),
        ("12 EUR", None, (12.0, False)),
        # surrounding spaces
        ("  7 ", None, (7.0, False)),
        # percent strings give percentage points and say they were percentages
        ("12 %", None, (12.0, True)),
        ("12%", None, (12.0, True)),
        ("4,5 %", None, (4.5, True)),
        ("\u221212%", None, (-12.0, True)),
        # percent-formatted cells hold a fraction: shown as 12 %, read as 12 points
        (0.12, "0%", (12.0, True)),
        (0.125, "0.0%", (12.5, True)),
        (0.07, "0%", (7.0, True)),  # no 7.000000000000001
        (1, "0.00%", (100.0, True)),
        # a literal "%" in a format is decoration, not a percent format
        (5, '0"%"', (5.0, False)),
    ],
)
def test_number_reads_what_the_contract_accepts(value, number_format, expected):
    assert cells.number(value, number_format) == expected


@pytest.mark.parametrize(
    "value",
    [
        # Excel error values, as data_only reading returns them
        "#N/A",
        "#DIV/0!",
        "#div/0!",
        "#VALUE!",
        "#REF!",
        # garbage
        "abc",
        "12 apples",
        "1,2,3",
        "%12",
        "",
        # values that are not numbers at all
        True,
        dt.date(2026, 3, 31),
        float("nan"),
        float("inf"),
    ],
)
def test_number_rejects_what_is_not_a_number(value):
    with pytest.raises(cells.CellError):
        cells.number(value)


@pytest.mark.parametrize("error", ["#N/A", "#DIV/0!", "#REF!"])
def test_number_names_the_excel_error_it_found(error):
    with pytest.raises(cells.CellError, match="Excel error"):
        cells.number(error)


def test_number_error_shows_an_example_of_what_to_write():
    with pytest.raises(cells.CellError, match=r"'abc' is not a number .*4,5"):
        cells.number("abc")


# --- shares, counts and ratings ---------------------------------------------------------------


@pytest.mark.parametrize(
    "value,number_format,expected",
    [
        # percentage points
        (35, None, 35.0),
        ("35 %", None, 35.0),
        ("35%", None, 35.0),
        # a percent-formatted cell holding 0.35
        (0.35, "0%", 35.0),
        # a fraction written as such
        (0.35, None, 35.0),
        ("0,35", None, 35.0),
        # the bounds
        (0, None, 0.0),
        (100, None, 100.0),
    ],
)
def test_share_gives_percentage_points(value, number_format, expected):
    assert cells.share(value, number_format) == expected


@pytest.mark.parametrize("value", [101, -1, "120 %", "many"])
def test_share_outside_0_to_100_percent_is_an_error(value):
    with pytest.raises(cells.CellError):
        cells.share(value)


@pytest.mark.parametrize(
    "value,expected",
    [
        (0, 0),
        (10, 10),
        (10.0, 10),
        ("1 200", 1200),
        ("250", 250),
    ],
)
def test_count_reads_whole_numbers(value, expected):
    result = cells.count(value)
    assert result == expected
    assert isinstance(result, int)


@pytest.mark.parametrize("value", [-1, 2.5, "2,5", "abc"])
def test_count_rejects_negative_fractional_or_non_numbers(value):
    with pytest.raises(cells.CellError):
        cells.count(value)


@pytest.mark.parametrize(
    "value,expected",
    [
        (1, 1.0),
        (5, 5.0),
        ("3", 3.0),
        ("4,5", 4.5),
    ],
)
def test_rating_reads_1_to_5(value, expected):
    assert cells.rating(value) == expected


@pytest.mark.parametrize("value", [0, 0.9, 5.5, 6, "high"])
def test_rating_outside_1_to_5_is_an_error(value):
    with pytest.raises(cells.CellError):
        cells.rating(value)


# --- booleans -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        # English
        ("yes", True),
        ("no", False),
        ("Yes", True),
        ("NO", False),
        ("y", True),
        ("n", False),
        ("true", True),
        ("false", False),
        # French
        ("oui", True),
        ("non", False),
        ("OUI", True),
        ("Non", False),
        ("vrai", True),
        ("faux", False),
        ("Vrai", True),
        ("FAUX", False),
        # a cross in the box
        ("x", True),
        ("X", True),
        # ticks, which the vocabulary lists as yes
        ("✓", True),
        ("✔", True),
        # a dash, which the vocabulary lists as no
        ("-", False),
        # 1/0 as text and as numbers
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        (1.0, True),
        # Excel's TRUE/FALSE cells (booleans) and the same typed as text
        (True, True),
        (False, False),
        ("TRUE", True),
        ("FALSE", False),
        # surrounding spaces
        ("  oui ", True),
    ],
)
def test_boolean_reads_both_languages(value, expected):
    assert cells.boolean(value) is expected


@pytest.mark.parametrize("value", ["maybe", "peut-être", "2", 2, -1, "yes please", "?"])
def test_boolean_rejects_other_words(value):
    with pytest.raises(cells.CellError, match="is not yes or no"):
        cells.boolean(value)


# --- dates ----------------------------------------------------------------------------------

MARCH_31 = dt.date(2026, 3, 31)


@pytest.mark.parametrize(
    "value,expected",
    [
        # real dates and datetimes (the time is dropped)
        (MARCH_31, MARCH_31),
        (dt.datetime(2026, 3, 31, 14, 5), MARCH_31),
        # Excel serial numbers, whole or with a time fraction
        (46112, MARCH_31),
        (46112.0, MARCH_31),
        (46112.75, MARCH_31),
        (1, dt.date(1900, 1, 1)),
        # ISO text, with or without a time
        ("2026-03-31", MARCH_31),
        ("2026-3-5", dt.date(2026, 3, 5)),
        ("2026-03-31T10:00", MARCH_31),
        ("2026/03/31", MARCH_31),
        (" 2026-03-31 ", MARCH_31),
        # day first, as written in France
        ("31/03/2026", MARCH_31),
        ("31.03.2026", MARCH_31),
        ("31-03-2026", MARCH_31),
        ("5/3/2026", dt.date(2026, 3, 5)),
    ],
)
def test_date_reads_real_dates_serials_and_text(value, expected):
    assert cells.date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        # impossible days
        "2026-02-30",
        "31/02/2026",
        # month first is not read (31 is no month)
        "3/31/2026",
        # words
        "tomorrow",
        "fin mars",
        # serials outside Excel's range
        0,
        -5,
        3_000_000,
        # a boolean is not a serial
        True,
    ],
)
def test_date_rejects_what_is_not_a_date(value):
    with pytest.raises(cells.CellError):
        cells.date(value)


# --- periods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        # dates become ISO dates
        (MARCH_31, "2026-03-31"),
        (dt.datetime(2026, 3, 31, 10), "2026-03-31"),
        # a year stays a year
        (2026, "2026"),
        (2026.0, "2026"),
        # an Excel serial date
        (46112, "2026-03-31"),
        # text labels stay, trimmed
        ("2026-Q1", "2026-Q1"),
        (" T1 2026 ", "T1 2026"),
        ("mars 2026", "mars 2026"),
    ],
)
def test_period_gives_a_label(value, expected):
    assert cells.period(value) == expected


@pytest.mark.parametrize("value", [12, 1899, 2026.5])
def test_period_rejects_numbers_that_are_neither_years_nor_dates(value):
    with pytest.raises(cells.CellError, match="is not a period"):
        cells.period(value)


# --- emotion scales -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        # the template's notation
        ("-2..2", Scale(-2, 2)),
        ("1..5", Scale(1, 5)),
        ("0..10", Scale(0, 10)),
        ("-5..5", Scale(-5, 5)),
        ("-2...2", Scale(-2, 2)),
        ("\u22122..2", Scale(-2, 2)),
        # words between the bounds, English and French (with and without the accent)
        ("1 to 5", Scale(1, 5)),
        ("0 à 10", Scale(0, 10)),
        ("0 a 10", Scale(0, 10)),
        # other separators
        ("-5;5", Scale(-5, 5)),
        ("1-5", Scale(1, 5)),
        ("-2 - 2", Scale(-2, 2)),
        ("-5 – 5", Scale(-5, 5)),
        ("1/5", Scale(1, 5)),
        # brackets
        ("[-2..2]", Scale(-2, 2)),
        ("(1;5)", Scale(1, 5)),
        # decimal commas in the bounds
        ("0,5..4,5", Scale(0.5, 4.5)),
    ],
)
def test_scale_reads_the_usual_notations(value, expected):
    assert cells.scale(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        # low >= high
        "2..2",
        "5..1",
        "10 à 0",
        # not a range
        "abc",
        "1..",
        "",
        5,
        "1..5..10",
    ],
)
def test_scale_rejects_bad_or_empty_ranges(value):
    with pytest.raises(cells.CellError, match="is not an emotion scale"):
        cells.scale(value)


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("  Checkout  ", "Checkout"),
        (3.0, "3"),
        (2.5, "2.5"),
        (MARCH_31, "2026-03-31"),
        (None, None),
        ("   ", None),
    ],
)
def test_text_trims_and_drops_useless_decimals(value, expected):
    assert cells.text(value) == expected
