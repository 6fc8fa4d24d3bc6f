"""Read a journey workbook (Layout 1, the tidy template) into journey maps.

Reading never writes anything.  It collects every error of the file at once, each located by
sheet, row (as Excel numbers it) and column header, and returns them in a
:class:`~cxmap.domain.report.Report` beside the maps; the caller saves only a file without errors.

How it reads: the file is first checked by :mod:`cxmap.files.guard`, then read by openpyxl in
read-only mode with cached formula values (``data_only``).  Read-only mode streams the sheets
in bounded memory (a map of 5,000 rows reads as fast as in the normal mode, in a third of the
memory: bench/README.md) but neither reports merged cells nor tells a formula without a cached
value from an empty cell, so both are taken from the worksheet part where the guard saw them
(merges) or by a second, formula-aware pass over that sheet only.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

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
    is_blank,
)
from cxmap.domain.report import CxmapError, RejectedFile, Report
from cxmap.domain.vocabulary import (
    SHEETS_BY_ROLE,
    Sheet,
    allowed_words,
    canonical,
    column_for,
    default_direction,
    feeling_base,
    normalise,
    sheet_role,
)
from cxmap.files import cells, guard, layouts
from cxmap.files.colours import fill_of, theme_palette

Progress = Callable[[float, str], None]
Cell = tuple[Any, "str | None"]  # (value, number format)
MAX_COLUMNS = 1_000
HEADER_SEARCH_ROWS = 10
_NOTES_SHEETS = frozenset(
    {"readme", "lisezmoi", "notes", "legend", "legende", "instructions", "aide", "help"}
)
_LIST_SEPARATORS = re.compile(r"\s*[,;/\n]\s*")


@dataclass(frozen=True)
class ImportResult:
    """What a workbook holds (``maps``) and what reading it found (``report``)."""

    maps: tuple[JourneyMap, ...]
    report: Report

    @property
    def ok(self) -> bool:
        return self.report.ok


@dataclass(frozen=True)
class Corrections:
    """What the user says when the importer guessed wrong (the app's and the command line's
    corrections): the journey's name and state, a sheet's layout or persona, what an
    unrecognised fill colour means."""

    journey: str | None = None
    state: str | None = None
    layouts: Mapping[str, str] = field(default_factory=dict)  # sheet -> tidy|matrix|canvas|ignore
    personas: Mapping[str, str] = field(default_factory=dict)  # canvas sheet -> persona
    persona: str | None = None  # the persona of every canvas sheet not named in `personas`
    colours: Mapping[str, str] = field(default_factory=dict)  # RRGGBB -> qualification


NO_CORRECTIONS = Corrections()


@dataclass
class _Table:
    title: str
    sheet: Sheet
    headers: dict[str, str]  # column key -> header as written
    rows: list[_Row] = field(default_factory=list)
    synthetic: bool = False  # made from a matrix or canvas sheet

    def header(self, key: str) -> str:
        return self.headers.get(key, self.sheet.keys[key].header_en)


@dataclass
class _Row:
    number: int
    cells: dict[str, Cell]
    extra: dict[str, Any]
    journey: str | None = None
    table: _Table | None = None
    headers: dict[str, str] | None = None  # per-row column headers (layout sheets)


_INVALID = object()  # a cell whose error is already reported


@dataclass(frozen=True)
class _Uncomputed:
    """A formula cell saved without its value (as files written by scripts are)."""

    coordinate: str
    formula: str

    def problem(self) -> str:
        return (
            f"cell {self.coordinate} holds the formula {self.formula} with no saved value; "
            "open and save the file in Excel, or type the value"
        )


# --- reading the grid -------------------------------------------------------------------------


def _load(data: bytes, *, data_only: bool) -> Any:
    try:
        return openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False
        )
    except RejectedFile:
        raise
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        first_line = (str(exc).strip().splitlines() or [""])[0]
        raise RejectedFile(
            f"the workbook cannot be read ({type(exc).__name__}: {first_line})"
        ) from None


def _number_format(cell: Any, value: Any) -> str | None:
    return cell.number_format if isinstance(value, (int, float)) else None


def _grid(
    ws: Any, describe: Callable[[Any, Any], Any] = _number_format
) -> list[tuple[int, dict[int, Cell]]]:
    """The non-empty rows of a read-only sheet: (Excel row number, {column index: (value,
    what ``describe`` tells of the cell)}) — its number format for a tidy sheet, its fill for
    a matrix or a canvas."""
    ws.reset_dimensions()  # never pad rows to a (possibly forged) declared dimension
    rows = []
    for row in ws.iter_rows():
        found: dict[int, Cell] = {}
        number = None
        for cell in row:
            value = getattr(cell, "value", None)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if cell.column > MAX_COLUMNS:
                raise RejectedFile(
                    f"sheet '{ws.title}' has data beyond column {get_column_letter(MAX_COLUMNS)}"
                )
            number = cell.row
            found[cell.column] = (
                value.strip() if isinstance(value, str) else value,
                describe(cell, value),
            )
        if found:
            rows.append((number, found))
    return rows


def _fill_merges(
    grid: list[tuple[int, dict[int, Cell]]], ranges: list[tuple[str, str]]
) -> list[tuple[int, dict[int, Cell]]]:
    """Carry the value of each merged range's top-left cell over the whole range."""
    if not ranges or not grid:
        return grid
    by_row = {number: dict(found) for number, found in grid}
    last_row = max(by_row)
    last_col = max((max(found) for found in by_row.values()), default=1)
    for first, last in ranges:
        col1, row1 = _coordinate(first)
        col2, row2 = _coordinate(last)
        value = by_row.get(row1, {}).get(col1)
        if value is None:
            continue
        for r in range(row1, min(row2, last_row) + 1):
            target = by_row.setdefault(r, {})
            for c in range(col1, min(col2, last_col) + 1):
                target.setdefault(c, value)
    return sorted(by_row.items())


