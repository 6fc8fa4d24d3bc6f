"""Survey answers in: real CSV and XLSX files, long and wide, read and checked against a journey;
then saved through the store (SQLite and, when CXMAP_TEST_POSTGRES_URL is set, PostgreSQL) and
measured; then the ``import-responses`` and ``kpis`` commands, run in-process.

Expected KPIs are worked out by hand in the comments (see tests/test_measures.py for the
formulas); the journey's names carry accents on purpose.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from cxmap.cli import main
from cxmap.compute.measures import measured
from cxmap.domain.model import Channel, Journey, JourneyMap, Persona, Scale, Stage, Touchpoint
from cxmap.domain.report import CxmapError, RejectedFile
from cxmap.files.reader import read_workbook
from cxmap.files.responses import AnswerOptions, Answers, read_answers
from cxmap.files.writer import write_workbook
from cxmap.storage import schema
from cxmap.storage.samples import seed
from cxmap.storage.store import Store
from tests.test_measures import ROW_KEYS, find
from tests.workbooks import make_workbook

JOURNEY = "Boutique en ligne"
STUDENT, FAMILY = "Étudiant pressé", "Famille prudente"
HOME, PAYMENT, PICKUP, LOYALTY = (
    "Page d'accueil",
    "Paiement sécurisé",
    "Retrait en magasin",
    "Carte de fidélité",
)
MAP = JourneyMap(
    journey=Journey(JOURNEY),
    personas=(Persona(STUDENT), Persona(FAMILY)),
    stages=(Stage("Découverte"), Stage("Achat"), Stage("Fidélité")),
    channels=(Channel("Site web"), Channel("Magasin")),
    touchpoints=(
        Touchpoint("Découverte", "Site web", HOME),
        Touchpoint("Achat", "Site web", PAYMENT),
        Touchpoint("Achat", "Magasin", PICKUP),
        Touchpoint("Fidélité", "Magasin", LOYALTY),
    ),
)


# --- files as survey tools write them -----------------------------------------------------------


def csv_file(rows: list[list[Any]], *, sep: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(
    rows: list[list[Any]],
    *,
    title: str = "Réponses",
    blank_rows_above: int = 0,
    sheets_before: tuple[str, ...] = (),
) -> bytes:
    sheets = {name: [["Exported by the survey tool"]] for name in sheets_before}
    return make_workbook({**sheets, title: [[] for _ in range(blank_rows_above)] + rows})


def read(data: bytes, filename: str, journey_map: JourneyMap = MAP, **options: Any) -> Answers:
    return read_answers(data, journey_map, AnswerOptions(**options), filename=filename)


def located(answers: Answers) -> list[tuple[int | None, str | None]]:
    """Where the errors are: (row as the file numbers it, column header)."""
    return [(problem.row, problem.column) for problem in answers.report.errors]


def answers_as_rows(answers: Answers, *keys: str) -> list[tuple]:
    """The answers as sorted tuples of the given columns (the order of answers is free)."""
    return sorted(zip(*(answers.columns[key] for key in keys)), key=repr)


# --- long form ----------------------------------------------------------------------------------

FRENCH_LONG = [
    ["Date", "Profil", "Étape", "Point de contact", "Canal", "Indicateur", "Note", "Commentaire"],
    [
        "15/01/2026",
        "étudiant PRESSÉ",
        "achat",
        "paiement securise",
        "site web",
        "Recommandation",
        "9",
        "Très rapide",
    ],
    [
        "20/02/2026",
        "Famille prudente",
        "Découverte",
        "Page d’accueil",
        "Site Web",
        "Satisfaction",
        "4",
        "",
    ],
    [
        "03/04/2026",
        "Famille prudente",
        "Fidélité",
        "Carte de fidélité",
        "Magasin",
        "effort",
        "3,5",
        "Ça va",
    ],
    # no score: not an answer
    [
        "03/04/2026",
        "Famille prudente",
        "Achat",
        "Retrait en magasin",
        "Magasin",
        "recommandation",
        "",
        "Pas venu",
    ],
]


def test_long_french_file_in_windows_1252_with_semicolons_and_decimal_commas():
    answers = read(csv_file(FRENCH_LONG, sep=";", encoding="cp1252"), "réponses.csv")
    assert answers.report.errors == []
    assert (answers.form, answers.count) == ("long", 3)
    assert answers.columns["touchpoint"] == [PAYMENT, HOME, LOYALTY]
    assert answers.columns["persona"] == [STUDENT, FAMILY, FAMILY]
    assert answers.columns["stage"] == ["Achat", "Découverte", "Fidélité"]
    assert answers.columns["channel"] == ["Site web", "Site web", "Magasin"]
    assert answers.columns["metric"] == ["nps", "csat", "ces"]
    assert answers.columns["score"] == [9.0, 4.0, 3.5]
    assert answers.columns["answered_on"] == [
        dt.date(2026, 1, 15),
        dt.date(2026, 2, 20),
        dt.date(2026, 4, 3),
    ]
    assert answers.columns["period"] == ["2026-Q1", "2026-Q1", "2026-Q2"]
    assert answers.columns["comment"] == ["Très rapide", None, "Ça va"]


def test_long_french_headers_are_mapped_to_their_meaning():
    answers = read(csv_file(FRENCH_LONG, sep=";", encoding="cp1252"), "réponses.csv")
    assert answers.mapping == {
        "form": "long",
        "date": "Date",
        "persona": "Profil",
        "stage": "Étape",
        "touchpoint": "Point de contact",
        "channel": "Canal",
        "metric": "Indicateur",
        "score": "Note",
        "comment": "Commentaire",
    }


def test_long_file_in_utf8_with_a_byte_order_mark_reads_the_same():
    cp1252 = read(csv_file(FRENCH_LONG, sep=";", encoding="cp1252"), "a.csv")
    utf8 = read(csv_file(FRENCH_LONG, sep=";", encoding="utf-8-sig"), "b.csv")
    assert utf8.report.errors == []
    assert utf8.columns == cp1252.columns


ENGLISH_LONG_XLSX = [
    ["date", "persona", "touchpoint", "metric", "score", "comment"],
    [dt.date(2026, 1, 15), STUDENT, PAYMENT, "nps", 10, None],
    [dt.date(2026, 5, 2), FAMILY, HOME, "CSAT", 2, "Slow"],
    [None, None, LOYALTY, "ces", 6.5, None],
]


def test_long_workbook_reads_real_dates_and_numbers():
    answers = read(xlsx_file(ENGLISH_LONG_XLSX), "answers.xlsx")
    assert answers.report.errors == []
    assert answers_as_rows(
        answers, "touchpoint", "persona", "metric", "score", "answered_on", "period", "comment"
    ) == sorted(
        [
            (PAYMENT, STUDENT, "nps", 10.0, dt.date(2026, 1, 15), "2026-Q1", None),
            (HOME, FAMILY, "csat", 2.0, dt.date(2026, 5, 2), "2026-Q2", "Slow"),
            (LOYALTY, None, "ces", 6.5, None, None, None),
        ],
        key=repr,
    )


def test_long_workbook_and_csv_of_the_same_answers_read_the_same():
    as_csv = [
        [cell.isoformat() if isinstance(cell, dt.date) else cell for cell in row]
        for row in ENGLISH_LONG_XLSX
    ]
    assert (
        read(csv_file(as_csv), "a.csv").columns
        == read(xlsx_file(ENGLISH_LONG_XLSX), "a.xlsx").columns
    )


def test_long_touchpoint_gives_its_stage_and_channel():
    answers = read(csv_file([["touchpoint", "metric", "score"], [PICKUP, "nps", 8]]), "a.csv")
    assert (answers.columns["stage"], answers.columns["channel"]) == (["Achat"], ["Magasin"])


def test_long_workbook_answers_sheet_is_found_among_others():
    data = xlsx_file(ENGLISH_LONG_XLSX, title="Responses", sheets_before=("Read me",))
    assert read(data, "export.xlsx").count == 3


def test_long_file_without_a_metric_column_takes_the_declared_metric():
    data = csv_file([["touchpoint", "score"], [PAYMENT, 9], [HOME, 3]])
    answers = read(data, "a.csv", metric="nps")
    assert answers.report.errors == []
    assert (answers.form, answers.columns["metric"]) == ("long", ["nps", "nps"])


def test_long_file_without_a_metric_column_or_a_declared_metric_is_an_error():
    answers = read(csv_file([["touchpoint", "score"], [PAYMENT, 9]]), "a.csv")
    assert answers.count == 0
    assert "metric" in answers.report.errors[0].message


def test_long_unknown_metric_is_an_error_naming_row_and_column():
    data = csv_file(
        [["touchpoint", "metric", "score"], [PAYMENT, "nps", 9], [PAYMENT, "loyalty", 9]]
    )
    answers = read(data, "a.csv")
    assert located(answers) == [(3, "metric")]
    assert "'loyalty' is not a metric" in answers.report.errors[0].message


def test_long_scores_are_checked_against_each_rows_metric_scale():
    data = csv_file(
        [
            ["touchpoint", "metric", "score"],
            [PAYMENT, "nps", 10],  # row 2: the top of 0..10
            [HOME, "csat", 6],  # row 3: outside 1..5
            [LOYALTY, "ces", 7],  # row 4: the top of 1..7
            [LOYALTY, "ces", 8],  # row 5: outside 1..7
            [HOME, "csat", 0],
        ]
    )  # row 6: outside 1..5
    answers = read(data, "a.csv")
    assert sorted(located(answers)) == [(3, "score"), (5, "score"), (6, "score")]
    messages = {p.row: p.message for p in answers.report.errors}
    assert "CSAT scale 1..5" in messages[3]
    assert "CES scale 1..7" in messages[5]


def test_a_score_that_is_not_a_number_is_an_error():
    data = csv_file([["touchpoint", "metric", "score"], [PAYMENT, "nps", "beaucoup"]])
    answers = read(data, "a.csv")
    assert located(answers) == [(2, "score")]
    assert "'beaucoup' is not a score" in answers.report.errors[0].message


# --- wide form ----------------------------------------------------------------------------------

WIDE_HEADER = [
    "ID répondant",
    "Segment",
    "Date de réponse",
    "PAIEMENT SECURISE",
    "page d’accueil",
    "retrait en Magasin",
    "Navigateur",
]
WIDE_ROWS = [
    ["r1", "Étudiant pressé", dt.date(2026, 1, 10), 10, 9, None, "Firefox"],
    ["r2", "famille prudente", dt.date(2026, 5, 11), 6, None, 8, "Safari"],
    ["r3", None, None, 9, 7, 0, "Chrome"],
]


def wide_file(kind: str) -> tuple[bytes, str]:
    if kind == "xlsx":
        return xlsx_file([WIDE_HEADER, *WIDE_ROWS]), "survey.xlsx"
    rows = [
        [c.strftime("%d/%m/%Y") if isinstance(c, dt.date) else c for c in row] for row in WIDE_ROWS
    ]
    return csv_file([WIDE_HEADER, *rows]), "survey.csv"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_wide_touchpoint_columns_are_found_whatever_their_case_and_accents(kind):
    answers = read(*wide_file(kind))
    assert answers.report.errors == []
    assert answers.form == "wide"
    assert answers.mapping["touchpoints"] == {
        "PAIEMENT SECURISE": PAYMENT,
        "page d’accueil": HOME,
        "retrait en Magasin": PICKUP,
    }


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_wide_persona_date_and_respondent_columns_are_found_by_their_header(kind):
    answers = read(*wide_file(kind))
    mapping = answers.mapping
    assert (mapping["persona"], mapping["date"], mapping["respondent"]) == (
        "Segment",
        "Date de réponse",
        "ID répondant",
    )
    assert mapping["ignored"] == ["Navigateur"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_wide_row_gives_one_answer_per_answered_touchpoint(kind):
    answers = read(*wide_file(kind))
    jan, may = dt.date(2026, 1, 10), dt.date(2026, 5, 11)
    assert answers_as_rows(
        answers,
        "respondent",
        "touchpoint",
        "stage",
        "channel",
        "persona",
        "answered_on",
        "period",
        "metric",
        "score",
    ) == sorted(
        [
            ("r1", PAYMENT, "Achat", "Site web", STUDENT, jan, "2026-Q1", "nps", 10.0),
            ("r1", HOME, "Découverte", "Site web", STUDENT, jan, "2026-Q1", "nps", 9.0),
            ("r2", PAYMENT, "Achat", "Site web", FAMILY, may, "2026-Q2", "nps", 6.0),
            ("r2", PICKUP, "Achat", "Magasin", FAMILY, may, "2026-Q2", "nps", 8.0),
            ("r3", PAYMENT, "Achat", "Site web", None, None, None, "nps", 9.0),
            ("r3", HOME, "Découverte", "Site web", None, None, None, "nps", 7.0),
            ("r3", PICKUP, "Achat", "Magasin", None, None, None, "nps", 0.0),
        ],
        key=repr,
    )


NAMED_BY_OPTION = [
    ["Groupe", "Quand", PAYMENT, LOYALTY],
    [STUDENT, "2026-02-01", 4, 2],
    [FAMILY, "2026-08-01", 5, ""],
]


def test_wide_persona_and_date_columns_named_by_options():
    answers = read(csv_file(NAMED_BY_OPTION), "a.csv", persona_column="Groupe", date_column="Quand")
    assert answers.report.errors == []
    assert (answers.mapping["persona"], answers.mapping["date"]) == ("Groupe", "Quand")
    assert answers.mapping["ignored"] == []
    assert answers_as_rows(answers, "touchpoint", "persona", "period") == sorted(
        [
            (PAYMENT, STUDENT, "2026-Q1"),
            (LOYALTY, STUDENT, "2026-Q1"),
            (PAYMENT, FAMILY, "2026-Q3"),
        ],
        key=repr,
    )


def test_wide_columns_with_unknown_headers_are_ignored_and_reported():
    answers = read(csv_file(NAMED_BY_OPTION), "a.csv")
    assert answers.report.errors == []
    assert (answers.mapping["persona"], answers.mapping["date"]) == (None, None)
    assert answers.mapping["ignored"] == ["Groupe", "Quand"]
    assert set(answers.columns["persona"]) == {None}


def test_wide_option_naming_a_column_that_does_not_exist_is_an_error():
    answers = read(csv_file(NAMED_BY_OPTION), "a.csv", persona_column="Segment")
    assert answers.count == 0
    assert "there is no column 'Segment'" in answers.report.errors[0].message


def test_wide_columns_can_be_mapped_to_touchpoints_explicitly():
    data = csv_file([["Segment", "Q1", "Q2"], [STUDENT, 5, 1]])
    answers = read(data, "a.csv", touchpoint_columns={"Q1": HOME, "Q2": PAYMENT})
    assert answers.report.errors == []
    assert answers_as_rows(answers, "touchpoint", "score") == [(HOME, 5.0), (PAYMENT, 1.0)]


def test_wide_header_holding_one_touchpoint_name_counts_for_it():
    data = csv_file([["Segment", "Q3 - Paiement sécurisé"], [STUDENT, 5]])
    assert read(data, "a.csv").mapping["touchpoints"] == {"Q3 - Paiement sécurisé": PAYMENT}


@pytest.mark.parametrize(
    ("scores", "metric"),
    [
        ([0, 10, 7], "nps"),  # 0–10
        ([3, 9], "nps"),
        ([1, 5, 3], "csat"),  # 1–5
        ([5, 4], "csat"),
        ([1, 7, 4], "ces"),  # 1–7
        ([2, 6], "ces"),
    ],
)
def test_wide_metric_is_inferred_from_the_scores_with_a_note(scores, metric):
    data = csv_file([[PAYMENT], *([s] for s in scores)])
    answers = read(data, "a.csv")
    assert answers.report.errors == []
    assert set(answers.columns["metric"]) == {metric}
    assert answers.mapping["metric"] == metric
    assert any(
        f"metric inferred as {metric.upper()}" in note.message for note in answers.report.notes
    )


def test_wide_declared_metric_wins_over_the_scores_and_needs_no_note():
    answers = read(csv_file([[PAYMENT], [1], [5]]), "a.csv", metric="nps")
    assert set(answers.columns["metric"]) == {"nps"}
    assert answers.report.notes == []


def test_wide_declared_scale_decides_the_inferred_metric():
    answers = read(csv_file([[PAYMENT], [1], [5]]), "a.csv", scale=Scale(1, 7))
    assert set(answers.columns["metric"]) == {"ces"}


def test_wide_scores_on_no_known_scale_are_an_error():
    answers = read(csv_file([[PAYMENT], [0], [12]]), "a.csv")
    assert answers.count == 0
    assert "no metric has that scale" in answers.report.errors[0].message


def test_wide_file_with_no_touchpoint_column_is_an_error():
    answers = read(csv_file([["Segment", "Panier"], [STUDENT, 5]]), "a.csv")
    assert answers.count == 0
    assert "no column is named after a touchpoint" in answers.report.errors[0].message


# --- missing values -----------------------------------------------------------------------------

NOT_APPLICABLE = [
    ["Segment", HOME, PAYMENT],
    [STUDENT, 5, 0],  # 0: the question did not apply
    [FAMILY, 0, 4],
    [FAMILY, 2, 0],
]


def test_declared_missing_values_are_no_answer():
    answers = read(csv_file(NOT_APPLICABLE), "a.csv", missing=("0",))
    assert answers.report.errors == []
    assert answers_as_rows(answers, "touchpoint", "persona", "score") == sorted(
        [(HOME, STUDENT, 5.0), (HOME, FAMILY, 2.0), (PAYMENT, FAMILY, 4.0)], key=repr
    )
    assert set(answers.columns["metric"]) == {"csat"}  # inferred from 1–5 once 0 is no answer


def test_undeclared_zeros_are_scores():
    answers = read(csv_file(NOT_APPLICABLE), "a.csv")
    assert answers.count == 6
    assert set(answers.columns["metric"]) == {"nps"}  # 0–5 fits only 0–10


def test_missing_values_match_whatever_their_case_and_in_a_workbook_too():
    rows = [
        ["touchpoint", "metric", "score"],
        [PAYMENT, "nps", "N/A"],
        [PAYMENT, "nps", "na"],
        [PAYMENT, "nps", 9],
        [HOME, "csat", 0],
    ]
    answers = read(xlsx_file(rows), "a.xlsx", missing=("n/a", "0"))
    assert answers.report.errors == []
    assert answers_as_rows(answers, "touchpoint", "score") == [(PAYMENT, 9.0)]


def test_undeclared_missing_marker_is_not_a_score():
    rows = [["touchpoint", "metric", "score"], [PAYMENT, "nps", "N/A"]]
    assert located(read(csv_file(rows), "a.csv")) == [(2, "score")]


# --- errors: row and column named, nothing kept -------------------------------------------------


def test_out_of_scale_score_names_the_csv_row_and_column_and_keeps_nothing():
    rows = [row[:] for row in FRENCH_LONG]
    rows[2][6] = "11"  # row 3 of the file: 11 on a 1–5 CSAT scale
    answers = read(csv_file(rows, sep=";", encoding="cp1252"), "réponses.csv")
    assert located(answers) == [(3, "Note")]
    assert "11 is outside the CSAT scale 1..5" in answers.report.errors[0].message
    assert (answers.ok, answers.count, answers.columns) == (False, 0, {})


def test_out_of_scale_score_names_the_workbook_row_and_column_and_keeps_nothing():
    rows = [["Segment", PAYMENT, HOME], [STUDENT, 5, 4], [FAMILY, 6, 1], [FAMILY, 3, 9]]
    answers = read(xlsx_file(rows), "csat.xlsx", metric="csat")
    assert sorted(located(answers)) == [(3, PAYMENT), (4, HOME)]
    assert answers.report.errors[0].sheet == "Réponses"
    assert (answers.count, answers.columns) == (0, {})


def test_every_bad_row_is_listed():
    rows = [["touchpoint", "metric", "score"]] + [[PAYMENT, "nps", 12 + i] for i in range(5)]
    assert located(read(csv_file(rows), "a.csv")) == [(row, "score") for row in range(2, 7)]


def test_workbook_errors_cite_rows_as_excel_numbers_them_below_blank_rows():
    # the header is on row 3 (two blank rows above it): the 11 is on Excel's row 5
    rows = [["touchpoint", "metric", "score"], [PAYMENT, "nps", 9], [PAYMENT, "nps", 11]]
    answers = read(xlsx_file(rows, blank_rows_above=2), "a.xlsx")
    assert located(answers) == [(5, "score")]


def test_csv_errors_cite_rows_as_the_file_numbers_them_after_a_blank_line():
    data = f"touchpoint,metric,score\r\n{PAYMENT},nps,9\r\n\r\n{PAYMENT},nps,11\r\n".encode()
    assert located(read(data, "a.csv")) == [(4, "score")]


@pytest.mark.parametrize(
    ("column", "value", "kind"),
    [
        ("touchpoint", "Panier", "touchpoint"),
        # a persona the map does not list is a survey segment: it becomes a persona
        # (tests/test_real_files.py)
        ("stage", "Livraison", "stage"),
        ("channel", "Téléphone", "channel"),
    ],
)
def test_long_unknown_name_is_an_error_listing_the_journeys_names(column, value, kind):
    header = ["persona", "stage", "touchpoint", "channel", "metric", "score"]
    good = [STUDENT, "Achat", PAYMENT, "Site web", "nps", 9]
    bad = dict(zip(header, good)) | {column: value}
    answers = read(csv_file([header, good, list(bad.values())]), "a.csv")
    assert located(answers) == [(3, column)]
    message = answers.report.errors[0].message
    assert f"'{value}' is not a {kind} of journey '{JOURNEY}'" in message
    assert answers.columns == {}


def test_wide_unknown_persona_becomes_a_persona_from_the_answers():
    # was an error until the contract said survey segments become personas (issue 10)
    answers = read(csv_file([["Segment", PAYMENT], [STUDENT, 9], ["Touriste", 8]]), "a.csv")
    assert located(answers) == []
    assert answers.personas == ["Touriste"]
    assert answers.columns["persona"] == [STUDENT, "Touriste"]


def test_file_with_no_answer_rows_is_an_error():
    answers = read(csv_file([["touchpoint", "metric", "score"]]), "a.csv")
    assert "no answers" in answers.report.errors[0].message


def word_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "answers.csv"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 3 >>\nstream\n\x00\x01\x02", "a.pdf"),
        (word_document(), "answers.docx"),
        (word_document(), "answers.xlsx"),
        (b"touchpoint,metric,score\n", "answers.xlsx"),  # text renamed as a workbook
    ],
    ids=["png", "pdf", "word", "word-named-xlsx", "csv-named-xlsx"],
)
def test_a_file_that_is_neither_csv_nor_a_workbook_is_rejected(data, filename):
    with pytest.raises(RejectedFile):
        read(data, filename)


# --- files met in the field ---------------------------------------------------------------------


def utf8_csv_split_at_64_kib() -> bytes:
    """A UTF-8 export of a few thousand answers whose byte 65,536 falls inside an `é`."""
    header = b"persona,touchpoint,metric,score,comment\r\n"
    line = f"{STUDENT},{PAYMENT},nps,9,\r\n".encode()
    for pad in range(len(line)):
        data = (
            header
            + f"{FAMILY},{PAYMENT},nps,10,{'x' * pad}\r\n".encode()
            + line * (70_000 // len(line))
        )
        try:
            data[:65_536].decode("utf-8")
        except UnicodeDecodeError:
            return data
    raise AssertionError("no padding puts a character across byte 65,536")


def test_utf8_file_keeps_its_accents_past_the_first_64_kib():
    answers = read(utf8_csv_split_at_64_kib(), "export.csv")
    assert answers.report.errors[:1] == []
    assert set(answers.columns["persona"]) == {STUDENT, FAMILY}


def test_wide_comment_column_about_a_touchpoint_is_ignored_not_read_as_scores():
    rows = [
        ["Segment", PAYMENT, f"Commentaire {PAYMENT}"],
        [STUDENT, 9, "Rapide"],
        [FAMILY, 3, "Trop d'étapes"],
    ]
    answers = read(csv_file(rows), "a.csv")
    assert answers.report.errors == []
    assert answers.mapping["touchpoints"] == {PAYMENT: PAYMENT}
    assert answers.count == 2


# --- saved and measured (SQLite and PostgreSQL) -------------------------------------------------

HEADER = ["date", "persona", "stage", "touchpoint", "channel", "metric", "score", "comment"]
WAVE_1 = csv_file(
    [
        HEADER,
        ["2026-01-15", STUDENT, "Achat", PAYMENT, "Site web", "nps", 10, ""],
        ["2026-01-20", STUDENT, "Achat", PAYMENT, "Site web", "nps", 9, ""],
        ["2026-02-03", STUDENT, "Achat", PAYMENT, "Site web", "nps", 7, ""],
        ["2026-02-10", FAMILY, "Achat", PAYMENT, "Site web", "nps", 3, "Trop lent"],
        ["2026-03-01", FAMILY, "Achat", PAYMENT, "Site web", "nps", 6, ""],
        ["2026-03-05", FAMILY, "Achat", PICKUP, "Magasin", "nps", 9, ""],
        ["2026-03-09", STUDENT, "Achat", PICKUP, "Magasin", "nps", 0, "Fermé"],
        ["2026-01-12", STUDENT, "Découverte", HOME, "Site web", "csat", 5, ""],
        ["2026-02-14", FAMILY, "Découverte", HOME, "Site web", "csat", 4, ""],
        ["2026-02-15", FAMILY, "Découverte", HOME, "Site web", "csat", 2, ""],
        ["2026-03-20", FAMILY, "Fidélité", LOYALTY, "Magasin", "ces", 2, ""],
        ["2026-03-21", STUDENT, "Fidélité", LOYALTY, "Magasin", "ces", 4, ""],
        ["2026-03-22", STUDENT, "Fidélité", LOYALTY, "Magasin", "ces", 6, ""],
    ]
)
# (kpi, dimensions, n, value, low, high), by hand:
# NPS ± 100 · 1.96 · √((p + d − (p − d)²) / n); CSAT Wilson; CES mean ± 1.96 s/√n
WAVE_1_KPIS = [
    # all NPS answers 10 9 7 3 6 9 0: 3 promoters, 3 detractors of 7; √((6/7)/7) = 0.349927
    ("NPS", {}, 7, 0.0, -68.5845, 68.5845),
    ("NPS", {"stage": "Achat"}, 7, 0.0, -68.5845, 68.5845),
    # 10 9 7 3 6: 2 and 2 of 5; √(0.8/5) = 0.4
    ("NPS", {"touchpoint": PAYMENT}, 5, 0.0, -78.3986, 78.3986),
    # 10 9 7: 2 of 3 promoters; √((2/3 − 4/9)/3) = 0.272166 → ± 53.3435
    ("NPS", {"touchpoint": PAYMENT, "persona": STUDENT}, 3, 66.6667, 13.3232, 100.0),
    ("NPS", {"touchpoint": PAYMENT, "persona": FAMILY}, 2, -100.0, -100.0, -100.0),  # 3 6
    # 9 0: √(1/2) → ± 138.59, clamped both ways
    ("NPS", {"touchpoint": PICKUP}, 2, 0.0, -100.0, 100.0),
    ("NPS", {"touchpoint": PICKUP, "persona": FAMILY}, 1, 100.0, 100.0, 100.0),  # n = 1
    ("NPS", {"touchpoint": PICKUP, "persona": STUDENT}, 1, -100.0, -100.0, -100.0),
    # CSAT 5 4 2: 2 of 3 satisfied; Wilson (0.66667 + 0.64024 ± 1.96 · 0.42518) / 2.28049
    ("CSAT", {}, 3, 66.6667, 20.766, 93.8508),
    ("CSAT", {"stage": "Découverte"}, 3, 66.6667, 20.766, 93.8508),
    ("CSAT", {"touchpoint": HOME}, 3, 66.6667, 20.766, 93.8508),
    ("CSAT", {"touchpoint": HOME, "persona": FAMILY}, 2, 50.0, 9.4531, 90.5469),  # 4 2
    ("CSAT", {"touchpoint": HOME, "persona": STUDENT}, 1, 100.0, 20.6549, 100.0),  # 5
    # CES 2 4 6: mean 4, s = 2 → ± 1.96 · 2/√3
    ("CES", {}, 3, 4.0, 1.7368, 6.2632),
    ("CES", {"stage": "Fidélité"}, 3, 4.0, 1.7368, 6.2632),
    ("CES", {"touchpoint": LOYALTY}, 3, 4.0, 1.7368, 6.2632),
    # 4 6: mean 5, s = √2 → ± 1.96 · √2/√2 = 1.96
    ("CES", {"touchpoint": LOYALTY, "persona": STUDENT}, 2, 5.0, 3.04, 6.96),
    ("CES", {"touchpoint": LOYALTY, "persona": FAMILY}, 1, 2.0, None, None),  # n = 1
]
# a second wave, as a survey tool exports it (one row per respondent), in April
WAVE_2 = csv_file(
    [
        ["Segment", "Date", "PAIEMENT SECURISE", "retrait en magasin"],
        [STUDENT, "2026-04-02", 10, ""],
        [FAMILY, "2026-04-03", 9, 10],
        [FAMILY, "2026-04-05", 4, ""],
    ]
)
AFTER_WAVE_2_KPIS = [
    # 10 9 7 3 6 9 0 + 10 9 4 10: 6 promoters, 4 detractors of 11; √((10/11 − 4/121)/11)
    # = 0.282204 → ± 55.3111
    ("NPS", {}, 11, 18.1818, -37.1292, 73.4929),
    ("NPS", {"stage": "Achat"}, 11, 18.1818, -37.1292, 73.4929),
    # 10 9 7 3 6 + 10 9 4: 4 and 3 of 8; √((7/8 − 1/64)/8) = 0.327753 → ± 64.2384
    ("NPS", {"touchpoint": PAYMENT}, 8, 12.5, -51.7384, 76.7384),
    # 10 9 7 + 10: 3 of 4; √((3/4 − 9/16)/4) = 0.216506 → ± 42.4345
    ("NPS", {"touchpoint": PAYMENT, "persona": STUDENT}, 4, 75.0, 32.5655, 100.0),
    # 3 6 + 9 4: 1 and 3 of 4; √((1 − 1/4)/4) = 0.433013 → ± 84.8689
    ("NPS", {"touchpoint": PAYMENT, "persona": FAMILY}, 4, -50.0, -100.0, 34.8689),
    # 9 0 + 10: 2 and 1 of 3; √((1 − 1/9)/3) = 0.544331 → ± 106.6869
    ("NPS", {"touchpoint": PICKUP}, 3, 33.3333, -73.3536, 100.0),
    # April: 10 9 4 10
    ("NPS", {"period": "2026-Q2"}, 4, 50.0, -34.8689, 100.0),
    # the other metrics did not move
    ("CSAT", {}, 3, 66.6667, 20.766, 93.8508),
    ("CES", {}, 3, 4.0, 1.7368, 6.2632),
]


def check(rows: list[dict[str, Any]], expected: list[tuple]) -> None:
    for kpi, dims, n, value, low, high in expected:
        row = find(rows, kpi, **dims)
        got = (row["n"], row["value"], row["low"], row["high"])
        want = (
            n,
            pytest.approx(value, abs=5e-4),
            None if low is None else pytest.approx(low, abs=5e-4),
            None if high is None else pytest.approx(high, abs=5e-4),
        )
        assert got == want, (kpi, dims)


def with_journey(store: Store) -> Store:
    store.save([MAP])
    return store


def save(store: Store, data: bytes, filename: str, **options: Any):
    answers = read(data, filename, **options)
    assert answers.report.errors == []
    return store.save_answers(JOURNEY, answers)


def kpis(store: Store) -> list[dict[str, Any]]:
    return measured(store.answer_tallies(JOURNEY)).as_dicts()


def table_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            table.name: conn.scalar(select(func.count()).select_from(table))
            for table in (schema.response_batches, schema.responses, schema.response_tallies)
        }


def test_saved_answers_measure_the_hand_computed_kpis(store: Store):
    saved = save(with_journey(store), WAVE_1, "wave-1.csv")
    assert (saved.added, saved.duplicate_of) == (13, None)
    check(kpis(store), WAVE_1_KPIS)


def test_saved_answers_keep_every_field(store: Store):
    save(with_journey(store), WAVE_1, "wave-1.csv")
    r = schema.responses.c
    with store.engine.connect() as conn:
        row = conn.execute(
            select(
                r.answered_on,
                r.period,
                r.persona,
                r.stage,
                r.touchpoint,
                r.channel,
                r.metric,
                r.score,
                r.comment,
            ).where(r.comment == "Fermé")
        ).one()
    assert tuple(row) == (
        dt.date(2026, 3, 9),
        "2026-Q1",
        STUDENT,
        "Achat",
        PICKUP,
        "Magasin",
        "nps",
        0.0,
        "Fermé",
    )


def test_a_second_wave_appends_and_the_kpis_are_recomputed(store: Store):
    save(with_journey(store), WAVE_1, "wave-1.csv")
    version = store.data_version()
    saved = save(store, WAVE_2, "wave-2.csv")
    assert (saved.added, saved.duplicate_of) == (4, None)
    assert store.data_version() > version
    check(kpis(store), AFTER_WAVE_2_KPIS)
    assert table_counts(store)["responses"] == 17


def test_the_same_file_twice_adds_nothing(store: Store):
    save(with_journey(store), WAVE_1, "wave-1.csv")
    tallies, version, counts = (
        store.answer_tallies(JOURNEY),
        store.data_version(),
        table_counts(store),
    )
    again = save(store, WAVE_1, "wave-1 (copy).csv")  # the same bytes under another name
    assert again.added == 0
    assert isinstance(again.duplicate_of, dt.datetime)
    assert store.answer_tallies(JOURNEY) == tallies
    assert (store.data_version(), table_counts(store)) == (version, counts)
    check(kpis(store), WAVE_1_KPIS)


def test_the_store_refuses_answers_with_errors_and_changes_nothing(store: Store):
    save(with_journey(store), WAVE_1, "wave-1.csv")
    tallies, version, counts = (
        store.answer_tallies(JOURNEY),
        store.data_version(),
        table_counts(store),
    )
    bad = read(WAVE_2.replace(b",4,", b",44,"), "wave-2.csv")
    assert not bad.ok
    with pytest.raises(CxmapError):
        store.save_answers(JOURNEY, bad)
    assert store.answer_tallies(JOURNEY) == tallies
    assert (store.data_version(), table_counts(store)) == (version, counts)
    assert save(store, WAVE_2, "wave-2.csv").added == 4  # the corrected file goes in whole


def test_reimporting_the_journeys_workbook_keeps_its_answers(store: Store, tmp_path: Path):
    save(with_journey(store), WAVE_1, "wave-1.csv")
    tallies = store.answer_tallies(JOURNEY)
    path = tmp_path / "boutique.xlsx"
    write_workbook([store.load(JOURNEY)], path)
    result = read_workbook(path)
    assert result.report.errors == []
    (saved,) = store.save(result.maps)
    assert saved.replaced
    assert store.answer_tallies(JOURNEY) == tallies
    check(kpis(store), WAVE_1_KPIS)


# (issue 12: `delete` hides a journey and keeps its answers for a restoration; `purge` is the
# old delete, for good)
def test_purging_the_journey_deletes_its_answers(store: Store):
    save(with_journey(store), WAVE_1, "wave-1.csv")
    assert store.purge(JOURNEY)
    assert table_counts(store) == {"response_batches": 0, "responses": 0, "response_tallies": 0}
    with_journey(store)  # the same journey again starts with no answers
    assert kpis(store) == []
    assert save(store, WAVE_1, "wave-1.csv").added == 13  # and the old file is new to it


def test_answers_of_one_journey_are_not_counted_in_another(store: Store):
    other = JourneyMap(
        journey=Journey("Autre parcours"),
        stages=MAP.stages,
        channels=MAP.channels,
        personas=MAP.personas,
        touchpoints=MAP.touchpoints,
    )
    store.save([MAP, other])
    save(store, WAVE_1, "wave-1.csv")
    assert store.answer_tallies("Autre parcours") == []
    assert store.save_answers("Autre parcours", read(WAVE_1, "wave-1.csv")).added == 13


# --- the command line ---------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def kpis_json(capsys: pytest.CaptureFixture[str], journey: str = JOURNEY) -> list[dict]:
    code, out, err = run(capsys, "kpis", "--journey", journey, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


@pytest.fixture
def wave_1(tmp_path: Path) -> Path:
    path = tmp_path / "wave-1.csv"
    path.write_bytes(WAVE_1)
    return path


def test_cli_import_responses_prints_a_summary(
    database_url: str, store: Store, capsys, wave_1: Path
):
    with_journey(store)
    code, out, err = run(capsys, "import-responses", wave_1, "--journey", JOURNEY)
    assert (code, err) == (0, "")
    assert f"added 13 answers (long form, CES, CSAT, NPS) to '{JOURNEY}'" in out


def test_cli_import_responses_prints_every_error_and_saves_nothing(
    database_url: str, store: Store, capsys, tmp_path: Path
):
    with_journey(store)
    version = store.data_version()
    path = tmp_path / "broken.csv"
    path.write_bytes(
        csv_file(
            [
                HEADER,
                ["2026-01-15", STUDENT, "Achat", PAYMENT, "Site web", "nps", 10, ""],
                ["2026-01-16", STUDENT, "Achat", PAYMENT, "Site web", "nps", 11, ""],  # row 3
                ["2026-01-17", FAMILY, "Achat", PAYMENT, "Site web", "nps", 8, ""],
                ["2026-01-18", FAMILY, "Achat", "Panier", "Site web", "nps", 8, ""],  # row 5
                ["2026-01-19", FAMILY, "Achat", PAYMENT, "Site web", "nps", 8, ""],
                # row 7: an unknown channel (an unknown persona is a segment: it becomes one)
                ["2026-01-20", FAMILY, "Achat", PAYMENT, "Téléphone", "nps", 8, ""],
                ["le 3 mars", FAMILY, "Achat", PAYMENT, "Site web", "nps", 8, ""],  # row 8
            ]
        )
    )
    code, out, err = run(capsys, "import-responses", path, "--journey", JOURNEY)
    assert (code, out) == (1, "")
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == 4
    for row, column in ((3, "score"), (5, "touchpoint"), (7, "channel"), (8, "date")):
        assert any(f"row {row}, column '{column}'" in line for line in errors), (row, column)
    assert "nothing was imported" in err
    assert store.answer_tallies(JOURNEY) == []
    assert store.data_version() == version
    assert table_counts(store)["response_batches"] == 0


def test_cli_same_file_after_fixing_the_journey_is_imported(
    database_url: str, store: Store, capsys, tmp_path: Path
):
    # (an unknown touchpoint: an unknown persona would be a segment, and become one)
    path = tmp_path / "basket.csv"
    path.write_bytes(csv_file([["touchpoint", "metric", "score"], ["Panier", "nps", 10]]))
    with_journey(store)
    assert run(capsys, "import-responses", path, "--journey", JOURNEY)[0] == 1
    store.save(
        [
            JourneyMap(
                journey=MAP.journey,
                personas=MAP.personas,
                stages=MAP.stages,
                channels=MAP.channels,
                touchpoints=(*MAP.touchpoints, Touchpoint("Achat", "Site web", "Panier")),
            )
        ]
    )
    code, out, _err = run(capsys, "import-responses", path, "--journey", JOURNEY)
    assert code == 0 and "added 1 answers" in out


def test_cli_same_file_twice_is_not_counted_twice(
    database_url: str, store: Store, capsys, wave_1: Path
):
    with_journey(store)
    run(capsys, "import-responses", wave_1, "--journey", JOURNEY)
    before = kpis_json(capsys)
    code, out, err = run(capsys, "import-responses", wave_1, "--journey", JOURNEY)
    assert (code, err) == (0, "")
    assert "already imported" in out and "nothing added" in out
    assert kpis_json(capsys) == before


def test_cli_kpis_json_rows_have_exactly_the_documented_keys(
    database_url: str, store: Store, capsys, wave_1: Path
):
    with_journey(store)
    run(capsys, "import-responses", wave_1, "--journey", JOURNEY)
    rows = kpis_json(capsys)
    assert rows and all(set(row) == ROW_KEYS for row in rows)


def test_cli_kpis_json_has_the_journey_touchpoint_persona_and_stage_rows(
    database_url: str, store: Store, capsys, wave_1: Path
):
    with_journey(store)
    run(capsys, "import-responses", wave_1, "--journey", JOURNEY)
    rows = kpis_json(capsys)
    for kpi, touchpoint, stage in (
        ("NPS", PAYMENT, "Achat"),
        ("NPS", PICKUP, "Achat"),
        ("CSAT", HOME, "Découverte"),
        ("CES", LOYALTY, "Fidélité"),
    ):
        find(rows, kpi)
        find(rows, kpi, stage=stage)
        find(rows, kpi, touchpoint=touchpoint)
        for persona in (STUDENT, FAMILY):
            find(rows, kpi, touchpoint=touchpoint, persona=persona)
    check(rows, WAVE_1_KPIS)


def test_cli_kpis_json_after_a_second_wave(
    database_url: str, store: Store, capsys, wave_1: Path, tmp_path: Path
):
    with_journey(store)
    wave_2 = tmp_path / "wave-2.csv"
    wave_2.write_bytes(WAVE_2)
    run(capsys, "import-responses", wave_1, "--journey", JOURNEY)
    code, out, err = run(capsys, "import-responses", wave_2, "--journey", JOURNEY)
    assert code == 0 and "added 4 answers (wide form, NPS)" in out
    assert "metric inferred as NPS" in err  # a note, not an error
    check(kpis_json(capsys), AFTER_WAVE_2_KPIS)


def test_cli_wide_file_with_named_columns_missing_values_and_a_declared_metric(
    database_url: str, store: Store, capsys, tmp_path: Path
):
    with_journey(store)
    path = tmp_path / "csat.xlsx"
    path.write_bytes(
        xlsx_file(
            [
                ["Groupe", "Quand", HOME, PAYMENT, "Remarque"],
                [STUDENT, dt.date(2026, 1, 5), 5, 0, "RAS"],
                [FAMILY, dt.date(2026, 1, 6), 0, 4, ""],
                [FAMILY, dt.date(2026, 1, 7), 2, 0, ""],
                [STUDENT, dt.date(2026, 1, 8), 4, 0, ""],
            ]
        )
    )
    code, out, err = run(
        capsys,
        "import-responses",
        path,
        "--journey",
        JOURNEY,
        "--persona-column",
        "Groupe",
        "--date-column",
        "Quand",
        "--metric",
        "csat",
        "--scale",
        "1..5",
        "--missing",
        "0",
    )
    assert (code, err) == (0, "")
    assert "added 4 answers (wide form, CSAT)" in out
    rows = kpis_json(capsys)
    # the zeros are no answer: Page d'accueil 5 2 4 (2 of 3 satisfied), Paiement sécurisé 4;
    # 3 of 4 satisfied: (0.75 + 0.48018 ± 1.96 · 0.32695) / 1.96036; 2 of 2: (1 + 0.96036 ±
    # 1.96 · 0.48999) / 2.92073
    check(
        rows,
        [
            ("CSAT", {}, 4, 75.0, 30.0642, 95.4413),
            ("CSAT", {"touchpoint": HOME}, 3, 66.6667, 20.766, 93.8508),
            ("CSAT", {"touchpoint": HOME, "persona": STUDENT}, 2, 100.0, 34.238, 100.0),
            ("CSAT", {"touchpoint": PAYMENT, "persona": FAMILY}, 1, 100.0, 20.6549, 100.0),
            ("CSAT", {"period": "2026-Q1"}, 4, 75.0, 30.0642, 95.4413),
        ],
    )


def test_cli_import_into_a_sample_journey(database_url: str, store: Store, capsys, tmp_path: Path):
    seed(store, answers=False)  # the sample's own answers would add to the counts below
    journey = "Online store — current"
    path = tmp_path / "nps.csv"
    path.write_bytes(
        csv_file(
            [
                ["Segment", "guest CHECKOUT", "Delivery tracking SMS"],
                ["Hurried Hugo", 10, 3],
                ["Anxious Anna", 9, ""],
            ]
        )
    )
    code, out, _err = run(capsys, "import-responses", path, "--journey", journey, "--metric", "nps")
    assert code == 0 and "added 3 answers (wide form, NPS)" in out
    rows = kpis_json(capsys, journey)
    # 10 9 3: 2 promoters, 1 detractor of 3 → 33.3333; Buy: 10 9; Receive: 3
    check(
        rows,
        [
            ("NPS", {}, 3, 33.3333, -73.3536, 100.0),
            ("NPS", {"stage": "Buy"}, 2, 100.0, 100.0, 100.0),
            ("NPS", {"stage": "Receive"}, 1, -100.0, -100.0, -100.0),
            (
                "NPS",
                {"touchpoint": "Guest checkout", "persona": "Anxious Anna"},
                1,
                100.0,
                100.0,
                100.0,
            ),
        ],
    )


def test_cli_kpis_json_of_a_journey_without_answers_is_an_empty_array(
    database_url: str, store: Store, capsys
):
    with_journey(store)
    assert kpis_json(capsys) == []


def test_cli_import_responses_into_an_unknown_journey_fails(
    database_url: str, store: Store, capsys, wave_1: Path
):
    code, _out, err = run(capsys, "import-responses", wave_1, "--journey", "Nulle part")
    assert code == 1
    assert "there is no journey named 'Nulle part'" in err


# --- answers identified by what they are (issue 9, item 8) ---------------------------------------

# a wave with a respondent column, as survey tools export it (one row per respondent)
KNOWN = [
    ["ResponseId", "Segment", "Date", "PAIEMENT SECURISE", "retrait en magasin"],
    ["R_1", STUDENT, "2026-04-02", 10, ""],
    ["R_2", FAMILY, "2026-04-03", 9, 10],
    ["R_3", FAMILY, "2026-04-05", 4, ""],
]


def test_the_same_answers_resaved_with_one_more_line_ending_add_nothing(store: Store):
    first = save(with_journey(store), csv_file(KNOWN), "wave.csv")
    assert (first.added, first.already) == (4, 0)
    tallies, counts = store.answer_tallies(JOURNEY), table_counts(store)
    resaved = csv_file(KNOWN) + b"\r\n"  # other bytes: the file's hash does not know them
    again = save(store, resaved, "wave (re-saved).csv")
    assert (again.added, again.already, again.duplicate_of) == (0, 4, None)
    assert store.answer_tallies(JOURNEY) == tallies
    assert table_counts(store) == counts


def test_a_reexported_wave_adds_only_the_new_answers(store: Store):
    save(with_journey(store), csv_file(KNOWN), "wave.csv")
    later = [*KNOWN, ["R_4", STUDENT, "2026-04-09", 7, 8]]  # a respondent more, two answers
    saved = save(store, csv_file(later, sep=";"), "wave-export-2.csv")
    assert (saved.added, saved.already) == (2, 4)
    assert find(kpis(store), "NPS", touchpoint=PAYMENT)["n"] == 4
    assert table_counts(store)["responses"] == 6


def test_answers_are_the_same_only_for_the_same_respondent_touchpoint_metric_and_date(
    store: Store,
):
    save(with_journey(store), csv_file(KNOWN), "wave.csv")
    other = [
        KNOWN[0],
        ["R_1", STUDENT, "2026-05-02", 10, ""],  # another date
        ["R_9", STUDENT, "2026-04-02", 10, ""],  # another respondent
        ["R_1", STUDENT, "2026-04-02", "", 6],  # another touchpoint
    ]
    saved = save(store, csv_file(other), "other.csv")
    assert (saved.added, saved.already) == (3, 0)


def test_an_answer_repeated_within_one_file_counts_once(store: Store):
    twice = [*KNOWN, KNOWN[1]]
    saved = save(with_journey(store), csv_file(twice), "twice.csv")
    assert (saved.added, saved.already) == (4, 1)


def test_answers_without_a_respondent_are_never_taken_for_each_other(store: Store):
    # without a respondent, two identical rows are two answers (as before: only the same bytes
    # are recognised)
    saved = save(with_journey(store), WAVE_2, "wave-2.csv")
    again = save(store, WAVE_2 + b"\n", "wave-2 (re-saved).csv")
    assert (saved.added, again.added, again.already) == (4, 4, 0)


@pytest.mark.parametrize("header", ["respondent", "Response ID", "ResponseId", "id", "Répondant"])
def test_the_respondent_column_is_found_by_its_usual_names(header):
    rows = [[header, *KNOWN[0][1:]], *KNOWN[1:]]
    answers = read(csv_file(rows), "wave.csv")
    assert answers.mapping["respondent"] == header
    assert answers.columns["respondent"] == ["R_1", "R_2", "R_3", "R_2"]  # by touchpoint


def test_the_respondent_column_can_be_named(store: Store):
    rows = [["Qui", *KNOWN[0][1:]], *KNOWN[1:]]
    first = save(with_journey(store), csv_file(rows), "wave.csv", respondent_column="Qui")
    again = save(store, csv_file(rows) + b"\n", "wave.csv", respondent_column="Qui")
    assert (first.added, again.added, again.already) == (4, 0, 4)
    assert read(csv_file(rows), "wave.csv").mapping["ignored"] == ["Qui"]  # not named: ignored


def test_a_named_respondent_column_that_does_not_exist_is_an_error():
    answers = read(csv_file(KNOWN), "wave.csv", respondent_column="Who")
    assert [e.message for e in answers.report.errors][0].startswith("there is no column 'Who'")


def test_cli_reimport_of_a_resaved_wave_says_what_is_new_and_what_was_there(
    database_url: str, store: Store, capsys, tmp_path: Path
):
    with_journey(store)
    path = tmp_path / "wave.csv"
    path.write_bytes(csv_file([["Qui", *KNOWN[0][1:]], *KNOWN[1:]]))
    argv = ("import-responses", path, "--journey", JOURNEY, "--respondent-column", "Qui")
    argv += ("--metric", "nps")
    assert run(capsys, *argv)[0] == 0
    path.write_bytes(csv_file([["Qui", *KNOWN[0][1:]], *KNOWN[1:], ["R_5", FAMILY, "", 3, ""]]))
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert f"added 1 new answers (wide form, NPS) to '{JOURNEY}'; 4 already there" in out


# --- a map re-import that would orphan answers says so ------------------------------------------


def _renamed(old: str, new: str) -> JourneyMap:
    return JourneyMap(
        journey=MAP.journey,
        personas=MAP.personas,
        stages=MAP.stages,
        channels=MAP.channels,
        touchpoints=tuple(
            Touchpoint(t.stage, t.channel, new) if t.name == old else t for t in MAP.touchpoints
        ),
    )


def test_the_answers_a_replace_would_orphan_are_counted_by_touchpoint(store: Store):
    save(with_journey(store), WAVE_1, "wave-1.csv")
    assert store.orphaned_answers(MAP) == {}
    renamed = _renamed(PAYMENT, "Paiement 3-D Secure")
    assert store.orphaned_answers(renamed) == {PAYMENT: 5}
    removed = JourneyMap(
        journey=MAP.journey,
        personas=MAP.personas,
        stages=MAP.stages,
        channels=MAP.channels,
        touchpoints=MAP.touchpoints[:1],
    )
    assert store.orphaned_answers(removed) == {PAYMENT: 5, LOYALTY: 3, PICKUP: 2}


def test_answers_on_a_touchpoint_moved_to_another_stage_are_counted_as_orphaned(store: Store):
    save(with_journey(store), WAVE_1, "wave-1.csv")
    payment = next(t for t in MAP.touchpoints if t.name == PAYMENT)
    other = next(s.name for s in MAP.stages if s.name != payment.stage)
    moved = dataclasses.replace(
        MAP,
        touchpoints=tuple(
            dataclasses.replace(t, stage=other) if t.name == PAYMENT else t for t in MAP.touchpoints
        ),
    )
    assert store.orphaned_answers(moved) == {f"{PAYMENT} ({payment.stage})": 5}


def test_cli_import_warns_before_orphaning_answers(
    database_url: str, store: Store, capsys, tmp_path: Path
):
    save(with_journey(store), WAVE_1, "wave-1.csv")
    path = tmp_path / "renamed.xlsx"
    write_workbook([_renamed(PAYMENT, "Paiement 3-D Secure")], path)
    for argv in (("import", "--dry-run", path), ("import", path)):
        code, _out, err = run(capsys, *argv)
        assert code == 0
        assert (
            f"{path}: warning: 5 survey answers of '{JOURNEY}' are on touchpoints this file no "
            f"longer has: '{PAYMENT}' (5); they stay saved but count for no touchpoint"
        ) in err.splitlines()
    write_workbook([MAP], path)  # the touchpoint named back: its answers count again
    code, _out, err = run(capsys, "import", path)
    assert (code, err) == (0, "")


def test_the_import_pages_replace_notice_names_the_orphaned_answers(store: Store):
    from cxmap.ui.changes import replaced_notice

    save(with_journey(store), WAVE_1, "wave-1.csv")
    notes = replaced_notice(store, [JOURNEY], "en", [_renamed(PAYMENT, "Paiement 3-D Secure")])
    assert notes[-1].startswith(
        f"5 survey answers of '{JOURNEY}' are on touchpoints this file no longer has: "
        f"{PAYMENT} (5)."
    )
    assert replaced_notice(store, [JOURNEY], "en", [MAP])[-1].startswith(f"'{JOURNEY}' is at")


def test_the_mapping_step_proposes_the_respondent_column():
    from cxmap.files.responses import peek

    assert peek(csv_file(KNOWN), "wave.csv", MAP)["respondent"] == "ResponseId"
    assert peek(WAVE_2, "wave-2.csv", MAP)["respondent"] is None


# --- an imported file taken out again ------------------------------------------------------------


def test_removing_a_file_of_answers_measures_the_others_alone_and_lets_it_in_again(store: Store):
    from cxmap.storage.access import AccessDenied, Actor

    save(with_journey(store), WAVE_1, "wave-1.csv")
    alone = (sorted(store.answer_tallies(JOURNEY), key=repr), kpis(store), table_counts(store))
    save(store, csv_file(KNOWN), "wave-2.csv")  # with respondents: their keys go with them
    files = store.answer_batches(JOURNEY)
    assert [(f["filename"], f["form"], f["answers"]) for f in files] == [
        ("wave-1.csv", "long", 13),
        ("wave-2.csv", "wide", 4),
    ]
    assert all(isinstance(f["imported_at"], dt.datetime) for f in files)
    first, second = (f["id"] for f in files)
    version, counts = store.data_version(), table_counts(store)
    viewer = store.acting(Actor("viewer@example.com", "viewer"))
    with pytest.raises(AccessDenied):
        viewer.remove_answer_batch(JOURNEY, second)
    assert (store.data_version(), table_counts(store)) == (version, counts)

    assert store.remove_answer_batch(JOURNEY, second) == 4
    assert store.data_version() > version
    after = (sorted(store.answer_tallies(JOURNEY), key=repr), kpis(store), table_counts(store))
    assert after == alone
    check(kpis(store), WAVE_1_KPIS)
    assert [f["id"] for f in store.answer_batches(JOURNEY)] == [first]
    with pytest.raises(CxmapError, match=f"'{JOURNEY}' has no file of answers number {second}"):
        store.remove_answer_batch(JOURNEY, second)
    store.save([dataclasses.replace(MAP, journey=Journey("Autre parcours"))])
    with pytest.raises(CxmapError, match="'Autre parcours' has no file of answers number"):
        store.remove_answer_batch("Autre parcours", first)  # another journey's file
    with pytest.raises(CxmapError, match="there is no journey named 'Nulle part'"):
        store.remove_answer_batch("Nulle part", first)

    again = save(store, csv_file(KNOWN), "wave-2.csv")  # the same bytes, the same respondents
    assert (again.added, again.already, again.duplicate_of) == (4, 0, None)
    check(kpis(store), AFTER_WAVE_2_KPIS)


def test_the_personas_a_removed_file_brought_stay_on_the_map(store: Store):
    rows = [["Segment", "PAIEMENT SECURISE"], ["Touriste pressé", 10], [STUDENT, 8]]
    saved = save(with_journey(store), csv_file(rows), "segments.csv")
    assert saved.personas == ("Touriste pressé",)
    (batch,) = store.answer_batches(JOURNEY)
    assert store.remove_answer_batch(JOURNEY, batch["id"]) == 2
    assert "Touriste pressé" in [p.name for p in store.load(JOURNEY).personas]
    assert kpis(store) == [] and store.answer_batches(JOURNEY) == []


def test_the_answer_files_command_lists_and_removes_a_file(
    database_url: str, store: Store, capsys, wave_1: Path
):
    with_journey(store)
    code, out, _err = run(capsys, "answer-files", "--journey", JOURNEY)
    assert code == 0 and "no survey answers for" in out
    assert run(capsys, "import-responses", wave_1, "--journey", JOURNEY)[0] == 0
    code, out, _err = run(capsys, "answer-files", "--journey", JOURNEY, "--json")
    (batch,) = json.loads(out)
    assert code == 0 and set(batch) == {"id", "filename", "form", "answers", "imported_at"}
    assert (batch["filename"], batch["form"], batch["answers"]) == (str(wave_1), "long", 13)
    code, out, _err = run(capsys, "answer-files", "--journey", JOURNEY)
    assert code == 0 and "13 answers" in out and "wave-1.csv" in out
    code, out, _err = run(capsys, "answer-files", "--journey", JOURNEY, "--remove", batch["id"])
    assert code == 0 and "removed (13 answers)" in out and "no survey answers for" in out
    assert kpis_json(capsys) == []
    code, _out, err = run(capsys, "answer-files", "--journey", JOURNEY, "--remove", batch["id"])
    assert code == 1 and "no file of answers number" in err and "Traceback" not in err
    code, _out, err = run(capsys, "answer-files", "--journey", "Nulle part")
    assert code == 1 and "there is no journey named 'Nulle part'" in err
    assert run(capsys, "import-responses", wave_1, "--journey", JOURNEY)[0] == 0
    assert len(kpis_json(capsys)) > 0
