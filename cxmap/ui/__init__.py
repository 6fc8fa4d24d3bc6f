"""The Streamlit adapter: the only package of cxmap that imports Streamlit.  ``adapter`` holds the
resources, the view and its URL state and the page preamble; ``sections`` what pages draw;
``pages_directory`` the one private Streamlit API cxmap needs, isolated.  Imports any layer
below."""
