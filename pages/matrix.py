"""Touchpoint matrix: the stage × channel grid, tinted by a measure; a cell's details below.

The grid is an escaped HTML table built by :mod:`cxmap.view.matrix_grid` (names wrap, never
cut; it scrolls sideways with the channels and stages kept in view).  An HTML grid sends no
click back to Streamlit, so a cell's details come from the "cell details" chooser under it.
"""

import streamlit as st

from cxmap.compute import analysis
from cxmap.ui import adapter as ui
from cxmap.ui import sections
from cxmap.view import matrix_grid

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

cells = analysis.matrix_cells(m, f, measure=measure, kpi=kpi, measured=measured)
st.caption(t("matrix.gap_rule"))
if len(set(cells["stage"])) > matrix_grid.WIDE:
    st.caption(t("matrix.scrolls", n=len(set(cells["stage"]))))
# only escaped text reaches the page: matrix_grid escapes every name it writes
st.html(
    matrix_grid.matrix_grid(
        cells,
        analysis.matrix_labels(m, f),
        measure=measure,
        lang=view.lang,
        scale=analysis.scale_of(m),
        kpi=kpi,
    )
)

filled = cells[cells["count"] > 0]
chosen = st.selectbox(
    t("matrix.details"),
    list(zip(filled["stage"], filled["channel"])),
    index=None,
    placeholder=t("matrix.details_placeholder"),
    format_func=lambda cell: t("matrix.cell", stage=cell[0], channel=cell[1]),
    help=t("matrix.details_help"),
    key="matrix_cell",
)
if chosen:
    stage, channel = chosen
    st.subheader(view.tm("matrix.cell", stage=stage, channel=channel))
    sections.touchpoint_details(analysis.touchpoint_details(m, stage, channel), view.lang)
    sections.cell_actions(m, stage, channel, view.lang)
