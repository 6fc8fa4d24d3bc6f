"""cxmap: customer-journey maps read from the workbooks people have, stored, measured and shown.

Layers, lowest first (each imports only from the ones before it; ``tests/test_layers.py``):
``domain`` → ``files`` → ``storage`` → ``compute`` → ``view`` → ``ui``, then the entry points
``cli`` and ``__main__``.  Only ``cxmap.ui`` imports Streamlit.
"""
