"""The figure builders on their data: what each trace, layer, axis and annotation holds for
an input computed by :mod:`cxmap.compute.analysis` from a small hand-built map."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from cxmap.compute import analysis
from cxmap.compute.analysis import Filters
from cxmap.domain.model import (
    Action,
    Channel,
    Emotion,
    JourneyMap,
    Kpi,
    Persona,
    Scale,
    Stage,
    Touchpoint,
)
from cxmap.view import charts
from cxmap.view.i18n import tr
from tests.workbooks import journey_map

DATA = Path(__file__).resolve().parent.parent / "data"


SHOP = journey_map(
    personas=[Persona("Hurried", share=75), Persona("Anxious", share=25)],
    stages=[Stage("Discover"), Stage("Buy"), Stage("Stay")],
    channels=[Channel("Web"), Channel("Store"), Channel("App")],
    touchpoints=[
        Touchpoint("Discover", "Web", "Search page"),
        Touchpoint("Buy", "Web", "Checkout", qualification="irritant", moment_of_truth=True),
        Touchpoint("Buy", "Web", "Promo code", qualification="delight"),
        Touchpoint("Buy", "Store", "Click and collect", qualification="missing"),
        Touchpoint("Stay", "Store", "Loyalty card", qualification="delight"),
    ],
    emotions=[
        Emotion("Hurried", "Discover", 1, touchpoint="Search page"),
        Emotion("Hurried", "Buy", -2, touchpoint="Checkout"),
        Emotion("Anxious", "Buy", 0, touchpoint="Promo code"),
        Emotion("Hurried", "Stay", 1, touchpoint="Loyalty card"),
        Emotion("Anxious", "Stay", 2, touchpoint="Loyalty card"),
    ],
)
STAGE_NAMES = [s.name for s in SHOP.stages]


def curve_figure(
    m: JourneyMap = SHOP,
    filters: Filters = analysis.NO_FILTER,
    *,
    scale: Scale | None = None,
    stages: list[str] | None = None,
    **options,
):
    points = analysis.emotion_points(m, filters)
    return charts.emotion_curve(
        points,
        analysis.all_personas_curve(m, points),
        stages or [s.name for s in m.stages],
        scale or analysis.scale_of(m),
        **options,
    )


@cache
def shop_curve():
    """The shop's curve with every default (built once: the tests only read it)."""
    return curve_figure()


def traces_named(fig, name: str) -> list:
    return [trace for trace in fig.data if trace.name == name]


def lines_of(ticktext: str) -> list[str]:
    return ticktext.split("<br>")


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def hue(colour: str) -> str:
    """Which primary a colour leans to ("grey" when its channels are about equal)."""
    rgb = hex_rgb(colour)
    if max(rgb) - min(rgb) < 24:
        return "grey"
    return ("red", "green", "blue")[rgb.index(max(rgb))]


# --- emotion_curve --------------------------------------------------------------------------


def test_emotion_curve_draws_one_trace_per_persona_named_after_it():
    fig = shop_curve()
    points = analysis.emotion_points(SHOP)
    for persona in ("Hurried", "Anxious"):
        (trace,) = traces_named(fig, persona)
        mine = points[points["persona"] == persona]
        assert list(trace.x) == list(mine["stage"])
        assert list(trace.y) == list(mine["score"])


@pytest.mark.parametrize(
    "filters,present",
    [
        # two personas: their weighted mean and the band between them are drawn
        (Filters(), True),
        # a single persona: its own line says it all
        (Filters(personas=("Hurried",)), False),
    ],
)
def test_emotion_curve_draws_the_all_personas_trace_and_band_only_for_two_personas_or_more(
    filters, present
):
    fig = curve_figure(filters=filters)
    assert bool(traces_named(fig, tr("chart.all_personas"))) is present
    assert bool(traces_named(fig, tr("chart.spread"))) is present
    assert any(trace.fill == "tonexty" for trace in fig.data) is present


def test_emotion_curve_all_personas_trace_is_the_weighted_curve():
    (trace,) = traces_named(shop_curve(), tr("chart.all_personas"))
    # Buy: 0.75 × -2 + 0.25 × 0; Stay: 0.75 × 1 + 0.25 × 2
    assert list(trace.y) == pytest.approx([1.0, -1.5, 1.25])


