"""The one module of cxmap that knows Streamlit: the store connection, cached loaders keyed on
journey id and data version, the sidebar filters kept in the URL, the language, and a few
rendering helpers the pages share.  Everything it shows is computed in :mod:`cxmap.compute.analysis`
and drawn by :mod:`cxmap.view.charts`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from cxmap.compute import analysis
from cxmap.compute.analysis import Filters
from cxmap.compute.measures import measured
from cxmap.domain.model import JourneyMap
from cxmap.domain.report import CxmapError, Problem, Report
from cxmap.files.reader import NO_CORRECTIONS, Corrections, ImportResult, read_workbook
from cxmap.files.responses import AnswerOptions, Answers, peek, read_answers
from cxmap.files.writer import workbook_bytes, write_template
from cxmap.storage.samples import seed
from cxmap.storage.store import JourneyInfo, Store, database_url
from cxmap.ui import auth
from cxmap.view.i18n import LANGS, language_of, tr

FILTER_PARAMS = ("persona", "stage", "channel")
_SEEDED = "_cxmap_seeded_from_url"
_SELECT = "_cxmap_select_journey"


_FLASH = "_cxmap_flash"


def flash(message: str) -> None:
    """A confirmation shown at the start of the next run (a toast drawn just before
    st.rerun() may never reach the browser)."""
    st.session_state[_FLASH] = message


def select_journey(name: str) -> None:
    """Show this journey from the next run on (the selector is drawn before the pages run)."""
    st.session_state[_SELECT] = name


_VIEW = "_cxmap_view"


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
    _leave_pages_directory_mode()
    if _FLASH in st.session_state:
        st.toast(st.session_state.pop(_FLASH), icon=":material/check_circle:")
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
    """The view the frame computed for this run (pages call this first).

    Streamlit treats a folder named `pages/` beside the entrypoint as an old-style multipage
    app until the entrypoint has called `st.navigation` once in the server's life: the first
    visit to a page's URL after a start runs that page alone, without app.py.  Turning that
    mode off and rerunning makes app.py frame the very page that was asked for.
    """
    if _VIEW not in st.session_state:
        _leave_pages_directory_mode(always=True)
    _leave_pages_directory_mode()
    return st.session_state[_VIEW]


def _leave_pages_directory_mode(*, always: bool = False) -> None:
    """Until an entrypoint has called `st.navigation` once in the server's life, Streamlit runs
    an app beside a `pages/` folder as an old-style multipage app: the first visit after a
    start runs app.py nested in a navigation of its own (and a page's URL runs that page
    alone), and the session's state is lost at the first page switch.  Leaving that mode
    before anything is drawn, and running again, starts the session cleanly from app.py, with
    the link's query parameters kept."""
    if PagesManager.uses_pages_directory or always:
        PagesManager.uses_pages_directory = False
        st.rerun()


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


def header(current: View, title_key: str) -> None:
    """The page title with the journey it shows."""
    st.title(current.t(title_key))
    assert current.journey is not None and current.map is not None
    st.caption(f"{current.journey.name} · {describe(current.map, current.lang)}")


def describe(m: JourneyMap, lang: str) -> str:
    """What a map holds, in the dashboard's language."""
    return tr(
        "map.describe",
        lang,
        stages=len(m.stages),
        personas=len(m.personas),
        channels=len(m.channels),
        touchpoints=len(m.touchpoints),
        irritants=m.count("irritant"),
        delights=m.count("delight"),
        missing=m.count("missing"),
        emotions=len(m.emotions),
        kpis=len(m.kpis),
        actions=len(m.actions),
    )


def table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    lang: str,
    *,
    formats: Mapping[str, str] | None = None,
    statuses: pd.Series | None = None,
    key: str | None = None,
) -> None:
    """A read-only table with translated headers (``columns``: frame column -> text key),
    blanks for missing text, and the `status` column coloured red/amber/green when
    ``statuses`` gives each row's status."""
    shown = frame[[c for c in columns if c in frame]].copy()
    for column in shown.columns:  # text columns (object or string dtype): blank, not "None"
        values = shown[column].dropna()
        if (
            shown[column].dtype == object
            and len(values)
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        ):
            shown[column] = pd.to_numeric(shown[column], errors="coerce")  # None -> blank
            continue
        if not pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = (
                shown[column].astype(object).map(lambda v: "" if v is None or v != v else v)
            )
    shown = shown.rename(columns={c: tr(k, lang) for c, k in columns.items()})
    data: object = shown
    if statuses is not None:
        colours = [f"color: {RAG_TEXT_COLOURS[s]}; font-weight: 600" for s in statuses]
        data = shown.style.apply(lambda _col: colours, subset=[tr("col.status", lang)])
    config = {
        tr(columns[c], lang): st.column_config.NumberColumn(format=f)
        for c, f in (formats or {}).items()
        if c in columns
    }
    st.dataframe(data, hide_index=True, width="stretch", column_config=config, key=key)


