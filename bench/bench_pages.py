"""How fast the dashboard's pages are in a real browser, against the targets "every page ready
within 2 s; a filter change re-renders within 0.5 s".

Starts ``streamlit run app.py`` on a free port over a fresh SQLite file holding the sample maps
and drives Debian's Chromium with Playwright (never `playwright install`).  A page is *ready*
when the script has finished (``data-test-script-state="notRunning"``), no element is stale,
the page's title is shown and its charts have drawn (Plotly's SVG, Vega's SVG).  Times are taken
in the page's own clock, so Playwright's round trips are not counted.  For every page, over
``--repeat`` runs (median and minimum):

* open, warm — a new tab (a new Streamlit session) on the page's URL, Streamlit's scripts
  already in the browser cache, as for a returning user: navigation start -> ready;
* open, cold — the same in a new browser context (empty cache: 5 MB of scripts to fetch and
  compile, Plotly alone is 4.7 MB), as for a first visit;
* switch — a click on the page's link in the sidebar, from the previous page -> ready;
* filter — on a page already shown, a persona chosen in the sidebar multiselect: the pointer
  going down on the option -> the script runs -> stops -> the charts are drawn again (on the
  Overview and the Emotion curve, until the curve shows only that persona).

A benchmark reports, it does not fail: the exit code is 0 whether the targets are met or not.
The numbers are also written to bench/README.md, section "Dashboard pages" (the other sections
of that file are left as they are).

    python bench/bench_pages.py [--repeat 5] [--no-readme] [--screenshot docs/screenshot.png]

``--screenshot PATH`` also saves the README's picture: the Overview of the first sample journey
at 1400 × 900, in English.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from importlib import metadata
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, without installing

from cxmap.storage.samples import seed  # noqa: E402
from cxmap.storage.store import Store  # noqa: E402
from tests.live_server import CHROMIUM_ARGS, streamlit_server  # noqa: E402

PAGE_SECONDS = 2.0
FILTER_SECONDS = 0.5
VIEWPORT = {"width": 1400, "height": 900}
JOURNEY = "Account opening — current"
PERSONAS = ("Student Sam", "Freelancer Farah", "Newcomer Nikolai", "Switching Sophie")

# (url path, title, Plotly charts, Vega-Lite charts, filter bench, curve of personas first)
PAGES = [
    ("", "Overview", 2, 0, True, True),
    ("emotions", "Emotion curve", 1, 0, True, True),
    ("matrix", "Touchpoint matrix", 0, 1, True, False),
    ("kpis", "KPIs", 1, 0, True, False),
    ("prioritisation", "Prioritisation", 1, 0, True, False),
    ("personas", "Personas", 0, 0, True, False),
    ("import", "Import & export", 0, 0, False, False),
]

# performance.now() once the page is ready (see the module docstring), polled every frame.
READY_JS = """({title, plotly, vega, persona, after}) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (after !== null && !(window.__cxRunningAt > after)) return false;
  if (document.querySelector("[data-testid='stMain'] [data-stale='true']")) return false;
  const h1 = document.querySelector("[data-testid='stMain'] h1");
  if (!h1 || h1.innerText.trim() !== title) return false;
  const plots = document.querySelectorAll("[data-testid='stPlotlyChart'] .js-plotly-plot");
  if (document.querySelectorAll("[data-testid='stPlotlyChart'] .main-svg").length < plotly)
    return false;
  if (document.querySelectorAll("[data-testid='stVegaLiteChart'] svg.marks, "
      + "[data-testid='stVegaLiteChart'] canvas").length < vega) return false;
  if (persona !== null) {
    const names = (plots[0] && plots[0].data || []).map(t => t.name);
    const shown = names.filter(n => window.__cxPersonas.includes(n));
    if (shown.length !== 1 || shown[0] !== persona) return false;
  }
  return performance.now();
}"""
SEEN_JS = """() => ({
  state: document.querySelector("[data-testid='stApp']")?.getAttribute("data-test-script-state"),
  runningAt: window.__cxRunningAt, pointerAt: window.__cxPointerAt, now: performance.now(),
  h1: [...document.querySelectorAll("[data-testid='stMain'] h1")].map(h => h.innerText),
  stale: document.querySelectorAll("[data-testid='stMain'] [data-stale='true']").length,
  traces: [...document.querySelectorAll(".js-plotly-plot")]
    .map(p => (p.data || []).map(t => t.name)),
  exception: document.querySelector("[data-testid='stException']")?.innerText?.slice(0, 300)})"""
# Before every page script: remember when the script last started running and when the
# pointer last went down (the click that starts a measure).
INIT_JS = (
    f"window.__cxPersonas = {json.dumps(list(PERSONAS))};"
    + """
