"""History: every version of a journey (who, when, what), any two compared, a rollback to
any version, and the deleted journeys to restore (editors) — or delete one (admins)."""

import streamlit as st

from cxmap.compute.diff import CHANGE_KINDS, diff_maps, headline
from cxmap.compute.versions import compare
from cxmap.storage import history
from cxmap.ui import adapter as ui
from cxmap.ui import auth
from cxmap.ui import changes as edits
from cxmap.view import text
from cxmap.view.change_table import change_table
from cxmap.view.changes import headline_text
from cxmap.view.history_table import differences_table, versions_table

view = ui.page("nav.history", needs_journey=False)
t = view.t
store = ui.store()

hidden = history.deleted(store.engine)
names = [info.name for info in ui.journeys(view.version)] + hidden
if not names:
    st.info(t("history.none"))
    st.stop()
current = view.journey.name if view.journey else names[0]
# no key: the choice follows the sidebar's journey (deleted journeys are only listed here)
name = st.selectbox(t("history.journey"), names, index=names.index(current))
versions = history.versions(store.engine, name)
if not versions:
    st.info(t("history.none"))
    st.stop()

st.subheader(t("history.versions"))
st.dataframe(versions_table(versions, view.lang), hide_index=True, width="stretch")

numbers = [v.version for v in versions if v.what != "delete"]
if len(numbers) >= 2:
    st.subheader(t("history.compare"))
    left, right = st.columns(2)
    a = left.selectbox(t("history.from"), numbers, index=len(numbers) - 2, key="history_from")
    b = right.selectbox(t("history.to"), numbers, index=len(numbers) - 1, key="history_to")
    older, newer = history.map_at(store.engine, name, a), history.map_at(store.engine, name, b)
    # the diff engine of current → target; a version's declared changes speak of its
    # baseline, not of the other version: ignored
    diff = diff_maps(older, newer, declared=False)
    counts = diff.counts
    st.caption(t("history.diff.caption"))
    differences = compare(older, newer)
    if not differences:
        st.caption(t("history.same"))
    else:
        st.markdown(f"**{text.md(headline_text(headline(diff), view.lang))}**")
        for column, kind in zip(st.columns(len(CHANGE_KINDS)), CHANGE_KINDS, strict=True):
            column.metric(t(f"change.{kind}"), counts[kind])
        moved = [k for k in CHANGE_KINDS if counts[k] and k != "kept"]
        if not moved:
            st.caption(t("history.diff.no_touchpoint"))
        else:
            shown = st.pills(
                t("history.diff.filter"),
                [k for k in CHANGE_KINDS if counts[k]],
                default=moved,
                selection_mode="multi",
                format_func=lambda k: t(f"change.{k}"),
                key="history_changes",
            )
            st.dataframe(
                change_table(diff, view.lang, changes=tuple(shown or ())).pipe(text.cells),
                hide_index=True,
                width="stretch",
            )
        others = [d for d in differences if d.kind != "touchpoints"]
        if others:
            with st.expander(t("history.diff.other"), expanded=not moved):
                st.dataframe(differences_table(others, view.lang), hide_index=True, width="stretch")

if auth.can("editor") and name not in hidden and len(numbers) >= 2:
    drawn = edits.drawn_version(store, "history", name)
    to = st.selectbox(t("col.version"), numbers[:-1][::-1], key="history_rollback_to")
    if st.button(view.tm("history.rollback", version=to), icon=":material/history:"):
        new = edits.attempt(
            lambda: history.rollback(store, name, to, expected=drawn),
            view.lang,
            reload_key="history",
        )
        if new is not None:
            edits.forget("history")
            ui.flash(t("history.rolled_back", name=name, version=to, new=new))
            st.rerun()
if auth.can("admin") and name not in hidden:
    if st.button(view.tm("history.delete", name=name), icon=":material/delete:"):
        if edits.attempt(lambda: store.delete(name), view.lang):
            ui.flash(t("history.deleted_one", name=name))
            st.rerun()

if hidden:
    st.subheader(t("history.deleted"))
    for gone in hidden:
        if auth.can("editor") and st.button(
            view.tm("history.restore", name=gone),
            icon=":material/restore_from_trash:",
            key=f"restore_{gone}",
        ):
            if edits.attempt(lambda gone=gone: history.restore(store, gone), view.lang):
                ui.flash(t("history.restored", name=gone))
                ui.select_journey(gone)
                st.rerun()
        elif not auth.can("editor"):
            st.caption(text.md(gone))
