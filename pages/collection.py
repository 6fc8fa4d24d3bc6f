"""Collection plan: by stage and channel, the touchpoints that collect customer data, what data
and by which mechanism; the stages with no collection point flagged; the plan as XLSX.

The grid is an escaped HTML table built by :mod:`cxmap.view.collection_grid` (as the matrix).
"""

import pandas as pd
import streamlit as st

from cxmap.compute.collection import collection_plan
from cxmap.ui import adapter as ui
from cxmap.view import collection_grid

view = ui.page("nav.collection")
m, f, t = view.map, view.filters, view.t

plan = collection_plan(m, f)
stages = [s.name for s in m.stages if f.keeps(stage=s.name)]
st.caption(t("collection.caption"))
if not plan.points:
    st.info(t("collection.none"))
    st.stop()

covered = len(stages) - len(plan.stages_without)
st.markdown(
    f"**{t('collection.summary', points=len(plan.points), covered=covered, stages=len(stages))}**"
)
if plan.stages_without:
    # st.warning renders Markdown, never HTML: stage names stay text
    st.warning(
        t("collection.stages_without", stages=", ".join(plan.stages_without)),
        icon=":material/report:",
    )
# only escaped text reaches the page: collection_grid escapes every name it writes
st.html(collection_grid.collection_grid(plan, stages, lang=view.lang))

st.subheader(t("collection.table"))
headers, rows = collection_grid.collection_rows(plan, view.lang)
st.dataframe(pd.DataFrame(rows, columns=headers), hide_index=True, width="stretch")
st.download_button(
    t("collection.download"),
    collection_grid.collection_xlsx(plan, m.name, lang=view.lang),
    file_name=f"{t('collection.file')} — {m.name}.xlsx",
    icon=":material/download:",
    mime=ui.XLSX_MIME,
)
