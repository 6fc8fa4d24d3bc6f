"""The matrix grid and the filtered curve in a real browser (Playwright on Debian's Chromium):
every name of the French restaurant map readable in full at 1400 px and 390 px, a 30-stage map
of long French names that scrolls sideways with its channels and stages kept in view, and the
emotion curve under a stage filter with each point at its own stage.

Screenshots go to ``screenshots/`` (git-ignored) for a person to look at.  Like
tests/test_browser.py, these skip without a Chromium, except in CI where they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmap.domain.model import Channel, Emotion, Journey, Persona, Scale, Stage, Touchpoint
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
from tests.workbooks import journey_map

pytestmark = pytest.mark.browser

RESTAURANT = "Chaîne de restaurants — parcours convive"
LONG = "Parcours long — trente étapes"
MATRIX_FR = "Matrice des points de contact"
LONG_CHANNELS = ("Application mobile de réservation", "Restaurant et salle", "Téléphone")


def long_map():
    """Thirty stages of long French names, a touchpoint with a long name in most cells."""
    stages = [
        Stage(f"Étape {i + 1} : le convive compare les offres et réserve sa table du soir")
        for i in range(30)
    ]
    touchpoints = [
        Touchpoint(
            s.name,
            LONG_CHANNELS[(i + j) % 3],
            f"Point de contact {i + 1}.{j + 1} : confirmation personnalisée par message",
            qualification=("irritant", "delight", "missing", "neutral")[(i + j) % 4],
            moment_of_truth=(i + j) % 7 == 0,
        )
        for i, s in enumerate(stages)
        for j in range(2)
    ]
    return journey_map(
        journey=Journey(LONG, scale=Scale(-2, 2)),
        personas=[Persona("Convive pressé")],
        stages=stages,
        channels=[Channel(c) for c in LONG_CHANNELS],
        touchpoints=touchpoints,
        emotions=[Emotion("Convive pressé", s.name, (i % 5) - 2) for i, s in enumerate(stages)],
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, browser) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser-matrix") / "cxmap.db"
    store = Store(f"sqlite:///{path}")
    seed(store)
    store.save([long_map()], source="test_browser_matrix.py")
    store.close()
    with warmed_server(path, browser) as url:
        yield url


# What a reader of the grid sees, measured by the browser.
GRID_JS = """() => {
  const scroll = document.querySelector(".cxm-matrix .cxm-scroll");
  const box = (e) => e.getBoundingClientRect();
  const clipped = [...document.querySelectorAll([".cxm-matrix th", ".cxm-matrix td",
      ".cxm-matrix li", ".cxm-matrix .cxm-name", ".cxm-matrix .cxm-col"].join(", "))]
    .filter(e => {
      const s = getComputedStyle(e);
      return s.textOverflow === "ellipsis" || s.overflow === "hidden" || s.overflowX === "hidden"
        || s.whiteSpace === "nowrap" || (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1);
    }).map(e => e.textContent.slice(0, 60));
  return {
    stages: [...document.querySelectorAll(".cxm-matrix th.cxm-stage")].map(e => e.textContent),
    channels: [...document.querySelectorAll(".cxm-matrix th.cxm-channel")].map(e => e.textContent),
    names: [...document.querySelectorAll(".cxm-matrix .cxm-name")].map(e => e.textContent),
    stageWidths: [...document.querySelectorAll(".cxm-matrix th.cxm-stage")].map(e => box(e).width),
    clipped,
    scrollWidth: scroll.scrollWidth,
    clientWidth: scroll.clientWidth,
  };
}"""
# After scrolling the grid to its far right and bottom: where the channel column and the
# stage row are, against the scroll box.
SCROLLED_JS = """() => {
  const scroll = document.querySelector(".cxm-matrix .cxm-scroll");
  scroll.scrollLeft = scroll.scrollWidth;
  scroll.scrollTop = scroll.scrollHeight;
  const inside = scroll.getBoundingClientRect();
  const first = (sel) => document.querySelector(sel).getBoundingClientRect();
  const last = [...document.querySelectorAll(".cxm-matrix th.cxm-stage")].pop();
  return {
    scrollLeft: scroll.scrollLeft,
    boxLeft: inside.left, boxTop: inside.top,
    channelLeft: first(".cxm-matrix tbody th").left,
    lastChannelLeft: [...document.querySelectorAll(".cxm-matrix tbody th")].pop()
      .getBoundingClientRect().left,
    headerTop: first(".cxm-matrix thead th.cxm-stage").top,
    lastStageTop: last.getBoundingClientRect().top,
    lastStageRight: last.getBoundingClientRect().right,
    boxRight: inside.right,
  };
}"""


def open_matrix(page, server: str, journey: str) -> dict:
    page.goto(link(server, "matrix", journey=journey, lang="fr"))
    wait_ready(page, MATRIX_FR)
    page.locator(".cxm-matrix table").wait_for()
    assert_no_exception(page, f"matrix of {journey}")
    return page.evaluate(GRID_JS)


def assert_everything_in_full(seen: dict, m) -> None:
    assert seen["stages"] == [s.name for s in m.stages]
    assert seen["channels"] == [c.name for c in m.channels]
    assert sorted(seen["names"]) == sorted(t.name for t in m.touchpoints)
    assert seen["clipped"] == [], "no name, header or cell is cut"


def assert_headers_kept_in_view(scrolled: dict) -> None:
    assert scrolled["scrollLeft"] > 0, "the grid scrolled sideways"
    # the channel column stays at the left edge of the box, the stage row at its top
    assert abs(scrolled["channelLeft"] - scrolled["boxLeft"]) <= 2
    assert abs(scrolled["lastChannelLeft"] - scrolled["boxLeft"]) <= 2
    assert abs(scrolled["headerTop"] - scrolled["boxTop"]) <= 2
    assert abs(scrolled["lastStageTop"] - scrolled["boxTop"]) <= 2
    assert scrolled["lastStageRight"] <= scrolled["boxRight"] + 1, "the last stage is reached"


def restaurant_map():
    from tests.workbooks import maps_of_sample

    current, _target = maps_of_sample(
        Path(__file__).resolve().parent.parent / "data" / "restaurant.xlsx"
    )
    m = current  # the sample also holds its target journey (data/make_targets.py)
    return m


def test_restaurant_matrix_at_1400_px_in_french_shows_every_name_in_full_without_scrolling(
    open_at, server
):
    page = open_at(DESKTOP)
    seen = open_matrix(page, server, RESTAURANT)
    assert_everything_in_full(seen, restaurant_map())
    assert seen["scrollWidth"] <= seen["clientWidth"] + 1, "8 stages fit the page at 1400 px"
    screenshot(page, "matrix-restaurant-fr-1400")


def test_restaurant_matrix_at_390_px_scrolls_sideways_with_channels_and_stages_in_view(
    open_at, server
):
    page = open_at(PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    seen = open_matrix(page, server, RESTAURANT)
    assert_everything_in_full(seen, restaurant_map())
    assert seen["scrollWidth"] > seen["clientWidth"], "the grid scrolls inside its box"
    # the page itself does not scroll sideways: only the grid does
    width = page.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollWidth")
    assert width <= PHONE["width"]
    screenshot(page, "matrix-restaurant-fr-390")
    assert_headers_kept_in_view(page.evaluate(SCROLLED_JS))
    page.wait_for_timeout(200)
    page.screenshot(
        path=Path(__file__).resolve().parent.parent
        / "screenshots"
        / "matrix-restaurant-fr-390-scrolled.png"
    )


def test_thirty_stage_matrix_keeps_readable_columns_and_scrolls_with_headers_in_view(
    open_at, server
):
    page = open_at(DESKTOP)
    seen = open_matrix(page, server, LONG)
    assert_everything_in_full(seen, long_map())
    assert len(seen["stages"]) == 30
    assert min(seen["stageWidths"]) >= 150, "never shrunk to dots"
    assert seen["scrollWidth"] > seen["clientWidth"]
    screenshot(page, "matrix-30-stages-fr-1400")
    assert_headers_kept_in_view(page.evaluate(SCROLLED_JS))
    page.wait_for_timeout(200)
    page.screenshot(
        path=Path(__file__).resolve().parent.parent
        / "screenshots"
        / "matrix-30-stages-fr-1400-scrolled.png"
    )


# The curve as Plotly drew it: its categories, and each persona trace's points.
CURVE_JS = """() => {
  const plot = document.querySelectorAll('.js-plotly-plot')[0];
  const axis = plot._fullLayout.xaxis;
  return {
    categories: axis._categories,
    ticks: [...plot.querySelectorAll('.xtick text')].map(t => t.textContent),
    traces: plot.data.map(t => ({name: t.name, x: t.x, y: t.y})),
    range: axis.range,
  };
}"""


@pytest.mark.parametrize(
    "stages",
    [
        # the case, and one stage alone (was an empty chart)
        ["Apply online", "First use"],
        ["First use"],
    ],
)
def test_emotion_curve_under_a_stage_filter_draws_each_point_at_its_stage(open_at, server, stages):
    page = open_at(DESKTOP)
    page.goto(link(server, "emotions", journey=BANK, stage=stages, lang="en"))
    wait_ready(page, "Emotion curve", plotly=1)
    assert_no_exception(page, "filtered curve")
    drawn = page.evaluate(CURVE_JS)
    assert drawn["categories"] == stages, "the axis holds the chosen stages only"
    assert [t.replace(" ", "") for t in drawn["ticks"]] == [s.replace(" ", "") for s in stages]
    low, high = drawn["range"]
    assert low <= -0.4 and high >= len(stages) - 0.6, "every category is on the chart"
    farah = next(t for t in drawn["traces"] if t["name"] == "Freelancer Farah")
    assert set(farah["x"]) <= set(stages) and len(farah["x"]) == len(stages)
    for trace in drawn["traces"]:
        assert set(trace["x"] or []) <= set(stages), trace["name"]
    screenshot(page, "emotions-stage-filter-" + "-".join(s.split()[0].lower() for s in stages))
