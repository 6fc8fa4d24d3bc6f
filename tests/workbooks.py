"""Real workbooks made with openpyxl for the tests: a small valid journey to start from, and a
writer that turns a dict of sheets into an .xlsx file."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from cxmap.domain.model import Journey, JourneyMap, Scale

Sheets = dict[str, list[list[Any]]]


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


def make_workbook(sheets: Sheets, path: Path | None = None) -> bytes:
    """Write the sheets to an .xlsx (and to ``path`` when given); return its bytes."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
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
