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
from cxmap.files.reader import ImportResult
from cxmap.files.responses import AnswerOptions
from cxmap.ui.adapter import (
    View,
    flash,
    forget_answers,
    peek_answers,
    read_answers_upload,
    store,
)
from cxmap.view import charts, matrix_grid
from cxmap.view.edits import (
    FIX_COLOUR,
    FIX_JOURNEY,
    FIX_LAYOUT,
    FIX_PERSONA,
    FIX_STATE,
    action_changes,
)
from cxmap.view.i18n import tr
from cxmap.view.labels import with_unit
from cxmap.view.target import highlight_stage


def table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    lang: str,
    *,
    formats: Mapping[str, str] | None = None,
    texts: Mapping[str, Callable[[Any], str]] | None = None,
    coloured: bool = False,
    key: str | None = None,
) -> None:
    """A read-only table with translated headers (``columns``: frame column -> text key),
    ``texts`` (column -> how a value is worded), blanks for missing text, and, when
    ``coloured``, the `status` column red/amber/green by each row's status."""
    statuses = list(frame["status"]) if coloured else None
    shown = frame[[c for c in columns if c in frame]].copy()
    for column, word in (texts or {}).items():
        if column in shown:
            shown[column] = [word(v) for v in shown[column]]
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
                tr("fix.layout", lang, sheet=sheet),
                ("auto", *LAYOUTS),
                key=FIX_LAYOUT + sheet,
                format_func=lambda k, auto=auto: auto if k == "auto" else tr(f"layout.{k}", lang),
            )
            if seen == "canvas":
                st.text_input(
                    tr("fix.persona", lang, sheet=sheet),
                    key=FIX_PERSONA + sheet,
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
                ("neutral", *MARKED),
                key=FIX_COLOUR + colour,
                format_func=lambda q: tr(f"q.{q}", lang),
            )


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
        st.markdown(f"**{action.name}**")
        st.caption(
            f"{tr('quad.' + analysis.quadrant(action.impact, action.effort), lang)} · "
            f"{tr('col.impact', lang)} {action.impact:g} · {tr('col.effort', lang)} "
            f"{action.effort:g} · {tr(f'status.{action.status}', lang)}"
        )
        target = action.touchpoint or action.pain_point
        if target:
            st.write(
                f"{tr('prio.addresses', lang)}: {target}"
                + (f" ({action.stage})" if action.stage else "")
            )
        touchpoint = analysis.addressed_touchpoint(m, action)
        if touchpoint is not None:
            st.caption(
                f"{tr('q.' + touchpoint.qualification, lang)} · {touchpoint.description or ''}"
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
    (``drawn``): another journey, or the same one after a save, starts a fresh editor."""
    t = current.t
    ranked = frame[ACTION_EDITOR_COLUMNS].assign(
        quadrant=[t(f"quad.{q}") if isinstance(q, str) else "—" for q in frame["quadrant"]]
    )
    edited = st.data_editor(
        ranked,
        hide_index=True,
        width="stretch",
        key=f"actions_{current.map.name}_{drawn}",
        disabled=["id", "action", "quadrant", "stage"] if editable else True,
        column_config={
            "id": None,
            "action": t("col.action"),
            "quadrant": t("col.quadrant"),
            "stage": t("col.stage"),
            "impact": st.column_config.NumberColumn(
                t("col.impact"), min_value=1, max_value=5, step=0.5
            ),
            "effort": st.column_config.NumberColumn(
                t("col.effort"), min_value=1, max_value=5, step=0.5
            ),
            "status": st.column_config.SelectboxColumn(
                t("col.status"), options=list(STATUSES), required=True
            ),
            "owner": st.column_config.TextColumn(t("col.owner")),
        },
    )
    return action_changes(ranked, edited)


def map_preview(journey_map: JourneyMap, lang: str) -> None:
    """What an imported map holds before it is saved: counts, its emotion curve, its matrix."""
    st.markdown(f"#### {tr('import.preview', lang, name=journey_map.name)}")
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