def test_emotion_curve_band_spans_the_lowest_to_the_highest_persona():
    fig = shop_curve()
    (band,) = traces_named(fig, tr("chart.spread"))
    upper = fig.data[list(fig.data).index(band) - 1]  # "tonexty" fills up to the trace before
    assert list(band.y) == [1.0, -2.0, 1.0]
    assert list(upper.y) == [1.0, 0.0, 2.0]


@pytest.mark.parametrize(
    "scale",
    [
        # the -2..2 default, a 1..5 satisfaction scale, a -5..5 one, a 0..10 one
        Scale(-2, 2),
        Scale(1, 5),
        Scale(-5, 5),
        Scale(0, 10),
    ],
)
def test_emotion_curve_y_range_covers_the_scale(scale):
    low, high = curve_figure(scale=scale).layout.yaxis.range
    assert low <= scale.low and high >= scale.high
    # ... with no more than a small margin
    assert (high - low) <= 1.25 * (scale.high - scale.low)


@pytest.mark.parametrize("scale", [Scale(-2, 2), Scale(1, 5), Scale(0, 10)])
def test_emotion_curve_draws_the_neutral_line_at_the_middle_of_the_scale(scale):
    lines = [shape for shape in curve_figure(scale=scale).layout.shapes if shape.type == "line"]
    assert [(shape.y0, shape.y1) for shape in lines] == [(scale.neutral, scale.neutral)]


def test_emotion_curve_names_the_scale_on_the_y_axis():
    title = curve_figure(scale=Scale(1, 5)).layout.yaxis.title.text
    assert title == f"{tr('chart.emotion')} (1..5)"


def test_emotion_curve_draws_the_target_curve_dashed():
    target = pd.DataFrame(
        {"stage": STAGE_NAMES, "stage_index": [0, 1, 2], "score": [1.5, 0.5, 2.0]}
    )
    (trace,) = traces_named(curve_figure(target=target), tr("chart.target"))
    assert trace.line.dash == "dash"
    assert list(trace.y) == [1.5, 0.5, 2.0]


def test_emotion_curve_draws_no_target_without_one():
    assert not traces_named(shop_curve(), tr("chart.target"))


def test_emotion_curve_marks_irritants_only_at_irritant_points():
    points = analysis.emotion_points(SHOP)
    (marks,) = traces_named(shop_curve(), tr("chart.irritant"))
    irritants = points[points["irritant"]]
    assert len(irritants) == 1  # Hurried at Buy (Checkout); Anxious felt the Promo code
    assert list(zip(marks.x, marks.y)) == list(zip(irritants["stage"], irritants["score"]))


def test_emotion_curve_draws_no_irritant_marks_without_irritants():
    calm = journey_map(
        personas=[Persona("P")],
        stages=[Stage("S")],
        channels=[Channel("C")],
        touchpoints=[Touchpoint("S", "C", "T")],
        emotions=[Emotion("P", "S", 1, touchpoint="T")],
    )
    assert not traces_named(curve_figure(calm), tr("chart.irritant"))


def test_emotion_curve_annotates_the_lowest_and_highest_points_with_their_persona():
    fig = curve_figure(lows_highs=analysis.extremes(analysis.emotion_points(SHOP)))
    texts = [a.text for a in fig.layout.annotations]
    assert f"{tr('chart.lowest')}: Hurried (-2)" in texts
    assert f"{tr('chart.highest')}: Anxious (2)" in texts


def test_emotion_curve_in_french_puts_french_words_in_the_axis_and_legend():
    fig = curve_figure(lang="fr", lows_highs=analysis.extremes(analysis.emotion_points(SHOP)))
    assert fig.layout.yaxis.title.text.startswith("Émotion")
    names = {trace.name for trace in fig.data}
    assert {"Tous les personas (pondéré)", "Écart entre personas"} <= names
    texts = [a.text for a in fig.layout.annotations]
    assert "neutre" in texts
    assert any(text.startswith("point bas: ") for text in texts)
    assert not {tr("chart.all_personas"), tr("chart.spread")} & names


def test_emotion_curve_with_thirty_stages_tilts_the_labels_on_at_most_two_lines():
    stages = [f"Stage number {i} of the very long journey" for i in range(30)]
    axis = curve_figure(stages=stages).layout.xaxis
    assert axis.tickangle not in (None, 0)
    assert list(axis.tickvals) == stages  # placed by name, not by index
    assert all(len(lines_of(text)) <= 2 for text in axis.ticktext)


