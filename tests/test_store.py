"""The store: maps saved and loaded unchanged, re-imports that replace, all-or-nothing saves,
and migrations that build exactly the schema of ``cxmap.storage.schema``.

Every test takes the ``store`` fixture, so it runs on a fresh SQLite file and, when
CXMAP_TEST_POSTGRES_URL is set, on a fresh PostgreSQL database.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from itertools import pairwise
from typing import Any

import openpyxl
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, insert, select, text

from cxmap.domain.model import JourneyMap
from cxmap.domain.report import CxmapError
from cxmap.files.reader import read_workbook
from cxmap.storage import schema
from cxmap.storage.store import Store
from tests.workbooks import Sheets, make_workbook, minimal_sheets

# --- workbooks shared with test_roundtrip and test_cli ------------------------------------------


def rich_sheets() -> Sheets:
    """A journey that uses every column: extras on every sheet, real and text dates, percent
    shares, feeling words and emoji, KPIs tied to a stage, touchpoint or persona, negative
    numbers, and actions with a due date, a cost and a reach.  Stages are listed out of order
    and put in order by their `order` column."""
    return {
        "Journeys": [
            [
                "journey",
                "state",
                "emotion scale",
                "description",
                "sector",
                "owner",
                "Workshop date",
                "Budget k€",
            ],
            [
                "Home insurance claim",
                "current",
                "1..5",
                "From the storm to the payout",
                "insurance",
                "Claims team",
                dt.date(2026, 2, 3),
                120,
            ],
        ],
        "Personas": [
            [
                "persona",
                "description",
                "segment",
                "share",
                "age",
                "goals",
                "frustrations",
                "motivations",
                "preferred channels",
                "Interviews",
            ],
            [
                "Homeowner",
                "Owns a house",
                "Families",
                "35 %",
                "35-50",
                "Be paid fast",
                "Paperwork",
                "Peace of mind",
                "Phone; App",
                12,
            ],
            # 0.65 in a cell formatted as a percentage (see rich_workbook)
            ["Tenant", None, "Young renters", 0.65, "20-30", None, None, None, "App", 7],
        ],
        "Stages": [
            ["stage", "order", "phase", "description", "customer goal", "Lead"],
            ["Settle", 3, "retention", "Payment", "Get the money", "Finance"],
            ["Declare", 1, "activation", "First call", "Report the damage", "Claims"],
            ["Assess", 2, "consideration", "Expert visit", "Know the amount", None],
        ],
        "Channels": [
            ["channel", "kind", "category", "Cost per contact"],
            ["Phone", "offline", "Voice", 4.5],
            ["App", "online", "Digital", 0.2],
        ],
        "Touchpoints": [
            [
                "stage",
                "channel",
                "touchpoint",
                "category",
                "qualification",
                "moment of truth",
                "layer",
                "data collection",
                "description",
                "owner",
                "Volume/month",
            ],
            [
                "Declare",
                "Phone",
                "Hotline",
                "service",
                "irritant",
                "yes",
                "frontstage",
                "no",
                "Long wait",
                "Call centre",
                5400,
            ],
            [
                "Declare",
                "App",
                "Photo upload",
                "product",
                "delight",
                "no",
                "frontstage",
                "yes",
                None,
                "Digital team",
                None,
            ],
            [
                "Assess",
                "Phone",
                "Expert booking",
                "service",
                "missing",
                "x",
                "backstage",
                "non",
                None,
                None,
                800,
            ],
            [
                "Settle",
                "App",
                "Payout notice",
                "sales",
                "neutral",
                "no",
                "support",
                "oui",
                None,
                None,
                None,
            ],
        ],
        "Emotions": [
            [
                "persona",
                "stage",
                "touchpoint",
                "emotion",
                "feeling",
                "quote",
                "thinks",
                "does",
                "says",
                "Source",
            ],
            [
                "Homeowner",
                "Declare",
                "Hotline",
                "frustrated",
                None,
                "45 minutes!",
                "Will they pay?",
                "Waits on hold",
                "This is endless",
                "Interview 3",
            ],
            ["Homeowner", "Declare", "Photo upload", 4.5, "relieved", None, None, None, None, None],
            ["Tenant", "Assess", "Expert booking", "😐", None, None, None, None, None, "Survey"],
            ["Tenant", "Settle", None, "ravi", None, "Paid in 3 days", None, None, None, None],
        ],
        "KPIs": [
            [
                "kpi",
                "value",
                "target",
                "unit",
                "direction",
                "period",
                "stage",
                "touchpoint",
                "persona",
                "n",
                "Source",
            ],
            [
                "Wait time",
                45,
                5,
                "min",
                None,
                dt.date(2026, 3, 31),
                "Declare",
                "Hotline",
                None,
                540,
                "Telephony",
            ],
            ["NPS", -3.5, 20, "pts", "higher", "2026-Q1", None, None, "Homeowner", 210, None],
            [
                "Digital share",
                "12 %",
                "30 %",
                None,
                None,
                2026,
                "Declare",
                None,
                "Tenant",
                None,
                None,
            ],
        ],
        "Actions": [
            [
                "action",
                "impact",
                "effort",
                "stage",
                "touchpoint",
                "pain point",
                "type",
                "owner",
                "status",
                "cost",
                "reach",
                "due",
                "expected gain",
                "Sponsor",
            ],
            [
                "Call-back instead of hold",
                5,
                2,
                "Declare",
                "Hotline",
                "45 min wait",
                "transform",
                "Call centre",
                "in progress",
                15000,
                5400,
                dt.date(2026, 6, 30),
                "Fewer calls",
                "COO",
            ],
            [
                "Online expert booking",
                4,
                3,
                None,
                "Expert booking",
                None,
                "add",
                None,
                "idea",
                "2 500",
                800,
                "31/12/2026",
                None,
                None,
            ],
            [
                "Instant payout",
                3,
                5,
                "Settle",
                None,
                None,
                "amplify",
                None,
                "done",
                None,
                None,
                None,
                None,
                None,
            ],
        ],
    }


def rich_workbook() -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(make_workbook(rich_sheets())))
    wb["Personas"]["D3"].number_format = "0%"  # Tenant's share: 0.65 shown as 65 %
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_maps(data: bytes) -> tuple[JourneyMap, ...]:
    """The maps of a workbook that must be valid."""
    result = read_workbook(data)
    assert result.report.errors == []
    return result.maps


def read_one(data: bytes) -> JourneyMap:
    (journey_map,) = read_maps(data)
    return journey_map


def minimal_map() -> JourneyMap:
    return read_one(make_workbook(minimal_sheets()))


def rich_map() -> JourneyMap:
    return read_one(rich_workbook())


# --- helpers -----------------------------------------------------------------------------------

ALL_TABLES = (*schema.MAP_TABLES, schema.responses, schema.journeys, schema.meta)


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every cxmap table, in key order: the database "exactly as it is"."""
    with store.engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in ALL_TABLES
        }


