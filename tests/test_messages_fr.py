"""The readers' findings in the French dashboard: each case below reads a real file made here (a
workbook through tests/workbooks.py, an answers CSV, bytes that are no workbook) so that the
workbook, answers or guard reader says one finding for real; every message the reading gives
must have a French shape (:data:`cxmap.view.labels.MESSAGE_SHAPES`) and keep no English word.
The edit table of the "Current → target" page (its words in French, stored canonical) and the
headline of an unchanged emotion are tested at the end."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import pytest

from cxmap.compute import target as model
from cxmap.compute.diff import diff_maps, headline
from cxmap.domain.model import CHANGES, QUALIFICATIONS, Emotion, Persona, Stage
from cxmap.domain.report import CxmapError
from cxmap.files.reader import NO_CORRECTIONS, Corrections, read_workbook
from cxmap.files.responses import AnswerOptions, read_answers
from cxmap.view.changes import headline_text
from cxmap.view.edits import canonical_frame, shown_frame, touchpoint_words
from cxmap.view.labels import report_message
from tests.workbooks import journey_map, make_workbook, minimal_sheets

# English words that a French message must not keep (names in the files are chosen not to
# hold any of them)
ENGLISH = (
    " is not ",
    " are ",
    " the ",
    " of ",
    "which",
    "nothing",
    "journey",
    "workbook",
    "column",
    " row",
    "sheet",
    "cannot",
    "limit",
    "shared",
    "answers",
    "became",
    "coming from",
    "declared",
    "between",
    "read as",
    "holds",
    "as asked",
    "file",
    "stage",
    "channel",
    "touchpoint",
    "outside",
    "scale ",
    "twice",
    "segments become",
)


def messages_of_workbook(data: bytes, corrections: Corrections | None = None) -> list[str]:
    try:
        result = read_workbook(
            data, filename="classeur.xlsx", corrections=corrections or NO_CORRECTIONS
        )
    except CxmapError as exc:
        return [str(exc)]
    report = result.report
    return [p.message for p in (*report.errors, *report.warnings, *report.notes)]


def variant(edit: Callable[[dict], None], corrections: Corrections | None = None):
    def produce() -> list[str]:
        sheets = minimal_sheets()
        edit(sheets)
        return messages_of_workbook(make_workbook(sheets), corrections)

    return produce


def sheets_only(sheets: dict, corrections: Corrections | None = None):
    return lambda: messages_of_workbook(make_workbook(sheets), corrections)


def answers(text: str, options: AnswerOptions | None = None):
    def produce() -> list[str]:
        journey = read_workbook(make_workbook(minimal_sheets())).maps[0]
        try:
            result = read_answers(
                text.encode("cp1252", "replace"),
                journey,
                options or AnswerOptions(),
                filename="réponses.csv",
            )
        except CxmapError as exc:
            return [str(exc)]
        report = result.report
        return [p.message for p in (*report.errors, *report.warnings, *report.notes)]

    return produce


def raw_answers(data: bytes):
    def produce() -> list[str]:
        journey = read_workbook(make_workbook(minimal_sheets())).maps[0]
        try:
            read_answers(data, journey, filename="réponses.csv")
        except CxmapError as exc:
            return [str(exc)]
        return []

    return produce


def raw_workbook(data: bytes):
    return lambda: messages_of_workbook(data)


# --- two journeys, a current and its target, sharing their Personas and Channels -----------


def pair_sheets(*, target_rows: list | None = None) -> dict:
    return {
        "Journeys": [
            ["journey", "state", "baseline", "emotion scale"],
            ["Boutique", "current", None, "-2..2"],
            ["Boutique cible", "target", "Boutique", "-2..2"],
        ],
        "Personas": [["persona"], ["Pressé"], ["Inquiet"]],
        "Channels": [["channel"], ["Web"]],
        "Stages": [["journey", "stage"], ["Boutique", "Achat"], ["Boutique cible", "Achat"]],
        "Touchpoints": [
            ["journey", "stage", "channel", "touchpoint", "qualification", "change", "replaces"],
            ["Boutique", "Achat", "Web", "Panier", "irritant", "transform", None],
            ["Boutique cible", "Achat", "Web", "Panier", "neutral", "transform", "Caisse"],
            *(target_rows or []),
        ],
    }


def edit_journeys(rows: list) -> Callable[[dict], None]:
    def edit(sheets: dict) -> None:
        sheets["Journeys"][1:] = rows

    return edit


def two_journeys(edit: Callable[[dict], None] | None = None) -> Callable[[dict], None]:
    """The minimal workbook holding a second journey (its other sheets have no journey column)."""

    def changed(sheets: dict) -> None:
        sheets["Journeys"].append(["Boutique", "current", "-2..2", "retail"])
        if edit is not None:
            edit(sheets)

    return changed


def journey_column(sheets: dict) -> None:
    """Stages given a journey column: one row without its journey, one naming no journey."""
    sheets["Stages"] = [
        ["journey", "stage"],
        ["Online store", "Discover"],
        [None, "Buy"],
        ["Ailleurs", "Stay loyal"],
    ]


def excel_error(sheets: dict) -> None:
    sheets["KPIs"].append(["CES", "#DIV/0!", 3, "/7", "2026-Q1", None])
    sheets["Stages"].append(["Pay", "#N/A"])


def twice_at_two_stages(sheets: dict) -> None:
    sheets["Touchpoints"].append(["Discover", "Store", "Checkout", "neutral", "no"])
    sheets["KPIs"].append(["Basket", 2, 3, "pts", "2026-Q1", "Checkout"])  # which Checkout?


def _too_big(data: bytes) -> list[str]:
    from cxmap.files.guard import Limits

    try:
        read_workbook(data, limits=Limits(max_file_bytes=1000))
    except CxmapError as exc:
        return [str(exc)]
    return []


def _edited_with_change(word: str) -> list[str]:
    """The edit table of the target page given a change that is no change."""
    target = read_workbook(make_workbook(pair_sheets())).maps[1]
    frame = model.touchpoints_frame(target).assign(change=[word])
    return [p.message for p in model.edited_map(target, frame).problems]


LONG = "persona,stage,touchpoint,metric,score"

CASES: dict[str, tuple[Callable[[], list[str]], str]] = {
    # the workbook reader (cxmap.files.assemble)
    "shared_sheets": (sheets_only(pair_sheets()), "no 'journey' column: its 2 personas"),
    "change_in_current": (sheets_only(pair_sheets()), "is a current journey"),
    "not_in_baseline": (sheets_only(pair_sheets()), "which is not a touchpoint of its baseline"),
    "kpi_fractions": (
        variant(lambda s: s["KPIs"].__setitem__(2, ["Conversion", 0.021, 0.03, "%", "2026-Q1"])),
        "so they are read as fractions",
    ),
    "nothing_no_map": (sheets_only({"Données": [["bonjour"]]}), "no sheet holds a journey map"),
    "nothing_no_sheet": (sheets_only({"Notes": [["mots"]]}), "(sheets: 'Notes')"),
    "nothing_one_sheet": (
        sheets_only({"Touchpoints": [["stage", "channel", "touchpoint"]]}),
        "the sheet 'Touchpoints' has headers but no rows",
    ),
    "nothing_sheets": (
        sheets_only({"Stages": [["stage"]], "Touchpoints": [["stage", "channel", "touchpoint"]]}),
        "have headers but no rows",
    ),
    "journey_twice": (
        variant(lambda s: s["Journeys"].append(["Online store", "current", "-2..2", "retail"])),
        "is named twice",
    ),
    "touchpoint_twice": (
        variant(lambda s: s["Touchpoints"].append(["Buy", "Web", "Checkout", "irritant", "no"])),
        "is listed twice at stage",
    ),
    "not_one_of": (variant(lambda s: s["Stages"].append(["Pay", "blah"])), "is not one of:"),
    "excel_error": (variant(excel_error), "the cell holds the Excel error"),
    "formula": (
        variant(lambda s: s["KPIs"].append(["CES", "=1+1", 3, "/7", "2026-Q1", None])),
        "with no saved value",
    ),
    "too_long": (
        variant(lambda s: s["Touchpoints"].append(["Buy", "Web", "x" * 3000, "neutral", "no"])),
        "characters long; the limit is",
    ),
    "journey_name": (
        variant(lambda s: s.pop("Journeys"), Corrections(journey="y" * 3000)),
        "the journey's name: the text is",
    ),
    "several_stages": (variant(twice_at_two_stages), "is at several stages"),
    "journey_column": (variant(two_journeys()), "add a 'journey' column"),
    "journey_of_row": (variant(two_journeys(journey_column)), "say which one this row"),
    "not_a_journey": (variant(two_journeys(journey_column)), "is not a journey of this workbook"),
    "own_baseline": (
        sheets_only(
            {
                "Journeys": [["journey", "baseline"], ["Boutique", "boutique"]],
                "Stages": [["stage"], ["Achat"]],
            }
        ),
        "cannot be its own baseline",
    ),
    "no_journey_named": (
        variant(lambda s: s["Journeys"].__delitem__(1)),
        "the Journeys sheet names no journey",
    ),
    "correct_one": (variant(two_journeys(), Corrections(journey="Autre")), "only in a workbook"),
    "not_a_state": (
        variant(lambda s: None, Corrections(state="peut-être")),
        "is not a state (current or target)",
    ),
    "not_a_scale": (
        variant(lambda s: s["Journeys"][1].__setitem__(2, "bizarre")),
        "is not an emotion scale",
    ),
    "not_a_whole_number": (
        variant(
            lambda s: (
                s["KPIs"][0].append("n"),
                s["KPIs"].append(["CES", 4, 3, "/7", "2026-Q1", None, -3]),
            )
        ),
        "is not a whole number of 0 or more",
    ),
    "excel_error_in_text": (
        variant(
            lambda s: (s["Journeys"][0].append("description"), s["Journeys"][1].append("#REF!"))
        ),
        "the cell holds the Excel error #REF!",
    ),
    "not_an_excel_date": (
        variant(lambda s: (s["Actions"][0].append("due"), s["Actions"][1].append(5_000_000))),
        "is not an Excel date",
    ),
    "journey_of_sheet": (
        sheets_only(
            {
                "Journeys": [["journey"], ["Boutique"], ["Boutique cible"]],
                "Matrice": [
                    ["Canal / Étape", "Découverte", "Réservation"],
                    ["Site web", "Accueil", "Formulaire"],
                    ["Téléphone", None, "Appel"],
                ],
            }
        ),
        "this sheet's title names none of them",
    ),
    "file_too_big": (
        lambda: _too_big(make_workbook(minimal_sheets())),
        "; the limit is 1,000 bytes",
    ),
    "not_a_change": (lambda: _edited_with_change("peut-être"), "is not a change (use one of"),
    # recognising sheets (cxmap.files.recognise, layouts)
    "same_column": (
        variant(lambda s: (s["Stages"][0].__setitem__(0, "étape"), s["Stages"][0].append("Étape"))),
        "means the same as",
    ),
    "not_a_template_sheet": (
        variant(
            lambda s: s.update({"Données": [["a", "b"], [1, 2]]}),
            Corrections(layouts={"Données": "tidy"}),
        ),
        "is not one of the template's sheets",
    ),
    "not_a_matrix": (
        variant(
            lambda s: s.update({"Données": [["a"], ["b"]]}),
            Corrections(layouts={"Données": "matrix"}),
        ),
        "read as a matrix as asked, but",
    ),
    "not_a_canvas": (
        variant(
            lambda s: s.update({"Données": [["a"], ["b"]]}),
            Corrections(layouts={"Données": "canvas"}),
        ),
        "read as a canvas as asked, but",
    ),
    # survey answers (cxmap.files.responses)
    "no_score": (answers(f"{LONG}\nHurried,Buy,Checkout,nps,\n"), "no row of the file holds"),
    "no_score_missing": (
        answers(f"{LONG}\nHurried,Buy,Checkout,nps,0\n", AnswerOptions(missing=("0",))),
        "or a declared missing value",
    ),
    "not_a_stage_of_journey": (
        answers(f"{LONG}\nHurried,Nowhere,Checkout,nps,9\n"),
        "is not a stage of journey",
    ),
    "not_a_touchpoint_of_journey": (
        answers(f"{LONG}\nHurried,Buy,Nowhere,nps,9\n"),
        "is not a touchpoint of journey",
    ),
    "segment_became": (
        answers("Customer Type,Checkout\nLoyal Customer,9\nHurried,8\n"),
        "1 segment became a persona",
    ),
    "segments_became": (
        answers("persona,Checkout\nLoyal Customer,9\ndisloyal Customer,8\n"),
        "2 segments became personas",
    ),
    "not_segments": (
        answers("persona,Checkout\n" + "".join(f"Client {i},9\n" for i in range(25))),
        "it does not look like a segment column",
    ),
    "segment_too_long": (answers("persona,Checkout\n" + "z" * 400 + ",9\n"), "cannot name"),
    "outside_metric_scale": (
        answers(f"{LONG}\nHurried,Buy,Checkout,nps,11\n"),
        "is outside the NPS scale",
    ),
    "not_a_metric": (answers(f"{LONG}\nHurried,Buy,Checkout,xyz,9\n"), "is not a metric"),
    # files that are no workbook or no CSV (cxmap.files.guard, responses)
    "pdf": (raw_workbook(b"%PDF-1.4 rest of it"), "a PDF document"),
    "empty": (raw_workbook(b""), "an empty file"),
    "csv_as_workbook": (raw_workbook(b"journey,stage\nshop,buy\n"), "a text (CSV) file"),
    "html_as_workbook": (raw_workbook(b"<html><body>hi</body></html>"), "an XML or HTML file"),
    "text_as_workbook": (raw_workbook(b"just some words"), "a text file"),
    "binary_as_workbook": (raw_workbook(b"\xff\xfe\x00\x01 not zip"), "not a zip archive"),
    "xls": (raw_workbook(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 64), "(.xls)"),
    "binary_csv": (raw_answers(b"persona,Checkout\nHurried,\x00\x01\n"), "binary data"),
    "not_utf8": (raw_answers(b"persona,Checkout\n\x81\x8d\x8f,9\n"), "neither UTF-8"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_finding_of_a_real_reading_is_said_in_french(case: str) -> None:
    produce, expected = CASES[case]
    said = produce()
    assert any(expected in message for message in said), (expected, said)
    for message in said:
        french = report_message(message, "fr")
        assert french != message, f"no French shape for: {message}"
        assert report_message(message, "en") == message
        assert "{" not in french, french
        left = [word for word in ENGLISH if re.search(rf"(?<!\w){word}(?!\w)", french)]
        assert not left, (left, french)


def test_counts_and_numbers_in_french_messages_are_written_the_french_way() -> None:
    said = report_message("the text is 3,000 characters long; the limit is 1,000", "fr")
    assert said == "le texte compte 3\u202f000 caractères ; la limite est de 1\u202f000"
    (fraction,) = [
        m
        for m in variant(
            lambda s: s["KPIs"].__setitem__(2, ["Conversion", 0.021, 0.03, "%", "2026-Q1"])
        )()
        if "fractions" in m
    ]
    assert "(0,021 → 2,1 %)" in report_message(fraction, "fr")


def test_a_wrong_change_lists_the_french_words() -> None:
    (message,) = [m for m in _edited_with_change("peut-être") if "use one of" in m]
    said = report_message(message, "fr")
    assert said.endswith(
        "(choisissez parmi : supprimer, ajouter, transformer, sublimer, conserver)"
    )


def test_a_shared_sheet_of_one_row_is_said_in_the_singular() -> None:
    sheets = pair_sheets()
    sheets["Channels"] = [["channel"], ["Web"]]
    (note,) = [m for m in sheets_only(sheets)() if "channels are shared" in m]
    assert "cette feuille (1 canal) vaut pour tous les parcours" in report_message(note, "fr")


# --- the target page's edit table: French words, canonical values -----------------------------


def test_the_touchpoint_editor_shows_the_workbooks_french_words_and_stores_canonical() -> None:
    words = touchpoint_words("fr")
    assert words["change"].options == [
        "supprimer",
        "ajouter",
        "transformer",
        "sublimer",
        "conserver",
    ]
    assert words["qualification"].options == ["irritant", "enchantement", "absence", "neutre"]
    english = touchpoint_words("en")
    assert english["change"].options == list(CHANGES)
    assert english["qualification"].options == list(QUALIFICATIONS)

    target = read_workbook(make_workbook(pair_sheets())).maps[1]
    frame = model.touchpoints_frame(target)
    shown = shown_frame(frame, words)
    assert list(shown["qualification"]) == ["neutre"] and list(shown["change"]) == ["transformer"]
    # an editor picks French words (and adds a row, whose change is left blank)
    shown.loc[0, ["qualification", "change"]] = ["enchantement", "sublimer"]
    added = pd.DataFrame(
        [dict(row=pd.NA, name="Chat", stage="Achat", channel="Web", qualification="absence")]
    )
    edited = pd.concat([shown, added], ignore_index=True)
    back = canonical_frame(edited, words)
    assert list(back["qualification"]) == ["delight", "missing"]
    assert back["change"].iloc[0] == "amplify" and pd.isna(back["change"].iloc[1])
    result = model.edited_map(target, back)
    assert result.ok, result.problems
    first, second = result.map.touchpoints
    assert (first.qualification, first.change) == ("delight", "amplify")
    assert (second.name, second.qualification, second.change) == ("Chat", "missing", None)


# --- the headline when no emotion moves ---------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [("en", "emotion unchanged", "0.0"), ("fr", "émotion inchangée", "0,0")],
)
def test_the_headline_says_the_emotion_is_unchanged_when_it_does_not_move(
    lang, said, not_said
) -> None:
    people = (Persona("Ana"),)
    stages = (Stage("Buy"), Stage("Pay"))
    current = journey_map(
        personas=people,
        stages=stages,
        emotions=[Emotion("Ana", "Buy", 1), Emotion("Ana", "Pay", -1)],
    )
    same = journey_map(
        personas=people,
        stages=stages,
        emotions=[Emotion("Ana", "Buy", 1.02), Emotion("Ana", "Pay", -1)],
    )
    text = headline_text(headline(diff_maps(current, same)), lang)
    assert said in text.lower() and not_said not in text, text
    moved = journey_map(
        personas=people,
        stages=stages,
        emotions=[Emotion("Ana", "Buy", 2), Emotion("Ana", "Pay", -1)],
    )
    assert "+1" in headline_text(headline(diff_maps(current, moved)), lang)