def test_emotion_curve_with_few_stages_keeps_the_labels_level():
    assert shop_curve().layout.xaxis.tickangle == 0


RESTAURANT_STAGES = [
    "Je cherche une information",
    "Je réserve ma table",
    "Je suis accueilli à mon arrivée au restaurant",
    "J'attends que l'on me place",
    "Je commande",
    "Je mange",
    "Je paie",
    "Je donne mon avis après le repas",
]


@pytest.mark.parametrize(
    "stages,width",
    [
        # eight long French stage names (the restaurant sample) share the width: 12 characters
        (RESTAURANT_STAGES, 12),
        # thirty of them: 10 characters
        ((RESTAURANT_STAGES * 4)[:30], 10),
        # three of them have room: 20 characters
        (RESTAURANT_STAGES[:3], 20),
    ],
)
def test_emotion_curve_wraps_long_stage_names_within_the_wrap_width(stages, width):
    ticktext = curve_figure(stages=stages).layout.xaxis.ticktext
    assert (
        "<br>" in ticktext[RESTAURANT_STAGES.index("Je suis accueilli à mon arrivée au restaurant")]
    )
    for text in ticktext:
        for line in lines_of(text):
            assert len(line) <= width + 1, line  # the wrap width, and at most an ellipsis


def test_emotion_curve_shortened_stage_names_end_with_an_ellipsis():
    ticktext = curve_figure(stages=RESTAURANT_STAGES).layout.xaxis.ticktext
    long_name = ticktext[RESTAURANT_STAGES.index("Je suis accueilli à mon arrivée au restaurant")]
    assert long_name.endswith("…")
    assert long_name.replace("<br>", " ").rstrip("…") in RESTAURANT_STAGES[2]


# --- impact_effort --------------------------------------------------------------------------

ACTIONS = journey_map(
    stages=[Stage("Discover"), Stage("Buy")],
    actions=[
        Action("Fix typo", impact=3, effort=1, stage="Discover", reach=100),
        Action("One-page checkout", impact=5, effort=2, stage="Buy", reach=10_000),
        Action("Chatbot", impact=4, effort=4, stage="Buy", reach=1_000),
        Action("Poster", impact=1, effort=2, stage="Discover", reach=10),
        Action("Unrated", stage="Buy"),
        Action("Rebuild CRM", impact=2, effort=5, stage="Buy", reach=50, status="done"),
    ],
)


def points_of(fig) -> list[tuple]:
    """(customdata, x, y, size) of every plotted action."""
    found = []
    for trace in fig.data:
        if trace.customdata is None:
            continue
        sizes = trace.marker.size
        for i, data in enumerate(trace.customdata):
            found.append((tuple(data), trace.x[i], trace.y[i], sizes[i]))
    return found


@pytest.mark.parametrize("colour_by", ["stage", "status"])
def test_impact_effort_carries_each_action_id_in_customdata_across_colour_groups(colour_by):
    frame = analysis.actions_frame(ACTIONS)
    fig = charts.impact_effort(frame, colour_by=colour_by)
    assert len([t for t in fig.data if t.customdata is not None]) >= 2  # several groups
    plotted = points_of(fig)
    # every rated action once; the unrated one (id 4) has no place on the matrix
    assert sorted(data[0] for data, *_ in plotted) == [0, 1, 2, 3, 5]
    for data, x, y, _size in plotted:
        action = ACTIONS.actions[data[0]]
        assert data[1] == action.name
        assert x == pytest.approx(action.effort, abs=0.2)
        assert y == pytest.approx(action.impact, abs=0.2)


def test_impact_effort_names_a_colour_group_per_stage():
    fig = charts.impact_effort(analysis.actions_frame(ACTIONS), colour_by="stage")
    assert {t.name for t in fig.data if t.customdata is not None} == {"Discover", "Buy"}


def test_impact_effort_translates_the_status_groups():
    fig = charts.impact_effort(
        analysis.actions_frame(ACTIONS),
        colour_by="status",
        translate={"idea": "idée", "done": "terminée"},
    )
    assert {t.name for t in fig.data if t.customdata is not None} == {"idée", "terminée"}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_impact_effort_names_the_four_quadrants_in_the_chosen_language(lang):
    fig = charts.impact_effort(analysis.actions_frame(ACTIONS), lang=lang)
    texts = {a.text for a in fig.layout.annotations}
    assert texts == {f"<b>{tr('quad.' + q, lang)}</b>" for q in analysis.QUADRANTS}


