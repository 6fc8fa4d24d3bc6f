"""The Streamlit adapter: the store and the cached loaders (keyed on journey id and data
version), the view kept in the URL (language, journey, filters), the preamble every page starts
with, and the per-session reading of uploads.  What pages draw beyond that is in
:mod:`cxmap.ui.sections`; what they show is computed in :mod:`cxmap.compute` and drawn by
:mod:`cxmap.view`.
"""

from __future__ import annotations

import ctypes
import gc
import io
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.errors import FragmentHandledException

from cxmap.compute import journey_log
from cxmap.compute.analysis import Filters
from cxmap.compute.measures import Measured, measured
from cxmap.domain.model import JourneyMap
from cxmap.domain.report import CxmapError
from cxmap.files.reader import NO_CORRECTIONS, Corrections, ImportResult, read_workbook
from cxmap.files.responses import AnswerOptions, Answers, peek, read_answers
from cxmap.files.writer import workbook_bytes, write_template
from cxmap.storage import events as event_sql
from cxmap.storage.samples import seed
from cxmap.storage.store import JourneyInfo, Store, database_url
from cxmap.ui import auth
from cxmap.ui.pages_directory import leave_pages_directory_mode
from cxmap.view.edits import FIX, corrections_from
from cxmap.view.i18n import LANGS, language_of, tr
from cxmap.view.labels import describe, report_message
from cxmap.view.text import md, md_values

FILTER_PARAMS = ("persona", "stage", "channel")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SEEDED = "_cxmap_seeded_from_url"
_SELECT = "_cxmap_select_journey"
_FLASH = "_cxmap_flash"
_VIEW = "_cxmap_view"
_UPLOAD = "_cxmap_upload"
_ANSWERS = "_cxmap_answers"
EVENTS = "_cxmap_events"  # the event-log upload's state, per page (cxmap.ui.event_upload)
EVENT_STATES = ("look", "saved")  # a log's first look; what its import reported


def event_state(page_path: str, what: str) -> str:
    """The session key of the event-log form's ``what`` (one of :data:`EVENT_STATES`) on the
    page ``page_path``: the Import and the Measured journey pages each keep their own."""
    return f"{EVENTS}_{what}_{page_path}"


# what each page keeps of an upload between runs (url path -> session keys): dropped as soon as
# another page is shown, so a large file's bytes and what was read from it do not stay in the
# server for the rest of the session
PAGE_UPLOADS = {
    "import": (
        _UPLOAD,
        _ANSWERS,
        _ANSWERS + "_read",
        *(event_state("import", what) for what in EVENT_STATES),
    ),
    "measured": tuple(event_state("measured", what) for what in EVENT_STATES),
}
_FILES = "_cxmap_upload_files"  # url path -> the ids of the files read there
log = logging.getLogger("cxmap.ui")
# set to 1 by the test suite: a page failure is then also raised, so that a test sees it (as an
# AppTest exception or the browser's error box) instead of a polite message
RAISE_FAILURES = "CXMAP_RAISE_PAGE_FAILURES"


def flash(message: str) -> None:
    """A confirmation shown at the start of the next run (a toast drawn just before
    st.rerun() may never reach the browser)."""
    st.session_state[_FLASH] = message


def select_journey(name: str) -> None:
    """Show this journey from the next run on (the selector is drawn before the pages run)."""
    st.session_state[_SELECT] = name


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store() -> Store:
    """The store of CXMAP_DATABASE_URL (one engine per database, shared by all sessions),
    acting as this session's signed-in person: the store refuses what their role may not do."""
    return _store(database_url()).acting(auth.current())


def shared_store() -> Store:
    """The store without an acting person (for reading roles before anyone is signed in)."""
    return _store(database_url())


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _journeys(url: str, version: int) -> list[JourneyInfo]:
    return _store(url).journeys()


def journeys(version: int) -> list[JourneyInfo]:
    return _journeys(database_url(), version)


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _load_map(url: str, journey_id: int, version: int) -> JourneyMap:
    return _store(url).load_id(journey_id)


def load_map(journey_id: int, version: int) -> JourneyMap:
    """A journey map, cached until an import or an edit bumps the data version."""
    return _load_map(database_url(), journey_id, version)


@dataclass(frozen=True)
class View:
    """What every page works from: the language, the journey, its map and the filters."""

    lang: str
    version: int
    journey: JourneyInfo | None
    map: JourneyMap | None
    filters: Filters
    target: JourneyMap | None = None  # the target version of the selected current journey

    def t(self, key: str, **values: object) -> str:
        return tr(key, self.lang, **values)

    def tm(self, key: str, **values: object) -> str:
        """:meth:`t` for Markdown (a title, a caption, an alert, a toast, a widget label):
        the values filled in (names people typed) are escaped, so they show as written."""
        return tr(key, self.lang, **md_values(values))


