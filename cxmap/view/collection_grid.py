"""The data-collection plan, shown and downloaded: a stage × channel grid of the touchpoints that
collect data (what data, by which mechanism), the stages with no collection point flagged, and
the same plan as an XLSX workbook.

The grid is built like the touchpoint matrix (:mod:`cxmap.view.matrix_grid`, whose style it
reuses): one HTML string for ``st.html``, every text of the map escaped here, names wrapped and
never cut, sideways scrolling with the channels and the stages kept in view.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from cxmap.compute.collection import CollectionPlan, CollectionPoint
from cxmap.files.writer import put
from cxmap.view.i18n import tr
from cxmap.view.matrix_grid import STYLE, e

COLLECTION_STYLE = """
.cxc .cxm .cxm-col{min-width:5.4rem}
.cxc .cxm.cxm-wide .cxm-col{min-width:9.5rem}
.cxc .cxm ul{list-style:none;margin:0;padding:0;font-size:inherit}
.cxc .cxm li.cxc-point{display:block;margin:0 0 6px 0;padding:0;font-size:inherit;
  line-height:inherit}
.cxc .cxm li .cxc-name{font-weight:600}
.cxc .cxm li .cxc-data{display:block;color:#1b4f72;font-size:0.75rem}
.cxc .cxm li .cxc-mechanism{display:block;color:#555;font-size:0.72rem;font-style:italic}
.cxc .cxm th.cxc-without{outline:2px dashed #b71c1c;outline-offset:-3px}
.cxc .cxm th.cxc-without .cxc-flag{display:block;color:#b71c1c;font-weight:400;
  font-size:0.72rem;font-style:italic}
.cxc .cxm td.cxc-without{background:repeating-linear-gradient(45deg,#fff,#fff 6px,
  #fbeaea 6px,#fbeaea 8px)}
"""

FITS = 8  # up to this many stages the columns share the page width; beyond, it scrolls


def _point(p: CollectionPoint, lang: str) -> str:
    data = (
        f'<span class="cxc-data">{e(tr("collection.data", lang, items=", ".join(p.data)))}</span>'
        if p.data
        else ""
    )
    mechanism = (
        f'<span class="cxc-mechanism">{e(tr("collection.by", lang, mechanism=p.mechanism))}</span>'
        if p.mechanism
        else ""
    )
    return (
        f'<li class="cxc-point" data-touchpoint="{e(p.touchpoint)}">'
        f'<span class="cxc-name">{e(p.touchpoint)}</span>{data}{mechanism}</li>'
    )


def collection_grid(plan: CollectionPlan, stages: list[str], *, lang: str = "en") -> str:
    """The plan as a grid: ``stages`` across (the map's, in order: a stage with no point is a
    column flagged as such), the channels that collect down."""
    without = set(plan.stages_without)
    channels = list(dict.fromkeys(p.channel for p in plan.points))
    by_cell: dict[tuple[str, str], list[str]] = {}
    for p in plan.points:
        by_cell.setdefault((p.stage, p.channel), []).append(_point(p, lang))
    flag = f'<span class="cxc-flag">{e(tr("collection.no_point", lang))}</span>'
    head = "".join(
        f'<th scope="col" class="cxm-stage{" cxc-without" if s in without else ""}" '
        f'data-stage="{e(s)}"><div class="cxm-col">{e(s)}{flag if s in without else ""}</div></th>'
        for s in stages
    )
    rows = []
    for channel in channels:
        cells = []
        for s in stages:
            items = by_cell.get((s, channel), [])
            css = ' class="cxc-without"' if s in without else ""
            body = f"<ul>{''.join(items)}</ul>" if items else ""
            cells.append(f'<td{css} data-stage="{e(s)}" data-channel="{e(channel)}">{body}</td>')
        rows.append(
            f'<tr><th scope="row" class="cxm-channel"><div class="cxm-row">{e(channel)}</div>'
            f"</th>{''.join(cells)}</tr>"
        )
    corner = e(f"{tr('chart.channel', lang)} \\ {tr('chart.stage', lang)}")
    table = (
        f'<table class="cxm{" cxm-wide" if len(stages) > FITS else ""}" '
        f'data-stages="{len(stages)}">'
        f'<thead><tr><th scope="col" class="cxm-corner">{corner}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return (
        f"<style>{STYLE}{COLLECTION_STYLE}</style>"
        f'<div class="cxc" lang="{e(lang)}"><div class="cxm-scroll">{table}</div></div>'
    )


COLUMNS = ("stage", "channel", "touchpoint", "data", "mechanism")


def collection_rows(plan: CollectionPlan, lang: str) -> tuple[list[str], list[list[str]]]:
    """The plan as a table: headers in the language, one row per collection point (its data
    items joined with "; ", as the workbook writes them)."""
    headers = [tr(f"collection.col.{c}", lang) for c in COLUMNS]
    rows = [
        [p.stage, p.channel, p.touchpoint, "; ".join(p.data), p.mechanism or ""]
        for p in plan.points
    ]
    return headers, rows


def collection_xlsx(plan: CollectionPlan, journey: str, *, lang: str = "en") -> bytes:
    """The plan as a one-sheet workbook (formula-like text kept as text), the stages with no
    collection point listed under it."""
    wb = Workbook()
    ws = wb.active
    ws.title = tr("nav.collection", lang)[:31]
    put(ws, 1, 1, journey)
    ws.cell(1, 1).font = Font(bold=True, size=13)
    headers, rows = collection_rows(plan, lang)
    for column, header in enumerate(headers, start=1):
        put(ws, 3, column, header)
        ws.cell(3, column).font = Font(bold=True)
        ws.column_dimensions[ws.cell(3, column).column_letter].width = 34
    for r, row in enumerate(rows, start=4):
        for column, value in enumerate(row, start=1):
            put(ws, r, column, value or None)
    if plan.stages_without:
        r = len(rows) + 5
        put(ws, r, 1, tr("collection.stages_without", lang, stages=", ".join(plan.stages_without)))
    ws.freeze_panes = "A4"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
