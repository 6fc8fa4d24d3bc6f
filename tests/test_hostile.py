"""Hostile input is refused in seconds, under 600 MiB, with a one-line reason, and changes
nothing: files that are not workbooks, damaged workbooks, XML entity attacks, zip bombs and
sheets of a million rows (tests/hostile.py builds each one in memory).

Each kind is checked twice: by :func:`read_workbook` in this process, and through the real
command line in a subprocess whose peak memory is measured, against a database
seeded with a valid journey.  Durations are printed (``pytest -s``), never asserted: speed
belongs to the benchmarks; the subprocess timeout only guards against a hang.
"""

from __future__ import annotations

import io
import os
import signal
import struct
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import openpyxl.xml
import openpyxl.xml.functions
import pytest
from defusedxml import DefusedXmlException

from cxmap.domain.report import RejectedFile
from cxmap.files import guard
from cxmap.files.reader import read_workbook
from cxmap.storage.store import Store

from . import hostile
from .hostile import GiB, MiB
from .workbooks import make_workbook, minimal_sheets

ROOT = Path(__file__).resolve().parent.parent
MEMORY_LIMIT_MIB = 600
HANG_GUARD_SECONDS = 120
CAP = guard.DEFAULT_LIMITS.max_inflated_bytes
MAX_ROWS = guard.DEFAULT_LIMITS.max_rows_per_sheet


@dataclass(frozen=True)
class Hostile:
    """One kind of hostile file and the words its refusal must hold."""

    name: str
    build: Callable[[], bytes]
    # each entry must appear in the reason (case-insensitive); "a|b" means a or b
    reason: tuple[str, ...]
    on_postgres: bool = False  # one kind per family also runs on PostgreSQL (the run stays short)

    def __str__(self) -> str:
        return self.name


KINDS = [
    # not a workbook at all
    Hostile(
        "empty file", hostile.NOT_WORKBOOKS["empty"], ("empty", "not an xlsx"), on_postgres=True
    ),
    Hostile("plain text", hostile.NOT_WORKBOOKS["plain text"], ("text", "not an xlsx")),
    Hostile("CSV", hostile.NOT_WORKBOOKS["csv"], ("csv", "not an xlsx")),
    Hostile("HTML", hostile.NOT_WORKBOOKS["html"], ("html", "not an xlsx")),
    Hostile("PDF", hostile.NOT_WORKBOOKS["pdf"], ("pdf", "not an xlsx")),
    Hostile("random bytes", hostile.NOT_WORKBOOKS["random bytes"], ("not an xlsx",)),
    Hostile(
        "old .xls or password-protected (OLE)",
        hostile.NOT_WORKBOOKS["xls or password-protected (OLE)"],
        (".xls", "password"),
    ),
    Hostile(
        "zip with a README", hostile.NOT_WORKBOOKS["zip with a README"], ("zip", "not an xlsx")
    ),
    Hostile("Word document (.docx)", hostile.NOT_WORKBOOKS["docx"], ("word", "not an xlsx")),
    Hostile(
        "OpenDocument spreadsheet (.ods)",
        hostile.NOT_WORKBOOKS["ods"],
        ("opendocument|.ods", "xlsx"),
    ),
    # damaged
    Hostile(
        "truncated at 50 %",
        lambda: hostile.truncated(0.5),
        ("truncated|damaged",),
        on_postgres=True,
    ),
    Hostile("truncated at 90 %", lambda: hostile.truncated(0.9), ("truncated|damaged",)),
    Hostile("a corrupted byte (bad CRC)", hostile.bad_crc, ("damaged|corrupt",)),
    # XML entities
    Hostile(
        "billion laughs in the shared strings",
        hostile.entity_bomb_in_shared_strings,
        ("doctype|entit",),
        on_postgres=True,
    ),
    Hostile("billion laughs in a worksheet", hostile.entity_bomb_in_worksheet, ("doctype|entit",)),
    Hostile(
        "billion laughs in UTF-16 shared strings",
        hostile.entity_bomb_in_shared_strings_utf16,
        ("doctype|entit",),
    ),
    Hostile(
        "billion laughs in a UTF-16 worksheet",
        hostile.entity_bomb_in_worksheet_utf16,
        ("doctype|entit",),
    ),
    Hostile(
        "external entity in the shared strings",
        hostile.external_entity_in_shared_strings,
        ("doctype|entit",),
    ),
    Hostile(
        "external entity in the workbook part",
        hostile.external_entity_in_workbook_part,
        ("doctype|entit",),
    ),
    # zip bombs
    Hostile(
        "zip bomb, 2 GiB honestly declared",
        hostile.honest_zip_bomb,
        ("zip bomb|inflate",),
        on_postgres=True,
    ),
    Hostile(
        "zip bomb, 1 GiB declared as 4 KiB", hostile.lying_zip_bomb, ("zip bomb|inflate|damaged",)
    ),
    Hostile(
        "zip bomb, 1 GiB declared as its valid prefix with a matching CRC",
        hostile.lying_zip_bomb_with_matching_crc,
        ("zip bomb|inflate|damaged",),
        on_postgres=True,
    ),
    Hostile(
        "zip bomb, 4 parts each just under the cap",
        lambda: hostile.many_parts_bomb(CAP),
        ("zip bomb|inflate",),
    ),
    # too many rows
    Hostile("a million rows", hostile.with_million_rows, ("rows", "touchpoints"), on_postgres=True),
    Hostile(
        f"{MAX_ROWS + 1:,} rows",
        lambda: hostile.with_rows(MAX_ROWS + 1),
        ("rows", "touchpoints", f"{MAX_ROWS:,}"),
    ),
]
BY_NAME = {kind.name: kind for kind in KINDS}


