"""Reading a sheet into a grid of cells: the lowest layer of the workbook reader.

A grid is the sheet's non-empty rows, each an Excel row number and its cells by column index;
a cell is its value (text trimmed) and one detail the layer above needs: the number format for
a tidy sheet (a percent cell), the fill for a matrix or a canvas (a coloured touchpoint).

openpyxl reads in read-only mode with cached formula values (``data_only``).  Read-only mode
streams the sheets in bounded memory (a map of 5,000 rows reads as fast as in the normal mode,
in a third of the memory: bench/README.md) but neither reports merged cells nor tells a formula
without a cached value from an empty cell, so both are taken from the worksheet part where the
guard saw them (merges) or by a second, formula-aware pass over that sheet only.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import openpyxl
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

from cxmap.domain.report import RejectedFile
from cxmap.files import guard

MAX_COLUMNS = 1_000


class Cell(NamedTuple):
    """One non-empty cell: its value and what the reader needs to know of its look."""

    value: Any
    detail: Any = None  # the number format (tidy sheets) or the Fill (matrices, canvases)


Grid = list[tuple[int, dict[int, Cell]]]  # (Excel row number, {column index: cell})

# Cell(value, detail) without the Python-level __new__ a NamedTuple has (what its _make calls):
# a sheet of 5,000 rows has some 50,000 cells, and the plain call costs 4 % of reading the file.
_cell = functools.partial(tuple.__new__, Cell)


@dataclass(frozen=True)
class Uncomputed:
    """A formula cell saved without its value (as files written by scripts are)."""

    coordinate: str
    formula: str

    def problem(self) -> str:
        return (
            f"cell {self.coordinate} holds the formula {self.formula} with no saved value; "
            "open and save the file in Excel, or type the value"
        )


def load(data: bytes, *, data_only: bool) -> Any:
    """The workbook, read-only; RejectedFile (one line) when openpyxl cannot read it."""
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


def number_format(cell: Any, value: Any) -> str | None:
    """What a tidy sheet needs of a cell: the number format of a number (a percent cell)."""
    return cell.number_format if isinstance(value, (int, float)) else None


def read_grid(ws: Any, describe: Callable[[Any, Any], Any] = number_format) -> Grid:
    """The non-empty rows of a read-only sheet, each cell with what ``describe`` tells of it."""
    ws.reset_dimensions()  # never pad rows to a (possibly forged) declared dimension
    rows = []
    for index, row in enumerate(ws.iter_rows()):
        if index % 4096 == 0:
            guard.checkpoint(f"sheet '{ws.title}'")  # the import's time budget
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
            found[cell.column] = _cell(
                (value.strip() if isinstance(value, str) else value, describe(cell, value))
            )
        if found:
            rows.append((number, found))
    return rows


def prepared(grid: Grid, data: bytes, title: str, part: guard.SheetPart | None) -> Grid:
    """Merged ranges filled, formulas without a saved value marked."""
    if part and part.has_merges:
        grid = fill_merges(grid, guard.merged_ranges(data, part.path))
    if part and part.has_formulas:
        grid = mark_uncomputed(data, title, grid)
    return grid


def fill_merges(grid: Grid, ranges: list[tuple[str, str]]) -> Grid:
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


def mark_uncomputed(data: bytes, title: str, grid: Grid) -> Grid:
    """Put an :class:`Uncomputed` marker where a formula cell has no cached value."""
    by_row = {number: dict(found) for number, found in grid}
    missing: list[tuple[int, int, Uncomputed]] = []
    workbook = load(data, data_only=False)
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
                        (cell.row, cell.column, Uncomputed(cell.coordinate, str(formula)))
                    )
    finally:
        workbook.close()
    for number, col, marker in missing:
        by_row.setdefault(number, {})[col] = Cell(marker, None)
    return sorted(by_row.items())
