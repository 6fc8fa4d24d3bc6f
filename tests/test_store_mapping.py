"""How the store maps each part of a map to its table, declared once for saving and loading,
and the bulk insert of survey answers (bound parameters, in any column order)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import insert, select

from cxmap.domain.model import JourneyMap, Stage
from cxmap.storage import schema
from cxmap.storage.store import _JOURNEY, _MAPPINGS, Store, _Mapping


@pytest.mark.parametrize("mapping", [_JOURNEY, *_MAPPINGS], ids=lambda m: m.attribute)
def test_every_field_of_the_model_is_stored(mapping):
    model_fields = {f.name for f in dataclasses.fields(mapping.model)}
    assert set(mapping.fields) | set(mapping.references) | set(mapping.apart) == model_fields
    for name in mapping.fields:
        assert name in mapping.table.c
    for name in mapping.references:
        assert f"{name}_id" in mapping.table.c


def test_every_part_of_a_journey_map_has_its_mapping():
    parts = {f.name for f in dataclasses.fields(JourneyMap)} - {"journey"}
    assert {m.attribute for m in _MAPPINGS} == parts


def test_a_model_field_without_a_column_is_refused_when_its_mapping_is_declared():
    @dataclasses.dataclass(frozen=True)
    class NewStage(Stage):
        colour: str | None = None

    with pytest.raises(TypeError, match="NewStage: no column for colour"):
        _Mapping("stages", NewStage, schema.stages)


def test_answers_are_inserted_whatever_the_order_of_their_columns(store: Store):
    """The statement's placeholders follow the table's column order; the rows follow the
    caller's: each value must land in its own column (COPY on PostgreSQL, executemany
    elsewhere)."""
    names = ("comment", "score", "batch_id", "metric", "journey_id", "answered_on", "stage")
    with store.engine.begin() as conn:
        jid = conn.execute(
            insert(schema.journeys).values(name="Bulk", state="current", extra={})
        ).inserted_primary_key[0]
        batch = conn.execute(
            insert(schema.response_batches).values(
                journey_id=jid, sha256="0" * 64, form="long", answers=2
            )
        ).inserted_primary_key[0]
        rows = [
            ("Great", 9.0, batch, "nps", jid, dt.date(2026, 3, 31), "Buy"),
            (None, 2.0, batch, "csat", jid, None, None),
        ]
        Store._bulk_answers(conn, iter(rows), names)
    r = schema.responses.c
    with store.engine.connect() as conn:
        found = conn.execute(
            select(*(r[name] for name in names)).where(r.journey_id == jid).order_by(r.score.desc())
        ).all()
    assert [tuple(row) for row in found] == rows
