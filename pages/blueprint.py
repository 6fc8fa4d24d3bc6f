"""Service blueprint: stages across; down, the customer's actions, the frontstage touchpoints,
the line of visibility, the backstage touchpoints and the support processes; irritants and
moments of truth marked.

The grid is an escaped HTML table built by :mod:`cxmap.view.blueprint_grid` (as the matrix): it
scrolls sideways with the lanes and the stages kept in view.
"""

import streamlit as st

from cxmap.compute.blueprint import blueprint
from cxmap.ui import adapter as ui
from cxmap.view import blueprint_grid

view = ui.page("nav.blueprint")
m, f, t = view.map, view.filters, view.t

plan = blueprint(m, f)
st.caption(t("blueprint.caption"))
touchpoints = [tp for s in plan.stages for lane in s.lanes.values() for tp in lane]
st.markdown(
    "**"
    + t(
        "blueprint.summary",
        irritants=sum(1 for tp in touchpoints if tp.qualification == "irritant"),
        moments=sum(1 for tp in touchpoints if tp.moment_of_truth),
        stages=len(plan.stages),
    )
    + "**"
)
if plan.unlayered:
    st.caption(t("blueprint.unlayered", n=plan.unlayered))
if len(plan.stages) > blueprint_grid.FITS:
    st.caption(t("blueprint.scrolls", n=len(plan.stages)))
# only escaped text reaches the page: blueprint_grid escapes every name it writes
st.html(blueprint_grid.blueprint_grid(plan, lang=view.lang))