def journey_id(store: Store, name: str) -> int:
    (info,) = [info for info in store.journeys() if info.name == name]
    return info.id


def summary_of(store: Store, name: str) -> dict[str, Any]:
    (item,) = [item for item in store.summary() if item["journey"] == name]
    return item


def add_response(store: Store, name: str) -> None:
    """One survey answer attached to a journey, as a survey import would store it."""
    with store.engine.begin() as conn:
        conn.execute(
            insert(schema.responses).values(
                journey_id=journey_id(store, name),
                answered_on=dt.date(2026, 1, 5),
                touchpoint="Checkout",
                metric="csat",
                score=4,
                comment="ok",
            )
        )


class InjectedFailure(RuntimeError):
    """The failure a test injects in the middle of a save."""


def fail_on_actions(monkeypatch: pytest.MonkeyPatch, *, on_call: int = 1) -> None:
    """Make the ``on_call``-th insert into the actions table fail; other inserts go through.

    Actions are written last for each map, so the failure comes after the journey, its stages,
    touchpoints, emotions and KPIs have been written in the same transaction.
    """
    original = Store._insert
    calls = 0

    def failing(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
        nonlocal calls
        if table is schema.actions:
            calls += 1
            if calls == on_call:
                raise InjectedFailure("the disk is full (injected)")
        original(conn, table, rows)

    monkeypatch.setattr(Store, "_insert", staticmethod(failing))


# --- save and load -----------------------------------------------------------------------------


@pytest.mark.parametrize("make_map", [minimal_map, rich_map], ids=["minimal", "rich"])
def test_a_saved_map_loads_equal_to_what_was_saved(store: Store, make_map) -> None:
    journey_map = make_map()
    store.save([journey_map])
    assert store.load(journey_map.name) == journey_map


def test_the_rich_map_keeps_dates_shares_feelings_and_extras_through_the_store(
    store: Store,
) -> None:
    # dataclass equality above covers this; these are the values most likely to be mangled
    store.save([rich_map()])
    loaded = store.load("Home insurance claim")
    assert loaded.journey.extra == {"Workshop date": "2026-02-03", "Budget k€": 120}
    assert [p.share for p in loaded.personas] == [35.0, 65.0]
    assert loaded.personas[0].preferred_channels == ("Phone", "App")
    assert [(e.score, e.feeling) for e in loaded.emotions] == [
        (2.0, "frustrated"),
        (4.5, "relieved"),
        (3.0, "😐"),
        (5.0, "ravi"),
    ]
    assert [(k.stage, k.touchpoint, k.persona) for k in loaded.kpis] == [
        ("Declare", "Hotline", None),
        (None, None, "Homeowner"),
        ("Declare", None, "Tenant"),
    ]
    assert loaded.kpis[1].value == -3.5
    assert [(a.due, a.cost, a.reach) for a in loaded.actions] == [
        (dt.date(2026, 6, 30), 15000.0, 5400.0),
        (dt.date(2026, 12, 31), 2500.0, 800.0),
        (None, None, None),
    ]


def test_two_journeys_with_the_same_stage_and_touchpoint_names_are_kept_apart(store: Store) -> None:
    first = minimal_map()
    second = replace(
        first,
        journey=replace(first.journey, name="Online store — copy"),
        emotions=first.emotions[:1],
    )
    store.save([first, second])
    assert store.load(first.name) == first
    assert store.load(second.name) == second


def test_save_says_whether_each_journey_was_imported_or_replaced(store: Store) -> None:
    first = store.save([minimal_map()])
    again = store.save([minimal_map(), rich_map()])
    assert [(s.name, s.replaced) for s in first] == [("Online store", False)]
    assert [(s.name, s.replaced) for s in again] == [
        ("Online store", True),
        ("Home insurance claim", False),
    ]


def test_loading_an_unknown_journey_raises_an_error_naming_it(store: Store) -> None:
    store.save([minimal_map()])
    with pytest.raises(CxmapError, match="no journey named 'Nowhere'"):
        store.load("Nowhere")


def test_one_save_cannot_hold_the_same_journey_twice(store: Store) -> None:
    with pytest.raises(CxmapError, match="twice"):
        store.save([minimal_map(), minimal_map()])
    assert store.names() == []


# --- a re-import replaces the journey as a whole -------------------------------------------------


def smaller_sheets() -> Sheets:
    """The minimal journey after a second workshop: one persona, one touchpoint and every row
    that referred to them are gone, one stage is renamed and the stages are reordered."""
    sheets = minimal_sheets()
    sheets["Personas"] = [row for row in sheets["Personas"] if row[0] != "Anxious"]
    sheets["Stages"] = [
        ["stage", "phase"],
        ["Buy", "decision"],
        ["Discover", "awareness"],
        ["Come back", "advocacy"],
    ]
    sheets["Touchpoints"] = [row for row in sheets["Touchpoints"] if row[2] != "Click and collect"]
    for name, stage in (("Touchpoints", 0), ("Emotions", 1)):
        for row in sheets[name]:
            row[stage] = "Come back" if row[stage] == "Stay loyal" else row[stage]
    sheets["Emotions"] = [row for row in sheets["Emotions"] if row[0] != "Anxious"]
    return sheets


def test_reimport_counts_are_those_of_the_new_file_not_the_sum(store: Store) -> None:
    store.save([minimal_map()])
    smaller = read_one(make_workbook(smaller_sheets()))
    store.save([smaller])
    assert summary_of(store, "Online store") == {
        "journey": "Online store",
        "state": "current",
        "stages": ["Buy", "Discover", "Come back"],
        "personas": 1,
        "channels": 2,
        "touchpoints": 3,
        "irritants": 1,
        "delights": 1,
        "missing": 0,
        "emotions": 2,
        "kpis": 2,
        "actions": 1,
        "responses": 0,
    }


def test_reimport_removes_the_rows_the_new_file_no_longer_has(store: Store) -> None:
    store.save([minimal_map()])
    smaller = read_one(make_workbook(smaller_sheets()))
    store.save([smaller])
    loaded = store.load("Online store")
    assert loaded == smaller
    assert "Anxious" not in [p.name for p in loaded.personas]
    assert "Click and collect" not in [t.name for t in loaded.touchpoints]
    with store.engine.connect() as conn:
        stage_rows = conn.scalar(select(func.count()).select_from(schema.stages))
    assert stage_rows == 3  # the old stages were deleted, not left beside the new ones


def test_reimport_keeps_the_journey_id(store: Store) -> None:
    # another journey saved after it, so that a delete-and-insert could not reuse the same key
    store.save([minimal_map()])
    store.save([rich_map()])
    before = journey_id(store, "Online store")
    store.save([read_one(make_workbook(smaller_sheets()))])
    assert journey_id(store, "Online store") == before
    assert sorted(store.names()) == ["Home insurance claim", "Online store"]


def test_reimport_keeps_the_survey_answers_of_the_journey(store: Store) -> None:
    store.save([minimal_map()])
    add_response(store, "Online store")
    store.save([minimal_map()])
    assert summary_of(store, "Online store")["responses"] == 1


def test_reimport_leaves_other_journeys_alone(store: Store) -> None:
    store.save([minimal_map(), rich_map()])
    store.save([read_one(make_workbook(smaller_sheets()))])
    assert store.load("Home insurance claim") == rich_map()


# --- summary and data version ----------------------------------------------------------------


def test_summary_counts_everything_a_journey_holds(store: Store) -> None:
    store.save([rich_map()])
    add_response(store, "Home insurance claim")
    assert store.summary() == [
        {
            "journey": "Home insurance claim",
            "state": "current",
            "stages": ["Declare", "Assess", "Settle"],
            "personas": 2,
            "channels": 2,
            "touchpoints": 4,
            "irritants": 1,
            "delights": 1,
            "missing": 1,
            "emotions": 4,
            "kpis": 3,
            "actions": 3,
            "responses": 1,
        }
    ]


def test_summary_lists_stages_in_journey_order_not_by_name(store: Store) -> None:
    sheets = minimal_sheets()
    sheets["Stages"] = [["stage", "order"], ["Zebra", 1], ["Apple", 2], ["Mango", 3]]
    renamed = {"Discover": "Zebra", "Buy": "Apple", "Stay loyal": "Mango"}
    for name, stage in (("Touchpoints", 0), ("Emotions", 1)):
        for row in sheets[name][1:]:
            row[stage] = renamed[row[stage]]
    store.save([read_one(make_workbook(sheets))])
    assert summary_of(store, "Online store")["stages"] == ["Zebra", "Apple", "Mango"]


def test_summary_has_one_entry_per_journey_with_its_own_counts(store: Store) -> None:
    store.save([minimal_map(), rich_map()])
    by_name = {item["journey"]: item for item in store.summary()}
    assert set(by_name) == {"Online store", "Home insurance claim"}
    assert by_name["Online store"]["touchpoints"] == 4
    assert by_name["Home insurance claim"]["touchpoints"] == 4
    assert by_name["Online store"]["emotions"] == 4
    assert by_name["Home insurance claim"]["kpis"] == 3
    assert by_name["Online store"]["kpis"] == 2


def test_summary_of_an_empty_store_is_an_empty_list(store: Store) -> None:
    assert store.summary() == []


def test_data_version_increases_on_every_save_and_delete(store: Store) -> None:
    versions = [store.data_version()]
    store.save([minimal_map()])
    versions.append(store.data_version())
    store.save([minimal_map()])  # a replace is a save too
    versions.append(store.data_version())
    store.save([rich_map()])
    versions.append(store.data_version())
    store.delete("Online store")
    versions.append(store.data_version())
    assert all(later > earlier for earlier, later in pairwise(versions)), versions


# --- delete ------------------------------------------------------------------------------------


# (issue 12: `delete` now hides a journey and keeps it for a restoration; `purge` is the old
# delete, which removes every row for good)
def test_purge_removes_the_journey_and_every_row_of_it(store: Store) -> None:
    store.save([minimal_map(), rich_map()])
    add_response(store, "Online store")
    gone = journey_id(store, "Online store")
    assert store.purge("Online store") is True
    assert store.names() == ["Home insurance claim"]
    with store.engine.connect() as conn:
        left = {
            table.name: conn.scalar(
                select(func.count()).select_from(table).where(table.c.journey_id == gone)
            )
            for table in (*schema.MAP_TABLES, schema.responses)
        }
    assert left == dict.fromkeys(left, 0)
    with pytest.raises(CxmapError):
        store.load("Online store")


def test_delete_keeps_the_other_journeys_whole(store: Store) -> None:
    store.save([minimal_map(), rich_map()])
    store.delete("Online store")
    assert store.load("Home insurance claim") == rich_map()


def test_deleting_an_unknown_journey_returns_false_and_changes_nothing(store: Store) -> None:
    store.save([minimal_map()])
    before = snapshot(store)
    assert store.delete("Nowhere") is False
    assert snapshot(store) == before


# --- all or nothing ----------------------------------------------------------------------------


def test_a_failed_save_of_a_new_journey_leaves_nothing_of_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(store)
    fail_on_actions(monkeypatch)
    with pytest.raises(InjectedFailure):
        store.save([rich_map()])
    assert store.names() == []
    assert snapshot(store) == before


def test_a_failed_replace_keeps_the_old_version_intact(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = minimal_map()
    store.save([old])
    before, version = snapshot(store), store.data_version()
    fail_on_actions(monkeypatch)
    with pytest.raises(InjectedFailure):
        store.save([read_one(make_workbook(smaller_sheets()))])
    assert store.load("Online store") == old
    assert store.data_version() == version
    assert snapshot(store) == before


def test_a_save_of_two_maps_whose_second_fails_saves_neither(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, version = snapshot(store), store.data_version()
    fail_on_actions(monkeypatch, on_call=2)  # the first map's actions go through
    with pytest.raises(InjectedFailure):
        store.save([minimal_map(), rich_map()])
    assert store.names() == []
    assert store.data_version() == version
    assert snapshot(store) == before


def test_a_failed_save_does_not_break_the_next_one(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_on_actions(monkeypatch)
    with pytest.raises(InjectedFailure):
        store.save([minimal_map()])
    monkeypatch.undo()
    store.save([minimal_map()])
    assert store.load("Online store") == minimal_map()


# --- migrations --------------------------------------------------------------------------------


def test_the_migrated_schema_matches_the_table_definitions(store: Store) -> None:
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    assert differences == []


def test_opening_a_store_twice_on_the_same_database_is_harmless(store: Store) -> None:
    store.save([rich_map()])
    before, version = snapshot(store), store.data_version()
    again = Store(store.url)
    try:
        assert again.load("Home insurance claim") == rich_map()
        assert again.data_version() == version
        assert snapshot(again) == before
        with again.engine.connect() as conn:
            revisions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        assert len(revisions) == 1
        again.save([minimal_map()])  # and the second one writes normally
    finally:
        again.close()
    assert store.load("Online store") == minimal_map()