@cache
def built(name: str) -> bytes:
    """Each hostile file is built once per run."""
    return BY_NAME[name].build()


def assert_one_line_reason(reason: str, kind: Hostile) -> None:
    assert reason.strip(), f"{kind}: empty reason"
    assert "\n" not in reason.strip(), f"{kind}: the reason spans lines:\n{reason}"
    for words in kind.reason:
        assert any(w in reason.lower() for w in words.split("|")), (
            f"{kind}: the reason does not say {words.replace('|', ' or ')!r}: {reason}"
        )


# --- the library --------------------------------------------------------------------------------


def test_the_workbook_the_hostile_files_are_made_from_is_valid():
    result = read_workbook(hostile.valid_workbook())
    assert result.ok, result.report.errors
    assert [m.name for m in result.maps] == ["Online store"]


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_read_workbook_refuses_it_with_a_one_line_reason(kind: Hostile):
    with pytest.raises(RejectedFile) as refused:
        read_workbook(built(kind.name))
    assert_one_line_reason(str(refused.value), kind)


def test_a_sheet_within_the_row_limit_passes_the_guard_with_its_rows_counted():
    info = guard.inspect(hostile.with_rows(MAX_ROWS))
    assert info.sheets["Touchpoints"].rows == MAX_ROWS


# Rows may be written in any way XML allows; openpyxl reads them all, so the guard must count
# them all.  A small limit keeps the test fast (a file the guard lets through is read to the end).
@pytest.mark.parametrize("spelling", list(hostile.ROW_SPELLINGS))
def test_rows_are_counted_however_the_xml_spells_them(spelling: str):
    limits = guard.Limits(max_rows_per_sheet=1_000)
    with pytest.raises(RejectedFile, match="rows"):
        read_workbook(hostile.ROW_SPELLINGS[spelling](1_001), limits=limits)


# --- defusedxml, the second line of defence ---------------------------------------------------