def _url_values(name: str) -> list[str]:
    values: list[str] = []
    for raw in st.query_params.get_all(name):
        values.extend(v.strip() for v in raw.split(",") if v.strip())
    return values


def _seed_from_url(names: list[str]) -> None:
    """Once per session: the widgets start from the URL (a shared link reproduces the view)."""
    if st.session_state.get(_SEEDED):
        return
    st.session_state[_SEEDED] = True
    lang = st.query_params.get("lang") or language_of(st.context.locale)
    st.session_state["lang"] = lang if lang in LANGS else "en"
    wanted = st.query_params.get("journey")
    if wanted in names:
        st.session_state["journey"] = wanted
    for name in FILTER_PARAMS:
        st.session_state[name] = _url_values(name)


def _keep_known(key: str, options: list[str]) -> None:
    st.session_state[key] = [v for v in st.session_state.get(key, []) if v in options]


def sidebar() -> View:
    """Draw the language, journey and filter widgets; keep them in the URL; return the view."""
    leave_pages_directory_mode()
    if _FLASH in st.session_state:
        # the confirmations are plain sentences holding names: all of it shown as written
        st.toast(md(st.session_state.pop(_FLASH)), icon=":material/check_circle:")
    version = store().data_version()
    infos = journeys(version)
    names = [info.name for info in infos]
    _seed_from_url(names)
    with st.sidebar:
        lang = (
            st.segmented_control("Language / Langue", LANGS, key="lang", format_func=str.upper)
            or "en"
        )
        if _SELECT in st.session_state:  # asked for by a page in the previous run
            st.session_state["journey"] = st.session_state.pop(_SELECT)
        if st.session_state.get("journey") not in names:
            st.session_state["journey"] = names[0] if names else None
        info = None
        if names:
            by_name = {i.name: i for i in infos}
            chosen = st.selectbox(
                tr("sidebar.journey", lang),
                names,
                key="journey",
                format_func=lambda n: f"{n} ({tr('state.' + by_name[n].state, lang)})",
            )
            info = by_name[chosen]
        journey_map = load_map(info.id, version) if info else None
        filters = Filters()
        if journey_map is not None:
            options = {
                "persona": [p.name for p in journey_map.personas],
                "stage": [s.name for s in journey_map.stages],
                "channel": [c.name for c in journey_map.channels],
            }
            for name in FILTER_PARAMS:
                _keep_known(name, options[name])
                st.multiselect(
                    tr(f"sidebar.{name}", lang),
                    options[name],
                    key=name,
                    placeholder=tr("sidebar.all", lang),
                )
            st.caption(tr("sidebar.filters_help", lang))
            filters = Filters(*(tuple(st.session_state[n]) for n in FILTER_PARAMS))
    params: dict[str, str | list[str]] = {"lang": lang}
    if info:
        params["journey"] = info.name
    for name in FILTER_PARAMS:
        if st.session_state.get(name):
            params[name] = list(st.session_state[name])
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    if current != {k: v if isinstance(v, list) else [v] for k, v in params.items()}:
        st.query_params.from_dict(params)
    target = None
    if info and info.state == "current":
        target_info = next(
            (i for i in infos if i.state == "target" and i.baseline == info.name), None
        )
        target = load_map(target_info.id, version) if target_info else None
    view = View(lang, version, info, journey_map, filters, target)
    st.session_state[_VIEW] = view
    return view


def view() -> View:
    """The view the frame computed for this run.  A page run without the frame (the first
    visit of a fresh server, see :mod:`cxmap.ui.pages_directory`) runs again, framed."""
    if _VIEW not in st.session_state:
        leave_pages_directory_mode(always=True)
    leave_pages_directory_mode()
    return st.session_state[_VIEW]


def page(title_key: str, *, needs_journey: bool = True) -> View:
    """What every page starts with: the view; when the page needs a journey and there is none,
    the empty state (and the page stops there); the title, with the journey it shows."""
    current = view()
    if not needs_journey:
        st.title(current.t(title_key))
        return current
    if empty_state(current):
        st.stop()
    assert current.journey is not None and current.map is not None
    st.title(current.t(title_key))
    st.caption(f"{md(current.journey.name)} · {describe(current.map, current.lang)}")
    return current


def release_uploads(current_page: str) -> None:
    """Forget what other pages read from their uploads (see :data:`PAGE_UPLOADS`): called by
    the frame with the page about to run."""
    dropped = False
    for page_path, keys in PAGE_UPLOADS.items():
        if page_path != current_page:
            for key in keys:
                dropped = st.session_state.pop(key, None) is not None or dropped
    files = st.session_state.get(_FILES, {})
    for page_path in [p for p in files if p != current_page]:
        _drop_uploaded_files(files.pop(page_path))
        dropped = True
    if dropped:
        _give_back_memory()


