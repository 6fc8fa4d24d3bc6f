"""The touchpoint matrix as an HTML grid, read back with the standard library's HTML parser:
every name in full and escaped, qualifications by colour and marker, moments of truth, gaps,
the measure's tint, the legend, the wide mode."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cxmap.compute import analysis
from cxmap.compute.analysis import Filters
from cxmap.domain.model import (
    QUALIFICATIONS,
    Channel,
    Emotion,
    JourneyMap,
    Persona,
    Scale,
    Stage,
    Touchpoint,
)
from cxmap.view import matrix_grid
from cxmap.view.i18n import tr
from tests.workbooks import journey_map, maps_of_sample

DATA = Path(__file__).resolve().parent.parent / "data"

SHOP = journey_map(
    personas=[Persona("Hurried", preferred_channels=("App",))],
    stages=[Stage("Discover"), Stage("Buy"), Stage("Stay")],
    channels=[Channel("Web"), Channel("Store"), Channel("App")],
    touchpoints=[
        Touchpoint("Discover", "Web", "Search page"),
        Touchpoint("Buy", "Web", "Checkout", qualification="irritant", moment_of_truth=True),
        Touchpoint("Buy", "Web", "Promo code", qualification="delight"),
        Touchpoint("Buy", "Store", "Click and collect", qualification="missing"),
        Touchpoint("Stay", "Web", "Newsletter", qualification="irritant"),
        Touchpoint("Stay", "Store", "Loyalty card", qualification="delight", moment_of_truth=True),
    ],
    emotions=[
        Emotion("Hurried", "Discover", 1, touchpoint="Search page"),
        Emotion("Hurried", "Buy", -2, touchpoint="Checkout"),
        Emotion("Hurried", "Stay", 2, touchpoint="Loyalty card"),
    ],
)


@dataclass
class Cell:
    stage: str
    channel: str
    classes: list[str]
    style: str
    title: str
    names: list[tuple[str, str, bool]] = field(default_factory=list)  # name, qualification, ★
    text: str = ""


class Grid(HTMLParser):
    """What a reader of the grid sees: the stage headers, the channel headers, and per cell
    its touchpoints (name, qualification, moment of truth), its classes, tint and text."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.stages: list[str] = []
        self.channels: list[str] = []
        self.cells: dict[tuple[str, str], Cell] = {}
        self.tags: list[str] = []
        self.style = ""
        self.table: dict[str, str] = {}
        self._in: list[str] = []  # what the text being read belongs to
        self._cell: Cell | None = None
        self._item: list | None = None
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        classes = a.get("class", "").split()
        role = tag
        if tag == "table":
            self.table = a
        elif tag == "th" and "cxm-stage" in classes:
            self.stages.append("")
            role = "stage"
        elif tag == "th" and "cxm-channel" in classes:
            self.channels.append("")
            role = "channel"
        elif tag == "td":
            self._cell = Cell(
                a["data-stage"], a["data-channel"], classes, a.get("style", ""), a.get("title", "")
            )
            self.cells[self._cell.stage, self._cell.channel] = self._cell
        elif tag == "li" and self._cell is not None:
            self._item = ["", a["data-qualification"], False]
        elif tag == "span" and "cxm-name" in classes:
            role = "name"
        elif tag == "span" and "cxm-mot" in classes and self._item is not None:
            self._item[2] = True
        elif tag == "style":
            role = "style"
        self._in.append(role)

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None
        elif tag == "li" and self._cell is not None and self._item is not None:
            self._cell.names.append(tuple(self._item))  # type: ignore[arg-type]
            self._item = None
        self._in.pop()

    def handle_data(self, data):
        roles = ("stage", "channel", "name", "style")
        where = next((r for r in reversed(self._in) if r in roles), "")
        if where == "stage":
            self.stages[-1] += data
        elif where == "channel":
            self.channels[-1] += data
        elif where == "name" and self._item is not None:
            self._item[0] += data
        elif where == "style":
            self.style += data
        if self._cell is not None:
            self._cell.text += data


def grid_of(
    m: JourneyMap = SHOP,
    *,
    measure: str = "touchpoints",
    lang: str = "en",
    filters: Filters = analysis.NO_FILTER,
) -> Grid:
    return Grid(
        matrix_grid.matrix_grid(
            analysis.matrix_cells(m, filters, measure=measure),
            analysis.matrix_labels(m, filters),
            measure=measure,
            lang=lang,
            scale=analysis.scale_of(m),
        )
    )


def long_french_map(n_stages: int) -> JourneyMap:
    stages = [
        Stage(f"Étape {i} : je compare les offres de restauration collective du quartier")
        for i in range(n_stages)
    ]
    return journey_map(
        stages=stages,
        channels=[Channel("Application mobile de réservation"), Channel("Restaurant")],
        touchpoints=[
            Touchpoint(
                s.name,
                ("Application mobile de réservation", "Restaurant")[i % 2],
                f"Point de contact n° {i} avec un intitulé particulièrement long",
                qualification=QUALIFICATIONS[i % 4],
                moment_of_truth=i % 5 == 0,
            )
            for i, s in enumerate(stages)
        ],
    )