def test_defusedxml_is_required():
    """A dependency of the project (pyproject.toml), which requirements.txt installs."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(line.strip().lower().startswith("defusedxml") for line in declared)
    assert "-e ." in (ROOT / "requirements.txt").read_text().splitlines()


def test_defusedxml_is_active_for_the_guard_and_for_openpyxl():
    assert guard.defusedxml_active() is True
    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")


@pytest.mark.parametrize(
    ("build", "part"),
    [
        (hostile.entity_bomb_in_shared_strings, hostile.SHARED_STRINGS_PART),
        (hostile.entity_bomb_in_worksheet, hostile.TOUCHPOINTS_PART),
        (hostile.entity_bomb_in_worksheet_utf16, hostile.TOUCHPOINTS_PART),
        (hostile.external_entity_in_shared_strings, hostile.SHARED_STRINGS_PART),
    ],
    ids=[
        "billion laughs",
        "billion laughs in a worksheet",
        "billion laughs in UTF-16",
        "external entity",
    ],
)
def test_openpyxl_parses_with_defusedxml_which_refuses_entities(build, part):
    xml = hostile.parts_of(build())[part]
    with pytest.raises(DefusedXmlException):
        for _event in openpyxl.xml.functions.iterparse(io.BytesIO(xml)):
            pass


# --- the hostile files are what they say ----------------------------------------------------


@pytest.mark.parametrize("name", [k.name for k in KINDS if "zip bomb" in k.name])
def test_each_zip_bomb_is_a_file_of_a_few_megabytes(name: str):
    assert len(built(name)) < 4 * MiB


def test_the_honest_zip_bomb_declares_two_gibibytes():
    assert hostile.stored_size(built("zip bomb, 2 GiB honestly declared")) >= 2 * GiB


@pytest.mark.parametrize(
    "name",
    [
        "zip bomb, 1 GiB declared as 4 KiB",
        "zip bomb, 1 GiB declared as its valid prefix with a matching CRC",
    ],
)
def test_a_lying_zip_bomb_declares_kilobytes_and_inflates_to_a_gibibyte(name: str):
    data = built(name)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(hostile.SHARED_STRINGS_PART)
    (in_local_header,) = struct.unpack_from("<I", data, info.header_offset + 22)
    assert info.file_size <= 4 * 1024  # the central directory
    assert in_local_header == info.file_size
    assert hostile.inflated_size(data, hostile.SHARED_STRINGS_PART, GiB) >= GiB


def test_the_many_parts_each_stay_under_the_cap_and_together_exceed_it():
    with zipfile.ZipFile(io.BytesIO(built("zip bomb, 4 parts each just under the cap"))) as zf:
        sizes = [i.file_size for i in zf.infolist() if i.filename.startswith("xl/media/")]
    assert len(sizes) == 4
    assert all(CAP - MiB <= size < CAP for size in sizes)
    assert sum(sizes) > CAP


# --- the command line ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


# A small Python runs the import in its own child and reports that child's peak RSS.  Measured
# from pytest directly, the figure would include pytest's own: on Linux a child started by
# fork or vfork carries its parent's peak RSS across exec.
_LAUNCHER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as report:
    report.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def measured(command: list[str], peak_file: Path) -> Run:
    """Run ``command`` in a fresh process, timed, its peak memory measured."""
    env = {k: v for k, v in os.environ.items() if k != "CXMAP_DEBUG"}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", _LAUNCHER, str(peak_file), *command],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=HANG_GUARD_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"{command}: still running after {HANG_GUARD_SECONDS} s (a hang)")
    seconds = time.perf_counter() - start
    per_mib = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes or KiB
    peak_mib = int(peak_file.read_text()) / per_mib
    return Run(process.returncode, stdout, stderr, seconds, peak_mib)


def run_import(path: Path) -> Run:
    """``python -m cxmap import PATH``, as a user runs it."""
    return measured(
        [sys.executable, "-m", "cxmap", "import", str(path)], path.with_suffix(".maxrss")
    )


def test_the_memory_measurement_sees_what_the_import_process_holds(tmp_path: Path):
    run = measured(
        [sys.executable, "-c", "block = b'x' * (300 * 1024 * 1024)"], tmp_path / "maxrss"
    )
    assert run.returncode == 0, run.stderr
    assert 300 <= run.peak_mib < 400


def snapshot(store: Store) -> tuple:
    return (
        store.summary(),
        {name: store.load(name) for name in store.names()},
        store.data_version(),
    )


@pytest.fixture
def seeded(store: Store, database_url: str) -> Store:
    """The test store, holding a valid journey the hostile import must leave alone."""
    store.save(read_workbook(make_workbook(minimal_sheets())).maps)
    return store


CLI_CASES = [pytest.param("sqlite", kind, id=f"{kind}-sqlite") for kind in KINDS] + [
    pytest.param("postgresql", kind, id=f"{kind}-postgresql") for kind in KINDS if kind.on_postgres
]


@pytest.mark.parametrize(("store", "kind"), CLI_CASES, indirect=["store"])
def test_the_command_line_refuses_it_in_one_line_within_memory_and_changes_nothing(
    seeded: Store, kind: Hostile, tmp_path: Path
):
    before = snapshot(seeded)
    path = tmp_path / "journey.xlsx"
    path.write_bytes(built(kind.name))

    run = run_import(path)
    print(
        f"\n{kind} [{seeded.engine.dialect.name}]: exit {run.returncode} in "
        f"{run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB"
    )

    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == 1, f"{kind}: exit {run.returncode}\n{run.stdout}{run.stderr}"
    lines = run.stderr.strip().splitlines()
    reasons = [line for line in lines if line.startswith(f"{path}: error: ")]
    assert len(reasons) == 1, run.stderr
    # the reason, then at most the line that says nothing was imported
    assert len(lines) <= 2, f"{kind}: the reason spans lines:\n{run.stderr}"
    assert_one_line_reason(reasons[0].removeprefix(f"{path}: error: "), kind)
    assert run.peak_mib < MEMORY_LIMIT_MIB
    assert snapshot(seeded) == before


def test_the_command_line_imports_the_valid_workbook_they_are_made_from(
    seeded: Store, tmp_path: Path
):
    """The control: the same harness sees a valid import succeed and change the database."""
    before = snapshot(seeded)
    path = tmp_path / "journey.xlsx"
    path.write_bytes(hostile.valid_workbook())

    run = run_import(path)
    print(
        f"\nvalid workbook [{seeded.engine.dialect.name}]: exit {run.returncode} in "
        f"{run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB"
    )

    assert run.returncode == 0, run.stderr
    assert seeded.data_version() == before[2] + 1
    assert seeded.names() == ["Online store"]


# --- the fuzzing campaign's reproducers (tests/test_fuzz.py keeps the whole class covered) ----

REPRODUCED = [
    # (reproducer, words the reason must hold: "a|b" means a or b)
    ("row number 2^31", ("touchpoints", "2,147,483,648", "1,048,576")),
    ("row number 1.5", ("touchpoints", "1.5", "not a row number")),
    ("cell reference A1:B2", ("touchpoints", "a1:b2", "not a cell reference")),
    ("cell beyond column XFD", ("touchpoints", "xfe2", "beyond")),
    ("a dropped </c>", ("touchpoints", "not well-formed", "line")),
    ("shared string out of range", ("journeys", "shared string", "70")),
    ("shared string -1", ("journeys", "shared string", "-1")),
    ("<v>inf</v>", ("journeys", "cell d2", "inf", "number")),
    ("reversed merge B2:A1", ("touchpoints", "b2:a1", "reversed")),
    ("t=d notadate", ("touchpoints", "cell a2", "notadate", "date")),
    ("style index 9999", ("cell format", "9,999")),
    ("fill rgb ZZ", ("stylesheet",)),  # openpyxl's own refusal, kept to one line
]


@pytest.mark.parametrize(("name", "words"), REPRODUCED, ids=[r[0] for r in REPRODUCED])
def test_a_reproducer_of_the_fuzzing_campaign_is_refused_in_one_line_naming_where(name, words):
    with hostile.time_bound(10.0), pytest.raises(RejectedFile) as refused:
        read_workbook(hostile.REPRODUCERS[name]())
    reason = str(refused.value)
    assert "\n" not in reason
    for word in words:
        assert any(w in reason.lower() for w in word.split("|")), f"{word!r} not in: {reason}"


@pytest.mark.parametrize("name", list(hostile.SURVIVABLE))
def test_a_damaged_colour_is_read_as_no_colour_not_a_crash(name: str):
    with hostile.time_bound(10.0):
        result = read_workbook(hostile.SURVIVABLE[name]())
    assert result.ok, result.report.errors
    assert result.report.layouts == read_workbook(hostile.canvas()).report.layouts


def test_a_row_at_excels_last_row_number_is_read_not_refused():
    """The grid's edge is allowed: Excel writes a stray formatted cell at row 1,048,576."""
    data = hostile.replaced(
        hostile.TOUCHPOINTS_PART,
        b"</sheetData>",
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t> </t></is></c></row></sheetData>',
    )
    with hostile.time_bound(30.0):
        assert read_workbook(data).ok


