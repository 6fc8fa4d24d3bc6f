"""Fuzzing: hundreds of mutated workbooks and answer files, each refused cleanly or read.

The corpus is made by the test (tests/hostile.py, ``mutated_workbook`` and ``mutated_answers``)
from sound files: the small journey the hostile files are made from, the layout samples in
data/ and a few answer CSVs, with a fixed seed, so case N is the same file on every run.  For
each file exactly one of these holds, or the test fails:

* it is refused: :class:`CxmapError` (``RejectedFile``) with a one-line reason, and the store
  is left as it was;
* it is read, with or without errors in its report, and a file without errors saves.

Nothing else may escape (no IndexError, no ParseError…), and nothing may take longer than
``SECONDS`` (an alarm ends a case that would hang, and fails it).  A subset goes through the
real command line, on SQLite and on PostgreSQL.  ``bench/bench_fuzz.py`` runs thousands.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from cxmap.cli import main
from cxmap.domain.model import JourneyMap
from cxmap.domain.report import CxmapError
from cxmap.files.reader import read_workbook
from cxmap.files.responses import read_answers
from cxmap.storage.store import Store

from . import hostile
from .hostile import Hang, time_bound

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261130
WORKBOOK_CASES = 400
ANSWER_CASES = 200
COMMAND_LINE_EVERY = 25  # every 25th case also runs through `python -m cxmap`, on both stores
SECONDS = 10.0  # a file of a few kilobytes read in more than this is a hang


# --- the sound files the mutants are made from -------------------------------------------------


@cache
def workbook_sources(samples: bool = False) -> list[bytes]:
    """The small valid journey and the layout samples; with ``samples``, the sample maps of
    data/ too (bench_fuzz uses them; they are slower to read)."""
    paths = sorted((ROOT / "data" / "layouts").glob("*.xlsx"))
    if samples:
        paths += sorted((ROOT / "data").glob("*.xlsx"))
    return [hostile.valid_workbook(), *(path.read_bytes() for path in paths)]


@cache
def journey_map() -> JourneyMap:
    """The map the answer files are checked against: the valid workbook's journey."""
    (journey,) = read_workbook(hostile.valid_workbook()).maps
    return journey


def _csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


@cache
def answer_sources() -> list[bytes]:
    """A long and a wide answers file for ``journey_map()``, a few dozen rows each."""
    m = journey_map()
    personas = [p.name for p in m.personas] or [""]
    long = [["date", "persona", "stage", "touchpoint", "channel", "metric", "score", "comment"]]
    for i in range(40):
        t = m.touchpoints[i % len(m.touchpoints)]
        metric, top = (("NPS", 10), ("CSAT", 5), ("CES", 7))[i % 3]
        comment = "très bien; « rapide »" if i % 5 == 0 else ""
        long.append(
            [f"2026-0{1 + i % 9}-1{i % 10}", personas[i % len(personas)], t.stage, t.name]
            + [t.channel, metric, str(i % top + (0 if metric == "NPS" else 1)), comment]
        )
    wide = [["respondent", "segment", "date", *(t.name for t in m.touchpoints)]]
    for i in range(30):
        wide.append(
            [f"r{i}", personas[i % len(personas)], f"{1 + i % 28:02d}/03/2026"]
            + [str((i + j) % 11) for j in range(len(m.touchpoints))]
        )
    return [_csv(long), _csv(wide), _csv(wide).replace(b",", b";")]


def test_the_sources_are_sound():
    assert all(read_workbook(data).ok for data in workbook_sources())
    assert all(read_answers(data, journey_map()).ok for data in answer_sources())


# --- one file, judged -----------------------------------------------------------------------


def assert_one_line(reason: str, mutant: hostile.Mutant) -> None:
    assert reason.strip(), f"{mutant}: refused without a reason"
    assert "\n" not in reason.strip(), f"{mutant}: the reason spans lines: {reason}"
    assert "Traceback" not in reason, f"{mutant}: {reason}"


def judge_workbook(mutant: hostile.Mutant, store: Store) -> str:
    """'refused', 'errors' or 'accepted' (saved); any other outcome fails the test."""
    before = (store.data_version(), store.names())
    start = time.perf_counter()
    try:
        with time_bound(SECONDS):
            result = read_workbook(mutant.data, filename="fuzz.xlsx")
    except CxmapError as exc:
        assert_one_line(str(exc), mutant)
        assert (store.data_version(), store.names()) == before, f"{mutant}: store changed"
        return "refused"
    except Hang as exc:
        pytest.fail(f"{mutant}: {exc}", pytrace=False)
    except Exception as exc:
        pytest.fail(f"{mutant}: escaped as {type(exc).__name__}: {exc}", pytrace=False)
    assert time.perf_counter() - start < SECONDS
    for problem in result.report.errors:
        assert_one_line(str(problem), mutant)
    if not result.ok:
        return "errors"
    try:
        store.save(result.maps, source="fuzz.xlsx")
    except CxmapError as exc:  # a map the store refuses, with a reason, rolled back
        assert_one_line(str(exc), mutant)
        assert (store.data_version(), store.names()) == before, f"{mutant}: store changed"
        return "refused"
    return "accepted"


