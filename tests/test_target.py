"""The "Current → target" page's library: which journeys pair, the target's grid marked by
change, the list of changes and its XLSX, the gap chart, the target's touchpoints edited in a
table and checked by the reader's rules, and the actions a touchpoint or a cell is addressed by
(the linked views).  Maps are built in Python; nothing here runs Streamlit."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from cxmap.compute import analysis
from cxmap.compute import target as model
from cxmap.compute.diff import diff_maps
from cxmap.domain.model import (
    Action,
    Channel,
    Emotion,
    Journey,
    Persona,
    Scale,
    Stage,
    Touchpoint,
)
from cxmap.storage.store import JourneyInfo
from cxmap.view import matrix_grid
from cxmap.view import target as figures
from tests.workbooks import journey_map

WEB, SHOP = "Web", "Boutique"
BOOK, PAY = "Je réserve", "Je paie"
LONG = "Vérification d'identité par visioconférence avec un conseiller dédié"


def tp(stage: str, channel: str, name: str, qualification: str = "neutral", **more) -> Touchpoint:
    return Touchpoint(stage, channel, name, qualification=qualification, **more)


def build(name, touchpoints, *, state="current", baseline=None, emotions=(), actions=()):
    return journey_map(
        journey=Journey(name, state=state, baseline=baseline, scale=Scale(-2, 2)),
        personas=[Persona("Alice")],
        stages=[Stage(BOOK), Stage(PAY)],
        channels=[Channel(WEB), Channel(SHOP)],
        touchpoints=touchpoints,
        emotions=emotions,
        actions=actions,
    )


CURRENT = build(
    "Séjour",
    [
        tp(BOOK, WEB, "Formulaire papier", "irritant"),
        tp(BOOK, SHOP, "Accueil"),
        tp(PAY, WEB, "Paiement en ligne", "missing"),
        tp(PAY, SHOP, "Caisse", "irritant"),
    ],
    emotions=[Emotion("Alice", BOOK, -1.5), Emotion("Alice", PAY, -1.0, touchpoint="Caisse")],
    actions=[
        Action("Drop the paper form", stage=BOOK, touchpoint="formulaire PAPIER", type="remove"),
        Action("Fix the till", stage=PAY, touchpoint="Caisse", type="transform"),
        Action("Nowhere", stage=PAY, pain_point="Nothing like it", type="add"),
    ],
)
TARGET = build(
    "Séjour — cible",
    [
        tp(BOOK, WEB, "Réservation en ligne", change="transform", replaces="Formulaire papier"),
        tp(BOOK, SHOP, "Accueil"),
        tp(PAY, WEB, "Paiement en ligne"),
        tp(PAY, SHOP, "Caisse", change="remove"),
        tp(PAY, SHOP, LONG, change="add"),
    ],
    state="target",
    baseline="Séjour",
    emotions=[Emotion("Alice", BOOK, 1.0), Emotion("Alice", PAY, 0.5)],
)
DIFF = diff_maps(CURRENT, TARGET)


def info(i, name, state="current", baseline=None) -> JourneyInfo:
    return JourneyInfo(i, name, state, baseline, dt.datetime(2026, 1, 1))


# --- which journeys pair ----------------------------------------------------------------------

INFOS = [
    info(1, "Séjour"),
    info(2, "Séjour — cible", "target", "SEJOUR"),  # the baseline folded: case and accents
    info(3, "Alone"),
    info(4, "Orphan target", "target", "Gone"),
]


@pytest.mark.parametrize(
    ("chosen", "current", "target"),
    [
        # a current journey: itself and the target whose baseline it is
        (0, "Séjour", "Séjour — cible"),
        # a target: its baseline and itself
        (1, "Séjour", "Séjour — cible"),
        # a current journey nobody targets: no target yet
        (2, "Alone", None),
    ],
)
def test_a_journey_pairs_with_its_target_or_its_baseline(chosen, current, target) -> None:
    pair = model.pair_of(INFOS, INFOS[chosen])
    assert pair is not None
    assert pair.current.name == current
    assert (pair.target.name if pair.target else None) == target


def test_a_target_whose_baseline_is_not_stored_pairs_with_nothing() -> None:
    assert model.pair_of(INFOS, INFOS[3]) is None


# --- the target's grid, marked by change ---------------------------------------------------


def test_change_labels_put_a_removed_touchpoint_where_it_was_and_say_what_a_transformed_one_was():
    labels = model.change_labels(DIFF).set_index("name")
    assert labels.loc["Caisse", "change"] == "removed"
    assert (labels.loc["Caisse", "stage"], labels.loc["Caisse", "channel"]) == (PAY, SHOP)
    assert labels.loc["Réservation en ligne", "change"] == "transformed"
    assert labels.loc["Réservation en ligne", "was"] == "Formulaire papier"
    assert labels.loc[LONG, "change"] == "added"
    assert labels.loc["Paiement en ligne", "change"] == "added"  # the absence is filled
    assert labels.loc["Accueil", "change"] == "kept"


def _grid(labels: pd.DataFrame, **options) -> str:
    return matrix_grid.matrix_grid(
        analysis.matrix_cells(TARGET), labels, measure="touchpoints", lang="fr", **options
    )


def _item(html: str, name: str) -> str:
    """The <li> of a touchpoint in the grid's HTML."""
    end = html.index(f'<span class="cxm-name">{name}</span>')
    return html[html.rindex("<li", 0, end) : html.index("</li>", end)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # removed: struck through (the class the style strikes), with its badge
        ("Caisse", ('data-change="removed"', "cxm-ch-removed", "✕\u00a0Supprimé")),
        # added: highlighted, with its badge
        (LONG.replace("'", "&#x27;"), ('data-change="added"', "cxm-ch-added", "+\u00a0Ajouté")),
        # transformed: "from → to"
        ("Réservation en ligne", ("cxm-ch-transformed", "Formulaire papier →")),
        # kept: no badge
        ("Accueil", ('data-change="kept"',)),
    ],
)
def test_the_target_grid_marks_each_touchpoint_by_its_change(name, expected) -> None:
    item = _item(_grid(model.change_labels(DIFF)), name)
    for part in expected:
        assert part in item
    if name == "Accueil":
        assert "cxm-change" not in item


