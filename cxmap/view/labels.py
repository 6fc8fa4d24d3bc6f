"""How numbers and maps are worded on screen: a KPI value with its unit, what a map holds."""

from __future__ import annotations

import re

from cxmap.domain.model import JourneyMap
from cxmap.domain.vocabulary import VOCABULARIES, localised
from cxmap.view.i18n import tr
from cxmap.view.numbers import format_number, format_percent

TIGHT_UNITS = ("/5", "/7", "/10")  # written against the number: 4.2/5


def with_unit(value: float, unit: str | None, lang: str = "en") -> str:
    """In English 12 % -> "12%", 10 pts -> "10 pts", 1450 € -> "1,450 €"; in French "12 %",
    "10 pts", "1 450 €" (Babel's locale data, :mod:`cxmap.view.numbers`)."""
    if unit == "%":
        return format_percent(value, lang)
    number = format_number(value, lang)
    if not unit:
        return number
    space = "\u00a0" if lang == "fr" else " "  # French keeps the unit on the number's line
    return f"{number}{unit}" if unit in TIGHT_UNITS else f"{number}{space}{unit}"


def describe(m: JourneyMap, lang: str) -> str:
    """What a map holds, in the dashboard's language."""
    return tr(
        "map.describe",
        lang,
        stages=len(m.stages),
        personas=len(m.personas),
        channels=len(m.channels),
        touchpoints=len(m.touchpoints),
        irritants=m.count("irritant"),
        delights=m.count("delight"),
        missing=m.count("missing"),
        emotions=len(m.emotions),
        kpis=len(m.kpis),
        actions=len(m.actions),
    )


# --- what the readers report, in the dashboard's language -------------------------------------
# The workbook and answers readers (cxmap/files) write their findings in English, for the command
# line.  The dashboard shows them through this table: each known message shape (a regular
# expression over the English text) has a key in the text table whose French wording takes the
# same named parts.  Counts are written with their noun ("3 étapes") by _NOUNS.  A message of no
# known shape is shown as written; tests/test_i18n.py reads real reports and fails on one.

_LANE_WORDS = {
    "stages": "étapes",
    "persona": "persona",
    "does": "fait",
    "thinks": "pense",
    "feelings": "ressent",
    "says": "dit",
    "touchpoints": "points de contact",
    "channels": "canaux",
    "pain points": "points de douleur",
    "delights": "enchantements",
    "opportunities": "opportunités",
    "none": "aucune",
}
_NOUNS = {  # group -> French noun (singular, plural), applied to the group's number
    "n_stages": ("étape", "étapes"),
    "n_channels": ("canal", "canaux"),
    "n_touchpoints": ("point de contact", "points de contact"),
    "n_irritants": ("irritant", "irritants"),
    "n_delights": ("enchantement", "enchantements"),
    "n_missing": ("absence", "absences"),
    "n_emotions": ("émotion", "émotions"),
    "n_actions": ("opportunité", "opportunités"),
    "n_kpis": ("ligne d'indicateur", "lignes d'indicateur"),
    "n_rows": ("ligne", "lignes"),
    "n_cells": ("case", "cases"),
}
_KINDS = {
    "stage": "étape",
    "channel": "canal",
    "persona": "persona",
    "touchpoint": "point de contact",
}
_N = r"(?P<{}>\d[\d,]*) \w+"  # a count and its English noun


def _count(name: str) -> str:
    return _N.format(name)