window.__cxRunningAt = -1;
window.__cxRuns = [];  // [started, finished] of every script run since the page was opened
new MutationObserver(() => {
  const app = document.querySelector("[data-testid='stApp']");
  const state = app && app.getAttribute("data-test-script-state");
  const runs = window.__cxRuns;
  if (state === "running" && (!runs.length || runs[runs.length - 1][1] !== null)) {
    window.__cxRunningAt = performance.now();
    runs.push([window.__cxRunningAt, null]);
  } else if (state === "notRunning" && runs.length && runs[runs.length - 1][1] === null) {
    runs[runs.length - 1][1] = performance.now();
  }
}).observe(document, {subtree: true, attributes: true,
                      attributeFilter: ["data-test-script-state"]});
document.addEventListener("pointerdown", () => { window.__cxPointerAt = performance.now(); },
                          {capture: true});
"""
)


# --- the server ---------------------------------------------------------------------------------


def chromium_executable() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise SystemExit("no Chromium at /usr/bin/chromium or on PATH: install Debian's `chromium`")


# --- measures -----------------------------------------------------------------------------------


def link(base: str, path: str = "", **params: str) -> str:
    return f"{base}/{path}?{urlencode({'journey': JOURNEY, **params})}"


def ready_at(
    page,
    title: str,
    plotly: int,
    vega: int,
    *,
    persona: str | None = None,
    after: float | None = None,
) -> float:
    """performance.now() (ms) when the page became ready."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        handle = page.wait_for_function(
            READY_JS,
            arg={
                "title": title,
                "plotly": plotly,
                "vega": vega,
                "persona": persona,
                "after": after,
            },
            polling="raf",
            timeout=60_000,
        )
    except PlaywrightTimeout:
        seen = page.evaluate(SEEN_JS)
        raise RuntimeError(
            f"{page.url} not ready as {title!r} (persona {persona}, after "
            f"{after}) in 60 s; seen {seen}"
        ) from None
    return float(handle.json_value())


