"""Event logs in: what customers did, one row per event, as tools export it.

Three forms: CSV (any of `,` `;` tab `|`, UTF-8 or Windows-1252), XLSX (checked by
:mod:`~cxmap.files.guard` first) and XES, the process-mining standard (IEEE 1849: traces named by
``concept:name``, events with ``concept:name`` and ``time:timestamp``), each plain or gzipped.
Everything is streamed: CSV in chunks of the C parser, XES by ``iterparse`` (defusedxml, no DTD),
a gzip stream through a reader that counts the bytes it really inflates.  A log is read as
:class:`Chunk` frames of at most :data:`CHUNK_ROWS` events, so memory is bounded by the chunk,
not the file.

Columns are found by their usual names in English and French (or named at import); times are
ISO 8601 with or without a zone, Excel serials, Unix epochs or day-first / month-first dates
(told apart on a sample and said in a note); all are stored as UTC milliseconds.  Rows without a
case, an activity or a readable time are skipped and counted, never an error.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from cxmap.domain import limits as kept
from cxmap.domain.report import RejectedFile, Report
from cxmap.domain.vocabulary import normalise
from cxmap.files import cells, guard

MiB = guard.MiB
CHUNK_ROWS = 100_000
SAMPLE_VALUES = 2_000  # values a time format is told from
SKIPPED_LISTED = 5  # rows cited in the warning about skipped rows


@dataclass(frozen=True)
class EventLimits:
    """How large an event log may be (kept apart from guard.Limits until both are unified)."""

    max_file_bytes: int = 1024 * MiB  # the file as given (compressed or not)
    max_inflated_bytes: int = 2048 * MiB  # what a gzip stream or an XLSX may inflate to
    max_events: int = 5_000_000
    max_xlsx_bytes: int = 256 * MiB  # an XLSX is read whole by the zip checks


DEFAULT_EVENT_LIMITS = EventLimits()

# Roles of a log's columns and the headers that name them (matched by vocabulary.normalise).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "case": (
        "case id",
        "case",
        "case:concept:name",
        "caseid",
        "case_id",
        "case key",
        "trace",
        "trace id",
        "customer id",
        "client id",
        "user id",
        "session id",
        "order id",
        "cas",
        "id cas",
        "identifiant cas",
        "numéro de cas",
        "id client",
        "identifiant client",
        "client",
        "commande",
        "id commande",
    ),
    "activity": (
        "activity",
        "concept:name",
        "event",
        "event name",
        "event type",
        "action",
        "activity name",
        "activité",
        "événement",
        "nom de l'événement",
        "type d'événement",
    ),
    "time": (
        "timestamp",
        "time:timestamp",
        "date",
        "time",
        "datetime",
        "date time",
        "event time",
        "occurred at",
        "created at",
        "complete timestamp",
        "end time",
        "horodatage",
        "date heure",
        "date et heure",
        "heure",
    ),
    "channel": ("channel", "canal", "medium", "source channel", "case:channel"),
    "persona": (
        "persona",
        "segment",
        "case:segment",
        "case:persona",
        "customer segment",
        "profile",
        "profil",
        "typologie",
        "segment client",
    ),
}
_COLUMN_KEYS = {normalise(w): role for role, words in _COLUMNS.items() for w in words}
ROLES = tuple(_COLUMNS)


@dataclass(frozen=True)
class EventOptions:
    """Columns named at import (header text; found by name when None)."""

    case: str | None = None
    activity: str | None = None
    time: str | None = None
    channel: str | None = None
    persona: str | None = None

    def named(self) -> dict[str, str]:
        return {role: getattr(self, role) for role in ROLES if getattr(self, role)}


NAMED_BY_HEADERS = EventOptions()


@dataclass
class Chunk:
    """Up to CHUNK_ROWS events: equal-length columns (``at``: UTC milliseconds)."""

    case: np.ndarray
    activity: np.ndarray
    at: np.ndarray
    channel: np.ndarray
    persona: np.ndarray

    def __len__(self) -> int:
        return len(self.at)


@dataclass
class EventLog:
    """An event log being read: its identity, what was inferred, and its events as chunks.

    ``chunks()`` can be iterated once; ``report`` and ``events``/``skipped`` are complete when it
    is exhausted.
    """

    filename: str
    sha256: str
    form: str  # csv | xlsx | xes
    columns: dict[str, str] = field(default_factory=dict)  # role -> header found
    report: Report = field(default_factory=Report)
    events: int = 0
    skipped: int = 0
    not_completed: int = 0  # events of a lifecycle transition other than complete, left out
    _chunks: Iterator[Chunk] | None = None

    def chunks(self) -> Iterator[Chunk]:
        assert self._chunks is not None, "an event log's chunks are read once"
        chunks, self._chunks = self._chunks, None
        yield from chunks


# --- bytes in: files, uploads, gzip ------------------------------------------------------------


class _CappedGzip(io.RawIOBase):
    """A gzip stream that refuses to inflate more than ``cap`` bytes (a gzip bomb) and turns a
    truncated or damaged stream into a one-line refusal."""

    def __init__(self, raw: BinaryIO, cap: int):
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self._cap = cap
        self.inflated = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._gzip.read(len(buffer))
        except EOFError:
            raise RejectedFile("the gzip file is truncated (its stream ends early)") from None
        except (gzip.BadGzipFile, zlib.error, OSError) as exc:
            raise RejectedFile(f"the gzip file is damaged ({exc})") from None
        self.inflated += len(data)
        if self.inflated > self._cap:
            raise RejectedFile(
                f"the gzip file inflates to more than {self._cap // MiB:,} MiB; "
                "the limit for an event log (a gzip bomb?)"
            )
        buffer[: len(data)] = data
        return len(data)


def _check_size(source: Path | bytes, limits: EventLimits) -> None:
    size = len(source) if isinstance(source, bytes) else source.stat().st_size
    if size > limits.max_file_bytes:
        raise RejectedFile(
            f"the file is {size / MiB:,.0f} MiB; the limit for an event log is "
            f"{limits.max_file_bytes // MiB:,} MiB"
        )


def _sha256(source: Path | bytes) -> str:
    """The file's SHA-256 (what makes a second import of it a no-op), read in blocks."""
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    sha = hashlib.sha256()
    with source.open("rb") as handle:
        while block := handle.read(8 * MiB):
            sha.update(block)
    return sha.hexdigest()


