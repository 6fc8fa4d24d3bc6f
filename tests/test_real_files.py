"""Real files in as they are (issue 10, item 5): a current and a target journey sharing one
Personas and one Channels sheet, KPIs in % written as fractions, and workbooks with nothing to
import, which are refused rather than imported as an empty journey."""

from __future__ import annotations

import io

import openpyxl
import pytest

from cxmap.files.reader import ImportResult, read_workbook
from tests.workbooks import Sheets, make_workbook, minimal_sheets


def read(sheets: Sheets, **options) -> ImportResult:
    return read_workbook(make_workbook(sheets), **options)


# --- Personas and Channels sheets shared by the journeys of a workbook ---------------------------


def current_and_target() -> Sheets:
    """An airline's current and target journeys; personas and channels listed once, with no
    journey column, as consultants write them."""
    return {
        "Journeys": [
            ["journey", "state", "baseline", "emotion scale"],
            ["Fly today", "current", None, "-2..2"],
            ["Fly tomorrow", "target", "Fly today", "-2..2"],
        ],
        "Personas": [
            ["persona", "segment", "share"],
            ["Loyal customer", "Frequent flyers", 70],
            ["Disloyal customer", "Occasional", 30],
        ],
        "Channels": [["channel", "kind"], ["App", "online"], ["Airport", "offline"]],
        "Stages": [
            ["journey", "stage"],
            ["Fly today", "Book"],
            ["Fly today", "Board"],
            ["Fly tomorrow", "Book"],
            ["Fly tomorrow", "Board"],
        ],
        "Touchpoints": [
            ["journey", "stage", "channel", "touchpoint", "qualification"],
            ["Fly today", "Book", "App", "Online booking", "irritant"],
            ["Fly today", "Board", "Airport", "Boarding gate", "neutral"],
            ["Fly tomorrow", "Book", "App", "One-tap booking", "delight"],
            ["Fly tomorrow", "Board", "App", "Mobile boarding pass", "delight"],
        ],
        "Emotions": [
            ["journey", "persona", "stage", "emotion"],
            ["Fly today", "Loyal customer", "Book", -1],
            ["Fly today", "disloyal customer", "Board", -2],
            ["Fly tomorrow", "Loyal customer", "Book", 2],
            ["Fly tomorrow", "Disloyal customer", "Board", 1],
        ],
    }


def test_a_shared_personas_and_channels_sheet_gives_each_journey_those_personas_and_channels():
    result = read(current_and_target())
    assert result.report.errors == []
    today, tomorrow = result.maps
    for journey_map in (today, tomorrow):
        assert [p.name for p in journey_map.personas] == ["Loyal customer", "Disloyal customer"]
        assert [p.share for p in journey_map.personas] == [70, 30]
        assert [(c.name, c.kind) for c in journey_map.channels] == [
            ("App", "online"),
            ("Airport", "offline"),
        ]
    assert [(e.persona, e.score) for e in tomorrow.emotions] == [
        ("Loyal customer", 2),
        ("Disloyal customer", 1),
    ]
    assert (tomorrow.journey.state, tomorrow.journey.baseline) == ("target", "Fly today")


def test_the_report_says_which_sheets_are_shared():
    notes = {(p.sheet, p.message) for p in read(current_and_target()).report.notes}
    assert (
        "Personas",
        "no 'journey' column: its 2 personas are shared by every journey of the workbook "
        "(Fly today, Fly tomorrow)",
    ) in notes
    assert any(sheet == "Channels" and "shared by every journey" in m for sheet, m in notes)


def test_a_shared_sheet_with_a_journey_column_is_still_split_by_it():
    sheets = current_and_target()
    sheets["Personas"] = [
        ["journey", "persona"],
        ["Fly today", "Loyal customer"],
        ["Fly today", "Disloyal customer"],
        ["Fly tomorrow", "Loyal customer"],
        ["Fly tomorrow", "Disloyal customer"],
        ["Fly tomorrow", "Business traveller"],
    ]
    today, tomorrow = read(sheets).maps
    assert len(today.personas) == 2
    assert [p.name for p in tomorrow.personas][-1] == "Business traveller"


def test_an_error_in_a_shared_sheet_is_reported_once_not_once_per_journey():
    sheets = current_and_target()
    sheets["Channels"].append(["Call centre", "by pigeon"])
    errors = read(sheets).report.errors
    assert [(p.sheet, p.row, p.column) for p in errors] == [("Channels", 4, "kind")]


def test_a_persona_listed_twice_in_a_shared_sheet_is_one_error():
    sheets = current_and_target()
    sheets["Personas"].append(["loyal Customer", None, None])
    errors = read(sheets).report.errors
    assert [(p.sheet, p.row, p.column) for p in errors] == [("Personas", 4, "persona")]


@pytest.mark.parametrize("sheet", ["Stages", "Touchpoints", "Emotions"])
def test_other_sheets_without_a_journey_column_are_still_an_error_with_two_journeys(sheet):
    sheets = current_and_target()
    sheets[sheet] = [row[1:] for row in sheets[sheet]]
    result = read(sheets)
    assert result.maps == ()
    assert any(
        p.sheet == sheet and "add a 'journey' column" in p.message for p in result.report.errors
    )