RAG_MARKS = {"green": ":green[●]", "amber": ":orange[●]", "red": ":red[●]", "grey": ":gray[○]"}
RAG_TEXT_COLOURS = {"green": "#1e7a1e", "amber": "#b86e00", "red": "#c62828", "grey": "#777"}


def with_unit(value: float, unit: str | None) -> str:
    """12 % -> "12%", 10 pts -> "10 pts", 1450 € -> "1,450 €"."""
    number = f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    if not unit:
        return number
    return f"{number}{unit}" if unit in ("%", "/5", "/7", "/10") else f"{number} {unit}"


def kpi_cards(frame: pd.DataFrame, lang: str) -> None:
    """Headline KPIs: value, change since the previous period, status against the target."""
    if frame.empty:
        st.info(tr("overview.no_kpi", lang))
        return
    for column, (_, row) in zip(st.columns(len(frame)), frame.iterrows()):
        unit = row["unit"] or ""
        target = (
            f" · {tr('col.target', lang)} {with_unit(row['target'], unit)}"
            if row["target"] is not None and pd.notna(row["target"])
            else ""
        )
        column.metric(
            f"{RAG_MARKS[row['status']]} {row['kpi']}",
            with_unit(row["value"], unit),
            delta=(
                f"{'+' if row['delta'] > 0 else ''}{with_unit(row['delta'], unit)} "
                f"{tr('overview.previous', lang)}"
                if row["delta"] is not None and pd.notna(row["delta"])
                else None
            ),
            delta_color="normal" if row["direction"] == "higher" else "inverse",
            help=f"{tr('rag.' + row['status'], lang)}{target} · {row['period'] or ''}",
            border=True,
        )


def action_changes(before: pd.DataFrame, after: pd.DataFrame) -> dict[int, dict[str, object]]:
    """What the editable actions table changed: {action position: {field: new value}}."""
    changes: dict[int, dict[str, object]] = {}
    for (_, old), (_, new) in zip(before.iterrows(), after.iterrows()):
        fields = {}
        for key in Store.EDITABLE_ACTION_FIELDS:
            a, b = old[key], new[key]
            if (pd.isna(a) and pd.isna(b)) or a == b:
                continue
            fields[key] = (
                None if pd.isna(b) else (float(b) if key in ("impact", "effort") else str(b))
            )
        if fields:
            changes[int(old["id"])] = fields
    return changes


_UPLOAD = "_cxmap_upload"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


_FIX = "fix_"  # the prefix of the correction widgets' keys


def corrections(file_id: str) -> Corrections:
    """The corrections chosen in the import page's widgets for this file (none before they
    are shown; a new file starts without any)."""
    state = st.session_state
    if state.get("_fix_file") != file_id:
        for key in [k for k in state if k.startswith(_FIX)]:
            del state[key]
        state["_fix_file"] = file_id
        return NO_CORRECTIONS
    layouts = {
        k.split("::", 1)[1]: v
        for k, v in state.items()
        if k.startswith(_FIX + "layout::") and v != "auto"
    }
    personas = {
        k.split("::", 1)[1]: v.strip()
        for k, v in state.items()
        if k.startswith(_FIX + "persona::") and v and v.strip()
    }
    colours = {
        k.split("::", 1)[1]: v
        for k, v in state.items()
        if k.startswith(_FIX + "colour::") and v != "neutral"
    }
    journey = (state.get(_FIX + "journey") or "").strip() or None
    return Corrections(
        journey=journey,
        state=state.get(_FIX + "state"),
        layouts=layouts,
        personas=personas,
        colours=colours,
    )


