"""User text is text, in a real browser: a journey whose names, quotes, goals, units and periods
hold Markdown, HTML, LaTeX and spreadsheet formulas is imported (read from a real workbook, saved
in the store) and every page is opened.  Nothing is interpreted: no link, image, bold or maths
is made from them (in Streamlit's Markdown nor in Plotly's labels, legends and hover boxes), the
literal text is shown, no request leaves for the payloads' address (127.0.0.9) and no dialog
opens; a table's "Download as CSV" holds no formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cxmap.files.reader import read_workbook
from cxmap.storage.store import Store
from tests.browser import link, wait_ready
from tests.live_server import streamlit_server
from tests.workbooks import make_workbook, minimal_sheets

pytestmark = pytest.mark.browser

EVIL = "127.0.0.9"
BOLD = "**bold**"
TAG = "<b>x</b>"
LINK = f'<a href="http://{EVIL}/x">link</a>'
IMAGE = f"![x](http://{EVIL}/img.png)"
IMG_TAG = f"<img src=http://{EVIL}/y.png onerror=alert(1)>"
FORMULA = f'=HYPERLINK("http://{EVIL}","x")'
MATHS = "$x^2$"

JOURNEY = f"Shop {BOLD} {IMAGE} {MATHS}"
PERSONAS = (f"{IMAGE} Anna", f"{IMG_TAG} {TAG}")
STAGES = (LINK, f"{BOLD} buy", FORMULA)
CHANNELS = (TAG, f"@SUM(1+1) {IMAGE}")
TOUCHPOINTS = (f"{LINK} search", f"{IMG_TAG} pay", FORMULA, f"{MATHS} card")
QUOTE = f"{LINK} {IMG_TAG} :red[alert] 100 %{{y}}"
GOAL = f"{IMAGE} {BOLD} <i>goal</i>"


def payload_workbook() -> bytes:
    sheets = minimal_sheets()
    s1, s2, s3 = STAGES
    c1, c2 = CHANNELS
    t1, t2, t3, t4 = TOUCHPOINTS
    p1, p2 = PERSONAS
    sheets["Journeys"][1][0] = JOURNEY
    sheets["Personas"] = [
        ["persona", "segment", "share", "goals", "description", "preferred channels"],
        [p1, f"{TAG} segment", 60, GOAL, f"# {LINK}\n1. {IMAGE}", f"{c1}"],
        [p2, FORMULA, 40, f"- {MATHS}", IMG_TAG, f"{c2}"],
    ]
    sheets["Stages"] = [["stage", "phase"], [s1, "awareness"], [s2, "decision"], [s3, "advocacy"]]
    sheets["Channels"] = [["channel", "kind"], [c1, "online"], [c2, "offline"]]
    sheets["Touchpoints"] = [
        ["stage", "channel", "touchpoint", "qualification", "moment of truth"],
        [s1, c1, t1, "neutral", "no"],
        [s2, c1, t2, "irritant", "yes"],
        [s2, c2, t3, "missing", "no"],
        [s3, c2, t4, "delight", "no"],
    ]
    sheets["Emotions"] = [
        ["persona", "stage", "touchpoint", "emotion", "quote"],
        [p1, s1, t1, 1, QUOTE],
        [p1, s2, t2, -2, f"{BOLD} {FORMULA}"],
        [p2, s1, t1, -1, "calm"],  # two personas at each stage: their points apart
        [p2, s2, t2, -1, IMAGE],
        [p2, s3, t4, 2, TAG],
    ]
    sheets["KPIs"] = [
        ["kpi", "value", "target", "unit", "period", "touchpoint"],
        [f"NPS {BOLD}", 12, 30, "<b>pts</b>", f"{LINK} Q1", None],
        [FORMULA, 2.1, 3, "%", "2026-Q1", t2],
    ]
    sheets["Actions"] = [
        ["action", "impact", "effort", "touchpoint", "type", "status", "owner"],
        [f"{LINK} {IMAGE}", 5, 2, t2, "transform", "planned", FORMULA],
        [FORMULA, 2, 2, t1, "transform", "planned", TAG],
    ]

    def as_text(book) -> None:  # a name starting with "=" is text in the workbook, not a formula
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.data_type = "s"

    return make_workbook(sheets, edit=as_text)


@pytest.fixture(scope="module")
def payload_server(tmp_path_factory: pytest.TempPathFactory, browser) -> Iterator[str]:
    path = tmp_path_factory.mktemp("xss") / "cxmap.db"
    result = read_workbook(payload_workbook(), filename="payloads.xlsx")
    assert result.ok, [p.message for p in result.report.errors]
    store = Store(f"sqlite:///{path}")
    store.save(result.maps, source="payloads.xlsx")
    saved = store.load(JOURNEY)
    assert [p.name for p in saved.personas] == list(PERSONAS)
    assert [s.name for s in saved.stages] == list(STAGES)
    store.close()
    with streamlit_server(path) as url:
        yield url


@pytest.fixture
def watched(browser, payload_server):
    """A tab whose requests to the payloads' address and dialogs are recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    # without the File System Access API, Streamlit's "Download as CSV" is a plain download
    context.add_init_script(
        "Object.defineProperty(window, 'showSaveFilePicker', {value: undefined})"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.leaked = []
    page.dialogs = []
    page.on(
        "request", lambda r: page.leaked.append(r.url) if urlsplit(r.url).hostname == EVIL else None
    )

    def dismiss(dialog) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    yield page
    context.close()


# anything made of the payloads: a link or an image to their address (in HTML or Plotly's SVG),
# bold or italics holding their words, maths typeset by KaTeX
INTERPRETED_JS = """(evil) => {
  const found = [];
  for (const e of document.querySelectorAll("[href], [src]")) {
    const v = (e.getAttribute("href") || "") + (e.getAttribute("src") || "");
    if (v.includes(evil)) found.push(e.outerHTML.slice(0, 120));
  }
  for (const e of document.querySelectorAll("a")) {
    const v = e.getAttribute("xlink:href")
      || e.getAttributeNS("http://www.w3.org/1999/xlink", "href");
    if (v && v.includes(evil)) found.push(e.outerHTML.slice(0, 120));
  }
  for (const e of document.querySelectorAll("strong, b, em, i")) {
    const t = e.textContent.trim();
    if (["bold", "x", "goal", "pts"].includes(t)) found.push(e.outerHTML.slice(0, 120));
  }
  for (const e of document.querySelectorAll("svg tspan")) {  // Plotly writes <b> as a bold tspan
    const style = e.getAttribute("style") || "";
    const t = e.textContent.trim();
    if (style.includes("bold") && ["x", "pts"].includes(t)) found.push("tspan " + t);
  }
  if (document.querySelector(".katex, .katex-display")) found.push("KaTeX maths");
  for (const e of document.querySelectorAll("h1, h2, h3, h4, h5, h6, li, blockquote")) {
    if (e.closest("[data-testid='stMarkdownContainer']") && /link|https?:/.test(e.textContent)
        && !e.textContent.includes("<a")) found.push("block: " + e.outerHTML.slice(0, 120));
  }
  return found;
}"""

PAGES = [  # url path, title, Plotly charts drawn
    ("", "Overview", 2),
    ("emotions", "Emotion curve", 1),
    ("matrix", "Touchpoint matrix", 0),
    ("kpis", "KPIs", 2),
    ("measured", "Measured journey", 0),
    ("prioritisation", "Prioritisation", 1),
    ("personas", "Personas", 0),
    ("import", "Import & export", 0),
    ("history", "History", 0),
]


def assert_nothing_interpreted(page, where: str) -> None:
    found = page.evaluate(INTERPRETED_JS, EVIL)
    assert not found, f"{where}: interpreted {found}"
    assert not page.leaked, f"{where}: requests to {EVIL}: {page.leaked}"
    assert not page.dialogs, f"{where}: dialogs {page.dialogs}"
    assert page.locator("[data-testid='stException']").count() == 0, where


def shown(text: str) -> str:
    """Text as read: without the invisible word joiners that keep addresses from being linked."""
    return text.replace("\u2060", "")


def plotly_text(page) -> str:
    """Every text Plotly drew (legends, ticks, annotations, hover boxes), as shown."""
    return page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot svg text')]"
        ".map(t => t.textContent).join('\\n')"
    )


