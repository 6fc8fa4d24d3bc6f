"""The dashboard in a real browser: the Streamlit server on a free port, on the sample maps,
driven by Playwright on Debian's Chromium (never `playwright install`: there is no download).

What AppTest cannot see is checked here: the sidebar navigation as rendered, charts that
actually draw, filters read from a shared link, a first visit straight to a page's URL, the
upload widget, the matrix's cell chooser, and a phone-width layout.  Every page is saved as
a full-page screenshot in ``screenshots/`` (git-ignored) so a person can look at it.

Without a Chromium these tests skip with the reason, except in CI (``CI`` set) where they fail.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cxmap.files.reader import read_workbook
from cxmap.storage.samples import seed
from cxmap.storage.store import Store
from tests.browser import (
    BANK,
    DESKTOP,
    PHONE,
    assert_no_exception,
    link,
    screenshot,
    wait_ready,
    warmed_server,
)
from tests.live_server import streamlit_server
from tests.workbooks import make_workbook, minimal_sheets

pytestmark = pytest.mark.browser

BANK_PERSONAS = ("Student Sam", "Freelancer Farah", "Newcomer Nikolai", "Switching Sophie")

# (url path, English title, French title, Plotly charts, Vega-Lite charts): the pages in the
# order app.py registers them.  Overview is the default page and lives at "/".
PAGES = [
    ("", "Overview", "Vue d'ensemble", 2, 0),
    ("emotions", "Emotion curve", "Courbe des émotions", 1, 0),
    ("matrix", "Touchpoint matrix", "Matrice des points de contact", 0, 0),
    ("kpis", "KPIs", "Indicateurs", 1, 0),
    ("measured", "Measured journey", "Parcours mesuré", 0, 0),  # the bank has no event log
    ("target", "Current → target", "Existant → cible", 1, 0),
    ("prioritisation", "Prioritisation", "Priorisation", 1, 0),
    ("collection", "Collection plan", "Plan de collecte", 0, 0),
    ("blueprint", "Service blueprint", "Plan de service", 0, 0),
    ("personas", "Personas", "Personas", 0, 0),
    ("import", "Import & export", "Import et export", 0, 0),
    ("history", "History", "Historique", 0, 0),
]
SIDEBAR_LABELS = {
    "en": ("Journey", "Personas", "Stages", "Channels"),
    "fr": ("Parcours", "Personas", "Étapes", "Canaux"),
}

# True once a run has finished on a page whose title is no longer `previous`.
SETTLED_JS = """(previous) => {
  const app = document.querySelector("[data-testid='stApp']");
  const h1 = document.querySelector("[data-testid='stMain'] h1");
  return app && app.getAttribute("data-test-script-state") === "notRunning"
    && !document.querySelector("[data-testid='stMain'] [data-stale='true']")
    && h1 && h1.innerText.trim() !== previous;
}"""
TRACE_NAMES_JS = "document.querySelectorAll('.js-plotly-plot')[0].data.map(t => t.name)"


# --- the server ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh SQLite file holding the sample maps."""
    path = tmp_path_factory.mktemp("browser") / "cxmap.db"
    store = Store(f"sqlite:///{path}")
    seed(store)
    store.close()
    return path


@pytest.fixture(scope="module")
def server(sample_database: Path, browser) -> Iterator[str]:
    """One server for the module (the upload test adds a journey: the others name theirs).

    One visit is made before any test: the first session of a fresh server behaves apart (see
    the tests that use `fresh_server`), and the tests here must not depend on their order."""
    with warmed_server(sample_database, browser) as url:
        yield url


@pytest.fixture
def fresh_server(tmp_path: Path, sample_database: Path) -> Iterator[str]:
    """A server of its own that has served nothing yet (its own copy of the samples)."""
    copy = tmp_path / "cxmap.db"
    with sqlite3.connect(sample_database) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # consistent even while the module's server holds the file
    with streamlit_server(copy) as url:
        yield url


