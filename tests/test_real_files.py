"""Real files in as they are (issue 10, item 5): a current and a target journey sharing one
Personas and one Channels sheet, KPIs in % written as fractions, and workbooks with nothing to
import, which are refused rather than imported as an empty journey."""

from __future__ import annotations

import csv
import dataclasses
import io

import openpyxl
import pytest

from cxmap.cli import main
from cxmap.domain.model import (
    FROM_ANSWERS,
    Channel,
    Journey,
    JourneyMap,
    Persona,
    Stage,
    Touchpoint,
)
from cxmap.domain.report import CxmapError
from cxmap.files.reader import ImportResult, read_workbook
from cxmap.files.responses import AnswerOptions, read_answers
from cxmap.files.writer import write_workbook
from cxmap.storage import access, history
from cxmap.storage.store import Store
from tests.test_app import (  # noqa: F401  (served: a fixture, by name)
    assert_no_exception,
    has_button,
    open_page,
    served,
    upload,
)
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


# --- survey segments that are no persona of the map yet ----------------------------------------

AIRLINE = JourneyMap(
    journey=Journey("Fly with us"),
    personas=(Persona("Loyal customer", segment="Frequent flyers"), Persona("Business traveller")),
    stages=(Stage("Book"), Stage("Fly"), Stage("Arrive")),
    channels=(Channel("App"), Channel("Aircraft"), Channel("Airport")),
    touchpoints=(
        Touchpoint("Book", "App", "Online boarding"),
        Touchpoint("Fly", "Aircraft", "Inflight wifi service"),
        Touchpoint("Fly", "Aircraft", "Seat comfort"),
        Touchpoint("Arrive", "Airport", "Baggage handling"),
    ),
)
EXPORT_HEADER = [
    "id",
    "Gender",
    "Customer Type",
    "Age",
    "Type of Travel",
    "Class",
    "Flight Distance",
    "Inflight wifi service",
    "Departure/Arrival time convenient",
    "Online boarding",
    "Seat comfort",
    "Inflight entertainment",
    "Baggage handling",
    "Departure Delay in Minutes",
    "satisfaction",
]


def airline_export(
    rows: int = 40, segments: tuple[str, ...] = (), first_id: int = 70172
) -> list[list]:
    """A wide export as the airline satisfaction survey writes it: one respondent per row (ids
    from ``first_id``), a segment column of the survey's own values, scores 1–5 under touchpoint
    names, and columns that are none of cxmap's business."""
    segments = segments or ("Loyal Customer", "disloyal Customer")
    lines = [EXPORT_HEADER]
    for i in range(rows):
        score = 1 + i % 5
        lines.append(
            [
                first_id + i,
                "Female" if i % 2 else "Male",
                segments[i % len(segments)],
                13 + i,
                "Business travel" if i % 3 else "Personal Travel",
                ("Eco", "Eco Plus", "Business")[i % 3],
                460 + 10 * i,
                score,
                4,
                6 - score,
                3,
                5,
                score,
                i % 7,
                "satisfied" if score > 3 else "neutral or dissatisfied",
            ]
        )
    return lines


