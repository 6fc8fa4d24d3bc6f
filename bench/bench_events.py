"""How fast an event log goes in and the measured journey comes out, against the targets.

Writes, in a temporary folder, a CSV log of ``--events`` events (default 1,000,000) for the
e-commerce sample ("Online store — current"), made by ``data/make_events.py`` (fixed seed),
then measures, each the median of ``--repeat`` runs:

* the baseline: pandas merely reading the file and grouping it by case
  (``pd.read_csv(path).groupby("case_id").size()``);
* cxmap's import (``cxmap.storage.events.import_events``: read, map activities to touchpoints,
  save as one batch) into a fresh SQLite database — target ≤ 4× the baseline;
* ``journey_log.funnel`` and ``journey_log.paths`` on that database — target ≤ 2 s each and
  faster than the baseline — as the pages ask them: the whole log (its measures kept at
  import), with a filter that keeps every event and with one persona (the SQL run live over
  the events);
* SQLite's floor: the time a bare ``executemany`` of as many rows of six integers takes, the
  least any import of the log into SQLite can cost.

A benchmark reports, it does not fail: exit code 0 whether the targets are met or not.

    python bench/bench_events.py [--events 1000000] [--repeat 3] [--keep]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "data"))

import pandas as pd  # noqa: E402
from make_events import HEADER, JOURNEY, rows  # noqa: E402

from cxmap.compute import journey_log  # noqa: E402
from cxmap.files.reader import read_workbook  # noqa: E402
from cxmap.storage.events import ALL_EVENTS, EventFilters, import_events  # noqa: E402
from cxmap.storage.store import Store  # noqa: E402

IMPORT_RATIO_TARGET = 4.0
QUERY_TARGET = 2.0


def write_log(path: Path, events: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number, row in enumerate(rows(cases=events // 4)):  # ~5.6 events a case
            if number == events:
                break
            writer.writerow(row)


def timed(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def insert_floor(path: Path, events: int) -> float:
    """The least any import into SQLite can take: the events as rows of six integers (already
    Python values), one executemany into a table without an index, one commit."""
    import sqlite3

    rows = [(1, 1, i // 4, i, i % 30, i % 3) for i in range(events)]
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE e (j INT, b INT, c INT, at INT, a INT, ch INT)")
    started = time.perf_counter()
    with connection:
        connection.executemany("INSERT INTO e VALUES (?, ?, ?, ?, ?, ?)", rows)
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cxmap-bench-events-"))
    try:
        log = folder / "events.csv"
        started = time.perf_counter()
        write_log(log, args.events)
        print(
            f"log: {args.events:,} events, {log.stat().st_size / 2**20:.0f} MiB, written in "
            f"{time.perf_counter() - started:.1f} s  ({platform.python_implementation()} "
            f"{platform.python_version()}, {os.cpu_count()} CPUs, load "
            f"{os.getloadavg()[0]:.1f})"
        )
        online = read_workbook(ROOT / "data" / "ecommerce.xlsx").maps
        online = [m for m in online if m.name == JOURNEY]

        baseline, _ = timed(lambda: pd.read_csv(log).groupby("case_id").size(), args.repeat)
        print(f"pandas read_csv + groupby(case): {baseline:6.2f} s")

        def load() -> object:
            database = folder / f"cxmap-{time.perf_counter_ns()}.db"
            store = Store(f"sqlite:///{database}")
            store.save(online)
            started = time.perf_counter()
            saved = import_events(store, JOURNEY, log)
            elapsed = time.perf_counter() - started
            store.close()
            return elapsed, saved, database

        runs = [load() for _ in range(args.repeat)]
        imported = statistics.median(r[0] for r in runs)
        saved, database = runs[-1][1], runs[-1][2]
        assert saved.added == args.events, saved
        ratio = imported / baseline
        verdict = "met" if ratio <= IMPORT_RATIO_TARGET else "MISSED"
        print(
            f"cxmap import (SQLite):           {imported:6.2f} s  = {ratio:.1f}× pandas "
            f"(target ≤ {IMPORT_RATIO_TARGET:g}×) {verdict}"
        )
        store = Store(f"sqlite:///{database}")
        journey_map = store.load(JOURNEY)
        # The whole log's measures are kept at import; a filter (here one that keeps every
        # event) asks the same question of the events, live.
        everything = EventFilters(start=dt.datetime(1970, 1, 2, tzinfo=dt.UTC))
        for name, measure in (
            ("funnel", journey_log.funnel),
            ("paths", journey_log.paths),
        ):
            one_persona = EventFilters(personas=(journey_map.personas[0].name,))
            for how, filters in (
                ("kept at import", ALL_EVENTS),
                ("live SQL", everything),
                ("live, 1 persona", one_persona),
            ):
                ask = functools.partial(measure, store, journey_map, filters)
                seconds, _ = timed(ask, args.repeat)
                met = seconds <= QUERY_TARGET and seconds < baseline
                print(
                    f"cxmap {name:<6} {how:<15} {seconds:6.3f} s  (target ≤ {QUERY_TARGET:g} s "
                    f"and < pandas {baseline:.2f} s) {'met' if met else 'MISSED'}"
                )
        store.close()
        floor = insert_floor(folder / "floor.db", args.events)
        print(
            f"SQLite's floor: {args.events:,} rows of six integers, executemany into an empty "
            f"table without index: {floor:.2f} s = {floor / baseline:.1f}× pandas"
        )
    finally:
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
