"""The "Current → target" page and the linked views, run headless through AppTest from app.py:
the page in English and French from either side of the pair, creating the target, saving the
target's touchpoints, the plan's what-if (shown, then saved), the linked selection on
Prioritisation and the actions of a matrix cell.  Fixtures and helpers: tests/test_app.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cxmap.storage import history
from cxmap.storage.store import Store
from cxmap.view.text import md
from tests.test_app import (  # noqa: F401  (fixtures, found by name)
    Samples,
    assert_no_exception,
    button,
    empty_store,
    has_button,
    open_app,
    samples_db,
    served,
)
from tests.test_app import samples as samples_fixture  # noqa: F401
from tests.test_app import seeded_store as seeded_fixture  # noqa: F401


@pytest.fixture
def samples(samples_fixture: Samples) -> Samples:  # noqa: F811
    return samples_fixture


@pytest.fixture
def seeded_store(seeded_fixture: Store) -> Store:  # noqa: F811
    return seeded_fixture


BANK, BANK_TARGET = "Account opening — current", "Account opening — target"
SHOP = "Online store — current"


def open_target(journey: str, lang: str = "en") -> AppTest:
    at = open_app(journey=journey, lang=lang)
    return at.switch_page("pages/target.py").run()


def latest_what(store: Store, name: str) -> str:
    return max(history.versions(store.engine, name), key=lambda v: v.version).what


def table(at: AppTest, column: str):
    """The read-only table that has this (translated) column, as a frame."""
    (found,) = [d.value for d in at.dataframe if column in d.value.columns]
    return found


def grids(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html") if 'class="cxm-matrix"' in h.proto.body]


@pytest.mark.parametrize(
    ("journey", "lang", "title", "headline"),
    [
        (BANK, "en", "Current → target", "irritants resolved"),
        (BANK, "fr", "Existant → cible", "irritants résolus"),
        # from the target's side: the same pair
        (BANK_TARGET, "en", "Current → target", "irritants resolved"),
        (BANK_TARGET, "fr", "Existant → cible", "irritants résolus"),
    ],
)
def test_the_page_shows_the_headline_the_marked_grid_curves_and_changes(
    samples: Samples, journey, lang, title, headline
) -> None:
    at = open_target(journey, lang)
    assert_no_exception(at)
    assert [t.value for t in at.title] == [title]
    assert headline in at.success[0].value
    (grid,) = grids(at)
    for change in ("removed", "added", "transformed"):
        assert f'data-change="{change}"' in grid
    assert at.get_by_key("target_gap").type == "plotly_chart"
    changes = table(at, "Was" if lang == "en" else "Avant")
    assert len(changes) > 0
    assert at.get_by_key("target_download").type == "download_button"


@pytest.mark.usefixtures("served")
def test_the_list_of_changes_filters_by_change(samples: Samples) -> None:
    at = open_target(BANK)
    everything = len(table(at, "Was"))
    at.multiselect(key="target_filter_change").set_value(["removed"]).run()
    assert_no_exception(at)
    removed = table(at, "Was")
    assert 0 < len(removed) < everything
    assert set(removed.iloc[:, 0]) == {"Removed"}


@pytest.mark.usefixtures("served")
@pytest.mark.parametrize(("lang", "suffix"), [("en", " — target"), ("fr", " — cible")])
def test_create_the_target_journey_saves_a_copy_with_its_baseline(
    seeded_store: Store, lang, suffix
) -> None:
    at = open_target(SHOP, lang)
    label = "Create the target journey" if lang == "en" else "Créer le parcours cible"
    button(at, label).click().run()
    assert_no_exception(at)
    created = seeded_store.load(SHOP + suffix)
    assert (created.journey.state, created.journey.baseline) == ("target", SHOP)
    assert len(created.touchpoints) == len(seeded_store.load(SHOP).touchpoints)
    assert latest_what(seeded_store, SHOP + suffix) == "create"
    # the page now compares the pair: nothing changed yet
    assert not has_button(at, label)
    assert grids(at)


@pytest.mark.usefixtures("served")
def test_saving_the_target_table_records_an_edit(seeded_store: Store) -> None:
    at = open_target(BANK)
    before = seeded_store.version_of(BANK_TARGET)
    changes = [t.change for t in seeded_store.load(BANK_TARGET).touchpoints]
    assert None in changes  # a touchpoint with no declared change (shown blank)…
    button(at, "Save the target").click().run()
    assert_no_exception(at)
    assert [t.value for t in at.toast] == [md(f"Target “{BANK_TARGET}” saved.")]
    assert seeded_store.version_of(BANK_TARGET) == (before or 0) + 1
    assert latest_what(seeded_store, BANK_TARGET) == "edit"
    assert seeded_store.load(BANK_TARGET).touchpoints  # unchanged rows saved as they were
    assert [t.change for t in seeded_store.load(BANK_TARGET).touchpoints] == changes  # …still none


@pytest.mark.usefixtures("served")
def test_applying_the_plan_shows_what_each_action_did_and_saves_only_on_demand(
    seeded_store: Store,
) -> None:
    at = open_target(BANK)
    before = seeded_store.load(BANK_TARGET)
    button(at, "Simulate the plan").click().run()
    assert_no_exception(at)
    assert "What-if (not saved)" in at.warning[0].value
    effects = table(at, "What it did")
    assert len(effects) == len(seeded_store.load(BANK).actions)
    assert "removed its touchpoint" in set(effects.iloc[:, 3])
    assert seeded_store.load(BANK_TARGET) == before  # a what-if writes nothing
    button(at, "Save this target").click().run()
    assert_no_exception(at)
    assert [t.value for t in at.toast] == [md(f"Target “{BANK_TARGET}” saved.")]
    after = seeded_store.load(BANK_TARGET)
    assert after != before
    assert {t.change for t in after.touchpoints} & {"transform", "add", "amplify"}
    assert not at.warning or "What-if" not in at.warning[0].value


@pytest.mark.usefixtures("served")
def test_the_plan_with_planned_actions_only_leaves_the_ideas_out(samples: Samples) -> None:
    at = open_target(BANK)
    button(at, "Simulate the plan").click().run()
    everything = len(table(at, "What it did"))
    at.get_by_key("target_plan_statuses").set_value("planned").run()
    button(at, "Simulate the plan").click().run()
    assert_no_exception(at)
    assert len(table(at, "What it did")) < everything


@pytest.mark.usefixtures("served")
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_picking_an_action_outlines_its_touchpoint_and_stage(samples: Samples, lang) -> None:
    at = open_app(journey=BANK, lang=lang)
    at.switch_page("pages/prioritisation.py").run()
    assert not grids(at)  # nothing selected: no linked view
    at.selectbox(key="prio_pick").set_value(0).run()
    assert_no_exception(at)
    (grid,) = grids(at)
    assert '<li class="cxm-tp' in grid and "cxm-hl" in grid.split("</style>")[1]
    assert "cxm-stage cxm-hl" in grid
    curve = at.get_by_key("linked_curve_0")
    assert curve.type == "plotly_chart" and '"shapes"' in curve.proto.spec


@pytest.mark.usefixtures("served")
@pytest.mark.parametrize(
    ("cell", "actions"),
    [
        # two actions address the cell's two touchpoints
        (
            ("Sign & fund", "Post"),
            {"E-signature of the contract in the app", "New card supplier for two-day card"},
        ),
        (("Verify identity", "Phone"), {"Stop the verification call-back from a h"}),
    ],
)
def test_a_matrix_cell_lists_the_actions_that_address_it(samples: Samples, cell, actions) -> None:
    at = open_app(journey=BANK)
    at.switch_page("pages/matrix.py").run()
    at.selectbox(key="matrix_cell").set_value(cell).run()
    assert_no_exception(at)
    listed = table(at, "Type")
    assert {name[: len(prefix)] for name in listed.iloc[:, 0] for prefix in actions} >= actions
    assert len(listed) == len(actions)


@pytest.mark.usefixtures("served")
def test_the_target_table_shows_and_offers_french_words_and_saves_canonical_ones(
    seeded_store: Store,
) -> None:
    import json

    at = open_target(BANK, "fr")
    assert_no_exception(at)
    (editor,) = at.data_editor
    shown = editor.value
    assert set(shown["qualification"]) <= {"irritant", "enchantement", "absence", "neutre"}
    assert "neutre" in set(shown["qualification"])
    # a touchpoint with no declared change shows blank, never the grid's English "None"
    assert all(isinstance(c, str) for c in shown["change"])
    changes = {c for c in shown["change"] if c}
    assert changes and changes <= {"supprimer", "ajouter", "transformer", "sublimer", "conserver"}
    config = json.loads(editor.proto.columns)
    options = {
        name: column["type_config"]["options"]
        for name, column in config.items()
        if column.get("type_config", {}).get("type") == "selectbox"
        and name in ("qualification", "change")
    }
    assert options == {
        "qualification": ["irritant", "enchantement", "absence", "neutre"],
        "change": ["supprimer", "ajouter", "transformer", "sublimer", "conserver"],
    }
    # an editor picks French words in the first row; the store keeps the canonical ones
    first = seeded_store.load(BANK_TARGET).touchpoints[0]
    at.session_state[editor.key] = {
        "edited_rows": {0: {"qualification": "enchantement", "change": "sublimer"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    button(at, "Enregistrer la cible").click().run()
    assert_no_exception(at)
    assert not at.error, [e.value for e in at.error]
    saved = seeded_store.load(BANK_TARGET).touchpoints[0]
    assert (saved.name, saved.qualification, saved.change) == (first.name, "delight", "amplify")