MESSAGE_SHAPES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"lane canvas for persona '(?P<persona>.*)', "
            + _count("n_stages")
            + r", lanes: (?P<lanes>.*?); "
            + r"(?P<n_touchpoints>\d[\d,]*) touchpoints? \("
            + _count("n_irritants")
            + ", "
            + _count("n_delights")
            + r", (?P<n_missing>\d[\d,]*) missing\), "
            + _count("n_emotions")
            + r", (?P<n_actions>\d[\d,]*) (?:opportunity|opportunities) as actions awaiting "
            r"impact and effort(?P<kpis>, (?P<n_kpis>\d[\d,]*) KPI rows?)?"
        ),
        "msg.canvas",
    ),
    (
        re.compile(
            r"channel × stage matrix, "
            + _count("n_stages")
            + " × "
            + _count("n_channels")
            + r", (?P<n_touchpoints>\d[\d,]*) touchpoints? \((?P<n_irritants>\d[\d,]*) "
            r"irritants?(?P<fill_i> from red fills)?, (?P<n_delights>\d[\d,]*) "
            r"delights?(?P<fill_d> from green fills)?, (?P<n_missing>\d[\d,]*) "
            r"missing(?P<fill_m> from blue fills)?\)(?P<rest>.*)"
        ),
        "msg.matrix",
    ),
    (re.compile(r"ignored, as asked"), "msg.ignored"),
    (re.compile(r"a notes sheet; ignored"), "msg.notes_sheet"),
    (
        re.compile(
            r"neither a template sheet, a channel × stage matrix nor a lane canvas; ignored"
        ),
        "msg.unknown_sheet",
    ),
    (
        re.compile(r"raw survey answers are not read from a map workbook yet; sheet ignored"),
        "msg.answers_sheet",
    ),
    (
        re.compile(r"a second '(?P<what>.*?)' sheet; ignored \(the first was '(?P<first>.*)'\)"),
        "msg.second_sheet",
    ),
    (
        re.compile(r"(?P<n_rows>\d[\d,]*) row\(s\) above the header row (?P<row>\d+) skipped"),
        "msg.rows_above",
    ),
    (
        re.compile(r"required column '(?P<en>.*?)' \(or '(?P<fr>.*?)'\) is missing"),
        "msg.required_column",
    ),
    (re.compile(r"this column is required and the cell is empty"), "msg.required_cell"),
    (
        re.compile(r"a value in column (?P<col>\w+), which has no header, is ignored"),
        "msg.no_header_value",
    ),
    (
        re.compile(
            r"no header row found in the first (?P<n>\d+) rows; expected columns (?P<cols>.*)"
        ),
        "msg.no_header",
    ),
    (
        re.compile(
            r"'(?P<value>.*)' is not a (?P<kind>stage|channel|persona) of this journey "
            r"\((?:stage|channel|persona)s: (?P<names>.*)\)"
        ),
        "msg.not_a_name",
    ),
    (
        re.compile(
            r"'(?P<value>.*)' is not a touchpoint of this journey(?P<where>.*?) "
            r"\(touchpoints.*?: (?P<names>.*)\)"
        ),
        "msg.not_a_touchpoint",
    ),
    (re.compile(r"(?P<kind>stage|channel|persona) '(?P<name>.*)' is listed twice"), "msg.twice"),
    (
        re.compile(
            r"no Stages sheet: (?P<n_stages>\d[\d,]*) stages taken in order of first "
            r"appearance"
        ),
        "msg.no_stages",
    ),
    (
        re.compile(r"no Journeys sheet: the journey is named '(?P<name>.*)'"),
        "msg.no_journeys",
    ),
    (
        re.compile(
            r"journey '(?P<name>.*)': emotion scale inferred as (?P<scale>\S+) from "
            r"(?P<why>.*); declare it in Journeys › emotion scale to be sure"
        ),
        "msg.scale_inferred",
    ),
    (
        re.compile(r"(?P<score>\S+) is outside the journey's emotion scale (?P<scale>\S+)"),
        "msg.outside_scale",
    ),
    (
        re.compile(
            r"'(?P<value>.*)' is neither a score on the scale (?P<scale>\S+) nor a known "
            r"feeling word \(e\.g\. (?P<examples>.*)\)"
        ),
        "msg.not_a_feeling",
    ),
    (re.compile(r"journey '(?P<old>.*)' renamed '(?P<new>.*)', as asked"), "msg.renamed"),
    # event logs (cxmap.files.events)
    (re.compile(r"times read as Unix epochs in milliseconds"), "msg.ev_epoch_ms"),
    (re.compile(r"times read as Unix epochs in seconds"), "msg.ev_epoch_s"),
    (
        re.compile(r"times read as Excel serial dates \(days since 1899-12-30\)"),
        "msg.ev_serial",
    ),
    (
        re.compile(r"times without a time zone are taken as UTC; all are stored in UTC"),
        "msg.ev_utc",
    ),
    (
        re.compile(r"dates read day first \(DD/MM\): a first number above 12"),
        "msg.ev_dayfirst_sure",
    ),
    (
        re.compile(r"dates read day first \(DD/MM\): no number above 12 to tell; .*"),
        "msg.ev_dayfirst_guess",
    ),
    (
        re.compile(r"dates read month first \(MM/DD\): a second number above 12"),
        "msg.ev_monthfirst",
    ),
    (
        re.compile(
            r"(?P<n>\d[\d,]*) rows? skipped: no case, no activity, a time that cannot be read, "
            r"or a text over (?P<limit>\d+) characters or with a NUL \(rows? (?P<rows>.*)\)"
        ),
        "msg.ev_skipped",
    ),
    (
        re.compile(
            r"(?P<n>\d[\d,]*) events? of a lifecycle transition other than 'complete' "
            r"\(start, schedule…\) left out: each activity counts once, when completed"
        ),
        "msg.ev_not_completed",
    ),
    (
        re.compile(
            r"the log's '(?P<column>.*)' names no 'complete' transition: every event is counted"
        ),
        "msg.ev_no_complete",
    ),
    (re.compile(r"expected a number"), "msg.expected_number"),
    (
        re.compile(r"'(?P<value>.*)' is not a number \(write e\.g\. 4,5 or 4\.5, or 12 %\)"),
        "msg.not_a_number",
    ),
    (re.compile(r"'(?P<value>.*)' is not a rating from 1 to 5"), "msg.not_a_rating"),
    (
        re.compile(r"'(?P<value>.*)' is not a share between 0 % and 100 %"),
        "msg.not_a_share",
    ),
    (
        re.compile(r"'(?P<value>.*)' is not yes or no \(yes/no, oui/non, true/false, x, 1/0\)"),
        "msg.not_yes_no",
    ),
    (
        re.compile(r"'(?P<value>.*)' is not a date \(write e\.g\. 2026-03-31 or 31/03/2026\)"),
        "msg.not_a_date",
    ),
    (
        re.compile(r"(?P<value>.*) is not a period \(write e\.g\. 2026-Q1, 2026-03 or a date\)"),
        "msg.not_a_period",
    ),
    (
        re.compile(
            r"(?P<n_cells>\d[\d,]*) cells? filled with (?P<colour>.*?) \((?P<refs>.*)\): "
            r"a colour with no agreed meaning, read as neutral; say what it means "
            r"\(irritant, delight, missing or neutral\)"
        ),
        "msg.unknown_colour",
    ),
    (
        re.compile(r"'(?P<label>.*)' is not a lane cxmap knows; row ignored"),
        "msg.unknown_lane",
    ),
    (
        re.compile(
            r"stage '(?P<stage>.*)': what the customer does, thinks or says is kept only "
            r"with a feeling; none is given"
        ),
        "msg.no_feeling",
    ),
    # progress of a reading
    (re.compile(r"checking the file"), "msg.checking_file"),
    (re.compile(r"reading sheet '(?P<sheet>.*)'"), "msg.reading_sheet"),
    (re.compile(r"checking references"), "msg.checking_references"),
    (re.compile(r"reading the file"), "msg.reading_file"),
    (re.compile(r"checking the answers"), "msg.checking_answers"),
    (re.compile(r"read|checked"), "msg.done"),
    # rejected files
    (re.compile(r"the workbook is encrypted; save it without a password"), "msg.encrypted"),
    (re.compile(r"a Word document, not an XLSX workbook"), "msg.word"),
    (re.compile(r"an OpenDocument \(\.ods\) file; save it as \.xlsx"), "msg.ods"),
    (re.compile(r"a zip archive, but not an XLSX workbook"), "msg.zip"),
    (re.compile(r"the file is damaged or truncated(?P<why>.*)"), "msg.damaged"),
    # survey answers
    (re.compile(r"the file holds no answers"), "msg.no_answers"),
    (re.compile(r"… and (?P<n_rows>\d[\d,]*) more rows like these"), "msg.more_rows"),
    (re.compile(r"'(?P<value>.*)' is not a score"), "msg.not_a_score"),
    (
        re.compile(
            r"no metric column: name one \(nps, csat or ces per row\) or declare the "
            r"file's metric"
        ),
        "msg.no_metric",
    ),
    (
        re.compile(r"there is no column '(?P<column>.*?)'(?P<columns> \(columns: .*\))?"),
        "msg.no_column",
    ),
    (
        re.compile(r"'(?P<value>.*)' is not a touchpoint of journey '(?P<journey>.*)'"),
        "msg.not_a_journey_touchpoint",
    ),
    (
        re.compile(
            r"no column is named after a touchpoint of journey '(?P<journey>.*?)' "
            r"\(touchpoints: (?P<names>.*)\)"
        ),
        "msg.no_touchpoint_column",
    ),
    (re.compile(r"no answer in the touchpoint columns"), "msg.no_answer"),
    (
        re.compile(
            r"metric inferred as (?P<metric>\w+) from scores from (?P<low>\S+) to "
            r"(?P<high>\S+) \(0–10 → NPS, 1–5 → CSAT, 1–7 → CES\); declare it to be sure"
        ),
        "msg.metric_inferred",
    ),
    (
        re.compile(
            r"the scores run from (?P<low>\S+) to (?P<high>\S+): no metric has that "
            r"scale; declare the metric and scale"
        ),
        "msg.no_scale",
    ),
    # --- s15: the findings added since (shared sheets, nothing to import, KPIs as fractions,
    # segments that became personas, declared changes, limits, refused files) ---------------
    (
        re.compile(r"'(?P<value>.*)' is not one of: (?P<words>.*)"),
        "msg.not_one_of",
    ),
    (
        re.compile(
            r"the cell holds the Excel error (?P<error>\S+?)(?P<number>; expected a number)?"
        ),
        "msg.excel_error",
    ),
    (
        re.compile(
            r"cell (?P<cell>\S+) holds the formula (?P<formula>.*) with no saved value; open "
            r"and save the file in Excel, or type the value"
        ),
        "msg.formula",
    ),
    (re.compile(r"journey '(?P<name>.*)' is named twice"), "msg.journey_twice"),
    (
        re.compile(
            r"touchpoint '(?P<name>.*)' is listed twice at stage '(?P<stage>.*)' on channel "
            r"'(?P<channel>.*)'"
        ),
        "msg.touchpoint_twice",
    ),
    (
        re.compile(r"the text holds a NUL character \(\\x00\), which the database cannot keep"),
        "msg.nul",
    ),
    (
        re.compile(
            r"the text is (?P<n_chars>\d[\d,]*) characters long; the limit is "
            r"(?P<n_limit>\d[\d,]*)"
        ),
        "msg.too_long",
    ),
    (
        re.compile(r"(?P<number>\S+) is not a finite number \(the limit is ±(?P<limit>\S+)\)"),
        "msg.not_finite",
    ),
    (
        re.compile(
            r"(?P<n_number>-?\d[\d,]*) is too large a whole number; the limit is "
            r"(?P<n_limit>\d[\d,]*)"
        ),
        "msg.too_large",
    ),
    (re.compile(r"the journey's name: (?P<problem>.*)"), "msg.journey_name"),
    (
        re.compile(
            r"touchpoint '(?P<name>.*)' is at several stages \((?P<stages>.*)\): give the stage"
        ),
        "msg.several_stages",
    ),
    (
        re.compile(
            r"this workbook holds several journeys: add a 'journey' column to say which "
            r"journey each row belongs to \(journeys: (?P<names>.*)\)"
        ),
        "msg.journey_column",
    ),
    (
        re.compile(
            r"this workbook holds several journeys: say which one this row belongs to "
            r"\(journeys: (?P<names>.*)\)"
        ),
        "msg.journey_of_row",
    ),
    (
        re.compile(
            r"this workbook holds several journeys and this sheet's title names none of them "
            r"\(journeys: (?P<names>.*)\)"
        ),
        "msg.journey_of_sheet",
    ),
    (
        re.compile(
            r"'(?P<value>.*)' is not a journey of this workbook \(journeys: (?P<names>.*)\)"
        ),
        "msg.not_a_journey",
    ),
    (
        re.compile(
            r"journey '(?P<name>.*?)' is a current journey: the change declared on "
            r"(?P<touchpoints>.*?)(?:, … \((?P<n>\d[\d,]*) in all\))? means nothing there "
            r"\(a change is declared in a target journey\)"
        ),
        "msg.change_in_current",
    ),
    (
        re.compile(
            r"journey '(?P<name>.*?)', touchpoint '(?P<touchpoint>.*)' at stage "
            r"'(?P<stage>.*)' (?P<what>removes|replaces) '(?P<named>.*)', which is not a "
            r"touchpoint of its baseline '(?P<baseline>.*)'"
        ),
        "msg.not_in_baseline",
    ),
    (
        re.compile(
            r"no 'journey' column: its (?P<n>\d[\d,]*) (?P<role>personas|channels) are "
            r"shared by every journey of the workbook \((?P<names>.*)\)"
        ),
        "msg.shared_sheet",
    ),
    (
        re.compile(r"nothing to import: the sheets (?P<titles>.*) have headers but no rows"),
        "msg.nothing_in_sheets",
    ),
    (
        re.compile(r"nothing to import: the sheet (?P<title>.*) has headers but no rows"),
        "msg.nothing_in_sheet",
    ),
    (
        re.compile(
            r"nothing to import: no sheet holds a journey map \(sheets: (?P<names>.*)\); name "
            r"the sheets as the template does \(Journeys, Stages, Touchpoints…\) or draw a "
            r"channel × stage matrix"
        ),
        "msg.nothing_to_import",
    ),
    (re.compile(r"a journey cannot be its own baseline"), "msg.own_baseline"),
    (re.compile(r"the Journeys sheet names no journey"), "msg.no_journey_named"),
    (
        re.compile(
            r"journey '(?P<journey>.*?)': KPI '(?P<kpi>.*)' is in % with every value and "
            r"target between 0 and 1, so they are read as fractions \((?P<n_from>\S+) → "
            r"(?P<n_to>\S+) %\)"
        ),
        "msg.kpi_fractions",
    ),
    (
        re.compile(
            r"the journey's name or state can be corrected only in a workbook of one journey; "
            r"this one holds (?P<n>\d[\d,]*)"
        ),
        "msg.correct_one",
    ),
    (re.compile(r"'(?P<value>.*)' is not a state \(current or target\)"), "msg.not_a_state"),
    (
        re.compile(r"'(?P<value>.*)' is not a change \(use one of: (?P<words>.*)\)"),
        "msg.not_a_change",
    ),
    (
        re.compile(
            r"this sheet's name is not one of the template's sheets, so it cannot be read as one"
        ),
        "msg.not_a_template_sheet",
    ),
    (
        re.compile(r"read as a (?P<kind>matrix|canvas) as asked, but (?P<why>.*)"),
        "msg.not_this_layout",
    ),
    (
        re.compile(
            r"'(?P<header>.*)' means the same as '(?P<first>.*)'; the first is used, "
            r"'(?P=header)' is kept as an extra column"
        ),
        "msg.same_column",
    ),
    (
        re.compile(r"'(?P<value>.*)' is not a whole number of 0 or more"),
        "msg.not_a_whole_number",
    ),
    (re.compile(r"(?P<value>.*) is not an Excel date"), "msg.not_an_excel_date"),
    (
        re.compile(
            r"'(?P<value>.*)' is not an emotion scale \(write e\.g\. -2\.\.2, 1\.\.5 or 0\.\.10\)"
        ),
        "msg.not_a_scale",
    ),
    # survey answers
    (
        re.compile(
            r"nothing to import: no row of the file holds a score \(every score cell is "
            r"blank(?P<missing> or a declared missing value)?\)"
        ),
        "msg.no_score",
    ),
    (
        re.compile(
            r"'(?P<value>.*)' is not a (?P<kind>touchpoint|stage|channel|persona) of journey "
            r"'(?P<journey>.*?)' \((?:touchpoint|stage|channel|persona)s: (?P<names>.*)\)"
        ),
        "msg.not_of_journey",
    ),
    (
        re.compile(
            r"(?P<n>\d[\d,]*) values of this column are no persona of journey "
            r"'(?P<journey>.*?)' \((?P<names>.*) …\): it does not look like a segment column; "
            r"name another, or none \(at most (?P<max>\d+) segments become personas\)"
        ),
        "msg.not_segments",
    ),
    (
        re.compile(
            r"a segment of (?P<n>\d[\d,]*) characters cannot name a persona "
            r"\(at most (?P<max>\d+)\)"
        ),
        "msg.segment_too_long",
    ),
    (
        re.compile(
            r"1 segment became a persona of journey '(?P<journey>.*?)', marked as coming from "
            r"the answers: (?P<names>.*)"
        ),
        "msg.segment_became",
    ),
    (
        re.compile(
            r"(?P<n>\d[\d,]*) segments became personas of journey '(?P<journey>.*?)', marked "
            r"as coming from the answers: (?P<names>.*)"
        ),
        "msg.segments_became",
    ),
    (
        re.compile(r"(?P<score>\S+) is outside the (?P<metric>NPS|CSAT|CES) scale (?P<scale>\S+)"),
        "msg.outside_metric_scale",
    ),
    (re.compile(r"'(?P<value>.*)' is not a metric \(nps, csat or ces\)"), "msg.not_a_metric"),
    # refused files
    (
        re.compile(
            r"an Excel 97-2003 \(\.xls\) file or a password-protected workbook; save it as "
            r"\.xlsx without a password"
        ),
        "msg.xls",
    ),
    (re.compile(r"a PDF document, not an XLSX workbook"), "msg.pdf"),
    (re.compile(r"an empty file, not an XLSX workbook"), "msg.empty_file"),
    (re.compile(r"not an XLSX workbook \(it is not a zip archive\)"), "msg.not_zip"),
    (re.compile(r"an XML or HTML file, not an XLSX workbook"), "msg.xml_file"),
    (re.compile(r"a text \(CSV\) file, not an XLSX workbook"), "msg.csv_file"),
    (re.compile(r"a text file, not an XLSX workbook"), "msg.text_file"),
    (
        re.compile(
            r"the file is (?P<size>\S+) MiB or more; the limit for answers is (?P<limit>\S+) MiB"
        ),
        "msg.answers_too_big",
    ),
    (
        re.compile(r"the file is (?P<size>\S+ (?:MiB|bytes)); the limit is (?P<limit>.*)"),
        "msg.file_too_big",
    ),
    (
        re.compile(
            r"(?P<what>the workbook|the answers file|the file|sheet '.*') takes longer to read "
            r"than the (?P<seconds>\S+) s an import may take"
        ),
        "msg.too_slow",
    ),
    (
        re.compile(
            r"(?P<what>the workbook|the answers file|the file) cannot be read(?P<where>.*?); "
            r"it is damaged or not as Excel writes it \((?P<detail>.*)\)"
        ),
        "msg.damaged_file",
    ),
    (
        re.compile(
            r"(?P<what>the workbook|the answers file|the file) needs more memory to read than "
            r"this server has"
        ),
        "msg.memory",
    ),
    (
        re.compile(
            r"(?P<what>the workbook|the answers file|the file) is nested too deeply to be read"
        ),
        "msg.nested",
    ),
    (re.compile(r"the workbook cannot be read \((?P<detail>.*)\)"), "msg.unreadable_workbook"),
    (re.compile(r"the CSV file cannot be read \((?P<detail>.*)\)"), "msg.unreadable_csv"),
    (re.compile(r"the file is neither UTF-8 nor Windows-1252 text"), "msg.not_utf8"),
    (re.compile(r"not a CSV file \(it holds binary data\)"), "msg.binary_csv"),
    (
        re.compile(r"sheet '(?P<sheet>.*)' has data beyond column (?P<col>[A-Z]+)"),
        "msg.beyond_column",
    ),
]


