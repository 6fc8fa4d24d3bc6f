"""Emotion curve: one line per persona across the stages, with the all-personas band, the
target journey's curve and the satisfaction the survey measured."""

import streamlit as st

from cxmap.compute import analysis
from cxmap.ui import adapter as ui
from cxmap.view import charts
from cxmap.view.numbers import format_number

view = ui.page("nav.emotions")
m, f, t = view.map, view.filters, view.t
st.caption(t("emotions.caption", scale=analysis.scale_of(m)))

curve = analysis.emotion_curve(m, f, target=view.target)
if curve.empty:
    st.info(t("emotions.none"))
    st.stop()
if view.target is not None and not st.toggle(
    view.tm("emotions.show_target", name=view.target.name), value=True, key="show_target"
):
    curve = curve.without_target()

satisfaction = analysis.stage_satisfaction(m, ui.measured_kpis(view), f)
if not satisfaction.empty and not st.toggle(
    t("emotions.measured"), value=True, key="show_measured"
):
    satisfaction = None

st.plotly_chart(
    charts.journey_curve(curve, lang=view.lang, measured=satisfaction), key="emotion_curve"
)
if satisfaction is not None:
    apart = analysis.disagreements(curve.curve, satisfaction, curve.scale)
    if not apart.empty:
        st.warning(
            view.tm("emotions.disagree_measured", stages=", ".join(apart["stage"])),
            icon=":material/compare_arrows:",
        )
widest = curve.widest_disagreement()
if widest is not None:
    stage, spread = widest
    st.info(
        view.tm("emotions.disagree", stage=stage, spread=format_number(spread, view.lang, 1)),
        icon=":material/call_split:",
    )
