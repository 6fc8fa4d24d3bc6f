"""What the dashboard computes, checked on small hand-built maps whose numbers are worked out by
hand, then run over every sample workbook for the facts that must hold on any map."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest

from cxmap.compute import analysis
from cxmap.compute.analysis import Filters
from cxmap.compute.measures import measured as measured_from
from cxmap.domain.metrics import AnswerTally
from cxmap.domain.model import (
    Action,
    Channel,
    Emotion,
    JourneyMap,
    Kpi,
    Persona,
    Stage,
    Touchpoint,
)
from tests.workbooks import all_sample_maps, journey_map

DATA = Path(__file__).resolve().parent.parent / "data"


STAGES = (Stage("Discover"), Stage("Buy"), Stage("Stay"))
CHANNELS = (Channel("Web"), Channel("Store"), Channel("App"))

# The shop: Web serves every stage, Store two of them, App none (its cells are gaps).
SHOP = journey_map(
    personas=[Persona("Hurried", share=75), Persona("Anxious", share=25)],
    stages=STAGES,
    channels=CHANNELS,
    touchpoints=[
        Touchpoint("Discover", "Web", "Search page"),
        Touchpoint("Buy", "Web", "Checkout", qualification="irritant", moment_of_truth=True),
        Touchpoint("Buy", "Web", "Promo code", qualification="delight"),
        Touchpoint("Buy", "Store", "Click and collect", qualification="missing"),
        Touchpoint("Stay", "Web", "Newsletter", qualification="irritant"),
        Touchpoint("Stay", "Store", "Loyalty card", qualification="delight", moment_of_truth=True),
    ],
    emotions=[
        Emotion(
            "Hurried",
            "Discover",
            1,
            touchpoint="Search page",
            feeling="curious",
            quote="Found it fast",
        ),
        Emotion(
            "Hurried", "Buy", -2, touchpoint="Checkout", feeling="annoyed", quote="Too many fields"
        ),
        Emotion(
            "Hurried", "Buy", 0, touchpoint="Promo code", feeling="pleased", quote="Free delivery"
        ),
        Emotion(
            "Anxious", "Buy", -1, touchpoint="Checkout", feeling="worried", quote="Is my card safe?"
        ),
        Emotion("Hurried", "Stay", 1, touchpoint="Loyalty card", feeling="pleased"),
        Emotion(
            "Anxious",
            "Stay",
            2,
            touchpoint="Loyalty card",
            feeling="delighted",
            quote="Nice surprise",
        ),
    ],
    kpis=[
        # periods out of order on purpose: "latest" is by period, not by row
        Kpi("Conversion", 2.5, stage="Buy", touchpoint="Checkout", period="2026-Q1"),
        Kpi("Conversion", 2.0, stage="Buy", touchpoint="Checkout", period="2025-Q4"),
        Kpi("Conversion", 9.0, stage="Buy", touchpoint="Click and collect", period="2025-Q3"),
        Kpi("Members", 120, stage="Stay", touchpoint="Loyalty card", period="2026-Q1"),
    ],
)


def row(frame: pd.DataFrame, **where) -> pd.Series:
    """The single row of ``frame`` matching every column = value given."""
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, f"expected one row for {where}, got {mask.sum()}"
    return frame[mask].iloc[0]


# --- emotion_points -------------------------------------------------------------------------


def test_emotion_points_has_one_row_per_persona_and_stage_in_persona_then_stage_order():
    points = analysis.emotion_points(SHOP)
    assert list(zip(points["persona"], points["stage"])) == [
        ("Hurried", "Discover"),
        ("Hurried", "Buy"),
        ("Hurried", "Stay"),
        ("Anxious", "Buy"),
        ("Anxious", "Stay"),
    ]
    assert list(points["stage_index"]) == [0, 1, 2, 1, 2]


@pytest.mark.parametrize(
    "persona,stage,score",
    [
        # a single emotion is its own mean
        ("Hurried", "Discover", 1.0),
        # two emotions of the same persona at one stage (-2 at Checkout, 0 at Promo code)
        ("Hurried", "Buy", -1.0),
        ("Anxious", "Stay", 2.0),
    ],
)
def test_emotion_points_score_is_the_mean_per_persona_and_stage(persona, stage, score):
    points = analysis.emotion_points(SHOP)
    assert row(points, persona=persona, stage=stage)["score"] == pytest.approx(score)


def test_emotion_points_join_touchpoints_feelings_and_quotes_of_the_stage():
    hurried_buy = row(analysis.emotion_points(SHOP), persona="Hurried", stage="Buy")
    assert hurried_buy["touchpoint"] == "Checkout, Promo code"
    assert hurried_buy["feeling"] == "annoyed, pleased"
    assert hurried_buy["quote"] == "Too many fields · Free delivery"


def test_emotion_points_join_skips_blanks_and_repeats():
    m = journey_map(
        personas=[Persona("P")],
        stages=[Stage("S")],
        channels=[Channel("C")],
        touchpoints=[Touchpoint("S", "C", "T")],
        emotions=[
            Emotion("P", "S", 1, touchpoint="T", feeling="calm", quote="ok"),
            Emotion("P", "S", 1, touchpoint="T", feeling="calm", quote="ok"),
            Emotion("P", "S", 1),
        ],
    )
    point = analysis.emotion_points(m).iloc[0]
    assert (point["touchpoint"], point["feeling"], point["quote"]) == ("T", "calm", "ok")


IRRITANT_MAP = journey_map(
    personas=[Persona("P")],
    stages=[Stage("A"), Stage("B"), Stage("C")],
    channels=[Channel("Web")],
    touchpoints=[
        Touchpoint("A", "Web", "Form", qualification="irritant"),
        Touchpoint("B", "Web", "Form", qualification="neutral"),
        Touchpoint("C", "Web", "Chat", qualification="delight"),
    ],
    emotions=[
        Emotion("P", "A", -1, touchpoint="Form"),
        Emotion("P", "B", -1, touchpoint="Form"),  # same name, but neutral at B
        Emotion("P", "C", -1),
    ],
)  # no touchpoint at all


@pytest.mark.parametrize(
    "stage,irritant",
    [
        # the emotion is felt at an irritant touchpoint of its stage
        ("A", True),
        # a touchpoint of the same name is an irritant at another stage only
        ("B", False),
        # an emotion without a touchpoint involves no irritant
        ("C", False),
    ],
)
def test_emotion_points_flag_irritant_only_when_an_irritant_touchpoint_is_involved(stage, irritant):
    points = analysis.emotion_points(IRRITANT_MAP)
    assert bool(row(points, stage=stage)["irritant"]) is irritant


def test_emotion_points_flag_a_stage_irritant_when_any_of_its_emotions_is_at_one():
    points = analysis.emotion_points(SHOP)
    assert bool(row(points, persona="Hurried", stage="Buy")["irritant"]) is True
    assert bool(row(points, persona="Hurried", stage="Stay")["irritant"]) is False


@pytest.mark.parametrize(
    "filters,expected",
    [
        # a persona filter keeps that persona's points only
        (Filters(personas=("Anxious",)), [("Anxious", "Buy"), ("Anxious", "Stay")]),
        # a stage filter keeps those stages for every persona
        (Filters(stages=("Stay",)), [("Hurried", "Stay"), ("Anxious", "Stay")]),
        # both at once
        (
            Filters(personas=("Hurried",), stages=("Discover", "Stay")),
            [("Hurried", "Discover"), ("Hurried", "Stay")],
        ),
        # a channel filter does not apply to emotions
        (
            Filters(channels=("App",)),
            [
                ("Hurried", "Discover"),
                ("Hurried", "Buy"),
                ("Hurried", "Stay"),
                ("Anxious", "Buy"),
                ("Anxious", "Stay"),
            ],
        ),
    ],
)
def test_emotion_points_follow_the_persona_and_stage_filters(filters, expected):
    points = analysis.emotion_points(SHOP, filters)
    assert list(zip(points["persona"], points["stage"])) == expected


def test_emotion_points_of_a_map_without_emotions_is_empty_with_the_columns():
    points = analysis.emotion_points(journey_map(stages=STAGES))
    assert points.empty
    assert list(points.columns) == analysis.EMOTION_COLUMNS


# --- persona_weights ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shares,chosen,expected",
    [
        # weights are the shares, normalised
        ((75, 25), ("A", "B"), {"A": 0.75, "B": 0.25}),
        ((60, 40), ("A", "B"), {"A": 0.6, "B": 0.4}),
        # shares that do not add up to 100 are normalised among the chosen personas
        ((50, 30, 20), ("A", "B"), {"A": 0.625, "B": 0.375}),
        ((50, 30, 20), ("C",), {"C": 1.0}),
        # any missing share: equal weights for everyone
        ((60, None), ("A", "B"), {"A": 0.5, "B": 0.5}),
        ((None, None, None), ("A", "B", "C"), {"A": 1 / 3, "B": 1 / 3, "C": 1 / 3}),
        # a persona the map does not know has no share either
        ((75, 25), ("A", "Ghost"), {"A": 0.5, "Ghost": 0.5}),
        # nobody chosen, no weights
        ((75, 25), (), {}),
    ],
)
def test_persona_weights_are_shares_or_equal_when_a_share_is_missing(shares, chosen, expected):
    m = journey_map(personas=[Persona(name, share=share) for name, share in zip("ABC", shares)])
    weights = analysis.persona_weights(m, chosen)
    assert weights == pytest.approx(expected)


# --- all_personas_curve ---------------------------------------------------------------------


def two_persona_map(share_a, share_b, score_a, score_b) -> JourneyMap:
    return journey_map(
        personas=[Persona("A", share=share_a), Persona("B", share=share_b)],
        stages=[Stage("S")],
        channels=[Channel("C")],
        emotions=[Emotion("A", "S", score_a), Emotion("B", "S", score_b)],
    )


@pytest.mark.parametrize(
    "shares,scores,score,low,high",
    [
        # 75 % of customers at 2, 25 % at -2: weighted 1.0, band -2..2
        ((75, 25), (2, -2), 1.0, -2, 2),
        ((75, 25), (-2, 2), -1.0, -2, 2),
        # equal shares, or unknown ones: the plain mean
        ((50, 50), (1, -1), 0.0, -1, 1),
        ((None, 30), (2, 0), 1.0, 0, 2),
        # personas that agree: no band
        ((10, 90), (1, 1), 1.0, 1, 1),
    ],
)
def test_all_personas_curve_is_the_share_weighted_mean_with_a_low_high_band(
    shares, scores, score, low, high
):
    m = two_persona_map(*shares, *scores)
    curve = analysis.all_personas_curve(m, analysis.emotion_points(m)).iloc[0]
    assert curve["score"] == pytest.approx(score)
    assert (curve["low"], curve["high"]) == (low, high)
    assert curve["spread"] == pytest.approx(high - low)


def test_all_personas_curve_reweights_among_the_personas_present_at_a_stage():
    curve = analysis.all_personas_curve(SHOP, analysis.emotion_points(SHOP))
    # only Hurried felt Discover: its score is the stage's, whatever its share
    assert row(curve, stage="Discover")["score"] == pytest.approx(1.0)
    # Stay: 0.75 × 1 + 0.25 × 2
    assert row(curve, stage="Stay")["score"] == pytest.approx(1.25)


def test_all_personas_curve_has_one_row_per_stage_in_journey_order():
    curve = analysis.all_personas_curve(SHOP, analysis.emotion_points(SHOP))
    assert list(curve["stage"]) == ["Discover", "Buy", "Stay"]
    assert list(curve["stage_index"]) == [0, 1, 2]


def test_all_personas_curve_of_no_points_is_empty_with_its_columns():
    curve = analysis.all_personas_curve(SHOP, analysis.emotion_points(SHOP).iloc[0:0])
    assert curve.empty
    assert list(curve.columns) == ["stage", "stage_index", "score", "low", "high", "spread"]


# --- extremes -------------------------------------------------------------------------------


def test_extremes_are_the_lowest_then_the_highest_point_with_their_persona():
    lows_highs = analysis.extremes(analysis.emotion_points(SHOP))
    assert list(lows_highs["kind"]) == ["low", "high"]
    assert list(zip(lows_highs["persona"], lows_highs["stage"], lows_highs["score"])) == [
        ("Hurried", "Buy", -1.0),
        ("Anxious", "Stay", 2.0),
    ]


def test_extremes_of_no_points_is_empty_with_a_kind_column():
    lows_highs = analysis.extremes(analysis.emotion_points(journey_map()))
    assert lows_highs.empty
    assert "kind" in lows_highs.columns


# --- matrix_cells ---------------------------------------------------------------------------


def test_matrix_cells_list_every_stage_and_channel_combination_in_order():
    cells = analysis.matrix_cells(SHOP)
    assert list(zip(cells["stage"], cells["channel"])) == [
        (s.name, c.name) for s in STAGES for c in CHANNELS
    ]
    assert list(cells["stage_index"]) == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert list(cells["channel_index"]) == [0, 1, 2] * 3


@pytest.mark.parametrize(
    "stage,channel,counts",
    [
        # (count, irritants, delights, missing, neutrals, moments of truth)
        ("Buy", "Web", (2, 1, 1, 0, 0, 1)),
        ("Buy", "Store", (1, 0, 0, 1, 0, 0)),
        ("Discover", "Web", (1, 0, 0, 0, 1, 0)),
        ("Stay", "Store", (1, 0, 1, 0, 0, 1)),
        # an empty cell counts zero everywhere
        ("Discover", "App", (0, 0, 0, 0, 0, 0)),
    ],
)
def test_matrix_cells_count_touchpoints_per_qualification(stage, channel, counts):
    cell = row(analysis.matrix_cells(SHOP), stage=stage, channel=channel)
    assert (
        tuple(cell[["count", "irritants", "delights", "missing", "neutrals", "moments_of_truth"]])
        == counts
    )


def test_matrix_cells_list_the_touchpoint_names_with_their_markers():
    cell = row(analysis.matrix_cells(SHOP), stage="Buy", channel="Web")
    assert cell["touchpoints"] == "● Checkout\n● Promo code"


# Four stages; Web serves Discover, Buy and Leave but not Stay; Store serves Buy only; App,
# nothing.  Hurried prefers the App, Anxious the Store.
GAP_MAP = journey_map(
    personas=[
        Persona("Hurried", preferred_channels=("App",)),
        Persona("Anxious", preferred_channels=("Store",)),
    ],
    stages=[*STAGES, Stage("Leave")],
    channels=CHANNELS,
    touchpoints=[
        Touchpoint("Discover", "Web", "Search page"),
        Touchpoint("Buy", "Web", "Checkout"),
        Touchpoint("Buy", "Store", "Click and collect", qualification="missing"),
        Touchpoint("Leave", "Web", "Unsubscribe"),
    ],
)


@pytest.mark.parametrize(
    "filters,stage,channel,reason",
    [
        # the channel serves the stage before AND the stage after: the empty cell is a gap
        (Filters(), "Stay", "Web", "neighbours"),
        # ... whatever the stage filter shows (the journey's order decides)
        (Filters(stages=("Stay",)), "Stay", "Web", "neighbours"),
        # served on one side only: an empty cell is normal
        (Filters(), "Discover", "Store", None),
        (Filters(), "Stay", "Store", None),
        # the first and the last stage have one neighbour: not gaps by that rule
        (Filters(), "Discover", "App", None),
        (Filters(), "Leave", "Store", None),
        # a channel that serves nothing is not a gap everywhere
        (Filters(), "Buy", "App", None),
        # a cell with touchpoints is never a gap (a declared absence is flagged apart)
        (Filters(), "Buy", "Web", None),
        (Filters(), "Buy", "Store", None),
        # a persona filter: the persona's preferred channels, empty, are gaps
        (Filters(personas=("Hurried",)), "Buy", "App", "preferred"),
        (Filters(personas=("Hurried",)), "Discover", "App", "preferred"),
        (Filters(personas=("Anxious",)), "Stay", "Store", "preferred"),
        # ... and another persona's are not
        (Filters(personas=("Anxious",)), "Buy", "App", None),
        (Filters(personas=("Hurried", "Anxious")), "Leave", "Store", "preferred"),
        # ... nor a preferred channel's cell that has touchpoints
        (Filters(personas=("Anxious",)), "Buy", "Store", None),
        # the neighbours rule wins when both hold
        (Filters(personas=("Hurried",)), "Stay", "Web", "neighbours"),
    ],
)
def test_gap_is_an_empty_cell_between_two_served_stages_or_of_a_preferred_channel(
    filters, stage, channel, reason
):
    assert analysis.gap_reason(GAP_MAP, stage, channel, filters) == reason
    cell = row(analysis.matrix_cells(GAP_MAP, filters), stage=stage, channel=channel)
    assert bool(cell["gap"]) is (reason is not None)
    assert (None if pd.isna(cell["gap_reason"]) else cell["gap_reason"]) == reason


def test_gap_reasons_lists_the_gaps_of_the_filtered_grid_only():
    assert analysis.gap_reasons(GAP_MAP) == {("Stay", "Web"): "neighbours"}
    assert analysis.gap_reasons(GAP_MAP, Filters(channels=("Store",))) == {}
    assert analysis.gap_reasons(GAP_MAP, Filters(personas=("Anxious",))) == {
        ("Discover", "Store"): "preferred",
        ("Stay", "Web"): "neighbours",
        ("Stay", "Store"): "preferred",
        ("Leave", "Store"): "preferred",
    }


@pytest.mark.parametrize(
    "measure,stage,channel,value",
    [
        # touchpoints: how many in the cell
        ("touchpoints", "Buy", "Web", 2.0),
        ("touchpoints", "Stay", "Store", 1.0),
        # emotion: the mean at the cell's touchpoints (-2 and -1 at Checkout, 0 at Promo code)
        ("emotion", "Buy", "Web", -1.0),
        ("emotion", "Stay", "Store", 1.5),
        # irritants: how many in the cell, zero for a cell of other touchpoints
        ("irritants", "Buy", "Web", 1.0),
        ("irritants", "Buy", "Store", 0.0),
        # kpi: the latest period of the KPI at the cell's touchpoints
        ("kpi", "Buy", "Web", 2.5),
        ("kpi", "Buy", "Store", 9.0),
        # ... none where the KPI is not attached
        ("kpi", "Discover", "Web", None),
        # every measure of an empty cell is None
        ("touchpoints", "Discover", "App", None),
        ("emotion", "Discover", "App", None),
        ("irritants", "Discover", "App", None),
        ("kpi", "Discover", "App", None),
    ],
)
def test_matrix_cells_value_is_the_chosen_measure(measure, stage, channel, value):
    assert measure in analysis.MATRIX_MEASURES
    cells = analysis.matrix_cells(SHOP, measure=measure, kpi="Conversion")
    got = row(cells, stage=stage, channel=channel)["value"]
    if value is None:
        assert got is None or pd.isna(got)
    else:
        assert got == pytest.approx(value)


FALLBACK = journey_map(
    personas=[Persona("P")],
    stages=[Stage("S")],
    channels=[Channel("Web"), Channel("Store")],
    touchpoints=[Touchpoint("S", "Web", "Form"), Touchpoint("S", "Store", "Desk")],
    emotions=[Emotion("P", "S", -2, touchpoint="Form"), Emotion("P", "S", 1)],
)


@pytest.mark.parametrize(
    "channel,emotion",
    [
        # the emotion felt at the cell's touchpoint
        ("Web", -2.0),
        # nobody felt the Desk: the mean at its stage, (-2 + 1) / 2
        ("Store", -0.5),
    ],
)
def test_matrix_cells_emotion_falls_back_on_the_stage(channel, emotion):
    cells = analysis.matrix_cells(FALLBACK, measure="emotion")
    assert row(cells, channel=channel)["value"] == pytest.approx(emotion)


def test_matrix_cells_emotion_of_a_cell_whose_stage_has_no_emotion_is_none():
    m = journey_map(
        stages=[Stage("S")], channels=[Channel("C")], touchpoints=[Touchpoint("S", "C", "T")]
    )
    cell = analysis.matrix_cells(m, measure="emotion").iloc[0]
    assert cell["value"] is None or pd.isna(cell["value"])


def test_matrix_cells_kpi_measure_without_a_kpi_is_empty_everywhere():
    cells = analysis.matrix_cells(SHOP, measure="kpi")
    assert cells["value"].isna().all()


def test_matrix_cells_kpi_measure_uses_the_persona_filter():
    m = journey_map(
        personas=[Persona("A"), Persona("B")],
        stages=[Stage("S")],
        channels=[Channel("C")],
        touchpoints=[Touchpoint("S", "C", "T")],
        kpis=[
            Kpi("CSAT", 4.0, stage="S", touchpoint="T", persona="A", period="2026-01"),
            Kpi("CSAT", 2.0, stage="S", touchpoint="T", persona="B", period="2026-01"),
        ],
    )
    cell = analysis.matrix_cells(m, Filters(personas=("A",)), measure="kpi", kpi="CSAT")
    assert cell.iloc[0]["value"] == pytest.approx(4.0)


def test_matrix_cells_emotion_measure_uses_the_persona_filter():
    cells = analysis.matrix_cells(SHOP, Filters(personas=("Anxious",)), measure="emotion")
    assert row(cells, stage="Buy", channel="Web")["value"] == pytest.approx(-1.0)


@pytest.mark.parametrize(
    "filters,stages,channels",
    [
        # a stage filter keeps those rows of the grid
        (Filters(stages=("Buy",)), ["Buy"], ["Web", "Store", "App"]),
        # a channel filter keeps those columns
        (Filters(channels=("Store",)), ["Discover", "Buy", "Stay"], ["Store"]),
        # a persona filter keeps the whole grid
        (Filters(personas=("Anxious",)), ["Discover", "Buy", "Stay"], ["Web", "Store", "App"]),
    ],
)
def test_matrix_cells_follow_the_stage_and_channel_filters(filters, stages, channels):
    cells = analysis.matrix_cells(SHOP, filters)
    assert list(dict.fromkeys(cells["stage"])) == stages
    assert list(dict.fromkeys(cells["channel"])) == channels
    assert len(cells) == len(stages) * len(channels)


# --- matrix_labels --------------------------------------------------------------------------


def test_matrix_labels_number_the_lines_within_each_cell():
    labels = analysis.matrix_labels(SHOP)
    assert list(zip(labels["stage"], labels["channel"], labels["line"])) == [
        ("Discover", "Web", 0),
        ("Buy", "Web", 0),
        ("Buy", "Web", 1),
        ("Buy", "Store", 0),
        ("Stay", "Web", 0),
        ("Stay", "Store", 0),
    ]


@pytest.mark.parametrize(
    "touchpoint,qualification,moment_of_truth,label",
    [
        # the marker says the qualification
        ("Form", "irritant", False, "● Form"),
        ("Form", "delight", False, "● Form"),
        ("Form", "missing", False, "○ Form"),
        ("Form", "neutral", False, "· Form"),
        # a moment of truth gets a star
        ("Form", "irritant", True, "●★ Form"),  # the star first: truncation keeps it
        ("Form", "neutral", True, "·★ Form"),
    ],
)
def test_matrix_labels_mark_the_qualification_and_moments_of_truth(
    touchpoint, qualification, moment_of_truth, label
):
    m = journey_map(
        stages=[Stage("S")],
        channels=[Channel("C")],
        touchpoints=[
            Touchpoint(
                "S", "C", touchpoint, qualification=qualification, moment_of_truth=moment_of_truth
            )
        ],
    )
    labels = analysis.matrix_labels(m)
    assert list(labels["label"]) == [label]
    assert list(labels["qualification"]) == [qualification]


def test_matrix_labels_follow_the_stage_and_channel_filters():
    labels = analysis.matrix_labels(SHOP, Filters(stages=("Buy", "Stay"), channels=("Web",)))
    assert list(labels["label"]) == ["●★ Checkout", "● Promo code", "● Newsletter"]


# --- touchpoint_details ---------------------------------------------------------------------


def test_touchpoint_details_list_the_touchpoints_of_one_cell_with_their_emotion():
    details = analysis.touchpoint_details(SHOP, "Buy", "Web")
    assert list(details["touchpoint"]) == ["Checkout", "Promo code"]
    # Checkout: -2 (Hurried) and -1 (Anxious); Promo code: 0
    assert list(details["emotion"]) == pytest.approx([-1.5, 0.0])
    assert list(details["qualification"]) == ["irritant", "delight"]
    assert list(details["moment_of_truth"]) == [True, False]


def test_touchpoint_details_name_the_kpis_attached_to_a_touchpoint():
    details = analysis.touchpoint_details(SHOP, "Stay", "Store")
    assert details.iloc[0]["kpis"] == "Members 120"


def test_touchpoint_details_carry_the_extra_columns_of_the_workbook():
    m = journey_map(
        stages=[Stage("S")],
        channels=[Channel("C")],
        touchpoints=[Touchpoint("S", "C", "T", extra={"Cost centre": "B12"})],
    )
    assert analysis.touchpoint_details(m, "S", "C").iloc[0]["Cost centre"] == "B12"


def test_touchpoint_details_survive_an_extra_column_named_like_a_detail():
    # A Touchpoints sheet with a column headed "emotion" (or "kpis") is read without error,
    # the header kept as an extra; the details must still show the computed emotion.
    m = journey_map(
        stages=[Stage("S")],
        channels=[Channel("C")],
        personas=[Persona("P")],
        touchpoints=[Touchpoint("S", "C", "T", extra={"emotion": "happy"})],
        emotions=[Emotion("P", "S", 2, touchpoint="T")],
    )
    details = analysis.touchpoint_details(m, "S", "C")
    assert details.iloc[0]["emotion"] == pytest.approx(2.0)


def test_touchpoint_details_of_an_empty_cell_is_empty():
    assert analysis.touchpoint_details(SHOP, "Discover", "App").empty


# --- qualification_counts -------------------------------------------------------------------


@pytest.mark.parametrize(
    "filters,expected",
    [
        # all touchpoints
        (Filters(), {"irritant": 2, "delight": 2, "missing": 1, "neutral": 1}),
        # a stage filter
        (Filters(stages=("Buy",)), {"irritant": 1, "delight": 1, "missing": 1, "neutral": 0}),
        # a channel filter
        (Filters(channels=("Store",)), {"irritant": 0, "delight": 1, "missing": 1, "neutral": 0}),
        # a persona filter does not apply to touchpoints
        (Filters(personas=("Anxious",)), {"irritant": 2, "delight": 2, "missing": 1, "neutral": 1}),
    ],
)
def test_qualification_counts_count_each_kind_within_the_filters(filters, expected):
    assert analysis.qualification_counts(SHOP, filters) == expected


# --- worst_irritants ------------------------------------------------------------------------

IRRITANTS = journey_map(
    personas=[Persona("P"), Persona("Q")],
    stages=[Stage("A"), Stage("B"), Stage("C")],
    channels=[Channel("Web"), Channel("Store")],
    touchpoints=[
        Touchpoint("A", "Web", "Slow site", qualification="irritant"),
        Touchpoint("A", "Web", "Home", qualification="delight"),
        Touchpoint("B", "Web", "Checkout", qualification="irritant", moment_of_truth=True),
        Touchpoint("B", "Store", "Queue", qualification="irritant"),
        Touchpoint("C", "Store", "Parking", qualification="irritant"),
    ],
    emotions=[
        Emotion("P", "A", -2, touchpoint="Slow site"),
        Emotion("P", "A", 2, touchpoint="Home"),
        Emotion("P", "B", -1, touchpoint="Checkout"),
        Emotion("Q", "B", 0, touchpoint="Checkout"),
        Emotion("Q", "B", 1),  # at stage B, no touchpoint: what Queue falls back on
    ],
)


def test_worst_irritants_put_moments_of_truth_first_then_the_lowest_emotion():
    worst = analysis.worst_irritants(IRRITANTS)
    # Checkout (-0.5) is a moment of truth: before Slow site (-2); Parking has no emotion: last
    assert list(worst["touchpoint"]) == ["Checkout", "Slow site", "Queue", "Parking"]
    assert list(worst["moment_of_truth"]) == [True, False, False, False]


@pytest.mark.parametrize(
    "touchpoint,emotion",
    [
        # the mean of the emotions felt at the touchpoint
        ("Checkout", -0.5),
        ("Slow site", -2.0),
        # none at the touchpoint: the stage's emotion (-1, 0 and 1 at B)
        ("Queue", 0.0),
        # none at the stage either
        ("Parking", None),
    ],
)
def test_worst_irritants_emotion_falls_back_on_the_stage(touchpoint, emotion):
    got = row(analysis.worst_irritants(IRRITANTS), touchpoint=touchpoint)["emotion"]
    if emotion is None:
        assert got is None or pd.isna(got)
    else:
        assert got == pytest.approx(emotion)


def test_worst_irritants_leave_out_other_qualifications():
    worst = analysis.worst_irritants(IRRITANTS)
    assert "Home" not in set(worst["touchpoint"])


def test_worst_irritants_stop_at_the_limit():
    assert list(analysis.worst_irritants(IRRITANTS, limit=2)["touchpoint"]) == [
        "Checkout",
        "Slow site",
    ]


@pytest.mark.parametrize(
    "filters,touchpoints",
    [
        # stage and channel filters choose the touchpoints
        (Filters(stages=("B",)), ["Checkout", "Queue"]),
        (Filters(channels=("Store",)), ["Queue", "Parking"]),
        # a persona filter changes the emotions: Q felt 0 at Checkout, 1 at stage B
        (Filters(personas=("Q",)), ["Checkout", "Queue", "Slow site", "Parking"]),
    ],
)
def test_worst_irritants_follow_the_filters(filters, touchpoints):
    assert list(analysis.worst_irritants(IRRITANTS, filters)["touchpoint"]) == touchpoints


def test_worst_irritants_of_a_map_without_irritants_is_empty():
    assert analysis.worst_irritants(journey_map(stages=STAGES)).empty


# --- quadrant -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "impact,effort,expected",
    [
        # the four corners
        (5, 1, "quick_win"),
        (5, 5, "major_project"),
        (1, 1, "fill_in"),
        (1, 5, "thankless"),
        # the middle line counts as the better side: impact 3 is high, effort 3 is low
        (3, 3, "quick_win"),
        (3, 5, "major_project"),
        (1, 3, "fill_in"),
        # just off the middle line
        (3, 3.5, "major_project"),
        (2.9, 3, "fill_in"),
        (2.5, 3.5, "thankless"),
        # unrated on either axis: nowhere
        (None, 3, None),
        (3, None, None),
        (None, None, None),
    ],
)
def test_quadrant_places_an_action_on_the_impact_effort_matrix(impact, effort, expected):
    assert analysis.quadrant(impact, effort) == expected


def test_quadrant_names_are_the_four_quadrants():
    assert {analysis.quadrant(i, e) for i in (1, 5) for e in (1, 5)} == set(analysis.QUADRANTS)


# --- actions_frame and quick_wins -----------------------------------------------------------

ACTIONS = journey_map(
    stages=STAGES,
    actions=[
        Action("Big platform", impact=5, effort=5),  # 0: major project, score 1
        Action("Fix typo", impact=3, effort=1, stage="Discover"),  # 1: quick win, score 3
        Action(
            "One-page checkout", impact=5, effort=2, stage="Buy", due=dt.date(2026, 3, 1)
        ),  # 2: quick win, score 2.5
        Action("Someday", stage="Buy"),  # 3: unrated
        Action("Poster", impact=1, effort=2, stage="Discover"),  # 4: fill-in, score 0.5
        Action("Rebuild CRM", impact=2, effort=5, stage="Stay"),  # 5: thankless, score 0.4
        Action("Chatbot", impact=5, effort=4, stage="Buy"),  # 6: major project, score 1.25
    ],
)


def test_actions_frame_ranks_quick_wins_first_then_by_impact_over_effort():
    frame = analysis.actions_frame(ACTIONS)
    assert list(frame["id"]) == [1, 2, 6, 0, 4, 5, 3]
    assert list(frame["quadrant"].iloc[:-1]) == [
        "quick_win",
        "quick_win",
        "major_project",
        "major_project",
        "fill_in",
        "thankless",
    ]


def test_actions_frame_quadrant_of_an_unrated_action_is_none():
    # None, as quadrant() says, not NaN: the prioritisation page shows "—" for a falsy
    # quadrant and looks up tr(f"quad.{q}") otherwise (NaN is truthy: "quad.nan").
    frame = analysis.actions_frame(ACTIONS)
    assert row(frame, id=3)["quadrant"] is None


def test_actions_frame_id_is_the_position_of_the_action_in_the_journey():
    frame = analysis.actions_frame(ACTIONS)
    for _, action in frame.iterrows():
        assert ACTIONS.actions[action["id"]].name == action["action"]


@pytest.mark.parametrize(
    "action_id,score",
    [
        # impact over effort
        (1, 3.0),
        (2, 2.5),
        (5, 0.4),
        # unrated: no score
        (3, None),
    ],
)
def test_actions_frame_score_is_impact_over_effort(action_id, score):
    got = row(analysis.actions_frame(ACTIONS), id=action_id)["score"]
    if score is None:
        assert got is None or pd.isna(got)
    else:
        assert got == pytest.approx(score)


@pytest.mark.parametrize(
    "filters,ids",
    [
        # a stage filter keeps that stage's actions and those attached to no stage
        (Filters(stages=("Buy",)), [2, 6, 0, 3]),
        (Filters(stages=("Stay",)), [0, 5]),
        # persona and channel filters do not apply to actions
        (Filters(personas=("X",), channels=("Y",)), [1, 2, 6, 0, 4, 5, 3]),
    ],
)
def test_actions_frame_follows_the_stage_filter(filters, ids):
    assert list(analysis.actions_frame(ACTIONS, filters)["id"]) == ids


def test_actions_frame_of_no_actions_is_empty_with_its_columns():
    frame = analysis.actions_frame(journey_map())
    assert frame.empty
    assert list(frame.columns) == analysis.ACTION_COLUMNS


def test_quick_wins_are_the_quick_win_actions_in_rank_order():
    assert list(analysis.quick_wins(ACTIONS)["action"]) == ["Fix typo", "One-page checkout"]


def test_quick_wins_exclude_done_actions():
    done = journey_map(
        actions=[
            Action("Fix typo", impact=3, effort=1, status="done"),
            Action("Checkout", impact=5, effort=2, status="in progress"),
            Action("Banner", impact=4, effort=1, status="idea"),
        ]
    )
    assert list(analysis.quick_wins(done)["action"]) == ["Banner", "Checkout"]


def test_quick_wins_stop_at_the_limit():
    many = journey_map(actions=[Action(f"A{i}", impact=5, effort=1) for i in range(8)])
    assert len(analysis.quick_wins(many, limit=3)) == 3


# --- kpi_status -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,target,direction,expected",
    [
        # no target: grey, whatever the value
        (12, None, "higher", "grey"),
        (12, None, "lower", "grey"),
        # higher is better: met or beaten is green
        (30, 30, "higher", "green"),
        (35, 30, "higher", "green"),
        # ... short by up to 10 % of the target is amber, the boundary included
        (29, 30, "higher", "amber"),
        (27, 30, "higher", "amber"),
        (90, 100, "higher", "amber"),
        # ... beyond 10 % is red
        (26.9, 30, "higher", "red"),
        (12, 30, "higher", "red"),
        # lower is better: at or under the target is green
        (10, 10, "lower", "green"),
        (8, 10, "lower", "green"),
        # ... over by up to 10 % is amber, beyond is red
        (10.5, 10, "lower", "amber"),
        (11, 10, "lower", "amber"),
        (66, 60, "lower", "amber"),
        (11.1, 10, "lower", "red"),
        (20, 10, "lower", "red"),
        # a negative target (an NPS): the margin is 10 % of its size
        (-11, -10, "higher", "amber"),
        (-12, -10, "higher", "red"),
        (-5, -10, "higher", "green"),
        # a zero target: any shortfall is red
        (-0.5, 0, "higher", "red"),
        (0.5, 0, "lower", "red"),
        (0, 0, "lower", "green"),
        # exactly 10 % off with decimals: 4.05 is 10 % under 4.5, 1.1 is 10 % over 1
        (4.05, 4.5, "higher", "amber"),
        (1.1, 1, "lower", "amber"),
    ],
)
def test_kpi_status_is_green_amber_red_or_grey(value, target, direction, expected):
    assert analysis.kpi_status(value, target, direction) == expected


# --- kpi_table ------------------------------------------------------------------------------

KPIS = journey_map(
    personas=[Persona("Hurried"), Persona("Anxious")],
    stages=STAGES,
    kpis=[
        Kpi("NPS", 12, target=30, unit="pts", period="2026-Q1", n=400),
        Kpi("NPS", 10, target=30, unit="pts", period="2025-Q4", n=380),
        Kpi("NPS", 5, target=30, unit="pts", period="2025-Q3", n=350),
        Kpi(
            "Wait time", 8, target=10, unit="min", direction="lower", stage="Buy", period="2026-Q1"
        ),
        Kpi(
            "Wait time", 12, target=10, unit="min", direction="lower", stage="Buy", period="2026-Q2"
        ),
        Kpi("CSAT", 4.0, target=4.5, stage="Buy", persona="Hurried", period="2026-Q1"),
        Kpi("CSAT", 3.0, target=4.5, stage="Buy", persona="Anxious", period="2026-Q1"),
        Kpi("Members", 120, stage="Stay", touchpoint="Loyalty card", period="2026-Q1"),
    ],
)


def test_kpi_table_has_one_row_per_series():
    table = analysis.kpi_table(KPIS)
    assert sorted(zip(table["kpi"], table["persona"].fillna("-"))) == [
        ("CSAT", "Anxious"),
        ("CSAT", "Hurried"),
        ("Members", "-"),
        ("NPS", "-"),
        ("Wait time", "-"),
    ]


@pytest.mark.parametrize(
    "kpi,persona,period,value,previous,delta",
    [
        # the latest period, whatever the order of the rows; delta to the period before
        ("NPS", None, "2026-Q1", 12, 10, 2),
        ("Wait time", None, "2026-Q2", 12, 8, 4),
        # a single period has no previous value
        ("CSAT", "Hurried", "2026-Q1", 4.0, None, None),
        ("Members", None, "2026-Q1", 120, None, None),
    ],
)
def test_kpi_table_shows_the_latest_period_and_the_change_since_the_previous_one(
    kpi, persona, period, value, previous, delta
):
    table = analysis.kpi_table(KPIS)
    series = table[(table["kpi"] == kpi) & (table["persona"].fillna("-") == (persona or "-"))]
    latest = series.iloc[0]
    assert (latest["period"], latest["value"]) == (period, value)
    assert latest["previous"] == previous or (previous is None and pd.isna(latest["previous"]))
    assert latest["delta"] == delta or (delta is None and pd.isna(latest["delta"]))


@pytest.mark.parametrize(
    "kpi,persona,gap,status",
    [
        # higher is better: 12 against 30 is 18 short
        ("NPS", None, -18, "red"),
        # lower is better: 12 minutes against 10 is 2 worse
        ("Wait time", None, -2, "red"),
        # 4.0 against 4.5: 0.5 short, more than 10 %
        ("CSAT", "Hurried", -0.5, "red"),
        # no target: no gap, grey
        ("Members", None, None, "grey"),
    ],
)
def test_kpi_table_gap_is_positive_when_better_than_target(kpi, persona, gap, status):
    table = analysis.kpi_table(KPIS)
    series = table[(table["kpi"] == kpi) & (table["persona"].fillna("-") == (persona or "-"))]
    latest = series.iloc[0]
    if gap is None:
        assert pd.isna(latest["gap"])
    else:
        assert latest["gap"] == pytest.approx(gap)
    assert latest["status"] == status


@pytest.mark.parametrize(
    "value,target,direction,gap",
    [
        # higher is better: above the target is a positive gap
        (35, 30, "higher", 5),
        (25, 30, "higher", -5),
        # lower is better: under the target is a positive gap
        (8, 10, "lower", 2),
        (12, 10, "lower", -2),
    ],
)
def test_kpi_table_gap_sign_follows_the_direction(value, target, direction, gap):
    m = journey_map(kpis=[Kpi("K", value, target=target, direction=direction)])
    assert analysis.kpi_table(m).iloc[0]["gap"] == pytest.approx(gap)


def test_kpi_table_n_is_the_latest_periods():
    table = analysis.kpi_table(KPIS)
    assert row(table, kpi="NPS")["n"] == 400


def test_kpi_table_follows_the_persona_and_stage_filters():
    table = analysis.kpi_table(KPIS, Filters(personas=("Anxious",), stages=("Buy",)))
    # journey-wide KPIs (no stage, no persona) always pass; Members is at Stay
    assert sorted(zip(table["kpi"], table["persona"].fillna("-"))) == [
        ("CSAT", "Anxious"),
        ("NPS", "-"),
        ("Wait time", "-"),
    ]


def test_kpi_table_of_no_kpis_is_empty_with_its_columns():
    table = analysis.kpi_table(journey_map())
    assert table.empty
    assert list(table.columns) == analysis.KPI_COLUMNS


# --- headline_kpis --------------------------------------------------------------------------


def test_headline_kpis_are_journey_wide_with_a_target_first_then_known_names():
    m = journey_map(
        stages=STAGES,
        kpis=[
            Kpi("Average basket", 52, target=60),
            Kpi("Conversion rate", 2.1),  # no target
            Kpi("CSAT", 4.1, target=4.5),
            Kpi("NPS", 12, target=30),
            Kpi("CES", 3.2, target=2.5, direction="lower", stage="Buy"),  # not journey-wide
        ],
    )
    assert list(analysis.headline_kpis(m)["kpi"]) == [
        "NPS",
        "CSAT",
        "Average basket",
        "Conversion rate",
    ]


def test_headline_kpis_stop_at_the_limit():
    m = journey_map(
        kpis=[
            Kpi("NPS", 12, target=30),
            Kpi("CSAT", 4, target=4.5),
            Kpi("CES", 2, target=2.5, direction="lower"),
        ]
    )
    assert list(analysis.headline_kpis(m, limit=2)["kpi"]) == ["NPS", "CSAT"]


def test_headline_kpis_fall_back_on_stage_kpis_when_none_is_journey_wide():
    m = journey_map(stages=STAGES, kpis=[Kpi("CES", 3.2, target=2.5, stage="Buy")])
    assert list(analysis.headline_kpis(m)["kpi"]) == ["CES"]


def test_headline_kpis_do_not_rank_a_name_that_merely_contains_a_known_one():
    # "Success rate" contains the letters "ces" but is no CES: Conversion comes first.
    m = journey_map(
        kpis=[Kpi("Success rate", 80, target=90), Kpi("Conversion rate", 2.1, target=3)]
    )
    assert list(analysis.headline_kpis(m)["kpi"]) == ["Conversion rate", "Success rate"]


# --- measured beats typed: headline and targets ------------------------------------------------

# 10 NPS answers over the whole journey: 5 promoters, 2 detractors -> NPS 30 (worked by hand);
# 8 CSAT answers, 6 satisfied -> 75 %; and 4 NPS answers from the Anxious: 1 promoter, 3
# detractors -> -50.
MEASURED = measured_from(
    [
        AnswerTally("nps", "Buy", "Checkout", "Web", "Hurried", "2026-Q3", 6, promoters=4),
        AnswerTally("nps", "Buy", "Checkout", "Web", "Anxious", "2026-Q3", 4, 1, 2),
        AnswerTally("csat", "Buy", "Checkout", "Web", "Hurried", "2026-Q3", 8, satisfied=6),
    ]
)


def test_the_headline_shows_the_measured_nps_with_its_n_against_the_typed_target():
    m = journey_map(
        stages=STAGES,
        kpis=[Kpi("NPS", 24, target=35, unit="pts", period="2026-Q3"), Kpi("Basket", 52)],
    )
    cards = analysis.headline_kpis(m, measured=MEASURED)
    nps = cards[cards["kpi"] == "NPS"].iloc[0]
    assert nps["source"] == "measured" and nps["value"] == 30.0 and nps["n"] == 10
    assert nps["low"] < 30 < nps["high"]
    assert nps["target"] == 35 and nps["gap"] == -5 and nps["status"] == "red"
    # the typed 24 is replaced, not shown beside it; CSAT, measured only, gets its own card
    assert list(cards["kpi"]) == ["NPS", "CSAT", "Basket"]
    assert list(cards["source"]) == ["measured", "measured", "typed"]
    assert cards.iloc[1]["value"] == 75.0 and cards.iloc[1]["unit"] == "%"


def test_the_headline_keeps_the_typed_value_without_answers_or_under_a_stage_filter():
    m = journey_map(stages=STAGES, kpis=[Kpi("NPS", 24, target=35, unit="pts")])
    for cards in (
        analysis.headline_kpis(m),
        analysis.headline_kpis(m, measured=measured_from([])),
        analysis.headline_kpis(m, Filters(stages=("Buy",)), measured=MEASURED),
    ):
        assert list(cards["kpi"]) == ["NPS"]
        assert cards.iloc[0]["source"] == "typed" and cards.iloc[0]["value"] == 24


def test_the_headline_for_one_persona_shows_that_persona_s_measured_value():
    m = journey_map(stages=STAGES, kpis=[Kpi("NPS", 24, target=35, unit="pts")])
    cards = analysis.headline_kpis(m, Filters(personas=("Anxious",)), measured=MEASURED)
    nps = cards[cards["kpi"] == "NPS"].iloc[0]
    assert (nps["value"], nps["n"], nps["persona"], nps["target"]) == (-25.0, 4, "Anxious", 35)


def test_a_typed_csat_out_of_5_is_not_the_measured_csat_in_percent():
    m = journey_map(stages=STAGES, kpis=[Kpi("CSAT", 4.1, target=4.5, unit="/5")])
    cards = analysis.headline_kpis(m, measured=MEASURED)
    by_source = {r["source"]: r for _, r in cards[cards["kpi"] == "CSAT"].iterrows()}
    assert by_source["typed"]["value"] == 4.1 and by_source["measured"]["value"] == 75.0
    assert by_source["measured"]["target"] is None  # 4.5 /5 is no target for a percentage


def test_the_measured_table_compares_each_place_with_the_target_set_there():
    m = journey_map(
        stages=STAGES,
        kpis=[
            Kpi("NPS", 24, target=35, unit="pts"),
            Kpi("nps", 10, target=20, stage="Buy"),  # same KPI, any case, at a stage
        ],
    )
    table = analysis.measured_table(m, MEASURED)
    nps = table[(table["kpi"] == "NPS") & table["channel"].isna() & table["persona"].isna()]
    targets = {
        (None if pd.isna(r.stage) else r.stage, None if pd.isna(r.touchpoint) else r.touchpoint): (
            r.target,
            r.status,
        )
        for r in nps.itertuples()
    }
    assert targets[(None, None)] == (35, "red")  # 30 against 35 journey-wide
    assert targets[("Buy", None)] == (20, "green")  # 30 against the stage's 20
    assert pd.isna(targets[(None, "Checkout")][0])  # no target set for the touchpoint


def test_the_e_commerce_sample_and_its_answers_show_the_measured_nps_against_its_target(
    tmp_path: Path,
):
    from cxmap.storage.samples import seed
    from cxmap.storage.store import Store

    store = Store(f"sqlite:///{tmp_path / 'samples.db'}")
    seeded = {s.name: s for s in seed(store)}
    journey = "Online store — current"
    assert seeded[journey].answers > 1000
    m = store.load(journey)
    kpis = measured_from(store.answer_tallies(journey))
    nps = analysis.headline_kpis(m, measured=kpis).iloc[0]
    assert (nps["kpi"], nps["source"], nps["target"]) == ("NPS", "measured", 35)
    assert nps["n"] == kpis.journey("nps").n and nps["status"] in ("red", "amber", "green")
    # the personas differ: Loyal Linda recommends more than Hurried Hugo
    assert (
        kpis.journey("nps", persona="Loyal Linda").value
        > kpis.journey("nps", persona="Hurried Hugo").value
    )
    # every front-stage touchpoint answered, CSAT and NPS
    for metric in ("csat", "nps"):
        assert len(kpis.by_touchpoint(metric)) == 18


# --- funnel ---------------------------------------------------------------------------------

FUNNEL = journey_map(
    stages=STAGES,
    kpis=[
        Kpi("Taux de transformation", 40, stage="Stay", period="2026-Q1"),
        Kpi("Conversion rate", 2.1, stage="Buy", period="2025-Q4"),
        Kpi("Conversion rate", 2.5, stage="Buy", period="2026-Q1"),
        Kpi("Bounce rate", 55, stage="Discover", period="2026-Q1"),
        Kpi("NPS", 12, stage="Discover"),  # not a funnel KPI
        Kpi("Churn", 8),  # no stage
    ],
)


def test_funnel_lists_conversion_and_drop_off_kpis_in_stage_order():
    steps = analysis.funnel(FUNNEL)
    assert list(zip(steps["stage"], steps["kpi"])) == [
        ("Discover", "Bounce rate"),
        ("Buy", "Conversion rate"),
        ("Stay", "Taux de transformation"),
    ]
    assert list(steps["stage_index"]) == [0, 1, 2]


def test_funnel_uses_the_latest_period():
    assert row(analysis.funnel(FUNNEL), kpi="Conversion rate")["value"] == 2.5


@pytest.mark.parametrize(
    "name,kind",
    [
        # conversions, in English and French
        ("Conversion rate", "conversion"),
        ("Taux de conversion", "conversion"),
        ("Taux de transformation", "conversion"),
        # losses along the way
        ("Cart abandonment rate", "drop_off"),
        ("Taux d'abandon", "drop_off"),
        ("Drop-off at identity check", "drop_off"),
        ("Bounce rate", "drop_off"),
        ("Taux de rebond", "drop_off"),
        ("Churn", "drop_off"),
        ("Attrition", "drop_off"),
        # anything else is not part of the funnel
        ("NPS", None),
        ("Average basket", None),
    ],
)
def test_funnel_classifies_conversion_and_drop_off(name, kind):
    m = journey_map(stages=STAGES, kpis=[Kpi(name, 10, stage="Buy")])
    steps = analysis.funnel(m)
    assert list(steps["kind"]) == ([kind] if kind else [])


def test_funnel_of_no_kpis_is_empty_with_its_columns():
    steps = analysis.funnel(journey_map(stages=STAGES))
    assert steps.empty
    assert list(steps.columns) == ["stage", "stage_index", "kpi", "value", "kind"]


# --- empathy --------------------------------------------------------------------------------

EMPATHY = journey_map(
    personas=[Persona("Hurried"), Persona("Anxious")],
    stages=STAGES,
    emotions=[
        Emotion(
            "Hurried",
            "Discover",
            1,
            says="Where is it?",
            thinks="Too slow",
            does="Searches",
            feeling="curious",
        ),
        Emotion(
            "Hurried", "Buy", -2, quote="Too many fields", thinks="Too slow", feeling="annoyed"
        ),
        Emotion("Hurried", "Buy", -1, says="Where is it?", quote="ignored: says wins"),
        Emotion("Hurried", "Stay", 1),
        Emotion("Anxious", "Buy", -1, says="Is it safe?", feeling="worried"),
    ],
)


def test_empathy_says_falls_back_on_the_quote_and_is_deduplicated():
    assert analysis.empathy(EMPATHY, "Hurried").says == ("Where is it?", "Too many fields")


def test_empathy_thinks_and_does_are_deduplicated():
    found = analysis.empathy(EMPATHY, "Hurried")
    assert found.thinks == ("Too slow",)
    assert found.does == ("Searches",)


def test_empathy_feels_reads_stage_colon_feeling():
    assert analysis.empathy(EMPATHY, "Hurried").feels == ("Discover: curious", "Buy: annoyed")


def test_empathy_is_of_one_persona_only():
    found = analysis.empathy(EMPATHY, "Anxious")
    assert (found.says, found.feels) == (("Is it safe?",), ("Buy: worried",))


def test_empathy_follows_the_stage_filter():
    found = analysis.empathy(EMPATHY, "Hurried", Filters(stages=("Buy",)))
    assert found.says == ("Too many fields", "Where is it?")
    assert found.feels == ("Buy: annoyed",)


def test_empathy_of_a_persona_without_emotions_is_empty():
    assert analysis.empathy(EMPATHY, "Nobody") == analysis.Empathy()


# --- every sample workbook ------------------------------------------------------------------


# One test per sample workbook (the `sample_workbook` fixture of tests/conftest.py: the folder is
# listed at collection, the workbooks read when a test first asks), over each map it holds.


def test_there_are_sample_maps():
    assert len(all_sample_maps()) >= 3


def test_sample_emotion_points_have_one_row_per_persona_and_stage_within_the_scale(sample_workbook):
    for sample in sample_workbook:
        points = analysis.emotion_points(sample)
        pairs = {(e.persona, e.stage) for e in sample.emotions}
        assert len(points) == len(pairs)
        assert set(zip(points["persona"], points["stage"])) == pairs
        scale = analysis.scale_of(sample)
        assert points["score"].between(scale.low, scale.high).all()


def test_sample_irritant_points_are_at_stages_with_an_irritant_touchpoint(sample_workbook):
    for sample in sample_workbook:
        points = analysis.emotion_points(sample)
        irritant_stages = {t.stage for t in sample.touchpoints if t.qualification == "irritant"}
        assert set(points.loc[points["irritant"].astype(bool), "stage"]) <= irritant_stages


def test_sample_all_personas_curve_has_one_row_per_stage_with_emotions(sample_workbook):
    for sample in sample_workbook:
        curve = analysis.all_personas_curve(sample, analysis.emotion_points(sample))
        order = analysis.stage_index(sample)
        felt = sorted({e.stage for e in sample.emotions}, key=order.__getitem__)
        assert list(curve["stage"]) == felt
        assert (curve["low"] <= curve["score"] + 1e-9).all()
        assert (curve["score"] <= curve["high"] + 1e-9).all()
        assert (curve["spread"] == curve["high"] - curve["low"]).all()


def test_sample_persona_weights_add_up_to_one(sample_workbook):
    for sample in sample_workbook:
        weights = analysis.persona_weights(sample, [p.name for p in sample.personas])
        assert sum(weights.values()) == pytest.approx(1.0)


def test_sample_extremes_are_the_minimum_and_maximum_points(sample_workbook):
    for sample in sample_workbook:
        points = analysis.emotion_points(sample)
        lows_highs = analysis.extremes(points)
        assert list(lows_highs["score"]) == [points["score"].min(), points["score"].max()]


@pytest.mark.parametrize("measure", analysis.MATRIX_MEASURES)
def test_sample_matrix_cells_cover_the_grid_and_count_every_touchpoint(sample_workbook, measure):
    for sample in sample_workbook:
        kpi = next((k.name for k in sample.kpis if k.touchpoint), None)
        cells = analysis.matrix_cells(sample, measure=measure, kpi=kpi)
        assert len(cells) == len(sample.stages) * len(sample.channels)
        assert cells["count"].sum() == len(sample.touchpoints)
        assert cells["irritants"].sum() == sample.count("irritant")
        assert cells["delights"].sum() == sample.count("delight")
        assert cells["missing"].sum() == sample.count("missing")
        assert (cells.loc[cells["gap"].astype(bool), "count"] == 0).all()
        assert cells.loc[cells["count"] == 0, "value"].isna().all()


def test_sample_matrix_kpi_measure_has_a_value_where_the_kpi_is_attached(sample_workbook):
    for sample in sample_workbook:
        kpi = next((k for k in sample.kpis if k.touchpoint and k.stage), None)
        if kpi is None:
            continue  # no KPI attached to a touchpoint in this map
        cells = analysis.matrix_cells(sample, measure="kpi", kpi=kpi.name)
        channel = next(
            t.channel
            for t in sample.touchpoints
            if t.stage == kpi.stage and t.name == kpi.touchpoint
        )
        assert pd.notna(row(cells, stage=kpi.stage, channel=channel)["value"])


def test_sample_matrix_labels_name_every_touchpoint_once(sample_workbook):
    for sample in sample_workbook:
        labels = analysis.matrix_labels(sample)
        assert len(labels) == len(sample.touchpoints)
        per_cell = labels.groupby(["stage", "channel"])["line"]
        assert (per_cell.max() + 1 == per_cell.count()).all()


def test_sample_touchpoint_details_of_all_cells_list_every_touchpoint(sample_workbook):
    for sample in sample_workbook:
        total = sum(
            len(analysis.touchpoint_details(sample, s.name, c.name))
            for s in sample.stages
            for c in sample.channels
        )
        assert total == len(sample.touchpoints)


def test_sample_qualification_counts_add_up_to_the_touchpoints(sample_workbook):
    for sample in sample_workbook:
        assert sum(analysis.qualification_counts(sample).values()) == len(sample.touchpoints)


def test_sample_worst_irritants_are_irritants_moments_of_truth_first(sample_workbook):
    for sample in sample_workbook:
        worst = analysis.worst_irritants(sample)
        assert len(worst) == min(5, sample.count("irritant"))
        irritants = {(t.stage, t.name) for t in sample.touchpoints if t.qualification == "irritant"}
        assert set(zip(worst["stage"], worst["touchpoint"])) <= irritants
        flags = list(worst["moment_of_truth"])
        assert flags == sorted(flags, reverse=True)


def test_sample_actions_frame_ranks_every_action_once_by_quadrant(sample_workbook):
    for sample in sample_workbook:
        frame = analysis.actions_frame(sample)
        assert sorted(frame["id"]) == list(range(len(sample.actions)))
        rank = {q: i for i, q in enumerate(analysis.QUADRANTS)}
        ranks = [rank.get(q, len(rank)) for q in frame["quadrant"]]
        assert ranks == sorted(ranks)


def test_sample_quick_wins_are_open_quick_wins(sample_workbook):
    for sample in sample_workbook:
        wins = analysis.quick_wins(sample)
        assert (wins["quadrant"] == "quick_win").all()
        assert (wins["status"] != "done").all()


def test_sample_kpi_table_has_one_row_per_series_with_a_known_status(sample_workbook):
    for sample in sample_workbook:
        table = analysis.kpi_table(sample)
        series = {(k.name, k.stage, k.touchpoint, k.persona) for k in sample.kpis}
        assert len(table) == len(series)
        assert set(table["status"]) <= {"green", "amber", "red", "grey"}
        assert (table["target"].isna() == (table["status"] == "grey")).all()


def test_sample_headline_kpis_are_at_most_four_journey_wide_ones(sample_workbook):
    for sample in sample_workbook:
        headline = analysis.headline_kpis(sample)
        assert 0 < len(headline) <= 4
        if any(not (k.stage or k.touchpoint or k.persona) for k in sample.kpis):
            assert headline[["stage", "touchpoint", "persona"]].isna().all().all()


def test_sample_funnel_is_in_stage_order_with_known_kinds(sample_workbook):
    for sample in sample_workbook:
        steps = analysis.funnel(sample)
        assert list(steps["stage_index"]) == sorted(steps["stage_index"])
        assert set(steps["kind"]) <= {"conversion", "drop_off"}


def test_sample_empathy_feels_name_a_stage_of_the_journey(sample_workbook):
    for sample in sample_workbook:
        stages = {s.name for s in sample.stages}
        for persona in sample.personas:
            for line in analysis.empathy(sample, persona.name).feels:
                assert any(line.startswith(f"{stage}: ") for stage in stages), line


def test_sample_scale_has_a_finite_middle(sample_workbook):
    for sample in sample_workbook:
        scale = analysis.scale_of(sample)
        assert math.isfinite(scale.neutral)
        assert scale.low < scale.neutral < scale.high
