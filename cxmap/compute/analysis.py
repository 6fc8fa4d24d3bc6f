"""What the dashboard computes from a journey map: plain functions from a :class:`JourneyMap`
(and the filters) to small DataFrames.  No Streamlit, no figures: the pages call these, the
figure builders in :mod:`cxmap.view.charts` draw their results, and the tests check them on data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

import pandas as pd

from cxmap.compute.measures import Measured, MeasuredKpi
from cxmap.domain.metrics import BETTER, METRICS, RANGES, Metric
from cxmap.domain.model import (
    QUALIFICATIONS,
    Action,
    Direction,
    JourneyMap,
    Qualification,
    Scale,
    Touchpoint,
)
from cxmap.domain.vocabulary import normalise

AMBER_MARGIN = 0.10  # within 10 % of the target (relative) is amber, beyond is red
RATING_MIDDLE = 3.0  # impact and effort are rated 1..5: 3 is the middle of the matrix


@dataclass(frozen=True)
class Filters:
    """What the sidebar selected; an empty tuple means everything."""

    personas: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()

    def keeps(
        self, *, persona: str | None = None, stage: str | None = None, channel: str | None = None
    ) -> bool:
        """Whether a row with these dimensions passes (a missing dimension always passes)."""
        return all(
            not chosen or value is None or value in chosen
            for value, chosen in (
                (persona, self.personas),
                (stage, self.stages),
                (channel, self.channels),
            )
        )


NO_FILTER = Filters()


def scale_of(m: JourneyMap) -> Scale:
    """The journey's emotion scale (the -2..2 default when it has no emotions yet)."""
    return m.journey.scale or Scale(-2, 2)


def stage_index(m: JourneyMap) -> dict[str, int]:
    return {stage.name: i for i, stage in enumerate(m.stages)}


def _touchpoints_by_key(m: JourneyMap) -> dict[tuple[str, str], str]:
    """(stage, touchpoint name) -> qualification."""
    return {(t.stage, t.name): t.qualification for t in m.touchpoints}


# --- the emotion curve --------------------------------------------------------------------------

EMOTION_COLUMNS = [
    "persona",
    "stage",
    "stage_index",
    "score",
    "touchpoint",
    "feeling",
    "quote",
    "irritant",
]


def emotion_points(m: JourneyMap, filters: Filters = NO_FILTER) -> pd.DataFrame:
    """One point per persona × stage: the mean score, with the touchpoints, feelings and quotes
    of that stage joined for the hover, and whether an irritant touchpoint is involved."""
    order = stage_index(m)
    quality = _touchpoints_by_key(m)
    rows = [
        dict(
            persona=e.persona,
            stage=e.stage,
            stage_index=order[e.stage],
            score=e.score,
            touchpoint=e.touchpoint or "",
            feeling=e.feeling or "",
            quote=e.quote or "",
            irritant=quality.get((e.stage, e.touchpoint or "")) == "irritant",
        )
        for e in m.emotions
        if filters.keeps(persona=e.persona, stage=e.stage)
    ]
    if not rows:
        return pd.DataFrame(columns=EMOTION_COLUMNS)
    frame = pd.DataFrame(rows)
    joined = (
        frame.groupby(["persona", "stage", "stage_index"], sort=False)
        .agg(
            score=("score", "mean"),
            touchpoint=("touchpoint", _join),
            feeling=("feeling", _join),
            quote=("quote", lambda q: _join(q, " · ")),
            irritant=("irritant", "any"),
        )
        .reset_index()
    )
    persona_order = {p.name: i for i, p in enumerate(m.personas)}
    joined["_p"] = joined["persona"].map(persona_order).fillna(len(persona_order))
    return joined.sort_values(["_p", "stage_index"]).drop(columns="_p").reset_index(drop=True)


def _join(values: Iterable[str], sep: str = ", ") -> str:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return sep.join(seen)


def persona_weights(m: JourneyMap, personas: Iterable[str]) -> dict[str, float]:
    """Each persona's weight in the "all personas" curve: its share, equal shares when unknown."""
    names = list(personas)
    shares = {p.name: p.share for p in m.personas}
    known = {n: shares.get(n) for n in names if shares.get(n)}
    if len(known) != len(names):
        return {n: 1 / len(names) for n in names} if names else {}
    total = sum(known.values())  # type: ignore[arg-type]
    return {n: v / total for n, v in known.items()}  # type: ignore[operator]