def test_a_transformed_touchpoint_of_the_same_name_shows_its_former_qualification() -> None:
    current = build("A", [tp(BOOK, WEB, "Caisse", "irritant")])
    target = build("B", [tp(BOOK, WEB, "Caisse", "neutral")], state="target")
    labels = model.change_labels(diff_maps(current, target))
    item = _item(_grid(labels), "Caisse")
    assert "▼\u00a0Irritant →" in item


def test_the_change_legend_shows_only_on_a_grid_marked_by_change() -> None:
    marked = _grid(model.change_labels(DIFF))
    plain = _grid(analysis.matrix_labels(TARGET))
    assert "cxm-change-legend" in marked and "cxm-change-legend" not in plain


def test_names_in_a_marked_grid_are_escaped() -> None:
    current = build("A", [tp(BOOK, WEB, "<b>old</b>", "irritant")])
    target = build("B", [tp(BOOK, WEB, "<script>x</script>", replaces="<b>old</b>")])
    html = _grid(model.change_labels(diff_maps(current, target)))
    assert "<script>" not in html and "<b>old" not in html
    assert "&lt;b&gt;old&lt;/b&gt; →" in html


def test_highlight_outlines_one_touchpoint_and_its_stage() -> None:
    html = _grid(
        analysis.matrix_labels(TARGET), highlight={(BOOK, SHOP, "Accueil")}, highlight_stage=BOOK
    )
    assert "cxm-hl" in _item(html, "Accueil")
    assert "cxm-hl" not in _item(html, "Paiement en ligne")
    assert f'class="cxm-stage cxm-hl" data-stage="{BOOK}"' in html
    assert html.count("cxm-cell cxm-hl-stage") == 2  # the stage's two cells (two channels)


def test_a_change_off_the_target_grid_is_reported() -> None:
    target = journey_map(
        journey=Journey("T", state="target", scale=Scale(-2, 2)),
        stages=[Stage(BOOK)],
        channels=[Channel(WEB)],
        touchpoints=[tp(BOOK, WEB, "Formulaire papier")],
    )
    outside = model.off_grid(diff_maps(CURRENT, target), target)
    assert {i.name for i in outside} == {"Accueil", "Paiement en ligne", "Caisse"}


# --- the list of changes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "stages", "expected"),
    [
        # no filter: every touchpoint of the diff
        (None, None, 5),
        # by change
        (["removed"], None, 1),
        (["added", "transformed"], None, 3),
        # by stage, case- and accent-insensitive
        (None, ["je REServe"], 2),
        # both
        (["added"], [PAY], 2),
        (["amplified"], None, 0),
    ],
)
def test_the_list_of_changes_filters_by_change_and_stage(changes, stages, expected) -> None:
    frame = model.changes_frame(DIFF, changes=changes, stages=stages)
    assert len(frame) == expected
    assert list(frame.columns) == model.CHANGE_COLUMNS


def test_the_changes_download_is_a_workbook_in_the_page_language() -> None:
    frame = model.changes_frame(DIFF)
    book = openpyxl.load_workbook(io.BytesIO(figures.changes_xlsx(frame, lang="fr")))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "Évolutions"
    assert rows[0][:4] == ("Évolution", "Étape", "Canal", "Point de contact")
    assert len(rows) == 1 + len(frame)
    removed = next(r for r in rows if r[3] == "Caisse")
    assert removed[0] == "Supprimé" and removed[5] == "Irritant" and removed[6] is None
    transformed = next(r for r in rows if r[3] == "Réservation en ligne")
    assert transformed[4] == "Formulaire papier" and transformed[7] == "oui"


def test_the_gap_chart_places_both_curves_and_the_gap_by_stage_name() -> None:
    fig = figures.gap_chart(DIFF, lang="fr")
    bar, current, target = fig.data
    assert list(bar.x) == [BOOK, PAY] == list(current.x) == list(target.x)
    assert list(current.y) == [-1.5, -1.0] and list(target.y) == [1.0, 0.5]
    assert list(bar.text) == ["+2,5", "+1,5"]
    assert fig.layout.xaxis.categoryarray == (BOOK, PAY)


