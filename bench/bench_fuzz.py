"""Fuzz the readers with thousands of mutated workbooks and answer files, on demand.

The files are the ones tests/test_fuzz.py makes (``tests/hostile.py``: ``mutated_workbook`` and
``mutated_answers``, case N of seed S is the same file everywhere), only many more.  Worker
processes read them one by one (``read_workbook``, ``read_answers``; nothing is saved) and
report, per file, what happened and how long it took; the parent kills a worker whose file
takes longer than ``--timeout`` (a hang) and starts another.  At the end it prints the files
tried, refused, read (with or without errors in their report), crashed (anything but a
refusal escaped) and hung, the longest time one file took, and the workers' peak resident
memory (``VmHWM``), beside what a worker holds once its imports are done.

A benchmark reports and does not fail: exit 0 whatever it finds, 1 only when it errors.

    python bench/bench_fuzz.py --count 2000 --seed 1 [--answers 500] [--workers 2] [--samples]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import selectors
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, without installing


def _vm_hwm_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- the worker: reads the cases it is sent, one JSON line each -------------------------------


def worker(seed: int, samples: bool) -> None:
    warnings.simplefilter("ignore")  # openpyxl warns about much of what it is fed here
    from cxmap.domain.report import CxmapError
    from cxmap.files.reader import read_workbook
    from cxmap.files.responses import read_answers
    from tests import hostile
    from tests.test_fuzz import answer_sources, journey_map, workbook_sources

    workbooks, answers, journey = workbook_sources(samples), answer_sources(), journey_map()
    print(json.dumps({"ready": _vm_hwm_mib()}), flush=True)
    for line in sys.stdin:
        kind, case = line.split()
        if kind == "workbook":
            mutant = hostile.mutated_workbook(workbooks, int(case), seed)
        else:
            mutant = hostile.mutated_answers(answers, int(case), seed)
        start = time.perf_counter()
        try:
            if kind == "workbook":
                ok = read_workbook(mutant.data, filename="fuzz.xlsx").ok
            else:
                ok = read_answers(mutant.data, journey, filename="fuzz.csv").ok
            outcome, reason = ("accepted" if ok else "errors"), ""
        except CxmapError as exc:
            outcome, reason = "refused", str(exc)
            if "\n" in reason.strip():
                outcome = "crashed"  # a refusal must be one line
        except Exception as exc:  # what the guard exists to prevent
            outcome, reason = "crashed", f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - start
        print(
            json.dumps(
                {
                    "outcome": outcome,
                    "reason": reason[:300],
                    "what": mutant.what[:200],
                    "seconds": seconds,
                    "hwm": _vm_hwm_mib(),
                }
            ),
            flush=True,
        )


# --- the parent -------------------------------------------------------------------------------


class Worker:
    def __init__(self, seed: int, samples: bool):
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", "--seed", str(seed)]
            + (["--samples"] if samples else []),
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.base = json.loads(self.process.stdout.readline())["ready"]
        self.hwm = self.base
        self.job: tuple[str, int] | None = None
        self.sent = 0.0

    def send(self, kind: str, case: int) -> None:
        self.job, self.sent = (kind, case), time.monotonic()
        self.process.stdin.write(f"{kind} {case}\n")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


def run(args: argparse.Namespace) -> int:
    jobs = collections.deque(
        [("workbook", case) for case in range(args.count)]
        + [("answers", case) for case in range(args.answers)]
    )
    results: dict[str, list[dict]] = {"workbook": [], "answers": []}
    selector = selectors.DefaultSelector()
    workers: list[Worker] = []
    bases: list[float] = []
    peaks: list[float] = []

    def start_worker() -> None:
        w = Worker(args.seed, args.samples)
        bases.append(w.base)
        workers.append(w)
        selector.register(w.process.stdout, selectors.EVENT_READ, w)
        if jobs:
            w.send(*jobs.popleft())

    started = time.monotonic()
    for _ in range(args.workers):
        start_worker()
    while any(w.job for w in workers):
        for key, _ in selector.select(timeout=1.0):
            w: Worker = key.data
            line = w.process.stdout.readline()
            if not line:
                raise RuntimeError(f"a worker died on {w.job}")
            result = json.loads(line)
            result["case"] = w.job[1]
            results[w.job[0]].append(result)
            w.hwm = max(w.hwm, result["hwm"])
            w.job = None
            if jobs:
                w.send(*jobs.popleft())
        for w in list(workers):
            if w.job and time.monotonic() - w.sent > args.timeout:
                kind, case = w.job
                results[kind].append(
                    {
                        "outcome": "hung",
                        "case": case,
                        "seconds": args.timeout,
                        "reason": f"killed after {args.timeout:g} s",
                        "what": "",
                        "hwm": float("nan"),
                    }
                )
                selector.unregister(w.process.stdout)
                w.kill()
                peaks.append(w.hwm)
                workers.remove(w)
                start_worker()
    for w in workers:
        w.process.stdin.close()
        w.process.wait()
        peaks.append(w.hwm)
    elapsed = time.monotonic() - started
    report(args, results, bases, peaks, elapsed)
    return 0


def report(args, results, bases, peaks, elapsed) -> None:
    print(
        f"seed {args.seed}{', data/*.xlsx included' if args.samples else ''}, "
        f"{args.workers} workers, {elapsed:.0f} s in all; "
        f"a worker holds {max(bases):.0f} MiB once its imports are done\n"
    )
    print(
        "| files | tried | refused | read, no errors | read, with errors | crashed | hung "
        "| max time | max memory (peak RSS) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for kind, rows in results.items():
        if not rows:
            continue
        count = collections.Counter(r["outcome"] for r in rows)
        slowest = max(rows, key=lambda r: r["seconds"])
        peak = max((r["hwm"] for r in rows if r["hwm"] == r["hwm"]), default=float("nan"))
        label = "workbooks" if kind == "workbook" else "answer files"
        print(
            f"| {label} | {len(rows):,} | {count['refused']:,} | {count['accepted']:,} "
            f"| {count['errors']:,} | {count['crashed']:,} | {count['hung']:,} "
            f"| {slowest['seconds']:.2f} s (case {slowest['case']}) | {peak:.0f} MiB |"
        )
    print()
    for kind, rows in results.items():
        bad = [r for r in rows if r["outcome"] in ("crashed", "hung")]
        for r in bad[:20]:
            print(f"{kind} case {r['case']}: {r['outcome']}: {r['reason']}  [{r['what']}]")
        reasons = collections.Counter(
            re.sub(r"'[^']*'|\d[\d,.]*", "…", r["reason"])[:90]
            for r in rows
            if r["outcome"] == "refused"
        )
        if args.verbose:
            print(f"\nmost common refusals ({kind}):")
            for reason, n in reasons.most_common(15):
                print(f"  {n:5}  {reason}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="mutated workbooks")
    parser.add_argument("--answers", type=int, default=None, help="mutated answer files")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=max(1, min(2, os.cpu_count() or 1)))
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a hang")
    parser.add_argument(
        "--samples", action="store_true", help="mutate data/*.xlsx too (bank, ecommerce…)"
    )
    parser.add_argument("--verbose", action="store_true", help="list the commonest refusals")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.seed, args.samples)
        return 0
    if args.answers is None:
        args.answers = args.count // 4
    try:
        return run(args)
    except Exception as exc:
        print(f"bench_fuzz failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