def all_personas_curve(m: JourneyMap, points: pd.DataFrame) -> pd.DataFrame:
    """Per stage: the share-weighted mean of the persona curves, and the band from the lowest
    to the highest persona (where personas disagree the band is wide)."""
    columns = ["stage", "stage_index", "score", "low", "high", "spread"]
    if points.empty:
        return pd.DataFrame(columns=columns)
    weights = persona_weights(m, points["persona"].unique())
    frame = points.assign(weight=points["persona"].map(weights))
    rows = []
    for (stage, index), group in frame.groupby(["stage", "stage_index"], sort=True):
        weighted = (group["score"] * group["weight"]).sum() / group["weight"].sum()
        rows.append(
            dict(
                stage=stage,
                stage_index=index,
                score=weighted,
                low=group["score"].min(),
                high=group["score"].max(),
            )
        )
    curve = pd.DataFrame(rows, columns=columns[:-1]).sort_values("stage_index")
    curve["spread"] = curve["high"] - curve["low"]
    return curve.reset_index(drop=True)


def extremes(points: pd.DataFrame) -> pd.DataFrame:
    """The lowest and the highest point of the curves (one row each, `kind` low/high)."""
    if points.empty:
        return points.assign(kind=pd.Series(dtype=str))
    low = points.loc[[points["score"].idxmin()]].assign(kind="low")
    high = points.loc[[points["score"].idxmax()]].assign(kind="high")
    return pd.concat([low, high], ignore_index=True)


@dataclass(frozen=True, eq=False)
class EmotionCurve:
    """Everything the emotion-curve figure draws, computed once for every page that shows it."""

    points: pd.DataFrame  # :func:`emotion_points`: one row per persona × stage
    curve: pd.DataFrame  # :func:`all_personas_curve`: the weighted curve and its band
    stages: list[str]  # the stages shown, in the journey's order
    scale: Scale
    extremes: pd.DataFrame  # :func:`extremes`: the lowest and the highest point
    target: pd.DataFrame | None = None  # the target journey's curve, on this journey's stages

    @property
    def empty(self) -> bool:
        return self.points.empty

    def without_target(self) -> EmotionCurve:
        return replace(self, target=None)

    def widest_disagreement(self) -> tuple[str, float] | None:
        """The stage where the personas' emotions are furthest apart, and by how much (None
        with fewer than two personas)."""
        if self.points.empty or self.points["persona"].nunique() < 2 or self.curve.empty:
            return None
        widest = self.curve.loc[self.curve["spread"].idxmax()]
        return str(widest["stage"]), float(widest["spread"])


def target_curve(m: JourneyMap, target: JourneyMap, filters: Filters = NO_FILTER) -> pd.DataFrame:
    """The target journey's weighted curve placed on the current journey's stages (a stage the
    current journey does not have is left out)."""
    order = stage_index(m)
    curve = all_personas_curve(target, emotion_points(target, filters))
    return (
        curve[curve["stage"].isin(order)]
        .assign(stage_index=lambda d: d["stage"].map(order))
        .sort_values("stage_index")
    )


def emotion_curve(
    m: JourneyMap, filters: Filters = NO_FILTER, *, target: JourneyMap | None = None
) -> EmotionCurve:
    """The emotion curve of a journey under the filters, with its target's when given."""
    points = emotion_points(m, filters)
    return EmotionCurve(
        points=points,
        curve=all_personas_curve(m, points),
        stages=[s.name for s in m.stages if filters.keeps(stage=s.name)],
        scale=scale_of(m),
        extremes=extremes(points),
        target=target_curve(m, target, filters) if target is not None else None,
    )


# --- the touchpoint matrix ----------------------------------------------------------------------

MATRIX_MEASURES = ("touchpoints", "emotion", "irritants", "kpi", "csat", "nps")


def matrix_measures(measured: Measured) -> list[str]:
    """The measures the matrix can colour by: CSAT and NPS only when the survey measured them."""
    return [k for k in MATRIX_MEASURES if k not in METRICS or k in measured.metrics]


MARKERS: dict[Qualification, str] = {
    "irritant": "●",
    "delight": "●",
    "missing": "○",
    "neutral": "·",
}