# --- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def desktop(browser):
    """One browser context for the module, so Streamlit's scripts (Plotly alone is 4.7 MB,
    served `immutable`) are fetched and compiled once, as for a returning user."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    yield context
    context.close()


@pytest.fixture
def page(desktop):
    """A new tab: a new Streamlit session, with its own widgets and session state."""
    page = desktop.new_page()
    page.set_default_timeout(20_000)
    yield page
    page.close()


# --- helpers ------------------------------------------------------------------------------------


@contextmanager
def timed(label: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    print(f"[browser] {label}: {time.perf_counter() - started:.2f} s")


def nav_titles(page) -> list[str]:
    return [
        link.get_attribute("label")
        for link in page.locator("[data-testid='stSidebarNavLink'] span[label]").all()
    ]


def click_nav(page, title: str) -> None:
    page.locator(f"[data-testid='stSidebarNavLink']:has(span[label=\"{title}\"])").click()


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def journey_shown(page) -> str:
    """The journey selector's text, e.g. "Online store — current (current)"."""
    return page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input").input_value()


def persona_traces(page) -> set[str]:
    return {name for name in page.evaluate(TRACE_NAMES_JS) if name in BANK_PERSONAS}


# --- the tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_sidebar_links_reach_every_page_with_its_title_and_charts(page, server, lang):
    column = 1 if lang == "en" else 2
    with timed(f"[{lang}] first load of the overview"):
        page.goto(link(server, journey=BANK, lang=lang))
        wait_ready(page, PAGES[0][column], PAGES[0][3], PAGES[0][4])
    # exactly the registered pages, titled in the language: no "app", no "import export"
    assert nav_titles(page) == [p[column] for p in PAGES]
    sidebar = page.get_by_test_id("stSidebarUserContent").inner_text()
    for label in SIDEBAR_LABELS[lang]:
        assert label in sidebar, f"sidebar label {label!r} missing in {lang}"
    for number, (path, *titles, plotly, vega) in enumerate(PAGES, start=1):
        title = titles[column - 1]
        with timed(f"[{lang}] sidebar -> {title}"):
            if number > 1:
                click_nav(page, title)
            wait_ready(page, title, plotly, vega)
        assert_no_exception(page, f"{lang} {title}")
        assert page.url.split("?")[0].rstrip("/") == f"{server}/{path}".rstrip("/")
        assert f"lang={lang}" in page.url, "the language is kept in the address"
        screenshot(page, f"{lang}-{number}-{slug(path or 'overview')}")


def test_french_link_shows_french_titles_and_sidebar(page, server):
    page.goto(link(server, "emotions", lang="fr", journey=BANK))
    wait_ready(page, "Courbe des émotions", plotly=1)
    assert "Vue d'ensemble" in nav_titles(page)
    sidebar = page.get_by_test_id("stSidebarUserContent").inner_text()
    assert "Parcours" in sidebar and "Étapes" in sidebar and "Canaux" in sidebar
    assert "Journey" not in sidebar and "Stages" not in sidebar and "Channels" not in sidebar
    placeholders = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect'] input")
    assert {i.get_attribute("placeholder") for i in placeholders.all()} == {"Tous"}
    main = page.get_by_test_id("stMain").inner_text()
    assert "One line per persona" not in main and "Une ligne par persona" in main
    assert "Tous les personas (pondéré)" in page.evaluate(TRACE_NAMES_JS)


@pytest.mark.parametrize(
    "personas",
    [
        # one persona
        {"persona": "Freelancer Farah"},
        # comma-separated, as a person types it
        {"persona": "Student Sam,Switching Sophie"},
        # the parameter repeated, as the sidebar writes several
        {"persona": ["Student Sam", "Newcomer Nikolai"]},
    ],
    ids=["one", "comma-separated", "repeated"],
)
def test_persona_in_the_link_shows_only_those_curves(page, server, personas):
    wanted = personas["persona"]
    wanted = set(wanted.split(",") if isinstance(wanted, str) else wanted)
    with timed(f"emotions?persona={personas['persona']}"):
        page.goto(link(server, "emotions", journey=BANK, **personas))
        wait_ready(page, "Emotion curve", plotly=1)
    assert_no_exception(page, "emotions with persona filter")
    assert persona_traces(page) == wanted
    chips = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    for name in wanted:
        assert name in chips.inner_text()


