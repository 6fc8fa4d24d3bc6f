"""Figure builders: a DataFrame from :mod:`~cxmap.compute.analysis` in, a Plotly figure out
(the touchpoint matrix, a grid of text, is an HTML table: :mod:`cxmap.view.matrix_grid`).

They never call Streamlit, so they are tested on their data.  Colours follow the journey-map
convention: irritants red, delights green, missing touchpoints blue; emotions on a diverging
red-to-green scale around the journey's neutral.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from cxmap.compute import analysis
from cxmap.domain.model import Qualification, Scale
from cxmap.view.i18n import tr
from cxmap.view.numbers import format_number, format_percent
from cxmap.view.text import plotly as _plain
from cxmap.view.text import template as _in_template

RED, GREEN, BLUE, GREY = "#d62728", "#2ca02c", "#1f77b4", "#7f7f7f"
QUALIFICATION_COLOURS: dict[Qualification, str] = {
    "irritant": RED,
    "delight": GREEN,
    "missing": BLUE,
    "neutral": GREY,
}
PERSONA_COLOURS = (
    "#4c78a8",
    "#f58518",
    "#54a24b",
    "#b279a2",
    "#9d755d",
    "#e45756",
    "#72b7b2",
    "#eeca3b",
)
QUADRANT_COLOURS = {
    "quick_win": "rgba(44,160,44,0.08)",
    "major_project": "rgba(31,119,180,0.07)",
    "fill_in": "rgba(127,127,127,0.06)",
    "thankless": "rgba(214,39,40,0.06)",
}
FONT = dict(family="Source Sans Pro, sans-serif")


# Plotly's decimal and thousands separators (its own number formatting): 9.5 / 1,450 in
# English, 9,5 / 1 450 in French.
SEPARATORS = {"en": ".,", "fr": ",\u202f"}


def wrap(label: str, width: int = 16, *, sep: str = "<br>", lines: int = 3) -> str:
    """Break a long stage name into short lines (``sep`` between them) for an axis label."""
    parts = textwrap.wrap(str(label), width=width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: max(width - 1, 1)] + "…"
    return sep.join(_plain(part) for part in parts)  # each line escaped: a name is never markup


def _stage_axis(stages: list[str], *, small: bool = False) -> dict:
    """A categorical axis of the stages shown, in the journey's order: every trace is placed by
    stage NAME, so a filtered subset (or a single stage) puts each point above its own label.
    Tick labels are wrapped to the room a stage has: narrower and tilted when there are many."""
    many = len(stages) > 12
    crowded = len(stages) * (2 if small else 1)
    width = 10 if many else (9 if crowded > 14 else 12 if crowded > 7 else 20)
    return dict(
        type="category",
        categoryorder="array",
        categoryarray=list(stages),
        tickmode="array",
        tickvals=list(stages),
        ticktext=[wrap(s, width, lines=2 if many else 3) for s in stages],
        tickangle=-45 if many else 0,
        tickfont=dict(size=10 if many or small else 12),
        range=[-0.5, len(stages) - 0.5],
        showgrid=False,
    )


def _on_axis(frame: pd.DataFrame, stages: list[str]) -> pd.DataFrame:
    """The rows whose stage is on the axis: a point of a stage filtered out is not drawn (a
    categorical axis would otherwise append its name after the chosen stages)."""
    return frame[frame["stage"].isin(stages)]


def _hover_text(text: str, width: int = 50) -> str:
    return "<br>".join(_plain(line) for line in textwrap.wrap(text, width)) if text else ""


def _plain_all(values: Any) -> list[str]:
    """Names put in ``customdata`` or hover text, escaped (Plotly reads its result as markup)."""
    return [_plain(v) for v in values]


def emotion_curve(
    points: pd.DataFrame,
    curve: pd.DataFrame,
    stages: list[str],
    scale: Scale,
    *,
    lang: str = "en",
    target: pd.DataFrame | None = None,
    lows_highs: pd.DataFrame | None = None,
    small: bool = False,
    measured: pd.DataFrame | None = None,
) -> go.Figure:
    """One line per persona across the ordered stages, on the journey's own scale.

    ``points`` is :func:`analysis.emotion_points`, ``curve`` :func:`analysis.all_personas_curve`
    (drawn thick with its lowest-to-highest band), ``target`` the target journey's weighted
    curve (dashed), ``lows_highs`` :func:`analysis.extremes` (labelled), ``measured``
    :func:`analysis.stage_satisfaction` (the survey's CSAT per stage, placed on the scale).
    """
    points, curve = _on_axis(points, stages), _on_axis(curve, stages)
    target = _on_axis(target, stages) if target is not None else None
    measured = _on_axis(measured, stages) if measured is not None else None
    lows_highs = _on_axis(lows_highs, stages) if lows_highs is not None else None
    fig = go.Figure()
    # room above and below the scale for the lowest/highest labels
    pad = (scale.high - scale.low) * (0.06 if small else 0.12)
    fig.add_hrect(
        y0=scale.neutral,
        y1=scale.high + pad,
        fillcolor=GREEN,
        opacity=0.06,
        line_width=0,
        layer="below",
    )
    fig.add_hrect(
        y0=scale.low - pad,
        y1=scale.neutral,
        fillcolor=RED,
        opacity=0.06,
        line_width=0,
        layer="below",
    )
    fig.add_hline(y=scale.neutral, line_dash="dot", line_color=GREY, line_width=1)
    if not small:
        fig.add_annotation(
            x=1,
            xref="paper",
            y=scale.neutral,
            text=tr("chart.neutral", lang),
            showarrow=False,
            xanchor="right",
            yanchor="top",
            font=dict(color=GREY, size=11),
        )
    if not curve.empty and points["persona"].nunique() > 1:
        fig.add_trace(
            go.Scatter(
                x=curve["stage"],
                y=curve["high"],
                mode="lines",
                line=dict(width=0),
                hoverinfo="skip",
                showlegend=False,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=curve["stage"],
                y=curve["low"],
                mode="lines",
                line=dict(width=0),
                fill="tonexty",
                fillcolor="rgba(120,120,120,0.15)",
                name=tr("chart.spread", lang),
                hoverinfo="skip",
                showlegend=not small,
            )
        )
    for i, (persona, group) in enumerate(points.groupby("persona", sort=False)):
        colour = PERSONA_COLOURS[i % len(PERSONA_COLOURS)]
        fig.add_trace(
            go.Scatter(
                x=group["stage"],
                y=group["score"],
                mode="lines+markers",
                name=_plain(persona),
                line=dict(color=colour, width=2, shape="spline", smoothing=0.3),
                marker=dict(size=6 if small else 8, color=colour),
                customdata=list(
                    zip(
                        _plain_all(group["stage"]),
                        _plain_all(group["touchpoint"]),
                        _plain_all(group["feeling"]),
                        [_hover_text(q) for q in group["quote"]],
                    )
                ),
                hovertemplate=(
                    f"<b>{_in_template(persona)}</b> · %{{customdata[0]}}<br>"
                    f"{tr('chart.emotion', lang)}: %{{y:.2g}}<br>"
                    f"{tr('col.touchpoint', lang)}: %{{customdata[1]}}<br>"
                    f"{tr('chart.feeling', lang)}: %{{customdata[2]}}<br>"
                    "<i>%{customdata[3]}</i><extra></extra>"
                ),
            )
        )
    irritants = points[points["irritant"]] if "irritant" in points else points.iloc[0:0]
    if not irritants.empty:
        fig.add_trace(
            go.Scatter(
                x=irritants["stage"],
                y=irritants["score"],
                mode="markers",
                name=tr("chart.irritant", lang),
                showlegend=not small,
                marker=dict(symbol="x-thin-open", size=14, color=RED, line=dict(width=3)),
                hoverinfo="skip",
            )
        )
    if not curve.empty and points["persona"].nunique() > 1:
        fig.add_trace(
            go.Scatter(
                x=curve["stage"],
                y=curve["score"],
                # a single stage has no line to draw: its point is marked
                mode="lines" if len(curve) > 1 else "markers",
                name=tr("chart.all_personas", lang),
                line=dict(color="#222", width=4),
                marker=dict(symbol="line-ew-open", size=22, color="#222", line=dict(width=4)),
                customdata=list(zip(_plain_all(curve["stage"]), curve["low"], curve["high"])),
                hovertemplate=(
                    f"<b>{tr('chart.all_personas', lang)}</b> · %{{customdata[0]}}<br>"
                    f"{tr('chart.emotion', lang)}: %{{y:.2g}} "
                    "(%{customdata[1]:.2g} … %{customdata[2]:.2g})<extra></extra>"
                ),
            )
        )
    if target is not None and not target.empty:
        fig.add_trace(
            go.Scatter(
                x=target["stage"],
                y=target["score"],
                mode="lines+markers",
                name=tr("chart.target", lang),
                line=dict(color="#222", width=3, dash="dash"),
                marker=dict(symbol="diamond-open", size=8, color="#222"),
                customdata=[[s] for s in _plain_all(target["stage"])],
                hovertemplate=(
                    f"<b>{tr('chart.target', lang)}</b> · %{{customdata[0]}}<br>"
                    f"{tr('chart.emotion', lang)}: %{{y:.2g}}<extra></extra>"
                ),
            )
        )
    if measured is not None and not measured.empty:
        fig.add_trace(
            go.Scatter(
                x=measured["stage"],
                y=measured["on_scale"],
                mode="lines+markers",
                name=tr("chart.measured", lang),
                line=dict(color=BLUE, width=2, dash="dot"),
                marker=dict(symbol="square", size=9, color=BLUE),
                customdata=list(
                    zip(_plain_all(measured["stage"]), measured["value"], measured["n"])
                ),
                hovertemplate=(
                    "<b>CSAT</b> · %{customdata[0]}: %{customdata[1]:.0f} % "
                    "(n = %{customdata[2]})<extra></extra>"
                ),
            )
        )
    if lows_highs is not None and not small:
        for _, point in lows_highs.iterrows():
            word = tr("chart.lowest" if point["kind"] == "low" else "chart.highest", lang)
            fig.add_annotation(
                x=point["stage"],
                y=point["score"],
                text=f"{word}: {_plain(point['persona'])} ({format_number(point['score'], lang)})",
                showarrow=True,
                arrowhead=2,
                ax=0,
                ay=24 if point["kind"] == "low" else -24,
                font=dict(size=11, color=RED if point["kind"] == "low" else GREEN),
            )
    fig.update_layout(
        height=260 if small else 480,
        margin=dict(l=10, r=10, t=20, b=10),
        font=FONT,
        separators=SEPARATORS.get(lang, SEPARATORS["en"]),
        xaxis=_stage_axis(stages, small=small),
        hovermode="closest",
        showlegend=not small,
        yaxis=dict(
            title=None if small else f"{tr('chart.emotion', lang)} ({scale})",
            range=[scale.low - pad, scale.high + pad],
            zeroline=False,
        ),
        legend=dict(orientation="h", yanchor="top", y=-0.22, x=0),
        plot_bgcolor="white",
    )
    return fig


def journey_curve(
    data: analysis.EmotionCurve,
    *,
    lang: str = "en",
    small: bool = False,
    measured: pd.DataFrame | None = None,
) -> go.Figure:
    """:func:`emotion_curve` of what :func:`analysis.emotion_curve` computed: the persona
    lines, the weighted curve, the target's when there is one, the extremes labelled."""
    return emotion_curve(
        data.points,
        data.curve,
        data.stages,
        data.scale,
        lang=lang,
        target=data.target,
        lows_highs=data.extremes,
        small=small,
        measured=measured,
    )


def impact_effort(
    actions: pd.DataFrame,
    *,
    colour_by: str = "stage",
    lang: str = "en",
    translate: dict[str, str] | None = None,
) -> go.Figure:
    """The impact/effort matrix: bubbles sized by reach (else cost), coloured by stage or status,
    with the four quadrants named.  Each point carries its action id in ``customdata[0]`` (a
    point index would count within each colour group)."""
    fig = go.Figure()
    quadrants = {  # x0, x1, y0, y1 of the area, then where its name goes
        "quick_win": (0.5, 3, 3, 5.5, 0.6, 5.35),
        "major_project": (3, 5.5, 3, 5.5, 5.4, 5.35),
        "fill_in": (0.5, 3, 0.5, 3, 0.6, 0.65),
        "thankless": (3, 5.5, 0.5, 3, 5.4, 0.65),
    }
    for key, (x0, x1, y0, y1, ax, ay) in quadrants.items():
        fig.add_shape(
            type="rect",
            x0=x0,
            x1=x1,
            y0=y0,
            y1=y1,
            line_width=0,
            fillcolor=QUADRANT_COLOURS[key],
            layer="below",
        )
        fig.add_annotation(
            x=ax,
            y=ay,
            text=f"<b>{tr('quad.' + key, lang)}</b>",
            showarrow=False,
            xanchor="left" if ax < 3 else "right",
            font=dict(size=13, color=GREY),
        )
    fig.add_vline(x=3, line_color="#bbb", line_width=1)
    fig.add_hline(y=3, line_color="#bbb", line_width=1)
    rated = actions.dropna(subset=["impact", "effort"])
    size_by = analysis.bubble_size(actions)
    sizes = rated[size_by].fillna(0).astype(float)
    largest = float(sizes.max()) if not sizes.empty else 0.0
    diameters = (14 + 36 * (sizes / largest) ** 0.5) if largest > 0 else sizes * 0 + 18
    translate = translate or {}
    for i, (group, items) in enumerate(
        rated.assign(_d=diameters).groupby(rated[colour_by].fillna("—"), sort=False)
    ):
        # keep equal ratings apart, stably, without pushing a point on a middle line across
        # it: effort 3 counts as low and impact 3 as high, so they move that way only
        jitter = ((items["id"] * 37) % 7 - 3) * 0.035
        x = items["effort"] + jitter.where(items["effort"] != 3, -jitter.abs())
        y = items["impact"] - jitter.where(items["impact"] != 3, -jitter.abs())
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="markers",
                name=_plain(translate.get(str(group), str(group))),
                marker=dict(
                    size=items["_d"],
                    color=PERSONA_COLOURS[i % len(PERSONA_COLOURS)],
                    opacity=0.75,
                    line=dict(width=1, color="white"),
                ),
                customdata=list(
                    zip(
                        items["id"],
                        _plain_all(items["action"]),
                        _plain_all(items["stage"].fillna("—")),
                        _plain_all(items["status"].map(lambda s: translate.get(s, s))),
                        _plain_all(items["owner"].fillna("—")),
                        items["impact"],
                        items["effort"],
                    )
                ),
                hovertemplate=(
                    "<b>%{customdata[1]}</b><br>"
                    # the ratings themselves, not the position nudged apart from its neighbours
                    f"{tr('chart.impact', lang)} %{{customdata[5]:.2~f}} · "
                    f"{tr('chart.effort', lang)} %{{customdata[6]:.2~f}}<br>"
                    f"{tr('col.stage', lang)}: %{{customdata[2]}}<br>"
                    f"{tr('chart.status', lang)}: %{{customdata[3]}} · "
                    f"{tr('chart.owner', lang)}: %{{customdata[4]}}<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        height=520,
        margin=dict(l=10, r=10, t=10, b=10),
        font=FONT,
        separators=SEPARATORS.get(lang, SEPARATORS["en"]),
        plot_bgcolor="white",
        xaxis=dict(
            title=f"{tr('chart.effort', lang)} →", range=[0.5, 5.5], dtick=1, zeroline=False
        ),
        yaxis=dict(
            title=f"{tr('chart.impact', lang)} →", range=[0.5, 5.5], dtick=1, zeroline=False
        ),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
        clickmode="event+select",
        dragmode=False,
    )
    return fig


def kpi_trend(history: pd.DataFrame, *, lang: str = "en") -> go.Figure:
    """A KPI across periods, one line per series (stage / touchpoint / persona), its target
    dashed."""
    fig = go.Figure()
    keyed = history.assign(
        series=[
            " · ".join(
                str(v) for v in (r.stage, r.touchpoint, r.persona) if isinstance(v, str) and v
            )
            or "—"
            for r in history.itertuples()
        ]
    )
    for i, (series, group) in enumerate(keyed.groupby("series", sort=False)):
        colour = PERSONA_COLOURS[i % len(PERSONA_COLOURS)]
        group = group.sort_values("period")
        fig.add_trace(
            go.Scatter(
                x=_plain_all(group["period"]),
                y=group["value"],
                mode="lines+markers",
                name=_plain(series),
                line=dict(color=colour, width=2),
            )
        )
        if group["target"].notna().any():
            fig.add_trace(
                go.Scatter(
                    x=_plain_all(group["period"]),
                    y=group["target"],
                    mode="lines",
                    name=f"{tr('chart.target_value', lang)} · {_plain(series)}",
                    line=dict(color=colour, width=1.5, dash="dash"),
                )
            )
    unit = next((u for u in history.get("unit", []) if u), "")
    fig.update_layout(
        height=340,
        margin=dict(l=10, r=10, t=10, b=10),
        font=FONT,
        separators=SEPARATORS.get(lang, SEPARATORS["en"]),
        plot_bgcolor="white",
        xaxis=dict(title=tr("chart.period", lang), type="category"),
        yaxis=dict(
            title=f"{tr('chart.value', lang)} {('(' + _plain(unit) + ')') if unit else ''}",
            gridcolor="#eee",
        ),
        legend=dict(orientation="h", yanchor="top", y=-0.25, x=0),
    )
    return fig


def funnel(frame: pd.DataFrame, stages: list[str], *, lang: str = "en") -> go.Figure:
    """Conversion (green) and drop-off (red) rates per stage, in journey order."""
    fig = go.Figure()
    for kind, colour in (("conversion", GREEN), ("drop_off", RED)):
        items = _on_axis(frame[frame["kind"] == kind], stages)
        if items.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=items["stage"],
                y=items["value"],
                name=tr(f"chart.{kind}", lang),
                marker_color=colour,
                customdata=list(zip(_plain_all(items["kpi"]), _plain_all(items["stage"]))),
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}: "
                "%{y:.3g}<extra></extra>",
            )
        )
    fig.update_layout(
        height=320,
        margin=dict(l=10, r=10, t=10, b=10),
        font=FONT,
        separators=SEPARATORS.get(lang, SEPARATORS["en"]),
        barmode="group",
        plot_bgcolor="white",
        xaxis=_stage_axis(stages),
        yaxis=dict(title="%", gridcolor="#eee"),
        legend=dict(orientation="h", yanchor="top", y=-0.25, x=0),
    )
    return fig


