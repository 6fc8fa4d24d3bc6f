"""The dashboard run headless through Streamlit's AppTest: every page from app.py, the empty
state, the filters and the language kept in the URL, the import flow and the editable actions.

Each test points CXMAP_DATABASE_URL at a SQLite file of its own; tests that only read share one
file seeded with the sample maps (module fixture), tests that write get a fresh one.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

from cxmap.storage.samples import seed
from cxmap.storage.store import Store
from cxmap.ui import pages_directory
from tests.workbooks import make_workbook, minimal_sheets

APP = Path(__file__).resolve().parent.parent / "app.py"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TIMEOUT = 30  # seconds per script run: generous for a loaded CI machine


@dataclass(frozen=True)
class Samples:
    """The shared seeded database and what the tests need to know about it."""

    url: str
    personas: dict[str, list[str]]  # journey name -> persona names, in the map's order

    @property
    def names(self) -> list[str]:
        return list(self.personas)


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Samples]:
    """One database seeded with the sample maps, for the tests that only read it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('samples') / 'cxmap.db'}"
    store = Store(url)
    seed(store)
    personas = {name: [p.name for p in store.load(name).personas] for name in store.names()}
    yield Samples(url, personas)
    store.close()


@pytest.fixture
def samples(samples_db: Samples, monkeypatch: pytest.MonkeyPatch) -> Samples:
    """The app pointed at the shared sample database."""
    monkeypatch.setenv("CXMAP_DATABASE_URL", samples_db.url)
    return samples_db


@pytest.fixture
def empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The app pointed at a fresh, empty database of this test's own."""
    url = f"sqlite:///{tmp_path / 'cxmap.db'}"
    monkeypatch.setenv("CXMAP_DATABASE_URL", url)
    store = Store(url)
    yield store
    store.close()


@pytest.fixture
def seeded_store(empty_store: Store) -> Store:
    """A fresh database of this test's own with the sample maps (for tests that write)."""
    seed(empty_store)
    return empty_store


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every AppTest run as the second and later runs of a real server.

    Streamlit treats a `pages/` folder as an old-style multipage app until st.navigation has
    run once in the process (see cxmap.ui.pages_directory).  A server settles that on its
    first run; AppTest resets the flag before *every* run, so each run after the first executes
    the page alone, ui.view() reruns to get the frame, and that st.rerun() drops the widget
    state the test just set (a click, a new value).  Keep the flag settled, as on a server.
    """
    original = PagesManager.__init__

    def settled(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", settled)


# --- the private Streamlit API cxmap.ui.pages_directory leans on -------------------------------
# These fail loudly when an upgrade of Streamlit changes it: then the workaround must be looked
# at again (perhaps dropped, if Streamlit stops treating `pages/` specially).


def test_a_pages_folder_beside_app_py_still_starts_streamlit_in_the_old_multipage_mode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    PagesManager(str(APP), setup_watcher=False)
    assert pages_directory.in_pages_directory_mode()
    # the script runner still decides on this class attribute which script to run
    assert "PagesManager.uses_pages_directory" in inspect.getsource(script_runner)


@pytest.mark.usefixtures("samples")
def test_st_navigation_in_app_py_still_ends_the_old_multipage_mode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    at = open_app()
    assert_no_exception(at)
    assert PagesManager.uses_pages_directory is False
    assert not pages_directory.in_pages_directory_mode()


def open_app(*, context: dict[str, str] | None = None, **params: str) -> AppTest:
    """app.py after its first run (the default page), started from a URL with ``params``."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    if context:
        at.context.update(context)
    return at.run()


def open_page(page: str, **params: str) -> AppTest:
    """app.py, then a switch to pages/<page>.py (switch_page needs one run first)."""
    at = open_app(**params)
    return at.switch_page(f"pages/{page}.py").run()


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def trace_names(at: AppTest, key: str) -> list[str]:
    """The names of the traces of the Plotly figure drawn with ``key``."""
    chart = at.get_by_key(key)
    assert chart.type == "plotly_chart"
    return [trace.get("name") for trace in json.loads(chart.proto.spec)["data"]]


def personas_drawn(at: AppTest, key: str, personas: list[str]) -> set[str]:
    """Which of ``personas`` have a line in the emotion curve drawn with ``key``."""
    return set(trace_names(at, key)) & set(personas)


