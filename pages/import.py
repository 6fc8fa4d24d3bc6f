"""Import & export: upload a workbook, read its validation report and preview it before saving;
download any journey, or the blank template."""

import streamlit as st

from cxmap.compute import analysis
from cxmap.ui import adapter as ui
from cxmap.ui import auth, changes
from cxmap.view import charts

view = ui.view()
t = view.t
st.title(t("nav.import"))

st.subheader(t("import.upload_section"))
upload = None
if auth.can("editor"):
    upload = st.file_uploader(t("import.upload"), type=["xlsx"], key="upload")
else:
    st.caption(t("auth.viewer"))
result = ui.read_upload(upload, view.lang, ui.corrections(upload.file_id)) if upload else None
if isinstance(result, str):
    st.error(t("import.rejected", reason=result), icon=":material/block:")
elif result is not None:
    ui.show_report(result.report, view.lang)
    ui.correction_form(result, view.lang)
    if result.ok and result.maps:
        st.success(
            t(
                "import.valid",
                what="; ".join(f"{m.name} — {ui.describe(m, view.lang)}" for m in result.maps),
            )
        )
    for journey_map in result.maps:
        st.markdown(f"#### {t('import.preview', name=journey_map.name)}")
        counts = analysis.qualification_counts(journey_map)
        columns = st.columns(5)
        for column, (label, value) in zip(
            columns,
            (
                (t("col.stages"), len(journey_map.stages)),
                (t("col.touchpoints"), len(journey_map.touchpoints)),
                (t("q.irritant"), counts["irritant"]),
                (t("q.delight"), counts["delight"]),
                (t("q.missing"), counts["missing"]),
            ),
        ):
            column.metric(label, value)
        points = analysis.emotion_points(journey_map)
        if not points.empty:
            st.plotly_chart(
                charts.emotion_curve(
                    points,
                    analysis.all_personas_curve(journey_map, points),
                    [s.name for s in journey_map.stages],
                    analysis.scale_of(journey_map),
                    lang=view.lang,
                    small=True,
                ),
                key=f"preview_curve_{journey_map.name}",
            )
        st.altair_chart(
            charts.touchpoint_matrix(
                analysis.matrix_cells(journey_map),
                analysis.matrix_labels(journey_map),
                measure="touchpoints",
                lang=view.lang,
            ),
            width="stretch",
            key=f"preview_matrix_{journey_map.name}",
        )
    if result.ok and result.maps:
        existing = set(ui.store().names()) & {m.name for m in result.maps}
        if existing:
            st.warning(t("import.replaces", names=", ".join(sorted(existing))))
            for note in changes.replaced_notice(ui.store(), sorted(existing), view.lang):
                st.caption(note)
        drawn = {
            m.name: changes.drawn_version(ui.store(), upload.file_id, m.name) for m in result.maps
        }
        if st.button(t("import.save"), type="primary", icon=":material/save:"):
            saved = changes.attempt(
                # a journey new when drawn (None) must still be new: expected version 0
                lambda: ui.store().save(
                    result.maps, source=upload.name, expected={n: v or 0 for n, v in drawn.items()}
                ),
                view.lang,
                reload_key=upload.file_id,
            )
        else:
            saved = None
        if saved:
            changes.forget(upload.file_id)
            ui.forget_upload()
            ui.flash(t("import.saved", names=", ".join(s.name for s in saved)))
            ui.select_journey(saved[0].name)
            st.rerun()

st.subheader(t("answers.section"))
if view.journey is None or view.map is None:
    st.caption(t("answers.needs_journey"))
else:
    answers_file = auth.can("editor") and st.file_uploader(
        t("answers.upload", journey=view.journey.name), type=["csv", "xlsx"], key="answers_upload"
    )
    if answers_file:
        ui.answers_form(answers_file, view)

st.subheader(t("import.download"))
lang = (
    st.segmented_control(
        t("import.workbook_lang"),
        ("en", "fr"),
        default=view.lang,
        key="workbook_lang",
        format_func=str.upper,
    )
    or "en"
)
if view.journey is not None:
    st.download_button(
        t("import.download_journey", name=view.journey.name),
        ui.export_bytes(view.journey.id, view.version, lang),
        file_name=f"{view.journey.name}.xlsx",
        icon=":material/download:",
        mime=ui.XLSX_MIME,
    )
st.download_button(
    t("import.template"),
    ui.template_bytes(lang),
    file_name=f"cxmap-template-{lang}.xlsx",
    icon=":material/description:",
    mime=ui.XLSX_MIME,
)
