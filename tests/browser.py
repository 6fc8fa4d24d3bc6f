"""What the browser test files share beyond the helpers of tests/test_browser.py.

- ``browser`` (one Chromium a module, skipped without one outside CI: tests/test_browser.py
  defines it) and ``open_at`` (a tab in a browser context of its own, at a viewport and a
  locale) are fixtures: tests/conftest.py imports them, so every test file has them by name;
- :func:`warmed_server` serves the app over a database, its first session already served.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.live_server import streamlit_server
from tests.test_browser import BANK, browser, link, wait_ready

__all__ = ["browser", "open_at", "warmed_server"]


@pytest.fixture
def open_at(browser) -> Iterator:
    """``open_at(size, locale="fr-FR", **options)``: a new tab in a new browser context (no
    session, cookie or widget state shared with another tab), closed after the test."""
    contexts = []

    def opener(size: dict, locale: str = "fr-FR", **options):
        context = browser.new_context(viewport=size, locale=locale, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield opener
    for context in contexts:
        context.close()


@contextmanager
def warmed_server(database: Path, browser) -> Iterator[str]:
    """The app over ``database``; yields its URL once a first visit is made: the first session
    of a fresh server behaves apart, and the tests must not depend on their order."""
    with streamlit_server(database) as url:
        page = browser.new_page()
        page.goto(link(url, journey=BANK))
        wait_ready(page, "Overview", plotly=2)
        page.close()
        yield url