def _open(source: Path | bytes) -> BinaryIO:
    return io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")


def _form_of(head: bytes, filename: str) -> str:
    name = filename.lower().removesuffix(".gz")
    if head.startswith(b"PK") or name.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if name.endswith((".xes", ".xml")) or text.startswith(b"<"):
        return "xes"
    if head.startswith(guard._OLE_MAGIC):
        raise RejectedFile("an Excel 97-2003 (.xls) file; save it as .xlsx or CSV")
    if head.startswith(b"%PDF"):
        raise RejectedFile("a PDF document, not an event log")
    return "csv"


def read_event_log(
    source: Path | bytes,
    *,
    filename: str | None = None,
    options: EventOptions = NAMED_BY_HEADERS,
    limits: EventLimits = DEFAULT_EVENT_LIMITS,
) -> EventLog:
    """Open an event log and find its columns; its events are read by ``log.chunks()``.

    Raises RejectedFile (one line) for a file that is not a log, is hostile, or lacks a case,
    activity or time column.
    """
    filename = filename or (source.name if isinstance(source, Path) else "events")
    log, rows = _open_log(source, filename, limits)
    log.sha256 = _sha256(source)  # only an import needs it: the import form's peek does not
    log._chunks = _events(rows, log, options, limits)
    _first = next(log._chunks, None)  # finds the columns, or raises now
    log._chunks = _prepend(_first, log._chunks)
    return log


@dataclass(frozen=True)
class EventPeek:
    """The start of a log, for the import form: its columns, those proposed for each role,
    and its commonest activities (from its first chunk) with the touchpoint each matches."""

    form: str
    header: tuple[str, ...]
    proposed: Mapping[str, str]  # role -> header (the roles found by name)
    activities: tuple[tuple[str, int], ...]  # (activity, events in the first chunk)


