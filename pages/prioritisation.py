"""Prioritisation: the impact/effort matrix of the actions and the ranked, editable table."""

import streamlit as st

from cxmap.compute import analysis
from cxmap.ui import adapter as ui
from cxmap.ui import auth, sections
from cxmap.ui import changes as edits
from cxmap.view import charts

view = ui.page("nav.prioritisation")
m, f, t = view.map, view.filters, view.t

frame = analysis.actions_frame(m, f)
if frame.empty:
    st.info(t("prio.none"))
    st.stop()
colour_by = st.segmented_control(
    t("prio.color"),
    ("stage", "status"),
    default="stage",
    key="colour_by",
    format_func=lambda k: t(f"prio.by_{k}"),
)
left, right = st.columns([3, 2])
with left:
    event = st.plotly_chart(
        charts.impact_effort(
            frame,
            colour_by=colour_by or "stage",
            lang=view.lang,
            translate={s: t(f"status.{s}") for s in sections.STATUSES},
        ),
        on_select="rerun",
        selection_mode="points",
        key="impact_effort",
    )
    st.caption(t("prio.size", what=t(f"chart.{analysis.bubble_size(frame)}").lower()))
with right:
    points = event.selection.points if event else []
    picked = sections.picked_action(frame, points, view)
    if picked is None:
        st.caption(t("prio.select"))
    else:
        sections.action_card(m, picked, view.lang)
        sections.linked_views(m, picked, view)

st.subheader(t("prio.ranked"))
st.caption(t("prio.edit_help"))
drawn = edits.drawn_version(ui.store(), "actions", m.name)  # a save over a newer one is refused
changes = sections.actions_editor(frame, view, drawn=drawn, editable=auth.can("editor"))
if auth.can("editor") and st.button(
    t("prio.save"), type="primary", disabled=not changes, icon=":material/save:"
):
    count = edits.attempt(
        lambda: ui.store().update_actions(m.name, changes, expected=drawn),
        view.lang,
        reload_key="actions",
    )
    if count is not None:
        edits.forget("actions")
        ui.flash(t("prio.saved", n=count))
        st.rerun()