def correction_form(result: ImportResult, lang: str) -> None:
    """Widgets to correct the importer's guesses: the journey's name and state, each sheet's
    layout, each canvas sheet's persona, what an unrecognised colour means.  Changing one
    reruns the page, which reads the file again with the corrections."""
    report = result.report
    with st.expander(
        tr("fix.title", lang), expanded=bool(report.unknown_colours), icon=":material/tune:"
    ):
        if len(result.maps) == 1 or st.session_state.get(_FIX + "journey"):
            left, right = st.columns([3, 1])
            if _FIX + "journey" not in st.session_state and result.maps:
                st.session_state[_FIX + "journey"] = result.maps[0].name
            left.text_input(tr("fix.journey", lang), key=_FIX + "journey")
            if _FIX + "state" not in st.session_state and result.maps:
                st.session_state[_FIX + "state"] = result.maps[0].journey.state
            right.selectbox(
                tr("fix.state", lang),
                ("current", "target"),
                key=_FIX + "state",
                format_func=lambda s: tr(f"state.{s}", lang),
            )
        for sheet in report.sheets:
            seen = report.layouts.get(sheet)
            auto = tr("fix.auto", lang, kind=tr(f"layout.{seen}" if seen else "layout.none", lang))
            st.selectbox(
                tr("fix.layout", lang, sheet=sheet),
                ("auto", "tidy", "matrix", "canvas", "ignore"),
                key=f"{_FIX}layout::{sheet}",
                format_func=lambda k, auto=auto: auto if k == "auto" else tr(f"layout.{k}", lang),
            )
            if seen == "canvas":
                st.text_input(
                    tr("fix.persona", lang, sheet=sheet),
                    key=f"{_FIX}persona::{sheet}",
                    placeholder=sheet,
                )
        for colour, count in report.unknown_colours.items():
            swatch, meaning = st.columns([1, 5])
            swatch.color_picker(
                colour,
                f"#{colour}",
                disabled=True,
                key=f"swatch_{colour}",
                label_visibility="collapsed",
            )
            meaning.selectbox(
                tr("fix.colour", lang, n=count),
                ("neutral", "irritant", "delight", "missing"),
                key=f"{_FIX}colour::{colour}",
                format_func=lambda q: tr(f"q.{q}", lang),
            )


def read_upload(upload, lang: str, fixes: Corrections = NO_CORRECTIONS) -> ImportResult | str:
    """Read an uploaded workbook once per set of corrections (with a progress bar); the reason
    when it is refused."""
    cached = st.session_state.get(_UPLOAD)
    if cached and cached[0] == (upload.file_id, fixes):
        return cached[1]
    bar = st.progress(0.0, text=tr("import.reading", lang, name=upload.name))
    try:
        result: ImportResult | str = read_workbook(
            upload.getvalue(),
            filename=upload.name,
            corrections=fixes,
            progress=lambda fraction, message: bar.progress(
                min(fraction, 1.0), text=f"{upload.name}: {message}"
            ),
        )
    except CxmapError as exc:
        result = str(exc)
    finally:
        bar.empty()
    st.session_state[_UPLOAD] = ((upload.file_id, fixes), result)
    return result


def forget_upload() -> None:
    """After a save: the uploader and the corrections start afresh."""
    for key in [k for k in st.session_state if k.startswith(_FIX) or k == _UPLOAD or k == "upload"]:
        del st.session_state[key]


def show_report(report: Report, lang: str) -> None:
    """Errors by sheet, row and column; warnings; what was inferred."""

    def frame(problems: list[Problem]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                dict(sheet=p.sheet or "", row=p.row, column=p.column or "", message=p.message)
                for p in problems
            ]
        )

    columns = {
        "sheet": "col.sheet",
        "row": "col.row",
        "column": "col.column",
        "message": "col.message",
    }
    drawn = [n for n in report.notes if report.layouts.get(n.sheet or "") in ("matrix", "canvas")]
    for note in drawn:  # what was recognised in the maps people draw: said up front
        st.info(f"**{note.sheet}** — {note.message}", icon=":material/grid_on:")
    if report.errors:
        st.error(tr("import.errors", lang, n=len(report.errors)), icon=":material/error:")
        table(frame(report.errors), columns, lang, key="report_errors")
    if report.warnings:
        with st.expander(
            f"{tr('import.warnings', lang)} ({len(report.warnings)})", expanded=not report.errors
        ):
            table(frame(report.warnings), columns, lang, key="report_warnings")
    others = [n for n in report.notes if n not in drawn]
    if others:
        with st.expander(f"{tr('import.notes', lang)} ({len(others)})"):
            table(frame(others), columns, lang, key="report_notes")


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


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _measured(url: str, name: str, version: int) -> list[dict]:
    return measured(_store(url).answer_tallies(name))


def measured_kpis(current: View) -> list[dict]:
    """The journey's KPIs measured from its survey answers (cached per data version)."""
    if current.journey is None:
        return []
    return _measured(database_url(), current.journey.name, current.version)


_ANSWERS = "_cxmap_answers"


def peek_answers(upload: Any, journey_map: JourneyMap) -> dict[str, Any] | str:
    """The headers and proposed mapping of an uploaded answers file (once per file)."""
    key = ("peek", upload.file_id, journey_map.name)
    cached = st.session_state.get(_ANSWERS)
    if cached and cached[0] == key:
        return cached[1]
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
    bar = st.progress(0.0, text=tr("import.reading", lang, name=upload.name))
    try:
        result: Answers | str = read_answers(
            upload.getvalue(),
            journey_map,
            options,
            filename=upload.name,
            progress=lambda f, message: bar.progress(min(f, 1.0), text=message),
        )
    except CxmapError as exc:
        result = str(exc)
    finally:
        bar.empty()
    st.session_state[_ANSWERS + "_read"] = (key, result)
    return result


