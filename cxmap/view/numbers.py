"""Numbers, percentages, money and dates as the dashboard's language writes them, through
Babel's locale data (CLDR): ``1,450.5`` and ``12%`` in English, ``1 450,5`` and ``12 %`` in
French (the group separator is the narrow no-break space French typography uses)."""

from __future__ import annotations

import datetime as dt
import math
import re

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import NumberFormatError, format_currency, format_decimal, parse_decimal
from babel.numbers import format_percent as _babel_percent

LOCALES = {"en": "en_GB", "fr": "fr_FR"}
SIGNIFICANT = 4  # digits kept when no number of decimals is asked for: 9.5, 12.35, 1 450


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["en"])


def _pattern(decimals: int | None, value: float, *, fixed: bool = False) -> str:
    if decimals is None:
        whole = len(str(int(abs(value)))) if abs(value) >= 1 else 1
        decimals = max(SIGNIFICANT - whole, 0)
        fixed = False
    return "#,##0" + ("." + ("0" if fixed else "#") * decimals if decimals else "")


def format_number(
    value: float | int | None, lang: str, decimals: int | None = None, *, fixed: bool = False
) -> str:
    """A number in the language's format; ``decimals`` at most (exactly when ``fixed``), or
    four significant digits when not given.  A missing value is an empty string."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return format_decimal(
        value, format=_pattern(decimals, float(value), fixed=fixed), locale=locale_of(lang)
    )


def _locale_pattern(kind: str, lang: str, number: str) -> str:
    """The locale's own pattern for percentages or money (where the sign goes, the space before
    it) with the number part replaced by ``number``."""
    locale = Locale.parse(locale_of(lang))
    formats = locale.percent_formats if kind == "percent" else locale.currency_formats
    pattern = formats[None if kind == "percent" else "standard"].pattern.split(";")[0]
    return re.sub(r"[#0,.]+", number, pattern, count=1)


def format_percent(value: float | None, lang: str, decimals: int | None = None) -> str:
    """``value`` given in percent (12 for 12 %): "12%" in English, "12 %" in French."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    pattern = _locale_pattern("percent", lang, _pattern(decimals, float(value)))
    return _babel_percent(value / 100, format=pattern, locale=locale_of(lang))


def format_money(
    value: float | None, lang: str, currency: str = "EUR", decimals: int | None = None
) -> str:
    """An amount with its currency where the language puts it: "€1,450" / "1 450 €" (cents
    shown only when there are some)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    places = decimals if decimals is not None else (0 if float(value).is_integer() else 2)
    pattern = _locale_pattern("money", lang, _pattern(places, float(value), fixed=True))
    return format_currency(
        value, currency, format=pattern, locale=locale_of(lang), currency_digits=False
    )


def format_date(value: dt.date | dt.datetime | None, lang: str, *, time: bool = False) -> str:
    """A date (and its time) in the language's medium format: "3 Oct 2026" / "3 oct. 2026"."""
    if value is None:
        return ""
    if time and isinstance(value, dt.datetime):
        return _babel_datetime(value, format="medium", locale=locale_of(lang))
    day = value.date() if isinstance(value, dt.datetime) else value
    return _babel_date(day, format="medium", locale=locale_of(lang))


def printf_decimals(spec: str) -> int | None:
    """The decimals of a printf-like format ("%.1f" -> 1, "%d" -> 0, "%g" -> None)."""
    if spec.endswith("d"):
        return 0
    if spec.startswith("%.") and spec.endswith("f"):
        return int(spec[2:-1])
    return None


def parse_number(text: str | None, lang: str) -> float | None:
    """A number typed by a person: "1 450,5" in French, "1,450.5" in English; a plain "4.5" or
    "4,5" in either.  None for a blank or something that is not a number."""
    if text is None:
        return None
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", str(text)).replace("€", "").replace("$", "")
    if not cleaned:
        return None
    try:
        return float(parse_decimal(cleaned, locale=locale_of(lang), strict=False))
    except NumberFormatError:
        pass
    try:
        return float(cleaned.replace(",", "."))
    except ValueError:
        return None
