"""The text table: every key in both languages with the same placeholders, every key the code
uses present in it, and the language chosen from a browser locale."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from cxmap.compute import analysis
from cxmap.domain.model import QUALIFICATIONS
from cxmap.domain.vocabulary import VOCABULARIES
from cxmap.view.i18n import LANGS, TEXTS, language_of, tr
from cxmap.view.labels import MESSAGE_SHAPES, report_message

ROOT = Path(__file__).resolve().parent.parent
# where keys are used: the library (but not the table that defines them), the pages, the frame
SOURCES = [
    *sorted(
        p
        for p in (ROOT / "cxmap").rglob("*.py")
        if p.name != "i18n.py" and "migrations" not in p.parts
    ),
    *sorted((ROOT / "pages").glob("*.py")),
    ROOT / "app.py",
]

# tr("key", …), t("key", …), view.t("key", …): a whole literal first argument (not an f-string,
# not "prefix." + name — those families are checked one by one below)
LITERAL_CALL = re.compile(r"""\b(?:tr|t)\(\s*(["'])(?P<key>[^"'\\\n]+?)\1\s*[,)]""")
# t(f"family.{…}"): a key built at run time from a family prefix
FAMILY_CALL = re.compile(r"""\b(?:tr|t)\(\s*f(["'])(?P<family>[\w]+)\.\{""")


def placeholders(text: str) -> set[str]:
    return {
        name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None
    }


def used_in_source(pattern: re.Pattern, group: str) -> list[tuple[str, str]]:
    """(file, match) for every match of ``pattern`` in the dashboard's sources."""
    return [
        (path.relative_to(ROOT).as_posix(), match.group(group))
        for path in SOURCES
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]


FAMILIES = {key.split(".", 1)[0] for key in TEXTS if "." in key}


# --- the table itself -----------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_has_non_empty_english_and_french(key):
    english, french = TEXTS[key]
    assert english.strip() and french.strip()


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_has_the_same_placeholders_in_both_languages(key):
    english, french = TEXTS[key]
    assert placeholders(english) == placeholders(french)


def test_the_languages_are_english_and_french():
    assert LANGS == ("en", "fr")


# --- every key the code uses ----------------------------------------------------------------


def test_the_source_scan_finds_the_literal_keys():
    # guards the regex: a scan that found nothing would make the next test pass vacuously
    keys = {key for _file, key in used_in_source(LITERAL_CALL, "key")}
    assert {"import.upload", "sidebar.journey", "chart.neutral", "kpis.none"} <= keys


def test_every_literal_key_used_in_the_code_exists():
    missing = sorted(
        {(where, key) for where, key in used_in_source(LITERAL_CALL, "key") if key not in TEXTS}
    )
    assert not missing


# keys written as plain strings and translated elsewhere: page titles in app.py's PAGES,
# ui.page("nav.…"), sections.table(…, {"kpi": "col.kpi", …})
_ANY_FAMILY = "|".join(sorted(map(re.escape, FAMILIES)))
DOTTED_LITERAL = re.compile(r"""(["'])(?P<key>(?:""" + _ANY_FAMILY + r""")\.[\w ]+)\1""")


def test_every_key_like_string_in_the_code_exists():
    found = used_in_source(DOTTED_LITERAL, "key")
    assert ("app.py", "nav.overview") in found  # the scan sees app.py's page titles
    missing = sorted({(where, key) for where, key in found if key not in TEXTS})
    assert not missing


def test_every_family_of_built_keys_exists():
    found = used_in_source(FAMILY_CALL, "family")
    assert ("pages/matrix.py", "measure") in found  # the scan sees t(f"measure.{k}")
    unknown = sorted({(where, family) for where, family in found if family not in FAMILIES})
    assert not unknown


@pytest.mark.parametrize(
    "family,members",
    [
        # touchpoint qualifications: tr(f"q.{k}")
        ("q", QUALIFICATIONS),
        ("q", ("irritant", "delight", "missing", "neutral")),
        # impact/effort quadrants: t(f"quad.{q}")
        ("quad", analysis.QUADRANTS),
        # KPI statuses: t("rag." + s)
        ("rag", ("green", "amber", "red", "grey")),
        ("rag", analysis.STATUSES),
        # the vocabularies a page shows translated
        ("status", tuple(VOCABULARIES["status"])),
        ("type", tuple(VOCABULARIES["action_type"])),
        ("state", tuple(VOCABULARIES["state"])),
        ("state", ("current", "target")),
        ("dir", tuple(VOCABULARIES["direction"])),
        ("dir", ("higher", "lower")),
        # the measures of the touchpoint matrix: t(f"measure.{k}")
        ("measure", analysis.MATRIX_MEASURES),
        # the columns of a cell's details: t(f"col.{c}")
        ("col", analysis.DETAIL_COLUMNS),
        # the funnel's kinds and the bubble sizes: tr(f"chart.{kind}"), t(f"chart.{size}")
        ("chart", ("conversion", "drop_off", "reach", "cost")),
        # the sidebar filters: tr(f"sidebar.{name}")
        ("sidebar", ("persona", "stage", "channel")),
        # prioritisation colour choice and persona cards
        ("prio", ("by_stage", "by_status")),
        ("personas", ("goals", "frustrations", "motivations", "says", "thinks", "does", "feels")),
    ],
)
def test_every_member_of_a_built_key_family_exists(family, members):
    missing = [f"{family}.{m}" for m in members if f"{family}.{m}" not in TEXTS]
    assert not missing


def test_the_status_vocabulary_is_what_kpi_status_returns():
    seen = {
        analysis.kpi_status(v, t, d)
        for v, t, d in (
            (10, None, "higher"),
            (10, 10, "higher"),
            (9.5, 10, "higher"),
            (5, 10, "higher"),
        )
    }
    assert {f"rag.{s}" for s in seen} <= set(TEXTS)


# --- tr -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang,expected",
    [
        # the two languages
        ("en", "Overview"),
        ("fr", "Vue d'ensemble"),
        # anything else falls back to English
        ("de", "Overview"),
        ("", "Overview"),
        ("FR", "Overview"),
    ],
)
def test_tr_looks_up_the_language_and_falls_back_to_english(lang, expected):
    assert tr("nav.overview", lang) == expected


def test_tr_defaults_to_english():
    assert tr("nav.overview") == "Overview"


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("en", "Loaded 3 sample journeys."),
        ("fr", "3 parcours d'exemple chargés."),
        # the fallback fills the placeholders too
        ("es", "Loaded 3 sample journeys."),
    ],
)
def test_tr_fills_the_placeholders(lang, expected):
    assert tr("empty.loaded", lang, n=3) == expected