# --- KPIs in % written as fractions ------------------------------------------------------------


def with_kpis(*rows: list) -> Sheets:
    sheets = minimal_sheets()
    sheets["KPIs"] = [["kpi", "value", "target", "unit", "period"], *rows]
    return sheets


def test_a_percent_kpi_written_as_fractions_is_read_in_percent_and_the_report_says_so():
    result = read(
        with_kpis(
            ["Satisfaction rate", 0.74, 0.8, "%", "2026-Q1"],
            ["Satisfaction rate", 0.7, 0.8, "%", "2025-Q4"],
            ["NPS", 12, 30, "pts", "2026-Q1"],
        )
    )
    kpis = result.maps[0].kpis
    assert [(k.name, k.value, k.target) for k in kpis] == [
        ("Satisfaction rate", 74, 80),
        ("Satisfaction rate", 70, 80),
        ("NPS", 12, 30),
    ]
    fractions = [p.message for p in result.report.notes if "fractions" in p.message]
    assert fractions == [
        "journey 'Online store': KPI 'Satisfaction rate' is in % with every value and target "
        "between 0 and 1, so they are read as fractions (0.74 → 74 %)"
    ]


@pytest.mark.parametrize(
    ("rows", "values"),
    [
        # one value above 1: the KPI is in percentage points already
        (
            [["Churn", 0.4, 0.3, "%", "Q1"], ["Churn", 1.2, 0.3, "%", "Q2"]],
            [(0.4, 0.3), (1.2, 0.3)],
        ),
        # a target above 1 says the same
        ([["Churn", 0.4, 2, "%", "Q1"]], [(0.4, 2)]),
        # not in %: a ratio stays a ratio
        ([["Ratio", 0.4, 0.5, None, "Q1"]], [(0.4, 0.5)]),
        # only 0 and 1: as plausible in % as in fractions, kept as written
        ([["Errors", 1, 0, "%", "Q1"]], [(1, 0)]),
    ],
)
def test_a_percent_kpi_not_all_fractions_is_kept_as_written(rows, values):
    result = read(with_kpis(*rows))
    assert [(k.value, k.target) for k in result.maps[0].kpis] == values
    assert not any("fractions" in p.message for p in result.report.notes)


def test_a_kpi_written_in_percent_cells_is_in_points_already():
    sheets = with_kpis(["Conversion rate", 0.5, 0.8, None, "Q1"])

    def percent_cells(wb):
        wb["KPIs"]["B2"].number_format = "0.0%"
        wb["KPIs"]["C2"].number_format = "0%"

    result = read_workbook(make_workbook(sheets, edit=percent_cells))
    kpi = result.maps[0].kpis[0]
    assert (kpi.value, kpi.target, kpi.unit) == (50, 80, "%")
    assert not any("fractions" in p.message for p in result.report.notes)


def test_an_exported_fraction_kpi_reimports_unchanged(tmp_path):
    from cxmap.files.writer import write_workbook

    first = read(with_kpis(["Satisfaction rate", 0.74, 0.8, "%", "Q1"])).maps
    path = tmp_path / "out.xlsx"
    write_workbook(first, path)
    again = read_workbook(path)
    assert again.maps == first
    assert not any("fractions" in p.message for p in again.report.notes)


# --- nothing to import -------------------------------------------------------------------------


def empty_workbook() -> bytes:
    data = io.BytesIO()
    openpyxl.Workbook().save(data)
    return data.getvalue()


def test_an_empty_workbook_is_an_error_not_an_empty_journey():
    result = read_workbook(empty_workbook(), filename="empty workbook.xlsx")
    assert result.maps == ()
    assert [p.message for p in result.report.errors] == [
        "nothing to import: no sheet holds a journey map (sheets: 'Sheet'); name the sheets as "
        "the template does (Journeys, Stages, Touchpoints…) or draw a channel × stage matrix"
    ]


def test_a_workbook_of_unrecognised_sheets_is_an_error():
    result = read({"Budget": [["line", "amount"], ["rent", 1200]], "Notes": [["hello"]]})
    assert result.maps == ()
    assert len(result.report.errors) == 1
    assert "nothing to import" in result.report.errors[0].message
    assert "'Budget', 'Notes'" in result.report.errors[0].message


def test_a_template_with_headers_and_no_rows_is_an_error():
    sheets = {title: rows[:1] for title, rows in minimal_sheets().items()}
    result = read(sheets)
    assert result.maps == ()
    assert [p.message for p in result.report.errors] == [
        "nothing to import: the sheets 'Journeys', 'Personas', 'Stages', 'Channels', "
        "'Touchpoints', 'Emotions', 'KPIs', 'Actions' have headers but no rows"
    ]


def test_one_row_is_something_to_import():
    result = read({"Stages": [["stage"], ["Discover"]]}, filename="one stage.xlsx")
    assert result.report.errors == []
    assert [s.name for s in result.maps[0].stages] == ["Discover"]