def test_shared_deep_link_is_framed_on_a_fresh_server(page, fresh_server):
    # The very first page request of this server is a page URL with a filter: Streamlit would
    # run pages/emotions.py alone, without app.py's sidebar (see cxmap.ui.pages_directory).
    with timed("deep link on a fresh server"):
        page.goto(link(fresh_server, "emotions", journey=BANK, persona="Switching Sophie"))
        wait_ready(page, "Emotion curve", plotly=1)
    assert_no_exception(page, "deep link")
    assert nav_titles(page) == [p[1] for p in PAGES]
    personas = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    assert "Switching Sophie" in personas.inner_text()
    assert journey_shown(page).startswith(BANK)
    assert persona_traces(page) == {"Switching Sophie"}
    screenshot(page, "deep-link-fresh-server")


def test_first_session_of_a_fresh_server_keeps_its_view_across_pages(page, fresh_server):
    # The first visitor after a start opens a shared link to the overview (the default page,
    # "/"), then clicks a page: the language, the journey and the filters must follow.
    view = {"journey": "Online store — current", "persona": "Hurried Hugo", "lang": "fr"}
    page.goto(link(fresh_server, **view))
    wait_ready(page, "Vue d'ensemble", plotly=2)
    click_nav(page, "Courbe des émotions")
    with timed("fresh server: first page switch"):
        page.wait_for_function(SETTLED_JS, arg="Vue d'ensemble")
    title = page.get_by_test_id("stMain").locator("h1").inner_text()
    personas = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    seen = {
        "title": title,
        "journey": journey_shown(page),
        "personas": personas.inner_text(),
        "url": page.url,
    }
    assert title == "Courbe des émotions", f"the language was lost: {seen}"
    assert journey_shown(page).startswith("Online store — current"), f"journey lost: {seen}"
    assert "Hurried Hugo" in personas.inner_text(), f"the filter was lost: {seen}"
    wait_ready(page, "Courbe des émotions", plotly=1)
    assert "Hurried Hugo" in page.evaluate(TRACE_NAMES_JS)


HELD_OUT = "Assurance habitation — souscription"


def held_out_workbook(path: Path) -> Path:
    """A small French-headed journey unlike the samples; the emotion scale is left blank so
    the report has something to say (the inferred scale)."""
    make_workbook(
        {
            "Parcours": [["Parcours", "État", "Secteur"], [HELD_OUT, "existant", "assurance"]],
            "Personas": [
                ["Persona", "Typologie", "Part"],
                ["Jeune locataire", "Primo-assurés", 55],
                ["Famille propriétaire", "Multi-équipés", 45],
            ],
            "Étapes": [
                ["Étape", "Ordre"],
                ["Je compare les offres", 1],
                ["Je demande un devis", 2],
                ["Je souscris", 3],
                ["Je déclare un sinistre", 4],
            ],
            "Canaux": [
                ["Canal", "Type"],
                ["Site web", "en ligne"],
                ["Agence", "hors ligne"],
                ["Téléphone", "hors ligne"],
            ],
            "Points de contact": [
                ["Étape", "Canal", "Point de contact", "Qualification", "Moment de vérité"],
                ["Je compare les offres", "Site web", "Comparateur de garanties", "neutre", "non"],
                ["Je demande un devis", "Site web", "Devis en ligne", "irritant", "oui"],
                ["Je demande un devis", "Agence", "Rendez-vous conseiller", "enchantement", "non"],
                ["Je souscris", "Site web", "Signature électronique", "absence", "non"],
                ["Je déclare un sinistre", "Téléphone", "Plateforme sinistres", "irritant", "oui"],
            ],
            "Émotions": [
                ["Persona", "Étape", "Point de contact", "Émotion", "Verbatim"],
                [
                    "Jeune locataire",
                    "Je compare les offres",
                    "Comparateur de garanties",
                    4,
                    "Clair",
                ],
                ["Jeune locataire", "Je demande un devis", "Devis en ligne", 2, "Trop long"],
                ["Jeune locataire", "Je souscris", "Signature électronique", 3, None],
                ["Jeune locataire", "Je déclare un sinistre", "Plateforme sinistres", 1, "Attente"],
                [
                    "Famille propriétaire",
                    "Je compare les offres",
                    "Comparateur de garanties",
                    3,
                    None,
                ],
                [
                    "Famille propriétaire",
                    "Je demande un devis",
                    "Rendez-vous conseiller",
                    5,
                    "Enfin",
                ],
                ["Famille propriétaire", "Je souscris", "Signature électronique", 3, None],
                ["Famille propriétaire", "Je déclare un sinistre", "Plateforme sinistres", 2, None],
            ],
            "Indicateurs": [
                ["Indicateur", "Valeur", "Cible", "Unité", "Période", "Point de contact"],
                ["NPS", 8, 25, "pts", "2026-T1", None],
                ["Taux de transformation des devis", 18, 25, "%", "2026-T1", "Devis en ligne"],
            ],
            "Actions": [
                ["Action", "Impact", "Effort", "Point de contact", "Type", "Statut"],
                ["Devis en trois questions", 5, 2, "Devis en ligne", "transformer", "planifiée"],
            ],
        },
        path,
    )
    return path