def test_impact_effort_bubbles_grow_with_reach():
    plotted = points_of(charts.impact_effort(analysis.actions_frame(ACTIONS)))
    by_reach = sorted(plotted, key=lambda p: ACTIONS.actions[p[0][0]].reach)
    sizes = [size for *_rest, size in by_reach]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes)


def test_impact_effort_bubbles_size_by_cost_when_no_reach_is_known():
    m = journey_map(
        actions=[
            Action("Cheap", impact=4, effort=2, cost=100),
            Action("Dear", impact=4, effort=2, cost=10_000),
        ]
    )
    sizes = {
        data[1]: size
        for data, *_xy, size in points_of(charts.impact_effort(analysis.actions_frame(m)))
    }
    assert sizes["Cheap"] < sizes["Dear"]


def test_impact_effort_draws_actions_on_the_middle_lines_inside_their_quadrant():
    # impact 3 and effort 3 is a quick win (analysis.quadrant): the bubble must sit in the
    # quick-win area (effort ≤ 3, impact ≥ 3) whatever the jitter that keeps bubbles apart
    m = journey_map(actions=[Action(f"A{i}", impact=3, effort=3) for i in range(7)])
    for data, x, y, _size in points_of(charts.impact_effort(analysis.actions_frame(m))):
        assert x <= 3 and y >= 3, f"action {data[0]} drawn at effort {x:.3f}, impact {y:.3f}"


# --- kpi_trend ------------------------------------------------------------------------------

TREND = journey_map(
    stages=[Stage("Buy")],
    kpis=[
        Kpi("NPS", 5, target=30, period="2025-Q3"),
        Kpi("NPS", 12, target=30, period="2026-Q1"),
        Kpi("NPS", 10, target=30, period="2025-Q4"),
        Kpi("Basket", 52, period="2026-Q1"),
        Kpi("Basket", 50, period="2025-Q4"),
    ],
)


def trend(kpi: str, **options):
    history = analysis.kpi_history(TREND)
    return charts.kpi_trend(history[history["kpi"] == kpi], **options)


def test_kpi_trend_draws_the_values_in_period_order():
    (values,) = [t for t in trend("NPS").data if t.line.dash is None]
    assert list(values.x) == ["2025-Q3", "2025-Q4", "2026-Q1"]
    assert list(values.y) == [5, 10, 12]


def test_kpi_trend_draws_the_target_dashed():
    (target,) = [t for t in trend("NPS").data if t.line.dash == "dash"]
    assert list(target.y) == [30, 30, 30]
    assert target.name.startswith(tr("chart.target_value"))


def test_kpi_trend_draws_no_target_line_without_a_target():
    assert [t.line.dash for t in trend("Basket").data] == [None]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_kpi_trend_titles_the_axes_in_the_chosen_language(lang):
    fig = trend("NPS", lang=lang)
    assert fig.layout.xaxis.title.text == tr("chart.period", lang)
    assert fig.layout.yaxis.title.text.startswith(tr("chart.value", lang))


# --- funnel ---------------------------------------------------------------------------------

FUNNEL = journey_map(
    stages=[Stage("Discover"), Stage("Buy"), Stage("Stay")],
    kpis=[
        Kpi("Bounce rate", 55, stage="Discover"),
        Kpi("Conversion rate", 2.5, stage="Buy"),
        Kpi("Cart abandonment", 70, stage="Buy"),
        Kpi("Churn", 8, stage="Stay"),
    ],
)


def funnel_figure(lang: str = "en"):
    return charts.funnel(analysis.funnel(FUNNEL), [s.name for s in FUNNEL.stages], lang=lang)


@pytest.mark.parametrize(
    "kind,colour,x,y",
    [
        # conversion in green, at its stage
        ("conversion", "green", ["Buy"], [2.5]),
        # drop-offs in red, at theirs, in stage order
        ("drop_off", "red", ["Discover", "Buy", "Stay"], [55, 70, 8]),
    ],
)
def test_funnel_draws_conversion_green_and_drop_off_red_at_their_stage(kind, colour, x, y):
    (bars,) = traces_named(funnel_figure(), tr(f"chart.{kind}"))
    assert hue(bars.marker.color) == colour
    assert list(bars.x) == x
    assert list(bars.y) == y


