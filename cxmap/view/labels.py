"""How numbers and maps are worded on screen: a KPI value with its unit, what a map holds."""

from __future__ import annotations

from cxmap.domain.model import JourneyMap
from cxmap.view.i18n import tr
from cxmap.view.numbers import format_number, format_percent

TIGHT_UNITS = ("/5", "/7", "/10")  # written against the number: 4.2/5


def with_unit(value: float, unit: str | None, lang: str = "en") -> str:
    """In English 12 % -> "12%", 10 pts -> "10 pts", 1450 € -> "1,450 €"; in French "12 %",
    "10 pts", "1 450 €" (Babel's locale data, :mod:`cxmap.view.numbers`)."""
    if unit == "%":
        return format_percent(value, lang)
    number = format_number(value, lang)
    if not unit:
        return number
    space = "\u00a0" if lang == "fr" else " "  # French keeps the unit on the number's line
    return f"{number}{unit}" if unit in TIGHT_UNITS else f"{number}{space}{unit}"


def describe(m: JourneyMap, lang: str) -> str:
    """What a map holds, in the dashboard's language."""
    return tr(
        "map.describe",
        lang,
        stages=len(m.stages),
        personas=len(m.personas),
        channels=len(m.channels),
        touchpoints=len(m.touchpoints),
        irritants=m.count("irritant"),
        delights=m.count("delight"),
        missing=m.count("missing"),
        emotions=len(m.emotions),
        kpis=len(m.kpis),
        actions=len(m.actions),
    )