def forget_answers() -> None:
    for key in (_ANSWERS, _ANSWERS + "_read", "answers_upload"):
        st.session_state.pop(key, None)


def clv_calculator(m: JourneyMap, filters: Filters, lang: str) -> None:
    """Per persona: annual revenue × years − costs, typed in a table, computed beside it."""
    personas = [p.name for p in m.personas if filters.keeps(persona=p.name)] or ["—"]
    frame = pd.DataFrame(
        {
            "persona": personas,
            "revenue": [None] * len(personas),
            "years": [None] * len(personas),
            "costs": [None] * len(personas),
        },
        dtype=object,
    ).astype({"revenue": float, "years": float, "costs": float})
    edited = st.data_editor(
        frame,
        hide_index=True,
        width="stretch",
        key=f"clv_{m.name}",
        disabled=["persona"],
        column_config={
            "persona": tr("col.persona", lang),
            "revenue": st.column_config.NumberColumn(
                tr("col.revenue", lang), min_value=0, format="%.2f"
            ),
            "years": st.column_config.NumberColumn(
                tr("col.years", lang), min_value=0, format="%.1f"
            ),
            "costs": st.column_config.NumberColumn(
                tr("col.costs", lang), min_value=0, format="%.2f"
            ),
        },
    )
    values = [
        analysis.clv(
            None if pd.isna(r.revenue) else r.revenue,
            None if pd.isna(r.years) else r.years,
            None if pd.isna(r.costs) else r.costs,
        )
        for r in edited.itertuples()
    ]
    columns = st.columns(min(len(personas), 4))
    for i, (persona, value) in enumerate(zip(edited["persona"], values)):
        columns[i % len(columns)].metric(
            f"{tr('col.clv', lang)} · {persona}", "—" if value is None else f"{value:,.0f}"
        )


def answers_form(upload: Any, current: View) -> None:
    """The mapping step of an answers file (proposed, editable), its check, and the save."""
    lang, journey_map = current.lang, current.map
    assert journey_map is not None and current.journey is not None
    look = peek_answers(upload, journey_map)
    if isinstance(look, str):
        st.error(tr("import.rejected", lang, reason=look), icon=":material/block:")
        return
    st.caption(tr(f"answers.{look['form']}", lang, rows=f"{look['rows']:,}"))
    headers, none = look["headers"], tr("answers.none", lang)
    options = AnswerOptions()
    left, right = st.columns(2)
    missing = right.text_input(tr("answers.missing", lang), key="answers_missing")
    if look["form"] == "wide":
        persona = left.selectbox(
            tr("answers.persona_column", lang),
            [None, *headers],
            index=([None, *headers].index(look["persona"])),
            format_func=lambda h: none if h is None else h,
            key="answers_persona",
        )
        date = left.selectbox(
            tr("answers.date_column", lang),
            [None, *headers],
            index=([None, *headers].index(look["date"])),
            format_func=lambda h: none if h is None else h,
            key="answers_date",
        )
        metric = right.selectbox(
            tr("answers.metric", lang),
            [None, "nps", "csat", "ces"],
            format_func=lambda k: tr("answers.auto", lang) if k is None else k.upper(),
            key="answers_metric",
        )
        chosen = st.multiselect(
            tr("answers.touchpoints", lang),
            headers,
            default=list(look["touchpoints"]),
            key="answers_touchpoints",
        )
        options = AnswerOptions(
            metric=metric,
            persona_column=persona,
            date_column=date,
            touchpoint_columns={h: look["touchpoints"].get(h, h) for h in chosen},
        )
    options = AnswerOptions(
        **{**options.__dict__, "missing": tuple(v.strip() for v in missing.split(",") if v.strip())}
    )
    answers = read_answers_upload(upload, journey_map, options, lang)
    if isinstance(answers, str):
        st.error(tr("import.rejected", lang, reason=answers), icon=":material/block:")
        return
    show_report(answers.report, lang)
    if not answers.ok:
        return
    st.success(tr("answers.valid", lang, n=f"{answers.count:,}", journey=journey_map.name))
    if st.button(tr("answers.save", lang), type="primary", icon=":material/add:"):
        saved = store().save_answers(journey_map.name, answers)
        forget_answers()
        if saved.duplicate_of is not None:
            flash(tr("answers.duplicate", lang, when=f"{saved.duplicate_of:%Y-%m-%d %H:%M}"))
        else:
            flash(tr("answers.saved", lang, n=f"{saved.added:,}"))
        st.rerun()
