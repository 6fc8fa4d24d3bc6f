"""Raw survey answers in: files as survey tools export them, long or wide, CSV or XLSX.

*Long*: one row per answer (date, persona, stage, touchpoint, channel, metric, score, comment).
*Wide*: one row per respondent; every column named after a touchpoint of the journey holds that
touchpoint's score; a persona (segment) column and a date column may be named or are found by
their header; other columns are ignored.

Reading is made for large files (a million answers): CSV through pandas' C parser, XLSX
through python-calamine (after :mod:`~cxmap.files.guard` checks), validation on whole
columns.  Every
error names its row (as the file numbers it) and column; a file with errors saves nothing.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from cxmap.domain import limits
from cxmap.domain.metrics import ANSWER_COLUMNS, SCALES
from cxmap.domain.model import JourneyMap, Scale
from cxmap.domain.report import RejectedFile, Report
from cxmap.domain.vocabulary import normalise
from cxmap.files import cells, guard

METRIC_SCALES = SCALES
METRIC_WORDS = {
    "nps": (
        "nps",
        "net promoter score",
        "recommendation",
        "recommandation",
        "likelihood to recommend",
        "probabilité de recommander",
    ),
    "csat": ("csat", "satisfaction", "customer satisfaction", "satisfaction client"),
    "ces": ("ces", "effort", "customer effort", "customer effort score", "effort client"),
}
_METRIC_KEYS = {normalise(w): m for m, words in METRIC_WORDS.items() for w in words}
ANSWER_LIMITS = guard.Limits(
    max_file_bytes=256 * guard.MiB,  # a million answers is 75 MiB of CSV
    max_inflated_bytes=2048 * guard.MiB,
    max_rows_per_sheet=2_000_000,
    max_parts=5_000,
)
# pandas holds a CSV's cells as Python strings (about 65 bytes each): a million answers of nine
# columns peak at 650 MiB, so 30 million cells is the most one import may hold
ANSWER_BUDGET = guard.Budget(seconds=300.0, max_cells=30_000_000)
MAX_LINE_BYTES = 1 * guard.MiB  # one answer per line; no survey tool writes a longer one
# pandas renames repeated headers in quadratic time (20,000 columns named alike: 9 s)
MAX_COLUMNS = 4_096
ERRORS_LISTED = 50  # beyond this, one line counts the rest
# a segment column holds a few segments; hundreds of new values are a wrong column (an id)
MAX_NEW_PERSONAS = 20
MAX_PERSONA_NAME = limits.length("personas", "name")
RESPONDENT_LENGTH = limits.length("responses", "respondent")

_COLUMNS = {
    "date": (
        "date",
        "answered on",
        "answer date",
        "submitted",
        "submitted at",
        "timestamp",
        "completed",
        "période",
        "period",
        "horodatage",
        "date de réponse",
        "date réponse",
    ),
    "persona": (
        "persona",
        "segment",
        "profile",
        "customer type",
        "typologie",
        "profil",
        "type de client",
    ),
    "stage": ("stage", "step", "étape"),
    "touchpoint": ("touchpoint", "touch point", "point de contact"),
    "channel": ("channel", "canal"),
    "metric": ("metric", "kpi", "indicator", "question type", "indicateur", "mesure"),
    "score": ("score", "rating", "note", "answer", "value", "réponse", "valeur"),
    "comment": (
        "comment",
        "comments",
        "verbatim",
        "commentaire",
        "commentaires",
        "remarque",
        "open answer",
    ),
    "respondent": (
        "respondent",
        "respondent id",
        "response id",
        "responseid",  # Qualtrics
        "id",
        "participant",
        "participant id",
        "répondant",
        "id répondant",
        "identifiant",
        "identifiant répondant",
        "numéro de réponse",
    ),
}
_COLUMN_KEYS = {normalise(w): key for key, words in _COLUMNS.items() for w in words}


@dataclass(frozen=True)
class AnswerOptions:
    """How to read an answers file: declared metric and scale, named columns, missing values."""

    metric: str | None = None
    scale: Scale | None = None
    persona_column: str | None = None
    date_column: str | None = None
    touchpoint_columns: Mapping[str, str] | None = None  # wide: header -> touchpoint
    # who answered: each answer is then known by respondent, touchpoint, metric and date, and
    # one already saved is not added again (else found by its header: respondent, ResponseId…)
    respondent_column: str | None = None
    missing: tuple[str, ...] = ()


@dataclass
class Answers:
    """What an answers file holds, checked and ready to save (``columns`` are equal-length
    lists, one entry per answer)."""

    filename: str
    sha256: str
    form: str = "long"
    columns: dict[str, list[Any]] = field(default_factory=dict)
    report: Report = field(default_factory=Report)
    mapping: dict[str, Any] = field(default_factory=dict)  # what the reader took each column for
    # segments of the file that are no persona of the journey yet: saving adds them as personas
    # marked as coming from the answers (Persona.source = FROM_ANSWERS)
    personas: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.columns.get("score", []))

    @property
    def ok(self) -> bool:
        return self.report.ok


def quarter(day: dt.date | None) -> str | None:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}" if day else None


# --- the table in the file ---------------------------------------------------------------


def _table_of(data: bytes, filename: str) -> tuple[pd.DataFrame, str, int]:
    """The answers as a DataFrame of raw values, the sheet's name, and the file's row number of
    the first data row (so that errors cite rows as the file numbers them)."""
    if data.startswith(b"PK") or filename.lower().endswith((".xlsx", ".xlsm")):
        return _xlsx_table(data)
    return _csv_table(data), "CSV", 2


def _longest_line(data: bytes, separator: int) -> int:
    """The length of the longest line, found in slices so that memory stays small."""
    longest, line_start, step = 0, 0, 16 * guard.MiB
    for offset in range(0, len(data), step):
        view = np.frombuffer(data, np.uint8, min(step, len(data) - offset), offset)
        ends = np.flatnonzero(view == separator) + offset
        if len(ends):
            longest = max(longest, int(ends[0]) - line_start)
            if len(ends) > 1:
                longest = max(longest, int(np.diff(ends).max()) - 1)
            line_start = int(ends[-1]) + 1
    return max(longest, len(data) - line_start)


def _check_csv_shape(data: bytes, head: str, delimiter: str) -> None:
    """Refuse, before pandas holds it, a CSV that would take too much memory: a line longer
    than MAX_LINE_BYTES, or more cells than the budget allows."""
    longest = min(_longest_line(data, ord("\n")), _longest_line(data, ord("\r")))
    if longest > MAX_LINE_BYTES:
        raise RejectedFile(
            f"a line of the CSV file is {longest / guard.MiB:,.1f} MiB long; the limit is "
            f"{MAX_LINE_BYTES / guard.MiB:,.0f} MiB (is it a CSV file?)"
        )
    columns = head.split("\n", 1)[0].count(delimiter) + 1
    if columns > MAX_COLUMNS:
        raise RejectedFile(
            f"the CSV file's first line has {columns:,} columns; the limit is {MAX_COLUMNS:,}"
        )
    lines = max(data.count(b"\n"), data.count(b"\r")) + 1
    budget = guard.current_budget()
    if columns * lines > budget.max_cells:
        raise RejectedFile(
            f"the CSV file has {lines:,} lines of {columns:,} columns; the limit is "
            f"{budget.max_cells:,} cells"
        )


def _csv_table(data: bytes) -> pd.DataFrame:
    for encoding in ("utf-8-sig", "cp1252"):
        try:  # incrementally: a character cut at the end of the sample is no error
            head = codecs.getincrementaldecoder(encoding)().decode(data[:65536], final=False)
            if encoding == "utf-8-sig":
                data.decode("utf-8-sig")  # the whole file, or Windows-1252
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RejectedFile("the file is neither UTF-8 nor Windows-1252 text")
    if "\x00" in head:
        raise RejectedFile("not a CSV file (it holds binary data)")
    try:
        delimiter = csv.Sniffer().sniff(head.split("\n", 1)[0], delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    _check_csv_shape(data, head, delimiter)
    try:
        with warnings.catch_warnings():  # the extra fields' warning: nothing a user sees
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            return pd.read_csv(
                io.BytesIO(data),
                sep=delimiter,
                dtype=str,
                keep_default_na=False,
                encoding=encoding,
                skipinitialspace=True,
                engine="c",
                skip_blank_lines=False,
                # Never an implicit index: a row with more fields than the header (a trailing
                # delimiter, as some survey tools write) would shift its values one column, and
                # 20,000 extra fields take pandas 10 s to turn into an index.
                index_col=False,
            )  # rows keep the file's numbers
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RejectedFile(f"the CSV file cannot be read ({first})") from None


def _xlsx_table(data: bytes) -> tuple[pd.DataFrame, str, int]:
    info = guard.inspect(data, ANSWER_LIMITS)
    budget = guard.current_budget()
    for sheet in info.sheets.values():  # calamine holds a sheet as a full grid
        if sheet.max_row * sheet.max_column > budget.max_cells:
            raise RejectedFile(
                f"sheet '{sheet.title}' spans {sheet.max_row:,} rows and "
                f"{sheet.max_column:,} columns; the limit is {budget.max_cells:,} cells"
            )
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = book.sheet_names
        wanted = next(
            (
                n
                for n in names
                if normalise(n) in {"responses", "reponses", "answers", "survey", "enquete"}
            ),
            names[0],
        )
        rows = book.get_sheet_by_name(wanted).to_python(skip_empty_area=False)  # from A1
    except Exception as exc:  # calamine's own errors on a damaged part
        raise RejectedFile(
            f"the workbook cannot be read ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''})"
        ) from None
    start = next((i for i, row in enumerate(rows) if any(v not in ("", None) for v in row)), None)
    if start is None:
        return pd.DataFrame(), wanted, 2
    header = [cells.text(v) or f"column {i + 1}" for i, v in enumerate(rows[start])]
    frame = pd.DataFrame(rows[start + 1 :], columns=header, dtype=object)
    return frame, wanted, start + 2


# --- reading -----------------------------------------------------------------------------------


def read_answers(
    source: str | Path | bytes | BinaryIO,
    journey_map: JourneyMap,
    options: AnswerOptions = AnswerOptions(),
    *,
    filename: str | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> Answers:
    """Read and check an answers file against a journey map (its touchpoints, stages,
    channels and personas).  Raises RejectedFile for a file that cannot be read at all (whatever
    a parser raises on it becomes one), too large, or that would take longer than its budget."""
    with guard.reading("the answers file", ANSWER_BUDGET):
        return _read_answers(source, journey_map, options, filename, progress)


def _bytes_of(source: str | Path | bytes | BinaryIO, filename: str | None) -> tuple[bytes, str]:
    """The file's bytes and its name, refused beyond ANSWER_LIMITS.max_file_bytes before the
    whole of it is read."""
    limit = ANSWER_LIMITS.max_file_bytes
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size <= limit:
                data, name = path.read_bytes(), filename or str(source)
        except OSError as exc:
            raise RejectedFile(f"cannot read {path}: {exc.strerror or exc}") from None
    elif isinstance(source, bytes):
        data, name = source, filename or "answers"
        size = len(data)
    else:
        data, name = source.read(limit + 1), filename or getattr(source, "name", "answers")
        size = len(data)
    if size > limit:
        raise RejectedFile(
            f"the file is {size / guard.MiB:,.0f} MiB or more; the limit for answers is "
            f"{limit / guard.MiB:,.0f} MiB"
        )
    return data, name


def _read_answers(
    source: str | Path | bytes | BinaryIO,
    journey_map: JourneyMap,
    options: AnswerOptions,
    filename: str | None,
    progress: Callable[[float, str], None] | None,
) -> Answers:
    tell = progress or (lambda _f, _m: None)
    data, name = _bytes_of(source, filename)
    answers = Answers(name, hashlib.sha256(data).hexdigest())
    answers.report.source = name
    tell(0.05, "reading the file")
    frame, sheet, first_row = _table_of(data, name)
    tell(0.4, "checking the answers")
    if frame.empty:
        answers.report.error("the file holds no answers", sheet)
        return answers
    frame.columns = [str(c).strip() for c in frame.columns]
    named = {}
    for header in frame.columns:
        key = _COLUMN_KEYS.get(normalise(header))
        if key and key not in named:
            named[key] = header
    _Checker(answers, journey_map, options, frame, sheet, first_row, named).run()
    tell(1.0, "checked")
    if answers.ok and answers.count == 0:
        answers.report.error(
            "nothing to import: no row of the file holds a score (every score cell is blank"
            + (" or a declared missing value)" if options.missing else ")"),
            sheet,
        )
    if not answers.ok:
        answers.columns = {}
        answers.personas = []
    return answers


class _Checker:
    """Validates whole columns and builds the answers' columns."""

    def __init__(
        self,
        answers: Answers,
        journey_map: JourneyMap,
        options: AnswerOptions,
        frame: pd.DataFrame,
        sheet: str,
        first_row: int,
        named: dict[str, str],
    ):
        self.answers, self.m, self.options = answers, journey_map, options
        self.frame, self.sheet, self.first_row, self.named = frame, sheet, first_row, named
        self.report = answers.report
        declared = options.respondent_column
        if declared is not None:
            if declared in frame.columns:
                self.named = named = {k: h for k, h in named.items() if h != declared}
                named["respondent"] = declared
            else:
                self.report.error(
                    f"there is no column '{declared}' (columns: "
                    f"{', '.join(map(str, frame.columns[:12]))})",
                    sheet,
                )
        self.missing = {normalise(v) or v.strip() for v in options.missing} | {""}
        self.touchpoints = {normalise(t.name): t for t in journey_map.touchpoints}

    def error_rows(
        self, mask: np.ndarray, column: str, message: Callable[[Any], str], values: pd.Series
    ) -> None:
        """One error per offending row (the first ERRORS_LISTED), then a count of the rest."""
        positions = np.flatnonzero(mask)
        for position in positions[:ERRORS_LISTED]:
            self.report.error(
                message(values.iloc[position]), self.sheet, int(position) + self.first_row, column
            )
        if len(positions) > ERRORS_LISTED:
            self.report.error(
                f"… and {len(positions) - ERRORS_LISTED:,} more rows like these",
                self.sheet,
                None,
                column,
            )

    def run(self) -> None:
        long = "score" in self.named and (
            "metric" in self.named or "touchpoint" in self.named or "stage" in self.named
        )
        self.answers.form = "long" if long else "wide"
        if long:
            self.long()
        else:
            self.wide()

    # -- values -------------------------------------------------------------------------------
    # Answer files repeat few distinct values (a score from 0 to 10, a dozen touchpoints, a few
    # hundred dates), so each is read once and spread over the rows by its code.

    def blank(self, values: pd.Series) -> np.ndarray:
        """Which cells are no answer: empty, or one of the declared missing values."""
        return _Distinct(values).map(self._is_blank, bool)

    def _is_blank(self, value: Any) -> bool:
        text = cells.text(value) if value is not None and value == value else None
        return not text or (normalise(text) or text) in self.missing

    def scores(self, values: pd.Series, column: str) -> tuple[np.ndarray, np.ndarray]:
        """(scores as floats, which rows are answered); unreadable scores are errors."""
        distinct = _Distinct(values)
        blank = distinct.map(self._is_blank, bool)
        numbers = distinct.map(_score_of, float)
        bad = ~blank & np.isnan(numbers)
        self.error_rows(bad, column, lambda v: f"'{cells.text(v)}' is not a score", values)
        return numbers, ~blank & ~bad

    def dates(self, values: pd.Series, column: str) -> np.ndarray:
        """Dates, read once per distinct value."""
        days = _Distinct(values).map(_date_of)
        bad = np.fromiter((d is _INVALID_DATE for d in days), bool, len(days))
        self.error_rows(
            bad,
            column,
            lambda v: f"'{cells.text(v)}' is not a date (write e.g. 2026-03-31 or 31/03/2026)",
            values,
        )
        days[bad] = None
        return days

    def texts(self, values: pd.Series, column: str, limit: int | None = None) -> np.ndarray:
        """Texts, refused where the database could not keep them (:mod:`cxmap.domain.limits`:
        a NUL character, more characters than ``limit``)."""
        distinct = _Distinct(values)

        def text(v: Any) -> str | None:
            return cells.text(v) if v == v and v is not None else None

        found = distinct.map(lambda v: (t := text(v)) and limits.text_problem(t, limit))
        bad = found.astype(bool)
        positions = np.flatnonzero(bad)
        for position in positions[:ERRORS_LISTED]:
            self.report.error(
                str(found[position]), self.sheet, int(position) + self.first_row, column
            )
        if len(positions) > ERRORS_LISTED:
            self.report.error(
                f"… and {len(positions) - ERRORS_LISTED:,} more rows like these",
                self.sheet,
                None,
                column,
            )
        return distinct.map(text)

    def resolve(self, values: pd.Series, column: str, known: list[str], kind: str) -> np.ndarray:
        """Names matched to the journey's (case, accents and spaces aside); unknown ones are
        errors listing what exists."""
        lookup = {normalise(n): n for n in known}

        def find(value: Any) -> Any:
            text = cells.text(value) if value is not None and value == value else None
            return None if not text else lookup.get(normalise(text), _UNKNOWN)

        result = _Distinct(values).map(find)
        bad = np.fromiter((v is _UNKNOWN for v in result), bool, len(result))
        shown = ", ".join(known[:8]) + (" …" if len(known) > 8 else "")
        self.error_rows(
            bad,
            column,
            lambda v: (
                f"'{cells.text(v)}' is not a {kind} of journey "
                f"'{self.m.name}' ({kind}s: {shown or 'none'})"
            ),
            values,
        )
        result[bad] = None
        return result

    def segments(self, values: pd.Series, column: str, known: list[str], kind: str) -> np.ndarray:
        """Personas matched to the journey's (case, accents and spaces aside), as
        :meth:`resolve`; but a segment the journey does not list becomes a persona of it
        (``answers.personas``, reported): survey tools export their own segments."""
        lookup = {normalise(n) or n.strip(): n for n in known}
        new: list[str] = []

        def find(value: Any) -> Any:
            text = cells.text(value) if value is not None and value == value else None
            if not text:
                return None
            key = normalise(text) or text.strip()
            if key not in lookup:  # the first spelling met names the persona
                lookup[key] = text.strip()
                new.append(text.strip())
            return lookup[key]

        result = _Distinct(values).map(find)
        too_long = [name for name in new if len(name) > MAX_PERSONA_NAME]
        if len(new) > MAX_NEW_PERSONAS:
            self.report.error(
                f"{len(new):,} values of this column are no {kind} of journey '{self.m.name}' "
                f"({', '.join(new[:5])} …): it does not look like a segment column; name "
                f"another, or none (at most {MAX_NEW_PERSONAS} segments become {kind}s)",
                self.sheet,
                None,
                column,
            )
        elif too_long:
            self.report.error(
                f"a segment of {len(too_long[0]):,} characters cannot name a {kind} "
                f"(at most {MAX_PERSONA_NAME})",
                self.sheet,
                None,
                column,
            )
        elif new:
            self.answers.personas = new
            plural = len(new) > 1
            self.report.note(
                f"{len(new)} segment{'s' if plural else ''} became "
                f"{kind + 's' if plural else 'a ' + kind} of journey '{self.m.name}', marked as "
                f"coming from the answers: {', '.join(new)}",
                self.sheet,
                None,
                column,
            )
        return result

    def check_scale(
        self,
        scores: np.ndarray,
        answered: np.ndarray,
        metrics: np.ndarray,
        column: str,
        values: pd.Series,
    ) -> None:
        for metric in pd.unique(metrics[answered]):
            scale = self.options.scale or METRIC_SCALES[metric]
            outside = (
                answered & (metrics == metric) & ((scores < scale.low) | (scores > scale.high))
            )
            self.error_rows(
                outside,
                column,
                lambda v, s=scale, m=metric: (
                    f"{cells.text(v)} is outside the {m.upper()} scale {s}"
                ),
                values,
            )

    # -- the two forms ------------------------------------------------------------------------

    def long(self) -> None:
        frame, named, n = self.frame, self.named, len(self.frame)
        score_col = named["score"]
        scores, answered = self.scores(frame[score_col], score_col)
        if "metric" in named:
            raw = frame[named["metric"]]
            metrics = _Distinct(raw).map(
                lambda v: _METRIC_KEYS.get(normalise(v), "?") if v == v and v is not None else "?"
            )
            bad = answered & (metrics == "?")
            self.error_rows(
                bad,
                named["metric"],
                lambda v: f"'{cells.text(v)}' is not a metric (nps, csat or ces)",
                raw,
            )
        elif self.options.metric:
            metrics = np.full(n, self.options.metric, dtype=object)
        else:
            self.report.error(
                "no metric column: name one (nps, csat or ces per row) or declare "
                "the file's metric",
                self.sheet,
            )
            return
        self.check_scale(scores, answered & (metrics != "?"), metrics, score_col, frame[score_col])
        nothing = np.full(n, None, dtype=object)
        known = {
            "touchpoint": [t.name for t in self.m.touchpoints],
            "stage": [s.name for s in self.m.stages],
            "channel": [c.name for c in self.m.channels],
            "persona": [p.name for p in self.m.personas],
        }
        found = {
            key: (self.segments if key == "persona" else self.resolve)(
                frame[named[key]], named[key], names, key
            )
            if key in named
            else nothing
            for key, names in known.items()
        }
        tp, stage, channel, persona = (
            found[k] for k in ("touchpoint", "stage", "channel", "persona")
        )
        days = self.dates(frame[named["date"]], named["date"]) if "date" in named else nothing
        comment = (
            self.texts(frame[named["comment"]], named["comment"]) if "comment" in named else nothing
        )
        respondent = (
            self.texts(frame[named["respondent"]], named["respondent"], RESPONDENT_LENGTH)
            if "respondent" in named
            else nothing
        )
        self.answers.mapping = {"form": "long", **named}
        if not self.report.ok:
            return
        keep = np.flatnonzero(answered)
        self.build(keep, scores, metrics, tp, stage, channel, persona, days, comment, respondent)

    def wide(self) -> None:
        frame, options, n = self.frame, self.options, len(self.frame)
        headers = list(frame.columns)
        if options.touchpoint_columns is not None:
            columns = dict(options.touchpoint_columns)
            for header, name in columns.items():
                if header not in headers:
                    self.report.error(f"there is no column '{header}'", self.sheet)
                if normalise(name) not in self.touchpoints:
                    self.report.error(
                        f"'{name}' is not a touchpoint of journey '{self.m.name}'",
                        self.sheet,
                        None,
                        header,
                    )
        else:
            columns = propose_touchpoint_columns(headers, self.m)
        if not columns:
            self.report.error(
                f"no column is named after a touchpoint of journey '{self.m.name}'"
                f" (touchpoints: {', '.join(t.name for t in self.m.touchpoints[:8])}"
                f"{' …' if len(self.m.touchpoints) > 8 else ''})",
                self.sheet,
            )
            return
        persona_col = self._column(options.persona_column, "persona", headers)
        date_col = self._column(options.date_column, "date", headers)
        respondent_col = self.named.get("respondent")
        if not self.report.ok:
            return
        nothing = np.full(n, None, dtype=object)
        personas = (
            self.segments(
                frame[persona_col], persona_col, [p.name for p in self.m.personas], "persona"
            )
            if persona_col
            else nothing
        )
        days = self.dates(frame[date_col], date_col) if date_col else nothing
        respondents = (
            self.texts(frame[respondent_col], respondent_col, RESPONDENT_LENGTH)
            if respondent_col
            else nothing
        )
        periods = _Distinct(pd.Series(days, dtype=object)).map(
            lambda d: quarter(d) if isinstance(d, dt.date) else None
        )
        blocks = {header: self.scores(frame[header], header) for header in columns}
        metric = options.metric or self._infer_metric(blocks)
        if metric is None:
            return
        for header, (scores, answered) in blocks.items():
            self.check_scale(
                scores, answered, np.full(n, metric, dtype=object), header, frame[header]
            )
        self.answers.mapping = {
            "form": "wide",
            "persona": persona_col,
            "date": date_col,
            "respondent": respondent_col,
            "touchpoints": columns,
            "metric": metric,
            "ignored": [
                h
                for h in headers
                if h not in columns and h not in (persona_col, date_col, respondent_col)
            ],
        }
        if not self.report.ok:
            return
        parts = {key: [] for key in ANSWER_COLUMNS}
        for header, (scores, answered) in blocks.items():
            touchpoint = self.touchpoints[normalise(columns[header])]
            keep = np.flatnonzero(answered)
            parts["answered_on"] += days[keep].tolist()
            parts["period"] += periods[keep].tolist()
            parts["persona"] += personas[keep].tolist()
            parts["respondent"] += respondents[keep].tolist()
            parts["score"] += scores[keep].tolist()
            size = len(keep)
            parts["stage"] += [touchpoint.stage] * size
            parts["touchpoint"] += [touchpoint.name] * size
            parts["channel"] += [touchpoint.channel] * size
            parts["metric"] += [metric] * size
            parts["comment"] += [None] * size
        self.answers.columns = parts

    def _column(self, declared: str | None, key: str, headers: list[str]) -> str | None:
        if declared is None:
            return self.named.get(key)
        if declared not in headers:
            self.report.error(
                f"there is no column '{declared}' (columns: {', '.join(headers[:12])})", self.sheet
            )
            return None
        return declared

    def _infer_metric(self, blocks: dict[str, tuple[np.ndarray, np.ndarray]]) -> str | None:
        values = np.concatenate([scores[answered] for scores, answered in blocks.values()])
        if not len(values):
            self.report.error("no answer in the touchpoint columns", self.sheet)
            return None
        low, high = float(values.min()), float(values.max())
        scale = self.options.scale
        if scale is not None:
            low, high = scale.low, scale.high
        if low >= 1 and high <= 5:
            metric = "csat"
        elif low >= 1 and high <= 7:
            metric = "ces"
        elif low >= 0 and high <= 10:
            metric = "nps"
        else:
            self.report.error(
                f"the scores run from {cells.text(low)} to {cells.text(high)}: "
                "no metric has that scale; declare the metric and scale",
                self.sheet,
            )
            return None
        self.report.note(
            f"metric inferred as {metric.upper()} from scores from "
            f"{cells.text(low)} to {cells.text(high)} (0–10 → NPS, 1–5 → CSAT, "
            "1–7 → CES); declare it to be sure",
            self.sheet,
        )
        return metric

    def build(
        self,
        keep: np.ndarray,
        scores: np.ndarray,
        metrics: np.ndarray,
        touchpoint: np.ndarray,
        stage: np.ndarray,
        channel: np.ndarray,
        persona: np.ndarray,
        days: np.ndarray,
        comment: np.ndarray,
        respondent: np.ndarray,
    ) -> None:
        """The answers' columns; a touchpoint gives its stage and channel when they are not
        given."""
        by_name = {t.name: t for t in self.m.touchpoints}
        named = _Distinct(pd.Series(touchpoint, dtype=object))
        stage = np.where(
            pd.isna(stage), named.map(lambda n: by_name[n].stage if n in by_name else None), stage
        )
        channel = np.where(
            pd.isna(channel),
            named.map(lambda n: by_name[n].channel if n in by_name else None),
            channel,
        )
        periods = _Distinct(pd.Series(days, dtype=object)).map(
            lambda d: quarter(d) if isinstance(d, dt.date) else None
        )
        columns = {
            "answered_on": days,
            "period": periods,
            "persona": persona,
            "stage": stage,
            "touchpoint": touchpoint,
            "channel": channel,
            "metric": metrics,
            "score": scores,
            "comment": comment,
            "respondent": respondent,
        }
        self.answers.columns = {key: columns[key][keep].tolist() for key in ANSWER_COLUMNS}


