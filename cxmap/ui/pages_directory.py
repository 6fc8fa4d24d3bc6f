"""The one place cxmap touches a private Streamlit API (``PagesManager``), kept apart so that an
upgrade that changes it breaks one function and its test (tests/test_app.py), nothing else.

Streamlit treats a folder named ``pages/`` beside the entrypoint as an old-style multipage app
until an entrypoint has called ``st.navigation`` once in the server's life: the first visit after
a start runs app.py nested in a navigation of its own, a page's URL runs that page alone, and the
session's state is lost at the first page switch.  No public option turns that off while the
folder is called ``pages/`` (checked on Streamlit 1.67: without this, a shared link opened on a
fresh server shows the page without the sidebar's filters).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def in_pages_directory_mode() -> bool:
    """True while Streamlit still runs the app as an old-style ``pages/`` multipage app."""
    return bool(PagesManager.uses_pages_directory)


def leave_pages_directory_mode(*, always: bool = False) -> None:
    """Leave the old-style mode before anything is drawn, and run again: the session starts
    cleanly from app.py, with the link's query parameters kept.  ``always``: rerun even when
    the mode is already off (a page ran without the frame)."""
    if in_pages_directory_mode() or always:
        PagesManager.uses_pages_directory = False
        st.rerun()
