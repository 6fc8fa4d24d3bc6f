"""Touchpoint matrix: the stage × channel grid, coloured by a measure; click a cell."""

import streamlit as st

from cxmap.compute import analysis
from cxmap.domain.metrics import METRICS
from cxmap.ui import adapter as ui
from cxmap.view import charts

view = ui.view()
if ui.empty_state(view):
    st.stop()
m, f, t = view.map, view.filters, view.t
ui.header(view, "nav.matrix")

measured = ui.measured_kpis(view)
measures = [k for k in analysis.MATRIX_MEASURES if k not in METRICS or k in measured.metrics]
measure = (
    st.segmented_control(
        t("matrix.measure"),
        measures,
        default="touchpoints",
        key="measure",
        format_func=lambda k: t(f"measure.{k}"),
    )
    or "touchpoints"
)
kpi = None
if measure == "kpi":
    names = sorted({k.name for k in m.kpis if k.touchpoint})
    if not names:
        st.info(t("matrix.no_kpi"))
        st.stop()
    kpi = st.selectbox(t("matrix.kpi"), names, key="matrix_kpi")
st.caption(t("matrix.click"))

cells = analysis.matrix_cells(m, f, measure=measure, kpi=kpi, measured=measured)
event = st.altair_chart(
    charts.touchpoint_matrix(
        cells,
        analysis.matrix_labels(m, f),
        measure=measure,
        lang=view.lang,
        scale=analysis.scale_of(m),
        kpi=kpi,
    ),
    on_select="rerun",
    selection_mode="cell",
    key="matrix",
    width="stretch",
)

chosen = (event.selection.get("cell") or [None])[0] if event else None
if chosen:
    st.subheader(t("matrix.cell", stage=chosen["stage"], channel=chosen["channel"]))
    details = analysis.touchpoint_details(m, chosen["stage"], chosen["channel"])
    if details.empty:
        st.caption(t("matrix.empty_cell"))
    else:
        details["qualification"] = details["qualification"].map(lambda q: t(f"q.{q}"))
        for flag in ("moment_of_truth", "data_collection"):
            details[flag] = details[flag].map(lambda v: t("yes") if v else t("no"))
        st.dataframe(
            details.rename(columns={c: t(f"col.{c}") for c in analysis.DETAIL_COLUMNS}),
            hide_index=True,
            width="stretch",
            column_config={t("col.emotion"): st.column_config.NumberColumn(format="%.1f")},
        )