def _coordinate(ref: str) -> tuple[int, int]:
    letters, row = coordinate_from_string(ref)
    return column_index_from_string(letters), row


def _mark_uncomputed(
    data: bytes, title: str, grid: list[tuple[int, dict[int, Cell]]]
) -> list[tuple[int, dict[int, Cell]]]:
    """Put an :class:`_Uncomputed` marker where a formula cell has no cached value."""
    by_row = {number: dict(found) for number, found in grid}
    missing: list[tuple[int, int, _Uncomputed]] = []
    workbook = _load(data, data_only=False)
    try:
        ws = workbook[title]
        ws.reset_dimensions()
        for row in ws.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f" and cell.column not in by_row.get(
                    cell.row, {}
                ):
                    formula = (
                        cell.value
                        if isinstance(cell.value, str)
                        else getattr(cell.value, "text", "=…")
                    )
                    missing.append(
                        (cell.row, cell.column, _Uncomputed(cell.coordinate, str(formula)))
                    )
    finally:
        workbook.close()
    for number, col, marker in missing:
        by_row.setdefault(number, {})[col] = (marker, None)
    return sorted(by_row.items())


# --- from grid to tables ------------------------------------------------------------------------


def _table(
    title: str, sheet: Sheet, grid: list[tuple[int, dict[int, Cell]]], report: Report
) -> _Table | None:
    """Find the header row, name the columns, and collect the rows below it."""
    required = {c.key for c in sheet.columns if c.required}
    best: tuple[int, dict[int, Any]] | None = None
    for position, (_number, found) in enumerate(grid[:HEADER_SEARCH_ROWS]):
        named = {
            col: column_for(sheet, value)
            for col, (value, _f) in found.items()
            if isinstance(value, str)
        }
        keys = {column.key for column in named.values() if column}
        if keys and (best is None or required <= keys):
            best = (position, named)
            if required <= keys:
                break
    if best is None:
        return None
    position, named = best
    header_number, header_cells = grid[position]
    if position:
        report.note(f"{position} row(s) above the header row {header_number} skipped", title)

    table = _Table(title, sheet, {})
    columns: dict[int, str] = {}  # column index -> key
    extras: dict[int, str] = {}  # column index -> header as written
    for col, (value, _f) in sorted(header_cells.items()):
        header = cells.text(value) or ""
        column = named.get(col)
        if column is None:
            extras[col] = header
        elif column.key in table.headers:
            report.warn(
                f"'{header}' means the same as '{table.headers[column.key]}'; the first "
                f"is used, '{header}' is kept as an extra column",
                title,
                header_number,
            )
            extras[col] = header
        else:
            table.headers[column.key] = header
            columns[col] = column.key
    for key in sorted(required - set(table.headers)):
        column = sheet.keys[key]
        report.error(
            f"required column '{column.header_en}' (or '{column.header_fr}') is missing",
            title,
            header_number,
        )

    for number, found in grid[position + 1 :]:
        row = _Row(number, {}, {}, table=table)
        for col, cell in found.items():
            if col in columns:
                row.cells[columns[col]] = cell
            elif col in extras:
                if isinstance(cell[0], _Uncomputed):
                    report.error(cell[0].problem(), title, number, extras[col])
                    continue
                row.extra[extras[col]] = _json_value(cell[0])
            else:
                report.warn(
                    f"a value in column {get_column_letter(col)}, which has no header, is ignored",
                    title,
                    number,
                )
        if row.cells or row.extra:
            table.rows.append(row)
    return table


def _no_header(title: str, sheet: Sheet, report: Report) -> None:
    expected = ", ".join(f"'{c.header_en}' / '{c.header_fr}'" for c in sheet.columns if c.required)
    report.error(
        f"no header row found in the first {HEADER_SEARCH_ROWS} rows; expected columns {expected}",
        title,
    )


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return cells.text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- reading cells ------------------------------------------------------------------------------