def test_the_cells_a_parser_would_walk_through_are_counted_against_the_budget():
    data = hostile.replaced(
        hostile.TOUCHPOINTS_PART,
        b"</sheetData>",
        b'<row r="1000"><c r="J1000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    )
    touchpoints = guard.inspect(data).sheets["Touchpoints"]
    assert (touchpoints.max_row, touchpoints.max_column) == (1000, 10)
    assert touchpoints.cells == 1000 + 5 * 5 + 10  # empty rows yielded, then padded cells
    with guard.reading("the workbook", guard.Budget(max_cells=500)):
        with pytest.raises(RejectedFile, match="more than 500 cells"):
            guard.inspect(data)


def test_a_read_past_its_time_budget_is_refused_in_one_line():
    with pytest.raises(RejectedFile, match=r"longer to read than the 0 s") as refused:
        with guard.reading("the workbook", guard.Budget(seconds=0)):
            guard.inspect(hostile.valid_workbook())
    assert "\n" not in str(refused.value)


def test_whatever_a_parser_raises_inside_reading_becomes_a_one_line_refusal():
    with pytest.raises(RejectedFile) as refused:
        with guard.reading("the answers file"):
            raise IndexError("list index out of range\nsecond line")
    assert str(refused.value) == (
        "the answers file cannot be read; it is damaged or not as Excel writes it "
        "(IndexError: list index out of range)"
    )


@pytest.mark.parametrize(
    ("kind", "value", "tint", "expected"),
    [
        ("rgb", "00FF0000", float("nan"), "FF0000"),  # a NaN tint: ignored
        ("rgb", "00FF0000", 5.0, "FFFFFF"),  # beyond 1: clamped, white
        ("rgb", "00FF0000", -5.0, "000000"),  # beyond -1: clamped, black
        ("rgb", "ZZ", 0.0, None),  # not hex: no colour
        ("theme", 99, 0.0, None),  # no such theme colour
        ("indexed", -1, 0.0, None),  # no such indexed colour
    ],
)
def test_a_colour_a_damaged_file_gives_is_read_as_a_colour_or_none(kind, value, tint, expected):
    from types import SimpleNamespace

    from cxmap.files.colours import colour_of

    colour = SimpleNamespace(type=kind, rgb=value, theme=value, indexed=value, tint=tint)
    assert colour_of(colour, ["FFFFFF"] * 12) == expected


def test_a_theme_colour_that_is_not_hex_is_left_out_of_the_palette():
    from cxmap.files.colours import theme_palette

    theme = hostile.parts_of(hostile.theme_colour_broken())["xl/theme/theme1.xml"]
    palette = theme_palette(theme)
    assert palette[4] == "FFFFFF"  # accent1, broken: the default
    assert all(len(c) == 6 and int(c, 16) >= 0 for c in palette)


# --- answers files: size, line and column limits ------------------------------------------


def _answers_map():
    (journey,) = read_workbook(hostile.valid_workbook()).maps
    return journey


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"stage,score\n" + b"x" * (2 * MiB) + b"\n", ("line", "2.0 mib", "limit")),
        (b",".join([b"h"] * 20_000) + b"\n1\n", ("20,000 columns", "limit")),
    ],
    ids=["a 2 MiB line", "20,000 columns"],
)
def test_an_answers_file_too_wide_for_memory_is_refused_before_pandas_reads_it(data, words):
    from cxmap.files.responses import read_answers

    with hostile.time_bound(10.0), pytest.raises(RejectedFile) as refused:
        read_answers(data, _answers_map(), filename="answers.csv")
    for word in words:
        assert word in str(refused.value).lower(), str(refused.value)


