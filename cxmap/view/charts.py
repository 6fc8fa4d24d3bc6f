"""Figure builders: a DataFrame from :mod:`~cxmap.compute.analysis` in, a Plotly or
Altair figure out.

They never call Streamlit, so they are tested on their data.  Colours follow the journey-map
convention: irritants red, delights green, missing touchpoints blue; emotions on a diverging
red-to-green scale around the journey's neutral.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd
import plotly.graph_objects as go

from cxmap.compute import analysis
from cxmap.domain.model import MARKED, QUALIFICATIONS, Qualification, Scale
from cxmap.view.i18n import tr
from cxmap.view.numbers import format_number

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
LINE_HEIGHT = 14  # pixels between the touchpoint names in a matrix cell


# Plotly's decimal and thousands separators (its own number formatting): 9.5 / 1,450 in
# English, 9,5 / 1 450 in French.
SEPARATORS = {"en": ".,", "fr": ",\u202f"}


def wrap(label: str, width: int = 16, *, sep: str = "<br>", lines: int = 3) -> str:
    """Break a long stage name into short lines (``sep`` between them) for an axis label."""
    parts = textwrap.wrap(str(label), width=width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: max(width - 1, 1)] + "…"
    return sep.join(parts)


def _stage_axis(stages: list[str], *, small: bool = False) -> dict:
    """Tick labels wrapped to the room a stage has: narrower and tilted when there are many."""
    many = len(stages) > 12
    crowded = len(stages) * (2 if small else 1)
    width = 10 if many else (9 if crowded > 14 else 12 if crowded > 7 else 20)
    return dict(
        tickmode="array",
        tickvals=list(range(len(stages))),
        ticktext=[wrap(s, width, lines=2 if many else 3) for s in stages],
        tickangle=-45 if many else 0,
        tickfont=dict(size=10 if many or small else 12),
        range=[-0.5, len(stages) - 0.5],
        showgrid=False,
    )


def _hover_text(text: str, width: int = 50) -> str:
    return "<br>".join(textwrap.wrap(text, width)) if text else ""


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
                x=curve["stage_index"],
                y=curve["high"],
                mode="lines",
                line=dict(width=0),
                hoverinfo="skip",
                showlegend=False,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=curve["stage_index"],
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
                x=group["stage_index"],
                y=group["score"],
                mode="lines+markers",
                name=persona,
                line=dict(color=colour, width=2, shape="spline", smoothing=0.3),
                marker=dict(size=6 if small else 8, color=colour),
                customdata=list(
                    zip(
                        group["stage"],
                        group["touchpoint"],
                        group["feeling"],
                        [_hover_text(q) for q in group["quote"]],
                    )
                ),
                hovertemplate=(
                    f"<b>{persona}</b> · %{{customdata[0]}}<br>"
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
                x=irritants["stage_index"],
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
                x=curve["stage_index"],
                y=curve["score"],
                mode="lines",
                name=tr("chart.all_personas", lang),
                line=dict(color="#222", width=4),
                customdata=curve[["stage", "low", "high"]],
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
                x=target["stage_index"],
                y=target["score"],
                mode="lines+markers",
                name=tr("chart.target", lang),
                line=dict(color="#222", width=3, dash="dash"),
                marker=dict(symbol="diamond-open", size=8, color="#222"),
                customdata=target[["stage"]],
                hovertemplate=(
                    f"<b>{tr('chart.target', lang)}</b> · %{{customdata[0]}}<br>"
                    f"{tr('chart.emotion', lang)}: %{{y:.2g}}<extra></extra>"
                ),
            )
        )
    if measured is not None and not measured.empty:
        fig.add_trace(
            go.Scatter(
                x=measured["stage_index"],
                y=measured["on_scale"],
                mode="lines+markers",
                name=tr("chart.measured", lang),
                line=dict(color=BLUE, width=2, dash="dot"),
                marker=dict(symbol="square", size=9, color=BLUE),
                customdata=measured[["stage", "value", "n"]],
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
                x=point["stage_index"],
                y=point["score"],
                text=f"{word}: {point['persona']} ({format_number(point['score'], lang)})",
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


def touchpoint_matrix(
    cells: pd.DataFrame,
    labels: pd.DataFrame | None = None,
    *,
    measure: str,
    lang: str = "en",
    scale: Scale | None = None,
    kpi: str | None = None,
) -> alt.LayerChart:
    """The stage × channel grid as an Altair heatmap with a point selection named `cell`.

    Colour is the measure.  With up to ten stages each cell names its touchpoints (``labels``
    from :func:`analysis.matrix_labels`), one per line, red for irritants, green for delights,
    blue for missing ones, ★ for moments of truth; with more, coloured dots say which kinds a
    cell holds and the names are in the tooltip.  Gaps (no touchpoint where other channels
    serve the stage) are dashed.  A click selects the cell: Streamlit returns
    ``selection["cell"] = [{"stage": …, "channel": …}]``.
    """
    stages = list(dict.fromkeys(cells["stage"]))
    channels = list(dict.fromkeys(cells["channel"]))
    many = len(stages) > 10
    width = 10 if many else 18
    labels_of = _distinct_labels(stages, width)
    data = cells.assign(stage_label=cells["stage"].map(labels_of))
    label = kpi or "KPI" if measure == "kpi" else tr(f"measure.{measure}", lang)
    if measure == "emotion" and scale is not None:
        colour_scale = alt.Scale(
            scheme="redyellowgreen", domain=[scale.low, scale.high], domainMid=scale.neutral
        )
    elif measure in ("csat", "nps"):
        colour_scale = alt.Scale(
            scheme="redyellowgreen",
            domain=[0, 100] if measure == "csat" else [-100, 100],
            domainMid=50 if measure == "csat" else 0,
        )
    else:
        colour_scale = alt.Scale(
            scheme={"irritants": "reds", "kpi": "purples"}.get(measure, "blues"),
            domainMin=0 if measure != "kpi" else alt.Undefined,
        )
    selection = alt.selection_point(
        name="cell", fields=["stage", "channel"], on="click", clear="dblclick"
    )
    x = alt.X(
        "stage_label:N",
        sort=[labels_of[s] for s in stages],
        title=None,
        axis=alt.Axis(
            orient="top",
            labelExpr="split(datum.label, '|')",
            labelAngle=0,
            labelLimit=300,
            labelFontSize=9 if many else 12,
        ),
    )
    y = alt.Y(
        "channel:N", sort=channels, title=None, axis=alt.Axis(labelLimit=160, labelFontSize=12)
    )
    tooltip = [
        alt.Tooltip("stage:N", title=tr("chart.stage", lang)),
        alt.Tooltip("channel:N", title=tr("chart.channel", lang)),
        alt.Tooltip("touchpoints:N", title=tr("chart.touchpoints", lang)),
        alt.Tooltip("value:Q", title=label, format=".2f"),
    ]
    base = alt.Chart(data).encode(x=x, y=y)
    rect = (
        base.mark_rect(stroke="white", strokeWidth=2)
        .encode(
            color=alt.condition(
                "datum.value !== null",
                alt.Color("value:Q", title=label, scale=colour_scale),
                alt.value("#f5f5f5"),
            ),
            # light fills keep the red, green and blue names legible on every cell
            opacity=alt.condition(selection, alt.value(0.55), alt.value(0.2)),
            tooltip=tooltip,
        )
        .add_params(selection)
    )
    gaps = base.transform_filter("datum.gap").mark_rect(
        fill=None, stroke=BLUE, strokeDash=[4, 3], strokeWidth=1.5
    )
    gap_text = (
        base.transform_filter("datum.gap")
        .mark_text(color=BLUE, fontSize=10, fontStyle="italic")
        .encode(text=alt.value(tr("chart.gap", lang)))
    )
    kinds = alt.Scale(
        domain=list(QUALIFICATIONS), range=[QUALIFICATION_COLOURS[q] for q in MARKED] + ["#222"]
    )
    layers: list[alt.Chart] = [rect, gaps, gap_text]
    most = int(labels["line"].max()) + 1 if labels is not None and not labels.empty else 1
    rows_height = 34 if many else LINE_HEIGHT * max(most, 2) + 24
    if labels is not None and not labels.empty and not many:
        named = alt.Chart(labels.assign(stage_label=labels["stage"].map(labels_of)))
        top = -rows_height / 2 + LINE_HEIGHT  # from the band's middle to its first line
        for line in range(most):  # one layer per line: a text mark's dy cannot come from data
            layers.append(
                named.transform_filter(f"datum.line == {line}")
                .mark_text(
                    fontSize=11,
                    fontWeight=500,
                    limit=max(60, 640 // max(len(stages), 1) - 8),
                    dy=top + LINE_HEIGHT * line,
                )
                .encode(
                    x=x,
                    y=y,
                    text="label:N",
                    tooltip=[alt.Tooltip("label:N", title=tr("chart.touchpoints", lang))],
                    color=alt.Color("qualification:N", scale=kinds, legend=None),
                )
            )
    elif many:
        dots = data.melt(
            id_vars=["stage", "stage_label", "channel"],
            value_vars=["irritants", "delights", "missing"],
            var_name="kind",
            value_name="n",
        )
        dots = dots[dots["n"] > 0].assign(
            qualification=lambda d: d["kind"].map(
                {"irritants": "irritant", "delights": "delight", "missing": "missing"}
            )
        )
        layers.append(
            alt.Chart(dots)
            .mark_circle(size=45, opacity=1)
            .encode(
                x=x,
                y=y,
                color=alt.Color("qualification:N", scale=kinds, legend=None),
                xOffset=alt.XOffset(
                    "qualification:N",
                    scale=alt.Scale(domain=list(MARKED), paddingOuter=0.6),
                ),
            )
        )
    chart = (
        alt.layer(*layers)
        .resolve_scale(color="independent")
        .properties(height=max(160, rows_height * max(len(channels), 1)), width="container")
    )
    return chart.configure_view(strokeWidth=0)


def _distinct_labels(stages: list[str], width: int) -> dict[str, str]:
    """Each stage's wrapped axis label; two stages whose shortened labels coincide are kept
    apart by invisible zero-width spaces (the axis is keyed on the label)."""
    labels: dict[str, str] = {}
    used: set[str] = set()
    for stage in stages:
        label = wrap(stage, width, sep="|", lines=3)
        while label in used:
            label += "\u200b"
        used.add(label)
        labels[stage] = label
    return labels


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
                name=translate.get(str(group), str(group)),
                marker=dict(
                    size=items["_d"],
                    color=PERSONA_COLOURS[i % len(PERSONA_COLOURS)],
                    opacity=0.75,
                    line=dict(width=1, color="white"),
                ),
                customdata=list(
                    zip(
                        items["id"],
                        items["action"],
                        items["stage"].fillna("—"),
                        items["status"].map(lambda s: translate.get(s, s)),
                        items["owner"].fillna("—"),
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
                x=group["period"],
                y=group["value"],
                mode="lines+markers",
                name=series,
                line=dict(color=colour, width=2),
            )
        )
        if group["target"].notna().any():
            fig.add_trace(
                go.Scatter(
                    x=group["period"],
                    y=group["target"],
                    mode="lines",
                    name=f"{tr('chart.target_value', lang)} · {series}",
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
            title=f"{tr('chart.value', lang)} {('(' + unit + ')') if unit else ''}",
            gridcolor="#eee",
        ),
        legend=dict(orientation="h", yanchor="top", y=-0.25, x=0),
    )
    return fig


def funnel(frame: pd.DataFrame, stages: list[str], *, lang: str = "en") -> go.Figure:
    """Conversion (green) and drop-off (red) rates per stage, in journey order."""
    fig = go.Figure()
    for kind, colour in (("conversion", GREEN), ("drop_off", RED)):
        items = frame[frame["kind"] == kind]
        if items.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=items["stage_index"],
                y=items["value"],
                name=tr(f"chart.{kind}", lang),
                marker_color=colour,
                customdata=items[["kpi", "stage"]],
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