_READERS: dict[str, Callable[[Any, Any], Any]] = {
    "number": lambda v, f: cells.number(v, f),
    "share": cells.share,
    "count": cells.count,
    "rating": cells.rating,
    "bool": cells.boolean,
    "date": cells.date,
    "period": cells.period,
    "scale": cells.scale,
}


class _Reader:
    """Turns tables into journey maps, reporting every problem."""

    def __init__(self, report: Report):
        self.report = report

    def get(self, table: _Table, row: _Row, key: str) -> Any:
        """The parsed value of a cell, None when blank, _INVALID when its error is reported."""
        cell = row.cells.get(key)
        if cell is None or is_blank(cell[0]):
            return None
        value, number_format = cell
        column = table.sheet.keys[key]
        if isinstance(value, _Uncomputed):
            self.error(value.problem(), table, row, key)
            return _INVALID
        try:
            if column.kind == "choice":
                result = canonical(column.vocabulary or "", value)
                if result is None:
                    raise cells.CellError(
                        f"'{cells.text(value)}' is not one of: "
                        f"{allowed_words(column.vocabulary or '')}"
                    )
                return result
            if column.kind == "list":
                return tuple(p for p in _LIST_SEPARATORS.split(cells.text(value) or "") if p)
            if column.kind == "emotion":
                return value
            if column.kind in _READERS:
                return _READERS[column.kind](value, number_format)
            if isinstance(value, str) and value.upper() in cells.EXCEL_ERRORS:
                raise cells.CellError(f"the cell holds the Excel error {value}")
            return cells.text(value)
        except cells.CellError as exc:
            self.error(str(exc), table, row, key)
            return _INVALID

    def error(self, message: str, table: _Table, row: _Row, key: str | None) -> None:
        header = None
        if key:
            header = (row.headers or {}).get(key) or table.header(key)
        self.report.error(message, table.title, row.number, header)

    def required(self, table: _Table, row: _Row, key: str) -> Any:
        if not table.synthetic and key not in table.headers:  # reported once, for the sheet
            return _INVALID
        value = self.get(table, row, key)
        if value is None:
            self.error("this column is required and the cell is empty", table, row, key)
            return _INVALID
        return value


class _Names:
    """Names of one kind (stages, channels, personas) matched exactly, then loosely."""

    def __init__(self, kind: str, create: bool):
        self.kind = kind
        self.create = create  # created on first appearance when their sheet is absent
        self.names: list[str] = []
        self._loose: dict[str, str] = {}

    def add(self, name: str) -> bool:
        if normalise(name) in self._loose:
            return False
        self.names.append(name)
        self._loose[normalise(name)] = name
        return True

    def resolve(self, name: str) -> str | None:
        found = self._loose.get(normalise(name))
        if found is None and self.create:
            self.add(name)
            return name
        return found

    def listing(self) -> str:
        shown = ", ".join(self.names[:8])
        return shown + (f", … ({len(self.names)} in all)" if len(self.names) > 8 else "")


@dataclass
class _JourneyRows:
    journey: Journey
    row: _Row | None = None
    rows: dict[str, list[_Row]] = field(default_factory=dict)


# --- the workbook -----------------------------------------------------------------------------


