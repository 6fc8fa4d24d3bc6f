"""KPIs measured from survey answers: NPS, CSAT and CES with their 95 % confidence intervals.

The database counts the answers (:meth:`~cxmap.storage.store.Store.answer_tallies`, one
GROUP BY at the
finest grain); every coarser grouping — a touchpoint overall, a touchpoint for one persona, a
stage, the whole journey — is the exact sum of those counts, since they are all additive.

- NPS = % promoters (9–10) − % detractors (0–6), from −100 to 100; its interval uses the usual
  standard error sqrt((p + d − (p − d)²) / n) for the proportions p and d.
- CSAT = % of answers 4 or 5 on a 1–5 scale; its interval is Wilson's.
- CES = the mean score; its interval is mean ± z·s/√n (none for a single answer).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Z95 = 1.959963984540054
DIMENSIONS = ("stage", "touchpoint", "channel", "persona", "period")
# The groupings reported: a null dimension means "all".
GROUPINGS: tuple[tuple[str, ...], ...] = (
    (),
    ("stage",),
    ("touchpoint",),
    ("touchpoint", "persona"),
    ("channel",),
    ("persona",),
    ("stage", "persona"),
    ("period",),
    ("stage", "period"),
    ("touchpoint", "period"),
)


@dataclass(frozen=True)
class Tally:
    """Additive counts of a group of answers."""

    n: int = 0
    promoters: int = 0
    detractors: int = 0
    satisfied: int = 0
    total: float = 0.0
    squares: float = 0.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.n + other.n,
            self.promoters + other.promoters,
            self.detractors + other.detractors,
            self.satisfied + other.satisfied,
            self.total + other.total,
            self.squares + other.squares,
        )


def nps(t: Tally) -> tuple[float, float, float]:
    p, d = t.promoters / t.n, t.detractors / t.n
    value = 100 * (p - d)
    error = 100 * Z95 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / t.n)
    return value, max(value - error, -100.0), min(value + error, 100.0)


def wilson(successes: int, n: int) -> tuple[float, float]:
    """Wilson's 95 % interval for a proportion, in %."""
    p = successes / n
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return 100 * max(centre - half, 0.0), 100 * min(centre + half, 1.0)


def csat(t: Tally) -> tuple[float, float, float]:
    low, high = wilson(t.satisfied, t.n)
    return 100 * t.satisfied / t.n, low, high


def ces(t: Tally) -> tuple[float, float | None, float | None]:
    mean = t.total / t.n
    if t.n < 2:
        return mean, None, None
    variance = max((t.squares - t.n * mean * mean) / (t.n - 1), 0.0)
    error = Z95 * math.sqrt(variance / t.n)
    return mean, mean - error, mean + error


FORMULAS = {"nps": nps, "csat": csat, "ces": ces}


def measured(tallies: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """KPI rows {kpi, stage, touchpoint, channel, persona, period, value, n, low, high} for
    every grouping of :data:`GROUPINGS` and metric, from the database's finest-grain tallies."""
    groups: dict[tuple, Tally] = {}
    for row in tallies:
        tally = Tally(
            int(row["n"]),
            int(row["promoters"] or 0),
            int(row["detractors"] or 0),
            int(row["satisfied"] or 0),
            float(row["total"] or 0),
            float(row["squares"] or 0),
        )
        for grouping in GROUPINGS:
            key = (row["metric"], *((d, row[d]) for d in grouping))
            if any(value is None for _d, value in key[1:]):
                continue  # an answer without that dimension does not belong to its groups
            groups[key] = groups.get(key, Tally()) + tally
    result = []
    for (metric, *dims), tally in groups.items():
        value, low, high = FORMULAS[metric](tally)
        row = {
            "kpi": metric.upper(),
            **{d: None for d in DIMENSIONS},
            **dict(dims),
            "value": _round(value),
            "n": tally.n,
            "low": _round(low),
            "high": _round(high),
        }
        result.append(row)
    order = {g: i for i, g in enumerate(GROUPINGS)}
    result.sort(
        key=lambda r: (
            r["kpi"],
            order[tuple(d for d in DIMENSIONS if r[d] is not None and d in _grouping_of(r))],
            *(str(r[d] or "") for d in DIMENSIONS),
        )
    )
    return result


def _grouping_of(row: dict[str, Any]) -> tuple[str, ...]:
    dims = tuple(d for d in DIMENSIONS if row[d] is not None)
    return dims if dims in GROUPINGS else ()


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