def test_an_answers_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path):
    from cxmap.files.responses import ANSWER_LIMITS, read_answers

    path = tmp_path / "answers.csv"
    with path.open("wb") as sparse:  # no disk used: a hole of the limit's size, then a byte
        sparse.truncate(ANSWER_LIMITS.max_file_bytes)
        sparse.seek(ANSWER_LIMITS.max_file_bytes)
        sparse.write(b"\n")
    with hostile.time_bound(10.0), pytest.raises(RejectedFile, match="the limit for answers"):
        read_answers(path, _answers_map())
    with path.open("rb") as stream, pytest.raises(RejectedFile, match="the limit for answers"):
        read_answers(stream, _answers_map())


# --- the command line never says "unexpected failure" for a malformed file -----------------


@pytest.mark.parametrize("name", [*hostile.REPRODUCERS, *hostile.SURVIVABLE])
def test_the_command_line_reports_a_reproducer_in_one_line_and_changes_nothing_if_refused(
    name: str, seeded: Store, tmp_path: Path, capsys
):
    from cxmap.cli import main

    before = snapshot(seeded)
    path = tmp_path / "journey.xlsx"
    build = {**hostile.REPRODUCERS, **hostile.SURVIVABLE}[name]
    path.write_bytes(build())
    with hostile.time_bound(30.0):
        code = main(["import", str(path)])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "unexpected failure" not in output and "Traceback" not in output, output
    if name in hostile.REPRODUCERS:
        assert code == 1
        assert len([line for line in output.splitlines() if ": error: " in line]) == 1, output
        assert snapshot(seeded) == before
    else:
        assert code == 0, output
        assert seeded.data_version() == before[2] + 1


def test_an_answers_line_with_thousands_more_fields_than_its_header_is_read_in_seconds():
    """pandas made an index of the extra fields: 20,000 took it 10 s (fuzzing, seed 1), so
    40,000 would take 20 s; read without an index, they take well under one."""
    from cxmap.files.responses import read_answers

    header = b"respondent,segment,date,Search page,Checkout\n"
    data = header + b",".join([b"5"] * 40_000) + b"\nr2,,2026-03-01,7,8\n"
    with hostile.time_bound(8.0):
        answers = read_answers(data, _answers_map(), filename="answers.csv")
    assert answers.report.source == "answers.csv"


def test_a_trailing_delimiter_on_answer_rows_does_not_shift_their_values():
    from cxmap.files.responses import read_answers

    (touchpoint, *_rest) = _answers_map().touchpoints
    data = f"respondent,{touchpoint.name}\nr1,7,\nr2,9,\n".encode()
    answers = read_answers(data, _answers_map(), filename="answers.csv")
    assert answers.ok, answers.report.errors
    assert answers.columns["score"] == [7.0, 9.0]