def matrix_cells(
    m: JourneyMap,
    filters: Filters = NO_FILTER,
    *,
    measure: str = "touchpoints",
    kpi: str | None = None,
    measured: Measured | None = None,
) -> pd.DataFrame:
    """The stage × channel grid, one row per cell (every combination, empty ones too).

    `value` is the chosen measure: the number of touchpoints, the mean emotion at the cell's
    touchpoints (else at its stage), the number of irritants, or the latest value of a KPI
    attached to the cell's touchpoints.  A cell is a *gap* by :func:`gap_reason` (an empty cell
    of a channel that serves both neighbouring stages, or of a filtered persona's preferred
    channel); `missing` counts the declared absences (touchpoints qualified "missing").
    """
    stages = [s.name for s in m.stages if filters.keeps(stage=s.name)]
    channels = [c.name for c in m.channels if filters.keeps(channel=c.name)]
    by_cell: dict[tuple[str, str], list] = {}
    for t in m.touchpoints:
        by_cell.setdefault((t.stage, t.channel), []).append(t)
    gaps = gap_reasons(m, filters)
    emotions = [e for e in m.emotions if filters.keeps(persona=e.persona, stage=e.stage)]
    kpi_values = _latest_kpi_by_touchpoint(m, kpi, filters) if kpi else {}
    answers = (
        measured_by_touchpoint(measured or Measured(), measure, filters)
        if measure in ("csat", "nps")
        else {}
    )
    rows = []
    for si, stage in enumerate(stages):
        stage_scores = [e.score for e in emotions if e.stage == stage]
        for ci, channel in enumerate(channels):
            items = by_cell.get((stage, channel), [])
            names = {t.name for t in items}
            scores = [e.score for e in emotions if e.stage == stage and e.touchpoint in names]
            emotion = (_mean(scores) if scores else _mean(stage_scores)) if items else None
            counts = {q: sum(1 for t in items if t.qualification == q) for q in QUALIFICATIONS}
            kpis = [kpi_values[(stage, t.name)] for t in items if (stage, t.name) in kpi_values]
            # a touchpoint is its stage and name: a name at two stages has two measured values
            answered = [answers[stage, t.name] for t in items if (stage, t.name) in answers]
            value = {
                "touchpoints": float(len(items)) if items else None,
                "emotion": emotion,
                "irritants": float(counts["irritant"]) if items else None,
                "kpi": _mean(kpis),
                "csat": _weighted(answered),
                "nps": _weighted(answered),
            }[measure]
            rows.append(
                dict(
                    stage=stage,
                    stage_index=si,
                    channel=channel,
                    channel_index=ci,
                    value=value,
                    count=len(items),
                    **{f"{q}s" if q != "missing" else q: n for q, n in counts.items()},
                    emotion=emotion,
                    touchpoints="\n".join(f"{MARKERS[t.qualification]} {t.name}" for t in items),
                    moments_of_truth=sum(1 for t in items if t.moment_of_truth),
                    gap=not items and (stage, channel) in gaps,
                    gap_reason=None if items else gaps.get((stage, channel)),
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "stage",
            "stage_index",
            "channel",
            "channel_index",
            "value",
            "count",
            "irritants",
            "delights",
            "missing",
            "neutrals",
            "emotion",
            "touchpoints",
            "moments_of_truth",
            "gap",
            "gap_reason",
        ],
    )


GapReason = Literal["neighbours", "preferred"]
GAP_REASONS: tuple[GapReason, ...] = ("neighbours", "preferred")


def gap_reason(
    m: JourneyMap, stage: str, channel: str, filters: Filters = NO_FILTER
) -> GapReason | None:
    """Why an EMPTY cell is a gap worth a look, or None when its emptiness is normal.

    An empty cell is not a gap by itself (most channels serve a few stages).  It is one when
    the channel serves the journey on both sides of it -- the stage just before AND the stage
    just after have touchpoints on that channel (the journey's own order, whatever the stage
    filter shows) -- or when a persona filter is set and the channel is one of those personas'
    preferred channels.  A cell with touchpoints is never a gap; its declared absences
    (touchpoints qualified "missing") are flagged on their own.
    """
    if any(t.stage == stage and t.channel == channel for t in m.touchpoints):
        return None
    order = [s.name for s in m.stages]
    if stage not in order:
        return None
    i = order.index(stage)
    served = {t.stage for t in m.touchpoints if t.channel == channel}
    if 0 < i < len(order) - 1 and order[i - 1] in served and order[i + 1] in served:
        return "neighbours"
    preferred = {c for p in m.personas if p.name in filters.personas for c in p.preferred_channels}
    if channel in preferred:
        return "preferred"
    return None


def gap_reasons(m: JourneyMap, filters: Filters = NO_FILTER) -> dict[tuple[str, str], GapReason]:
    """(stage, channel) -> :func:`gap_reason` of every gap of the filtered grid."""
    reasons = {}
    for stage in m.stages:
        if not filters.keeps(stage=stage.name):
            continue
        for channel in m.channels:
            if not filters.keeps(channel=channel.name):
                continue
            reason = gap_reason(m, stage.name, channel.name, filters)
            if reason is not None:
                reasons[stage.name, channel.name] = reason
    return reasons