def test_uploading_a_workbook_previews_it_and_saving_selects_it(page, server, tmp_path):
    from playwright.sync_api import expect  # importable: the `browser` fixture checked

    workbook = held_out_workbook(tmp_path / "assurance-habitation.xlsx")
    page.goto(link(server, journey=BANK))
    wait_ready(page, "Overview", plotly=2)
    click_nav(page, "Import & export")
    wait_ready(page, "Import & export")
    with timed("upload -> report and preview"):
        uploader = page.get_by_test_id("stFileUploader").filter(
            has=page.get_by_text("Upload a journey workbook (.xlsx)", exact=True)
        )
        uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(workbook)
        page.get_by_text(f"Preview of “{HELD_OUT}”").wait_for()
        wait_ready(page, "Import & export", plotly=1)
        page.locator(".cxm-matrix table").wait_for()  # the preview's matrix grid
    assert_no_exception(page, "import preview")
    main = page.get_by_test_id("stMain")
    assert main.get_by_text("What was inferred or skipped").count() == 1, "the report"
    assert not main.locator("[data-testid='stAlertContentError']").count()
    screenshot(page, "import-preview")

    with timed("save -> journey selected"):
        main.get_by_role("button", name="Save to the database").click()
        page.get_by_text(f"Saved: {HELD_OUT}.").wait_for()
        wait_ready(page, "Import & export")
    screenshot(page, "import-saved")
    assert_no_exception(page, "after saving the upload")
    journey = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input")
    expect(journey).to_have_value(re.compile(f"^{re.escape(HELD_OUT)}"))


def test_imported_journey_is_in_the_selector_and_its_pages_render(
    page, server, sample_database, tmp_path
):
    # Saved the way the import page saves (Store.save of what read_workbook returns), so this
    # checks the journey's pages whatever happens after the button in the test above.
    result = read_workbook(held_out_workbook(tmp_path / "assurance-habitation.xlsx"))
    assert result.ok, result.report
    store = Store(f"sqlite:///{sample_database}")  # the database the server reads
    store.save(result.maps, source="assurance-habitation.xlsx")
    store.close()
    page.goto(link(server, journey=BANK))
    wait_ready(page, "Overview", plotly=2)
    with timed("choose the imported journey in the sidebar"):
        page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").click()
        page.get_by_role("option", name=re.compile(f"^{re.escape(HELD_OUT)}")).click()
        page.get_by_test_id("stCaptionContainer").filter(has_text=HELD_OUT).first.wait_for()
        wait_ready(page, "Overview", plotly=2)
    assert journey_shown(page).startswith(HELD_OUT)
    assert_no_exception(page, "overview of the imported journey")
    with timed("imported journey: emotion curve"):
        click_nav(page, "Emotion curve")
        wait_ready(page, "Emotion curve", plotly=1)
    assert_no_exception(page, "emotion curve of the imported journey")
    assert {"Jeune locataire", "Famille propriétaire"} <= set(page.evaluate(TRACE_NAMES_JS))
    screenshot(page, "imported-emotions")
    with timed("imported journey: touchpoint matrix"):
        click_nav(page, "Touchpoint matrix")
        wait_ready(page, "Touchpoint matrix")
    assert_no_exception(page, "matrix of the imported journey")
    # the grid names the imported channels (st.html content lands just after the run ends)
    page.locator(".cxm-matrix td[data-channel='Téléphone']").first.wait_for()
    screenshot(page, "imported-matrix")