@pytest.mark.parametrize(
    ("stage", "shaded"), [(PAY, (0.5, 1.5)), ("Elsewhere", None), (None, None)]
)
def test_highlight_stage_shades_the_stage_column_of_a_curve(stage, shaded) -> None:
    fig = figures.highlight_stage(figures.gap_chart(DIFF), [BOOK, PAY], stage)
    shapes = fig.layout.shapes
    if shaded is None:
        assert not shapes
    else:
        assert (shapes[0].x0, shapes[0].x1) == shaded


# --- the target's touchpoints edited in a table ----------------------------------------------


def edit(frame: pd.DataFrame, row: int, **values) -> pd.DataFrame:
    frame = frame.copy()
    for column, value in values.items():
        frame.loc[row, column] = value
    return frame


def test_the_editor_table_round_trips_an_unchanged_map() -> None:
    result = model.edited_map(TARGET, model.touchpoints_frame(TARGET))
    assert result.ok, result.problems
    assert result.map == TARGET


def test_a_renamed_touchpoint_takes_its_emotions_along() -> None:
    frame = edit(model.touchpoints_frame(CURRENT), 3, name="Caisse rapide")
    result = model.edited_map(CURRENT, frame)
    assert result.ok, result.problems
    assert result.map.touchpoints[3].name == "Caisse rapide"
    assert result.map.emotions[1].touchpoint == "Caisse rapide"
    assert result.map.actions[1].touchpoint == "Caisse rapide"


def test_a_deleted_touchpoint_lets_its_emotions_go_and_an_added_row_starts_from_the_table() -> None:
    frame = model.touchpoints_frame(CURRENT).drop(index=3)
    added = dict(
        row=pd.NA,
        name="Borne",
        stage=PAY,
        channel=SHOP,
        qualification="delight",
        change="add",
        replaces=None,
        data_collected="e-mail, téléphone",
        collection_mechanism="QR code",
    )
    frame = pd.concat([frame, pd.DataFrame([added])], ignore_index=True)
    result = model.edited_map(CURRENT, frame)
    assert result.ok, result.problems
    new = result.map.touchpoints[-1]
    assert (new.name, new.qualification, new.change) == ("Borne", "delight", "add")
    assert new.data_collected == ("e-mail", "téléphone") and new.collection_mechanism == "QR code"
    assert result.map.emotions[1].touchpoint is None and result.map.emotions[1].stage == PAY


@pytest.mark.parametrize(
    ("values", "row", "column", "words"),
    [
        # a stage the journey does not have (the reader's own message)
        (dict(stage="Nulle part"), 3, "stage", "not a stage"),
        (dict(channel="Pigeon"), 3, "channel", "not a channel"),
        # a name left blank
        (dict(name=""), 3, "touchpoint", "required"),
        # a change that is not one of the contract's words
        (dict(change="explode"), 3, "change", "not a change"),
    ],
)
def test_an_invalid_edit_is_refused_with_its_row_and_column(values, row, column, words) -> None:
    frame = edit(model.touchpoints_frame(CURRENT), 1, **values)
    result = model.edited_map(CURRENT, frame)
    assert not result.ok
    found = [p for p in result.problems if p.sheet == "Touchpoints"]
    assert found and found[0].row == row and found[0].column == column
    assert words in found[0].message


def test_two_touchpoints_of_one_name_at_one_stage_are_refused_as_the_reader_refuses_them() -> None:
    frame = edit(model.touchpoints_frame(CURRENT), 1, name="Formulaire papier", channel=WEB)
    assert not model.edited_map(CURRENT, frame).ok


# --- actions and the touchpoints they address --------------------------------------------------


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        # case and accents do not matter, the stage is respected
        (0, "Formulaire papier"),
        (1, "Caisse"),
        # an action naming no touchpoint addresses nothing
        (2, None),
    ],
)
def test_an_action_addresses_its_touchpoint_by_the_plan_rule(position, expected) -> None:
    found = model.action_touchpoint(CURRENT, CURRENT.actions[position])
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    ("stage", "channel", "actions"),
    [
        ((BOOK), WEB, ["Drop the paper form"]),
        (PAY, SHOP, ["Fix the till"]),
        (BOOK, SHOP, []),
    ],
)
def test_a_matrix_cell_lists_the_actions_that_address_it(stage, channel, actions) -> None:
    assert list(model.actions_in_cell(CURRENT, stage, channel)["action"]) == actions


@pytest.mark.parametrize(
    ("stage", "filters", "expected"),
    [
        # the stage and one either side
        (PAY, analysis.Filters(), (BOOK, PAY)),
        (BOOK, analysis.Filters(), (BOOK, PAY)),
        # a stage filtered out, or none: the filters as they were
        (PAY, analysis.Filters(stages=(BOOK,)), (BOOK,)),
        (None, analysis.Filters(), ()),
    ],
)
def test_the_linked_grid_shows_the_stages_around_the_selection(stage, filters, expected) -> None:
    assert model.stages_around(CURRENT, stage, filters).stages == expected