def peek(
    source: Path | bytes, filename: str, limits: EventLimits = DEFAULT_EVENT_LIMITS
) -> EventPeek:
    """What the import form proposes for a log (reads its first chunk only)."""
    log, rows = _open_log(source, filename, limits)
    first = next(iter(rows), None)
    if first is None:
        raise RejectedFile("the log holds no event")
    header, frame = first
    proposed = _find_columns(header, NAMED_BY_HEADERS, log.form, required=False)
    activities: tuple[tuple[str, int], ...] = ()
    if "activity" in proposed:
        counts = pd.Series(_texts(frame[proposed["activity"]])).value_counts()
        activities = tuple((str(a), int(n)) for a, n in counts.items() if a)
    return EventPeek(log.form, tuple(header), proposed, activities)


def _open_log(
    source: Path | bytes, filename: str, limits: EventLimits
) -> tuple[EventLog, Iterator[tuple[list[str], pd.DataFrame]]]:
    _check_size(source, limits)
    raw = _open(source)
    head = raw.read(4)
    raw.seek(0)
    stream: BinaryIO = raw
    if head.startswith(b"\x1f\x8b"):
        stream = io.BufferedReader(_CappedGzip(raw, limits.max_inflated_bytes), 1 * MiB)
        head = stream.peek(64)[:64]
    if not head:
        raise RejectedFile("an empty file, not an event log")
    form = _form_of(head, filename)
    log = EventLog(filename, "", form)
    log.report.source = filename
    if form == "xlsx":
        rows = _xlsx_rows(stream, limits)
    elif form == "xes":
        rows = _xes_rows(stream, log, limits)
    else:
        rows = _csv_rows(stream)
    return log, rows


def _prepend(first: Chunk | None, rest: Iterator[Chunk]) -> Iterator[Chunk]:
    if first is not None:
        yield first
    yield from rest


# --- rows out of each form: a header, then lists of raw values --------------------------------


