"""The Collection plan and Service blueprint pages in a real browser (Playwright on Debian's
Chromium), in English and French, at 1400 px and 390 px: every name of the French restaurant
target readable in full (never cut), the blueprint scrolling sideways with its lanes and stages
kept in view, the stage without collection flagged.

Screenshots go to ``screenshots/`` (git-ignored) for a person to look at.  Like
tests/test_browser.py, these skip without a Chromium, except in CI where they fail.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cxmap.compute.blueprint import blueprint
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

RESTAURANT_TARGET = "Chaîne de restaurants — parcours convive cible"
BANK_TARGET = "Account opening — target"
TITLES = {
    ("collection", "en"): "Collection plan",
    ("collection", "fr"): "Plan de collecte",
    ("blueprint", "en"): "Service blueprint",
    ("blueprint", "fr"): "Plan de service",
}
GRIDS = {"collection": ".cxc", "blueprint": ".cxb"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, browser) -> Iterator[tuple[str, Store]]:
    path = tmp_path_factory.mktemp("browser-collection") / "cxmap.db"
    store = Store(f"sqlite:///{path}")
    seed(store)
    with warmed_server(path, browser) as url:
        yield url, store
    store.close()


# What a reader of a grid sees, measured by the browser: its texts, and any that is cut.
GRID_JS = """(root) => {
  const grid = document.querySelector(root);
  const scroll = grid.querySelector(".cxm-scroll");
  const clipped = [...grid.querySelectorAll("th, td, li, span, .cxm-col")]
    .filter(e => {
      const s = getComputedStyle(e);
      return s.textOverflow === "ellipsis" || s.overflow === "hidden" || s.overflowX === "hidden"
        || s.whiteSpace === "nowrap" || (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1);
    }).map(e => e.textContent.slice(0, 60));
  return {
    stages: [...grid.querySelectorAll("thead th.cxm-stage")].map(e => e.textContent),
    names: [...grid.querySelectorAll(".cxm-name, .cxc-name")].map(e => e.textContent),
    flagged: [...grid.querySelectorAll("th.cxc-without")].map(e => e.dataset.stage),
    clipped,
    scrollWidth: scroll.scrollWidth,
    clientWidth: scroll.clientWidth,
  };
}"""
# After scrolling the blueprint to its far right: the lane labels still at the box's left edge.
SCROLLED_JS = """(root) => {
  const scroll = document.querySelector(root + " .cxm-scroll");
  scroll.scrollLeft = scroll.scrollWidth;
  const inside = scroll.getBoundingClientRect();
  const lanes = [...document.querySelectorAll(root + " tbody th")];
  const last = [...document.querySelectorAll(root + " thead th.cxm-stage")].pop();
  return {
    scrollLeft: scroll.scrollLeft,
    boxLeft: inside.left, boxRight: inside.right,
    laneLefts: lanes.map(e => e.getBoundingClientRect().left),
    lastStageRight: last.getBoundingClientRect().right,
  };
}"""


def open_page(page, url: str, which: str, journey: str, lang: str) -> dict:
    page.goto(link(url, which, journey=journey, lang=lang))
    wait_ready(page, TITLES[(which, lang)])
    page.locator(f"{GRIDS[which]} table").wait_for()
    assert_no_exception(page, f"{which} of {journey} in {lang}")
    return page.evaluate(GRID_JS, GRIDS[which])


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1400", "390"])
def test_the_french_collection_plan_shows_every_name_in_full_and_flags_je_mange(
    open_at, served, size
) -> None:
    url, store = served
    page = open_at(size, "fr-FR")
    seen = open_page(page, url, "collection", RESTAURANT_TARGET, "fr")
    m = store.load(RESTAURANT_TARGET)
    assert seen["stages"][4] == "Je commande"  # stage names in full, in order
    assert len(seen["stages"]) == len(m.stages)
    assert seen["flagged"] == ["Je mange"]
    assert "Module de réservation en ligne" in seen["names"]
    assert seen["clipped"] == [], "no name, header or cell is cut"
    assert "Étapes sans point de collecte : Je mange" in page.get_by_test_id("stMain").inner_text()
    if size is DESKTOP:  # eight stages share the page width: nothing hidden to the right
        assert seen["scrollWidth"] <= seen["clientWidth"] + 1
    screenshot(page, f"collection-restaurant-fr-{size['width']}")


def test_the_english_collection_plan_of_the_bank_target_downloads_its_workbook(
    open_at, served
) -> None:
    url, _store = served
    page = open_at(DESKTOP, "en-GB")
    seen = open_page(page, url, "collection", BANK_TARGET, "en")
    assert seen["flagged"] == [] and "Video ID check" in seen["names"]
    with page.expect_download() as download:
        page.get_by_text("Download the plan (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    screenshot(page, "collection-bank-en-1400")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1400", "390"])
def test_the_french_blueprint_shows_every_name_in_full_and_scrolls_with_lanes_in_view(
    open_at, served, size
) -> None:
    url, store = served
    page = open_at(size, "fr-FR")
    seen = open_page(page, url, "blueprint", RESTAURANT_TARGET, "fr")
    plan = blueprint(store.load(RESTAURANT_TARGET))
    assert seen["stages"] == [s.name for s in plan.stages]
    expected = [
        t.name
        for lane in ("frontstage", "backstage", "support")
        for s in plan.stages
        for t in s.lanes[lane]
    ]
    assert sorted(seen["names"]) == sorted(expected)
    assert seen["clipped"] == [], "no name, header or cell is cut"
    screenshot(page, f"blueprint-restaurant-fr-{size['width']}")
    if size is DESKTOP:  # eight stages share the page width: nothing hidden to the right
        assert seen["scrollWidth"] <= seen["clientWidth"] + 1
    if size is PHONE:
        assert seen["scrollWidth"] > seen["clientWidth"], "eight stages do not fit a phone"
        scrolled = page.evaluate(SCROLLED_JS, ".cxb")
        assert scrolled["scrollLeft"] > 0
        assert all(abs(left - scrolled["boxLeft"]) <= 2 for left in scrolled["laneLefts"])
        assert scrolled["lastStageRight"] <= scrolled["boxRight"] + 1
        screenshot(page, "blueprint-restaurant-fr-390-scrolled")


def test_the_english_blueprint_of_the_bank_marks_irritants_and_moments_of_truth(
    open_at, served
) -> None:
    url, _store = served
    page = open_at(DESKTOP, "en-GB")
    open_page(page, url, "blueprint", BANK, "en")
    grid = page.locator(".cxb")
    assert grid.locator("li[data-qualification='irritant']").count() == 5
    assert grid.locator("li[data-moment='true']").count() == 3
    assert "Line of visibility" in grid.inner_text()
    screenshot(page, "blueprint-bank-en-1400")