# --- names, in full and escaped ---------------------------------------------------------------


@pytest.mark.parametrize("n_stages", [3, 8, 10, 11, 30])
def test_every_stage_channel_and_touchpoint_name_is_in_the_grid_in_full(n_stages):
    m = long_french_map(n_stages)
    grid = grid_of(m, lang="fr")
    assert grid.stages == [s.name for s in m.stages]
    assert grid.channels == [c.name for c in m.channels]
    for t in m.touchpoints:
        assert (t.name, t.qualification, t.moment_of_truth) in grid.cells[t.stage, t.channel].names


@pytest.mark.parametrize(
    "name",
    [
        # markup, an attribute breaker, an entity, a script
        "<b>bold</b> & co",
        'say "hi" onmouseover=alert(1) x="',
        "Caf&eacute; &amp; <i>",
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_user_text_is_escaped_everywhere(name):
    m = journey_map(
        stages=[Stage(name), Stage("Next")],
        channels=[Channel(name)],
        touchpoints=[Touchpoint(name, name, name, moment_of_truth=True)],
    )
    markup = matrix_grid.matrix_grid(
        analysis.matrix_cells(m, measure="kpi"),
        analysis.matrix_labels(m),
        measure="kpi",
        kpi=name,
    )
    grid = Grid(markup)
    # the text reads back exactly; no tag of the name got into the document
    assert grid.stages[0] == name and grid.channels == [name]
    assert grid.cells[name, name].names == [(name, "neutral", True)]
    assert grid.cells[name, name].stage == name
    assert set(grid.tags) <= {"style", "div", "span", "b", "i", "table", "thead", "tbody", "tr"} | {
        "th",
        "td",
        "ul",
        "li",
    }
    assert "<script" not in markup and "<img" not in markup


def test_no_rule_of_the_grid_cuts_or_hides_text():
    style = grid_of().style
    assert "ellipsis" not in style
    assert not re.search(r"overflow(-x|-y)?\s*:\s*hidden", style)
    assert "nowrap" not in style.split(".cxm-legend")[0]  # the grid's own cells wrap
    assert "white-space:normal" in style


def test_the_channel_column_and_the_stage_row_stay_in_view_when_the_grid_scrolls():
    style = grid_of().style.replace("\n", "")
    assert re.search(r"\.cxm thead th\{position:sticky;top:0", style)
    assert re.search(r"\.cxm tbody th\{position:sticky;left:0", style)
    assert re.search(r"\.cxm-scroll\{overflow:auto", style)


@pytest.mark.parametrize(
    "n_stages,wide",
    [
        # up to ten stages the columns share the width
        (8, False),
        (10, False),
        # beyond, they keep a readable width and the grid scrolls
        (11, True),
        (30, True),
    ],
)
def test_beyond_ten_stages_the_grid_keeps_wide_columns(n_stages, wide):
    grid = grid_of(long_french_map(n_stages))
    assert ("cxm-wide" in grid.table["class"].split()) is wide
    assert grid.table["data-stages"] == str(n_stages)


# --- qualifications, moments of truth, gaps -------------------------------------------------


def test_each_touchpoint_has_its_qualifications_marker_and_colour():
    markup = matrix_grid.matrix_grid(
        analysis.matrix_cells(SHOP), analysis.matrix_labels(SHOP), measure="touchpoints"
    )
    for q in QUALIFICATIONS:
        for item in re.findall(rf'<li class="cxm-tp cxm-{q}"[^>]*>.*?</li>', markup):
            assert f"color:{matrix_grid.QUALIFICATION_TEXT[q]}" in item
            assert matrix_grid.QUALIFICATION_MARKS[q] in item
    # four different markers: the kind reads without colour
    assert len(set(matrix_grid.QUALIFICATION_MARKS.values())) == len(QUALIFICATIONS)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_legend_names_each_marker_the_moment_of_truth_and_the_gap(lang):
    markup = matrix_grid.legend("touchpoints", lang)
    for q in QUALIFICATIONS:
        assert matrix_grid.QUALIFICATION_MARKS[q] in markup
        assert tr(f"q.{q}", lang) in markup
    assert tr("matrix.moment", lang) in markup and matrix_grid.MOMENT_OF_TRUTH in markup
    assert tr("matrix.gap_legend", lang) in markup
    assert tr("matrix.colour", lang, measure=tr("measure.touchpoints", lang)) in markup


@pytest.mark.parametrize(
    "filters,flagged",
    [
        # no persona filter: no channel serves both sides of an empty cell (App serves
        # nothing, Store only Buy and Stay); only the declared absence (Click and collect)
        (Filters(), {("Buy", "Store"): "matrix.gap_declared"}),
        # Hurried prefers the App: its empty cells are gaps too
        (
            Filters(personas=("Hurried",)),
            {
                ("Buy", "Store"): "matrix.gap_declared",
                ("Discover", "App"): "matrix.gap_preferred",
                ("Buy", "App"): "matrix.gap_preferred",
                ("Stay", "App"): "matrix.gap_preferred",
            },
        ),
    ],
)
def test_only_gaps_and_declared_absences_are_dashed_and_say_why(filters, flagged):
    grid = grid_of(filters=filters)
    dashed = {key: cell for key, cell in grid.cells.items() if "cxm-gap" in cell.classes}
    assert set(dashed) == set(flagged)
    for key, text in flagged.items():
        assert dashed[key].title == tr(text)


def test_a_gap_between_two_served_stages_is_written_gap_in_the_language():
    m = journey_map(
        stages=[Stage("A"), Stage("B"), Stage("C")],
        channels=[Channel("Web")],
        touchpoints=[Touchpoint("A", "Web", "x"), Touchpoint("C", "Web", "y")],
    )
    cell = grid_of(m, lang="fr").cells["B", "Web"]
    assert "cxm-gap" in cell.classes
    assert cell.text.strip() == tr("chart.gap", "fr")
    assert cell.title == tr("matrix.gap_neighbours", "fr")


# --- the measure: tint and value --------------------------------------------------------------


def red_green(style: str) -> str | None:
    found = re.search(r"rgba\((\d+),(\d+),(\d+),", style)
    if not found:
        return None
    r, g, _b = (int(v) for v in found.groups())
    return "red" if r > g else "green"


@pytest.mark.parametrize(
    "stage,channel,hue",
    [
        # below the scale's neutral: red; above: green; no value: no tint
        ("Buy", "Web", "red"),
        ("Stay", "Store", "green"),
        ("Discover", "Web", "green"),
        ("Discover", "Store", None),
    ],
)
def test_emotion_tints_cells_red_below_and_green_above_neutral(stage, channel, hue):
    grid = grid_of(measure="emotion")
    assert red_green(grid.cells[stage, channel].style) == hue


@pytest.mark.parametrize(
    "value,measure,scale,hue",
    [
        (1.0, "emotion", Scale(1, 5), "red"),
        (4.5, "emotion", Scale(1, 5), "green"),
        (30.0, "csat", None, "red"),
        (80.0, "csat", None, "green"),
        (-20.0, "nps", None, "red"),
        (35.0, "nps", None, "green"),
    ],
)
def test_diverging_measures_tint_around_their_neutral(value, measure, scale, hue):
    tint = matrix_grid.cell_tint(value, measure, [value], scale)
    assert tint is not None and red_green(tint) == hue


def test_counts_tint_stronger_for_more():
    pale = matrix_grid.cell_tint(1.0, "touchpoints", [1.0, 3.0], None)
    strong = matrix_grid.cell_tint(3.0, "touchpoints", [1.0, 3.0], None)
    alpha = [float(t.rsplit(",", 1)[1].rstrip(")")) for t in (pale, strong)]  # type: ignore[union-attr]
    assert alpha[0] < alpha[1]


@pytest.mark.parametrize(
    "value,measure,lang,text",
    [
        (-1.25, "emotion", "fr", "Émotion −1,2"),
        (-1.25, "emotion", "en", "Emotion −1.2"),
        (72.4, "csat", "fr", "CSAT 72\u202f%"),
        (12.0, "nps", "en", "NPS +12"),
        (2.0, "irritants", "fr", "2 irritant(s)"),
        # the count of touchpoints is the list itself
        (3.0, "touchpoints", "en", ""),
        (None, "emotion", "en", ""),
    ],
)
def test_the_value_is_written_in_the_cell_in_the_language(value, measure, lang, text):
    assert matrix_grid.value_text(value, measure, lang) == text


# --- the sample maps ------------------------------------------------------------------------


def test_the_restaurant_grid_names_all_eight_stages_and_flags_only_its_absences():
    current, _target = maps_of_sample(DATA / "restaurant.xlsx")
    m = current  # the sample also holds its target journey (data/make_targets.py)
    grid = grid_of(m, lang="fr", measure="emotion")
    assert grid.stages == [s.name for s in m.stages] and len(grid.stages) == 8
    names = [n for cell in grid.cells.values() for n, _q, _mot in cell.names]
    assert sorted(names) == sorted(t.name for t in m.touchpoints)
    dashed = [cell for cell in grid.cells.values() if "cxm-gap" in cell.classes]
    # 33 empty cells on this map; only the 4 cells with declared absences are flagged
    assert len(dashed) == len(
        {(t.stage, t.channel) for t in m.touchpoints if t.qualification == "missing"}
    )
    assert all(cell.names for cell in dashed)
