"""Recognising what each sheet of a workbook is, and turning it into tables of rows.

A sheet named as one of the template's (Layout 1) is tidy: its header row is looked for in
the first rows and its columns are named by the vocabulary.  Any other sheet may be a channel ×
stage matrix or a lane canvas (:mod:`cxmap.files.layouts`), whose rows become tidy rows of a
*synthetic* table.  The user's :class:`Corrections` can force a sheet's layout.  Values are
not parsed here: :mod:`cxmap.files.assemble` does that, with every reference resolved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils.cell import get_column_letter

from cxmap.domain.report import Report
from cxmap.domain.vocabulary import SHEETS_BY_ROLE, Sheet, column_for, normalise, sheet_role
from cxmap.files import cells, guard, layouts
from cxmap.files.colours import fill_of, theme_palette
from cxmap.files.grid import Cell, Grid, Uncomputed, load, prepared, read_grid

Progress = Callable[[float, str], None]
HEADER_SEARCH_ROWS = 10
_NOTES_SHEETS = frozenset(
    {"readme", "lisezmoi", "notes", "legend", "legende", "instructions", "aide", "help"}
)


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
class Table:
    """The rows of one sheet for one role (a tidy sheet, or what a layout sheet drew)."""

    title: str
    sheet: Sheet
    headers: dict[str, str]  # column key -> header as written
    rows: list[Row] = field(default_factory=list)
    synthetic: bool = False  # made from a matrix or canvas sheet

    def header(self, key: str) -> str:
        return self.headers.get(key, self.sheet.keys[key].header_en)


@dataclass
class Row:
    """One row: its cells by column key, and the columns the vocabulary does not know."""

    number: int
    cells: dict[str, Cell]
    extra: dict[str, Any]
    journey: str | None = None
    table: Table | None = None
    headers: dict[str, str] | None = None  # per-row column headers (layout sheets)


Tables = dict[str, list[Table]]  # role -> its tables, in workbook order


def read_sheets(
    data: bytes,
    info: guard.WorkbookInfo,
    corrections: Corrections,
    report: Report,
    tell: Progress,
) -> Tables:
    """Every sheet read as the layout it is (or the user says it is), into tables by role."""
    workbook = load(data, data_only=True)
    tables: Tables = {}
    try:
        sheets = _Sheets(workbook, data, info, corrections, tables, report)
        for index, ws in enumerate(workbook.worksheets):
            tell(
                0.05 + 0.75 * index / max(len(workbook.worksheets), 1),
                f"reading sheet '{ws.title}'",
            )
            report.sheets.append(ws.title)
            sheets.read(ws)
    finally:
        workbook.close()
    merge_synthetic(tables)
    return tables


class _Sheets:
    """What is needed to read any sheet of one workbook: the file, the theme, the corrections."""

    def __init__(
        self,
        workbook: Any,
        data: bytes,
        info: guard.WorkbookInfo,
        corrections: Corrections,
        tables: Tables,
        report: Report,
    ):
        self.workbook = workbook
        self.data = data
        self.info = info
        self.corrections = corrections
        self.tables = tables
        self.report = report
        self.palette = theme_palette(workbook.loaded_theme)
        self.colours = layouts.colour_overrides(corrections.colours)

    def read(self, ws: Any) -> None:
        """One sheet: tidy when its name is a template sheet's, else a matrix or a canvas."""
        report, tables = self.report, self.tables
        role = sheet_role(ws.title)
        forced = self.corrections.layouts.get(ws.title)
        if forced == "ignore":
            report.note("ignored, as asked", ws.title)
            return
        if forced is None and normalise(ws.title) in ("readme", "lisezmoi"):
            # the template's README / LISEZ-MOI (or a "Read me"): words, never a canvas
            report.note("a notes sheet; ignored", ws.title)
            return
        if role == "responses" and forced is None:
            report.warn(
                "raw survey answers are not read from a map workbook yet; sheet ignored", ws.title
            )
            return
        if role is not None and forced in (None, "tidy"):
            if any(not t.synthetic for t in tables.get(role, [])):
                first = next(t for t in tables[role] if not t.synthetic)
                report.warn(
                    f"a second '{SHEETS_BY_ROLE[role].en[0]}' sheet; ignored "
                    f"(the first was '{first.title}')",
                    ws.title,
                )
                return
            grid = prepared(read_grid(ws), self.data, ws.title, self.part(ws))
            table = read_table(ws.title, SHEETS_BY_ROLE[role], grid, report)
            if table is not None:
                tables.setdefault(role, []).append(table)
                report.layouts[ws.title] = "tidy"
                return
            if forced == "tidy" or not self.read_layout(ws):
                no_header(ws.title, SHEETS_BY_ROLE[role], report)
                tables.setdefault(role, []).append(Table(ws.title, SHEETS_BY_ROLE[role], {}))
            return
        if forced == "tidy":
            report.error(
                "this sheet's name is not one of the template's sheets, so it "
                "cannot be read as one",
                ws.title,
            )
            return
        if not self.read_layout(ws, forced=forced):
            kind = (
                "a notes sheet"
                if normalise(ws.title) in _NOTES_SHEETS
                else "neither a template sheet, a channel × stage matrix nor a lane canvas"
            )
            report.note(f"{kind}; ignored", ws.title)

    def part(self, ws: Any) -> guard.SheetPart | None:
        return self.info.sheets.get(ws.title)

    def read_layout(self, ws: Any, *, forced: str | None = None) -> bool:
        """Read a sheet as a matrix or a canvas (as detected, or as the user said); False when
        it is neither."""
        report = self.report
        grid = prepared(
            read_grid(ws, lambda cell, _value: fill_of(cell, self.workbook, self.palette)),
            self.data,
            ws.title,
            self.part(ws),
        )
        for number, found in grid:
            for col, cell in list(found.items()):
                if isinstance(cell.value, Uncomputed):
                    report.error(cell.value.problem(), ws.title, number)
                    found[col] = Cell("", None)
        kind = forced or layouts.detect(grid)
        if kind not in ("matrix", "canvas"):
            return False
        unspecified = "Canal non précisé" if layouts.is_french(grid) else "Unspecified channel"
        try:
            if kind == "matrix":
                sheet = layouts.read_matrix(
                    ws.title, grid, colours=self.colours, unspecified=unspecified
                )
            else:
                persona = self.corrections.personas.get(ws.title) or self.corrections.persona
                sheet = layouts.read_canvas(
                    ws.title, grid, persona=persona, colours=self.colours, unspecified=unspecified
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
            table = synthetic_table(self.tables, ws.title, row.role)
            drawn = {key: Cell(*cell) for key, cell in row.cells.items()}
            table.rows.append(Row(row.number, drawn, {}, row.journey, table, row.headers))
        return True


# --- a tidy sheet: its header row and its rows ---------------------------------------------------


def read_table(title: str, sheet: Sheet, grid: Grid, report: Report) -> Table | None:
    """Find the header row, name the columns, and collect the rows below it."""
    required = {c.key for c in sheet.columns if c.required}
    best: tuple[int, dict[int, Any]] | None = None
    for position, (_number, found) in enumerate(grid[:HEADER_SEARCH_ROWS]):
        named = {
            col: column_for(sheet, cell.value)
            for col, cell in found.items()
            if isinstance(cell.value, str)
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

    table = Table(title, sheet, {})
    columns: dict[int, str] = {}  # column index -> key
    extras: dict[int, str] = {}  # column index -> header as written
    for col, cell in sorted(header_cells.items()):
        header = cells.text(cell.value) or ""
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
        row = Row(number, {}, {}, table=table)
        for col, cell in found.items():
            if col in columns:
                row.cells[columns[col]] = cell
            elif col in extras:
                if isinstance(cell.value, Uncomputed):
                    report.error(cell.value.problem(), title, number, extras[col])
                    continue
                row.extra[extras[col]] = json_value(cell.value)
            else:
                report.warn(
                    f"a value in column {get_column_letter(col)}, which has no header, is ignored",
                    title,
                    number,
                )
        if row.cells or row.extra:
            table.rows.append(row)
    return table


def no_header(title: str, sheet: Sheet, report: Report) -> None:
    expected = ", ".join(f"'{c.header_en}' / '{c.header_fr}'" for c in sheet.columns if c.required)
    report.error(
        f"no header row found in the first {HEADER_SEARCH_ROWS} rows; expected columns {expected}",
        title,
    )


def json_value(value: Any) -> Any:
    """An extra column's value as JSON keeps it (dates as ISO text, 3.0 as 3)."""
    if isinstance(value, dt.datetime):
        return cells.text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- rows drawn in matrices and canvases ---------------------------------------------------------


def synthetic_table(tables: Tables, title: str, role: str) -> Table:
    for table in tables.setdefault(role, []):
        if table.synthetic and table.title == title:
            return table
    table = Table(title, SHEETS_BY_ROLE[role], {}, synthetic=True)
    tables[role].append(table)
    return table


def merge_synthetic(tables: Tables) -> None:
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
                    normalise(cells.text(row.cells.get(k, Cell("")).value) or "") for k in key
                ) + ((normalise(row.journey or ""),) if by_journey else ())
                if identity not in seen:
                    seen.add(identity)
                    kept.append(row)
            table.rows = kept
