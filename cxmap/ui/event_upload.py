"""The event-log upload of the Measured journey page: the columns proposed and editable, the
activities of the log's first chunk matched to touchpoints (editable), then one import with
progress shown.  Kept apart from :mod:`cxmap.ui.adapter` so that each stays small."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from cxmap.domain.report import CxmapError
from cxmap.domain.vocabulary import normalise
from cxmap.files.events import ROLES, EventOptions, activity_targets, peek
from cxmap.storage.events import import_events
from cxmap.ui import adapter as ui
from cxmap.view import text
from cxmap.view.numbers import format_number

ACTIVITIES_SHOWN = 30


def _peek(upload: Any) -> Any:
    """The log's first look, once per file, kept in this session only while the page is shown
    (:func:`cxmap.ui.adapter.release_uploads`); never the file's bytes in a shared cache."""
    cached = st.session_state.get(ui.EVENTS)
    if cached and cached[0] == upload.file_id:
        return cached[1]
    ui.remember_upload("measured", upload.file_id)
    found = peek(upload.getvalue(), upload.name)
    st.session_state[ui.EVENTS] = (upload.file_id, found)
    return found


def event_log_form(view: Any) -> None:
    """An uploader; once a log is chosen, its columns and activities, and the import button."""
    t = view.t
    upload = st.file_uploader(
        t("eventlog.upload"),
        type=["csv", "txt", "xlsx", "xes", "xml", "gz"],
        key="events_upload",
        help=t("eventlog.upload_help"),
    )
    if upload is None:
        return
    try:
        found = _peek(upload)
    except CxmapError as exc:
        st.error(view.tm("import.rejected", reason=str(exc)), icon=":material/block:")
        return
    options = ["", *found.header]
    chosen: dict[str, str | None] = {}
    for column, role in zip(st.columns(len(ROLES)), ROLES):
        proposed = found.proposed.get(role, "")
        chosen[role] = (
            column.selectbox(
                t(f"eventlog.role.{role}"),
                options,
                index=options.index(proposed),
                key=f"events_{role}_{upload.file_id}",
            )
            or None
        )
    targets = activity_targets(view.map)
    touchpoints = ["", *dict.fromkeys(tp.name for tp in view.map.touchpoints)]
    table = pd.DataFrame(
        [
            {
                "activity": activity,
                "events": events,
                "touchpoint": targets[normalise(activity)].touchpoint
                if normalise(activity) in targets
                else "",
            }
            for activity, events in found.activities[:ACTIVITIES_SHOWN]
        ],
        columns=["activity", "events", "touchpoint"],
    )
    edited = st.data_editor(
        text.cells(table, columns=["activity"]),  # a name like "=1+1" exported as text
        hide_index=True,
        width="stretch",
        disabled=["activity", "events"],
        column_config={
            "activity": st.column_config.TextColumn(t("eventlog.activity")),
            "events": st.column_config.NumberColumn(t("eventlog.events")),
            "touchpoint": st.column_config.SelectboxColumn(
                t("col.touchpoint"), options=touchpoints
            ),
        },
        key=f"events_mapping_{upload.file_id}",
    )
    if not st.button(t("eventlog.import"), type="primary", icon=":material/upload:"):
        return
    mapping = {
        activity: touchpoint
        for activity, touchpoint in zip(table["activity"], edited["touchpoint"])
        if touchpoint
    }
    try:
        with st.spinner(t("eventlog.importing")):
            saved = import_events(
                ui.store(),
                view.journey.name,
                upload.getvalue(),
                filename=upload.name,
                options=EventOptions(**chosen),
                mapping=mapping,
            )
    except CxmapError as exc:
        st.error(view.tm("import.rejected", reason=str(exc)), icon=":material/block:")
        return
    if saved.duplicate_of is not None:
        st.info(t("eventlog.duplicate", when=f"{saved.duplicate_of:%Y-%m-%d %H:%M}"))
        return
    ui.flash(
        t(
            "eventlog.added",
            n=format_number(saved.added, view.lang),
            cases=format_number(saved.cases, view.lang),
        )
    )
    st.rerun()