class _Distinct:
    """A column factorised once: a function of its values is computed per distinct value."""

    def __init__(self, values: pd.Series):
        self.codes, uniques = pd.factorize(values, use_na_sentinel=True)
        self.uniques = [*uniques, None]  # code -1 (missing) picks the last: None

    def map(self, function: Callable[[Any], Any], dtype: Any = object) -> np.ndarray:
        table = np.empty(len(self.uniques), dtype=dtype)
        for i, value in enumerate(self.uniques):
            table[i] = function(value)
        return table[self.codes]


def _score_of(value: Any) -> float:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return float("nan")
    try:
        return cells.number(value)[0]
    except cells.CellError:
        return float("nan")


def _date_of(value: Any) -> Any:
    if value is None or value != value or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return cells.date(value)
    except cells.CellError:
        return _INVALID_DATE


_UNKNOWN = object()
_INVALID_DATE = object()


def propose_touchpoint_columns(headers: list[str], journey_map: JourneyMap) -> dict[str, str]:
    """Wide files: the columns named after a touchpoint (case, accents and punctuation aside;
    a header that ends with exactly one touchpoint's name counts too, as in `Q3 - Checkout`,
    unless it is a comment column)."""
    names = {normalise(t.name): t.name for t in journey_map.touchpoints}
    found: dict[str, str] = {}
    for header in headers:
        key = normalise(header)
        if key in names:
            found[header] = names[key]
            continue
        if any(word in key for word in _NOT_SCORES):
            continue  # "Commentaire Paiement sécurisé" is about a touchpoint, not its score
        inside = [name for k, name in names.items() if k and len(k) >= 4 and key.endswith(k)]
        if len(inside) == 1 and _COLUMN_KEYS.get(key) is None:
            found[header] = inside[0]
    return found