def test_tr_of_an_unknown_key_raises():
    with pytest.raises(KeyError):
        tr("no.such.key")


# --- language_of ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "locale,lang",
    [
        # French in any region and any case
        ("fr-FR", "fr"),
        ("fr", "fr"),
        ("FR-ca", "fr"),
        ("fr_BE", "fr"),
        # everything else is English
        ("en-US", "en"),
        ("de-DE", "en"),
        ("es", "en"),
        # no locale at all
        (None, "en"),
        ("", "en"),
    ],
)
def test_language_of_picks_french_for_french_locales_else_english(locale, lang):
    assert language_of(locale) == lang


# --- what the readers report, shown in French -------------------------------------------------


def _broken_workbooks() -> list[bytes]:
    """Workbooks with the findings people meet most: each mutation of the minimal workbook
    makes the reader note, warn or refuse something."""
    from tests.workbooks import make_workbook, minimal_sheets

    def variant(edit) -> bytes:
        sheets = minimal_sheets()
        edit(sheets)
        return make_workbook(sheets)

    return [
        variant(lambda s: s["Emotions"].append(["Nobody", "Buy", "Checkout", 1, ""])),
        variant(lambda s: s["Emotions"].append(["Hurried", "Buy", "Nowhere", 1, ""])),
        variant(lambda s: s["Emotions"].append(["Hurried", "Buy", "Checkout", 7, ""])),
        variant(lambda s: s["Emotions"].append(["Hurried", "Buy", "Checkout", "blorp", ""])),
        variant(lambda s: s["Stages"].append(["Buy", "decision"])),
        variant(lambda s: s["Actions"].append(["Faster", "high", 2, "Checkout", "add", "idea"])),
        variant(lambda s: s["Actions"].append(["Faster", 9, 2, "Checkout", "add", "idea"])),
        variant(lambda s: s["Actions"].append([None, 3, 2, "Checkout", "add", "idea"])),
        variant(lambda s: s["Personas"].append(["Shy", "Others", "lots"])),
        variant(lambda s: s["KPIs"].append(["CES", "n/a", 3, "/7", "2026-Q1", None])),
        variant(lambda s: s["KPIs"].append(["CES", 4, 3, "/7", "someday", None])),
        variant(lambda s: s["Touchpoints"].append(["Buy", "Web", "Chat", "neutral", "perhaps"])),
        variant(lambda s: s.pop("Stages")),
        variant(lambda s: s["Journeys"][1].__setitem__(2, None)),  # the scale is inferred
        variant(lambda s: s.update({"Notes": [["just some words"]]})),
        variant(lambda s: s.update({"README": [["cxmap workbook"], ["read me first"]]})),
        variant(lambda s: s["Touchpoints"][0].__setitem__(2, "name of the thing")),
        variant(lambda s: s["Emotions"].insert(0, ["Survey of June"])),
    ]


