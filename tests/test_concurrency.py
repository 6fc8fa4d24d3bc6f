"""Concurrent saves serialise (issue 9, item 6), with real processes: four runs of
``python -m cxmap import`` replacing one journey at once, each with different content, end with
one whole map (the counts of every table equal to one version's), on SQLite and PostgreSQL; four
processes opening a new database at once migrate it once, without an error.

(The bug: delete-then-insert under READ COMMITTED kept the rows of several imports — 1,900 KPIs
instead of 1,500 — and SQLite ended in IntegrityError tracebacks; a new database raced on its
migrations: "table cxmap_meta already exists", "duplicate key value".)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from cxmap.storage import history, schema
from cxmap.storage.store import Store, head_revision
from tests.conftest import POSTGRES_URL
from tests.workbooks import make_workbook, minimal_sheets

PROJECT = Path(__file__).resolve().parent.parent
PROCESSES = 4
TIMEOUT = 240


def _variant(k: int) -> dict:
    """The same journey, with 300 + 100·k KPIs and 2 + k actions: a mix of two imports shows."""
    sheets = minimal_sheets()
    sheets["KPIs"] = [["kpi", "value", "unit"]] + [
        [f"KPI {k}.{i}", i, "pts"] for i in range(300 + 100 * k)
    ]
    sheets["Actions"] = [["action", "impact", "effort"]] + [
        [f"Action {k}.{i}", 3, 2] for i in range(2 + k)
    ]
    return sheets


def _run_at_once(argvs: list[list[str]], url: str) -> list[subprocess.CompletedProcess]:
    env = {**os.environ, "CXMAP_DATABASE_URL": url, "PYTHONPATH": str(PROJECT)}
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "cxmap", *argv],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv in argvs
    ]
    done = []
    for process in started:
        out, err = process.communicate(timeout=TIMEOUT)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            table.name: conn.execute(text(f"SELECT count(*) FROM {table.name}")).scalar()
            for table in (*schema.MAP_TABLES, schema.journeys)
        }


def test_concurrent_imports_of_one_journey_end_with_one_whole_map(store: Store, tmp_path: Path):
    files = []
    for k in range(PROCESSES):
        path = tmp_path / f"online-store-{k}.xlsx"
        make_workbook(_variant(k), path)
        files.append(path)
    make_workbook(_variant(PROCESSES), tmp_path / "first.xlsx")
    first = _run_at_once([["import", str(tmp_path / "first.xlsx")]], store.url)[0]
    assert first.returncode == 0, first.stderr

    results = _run_at_once([["import", str(path)] for path in files], store.url)

    for result in results:
        assert "Traceback" not in result.stderr and "unexpected failure" not in result.stderr
        assert result.returncode == 0, result.stderr  # they queue: each replaces the map whole
        assert "replaced 'Online store'" in result.stdout
    counts = _counts(store)
    # one whole map: the KPIs and actions of one and the same import, once
    assert (counts["kpis"], counts["actions"]) in {
        (300 + 100 * k, 2 + k) for k in range(PROCESSES)
    }, counts
    k = (counts["kpis"] - 300) // 100
    assert store.load("Online store").kpis[0].name == f"KPI {k}.0"
    assert (counts["journeys"], counts["touchpoints"], counts["stages"]) == (1, 4, 3)
    # each import made a version of its own, and the last one is the map kept
    assert [v.version for v in history.versions(store.engine, "Online store")] == list(
        range(1, PROCESSES + 2)
    )
    assert history.map_at(store.engine, "Online store", PROCESSES + 1) == store.load("Online store")


def test_concurrent_imports_creating_one_journey_end_with_one_whole_map(
    store: Store, tmp_path: Path
):
    files = []
    for k in range(PROCESSES):
        path = tmp_path / f"online-store-{k}.xlsx"
        make_workbook(_variant(k), path)
        files.append(path)

    results = _run_at_once([["import", str(path)] for path in files], store.url)

    for result in results:
        assert "Traceback" not in result.stderr and "unexpected failure" not in result.stderr
        assert result.returncode == 0, result.stderr
    assert sorted("imported" in r.stdout for r in results) == [False, False, False, True]
    counts = _counts(store)
    assert (counts["kpis"], counts["actions"]) in {
        (300 + 100 * k, 2 + k) for k in range(PROCESSES)
    }, counts
    assert store.version_of("Online store") == PROCESSES
    assert history.map_at(store.engine, "Online store", PROCESSES) == store.load("Online store")


# --- a new database opened by several processes at once ---------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database(request: pytest.FixtureRequest, tmp_path: Path):
    """The URL of a database that does not exist yet (PostgreSQL: created empty, dropped after)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new' / 'cxmap.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("CXMAP_TEST_POSTGRES_URL is not set: PostgreSQL store tests skipped")
    name = f"cxmap_new_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_processes_opening_a_new_database_at_once_migrate_it_once(new_database: str):
    results = _run_at_once([["summary", "--json"]] * PROCESSES, new_database)

    for result in results:
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert json.loads(result.stdout) == []
    store = Store(new_database, migrate=False)
    try:
        with store.engine.connect() as conn:
            assert conn.execute(
                text("SELECT version_num FROM alembic_version")
            ).scalars().all() == [head_revision()]
            assert conn.execute(text("SELECT count(*) FROM cxmap_meta")).scalar() >= 1
    finally:
        store.close()
