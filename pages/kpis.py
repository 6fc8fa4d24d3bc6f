"""KPIs: typed and measured values against target, the trend across periods, the stage
funnel, and a CLV calculator."""

import streamlit as st

from cxmap.compute import analysis
from cxmap.ui import adapter as ui
from cxmap.ui import sections
from cxmap.view import charts

view = ui.page("nav.kpis")
m, f, t = view.map, view.filters, view.t

chosen = st.multiselect(
    t("kpis.touchpoint"),
    analysis.kpi_touchpoints(m),
    key="kpi_touchpoints",
    placeholder=t("sidebar.all"),
)
table = analysis.of_touchpoints(analysis.kpi_table(m, f), chosen)
if table.empty:
    st.info(t("kpis.none"))
else:
    sections.table(
        table,
        {
            "kpi": "col.kpi",
            "value": "col.value",
            "target": "col.target",
            "gap": "col.gap",
            "unit": "col.unit",
            "direction": "col.direction",
            "status": "col.status",
            "delta": "col.delta",
            "period": "col.period",
            "stage": "col.stage",
            "touchpoint": "col.touchpoint",
            "persona": "col.persona",
            "n": "col.n",
        },
        view.lang,
        formats={"value": "%g", "target": "%g", "gap": "%g", "delta": "%g"},
        texts={"status": sections.rag_text(view.lang), "direction": lambda d: t("dir." + d)},
        coloured=True,
    )

st.subheader(t("measured.title"), help=t("measured.help", n=analysis.SMALL_SAMPLE))
measured = analysis.measured_table(m, ui.measured_kpis(view), f, touchpoints=chosen)
if measured.empty:
    st.caption(t("measured.none"))
else:
    sections.table(
        measured,
        {
            "kpi": "col.kpi",
            "value": "col.value",
            "low": "col.low",
            "high": "col.high",
            "n": "col.n",
            "small": "col.sample",
            "target": "col.target",
            "gap": "col.gap",
            "status": "col.status",
            "stage": "col.stage",
            "touchpoint": "col.touchpoint",
            "channel": "col.channel",
            "persona": "col.persona",
        },
        view.lang,
        formats={"value": "%.1f", "low": "%.1f", "high": "%.1f", "gap": "%.1f"},
        texts={
            "status": sections.rag_text(view.lang),
            "small": lambda small: f"⚠ {t('measured.small')}" if small else "",
        },
        coloured=True,
        key="measured_kpis",
    )

if not table.empty:
    st.subheader(t("kpis.trend"))
    name = st.selectbox(t("kpis.choose"), table["kpi"].unique().tolist(), key="trend_kpi")
    series = analysis.kpi_series(m, f, kpi=name, touchpoints=chosen)
    st.plotly_chart(charts.kpi_trend(series, lang=view.lang), key="kpi_trend")

st.subheader(t("kpis.funnel"))
steps = analysis.funnel(m, f)
if steps.empty:
    st.caption(t("kpis.no_funnel"))
else:
    st.plotly_chart(
        charts.funnel(steps, [s.name for s in m.stages], lang=view.lang), key="kpi_funnel"
    )

st.subheader(t("clv.title"), help=t("clv.help"))
sections.clv_calculator(m, f, view.lang)
