"""KPIs measured from survey answers: NPS, CSAT and CES with their 95 % confidence intervals.

The database counts the answers (:meth:`~cxmap.storage.store.Store.answer_tallies`, one
GROUP BY at the finest grain); every coarser grouping — a touchpoint overall, a touchpoint for one
persona, a stage, the whole journey — is the exact sum of those counts, since they are all
additive.  The thresholds and scales are those of :mod:`cxmap.domain.metrics`.

- NPS = % promoters − % detractors, from −100 to 100; its interval uses the usual
  standard error sqrt((p + d − (p − d)²) / n) for the proportions p and d.
- CSAT = % of satisfied answers; its interval is Wilson's.
- CES = the mean score; its interval is mean ± z·s/√n (none for a single answer).

:func:`measured` returns a :class:`Measured`: :class:`MeasuredKpi` records, each knowing the
dimensions it is grouped by, with lookups by place (``for_touchpoint``, ``by_stage``,
``journey``) so that no reader decodes "``None`` means all" again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cxmap.domain.metrics import DIMENSIONS, METRICS, AnswerTally, Dimension, Metric

Z95 = 1.959963984540054
Grouping = tuple[Dimension, ...]
# The groupings reported (``kpis --json``, the KPI table): a dimension not grouped by is null.
GROUPINGS: tuple[Grouping, ...] = (
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
# A touchpoint is known by its stage and name (one name may serve two stages): the matrix and
# every lookup of one touchpoint use these, which the report above leaves out.
TOUCHPOINT_GROUPINGS: tuple[Grouping, ...] = (
    ("stage", "touchpoint"),
    ("stage", "touchpoint", "persona"),
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


@dataclass(frozen=True)
class MeasuredKpi:
    """One metric measured over a group of answers: the dimensions of ``grouping`` are set, the
    others are ``None`` (all)."""

    metric: Metric
    grouping: Grouping
    value: float
    n: int
    low: float | None
    high: float | None
    stage: str | None = None
    touchpoint: str | None = None
    channel: str | None = None
    persona: str | None = None
    period: str | None = None

    @property
    def kpi(self) -> str:
        """The KPI's name as shown: NPS, CSAT, CES."""
        return self.metric.upper()

    @property
    def reported(self) -> bool:
        """One of the :data:`GROUPINGS` reported (not a touchpoint-at-its-stage lookup row)."""
        return self.grouping in GROUPINGS

    def as_dict(self) -> dict[str, Any]:
        """The row of ``kpis --json``: {kpi, stage, touchpoint, channel, persona, period, value,
        n, low, high}, a dimension not grouped by being null."""
        return {
            "kpi": self.kpi,
            **{d: getattr(self, d) for d in DIMENSIONS},
            "value": self.value,
            "n": self.n,
            "low": self.low,
            "high": self.high,
        }


@dataclass(frozen=True)
class Measured:
    """The KPIs measured from a journey's answers, with lookups by place.

    Iterating gives the reported rows (:data:`GROUPINGS`) in report order; the lookups also
    reach the touchpoint-at-its-stage rows (:data:`TOUCHPOINT_GROUPINGS`)."""

    kpis: tuple[MeasuredKpi, ...] = ()
    _index: dict[tuple, MeasuredKpi] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {(k.metric, k.grouping, *(getattr(k, d) for d in k.grouping)): k for k in self.kpis}
        object.__setattr__(self, "_index", index)  # derived from kpis: the lookups' index

    def __iter__(self) -> Iterator[MeasuredKpi]:
        return (k for k in self.kpis if k.reported)

    def __len__(self) -> int:
        return sum(1 for _k in self)

    def __bool__(self) -> bool:
        return any(True for _k in self)

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """The metrics answered, in :data:`~cxmap.domain.metrics.METRICS` order."""
        present = {k.metric for k in self.kpis}
        return tuple(m for m in METRICS if m in present)

    def get(self, metric: Metric, **dims: str | None) -> MeasuredKpi | None:
        """The KPI grouped by exactly the dimensions given a value (``None`` ones are left out):
        ``get("nps")`` is the journey's, ``get("nps", stage="Buy", persona="Anna")`` a stage's for
        one persona."""
        grouping = tuple(d for d in DIMENSIONS if dims.get(d) is not None)
        return self._index.get((metric, grouping, *(dims[d] for d in grouping)))

    def journey(self, metric: Metric, *, persona: str | None = None) -> MeasuredKpi | None:
        return self.get(metric, persona=persona)

    def for_touchpoint(
        self, metric: Metric, stage: str, name: str, *, persona: str | None = None
    ) -> MeasuredKpi | None:
        """A touchpoint's KPI, all periods together; the touchpoint is its stage and name."""
        return self.get(metric, stage=stage, touchpoint=name, persona=persona)

    def by_stage(self, metric: Metric, *, persona: str | None = None) -> dict[str, MeasuredKpi]:
        """stage -> its KPI, all periods, touchpoints and channels together."""
        grouping = ("stage", "persona") if persona is not None else ("stage",)
        return {
            k.stage: k
            for k in self.kpis
            if k.metric == metric
            and k.grouping == grouping
            and k.persona == persona
            and k.stage is not None
        }

    def by_touchpoint(
        self, metric: Metric, *, persona: str | None = None
    ) -> dict[tuple[str, str], MeasuredKpi]:
        """(stage, touchpoint) -> its KPI, all periods together (for one persona, or all)."""
        grouping = TOUCHPOINT_GROUPINGS[0] if persona is None else TOUCHPOINT_GROUPINGS[1]
        return {
            (k.stage, k.touchpoint): k  # type: ignore[misc]  # both set in this grouping
            for k in self.kpis
            if k.metric == metric and k.grouping == grouping and k.persona == persona
        }

    def overall(self) -> list[MeasuredKpi]:
        """The reported KPIs over all periods (no period grouping)."""
        return [k for k in self if k.period is None]

    def as_dicts(self) -> list[dict[str, Any]]:
        """The reported rows as ``kpis --json`` writes them."""
        return [k.as_dict() for k in self]


def measured(tallies: Iterable[AnswerTally]) -> Measured:
    """Every grouping of :data:`GROUPINGS` and :data:`TOUCHPOINT_GROUPINGS` and metric, from the
    database's finest-grain tallies."""
    groupings = GROUPINGS + TOUCHPOINT_GROUPINGS
    groups: dict[tuple, Tally] = {}
    for row in tallies:
        tally = Tally(row.n, row.promoters, row.detractors, row.satisfied, row.total, row.squares)
        for grouping in groupings:
            place = tuple(getattr(row, d) for d in grouping)
            if any(value is None for value in place):
                continue  # an answer without that dimension does not belong to its groups
            key = (row.metric, grouping, place)
            groups[key] = groups.get(key, Tally()) + tally
    result = []
    for (metric, grouping, place), tally in groups.items():
        value, low, high = FORMULAS[metric](tally)
        result.append(
            MeasuredKpi(
                metric,
                grouping,
                _round(value),
                tally.n,
                _round(low),
                _round(high),
                **dict(zip(grouping, place)),
            )
        )
    order = {g: i for i, g in enumerate(groupings)}
    result.sort(
        key=lambda k: (k.kpi, order[k.grouping], *(str(getattr(k, d) or "") for d in DIMENSIONS))
    )
    return Measured(tuple(result))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