def test_choosing_a_matrix_cell_lists_its_touchpoints(page, server):
    page.goto(link(server, "matrix", journey=BANK))
    wait_ready(page, "Touchpoint matrix")
    # an HTML grid sends no click back: the cell is chosen in the "Cell details" box
    chooser = (
        page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text="Cell details")
    )
    with timed("matrix cell chosen -> details"):
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        option = page.get_by_role("option", name="Research × Website", exact=True)
        for _attempt in range(5):  # a click during the page's last rerun can be lost: again
            chooser.locator("input").click()
            try:
                option.wait_for(timeout=4000)
                break
            except PlaywrightTimeout:
                page.keyboard.press("Escape")
        option.click()
        page.get_by_role("heading", name="Research × Website").wait_for()
        wait_ready(page, "Touchpoint matrix")
    assert_no_exception(page, "matrix cell")
    # the touchpoints' table first (the actions addressing the cell follow it)
    details = page.get_by_test_id("stMain").get_by_test_id("stDataFrame").first
    details.wait_for()  # the grid component loads after the script has finished
    # the grid draws on a canvas; its accessible cells carry the text
    details.get_by_text("Account comparison page", exact=True).wait_for(state="attached")
    details.get_by_text("Monthly fee simulator", exact=True).wait_for(state="attached")
    page.mouse.move(0, 0)  # no tooltip in the screenshot
    screenshot(page, "matrix-cell-selected")


