"""The command line, run in-process through ``cxmap.cli.main`` against the test store (SQLite
and PostgreSQL), plus a few real subprocesses for exit codes and the absence of tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from cxmap.cli import main
from cxmap.files.reader import read_workbook
from cxmap.storage.samples import SAMPLES_DIR, sample_files
from cxmap.storage.store import Store
from tests.test_roundtrip import CURRENT, TARGET, current_and_target_sheets
from tests.test_store import minimal_map, read_maps, rich_map, rich_workbook
from tests.workbooks import make_workbook, minimal_sheets

PROJECT = Path(__file__).resolve().parent.parent
SUMMARY_KEYS = {
    "journey",
    "state",
    "stages",
    "personas",
    "channels",
    "touchpoints",
    "irritants",
    "delights",
    "missing",
    "emotions",
    "kpis",
    "actions",
    "responses",
}

# three independent errors (none of them hides a row another sheet refers to), as the command
# line must show them: sheet, Excel row number, column header
INVALID_CELLS = [
    ("Emotions", 3, "emotion", 7),  # outside the -2..2 scale
    ("KPIs", 3, "value", "lots"),  # not a number
    ("Actions", 2, "impact", 9),
]  # not a rating from 1 to 5


def invalid_sheets():
    sheets = minimal_sheets()
    for sheet, row, column, value in INVALID_CELLS:
        sheets[sheet][row - 1][sheets[sheet][0].index(column)] = value
    return sheets


@pytest.fixture
def minimal_file(tmp_path: Path) -> Path:
    path = tmp_path / "online-store.xlsx"
    make_workbook(minimal_sheets(), path)
    return path


@pytest.fixture
def rich_file(tmp_path: Path) -> Path:
    path = tmp_path / "insurance.xlsx"
    path.write_bytes(rich_workbook())
    return path


@pytest.fixture
def invalid_file(tmp_path: Path) -> Path:
    path = tmp_path / "broken.xlsx"
    make_workbook(invalid_sheets(), path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    """Run the command line in-process: (exit code, stdout, stderr)."""
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def summary_json(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    code, out, _err = run(capsys, "summary", "--json")
    assert code == 0
    return json.loads(out)


def require_samples() -> list[Path]:
    files = sample_files()
    if not files:
        pytest.skip(f"no sample workbook in {SAMPLES_DIR} yet (they are being written)")
    return files


def sample_maps():
    return [m for path in require_samples() for m in read_maps(path.read_bytes())]


# --- summary -----------------------------------------------------------------------------------


def test_summary_json_is_one_object_per_journey_with_exactly_the_documented_keys(
    database_url: str, capsys, tmp_path: Path
) -> None:
    path = tmp_path / "pair.xlsx"
    make_workbook(current_and_target_sheets(), path)
    assert run(capsys, "import", path)[0] == 0
    rows = summary_json(capsys)
    assert isinstance(rows, list)
    assert sorted(row["journey"] for row in rows) == [CURRENT, TARGET]
    for row in rows:
        assert set(row) == SUMMARY_KEYS
        assert row["stages"] == ["Discover", "Buy", "Stay loyal"]
        for key in SUMMARY_KEYS - {"journey", "state", "stages"}:
            assert type(row[key]) is int, key
    by_name = {row["journey"]: row for row in rows}
    assert (by_name[CURRENT]["state"], by_name[TARGET]["state"]) == ("current", "target")
    assert by_name[CURRENT]["irritants"] == 1
    assert by_name[TARGET]["irritants"] == 0  # the target fixed the checkout
    assert by_name[TARGET]["delights"] == 2


def test_summary_json_counts_match_the_imported_file(
    database_url: str, capsys, minimal_file: Path
) -> None:
    run(capsys, "import", minimal_file)
    assert summary_json(capsys) == [
        {
            "journey": "Online store",
            "state": "current",
            "stages": ["Discover", "Buy", "Stay loyal"],
            "personas": 2,
            "channels": 2,
            "touchpoints": 4,
            "irritants": 1,
            "delights": 1,
            "missing": 1,
            "emotions": 4,
            "kpis": 2,
            "actions": 1,
            "responses": 0,
        }
    ]


def test_summary_json_of_an_empty_database_is_an_empty_array(database_url: str, capsys) -> None:
    assert summary_json(capsys) == []


def test_summary_without_json_prints_one_line_per_journey(
    database_url: str, capsys, minimal_file: Path, rich_file: Path
) -> None:
    run(capsys, "import", minimal_file, rich_file)
    code, out, _err = run(capsys, "summary")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3  # a header and two journeys
    assert [line.split("  ")[0] for line in lines[1:]] == ["Home insurance claim", "Online store"]


# --- import ------------------------------------------------------------------------------------


def test_import_saves_the_map_and_prints_a_short_summary(
    database_url: str, capsys, store: Store, minimal_file: Path
) -> None:
    code, out, _err = run(capsys, "import", minimal_file)
    assert code == 0
    assert out.splitlines() == [
        f"{minimal_file}: imported 'Online store' (current): {minimal_map().describe()}"
    ]
    assert store.load("Online store") == minimal_map()


def test_import_of_an_invalid_file_exits_1_with_every_error_and_saves_nothing(
    database_url: str, capsys, store: Store, invalid_file: Path
) -> None:
    version = store.data_version()
    code, out, err = run(capsys, "import", invalid_file)
    assert code == 1
    assert out == ""
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == len(INVALID_CELLS)
    for sheet, row, column, _value in INVALID_CELLS:
        assert f"Sheet '{sheet}', row {row}, column '{column}'" in err
    assert "nothing was imported" in err
    assert store.names() == []
    assert store.data_version() == version


def test_import_prints_the_same_errors_the_reader_finds(
    database_url: str, capsys, invalid_file: Path
) -> None:
    expected = [str(problem) for problem in read_workbook(invalid_file).report.errors]
    _code, _out, err = run(capsys, "import", invalid_file)
    assert [
        line.split(": error: ", 1)[1] for line in err.splitlines() if ": error: " in line
    ] == expected


@pytest.mark.parametrize("order", ["valid-then-invalid", "invalid-then-valid"])
def test_importing_two_files_one_invalid_saves_neither(
    database_url: str, capsys, store: Store, minimal_file: Path, invalid_file: Path, order: str
) -> None:
    files = [minimal_file, invalid_file]
    if order == "invalid-then-valid":
        files.reverse()
    code, out, _err = run(capsys, "import", *files)
    assert code == 1
    assert out == ""
    assert store.names() == []


def test_importing_two_files_saves_both(
    database_url: str, capsys, store: Store, minimal_file: Path, rich_file: Path
) -> None:
    code, out, _err = run(capsys, "import", minimal_file, rich_file)
    assert code == 0
    assert len(out.splitlines()) == 2
    assert store.load("Online store") == minimal_map()
    assert store.load("Home insurance claim") == rich_map()


def test_reimporting_the_same_file_replaces_the_journey(
    database_url: str, capsys, store: Store, minimal_file: Path
) -> None:
    run(capsys, "import", minimal_file)
    before = summary_json(capsys)
    code, out, _err = run(capsys, "import", minimal_file)
    assert code == 0
    assert "replaced 'Online store'" in out
    assert summary_json(capsys) == before
    assert store.names() == ["Online store"]


def test_import_dry_run_checks_the_file_and_saves_nothing(
    database_url: str, capsys, store: Store, minimal_file: Path
) -> None:
    version = store.data_version()
    code, out, _err = run(capsys, "import", "--dry-run", minimal_file)
    assert code == 0
    assert "'Online store' is valid" in out
    assert store.names() == []
    assert store.data_version() == version


def test_import_dry_run_of_an_invalid_file_exits_1(
    database_url: str, capsys, invalid_file: Path
) -> None:
    code, _out, err = run(capsys, "import", "--dry-run", invalid_file)
    assert code == 1
    assert "Sheet 'Emotions', row 3, column 'emotion'" in err


def test_import_of_a_missing_file_exits_1_and_names_it(
    database_url: str, capsys, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.xlsx"
    code, _out, err = run(capsys, "import", missing)
    assert code == 1
    assert str(missing) in err


# --- export ------------------------------------------------------------------------------------


def test_export_without_a_journey_name_exports_every_journey(
    database_url: str, capsys, store: Store, minimal_file: Path, rich_file: Path, tmp_path: Path
) -> None:
    run(capsys, "import", minimal_file, rich_file)
    target = tmp_path / "all.xlsx"
    code, out, _err = run(capsys, "export", target)
    assert code == 0
    assert "exported 2 journeys" in out
    exported = {m.name: m for m in read_maps(target.read_bytes())}
    assert exported == {name: store.load(name) for name in store.names()}


def test_export_of_one_journey_writes_only_that_one(
    database_url: str, capsys, minimal_file: Path, rich_file: Path, tmp_path: Path
) -> None:
    run(capsys, "import", minimal_file, rich_file)
    target = tmp_path / "one.xlsx"
    code, _out, _err = run(capsys, "export", target, "--journey", "Home insurance claim")
    assert code == 0
    assert read_maps(target.read_bytes()) == (rich_map(),)


def test_export_in_french_writes_french_sheets_that_reimport_to_the_same_map(
    database_url: str, capsys, rich_file: Path, tmp_path: Path
) -> None:
    run(capsys, "import", rich_file)
    target = tmp_path / "fr.xlsx"
    code, _out, _err = run(capsys, "export", target, "--lang", "fr")
    assert code == 0
    assert openpyxl.load_workbook(target).sheetnames == [
        "Parcours",
        "Personas",
        "Étapes",
        "Canaux",
        "Points de contact",
        "Émotions",
        "Indicateurs",
        "Actions",
    ]
    assert read_maps(target.read_bytes()) == (rich_map(),)


def test_export_of_an_unknown_journey_exits_1_and_writes_no_file(
    database_url: str, capsys, minimal_file: Path, tmp_path: Path
) -> None:
    run(capsys, "import", minimal_file)
    target = tmp_path / "none.xlsx"
    code, _out, err = run(capsys, "export", target, "--journey", "Nowhere")
    assert code == 1
    assert "no journey named 'Nowhere'" in err
    assert not target.exists()


def test_export_of_an_empty_database_exits_1(database_url: str, capsys, tmp_path: Path) -> None:
    code, _out, err = run(capsys, "export", tmp_path / "empty.xlsx")
    assert code == 1
    assert "no journey to export" in err


# --- template ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, readme", [("en", "README"), ("fr", "LISEZ-MOI")])
def test_template_writes_a_workbook_that_imports(
    database_url: str, capsys, tmp_path: Path, lang: str, readme: str
) -> None:
    target = tmp_path / f"template-{lang}.xlsx"
    code, _out, _err = run(capsys, "template", target, "--lang", lang)
    assert code == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == readme
    assert read_workbook(target).report.errors == []


# --- seed --------------------------------------------------------------------------------------


def test_seed_loads_every_sample_journey(database_url: str, capsys, store: Store) -> None:
    samples = sample_maps()
    code, out, _err = run(capsys, "seed")
    assert code == 0
    assert out.splitlines() == [f"loaded: {m.name}" for m in samples]
    assert {name: store.load(name) for name in store.names()} == {m.name: m for m in samples}


def test_seed_twice_keeps_the_journeys_and_says_so(database_url: str, capsys, store: Store) -> None:
    samples = sample_maps()
    run(capsys, "seed")
    edited = replace(samples[0], actions=())  # a user's edit of a sample, to be kept
    store.save([edited])
    code, out, _err = run(capsys, "seed")
    assert code == 0
    assert out.splitlines() == [f"kept (already present): {m.name}" for m in samples]
    assert store.load(edited.name) == edited
    assert len(store.names()) == len(samples)


def test_seed_replace_reloads_the_samples(database_url: str, capsys, store: Store) -> None:
    samples = sample_maps()
    run(capsys, "seed")
    store.save([replace(samples[0], actions=())])
    code, out, _err = run(capsys, "seed", "--replace")
    assert code == 0
    assert out.splitlines() == [f"loaded: {m.name}" for m in samples]
    assert store.load(samples[0].name) == samples[0]
    assert len(store.names()) == len(samples)


# --- delete ------------------------------------------------------------------------------------


def test_delete_removes_the_journey(
    database_url: str, capsys, store: Store, minimal_file: Path, rich_file: Path
) -> None:
    run(capsys, "import", minimal_file, rich_file)
    code, out, _err = run(capsys, "delete", "Online store")
    assert code == 0
    assert "deleted 'Online store'" in out
    assert store.names() == ["Home insurance claim"]


def test_delete_of_an_unknown_journey_exits_1(
    database_url: str, capsys, store: Store, minimal_file: Path
) -> None:
    run(capsys, "import", minimal_file)
    code, _out, err = run(capsys, "delete", "Nowhere")
    assert code == 1
    assert "no journey named 'Nowhere'" in err
    assert store.names() == ["Online store"]


def test_an_unknown_command_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2


# --- a real process: exit codes, and never a traceback -----------------------------------------

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/x"


def cxmap(database: str, *argv: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CXMAP_DEBUG"}
    env["CXMAP_DATABASE_URL"] = database
    return subprocess.run(
        [sys.executable, "-m", "cxmap", *map(str, argv)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


# (command line, exit code, what stderr says); "{tmp}" is a fresh folder
@pytest.mark.parametrize(
    "argv, code, message",
    [
        (["import", "{tmp}/broken.xlsx"], 1, "Sheet 'Emotions', row 3, column 'emotion'"),
        (["import", "{tmp}/nowhere.xlsx"], 1, "nowhere.xlsx"),
        (["export", "{tmp}/out.xlsx", "--journey", "Nowhere"], 1, "no journey named 'Nowhere'"),
        (["frobnicate"], 2, "invalid choice"),
    ],
    ids=["invalid-file", "missing-file", "unknown-journey", "unknown-command"],
)
def test_a_failing_command_exits_with_its_code_and_no_traceback(
    tmp_path: Path, argv: list[str], code: int, message: str
) -> None:
    make_workbook(invalid_sheets(), tmp_path / "broken.xlsx")
    done = cxmap(f"sqlite:///{tmp_path / 'cxmap.db'}", *[arg.format(tmp=tmp_path) for arg in argv])
    assert done.returncode == code, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreachable_database_exits_1_with_one_message_and_no_traceback() -> None:
    done = cxmap(UNREACHABLE, "summary")
    assert done.returncode == 1
    assert "cannot open the database" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_real_import_exits_0_and_is_then_summarised(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'cxmap.db'}"
    make_workbook(minimal_sheets(), tmp_path / "online-store.xlsx")
    done = cxmap(database, "import", tmp_path / "online-store.xlsx")
    assert (done.returncode, done.stderr) == (0, "")
    summary = cxmap(database, "summary", "--json")
    assert summary.returncode == 0
    assert [row["journey"] for row in json.loads(summary.stdout)] == ["Online store"]


def test_the_installed_command_runs_from_any_folder(tmp_path: Path) -> None:
    """`pip install -r requirements.txt` installs the project: a `cxmap` command beside the
    interpreter, usable outside the repository (the summary of an empty database here)."""
    command = Path(sys.executable).with_name("cxmap")
    assert command.exists(), "the console script is missing: pip install -r requirements.txt"
    env = {**os.environ, "CXMAP_DATABASE_URL": f"sqlite:///{tmp_path / 'cxmap.db'}"}
    done = subprocess.run(
        [command, "summary", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "[]", "")


def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    """`cxmap summary | head`-like: the reader has gone before the command writes (it closes
    its end at once; the command takes a second to start); the command stops with exit 0 and
    says nothing on stderr (no 'Broken pipe', no traceback)."""
    database = f"sqlite:///{tmp_path / 'cxmap.db'}"
    for sample in require_samples():
        assert cxmap(database, "import", sample).returncode == 0
    env = {**os.environ, "CXMAP_DATABASE_URL": database}
    writer = subprocess.Popen(
        [sys.executable, "-m", "cxmap", "summary", "--json"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    writer.stdout.close()  # the reader goes away before anything is written
    stderr = writer.stderr.read().decode()
    assert writer.wait(timeout=60) == 0
    assert stderr == ""
