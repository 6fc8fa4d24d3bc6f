"""What the pages get from the library ready to draw: the emotion curve (one builder for the
overview, the emotion page and the import preview), the rule that sizes the impact/effort
bubbles, the matrix's measures and the KPI choices.  Small hand-built maps, table-driven."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cxmap.compute import analysis
from cxmap.compute.analysis import Filters
from cxmap.compute.measures import Measured, MeasuredKpi
from cxmap.domain.model import Action, Emotion, Journey, Kpi, Persona, Scale, Stage, Touchpoint
from cxmap.view import charts
from tests.workbooks import journey_map

NAN = math.nan
STAGES = [Stage("Discover"), Stage("Buy"), Stage("Stay")]
CURRENT = journey_map(
    personas=[Persona("Hurried", share=75), Persona("Anxious", share=25)],
    stages=STAGES,
    touchpoints=[Touchpoint("Buy", "Web", "Checkout"), Touchpoint("Stay", "Store", "Card")],
    emotions=[
        Emotion("Hurried", "Discover", 1),
        Emotion("Hurried", "Buy", -2),
        Emotion("Anxious", "Buy", 2),  # the personas disagree most here: spread 4
        Emotion("Hurried", "Stay", 1),
        Emotion("Anxious", "Stay", 0),
    ],
    kpis=[
        Kpi("Conversion", 2.0, touchpoint="Checkout", period="2025-Q4"),
        Kpi("Conversion", 2.5, touchpoint="Checkout", period="2026-Q1"),
        Kpi("Conversion", 9.0, touchpoint="Pickup", period="2026-Q1"),  # not on the map
        Kpi("NPS", 12, period="2026-Q1"),
    ],
)
# the target journey: a stage of its own ("Onboard") and the current stages in another order
TARGET = journey_map(
    journey=Journey("Online store — target", state="target", scale=Scale(-2, 2)),
    personas=[Persona("Hurried")],
    stages=[Stage("Onboard"), Stage("Stay"), Stage("Buy")],
    emotions=[
        Emotion("Hurried", "Onboard", 2),
        Emotion("Hurried", "Stay", 2),
        Emotion("Hurried", "Buy", 1),
    ],
)


# --- the emotion curve ----------------------------------------------------------------------


def test_the_curve_holds_the_points_the_weighted_curve_the_stages_and_the_extremes():
    curve = analysis.emotion_curve(CURRENT)
    assert curve.stages == ["Discover", "Buy", "Stay"]
    assert curve.scale == Scale(-2, 2)
    assert len(curve.points) == 5
    # Buy: -2 × 0.75 + 2 × 0.25 = -1; Stay: 1 × 0.75 + 0 × 0.25 = 0.75
    assert list(curve.curve["score"]) == [1.0, -1.0, 0.75]
    assert list(zip(curve.extremes["kind"], curve.extremes["stage"])) == [
        ("low", "Buy"),
        ("high", "Buy"),
    ]
    assert curve.target is None


@pytest.mark.parametrize(
    "filters, stages, personas",
    [
        # no filter: every stage, every persona
        (Filters(), ["Discover", "Buy", "Stay"], {"Hurried", "Anxious"}),
        # a stage filter keeps the stages drawn in the journey's order, not the filter's
        (Filters(stages=("Stay", "Discover")), ["Discover", "Stay"], {"Hurried", "Anxious"}),
        # a persona filter keeps every stage on the axis
        (Filters(personas=("Anxious",)), ["Discover", "Buy", "Stay"], {"Anxious"}),
    ],
)
def test_the_curve_follows_the_filters(filters, stages, personas):
    curve = analysis.emotion_curve(CURRENT, filters)
    assert curve.stages == stages
    assert set(curve.points["persona"]) == personas


def test_the_target_curve_sits_on_the_current_stages_in_their_order():
    curve = analysis.emotion_curve(CURRENT, target=TARGET)
    assert curve.target is not None
    # "Onboard" is not a stage of the current journey: left out; Buy before Stay, at the
    # current journey's positions (1, 2), not the target's (2, 1)
    assert list(zip(curve.target["stage"], curve.target["stage_index"])) == [
        ("Buy", 1),
        ("Stay", 2),
    ]
    assert list(curve.target["score"]) == [1.0, 2.0]
    assert curve.without_target().target is None
    assert curve.without_target().curve is curve.curve


@pytest.mark.parametrize(
    "m, filters, expected",
    [
        # two personas: the stage where they are furthest apart
        (CURRENT, Filters(), ("Buy", 4.0)),
        # one persona left by the filter: nobody to disagree with
        (CURRENT, Filters(personas=("Hurried",)), None),
        # no emotion at all
        (journey_map(stages=STAGES), Filters(), None),
    ],
    ids=["two-personas", "one-persona", "no-emotion"],
)
def test_the_widest_disagreement_between_personas(m, filters, expected):
    assert analysis.emotion_curve(m, filters).widest_disagreement() == expected


def test_an_empty_curve_says_so():
    assert analysis.emotion_curve(journey_map(stages=STAGES)).empty
    assert not analysis.emotion_curve(CURRENT).empty


@pytest.mark.parametrize("with_target", [True, False])
def test_the_figure_of_the_curve_draws_the_persona_lines_and_the_target(with_target):
    curve = analysis.emotion_curve(CURRENT, target=TARGET)
    fig = charts.journey_curve(curve if with_target else curve.without_target(), lang="en")
    names = [trace.name for trace in fig.data]
    assert {"Hurried", "Anxious", "All personas (weighted by share)"} <= set(names)
    assert ("Target journey" in names) == with_target
    assert list(fig.layout.xaxis.ticktext) == ["Discover", "Buy", "Stay"]


# --- the impact/effort bubbles --------------------------------------------------------------


def actions_of(*actions: Action) -> pd.DataFrame:
    return analysis.actions_frame(journey_map(actions=actions))


@pytest.mark.parametrize(
    "actions, size",
    [
        # a rated action with a reach: sized by reach
        ((Action("A", impact=4, effort=2, reach=1000, cost=5),), "reach"),
        ((Action("A", impact=4, effort=2, reach=1000), Action("B", impact=2, effort=2)), "reach"),
        # no reach at all: by cost (even when no cost either)
        ((Action("A", impact=4, effort=2, cost=5),), "cost"),
        ((Action("A", impact=4, effort=2),), "cost"),
        # only an unrated action has a reach: it is not drawn, so it does not decide
        ((Action("A", impact=4, effort=2, cost=5), Action("B", reach=1000)), "cost"),
        ((Action("A", impact=4, effort=2, cost=5), Action("B", impact=4, reach=1000)), "cost"),
    ],
    ids=["reach", "reach-among-others", "cost", "neither", "unrated-reach", "half-rated-reach"],
)
def test_bubbles_are_sized_by_the_reach_of_the_rated_actions_else_the_cost(actions, size):
    assert analysis.bubble_size(actions_of(*actions)) == size


def test_the_chart_sizes_its_bubbles_by_the_same_rule():
    # an unrated action with a huge reach: the rated bubbles are sized by cost, so the two
    # with different costs differ in size
    frame = actions_of(
        Action("Cheap", impact=4, effort=2, cost=1),
        Action("Dear", impact=2, effort=4, cost=100),
        Action("Unrated", reach=1_000_000),
    )
    sizes = [size for trace in charts.impact_effort(frame).data for size in trace.marker.size]
    assert len(sizes) == 2 and sizes[0] != sizes[1]


# --- the matrix's measures and the KPI choices ---------------------------------------------


@pytest.mark.parametrize(
    "metrics, expected",
    [
        # no survey: the workshop's measures only
        ((), ["touchpoints", "emotion", "irritants", "kpi"]),
        # CSAT measured: offered; NPS not
        (("csat",), ["touchpoints", "emotion", "irritants", "kpi", "csat"]),
        (("csat", "nps", "ces"), list(analysis.MATRIX_MEASURES)),
    ],
)
def test_the_matrix_offers_csat_and_nps_only_when_measured(metrics, expected):
    measured = Measured(
        tuple(MeasuredKpi(metric, (), value=1.0, n=1, low=None, high=None) for metric in metrics)
    )
    assert analysis.matrix_measures(measured) == expected


def test_kpis_can_be_chosen_by_the_touchpoints_of_the_map_and_of_the_kpis():
    assert analysis.kpi_touchpoints(CURRENT) == ["Card", "Checkout", "Pickup"]


@pytest.mark.parametrize(
    "touchpoints, expected",
    [
        # none chosen: every KPI row
        ((), ["Conversion", "Conversion", "NPS"]),
        # chosen touchpoints: their rows only
        (("Pickup",), ["Conversion"]),
        (("Card",), []),
    ],
)
def test_the_kpi_table_keeps_the_chosen_touchpoints(touchpoints, expected):
    table = analysis.of_touchpoints(analysis.kpi_table(CURRENT), touchpoints)
    assert sorted(table["kpi"]) == expected


@pytest.mark.parametrize(
    "kpi, touchpoints, expected",
    [
        # one KPI across its periods, every touchpoint
        ("Conversion", (), [("2025-Q4", 2.0), ("2026-Q1", 2.5), ("2026-Q1", 9.0)]),
        # on one touchpoint
        ("Conversion", ("Checkout",), [("2025-Q4", 2.0), ("2026-Q1", 2.5)]),
        ("NPS", ("Checkout",), []),
    ],
)
def test_a_kpi_series_is_one_kpi_on_the_chosen_touchpoints(kpi, touchpoints, expected):
    series = analysis.kpi_series(CURRENT, kpi=kpi, touchpoints=touchpoints)
    assert sorted(zip(series["period"], series["value"])) == expected
