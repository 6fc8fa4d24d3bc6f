"""The app never shows a traceback or a server path: a failure inside the frame or a page is
logged on the server and shown as one translated line; Streamlit's own control flow (st.rerun,
st.stop) passes through the boundary untouched."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cxmap.view.i18n import tr

APP = Path(__file__).resolve().parent.parent / "app.py"
TIMEOUT = 30


@pytest.fixture(autouse=True)
def as_served(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a server: failures shown as a message (the suite raises them, see conftest)."""
    monkeypatch.delenv("CXMAP_RAISE_PAGE_FAILURES", raising=False)


def failing_page() -> None:
    import streamlit as st

    from cxmap.ui import adapter as ui

    with ui.failure_boundary():
        st.write("drawn before the failure")
        raise RuntimeError("/srv/cxmap/secret/path.py: boom")


def rerun_and_stop() -> None:
    import streamlit as st

    from cxmap.ui import adapter as ui

    with ui.failure_boundary():
        st.session_state["runs"] = st.session_state.get("runs", 0) + 1
        if st.session_state["runs"] == 1:
            st.rerun()  # a RerunException: the script runs again, no message
        st.write(f"run {st.session_state['runs']}")
        st.stop()  # a StopException: nothing after it is drawn, no message
        st.write("after stop")


def texts(at: AppTest) -> list[str]:
    return [e.value for e in (*at.markdown, *at.error, *at.exception)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_failing_page_shows_one_line_and_logs_the_exception(
    lang: str, caplog: pytest.LogCaptureFixture
) -> None:
    at = AppTest.from_function(failing_page, default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    with caplog.at_level(logging.ERROR, logger="cxmap.ui"):
        at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [tr("failure.page", lang)]
    assert "drawn before the failure" in [m.value for m in at.markdown]
    shown = " ".join(texts(at))
    assert "boom" not in shown and "/srv/" not in shown and "Traceback" not in shown
    # the server's log has it all
    logged = [r for r in caplog.records if r.name == "cxmap.ui" and r.exc_info]
    assert any("/srv/cxmap/secret/path.py: boom" in str(r.exc_info[1]) for r in logged)


def test_rerun_and_stop_pass_through_the_boundary() -> None:
    at = AppTest.from_function(rerun_and_stop, default_timeout=TIMEOUT).run()
    assert not at.exception and not at.error
    assert at.session_state["runs"] == 2
    assert [m.value for m in at.markdown] == ["run 2"]


def test_the_app_with_an_unusable_database_shows_a_message_not_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the database's folder is a file: opening the store fails with an OS error naming the path
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("CXMAP_DATABASE_URL", f"sqlite:///{blocker / 'cxmap.db'}")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [tr("failure.page", "en")]
    assert str(tmp_path) not in " ".join(texts(at))


def test_the_test_suite_sees_page_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXMAP_RAISE_PAGE_FAILURES", "1")
    at = AppTest.from_function(failing_page, default_timeout=TIMEOUT).run()
    assert at.exception  # (Streamlit redacts its text: client.showErrorDetails = "none")
    assert not at.error
