"""The "Current → target" page and the linked views in a real browser (Playwright on Debian's
Chromium): the French restaurant journey's target created from the page, a touchpoint renamed
in the table and saved, the plan applied and saved, the English bank pair, and a bubble of the
impact/effort scatter outlining its touchpoint and stage — at 1400 px and at phone width.
Screenshots go to ``screenshots/`` (git-ignored) for a person to look at.  Like
tests/test_browser.py, these skip without a Chromium, except in CI where they fail.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

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

pytestmark = pytest.mark.browser

RESTAURANT = "Chaîne de restaurants — parcours convive"
RESTAURANT_TARGET = RESTAURANT + " — cible"
RENAMED = "Carte en ligne à jour chaque matin, allergènes et plats du jour compris"
TITLE_FR, TITLE_EN = "Existant → cible", "Current → target"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser-target") / "cxmap.db"
    store = Store(f"sqlite:///{path}")
    seed(store)
    # the samples hold a French restaurant target: these tests start from the current journey
    # alone, as a team does before its first target
    for name in store.names():
        journey = store.load(name).journey
        if journey.state == "target" and journey.baseline == RESTAURANT:
            store.purge(name)
    store.close()
    return path


@pytest.fixture(scope="module")
def server(database: Path, browser) -> Iterator[str]:
    with warmed_server(database, browser) as url:
        yield url


def store_of(database: Path) -> Store:
    return Store(f"sqlite:///{database}")


def settle(page) -> None:
    page.wait_for_function(
        """() => {
          const app = document.querySelector("[data-testid='stApp']");
          return app && app.getAttribute("data-test-script-state") === "notRunning"
            && !document.querySelector("[data-testid='stMain'] [data-stale='true']");
        }"""
    )


def save_until(page, label: str, saved, attempts: int = 3) -> None:
    """Click a save button until the database shows the save: on a loaded machine a click can
    fall in a rerun and be lost.  The toast that confirms a save is checked by the AppTests."""
    for _attempt in range(attempts):
        settle(page)
        click_button(page, label)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if saved():
                return
            page.wait_for_timeout(250)
    raise AssertionError(f"'{label}' did not save")


def watch_runs(page) -> None:
    """Note in the page when the next script run starts (an edit in a table reruns the script
    a moment after it is committed: a click before that run would be sent without it)."""
    page.evaluate(
        """() => {
          window.__cxmapRan = false;
          const app = document.querySelector("[data-testid='stApp']");
          new MutationObserver(() => {
            if (app.getAttribute("data-test-script-state") === "running") window.__cxmapRan = true;
          }).observe(app, {attributes: true});
        }"""
    )


def click_button(page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_timeout(300)
    settle(page)


def test_restaurant_target_created_edited_planned_in_french(open_at, server, database) -> None:
    page = open_at(DESKTOP)
    page.goto(link(server, "target", journey=RESTAURANT, lang="fr"))
    wait_ready(page, TITLE_FR)
    assert_no_exception(page, "target page without a target")
    assert "Aucun parcours cible" in page.get_by_test_id("stMain").inner_text()

    # create the target: a copy, state target, baseline set
    click_button(page, "Créer le parcours cible")
    wait_ready(page, TITLE_FR, plotly=1)
    assert_no_exception(page, "after create")
    store = store_of(database)
    created = store.load(RESTAURANT_TARGET)
    assert (created.journey.state, created.journey.baseline) == ("target", RESTAURANT)
    grid = page.locator(".cxm-matrix").first
    assert grid.locator("li[data-change='kept']").count() == len(created.touchpoints)

    # edit in place: rename the first touchpoint in the table, then save
    page.get_by_role("tab", name="Concevoir la cible").click()
    for _attempt in range(3):  # on a loaded machine a double-click can land mid-layout: again
        page.wait_for_timeout(1000)  # the tab's table laid out where it will stay
        box = page.locator("[data-testid='stDataFrameResizable']").last.bounding_box()
        assert box is not None
        page.mouse.dblclick(box["x"] + 60, box["y"] + 35 + 17)  # first row, first column
        cell = page.locator("textarea.gdg-input")
        cell.wait_for(timeout=10_000)  # the cell's editor is open
        cell.fill(RENAMED)  # typed into the editor itself, wherever the focus went
        watch_runs(page)
        cell.press("Enter")
        try:  # the edit reached the server: a run started
            page.wait_for_function("window.__cxmapRan", timeout=15_000)
            break
        except PlaywrightTimeout:
            screenshot(page, f"target-fr-edit-lost-{_attempt}")
            page.keyboard.press("Escape")
    else:
        raise AssertionError("the edit of the first touchpoint never reached the server")
    settle(page)
    save_until(
        page,
        "Enregistrer la cible",
        lambda: RENAMED in [t.name for t in store_of(database).load(RESTAURANT_TARGET).touchpoints],
    )
    assert_no_exception(page, "after save")
    saved = store_of(database).load(RESTAURANT_TARGET)
    names = [t.name for t in saved.touchpoints]
    assert RENAMED in names
    assert created.touchpoints[0].name not in names
    assert len(saved.touchpoints) == len(created.touchpoints)
    screenshot(page, "target-fr-1-edited")  # after the edit: a resize would reset the table

    # apply the plan (what-if): shown, then saved on demand
    page.get_by_role("tab", name="Appliquer le plan (simulation)").click()
    click_button(page, "Simuler le plan")
    page.get_by_text("Simulation (non enregistrée)").wait_for()  # a run, then st.rerun's
    settle(page)
    # the table of what each action did (a canvas: its words are checked by AppTest)
    assert page.locator("[data-testid='stDataFrame']").count() == 3  # changes, editor, effects
    assert store_of(database).load(RESTAURANT_TARGET) == saved  # the what-if wrote nothing
    page.get_by_role("tab", name="Les évolutions").click()
    page.wait_for_timeout(300)
    marked = page.locator(".cxm-matrix").first
    assert marked.locator("li[data-change='removed'], li[data-change='transformed']").count() > 0
    screenshot(page, "target-fr-3-what-if")
    page.get_by_role("tab", name="Appliquer le plan (simulation)").click()
    save_until(
        page,
        "Enregistrer cette cible",
        lambda: store_of(database).load(RESTAURANT_TARGET) != saved,
    )
    assert_no_exception(page, "after saving the plan")
    planned = store_of(database).load(RESTAURANT_TARGET)
    assert {t.change for t in planned.touchpoints} & {"transform", "add", "amplify"}


def test_bank_pair_in_english_then_at_phone_width_in_french(open_at, server) -> None:
    page = open_at(DESKTOP, locale="en-GB")
    page.goto(link(server, "target", journey=BANK, lang="en"))
    wait_ready(page, TITLE_EN, plotly=1)
    assert_no_exception(page, "bank target page")
    main = page.get_by_test_id("stMain").inner_text()
    assert "irritants resolved" in main and "absences filled" in main
    grid = page.locator(".cxm-matrix").first
    removed = grid.locator("li[data-change='removed'] .cxm-name").first
    assert removed.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    added = grid.locator("li[data-change='added']").first
    assert added.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    screenshot(page, "target-en-bank")

    phone = open_at(PHONE)
    phone.goto(link(server, "target", journey=BANK, lang="fr"))
    wait_ready(phone, TITLE_FR, plotly=1)
    assert_no_exception(phone, "bank target page at 390 px")
    width = phone.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollWidth")
    assert width <= PHONE["width"] + 1, "the page itself must not scroll sideways"
    screenshot(phone, "target-fr-phone")


def test_a_bubble_outlines_its_touchpoint_and_stage(open_at, server) -> None:
    page = open_at(DESKTOP, locale="en-GB")
    page.goto(link(server, "prioritisation", journey=BANK, lang="en"))
    wait_ready(page, "Prioritisation", plotly=1)
    assert page.locator(".cxm-matrix").count() == 0
    point = page.locator("[data-testid='stPlotlyChart'] .scatterlayer .point").first
    point.click(force=True)
    page.wait_for_selector(".cxm-matrix li.cxm-hl", timeout=30_000)
    settle(page)
    assert_no_exception(page, "linked selection")
    assert page.locator(".cxm-matrix th.cxm-stage.cxm-hl").count() == 1
    stage = page.locator(".cxm-matrix th.cxm-stage.cxm-hl").inner_text()
    assert stage.strip()
    assert page.locator("[data-testid='stPlotlyChart']").count() == 2  # the scatter + the curve
    screenshot(page, "prioritisation-linked-en")

    phone = open_at(PHONE)
    phone.goto(link(server, "prioritisation", journey=BANK, lang="fr"))
    wait_ready(phone, "Priorisation", plotly=1)
    chooser = phone.get_by_test_id("stMain").get_by_test_id("stSelectbox")
    chooser.filter(has_text="Ou choisissez une action").locator("input").click()
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("Enter")
    phone.wait_for_selector(".cxm-matrix li.cxm-hl", timeout=30_000)
    settle(phone)
    screenshot(phone, "prioritisation-linked-fr-phone")
