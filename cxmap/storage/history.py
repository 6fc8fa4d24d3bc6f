"""Every version of every journey: what changed, when, by whom, and the journey as it stood.

Each change (an import, an edit in the app, a rollback, a deletion, a restoration) bumps the
journey's version number in the same transaction as the change, by compare-and-set: a save
made from a page drawn at version 4 is refused when the journey is at 5 by then, and the
refusal names who made version 5 and when (:class:`StaleSave`).  The version keeps the whole
map as compressed JSON (:func:`snapshot`, exact: every field, order and extra column), so a
rollback saves that very map again and its export is the version's export, cell for cell.  (An
.xlsx export per version was tried first: five times larger to keep and, on a 5,000-row map,
1.3 s per save; JSON takes a few hundredths.)  A deletion only hides the journey; its rows,
answers and history stay, and a restoration shows it again whole.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from cxmap.domain.model import (
    Action,
    Channel,
    Emotion,
    Journey,
    JourneyMap,
    Kpi,
    Persona,
    Scale,
    Stage,
    Touchpoint,
)
from cxmap.domain.report import CxmapError
from cxmap.storage import schema as t
from cxmap.storage.access import Actor

if TYPE_CHECKING:
    from cxmap.storage.store import Store

WHAT = ("import", "edit", "rollback", "delete", "restore", "answers")  # answers: personas
# the author of the first version of a journey saved before cxmap kept a history
BEFORE_HISTORY = Actor("before the history began", None)


@dataclass(frozen=True)
class Version:
    """One change to a journey, as the history lists it."""

    version: int
    at: dt.datetime
    by: str
    what: str
    summary: str
    size: int  # bytes kept for it (its snapshot; 0 for a deletion or a restoration)

    def as_json(self) -> dict[str, object]:
        return {
            "version": self.version,
            "at": self.at.isoformat(),
            "by": self.by,
            "what": self.what,
            "summary": self.summary,
        }


class StaleSave(CxmapError):
    """The journey changed since the page that saves was drawn."""

    def __init__(self, journey: str, latest: Version | None):
        self.journey, self.latest = journey, latest
        who = f" by {latest.by} at {latest.at:%Y-%m-%d %H:%M} UTC" if latest else ""
        super().__init__(f"'{journey}' was changed{who} since you opened it: nothing was saved")


_COLUMNS = (
    t.journey_versions.c.version,
    t.journey_versions.c.at,
    t.journey_versions.c.by,
    t.journey_versions.c.what,
    t.journey_versions.c.summary,
    func.coalesce(func.length(t.journey_versions.c.snapshot), 0),
)


def _version(row: object) -> Version:
    version, at, by, what, summary, size = row  # type: ignore[misc]
    if at is not None and at.tzinfo is None:  # SQLite gives naive datetimes back
        at = at.replace(tzinfo=dt.UTC)
    return Version(version, at, by, what, summary, int(size))


def latest(conn: Connection, name: str) -> Version | None:
    v = t.journey_versions.c
    row = conn.execute(
        select(*_COLUMNS).where(v.journey == name).order_by(v.version.desc()).limit(1)
    ).first()
    return _version(row) if row else None


# pg_advisory_xact_lock's first key for a journey (the second is its name's hash)
JOURNEY_LOCK = 0x6379


def lock(conn: Connection, name: str) -> None:
    """Hold the journey named ``name`` until the transaction ends: the first statement of a
    change, so concurrent changes of one journey run one after the other, each on the map the
    one before left (a replace deletes and inserts: two at once under READ COMMITTED would
    keep the rows of both).  PostgreSQL: a transaction-level advisory lock on the name (it
    serialises the creation of a journey too, which no row lock can); SQLite: the database's
    write lock, taken now by a write and waited for (the connection's busy timeout)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(JOURNEY_LOCK, func.hashtext(name))))
    else:
        conn.execute(
            update(t.meta).where(t.meta.c.key == "data_version").values(value=t.meta.c.value)
        )


def claim(conn: Connection, name: str, expected: int | None, *, undelete: bool = True) -> bool:
    """The first write of a change: bump the journey's version if it is still ``expected``
    (any version when None), and show it again if it was deleted.  Returns False when there is
    no journey of that name yet; raises :class:`StaleSave` when it moved on."""
    j = t.journeys.c
    if expected == 0:  # read before the history began: version 1 is that same state
        first = latest(conn, name)
        if first is not None and first.version == 1 and first.by == BEFORE_HISTORY.name:
            expected = 1
    values: dict[str, object] = {"version": j.version + 1}
    if undelete:
        values["deleted_at"] = None
    statement = update(t.journeys).where(j.name == name).values(**values)
    if expected is not None:
        statement = statement.where(j.version == expected)
    if conn.execute(statement).rowcount:
        return True
    if conn.scalar(select(j.id).where(j.name == name)) is None:
        return False
    raise StaleSave(name, latest(conn, name))


def record(
    conn: Connection,
    name: str,
    *,
    what: str,
    summary: str,
    actor: Actor,
    snapshot: bytes | None,
) -> int:
    """Write the version a change made (after :func:`claim` and the change itself); returns its
    number.  A journey created by this change starts after any history its name already has."""
    j = t.journeys.c
    number = conn.scalar(select(j.version).where(j.name == name)) or 0
    if number == 0:  # just inserted
        before = conn.scalar(
            select(func.max(t.journey_versions.c.version)).where(
                t.journey_versions.c.journey == name
            )
        )
        number = (before or 0) + 1
        conn.execute(update(t.journeys).where(j.name == name).values(version=number))
    conn.execute(
        insert(t.journey_versions).values(
            journey=name,
            version=number,
            at=dt.datetime.now(dt.UTC),
            by=actor.name,
            what=what,
            summary=summary,
            snapshot=snapshot,
        )
    )
    return number


def adopt(store: Store, name: str) -> None:
    """A journey saved before the history existed (version 0) gets its present state as
    version 1 before its first change, so that change can be rolled back too."""
    j = t.journeys.c
    with store.engine.connect() as conn:
        if conn.scalar(select(j.version).where(j.name == name)) != 0:
            return
    kept = snapshot(store.load(name))
    with store.engine.begin() as conn:
        if conn.execute(
            update(t.journeys).where(j.name == name, j.version == 0).values(version=1)
        ).rowcount:
            record(
                conn,
                name,
                what="import",
                summary="the journey as it was when its history began",
                actor=BEFORE_HISTORY,
                snapshot=kept,
            )


def snapshot(journey_map: JourneyMap) -> bytes:
    """What a version keeps of a journey: the whole map as compressed JSON (dates tagged)."""
    return zlib.compress(json.dumps(journey_map, default=_plain, ensure_ascii=False).encode(), 6)


def _plain(value: object) -> object:
    """JSON for what json cannot write itself: the model's dataclasses (field by field, without
    the deep copy of ``asdict``), read-only mappings, and dates."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"a {type(value).__name__} cannot be kept in the history")


def _untag(value: object) -> object:
    if isinstance(value, dict):
        if len(value) == 1 and "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if len(value) == 1 and "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
        return {key: _untag(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_untag(item) for item in value]
    return value


def _item(cls: type, data: dict[str, Any]) -> Any:
    """A model dataclass from its JSON: lists back to tuples where the model has tuples."""
    values = {}
    for f in fields(cls):
        if f.name not in data:
            continue  # a field added to the model since: its default
        value = _untag(data[f.name])
        if isinstance(value, list):
            value = tuple(value)
        values[f.name] = value
    return cls(**values)


ITEMS = {
    "personas": Persona,
    "stages": Stage,
    "channels": Channel,
    "touchpoints": Touchpoint,
    "emotions": Emotion,
    "kpis": Kpi,
    "actions": Action,
}


def unpack(data: bytes) -> JourneyMap:
    """The map a version kept (the inverse of :func:`snapshot`)."""
    raw = json.loads(zlib.decompress(data))
    journey = dict(raw["journey"])
    scale = journey.pop("scale", None)
    return JourneyMap(
        journey=replace(
            _item(Journey, journey), scale=Scale(scale["low"], scale["high"]) if scale else None
        ),
        **{
            kind: tuple(_item(cls, item) for item in raw.get(kind, ()))
            for kind, cls in ITEMS.items()
        },
    )


def edited_actions(
    journey_map: JourneyMap, changes: Mapping[int, Mapping[str, Any]]
) -> tuple[JourneyMap, str]:
    """The map with its actions edited by position, and a line saying what changed."""
    actions = list(journey_map.actions)
    said = []
    for position, values in sorted(changes.items()):
        if values and 0 <= position < len(actions):
            actions[position] = replace(actions[position], **values)
            said.append(
                f"{actions[position].name}: "
                + ", ".join(f"{key} → {value}" for key, value in values.items())
            )
    summary = f"{len(said)} action{'' if len(said) == 1 else 's'} edited" + (
        f" ({'; '.join(said)})" if said else ""
    )
    return replace(journey_map, actions=tuple(actions)), summary[:2000]


def versions(engine: Engine, name: str) -> list[Version]:
    """A journey's history, oldest first (empty for a name never saved)."""
    v = t.journey_versions.c
    with engine.connect() as conn:
        return [
            _version(row)
            for row in conn.execute(select(*_COLUMNS).where(v.journey == name).order_by(v.version))
        ]


def current_version(engine: Engine, name: str) -> int | None:
    """The journey's version number now (None when there is no such journey)."""
    with engine.connect() as conn:
        return conn.scalar(select(t.journeys.c.version).where(t.journeys.c.name == name))


def deleted(engine: Engine) -> list[str]:
    """The names of the journeys deleted (hidden) and not restored."""
    j = t.journeys.c
    with engine.connect() as conn:
        return list(conn.scalars(select(j.name).where(j.deleted_at.is_not(None)).order_by(j.name)))


def map_at(engine: Engine, name: str, version: int) -> JourneyMap:
    """The journey as it stood at ``version`` (a deletion or a restoration keeps the content
    of the version before it)."""
    v = t.journey_versions.c
    with engine.connect() as conn:
        if conn.scalar(select(v.id).where(v.journey == name, v.version == version)) is None:
            numbers = [str(n) for n in conn.scalars(select(v.version).where(v.journey == name))]
            raise CxmapError(
                f"'{name}' has no version {version} (versions: {', '.join(numbers) or 'none'})"
            )
        data = conn.scalar(
            select(v.snapshot)
            .where(v.journey == name, v.version <= version, v.snapshot.is_not(None))
            .order_by(v.version.desc())
            .limit(1)
        )
    if data is None:
        raise CxmapError(f"'{name}' kept no content at version {version}")
    return unpack(bytes(data))


def rollback(store: Store, name: str, to: int, *, expected: int | None = None) -> int:
    """Make a new version of ``name`` equal to version ``to``; returns the new version."""
    store.actor.require("editor", "roll back a journey")
    journey_map = map_at(store.engine, name, to)
    store.save(
        [journey_map], what="rollback", summary=f"back to version {to}", expected={name: expected}
    )
    return current_version(store.engine, name) or 0


def restore(store: Store, name: str) -> int:
    """Show a deleted journey again, whole (its rows and answers were kept); a new version."""
    store.actor.require("editor", "restore a journey")
    j = t.journeys.c
    with store.engine.begin() as conn:
        shown = conn.execute(
            update(t.journeys)
            .where(j.name == name, j.deleted_at.is_not(None))
            .values(deleted_at=None, version=j.version + 1)
        ).rowcount
        if not shown:
            raise CxmapError(f"there is no deleted journey named '{name}'")
        number = record(
            conn, name, what="restore", summary="shown again", actor=store.actor, snapshot=None
        )
        store._bump(conn)
    return number
