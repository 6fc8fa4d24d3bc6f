"""KPIs: typed and measured values against target, the trend across periods, the stage
funnel, and a CLV calculator."""

import streamlit as st

from cxmap.compute import analysis
from cxmap.ui import adapter as ui
from cxmap.view import charts

view = ui.view()
if ui.empty_state(view):
    st.stop()
m, f, t = view.map, view.filters, view.t
ui.header(view, "nav.kpis")

touchpoints = sorted(
    {k.touchpoint for k in m.kpis if k.touchpoint} | {t_.name for t_ in m.touchpoints}
)
chosen = st.multiselect(
    t("kpis.touchpoint"), touchpoints, key="kpi_touchpoints", placeholder=t("sidebar.all")
)
table = analysis.kpi_table(m, f)
if chosen:
    table = table[table["touchpoint"].isin(chosen)]
if table.empty:
    st.info(t("kpis.none"))
else:
    shown = table.assign(
        status=[f"● {t('rag.' + s)}" for s in table["status"]],
        direction=[t("dir." + d) for d in table["direction"]],
    )
    ui.table(
        shown,
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
        statuses=table["status"].reset_index(drop=True),
    )

st.subheader(t("measured.title"), help=t("measured.help", n=analysis.SMALL_SAMPLE))
measured = analysis.measured_table(m, ui.measured_kpis(view), f, touchpoints=chosen)
if measured.empty:
    st.caption(t("measured.none"))
else:
    shown = measured.assign(
        status=[f"● {t('rag.' + s)}" for s in measured["status"]],
        small=[f"⚠ {t('measured.small')}" if s else "" for s in measured["small"]],
    )
    ui.table(
        shown,
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
        statuses=measured["status"].reset_index(drop=True),
        key="measured_kpis",
    )

if not table.empty:
    st.subheader(t("kpis.trend"))
    history = analysis.kpi_history(m, f)
    name = st.selectbox(t("kpis.choose"), list(dict.fromkeys(table["kpi"])), key="trend_kpi")
    series = history[history["kpi"] == name]
    if chosen:
        series = series[series["touchpoint"].isin(chosen)]
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
ui.clv_calculator(m, f, view.lang)