_NOT_SCORES = tuple(
    normalise(w)
    for w in (
        "comment",
        "commentaire",
        "verbatim",
        "remarque",
        "why",
        "pourquoi",
        "explain",
        "expliquez",
        "suggestion",
        "open answer",
        "réponse libre",
        "texte",
    )
)


def peek(data: bytes, filename: str, journey_map: JourneyMap) -> dict[str, Any]:
    """A first look at an answers file for the mapping step: its headers, whether it looks
    long or wide, and the columns proposed for the persona, the date and the touchpoints."""
    with guard.reading("the answers file", ANSWER_BUDGET):
        data, filename = _bytes_of(data, filename)
        frame, _sheet, _first = _table_of(data, filename)
    headers = [str(c).strip() for c in frame.columns]
    named = {}
    for header in headers:
        key = _COLUMN_KEYS.get(normalise(header))
        if key and key not in named:
            named[key] = header
    long = "score" in named and ("metric" in named or "touchpoint" in named or "stage" in named)
    return {
        "headers": headers,
        "form": "long" if long else "wide",
        "rows": len(frame),
        "persona": named.get("persona"),
        "date": named.get("date"),
        "respondent": named.get("respondent"),
        "touchpoints": {} if long else propose_touchpoint_columns(headers, journey_map),
    }
