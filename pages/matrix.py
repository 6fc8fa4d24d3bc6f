"""Touchpoint matrix: the stage × channel grid, coloured by a measure; click a cell."""

import streamlit as st

from cxmap.compute import analysis
from cxmap.ui import adapter as ui
from cxmap.ui import sections
from cxmap.view import charts

view = ui.page("nav.matrix")
m, f, t = view.map, view.filters, view.t

measured = ui.measured_kpis(view)
measure = (
    st.segmented_control(
        t("matrix.measure"),
        analysis.matrix_measures(measured),
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

event = st.altair_chart(
    charts.touchpoint_matrix(
        analysis.matrix_cells(m, f, measure=measure, kpi=kpi, measured=measured),
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
        sections.touchpoint_details(details, view.lang)
