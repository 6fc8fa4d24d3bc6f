"""Real workbooks made with openpyxl for the tests: a small valid journey to start from, and the
one writer that turns a dict of sheets into an .xlsx file — plain rows, or sheets as a
consultant draws them (:class:`Drawn`: fills, styles, merged cells) — with an ``edit`` hook for
anything else openpyxl can do.  Hostile files (damaged zips, XML attacks) are another thing:
they are built byte by byte in tests/hostile.py, from these workbooks."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Color, NamedStyle, PatternFill

from cxmap.domain.model import Journey, JourneyMap, Scale
from cxmap.files.reader import read_workbook
from cxmap.storage.samples import sample_files

Rows = list[list[Any]]
Sheets = dict[str, Rows]
Paint = Callable[[Any], None]  # gives a cell its fill or its style


@dataclass
class Drawn:
    """A sheet as a consultant draws it: rows, painted cells, merged ranges."""

    rows: Rows
    paint: dict[str, Paint] = field(default_factory=dict)
    merges: tuple[str, ...] = ()


def rgb(colour: str) -> Paint:
    def paint(cell: Any) -> None:
        cell.fill = PatternFill("solid", fgColor=colour)

    return paint


def theme(index: int, tint: float) -> Paint:
    def paint(cell: Any) -> None:
        cell.fill = PatternFill("solid", fgColor=Color(theme=index, tint=tint))

    return paint


def indexed(index: int) -> Paint:
    def paint(cell: Any) -> None:
        cell.fill = PatternFill("solid", fgColor=Color(indexed=index))

    return paint


# a French Excel names the built-in styles in French; their builtinId says which they are
FRENCH_STYLES = {"Satisfaisant": 26, "Insatisfaisant": 27, "Neutre": 28}


def style(name: str) -> Paint:
    def paint(cell: Any) -> None:
        book = cell.parent.parent
        if name in FRENCH_STYLES and name not in book.named_styles:
            book.add_named_style(NamedStyle(name=name, builtinId=FRENCH_STYLES[name]))
        cell.style = name

    return paint


def minimal_sheets() -> Sheets:
    """A valid one-journey workbook (English headers), as rows per sheet; tests mutate a copy."""
    return copy.deepcopy(
        {
            "Journeys": [
                ["journey", "state", "emotion scale", "sector"],
                ["Online store", "current", "-2..2", "retail"],
            ],
            "Personas": [
                ["persona", "segment", "share"],
                ["Hurried", "Commuters", 60],
                ["Anxious", "First-time buyers", 40],
            ],
            "Stages": [
                ["stage", "phase"],
                ["Discover", "awareness"],
                ["Buy", "decision"],
                ["Stay loyal", "advocacy"],
            ],
            "Channels": [["channel", "kind"], ["Web", "online"], ["Store", "offline"]],
            "Touchpoints": [
                ["stage", "channel", "touchpoint", "qualification", "moment of truth"],
                ["Discover", "Web", "Search page", "neutral", "no"],
                ["Buy", "Web", "Checkout", "irritant", "yes"],
                ["Buy", "Store", "Click and collect", "missing", "no"],
                ["Stay loyal", "Store", "Loyalty card", "delight", "no"],
            ],
            "Emotions": [
                ["persona", "stage", "touchpoint", "emotion", "quote"],
                ["Hurried", "Discover", "Search page", 1, "Found it fast"],
                ["Hurried", "Buy", "Checkout", -2, "Too many fields"],
                ["Anxious", "Buy", "Checkout", -1, "Is my card safe?"],
                ["Anxious", "Stay loyal", "Loyalty card", 2, "Nice surprise"],
            ],
            "KPIs": [
                ["kpi", "value", "target", "unit", "period", "touchpoint"],
                ["NPS", 12, 30, "pts", "2026-Q1", None],
                ["Conversion rate", 2.1, 3, "%", "2026-Q1", "Checkout"],
            ],
            "Actions": [
                ["action", "impact", "effort", "touchpoint", "type", "status"],
                ["One-page checkout", 5, 2, "Checkout", "transform", "planned"],
            ],
        }
    )


def make_workbook(
    sheets: dict[str, Rows | Drawn],
    path: Path | None = None,
    *,
    edit: Callable[[Any], None] | None = None,
) -> bytes:
    """Write the sheets to an .xlsx (and to ``path`` when given), after ``edit`` had its way
    with the openpyxl workbook; return its bytes."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, sheet in sheets.items():
        drawn = sheet if isinstance(sheet, Drawn) else Drawn(sheet)
        ws = wb.create_sheet(title)
        for row in drawn.rows:
            ws.append(row)
        for ref, paint in drawn.paint.items():
            paint(ws[ref])
        for ref in drawn.merges:
            ws.merge_cells(ref)
    if edit is not None:
        edit(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data


def patch_part(data: bytes, part: str, edit) -> bytes:
    """Rewrite one part of an .xlsx (e.g. to give a formula a cached value, as Excel would)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = edit(content)
            target.writestr(info, content)
    return out.getvalue()


def journey_map(**parts: Any) -> JourneyMap:
    """A map of the parts given (tuples of model rows), on the -2..2 scale by default."""
    journey = parts.pop("journey", Journey("Online store", scale=Scale(-2, 2)))
    return JourneyMap(journey=journey, **{k: tuple(v) for k, v in parts.items()})


@cache
def maps_of_sample(path: Path) -> tuple[JourneyMap, ...]:
    """The maps of one sample workbook of data/, read once per test run, when first asked."""
    return tuple(read_workbook(path).maps)


def all_sample_maps() -> tuple[JourneyMap, ...]:
    """Every map of every sample workbook (read when first asked, not at collection)."""
    return tuple(m for path in sample_files() for m in maps_of_sample(path))