def report_message(message: str, lang: str) -> str:
    """A reader's finding as the dashboard shows it: the English text in English; in French the
    text of its shape, with the names, values and counts it holds."""
    if lang != "fr":
        return message
    for shape, key in MESSAGE_SHAPES:
        found = shape.fullmatch(message)
        if found is None:
            continue
        parts = {k: v or "" for k, v in found.groupdict().items()}
        for name, (one, many) in _NOUNS.items():
            if parts.get(name):
                count = int(parts[name].replace(",", ""))
                # French: 0 and 1 take the singular
                parts[name] = f"{format_number(count, lang)} {one if count <= 1 else many}"
        for name, value in parts.items():  # n, and the other counts and numbers (n_…)
            if value and (name == "n" or name.startswith("n_")) and name not in _NOUNS:
                parts[name] = _french_number(value)
        if "lanes" in parts:
            parts["lanes"] = ", ".join(
                _LANE_WORDS.get(w.strip(), w.strip()) for w in parts["lanes"].split(",")
            )
        if "kind" in parts:
            parts["kind"] = _KINDS.get(parts["kind"], parts["kind"])
        return tr(key, lang, **_french_extras(key, parts))
    return message


def _french_number(written: str) -> str:
    """A number the English message wrote (`1,234`, `0.74`, `-5`) in French (`1 234`, `0,74`);
    anything else as it is."""
    plain = written.replace(",", "")
    try:
        number: float = float(plain) if "." in plain or "e" in plain.lower() else int(plain)
    except ValueError:
        return written
    return format_number(number, "fr")


