"""Whole Layout 1 workbooks, written with openpyxl as real .xlsx files, read back with
:func:`cxmap.files.reader.read_workbook`: what map comes out, and what the report says."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

from cxmap.domain.model import JourneyMap, Scale
from cxmap.files.reader import ImportResult, read_workbook
from tests.workbooks import Sheets, make_workbook, minimal_sheets, patch_part


def read(sheets: Sheets, edit: Callable[[Any], None] | None = None, **options) -> ImportResult:
    return read_workbook(make_workbook(sheets, edit=edit), **options)


def sheet_part(sheets: Sheets, title: str) -> str:
    """The zip part openpyxl writes a sheet to (sheets are numbered in order)."""
    return f"xl/worksheets/sheet{list(sheets).index(title) + 1}.xml"


def cache_formula(data: bytes, part: str, cell: str, cached: str, kind: str = "n") -> bytes:
    """Give the formula in ``cell`` a cached value, as Excel does when it saves a file."""

    def edit(xml: bytes) -> bytes:
        # openpyxl writes <c r="B2"><f>40+2</f><v /></c>; Excel fills the <v> and, for text
        # or error results, says so in the cell's type.
        pattern = re.compile(rb'<c r="' + cell.encode() + rb'"[^>]*>(<f>.*?</f>)(?:<v\s*/>)?')
        opening = f'<c r="{cell}"' + (f' t="{kind}"' if kind != "n" else "") + ">"
        closing = f"<v>{cached}</v>"
        patched, count = pattern.subn(
            lambda m: opening.encode() + m.group(1) + closing.encode(), xml
        )
        assert count == 1, f"no formula in {cell}"
        return patched

    return patch_part(data, part, edit)


def where(problems) -> set[tuple[str | None, int | None, str | None]]:
    return {(p.sheet, p.row, p.column) for p in problems}


def the_map(result: ImportResult):
    assert result.report.errors == []
    assert len(result.maps) == 1
    return result.maps[0]


@cache
def baseline() -> JourneyMap:
    """The map of the minimal workbook, as read (built once, by the first test that asks)."""
    return the_map(read_workbook(make_workbook(minimal_sheets())))


# --- the same map in French ---------------------------------------------------------------------

FRENCH = {
    "Parcours": [
        ["Parcours", "État", "Échelle émotion", "Secteur"],
        ["Online store", "existant", "-2..2", "retail"],
    ],
    "Personas": [
        ["Persona", "Typologie", "Part"],
        ["Hurried", "Commuters", "60 %"],
        ["Anxious", "First-time buyers", "40 %"],
    ],
    "Étapes": [
        ["Étape", "Phase"],
        ["Discover", "notoriété"],
        ["Buy", "décision"],
        ["Stay loyal", "ambassadeur"],
    ],
    "Canaux": [["Canal", "Type"], ["Web", "en ligne"], ["Store", "physique"]],
    "Points de contact": [
        ["Étape", "Canal", "Point de contact", "Qualification", "Moment de vérité"],
        ["Discover", "Web", "Search page", "neutre", "non"],
        ["Buy", "Web", "Checkout", "irritant", "oui"],
        ["Buy", "Store", "Click and collect", "absence", "non"],
        ["Stay loyal", "Store", "Loyalty card", "enchantement", "non"],
    ],
    "Émotions": [
        ["Persona", "Étape", "Point de contact", "Émotion", "Verbatim"],
        ["Hurried", "Discover", "Search page", 1, "Found it fast"],
        ["Hurried", "Buy", "Checkout", -2, "Too many fields"],
        ["Anxious", "Buy", "Checkout", -1, "Is my card safe?"],
        ["Anxious", "Stay loyal", "Loyalty card", 2, "Nice surprise"],
    ],
    "Indicateurs": [
        ["Indicateur", "Valeur", "Cible", "Unité", "Période", "Point de contact"],
        ["NPS", 12, 30, "pts", "2026-Q1", None],
        ["Conversion rate", "2,1", 3, "%", "2026-Q1", "Checkout"],
    ],
    "Plan d'actions": [
        ["Action", "Impact", "Effort", "Point de contact", "Type", "Statut"],
        ["One-page checkout", 5, 2, "Checkout", "transformer", "planifiée"],
    ],
}


def test_french_sheets_headers_and_values_give_the_same_map_as_english():
    assert the_map(read(FRENCH)) == baseline()


def test_the_minimal_workbook_reads_its_canonical_values():
    # guards the baseline the other tests compare with
    assert [t.qualification for t in baseline().touchpoints] == [
        "neutral",
        "irritant",
        "missing",
        "delight",
    ]
    assert [t.moment_of_truth for t in baseline().touchpoints] == [False, True, False, False]
    assert [s.phase for s in baseline().stages] == ["awareness", "decision", "advocacy"]
    assert baseline().actions[0].type == "transform"
    assert baseline().actions[0].status == "planned"
    assert baseline().journey.scale == Scale(-2, 2)


# --- headers as people write them ---------------------------------------------------------------


@pytest.mark.parametrize(
    "sheet,index,header",
    [
        # accents, case and spaces
        ("Touchpoints", 0, "Étape"),
        ("Touchpoints", 1, "  CHANNEL "),
        ("Emotions", 3, "ÉMOTION"),
        ("Emotions", 1, "etape"),
        # underscores and punctuation
        ("Touchpoints", 4, "Moment_de_Vérité"),
        ("Touchpoints", 3, "Qualification :"),
        ("Journeys", 2, "emotion_scale"),
        ("Actions", 3, "Point-de-contact"),
        # "name of the …" forms
        ("Stages", 0, "stage_name"),
        ("Touchpoints", 0, "Nom de l'étape"),
        ("Touchpoints", 2, "Touchpoint name"),
        ("Channels", 0, "Nom du canal"),
    ],
)
def test_odd_headers_read_as_their_column(sheet, index, header):
    sheets = minimal_sheets()
    sheets[sheet][0][index] = header
    assert the_map(read(sheets)) == baseline()


# --- unknown columns are kept on their rows -------------------------------------------------------


@pytest.mark.parametrize(
    "sheet,row,rows_of",
    [
        ("Journeys", 1, lambda m: [m.journey]),
        ("Personas", 2, lambda m: m.personas),
        ("Stages", 2, lambda m: m.stages),
        ("Channels", 1, lambda m: m.channels),
        ("Touchpoints", 2, lambda m: m.touchpoints),
        ("Emotions", 3, lambda m: m.emotions),
        ("KPIs", 2, lambda m: m.kpis),
        ("Actions", 1, lambda m: m.actions),
    ],
)
def test_unknown_column_is_kept_as_extra_on_its_row(sheet, row, rows_of):
    sheets = minimal_sheets()
    for number, cells in enumerate(sheets[sheet]):
        cells.append("Système  IT (interne)" if number == 0 else "SAP" if number == row else None)
    rows = rows_of(the_map(read(sheets)))
    assert [r.extra for r in rows] == [
        {"Système  IT (interne)": "SAP"} if i == row - 1 else {} for i in range(len(rows))
    ]


def test_extra_numbers_and_dates_are_kept_as_plain_values():
    sheets = minimal_sheets()
    sheets["Actions"][0] += ["Budget line", "Kick-off"]
    sheets["Actions"][1] += [42, dt.datetime(2026, 3, 31)]
    assert the_map(read(sheets)).actions[0].extra == {"Budget line": 42, "Kick-off": "2026-03-31"}


def test_a_value_under_no_header_is_a_warning_not_an_extra():
    sheets = minimal_sheets()
    sheets["Stages"][2] += [None, None, "stray"]
    result = read(sheets)
    assert the_map(result).stages[1].extra == {}
    assert where(result.report.warnings) == {("Stages", 3, None)}


# --- blank rows, spaces and title rows --------------------------------------------------------


def test_blank_rows_are_skipped():
    sheets = minimal_sheets()
    sheets["Touchpoints"][2:2] = [[None] * 5, ["  ", "", None, " ", None]]
    sheets["Stages"].insert(1, [])
    assert the_map(read(sheets)) == baseline()


def test_row_numbers_after_blank_rows_are_excels():
    sheets = minimal_sheets()
    sheets["Touchpoints"][2:2] = [[None] * 5, [None] * 5]
    sheets["Touchpoints"][-1][0] = "Nowhere"  # was Excel row 5, now row 7
    assert ("Touchpoints", 7, "stage") in where(read(sheets).report.errors)


def test_leading_and_trailing_spaces_are_trimmed():
    sheets = minimal_sheets()
    sheets["Stages"][1][0] = "  Discover  "
    sheets["Stages"][1][1] = " awareness "
    sheets["Touchpoints"][1][:4] = [" Discover", "Web ", "  Search page ", " neutral "]
    sheets["Emotions"][1][0] = "Hurried   "
    sheets["Journeys"][1][0] = " Online store "
    assert the_map(read(sheets)) == baseline()


def test_title_rows_above_the_header_are_skipped_with_a_note():
    sheets = minimal_sheets()
    sheets["Touchpoints"][0:0] = [["Touchpoints of the online store"], [], ["Workshop 12/03"]]
    result = read(sheets)
    assert the_map(result) == baseline()
    assert any(
        p.sheet == "Touchpoints" and "above the header" in p.message for p in result.report.notes
    )


def test_row_numbers_below_title_rows_are_excels():
    sheets = minimal_sheets()
    sheets["Touchpoints"][0:0] = [["Touchpoints of the online store"], []]
    sheets["Touchpoints"][4][1] = "Phone"  # data row 2, Excel row 5
    assert ("Touchpoints", 5, "channel") in where(read(sheets).report.errors)


# --- merged cells -------------------------------------------------------------------------------


def test_a_stage_merged_over_three_rows_names_the_stage_of_each():
    sheets = minimal_sheets()
    sheets["Touchpoints"] = [
        ["stage", "channel", "touchpoint"],
        ["Discover", "Web", "Search page"],
        ["Buy", "Web", "Checkout"],
        [None, "Store", "Click and collect"],
        [None, "Web", "Basket"],
        ["Stay loyal", "Store", "Loyalty card"],
    ]
    result = read(sheets, lambda wb: wb["Touchpoints"].merge_cells("A3:A5"))
    assert [(t.stage, t.name) for t in the_map(result).touchpoints] == [
        ("Discover", "Search page"),
        ("Buy", "Checkout"),
        ("Buy", "Click and collect"),
        ("Buy", "Basket"),
        ("Stay loyal", "Loyalty card"),
    ]


def test_a_merged_title_above_the_header_is_skipped():
    sheets = minimal_sheets()
    sheets["Stages"][0:0] = [["Stages of the journey"]]
    result = read(sheets, lambda wb: wb["Stages"].merge_cells("A1:B1"))
    assert the_map(result).stages == baseline().stages


# --- formulas -----------------------------------------------------------------------------------


def test_a_formula_with_a_cached_value_gives_the_value():
    sheets = minimal_sheets()
    sheets["KPIs"][1][1] = "=40+2"
    data = cache_formula(make_workbook(sheets), sheet_part(sheets, "KPIs"), "B2", "42")
    assert the_map(read_workbook(data)).kpis[0].value == 42


def test_a_text_formula_with_a_cached_value_gives_the_text():
    sheets = minimal_sheets()
    sheets["Stages"][1][0] = '=PROPER("discover")'
    data = cache_formula(
        make_workbook(sheets), sheet_part(sheets, "Stages"), "A2", "Discover", kind="str"
    )
    assert the_map(read_workbook(data)) == baseline()


def test_a_formula_without_a_cached_value_is_an_error_naming_the_cell():
    sheets = minimal_sheets()
    sheets["KPIs"][2][1] = "=B2*2"
    result = read(sheets)
    assert result.maps == ()
    [problem] = result.report.errors
    assert (problem.sheet, problem.row, problem.column) == ("KPIs", 3, "value")
    assert "B3" in problem.message and "=B2*2" in problem.message


def test_a_formula_without_a_cached_value_in_an_extra_column_is_an_error():
    sheets = minimal_sheets()
    sheets["Stages"][0].append("Notes")
    sheets["Stages"][3].append('=A4&"!"')
    result = read(sheets)
    assert where(result.report.errors) == {("Stages", 4, "Notes")}
    assert "C4" in result.report.errors[0].message


def test_a_cached_excel_error_is_an_error_on_a_number_column():
    sheets = minimal_sheets()
    sheets["KPIs"][1][1] = "=1/0"
    data = cache_formula(
        make_workbook(sheets), sheet_part(sheets, "KPIs"), "B2", "#DIV/0!", kind="e"
    )
    result = read_workbook(data)
    assert where(result.report.errors) == {("KPIs", 2, "value")}
    assert "#DIV/0!" in result.report.errors[0].message


# --- numbers, percentages and dates in cells ------------------------------------------------------


def _percent_cell(wb):
    wb["KPIs"]["B2"].number_format = "0%"


@pytest.mark.parametrize(
    "value,edit",
    [
        # a cell formatted as percent holding 0.12
        (0.12, _percent_cell),
        # the same typed as text
        ("12 %", None),
        ("12%", None),
        ("12\u00a0%", None),
    ],
)
def test_percent_cells_and_percent_strings_give_12_percent(value, edit):
    sheets = minimal_sheets()
    sheets["KPIs"] = [["kpi", "value"], ["Repeat purchase", value]]
    kpi = the_map(read(sheets, edit)).kpis[0]
    assert (kpi.value, kpi.unit) == (12, "%")


def test_a_percent_cell_keeps_a_declared_unit():
    sheets = minimal_sheets()
    sheets["KPIs"] = [["kpi", "value", "unit"], ["Repeat purchase", 0.12, "pts"]]
    kpi = the_map(read(sheets, _percent_cell)).kpis[0]
    assert (kpi.value, kpi.unit) == (12, "pts")


@pytest.mark.parametrize("value", ["4,5", "4.5", 4.5, " 4,5 "])
def test_a_decimal_comma_reads_as_a_number(value):
    sheets = minimal_sheets()
    sheets["KPIs"] = [["kpi", "value"], ["CES", value]]
    assert the_map(read(sheets)).kpis[0].value == 4.5


def test_a_kpi_without_direction_takes_its_default():
    sheets = minimal_sheets()
    sheets["KPIs"] = [
        ["kpi", "value", "direction"],
        ["CES", 4, None],
        ["NPS", 12, None],
        ["Churn", 3, "higher"],
    ]
    assert [k.direction for k in the_map(read(sheets)).kpis] == ["lower", "higher", "higher"]


@pytest.mark.parametrize(
    "value",
    [
        # an Excel serial number, as a script or a General-formatted cell holds it
        46112,
        # a real date cell
        dt.date(2026, 3, 31),
        dt.datetime(2026, 3, 31, 9, 30),
        # text, ISO and day first
        "2026-03-31",
        "31/03/2026",
    ],
)
def test_due_dates_read_from_serials_dates_and_text(value):
    sheets = minimal_sheets()
    sheets["Actions"][0].append("due")
    sheets["Actions"][1].append(value)
    assert the_map(read(sheets)).actions[0].due == dt.date(2026, 3, 31)


def test_a_date_cell_in_the_period_column_gives_an_iso_date():
    sheets = minimal_sheets()
    sheets["KPIs"][1][4] = dt.datetime(2026, 3, 31)
    assert the_map(read(sheets)).kpis[0].period == "2026-03-31"


@pytest.mark.parametrize(
    "column,value,message",
    [
        ("moment of truth", "peut-être", "is not yes or no"),
        ("qualification", "bizarre", "is not one of"),
    ],
)
def test_a_bad_value_is_an_error_saying_what_was_expected(column, value, message):
    sheets = minimal_sheets()
    index = sheets["Touchpoints"][0].index(column)
    sheets["Touchpoints"][3][index] = value  # Click and collect, which nothing refers to
    [problem] = read(sheets).report.errors
    assert (problem.sheet, problem.row, problem.column) == ("Touchpoints", 4, column)
    assert value in problem.message and message in problem.message


# --- emotion scales -------------------------------------------------------------------------------


def emotions(scores: list[Any], scale: str | None, header: str = "emotion") -> Sheets:
    sheets = minimal_sheets()
    sheets["Journeys"][1][2] = scale
    stages = ["Discover", "Buy", "Stay loyal"]
    sheets["Emotions"] = [["persona", "stage", header]] + [
        ["Hurried", stages[i % 3], score] for i, score in enumerate(scores)
    ]
    return sheets


def test_the_declared_scale_is_honoured_without_inference():
    result = read(emotions([1, 3, 5], "1..5"))
    journey_map = the_map(result)
    assert journey_map.journey.scale == Scale(1, 5)
    assert [e.score for e in journey_map.emotions] == [1, 3, 5]
    assert not any("inferred" in p.message for p in result.report.notes)


@pytest.mark.parametrize(
    "scores,scale,bad_row,bad",
    [
        ([1, 5, 7], "1..5", 4, "7"),
        ([0, -1, 2], "0..10", 3, "-1"),
        ([-2, 3], "-2..2", 3, "3"),
    ],
)
def test_a_score_outside_the_declared_scale_is_an_error_with_row_and_column(
    scores, scale, bad_row, bad
):
    result = read(emotions(scores, scale, header="Émotion"))
    assert result.maps == ()
    [problem] = result.report.errors
    assert (problem.sheet, problem.row, problem.column) == ("Emotions", bad_row, "Émotion")
    assert problem.message.startswith(f"{bad} is outside") and scale in problem.message


@pytest.mark.parametrize(
    "scores,inferred,because",
    [
        # negative scores: a symmetric scale
        ([-2, 1, 0], Scale(-2, 2), "negative"),
        ([-5, 3], Scale(-5, 5), "negative"),
        # only 1 to 5
        ([1, 3, 5, 2], Scale(1, 5), "1 to 5"),
        # 0 to 10
        ([0, 6, 10], Scale(0, 10), "0 to 10"),
        # words only
        (["frustré", "ravi", "😐"], Scale(-2, 2), "feeling words"),
    ],
)
def test_an_undeclared_scale_is_inferred_and_the_report_says_so(scores, inferred, because):
    result = read(emotions(scores, None))
    assert the_map(result).journey.scale == inferred
    [note] = [p for p in result.report.notes if "inferred" in p.message]
    assert f"inferred as {inferred}" in note.message and because in note.message


@pytest.mark.parametrize(
    "scale,words,scores",
    [
        # on 1..5 the middle is 3
        ("1..5", ["ravi", "frustré", "neutre", "😐", "furieux"], [5, 2, 3, 3, 1]),
        # on -2..2 the base itself
        ("-2..2", ["ravi", "frustré", "satisfied", "😡"], [2, -1, 1, -2]),
        # on 0..10 the middle is 5
        ("0..10", ["ravi", "déçu", "neutral"], [10, 2.5, 5]),
    ],
)
def test_feeling_words_land_on_the_declared_scale_and_are_kept(scale, words, scores):
    journey_map = the_map(read(emotions(words, scale)))
    assert [e.score for e in journey_map.emotions] == scores
    assert [e.feeling for e in journey_map.emotions] == words


def test_a_feeling_word_does_not_replace_a_written_feeling():
    sheets = emotions(["ravi"], "1..5")
    sheets["Emotions"][0].append("ressenti")
    sheets["Emotions"][1].append("Soulagé")
    assert the_map(read(sheets)).emotions[0].feeling == "Soulagé"


def test_a_score_typed_as_text_is_a_score_not_a_feeling():
    emotion = the_map(read(emotions(["4,5", 2], "1..5"))).emotions[0]
    assert (emotion.score, emotion.feeling) == (4.5, None)


def test_an_unknown_feeling_word_is_an_error():
    result = read(emotions([1, "banane"], "1..5"))
    assert where(result.report.errors) == {("Emotions", 3, "emotion")}
    assert "banane" in result.report.errors[0].message


# --- stages and channels ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header,orders",
    [
        ("order", [2, 3, 1]),
        ("Ordre", ["2", "3", "1"]),
        ("rank", [20, 30, 10]),
    ],
)
def test_the_order_column_orders_stages(header, orders):
    sheets = minimal_sheets()
    sheets["Stages"] = [
        ["stage", header],
        ["Buy", orders[0]],
        ["Stay loyal", orders[1]],
        ["Discover", orders[2]],
    ]
    assert [s.name for s in the_map(read(sheets)).stages] == ["Discover", "Buy", "Stay loyal"]


def test_stages_without_order_come_after_those_with_one():
    sheets = minimal_sheets()
    sheets["Stages"] = [["stage", "order"], ["Stay loyal", None], ["Buy", 2], ["Discover", 1]]
    assert [s.name for s in the_map(read(sheets)).stages] == ["Discover", "Buy", "Stay loyal"]


def test_without_stages_and_channels_sheets_they_come_in_order_of_first_appearance():
    sheets = minimal_sheets()
    del sheets["Stages"], sheets["Channels"]
    sheets["Touchpoints"] = [
        ["stage", "channel", "touchpoint"],
        ["Buy", "Store", "Click and collect"],
        ["Discover", "Web", "Search page"],
        ["Buy", "Web", "Checkout"],
        ["Stay loyal", "Store", "Loyalty card"],
    ]
    result = read(sheets)
    journey_map = the_map(result)
    assert [s.name for s in journey_map.stages] == ["Buy", "Discover", "Stay loyal"]
    assert [c.name for c in journey_map.channels] == ["Store", "Web"]
    assert any("no Stages sheet" in p.message for p in result.report.notes)


def test_without_a_personas_sheet_personas_come_from_the_emotions():
    sheets = minimal_sheets()
    del sheets["Personas"]
    assert [p.name for p in the_map(read(sheets)).personas] == ["Hurried", "Anxious"]


def test_references_match_names_loosely_and_keep_the_declared_spelling():
    sheets = minimal_sheets()
    sheets["Touchpoints"][2][:2] = ["BUY", "web"]
    touchpoint = the_map(read(sheets)).touchpoints[1]
    assert (touchpoint.stage, touchpoint.channel) == ("Buy", "Web")


# --- references that do not resolve -------------------------------------------------------------


@pytest.mark.parametrize(
    "sheet,row,column,bad,listing",
    [
        # a touchpoint's stage and channel
        ("Touchpoints", 1, "stage", "Paiement", "stages: Discover, Buy, Stay loyal"),
        ("Touchpoints", 4, "channel", "Phone", "channels: Web, Store"),
        # an emotion's persona
        ("Emotions", 2, "persona", "Ghost", "personas: Hurried, Anxious"),
        # an action's touchpoint
        (
            "Actions",
            1,
            "touchpoint",
            "Nowhere",
            "Search page, Checkout, Click and collect, Loyalty card",
        ),
    ],
)
def test_a_reference_that_does_not_resolve_names_the_cell_and_lists_what_exists(
    sheet, row, column, bad, listing
):
    sheets = minimal_sheets()
    sheets[sheet][row][sheets[sheet][0].index(column)] = bad
    result = read(sheets)
    assert result.maps == ()
    [problem] = [
        p for p in result.report.errors if (p.sheet, p.row, p.column) == (sheet, row + 1, column)
    ]
    assert f"'{bad}'" in problem.message
    assert listing in problem.message


def test_an_unresolved_stage_reads_as_the_contract_shows_it():
    sheets = minimal_sheets()
    sheets["Touchpoints"][0][0] = "Étape"
    sheets["Touchpoints"][2][0] = "Paiement"
    assert str(read(sheets).report.errors[0]) == (
        "Sheet 'Touchpoints', row 3, column 'Étape': 'Paiement' is not a stage of this journey "
        "(stages: Discover, Buy, Stay loyal)"
    )


def _checkout_at_two_stages() -> Sheets:
    sheets = minimal_sheets()
    sheets["Touchpoints"].append(["Discover", "Store", "Checkout", "neutral", "no"])
    sheets["KPIs"][2][5] = None
    sheets["Actions"] = [
        ["action", "touchpoint", "stage"],
        ["Fast lane", "Checkout", None],
        ["One-page checkout", "Checkout", "Buy"],
    ]
    return sheets


def test_a_touchpoint_named_at_two_stages_needs_the_stage():
    result = read(_checkout_at_two_stages())
    assert where(result.report.errors) == {("Actions", 2, "touchpoint")}
    assert "Buy" in result.report.errors[0].message
    assert "Discover" in result.report.errors[0].message


def test_a_touchpoint_named_at_two_stages_resolves_with_the_stage():
    sheets = _checkout_at_two_stages()
    del sheets["Actions"][1]
    action = the_map(read(sheets)).actions[0]
    assert (action.touchpoint, action.stage) == ("Checkout", "Buy")


def test_an_action_on_a_touchpoint_takes_the_touchpoints_stage():
    assert baseline().actions[0].stage == "Buy"


# --- several journeys ---------------------------------------------------------------------------


def two_journeys() -> Sheets:
    return {
        "Journeys": [
            ["journey", "state", "baseline"],
            ["Today", "current", None],
            ["Tomorrow", "cible", "Today"],
        ],
        "Stages": [
            ["journey", "stage"],
            ["Today", "Discover"],
            ["Today", "Buy"],
            ["Tomorrow", "Discover"],
            ["Tomorrow", "Try"],
            ["Tomorrow", "Buy"],
        ],
        "Channels": [
            ["journey", "channel"],
            ["Today", "Web"],
            ["Tomorrow", "Web"],
            ["Tomorrow", "App"],
        ],
        "Touchpoints": [
            ["parcours", "stage", "channel", "touchpoint"],
            ["Today", "Buy", "Web", "Checkout"],
            ["Tomorrow", "Try", "App", "Trial"],
            ["tomorrow", "Buy", "App", "One-click"],
        ],
    }


def test_rows_are_split_between_journeys_by_the_journey_column():
    today, tomorrow = read(two_journeys()).maps
    assert ([s.name for s in today.stages], [s.name for s in tomorrow.stages]) == (
        ["Discover", "Buy"],
        ["Discover", "Try", "Buy"],
    )
    assert ([c.name for c in today.channels], [c.name for c in tomorrow.channels]) == (
        ["Web"],
        ["Web", "App"],
    )
    assert ([t.name for t in today.touchpoints], [t.name for t in tomorrow.touchpoints]) == (
        ["Checkout"],
        ["Trial", "One-click"],
    )


def test_a_target_journey_keeps_its_baseline():
    today, tomorrow = read(two_journeys()).maps
    assert (today.journey.state, today.journey.baseline) == ("current", None)
    assert (tomorrow.journey.state, tomorrow.journey.baseline) == ("target", "Today")


def test_with_several_journeys_a_row_without_journey_is_an_error():
    sheets = two_journeys()
    sheets["Touchpoints"].append([None, "Buy", "Web", "Orphan"])
    result = read(sheets)
    assert result.maps == ()
    assert where(result.report.errors) == {("Touchpoints", 5, "parcours")}
    assert "Today, Tomorrow" in result.report.errors[0].message


def test_with_several_journeys_a_sheet_without_journey_column_is_one_error_for_the_sheet():
    # Stages, not Channels: a Personas or Channels sheet without the column is shared by every
    # journey (tests/test_real_files.py)
    sheets = two_journeys()
    sheets["Stages"] = [[row[1]] for row in sheets["Stages"]]
    errors = [p for p in read(sheets).report.errors if p.sheet == "Stages"]
    assert where(errors) == {("Stages", None, None)}
    assert "add a 'journey' column" in errors[0].message


def test_a_row_naming_an_unknown_journey_is_an_error():
    sheets = two_journeys()
    sheets["Stages"][3][0] = "Yesterday"  # Tomorrow's Discover, which nothing refers to
    result = read(sheets)
    assert where(result.report.errors) == {("Stages", 4, "journey")}
    assert "'Yesterday' is not a journey" in result.report.errors[0].message


def test_a_journey_cannot_be_its_own_baseline():
    sheets = two_journeys()
    sheets["Journeys"][2][2] = "Tomorrow"
    assert where(read(sheets).report.errors) == {("Journeys", 3, "baseline")}


def test_without_a_journeys_sheet_the_journey_column_names_the_journeys():
    sheets = two_journeys()
    del sheets["Journeys"]
    assert [m.name for m in read(sheets).maps] == ["Today", "Tomorrow"]


# --- every error of a file at once ---------------------------------------------------------------


def test_all_errors_of_a_file_are_reported_at_once_where_excel_shows_them():
    sheets = {
        "Parcours": [["Parcours", "Échelle émotion"], ["Boutique", "-2..2"]],
        "Personas": [["Persona"], ["Pressé"], ["Inquiet"]],
        "Étapes": [["Étape"], ["Découverte"], ["Achat"]],
        "Canaux": [["Canal"], ["Web"], ["Magasin"]],
        "Points de contact": [
            ["Points de contact du parcours Boutique"],  # a title row
            ["Étape", "Canal", "Point de contact", "Moment de vérité", "Qualification"],
            ["Découverte", "Web", "Recherche", "non", "neutre"],
            ["Paiement", "Web", "Caisse", "oui", "irritant"],  # row 4: no such stage
            [],  # row 5: blank
            ["Achat", "Magasin", "Retrait", "peut-être", "neutre"],  # row 6: not a boolean
            ["Achat", "Web", "Panier", None, "bizarre"],  # row 7: not a qualification
        ],
        "Émotions": [
            ["Persona", "Étape", "Point de contact", "Émotion"],
            ["Pressé", "Découverte", "Recherche", 1],
            ["Fantôme", "Découverte", "Recherche", 0],  # row 3: no such persona
            ["Inquiet", "Découverte", None, 5],  # row 4: outside -2..2
        ],
        "Indicateurs": [
            ["Indicateur", "Valeur", "Unité", "Effectif"],
            ["NPS", "#N/A", None, 100],  # row 2: an Excel error
            ["CSAT", 80, "%", -3],  # row 3: a negative sample size
        ],
        "Plan d'actions": [
            ["Action", "Impact", "Échéance"],
            ["Simplifier", 7, "31/03/2026"],  # row 2: impact above 5
            ["Rappeler", 3, "demain"],  # row 3: not a date
            ["Relancer", 2, "=TODAY()+7"],  # row 4: a formula with no cached value
        ],
    }
    result = read(sheets)
    assert result.maps == ()
    assert where(result.report.errors) == {
        ("Points de contact", 4, "Étape"),
        ("Points de contact", 6, "Moment de vérité"),
        ("Points de contact", 7, "Qualification"),
        ("Émotions", 3, "Persona"),
        ("Émotions", 4, "Émotion"),
        ("Indicateurs", 2, "Valeur"),
        ("Indicateurs", 3, "Effectif"),
        ("Plan d'actions", 2, "Impact"),
        ("Plan d'actions", 3, "Échéance"),
        ("Plan d'actions", 4, "Échéance"),
    }
    messages = {(p.sheet, p.row): p.message for p in result.report.errors}
    assert "'Paiement'" in messages["Points de contact", 4]
    assert "'Fantôme'" in messages["Émotions", 3]
    assert "C4" in messages["Plan d'actions", 4]


# --- duplicates and missing columns --------------------------------------------------------------


@pytest.mark.parametrize(
    "sheet,row,column",
    [
        ("Stages", ["buy", None], "stage"),
        ("Personas", ["Hurried ", None, None], "persona"),
        ("Channels", ["WEB", None], "channel"),
    ],
)
def test_a_name_listed_twice_is_an_error(sheet, row, column):
    sheets = minimal_sheets()
    sheets[sheet].append(row)
    result = read(sheets)
    assert result.maps == ()
    assert where(result.report.errors) == {(sheet, len(sheets[sheet]), column)}
    assert "twice" in result.report.errors[0].message


def test_a_journey_named_twice_is_an_error():
    sheets = two_journeys()
    sheets["Journeys"].append(["TODAY", "current", None])
    assert ("Journeys", 4, "journey") in where(read(sheets).report.errors)


@pytest.mark.parametrize(
    "sheet,column",
    [
        ("Touchpoints", "channel"),
        ("KPIs", "value"),
        ("Emotions", "emotion"),
        ("Personas", "persona"),
    ],
)
def test_a_missing_required_column_is_an_error_naming_the_sheet(sheet, column):
    sheets = minimal_sheets()
    index = sheets[sheet][0].index(column)
    sheets[sheet] = [row[:index] + row[index + 1 :] for row in sheets[sheet]]
    result = read(sheets)
    assert result.maps == ()
    header_errors = [p for p in result.report.errors if "missing" in p.message]
    assert [(p.sheet, p.row) for p in header_errors] == [(sheet, 1)]
    assert f"'{column}'" in header_errors[0].message


def test_a_sheet_without_a_header_row_is_an_error_naming_it():
    sheets = minimal_sheets()
    sheets["Channels"] = [["foo", "bar"], ["Web", "online"]]
    result = read(sheets)
    assert result.maps == ()
    assert ("Channels", None, None) in where(result.report.errors)


# --- sheets of no role and the journey's name ----------------------------------------------------


@pytest.mark.parametrize("title", ["Scratch", "Feuil1", "README"])
def test_a_sheet_of_no_role_is_listed_as_ignored(title):
    sheets = minimal_sheets()
    sheets[title] = [["anything", "at all"], [1, 2]]
    result = read(sheets)
    assert the_map(result) == baseline()
    assert [p.sheet for p in result.report.notes if "ignored" in p.message] == [title]


def test_journey_name_names_a_workbook_without_journeys_sheet():
    sheets = minimal_sheets()
    del sheets["Journeys"]
    assert the_map(read(sheets, journey_name="Click & collect")).name == "Click & collect"


def test_without_journeys_sheet_or_name_the_file_names_the_journey():
    sheets = minimal_sheets()
    del sheets["Journeys"]
    result = read(sheets, filename="uploads/online_store.xlsx")
    assert the_map(result).name == "online store"
    assert any("no Journeys sheet" in p.message for p in result.report.notes)


def test_a_workbook_path_reads_like_its_bytes(tmp_path):
    path = tmp_path / "map.xlsx"
    make_workbook(minimal_sheets(), path)
    assert the_map(read_workbook(path)) == baseline()


def test_a_label_column_in_stages_is_kept_as_extra():
    sheets = minimal_sheets()
    sheets["Stages"][0].append("Libellé")
    sheets["Stages"][1].append("La découverte")
    assert the_map(read(sheets)).stages[0].extra == {"Libellé": "La découverte"}