def button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert len(matches) == 1, [b.label for b in at.button]
    return matches[0]


def has_button(at: AppTest, label: str) -> bool:
    return any(b.label == label for b in at.button)


# --- every page ---------------------------------------------------------------------------------


def check_overview(at: AppTest, _journey: str, _personas: list[str]) -> None:
    assert len(at.metric) >= 1
    assert at.get_by_key("overview_curve").type == "plotly_chart"
    assert at.get_by_key("overview_counts").type == "plotly_chart"


def check_emotions(at: AppTest, _journey: str, _personas: list[str]) -> None:
    assert at.get_by_key("emotion_curve").type == "plotly_chart"


def check_matrix(at: AppTest, _journey: str, _personas: list[str]) -> None:
    # the grid is one escaped HTML table (st.html); a cell's details come from a chooser
    (grid,) = [h for h in at.get("html") if 'class="cxm-matrix"' in h.proto.body]
    assert "<table" in grid.proto.body
    assert at.get_by_key("matrix_cell").type == "selectbox"


def check_kpis(at: AppTest, journey: str, _personas: list[str]) -> None:
    # the typed KPIs (read-only) come first; the CLV calculator is an editor
    read_only = [d for d in at.dataframe if d.editing_mode == "read_only"]
    assert read_only and not read_only[0].value.empty
    assert at.get_by_key(f"clv_{journey}") is not None


def check_measured(at: AppTest, journey: str, _personas: list[str]) -> None:
    if journey != "Online store — current":  # the one sample with an event log
        assert "import-events" in at.info[0].value
        return
    assert at.get_by_key("measured_funnel").type == "plotly_chart"
    assert at.get_by_key("measured_sankey").type == "plotly_chart"


def check_target(at: AppTest, _journey: str, _personas: list[str]) -> None:
    (grid,) = [h for h in at.get("html") if 'class="cxm-matrix"' in h.proto.body]
    assert 'data-change="' in grid.proto.body
    assert at.get_by_key("target_gap").type == "plotly_chart"


def check_prioritisation(at: AppTest, _journey: str, _personas: list[str]) -> None:
    assert at.get_by_key("impact_effort").type == "plotly_chart"
    assert len(at.data_editor) == 1 and not at.data_editor[0].value.empty


def check_personas(at: AppTest, _journey: str, personas: list[str]) -> None:
    cards = [c for c in at.main.container if c.proto.flex_container.border]
    assert len(cards) == len(personas)
    assert [s.value for s in at.subheader] == personas


def check_import(at: AppTest, journey: str, _personas: list[str]) -> None:
    # the map uploader, and the survey answers' and event log's uploaders for the selected
    # journey (the event log's key is the page's own, renewed after each import)
    assert [u.key for u in at.file_uploader] == [
        "upload",
        "answers_upload",
        "import_events_upload_0",
    ]
    assert [d.label for d in at.download_button] == [
        f"Download “{journey}” (.xlsx)",
        "Download the blank template",
    ]


def check_collection(at: AppTest, _journey: str, _personas: list[str]) -> None:
    # the plan as an escaped grid, the same plan as a table, and its download
    (grid,) = [h for h in at.get("html") if 'class="cxc"' in h.proto.body]
    assert "<table" in grid.proto.body and "cxc-point" in grid.proto.body
    assert not at.dataframe[0].value.empty
    assert len(at.download_button) == 1


def check_blueprint(at: AppTest, _journey: str, _personas: list[str]) -> None:
    (grid,) = [h for h in at.get("html") if 'class="cxb"' in h.proto.body]
    for lane in ("actions", "frontstage", "backstage", "support"):
        assert f'data-lane="{lane}"' in grid.proto.body
    assert 'class="cxb-visibility"' in grid.proto.body


PAGES = [
    ("overview", "Overview", check_overview),
    ("emotions", "Emotion curve", check_emotions),
    ("matrix", "Touchpoint matrix", check_matrix),
    ("kpis", "KPIs", check_kpis),
    ("measured", "Measured journey", check_measured),
    ("target", "Current → target", check_target),
    ("prioritisation", "Prioritisation", check_prioritisation),
    ("personas", "Personas", check_personas),
    ("import", "Import & export", check_import),
    ("collection", "Collection plan", check_collection),
    ("blueprint", "Service blueprint", check_blueprint),
]