def test_overview_renders_at_phone_width(browser, server):
    context = browser.new_context(
        viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    try:
        with timed("phone overview"):
            page.goto(link(server, journey=BANK))
            wait_ready(page, "Overview", plotly=2)
        assert_no_exception(page, "phone overview")
        width = page.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollWidth")
        assert width <= PHONE["width"], f"the overview scrolls sideways ({width} px)"
        screenshot(page, "phone-overview")
    finally:
        context.close()


def test_measured_journey_draws_funnel_and_sankey_and_follows_the_filters(page, server):
    online = "Online store — current"
    with timed("measured journey"):
        page.goto(link(server, "measured", journey=online))
        wait_ready(page, "Measured journey", plotly=2)
    assert_no_exception(page, "measured journey")
    main = page.get_by_test_id("stMain")
    assert "Funnel by stage" in main.inner_text() and "Top paths" in main.inner_text()
    assert page.locator("[data-testid='stPlotlyChart'] .sankey").count() == 1
    cases = page.locator("[data-testid='stMetricValue']").first.inner_text()
    screenshot(page, "measured-journey")
    # a persona and a channel from the link narrow the cases; French titles follow the language
    page.goto(
        link(
            server,
            "measured",
            journey=online,
            persona="Hurried Hugo",
            channel="Mobile app",
            lang="fr",
        )
    )
    wait_ready(page, "Parcours mesuré", plotly=2)
    assert_no_exception(page, "measured journey, filtered")
    filtered = page.locator("[data-testid='stMetricValue']").first.inner_text()
    assert int(filtered.replace(",", "").replace("\u202f", "")) < int(cases.replace(",", ""))
    assert "Entonnoir par étape" in page.get_by_test_id("stMain").inner_text()
    screenshot(page, "measured-journey-filtered-fr")


def test_an_event_log_uploaded_on_the_measured_page_is_imported_and_measured(
    page, server, tmp_path
):
    target = "Account opening — target"  # no test reads its measured page but this one
    log = tmp_path / "bank-events.csv"
    log.write_text(
        "cas;activité;horodatage\n"
        "A;Account comparison page;05/01/2026 10:00\n"
        "A;Online application form;05/01/2026 10:20\n"
        "B;Account comparison page;06/01/2026 09:00\n"
        "B;Logged in;06/01/2026 09:05\n",
        encoding="utf-8",
    )
    page.goto(link(server, "measured", journey=target))
    wait_ready(page, "Measured journey")
    main = page.get_by_test_id("stMain")
    assert "No event log for this journey yet" in main.inner_text()
    uploader = page.get_by_test_id("stFileUploader")
    uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(log)
    main.get_by_role("button", name="Import the events").wait_for()
    wait_ready(page, "Measured journey")
    screenshot(page, "measured-upload")
    main.get_by_role("button", name="Import the events").click()
    page.get_by_text("4 events of 2 cases added.", exact=True).wait_for()  # the toast
    wait_ready(page, "Measured journey", plotly=2)
    assert_no_exception(page, "after importing events")
    metrics = page.locator("[data-testid='stMetricValue']")
    assert [metrics.nth(i).inner_text() for i in range(2)] == ["2", "4"]  # cases, events
    screenshot(page, "measured-after-upload")


RESTAURANT = "Chaîne de restaurants — parcours convive"  # no other test here reads its log


def keyed_grid(main, prefix: str):
    """The table of the element whose key starts with ``prefix`` (Streamlit marks a keyed
    element's container with the class ``st-key-<key>``): not whichever table is last."""
    return main.locator(f"[class*='st-key-{prefix}'] [data-testid='stDataFrame']").first


def mapping_row(grid, activity: str) -> int:
    """The row of ``activity`` in the mapping editor (its accessible cells carry the text)."""
    for row in range(30):
        cell = grid.locator(f"#glide-cell-0-{row}")
        if not cell.count():
            break
        if cell.inner_text() == activity:
            return row
    pytest.fail(f"{activity!r} is not in the mapping table")


def test_an_event_log_imported_on_the_import_page_with_an_edited_mapping(
    page, server, sample_database, tmp_path
):
    from cxmap.compute import journey_log

    log = tmp_path / "restaurant-events.csv"
    log.write_text(  # "Appel pour réserver" is mapped by hand; "Parking plein" is on no point
        "case id,activity,timestamp,channel\n"
        "R1,Carte en ligne non à jour,2026-03-02 11:00,Site internet\n"
        "R1,Module de réservation en ligne,2026-03-02 11:05,Site internet\n"
        "R1,Accueil souriant par l'hôte ou l'hôtesse,2026-03-05 19:30,Restaurant\n"
        "R2,Fiche Google du restaurant,2026-03-03 12:00,Google et plateformes d'avis\n"
        "R2,Appel pour réserver,2026-03-03 12:10,Téléphone\n"
        "R2,Parking plein,2026-03-06 20:00,Restaurant\n"
        "R3,Appel pour réserver,2026-03-04 09:00,Téléphone\n"
        "R3,Parking plein,2026-03-07 19:50,Restaurant\n",
        encoding="utf-8",
    )
    phone = "Réservation par téléphone aux heures de rush"
    page.goto(link(server, "import", journey=RESTAURANT))
    wait_ready(page, "Import & export")
    main = page.get_by_test_id("stMain")
    label = f"Event log for “{RESTAURANT}” (CSV, XLSX or XES, plain or .gz)"

    def upload() -> None:
        uploader = page.get_by_test_id("stFileUploader").filter(
            has=page.get_by_text(label, exact=True)
        )
        uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(log)
        main.get_by_role("button", name="Import the events").wait_for()
        wait_ready(page, "Import & export")

    with timed("event log upload -> columns and mapping proposed"):
        upload()
    # the columns found by their names, each editable
    boxes = main.get_by_test_id("stSelectbox")
    for role, header in [("Case", "case id"), ("Activity", "activity"), ("Time", "timestamp")]:
        chosen = boxes.filter(has_text=f"{role} column").locator("input")
        assert chosen.input_value() == header, role
    grid = keyed_grid(main, "import_events_")  # the activities → touchpoints editor
    grid.locator("#glide-cell-0-0").wait_for(state="attached")
    # columns: activity, touchpoint (the one to edit, beside it), events
    row = mapping_row(grid, "Appel pour réserver")
    assert grid.locator(f"#glide-cell-1-{row}").inner_text() == "—"  # matches no touchpoint
    proposed = grid.locator(f"#glide-cell-1-{mapping_row(grid, 'Fiche Google du restaurant')}")
    assert proposed.inner_text() == "Fiche Google du restaurant"  # proposed by its name
    screenshot(page, "import-events-mapping")

    with timed("mapping edited in the grid"):
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        header = 35  # Streamlit's row height, the header's too
        # the grid is a canvas: its activity cell clicked, then the touchpoint beside it typed
        page.mouse.click(box["x"] + 20, box["y"] + header * (row + 1.5))
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")  # the cell's chooser opens with every touchpoint
        page.get_by_role("option", name="Fiche Google du restaurant", exact=True).wait_for()
        page.keyboard.type("Réservation par t")
        page.get_by_role("option", name="Fiche Google du restaurant").wait_for(state="detached")
        page.get_by_role("option", name=phone, exact=True).click()
        page.wait_for_function(
            "([id, want]) => document.getElementById(id)?.innerText === want",
            arg=[f"glide-cell-1-{row}", phone],
        )
        wait_ready(page, "Import & export")

    with timed("import -> report"):
        main.get_by_role("button", name="Import the events").click()
        page.get_by_text("“restaurant-events.csv”: 8 events of 3 cases added.").wait_for()
        wait_ready(page, "Import & export")
    assert_no_exception(page, "after importing an event log on the import page")
    text = main.inner_text()
    assert "Activities on no touchpoint: 1, with 2 of the 8 events." in text
    unmapped = main.get_by_test_id("stDataFrame").first  # the report's table
    unmapped.get_by_text("Parking plein", exact=True).wait_for(state="attached")
    assert main.get_by_role("button", name="Import the events").count() == 0  # uploader reset
    screenshot(page, "import-events-imported")

    store = Store(f"sqlite:///{sample_database}")  # the database the server wrote
    try:
        seen = journey_log.summary(store, store.load(RESTAURANT))
    finally:
        store.close()
    assert (seen.events, seen.cases) == (8, 3)
    assert (seen.unmapped, seen.unmapped_events, seen.unmapped_activities) == (
        (("Parking plein", 2),),
        2,
        1,
    )
    events = {t.touchpoint: t.events for t in seen.touchpoints}
    assert events[phone] == 2  # the activity mapped by hand counts there

    with timed("the same file again -> already imported"):
        upload()
        main.get_by_role("button", name="Import the events").click()
        page.get_by_text("This file was already imported on").wait_for()
    assert_no_exception(page, "the same event log twice")


REMAP = "Activities shop"  # a journey of this test's own, with a log written here


def test_an_editor_maps_an_unmapped_activity_on_the_measured_page(
    browser, page, server, sample_database, tmp_path
):
    from playwright.sync_api import expect  # importable: the `browser` fixture checked

    from cxmap.compute import journey_log
    from cxmap.storage.events import import_events

    sheets = minimal_sheets()
    sheets["Journeys"][1][0] = REMAP
    result = read_workbook(make_workbook(sheets))
    assert result.ok, result.report
    store = Store(f"sqlite:///{sample_database}")  # the database the server reads
    try:
        store.save(result.maps, source="activities-shop.xlsx")
        import_events(  # "Pay by card" and "Cookie banner" match no touchpoint
            store,
            REMAP,
            b"case id,activity,timestamp\n"
            b"C1,Search page,2026-02-02 10:00\n"
            b"C1,Pay by card,2026-02-02 10:05\n"
            b"C2,Search page,2026-02-03 11:00\n"
            b"C2,Pay by card,2026-02-03 11:09\n"
            b"C3,Search page,2026-02-04 12:00\n"
            b"C3,Cookie banner,2026-02-04 12:01\n"
            b"C3,Checkout,2026-02-04 12:30\n",
            filename="shop-events.csv",
        )
    finally:
        store.close()
    page.goto(link(server, "measured", journey=REMAP))
    wait_ready(page, "Measured journey", plotly=2)
    main = page.get_by_test_id("stMain")
    main.get_by_role("heading", name="Activities of the log").wait_for()
    flagged = "Activities on no touchpoint: 2 of 4, with 3 of the log's events"
    assert flagged in main.inner_text()
    grid = keyed_grid(main, "measured_activities_")  # the activities' editor
    grid.locator("#glide-cell-0-0").wait_for(state="attached")
    row = mapping_row(grid, "Pay by card")
    assert row == 0  # on no touchpoint and the commonest of those: first
    assert grid.locator(f"#glide-cell-1-{row}").inner_text() == "—"
    assert grid.locator(f"#glide-cell-3-{row}").inner_text() == "⚠ on no touchpoint"
    screenshot(page, "measured-activities")

    with timed("activity mapped in the table"):
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        grid.scroll_into_view_if_needed()
        header = 35  # Streamlit's row height, the header's too
        first = page.get_by_role("option", name="Search page", exact=True)
        for _attempt in range(4):  # a click while the grid is laid out again can be lost
            box = grid.bounding_box()
            page.mouse.click(box["x"] + 20, box["y"] + header * (row + 1.5))  # the activity
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")  # the touchpoint's chooser opens with every touchpoint
            try:
                first.wait_for(timeout=4000)
                break
            except PlaywrightTimeout:
                page.keyboard.press("Escape")
        page.keyboard.type("Check")
        page.get_by_role("option", name="Search page").wait_for(state="detached")
        page.get_by_role("option", name="Checkout", exact=True).click()
        # the page has other grids with cells of the same ids: this grid's cell
        expect(grid.locator(f"#glide-cell-1-{row}")).to_have_text("Checkout")
        wait_ready(page, "Measured journey", plotly=2)
    with timed("save the mapping -> events moved"):
        main.get_by_role("button", name="Save the mapping").click()
        page.get_by_text("Mapping saved: 1 activity now counts for another touchpoint.").wait_for()
        main.get_by_text("Activities on no touchpoint: 1 of 4, with 1 of the").wait_for()
        wait_ready(page, "Measured journey", plotly=2)
    assert_no_exception(page, "after mapping an activity")
    grid = keyed_grid(main, "measured_activities_")
    grid.locator("#glide-cell-0-0").wait_for(state="attached")
    row = mapping_row(grid, "Pay by card")
    assert grid.locator(f"#glide-cell-1-{row}").inner_text() == "Checkout"
    assert grid.locator(f"#glide-cell-3-{row}").inner_text() == "by hand"
    page.mouse.move(0, 0)
    screenshot(page, "measured-activities-saved")

    store = Store(f"sqlite:///{sample_database}")  # what the server wrote
    try:
        seen = journey_log.summary(store, store.load(REMAP))
    finally:
        store.close()
    assert seen.unmapped == (("Cookie banner", 1),)
    assert {t.touchpoint: t.events for t in seen.touchpoints}["Checkout"] == 3

    # in French, and on a phone: the table in view, the page not scrolling sideways
    page.goto(link(server, "measured", journey=REMAP, lang="fr"))
    wait_ready(page, "Parcours mesuré", plotly=2)
    main.get_by_role("heading", name="Activités du journal").wait_for()
    assert "Activités sur aucun point de contact : 1 sur 4, avec 1 des" in main.inner_text()
    assert main.get_by_role("button", name="Enregistrer l'association").count() == 1
    screenshot(page, "fr-measured-activities")
    phone = browser.new_context(
        viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    try:
        small = phone.new_page()
        small.goto(link(server, "measured", journey=REMAP))
        wait_ready(small, "Measured journey", plotly=2)
        heading = small.get_by_role("heading", name="Activities of the log")
        heading.wait_for()
        assert_no_exception(small, "measured journey on a phone")
        width = small.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollWidth")
        assert width <= PHONE["width"], f"the measured page scrolls sideways ({width} px)"
        screenshot(small, "phone-measured-activities")
    finally:
        phone.close()
