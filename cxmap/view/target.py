"""What the "Current → target" page and the linked views draw: the two curves with the gap per
stage, a stage highlighted on a curve, and the list of changes as an XLSX file."""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go
from openpyxl import Workbook
from openpyxl.styles import Font

from cxmap.compute.diff import JourneyDiff
from cxmap.view.charts import wrap
from cxmap.view.i18n import tr

RISE, FALL = "#2ca02c", "#d62728"


def gap_chart(diff: JourneyDiff, *, lang: str = "en") -> go.Figure:
    """The current and target all-personas curves across the stages of both maps (placed by
    stage NAME on a categorical axis), and per stage the gap as a labelled bar."""
    rows = diff.stage_emotions
    stages = [row.stage for row in rows]
    fig = go.Figure()
    deltas = [row.delta for row in rows]
    fig.add_trace(
        go.Bar(
            x=stages,
            y=[d if d is not None else 0 for d in deltas],
            name=tr("target.gap", lang),
            marker_color=[RISE if (d or 0) >= 0 else FALL for d in deltas],
            opacity=0.35,
            text=[
                ""
                if d is None
                else (f"{d:+.1f}".replace(".", ",") if lang == "fr" else f"{d:+.1f}")
                for d in deltas
            ],
            textposition="outside",
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    for label, values, style in (
        (tr("target.current_curve", lang), [r.current for r in rows], dict(color="#1f77b4")),
        (tr("chart.target", lang), [r.target for r in rows], dict(color="#222", dash="dash")),
    ):
        fig.add_trace(
            go.Scatter(
                x=stages,
                y=values,
                mode="lines+markers",
                name=label,
                line=dict(width=3, **style),
                connectgaps=False,
                hovertemplate=f"<b>{label}</b> · %{{x}}: %{{y:.2g}}<extra></extra>",
            )
        )
    fig.update_layout(
        height=380,
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", y=1.12),
        xaxis=dict(
            type="category",
            categoryorder="array",
            categoryarray=stages,
            tickvals=stages,
            ticktext=[wrap(s, 14) for s in stages],
        ),
        yaxis=dict(title=tr("chart.emotion", lang), zeroline=True),
    )
    return fig


def highlight_stage(fig: go.Figure, stages: list[str], stage: str | None) -> go.Figure:
    """The figure with ``stage``'s column shaded (a categorical axis: stage i spans i ± 0.5);
    unchanged when the stage is not on the axis."""
    if stage is None or stage not in stages:
        return fig
    at = stages.index(stage)
    fig.add_vrect(
        x0=at - 0.5,
        x1=at + 0.5,
        fillcolor="#ff9800",
        opacity=0.18,
        line_width=0,
        layer="below",
    )
    return fig


def changes_xlsx(frame: pd.DataFrame, *, lang: str = "en") -> bytes:
    """The list of changes (:func:`cxmap.compute.target.changes_frame`) as a one-sheet
    workbook, headers and words in the page's language."""
    book = Workbook()
    sheet = book.active
    sheet.title = tr("target.changes_sheet", lang)[:31]
    columns = list(frame.columns)
    sheet.append([tr(f"target.col_{c}", lang) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in frame.to_dict("records"):
        row = []
        for column in columns:
            value = record[column]
            if column == "change":
                value = tr(f"change.{value}", lang)
            elif column.endswith("qualification") and isinstance(value, str):
                value = tr(f"q.{value}", lang)
            elif column == "declared":
                value = tr("yes" if value else "no", lang)
            elif value is None or (isinstance(value, float) and pd.isna(value)):
                value = None
            row.append(value)
        sheet.append(row)
    for column_cells in sheet.columns:
        width = max(len(str(c.value or "")) for c in column_cells)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
