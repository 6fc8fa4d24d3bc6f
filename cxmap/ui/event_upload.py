"""The event-log upload, on the Import page and on the Measured journey page alike: the columns
proposed and editable, the activities of the log's first chunk matched to touchpoints (editable),
then one import with progress shown, and what it reported (events, cases, the activities on no
touchpoint).  Each page keeps its own state and widget keys (``page``: its url path), so the two
never collide, and what a page read from a log goes when it is left
(:func:`cxmap.ui.adapter.release_uploads`).  Kept apart from :mod:`cxmap.ui.adapter` so that
each stays small."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from cxmap.domain.report import CxmapError
from cxmap.files.events import ROLES, EventOptions, peek
from cxmap.storage.events import SavedEvents, import_events, remove_batch
from cxmap.ui import adapter as ui
from cxmap.ui import auth, sections
from cxmap.view import text
from cxmap.view.activities import chosen_mapping, proposed_frame, touchpoint_options
from cxmap.view.numbers import format_date, format_number

ACTIVITIES_SHOWN = 30
PAGES = ("import", "measured")  # the pages that show the form (their url paths)


def _peek(upload: Any, page: str) -> Any:
    """The log's first look, once per file, kept in this session only while the page is shown
    (:func:`cxmap.ui.adapter.release_uploads`); never the file's bytes in a shared cache.  A
    new file also puts away what the previous import reported."""
    key = ui.event_state(page, "look")
    cached = st.session_state.get(key)
    if cached and cached[0] == upload.file_id:
        return cached[1]
    ui.remember_upload(page, upload.file_id)
    st.session_state.pop(ui.event_state(page, "saved"), None)
    found = peek(upload.getvalue(), upload.name)
    st.session_state[key] = (upload.file_id, found)
    return found


def imported(view: Any, page: str) -> SavedEvents | None:
    """What the last import on ``page`` reported, while that page shows the same journey."""
    kept = st.session_state.get(ui.event_state(page, "saved"))
    if kept and view.journey is not None and kept[0] == view.journey.id:
        return kept[1]
    return None


def _show_imported(view: Any, page: str, saved: SavedEvents) -> None:
    """The report of an import: events and cases added, rows skipped, the activities on no
    touchpoint (how many events, the ten commonest), and what was inferred from the file."""
    lang = view.lang

    def n(value: int) -> str:
        return format_number(value, lang, 0)

    st.success(
        view.tm("eventlog.imported", file=saved.filename, n=n(saved.added), cases=n(saved.cases)),
        icon=":material/check_circle:",
    )
    if saved.skipped:
        st.caption(view.t("eventlog.skipped", n=n(saved.skipped)))
    if saved.unmapped_events:
        st.warning(
            view.t(
                "eventlog.unmapped_report",
                events=n(saved.unmapped_events),
                total=n(saved.added),
                n=n(saved.unmapped_activities),
            ),
            icon=":material/link_off:",
        )
        st.markdown(
            f"**{view.t('eventlog.unmapped_top', n=n(len(saved.unmapped)))}**"
            if saved.unmapped_activities > len(saved.unmapped)
            else f"**{view.t('eventlog.unmapped')}**"
        )
        sections.table(
            pd.DataFrame(list(saved.unmapped), columns=["activity", "events"]),
            {"activity": "eventlog.activity", "events": "eventlog.events"},
            lang,
            key=f"{page}_events_unmapped",
        )
    else:
        st.caption(view.t("eventlog.all_mapped"))
    sections.show_report(saved.report, lang, key=f"{page}_events_report")


def event_log_form(view: Any, page: str) -> None:
    """On ``page`` (one of :data:`PAGES`): what the last import reported, then an uploader;
    once a log is chosen, its columns and activities, and the import button.  Only for those
    who may edit; others are told so."""
    assert page in PAGES, page
    t = view.t
    if not auth.can("editor"):
        st.caption(t("auth.viewer"))
        return
    assert view.journey is not None and view.map is not None
    saved = imported(view, page)
    if saved is not None:
        _show_imported(view, page, saved)
    # a new key after each import: the uploader starts empty, ready for the next log
    rounds = st.session_state.get(f"_{page}_events_round", 0)
    upload = st.file_uploader(
        view.tm("eventlog.upload_for", journey=view.journey.name),
        type=["csv", "txt", "xlsx", "xes", "xml", "gz"],
        key=f"{page}_events_upload_{rounds}",
        help=t("eventlog.upload_help"),
    )
    if upload is None:
        return
    try:
        found = _peek(upload, page)
    except CxmapError as exc:
        st.error(view.tm("import.rejected", reason=str(exc)), icon=":material/block:")
        return
    # the widgets of one file for one journey: another file or journey starts from its proposal
    keyed = f"{page}_events_{view.journey.id}_{upload.file_id}"
    options = ["", *found.header]
    chosen: dict[str, str | None] = {}
    for column, role in zip(st.columns(len(ROLES)), ROLES):
        proposed = found.proposed.get(role, "")
        chosen[role] = (
            column.selectbox(
                t(f"eventlog.role.{role}"),
                options,
                index=options.index(proposed),
                format_func=lambda header: header or t("answers.none"),
                key=f"{keyed}_{role}",
            )
            or None
        )
    table = proposed_frame(found.activities[:ACTIVITIES_SHOWN], view.map)
    st.caption(t("eventlog.mapping_help"))
    edited = st.data_editor(
        text.cells(table, columns=["activity"]),  # a name like "=1+1" exported as text
        hide_index=True,
        width="stretch",
        disabled=["activity", "events"],
        # the column to edit beside the activity: in view on a phone too
        column_order=["activity", "touchpoint", "events"],
        column_config={
            "activity": st.column_config.TextColumn(t("eventlog.activity"), width="medium"),
            "events": st.column_config.NumberColumn(t("eventlog.events"), width="small"),
            "touchpoint": st.column_config.SelectboxColumn(
                t("col.touchpoint"), options=touchpoint_options(view.map), width="medium"
            ),
        },
        key=f"{keyed}_mapping",
    )
    if not st.button(
        t("eventlog.import"), type="primary", icon=":material/upload:", key=f"{keyed}_import"
    ):
        return
    mapping = chosen_mapping(table, edited)
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
        st.info(t("eventlog.duplicate", when=format_date(saved.duplicate_of, view.lang, time=True)))
        return
    st.session_state[ui.event_state(page, "saved")] = (view.journey.id, saved)
    st.session_state[f"_{page}_events_round"] = rounds + 1
    st.session_state.pop(ui.event_state(page, "look"), None)
    ui.forget_uploaded(page, upload.file_id)
    ui.flash(
        t(
            "eventlog.added",
            n=format_number(saved.added, view.lang, 0),
            cases=format_number(saved.cases, view.lang, 0),
        )
    )
    st.rerun()


def event_logs_section(view: Any, page: str) -> None:
    """The logs imported into the journey (file, form, events, when); an editor may take one
    out — its events and counts go with it, and the same file can be imported again."""
    logs = ui.event_logs(view)
    if logs:
        name = view.journey.name
        sections.imported_files(
            view,
            logs,
            texts="eventlogs",
            count="events",
            form=str.upper,
            remove=lambda batch: remove_batch(ui.store(), name, batch),
            key=f"{page}_event_logs",
        )