def _answer_files() -> list[bytes]:
    rows = [
        [["persona", "touchpoint", "metric", "score"], ["Hurried", "Checkout", "nps", "ten"]],
        [["persona", "Checkout", "Search page"], ["Hurried", 9, 3]],  # metric inferred
        [["persona", "Nowhere", "Elsewhere"], ["Hurried", 9, 3]],
        [["persona", "touchpoint", "score"], ["Hurried", "Checkout", 9]],
        [["persona", "Checkout"], ["Hurried", 40]],
        [["persona", "Checkout"]],
    ]
    return [
        "\n".join(",".join(str(v) for v in row) for row in file).encode() + b"\n" for file in rows
    ]


def _messages() -> list[str]:
    from cxmap.domain.report import CxmapError
    from cxmap.files.reader import read_workbook
    from cxmap.files.responses import read_answers
    from tests.workbooks import make_workbook, minimal_sheets

    found = []
    layouts = sorted((ROOT / "data" / "layouts").glob("*.xlsx"))
    for source in [*layouts, *_broken_workbooks()]:
        report = read_workbook(source).report
        found += [p.message for p in report.errors + report.warnings + report.notes]
    journey_map = read_workbook(make_workbook(minimal_sheets())).maps[0]
    for data in _answer_files():
        try:
            report = read_answers(data, journey_map, filename="answers.csv").report
        except CxmapError as exc:
            found.append(str(exc))
            continue
        found += [p.message for p in report.errors + report.warnings + report.notes]
    return found


MESSAGES = _messages()


def test_the_readers_findings_cover_many_shapes():
    # guards the list below: broken files that stopped breaking would make it pass vacuously
    assert len(MESSAGES) >= 25
    assert len({report_message(m, "fr") for m in MESSAGES}) >= 20


@pytest.mark.parametrize("message", sorted(set(MESSAGES)))
def test_every_finding_of_the_readers_is_shown_in_french(message):
    french = report_message(message, "fr")
    assert french != message, f"no French shape for: {message}"
    assert report_message(message, "en") == message
    assert "{" not in french


@pytest.mark.parametrize("key", sorted(k for k in TEXTS if k.startswith("msg.")))
def test_every_message_shape_has_its_text_and_a_text_its_shape(key):
    assert key in {k for _shape, k in MESSAGE_SHAPES}