# The page tests run without `served`: after the first run, each switch_page runs the page
# alone first, as on a server's first visit, and ui.view() must bring the frame back.


@pytest.mark.parametrize("page, title, check", PAGES, ids=[p[0] for p in PAGES])
def test_page_shows_its_title_and_main_element_on_the_samples(
    samples: Samples, page, title, check
) -> None:
    at = open_page(page)
    assert_no_exception(at)
    assert [t.value for t in at.title] == [title]
    assert len(at.sidebar.multiselect) == 3  # inside the frame, not alone
    journey = at.session_state["journey"]
    check(at, journey, samples.personas[journey])


FRENCH_TITLES = {
    "overview": "Vue d'ensemble",
    "emotions": "Courbe des émotions",
    "matrix": "Matrice des points de contact",
    "kpis": "Indicateurs",
    "target": "Existant → cible",
    "prioritisation": "Priorisation",
    "personas": "Personas",
    "import": "Import et export",
    "measured": "Parcours mesuré",
    "history": "Historique",
    "collection": "Plan de collecte",
    "blueprint": "Plan de service",
}


@pytest.mark.parametrize("page, title, check", PAGES, ids=[p[0] for p in PAGES])
def test_page_opens_in_french_with_its_main_element(samples: Samples, page, title, check) -> None:
    at = open_page(page, lang="fr")
    assert_no_exception(at)
    assert [t.value for t in at.title] == [FRENCH_TITLES[page]]
    assert at.session_state["lang"] == "fr"
    if page != "import":  # its English download labels are checked in English
        journey = at.session_state["journey"]
        check(at, journey, samples.personas[journey])


@pytest.mark.parametrize("page", [p[0] for p in PAGES if p[0] != "import"])
def test_page_shows_the_empty_state_on_an_empty_database(empty_store: Store, page: str) -> None:
    at = open_page(page)
    assert_no_exception(at)
    assert [t.value for t in at.title] == ["No journey yet"]
    assert has_button(at, "Load the sample maps")


def test_import_page_needs_no_journey(empty_store: Store) -> None:
    at = open_page("import")
    assert_no_exception(at)
    assert [t.value for t in at.title] == ["Import & export"]
    assert not has_button(at, "Load the sample maps")
    assert [u.key for u in at.file_uploader] == ["upload"]  # answers, events need a journey
    assert any("an event log's activities are counted" in c.value for c in at.caption)
    assert [d.label for d in at.download_button] == ["Download the blank template"]


@pytest.mark.usefixtures("served")
def test_load_the_sample_maps_fills_the_store_and_shows_the_overview(
    empty_store: Store, samples_db: Samples
) -> None:
    at = open_app()
    button(at, "Load the sample maps").click().run()
    assert_no_exception(at)
    assert sorted(empty_store.names()) == sorted(samples_db.names)
    assert [t.value for t in at.title] == ["Overview"]
    assert at.selectbox(key="journey").options  # the sidebar now lists the journeys


# --- filters kept in the URL ---------------------------------------------------------------------


@pytest.mark.usefixtures("served")
def test_choosing_a_persona_keeps_only_its_line_and_writes_it_to_the_url(samples: Samples) -> None:
    at = open_page("emotions")
    personas = samples.personas[at.session_state["journey"]]
    assert personas_drawn(at, "emotion_curve", personas) == set(personas)  # all by default
    at.multiselect(key="persona").set_value([personas[1]]).run()
    assert_no_exception(at)
    assert personas_drawn(at, "emotion_curve", personas) == {personas[1]}
    assert at.query_params["persona"] == personas[1]


@pytest.mark.usefixtures("served")
def test_a_link_with_journey_and_persona_opens_the_view_filtered(samples: Samples) -> None:
    journey = "Online store — current"
    personas = samples.personas[journey]
    at = open_app(journey=journey, persona=personas[0])
    assert_no_exception(at)
    assert at.selectbox(key="journey").value == journey
    assert at.multiselect(key="persona").value == [personas[0]]
    assert personas_drawn(at, "overview_curve", personas) == {personas[0]}
    at.switch_page("pages/emotions.py").run()
    assert personas_drawn(at, "emotion_curve", personas) == {personas[0]}
    assert at.query_params["journey"] == journey and at.query_params["persona"] == personas[0]