def matrix_labels(m: JourneyMap, filters: Filters = NO_FILTER) -> pd.DataFrame:
    """One row per touchpoint of the grid: its line in the cell, its label (marker, name, ★ for
    a moment of truth) and its qualification, for naming touchpoints inside the cells."""
    rows = []
    lines: dict[tuple[str, str], int] = {}
    for t in m.touchpoints:
        if not filters.keeps(stage=t.stage, channel=t.channel):
            continue
        line = lines.get((t.stage, t.channel), 0)
        lines[(t.stage, t.channel)] = line + 1
        rows.append(
            dict(
                stage=t.stage,
                channel=t.channel,
                line=line,
                # the ★ first: a name cut to its cell's width keeps it
                label=f"{MARKERS[t.qualification]}{'★' if t.moment_of_truth else ''} {t.name}",
                qualification=t.qualification,
                name=t.name,
                moment_of_truth=t.moment_of_truth,
            )
        )
    return pd.DataFrame(
        rows,
        columns=["stage", "channel", "line", "label", "qualification", "name", "moment_of_truth"],
    )


def _weighted(values: list[tuple[float, int]]) -> float | None:
    """The mean of measured values weighted by their number of answers."""
    total = sum(n for _v, n in values)
    return sum(v * n for v, n in values) / total if total else None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _latest_kpi_by_touchpoint(
    m: JourneyMap, kpi: str, filters: Filters
) -> dict[tuple[str, str], float]:
    latest: dict[tuple[str, str], tuple[str, float]] = {}
    for k in m.kpis:
        if k.name != kpi or not k.touchpoint or not filters.keeps(persona=k.persona):
            continue
        key = (k.stage or "", k.touchpoint)
        if key not in latest or (k.period or "") >= latest[key][0]:
            latest[key] = (k.period or "", k.value)
    return {key: value for key, (_p, value) in latest.items()}


DETAIL_COLUMNS = (
    "touchpoint",
    "qualification",
    "moment_of_truth",
    "category",
    "layer",
    "data_collection",
    "owner",
    "description",
    "emotion",
    "kpis",
)


def touchpoint_details(m: JourneyMap, stage: str, channel: str) -> pd.DataFrame:
    """Every detail of the touchpoints in one cell, with their mean emotion and KPIs."""
    rows = []
    for t in m.touchpoints:
        if t.stage != stage or t.channel != channel:
            continue
        scores = [e.score for e in m.emotions if e.stage == stage and e.touchpoint == t.name]
        kpis = ", ".join(
            f"{k.name} {_number(k.value)}{k.unit or ''}"
            for k in m.kpis
            if k.touchpoint == t.name and k.stage == stage
        )
        rows.append(
            dict(
                touchpoint=t.name,
                qualification=t.qualification,
                moment_of_truth=t.moment_of_truth,
                category=t.category,
                layer=t.layer,
                data_collection=t.data_collection,
                owner=t.owner,
                description=t.description,
                emotion=_mean(scores),
                kpis=kpis,
                **{
                    (f"{k} (extra)" if str(k) in DETAIL_COLUMNS else str(k)): v
                    for k, v in t.extra.items()
                },
            )
        )
    return pd.DataFrame(rows)


def _number(value: float) -> str:
    return f"{value:g}"


def qualification_counts(m: JourneyMap, filters: Filters = NO_FILTER) -> dict[str, int]:
    counts = dict.fromkeys(QUALIFICATIONS, 0)
    for t in m.touchpoints:
        if filters.keeps(stage=t.stage, channel=t.channel):
            counts[t.qualification] += 1
    return counts


def worst_irritants(m: JourneyMap, filters: Filters = NO_FILTER, limit: int = 5) -> pd.DataFrame:
    """Irritant touchpoints, moments of truth first, then by the lowest emotion felt there."""
    rows = []
    for t in m.touchpoints:
        if t.qualification != "irritant" or not filters.keeps(stage=t.stage, channel=t.channel):
            continue
        scores = [
            e.score
            for e in m.emotions
            if e.stage == t.stage and e.touchpoint == t.name and filters.keeps(persona=e.persona)
        ]
        if not scores:  # fall back on the stage's emotion
            scores = [
                e.score
                for e in m.emotions
                if e.stage == t.stage and filters.keeps(persona=e.persona)
            ]
        rows.append(
            dict(
                touchpoint=t.name,
                stage=t.stage,
                channel=t.channel,
                moment_of_truth=t.moment_of_truth,
                emotion=_mean(scores),
            )
        )
    frame = pd.DataFrame(
        rows, columns=["touchpoint", "stage", "channel", "moment_of_truth", "emotion"]
    )
    if frame.empty:
        return frame
    frame["_e"] = frame["emotion"].fillna(float("inf"))
    frame = frame.sort_values(["moment_of_truth", "_e"], ascending=[False, True])
    return frame.drop(columns="_e").head(limit).reset_index(drop=True)


# --- actions ----------------------------------------------------------------------------------

QUADRANTS = ("quick_win", "major_project", "fill_in", "thankless")


