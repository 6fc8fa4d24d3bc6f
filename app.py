"""cxmap — the frame: page config, the sign-in gate, the shared sidebar (journey, filters,
language, kept in the URL) and the navigation.  Each page lives in pages/ and reads the view
this frame computed."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from cxmap.ui import adapter as ui
from cxmap.ui import auth
from cxmap.ui.pages_directory import leave_pages_directory_mode
from cxmap.view.i18n import tr

st.set_page_config(page_title="cxmap", page_icon=":material/route:", layout="wide")

PAGES = [
    ("pages/overview.py", "nav.overview", ":material/dashboard:", "overview"),
    ("pages/emotions.py", "nav.emotions", ":material/mood:", "emotions"),
    ("pages/matrix.py", "nav.matrix", ":material/grid_view:", "matrix"),
    ("pages/kpis.py", "nav.kpis", ":material/monitoring:", "kpis"),
    ("pages/measured.py", "nav.measured", ":material/conversion_path:", "measured"),
    ("pages/target.py", "nav.diff", ":material/compare_arrows:", "target"),
    ("pages/prioritisation.py", "nav.prioritisation", ":material/bubble_chart:", "prioritisation"),
    ("pages/collection.py", "nav.collection", ":material/database:", "collection"),
    ("pages/blueprint.py", "nav.blueprint", ":material/account_tree:", "blueprint"),
    ("pages/personas.py", "nav.personas", ":material/groups:", "personas"),
    ("pages/import.py", "nav.import", ":material/upload_file:", "import"),
    ("pages/history.py", "nav.history", ":material/history:", "history"),
    ("pages/admin.py", "nav.admin", ":material/manage_accounts:", "admin"),
]


def pages(lang: str, *, admin: bool) -> list[st.Page]:
    return [
        st.Page(path, title=tr(key, lang), icon=icon, url_path=url, default=url == "overview")
        for path, key, icon, url in PAGES
        if url != "admin" or admin
    ]


leave_pages_directory_mode()  # before the gate: no auto-discovered pages/ in the sidebar
# a failure anywhere below is logged on the server and shown as one line, never a traceback
with ui.failure_boundary():
    # with sign-in configured, nothing of the maps is read or drawn before it
    actor = auth.gate(ui.shared_store(), pages(auth.language(), admin=True))
    view = ui.sidebar()
    auth.sidebar(actor, view.lang)
    # the People page is for administrators, and only with sign-in (without it nobody to manage)
    navigation = st.navigation(pages(view.lang, admin=auth.configured() and actor.can("admin")))
    st.logo(str(Path(__file__).parent / "docs" / "logo.svg"), size="large")
    ui.release_uploads(navigation.url_path)  # what other pages read from an upload: dropped
    navigation.run()