def remember_upload(page_path: str, file_id: str) -> None:
    """Note that ``page_path`` read this uploaded file: its bytes go when that page is left."""
    st.session_state.setdefault(_FILES, {}).setdefault(page_path, set()).add(file_id)


def forget_uploaded(page_path: str, file_id: str) -> None:
    """Done with this file on ``page_path`` (imported): its bytes go now, not when the page is
    left."""
    st.session_state.get(_FILES, {}).get(page_path, set()).discard(file_id)
    _drop_uploaded_files({file_id})


def _drop_uploaded_files(file_ids: set[str]) -> None:
    """Streamlit keeps an uploaded file's bytes for the whole session (until the person removes
    it from the widget, or the session ends), even once its widget is gone with its page.  The
    one private API cxmap uses for it, isolated here (tests/test_failure.py checks its shape):
    the run's context and its uploaded-file manager's ``remove_file(session_id, file_id)``."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    for file_id in file_ids:
        ctx.uploaded_file_mgr.remove_file(ctx.session_id, file_id)


def _give_back_memory() -> None:
    """Return what the dropped upload held to the system: a collection (the parsed rows hold
    reference cycles), then glibc's malloc_trim, without which the freed arenas stay resident
    (Linux with glibc only; elsewhere, nothing)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


@contextmanager
def failure_boundary() -> Iterator[None]:
    """Around a page: an unexpected exception is logged here, on the server (with its
    traceback), and the page shows a one-line message — never the exception, its traceback or a
    server path.  Streamlit's own control flow passes through: st.rerun / st.stop /
    st.switch_page raise BaseExceptions (not caught here), and a fragment's handled failure is
    re-raised for Streamlit to finish."""
    try:
        yield
    except FragmentHandledException:
        raise
    except Exception:
        log.exception("a page failed")
        if os.environ.get(RAISE_FAILURES) == "1":
            raise
        lang = st.session_state.get("lang")
        st.error(tr("failure.page", lang if lang in LANGS else "en"), icon=":material/error:")


def empty_state(current: View) -> bool:
    """When there is no journey: say so, offer the samples and the import page; True if shown."""
    if current.map is not None:
        return False
    st.title(current.t("empty.title"))
    st.write(current.t("empty.body"))
    left, right = st.columns(2)
    if auth.can("editor") and left.button(
        current.t("empty.load_samples"), icon=":material/download:", type="primary"
    ):
        loaded = seed(store())
        flash(current.t("empty.loaded", n=sum(1 for s in loaded if s.loaded)))
        st.rerun()
    right.page_link(
        "pages/import.py", label=current.t("empty.go_import"), icon=":material/upload_file:"
    )
    return True


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _export_bytes(url: str, journey_id: int, version: int, lang: str) -> bytes:
    return workbook_bytes([_store(url).load_id(journey_id)], lang=lang)


def export_bytes(journey_id: int, version: int, lang: str) -> bytes:
    """A journey as a Layout 1 workbook, cached until the data version changes."""
    return _export_bytes(database_url(), journey_id, version, lang)


@st.cache_data(max_entries=2, show_spinner=False)
def template_bytes(lang: str) -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, lang=lang)
    return buffer.getvalue()


# --- survey answers and measured KPIs ---------------------------------------------------------


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _event_measures(url: str, journey_id: int, version: int, filters: Any, stages: tuple):
    store, journey_map = _store(url), _load_map(url, journey_id, version)
    return (
        journey_log.summary(store, journey_map, filters),
        journey_log.funnel(store, journey_map, filters, stages=stages),
        journey_log.paths(store, journey_map, filters, top=10, stages=stages),
    )


def event_measures(current: View, filters: Any, stages: tuple[str, ...]):
    """What the event log says of the journey under ``filters`` (an EventFilters) and the
    ``stages`` kept: its summary, strict funnel and top paths, counted in the database and
    cached per data version."""
    assert current.journey is not None
    return _event_measures(database_url(), current.journey.id, current.version, filters, stages)


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _overview_funnel(url: str, journey_id: int, version: int, personas: tuple, channels: tuple):
    return journey_log.overview_funnel(
        _store(url), _load_map(url, journey_id, version), personas, channels
    )


def overview_funnel(current: View) -> tuple:
    """The measured funnel the Overview shows beside the emotion curve, under the sidebar's
    personas and channels (empty without an event log); cached per data version."""
    assert current.journey is not None
    f = current.filters
    return _overview_funnel(
        database_url(), current.journey.id, current.version, tuple(f.personas), tuple(f.channels)
    )


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _activities(url: str, journey_id: int, version: int) -> list[tuple]:
    with _store(url).engine.connect() as conn:
        return event_sql.activities(conn, journey_id)