def _french_size(written: str) -> str:
    """`12 MiB` -> `12 Mio`, `1,234 bytes` -> `1 234 octets`."""
    number, _, unit = written.partition(" ")
    return f"{_french_number(number)} {_SIZE_UNITS.get(unit, unit)}".strip()


_SIZE_UNITS = {"MiB": "Mio", "bytes": "octets"}
_FILES = {"the workbook": "le classeur", "the answers file": "le fichier de réponses"}
_NOT_THIS_LAYOUT = {
    "no row of stage names followed by rows of channels was found": (
        "aucune ligne de noms d'étapes suivie de lignes de canaux n'a été trouvée"
    ),
    "no lane (touchpoints, feelings, pain points…) was recognised in the first column": (
        "aucun couloir (points de contact, ressentis, points de douleur…) n'a été reconnu "
        "dans la première colonne"
    ),
    "no row of stage names was found above the lanes": (
        "aucune ligne de noms d'étapes n'a été trouvée au-dessus des couloirs"
    ),
}
_WITH_ARTICLE = {
    "étape": "une étape",
    "canal": "un canal",
    "persona": "un persona",
    "point de contact": "un point de contact",
}
_PLURALS = {
    "étape": "étapes",
    "canal": "canaux",
    "persona": "personas",
    "point de contact": "points de contact",
}


