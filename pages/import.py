"""Import & export: upload a workbook, read its validation report and preview it before saving;
add survey answers and an event log to the selected journey; download any journey, or the blank
template."""

import streamlit as st

from cxmap.ui import adapter as ui
from cxmap.ui import auth, changes, sections
from cxmap.ui.event_upload import event_log_form
from cxmap.view.labels import describe
from cxmap.view.text import md

view = ui.page("nav.import", needs_journey=False)
t = view.t

st.subheader(t("import.upload_section"))
upload = None
if auth.can("editor"):
    upload = st.file_uploader(t("import.upload"), type=["xlsx"], key="upload")
else:
    st.caption(t("auth.viewer"))
result = ui.read_upload(upload, view.lang, ui.corrections(upload.file_id)) if upload else None
if isinstance(result, str):
    st.error(view.tm("import.rejected", reason=result), icon=":material/block:")
elif result is not None:
    sections.show_report(result.report, view.lang)
    sections.correction_form(result, view.lang)
    if result.ok and result.maps:
        what = "; ".join(f"{m.name} — {describe(m, view.lang)}" for m in result.maps)
        st.success(view.tm("import.valid", what=what))
    for journey_map in result.maps:
        sections.map_preview(journey_map, view.lang)
    if result.ok and result.maps:
        existing = {j.name for j in ui.journeys(view.version)} & {m.name for m in result.maps}
        if existing:
            st.warning(view.tm("import.replaces", names=", ".join(sorted(existing))))
            notes = changes.replaced_notice(ui.store(), sorted(existing), view.lang, result.maps)
            for note in notes:
                st.caption(md(note))
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
        view.tm("answers.upload", journey=view.journey.name),
        type=["csv", "xlsx"],
        key="answers_upload",
    )
    if answers_file:
        sections.answers_form(answers_file, view)
    sections.answer_files_section(view)  # the files imported; an editor may take one out

st.subheader(t("eventlog.import_title"))
if view.journey is None or view.map is None:
    st.caption(t("eventlog.needs_journey"))
else:  # the columns and the activities' touchpoints proposed, editable (editors only)
    event_log_form(view, "import")

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
        view.tm("import.download_journey", name=view.journey.name),
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