def qualification_bars(counts: dict[str, int], *, lang: str = "en") -> go.Figure:
    """How many touchpoints are irritants, delights, missing and neutral."""
    kinds = list(counts)
    fig = go.Figure(
        go.Bar(
            x=[counts[k] for k in kinds],
            y=[tr(f"q.{k}", lang) for k in kinds],
            orientation="h",
            marker_color=[QUALIFICATION_COLOURS[k] for k in kinds],
            text=[counts[k] for k in kinds],
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_layout(
        height=200,
        margin=dict(l=10, r=10, t=10, b=10),
        font=FONT,
        separators=SEPARATORS.get(lang, SEPARATORS["en"]),
        plot_bgcolor="white",
        yaxis=dict(autorange="reversed"),
        xaxis=dict(
            title=tr("chart.count", lang),
            gridcolor="#eee",
            dtick=1 if max(counts.values(), default=0) < 10 else None,
        ),
    )
    return fig


# --- the measured journey (event logs) ---------------------------------------------------------


def measured_funnel(rows: Sequence[Any], *, lang: str = "en", height: int = 360) -> go.Figure:
    """Cases in the strict funnel per stage (bars, map order), the cases that reached the stage
    in any order (a lighter bar behind), and the conversion from the previous stage.  The stages
    sit on the journey's stage axis (:func:`_stage_axis`: wrapped, tilted when many), their
    names escaped in the hover."""
    stages = [r.stage for r in rows]
    names = _plain_all(stages)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=stages,
            y=[r.reached for r in rows],
            name=tr("eventlog.reached", lang),
            marker_color="rgba(31,119,180,0.25)",
            customdata=names,
            hovertemplate=f"%{{customdata}}: %{{y:,}}<extra>{tr('eventlog.reached', lang)}</extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=stages,
            y=[r.funnel for r in rows],
            name=tr("eventlog.funnel", lang),
            marker_color=BLUE,
            text=[
                "" if r.conversion is None else format_percent(r.conversion, lang, 1) for r in rows
            ],
            textposition="outside",
            customdata=names,
            hovertemplate=f"%{{customdata}}: %{{y:,}}<extra>{tr('eventlog.funnel', lang)}</extra>",
        )
    )
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=30, b=10),
        font=FONT,
        barmode="overlay",
        plot_bgcolor="white",
        separators=SEPARATORS.get(lang, SEPARATORS["en"]),
        xaxis=_stage_axis(stages),
        yaxis=dict(title=tr("eventlog.cases", lang), gridcolor="#eee", rangemode="tozero"),
        # above the plot: below it, the stage names (tilted when many) would run into it
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
    )
    return fig