def _french_file(what: str) -> str:
    """`the workbook` -> `le classeur`, `sheet 'X'` -> `la feuille « X »`."""
    sheet = re.fullmatch(r"sheet '(.*)'", what)
    if sheet:
        return f"la feuille « {sheet.group(1)} »"
    return _FILES.get(what, "le fichier")


def _s15_extras(key: str, parts: dict[str, str]) -> None:
    """The optional pieces of the shapes added in s15, worded in French."""
    if key == "msg.excel_error":
        parts["number"] = " ; un nombre est attendu" if parts.get("number") else ""
    if key == "msg.journey_name":
        parts["problem"] = report_message(parts["problem"], "fr")
    if key == "msg.change_in_current":
        parts["more"] = f", … ({parts['n']} en tout)" if parts.get("n") else ""
    if key == "msg.not_in_baseline":
        parts["what"] = {"removes": "supprime", "replaces": "remplace"}[parts["what"]]
    if key == "msg.shared_sheet":
        count = int(re.sub(r"\D", "", parts["n"]))
        one, many = ("persona", "personas") if parts["role"] == "personas" else ("canal", "canaux")
        parts["rows"] = f"{parts['n']} {one if count <= 1 else many}"
    if key == "msg.nothing_to_import" and parts["names"] in ("none", "aucun"):
        parts["names"] = "aucune"
    if key == "msg.not_this_layout":
        parts["kind"] = "une matrice" if parts["kind"] == "matrix" else "un canevas"
        parts["why"] = _NOT_THIS_LAYOUT.get(parts["why"], parts["why"])
    if key == "msg.no_score":
        parts["missing"] = " ou une valeur déclarée manquante" if parts.get("missing") else ""
    if key == "msg.not_of_journey":
        kind = parts["kind"]
        parts["kind"], parts["kinds"] = _WITH_ARTICLE.get(kind, kind), _PLURALS.get(kind, kind)
    if key in ("msg.too_slow", "msg.damaged_file", "msg.memory", "msg.nested"):
        parts["what"] = _french_file(parts["what"])
    if key == "msg.damaged_file":
        where = re.fullmatch(r" \(sheet '(.*?)'(?:, cell (\S+))?\)", parts["where"])
        if where:
            cell = f", case {where.group(2)}" if where.group(2) else ""
            parts["where"] = f" (feuille « {where.group(1)} »{cell})"
    if key == "msg.file_too_big":
        parts["size"], parts["limit"] = _french_size(parts["size"]), _french_size(parts["limit"])
    if key == "msg.answers_too_big":
        parts["size"], parts["limit"] = (
            _french_number(parts["size"]),
            _french_number(parts["limit"]),
        )
    if key == "msg.not_a_change":  # the words a French workbook writes
        parts["words"] = ", ".join(
            localised("change", w.strip(), "fr") if w.strip() in VOCABULARIES["change"] else w
            for w in parts["words"].split(",")
        )
    if key in ("msg.outside_metric_scale",):
        parts["score"] = _french_number(parts["score"])


