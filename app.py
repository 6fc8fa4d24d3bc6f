"""cxmap — the frame: page config, the shared sidebar (journey, filters, language, kept in the
URL) and the navigation.  Each page lives in pages/ and reads the view this frame computed."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from cxmap.ui import adapter as ui
from cxmap.view.i18n import tr

st.set_page_config(page_title="cxmap", page_icon=":material/route:", layout="wide")

view = ui.sidebar()
PAGES = [
    ("pages/overview.py", "nav.overview", ":material/dashboard:", "overview"),
    ("pages/emotions.py", "nav.emotions", ":material/mood:", "emotions"),
    ("pages/matrix.py", "nav.matrix", ":material/grid_view:", "matrix"),
    ("pages/kpis.py", "nav.kpis", ":material/monitoring:", "kpis"),
    ("pages/measured.py", "nav.measured", ":material/conversion_path:", "measured"),
    ("pages/prioritisation.py", "nav.prioritisation", ":material/bubble_chart:", "prioritisation"),
    ("pages/personas.py", "nav.personas", ":material/groups:", "personas"),
    ("pages/import.py", "nav.import", ":material/upload_file:", "import"),
]
navigation = st.navigation(
    [
        st.Page(path, title=tr(key, view.lang), icon=icon, url_path=url, default=url == "overview")
        for path, key, icon, url in PAGES
    ]
)
st.logo(str(Path(__file__).parent / "docs" / "logo.svg"), size="large")
navigation.run()