@pytest.mark.usefixtures("served")
def test_a_link_accepts_comma_separated_personas(samples: Samples) -> None:
    journey = "Online store — current"
    personas = samples.personas[journey]
    assert len(personas) >= 3  # so that keeping two drops one
    at = open_page("emotions", journey=journey, persona=f"{personas[0]}, {personas[2]}")
    assert_no_exception(at)
    assert at.multiselect(key="persona").value == [personas[0], personas[2]]
    assert personas_drawn(at, "emotion_curve", personas) == {personas[0], personas[2]}


@pytest.mark.usefixtures("served")
def test_choosing_another_journey_resets_the_filters_to_its_personas(samples: Samples) -> None:
    first, second = "Account opening — current", "Online store — current"
    at = open_app(journey=first, persona=samples.personas[first][0])
    assert at.multiselect(key="persona").value == [samples.personas[first][0]]
    at.selectbox(key="journey").set_value(second).run()
    assert_no_exception(at)
    assert at.multiselect(key="persona").options == samples.personas[second]
    assert at.multiselect(key="persona").value == []
    assert at.query_params["journey"] == second and "persona" not in at.query_params
    assert personas_drawn(at, "overview_curve", samples.personas[second]) == set(
        samples.personas[second]
    )


@pytest.mark.usefixtures("served")
def test_a_persona_of_another_journey_in_the_url_is_dropped(samples: Samples) -> None:
    first, second = "Account opening — current", "Online store — current"
    at = open_app(journey=second, persona=samples.personas[first][0])
    assert_no_exception(at)
    assert at.multiselect(key="persona").value == []
    assert "persona" not in at.query_params
    assert personas_drawn(at, "overview_curve", samples.personas[second]) == set(
        samples.personas[second]
    )


# --- language ------------------------------------------------------------------------------------

FRENCH_SIDEBAR = ["Parcours", "Personas", "Étapes", "Canaux"]


def sidebar_labels(at: AppTest) -> list[str]:
    return [
        at.selectbox(key="journey").label,
        *(at.multiselect(key=k).label for k in ("persona", "stage", "channel")),
    ]


@pytest.mark.usefixtures("served")
def test_lang_fr_in_the_url_gives_french_titles_and_sidebar(samples: Samples) -> None:
    at = open_app(lang="fr")
    assert_no_exception(at)
    assert [t.value for t in at.title] == ["Vue d'ensemble"]
    assert sidebar_labels(at) == FRENCH_SIDEBAR
    at.switch_page("pages/emotions.py").run()
    assert [t.value for t in at.title] == ["Courbe des émotions"]


@pytest.mark.usefixtures("served")
def test_switching_the_language_control_to_fr_gives_french_and_writes_the_url(
    samples: Samples,
) -> None:
    at = open_app()
    assert [t.value for t in at.title] == ["Overview"]
    at.button_group(key="lang").set_value("fr").run()
    assert_no_exception(at)
    assert [t.value for t in at.title] == ["Vue d'ensemble"]
    assert sidebar_labels(at) == FRENCH_SIDEBAR
    assert at.query_params["lang"] == "fr"


@pytest.mark.usefixtures("served")
@pytest.mark.parametrize(
    "locale, lang, title",
    [
        (None, "en", "Overview"),  # no locale sent: English
        ("en-GB", "en", "Overview"),
        ("fr-FR", "fr", "Vue d'ensemble"),  # a French browser opens in French
        ("de-DE", "en", "Overview"),  # a language cxmap does not speak: English
    ],
)
def test_without_lang_in_the_url_the_browser_locale_chooses(
    samples: Samples, locale, lang, title
) -> None:
    at = open_app(context={"locale": locale} if locale else None)
    assert_no_exception(at)
    assert at.button_group(key="lang").value == lang
    assert [t.value for t in at.title] == [title]


@pytest.mark.usefixtures("served")
def test_lang_in_the_url_wins_over_the_browser_locale(samples: Samples) -> None:
    at = open_app(context={"locale": "fr-FR"}, lang="en")
    assert [t.value for t in at.title] == ["Overview"]


