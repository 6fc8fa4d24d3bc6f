"""Reading one cell value as the contract says: numbers with a decimal comma, percent cells and
`"12 %"` strings, Excel serial dates, booleans in English and French, emotion scales.

Every reader raises :class:`CellError` with what was expected; the workbook reader adds the
sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import NamedTuple

from openpyxl.utils.datetime import from_excel

from cxmap.domain.model import Scale, is_blank
from cxmap.domain.vocabulary import FALSE_WORDS, TRUE_WORDS, fold


class CellError(ValueError):
    """A cell that does not hold what its column expects; the message says what was expected."""


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']+")
_CURRENCY = re.compile(r"[€$£¥₣]|EUR|USD|GBP|CHF", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$", re.IGNORECASE)
EXCEL_ERRORS = frozenset(
    {
        "#DIV/0!",
        "#N/A",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#REF!",
        "#VALUE!",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
    }
)


def text(value: object) -> str | None:
    """Text with surrounding spaces trimmed; numbers written without a useless `.0`."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def is_percent_format(number_format: str | None) -> bool:
    return bool(number_format) and "%" in number_format.replace('"%"', "")


class Number(NamedTuple):
    """A number as a cell holds it: its value, and whether it was written as a percentage (then
    the value is in percentage points)."""

    value: float
    percent: bool


def number(value: object, number_format: str | None = None) -> Number:
    """A number and whether it was a percentage, in percentage points.

    `4,5` -> 4.5; a cell formatted as percent holding 0.12 -> (12, True); `"12 %"` -> (12, True).
    """
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.time)):
        raise CellError("expected a number")
    if isinstance(value, (int, float)):
        result = float(value)
        if math.isnan(result) or math.isinf(result):
            raise CellError("expected a number")
        if is_percent_format(number_format):
            return Number(_round(result * 100), True)
        return Number(result, False)
    raw = str(value).strip()
    if raw.upper() in EXCEL_ERRORS:
        raise CellError(f"the cell holds the Excel error {raw}; expected a number")
    cleaned = _SPACES.sub("", _CURRENCY.sub("", raw)).replace("\u2212", "-")
    percent = cleaned.endswith("%")
    cleaned = cleaned.rstrip("%")
    if "," in cleaned and "." in cleaned:
        # the last separator is the decimal one: 1.234,5 or 1,234.5
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")  # a decimal comma: 4,5
    elif cleaned.count(",") > 1 and re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        raise CellError(f"'{raw}' is not a number (write e.g. 4,5 or 4.5, or 12 %)")
    return Number(float(cleaned), percent)


def _round(value: float) -> float:
    """Undo binary noise from percent scaling (0.07 * 100 = 7.000000000000001)."""
    return round(value, 9)


def share(value: object, number_format: str | None = None) -> float:
    """A share of customers in percentage points: `35 %`, a 35 % cell, 35 and 0.35 all give 35."""
    amount, percent = number(value, number_format)
    if not percent and 0 < amount <= 1:
        amount = _round(amount * 100)
    if not 0 <= amount <= 100:
        raise CellError(f"'{text(value)}' is not a share between 0 % and 100 %")
    return amount


def count(value: object, number_format: str | None = None) -> int:
    """A whole number of at least 0 (a sample size)."""
    amount = number(value, None).value
    if amount < 0 or not float(amount).is_integer():
        raise CellError(f"'{text(value)}' is not a whole number of 0 or more")
    return int(amount)


def rating(value: object, number_format: str | None = None) -> float:
    """An impact or effort rating from 1 to 5."""
    amount = number(value, None).value
    if not 1 <= amount <= 5:
        raise CellError(f"'{text(value)}' is not a rating from 1 to 5")
    return amount


def boolean(value: object, number_format: str | None = None) -> bool:
    """yes/no, oui/non, true/false, vrai/faux, x, 1/0 (and Excel's TRUE/FALSE)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = fold(value) if isinstance(value, str) else None
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise CellError(f"'{text(value)}' is not yes or no (yes/no, oui/non, true/false, x, 1/0)")


_DATE_FORMS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$"), ("y", "m", "d")),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), ("d", "m", "y")),
)


def date(value: object, number_format: str | None = None) -> dt.date:
    """A real date, an Excel serial number, or text as 2026-03-31 or 31/03/2026 (day first)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's range: 1900-01-01 .. 9999-12-31
            return from_excel(value).date()
        raise CellError(f"{value} is not an Excel date")
    raw = str(value).strip()
    for pattern, order in _DATE_FORMS:
        match = pattern.match(raw)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()[:3])))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    raise CellError(f"'{raw}' is not a date (write e.g. 2026-03-31 or 31/03/2026)")


def period(value: object, number_format: str | None = None) -> str:
    """A period label: dates become ISO dates, a year stays a year, text (2026-Q1) stays."""
    if isinstance(value, (dt.date, dt.datetime)):
        return date(value).isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1900 <= value <= 2200:
            return str(int(value))
        if value > 2200:
            return date(value).isoformat()  # an Excel serial date
        raise CellError(f"{value} is not a period (write e.g. 2026-Q1, 2026-03 or a date)")
    return text(value) or ""


_SCALE = re.compile(
    r"^[\[(]?\s*([+-]?\d+(?:[.,]\d+)?)\s*(?:\.\.+|…|to|à|a|-|–|—|;|/|:)\s*([+-]?\d+(?:[.,]\d+)?)"
    r"\s*[\])]?$",
    re.IGNORECASE,
)


def scale(value: object, number_format: str | None = None) -> Scale:
    """An emotion scale such as `-2..2`, `1..5`, `0 à 10` or `-5;5`."""
    raw = (text(value) or "").replace("\u2212", "-")
    match = _SCALE.match(raw)
    if match:
        low, high = (float(g.replace(",", ".")) for g in match.groups())
        if low < high:
            return Scale(low, high)
    raise CellError(f"'{raw}' is not an emotion scale (write e.g. -2..2, 1..5 or 0..10)")