def transitions_sankey(
    transitions: Sequence[Any], stages: Sequence[str], *, lang: str = "en"
) -> go.Figure:
    """The moves between stages as a Sankey: a start node, the stages, an end node; link width
    is the number of cases that made the move (a move back to an earlier stage included)."""
    start, end = tr("eventlog.start", lang), tr("eventlog.end", lang)
    labels = [start, *(_plain(s) for s in stages), end]
    index = {name: i + 1 for i, name in enumerate(stages)}
    links = [
        (
            0 if m.source is None else index[m.source],
            len(labels) - 1 if m.target is None else index[m.target],
            m.cases,
        )
        for m in transitions
        if (m.source is None or m.source in index) and (m.target is None or m.target in index)
    ]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node=dict(
                label=labels,
                pad=18,
                thickness=16,
                color=[GREY, *(BLUE for _ in stages), GREY],
            ),
            link=dict(
                source=[a for a, _b, _n in links],
                target=[b for _a, b, _n in links],
                value=[n for _a, _b, n in links],
                color=[
                    "rgba(214,39,40,0.25)" if b == len(labels) - 1 else "rgba(31,119,180,0.2)"
                    for _a, b, _n in links
                ],
                hovertemplate="%{source.label} → %{target.label}: %{value:,}<extra></extra>",
            ),
        )
    )
    fig.update_layout(
        height=380,
        margin=dict(l=10, r=10, t=10, b=10),
        font=FONT,
        separators=SEPARATORS.get(lang, SEPARATORS["en"]),
    )
    return fig