def _csv_rows(stream: BinaryIO) -> Iterator[tuple[list[str], pd.DataFrame]]:
    """(header, frame) per chunk of the C parser; values are strings."""
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
    sample = buffered.peek(65536)[:65536]
    if b"\x00" in sample:
        raise RejectedFile("not a CSV file (it holds binary data)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            head = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 decodes nearly anything; kept for clarity
        raise RejectedFile("the file is neither UTF-8 nor Windows-1252 text")
    first_line = head.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    try:
        reader = pd.read_csv(
            buffered,  # bytes: the C parser decodes them, not a Python text wrapper
            encoding=encoding,
            sep=delimiter,
            dtype=_ARROW_TEXT,  # trimmed and checked in Arrow, a column at a time
            keep_default_na=False,
            skipinitialspace=True,
            engine="c",
            chunksize=CHUNK_ROWS,
        )
        for frame in reader:
            yield list(frame.columns), frame
    except RejectedFile:
        raise
    except UnicodeDecodeError:
        raise RejectedFile(
            f"the file is not {encoding.removesuffix('-sig').upper()} text throughout "
            "(re-save it as UTF-8)"
        ) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RejectedFile(f"the CSV file cannot be read ({first})") from None


def _xlsx_rows(stream: BinaryIO, limits: EventLimits) -> Iterator[tuple[list[str], pd.DataFrame]]:
    """The first sheet whose name says events (else the first sheet), after the zip checks."""
    data = stream.read(limits.max_xlsx_bytes + 1)
    if len(data) > limits.max_xlsx_bytes:
        raise RejectedFile(
            f"the workbook is larger than {limits.max_xlsx_bytes // MiB:,} MiB; "
            "save a log this large as CSV"
        )
    guard.inspect(
        data,
        guard.Limits(
            max_file_bytes=limits.max_xlsx_bytes,
            max_inflated_bytes=limits.max_inflated_bytes,
            max_rows_per_sheet=limits.max_events + 1,
            max_parts=5_000,
        ),
    )
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = book.sheet_names
        wanted = next(
            (n for n in names if normalise(n) in {"events", "eventlog", "log", "evenements"}),
            names[0],
        )
        rows = book.get_sheet_by_name(wanted).iter_rows()
        header: list[str] | None = None
        batch: list[list[Any]] = []
        for row in rows:
            if header is None:
                if any(v not in ("", None) for v in row):
                    header = [cells.text(v) or f"column {i + 1}" for i, v in enumerate(row)]
                continue
            batch.append(list(row[: len(header)]) + [""] * (len(header) - len(row)))
            if len(batch) == CHUNK_ROWS:
                yield header, pd.DataFrame(batch, columns=header, dtype=object)
                batch = []
    except RejectedFile:
        raise
    except Exception as exc:  # calamine's own errors on a damaged part
        raise RejectedFile(
            f"the workbook cannot be read ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''})"
        ) from None
    if header is None:
        raise RejectedFile(f"sheet '{wanted}' is empty: no header row, no events")
    yield header, pd.DataFrame(batch, columns=header, dtype=object)


_XES_KEYS = {"case": "case:concept:name", "activity": "concept:name", "time": "time:timestamp"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xes_rows(
    stream: BinaryIO, log: EventLog, limits: EventLimits
) -> Iterator[tuple[list[str], pd.DataFrame]]:
    """Events of an XES log, flattened: the trace's attributes prefixed ``case:`` (as process
    mining tools do), the event's as they are.  Parsed by defusedxml's iterparse, which refuses
    a DTD, so no entity is ever expanded; each trace is cleared once read."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import iterparse

    header: list[str] = ["case:concept:name"]
    keys: dict[str, int] = {"case:concept:name": 0}
    rows: list[list[Any]] = []
    trace: dict[str, str] = {}
    event: dict[str, str] | None = None
    depth = 0  # nesting of attributes inside attributes (lists, containers): skipped
    events = 0
    root: Any = None

    def frame() -> pd.DataFrame:
        width = len(header)
        return pd.DataFrame(
            [r + [""] * (width - len(r)) for r in rows], columns=list(header), dtype=object
        )

    try:
        for kind, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
            tag = _local(element.tag)
            if kind == "start":
                if root is None:
                    root = element
                if tag == "trace":
                    trace = {}
                elif tag == "event":
                    event = {}
                elif tag in ("string", "date", "int", "float", "boolean", "id"):
                    depth += 1
                    key, value = element.get("key"), element.get("value")
                    if depth == 1 and key is not None and value is not None:
                        if event is not None:
                            event[key] = value
                        elif trace is not None:
                            trace[f"case:{key}"] = value
                elif tag in ("list", "container"):
                    depth += 1
                continue
            if tag in ("string", "date", "int", "float", "boolean", "id", "list", "container"):
                depth -= 1
            elif tag == "event" and event is not None:
                values = {**trace, **event}
                row: list[Any] = [""] * len(header)
                for key, value in values.items():
                    if key not in keys:
                        keys[key] = len(header)
                        header.append(key)
                        row.append("")
                    row[keys[key]] = value
                rows.append(row)
                event = None
                events += 1
                if events > limits.max_events:
                    raise RejectedFile(
                        f"the log has more than {limits.max_events:,} events; the limit is "
                        f"{limits.max_events:,}"
                    )
                if len(rows) == CHUNK_ROWS:
                    yield list(header), frame()
                    rows = []
            elif tag == "trace":
                root.clear()  # the log keeps no trace once read: memory stays flat
                trace = {}
            if event is None and tag == "event":
                element.clear()
    except RejectedFile:
        raise
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise RejectedFile(
            "the XES file declares a DOCTYPE or XML entities, which logs never need "
            "(an entity-expansion or external-entity attack?)"
        ) from None
    except ParseError as exc:
        raise RejectedFile(f"the XES file is damaged or truncated ({exc})") from None
    if events == 0 and not rows:
        raise RejectedFile("the XES file holds no event (no <trace><event> elements)")
    yield list(header), frame()


# --- columns and values ------------------------------------------------------------------------


def _find_columns(
    header: list[str], options: EventOptions, form: str, *, required: bool = True
) -> dict[str, str]:
    found: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for name in header:
        by_key.setdefault(normalise(name), name)
    for role, declared in options.named().items():
        name = by_key.get(normalise(declared))
        if name is None:
            raise RejectedFile(
                f"--{role} '{declared}': no such column (columns: {', '.join(header)})"
            )
        found[role] = name
    taken = set(found.values())
    if form == "xes":  # the standard's keys come first
        for role, key in _XES_KEYS.items():
            if role not in found and key in header:
                found[role] = key
                taken.add(key)
    for name in header:
        role = _COLUMN_KEYS.get(normalise(name))
        if role and role not in found and name not in taken:
            found[role] = name
            taken.add(name)
    missing = [role for role in ("case", "activity", "time") if role not in found]
    if missing and required:
        raise RejectedFile(
            f"no {' / '.join(missing)} column found (columns: {', '.join(header)}); "
            f"name {'it' if len(missing) == 1 else 'them'} with "
            + " ".join(f"--{role} COLUMN" for role in missing)
        )
    return found


_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}|$)")
_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})(?:[ T]+(\d{1,2}:\d{2}(?::\d{2})?))?$")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_ZONE = re.compile(r"(Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)


@dataclass
class _TimeFormat:
    kind: str  # iso | native | serial | epoch_s | epoch_ms | format | mixed
    format: str | None = None
    dayfirst: bool = False


def _time_format(sample: list[Any], report: Report) -> _TimeFormat:
    """How the time column is written, told from its first non-blank values."""
    values = [v for v in sample if not _blank(v)][:SAMPLE_VALUES]
    if not values:
        return _TimeFormat("iso")
    if all(isinstance(v, dt.datetime | dt.date | pd.Timestamp) for v in values):
        return _TimeFormat("native")
    texts = [str(v).strip() for v in values]
    if all(isinstance(v, int | float) or _NUMBER.match(t) for v, t in zip(values, texts)):
        numbers = [float(t) for t in texts]
        top = max(numbers)
        if top > 1e11:
            report.note("times read as Unix epochs in milliseconds")
            return _TimeFormat("epoch_ms")
        if top > 1e8:
            report.note("times read as Unix epochs in seconds")
            return _TimeFormat("epoch_s")
        report.note("times read as Excel serial dates (days since 1899-12-30)")
        return _TimeFormat("serial")
    if all(_ISO.match(t) for t in texts):
        if not all(_ZONE.search(t) for t in texts):
            report.note("times without a time zone are taken as UTC; all are stored in UTC")
        return _TimeFormat("iso")
    parts = [_DMY.match(t) for t in texts]
    if all(parts):
        first = max(int(m.group(1)) for m in parts if m)
        second = max(int(m.group(3)) for m in parts if m)
        if second > 12 and first <= 12:
            dayfirst, why = False, "a second number above 12"
        elif first > 12:
            dayfirst, why = True, "a first number above 12"
        else:
            dayfirst, why = True, "no number above 12 to tell; day first is the French habit"
        separator = parts[0].group(2) if parts[0] else "/"
        year = "%Y" if all(len(m.group(4)) == 4 for m in parts if m) else "%y"
        clocks = {len(m.group(5).split(":")) if m and m.group(5) else 0 for m in parts}
        clock = {0: "", 2: " %H:%M", 3: " %H:%M:%S"}.get(clocks.pop()) if len(clocks) == 1 else None
        order = f"%d{separator}%m" if dayfirst else f"%m{separator}%d"
        report.note(
            f"dates read {'day' if dayfirst else 'month'} first "
            f"({'DD/MM' if dayfirst else 'MM/DD'}): {why}"
        )
        if clock is None:
            return _TimeFormat("mixed", dayfirst=dayfirst)
        return _TimeFormat("format", f"{order}{separator}{year}{clock}", dayfirst)
    return _TimeFormat("mixed")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value is pd.NaT


_EXCEL_EPOCH_DAYS = 25_569  # 1970-01-01 as an Excel serial


def _to_ms(values: pd.Series, fmt: _TimeFormat) -> np.ndarray:
    """UTC milliseconds as float (NaN where unreadable).  Naive times are taken as UTC."""
    if fmt.kind in ("serial", "epoch_s", "epoch_ms"):
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64")
        if fmt.kind == "serial":
            return np.round((numbers - _EXCEL_EPOCH_DAYS) * 86_400_000)
        return numbers * (1000 if fmt.kind == "epoch_s" else 1)
    if values.dtype == object and pd.api.types.infer_dtype(values, skipna=False) != "string":
        values = values.map(lambda v: None if _blank(v) else v)  # blank text is NaT anyway
    if fmt.kind == "iso":
        stamps = pd.to_datetime(values, format="ISO8601", utc=True, errors="coerce")
    elif fmt.kind == "format":
        stamps = pd.to_datetime(values, format=fmt.format, utc=True, errors="coerce")
    elif fmt.kind == "native":
        stamps = pd.to_datetime(values, utc=True, errors="coerce")
    else:
        stamps = pd.to_datetime(
            values, format="mixed", dayfirst=fmt.dayfirst, utc=True, errors="coerce"
        )
    stamps = pd.DatetimeIndex(stamps)
    # whichever unit pandas chose (ns, us, ms, s), milliseconds since the epoch
    out = stamps.as_unit("ms").asi8.astype("float64")
    out[stamps.isna()] = np.nan
    if fmt.kind not in ("native", "mixed"):  # a value the format missed may still be a date
        missed = np.isnan(out) & values.notna().to_numpy()
        if missed.any():
            retry = pd.DatetimeIndex(
                pd.to_datetime(
                    values[missed], format="mixed", dayfirst=fmt.dayfirst, utc=True, errors="coerce"
                )
            )
            again = retry.as_unit("ms").asi8.astype("float64")
            again[retry.isna()] = np.nan
            out[missed] = again
    return out


def _unkept(texts: pd.Series) -> np.ndarray:
    """Which texts the database cannot keep (:mod:`cxmap.domain.limits`: the events table's
    300 characters, no NUL): such rows are skipped like those without a case.  Vectorised on
    Arrow strings: no Python statement per value."""
    return ((texts.str.len() > kept.NAME) | texts.str.contains("\x00", regex=False)).to_numpy(bool)


_ARROW_TEXT = pd.StringDtype("pyarrow")


def _texts(values: pd.Series) -> pd.Series:
    """A column as trimmed Arrow-backed text ("" for blanks; numbers from XLSX written as
    Excel shows them).  Trimming, lengths and the checks run in Arrow, not per value."""
    if values.dtype != _ARROW_TEXT:
        raw = values.to_numpy(object)
        if pd.api.types.infer_dtype(raw, skipna=True) not in ("string", "empty"):
            raw = np.array([cells.text(v) or "" for v in raw], dtype=object)
        values = pd.Series(raw, dtype=_ARROW_TEXT)
    return values.fillna("").str.strip()


def _events(
    rows: Iterator[tuple[list[str], pd.DataFrame]],
    log: EventLog,
    options: EventOptions,
    limits: EventLimits,
) -> Iterator[Chunk]:
    fmt: _TimeFormat | None = None
    completed_only: bool | None = None  # told from the first chunk that has a lifecycle
    offset = 2 if log.form != "xes" else 1  # the file's number of the first data row
    skipped_rows: list[int] = []
    width = 0
    for header, frame in rows:
        if len(header) != width:  # XES logs show new attribute keys as they go
            log.columns = _find_columns(header, options, log.form)
            width = len(header)
        columns = log.columns
        if fmt is None:
            fmt = _time_format(list(frame[columns["time"]][:SAMPLE_VALUES]), log.report)
        n = len(frame)
        if log.events + log.skipped + n > limits.max_events:
            raise RejectedFile(
                f"the log has more than {limits.max_events:,} events; the limit is "
                f"{limits.max_events:,} (split it, or import the period you need)"
            )
        texts = {
            role: _texts(frame[columns[role]])
            if role in columns
            else pd.Series([""] * n, dtype=_ARROW_TEXT)
            for role in ("case", "activity", "channel", "persona")
        }
        at = _to_ms(frame[columns["time"]], fmt)
        bad = np.isnan(at) | (texts["case"] == "").to_numpy(bool)
        bad |= (texts["activity"] == "").to_numpy(bool)
        for column in texts.values():
            bad |= _unkept(column)
        other = np.zeros(n, dtype=bool)  # a transition other than complete: left out
        lifecycle = _lifecycle_column(header)
        if lifecycle is not None and completed_only is not False:
            transition = _texts(frame[lifecycle]).str.lower()
            if completed_only is None:
                completed_only = bool((transition == "complete").any())
                if not completed_only:
                    log.report.note(
                        f"the log's '{lifecycle}' names no 'complete' transition: every event "
                        "is counted"
                    )
            if completed_only:  # an activity started and completed counts once, completed
                other = ((transition != "complete") & (transition != "")).to_numpy(bool) & ~bad
                log.not_completed += int(other.sum())
        case, activity, channel, persona = (
            texts[role].to_numpy(object) for role in ("case", "activity", "channel", "persona")
        )
        if bad.any():
            where = np.flatnonzero(bad)
            log.skipped += len(where)
            skipped_rows.extend(
                int(i) + offset for i in where[: SKIPPED_LISTED - len(skipped_rows)]
            )
        if bad.any() or other.any():
            keep = ~(bad | other)
            case, activity, at = case[keep], activity[keep], at[keep]
            channel, persona = channel[keep], persona[keep]
        offset += n
        log.events += len(at)
        if len(at):
            yield Chunk(case, activity, at.astype("int64"), channel, persona)
    if log.skipped:
        rows_cited = ", ".join(str(r) for r in skipped_rows)
        log.report.warn(
            f"{log.skipped:,} row{'s' if log.skipped != 1 else ''} skipped: no case, no "
            f"activity, a time that cannot be read, or a text over {kept.NAME} characters "
            f"or with a NUL (row{'s' if log.skipped != 1 else ''} "
            f"{rows_cited}{', …' if log.skipped > len(skipped_rows) else ''})"
        )
    if log.not_completed:
        log.report.note(
            f"{log.not_completed:,} event{'s' if log.not_completed != 1 else ''} of a lifecycle "
            "transition other than 'complete' (start, schedule…) left out: each activity counts "
            "once, when completed"
        )
    if fmt is not None and fmt.kind in ("native", "format", "mixed"):
        log.report.note("times without a time zone are taken as UTC; all are stored in UTC")


_LIFECYCLE = {normalise(name) for name in ("lifecycle:transition", "lifecycle", "transition")}


def _lifecycle_column(header: list[str]) -> str | None:
    """The XES lifecycle column (``lifecycle:transition``, as process-mining tools export it)."""
    return next((name for name in header if normalise(name) in _LIFECYCLE), None)


# --- activities -> touchpoints -----------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where an activity counts on the map."""

    touchpoint: str
    stage: str
    channel: str


def activity_targets(
    journey_map: Any, explicit: Mapping[str, str] | None = None
) -> dict[str, Target]:
    """Folded activity name -> the touchpoint it counts for: ``explicit`` (activity ->
    touchpoint name) first, then each touchpoint's ``events`` (when the model has them), then
    the touchpoint's own name.  Matching is case-, accent- and punctuation-insensitive."""
    by_name: dict[str, Any] = {}
    for tp in journey_map.touchpoints:
        by_name.setdefault(normalise(tp.name), tp)
    targets: dict[str, Target] = {}

    def target(tp: Any) -> Target:
        return Target(tp.name, tp.stage, tp.channel)

    for activity, name in (explicit or {}).items():
        tp = by_name.get(normalise(name))
        if tp is None:
            raise RejectedFile(f"--map {activity}={name}: the journey has no touchpoint '{name}'")
        targets[normalise(activity)] = target(tp)
    for tp in journey_map.touchpoints:
        events = getattr(tp, "events", None) or ()
        if isinstance(events, str):
            events = [e for e in re.split(r"[;,\n]", events)]
        for name in events:
            if str(name).strip():
                targets.setdefault(normalise(name), target(tp))
    for key, tp in by_name.items():
        targets.setdefault(key, target(tp))
    return targets