def _french_extras(key: str, parts: dict[str, str]) -> dict[str, str]:
    """The optional pieces of a shape, worded in French."""
    if key == "msg.canvas":
        parts["kpis"] = f", {parts.pop('n_kpis')}" if parts.get("kpis") else ""
    if key == "msg.matrix":
        rest = parts.pop("rest")
        rest = re.sub(r"; title row (\S+) skipped", r" ; ligne de titre \1 ignorée", rest)
        rest = re.sub(r"; title rows (\S+) skipped", r" ; lignes de titre \1 ignorées", rest)
        rest = re.sub(
            r"; rows (\S+) below the grid ignored", r" ; lignes \1 sous la grille ignorées", rest
        )
        parts["rest"] = rest
        for flag, colour in (("fill_i", "rouge"), ("fill_d", "vert"), ("fill_m", "bleu")):
            parts[flag] = f" (remplissage {colour})" if parts.get(flag) else ""
    if key == "msg.scale_inferred":
        why = parts["why"]
        why = re.sub(r"^negative scores \((.*) to (.*)\)$", r"notes négatives, de \1 à \2", why)
        why = re.sub(r"^scores from (.*) to (.*)$", r"notes de \1 à \2", why)
        parts["why"] = why.replace("feeling words only", "mots de ressenti seulement")
    if "names" in parts and parts["names"] == "none":
        parts["names"] = "aucun"
    if key == "msg.no_column":
        parts["columns"] = parts["columns"].replace("(columns:", "(colonnes :")
    if key == "msg.not_a_touchpoint":
        parts["where"] = re.sub(r" at stage '(.*)'", r" à l'étape « \1 »", parts["where"])
    if key == "msg.not_a_name":
        parts["kind"] = {"étape": "une étape", "canal": "un canal"}.get(
            parts["kind"], "un " + parts["kind"]
        )
    _s15_extras(key, parts)
    return parts