def quadrant(impact: float | None, effort: float | None) -> str | None:
    """Where an action sits on the impact/effort matrix (on the middle line counts as the
    better side: impact 3 is high, effort 3 is low)."""
    if impact is None or effort is None:
        return None
    high, easy = impact >= RATING_MIDDLE, effort <= RATING_MIDDLE
    return {
        (True, True): "quick_win",
        (True, False): "major_project",
        (False, True): "fill_in",
        (False, False): "thankless",
    }[(high, easy)]


ACTION_COLUMNS = [
    "id",
    "action",
    "impact",
    "effort",
    "quadrant",
    "score",
    "stage",
    "touchpoint",
    "pain_point",
    "type",
    "status",
    "owner",
    "cost",
    "reach",
    "due",
    "expected_gain",
]


def actions_frame(m: JourneyMap, filters: Filters = NO_FILTER) -> pd.DataFrame:
    """The actions ranked: quick wins first, then by impact over effort.  `id` is the action's
    position in the journey (what the store edits by)."""
    rows = []
    for position, a in enumerate(m.actions):
        if not filters.keeps(stage=a.stage):
            continue
        rows.append(
            dict(
                id=position,
                action=a.name,
                impact=a.impact,
                effort=a.effort,
                quadrant=quadrant(a.impact, a.effort),
                score=(a.impact / a.effort) if a.impact and a.effort else None,
                stage=a.stage,
                touchpoint=a.touchpoint,
                pain_point=a.pain_point,
                type=a.type,
                status=a.status,
                owner=a.owner,
                cost=a.cost,
                reach=a.reach,
                due=a.due,
                expected_gain=a.expected_gain,
            )
        )
    frame = pd.DataFrame(rows, columns=ACTION_COLUMNS)
    if frame.empty:
        return frame
    rank = {q: i for i, q in enumerate(QUADRANTS)}
    frame["_q"] = frame["quadrant"].map(rank).fillna(len(rank))
    frame = frame.sort_values(["_q", "score"], ascending=[True, False], na_position="last")
    frame["quadrant"] = frame["quadrant"].astype(object).where(frame["quadrant"].notna(), None)
    return frame.drop(columns="_q").reset_index(drop=True)


def bubble_size(actions: pd.DataFrame) -> str:
    """What sizes the bubbles of the impact/effort matrix: the reach when one of the actions it
    draws (those rated for impact and effort) has one, else the cost."""
    rated = actions.dropna(subset=["impact", "effort"])
    return "reach" if rated["reach"].notna().any() else "cost"


def addressed_touchpoint(m: JourneyMap, action: Action) -> Touchpoint | None:
    """The touchpoint an action addresses (at its stage), if it names one."""
    return next(
        (
            t
            for t in m.touchpoints
            if action.touchpoint and t.name == action.touchpoint and t.stage == action.stage
        ),
        None,
    )


def quick_wins(m: JourneyMap, filters: Filters = NO_FILTER, limit: int = 5) -> pd.DataFrame:
    frame = actions_frame(m, filters)
    return frame[(frame["quadrant"] == "quick_win") & (frame["status"] != "done")].head(limit)


# --- KPIs -------------------------------------------------------------------------------------

KPI_COLUMNS = [
    "kpi",
    "stage",
    "touchpoint",
    "persona",
    "period",
    "value",
    "target",
    "gap",
    "unit",
    "direction",
    "status",
    "previous",
    "delta",
    "n",
]


KpiStatus = Literal["green", "amber", "red", "grey"]
STATUSES: tuple[KpiStatus, ...] = ("green", "amber", "red", "grey")  # what kpi_status says


def kpi_status(value: float, target: float | None, direction: Direction) -> KpiStatus:
    """green when the target is met, amber when within 10 % of it, red beyond; grey: no target."""
    if target is None:
        return "grey"
    shortfall = (target - value) if direction == "higher" else (value - target)
    if shortfall <= 0:
        return "green"
    margin = AMBER_MARGIN * abs(target)
    return "amber" if shortfall <= margin + 1e-9 * max(abs(target), 1.0) else "red"


def kpi_history(m: JourneyMap, filters: Filters = NO_FILTER) -> pd.DataFrame:
    """Every KPI row that passes the filters, in period order within each series."""
    rows = [
        dict(
            kpi=k.name,
            stage=k.stage,
            touchpoint=k.touchpoint,
            persona=k.persona,
            period=k.period or "",
            value=k.value,
            target=k.target,
            unit=k.unit or "",
            direction=k.direction,
            n=k.n,
        )
        for k in m.kpis
        if filters.keeps(persona=k.persona, stage=k.stage)
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "kpi",
            "stage",
            "touchpoint",
            "persona",
            "period",
            "value",
            "target",
            "unit",
            "direction",
            "n",
        ],
    )
    return frame.sort_values(["kpi", "period"], kind="stable").reset_index(drop=True)


