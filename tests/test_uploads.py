"""An upload's memory is released when its page is left: what the page read from it (session
state) and the file's bytes in Streamlit's uploaded-file manager.  The figures (a 38 MB answers
file) come from bench/bench_upload_memory.py."""

from __future__ import annotations

import inspect

from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
from streamlit.testing.v1 import AppTest

TIMEOUT = 30


def uploads_script() -> None:
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    from cxmap.ui import adapter as ui

    ctx = get_script_run_ctx()
    manager = ctx.uploaded_file_mgr
    page = st.session_state.get("page_shown", "import")
    if "seeded" not in st.session_state:  # the first run: the import page reads an upload
        st.session_state["seeded"] = True
        manager.add_file(ctx.session_id, UploadedFileRec("f1", "big.csv", "text/csv", b"x" * 1000))
        ui.remember_upload("import", "f1")
        st.session_state[ui._UPLOAD] = (("f1", None), "a result")
        # the event-log form's state, on each page that shows it
        st.session_state[ui.event_state("import", "look")] = ("f3", "a look")
        st.session_state[ui.event_state("import", "saved")] = (1, "a report")
        st.session_state[ui.event_state("measured", "look")] = ("f2", "a look")
        st.session_state[ui.event_state("measured", "saved")] = (1, "a report")
    ui.release_uploads(page)
    if page == "measured":  # what the measured page reads while it runs
        st.session_state[ui.event_state("measured", "look")] = ("f4", "another look")
    st.session_state["files"] = sorted(manager.file_storage.get(ctx.session_id, {}))
    st.session_state["kept"] = sorted(
        k for k in st.session_state if k == ui._UPLOAD or k.startswith(ui.EVENTS)
    )


def test_leaving_a_page_drops_its_upload_and_keeps_the_shown_pages() -> None:
    at = AppTest.from_function(uploads_script, default_timeout=TIMEOUT).run()
    assert not at.exception
    # on the import page: its upload and its event log stay, the measured page's go
    assert at.session_state["files"] == ["f1"]
    assert at.session_state["kept"] == [
        "_cxmap_events_look_import",
        "_cxmap_events_saved_import",
        "_cxmap_upload",
    ]
    # on the measured page: its own event-log state stays, the import page's goes
    at.session_state["page_shown"] = "measured"
    at.run()
    assert not at.exception
    assert at.session_state["files"] == []
    assert at.session_state["kept"] == ["_cxmap_events_look_measured"]
    at.session_state["page_shown"] = "overview"
    at.run()
    assert not at.exception
    assert at.session_state["files"] == []  # the bytes are gone from Streamlit's manager
    assert at.session_state["kept"] == []


def test_the_private_streamlit_api_used_to_drop_an_uploaded_file_is_still_there() -> None:
    # cxmap.ui.adapter._drop_uploaded_files leans on these; an upgrade that changes them must
    # fail here, loudly
    assert callable(get_script_run_ctx)
    fields = ScriptRunContext.__dataclass_fields__
    assert "session_id" in fields and "uploaded_file_mgr" in fields
    assert list(inspect.signature(MemoryUploadedFileManager.remove_file).parameters) == [
        "self",
        "session_id",
        "file_id",
    ]
