"""How fast survey answers go in and KPIs come out, against the targets of the feature.

Generates, in a temporary folder, answers for a sample journey (default "Online store —
current"): a long CSV of ``--answers`` answers (default 1,000,000) and a long answers workbook of
``--xlsx-rows`` rows (default 200,000, written with openpyxl's write-only mode), then measures:

* the CSV import through the real command line, ``python -m cxmap import-responses`` into a
  fresh SQLite database (process start, imports and migrations included) — target ≤ 20 s;
* ``python -m cxmap kpis --journey … --json`` on that database (the median of ``--repeat``
  runs) — target ≤ 2 s;
* the XLSX import in-process (``read_answers`` + ``Store.save_answers``: parse, validate, save,
  into another fresh SQLite database) against ``pandas.read_excel(engine="openpyxl")`` merely
  parsing the same file — target: at least 3× faster; ``pandas.read_excel(engine="calamine")``
  is timed for reference.

A benchmark reports, it does not fail: the exit code is 0 whether the targets are met or not,
and 1 only when something errors (a command fails, or the figures do not add up).

    python bench/bench_answers.py [--answers 1000000] [--xlsx-rows 200000] [--repeat 3]
                                  [--journey NAME] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, without installing

import numpy as np  # noqa: E402
import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402

from cxmap.compute.measures import measured  # noqa: E402
from cxmap.domain.model import JourneyMap  # noqa: E402
from cxmap.files.responses import read_answers  # noqa: E402
from cxmap.storage.samples import seed  # noqa: E402
from cxmap.storage.store import Store  # noqa: E402

CSV_IMPORT_TARGET = 20.0  # seconds, 1,000,000 answers through the command line
KPIS_TARGET = 2.0  # seconds, `kpis --json` on SQLite
XLSX_RATIO_TARGET = 3.0  # cxmap's import at least 3× faster than pandas+openpyxl's parse

HEADER = ["date", "persona", "stage", "touchpoint", "channel", "metric", "score", "comment"]
# the mix of a survey programme: mostly NPS, some CSAT, a few CES
METRICS = (("nps", 0.6, 0, 10), ("csat", 0.25, 1, 5), ("ces", 0.15, 1, 7))
COMMENTS = (
    "",
    "Très bien, rien à redire",
    "Too slow, again",
    "Livraison en retard; colis abîmé",
    "Great app",
    "Le site plante au paiement",
    "OK",
    'Would recommend, "fast"',
)


# --- answers as survey tools export them ---------------------------------------------------------


def answers_frame(journey_map: JourneyMap, count: int, seed_value: int) -> pd.DataFrame:
    """``count`` long-form answers over the journey's touchpoints: a score on its metric's
    scale, a persona for 95 % of them, a date in 2025–2026 for 98 %, a comment for 1 in 8."""
    rng = np.random.default_rng(seed_value)
    touchpoints = journey_map.touchpoints
    tp = rng.integers(0, len(touchpoints), count)
    metric_index = rng.choice(len(METRICS), count, p=[m[1] for m in METRICS])
    low = np.array([m[2] for m in METRICS])[metric_index]
    high = np.array([m[3] for m in METRICS])[metric_index]
    scores = low + (rng.random(count) * (high - low + 1)).astype(int)
    personas = np.array([p.name for p in journey_map.personas] + [""], dtype=object)
    persona_index = np.where(
        rng.random(count) < 0.95,
        rng.integers(0, len(journey_map.personas), count),
        len(journey_map.personas),
    )
    first_day = dt.date(2025, 1, 1)
    days = np.array(
        [(first_day + dt.timedelta(days=int(d))).isoformat() for d in range(730)] + [""],
        dtype=object,
    )
    day_index = np.where(rng.random(count) < 0.98, rng.integers(0, 730, count), 730)
    comment_index = np.where(rng.random(count) < 0.125, rng.integers(1, len(COMMENTS), count), 0)
    return pd.DataFrame(
        {
            "date": days[day_index],
            "persona": personas[persona_index],
            "stage": np.array([t.stage for t in touchpoints], dtype=object)[tp],
            "touchpoint": np.array([t.name for t in touchpoints], dtype=object)[tp],
            "channel": np.array([t.channel for t in touchpoints], dtype=object)[tp],
            "metric": np.array([m[0] for m in METRICS], dtype=object)[metric_index],
            "score": scores,
            "comment": np.array(COMMENTS, dtype=object)[comment_index],
        }
    )


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\r\n")


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """A long answers workbook written row by row in write-only mode; real date cells."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Responses")
    sheet.append(HEADER)
    dates = {text: dt.date.fromisoformat(text) for text in frame["date"].unique() if text}
    for row in frame.itertuples(index=False):
        sheet.append(
            [
                dates.get(row.date),
                row.persona or None,
                row.stage,
                row.touchpoint,
                row.channel,
                row.metric,
                int(row.score),
                row.comment or None,
            ]
        )
    book.save(path)