def kpi_table(m: JourneyMap, filters: Filters = NO_FILTER) -> pd.DataFrame:
    """The latest value of each KPI series (KPI × stage × touchpoint × persona) with its target,
    gap (positive = better than target), status and change since the previous period."""
    history = kpi_history(m, filters)
    if history.empty:
        return pd.DataFrame(columns=KPI_COLUMNS)
    keys = ["kpi", "stage", "touchpoint", "persona"]
    rows = []
    for _key, series in history.fillna({"stage": "", "touchpoint": "", "persona": ""}).groupby(
        keys, sort=False
    ):
        series = series.sort_values("period", kind="stable")
        last = series.iloc[-1]
        previous = series.iloc[-2]["value"] if len(series) > 1 else None
        target = last["target"] if pd.notna(last["target"]) else None
        sign = 1 if last["direction"] == "higher" else -1
        rows.append(
            dict(
                kpi=last["kpi"],
                stage=last["stage"] or None,
                touchpoint=last["touchpoint"] or None,
                persona=last["persona"] or None,
                period=last["period"] or None,
                value=last["value"],
                target=target,
                gap=round(sign * (last["value"] - target), 9) if target is not None else None,
                unit=last["unit"],
                direction=last["direction"],
                status=kpi_status(last["value"], target, last["direction"]),
                previous=previous,
                delta=round(last["value"] - previous, 9) if previous is not None else None,
                n=last["n"] if pd.notna(last["n"]) else None,
            )
        )
    return pd.DataFrame(rows, columns=KPI_COLUMNS)


def kpi_touchpoints(m: JourneyMap) -> list[str]:
    """The touchpoints a KPI can be chosen by: those of the map and those KPIs name."""
    return sorted({k.touchpoint for k in m.kpis if k.touchpoint} | {t.name for t in m.touchpoints})


def of_touchpoints(frame: pd.DataFrame, touchpoints: Iterable[str] = ()) -> pd.DataFrame:
    """The rows of a KPI table or history on these touchpoints (every row when none is given)."""
    chosen = list(touchpoints)
    return frame[frame["touchpoint"].isin(chosen)] if chosen else frame


def kpi_series(
    m: JourneyMap, filters: Filters = NO_FILTER, *, kpi: str, touchpoints: Iterable[str] = ()
) -> pd.DataFrame:
    """One KPI across periods (:func:`kpi_history`), on the chosen touchpoints."""
    history = kpi_history(m, filters)
    return of_touchpoints(history[history["kpi"] == kpi], touchpoints)


HEADLINE_COLUMNS = [*KPI_COLUMNS, "low", "high", "source"]
KpiSource = Literal["measured", "typed"]  # from survey answers, or typed in the workshop's map


def headline_kpis(
    m: JourneyMap,
    filters: Filters = NO_FILTER,
    limit: int = 4,
    *,
    measured: Measured | None = None,
) -> pd.DataFrame:
    """The journey-wide KPIs, those with a target and the known ones (NPS, CSAT…) first.

    Measured beats typed: where the answers measure NPS, CSAT or CES over the whole journey (for
    the one persona chosen, if one is), the card shows the measured value with its ``n`` and 95 %
    interval (``low``, ``high``) and ``source`` "measured", compared with the map's target of the
    same KPI (a journey-wide typed KPI of that name and a comparable unit); elsewhere the typed
    value, ``source`` "typed".  A stage or channel filter keeps the typed values: the answers
    are not counted for a subset of stages here."""
    table = kpi_table(m, filters)
    if table.empty:
        table = pd.DataFrame(columns=KPI_COLUMNS)
    overall = table[table["stage"].isna() & table["touchpoint"].isna() & table["persona"].isna()]
    pool = overall if not overall.empty else table
    pool = pool.assign(low=None, high=None, source="typed").astype({"low": object, "high": object})
    pool = pool[HEADLINE_COLUMNS]
    for kpi in _headline_measured(measured, filters):
        same = [
            i
            for i, row in pool.iterrows()
            if normalise(row["kpi"]) == kpi.metric and comparable(kpi.metric, row["unit"])
        ]
        typed = pool.loc[same[0]] if same else None
        target = typed["target"] if typed is not None and pd.notna(typed["target"]) else None
        direction = typed["direction"] if typed is not None else BETTER[kpi.metric]
        sign = 1 if direction == "higher" else -1
        row = dict(
            kpi=typed["kpi"] if typed is not None else kpi.kpi,
            stage=None,
            touchpoint=None,
            persona=kpi.persona,
            period=None,
            value=kpi.value,
            target=target,
            gap=round(sign * (kpi.value - target), 9) if target is not None else None,
            unit=MEASURED_UNITS[kpi.metric],
            direction=direction,
            status=kpi_status(kpi.value, target, direction),
            previous=None,
            delta=None,
            n=kpi.n,
            low=kpi.low,
            high=kpi.high,
            source="measured",
        )
        if same:
            pool = pool.drop(index=same[0])
        pool = pd.concat(
            [pd.DataFrame([row], columns=HEADLINE_COLUMNS), pool.astype(object)], ignore_index=True
        )
    if pool.empty:
        return pd.DataFrame(columns=HEADLINE_COLUMNS)
    known = ("nps", "csat", "ces", "conversion", "retention", "clv")

    def rank(name: str) -> int:  # whole words: "Success rate" is not a CES
        words = {normalise(w) for w in re.split(r"[\s\-_/()'’.,:;]+", name)}
        return next((i for i, w in enumerate(known) if w in words), len(known))

    pool = pool.assign(_rank=[rank(k) for k in pool["kpi"]], _target=pool["target"].isna())
    pool = pool.sort_values(["_target", "_rank"], kind="stable")
    return pool.drop(columns=["_rank", "_target"]).head(limit).reset_index(drop=True)