def read_workbook(
    source: str | Path | bytes | BinaryIO,
    *,
    filename: str | None = None,
    journey_name: str | None = None,
    corrections: Corrections = NO_CORRECTIONS,
    limits: guard.Limits = guard.DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> ImportResult:
    """Read a journey workbook: Layout 1 sheets, channel × stage matrices and lane canvases,
    mixed as they come.  Raises RejectedFile for a file that cannot be read at all."""
    if journey_name:
        corrections = replace(corrections, journey=journey_name)
    data, display = _bytes_of(source, filename, limits)
    report = Report(source=display)
    if not guard.defusedxml_active():
        raise CxmapError(
            "defusedxml is not active for openpyxl: install it (see requirements.txt)"
            " and do not set OPENPYXL_DEFUSEDXML=False"
        )
    tell = progress or (lambda _fraction, _message: None)
    tell(0.02, "checking the file")
    info = guard.inspect(data, limits)
    workbook = _load(data, data_only=True)
    tables: dict[str, list[_Table]] = {}
    colours = layouts.colour_overrides(corrections.colours)
    try:
        sheets = workbook.worksheets
        palette = theme_palette(workbook.loaded_theme)
        for index, ws in enumerate(sheets):
            tell(0.05 + 0.75 * index / max(len(sheets), 1), f"reading sheet '{ws.title}'")
            report.sheets.append(ws.title)
            role = sheet_role(ws.title)
            forced = corrections.layouts.get(ws.title)
            part = info.sheets.get(ws.title)
            if forced == "ignore":
                report.note("ignored, as asked", ws.title)
                continue
            if forced is None and normalise(ws.title) in ("readme", "lisezmoi"):
                # the template's README / LISEZ-MOI (or a "Read me"): words, never a canvas
                report.note("a notes sheet; ignored", ws.title)
                continue
            if role == "responses" and forced is None:
                report.warn(
                    "raw survey answers are not read from a map workbook yet; sheet ignored",
                    ws.title,
                )
                continue
            if role is not None and forced in (None, "tidy"):
                if any(not t.synthetic for t in tables.get(role, [])):
                    first = next(t for t in tables[role] if not t.synthetic)
                    report.warn(
                        f"a second '{SHEETS_BY_ROLE[role].en[0]}' sheet; ignored "
                        f"(the first was '{first.title}')",
                        ws.title,
                    )
                    continue
                grid = _prepared(_grid(ws), data, ws.title, part)
                table = _table(ws.title, SHEETS_BY_ROLE[role], grid, report)
                if table is not None:
                    tables.setdefault(role, []).append(table)
                    report.layouts[ws.title] = "tidy"
                    continue
                if forced == "tidy" or not _read_layout(
                    ws, workbook, palette, data, part, corrections, colours, tables, report
                ):
                    _no_header(ws.title, SHEETS_BY_ROLE[role], report)
                    tables.setdefault(role, []).append(_Table(ws.title, SHEETS_BY_ROLE[role], {}))
                continue
            if forced == "tidy":
                report.error(
                    "this sheet's name is not one of the template's sheets, so it "
                    "cannot be read as one",
                    ws.title,
                )
                continue
            if not _read_layout(
                ws,
                workbook,
                palette,
                data,
                part,
                corrections,
                colours,
                tables,
                report,
                forced=forced,
            ):
                kind = (
                    "a notes sheet"
                    if normalise(ws.title) in _NOTES_SHEETS
                    else "neither a template sheet, a channel × stage matrix nor a lane canvas"
                )
                report.note(f"{kind}; ignored", ws.title)
    finally:
        workbook.close()
    tell(0.85, "checking references")
    _merge_synthetic(tables)
    maps = _build(tables, report, corrections.journey or _stem(display))
    maps = _corrected(maps, corrections, report)
    tell(1.0, "read")
    return ImportResult(tuple(maps) if report.ok else (), report)


def _prepared(
    grid: list[tuple[int, dict[int, Any]]], data: bytes, title: str, part: guard.SheetPart | None
) -> list[tuple[int, dict[int, Any]]]:
    """Merged ranges filled, formulas without a saved value marked."""
    if part and part.has_merges:
        grid = _fill_merges(grid, guard.merged_ranges(data, part.path))
    if part and part.has_formulas:
        grid = _mark_uncomputed(data, title, grid)
    return grid


def _read_layout(
    ws: Any,
    workbook: Any,
    palette: list[str],
    data: bytes,
    part: guard.SheetPart | None,
    corrections: Corrections,
    colours: dict[str, str],
    tables: dict[str, list[_Table]],
    report: Report,
    *,
    forced: str | None = None,
) -> bool:
    """Read a sheet as a matrix or a canvas (as detected, or as the user said); False when it
    is neither."""
    grid = _prepared(
        _grid(ws, lambda cell, _value: fill_of(cell, workbook, palette)), data, ws.title, part
    )
    for number, found in grid:
        for col, (value, _fill) in list(found.items()):
            if isinstance(value, _Uncomputed):
                report.error(value.problem(), ws.title, number)
                found[col] = ("", None)
    kind = forced or layouts.detect(grid)
    if kind not in ("matrix", "canvas"):
        return False
    unspecified = "Canal non précisé" if layouts.is_french(grid) else "Unspecified channel"
    try:
        if kind == "matrix":
            sheet = layouts.read_matrix(ws.title, grid, colours=colours, unspecified=unspecified)
        else:
            persona = corrections.personas.get(ws.title) or corrections.persona
            sheet = layouts.read_canvas(
                ws.title, grid, persona=persona, colours=colours, unspecified=unspecified
            )
    except layouts.NotThisLayout as exc:
        report.error(f"read as a {kind} as asked, but {exc}", ws.title)
        return True
    report.layouts[ws.title] = kind
    report.note(sheet.summary, ws.title)
    for number, warning in sheet.warnings:
        report.warn(warning, ws.title, number)
    for colour, count in sheet.unknown_colours.items():
        report.unknown_colours[colour] = report.unknown_colours.get(colour, 0) + count
    for row in sheet.rows:
        table = _synthetic_table(tables, ws.title, row.role)
        table.rows.append(_Row(row.number, row.cells, {}, row.journey, table, row.headers))
    return True


def _synthetic_table(tables: dict[str, list[_Table]], title: str, role: str) -> _Table:
    for table in tables.setdefault(role, []):
        if table.synthetic and table.title == title:
            return table
    table = _Table(title, SHEETS_BY_ROLE[role], {}, synthetic=True)
    tables[role].append(table)
    return table


def _merge_synthetic(tables: dict[str, list[_Table]]) -> None:
    """Stages, channels and personas drawn in layout sheets give way to a Layout 1 sheet of
    the same kind (they must then match it); across layout sheets they, and touchpoints, are
    listed once."""
    for role, key in (
        ("stages", ("stage",)),
        ("channels", ("channel",)),
        ("personas", ("persona",)),
        ("touchpoints", ("stage", "channel", "touchpoint")),
    ):
        group = tables.get(role, [])
        if role != "touchpoints" and any(not t.synthetic for t in group):
            tables[role] = [t for t in group if not t.synthetic]
            continue
        journeys = {normalise(r.journey) for t in group if t.synthetic for r in t.rows if r.journey}
        by_journey = len(journeys) > 1  # else a sheet without a title shares the others'
        seen: set[tuple[str, ...]] = set()
        for table in group:
            if not table.synthetic:
                continue
            kept = []
            for row in table.rows:
                identity = tuple(
                    normalise(cells.text(row.cells.get(k, ("",))[0]) or "") for k in key
                ) + ((normalise(row.journey or ""),) if by_journey else ())
                if identity not in seen:
                    seen.add(identity)
                    kept.append(row)
            table.rows = kept


def _corrected(
    maps: list[JourneyMap], corrections: Corrections, report: Report
) -> list[JourneyMap]:
    """The journey's name and state as the user said (for a workbook of one journey)."""
    if not maps or (corrections.journey is None and corrections.state is None):
        return maps
    if len(maps) > 1:
        report.error(
            "the journey's name or state can be corrected only in a workbook of one "
            f"journey; this one holds {len(maps)}"
        )
        return maps
    journey = maps[0].journey
    name = corrections.journey or journey.name
    state = canonical("state", corrections.state) if corrections.state else journey.state
    if state is None:
        report.error(f"'{corrections.state}' is not a state (current or target)")
        return maps
    if name != journey.name:
        report.note(f"journey '{journey.name}' renamed '{name}', as asked")
    return [replace(maps[0], journey=replace(journey, name=name, state=state))]


def _bytes_of(
    source: str | Path | bytes | BinaryIO, filename: str | None, limits: guard.Limits
) -> tuple[bytes, str]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > limits.max_file_bytes:
                raise RejectedFile(
                    f"the file is {size / guard.MiB:,.0f} MiB; the limit is "
                    f"{limits.max_file_bytes / guard.MiB:,.0f} MiB"
                )
            return path.read_bytes(), filename or str(path)
        except OSError as exc:
            raise RejectedFile(f"cannot read {path}: {exc.strerror or exc}") from None
    if isinstance(source, bytes):
        return source, filename or "workbook.xlsx"
    data = source.read(limits.max_file_bytes + 1)
    return data, filename or getattr(source, "name", "workbook.xlsx")


def _stem(display: str) -> str:
    stem = Path(display).stem.replace("_", " ").strip()
    return stem or "Imported journey"


def _build(tables: dict[str, list[_Table]], report: Report, default_name: str) -> list[JourneyMap]:
    reader = _Reader(report)
    journeys = _journeys(reader, tables, default_name)
    if journeys is None:
        return []
    by_name = {normalise(j.journey.name): j for j in journeys}
    declared = bool(tables.get("journeys"))
    for role, table in ((r, t) for r, group in tables.items() for t in group):
        if role == "journeys":
            continue
        if table.synthetic:
            _assign_drawn(reader, table, journeys, by_name, declared, role)
            continue
        has_column = "journey" in table.headers
        if not has_column and len(journeys) > 1 and table.rows:
            report.error(
                "this workbook holds several journeys: add a 'journey' column to say "
                "which journey each row belongs to (journeys: "
                f"{', '.join(j.journey.name for j in journeys)})",
                table.title,
            )
            continue
        for row in table.rows:
            name = reader.get(table, row, "journey") if has_column else None
            if name is _INVALID:
                continue
            if name is None:
                if len(journeys) > 1:
                    reader.error(
                        "this workbook holds several journeys: say which one this row "
                        "belongs to (journeys: "
                        f"{', '.join(j.journey.name for j in journeys)})",
                        table,
                        row,
                        "journey",
                    )
                    continue
                target = journeys[0]
            else:
                target = by_name.get(normalise(name))
                if target is None:
                    reader.error(
                        f"'{name}' is not a journey of this workbook (journeys: "
                        f"{', '.join(j.journey.name for j in journeys)})",
                        table,
                        row,
                        "journey",
                    )
                    continue
            target.rows.setdefault(role, []).append(row)
    return [_journey_map(reader, tables, j) for j in journeys]


def _assign_drawn(
    reader: _Reader,
    table: _Table,
    journeys: list[_JourneyRows],
    by_name: dict[str, _JourneyRows],
    declared: bool,
    role: str,
) -> None:
    """Rows drawn in a matrix or canvas belong to the only journey, else to the journey their
    sheet's title names."""
    for row in table.rows:
        if len(journeys) == 1 and (
            declared or row.journey is None or normalise(row.journey) in by_name
        ):
            target = journeys[0]
        else:
            target = by_name.get(normalise(row.journey or ""))
            if target is None:
                reader.report.error(
                    "this workbook holds several journeys and this sheet's title names none of "
                    f"them (journeys: {', '.join(j.journey.name for j in journeys)})",
                    table.title,
                )
                return
        target.rows.setdefault(role, []).append(row)


def _journeys(
    reader: _Reader, tables: dict[str, list[_Table]], default_name: str
) -> list[_JourneyRows] | None:
    declared = tables.get("journeys", [])
    table = declared[0] if declared else None
    if table is None:
        names: list[str] = []
        for other in (t for group in tables.values() for t in group):
            for row in other.rows:
                if other.synthetic:
                    name = row.journey
                elif "journey" in other.headers:
                    name = reader.get(other, row, "journey")
                else:
                    continue
                if isinstance(name, str) and normalise(name) not in map(normalise, names):
                    names.append(name)
        if not names:
            names = [default_name]
            reader.report.note(f"no Journeys sheet: the journey is named '{default_name}'")
        return [_JourneyRows(Journey(name)) for name in names]
    found: list[_JourneyRows] = []
    seen: set[str] = set()
    for row in table.rows:
        name = reader.required(table, row, "journey")
        values = {
            key: reader.get(table, row, key)
            for key in ("state", "baseline", "description", "sector", "owner", "emotion_scale")
        }
        if name is _INVALID or _INVALID in values.values():
            continue
        if normalise(name) in seen:
            reader.error(f"journey '{name}' is named twice", table, row, "journey")
            continue
        seen.add(normalise(name))
        journey = Journey(
            name=name,
            state=values["state"] or "current",
            baseline=values["baseline"],
            description=values["description"],
            sector=values["sector"],
            owner=values["owner"],
            scale=values["emotion_scale"],
            extra=row.extra,
        )
        if journey.baseline and normalise(journey.baseline) == normalise(name):
            reader.error("a journey cannot be its own baseline", table, row, "baseline")
        found.append(_JourneyRows(journey, row))
    if not found:
        if reader.report.ok:
            reader.report.error("the Journeys sheet names no journey", table.title)
        return None
    return found


def _journey_map(
    reader: _Reader, tables: dict[str, list[_Table]], entry: _JourneyRows
) -> JourneyMap:
    """Parse the rows of one journey, resolving every reference by name."""
    rows = entry.rows
    stages = _Names("stage", create=not tables.get("stages"))
    channels = _Names("channel", create=not tables.get("channels"))
    personas = _Names("persona", create=not tables.get("personas"))

    def each(role: str) -> Iterable[tuple[_Table, _Row]]:
        for row in rows.get(role, []):
            assert row.table is not None
            yield row.table, row

    def resolve(names: _Names, table: _Table, row: _Row, key: str, value: Any) -> Any:
        if value is None or value is _INVALID:
            return value
        found = names.resolve(value)
        if found is None:
            reader.error(
                f"'{value}' is not a {names.kind} of this journey "
                f"({names.kind}s: {names.listing() or 'none'})",
                table,
                row,
                key,
            )
            return _INVALID
        return found

    # Stages, in the order of their `order` column when given, else in row order.
    ordered: list[tuple[float, int, Stage]] = []
    for table, row in each("stages"):
        name = reader.required(table, row, "stage")
        values = {
            k: reader.get(table, row, k) for k in ("order", "phase", "description", "customer_goal")
        }
        if name is _INVALID or _INVALID in values.values():
            continue
        if not stages.add(name):
            reader.error(f"stage '{name}' is listed twice", table, row, "stage")
            continue
        order = values["order"][0] if values["order"] is not None else float("inf")
        ordered.append(
            (
                order,
                row.number,
                Stage(
                    name, values["phase"], values["description"], values["customer_goal"], row.extra
                ),
            )
        )
    ordered.sort(key=lambda item: (item[0], item[1]))
    stage_rows = [stage for _o, _n, stage in ordered]
    stages.names = [stage.name for stage in stage_rows]

    channel_rows: list[Channel] = []
    for table, row in each("channels"):
        name = reader.required(table, row, "channel")
        kind, category = reader.get(table, row, "kind"), reader.get(table, row, "category")
        if _INVALID in (name, kind, category):
            continue
        if not channels.add(name):
            reader.error(f"channel '{name}' is listed twice", table, row, "channel")
            continue
        channel_rows.append(Channel(name, kind, category, row.extra))

    persona_rows: list[Persona] = []
    for table, row in each("personas"):
        name = reader.required(table, row, "persona")
        values = {
            k: reader.get(table, row, k)
            for k in (
                "description",
                "segment",
                "share",
                "age",
                "goals",
                "frustrations",
                "motivations",
                "preferred_channels",
            )
        }
        if name is _INVALID or _INVALID in values.values():
            continue
        if not personas.add(name):
            reader.error(f"persona '{name}' is listed twice", table, row, "persona")
            continue
        persona_rows.append(
            Persona(
                name=name, extra=row.extra, **{k: v for k, v in values.items() if v is not None}
            )
        )

    touchpoints: list[Touchpoint] = []
    seen_touchpoints: set[tuple[str, str, str]] = set()
    for table, row in each("touchpoints"):
        stage = resolve(stages, table, row, "stage", reader.required(table, row, "stage"))
        channel = resolve(channels, table, row, "channel", reader.required(table, row, "channel"))
        name = reader.required(table, row, "touchpoint")
        values = {
            k: reader.get(table, row, k)
            for k in (
                "category",
                "qualification",
                "moment_of_truth",
                "layer",
                "data_collection",
                "description",
                "owner",
            )
        }
        if _INVALID in (stage, channel, name) or _INVALID in values.values():
            continue
        key = (normalise(stage), normalise(channel), normalise(name))
        if key in seen_touchpoints:
            reader.error(
                f"touchpoint '{name}' is listed twice at stage '{stage}' on channel '{channel}'",
                table,
                row,
                "touchpoint",
            )
            continue
        seen_touchpoints.add(key)
        touchpoints.append(
            Touchpoint(
                stage=stage,
                channel=channel,
                name=name,
                category=values["category"],
                qualification=values["qualification"] or "neutral",
                moment_of_truth=bool(values["moment_of_truth"]),
                layer=values["layer"],
                data_collection=bool(values["data_collection"]),
                description=values["description"],
                owner=values["owner"],
                extra=row.extra,
            )
        )
    by_touchpoint: dict[str, list[Touchpoint]] = {}
    for touchpoint in touchpoints:
        by_touchpoint.setdefault(normalise(touchpoint.name), []).append(touchpoint)

    def touchpoint_at(table: _Table, row: _Row, name: Any, stage: Any) -> tuple[Any, Any]:
        """Resolve a touchpoint reference; returns (touchpoint name, stage name)."""
        if name is None or name is _INVALID or stage is _INVALID:
            return name, stage
        candidates = by_touchpoint.get(normalise(name), [])
        if stage is not None:
            candidates = [t for t in candidates if t.stage == stage]
        if len(candidates) == 1:
            return candidates[0].name, candidates[0].stage
        if not candidates:
            known = [t.name for t in touchpoints if stage is None or t.stage == stage]
            where = f" at stage '{stage}'" if stage else ""
            shown = ", ".join(known[:8]) + (f", … ({len(known)} in all)" if len(known) > 8 else "")
            reader.error(
                f"'{name}' is not a touchpoint of this journey{where} "
                f"(touchpoints{where}: {shown or 'none'})",
                table,
                row,
                "touchpoint",
            )
        else:
            at = ", ".join(sorted({t.stage for t in candidates}))
            reader.error(
                f"touchpoint '{name}' is at several stages ({at}): give the stage",
                table,
                row,
                "touchpoint",
            )
        return _INVALID, stage

    raw_emotions: list[tuple[_Table, _Row, dict[str, Any]]] = []
    for table, row in each("emotions"):
        persona = resolve(personas, table, row, "persona", reader.required(table, row, "persona"))
        stage = resolve(stages, table, row, "stage", reader.required(table, row, "stage"))
        touchpoint, stage = touchpoint_at(table, row, reader.get(table, row, "touchpoint"), stage)
        emotion = reader.required(table, row, "emotion")
        values = {
            k: reader.get(table, row, k) for k in ("feeling", "quote", "thinks", "does", "says")
        }
        if _INVALID in (persona, stage, touchpoint, emotion) or _INVALID in values.values():
            continue
        values.update(persona=persona, stage=stage, touchpoint=touchpoint, emotion=emotion)
        raw_emotions.append((table, row, values))
    scale = _scale(reader, entry, raw_emotions)
    emotions = []
    for table, row, values in raw_emotions:
        raw = values.pop("emotion")
        score = _score(reader, table, row, raw, scale)
        if score is _INVALID:
            continue
        if values["feeling"] is None and isinstance(raw, str) and feeling_base(raw) is not None:
            values["feeling"] = raw.strip()
        emotions.append(Emotion(score=score, extra=row.extra, **values))

    kpis = []
    for table, row in each("kpis"):
        name = reader.required(table, row, "kpi")
        value = reader.required(table, row, "value")
        values = {
            k: reader.get(table, row, k) for k in ("target", "unit", "direction", "period", "n")
        }
        stage = resolve(stages, table, row, "stage", reader.get(table, row, "stage"))
        touchpoint, stage = touchpoint_at(table, row, reader.get(table, row, "touchpoint"), stage)
        persona = resolve(personas, table, row, "persona", reader.get(table, row, "persona"))
        if _INVALID in (name, value, stage, touchpoint, persona) or _INVALID in values.values():
            continue
        amount, percent = value
        target = values["target"][0] if values["target"] is not None else None
        unit = values["unit"] or ("%" if percent else None)
        kpis.append(
            Kpi(
                name=name,
                value=amount,
                target=target,
                unit=unit,
                direction=values["direction"] or default_direction(name),
                period=values["period"],
                stage=stage,
                touchpoint=touchpoint,
                persona=persona,
                n=values["n"],
                extra=row.extra,
            )
        )

    actions = []
    for table, row in each("actions"):
        name = reader.required(table, row, "action")
        values = {
            k: reader.get(table, row, k)
            for k in (
                "impact",
                "effort",
                "pain_point",
                "type",
                "owner",
                "status",
                "cost",
                "reach",
                "due",
                "expected_gain",
            )
        }
        stage = resolve(stages, table, row, "stage", reader.get(table, row, "stage"))
        touchpoint, stage = touchpoint_at(table, row, reader.get(table, row, "touchpoint"), stage)
        if _INVALID in (name, stage, touchpoint) or _INVALID in values.values():
            continue
        for key in ("cost", "reach"):
            values[key] = values[key][0] if values[key] is not None else None
        values["status"] = values["status"] or "idea"
        actions.append(
            Action(name=name, stage=stage, touchpoint=touchpoint, extra=row.extra, **values)
        )

    if stages.create and stages.names:
        reader.report.note(
            f"no Stages sheet: {len(stages.names)} stages taken in order of first appearance"
        )
        stage_rows = [Stage(name) for name in stages.names]
    if channels.create and channels.names:
        channel_rows = [Channel(name) for name in channels.names]
    if personas.create and personas.names:
        persona_rows = [Persona(name) for name in personas.names]
    journey = replace(entry.journey, scale=scale)
    return JourneyMap(
        journey,
        tuple(persona_rows),
        tuple(stage_rows),
        tuple(channel_rows),
        tuple(touchpoints),
        tuple(emotions),
        tuple(kpis),
        tuple(actions),
    )


_SYMMETRIC = (1.0, 2.0, 3.0, 5.0, 10.0, 100.0)


def _scale(
    reader: _Reader, entry: _JourneyRows, emotions: list[tuple[_Table, _Row, dict[str, Any]]]
) -> Scale | None:
    """The declared emotion scale, else one inferred from the scores (and say so)."""
    if entry.journey.scale is not None:
        return entry.journey.scale
    numbers = []
    for _table, _row, values in emotions:
        raw = values["emotion"]
        try:
            numbers.append(cells.number(raw)[0])
        except cells.CellError:
            continue
    if not numbers and not emotions:
        return None
    low, high = (min(numbers), max(numbers)) if numbers else (0.0, 0.0)
    if not numbers:
        inferred, why = Scale(-2, 2), "feeling words only"
    elif low < 0:
        bound = next((b for b in _SYMMETRIC if b >= max(-low, high)), max(-low, high))
        inferred, why = Scale(-bound, bound), f"negative scores ({_n(low)} to {_n(high)})"
    elif low >= 1 and high <= 5:
        inferred, why = Scale(1, 5), f"scores from {_n(low)} to {_n(high)}"
    elif high <= 10:
        inferred, why = Scale(0, 10), f"scores from {_n(low)} to {_n(high)}"
    else:
        inferred, why = Scale(0, 100), f"scores from {_n(low)} to {_n(high)}"
    reader.report.note(
        f"journey '{entry.journey.name}': emotion scale inferred as {inferred} "
        f"from {why}; declare it in Journeys › emotion scale to be sure"
    )
    return inferred


def _n(value: float) -> str:
    return cells.text(value) or "0"


def _score(reader: _Reader, table: _Table, row: _Row, raw: Any, scale: Scale | None) -> Any:
    assert scale is not None  # there is at least this emotion
    try:
        score = cells.number(raw)[0]
    except cells.CellError:
        base = feeling_base(str(raw)) if isinstance(raw, str) else None
        if base is None:
            reader.error(
                f"'{cells.text(raw)}' is neither a score on the scale {scale} nor a "
                "known feeling word (e.g. frustrated, satisfied, ravi, déçu, 😐)",
                table,
                row,
                "emotion",
            )
            return _INVALID
        return scale.from_base(base)
    if score not in scale:
        reader.error(
            f"{_n(score)} is outside the journey's emotion scale {scale}", table, row, "emotion"
        )
        return _INVALID
    return score


__all__ = ["NO_CORRECTIONS", "Corrections", "ImportResult", "read_workbook"]