def export_csv(lines: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    return buffer.getvalue().encode()


def test_an_airline_export_with_its_own_segments_reads_as_it_is():
    answers = read_answers(
        export_csv(airline_export()), AIRLINE, AnswerOptions(), filename="airline.csv"
    )
    assert answers.report.errors == []
    assert answers.form == "wide"
    assert answers.mapping["persona"] == "Customer Type"  # found by its header
    assert set(answers.mapping["touchpoints"]) == {
        "Inflight wifi service",
        "Online boarding",
        "Seat comfort",
        "Baggage handling",
    }
    assert answers.count == 40 * 4
    # "Loyal Customer" is the map's "Loyal customer"; "disloyal Customer" is new
    assert answers.personas == ["disloyal Customer"]
    assert set(answers.columns["persona"]) == {"Loyal customer", "disloyal Customer"}
    notes = [(p.column, p.message) for p in answers.report.notes]
    assert (
        "Customer Type",
        "1 segment became a persona of journey 'Fly with us', marked as coming from the answers: "
        "disloyal Customer",
    ) in notes


def test_segments_match_the_maps_personas_case_accents_and_spaces_aside():
    lines = airline_export(segments=("LOYAL  CUSTOMER", "Business Travéller", "  new  one "))
    answers = read_answers(export_csv(lines), AIRLINE, AnswerOptions(), filename="a.csv")
    assert answers.personas == ["new  one"]
    assert set(answers.columns["persona"]) == {"Loyal customer", "Business traveller", "new  one"}


def test_two_spellings_of_a_new_segment_make_one_persona_named_as_first_met():
    lines = airline_export(segments=("Disloyal Customer", "disloyal customer", "DISLOYAL CUSTOMER"))
    answers = read_answers(export_csv(lines), AIRLINE, AnswerOptions(), filename="a.csv")
    assert answers.personas == ["Disloyal Customer"]
    assert set(answers.columns["persona"]) == {"Disloyal Customer"}


def test_the_report_counts_the_segments_that_became_personas():
    lines = airline_export(segments=("Loyal Customer", "disloyal Customer", "first-timer"))
    map_without_personas = dataclasses.replace(AIRLINE, personas=())
    answers = read_answers(export_csv(lines), map_without_personas, AnswerOptions(), filename="a")
    assert [p.message for p in answers.report.notes if "segment" in p.message] == [
        "3 segments became personas of journey 'Fly with us', marked as coming from the "
        "answers: Loyal Customer, disloyal Customer, first-timer"
    ]


def test_long_answers_with_an_unknown_persona_make_it_a_persona():
    data = export_csv(
        [
            ["persona", "touchpoint", "metric", "score"],
            ["loyal customer", "Seat comfort", "csat", 4],
            ["Premium", "Seat comfort", "csat", 5],
        ]
    )
    answers = read_answers(data, AIRLINE, AnswerOptions(), filename="long.csv")
    assert answers.report.errors == []
    assert answers.personas == ["Premium"]
    assert answers.columns["persona"] == ["Loyal customer", "Premium"]


def test_a_column_of_dozens_of_new_values_is_no_segment_column_and_an_error():
    answers = read_answers(
        export_csv(airline_export()), AIRLINE, AnswerOptions(persona_column="id"), filename="a"
    )
    assert [(p.column, p.message) for p in answers.report.errors] == [
        (
            "id",
            "40 values of this column are no persona of journey 'Fly with us' (70172, 70173, "
            "70174, 70175, 70176 …): it does not look like a segment column; name another, or "
            "none (at most 20 segments become personas)",
        )
    ]
    assert answers.personas == [] and answers.columns == {}


# --- answers files with nothing to import ------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "options"),
    [
        # long: a score column, every score blank
        ([["touchpoint", "metric", "score"], ["Seat comfort", "csat", ""]], {}),
        # wide, metric declared: every touchpoint column blank
        ([["id", "Seat comfort"], [1, ""], [2, ""]], {"metric": "csat"}),
        # wide: only declared missing values
        (
            [["id", "Seat comfort"], [1, "0"], [2, "N/A"]],
            {"metric": "csat", "missing": ("0", "n/a")},
        ),
    ],
)
def test_an_answers_file_without_a_score_is_an_error(lines, options):
    answers = read_answers(export_csv(lines), AIRLINE, AnswerOptions(**options), filename="a.csv")
    assert answers.count == 0
    assert [p.message.split(":")[0] for p in answers.report.errors] == ["nothing to import"]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([["id", "Gender", "satisfaction"], [1, "Male", "satisfied"]], "no column is named after"),
        ([["touchpoint", "metric", "score"]], "the file holds no answers"),
    ],
)
def test_an_answers_file_with_no_score_column_or_no_row_is_an_error(lines, message):
    answers = read_answers(export_csv(lines), AIRLINE, AnswerOptions(), filename="a.csv")
    assert len(answers.report.errors) == 1
    assert message in answers.report.errors[0].message


# --- saving: the new personas join the journey with the answers --------------------------------


