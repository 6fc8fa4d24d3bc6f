"""Page sections: what several pages draw, or what makes one page long — tables with
translated headers, KPI cards, the import report and its corrections, the survey answers' form,
the CLV calculator, the actions' editor.  Each takes the data the library computed and draws it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from cxmap.compute import analysis
from cxmap.compute.analysis import Filters
from cxmap.compute.target import action_touchpoint, actions_in_cell, stages_around
from cxmap.domain.model import ACTION_STATUSES, JOURNEY_STATES, LAYOUTS, MARKED, JourneyMap
from cxmap.domain.report import Problem, Report
from cxmap.domain.vocabulary import localised
from cxmap.files.reader import ImportResult
from cxmap.files.responses import AnswerOptions
from cxmap.ui import auth, changes
from cxmap.ui.adapter import (
    View,
    answer_files,
    flash,
    forget_answers,
    peek_answers,
    read_answers_upload,
    store,
)
from cxmap.view import charts, matrix_grid, text
from cxmap.view.edits import (
    FIX_COLOUR,
    FIX_JOURNEY,
    FIX_LAYOUT,
    FIX_PERSONA,
    FIX_STATE,
    Words,
    action_changes,
    canonical_frame,
    shown_frame,
)
from cxmap.view.i18n import tr
from cxmap.view.labels import report_message, with_unit
from cxmap.view.numbers import format_date, format_number, parse_number, printf_decimals
from cxmap.view.target import highlight_stage
from cxmap.view.text import md


def table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    lang: str,
    *,
    formats: Mapping[str, str] | None = None,
    texts: Mapping[str, Callable[[Any], str]] | None = None,
    coloured: bool = False,
    key: str | None = None,
    plain: tuple[str, ...] = (),
) -> None:
    """A read-only table with translated headers (``columns``: frame column -> text key),
    ``texts`` (column -> how a value is worded), blanks for missing values, numbers written in
    the language's format (``formats``: column -> printf-like "%.1f" for its decimals; Streamlit's
    NumberColumn formats are English-only, so numbers are shown as text), and, when
    ``coloured``, the `status` column red/amber/green by each row's status.  ``plain`` columns
    (a row number) keep their numbers as they are.  Text cells are formula-safe
    (:func:`cxmap.view.text.cells`): the table's "Download as CSV" exports ``=HYPERLINK(…)``
    typed in a workbook as text, not as a formula."""
    statuses = list(frame["status"]) if coloured else None
    shown = frame[[c for c in columns if c in frame]].copy()
    for column, word in (texts or {}).items():
        if column in shown:
            shown[column] = [word(v) for v in shown[column]]
    for column in shown.columns:
        if column in plain:
            continue
        values = shown[column].dropna()
        numeric = pd.api.types.is_numeric_dtype(shown[column]) and not pd.api.types.is_bool_dtype(
            shown[column]
        )
        if numeric or (
            len(values)
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        ):
            spec = (formats or {}).get(column, "")
            decimals = printf_decimals(spec)
            shown[column] = [
                format_number(v, lang, decimals, fixed=spec.endswith("f"))
                if v is not None and v == v
                else ""
                for v in shown[column]
            ]
            continue
        # text columns (object or string dtype): blank, not "None"
        shown[column] = shown[column].astype(object).map(lambda v: "" if v is None or v != v else v)
    shown = text.cells(shown).rename(columns={c: tr(k, lang) for c, k in columns.items()})
    data: object = shown
    if statuses is not None:
        colours = [f"color: {RAG_TEXT_COLOURS[s]}; font-weight: 600" for s in statuses]
        data = shown.style.apply(lambda _col: colours, subset=[tr("col.status", lang)])
    st.dataframe(data, hide_index=True, width="stretch", key=key)


RAG_MARKS = {"green": ":green[●]", "amber": ":orange[●]", "red": ":red[●]", "grey": ":gray[○]"}
RAG_TEXT_COLOURS = {"green": "#1e7a1e", "amber": "#b86e00", "red": "#c62828", "grey": "#777"}


def kpi_cards(frame: pd.DataFrame, lang: str) -> None:
    """Headline KPIs: value, change since the previous period, status against the target, and
    where the value comes from (measured from answers, with n and interval, or the workshop's)."""
    if frame.empty:
        st.info(tr("overview.no_kpi", lang))
        return
    for column, (_, row) in zip(st.columns(len(frame)), frame.iterrows()):
        unit = row["unit"] or ""
        target = (
            f" · {tr('col.target', lang)} {with_unit(row['target'], unit, lang)}"
            if row["target"] is not None and pd.notna(row["target"])
            else ""
        )
        measured = row.get("source") == "measured"
        if measured:
            source = tr("overview.measured", lang, n=format_number(row["n"], lang))
            if row["low"] is not None and pd.notna(row["low"]):
                source += " · " + tr(
                    "overview.interval",
                    lang,
                    low=format_number(row["low"], lang, 1),
                    high=format_number(row["high"], lang, 1),
                )
        else:
            source = tr("overview.typed", lang) + (f" · {row['period']}" if row["period"] else "")
        column.metric(
            f"{RAG_MARKS[row['status']]} {md(row['kpi'])}",
            md(with_unit(round(row["value"], 1) if measured else row["value"], unit, lang)),
            delta=(
                f"{'+' if row['delta'] > 0 else ''}{md(with_unit(row['delta'], unit, lang))} "
                f"{tr('overview.previous', lang)}"
                if row["delta"] is not None and pd.notna(row["delta"])
                else None
            ),
            delta_color="normal" if row["direction"] == "higher" else "inverse",
            help=f"{tr('rag.' + row['status'], lang)}{md(target)}",
            border=True,
        )
        column.caption(f"{source}{target}")


def correction_form(result: ImportResult, lang: str) -> None:
    """Widgets to correct the importer's guesses: the journey's name and state, each sheet's
    layout, each canvas sheet's persona, what an unrecognised colour means.  Changing one
    reruns the page, which reads the file again with the corrections."""
    report = result.report
    with st.expander(
        tr("fix.title", lang), expanded=bool(report.unknown_colours), icon=":material/tune:"
    ):
        if len(result.maps) == 1 or st.session_state.get(FIX_JOURNEY):
            left, right = st.columns([3, 1])
            if FIX_JOURNEY not in st.session_state and result.maps:
                st.session_state[FIX_JOURNEY] = result.maps[0].name
            left.text_input(tr("fix.journey", lang), key=FIX_JOURNEY)
            if FIX_STATE not in st.session_state and result.maps:
                st.session_state[FIX_STATE] = result.maps[0].journey.state
            right.selectbox(
                tr("fix.state", lang),
                JOURNEY_STATES,
                key=FIX_STATE,
                format_func=lambda s: tr(f"state.{s}", lang),
            )
        for sheet in report.sheets:
            seen = report.layouts.get(sheet)
            auto = tr("fix.auto", lang, kind=tr(f"layout.{seen}" if seen else "layout.none", lang))
            st.selectbox(
                tr("fix.layout", lang, sheet=md(sheet)),
                ("auto", *LAYOUTS),
                key=FIX_LAYOUT + sheet,
                format_func=lambda k, auto=auto: auto if k == "auto" else tr(f"layout.{k}", lang),
            )
            if seen == "canvas":
                st.text_input(
                    tr("fix.persona", lang, sheet=md(sheet)),
                    key=FIX_PERSONA + sheet,
                    placeholder=sheet,
                )
        for colour, count in report.unknown_colours.items():
            swatch, meaning = st.columns([1, 5])
            swatch.color_picker(
                md(colour),
                f"#{colour}",
                disabled=True,
                key=f"swatch_{colour}",
                label_visibility="collapsed",
            )
            meaning.selectbox(
                tr("fix.colour", lang, n=count),
                ("neutral", *MARKED),
                key=FIX_COLOUR + colour,
                format_func=lambda q: tr(f"q.{q}", lang),
            )


def show_report(report: Report, lang: str, *, key: str = "report") -> None:
    """Errors by sheet, row and column; warnings; what was inferred.  ``key`` prefixes the
    tables' keys: two reports on one page need two."""

    def frame(problems: list[Problem]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                dict(
                    sheet=p.sheet or "",
                    row=p.row,
                    column=p.column or "",
                    message=report_message(p.message, lang),
                )
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
        st.info(
            f"**{md(note.sheet)}** — {md(report_message(note.message, lang))}",
            icon=":material/grid_on:",
        )
    if report.errors:
        st.error(tr("import.errors", lang, n=len(report.errors)), icon=":material/error:")
        table(frame(report.errors), columns, lang, key=f"{key}_errors", plain=("row",))
    if report.warnings:
        with st.expander(
            f"{tr('import.warnings', lang)} ({len(report.warnings)})", expanded=not report.errors
        ):
            table(frame(report.warnings), columns, lang, key=f"{key}_warnings", plain=("row",))
    others = [n for n in report.notes if n not in drawn]
    if others:
        with st.expander(f"{tr('import.notes', lang)} ({len(others)})"):
            table(frame(others), columns, lang, key=f"{key}_notes", plain=("row",))


def clv_calculator(m: JourneyMap, filters: Filters, lang: str) -> None:
    """Per persona: annual revenue × years − costs, typed in a table, computed beside it.  The
    cells are text, read as numbers in the dashboard's language ("1 200,50" in French): a
    number column would show its empty cells as "None"."""
    personas = [p.name for p in m.personas if filters.keeps(persona=p.name)] or ["—"]
    blank = [""] * len(personas)
    frame = pd.DataFrame({"persona": personas, "revenue": blank, "years": blank, "costs": blank})
    edited = st.data_editor(
        text.cells(frame, columns=["persona"]),  # the names exported as text, not formulas
        hide_index=True,
        width="stretch",
        key=f"clv_{m.name}",
        disabled=["persona"],
        column_config={
            "persona": tr("col.persona", lang),
            "revenue": st.column_config.TextColumn(tr("col.revenue", lang)),
            "years": st.column_config.TextColumn(tr("col.years", lang)),
            "costs": st.column_config.TextColumn(tr("col.costs", lang)),
        },
    )
    values = [
        analysis.clv(
            parse_number(r.revenue, lang), parse_number(r.years, lang), parse_number(r.costs, lang)
        )
        for r in edited.itertuples()
    ]
    columns = st.columns(min(len(personas), 4))
    for i, (persona, value) in enumerate(zip(personas, values)):
        columns[i % len(columns)].metric(
            f"{tr('col.clv', lang)} · {md(persona)}",
            "—" if value is None else format_number(value, lang, 0),
        )


def answers_form(upload: Any, current: View) -> None:
    """The mapping step of an answers file (proposed, editable), its check, and the save."""
    lang, journey_map = current.lang, current.map
    assert journey_map is not None and current.journey is not None
    look = peek_answers(upload, journey_map)
    if isinstance(look, str):
        st.error(tr("import.rejected", lang, reason=md(look)), icon=":material/block:")
        return
    st.caption(tr(f"answers.{look['form']}", lang, rows=format_number(look["rows"], lang)))
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
    respondent = left.selectbox(
        tr("storage.respondent_column", lang),
        [None, *headers],
        index=[None, *headers].index(look.get("respondent")),
        format_func=lambda h: none if h is None else h,
        help=tr("storage.respondent_help", lang),
        key="answers_respondent",
    )
    options = AnswerOptions(
        **{
            **options.__dict__,
            "missing": tuple(v.strip() for v in missing.split(",") if v.strip()),
            "respondent_column": respondent,
        }
    )
    answers = read_answers_upload(upload, journey_map, options, lang)
    if isinstance(answers, str):
        st.error(tr("import.rejected", lang, reason=md(answers)), icon=":material/block:")
        return
    show_report(answers.report, lang, key="answers_report")
    if not answers.ok:
        return
    st.success(
        tr(
            "answers.valid",
            lang,
            n=format_number(answers.count, lang),
            journey=md(journey_map.name),
        )
    )
    if st.button(tr("answers.save", lang), type="primary", icon=":material/add:"):
        saved = store().save_answers(journey_map.name, answers)
        forget_answers()
        if saved.duplicate_of is not None:
            flash(
                tr("answers.duplicate", lang, when=format_date(saved.duplicate_of, lang, time=True))
            )
        elif saved.already:
            flash(
                tr(
                    "storage.answers_saved_already",
                    lang,
                    n=format_number(saved.added, lang),
                    already=format_number(saved.already, lang),
                )
            )
        else:
            message = tr("answers.saved", lang, n=format_number(saved.added, lang))
            if saved.personas:  # one flash is shown: both say it
                names = ", ".join(saved.personas)
                message += " " + tr(
                    "realfiles.saved_personas", lang, n=len(saved.personas), names=names
                )
            flash(message)
        st.rerun()


def imported_files(
    current: View,
    files: list[dict[str, Any]],
    *,
    texts: str,
    count: str,
    form: Callable[[str], str],
    remove: Callable[[int], int],
    key: str,
) -> None:
    """The files imported into the journey — a table of file, form, ``count`` (answers,
    events) and when — and for an editor a chooser, a warning and a button that takes one out
    through ``remove`` (its id -> what it removed).  ``texts``: the prefix of the texts (
    `answerfiles`, `eventlogs`): `.title`, `.file`, `.form`, `.count`, `.when`,
    `.which`, `.placeholder`, `.warning`, `.remove`, `.removed`."""
    assert current.journey is not None
    lang = current.lang

    def said(name: str, **values: object) -> str:  # one of the texts under the prefix
        return tr(f"{texts}.{name}", lang, **values)

    def when(file: dict[str, Any]) -> str:
        return format_date(file["imported_at"], lang, time=True)

    st.markdown(f"**{said('title')}**")
    table(
        pd.DataFrame(
            {
                "filename": [f["filename"] or "" for f in files],
                "form": [form(f["form"]) for f in files],
                "count": [f[count] for f in files],
                "imported_at": [when(f) for f in files],
            }
        ),
        {
            "filename": f"{texts}.file",
            "form": f"{texts}.form",
            "count": f"{texts}.count",
            "imported_at": f"{texts}.when",
        },
        lang,
        key=key,
    )
    if not auth.can("editor"):
        return
    by_id = {f["id"]: f for f in files}
    chosen = st.selectbox(
        said("which"),
        list(by_id),
        index=None,
        placeholder=said("placeholder"),
        format_func=lambda i: " · ".join((by_id[i]["filename"] or "", when(by_id[i]))),
        key=f"{key}_remove_{current.journey.id}",
    )
    if chosen is None:
        return
    st.warning(
        said(  # the file's name is user text, escaped; the number is ours
            "warning",
            file=md(by_id[chosen]["filename"] or ""),
            n=format_number(by_id[chosen][count], lang),
        ),
        icon=":material/delete:",
    )
    if st.button(said("remove"), icon=":material/delete:", key=f"{key}_remove"):
        removed = changes.attempt(lambda: remove(chosen), lang)
        if removed is not None:
            flash(said("removed", n=format_number(removed, lang)))
            st.rerun()


def answer_files_section(current: View) -> None:
    """The files of answers imported into the journey; an editor may take one out — its
    answers and their counts go with it, the personas it brought stay, and the same file can
    be imported again."""
    assert current.journey is not None
    files = answer_files(current)
    if not files:
        st.markdown(f"**{tr('answerfiles.title', current.lang)}**")
        st.caption(tr("answerfiles.none", current.lang))
        return
    name = current.journey.name
    imported_files(
        current,
        files,
        texts="answerfiles",
        count="answers",
        form=lambda f: tr(f"answerfiles.form_{f}", current.lang) if f in ("long", "wide") else f,
        remove=lambda batch: store().remove_answer_batch(name, batch),
        key="answer_files",
    )


def rag_text(lang: str) -> Callable[[str], str]:
    """How a status is worded in a table: a dot and its name ("● On target")."""
    return lambda status: f"● {tr('rag.' + status, lang)}"


def touchpoint_details(details: pd.DataFrame, lang: str) -> None:
    """The touchpoints of one matrix cell, with their qualification and flags in words."""
    yes_no = {True: tr("yes", lang), False: tr("no", lang)}
    table(
        details,
        {c: f"col.{c}" for c in analysis.DETAIL_COLUMNS},
        lang,
        formats={"emotion": "%.1f"},
        texts={
            "qualification": lambda q: tr(f"q.{q}", lang),
            "category": lambda v: localised("category", v, lang) if v else "",
            "layer": lambda v: localised("layer", v, lang) if v else "",
            "moment_of_truth": lambda v: yes_no[bool(v)],
            "data_collection": lambda v: yes_no[bool(v)],
        },
    )


STATUSES = ACTION_STATUSES


def action_card(m: JourneyMap, position: int, lang: str) -> None:
    """One action of the impact/effort matrix, as picked by a click: where it sits, what it
    addresses, and that touchpoint's qualification."""
    action = m.actions[position]
    with st.container(border=True):
        st.markdown(f"**{md(action.name)}**")
        st.caption(
            f"{tr('quad.' + analysis.quadrant(action.impact, action.effort), lang)} · "
            f"{tr('col.impact', lang)} {format_number(action.impact, lang)} · "
            f"{tr('col.effort', lang)} {format_number(action.effort, lang)} · "
            f"{tr(f'status.{action.status}', lang)}"
        )
        target = action.touchpoint or action.pain_point
        if target:
            st.markdown(
                f"{tr('prio.addresses', lang)}: {md(target)}"
                + (f" ({md(action.stage)})" if action.stage else "")
            )
        touchpoint = analysis.addressed_touchpoint(m, action)
        if touchpoint is not None:
            st.caption(
                f"{tr('q.' + touchpoint.qualification, lang)} · {md(touchpoint.description)}"
            )


def picked_action(frame: pd.DataFrame, points: list[Any], current: View) -> int | None:
    """The action chosen by a bubble (its id travels in ``customdata[0]``: ``point_index``
    counts inside each colour group) or, else, in the chooser below the scatter."""
    chosen = st.selectbox(
        tr("prio.pick", current.lang),
        list(frame["id"]),
        index=None,
        format_func=lambda i: str(frame.loc[frame["id"] == i, "action"].iloc[0]),
        placeholder=tr("prio.pick", current.lang),
        key="prio_pick",
    )
    if points:
        return int(points[0]["customdata"][0])
    return None if chosen is None else int(chosen)


def linked_views(m: JourneyMap, position: int, current: View) -> None:
    """The selected action's touchpoint outlined on the matrix and its stage on the curve."""
    action = m.actions[position]
    touchpoint = action_touchpoint(m, action)
    stage = touchpoint.stage if touchpoint is not None else action.stage
    if touchpoint is None:
        st.caption(tr("prio.linked_none", current.lang, action=action.name))
    else:
        st.caption(tr("prio.linked", current.lang, action=action.name))
    curve = analysis.emotion_curve(m, current.filters)
    if not curve.empty:
        figure = charts.journey_curve(curve, lang=current.lang, small=True)
        st.plotly_chart(
            highlight_stage(figure, curve.stages, stage), key=f"linked_curve_{position}"
        )
    around = stages_around(m, stage, current.filters)  # readable beside the scatter
    st.html(  # escaped: matrix_grid escapes every name it writes
        matrix_grid.matrix_grid(
            analysis.matrix_cells(m, around),
            analysis.matrix_labels(m, around),
            measure="touchpoints",
            lang=current.lang,
            highlight=(
                {(touchpoint.stage, touchpoint.channel, touchpoint.name)} if touchpoint else set()
            ),
            highlight_stage=stage,
        )
    )


def cell_actions(m: JourneyMap, stage: str, channel: str, lang: str) -> None:
    """The actions that address a matrix cell's touchpoints (the linked view's other way)."""
    st.markdown(f"**{tr('matrix.cell_actions', lang)}**")
    actions = actions_in_cell(m, stage, channel)
    if actions.empty:
        st.caption(tr("matrix.cell_no_actions", lang))
        return
    table(
        actions[["action", "touchpoint", "type", "status", "impact", "effort"]],
        {
            "action": "col.action",
            "touchpoint": "col.touchpoint",
            "type": "col.type",
            "status": "col.status",
            "impact": "col.impact",
            "effort": "col.effort",
        },
        lang,
        texts={"status": lambda s: tr(f"status.{s}", lang)},
        key=f"cell_actions_{stage}_{channel}",
    )


ACTION_EDITOR_COLUMNS = ["id", "action", "quadrant", "impact", "effort", "status", "owner", "stage"]


def actions_editor(
    frame: pd.DataFrame, current: View, *, drawn: int | None, editable: bool
) -> dict[int, dict[str, object]]:
    """The ranked actions, their ratings, status and owner editable (for an editor); what was
    changed.  The editor's state belongs to this journey at the version it was drawn from
    (``drawn``): another journey, or the same one after a save, starts a fresh editor.  The
    status is shown and chosen in the dashboard's language and stored as its canonical word;
    the ratings stay numbers, written in the browser's locale (Streamlit's "localized" format:
    its number formats cannot take the dashboard's language)."""
    t = current.t
    ranked = frame[ACTION_EDITOR_COLUMNS].assign(
        quadrant=[t(f"quad.{q}") if isinstance(q, str) else "—" for q in frame["quadrant"]]
    )
    # every text exported as text, not a formula ("=HYPERLINK(…)"); the owner, which is
    # edited here, is read back as it was typed (text.uncell)
    before = ranked
    ranked = text.cells(ranked, columns=["action", "quadrant", "stage", "owner"])
    words = {"status": Words.of(STATUSES, lambda s: t(f"status.{s}"))}
    shown = shown_frame(ranked, words)
    edited = st.data_editor(
        shown,
        hide_index=True,
        width="stretch",
        key=f"actions_{current.map.name}_{drawn}_{current.lang}",
        disabled=["id", "action", "quadrant", "stage"] if editable else True,
        column_config={
            "id": None,
            "action": t("col.action"),
            "quadrant": t("col.quadrant"),
            "stage": t("col.stage"),
            "impact": st.column_config.NumberColumn(
                t("col.impact"), min_value=1, max_value=5, step=0.5, format="localized"
            ),
            "effort": st.column_config.NumberColumn(
                t("col.effort"), min_value=1, max_value=5, step=0.5, format="localized"
            ),
            "status": st.column_config.SelectboxColumn(
                t("col.status"), options=words["status"].options, required=True
            ),
            "owner": st.column_config.TextColumn(t("col.owner")),
        },
    )
    after = canonical_frame(edited, words)
    return action_changes(before, after.assign(owner=after["owner"].map(text.uncell)))


def map_preview(journey_map: JourneyMap, lang: str) -> None:
    """What an imported map holds before it is saved: counts, its emotion curve, its matrix."""
    st.markdown(f"#### {tr('import.preview', lang, name=md(journey_map.name))}")
    counts = analysis.qualification_counts(journey_map)
    facts = (
        ("col.stages", len(journey_map.stages)),
        ("col.touchpoints", len(journey_map.touchpoints)),
        ("q.irritant", counts["irritant"]),
        ("q.delight", counts["delight"]),
        ("q.missing", counts["missing"]),
    )
    for column, (label, value) in zip(st.columns(len(facts)), facts):
        column.metric(tr(label, lang), value)
    curve = analysis.emotion_curve(journey_map)
    if not curve.empty:
        st.plotly_chart(
            charts.journey_curve(curve, lang=lang, small=True),
            key=f"preview_curve_{journey_map.name}",
        )
    st.html(  # escaped: matrix_grid escapes every name it writes
        matrix_grid.matrix_grid(
            analysis.matrix_cells(journey_map),
            analysis.matrix_labels(journey_map),
            measure="touchpoints",
            lang=lang,
        )
    )
