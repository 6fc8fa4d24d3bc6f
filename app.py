"""cxmap — the dashboard's frame.  For now it lists the journeys in the database; the pages of
the dashboard come next (see README)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cxmap.store import Store

st.set_page_config(page_title="cxmap", page_icon=":material/route:", layout="wide")


@st.cache_resource
def store() -> Store:
    return Store()


st.title("cxmap")
st.caption("Customer-journey maps: the Excel map you already have, stored and explored.")
rows = store().summary()
if not rows:
    st.info("No journey yet. Load the sample maps with `python -m cxmap seed`, or import a "
            "workbook with `python -m cxmap import FILE`.")
else:
    table = pd.DataFrame(rows)
    table["stages"] = table["stages"].map(" → ".join)
    st.dataframe(table, hide_index=True, width="stretch")