def save_airline(store: Store, data: bytes, filename: str = "airline.csv"):
    answers = read_answers(data, store.load(AIRLINE.name), AnswerOptions(), filename=filename)
    assert answers.ok, answers.report.errors
    return store.save_answers(AIRLINE.name, answers)


def test_saving_the_answers_adds_their_segments_as_personas_from_the_answers(store: Store):
    store.save([AIRLINE])
    saved = save_airline(store, export_csv(airline_export()))
    assert (saved.added, saved.personas) == (160, ("disloyal Customer",))
    personas = store.load(AIRLINE.name).personas
    assert [(p.name, p.source) for p in personas] == [
        ("Loyal customer", None),
        ("Business traveller", None),
        ("disloyal Customer", "answers"),
    ]
    assert personas[0].segment == "Frequent flyers"  # the map's own are untouched
    assert {t.persona for t in store.answer_tallies(AIRLINE.name)} == {
        "Loyal customer",
        "disloyal Customer",
    }


def test_the_new_personas_are_a_version_of_the_journey(store: Store):
    store.save([AIRLINE])
    save_airline(store, export_csv(airline_export()))
    last = history.versions(store.engine, AIRLINE.name)[-1]
    assert (last.version, last.what) == (2, "answers")
    assert last.summary == "1 persona from the answers of airline.csv: disloyal Customer"
    kept = history.map_at(store.engine, AIRLINE.name, 2)
    assert kept == store.load(AIRLINE.name)
    assert history.map_at(store.engine, AIRLINE.name, 1).personas == AIRLINE.personas


def test_the_same_file_twice_adds_no_persona_and_no_version(store: Store):
    store.save([AIRLINE])
    data = export_csv(airline_export())
    save_airline(store, data)
    version = store.version_of(AIRLINE.name)
    again = save_airline(store, data)
    assert again.duplicate_of is not None and again.personas == ()
    assert store.version_of(AIRLINE.name) == version
    assert len(store.load(AIRLINE.name).personas) == 3


def test_a_later_wave_finds_the_persona_the_first_one_made(store: Store):
    store.save([AIRLINE])
    save_airline(store, export_csv(airline_export()))
    version = store.version_of(AIRLINE.name)
    # other respondents (a respondent already answered is not counted twice)
    later = export_csv(airline_export(rows=10, segments=("DISLOYAL customer",), first_id=90000))
    saved = save_airline(store, later, "wave-2.csv")
    assert (saved.added, saved.personas) == (40, ())
    assert store.version_of(AIRLINE.name) == version  # answers alone change no map
    assert len(store.load(AIRLINE.name).personas) == 3


def test_answers_without_new_segments_record_no_version(store: Store):
    store.save([AIRLINE])
    saved = save_airline(store, export_csv(airline_export(segments=("Loyal customer",))))
    assert saved.personas == ()
    assert [v.what for v in history.versions(store.engine, AIRLINE.name)] == ["import"]


def test_a_viewer_cannot_add_personas_through_answers(store: Store):
    store.save([AIRLINE])
    answers = read_answers(
        export_csv(airline_export()), AIRLINE, AnswerOptions(), filename="airline.csv"
    )
    with pytest.raises(CxmapError):
        store.acting(access.Actor("someone", "viewer")).save_answers(AIRLINE.name, answers)
    assert len(store.load(AIRLINE.name).personas) == 2


# --- shown and exported ------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "word"), [("en", "answers"), ("fr", "réponses")])
def test_a_persona_from_the_answers_is_exported_with_its_source_and_reads_back(
    tmp_path, lang, word
):
    journey_map = dataclasses.replace(
        AIRLINE, personas=(*AIRLINE.personas, Persona("disloyal Customer", source=FROM_ANSWERS))
    )
    path = tmp_path / "out.xlsx"
    write_workbook([journey_map], path, lang=lang)
    sheet = openpyxl.load_workbook(path)["Personas"]
    header = [c.value for c in sheet[1]]
    column = header.index("origine" if lang == "fr" else "source")
    assert [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        None,
        None,
        word,
    ]
    again = read_workbook(path)
    assert again.report.errors == []
    assert again.maps[0].personas == journey_map.personas
    assert again.maps[0].personas[-1].from_answers


