"""Export then import gives back the same maps, in English and in French; exports are stable;
text a spreadsheet would run as a formula is written as text; numbers stay numbers; the
template is a valid workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cxmap.domain.model import (
    Action,
    Channel,
    Emotion,
    Journey,
    JourneyMap,
    Kpi,
    Persona,
    Scale,
    Stage,
    Touchpoint,
)
from cxmap.files.reader import read_workbook
from cxmap.files.writer import EXAMPLES, workbook_bytes, write_template
from cxmap.storage.samples import SAMPLES_DIR, sample_files
from tests.test_store import minimal_map, read_maps, rich_map
from tests.workbooks import Sheets, make_workbook, minimal_sheets

CURRENT = "Online store — current"
TARGET = "Online store — target"


def current_and_target_sheets() -> Sheets:
    """Two journeys in one workbook: the current one and the target that improves on it."""
    current = minimal_sheets()
    sheets: Sheets = {
        "Journeys": [
            ["journey", "state", "baseline", "emotion scale"],
            [CURRENT, "current", None, "-2..2"],
            [TARGET, "target", CURRENT, "-2..2"],
        ]
    }
    for name, rows in current.items():
        if name == "Journeys":
            continue
        header, body = rows[0], rows[1:]
        sheets[name] = [["journey", *header]]
        sheets[name] += [[CURRENT, *row] for row in body]
        sheets[name] += [[TARGET, *row] for row in body]
    # the target fixes the checkout: no more irritant, and a happier customer
    for row in sheets["Touchpoints"]:
        if row[0] == TARGET and row[3] == "Checkout":
            row[4] = "delight"
    for row in sheets["Emotions"]:
        if row[0] == TARGET and row[3] == "Checkout":
            row[4] = 1
    return sheets


def current_and_target_maps() -> tuple[JourneyMap, ...]:
    return read_maps(make_workbook(current_and_target_sheets()))


CASES: dict[str, Callable[[], tuple[JourneyMap, ...]]] = {
    "minimal": lambda: (minimal_map(),),
    "rich": lambda: (rich_map(),),
    "current-and-target": current_and_target_maps,
}
SAMPLES = sample_files()
LANGS = ["en", "fr"]


def sample_maps(path: Path | None) -> tuple[JourneyMap, ...]:
    if path is None:
        pytest.skip(f"no sample workbook in {SAMPLES_DIR} yet (they are being written)")
    return read_maps(path.read_bytes())


SAMPLE_PARAMS = [pytest.param(p, id=p.stem) for p in SAMPLES] or [pytest.param(None, id="none")]


def cell_values(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every cell value of every sheet, by sheet name in workbook order."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {
        ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets
    }


# --- export -> import ------------------------------------------------------------------------


def test_the_current_and_target_workbook_holds_a_journey_and_its_baseline() -> None:
    current, target = current_and_target_maps()
    assert (current.name, current.journey.state, current.journey.baseline) == (
        CURRENT,
        "current",
        None,
    )
    assert (target.name, target.journey.state, target.journey.baseline) == (
        TARGET,
        "target",
        CURRENT,
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", list(CASES))
def test_export_then_import_gives_the_same_maps(case: str, lang: str) -> None:
    maps = CASES[case]()
    assert read_maps(workbook_bytes(maps, lang=lang)) == maps


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", SAMPLE_PARAMS)
def test_export_then_import_gives_the_same_sample_maps(path: Path | None, lang: str) -> None:
    maps = sample_maps(path)
    assert read_maps(workbook_bytes(maps, lang=lang)) == maps


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", list(CASES))
def test_an_exported_workbook_reads_without_warnings(case: str, lang: str) -> None:
    result = read_workbook(workbook_bytes(CASES[case](), lang=lang))
    assert (result.report.errors, result.report.warnings) == ([], [])


# sheet names, headers and values as each language writes them
@pytest.mark.parametrize(
    "lang, sheets, words",
    [
        (
            "en",
            [
                "Journeys",
                "Personas",
                "Stages",
                "Channels",
                "Touchpoints",
                "Emotions",
                "KPIs",
                "Actions",
            ],
            {
                "Touchpoints": ["stage", "touchpoint", "irritant", "yes"],
                "Stages": ["advocacy"],
                "Journeys": ["current"],
                "Actions": ["planned", "transform"],
            },
        ),
        (
            "fr",
            [
                "Parcours",
                "Personas",
                "Étapes",
                "Canaux",
                "Points de contact",
                "Émotions",
                "Indicateurs",
                "Actions",
            ],
            {
                "Points de contact": [
                    "étape",
                    "point de contact",
                    "irritant",
                    "absence",
                    "oui",
                    "non",
                    "enchantement",
                ],
                "Étapes": ["ambassadeur", "notoriété"],
                "Parcours": ["existant", "état"],
                "Actions": ["planifiée", "transformer", "échéance"],
                "Canaux": ["en ligne"],
            },
        ),
    ],
)
def test_export_writes_sheet_names_headers_and_values_in_the_chosen_language(
    lang: str, sheets: list[str], words: dict[str, list[str]]
) -> None:
    values = cell_values(workbook_bytes([minimal_map()], lang=lang))
    assert list(values) == sheets
    for sheet, expected in words.items():
        written = {value for row in values[sheet] for value in row}
        assert set(expected) <= written, sheet


def test_a_workbook_of_several_journeys_has_a_journey_column_on_every_sheet() -> None:
    values = cell_values(workbook_bytes(current_and_target_maps()))
    for sheet, rows in values.items():
        assert rows[0][0] == "journey", sheet
        assert {row[0] for row in rows[1:]} == {CURRENT, TARGET}, sheet


# a share is in percentage points: 1 % and 0.5 % of customers must not come back as 100 % / 50 %
@pytest.mark.parametrize("share", [1.0, 0.5])
def test_a_persona_share_of_one_percent_or_less_survives_export(share: float) -> None:
    journey_map = minimal_map()
    tiny = Persona("Collector", segment="Rare", share=share)
    journey_map = JourneyMap(
        journey_map.journey,
        (*journey_map.personas, tiny),
        *[
            getattr(journey_map, f)
            for f in ("stages", "channels", "touchpoints", "emotions", "kpis", "actions")
        ],
    )
    (back,) = read_maps(workbook_bytes([journey_map]))
    assert back.personas[-1].share == share


# --- export -> import -> export is stable --------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", list(CASES))
def test_export_import_export_writes_the_same_cells(case: str, lang: str) -> None:
    first = workbook_bytes(CASES[case](), lang=lang)
    second = workbook_bytes(read_maps(first), lang=lang)
    assert cell_values(second) == cell_values(first)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", SAMPLE_PARAMS)
def test_export_import_export_of_a_sample_writes_the_same_cells(
    path: Path | None, lang: str
) -> None:
    first = workbook_bytes(sample_maps(path), lang=lang)
    second = workbook_bytes(read_maps(first), lang=lang)
    assert cell_values(second) == cell_values(first)


# --- formula-like text stays text -------------------------------------------------------------

# one value per character that makes a spreadsheet read a cell as a formula
FORMULA_LIKE = {
    "equals": '=HYPERLINK("http://evil.example","Click")',
    "plus": "+33 1 23 45 67 89",
    "minus": "-20 % of calls",
    "at": "@SUM(1,1)",
    "tab": "\t=1+1",
    "carriage-return": "\r=1+1",
}


def formula_like_map(value: str) -> JourneyMap:
    """A journey whose names, quotes, descriptions and extra columns all begin like a formula."""

    def text(field: str) -> str:
        return f"{value} {field}"

    stage, channel, touchpoint = text("stage"), text("channel"), text("touchpoint")
    persona = text("persona")
    return JourneyMap(
        journey=Journey(
            text("journey"),
            description=text("journey description"),
            scale=Scale(-2, 2),
            extra={text("extra header"): text("extra value")},
        ),
        personas=(Persona(persona, description=text("persona description"), goals=text("goals")),),
        stages=(
            Stage(
                stage, description=text("stage description"), customer_goal=text("customer goal")
            ),
        ),
        channels=(Channel(channel),),
        touchpoints=(
            Touchpoint(
                stage,
                channel,
                touchpoint,
                description=text("touchpoint description"),
                extra={"Note": text("note")},
            ),
        ),
        emotions=(
            Emotion(persona, stage, -2.0, touchpoint, quote=text("quote"), says=text("says")),
        ),
        # a unit keeps at most 32 characters (cxmap.domain.limits): the reader refuses more
        kpis=(
            Kpi(
                text("kpi"),
                -3.5,
                unit=text("unit")[:32].rstrip(),
                stage=stage,
                touchpoint=touchpoint,
            ),
        ),
        actions=(
            Action(
                text("action"),
                5.0,
                2.0,
                stage,
                touchpoint,
                pain_point=text("pain point"),
                expected_gain=text("gain"),
                extra={"Sponsor": text("sponsor")},
            ),
        ),
    )


def formula_like_texts(value: str) -> set[str]:
    """Every text of the map that begins with ``value``."""
    found: set[str] = set()

    def walk(item: Any) -> None:
        if isinstance(item, str):
            if item.startswith(value):
                found.add(item)
        elif isinstance(item, (tuple, list)):
            for part in item:
                walk(part)
        elif isinstance(item, dict):
            for key, part in item.items():
                walk(key)
                walk(part)
        elif hasattr(item, "__dataclass_fields__"):
            for name in item.__dataclass_fields__:
                walk(getattr(item, name))

    walk(formula_like_map(value))
    return found


@pytest.mark.parametrize("value", list(FORMULA_LIKE.values()), ids=list(FORMULA_LIKE))
def test_formula_like_text_is_written_as_an_unchanged_text_cell(value: str) -> None:
    data = workbook_bytes([formula_like_map(value)])
    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    cells = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(_xml(value)):
                    cells[cell.value] = cell.data_type
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
    expected = {_xml(text) for text in formula_like_texts(value)}
    assert len(expected) >= 20  # names, quotes, descriptions, extra headers and values
    assert set(cells) == expected
    assert set(cells.values()) == {"s"}


@pytest.mark.parametrize("value", list(FORMULA_LIKE.values()), ids=list(FORMULA_LIKE))
def test_exported_sheets_hold_no_formula_element(value: str) -> None:
    data = workbook_bytes([formula_like_map(value)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert parts
        for part in parts:
            xml = archive.read(part).decode()
            assert not re.search(r"<(\w+:)?f[\s>/]", xml), part


def _xml(text: str) -> str:
    """XML stores a carriage return as a line feed (end-of-line normalisation)."""
    return text.replace("\r", "\n")


@pytest.mark.parametrize("value", list(FORMULA_LIKE.values()), ids=list(FORMULA_LIKE))
def test_formula_like_text_reimports_unchanged(value: str) -> None:
    # Import trims the white space around every value (the contract's trimming rule), so text
    # that begins with a tab or a carriage return comes back without it — still as text.
    journey_map = formula_like_map(value)
    assert read_maps(workbook_bytes([journey_map])) == (formula_like_map(value.lstrip()),)


# --- numbers stay numbers, dates stay dates ----------------------------------------------------


def column_cells(data: bytes, sheet: str, header: str) -> list[openpyxl.cell.Cell]:
    ws = openpyxl.load_workbook(io.BytesIO(data), data_only=False)[sheet]
    headers = [cell.value for cell in ws[1]]
    index = headers.index(header)
    return [row[index] for row in ws.iter_rows(min_row=2) if row[index].value is not None]


# (map, sheet, column, a value that must be written as a number)
@pytest.mark.parametrize(
    "make_map, sheet, header, value",
    [
        # negative numbers, which begin with a formula character when written as text
        (minimal_map, "Emotions", "emotion", -2),
        (rich_map, "KPIs", "value", -3.5),
        (lambda: formula_like_map("-"), "Emotions", "emotion", -2),
        (lambda: formula_like_map("="), "KPIs", "value", -3.5),
        # other numbers of the contract
        (minimal_map, "Personas", "share", 0.6),  # a percent cell: 60 % is 0.6
        (rich_map, "KPIs", "target", 5),
        (rich_map, "KPIs", "n", 540),
        (rich_map, "Stages", "order", 1),
        (rich_map, "Actions", "impact", 5),
        (rich_map, "Actions", "cost", 15000),
        (rich_map, "Actions", "reach", 5400),
        # numbers in extra columns
        (rich_map, "Channels", "Cost per contact", 4.5),
        (rich_map, "Touchpoints", "Volume/month", 5400),
    ],
)
def test_numbers_are_written_as_number_cells(
    make_map, sheet: str, header: str, value: float
) -> None:
    cells = column_cells(workbook_bytes([make_map()]), sheet, header)
    assert value in [cell.value for cell in cells]
    assert {cell.data_type for cell in cells} == {"n"}


def test_a_share_is_written_as_a_percent_cell_so_small_shares_survive() -> None:
    small = JourneyMap(
        Journey("J"), personas=(Persona("Collector", share=1.0), Persona("Tiny", share=0.5))
    )
    cells = column_cells(workbook_bytes([small]), "Personas", "share")
    assert [cell.value for cell in cells] == [0.01, 0.005]
    assert all("%" in cell.number_format for cell in cells)
    assert [p.share for p in read_maps(workbook_bytes([small]))[0].personas] == [1.0, 0.5]


def test_a_due_date_is_written_as_a_date_cell() -> None:
    cells = column_cells(workbook_bytes([rich_map()]), "Actions", "due")
    assert [cell.value for cell in cells] == [dt.datetime(2026, 6, 30), dt.datetime(2026, 12, 31)]
    assert {cell.data_type for cell in cells} == {"d"}


# --- the template ------------------------------------------------------------------------------

TEMPLATE_SHEETS = {
    "en": [
        "README",
        "Journeys",
        "Personas",
        "Stages",
        "Channels",
        "Touchpoints",
        "Emotions",
        "KPIs",
        "Actions",
    ],
    "fr": [
        "LISEZ-MOI",
        "Parcours",
        "Personas",
        "Étapes",
        "Canaux",
        "Points de contact",
        "Émotions",
        "Indicateurs",
        "Actions",
    ],
}


def template_bytes(lang: str) -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, lang=lang)
    return buffer.getvalue()


@pytest.mark.parametrize("lang", LANGS)
def test_the_template_starts_with_a_readme_sheet(lang: str) -> None:
    values = cell_values(template_bytes(lang))
    assert list(values) == TEMPLATE_SHEETS[lang]
    readme = [row[0] for row in values[TEMPLATE_SHEETS[lang][0]] if row[0]]
    assert len(readme) >= 5
    assert any("cxmap" in line for line in readme)


@pytest.mark.parametrize("lang", LANGS)
def test_every_template_sheet_has_headers_and_example_rows(lang: str) -> None:
    values = cell_values(template_bytes(lang))
    for sheet in TEMPLATE_SHEETS[lang][1:]:
        rows = values[sheet]
        assert len(rows) >= 2, f"{sheet} has no example row"
        assert all(isinstance(h, str) and h for h in rows[0]), f"{sheet} has a blank header"
        assert any(v is not None for v in rows[1]), f"{sheet}'s example row is empty"


@pytest.mark.parametrize("lang", LANGS)
def test_the_template_imports_without_errors_as_the_example_journey(lang: str) -> None:
    result = read_workbook(template_bytes(lang))
    assert result.report.errors == []
    assert result.maps == (EXAMPLES[lang],)  # the French template's example is in French
    # its README / LISEZ-MOI is words for people, never read as a canvas
    assert result.report.layouts.get(TEMPLATE_SHEETS[lang][0]) is None
    assert not [w for w in result.report.warnings if w.sheet == TEMPLATE_SHEETS[lang][0]]


# --- the target's declared changes and the collection plan (issue 11) -------------------------


def declared_changes_maps() -> tuple[JourneyMap, ...]:
    """A current journey and its target declaring every change, with a collection plan whose
    items hold commas (`nom, prénom`) and event names."""
    stages = (Stage("Je découvre"), Stage("Je réserve"))
    channels = (Channel("Site web", "online"), Channel("Téléphone", "offline"))
    current = JourneyMap(
        Journey("Réservation — existant", scale=Scale(-2, 2)),
        stages=stages,
        channels=channels,
        touchpoints=(
            Touchpoint("Je découvre", "Site web", "Page d'accueil"),
            Touchpoint("Je réserve", "Téléphone", "Standard saturé", qualification="irritant"),
            Touchpoint("Je réserve", "Site web", "Formulaire long", qualification="irritant"),
            Touchpoint("Je réserve", "Site web", "Confirmation SMS", qualification="missing"),
        ),
    )
    target = JourneyMap(
        Journey("Réservation — cible", "target", "Réservation — existant", scale=Scale(-2, 2)),
        stages=stages,
        channels=channels,
        touchpoints=(
            Touchpoint(
                "Je découvre",
                "Site web",
                "Page d'accueil",
                change="amplify",
                data_collected=("source de la visite",),
                collection_mechanism="balise analytique",
                events=("page_view",),
            ),
            Touchpoint("Je réserve", "Téléphone", "Standard saturé", change="remove"),
            Touchpoint(
                "Je réserve",
                "Site web",
                "Réservation en trois clics",
                change="transform",
                replaces="Formulaire long",
                data_collection=True,
                data_collected=("nom, prénom", "téléphone", "nombre de couverts"),
                collection_mechanism="formulaire de réservation",
                events=("booking_started", "booking_confirmed"),
            ),
            Touchpoint(
                "Je réserve",
                "Site web",
                "Confirmation SMS",
                qualification="delight",
                change="add",
                data_collected=("consentement SMS",),
                collection_mechanism="case à cocher",
            ),
            Touchpoint("Je réserve", "Téléphone", "Rappel la veille", change="keep"),
        ),
    )
    return current, target


CASES["declared-changes"] = declared_changes_maps


@pytest.mark.parametrize("lang", LANGS)
def test_export_then_import_keeps_the_declared_changes_and_the_diff(lang: str) -> None:
    from cxmap.compute.diff import diff_maps

    maps = declared_changes_maps()
    again = read_maps(workbook_bytes(maps, lang=lang))
    assert again == maps
    assert diff_maps(*again) == diff_maps(*maps)
    diff = diff_maps(*again)
    assert diff.counts == {"removed": 1, "added": 1, "transformed": 1, "amplified": 1, "kept": 1}
    assert (diff.irritants.resolved, diff.irritants.current) == (2, 2)
    assert (diff.absences.filled, diff.absences.current) == (1, 1)


# how each new Touchpoints column is written, per language (the value the model holds -> the cell)
@pytest.mark.parametrize(
    "lang, field, value, cell",
    [
        # change: the export language's word
        ("en", "change", "remove", "remove"),
        ("fr", "change", "remove", "supprimer"),
        ("fr", "change", "add", "ajouter"),
        ("fr", "change", "transform", "transformer"),
        ("fr", "change", "amplify", "sublimer"),
        ("fr", "change", "keep", "conserver"),
        # replaces and the mechanism: as written
        ("en", "replaces", "Formulaire long", "Formulaire long"),
        ("fr", "collection_mechanism", "formulaire", "formulaire"),
        # items: joined with "; " whatever the language
        ("en", "data_collected", ("nom, prénom", "email"), "nom, prénom; email"),
        (
            "fr",
            "events",
            ("booking_started", "booking_confirmed"),
            "booking_started; booking_confirmed",
        ),
        # nothing declared: an empty cell
        ("en", "data_collected", (), None),
        ("en", "change", None, None),
    ],
)
def test_the_new_touchpoint_columns_are_written_as_the_contract_says(
    lang: str, field: str, value: Any, cell: Any
) -> None:
    from dataclasses import replace

    from cxmap.domain.vocabulary import SHEETS_BY_ROLE

    base = minimal_map()
    touchpoint = replace(base.touchpoints[0], **{field: value})
    m = replace(base, touchpoints=(touchpoint, *base.touchpoints[1:]))
    sheet = SHEETS_BY_ROLE["touchpoints"]
    rows = cell_values(workbook_bytes([m], lang=lang))[sheet.name(lang)]
    header = next(c for c in sheet.columns if c.key == field).header(lang)
    assert rows[1][rows[0].index(header)] == cell


# how each new Touchpoints column is read (the cell as typed -> the value the model holds)
@pytest.mark.parametrize(
    "header, cell, field, value",
    [
        # change: English or French, any case or accent, canonical in the model
        ("change", "Remove", "change", "remove"),
        ("évolution", "supprimer", "change", "remove"),
        ("Evolution", "AJOUTER", "change", "add"),
        ("évolution", "Transformé", "change", "transform"),
        ("évolution", "sublimer", "change", "amplify"),
        ("évolution", "conserver", "change", "keep"),
        ("change", None, "change", None),
        # replaces and the mechanism: text, trimmed
        ("remplace", "  Formulaire long ", "replaces", "Formulaire long"),
        ("mécanique de collecte", "QR code à table", "collection_mechanism", "QR code à table"),
        # items: `;` or line breaks, never commas; blanks between separators dropped
        ("données collectées", "nom, prénom; email", "data_collected", ("nom, prénom", "email")),
        (
            "data collected",
            "email\ntéléphone\n\nadresse",
            "data_collected",
            ("email", "téléphone", "adresse"),
        ),
        ("data collected", "email;;", "data_collected", ("email",)),
        ("événements", "page_view ; add_to_cart", "events", ("page_view", "add_to_cart")),
        ("events", None, "events", ()),
    ],
)
def test_the_new_touchpoint_columns_are_read_as_the_contract_says(
    header: str, cell: Any, field: str, value: Any
) -> None:
    sheets = minimal_sheets()
    rows = sheets["Touchpoints"]
    rows[0] = [*rows[0], header]
    rows[1] = [*rows[1], cell]
    for row in rows[2:]:
        row.append(None)
    (m,) = read_maps(make_workbook(sheets))
    assert getattr(m.touchpoints[0], field) == value


def test_an_unknown_change_word_is_an_error_naming_the_allowed_words() -> None:
    sheets = minimal_sheets()
    rows = sheets["Touchpoints"]
    rows[0] = [*rows[0], "change"]
    rows[1] = [*rows[1], "improvise"]
    for row in rows[2:]:
        row.append(None)
    result = read_workbook(make_workbook(sheets))
    assert result.maps == ()
    (error,) = [e for e in result.report.errors if e.column == "change"]
    assert error.row == 2
    assert "remove / supprimer" in error.message and "amplify / sublimer" in error.message


def _with_rows(m: JourneyMap, *rows: Touchpoint, first_change: str | None = None) -> JourneyMap:
    from dataclasses import replace

    first = replace(m.touchpoints[0], change=first_change or m.touchpoints[0].change)
    return replace(m, touchpoints=(first, *m.touchpoints[1:], *rows))


# declared changes that cannot mean what they say: warnings, and the file still imports
@pytest.mark.parametrize(
    "current_change, target_rows, warning",
    [
        # a change declared in a current journey
        ("keep", (), "'Réservation — existant' is a current journey"),
        # a remove row naming no touchpoint of the baseline (by its own name…)
        (
            None,
            (Touchpoint("Je réserve", "Téléphone", "Nowhere", change="remove"),),
            "removes 'Nowhere'",
        ),
        # … or by replaces
        (
            None,
            (Touchpoint("Je réserve", "Téléphone", "X", change="remove", replaces="Fax"),),
            "removes 'Fax'",
        ),
        # replaces naming no touchpoint of the baseline
        (
            None,
            (Touchpoint("Je réserve", "Téléphone", "Rebuilt", replaces="Nowhere either"),),
            "replaces 'Nowhere either'",
        ),
    ],
)
def test_a_change_that_cannot_apply_is_a_warning_not_an_error(
    current_change: str | None, target_rows: tuple[Touchpoint, ...], warning: str
) -> None:
    current, target = declared_changes_maps()
    current = _with_rows(current, first_change=current_change)
    target = _with_rows(target, *target_rows)
    result = read_workbook(workbook_bytes([current, target]))
    assert result.report.errors == []
    assert [m.name for m in result.maps] == [current.name, target.name]
    assert [w.message for w in result.report.warnings if warning in w.message]


def test_a_target_whose_changes_all_apply_reads_without_warnings() -> None:
    result = read_workbook(workbook_bytes(declared_changes_maps(), lang="fr"))
    assert (result.report.errors, result.report.warnings) == ([], [])