@pytest.mark.parametrize(("path", "title", "plotly"), PAGES, ids=[p[1] for p in PAGES])
def test_no_page_interprets_user_text(watched, payload_server, path, title, plotly) -> None:
    page = watched
    page.goto(link(payload_server, path, journey=JOURNEY, lang="en"))
    wait_ready(page, title, plotly=plotly)
    # the journey's name is shown as typed (under the title, or in the download button's label)
    if path != "history":
        page.wait_for_function(
            """(name) => document.querySelector("[data-testid='stMain']")
                 .innerText.replaceAll("\\u2060", "").includes(name)""",
            arg=JOURNEY,
        )
    page.wait_for_timeout(500)  # images would be requested as soon as they are in the page
    assert_nothing_interpreted(page, title)


def test_the_literal_text_is_shown(watched, payload_server) -> None:
    page = watched
    page.goto(link(payload_server, "personas", journey=JOURNEY, lang="en"))
    wait_ready(page, "Personas")
    main = shown(page.locator("[data-testid='stMain']").inner_text())
    for literal in (*PERSONAS, GOAL, f"{TAG} segment", FORMULA, f"- {MATHS}", IMG_TAG):
        assert literal in main, literal
    assert f"# {LINK}" in main and f"1. {IMAGE}" in main  # a heading and a list, as typed

    page.goto(link(payload_server, "emotions", journey=JOURNEY, lang="en"))
    wait_ready(page, "Emotion curve", plotly=1)
    drawn = plotly_text(page)
    for literal in (*PERSONAS, LINK, FORMULA):  # legend and stage ticks, as typed
        assert literal in drawn, literal
    # a hover box: the quote's link, image tag, directive and "%{y}" shown as typed
    points = page.locator(".js-plotly-plot .scatterlayer .trace .points path")
    for i in range(points.count()):
        points.nth(i).hover(force=True)
        page.wait_for_timeout(150)
        hover = page.evaluate(
            "() => [...document.querySelectorAll('.hoverlayer text')].map(t => t.textContent)"
            ".join(' ')"
        )
        if ":red[alert]" in hover:
            assert LINK in hover and "100 %{y}" in hover, hover
            break
    else:
        pytest.fail("no hover box showed the quote")
    assert_nothing_interpreted(page, "emotion curve, hovered")


def test_a_tables_csv_download_holds_no_formula(watched, payload_server) -> None:
    page = watched
    page.goto(link(payload_server, "kpis", journey=JOURNEY, lang="en"))
    wait_ready(page, "KPIs", plotly=2)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.hover()
    page.wait_for_timeout(300)
    with page.expect_download() as download:
        page.locator(
            "[data-testid='stElementToolbar'] button[aria-label='Download as CSV']"
        ).first.click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert f"'{FORMULA}" in cells  # the KPI named like a formula, exported as text
    # nothing a spreadsheet would compute (numbers, negative ones included, are numbers)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@") and not number(c)], rows


def number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