def test_a_source_column_of_the_consultants_own_is_kept_as_written():
    sheets = minimal_sheets()
    sheets["Personas"] = [
        ["persona", "Source"],
        ["Hurried", "Interviews, March"],
        ["Anxious", "Réponses"],
    ]
    personas = read(sheets).maps[0].personas
    assert [(p.source, p.from_answers) for p in personas] == [
        ("Interviews, March", False),
        ("answers", True),
    ]


# --- the command line and the app -------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_import_of_an_empty_workbook_exits_1_and_saves_nothing(
    database_url: str, store: Store, capsys, tmp_path
):
    path = tmp_path / "empty workbook.xlsx"
    path.write_bytes(empty_workbook())
    code, out, err = run(capsys, "import", path)
    assert code == 1
    assert "nothing to import: no sheet holds a journey map" in err
    assert "nothing was imported" in err
    assert store.names() == []


def test_cli_import_of_a_workbook_with_shared_personas_saves_both_journeys(
    database_url: str, store: Store, capsys, tmp_path
):
    path = tmp_path / "airline.xlsx"
    path.write_bytes(make_workbook(current_and_target()))
    code, _out, err = run(capsys, "import", path)
    assert code == 0, err
    assert "shared by every journey" in err
    for name in ("Fly today", "Fly tomorrow"):
        assert [p.name for p in store.load(name).personas] == [
            "Loyal customer",
            "Disloyal customer",
        ]


def test_cli_import_responses_names_the_new_personas(
    database_url: str, store: Store, capsys, tmp_path
):
    store.save([AIRLINE])
    path = tmp_path / "airline.csv"
    path.write_bytes(export_csv(airline_export()))
    code, out, err = run(capsys, "import-responses", path, "--journey", AIRLINE.name)
    assert code == 0
    assert "column 'Customer Type': 1 segment became a persona of journey 'Fly with us'" in err
    assert out.rstrip().endswith("new personas from the answers' segments: disloyal Customer")


def test_cli_import_responses_without_a_score_exits_1(
    database_url: str, store: Store, capsys, tmp_path
):
    store.save([AIRLINE])
    path = tmp_path / "blank.csv"
    path.write_bytes(export_csv([["touchpoint", "metric", "score"], ["Seat comfort", "csat", ""]]))
    code, _out, err = run(capsys, "import-responses", path, "--journey", AIRLINE.name)
    assert code == 1
    assert "nothing to import" in err
    assert store.answer_tallies(AIRLINE.name) == []


@pytest.fixture
def app_store(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """The app pointed at a fresh, empty SQLite database of this test's own."""
    url = f"sqlite:///{tmp_path / 'cxmap.db'}"
    monkeypatch.setenv("CXMAP_DATABASE_URL", url)
    store = Store(url)
    yield store
    store.close()


@pytest.mark.usefixtures("served")
def test_the_app_refuses_to_save_an_empty_workbook(app_store: Store) -> None:
    at = upload(open_page("import"), "empty workbook.xlsx", empty_workbook())
    assert_no_exception(at)
    assert at.error
    assert not has_button(at, "Save to the database")
    assert app_store.names() == []


@pytest.mark.usefixtures("served")
def test_the_personas_page_marks_a_persona_from_the_answers(app_store: Store) -> None:
    app_store.save([AIRLINE])
    answers = read_answers(
        export_csv(airline_export()), AIRLINE, AnswerOptions(), filename="airline.csv"
    )
    app_store.save_answers(AIRLINE.name, answers)
    at = open_page("personas")
    assert_no_exception(at)
    assert [h.value for h in at.subheader] == [
        "Loyal customer",
        "Business traveller",
        "disloyal Customer",
    ]
    # st.badge is drawn as markdown ":violet-badge[…]"; only the persona from the answers has one
    badges = [e.value for e in at.markdown if "From the survey answers" in e.value]
    assert len(badges) == 1 and "-badge[" in badges[0]
