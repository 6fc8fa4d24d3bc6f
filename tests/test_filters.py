"""Filters never draw wrong data: every point of the emotion curve (persona lines, the weighted
curve, the target's curve, the measured satisfaction, the lowest/highest labels) and of the
funnel is read back from the Plotly figure and checked against the map, stage by NAME, over
combinations of stage, persona and channel filters on the bank sample.

The expected values are computed here from the map's rows, not by the functions under test."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from cxmap.compute import analysis
from cxmap.compute.analysis import Filters
from cxmap.compute.measures import Measured, MeasuredKpi
from cxmap.domain.model import JourneyMap
from cxmap.view import charts
from cxmap.view.i18n import tr
from tests.workbooks import maps_of_sample

BANK_FILE = Path(__file__).resolve().parent.parent / "data" / "bank.xlsx"
STAGES = ("Research", "Apply online", "Verify identity", "Sign & fund", "First use")


@cache
def bank() -> tuple[JourneyMap, JourneyMap]:
    current, target = maps_of_sample(BANK_FILE)
    assert [s.name for s in current.stages] == list(STAGES)
    return current, target


# A survey's CSAT per stage (and for one persona at two stages): what the emotions page draws
# beside the workshop's curve.
CSAT_BY_STAGE = {"Research": 80.0, "Apply online": 42.0, "Verify identity": 55.0, "First use": 90.0}
CSAT_FARAH = {"Apply online": 30.0, "First use": 70.0}


def measured_csat() -> Measured:
    rows = [
        MeasuredKpi("csat", ("stage",), value, 40, None, None, stage=stage)
        for stage, value in CSAT_BY_STAGE.items()
    ] + [
        MeasuredKpi(
            "csat", ("stage", "persona"), value, 12, None, None, stage=s, persona="Freelancer Farah"
        )
        for s, value in CSAT_FARAH.items()
    ]
    return Measured(tuple(rows))


FILTERS = [
    # nothing filtered: the whole journey
    Filters(),
    # the case: two stages that are not neighbours
    Filters(stages=("Apply online", "First use")),
    # ... chosen in the other order: the map's order is kept
    Filters(stages=("First use", "Apply online")),
    # one stage: one point per line, above its own label (was an empty chart)
    Filters(stages=("First use",)),
    Filters(stages=("Research",)),
    # the middle of the journey
    Filters(stages=("Apply online", "Verify identity", "Sign & fund")),
    # one persona, all stages and two stages
    Filters(personas=("Freelancer Farah",)),
    Filters(personas=("Freelancer Farah",), stages=("Apply online", "First use")),
    # two personas, one stage, one channel
    Filters(
        personas=("Student Sam", "Newcomer Nikolai"),
        stages=("Verify identity",),
        channels=("Branch",),
    ),
    # channels alone do not move the curve
    Filters(channels=("Website", "Mobile app")),
    # every filter at once
    Filters(
        personas=("Student Sam", "Switching Sophie"),
        stages=("Research", "Sign & fund", "First use"),
        channels=("Phone",),
    ),
]


def ids(filters: Filters) -> str:
    return "|".join(f"{k}={'+'.join(v)}" for k, v in vars(filters).items() if v) or "no-filter"


def shown_stages(filters: Filters) -> list[str]:
    return [s for s in STAGES if not filters.stages or s in filters.stages]


def persona_means(m: JourneyMap, filters: Filters) -> dict[str, dict[str, float]]:
    """persona -> stage -> the mean of its emotion rows, under the filters."""
    scores: dict[str, dict[str, list[float]]] = {}
    for e in m.emotions:
        if filters.personas and e.persona not in filters.personas:
            continue
        if e.stage not in shown_stages(filters):
            continue
        scores.setdefault(e.persona, {}).setdefault(e.stage, []).append(e.score)
    return {p: {s: sum(v) / len(v) for s, v in by.items()} for p, by in scores.items()}


def weighted(m: JourneyMap, means: dict[str, dict[str, float]]) -> dict[str, float]:
    """stage -> the share-weighted mean over the personas that have a point there."""
    shares = {p.name: p.share for p in m.personas}
    curve = {}
    for stage in STAGES:
        present = {p: by[stage] for p, by in means.items() if stage in by}
        if not present:
            continue
        if all(shares.get(p) for p in means):
            weights = {p: shares[p] for p in present}
        else:
            weights = dict.fromkeys(present, 1.0)
        curve[stage] = sum(v * weights[p] for p, v in present.items()) / sum(weights.values())
    return curve


def drawn(trace) -> list[tuple[str, float]]:
    return list(zip(trace.x, trace.y))


def same_points(trace, expected: list[tuple[str, float]]) -> bool:
    """The trace draws exactly these stages, in this order, with these values (to 1e-9)."""
    points = drawn(trace)
    return [x for x, _y in points] == [x for x, _y in expected] and all(
        y == pytest.approx(v) for (_x, y), (_s, v) in zip(points, expected)
    )


def by_name(fig, name: str):
    (trace,) = [t for t in fig.data if t.name == name]
    return trace


def in_map_order(points: dict[str, float]) -> list[tuple[str, float]]:
    return [(s, points[s]) for s in STAGES if s in points]


@pytest.mark.parametrize("small", [False, True], ids=["emotions-page", "overview"])
@pytest.mark.parametrize("filters", FILTERS, ids=ids)
def test_every_drawn_point_of_the_curve_sits_at_its_stage_with_its_value(filters, small):
    current, target = bank()
    curve = analysis.emotion_curve(current, filters, target=target)
    satisfaction = analysis.stage_satisfaction(current, measured_csat(), filters)
    fig = charts.journey_curve(curve, small=small, measured=None if small else satisfaction)
    axis = fig.layout.xaxis
    stages = shown_stages(filters)

    # the axis holds the filtered stages, in the map's order, one category each
    assert axis.type == "category"
    assert list(axis.categoryarray) == stages
    assert list(axis.tickvals) == stages
    low, high = axis.range
    assert low <= 0 - 0.4 and high >= len(stages) - 1 + 0.4

    # nothing is drawn at a stage the axis does not show
    for trace in fig.data:
        assert set(trace.x) <= set(stages), trace.name

    # each persona's line: its own mean at each of its stages
    means = persona_means(current, filters)
    assert means, "every combination here has emotions to draw"
    for persona, points in means.items():
        assert same_points(by_name(fig, persona), in_map_order(points)), persona

    # the weighted curve of two personas or more
    mean_curve = weighted(current, means)
    if len(means) > 1:
        assert same_points(by_name(fig, tr("chart.all_personas")), in_map_order(mean_curve))
        # one stage has no line to draw: the weighted point is marked, not invisible
        if len(mean_curve) == 1:
            assert "markers" in by_name(fig, tr("chart.all_personas")).mode
    else:
        assert not [t for t in fig.data if t.name == tr("chart.all_personas")]

    # the target journey's curve, on the same stages
    target_curve = weighted(target, persona_means(target, filters))
    assert same_points(by_name(fig, tr("chart.target")), in_map_order(target_curve))

    # the measured satisfaction (CSAT 0..100 placed on the -2..2 scale), one persona's own
    if not small:
        source = CSAT_FARAH if filters.personas == ("Freelancer Farah",) else CSAT_BY_STAGE
        scale = current.journey.scale
        assert scale is not None
        expected = {
            s: scale.low + v / 100 * (scale.high - scale.low)
            for s, v in source.items()
            if s in stages
        }
        if expected:
            assert same_points(by_name(fig, tr("chart.measured")), in_map_order(expected))
        else:
            assert not [t for t in fig.data if t.name == tr("chart.measured")]

        # the lowest and highest labels point at a real persona point
        labels = [a for a in fig.layout.annotations if a.showarrow]
        assert len(labels) == 2
        for label in labels:
            persona = label.text.split(": ", 1)[1].rsplit(" (", 1)[0]
            assert label.x in stages
            assert means[persona][label.x] == pytest.approx(label.y)
        lowest = min(v for by in means.values() for v in by.values())
        assert min(label.y for label in labels) == pytest.approx(lowest)


@pytest.mark.parametrize(
    "stages",
    [
        # the whole journey, a subset, a single stage
        list(STAGES),
        ["Apply online", "First use"],
        ["Sign & fund"],
    ],
)
def test_funnel_bars_sit_at_their_stage_with_their_value(stages):
    current, _target = bank()
    filters = Filters(stages=tuple(stages)) if stages != list(STAGES) else Filters()
    steps = analysis.funnel(current, filters)
    fig = charts.funnel(steps, stages)
    assert list(fig.layout.xaxis.categoryarray) == stages
    for trace in fig.data:
        kind = "conversion" if trace.name == tr("chart.conversion") else "drop_off"
        expected = steps[(steps["kind"] == kind) & steps["stage"].isin(stages)]
        assert drawn(trace) == list(zip(expected["stage"], expected["value"]))
        assert set(trace.x) <= set(stages)
