"""The activities of the journey's event log on the Measured journey page: every activity with
the touchpoint it counts for, those on no touchpoint flagged; an editor changes the touchpoints
in the table and saves them (:func:`cxmap.storage.events.remap`, only the rows changed), a
viewer reads the table.  The table itself is built in :mod:`cxmap.view.activities`."""

from __future__ import annotations

from typing import Any

import streamlit as st

from cxmap.storage.events import remap
from cxmap.ui import adapter as ui
from cxmap.ui import auth, changes, sections
from cxmap.view import text
from cxmap.view.activities import (
    COLUMNS,
    activity_frame,
    changed_mapping,
    moved_message,
    touchpoint_options,
    unmapped,
)
from cxmap.view.numbers import format_number

HEADERS = {
    "activity": "eventlog.activity",
    "touchpoint": "col.touchpoint",
    "events": "eventlog.events",
    "match": "activities.matched",
}


def activities_section(view: Any, page: str = "measured") -> None:
    """The section: its title, how many activities are on no touchpoint, then the table —
    editable with a save button for editors, read-only for the others.  Nothing without a
    log."""
    assert view.journey is not None and view.map is not None
    rows = ui.event_activities(view)
    if not rows:
        return
    lang = view.lang

    def n(value: int) -> str:
        return format_number(value, lang, 0)

    st.subheader(view.t("activities.title"), help=view.t("activities.help"))
    count, events = unmapped(rows)
    if count:
        st.warning(
            view.t("activities.unmapped", n=n(count), total=n(len(rows)), events=n(events)),
            icon=":material/link_off:",
        )
    else:
        st.caption(view.t("eventlog.all_mapped"))
    frame = activity_frame(rows, lang)
    if not auth.can("editor"):
        sections.table(frame, HEADERS, lang, key=f"{page}_activities")
        return
    st.caption(view.t("activities.edit_help"))
    touchpoints = touchpoint_options(view.map)
    shown = frame.assign(events=[n(value) for value in frame["events"]])
    edited = st.data_editor(
        text.cells(shown, columns=["activity", "match"]),  # a name like "=1+1" exported as text
        hide_index=True,
        width="stretch",
        disabled=["activity", "events", "match"],
        # the column to edit beside the activity: in view on a phone too
        column_order=COLUMNS,
        column_config={
            "activity": st.column_config.TextColumn(view.t("eventlog.activity"), width="medium"),
            "touchpoint": st.column_config.SelectboxColumn(
                view.t("col.touchpoint"), options=touchpoints, width="medium"
            ),
            # numbers as text in the page's language (a NumberColumn writes them the English way)
            "events": st.column_config.TextColumn(
                view.t("eventlog.events"), width="small", alignment="right"
            ),
            "match": st.column_config.TextColumn(view.t("activities.matched"), width="medium"),
        },
        # drawn afresh after a save (the data version changes): no edit left over
        key=f"{page}_activities_{view.journey.id}_{view.version}",
    )
    if not st.button(
        view.t("activities.save"),
        type="primary",
        icon=":material/save:",
        key=f"{page}_activities_save",
    ):
        return
    mapping = changed_mapping(rows, list(edited["touchpoint"]))
    if not mapping:
        st.info(view.t("activities.unchanged"), icon=":material/info:")
        return
    name = view.journey.name
    moved = changes.attempt(lambda: remap(ui.store(), name, mapping), lang)
    if moved is None:  # refused: the reason is shown, the edits stay on screen
        return
    ui.flash(moved_message(moved, lang, n(moved)))
    st.rerun()
