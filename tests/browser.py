"""What the browser test files share.

- ``browser`` (one Debian Chromium a module, skipped without one outside CI, where it fails)
  and ``open_at`` (a tab in a browser context of its own, at a viewport and a locale) are
  fixtures: tests/conftest.py imports them, so every test file has them by name;
- :func:`warmed_server` serves the app over a database, its first session already served;
- :func:`link`, :func:`wait_ready`, :func:`assert_no_exception`, :func:`screenshot` and the
  viewport sizes: what every browser test does with a page.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.live_server import CHROMIUM_ARGS, streamlit_server

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "screenshots"
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
BANK = "Account opening — current"  # the first journey by name: what a new session shows
# True once the script has finished, the page titled `title` is shown (no element left stale
# from the previous run) and its charts have drawn: Plotly's SVG and Vega's SVG or canvas.
READY_JS = """({title, plotly, vega}) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (document.querySelector("[data-testid='stMain'] [data-stale='true']")) return false;
  const h1 = document.querySelector("[data-testid='stMain'] h1");
  if (!h1 || h1.innerText.trim() !== title) return false;
  const drawn = (sel) => document.querySelectorAll(sel).length;
  return drawn("[data-testid='stPlotlyChart'] .js-plotly-plot .main-svg") >= plotly
      && drawn("[data-testid='stVegaLiteChart'] svg.marks, "
               + "[data-testid='stVegaLiteChart'] canvas") >= vega;
}"""
SEEN_JS = """() => ({
  state: document.querySelector("[data-testid='stApp']")?.getAttribute("data-test-script-state"),
  connection: document.querySelector("[data-testid='stApp']")
    ?.getAttribute("data-test-connection-state"),
  h1: [...document.querySelectorAll("[data-testid='stMain'] h1")].map(h => h.innerText),
  stale: document.querySelectorAll("[data-testid='stMain'] [data-stale='true']").length,
  plotly: document.querySelectorAll("[data-testid='stPlotlyChart'] .main-svg").length,
  vega: document.querySelectorAll("[data-testid='stVegaLiteChart'] svg.marks").length,
  exception: document.querySelector("[data-testid='stException']")?.innerText?.slice(0, 300),
  text: document.body.innerText.slice(0, 300)})"""


def chromium_executable() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def missing(reason: str) -> None:
    """No browser: a failure in CI, where the browser tests must run; a skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    executable = chromium_executable()
    if executable is None:
        missing("no Chromium at /usr/bin/chromium or on PATH: install Debian's `chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the `playwright` Python package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def link(base: str, path: str = "", **params: str | list[str]) -> str:
    query = urlencode(params, doseq=True)
    return f"{base}/{path}" + (f"?{query}" if query else "")


def wait_ready(page, title: str, plotly: int = 0, vega: int = 0, timeout: float = 30_000) -> None:
    """Wait for the page `title` to be shown, finished and drawn; say what is seen if not."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            READY_JS, arg={"title": title, "plotly": plotly, "vega": vega}, timeout=timeout
        )
    except PlaywrightTimeout:
        seen = page.evaluate(SEEN_JS)
        pytest.fail(
            f"{page.url}: not ready as {title!r} with {plotly} Plotly and {vega} "
            f"Vega-Lite chart(s) after {timeout / 1000:g} s; seen {seen}"
        )


def assert_no_exception(page, where: str) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, f"{where}: {errors.first.inner_text()}"
    assert "Page not found" not in page.locator("body").inner_text(), f"{where}: page not found"


def screenshot(page, name: str) -> None:
    """The whole page, not just the viewport: Streamlit scrolls inside `stMain`, so the
    viewport is made as tall as the content for the shot."""
    SCREENSHOTS.mkdir(exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(window.innerHeight, ...[...document.querySelectorAll(
        "[data-testid='stMain'], [data-testid='stSidebarContent']")].map(e => e.scrollHeight))""")
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(height, 8000)})
        page.wait_for_timeout(400)  # charts sized to their container redraw
    page.screenshot(path=SCREENSHOTS / f"{name}.png")
    page.set_viewport_size(size)


@pytest.fixture
def open_at(browser) -> Iterator:
    """``open_at(size, locale="fr-FR", **options)``: a new tab in a new browser context (no
    session, cookie or widget state shared with another tab), closed after the test."""
    contexts = []

    def opener(size: dict, locale: str = "fr-FR", **options):
        context = browser.new_context(viewport=size, locale=locale, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield opener
    for context in contexts:
        context.close()


@contextmanager
def warmed_server(database: Path, browser) -> Iterator[str]:
    """The app over ``database``; yields its URL once a first visit is made: the first session
    of a fresh server behaves apart, and the tests must not depend on their order."""
    with streamlit_server(database) as url:
        page = browser.new_page()
        page.goto(link(url, journey=BANK))
        wait_ready(page, "Overview", plotly=2)
        page.close()
        yield url
