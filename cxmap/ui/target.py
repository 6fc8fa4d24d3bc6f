"""The sections of the "Current → target" page: the headline, the target's matrix marked by
change, the curves and their gap, the list of changes, creating the target, editing its
touchpoints, and the plan's what-if.  Each store write goes through
:func:`cxmap.ui.changes.attempt` (stale saves and roles refused with a message)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cxmap.compute import analysis, plan
from cxmap.compute import target as model
from cxmap.compute.diff import CHANGE_KINDS, JourneyDiff, headline
from cxmap.domain.model import JourneyMap
from cxmap.ui import adapter as ui
from cxmap.ui import auth, sections
from cxmap.ui import changes as edits
from cxmap.ui.adapter import View
from cxmap.view import matrix_grid
from cxmap.view import target as figures
from cxmap.view.changes import headline_text
from cxmap.view.edits import canonical_frame, shown_frame, touchpoint_words
from cxmap.view.labels import report_message

_WHAT_IF = "_cxmap_what_if"


def what_if(target: JourneyMap) -> plan.PlanResult | None:
    """The plan's simulated target for this target journey, while it is shown (not saved)."""
    held = st.session_state.get(_WHAT_IF)
    return held[1] if held and held[0] == target.name else None


def _forget_what_if() -> None:
    st.session_state.pop(_WHAT_IF, None)


def create_button(current: JourneyMap, view: View) -> None:
    """The "Create the target journey" button (editors only): a copy of the current journey,
    state target, baseline set, saved as a new version in the history."""
    t = view.t
    st.info(t("diff.no_target", journey=current.name), icon=":material/flag:")
    if not auth.can("editor"):
        st.caption(t("target.editors_only"))
        return
    if st.button(t("diff.create_target"), type="primary", icon=":material/add_road:"):
        created = plan.create_target(current, suffix=t("diff.target_suffix"))
        saved = edits.attempt(
            lambda: ui.store().save([created], what="create", expected={created.name: None}),
            view.lang,
        )
        if saved is not None:
            ui.flash(t("target.created", name=created.name))
            st.rerun()


def headline_box(diff: JourneyDiff, view: View, *, simulated: bool) -> None:
    text = headline_text(headline(diff), view.lang)
    if simulated:
        st.warning(view.t("target.plan_preview", headline=text), icon=":material/science:")
    else:
        st.success(text, icon=":material/flag:")


def matrix(diff: JourneyDiff, target: JourneyMap, view: View) -> None:
    """The target's grid, each touchpoint marked by its change (removed where it was)."""
    st.subheader(view.t("target.matrix"))
    labels = model.change_labels(diff, view.filters)
    st.html(  # escaped: matrix_grid escapes every name it writes
        matrix_grid.matrix_grid(
            analysis.matrix_cells(target, view.filters),
            labels,
            measure="touchpoints",
            lang=view.lang,
        )
    )
    outside = model.off_grid(diff, target)
    if outside:
        names = ", ".join(f"{view.t('change.' + i.change)}: {i.name}" for i in outside)
        st.caption(view.t("target.off_grid", names=names))


def curves(diff: JourneyDiff, view: View) -> None:
    if not diff.stage_emotions:
        return
    st.subheader(view.t("target.curves"))
    st.plotly_chart(figures.gap_chart(diff, lang=view.lang), key="target_gap")


def change_list(diff: JourneyDiff, view: View) -> None:
    """The changes, filterable by change and stage, and the download of what is shown."""
    t = view.t
    st.subheader(t("target.changes"))
    left, right = st.columns(2)
    kinds = left.multiselect(
        t("target.filter_change"),
        list(CHANGE_KINDS),
        format_func=lambda k: t(f"change.{k}"),
        placeholder=t("sidebar.all"),
        key="target_filter_change",
    )
    stages = right.multiselect(
        t("target.filter_stage"),
        model.diff_stages(diff),
        placeholder=t("sidebar.all"),
        key="target_filter_stage",
    )
    frame = model.changes_frame(diff, changes=kinds, stages=stages)
    if frame.empty:
        st.caption(t("target.no_changes"))
        return
    yes_no = {True: t("yes"), False: t("no")}
    sections.table(
        frame,
        {c: f"target.col_{c}" for c in model.CHANGE_COLUMNS},
        view.lang,
        texts={
            "change": lambda k: t(f"change.{k}"),
            "current_qualification": lambda q: t(f"q.{q}") if isinstance(q, str) else "",
            "target_qualification": lambda q: t(f"q.{q}") if isinstance(q, str) else "",
            "declared": lambda v: yes_no[bool(v)],
        },
        key="target_changes",
    )
    st.download_button(
        t("target.download"),
        figures.changes_xlsx(frame, lang=view.lang),
        file_name=f"{diff.current} → {diff.target}.xlsx".replace("/", "-"),
        mime=ui.XLSX_MIME,
        icon=":material/download:",
        key="target_download",
    )