# --- import --------------------------------------------------------------------------------------


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="upload").set_value((name, data, XLSX))
    return at.run()


@pytest.mark.usefixtures("served")
def test_choosing_a_matrix_cell_lists_its_touchpoints_details(samples: Samples) -> None:
    at = open_page("matrix", journey="Account opening — current")
    assert_no_exception(at)
    chooser = at.get_by_key("matrix_cell")
    # only cells with touchpoints are offered, written "stage × channel"
    assert "Research × Website" in chooser.options
    assert "Research × Post" not in chooser.options  # an empty cell
    chooser.set_value(("Research", "Website")).run()
    assert_no_exception(at)
    assert [h.value for h in at.subheader] == ["Research × Website"]
    # the touchpoints' table (the cell's actions follow it)
    (details,) = [d.value for d in at.dataframe if d.value.columns[0] == "Touchpoint"]
    shown = set(details.iloc[:, 0])
    assert shown == {"Account comparison page", "Monthly fee simulator"}


@pytest.mark.usefixtures("served")
def test_a_valid_workbook_is_previewed_then_saved(empty_store: Store) -> None:
    at = upload(open_page("import"), "shop.xlsx", make_workbook(minimal_sheets()))
    assert_no_exception(at)
    assert not at.error
    assert at.get_by_key("preview_curve_Online store").type == "plotly_chart"
    # the preview's matrix: the escaped HTML grid
    assert [h for h in at.get("html") if 'class="cxm-matrix"' in h.proto.body]
    assert empty_store.names() == []  # nothing saved before the click
    button(at, "Save to the database").click().run()
    assert_no_exception(at)
    assert empty_store.names() == ["Online store"]
    assert empty_store.data_version() == 1
    assert at.session_state["journey"] == "Online store"


@pytest.mark.usefixtures("served")
def test_a_workbook_with_errors_is_reported_by_sheet_row_and_column_and_not_saved(
    empty_store: Store,
) -> None:
    sheets = minimal_sheets()
    sheets["Emotions"].append(["Nobody", "Buy", None, 1, "who?"])  # an unknown persona
    sheets["Actions"].append(["Too big", 9, 2, None, None, "idea"])  # impact out of 1..5
    at = upload(open_page("import"), "shop.xlsx", make_workbook(sheets))
    assert_no_exception(at)
    assert len(at.error) == 1 and at.error[0].value.startswith("2 error(s)")
    errors = at.dataframe[0].value  # the errors come first (st.dataframe sends no key)
    assert list(errors.columns) == ["Sheet", "Row", "Column", "What is wrong"]
    assert sorted(zip(errors["Sheet"], errors["Row"], errors["Column"])) == [
        ("Actions", 3, "impact"),
        ("Emotions", 6, "persona"),
    ]
    assert not has_button(at, "Save to the database")
    assert empty_store.names() == [] and empty_store.data_version() == 0


@pytest.mark.usefixtures("served")
def test_a_file_that_is_not_a_workbook_is_refused(empty_store: Store) -> None:
    at = upload(open_page("import"), "x.xlsx", b"journey,stage\nshop,buy\n")
    assert_no_exception(at)
    assert len(at.error) == 1
    assert at.error[0].value.startswith("This file cannot be read:")
    assert not has_button(at, "Save to the database")
    assert empty_store.names() == [] and empty_store.data_version() == 0


# --- prioritisation ------------------------------------------------------------------------------


