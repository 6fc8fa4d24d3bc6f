"""Pictures of the workbook layouts for the format page (docs/workbook-format.md).

A sheet is rendered as an HTML table the way a spreadsheet shows it — cell values with their
line breaks, fills and font colours resolved by :mod:`cxmap.files.colours` as the
importer reads them
(RGB, theme colour with a tint, indexed colour), bold and italic fonts, merged cells as
colspan/rowspan, Excel's row numbers and column letters — then screenshotted with Playwright
driving Debian's Chromium (never a downloaded browser: no `playwright install`).

    python docs/pictures.py                      # the three pictures of the format page
    python docs/pictures.py BOOK.xlsx SHEET OUT.png [--rows N] [--columns N]
"""

from __future__ import annotations

import argparse
import html
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from cxmap.domain.vocabulary import sheet_role  # noqa: E402
from cxmap.files.cells import text  # noqa: E402
from cxmap.files.colours import colour_of, theme_palette  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters
MAX_WIDTH = 34  # a wider column is clipped in the picture: it shows the layout, not the prose
PIXELS_PER_CHARACTER = 7.2


@dataclass(frozen=True)
class Picture:
    """One picture of the format page: which sheet, how much of it, where it goes."""

    workbook: Path
    sheet: str
    output: Path
    rows: int | None = None
    columns: int | None = None


PICTURES = (
    Picture(
        ROOT / "data" / "restaurant.xlsx",
        "Touchpoints",
        ROOT / "docs" / "layout-1-tidy.png",
        rows=12,
        columns=7,
    ),
    Picture(
        ROOT / "data" / "layouts" / "matrice-restaurant.xlsx",
        "Matrice",
        ROOT / "docs" / "layout-2-matrix.png",
    ),
    Picture(
        ROOT / "data" / "layouts" / "canvas-ecommerce.xlsx",
        "Busy parent",
        ROOT / "docs" / "layout-3-canvas.png",
    ),
)

STYLE = """
body { margin: 0; padding: 12px; background: #ffffff; }
#sheet { display: inline-block; }
table { border-collapse: collapse; table-layout: fixed;
        font: 13px/1.3 Carlito, Calibri, "Liberation Sans", "DejaVu Sans", sans-serif;
        color: #000; }
td, th { border: 1px solid #d4d4d4; padding: 3px 5px; vertical-align: top;
         overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
td.wrap { white-space: pre-wrap; overflow-wrap: break-word; text-overflow: clip; }
th { background: #efefef; color: #666; font-weight: normal; text-align: center;
     font-size: 11px; vertical-align: middle; }
th.row { width: 28px; }
.tabs { display: flex; gap: 2px; margin-top: -1px; padding-left: 34px;
        font: 12px "Liberation Sans", "DejaVu Sans", sans-serif; }
.tabs span { padding: 3px 12px; border: 1px solid #d4d4d4; border-top: none; color: #555;
             background: #f3f3f3; }
.tabs span.active { background: #fff; color: #1e6c41; font-weight: bold;
                    border-bottom: 2px solid #1e6c41; }
"""


def resolve_sheet(workbook: Any, name: str) -> Any:
    """The sheet named ``name``, else the one with the same template role (`Touchpoints` finds
    `Points de contact` in a French workbook)."""
    if name in workbook.sheetnames:
        return workbook[name]
    role = sheet_role(name)
    for ws in workbook.worksheets:
        if role is not None and sheet_role(ws.title) == role:
            return ws
    sheets = ", ".join(workbook.sheetnames)
    raise SystemExit(f"no sheet '{name}' in the workbook (sheets: {sheets})")


def _css(cell: Any, palette: list[str]) -> tuple[str, bool]:
    """The cell's inline style and whether its text wraps."""
    parts = []
    fill = cell.fill
    if getattr(fill, "patternType", None) not in (None, "none"):
        colour = colour_of(fill.fgColor, palette)
        if colour:
            parts.append(f"background:#{colour}")
    font = cell.font
    if font is not None:
        if font.b:
            parts.append("font-weight:bold")
        if font.i:
            parts.append("font-style:italic")
        if font.sz and float(font.sz) != 11:
            parts.append(f"font-size:{float(font.sz) * 13 / 11:.0f}px")
        colour = colour_of(font.color, palette) if font.color is not None else None
        if colour and colour != "000000":
            parts.append(f"color:#{colour}")
    alignment = cell.alignment
    horizontal = alignment.horizontal if alignment is not None else None
    if horizontal is None and isinstance(cell.value, (int, float)):
        horizontal = "right"  # numbers align right unless told otherwise, as in Excel
    if horizontal in ("center", "right"):
        parts.append(f"text-align:{horizontal}")
    wraps = bool(alignment is not None and alignment.wrap_text) or (
        isinstance(cell.value, str) and "\n" in cell.value
    )
    return ";".join(parts), wraps