def editor(target: JourneyMap, view: View) -> None:
    """The target's touchpoints edited in place (rows added and deleted), saved in one
    transaction only when the reader's rules find nothing wrong."""
    t = view.t
    editable = auth.can("editor")
    st.caption(t("target.edit_help") if editable else t("target.read_only"))
    drawn = edits.drawn_version(ui.store(), "target", target.name)
    # qualification and change shown and chosen in the workbook's words, stored canonical
    words = touchpoint_words(view.lang)
    frame = shown_frame(model.touchpoints_frame(target), words)
    # an empty text cell shows blank, not the grid's "None" (read back as no value alike)
    frame = frame.fillna({"replaces": "", "collection_mechanism": "", "change": ""})
    cols = {c: t(f"target.col_{c}") for c in model.EDIT_COLUMNS if c != "row"}
    edited = st.data_editor(
        frame,
        hide_index=True,
        width="stretch",
        num_rows="dynamic" if editable else "fixed",
        disabled=not editable,
        key=f"target_editor_{target.name}_{drawn}_{view.lang}",
        column_config={
            "row": None,
            "name": st.column_config.TextColumn(cols["name"], required=True),
            "stage": st.column_config.SelectboxColumn(
                cols["stage"], options=[s.name for s in target.stages], required=True
            ),
            "channel": st.column_config.SelectboxColumn(
                cols["channel"], options=[c.name for c in target.channels], required=True
            ),
            "qualification": st.column_config.SelectboxColumn(
                cols["qualification"],
                options=words["qualification"].options,
                default=words["qualification"].word("neutral"),
            ),
            "change": st.column_config.SelectboxColumn(
                cols["change"], options=words["change"].options
            ),
            "replaces": st.column_config.TextColumn(cols["replaces"]),
            "data_collected": st.column_config.TextColumn(cols["data_collected"]),
            "collection_mechanism": st.column_config.TextColumn(cols["collection_mechanism"]),
        },
    )
    if not editable or not st.button(
        t("target.save"), type="primary", icon=":material/save:", key="target_save"
    ):
        return
    result = model.edited_map(target, canonical_frame(edited, words))
    if not result.ok:
        st.error(t("target.invalid", n=len(result.problems)), icon=":material/error:")
        sections.table(
            pd.DataFrame(
                [
                    dict(
                        sheet=p.sheet or "",
                        row=p.row,
                        column=p.column or "",
                        message=report_message(p.message, view.lang),
                    )
                    for p in result.problems
                ]
            ),
            {
                "sheet": "col.sheet",
                "row": "col.row",
                "column": "col.column",
                "message": "col.message",
            },
            view.lang,
            key="target_problems",
        )
        return
    saved = edits.attempt(
        lambda: ui.store().save([result.map], what="edit", expected={target.name: drawn}),
        view.lang,
        reload_key="target",
    )
    if saved is not None:
        edits.forget("target")
        _forget_what_if()
        ui.flash(t("target.saved", name=target.name))
        st.rerun()


def plan_what_if(current: JourneyMap, target: JourneyMap, view: View) -> None:
    """Build the target from the action plan (all actions, or planned and later), show what
    each action did; the page's diff then shows the simulated target until it is saved or
    discarded."""
    t = view.t
    st.caption(t("target.plan_help", current=current.name))
    if not current.actions:
        st.info(t("target.plan_none"))
        return
    choice = st.segmented_control(
        t("target.plan_statuses"),
        ("all", "planned"),
        default="all",
        format_func=lambda k: t(f"diff.plan_{k}"),
        key="target_plan_statuses",
    )
    if st.button(t("target.plan_run"), icon=":material/science:", key="target_plan_run"):
        statuses = plan.PLANNED_AND_LATER if choice == "planned" else None
        result = plan.apply_plan(current, statuses=statuses, journey=target.journey)
        st.session_state[_WHAT_IF] = (target.name, result)
        st.rerun()
    result = what_if(target)
    if result is None:
        return
    effects = pd.DataFrame(
        [
            dict(
                action=e.action.name,
                stage=e.action.stage,
                touchpoint=e.touchpoint.name if e.touchpoint else (e.action.touchpoint or ""),
                outcome=e.outcome,
            )
            for e in result.effects
        ],
        columns=["action", "stage", "touchpoint", "outcome"],
    )
    sections.table(
        effects,
        {
            "action": "col.action",
            "stage": "col.stage",
            "touchpoint": "col.touchpoint",
            "outcome": "target.col_outcome",
        },
        view.lang,
        texts={"outcome": lambda o: t(f"outcome.{o}")},
        key="target_effects",
    )
    left, right = st.columns(2)
    if right.button(t("target.plan_discard"), icon=":material/close:", key="target_discard"):
        _forget_what_if()
        st.rerun()
    if not auth.can("editor"):
        return
    drawn = edits.drawn_version(ui.store(), "target", target.name)
    if left.button(
        t("target.plan_save"), type="primary", icon=":material/save:", key="target_plan_save"
    ):
        saved = edits.attempt(
            lambda: ui.store().save([result.target], what="edit", expected={target.name: drawn}),
            view.lang,
            reload_key="target",
        )
        if saved is not None:
            edits.forget("target")
            _forget_what_if()
            ui.flash(t("target.saved", name=target.name))
            st.rerun()
