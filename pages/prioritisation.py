"""Prioritisation: the impact/effort matrix of the actions and the ranked, editable table."""

import streamlit as st

from cxmap.compute import analysis
from cxmap.ui import adapter as ui
from cxmap.ui import auth
from cxmap.ui import changes as edits
from cxmap.view import charts

view = ui.view()
if ui.empty_state(view):
    st.stop()
m, f, t = view.map, view.filters, view.t
ui.header(view, "nav.prioritisation")

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
words = {s: t(f"status.{s}") for s in ("idea", "planned", "in progress", "done")}
left, right = st.columns([3, 2])
with left:
    event = st.plotly_chart(
        charts.impact_effort(
            frame, colour_by=colour_by or "stage", lang=view.lang, translate=words
        ),
        on_select="rerun",
        selection_mode="points",
        key="impact_effort",
    )
    size = "reach" if frame["reach"].notna().any() else "cost"
    st.caption(t("prio.size", what=t(f"chart.{size}").lower()))
with right:
    points = event.selection.points if event else []
    if not points:
        st.caption(t("prio.select"))
    for point in points:
        action = m.actions[int(point["customdata"][0])]
        with st.container(border=True):
            st.markdown(f"**{action.name}**")
            st.caption(
                f"{t('quad.' + analysis.quadrant(action.impact, action.effort))} · "
                f"{t('col.impact')} {action.impact:g} · {t('col.effort')} "
                f"{action.effort:g} · {words[action.status]}"
            )
            target = action.touchpoint or action.pain_point
            if target:
                st.write(
                    f"{t('prio.addresses')}: {target}"
                    + (f" ({action.stage})" if action.stage else "")
                )
            touchpoint = analysis.addressed_touchpoint(m, action)
            if touchpoint is not None:
                st.caption(f"{t('q.' + touchpoint.qualification)} · {touchpoint.description or ''}")

st.subheader(t("prio.ranked"))
st.caption(t("prio.edit_help"))
ranked = frame.assign(
    quadrant=[t(f"quad.{q}") if isinstance(q, str) else "—" for q in frame["quadrant"]]
)
drawn = edits.drawn_version(ui.store(), "actions", m.name)  # a save over a newer one is refused
edited = st.data_editor(
    ranked[["id", "action", "quadrant", "impact", "effort", "status", "owner", "stage"]],
    hide_index=True,
    width="stretch",
    key=f"actions_{m.name}_{drawn}",
    disabled=["id", "action", "quadrant", "stage"] if auth.can("editor") else True,
    column_config={
        "id": None,
        "action": t("col.action"),
        "quadrant": t("col.quadrant"),
        "stage": t("col.stage"),
        "impact": st.column_config.NumberColumn(
            t("col.impact"), min_value=1, max_value=5, step=0.5
        ),
        "effort": st.column_config.NumberColumn(
            t("col.effort"), min_value=1, max_value=5, step=0.5
        ),
        "status": st.column_config.SelectboxColumn(
            t("col.status"), options=list(words), required=True
        ),
        "owner": st.column_config.TextColumn(t("col.owner")),
    },
)
changes = ui.action_changes(ranked, edited)
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