def _empty(
    ws: Any,
    row: int,
    col: int,
    covered: set[tuple[int, int]],
    spans: dict[tuple[int, int], tuple[int, int]],
) -> bool:
    """Whether a cell shows nothing (no value, no fill, not part of a merged range)."""
    if (row, col) in covered or (row, col) in spans:
        return False
    cell = ws.cell(row, col)
    return cell.value is None and getattr(cell.fill, "patternType", None) in (None, "none")


def sheet_html(
    ws: Any, palette: list[str], *, rows: int | None = None, columns: int | None = None
) -> str:
    """The sheet (its first ``rows`` rows and ``columns`` columns) as an HTML page."""
    last_row = min(ws.max_row, rows or ws.max_row)
    last_col = min(ws.max_column, columns or ws.max_column)
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for merged in ws.merged_cells.ranges:
        top, left = merged.min_row, merged.min_col
        if top > last_row or left > last_col:
            continue
        bottom, right = min(merged.max_row, last_row), min(merged.max_col, last_col)
        spans[(top, left)] = (bottom - top + 1, right - left + 1)
        covered.update((r, c) for r in range(top, bottom + 1) for c in range(left, right + 1))
        covered.discard((top, left))

    widths = []
    for col in range(1, last_col + 1):
        dimension = ws.column_dimensions.get(get_column_letter(col))
        width = dimension.width if dimension is not None and dimension.width else DEFAULT_WIDTH
        widths.append(round(min(width, MAX_WIDTH) * PIXELS_PER_CHARACTER + 10))
    out = [
        f"<!doctype html><meta charset='utf-8'><style>{STYLE}</style><div id='sheet'>",
        f"<table style='width:{sum(widths) + 34}px'><colgroup><col style='width:34px'>",
    ]
    out += [f"<col style='width:{w}px'>" for w in widths]
    out.append("</colgroup><tr><th></th>")
    out += [f"<th>{get_column_letter(c)}</th>" for c in range(1, last_col + 1)]
    out.append("</tr>")
    for r in range(1, last_row + 1):
        height = ws.row_dimensions[r].height if r in ws.row_dimensions else None
        style = f" style='height:{height * 4 / 3:.0f}px'" if height else ""
        out.append(f"<tr{style}><th class='row'>{r}</th>")
        for c in range(1, last_col + 1):
            if (r, c) in covered:
                continue
            cell = ws.cell(r, c)
            css, wraps = _css(cell, palette)
            rowspan, colspan = spans.get((r, c), (1, 1))
            if (r, c) not in spans and not wraps and cell.value is not None:
                # as in a spreadsheet, text that does not fit runs over the empty cells on
                # its right
                font = cell.font
                scale = (float(font.sz) / 11 if font is not None and font.sz else 1) * (
                    1.1 if font is not None and font.b else 1
                )
                needed = len(text(cell.value) or "") * PIXELS_PER_CHARACTER * scale + 10
                room = widths[c - 1]
                while (
                    room < needed
                    and c + colspan <= last_col
                    and _empty(ws, r, c + colspan, covered, spans)
                ):
                    room += widths[c + colspan - 1]
                    covered.add((r, c + colspan))
                    colspan += 1
            attributes = "".join(
                (
                    f" rowspan='{rowspan}'" if rowspan > 1 else "",
                    f" colspan='{colspan}'" if colspan > 1 else "",
                    " class='wrap'" if wraps else "",
                    f" style='{css}'" if css else "",
                )
            )
            value = html.escape(text(cell.value) or "")
            out.append(f"<td{attributes}>{value}</td>")
        out.append("</tr>")
    out.append("</table><div class='tabs'>")
    out += [
        f"<span{' class=active' if title == ws.title else ''}>{html.escape(title)}</span>"
        for title in ws.parent.sheetnames
    ]
    out.append("</div></div>")
    return "".join(out)


def render(picture: Picture) -> Path:
    """Write the picture's PNG and return its path."""
    from playwright.sync_api import sync_playwright

    workbook = openpyxl.load_workbook(picture.workbook)
    ws = resolve_sheet(workbook, picture.sheet)
    page_html = sheet_html(
        ws, theme_palette(workbook.loaded_theme), rows=picture.rows, columns=picture.columns
    )
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no Chromium at {CHROMIUM}: install Debian's `chromium` package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 2400, "height": 1200}, device_scale_factor=1)
            page.set_content(page_html)
            page.locator("#sheet").screenshot(path=str(picture.output))
        finally:
            browser.close()
    return picture.output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workbook", nargs="?", type=Path)
    parser.add_argument("sheet", nargs="?")
    parser.add_argument("output", nargs="?", type=Path)
    parser.add_argument("--rows", type=int, help="only the first N rows")
    parser.add_argument("--columns", type=int, help="only the first N columns")
    args = parser.parse_args(argv)
    if args.workbook is None:
        pictures = PICTURES
    elif args.sheet and args.output:
        pictures = (Picture(args.workbook, args.sheet, args.output, args.rows, args.columns),)
    else:
        parser.error("give WORKBOOK SHEET OUTPUT, or nothing for the format page's pictures")
    for picture in pictures:
        path = render(picture)
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{path.stat().st_size / 1024:.0f} KB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