# --- measuring ---------------------------------------------------------------------------------


@dataclass
class Figure:
    label: str
    seconds: float
    target: str = ""
    ok: bool | None = None  # None: a reference figure, no target


def timed(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def command(argv: list[str], database: str) -> tuple[float, subprocess.CompletedProcess]:
    """Run ``python -m cxmap …`` as a user would, timed from start to exit."""
    env = {**os.environ, "CXMAP_DATABASE_URL": database, "PYTHONPATH": str(ROOT)}
    seconds, done = timed(
        subprocess.run,
        [sys.executable, "-m", "cxmap", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"`cxmap {' '.join(argv[:1])}` exited {done.returncode}:\n{done.stderr.strip()[-2000:]}"
        )
    return seconds, done


def fresh_store(path: Path) -> Store:
    store = Store(f"sqlite:///{path}")
    seed(store)
    return store


def journey_row(rows: list[dict[str, Any]], kpi: str) -> dict[str, Any]:
    (row,) = [
        r
        for r in rows
        if r["kpi"] == kpi
        and all(r[d] is None for d in ("stage", "touchpoint", "channel", "persona", "period"))
    ]
    return row


def check_counts(rows: list[dict[str, Any]], frame: pd.DataFrame, where: str) -> None:
    """The journey rows of `kpis` count exactly the answers generated, metric by metric."""
    expected = frame["metric"].value_counts().to_dict()
    got = {m: journey_row(rows, m.upper())["n"] for m in expected}
    if got != expected:
        raise AssertionError(f"{where}: the journey rows count {got}, the file holds {expected}")


def print_table(figures: list[Figure]) -> None:
    width = max(len(f.label) for f in figures)
    print(f"{'measure':<{width}}  {'seconds':>8}  {'target':<22}  result")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 22}  ------")
    for f in figures:
        verdict = "" if f.ok is None else ("OK" if f.ok else "SLOW")
        print(f"{f.label:<{width}}  {f.seconds:>8.2f}  {f.target:<22}  {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--answers", type=int, default=1_000_000, help="answers in the long CSV (default 1,000,000)"
    )
    parser.add_argument(
        "--xlsx-rows",
        type=int,
        default=200_000,
        help="answer rows in the workbook (default 200,000)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of `kpis` and of the in-process XLSX import (default 3)",
    )
    parser.add_argument(
        "--journey",
        default="Online store — current",
        help="the sample journey the answers are about",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="cxmap-bench-answers-"))
    try:
        return run(args, work)
    except Exception as exc:  # a benchmark that breaks says why, with exit code 1
        print(f"\nerror: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"\nfiles kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    print(
        f"cxmap answers benchmark — {platform.python_version()}, pandas {pd.__version__}, "
        f"openpyxl {openpyxl.__version__}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f}"
    )
    cli_db = work / "cli.db"
    journey_map = fresh_store(cli_db).load(args.journey)

    print(
        f"generating {args.answers:,} answers (CSV) and {args.xlsx_rows:,} rows (XLSX) for "
        f"'{args.journey}' in {work} …",
        flush=True,
    )
    csv_frame = answers_frame(journey_map, args.answers, 1)
    csv_path = work / "answers.csv"
    write_seconds, _ = timed(write_csv, csv_frame, csv_path)
    xlsx_frame = answers_frame(journey_map, args.xlsx_rows, 2)
    xlsx_path = work / "answers.xlsx"
    xlsx_seconds, _ = timed(write_xlsx, xlsx_frame, xlsx_path)
    print(
        f"  {csv_path.name}: {csv_path.stat().st_size / 2**20:,.1f} MiB in "
        f"{write_seconds:.1f} s; {xlsx_path.name}: {xlsx_path.stat().st_size / 2**20:,.1f} "
        f"MiB in {xlsx_seconds:.1f} s (write-only mode)\n",
        flush=True,
    )

    figures: list[Figure] = []
    database = f"sqlite:///{cli_db}"

    # 1. the CSV through the command line, into a fresh SQLite database (seeded, no answers)
    seconds, done = command(
        ["import-responses", str(csv_path), "--journey", args.journey], database
    )
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if f"added {args.answers:,} answers" not in done.stdout:
        raise AssertionError(f"unexpected output: {done.stdout.strip()}")
    figures.append(
        Figure(
            f"CSV import, {args.answers:,} answers (command line)",
            seconds,
            f"≤ {CSV_IMPORT_TARGET:g} s",
            seconds <= CSV_IMPORT_TARGET,
        )
    )
    print(f"  import-responses: {seconds:.2f} s, peak RSS {peak_mib:,.0f} MiB", flush=True)

    # 2. kpis --json on that database
    kpi_runs = []
    for _ in range(args.repeat):
        seconds, done = command(["kpis", "--journey", args.journey, "--json"], database)
        kpi_runs.append(seconds)
    rows = json.loads(done.stdout)
    check_counts(rows, csv_frame, "kpis --json")
    kpis_seconds = statistics.median(kpi_runs)
    figures.append(
        Figure(
            f"kpis --json, SQLite ({len(rows):,} rows, median of {args.repeat})",
            kpis_seconds,
            f"≤ {KPIS_TARGET:g} s",
            kpis_seconds <= KPIS_TARGET,
        )
    )
    print(f"  kpis --json: {', '.join(f'{s:.2f}' for s in kpi_runs)} s", flush=True)
    # for comparison, where the time of a command goes: starting Python and importing cxmap,
    # opening the database (Alembic checks it is up to date), and the counting itself
    start_runs = [command(["--help"], database)[0] for _ in range(args.repeat)]
    figures.append(
        Figure("  vs python -m cxmap --help (start-up)", statistics.median(start_runs), "reference")
    )
    open_runs = []
    for _ in range(args.repeat):
        seconds, opened = timed(Store, database)
        open_runs.append(seconds)
        opened.close()
    figures.append(
        Figure(
            "  vs Store() in-process (open, migrations)", statistics.median(open_runs), "reference"
        )
    )
    cli_store = Store(database)
    query_runs = [
        timed(lambda: measured(cli_store.answer_tallies(args.journey)))[0]
        for _ in range(args.repeat)
    ]
    cli_store.close()
    figures.append(
        Figure(
            "  vs answer_tallies + measured in-process", statistics.median(query_runs), "reference"
        )
    )

    # 3. the workbook: cxmap's whole import against pandas merely parsing it
    import python_calamine  # noqa: F401  (imported before the clock, as openpyxl is)

    parse, save, total = [], [], []
    for index in range(args.repeat):
        store = fresh_store(work / f"xlsx-{index}.db")
        seconds, answers = timed(read_answers, xlsx_path, journey_map)
        if not answers.ok:
            raise AssertionError(f"the generated workbook has errors: {answers.report.errors[:3]}")
        parse.append(seconds)
        seconds, saved = timed(store.save_answers, args.journey, answers)
        save.append(seconds)
        total.append(parse[-1] + save[-1])
        if index == 0:
            check_counts(
                measured(store.answer_tallies(args.journey)).as_dicts(), xlsx_frame, "XLSX import"
            )
        store.close()
        print(
            f"  XLSX import run {index + 1}: {parse[-1]:.2f} + {save[-1]:.2f} s "
            f"({saved.added:,} answers)",
            flush=True,
        )
    pandas_openpyxl, frame = timed(pd.read_excel, xlsx_path, engine="openpyxl")
    if len(frame) != args.xlsx_rows:
        raise AssertionError(f"pandas read {len(frame):,} rows of {args.xlsx_rows:,}")
    print(f"  pandas.read_excel(openpyxl): {pandas_openpyxl:.2f} s", flush=True)
    pandas_calamine, _ = timed(pd.read_excel, xlsx_path, engine="calamine")
    print(f"  pandas.read_excel(calamine): {pandas_calamine:.2f} s\n", flush=True)

    cxmap_total = statistics.median(total)
    ratio = pandas_openpyxl / cxmap_total
    rows_label = f"{args.xlsx_rows:,}-row XLSX"
    figures += [
        Figure(f"{rows_label}: cxmap read + check", statistics.median(parse)),
        Figure(f"{rows_label}: cxmap save (SQLite)", statistics.median(save)),
        Figure(
            f"{rows_label}: cxmap import, total",
            cxmap_total,
            f"≥ {XLSX_RATIO_TARGET:g}× faster: {ratio:.1f}×",
            ratio >= XLSX_RATIO_TARGET,
        ),
        Figure(f"{rows_label}: pandas.read_excel(openpyxl), parse only", pandas_openpyxl),
        Figure(
            f"{rows_label}: pandas.read_excel(calamine), parse only", pandas_calamine, "reference"
        ),
    ]
    print_table(figures)
    print(
        f"\nThe command-line figures include starting Python, importing pandas and migrating "
        f"the database; the XLSX figures are medians of {args.repeat} in-process runs with "
        f"the modules imported beforehand; peak RSS of import-responses {peak_mib:,.0f} MiB; "
        f"load average now {os.getloadavg()[0]:.2f}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
