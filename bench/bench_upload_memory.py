"""What an upload leaves in the server once its page is left.

Starts the real app (``streamlit run app.py``, as the browser tests do) on a fresh SQLite
database with the sample maps, and in Chromium (Playwright, Debian's ``/usr/bin/chromium``):
opens Import & export, uploads a survey-answers CSV of about ``--mb`` MB for "Online store —
current", waits for its check ("… answers ready to add"), then follows the sidebar link to the
Overview (the same session) and waits ``--settle`` seconds.  The server's resident memory
(VmRSS in /proc/<pid>/status; VmHWM is the peak) is read before the upload, once the file is
checked, and after the page was left; then the tab is closed and it is read once more.

``--app DIR`` runs another checkout's app.py (e.g. the tree before this change, exported with
``git archive <commit> | tar -x -C DIR``), to compare.  A benchmark reports, it does not fail.

    python bench/bench_upload_memory.py [--mb 30] [--settle 5] [--app DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_answers import answers_frame, write_csv  # noqa: E402
from cxmap.storage.samples import seed  # noqa: E402
from cxmap.storage.store import Store  # noqa: E402
from tests.live_server import CHROMIUM_ARGS, free_port  # noqa: E402

JOURNEY = "Online store — current"
BYTES_PER_ANSWER = 62  # about, in the CSV bench_answers writes


def status(pid: int, field: str) -> int:
    """A /proc/<pid>/status figure in MiB (VmRSS: resident now; VmHWM: the peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    raise KeyError(field)


def wait_health(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    import urllib.request

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not answer /_stcore/health")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=30.0, help="size of the answers CSV")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds after leaving")
    parser.add_argument("--app", type=Path, default=ROOT, help="the checkout whose app runs")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="cxmap-upload-memory-"))
    try:
        database = work / "cxmap.db"
        store = Store(f"sqlite:///{database}")
        seed(store)
        journey_map = store.load(JOURNEY)
        store.close()
        answers = work / "answers.csv"
        write_csv(answers_frame(journey_map, int(args.mb * 1e6 / BYTES_PER_ANSWER), 7), answers)
        size = answers.stat().st_size / 1e6

        port = free_port()
        env = {**os.environ, "CXMAP_DATABASE_URL": f"sqlite:///{database}"}
        env.pop("CXMAP_RAISE_PAGE_FAILURES", None)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.maxUploadSize",
                "2000",
            ],
            cwd=args.app,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        figures: list[tuple[str, int, int]] = []

        def note(moment: str) -> None:
            figures.append((moment, status(process.pid, "VmRSS"), status(process.pid, "VmHWM")))

        try:
            wait_health(url, process)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.set_default_timeout(600_000)
                page.goto(f"{url}/import?journey={JOURNEY}")
                page.get_by_text("Import survey answers").wait_for()
                time.sleep(2)
                note("import page open, nothing uploaded")
                started = time.perf_counter()
                page.locator("[data-testid='stFileUploader'] input[type=file]").nth(
                    1
                ).set_input_files(answers)
                page.get_by_text("answers ready to add").wait_for()
                checked = time.perf_counter() - started
                time.sleep(1)
                note(f"answers checked ({checked:.0f} s)")
                page.locator("[data-testid='stSidebarNavLink']").first.click()
                page.wait_for_function(
                    """() => document.querySelector("[data-testid='stMain'] h1")
                             ?.innerText.trim() === "Overview" """
                )
                time.sleep(args.settle)
                note(f"Overview shown, {args.settle:g} s later")
                page.close()
                time.sleep(args.settle)
                note(f"tab closed, {args.settle:g} s later")
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=30)
        print(f"app: {args.app}  answers CSV: {size:.1f} MB")
        print(f"{'moment':<42} {'VmRSS MiB':>10} {'VmHWM MiB':>10}")
        for moment, rss, peak in figures:
            print(f"{moment:<42} {rss:>10} {peak:>10}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
