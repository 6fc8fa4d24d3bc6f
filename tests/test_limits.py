"""One set of limits on every database (issue 9, item 4): what reads as valid saves on SQLite and
PostgreSQL alike.  Each reproducer of the issue (values SQLite kept and PostgreSQL refused with a
DataError and kilobytes of SQL) is refused by the reader, at its sheet, row and column, naming the
limit; the same value at the limit reads as valid and saves on both databases (fixture `store`).
"""

from __future__ import annotations

import dataclasses

import pytest

from cxmap.cli import main
from cxmap.domain import limits
from cxmap.domain.model import Journey, Kpi
from cxmap.domain.report import CxmapError
from cxmap.files.reader import read_workbook
from cxmap.files.responses import read_answers
from cxmap.storage import schema
from cxmap.storage.store import Store
from tests.workbooks import make_workbook, minimal_sheets, patch_part

# --- the schema declares the limits the readers check --------------------------------------------


def test_every_bounded_text_column_of_maps_answers_and_events_takes_its_length_from_limits():
    for name, columns in limits.LENGTHS.items():
        table = schema.metadata.tables[name]
        for column in table.c:
            length = getattr(column.type, "length", None)
            if length is not None:
                assert columns.get(column.name) == length, f"{name}.{column.name}"


@pytest.mark.parametrize(
    "value, limit, problem",
    [
        # text: at the limit, one beyond, a NUL
        ("x" * 300, 300, None),
        ("x" * 301, 300, "the text is 301 characters long; the limit is 300"),
        ("a\x00b", None, "the text holds a NUL character (\\x00), which the database cannot keep"),
        # numbers: infinite and NaN are not numbers to PostgreSQL's JSON nor to SQLite's REAL
        (1e308, None, None),
        (float("inf"), None, "inf is not a finite number (the limit is ±1.8e+308)"),
        (float("nan"), None, "nan is not a finite number (the limit is ±1.8e+308)"),
        # inside JSON: lists, mappings (keys too)
        ([1, [2, float("-inf")]], None, "-inf is not a finite number (the limit is ±1.8e+308)"),
        (
            {"a\x00": 1},
            None,
            "the text holds a NUL character (\\x00), which the database cannot keep",
        ),
        ({"a": "ok", "b": 2.5}, None, None),
        (True, None, None),
    ],
)
def test_problem_says_why_the_database_cannot_keep_a_value(value, limit, problem):
    assert limits.problem(value, limit) == problem


def test_a_whole_number_beyond_an_integer_column_is_a_problem_only_there():
    assert limits.problem(2**31, whole=True) == (
        "2,147,483,648 is too large a whole number; the limit is 2,147,483,647"
    )
    assert limits.problem(2**31) is None  # a REAL or JSON number keeps it


# --- the workbook reproducers -------------------------------------------------------------------


def _with(sheet: str, row: int, column: str, value: object) -> dict:
    sheets = minimal_sheets()
    rows = sheets[sheet]
    if column not in rows[0]:
        rows[0].append(column)
        for other in rows[1:]:
            other.append(None)
    rows[row - 1][rows[0].index(column)] = value
    return sheets


def _infinite_extra() -> bytes:
    """A number cell of an extra column holding 1e309 (Excel cannot write it; a file can)."""
    data = make_workbook(_with("Touchpoints", 3, "weight", 123.456))
    return patch_part(
        data,
        "xl/worksheets/sheet5.xml",
        lambda xml: xml.replace(b"<v>123.456</v>", b"<v>1e309</v>"),
    )


REPRODUCERS = {
    # name: (the file, the error it must get: (sheet, row, column, message))
    "a 400-character touchpoint name": (
        lambda: make_workbook(_with("Touchpoints", 4, "touchpoint", "T" * 400)),
        ("Touchpoints", 4, "touchpoint", "the text is 400 characters long; the limit is 300"),
    ),
    "a 301-character journey name": (
        lambda: make_workbook(_with("Journeys", 2, "journey", "J" * 301)),
        ("Journeys", 2, "journey", "the text is 301 characters long; the limit is 300"),
    ),
    "a 40-character unit": (
        lambda: make_workbook(_with("KPIs", 2, "unit", "u" * 40)),
        ("KPIs", 2, "unit", "the text is 40 characters long; the limit is 32"),
    ),
    "1e309 in an extra column": (
        _infinite_extra,
        ("Touchpoints", 3, "weight", "inf is not a finite number (the limit is ±1.8e+308)"),
    ),
    "1e309 written as text in a KPI's value": (
        lambda: make_workbook(_with("KPIs", 3, "value", "1e309")),
        ("KPIs", 3, "value", "inf is not a finite number (the limit is ±1.8e+308)"),
    ),
    "a sample size beyond an INTEGER": (
        lambda: make_workbook(_with("KPIs", 2, "n", 2**31)),
        ("KPIs", 2, "n", "2,147,483,648 is too large a whole number; the limit is 2,147,483,647"),
    ),
}


@pytest.mark.parametrize("case", REPRODUCERS)
def test_a_value_the_database_cannot_keep_is_an_error_at_its_cell_naming_the_limit(case):
    make, (sheet, row, column, message) = REPRODUCERS[case]
    result = read_workbook(make(), filename="limits.xlsx")
    assert not result.ok
    found = [(e.sheet, e.row, e.column, e.message) for e in result.report.errors]
    assert (sheet, row, column, message) in found


