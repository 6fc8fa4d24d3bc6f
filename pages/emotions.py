"""Emotion curve: one line per persona across the stages, with the all-personas band."""

import streamlit as st

from cxmap.compute import analysis
from cxmap.ui import adapter as ui
from cxmap.view import charts

view = ui.view()
if ui.empty_state(view):
    st.stop()
m, f, t = view.map, view.filters, view.t
ui.header(view, "nav.emotions")
scale = analysis.scale_of(m)
st.caption(t("emotions.caption", scale=scale))

points = analysis.emotion_points(m, f)
if points.empty:
    st.info(t("emotions.none"))
    st.stop()
curve = analysis.all_personas_curve(m, points)
target = None
if view.target is not None and st.toggle(
    t("emotions.show_target", name=view.target.name), value=True, key="show_target"
):
    target_points = analysis.emotion_points(view.target, f)
    order = analysis.stage_index(m)
    target = analysis.all_personas_curve(view.target, target_points)
    target = (
        target[target["stage"].isin(order)]
        .assign(stage_index=lambda d: d["stage"].map(order))
        .sort_values("stage_index")
    )

satisfaction = analysis.stage_satisfaction(m, ui.measured_kpis(view), f)
if not satisfaction.empty and not st.toggle(
    t("emotions.measured"), value=True, key="show_measured"
):
    satisfaction = satisfaction.iloc[0:0]

stages = [s.name for s in m.stages if f.keeps(stage=s.name)]
st.plotly_chart(
    charts.emotion_curve(
        points,
        curve,
        stages,
        scale,
        lang=view.lang,
        target=target,
        lows_highs=analysis.extremes(points),
        measured=satisfaction,
    ),
    key="emotion_curve",
)
apart = analysis.disagreements(curve, satisfaction, scale)
if not apart.empty:
    st.warning(
        t("emotions.disagree_measured", stages=", ".join(apart["stage"])),
        icon=":material/compare_arrows:",
    )
if points["persona"].nunique() > 1 and not curve.empty:
    widest = curve.loc[curve["spread"].idxmax()]
    st.info(
        t("emotions.disagree", stage=widest["stage"], spread=f"{widest['spread']:.2g}"),
        icon=":material/call_split:",
    )
