"""Shared fixtures: a real store on SQLite and, when CXMAP_TEST_POSTGRES_URL is set, on a
fresh PostgreSQL database created for this test run and dropped after it; the sample
workbooks, one at a time; and the browser tests' Chromium and tabs (tests/browser.py)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, make_url, text

from cxmap.domain.model import JourneyMap
from cxmap.storage import schema
from cxmap.storage.samples import sample_files
from cxmap.storage.store import Store
from tests.browser import browser, open_at  # noqa: F401  (the browser tests' fixtures, by name)
from tests.workbooks import maps_of_sample

POSTGRES_URL = os.environ.get("CXMAP_TEST_POSTGRES_URL")
# a page failure raised, not only shown as a one-line message, so every app test sees it (the
# app's own failure boundary is tested with this unset: tests/test_failure.py)
os.environ["CXMAP_RAISE_PAGE_FAILURES"] = "1"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database of its own for this run (skips when none is configured)."""
    if not POSTGRES_URL:
        pytest.skip("CXMAP_TEST_POSTGRES_URL is not set: PostgreSQL store tests skipped")
    name = f"cxmap_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_store(postgres_url: str) -> Iterator[Store]:
    store = Store(postgres_url)
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    """An empty, migrated store: a new SQLite file, or the run's PostgreSQL database emptied."""
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path / 'cxmap.db'}")
        yield store
        store.close()
        return
    store = request.getfixturevalue("postgres_store")
    names = ", ".join(
        table.name
        for table in (
            *schema.EVENT_TABLES,
            *schema.MAP_TABLES,
            schema.response_tallies,
            schema.responses,
            schema.response_batches,
            schema.journeys,
            schema.users,
            schema.journey_versions,
        )
    )
    with store.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    yield store


@pytest.fixture
def database_url(store: Store, monkeypatch: pytest.MonkeyPatch) -> str:
    """CXMAP_DATABASE_URL pointed at the test store, for the command line."""
    monkeypatch.setenv("CXMAP_DATABASE_URL", store.url)
    return store.url


# Listing data/ at collection is cheap; the workbooks are read by the first test that asks.
@pytest.fixture(params=sample_files(), ids=lambda path: path.stem)
def sample_workbook(request: pytest.FixtureRequest) -> tuple[JourneyMap, ...]:
    """The maps of one sample workbook (a test per workbook, over each map it holds)."""
    return maps_of_sample(request.param)
