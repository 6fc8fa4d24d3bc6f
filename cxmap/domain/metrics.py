"""Survey answers and their metrics, defined once: the answer columns, the metrics' names,
scales and the thresholds that count answers.

The database counts answers with these thresholds (:meth:`~cxmap.storage.store.Store._tally`),
the answers reader checks scores against these scales (:mod:`cxmap.files.responses`), and
:mod:`cxmap.compute.measures` turns the counts into NPS, CSAT and CES.

- NPS: 0–10; promoters answer 9–10, detractors 0–6 (7 and 8 are passives).
- CSAT: 1–5; satisfied answers are 4–5.
- CES: 1–7; the mean is the score (no threshold).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cxmap.domain.model import Direction, Scale

Metric = Literal["nps", "csat", "ces"]
METRICS: tuple[Metric, ...] = ("nps", "csat", "ces")

SCALES: dict[Metric, Scale] = {"nps": Scale(0, 10), "csat": Scale(1, 5), "ces": Scale(1, 7)}
NPS_PROMOTERS = Scale(9, 10)
NPS_DETRACTORS = Scale(0, 6)
CSAT_SATISFIED = Scale(4, 5)
RANGES: dict[Metric, Scale] = {"nps": Scale(-100, 100), "csat": Scale(0, 100), "ces": SCALES["ces"]}
"""Where a measured value lies: NPS in points, CSAT in %, CES on its answers' scale."""
BETTER: dict[Metric, Direction] = {"nps": "higher", "csat": "higher", "ces": "lower"}
"""Which way a measured value is better (less effort is better)."""

AnswerColumn = Literal[
    "answered_on",
    "period",
    "persona",
    "stage",
    "touchpoint",
    "channel",
    "metric",
    "score",
    "comment",
    "respondent",
]
ANSWER_COLUMNS: tuple[AnswerColumn, ...] = (
    "answered_on",
    "period",
    "persona",
    "stage",
    "touchpoint",
    "channel",
    "metric",
    "score",
    "comment",
    "respondent",
)
"""The columns of a survey answer, as the answers reader gives them and the database keeps them."""

Dimension = Literal["stage", "touchpoint", "channel", "persona", "period"]
DIMENSIONS: tuple[Dimension, ...] = ("stage", "touchpoint", "channel", "persona", "period")
"""What an answer is about, besides its metric: the columns answers are counted by."""


@dataclass(frozen=True)
class AnswerTally:
    """The answers of one metric counted at the finest grain (one stage, touchpoint, channel,
    persona and period; ``None`` where the answers do not say): all additive."""

    metric: Metric
    stage: str | None
    touchpoint: str | None
    channel: str | None
    persona: str | None
    period: str | None
    n: int
    promoters: int = 0  # NPS_PROMOTERS
    detractors: int = 0  # NPS_DETRACTORS
    satisfied: int = 0  # CSAT_SATISFIED
    total: float = 0.0  # sum of the scores
    squares: float = 0.0  # sum of the squared scores
