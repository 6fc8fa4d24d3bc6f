"""The layers of the workbook reader, each on its own: the grid of cells (value and number
format, merged ranges), the named records cell readers return, and the table of kinds of row
that drives the one routine parsing them all (:mod:`cxmap.files.assemble`)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from cxmap.domain.vocabulary import SHEETS
from cxmap.files import assemble, cells, grid
from cxmap.files.reader import read_workbook
from tests.workbooks import make_workbook, minimal_sheets

ENTITIES = {
    entity.role: entity
    for entity in (
        assemble._JOURNEYS,
        assemble._STAGES,
        assemble._CHANNELS,
        assemble._PERSONAS,
        assemble._TOUCHPOINTS,
        assemble._EMOTIONS,
        assemble._KPIS,
        assemble._ACTIONS,
    )
}

# --- the grid ------------------------------------------------------------------------------------


def test_a_grid_holds_each_non_empty_cell_as_its_trimmed_value_and_number_format():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPIs"
    ws.append(["  kpi ", "value"])
    ws.append([])  # an empty row is left out
    ws.append(["Churn", 0.12, "   "])  # a blank text cell is left out
    ws["B3"].number_format = "0%"
    buffer = io.BytesIO()
    wb.save(buffer)
    workbook = grid.load(buffer.getvalue(), data_only=True)
    try:
        rows = grid.read_grid(workbook["KPIs"])
    finally:
        workbook.close()
    assert [number for number, _found in rows] == [1, 3]
    header, churn = rows[0][1], rows[1][1]
    assert header == {1: grid.Cell("kpi", None), 2: grid.Cell("value", None)}
    assert churn[2].value == 0.12 and churn[2].detail == "0%"
    assert 3 not in churn


def test_a_merged_range_carries_its_top_left_value_over_the_whole_range():
    rows: grid.Grid = [(1, {1: grid.Cell("Buy")}), (2, {3: grid.Cell("x")})]
    filled = grid.fill_merges(rows, [("A1", "B2")])
    assert filled == [
        (1, {1: grid.Cell("Buy"), 2: grid.Cell("Buy")}),
        (2, {1: grid.Cell("Buy"), 2: grid.Cell("Buy"), 3: grid.Cell("x")}),
    ]


# --- cell readers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number_format", "amount", "percent"),
    [
        ("4,5", None, 4.5, False),  # a decimal comma
        ("12 %", None, 12.0, True),  # percent text
        (0.07, "0%", 7.0, True),  # a percent cell, in percentage points
    ],
)
def test_a_number_is_a_named_record_of_its_value_and_whether_it_was_a_percentage(
    value, number_format, amount, percent
):
    number = cells.number(value, number_format)
    assert (number.value, number.percent) == (amount, percent)
    assert number == (amount, percent)  # still a pair for the readers that unpack one


# --- the kinds of row ----------------------------------------------------------------------------


@pytest.mark.parametrize("sheet", [s for s in SHEETS if s.role != "responses"], ids=str)
def test_every_column_of_a_template_sheet_is_read_once(sheet):
    """The vocabulary drives the parser: a column added to a sheet is read without more code
    (the column that says which journey a row belongs to is read before, when rows are given
    to their journey)."""
    read = ENTITIES[sheet.role].columns()
    expected = [c.key for c in sheet.columns if sheet.role == "journeys" or c.key != "journey"]
    assert sorted(read) == sorted(expected)
    assert len(set(read)) == len(read)


@pytest.mark.parametrize(
    ("role", "last"),
    [("kpis", ["stage", "touchpoint", "persona"]), ("actions", ["stage", "touchpoint"])],
)
def test_kpis_and_actions_check_their_references_after_their_own_values(role, last):
    assert ENTITIES[role].columns()[-len(last) :] == last


def test_a_row_reports_its_errors_in_the_order_its_columns_are_read():
    """A KPI with a bad sample size and an unknown stage: the size (one of its own values) is
    reported before the stage (a reference); then the next row's error."""
    sheets = minimal_sheets()
    sheets["KPIs"] = [
        ["kpi", "value", "stage", "n"],
        ["NPS", 12, "Nowhere", -3],
        ["CSAT", "lots", "Buy", 10],
    ]
    report = read_workbook(make_workbook(sheets)).report
    assert [(e.row, e.column) for e in report.errors] == [(2, "n"), (2, "stage"), (3, "value")]
    assert "'Nowhere' is not a stage of this journey" in report.errors[1].message


def test_a_stage_listed_twice_is_reported_on_its_second_row():
    sheets = minimal_sheets()
    sheets["Stages"].insert(3, ["discover", "awareness"])  # Excel row 4: the same name, loosely
    report = read_workbook(make_workbook(sheets)).report
    assert [str(e) for e in report.errors] == [
        "Sheet 'Stages', row 4, column 'stage': stage 'discover' is listed twice"
    ]