def event_activities(current: View) -> list[tuple[str, int, str | None, str | None]]:
    """Every activity of the journey's event log: (activity, events, touchpoint or None, the
    touchpoint asked for or None), the commonest first; cached per data version."""
    assert current.journey is not None
    return _activities(database_url(), current.journey.id, current.version)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _event_logs(url: str, journey_id: int, version: int) -> list[dict]:
    with _store(url).engine.connect() as conn:
        return event_sql.batches(conn, journey_id)


def event_logs(current: View) -> list[dict]:
    """The event logs imported into the journey, oldest first (id, filename, form, events,
    skipped, imported_at); cached per data version."""
    assert current.journey is not None
    return _event_logs(database_url(), current.journey.id, current.version)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _measured(url: str, name: str, version: int) -> Measured:
    return measured(_store(url).answer_tallies(name))


def measured_kpis(current: View) -> Measured:
    """The journey's KPIs measured from its survey answers (cached per data version)."""
    if current.journey is None:
        return Measured()
    return _measured(database_url(), current.journey.name, current.version)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _answer_files(url: str, name: str, version: int) -> list[dict]:
    return _store(url).answer_batches(name)


def answer_files(current: View) -> list[dict]:
    """The files of survey answers imported into the journey, oldest first (id, filename,
    form, answers, imported_at); cached per data version."""
    assert current.journey is not None
    return _answer_files(database_url(), current.journey.name, current.version)


# --- uploads, read once per session and per choice --------------------------------------------


def corrections(file_id: str) -> Corrections:
    """The corrections chosen in the import page's widgets for this file (none before they
    are shown; a new file starts without any)."""
    state = st.session_state
    if state.get("_fix_file") != file_id:
        for key in [k for k in state if k.startswith(FIX)]:
            del state[key]
        state["_fix_file"] = file_id
        return NO_CORRECTIONS
    return corrections_from({k: state[k] for k in state if k.startswith(FIX)})


def read_upload(upload, lang: str, fixes: Corrections = NO_CORRECTIONS) -> ImportResult | str:
    """Read an uploaded workbook once per set of corrections (with a progress bar); the reason
    when it is refused."""
    cached = st.session_state.get(_UPLOAD)
    if cached and cached[0] == (upload.file_id, fixes):
        return cached[1]
    remember_upload("import", upload.file_id)
    bar = st.progress(0.0, text=tr("import.reading", lang, name=md(upload.name)))
    try:
        result: ImportResult | str = read_workbook(
            upload.getvalue(),
            filename=upload.name,
            corrections=fixes,
            progress=lambda fraction, message: bar.progress(
                min(fraction, 1.0), text=md(f"{upload.name} — {report_message(message, lang)}")
            ),
        )
    except CxmapError as exc:
        result = report_message(str(exc), lang)
    finally:
        bar.empty()
    st.session_state[_UPLOAD] = ((upload.file_id, fixes), result)
    return result


def forget_upload() -> None:
    """After a save: the uploader and the corrections start afresh."""
    for key in [k for k in st.session_state if k.startswith(FIX) or k == _UPLOAD or k == "upload"]:
        del st.session_state[key]


def peek_answers(upload: Any, journey_map: JourneyMap) -> dict[str, Any] | str:
    """The headers and proposed mapping of an uploaded answers file (once per file)."""
    key = ("peek", upload.file_id, journey_map.name)
    cached = st.session_state.get(_ANSWERS)
    if cached and cached[0] == key:
        return cached[1]
    remember_upload("import", upload.file_id)
    try:
        look: dict[str, Any] | str = peek(upload.getvalue(), upload.name, journey_map)
    except CxmapError as exc:
        look = str(exc)
    st.session_state[_ANSWERS] = (key, look)
    return look


def read_answers_upload(
    upload: Any, journey_map: JourneyMap, options: AnswerOptions, lang: str
) -> Answers | str:
    """Read and check an uploaded answers file with the chosen mapping (once per choice)."""
    key = ("read", upload.file_id, journey_map.name, repr(options))
    cached = st.session_state.get(_ANSWERS + "_read")
    if cached and cached[0] == key:
        return cached[1]
    bar = st.progress(0.0, text=tr("import.reading", lang, name=md(upload.name)))
    try:
        result: Answers | str = read_answers(
            upload.getvalue(),
            journey_map,
            options,
            filename=upload.name,
            progress=lambda f, message: bar.progress(
                min(f, 1.0), text=md(report_message(message, lang))
            ),
        )
    except CxmapError as exc:
        result = report_message(str(exc), lang)
    finally:
        bar.empty()
    st.session_state[_ANSWERS + "_read"] = (key, result)
    return result


def forget_answers() -> None:
    for key in (_ANSWERS, _ANSWERS + "_read", "answers_upload"):
        st.session_state.pop(key, None)