def _headline_measured(measured: Measured | None, filters: Filters) -> list[MeasuredKpi]:
    """The journey-wide measured KPIs the headline can show under these filters."""
    if not measured or filters.stages or filters.channels or len(filters.personas) > 1:
        return []
    persona = filters.personas[0] if filters.personas else None
    found = (measured.journey(metric, persona=persona) for metric in measured.metrics)
    return [k for k in found if k is not None]


# The unit a measured KPI is in, and the units a typed KPI of the same name must have to be
# compared with it (a CSAT typed "/5" is not a percentage of satisfied answers; a CES typed
# "%" is not a mean score).
MEASURED_UNITS: dict[Metric, str] = {"nps": "pts", "csat": "%", "ces": ""}
_COMPARABLE_UNITS: dict[Metric, tuple[str, ...]] = {
    "nps": ("", "pts", "pt", "points", "point"),
    "csat": ("", "%"),
}


def comparable(metric: str, unit: str | None) -> bool:
    """Whether a typed KPI named after ``metric`` (nps, csat, ces), in ``unit``, measures the
    same thing as the KPI measured from answers."""
    unit = (unit or "").strip().lower()
    if metric == "ces":
        return unit != "%"
    return metric in _COMPARABLE_UNITS and unit in _COMPARABLE_UNITS[metric]  # type: ignore[index]


_FUNNEL_WORDS = (
    "conversion",
    "abandon",
    "dropoff",
    "drop",
    "churn",
    "attrition",
    "rebond",
    "bounce",
    "transformation",
)


def funnel(m: JourneyMap, filters: Filters = NO_FILTER) -> pd.DataFrame:
    """Per stage, the latest conversion and drop-off rates found among the stage's KPIs."""
    table = kpi_table(m, filters)
    order = stage_index(m)
    columns = ["stage", "stage_index", "kpi", "value", "kind"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for _, row in table.iterrows():
        key = normalise(row["kpi"])
        if row["stage"] not in order or not any(w in key for w in _FUNNEL_WORDS):
            continue
        kind = "conversion" if ("conversion" in key or "transformation" in key) else "drop_off"
        rows.append(
            dict(
                stage=row["stage"],
                stage_index=order[row["stage"]],
                kpi=row["kpi"],
                value=row["value"],
                kind=kind,
            )
        )
    return pd.DataFrame(rows, columns=columns).sort_values("stage_index").reset_index(drop=True)


# --- personas ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Empathy:
    """What a persona says, thinks, does and feels along the journey (from the emotion rows)."""

    says: tuple[str, ...] = ()
    thinks: tuple[str, ...] = ()
    does: tuple[str, ...] = ()
    feels: tuple[str, ...] = field(default=())


def empathy(m: JourneyMap, persona: str, filters: Filters = NO_FILTER) -> Empathy:
    rows = [e for e in m.emotions if e.persona == persona and filters.keeps(stage=e.stage)]

    def gather(values: Iterable[str | None]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for v in values if v))

    return Empathy(
        says=gather([e.says or e.quote for e in rows]),
        thinks=gather(e.thinks for e in rows),
        does=gather(e.does for e in rows),
        feels=gather(f"{e.stage}: {e.feeling}" if e.feeling else None for e in rows),
    )


# --- KPIs measured from survey answers -----------------------------------------------------

MEASURED_COLUMNS = [
    "kpi",
    "stage",
    "touchpoint",
    "channel",
    "persona",
    "period",
    "value",
    "n",
    "low",
    "high",
    "target",
    "gap",
    "status",
    "small",
]
SMALL_SAMPLE = 30  # below this many answers a measured KPI is flagged as uncertain


