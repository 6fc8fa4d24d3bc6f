"""What the database can keep: one set of limits, the same on SQLite and PostgreSQL.

SQLite keeps a 400-character name in a ``VARCHAR(300)``, an infinite number in JSON and a NUL
character in text; PostgreSQL refuses all three when the map is saved.  The schema
(:mod:`cxmap.storage.schema`) declares its bounded text columns from :data:`LENGTHS`, and the
readers (workbooks, answers, event logs) check values against the same numbers before anything
is saved, so a file that reads as valid saves on either database.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from typing import Any

NAME = 300  # a journey, persona, stage, channel, touchpoint or KPI's name; an answer's names
CHOICE = 16  # a word of the vocabulary (qualification, status, …): short by construction
INTEGER_MAX = 2**31 - 1  # an INTEGER column on PostgreSQL
INTEGERS: Mapping[str, frozenset[str]] = {"kpis": frozenset({"n"})}  # table -> INTEGER fields

# table -> column -> the most characters it keeps (the schema's String(n))
LENGTHS: Mapping[str, Mapping[str, int]] = {
    "journeys": {"name": NAME, "state": CHOICE, "baseline": NAME},
    "personas": {"name": NAME, "source": 100},
    "stages": {"name": NAME, "phase": 32},
    "channels": {"name": NAME, "kind": CHOICE},
    "touchpoints": {
        "name": NAME,
        "category": 32,
        "qualification": CHOICE,
        "layer": CHOICE,
        "change": CHOICE,
        "replaces": NAME,
    },
    "kpis": {"name": NAME, "unit": 32, "direction": 8, "period": 64},
    "actions": {"type": CHOICE, "status": CHOICE},
    "responses": {
        "persona": NAME,
        "stage": NAME,
        "touchpoint": NAME,
        "channel": NAME,
        "respondent": NAME,
        "metric": 8,
        "period": CHOICE,
    },
    "events": {
        "case_id": NAME,
        "activity": NAME,
        "stage": NAME,
        "touchpoint": NAME,
        "channel": NAME,
        "persona": NAME,
    },
    "event_activities": {"activity": NAME, "stage": NAME, "touchpoint": NAME, "mapped_to": NAME},
}


def length(table: str, column: str) -> int:
    """The most characters ``table.column`` keeps (what the schema declares it with)."""
    return LENGTHS[table][column]


def text_problem(text: str, limit: int | None = None) -> str | None:
    """Why the database cannot keep this text as it is, or None."""
    if "\x00" in text:
        return "the text holds a NUL character (\\x00), which the database cannot keep"
    if limit is not None and len(text) > limit:
        return f"the text is {len(text):,} characters long; the limit is {limit:,}"
    return None


def number_problem(number: float, *, whole: bool = False) -> str | None:
    """Why the database cannot keep this number, or None (NaN and ±∞ are not numbers there);
    ``whole``: it goes to an INTEGER column."""
    if isinstance(number, float) and not math.isfinite(number):
        return f"{number} is not a finite number (the limit is ±{_FLOAT_MAX:.3g})"
    if whole and isinstance(number, int) and abs(number) > INTEGER_MAX:
        return f"{number:,} is too large a whole number; the limit is {INTEGER_MAX:,}"
    return None


def problem(value: Any, limit: int | None = None, *, whole: bool = False) -> str | None:
    """Why the database cannot keep this value (text, number, or a list, mapping or record of
    them, as JSON keeps them), or None.  ``limit`` bounds a text's length; ``whole`` says the
    value goes to an INTEGER column."""
    if isinstance(value, str):
        return text_problem(value, limit)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return number_problem(value, whole=whole)
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = (text_problem(key) if isinstance(key, str) else None) or problem(item)
            if found:
                return found
        return None
    if isinstance(value, (list, tuple)):
        return next((found for item in value if (found := problem(item))), None)
    if is_dataclass(value) and not isinstance(value, type):
        return next(
            (found for f in fields(value) if (found := problem(getattr(value, f.name)))), None
        )
    return None


_FLOAT_MAX = 1.7976931348623157e308
