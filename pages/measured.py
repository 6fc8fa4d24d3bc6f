"""Measured journey: what the event log says customers did — the strict funnel with drop-off and
conversion per stage, the moves between stages, the commonest paths, the time between stages,
touchpoints never seen, and every activity of the log with the touchpoint it counts for (an
editor maps them again there).  The sidebar filters apply (persona, channel; stages narrow the
funnel to those chosen), and a period."""

import streamlit as st

from cxmap.compute.journey_log import EventFilters
from cxmap.ui import adapter as ui
from cxmap.ui import auth, sections
from cxmap.ui.activities import activities_section
from cxmap.ui.event_upload import event_log_form, event_logs_section, imported
from cxmap.view import charts, measured
from cxmap.view.numbers import format_number, format_percent

view = ui.page("nav.measured")
m, f, t = view.map, view.filters, view.t


everything, *_ = ui.event_measures(view, EventFilters(), ())
if not everything.events:
    if auth.can("editor"):
        st.info(t("eventlog.none"))
        event_log_form(view, "measured")
    else:
        st.info(t("eventlog.none_viewer"))
    st.stop()
first, last = everything.first.date(), everything.last.date()
period = st.date_input(
    t("eventlog.period"), (first, last), min_value=first, max_value=last, key="period"
)
filters = measured.period_filters(period or (), f.channels, f.personas)
stages = tuple(s.name for s in m.stages if f.keeps(stage=s.name))
summary, funnel, paths = ui.event_measures(view, filters, stages)

cases, events, through = st.columns(3)
cases.metric(t("eventlog.cases"), format_number(summary.cases, view.lang))
events.metric(t("eventlog.events"), format_number(summary.events, view.lang))
share = measured.through_share(funnel)
through.metric(t("eventlog.converted"), format_percent(100 * share, view.lang, 1))

st.subheader(t("eventlog.funnel_title"), help=t("eventlog.funnel_help"))
st.plotly_chart(charts.measured_funnel(funnel, lang=view.lang), key="measured_funnel")
sections.table(
    measured.funnel_frame(funnel),
    measured.FUNNEL_HEADERS,
    view.lang,
    formats={"conversion": "%.1f", "median_hours": "%.1f"},
    key="measured_table",
)

st.subheader(t("eventlog.paths_title"))
st.plotly_chart(
    charts.transitions_sankey(paths.transitions, stages, lang=view.lang), key="measured_sankey"
)
left, right = st.columns([3, 2])
with left:
    st.markdown(
        f"**{t('eventlog.variants')}**", help=t("eventlog.variants_help", n=paths.variant_count)
    )
    sections.table(
        measured.variants_frame(paths),
        measured.VARIANT_HEADERS,
        view.lang,
        key="measured_variants",
    )
with right:
    st.markdown(f"**{t('eventlog.never_seen')}**")
    if summary.never_seen:
        st.text("\n".join(summary.never_seen))  # plain text: names are never markup
    else:
        st.caption(t("eventlog.all_seen"))

st.subheader(t("eventlog.touchpoints"))
sections.table(
    measured.touchpoints_frame(summary),
    measured.TOUCHPOINT_HEADERS,
    view.lang,
    key="measured_touchpoints",
)

activities_section(view, "measured")  # every activity and its touchpoint, editable by editors

event_logs_section(view, "measured")  # the files imported; an editor may take one out

if auth.can("editor"):  # open after an import, to show what it reported
    with st.expander(
        t("eventlog.import_title"),
        icon=":material/upload_file:",
        expanded=imported(view, "measured") is not None,
    ):
        event_log_form(view, "measured")