def measured_table(
    m: JourneyMap,
    measured: Measured,
    filters: Filters = NO_FILTER,
    *,
    touchpoints: Iterable[str] = (),
) -> pd.DataFrame:
    """Measured KPIs (the reported rows of :func:`~cxmap.compute.measures.measured`, all periods
    together) beside the map's typed KPI of the same name and place: target, gap (positive =
    better) and status."""
    chosen = set(touchpoints)
    kept = [
        k.as_dict()
        for k in measured.overall()
        if filters.keeps(persona=k.persona, stage=k.stage, channel=k.channel)
        and (not chosen or k.touchpoint in chosen)
    ]
    if not kept:
        return pd.DataFrame(columns=MEASURED_COLUMNS)
    # the typed KPI of the same name and place, when its unit is comparable (see comparable)
    targets = {
        (normalise(k.name), k.stage, k.touchpoint, k.persona): (k.target, k.direction)
        for k in m.kpis
        if k.target is not None and comparable(normalise(k.name), k.unit)
    }
    frame = pd.DataFrame(kept)
    found = [
        targets.get((normalise(r["kpi"]), r["stage"], r["touchpoint"], r["persona"]), (None, None))
        for r in kept  # the dicts, whose missing dimensions are None (the frame's are NaN)
    ]
    frame["target"] = [t for t, _d in found]
    directions = [d or BETTER[r.lower()] for (_t, d), r in zip(found, frame["kpi"])]
    frame["gap"] = [
        None if t is None else round((v - t) if d == "higher" else (t - v), 6)
        for v, (t, _), d in zip(frame["value"], found, directions)
    ]
    frame["status"] = [
        kpi_status(v, t, d) for v, (t, _), d in zip(frame["value"], found, directions)
    ]
    frame["small"] = frame["n"] < SMALL_SAMPLE
    return frame[MEASURED_COLUMNS]


def stage_satisfaction(
    m: JourneyMap, measured: Measured, filters: Filters = NO_FILTER, *, metric: Metric = "csat"
) -> pd.DataFrame:
    """Per stage, the measured satisfaction (CSAT %, else NPS) and where it sits on the
    journey's emotion scale, for drawing beside the workshop's emotion curve."""
    order = stage_index(m)
    scale = scale_of(m)
    persona = filters.personas[0] if len(filters.personas) == 1 else None
    items = [
        k
        for stage, k in measured.by_stage(metric, persona=persona).items()
        if stage in order and filters.keeps(stage=stage)
    ]
    low, high = RANGES[metric].low, RANGES[metric].high
    frame = pd.DataFrame(
        [
            dict(
                stage=k.stage,
                stage_index=order[k.stage],
                value=k.value,
                n=k.n,
                on_scale=scale.low + (k.value - low) / (high - low) * (scale.high - scale.low),
            )
            for k in items
        ],
        columns=["stage", "stage_index", "value", "n", "on_scale"],
    )
    return frame.sort_values("stage_index").reset_index(drop=True)


DISAGREEMENT = 0.3  # a third of the scale between the emotion felt and the satisfaction measured


def disagreements(curve: pd.DataFrame, satisfaction: pd.DataFrame, scale: Scale) -> pd.DataFrame:
    """Stages where the workshop's emotion and the measured satisfaction disagree by more than
    a third of the emotion scale."""
    if curve.empty or satisfaction.empty:
        return pd.DataFrame(columns=["stage", "emotion", "measured", "difference"])
    joined = curve[["stage", "score"]].merge(
        satisfaction[["stage", "on_scale", "value"]], on="stage"
    )
    joined["difference"] = joined["on_scale"] - joined["score"]
    far = joined[joined["difference"].abs() > DISAGREEMENT * (scale.high - scale.low)]
    return far.rename(columns={"score": "emotion", "value": "measured"})[
        ["stage", "emotion", "measured", "difference"]
    ].reset_index(drop=True)


def measured_by_touchpoint(
    measured: Measured, metric: Metric, filters: Filters = NO_FILTER
) -> dict[tuple[str, str], tuple[float, int]]:
    """(stage, touchpoint) -> (measured value, n), for colouring the matrix by CSAT or NPS: a
    touchpoint is its stage and name, so one name at two stages keeps two values."""
    persona = filters.personas[0] if len(filters.personas) == 1 else None
    return {
        place: (k.value, k.n)
        for place, k in measured.by_touchpoint(metric, persona=persona).items()
    }


def clv(annual_revenue: float | None, years: float | None, costs: float | None) -> float | None:
    """Customer lifetime value: annual revenue × years of relationship − costs."""
    if annual_revenue is None or years is None:
        return None
    return annual_revenue * years - (costs or 0.0)
