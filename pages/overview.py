"""Overview: the selected journey at a glance."""

import streamlit as st

from cxmap.compute import analysis
from cxmap.ui import adapter as ui
from cxmap.ui import sections
from cxmap.view import charts

view = ui.page("nav.overview")
m, f, t = view.map, view.filters, view.t

st.subheader(t("overview.kpis"))
sections.kpi_cards(analysis.headline_kpis(m, f, measured=ui.measured_kpis(view)), view.lang)

left, right = st.columns([3, 2])
with left:
    st.subheader(t("overview.curve"))
    st.plotly_chart(
        charts.journey_curve(analysis.emotion_curve(m, f), lang=view.lang, small=True),
        key="overview_curve",
    )
    measured = ui.overview_funnel(view)
    if measured:  # where "customers feel bad here" meets "customers leave here"
        st.caption(view.t("eventlog.overview"))
        st.plotly_chart(
            charts.measured_funnel(measured, lang=view.lang, height=240), key="overview_conversion"
        )
with right:
    st.subheader(t("overview.counts"))
    st.plotly_chart(
        charts.qualification_bars(analysis.qualification_counts(m, f), lang=view.lang),
        key="overview_counts",
    )

left, right = st.columns(2)
with left:
    st.subheader(t("overview.irritants"), help=t("overview.irritants_help"))
    worst = analysis.worst_irritants(m, f)
    if worst.empty:
        st.caption(t("overview.none"))
    else:
        sections.table(
            worst,
            {
                "touchpoint": "col.touchpoint",
                "stage": "col.stage",
                "channel": "col.channel",
                "moment_of_truth": "col.moment_of_truth",
                "emotion": "col.emotion",
            },
            view.lang,
            formats={"emotion": "%.1f"},
            texts={"moment_of_truth": lambda moment: "★" if moment else ""},
        )
with right:
    st.subheader(t("overview.quick_wins"))
    wins = analysis.quick_wins(m, f)
    if wins.empty:
        st.caption(t("overview.none"))
    else:
        sections.table(
            wins,
            {
                "action": "col.action",
                "impact": "col.impact",
                "effort": "col.effort",
                "stage": "col.stage",
                "owner": "col.owner",
            },
            view.lang,
        )
