"""What the history costs: the bytes each version keeps (the whole map, compressed) and the time
a save spends writing it, for the sample maps and for a large generated map.

For each map: the bytes kept per version (the whole map as compressed JSON), the time to save
it with the history (``Store.save``) against the time of the snapshot alone, and the time to
roll back to a version (read the snapshot back and save it).  A benchmark reports; it does not fail.

    python bench/bench_history.py [--rows 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, without installing
sys.path.insert(0, str(ROOT / "bench"))

from bench_import import build_workbook  # noqa: E402

from cxmap.domain.model import JourneyMap  # noqa: E402
from cxmap.files.reader import read_workbook  # noqa: E402
from cxmap.storage import history  # noqa: E402
from cxmap.storage.samples import sample_files  # noqa: E402
from cxmap.storage.store import Store  # noqa: E402


def rows_of(m: JourneyMap) -> int:
    return sum(
        len(getattr(m, kind))
        for kind in ("personas", "stages", "channels", "touchpoints", "emotions", "kpis", "actions")
    )


def measure(label: str, m: JourneyMap, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        store = Store(f"sqlite:///{Path(work) / 'cxmap.db'}")
        exports, saves = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            history.snapshot(m)
            exports.append(time.perf_counter() - started)
            started = time.perf_counter()
            store.save([m])
            saves.append(time.perf_counter() - started)
        started = time.perf_counter()
        history.rollback(store, m.name, 1)
        rollback = time.perf_counter() - started
        sizes = [v.size for v in history.versions(store.engine, m.name)]
        store.close()
    print(
        f"{label:<44} {rows_of(m):>6} rows  {statistics.median(sizes) / 1000:>7.1f} kB/version  "
        f"save {statistics.median(saves):>5.2f} s (of which the snapshot "
        f"{statistics.median(exports):>5.2f} s)  rollback {rollback:>5.2f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000, help="data rows of the large map")
    parser.add_argument("--repeat", type=int, default=3, help="saves of each map")
    args = parser.parse_args(argv)
    for path in sample_files():
        for m in read_workbook(path).maps:
            measure(m.name, m, args.repeat)
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "large.xlsx"
        build_workbook(path, args.rows)
        (large,) = read_workbook(path).maps
    measure(f"generated map ({args.rows:,} rows)", large, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