def new_context(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    context.add_init_script(INIT_JS)
    return context


def open_page(context, base: str, spec, phases: dict[str, list[float]] | None = None) -> float:
    """A new tab on the page's URL: seconds from navigation start to ready.  ``phases`` gets
    where the time went: the scripts loaded and the session connected (to the first script
    run), the script runs on the server, the charts drawn after the last run, and how many
    times the script ran."""
    path, title, plotly, vega, *_ = spec
    page = context.new_page()
    try:
        page.goto(link(base, path))
        ready = ready_at(page, title, plotly, vega)
        if phases is not None:
            runs = page.evaluate("window.__cxRuns")
            finished = max(end for _, end in runs)
            phases["connect"].append(runs[0][0] / 1000)
            phases["script"].append((finished - runs[0][0]) / 1000)
            phases["draw"].append((ready - finished) / 1000)
            phases["runs"].append(len(runs))
        return ready / 1000
    finally:
        page.close()


def click_nav(page, title: str) -> None:
    page.locator(f"[data-testid='stSidebarNavLink']:has(span[label=\"{title}\"])").click()


def switch_times(context, base: str) -> dict[str, float]:
    """One tab clicking through the sidebar: seconds from the click to the next page ready."""
    page = context.new_page()
    times: dict[str, float] = {}
    try:
        last = PAGES[-1]
        page.goto(link(base, last[0]))
        ready_at(page, last[1], last[2], last[3])
        for _, title, plotly, vega, *_ in PAGES:
            click_nav(page, title)
            end = ready_at(page, title, plotly, vega)
            times[title] = (end - page.evaluate("window.__cxPointerAt")) / 1000
        return times
    finally:
        page.close()


def filter_time(context, base: str, spec, persona: str) -> float:
    """On the page shown, choose ``persona`` in the sidebar: seconds to the charts redrawn."""
    path, title, plotly, vega, _, curve = spec
    page = context.new_page()
    try:
        page.goto(link(base, path))
        ready_at(page, title, plotly, vega)
        page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.click()
        option = page.get_by_role("option", name=persona, exact=True)
        option.wait_for()
        option.click()
        start = page.evaluate("window.__cxPointerAt")
        end = ready_at(page, title, plotly, vega, persona=persona if curve else None, after=start)
        return (end - start) / 1000
    finally:
        page.close()


def script_times(database: Path, repeat: int) -> dict[str, list[float]]:
    """Seconds of each page's script alone, without a browser: Streamlit's AppTest switching
    to the page in a session that has already run (the same work as a sidebar click)."""
    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    os.environ["CXMAP_DATABASE_URL"] = f"sqlite:///{database}"

    def page_file(path: str) -> str:  # pages/<url path>.py, or pages/<url path>_<more>.py
        stem = path or "overview"  # the default page lives at "/"
        found = [
            f
            for f in sorted((ROOT / "pages").glob("*.py"))
            if f.stem == stem or f.stem.startswith(stem + "_")
        ]
        return f"pages/{found[0].name}"

    times: dict[str, list[float]] = {spec[1]: [] for spec in PAGES}
    for _ in range(repeat + 1):  # the first round warms the caches
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        app.query_params["journey"] = JOURNEY
        app.run()
        for path, title, *_ in PAGES:
            app.switch_page(page_file(path))
            started = time.perf_counter()
            app.run()
            times[title].append(time.perf_counter() - started)
    return {title: values[-repeat:] for title, values in times.items()}


def summary(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), min(values)


# --- report -------------------------------------------------------------------------------------


def table(rows: list[dict], repeat: int) -> str:
    def cell(values: list[float] | None, target: float) -> str:
        if not values:
            return "—"
        median, low = summary(values)
        return f"{median:.2f} / {low:.2f} {'OK' if median <= target else 'SLOW'}"

    head = ["page", "open, warm", "open, cold", "switch", "filter"]
    lines = [f"| {' | '.join(head)} |", f"|{'|'.join('---' for _ in head)}|"]
    for row in rows:
        lines.append(
            f"| {row['title']} | {cell(row['warm'], PAGE_SECONDS)} | "
            f"{cell(row['cold'], PAGE_SECONDS)} | {cell(row['switch'], PAGE_SECONDS)} | "
            f"{cell(row['filter'], FILTER_SECONDS)} |"
        )
    return "\n".join(lines)


def phases_table(rows: list[dict]) -> str:
    """Where the time of a warm open goes (medians)."""
    lines = [
        "| page | scripts loaded, session connected | script running, as the browser "
        "sees it | charts drawn after the run | runs | the script alone (AppTest) |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        p = row["phases"]
        alone = f"{statistics.median(row['server']):.2f}" if row["server"] else "—"
        lines.append(
            f"| {row['title']} | {statistics.median(p['connect']):.2f} | "
            f"{statistics.median(p['script']):.2f} | {statistics.median(p['draw']):.2f} | "
            f"{statistics.median(p['runs']):g} | {alone} |"
        )
    return "\n".join(lines)


def verdicts(rows: list[dict]) -> list[str]:
    said = []
    for key, label, target in (
        ("warm", "open (warm cache)", PAGE_SECONDS),
        ("cold", "open (cold cache)", PAGE_SECONDS),
        ("switch", "switch from the sidebar", PAGE_SECONDS),
        ("filter", "filter change", FILTER_SECONDS),
    ):
        slow = [
            f"{r['title']} {statistics.median(r[key]):.2f} s"
            for r in rows
            if r[key] and statistics.median(r[key]) > target
        ]
        said.append(
            f"- {label}, target {target:g} s: "
            + ("OK on every page" if not slow else "SLOW — " + ", ".join(slow))
        )
    return said


def write_readme(text: str) -> None:
    """Put the section "Dashboard pages" in bench/README.md, keeping every other section."""
    path = ROOT / "bench" / "README.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    heading = "## Dashboard pages"
    if heading in current:
        before, rest = current.split(heading, 1)
        following = rest.find("\n## ")
        after = rest[following + 1 :] if following >= 0 else ""
        current = before + text.rstrip() + "\n" + ("\n" + after if after else "")
    else:
        current = current.rstrip() + "\n\n" + text.rstrip() + "\n"
    path.write_text(current, encoding="utf-8")


def where_it_goes(rows: list[dict]) -> str:
    """One sentence read off the phases: how much of an open is the script itself."""
    alone = [statistics.median(r["server"]) for r in rows if r["server"]]
    connect = [statistics.median(r["phases"]["connect"]) for r in rows]
    draw = max(statistics.median(r["phases"]["draw"]) for r in rows)
    if not alone:
        return ""
    return (
        f"The page scripts themselves take {min(alone):.2f}–{max(alone):.2f} s (AppTest, no "
        f"browser). The rest of an open is the browser's: {min(connect):.1f}–"
        f"{max(connect):.1f} s to load Streamlit's scripts and connect the session, then "
        "rendering the elements as they arrive, and drawing the Plotly charts, which can "
        f"take up to {draw:.1f} s more after the script has finished."
    )


def readme_section(rows: list[dict], repeat: int, started: float, load_before: float) -> str:
    import streamlit

    browser_version = subprocess.run(
        [chromium_executable(), "--version"], capture_output=True, text=True
    ).stdout.strip()

    def para(text: str) -> str:
        return textwrap.fill(text, width=100, break_on_hyphens=False)

    return "\n".join(
        [
            "## Dashboard pages",
            "",
            para(
                "`python bench/bench_pages.py [--repeat 5] [--screenshot docs/screenshot.png]` "
                "starts the real server on the sample maps and drives it with Playwright on "
                "Debian's Chromium. The journey is “Account opening — current” (4 personas, 5 "
                f"stages, 6 channels). Median / minimum seconds over {repeat} runs; the targets "
                f"are every page ready within {PAGE_SECONDS:g} s and a filter change re-rendered "
                f"within {FILTER_SECONDS:g} s."
            ),
            "",
            para(
                "*Ready* means the script has finished, nothing is stale, the page's title is "
                "shown and its charts have drawn, timed in the page's own clock. *Open, warm*: a "
                "new tab (a new session) on the page's URL, Streamlit's scripts already cached; "
                "*open, cold*: the same in an empty browser profile; *switch*: a click on the page "
                "in the sidebar; *filter*: a persona chosen in the sidebar, until the script has "
                "run again and the charts are redrawn."
            ),
            "",
            table(rows, repeat),
            "",
            *verdicts(rows),
            "",
            "Where the time of a warm open goes (median seconds):",
            "",
            phases_table(rows),
            "",
            para(where_it_goes(rows)),
            "",
            para(
                f"Measured {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} on "
                f"{platform.machine()}, {os.cpu_count()} CPUs (load average {load_before:.1f} at "
                f"the start, {os.getloadavg()[0]:.1f} at the end), Python "
                f"{platform.python_version()}, Streamlit {streamlit.__version__}, Playwright "
                f"{metadata.version('playwright')}, {browser_version}; "
                f"{time.perf_counter() - started:.0f} s in all."
            ),
        ]
    )


# --- main ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-readme", action="store_true", help="do not write bench/README.md")
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PATH",
        help="also save the Overview at 1400 × 900 (the README's picture)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cxmap-bench-") as tmp, sync_playwright() as pw:
        database = Path(tmp) / "cxmap.db"
        store = Store(f"sqlite:///{database}")
        seed(store)
        store.close()
        browser = pw.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        with streamlit_server(database) as base:
            warm = new_context(browser)
            # warm-up: the server's first session, its caches, the browser's script cache
            for spec in PAGES:
                open_page(warm, base, spec)
            switch_times(warm, base)
            rows = [
                dict(
                    title=spec[1],
                    warm=[],
                    cold=[],
                    switch=[],
                    filter=[],
                    server=[],
                    phases={k: [] for k in ("connect", "script", "draw", "runs")},
                )
                for spec in PAGES
            ]
            for run in range(args.repeat):
                for row, spec in zip(rows, PAGES):
                    row["warm"].append(open_page(warm, base, spec, row["phases"]))
                    cold = new_context(browser)
                    row["cold"].append(open_page(cold, base, spec))
                    cold.close()
                    if spec[4]:
                        row["filter"].append(
                            filter_time(warm, base, spec, PERSONAS[run % len(PERSONAS)])
                        )
                for row, seconds in zip(rows, switch_times(warm, base).values()):
                    row["switch"].append(seconds)
                print(f"run {run + 1}/{args.repeat} done", file=sys.stderr)
            if args.screenshot:
                page = warm.new_page()
                page.goto(link(base, lang="en"))
                ready_at(page, "Overview", 2, 0)
                page.mouse.move(0, 0)
                page.wait_for_timeout(300)
                args.screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=args.screenshot)
                page.close()
                print(f"screenshot: {args.screenshot} ({args.screenshot.stat().st_size:,} bytes)")
            warm.close()
        browser.close()
        try:
            for row, seconds in zip(rows, script_times(database, args.repeat).values()):
                row["server"] = seconds
        except Exception as exc:  # the browser figures are worth keeping without these
            print(f"the scripts alone could not be timed with AppTest: {exc!r}", file=sys.stderr)

    print(
        f"\nDashboard pages: median / min seconds over {args.repeat} runs "
        f"(targets: ready ≤ {PAGE_SECONDS:g} s, filter ≤ {FILTER_SECONDS:g} s)\n"
    )
    print(table(rows, args.repeat))
    print()
    print("\n".join(verdicts(rows)))
    print("\nWhere the time of a warm open goes (median seconds):\n")
    print(phases_table(rows))
    print("\n" + where_it_goes(rows))
    if not args.no_readme:
        write_readme(readme_section(rows, args.repeat, started, load_before))
        print("\nwritten to bench/README.md, section “Dashboard pages”")
    return 0


if __name__ == "__main__":
    sys.exit(main())