def judge_answers(mutant: hostile.Mutant) -> str:
    start = time.perf_counter()
    try:
        with time_bound(SECONDS):
            answers = read_answers(mutant.data, journey_map(), filename="fuzz.csv")
    except CxmapError as exc:
        assert_one_line(str(exc), mutant)
        return "refused"
    except Hang as exc:
        pytest.fail(f"{mutant}: {exc}", pytrace=False)
    except Exception as exc:
        pytest.fail(f"{mutant}: escaped as {type(exc).__name__}: {exc}", pytrace=False)
    assert time.perf_counter() - start < SECONDS
    for problem in answers.report.errors:
        assert_one_line(str(problem), mutant)
    if not answers.ok:
        assert answers.count == 0, f"{mutant}: answers kept beside errors"
        return "errors"
    return "accepted"


@cache
def workbook_mutant(case: int) -> hostile.Mutant:
    return hostile.mutated_workbook(workbook_sources(), case, SEED)


@cache
def answers_mutant(case: int) -> hostile.Mutant:
    return hostile.mutated_answers(answer_sources(), case, SEED)


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One SQLite store for the whole corpus, holding a journey the mutants must leave alone."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'cxmap.db'}")
    store.save(read_workbook(hostile.valid_workbook()).maps)
    yield store
    store.close()


# --- the corpus -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", range(WORKBOOK_CASES))
def test_a_mutated_workbook_is_refused_in_one_line_or_read(case: int, fuzz_store: Store):
    judge_workbook(workbook_mutant(case), fuzz_store)


@pytest.mark.parametrize("case", range(ANSWER_CASES))
def test_a_mutated_answers_file_is_refused_in_one_line_or_read(case: int):
    judge_answers(answers_mutant(case))


def test_the_corpus_holds_refusals_and_imports(fuzz_store: Store):
    """The mutants are neither all refused nor all read, or the corpus would test little."""
    outcomes = [
        judge_workbook(workbook_mutant(case), fuzz_store) for case in range(0, WORKBOOK_CASES, 8)
    ]
    assert {"refused", "accepted"} <= set(outcomes), outcomes
    outcomes = [judge_answers(answers_mutant(case)) for case in range(0, ANSWER_CASES, 8)]
    assert {"refused", "accepted"} <= set(outcomes), outcomes


# --- the command line, on SQLite and PostgreSQL ---------------------------------------------


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with time_bound(3 * SECONDS):
        code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("case", range(0, WORKBOOK_CASES, COMMAND_LINE_EVERY))
def test_the_command_line_refuses_a_mutated_workbook_in_one_line_or_imports_it(
    case: int, store: Store, database_url: str, tmp_path: Path, capsys
):
    store.save(read_workbook(hostile.valid_workbook()).maps)
    before = (store.data_version(), store.summary())
    mutant = workbook_mutant(case)
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(mutant.data)

    code, output = _cli(["import", str(path)], capsys)

    assert "unexpected failure" not in output, f"{mutant}: {output}"
    assert "Traceback" not in output, f"{mutant}: {output}"
    assert code in (0, 1), f"{mutant}: exit {code}: {output}"
    if code == 1:
        assert (store.data_version(), store.summary()) == before, f"{mutant}: store changed"
    else:
        assert store.data_version() == before[0] + 1


@pytest.mark.parametrize("case", range(0, ANSWER_CASES, COMMAND_LINE_EVERY // 2))
def test_the_command_line_refuses_a_mutated_answers_file_in_one_line_or_imports_it(
    case: int, store: Store, database_url: str, tmp_path: Path, capsys
):
    store.save([journey_map()])
    before = store.data_version()
    mutant = answers_mutant(case)
    path = tmp_path / "answers.csv"
    path.write_bytes(mutant.data)

    code, output = _cli(["import-responses", str(path), "--journey", journey_map().name], capsys)

    assert "unexpected failure" not in output, f"{mutant}: {output}"
    assert "Traceback" not in output, f"{mutant}: {output}"
    assert code in (0, 1), f"{mutant}: exit {code}: {output}"
    if code == 1:
        assert store.data_version() == before, f"{mutant}: store changed"