@pytest.mark.usefixtures("served")
def test_editing_an_action_in_the_table_saves_it_and_bumps_the_data_version(
    seeded_store: Store,
) -> None:
    # AppTest cannot type into a data_editor (set_value raises), but a keyed editor takes its
    # edit state (edited_rows by row position, columns by name) from session_state.
    at = open_page("prioritisation")
    journey = at.session_state["journey"]
    editor = at.data_editor[0]
    row = editor.value.iloc[0]
    action_id = int(row["id"])
    impact = 1.5 if row["impact"] != 1.5 else 2.5
    status = "idea" if row["status"] != "idea" else "done"
    before = seeded_store.data_version()
    assert button(at, "Save changes").disabled  # nothing to save yet
    at.session_state[editor.key] = {
        "edited_rows": {0: {"impact": impact, "status": status}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert_no_exception(at)
    button(at, "Save changes").click().run()
    assert_no_exception(at)
    action = seeded_store.load(journey).actions[action_id]
    assert (action.impact, action.status) == (impact, status)
    assert seeded_store.data_version() > before
    shown = at.data_editor[0].value.set_index("id").loc[action_id]  # the table reloaded
    assert (shown["impact"], shown["status"]) == (impact, status)


def test_measured_journey_shows_the_funnel_of_the_log_and_follows_the_sidebar_filters(
    samples: Samples,
) -> None:
    at = open_page("measured", journey="Online store — current")
    assert_no_exception(at)
    assert at.get_by_key("measured_funnel").type == "plotly_chart"
    everyone = json.loads(at.get_by_key("measured_funnel").proto.spec)["data"][1]["y"]
    at = open_page("measured", journey="Online store — current", persona="Hurried Hugo")
    assert_no_exception(at)
    hugo = json.loads(at.get_by_key("measured_funnel").proto.spec)["data"][1]["y"]
    assert hugo[0] < everyone[0] and hugo[-1] / hugo[0] < everyone[-1] / everyone[0]
    sankey = json.loads(at.get_by_key("measured_sankey").proto.spec)["data"][0]
    assert sankey["node"]["label"][0] == "Start" and sankey["node"]["label"][-1] == "End"


def test_overview_shows_the_measured_conversion_beside_the_curve_when_events_exist(
    samples: Samples,
) -> None:
    at = open_app(journey="Online store — current")
    assert_no_exception(at)
    assert at.get_by_key("overview_conversion").type == "plotly_chart"
    at = open_app(journey="Account opening — current")  # no event log: no conversion
    assert_no_exception(at)
    with pytest.raises(KeyError):
        at.get_by_key("overview_conversion")


# --- the event-log form, for editors only (issue 13, part 3) -----------------------------------

VIEWER_CAPTION = "You can look at every map; changing them needs the editor role."


@pytest.fixture
def as_viewer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app without sign-in, used by a viewer: what a signed-in viewer's pages show."""
    from cxmap.storage import access

    viewer = access.Actor("viewer@example.com", "viewer")
    monkeypatch.setattr(access, "local_app", lambda: viewer)


@pytest.mark.usefixtures("as_viewer")
def test_a_viewer_sees_no_event_log_form_on_the_import_or_measured_pages(
    samples: Samples,
) -> None:
    at = open_page("import", journey="Account opening — current")
    assert_no_exception(at)
    assert [u.key for u in at.file_uploader] == []  # no map, no answers, no event log
    subheaders = [h.value for h in at.subheader]
    assert "Import an event log" in subheaders  # the section is there, with the reason
    assert [c.value for c in at.caption].count(VIEWER_CAPTION) == 2  # the map's and the log's
    for journey in ("Account opening — current", "Online store — current"):  # no log, a log
        at = open_page("measured", journey=journey)
        assert_no_exception(at)
        assert [u.key for u in at.file_uploader] == []
        assert not has_button(at, "Import the events")
        assert "Import an event log" not in [e.label for e in at.expander]
        if journey == "Account opening — current":  # told who can import one, and where
            assert "an editor can import one" in at.info[0].value


def test_an_editor_sees_the_event_log_form_on_both_pages_under_keys_of_their_own(
    samples: Samples,
) -> None:
    at = open_page("measured", journey="Account opening — current")  # no event log yet
    assert_no_exception(at)
    assert [u.key for u in at.file_uploader] == ["measured_events_upload_0"]
    at = open_page("measured", journey="Online store — current")  # in the expander
    assert [u.key for u in at.file_uploader] == ["measured_events_upload_0"]
    assert "Import an event log" in [e.label for e in at.expander]


# --- the collection plan, the service blueprint (issue 11) -------------------------------------

RESTAURANT_TARGET = "Chaîne de restaurants — parcours convive cible"


def test_the_collection_plan_of_the_french_target_flags_its_stage_without_collection(
    samples: Samples,
) -> None:
    import io

    import openpyxl

    at = open_page("collection", journey=RESTAURANT_TARGET, lang="fr")
    assert_no_exception(at)
    assert [t.value for t in at.title] == ["Plan de collecte"]
    (warning,) = at.warning
    assert warning.value == "Étapes sans point de collecte : Je mange"
    (grid,) = [h for h in at.get("html") if 'class="cxc"' in h.proto.body]
    assert 'class="cxm-stage cxc-without" data-stage="Je mange"' in grid.proto.body
    assert "Données : nom, prénom, téléphone" in grid.proto.body
    assert "Mécanique : formulaire de réservation en ligne" in grid.proto.body
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Étape",
        "Canal",
        "Point de contact",
        "Données collectées",
        "Mécanique de collecte",
    ]
    (download,) = at.download_button
    assert download.label == "Télécharger le plan (XLSX)"
    # the file the button gives: the same rows as the table
    from cxmap.compute.collection import collection_plan
    from cxmap.view.collection_grid import collection_xlsx

    plan = collection_plan(Store(samples.url).load(RESTAURANT_TARGET))
    ws = openpyxl.load_workbook(
        io.BytesIO(collection_xlsx(plan, RESTAURANT_TARGET, lang="fr"))
    ).active
    rows = [r for r in ws.iter_rows(min_row=4, max_row=3 + len(table), values_only=True)]
    assert [list(r) for r in rows] == table.fillna("").values.tolist()


def test_a_stage_filter_narrows_the_collection_plan_to_it(samples: Samples) -> None:
    at = open_page("collection", journey=RESTAURANT_TARGET, stage="Je réserve ma table")
    assert_no_exception(at)
    assert set(at.dataframe[0].value["Stage"]) == {"Je réserve ma table"}
    assert not at.warning


def test_the_blueprint_of_the_french_target_marks_irritants_and_moments_of_truth(
    samples: Samples,
) -> None:
    at = open_page("blueprint", journey="Chaîne de restaurants — parcours convive", lang="fr")
    assert_no_exception(at)
    assert [t.value for t in at.title] == ["Plan de service"]
    (grid,) = [h for h in at.get("html") if 'class="cxb"' in h.proto.body]
    body = grid.proto.body
    assert "Ligne de visibilité" in body and "Actions du client" in body
    assert body.count('data-qualification="irritant"') == 8  # the current map's irritants
    assert 'data-moment="true"' in body
    # a support process and a backstage one, in their lanes
    support = body[body.index('data-lane="support"') :]
    assert "Logiciel de caisse et écran cuisine" in support
    assert any("8 irritant(s)" in m.value for m in at.markdown)


# --- the activities of the log on the Measured journey page (mapped again by editors) ----------

SHOP = "Online store — current"
NOISE = ("Cookie banner accepted", "Session timeout", "Chatbot opened")  # data/make_events.py


@pytest.mark.usefixtures("as_viewer")
def test_a_viewer_sees_the_activities_of_the_log_read_only(samples: Samples) -> None:
    at = open_page("measured", journey=SHOP)
    assert_no_exception(at)
    assert "Activities of the log" in [h.value for h in at.subheader]
    (table,) = [d for d in at.dataframe if "Matched" in d.value.columns]
    assert table.editing_mode == "read_only"
    shown = table.value
    assert list(shown.columns) == ["Activity", "Touchpoint", "Events", "Matched"]
    # the activities on no touchpoint first, flagged, with their events written out
    flagged = shown[shown["Matched"] == "⚠ on no touchpoint"]
    assert set(flagged["Activity"]) == set(NOISE)
    assert list(flagged.index) == list(range(len(NOISE)))
    assert (flagged["Touchpoint"] == "—").all()
    assert any("Activities on no touchpoint: 3 of" in w.value for w in at.warning)
    assert not at.data_editor  # nothing to edit…
    assert not has_button(at, "Save the mapping")  # …and nothing to save


@pytest.mark.usefixtures("served")
def test_an_editor_maps_an_activity_in_the_table_and_its_events_move(seeded_store: Store) -> None:
    from cxmap.compute import journey_log
    from cxmap.view.text import md

    at = open_page("measured", journey=SHOP)
    assert_no_exception(at)
    (editor,) = [d for d in at.data_editor if d.key.startswith("measured_activities_")]
    rows = editor.value
    row = int(rows.index[rows["activity"] == "Chatbot opened"][0])
    target = seeded_store.load(SHOP).touchpoints[0].name
    button(at, "Save the mapping").click().run()  # nothing changed: nothing saved
    assert "Nothing to save" in at.info[0].value
    at.session_state[editor.key] = {
        "edited_rows": {row: {"touchpoint": target}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    button(at, "Save the mapping").click().run()
    assert_no_exception(at)
    assert [t.value for t in at.toast] == [  # the toast's Markdown shows the sentence as is
        md("Mapping saved: 1 activity now counts for another touchpoint.")
    ]
    seen = journey_log.summary(seeded_store, seeded_store.load(SHOP))
    assert "Chatbot opened" not in dict(seen.unmapped)
    (editor,) = [d for d in at.data_editor if d.key.startswith("measured_activities_")]
    shown = editor.value.set_index("activity").loc["Chatbot opened"]
    assert (shown["touchpoint"], shown["match"]) == (target, "by hand")


# --- the logs imported into a journey, and taking one out --------------------------------------


@pytest.mark.usefixtures("served")
def test_an_editor_takes_a_log_out_and_the_page_says_there_is_none(seeded_store: Store) -> None:
    from cxmap.compute import journey_log

    at = open_page("measured", journey=SHOP)
    assert_no_exception(at)
    (logs,) = [d for d in at.dataframe if "File" in d.value.columns]
    assert list(logs.value["File"]) == ["ecommerce-events.csv.gz"]
    (which,) = [s for s in at.selectbox if s.key.startswith("measured_event_logs_remove_")]
    which.select_index(0).run()
    assert any("50,332 events will be taken out" in w.value for w in at.warning)
    button(at, "Remove this log").click().run()
    assert_no_exception(at)
    assert not journey_log.has_events(seeded_store, SHOP)
    assert any("no event log" in i.value.lower() for i in at.info)


@pytest.mark.usefixtures("as_viewer")
def test_a_viewer_sees_the_logs_imported_but_cannot_take_one_out(samples: Samples) -> None:
    at = open_page("measured", journey=SHOP)
    assert_no_exception(at)
    assert [d for d in at.dataframe if "File" in d.value.columns]
    assert not [s for s in at.selectbox if s.key.startswith("measured_event_logs_remove_")]
    assert not has_button(at, "Remove this log")


# --- the files of survey answers imported into a journey, and taking one out -------------------


def answer_files_table(at: AppTest):
    (files,) = [d for d in at.dataframe if "Answers" in d.value.columns]
    return files.value


@pytest.mark.usefixtures("served")
def test_an_editor_takes_an_answers_file_out_on_the_import_page(seeded_store: Store) -> None:
    (batch,) = seeded_store.answer_batches(SHOP)
    at = open_page("import", journey=SHOP)
    assert_no_exception(at)
    shown = answer_files_table(at)
    assert list(shown["File"]) == ["ecommerce-answers.csv"]
    assert list(shown["Answers"]) == [f"{batch['answers']:,}"]
    assert list(shown["Form"]) == ["one answer per row"]
    (which,) = [s for s in at.selectbox if s.key.startswith("answer_files_remove_")]
    assert which.placeholder == "Choose a file…"
    which.select_index(0).run()
    assert any(f"{batch['answers']:,} answers will be taken out" in w.value for w in at.warning)
    button(at, "Remove this file").click().run()
    assert_no_exception(at)
    assert seeded_store.answer_batches(SHOP) == []
    assert seeded_store.answer_tallies(SHOP) == []
    from cxmap.view.text import md

    removed = f"File removed: {batch['answers']:,} answers taken out."
    assert [t.value for t in at.toast] == [md(removed)]  # the toast's Markdown, as written
    assert any("No file of answers imported" in c.value for c in at.caption)
    assert not [s for s in at.selectbox if s.key.startswith("answer_files_remove_")]


@pytest.mark.usefixtures("as_viewer")
def test_a_viewer_sees_the_answer_files_but_cannot_take_one_out(samples: Samples) -> None:
    at = open_page("import", journey=SHOP)
    assert_no_exception(at)
    assert list(answer_files_table(at)["File"]) == ["ecommerce-answers.csv"]
    assert not [s for s in at.selectbox if s.key.startswith("answer_files_remove_")]
    assert not has_button(at, "Remove this file")