def test_funnel_labels_the_stages_in_journey_order():
    assert list(funnel_figure().layout.xaxis.ticktext) == ["Discover", "Buy", "Stay"]


def test_funnel_names_the_bars_in_the_chosen_language():
    assert {t.name for t in funnel_figure("fr").data} == {"Conversion", "Abandon"}


# --- qualification_bars ---------------------------------------------------------------------


def test_qualification_bars_colour_irritant_delight_missing_neutral_red_green_blue_grey():
    fig = charts.qualification_bars(analysis.qualification_counts(SHOP))
    assert [hue(c) for c in fig.data[0].marker.color] == ["red", "green", "blue", "grey"]


def test_qualification_bars_count_each_kind():
    (bars,) = charts.qualification_bars(analysis.qualification_counts(SHOP)).data
    assert list(bars.x) == [1, 2, 1, 1]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_qualification_bars_name_the_kinds_in_the_chosen_language(lang):
    (bars,) = charts.qualification_bars(analysis.qualification_counts(SHOP), lang=lang).data
    assert list(bars.y) == [
        tr(f"q.{k}", lang) for k in ("irritant", "delight", "missing", "neutral")
    ]


# --- wrap -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label,options,expected",
    [
        # short labels are left alone
        ("Buy", {}, "Buy"),
        ("Stay loyal", {"width": 10}, "Stay loyal"),
        # nothing to wrap
        ("", {}, ""),
        # words go to the next line at the width
        ("Compare the offers", {"width": 10}, "Compare<br>the offers"),
        ("Stay loyal", {"width": 5}, "Stay<br>loyal"),
        # another separator (the matrix splits on "|")
        ("Compare the offers", {"width": 10, "sep": "|"}, "Compare|the offers"),
        # too many lines: cut, the last line ends with an ellipsis within the width
        (
            "Je suis accueilli à mon arrivée au restaurant",
            {"width": 10},
            "Je suis<br>accueilli<br>à mon…",
        ),
        (
            "Je suis accueilli à mon arrivée au restaurant",
            {"width": 10, "lines": 2},
            "Je suis<br>accueilli…",
        ),
        # a word longer than the width is broken
        ("Anticonstitutionnellement", {"width": 10}, "Anticonsti<br>tutionnell<br>ement"),
        # not text: written as text
        (2026, {}, "2026"),
    ],
)
def test_wrap_breaks_labels_into_short_lines(label, options, expected):
    assert charts.wrap(label, **options) == expected


@pytest.mark.parametrize("width", [5, 10, 16])
@pytest.mark.parametrize("lines", [1, 2, 3])
def test_wrap_never_exceeds_the_width_or_the_number_of_lines(width, lines):
    label = "Je donne mon avis après le repas sur une plateforme en ligne"
    parts = charts.wrap(label, width, lines=lines).split("<br>")
    assert len(parts) <= lines
    assert all(len(part) <= width for part in parts)


# --- every sample workbook ------------------------------------------------------------------

# one test per sample workbook (tests/conftest.py), over each map it holds


def test_sample_emotion_curve_has_a_trace_per_persona_and_a_tick_per_stage(sample_workbook):
    for m in sample_workbook:
        fig = curve_figure(m)
        personas = {e.persona for e in m.emotions}
        assert personas <= {t.name for t in fig.data}
        assert len(fig.layout.xaxis.ticktext) == len(m.stages)


def test_the_measured_funnel_sits_on_the_stage_axis_and_escapes_names_in_the_hover() -> None:
    from cxmap.compute.journey_log import StageFunnel

    rows = [
        StageFunnel(
            f"Étape {i} : le convive <b>compare</b> les offres du soir", 10 - i, 9 - i, None, None
        )
        for i in range(30)
    ]
    fig = charts.measured_funnel(rows, lang="fr")
    axis = fig.layout.xaxis
    assert list(axis.categoryarray) == [r.stage for r in rows]  # every bar over its own stage
    assert axis.tickangle == -45 and all(t.count("<br>") <= 1 for t in axis.ticktext)
    assert all("<b>" not in t for t in axis.ticktext)  # a name is never markup
    assert all("&lt;b&gt;" in name for name in fig.data[1].customdata)