AT_THE_LIMIT = {
    "a 300-character touchpoint name": _with("Touchpoints", 4, "touchpoint", "T" * 300),
    "a 300-character journey name": _with("Journeys", 2, "journey", "J" * 300),
    "a 32-character unit": _with("KPIs", 2, "unit", "u" * 32),
    "1e308 in an extra column": _with("Touchpoints", 3, "weight", 1e308),
    "a sample size of 2**31 - 1": _with("KPIs", 2, "n", 2**31 - 1),
}


@pytest.mark.parametrize("case", AT_THE_LIMIT)
def test_a_file_valid_at_the_limit_saves_on_every_database(case, store: Store):
    result = read_workbook(make_workbook(AT_THE_LIMIT[case]), filename="limits.xlsx")
    assert result.ok, result.report.errors
    (journey_map,) = result.maps
    store.save([journey_map])
    assert store.load(journey_map.name) == journey_map


def test_the_cli_dry_run_refuses_the_reproducer_and_the_import_saves_nothing(
    database_url: str, store: Store, capsys, tmp_path
):
    path = tmp_path / "long.xlsx"
    path.write_bytes(REPRODUCERS["a 400-character touchpoint name"][0]())
    for argv in (["import", "--dry-run", str(path)], ["import", str(path)]):
        assert main(argv) == 1
        _out, err = capsys.readouterr()
        assert "Sheet 'Touchpoints', row 4, column 'touchpoint'" in err
        assert "the limit is 300" in err
        assert "unexpected failure" not in err
    assert store.names() == []


def test_a_journey_named_by_its_file_or_a_correction_is_checked_too():
    sheets = minimal_sheets()
    del sheets["Journeys"]
    result = read_workbook(make_workbook(sheets), filename=f"{'f' * 301}.xlsx")
    assert "the journey's name: the text is 301 characters long; the limit is 300" in [
        e.message for e in result.report.errors
    ]
    result = read_workbook(make_workbook(minimal_sheets()), journey_name="n" * 301)
    assert not result.ok


# --- answers -------------------------------------------------------------------------------------


PADDING = 3_000  # answers before the one tested: past the 64 KiB the binary sniffing reads


def _answers_csv(respondent: str, comment: str) -> bytes:
    return (
        "respondent,touchpoint,metric,score,comment\n"
        + "".join(f"r{i},Checkout,nps,9,fine as it is\n" for i in range(PADDING))
        + f"{respondent},Checkout,nps,7,{comment}\n"
    ).encode()


@pytest.mark.parametrize(
    "respondent, comment, column, message",
    [
        ("r2", "a\x00b", "comment", limits.text_problem("\x00")),
        ("r\x002", "ok", "respondent", limits.text_problem("\x00")),
        ("r" * 301, "ok", "respondent", "the text is 301 characters long; the limit is 300"),
    ],
)
def test_answers_the_database_cannot_keep_are_errors_at_their_row_and_column(
    respondent, comment, column, message
):
    journey_map = read_workbook(make_workbook(minimal_sheets())).maps[0]
    answers = read_answers(_answers_csv(respondent, comment), journey_map, filename="a.csv")
    assert not answers.ok
    assert [(e.row, e.column, e.message) for e in answers.report.errors] == [
        (PADDING + 2, column, message)
    ]


def test_answers_at_the_limit_save_on_every_database(store: Store):
    journey_map = read_workbook(make_workbook(minimal_sheets())).maps[0]
    store.save([journey_map])
    answers = read_answers(_answers_csv("r" * 300, "é" * 5000), journey_map, filename="a.csv")
    assert answers.ok, answers.report.errors
    assert store.save_answers(journey_map.name, answers).added == PADDING + 1


# --- the store: whatever the database still refuses is one line --------------------------------


def test_a_save_the_database_refuses_is_one_line_without_sql(store: Store):
    journey_map = read_workbook(make_workbook(minimal_sheets())).maps[0]
    broken = dataclasses.replace(
        journey_map, journey=dataclasses.replace(journey_map.journey, state="sideways")
    )
    with pytest.raises(CxmapError) as refused:
        store.save([broken])
    message = str(refused.value)
    assert message.startswith("the database refused the save: ")
    assert "\n" not in message and "INSERT" not in message.upper() and "[SQL" not in message
    assert store.names() == []


def test_a_too_long_value_saved_past_the_reader_is_one_line_on_postgresql(postgres_url: str):
    store = Store(postgres_url)
    try:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM journeys")
        journey_map = read_workbook(make_workbook(minimal_sheets())).maps[0]
        long_unit = dataclasses.replace(
            journey_map,
            journey=Journey("Too long a unit", scale=journey_map.journey.scale),
            kpis=(Kpi("NPS", 12.0, unit="u" * 40),),
        )
        with pytest.raises(CxmapError, match="^the database refused the save: value too long"):
            store.save([long_unit])
        assert "Too long a unit" not in store.names()
    finally:
        store.close()


# --- event logs: a row the database cannot keep is skipped and counted, like a row without a case


def test_event_rows_the_database_cannot_keep_are_skipped_and_the_rest_saves(store: Store):
    from cxmap.storage.events import import_events

    journey_map = read_workbook(make_workbook(minimal_sheets())).maps[0]
    store.save([journey_map])
    padding = "".join(f"P{i},Checkout,2026-01-05 09:00\n" for i in range(PADDING))  # > 64 KiB
    log = (
        "case,activity,time\n"
        + padding
        + f"C2,{'A' * 301},2026-01-05 10:00\n"  # too long an activity
        + "C\x003,Checkout,2026-01-05 11:00\n"  # a NUL in the case
        + f"{'c' * 300},Checkout,2026-01-05 12:00\n"  # at the limit
    ).encode()
    saved = import_events(store, journey_map.name, log, filename="log.csv")
    assert (saved.added, saved.skipped) == (PADDING + 1, 2)
