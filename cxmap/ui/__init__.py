"""The Streamlit adapter: the only package of cxmap that imports Streamlit (resources, the view
and its URL state, page sections).  Imports any layer below."""
