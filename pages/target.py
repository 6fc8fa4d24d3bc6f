"""Current → target: what the target changes (the headline, the target's matrix marked by
change, the curves and their gap, the list of changes), designing the target in place, and the
action plan's what-if.  Works from the selected journey: a current one and its target, or a
target and its baseline."""

import streamlit as st

from cxmap.compute import target as model
from cxmap.compute.diff import diff_maps
from cxmap.ui import adapter as ui
from cxmap.ui import target as sections

view = ui.page("nav.diff")
t = view.t

pair = model.pair_of(ui.journeys(view.version), view.journey)
if pair is None:
    st.warning(t("target.no_baseline", baseline=view.journey.baseline or "?"))
    st.stop()
current = ui.load_map(pair.current.id, view.version)
if pair.target is None:
    sections.create_button(current, view)
    st.stop()
saved_target = ui.load_map(pair.target.id, view.version)
simulated = sections.what_if(saved_target)
target = simulated.target if simulated is not None else saved_target

st.markdown(f"**{t('target.pair', current=current.name, target=target.name)}**")
diff = diff_maps(current, target)
sections.headline_box(diff, view, simulated=simulated is not None)

changes, design, what_if = st.tabs([t("target.changes"), t("target.design"), t("target.plan")])
with changes:
    sections.matrix(diff, target, view)
    sections.curves(diff, view)
    sections.change_list(diff, view)
with design:
    sections.editor(saved_target, view)
with what_if:
    sections.plan_what_if(current, saved_target, view)
