"""Event logs in the database: importing a log as one batch, and the SQL that measures it.

Importing streams the log chunk by chunk into ``events`` in one transaction (COPY on
PostgreSQL, executemany elsewhere): the same file a second time adds nothing.  Each activity is
resolved to the touchpoint (and so the stage) it counts for when it is imported; an activity on
no touchpoint is kept, with no stage, and reported.

Every measure is one SQL statement run in the database (window functions and GROUP BY, on
SQLite and PostgreSQL alike): no event is ever loaded into Python to be counted.  The functions
here return plain rows; :mod:`cxmap.compute.journey_log` turns them into typed results.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    union_all,
    update,
)

from cxmap.domain.report import CxmapError, Report
from cxmap.domain.vocabulary import normalise
from cxmap.files.events import (
    DEFAULT_EVENT_LIMITS,
    NAMED_BY_HEADERS,
    EventLimits,
    EventOptions,
    activity_targets,
    read_event_log,
)
from cxmap.storage import schema as t
from cxmap.storage.store import Store

UNMAPPED_LISTED = 10
_INSERT_ROWS = 50_000
_COLUMNS = (
    "journey_id",
    "batch_id",
    "case_key",
    "case_id",
    "activity",
    "at",
    "stage",
    "touchpoint",
    "channel",
    "persona",
)


@dataclass(frozen=True)
class SavedEvents:
    """What importing a log did: events added (0 when the same file was already imported,
    then ``duplicate_of`` says when), the cases, and the activities on no touchpoint."""

    filename: str
    added: int
    cases: int = 0
    skipped: int = 0
    form: str = ""
    columns: Mapping[str, str] = field(default_factory=dict)
    unmapped_events: int = 0
    unmapped: tuple[tuple[str, int], ...] = ()  # the top ten: (activity, events)
    unmapped_activities: int = 0
    duplicate_of: dt.datetime | None = None
    report: Report = field(default_factory=Report)


@dataclass(frozen=True)
class EventFilters:
    """Which events count: channels and personas (empty: all), and a period (UTC, inclusive
    start, exclusive end)."""

    channels: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    start: dt.datetime | None = None
    end: dt.datetime | None = None


ALL_EVENTS = EventFilters()


def to_ms(moment: dt.datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def from_ms(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


# --- importing ----------------------------------------------------------------------------------


def import_events(
    store: Store,
    journey: str,
    source: Path | bytes,
    *,
    filename: str | None = None,
    options: EventOptions = NAMED_BY_HEADERS,
    mapping: Mapping[str, str] | None = None,
    limits: EventLimits = DEFAULT_EVENT_LIMITS,
) -> SavedEvents:
    """Read an event log and append it to a journey as one batch, in one transaction.

    ``mapping`` maps activities to touchpoint names (``--map``); other activities count for the
    touchpoint whose events (or name) they match.  Raises RejectedFile for a file that cannot be
    read; nothing is saved then."""
    store.actor.require("editor", "import an event log")
    journey_map = store.load(journey)
    activity_targets(journey_map, mapping)  # an unknown touchpoint is refused before reading
    personas = {normalise(p.name): p.name for p in journey_map.personas}
    channels = {normalise(c.name): c.name for c in journey_map.channels}
    log = read_event_log(source, filename=filename, options=options, limits=limits)
    unmapped: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    with store.engine.begin() as conn:
        jid = journey_id(conn, journey)
        # the mappings asked for at earlier imports still hold, unless this one says otherwise
        asked = {**_asked_mappings(conn, jid, journey_map), **(mapping or {})}
        targets = activity_targets(journey_map, asked)
        earlier = conn.scalar(
            select(t.event_batches.c.imported_at).where(
                t.event_batches.c.journey_id == jid, t.event_batches.c.sha256 == log.sha256
            )
        )
        if earlier is not None:
            return SavedEvents(log.filename, 0, duplicate_of=earlier, form=log.form)
        batch = conn.execute(
            insert(t.event_batches).values(
                journey_id=jid,
                sha256=log.sha256,
                filename=log.filename,
                form=log.form,
                events=0,
                skipped=0,
                columns={},
                imported_at=dt.datetime.now(dt.UTC),
            )
        ).inserted_primary_key[0]

        stage_of: dict[str, str | None] = {}
        touchpoint_of: dict[str, str | None] = {}
        channel_of: dict[str, str | None] = {}  # the touchpoint's, when the log names none
        named: dict[str, str | None] = {}
        keys: dict[str, int] = {}
        seen: dict[str, set[str | None]] = {"channel": set(), "persona": set()}

        def rows() -> Iterable[Iterable[tuple]]:
            """The events as rows, chunk by chunk, built a column at a time (dict look-ups
            over a chunk's distinct values, then zip): no Python statement runs per event."""
            for chunk in log.chunks():
                for activity in set(chunk.activity) - stage_of.keys():
                    target = targets.get(normalise(activity))
                    stage_of[activity] = target.stage if target else None
                    touchpoint_of[activity] = target.touchpoint if target else None
                    channel_of[activity] = target.channel if target else None
                for value in (set(chunk.channel) | set(chunk.persona)) - named.keys():
                    key = normalise(value)
                    named[value] = channels.get(key) or personas.get(key) or value or None
                for case_id in set(chunk.case) - keys.keys():
                    keys[case_id] = case_key(case_id)
                activities = chunk.activity.tolist()
                counted.update(activities)
                stage = [stage_of[a] for a in activities]
                unmapped.update(a for a, s in zip(activities, stage) if s is None)
                channel = [
                    named[c] or channel_of[a] for c, a in zip(chunk.channel.tolist(), activities)
                ]
                persona = [named[p] for p in chunk.persona.tolist()]
                seen["channel"].update(channel)
                seen["persona"].update(persona)
                yield zip(
                    repeat(jid),
                    repeat(batch),
                    [keys[c] for c in chunk.case],
                    chunk.case.tolist(),
                    activities,
                    chunk.at.tolist(),
                    stage,
                    [touchpoint_of[a] for a in activities],
                    channel,
                    persona,
                )

        fresh = not any_events(conn, jid)  # this batch's channels and personas are the log's
        rebuild = conn.dialect.name == "sqlite" and _large(source)
        index = next(i for i in t.events.indexes if i.name == "ix_events_stage")
        if rebuild:  # one sort at the end beats a million random insertions into the index
            index.drop(conn, checkfirst=True)
        _bulk_insert(conn, rows())
        if rebuild:
            index.create(conn)  # as the schema declares it
        cases = len(keys)
        conn.execute(
            update(t.event_batches)
            .where(t.event_batches.c.id == batch)
            .values(events=log.events, skipped=log.skipped, columns=dict(log.columns))
        )
        if log.events:
            wanted = {normalise(a): tp for a, tp in (mapping or {}).items()}
            _count_activities(
                conn,
                jid,
                [
                    (a, n, stage_of[a], touchpoint_of[a], wanted.get(normalise(a)))
                    for a, n in counted.items()
                ],
            )
            stages = [s.name for s in journey_map.stages]
            keep_measures(conn, jid, stages, added=seen, fresh=fresh)
            Store._bump(conn)
    return SavedEvents(
        log.filename,
        log.events,
        cases=cases or 0,
        skipped=log.skipped,
        form=log.form,
        columns=dict(log.columns),
        unmapped_events=sum(unmapped.values()),
        unmapped=tuple(unmapped.most_common(UNMAPPED_LISTED)),
        unmapped_activities=len(unmapped),
        report=log.report,
    )


def _asked_mappings(conn: Connection, jid: int, journey_map: Any) -> dict[str, str]:
    """Activity -> the touchpoint asked for at an earlier import, while the map still has it."""
    a = t.event_activities.c
    names = {normalise(tp.name) for tp in journey_map.touchpoints}
    rows = conn.execute(
        select(a.activity, a.mapped_to).where(a.journey_id == jid, a.mapped_to.is_not(None))
    )
    return {activity: to for activity, to in rows if normalise(to) in names}


def _count_activities(
    conn: Connection, jid: int, rows: Sequence[tuple[str, int, str | None, str | None, str | None]]
) -> None:
    """Add a batch's activities to the journey's (activity, events, stage, touchpoint, the
    touchpoint asked for or None)."""
    a = t.event_activities
    known = {
        activity: (events, mapped_to)
        for activity, events, mapped_to in conn.execute(
            select(a.c.activity, a.c.events, a.c.mapped_to).where(a.c.journey_id == jid)
        )
    }
    new, old = [], []
    for activity, n, stage, touchpoint, asked in rows:
        row = {"a": activity, "stage": stage, "touchpoint": touchpoint}
        if activity in known:
            events, mapped_to = known[activity]
            old.append({**row, "events": events + n, "mapped_to": asked or mapped_to})
        else:
            new.append({**row, "events": n, "mapped_to": asked})
    if new:
        conn.execute(
            insert(a),
            [
                {
                    "journey_id": jid,
                    "activity": r["a"],
                    "stage": r["stage"],
                    "touchpoint": r["touchpoint"],
                    "mapped_to": r["mapped_to"],
                    "events": r["events"],
                }
                for r in new
            ],
        )
    if old:
        conn.execute(
            update(a)
            .where(a.c.journey_id == jid, a.c.activity == bindparam("a"))
            .values(
                stage=bindparam("stage"),
                touchpoint=bindparam("touchpoint"),
                events=bindparam("events"),
                mapped_to=bindparam("mapped_to"),
            ),
            old,
        )


def follow_map(
    conn: Connection,
    jid: int,
    journey_map: Any,
    mapping: Mapping[str, str | None] | None = None,
) -> int:
    """After a journey's map is saved (or its activities mapped again): each activity of its
    log matched again — to the touchpoint asked for (``mapping``, then earlier imports'), else
    by the touchpoints' events and names — its events moved to the touchpoint and stage it
    now counts for, and the kept measures computed again when anything they stand on moved.
    ``mapping`` maps activities to a touchpoint name, or to None to forget what was asked.
    Returns how many activities now count elsewhere.  Nothing to do without an event log."""
    a = t.event_activities
    rows = conn.execute(
        select(a.c.activity, a.c.stage, a.c.touchpoint, a.c.mapped_to).where(a.c.journey_id == jid)
    ).all()
    if not rows:
        return 0
    names = {normalise(tp.name) for tp in journey_map.touchpoints}
    wanted = {normalise(k): v for k, v in (mapping or {}).items()}
    asked: dict[str, str | None] = {}
    for activity, _stage, _touchpoint, mapped_to in rows:
        to = wanted.get(normalise(activity), mapped_to)
        asked[activity] = to if to and normalise(to) in names else None
    targets = activity_targets(journey_map, {k: v for k, v in asked.items() if v})
    moved, relocated = [], []
    for activity, stage, touchpoint, mapped_to in rows:
        target = targets.get(normalise(activity))
        now = (target.stage, target.touchpoint) if target else (None, None)
        if now != (stage, touchpoint):
            relocated.append(activity)
        if now != (stage, touchpoint) or asked[activity] != mapped_to:
            moved.append({"a": activity, "stage": now[0], "tp": now[1], "to": asked[activity]})
    if moved:
        conn.execute(
            update(a)
            .where(a.c.journey_id == jid, a.c.activity == bindparam("a"))
            .values(
                stage=bindparam("stage"), touchpoint=bindparam("tp"), mapped_to=bindparam("to")
            ),
            moved,
        )
    e = t.events
    now = select(a.c.stage).where(a.c.journey_id == e.c.journey_id, a.c.activity == e.c.activity)
    for start in range(0, len(relocated), 500):  # a bounded IN list on every database
        conn.execute(
            update(e)
            .where(e.c.journey_id == jid, e.c.activity.in_(relocated[start : start + 500]))
            .values(
                stage=now.scalar_subquery(),
                touchpoint=now.with_only_columns(a.c.touchpoint).scalar_subquery(),
            )
        )
    stages = [s.name for s in journey_map.stages]
    m = t.event_measures.c
    kept = conn.scalar(select(m.stages).where(m.journey_id == jid))
    if relocated or kept is None or list(kept) != stages:
        keep_measures(conn, jid, stages, added={"channel": (), "persona": ()})
    return len(relocated)


def remap(store: Store, journey: str, mapping: Mapping[str, str | None]) -> int:
    """Map a journey's logged activities to other touchpoints (``None``: forget what was asked
    and match by the touchpoints' events and names again); their events follow.  Returns how
    many activities now count elsewhere."""
    store.actor.require("editor", "map an event log's activities")
    journey_map = store.load(journey)
    activity_targets(journey_map, {k: v for k, v in mapping.items() if v})  # unknown: refused
    with store.engine.begin() as conn:
        moved = follow_map(conn, journey_id(conn, journey), journey_map, mapping)
        Store._bump(conn)
    return moved


def activities(conn: Connection, jid: int) -> list[tuple[str, int, str | None, str | None]]:
    """Every activity of a journey's log: (activity, events, touchpoint, the touchpoint asked
    for or None), the commonest first."""
    a = t.event_activities.c
    query = (
        select(a.activity, a.events, a.touchpoint, a.mapped_to)
        .where(a.journey_id == jid)
        .order_by(a.events.desc(), a.activity)
    )
    return [(activity, int(n), tp, to) for activity, n, tp, to in conn.execute(query)]


REBUILD_BYTES = 16 * 1024 * 1024  # about 200,000 events of CSV


def _large(source: Path | bytes) -> bool:
    """Whether a log is large enough that SQLite should rebuild the events index after it
    rather than update it row by row (the rebuild sorts every event, old ones included)."""
    size = len(source) if isinstance(source, bytes) else source.stat().st_size
    return size >= REBUILD_BYTES


def case_key(case_id: str) -> int:
    """A case's 64-bit key (BLAKE2b of its id): every measure groups, sorts and joins on this
    integer instead of the text, and the same case in two files gets the same key without a
    lookup.  Two of a million cases collide with odds of about 1 in 30 million."""
    digest = hashlib.blake2b(case_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _bulk_insert(conn: Connection, chunks: Iterable[Iterable[tuple]]) -> None:
    """Many events fast: COPY on PostgreSQL, one executemany per chunk elsewhere."""
    listed = ", ".join(_COLUMNS)  # fixed names, never user text
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY events ({listed}) FROM STDIN") as copy:
            for chunk in chunks:
                for row in chunk:
                    copy.write_row(row)
        return
    marks = ", ".join("?" if conn.dialect.paramstyle == "qmark" else "%s" for _ in _COLUMNS)
    cursor = conn.connection.driver_connection.cursor()
    for chunk in chunks:
        cursor.executemany(f"INSERT INTO events ({listed}) VALUES ({marks})", chunk)


# --- the whole log's measures, kept at import -----------------------------------------------------


def keep_measures(
    conn: Connection,
    jid: int,
    stages: Sequence[str],
    *,
    added: Mapping[str, Iterable[str | None]] | None = None,
    fresh: bool = False,
) -> None:
    """Run every measure over the journey's whole log (no filter, all ``stages`` in map order)
    and keep the results (``event_measures``): the measured journey then opens without walking
    the events again.  Called in the import's transaction, so a failed import keeps nothing.

    ``added``: the channels and personas of the batch just imported; with those kept before
    (none when the batch is the log's first, ``fresh``), they are the log's; else they are read
    from the events."""
    known = None if added is None else ([], []) if fresh else kept_values(conn, jid)
    if known is not None:
        channels, personas = (
            sorted({*old, *(v for v in added[column] if v)})
            for column, old in zip(("channel", "persona"), known)
        )
    else:
        channels, personas = values(conn, jid, "channel"), values(conn, jid, "persona")
    events, cases, first, last = totals(conn, jid, ALL_EVENTS)
    # the activities on no touchpoint, as event_activities counts them (no walk of the events)
    off_map = [(a, n) for a, n, tp, _to in activities(conn, jid) if tp is None]
    off_map.sort(key=lambda row: (-row[1], row[0]))
    top, unmapped_events = off_map[:UNMAPPED_LISTED], sum(n for _a, n in off_map)
    measures = {
        "totals": [events, cases, first, last],
        "reached": reached(conn, jid, ALL_EVENTS),
        "funnel": [list(row) for row in funnel(conn, jid, stages, ALL_EVENTS)],
        "variants": [[list(path), n] for path, n in variants(conn, jid, stages, ALL_EVENTS)],
        "touchpoints": [list(row) for row in touchpoint_counts(conn, jid, ALL_EVENTS)],
        "unmapped": [[list(row) for row in top], unmapped_events, len(off_map)],
        "channels": channels,
        "personas": personas,
    }
    conn.execute(t.event_measures.delete().where(t.event_measures.c.journey_id == jid))
    conn.execute(
        insert(t.event_measures).values(
            journey_id=jid,
            stages=list(stages),
            measures=measures,
            computed_at=dt.datetime.now(dt.UTC),
        )
    )


def kept_measures(
    conn: Connection, jid: int, stages: Sequence[str], filters: EventFilters
) -> dict[str, Any] | None:
    """The measures kept at the last import, when they answer this question: no filter, and
    the same stages in the same order (a map edited since is measured live)."""
    if filters != ALL_EVENTS:
        return None
    row = conn.execute(
        select(t.event_measures.c.stages, t.event_measures.c.measures).where(
            t.event_measures.c.journey_id == jid
        )
    ).first()
    if row is None or list(row.stages) != list(stages):
        return None
    return row.measures


def kept_values(conn: Connection, jid: int) -> tuple[list[str], list[str]] | None:
    """The log's channels and personas as kept at the last import (whatever the filters: they
    are the filters' choices), or None when nothing was kept."""
    measures = conn.scalar(
        select(t.event_measures.c.measures).where(t.event_measures.c.journey_id == jid)
    )
    if measures is None:
        return None
    return list(measures["channels"]), list(measures["personas"])


# --- measuring ----------------------------------------------------------------------------------


def journey_id(conn: Connection, journey: str) -> int:
    jid = conn.scalar(select(t.journeys.c.id).where(t.journeys.c.name == journey))
    if jid is None:
        raise CxmapError(f"there is no journey named '{journey}'")
    return jid


def _where(jid: int, filters: EventFilters) -> list[Any]:
    e = t.events.c
    clauses: list[Any] = [e.journey_id == jid]
    if filters.channels:
        clauses.append(e.channel.in_(filters.channels))
    if filters.personas:
        clauses.append(e.persona.in_(filters.personas))
    if filters.start is not None:
        clauses.append(e.at >= to_ms(filters.start))
    if filters.end is not None:
        clauses.append(e.at < to_ms(filters.end))
    return clauses


def totals(
    conn: Connection, jid: int, filters: EventFilters
) -> tuple[int, int, int | None, int | None]:
    """Events, cases, first and last time (ms) of the filtered log."""
    e = t.events.c
    row = conn.execute(
        select(
            func.count(), func.count(func.distinct(e.case_key)), func.min(e.at), func.max(e.at)
        ).where(*_where(jid, filters))
    ).one()
    return int(row[0]), int(row[1]), row[2], row[3]


def any_events(conn: Connection, jid: int) -> bool:
    """Whether the journey has an event log (one index probe, not a count)."""
    e = t.events.c
    return conn.scalar(select(e.id).where(e.journey_id == jid).limit(1)) is not None


def reached(conn: Connection, jid: int, filters: EventFilters) -> dict[str, int]:
    """Stage -> cases with at least one event at it."""
    e = t.events.c
    query = (
        select(e.stage, func.count(func.distinct(e.case_key)))
        .where(*_where(jid, filters), e.stage.is_not(None))
        .group_by(e.stage)
    )
    return {stage: int(n) for stage, n in conn.execute(query)}


def funnel(
    conn: Connection, jid: int, stages: Sequence[str], filters: EventFilters
) -> list[tuple[int, float | None]]:
    """Per stage in the order given: (cases in the strict funnel, median ms from the previous
    stage's counted event).

    One statement: a CTE per stage holds each funnel case's counted event there — its earliest
    event at the stage at or after the previous stage's counted event — and a window function
    (ROW_NUMBER over the gaps) picks the median.
    """
    if not stages:
        return []
    e = t.events
    where = _where(jid, filters)
    steps = []
    previous = None
    for k, stage in enumerate(stages):
        if previous is None:
            query = (
                select(
                    e.c.case_key,
                    func.min(e.c.at).label("at"),
                    cast(null(), Integer).label("gap"),
                )
                .where(*where, e.c.stage == stage)
                .group_by(e.c.case_key)
            )
        else:
            query = (
                select(
                    e.c.case_key,
                    func.min(e.c.at).label("at"),
                    (func.min(e.c.at) - previous.c.at).label("gap"),
                )
                .select_from(
                    e.join(
                        previous,
                        and_(previous.c.case_key == e.c.case_key, e.c.at >= previous.c.at),
                    )
                )
                .where(*where, e.c.stage == stage)
                .group_by(e.c.case_key, previous.c.at)
            )
        previous = query.cte(f"step{k}")
        steps.append(previous)
    parts = []
    for k, step in enumerate(steps):
        ranked = select(
            step.c.gap,
            func.row_number().over(order_by=step.c.gap).label("rn"),
            func.count().over().label("n"),
        ).subquery()
        median = (
            select(func.avg(ranked.c.gap))
            .where(ranked.c.rn * 2 >= ranked.c.n, ranked.c.rn * 2 <= ranked.c.n + 2)
            .scalar_subquery()
        )
        count = select(func.count()).select_from(step).scalar_subquery()
        parts.append(select(literal(k).label("k"), count.label("funnel"), median.label("median")))
    rows = conn.execute(union_all(*parts)).all()
    by_k = {int(k): (int(n), None if m is None else float(m)) for k, n, m in rows}
    return [by_k[k] for k in range(len(stages))]


def _collapsed(jid: int, stages: Sequence[str], filters: EventFilters) -> Any:
    """Each case's events at the stages, in time order (ties in file order), with consecutive
    repeats of a stage collapsed to the first: (case_key, pos, at, id)."""
    e = t.events.c
    pos = case({name: i for i, name in enumerate(stages)}, value=e.stage)
    order = (e.at, e.id)
    walked = (
        select(
            e.case_key,
            pos.label("pos"),
            e.at,
            e.id,
            func.lag(pos).over(partition_by=e.case_key, order_by=order).label("prev"),
        )
        .where(*_where(jid, filters), e.stage.in_(stages))
        .subquery("walked")
    )
    return (
        select(walked.c.case_key, walked.c.pos, walked.c.at, walked.c.id)
        .where(or_(walked.c.prev.is_(None), walked.c.prev != walked.c.pos))
        .cte("collapsed")
    )


def variants(
    conn: Connection, jid: int, stages: Sequence[str], filters: EventFilters
) -> list[tuple[tuple[int, ...], int]]:
    """Every path (the stage positions a case went through, in time order, consecutive
    repeats collapsed) with its cases, most cases first.  One statement: LAG collapses the
    repeats, an ordered aggregate strings each case's stages, GROUP BY counts the paths."""
    if not stages:
        return []
    c = _collapsed(jid, stages, filters)
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import aggregate_order_by

        path = func.array_to_string(
            func.array_agg(aggregate_order_by(c.c.pos, c.c.at, c.c.id)), ","
        )
        per_case = select(path.label("path")).group_by(c.c.case_key).subquery("per_case")
    else:  # SQLite before 3.44 has no ORDER BY in an aggregate: a window keeps the order
        window = dict(partition_by=c.c.case_key, order_by=(c.c.at, c.c.id))
        steps = select(
            func.group_concat(cast(c.c.pos, String), ",")
            .over(**window, rows=(None, None))
            .label("path"),
            func.row_number().over(**window).label("rn"),
        ).subquery("steps")
        per_case = select(steps.c.path).where(steps.c.rn == 1).subquery("per_case")
    query = (
        select(per_case.c.path, func.count().label("cases"))
        .group_by(per_case.c.path)
        .order_by(func.count().desc(), per_case.c.path)
    )
    return [(tuple(int(p) for p in path.split(",")), int(n)) for path, n in conn.execute(query)]


def touchpoint_counts(
    conn: Connection, jid: int, filters: EventFilters
) -> list[tuple[str, str, int, int]]:
    """(touchpoint, stage, cases, events) for every touchpoint with events."""
    e = t.events.c
    query = (
        select(e.touchpoint, e.stage, func.count(func.distinct(e.case_key)), func.count())
        .where(*_where(jid, filters), e.touchpoint.is_not(None))
        .group_by(e.touchpoint, e.stage)
    )
    return [(tp, stage, int(c), int(n)) for tp, stage, c, n in conn.execute(query)]


def unmapped(
    conn: Connection, jid: int, filters: EventFilters, top: int = UNMAPPED_LISTED
) -> tuple[list[tuple[str, int]], int, int]:
    """The activities on no touchpoint: the top ``top`` (activity, events), all their events,
    and how many such activities there are."""
    e = t.events.c
    counts = (
        select(e.activity, func.count().label("n"))
        .where(*_where(jid, filters), e.stage.is_(None))
        .group_by(e.activity)
        .cte("unmapped")
    )
    top_rows = conn.execute(
        select(counts.c.activity, counts.c.n)
        .order_by(counts.c.n.desc(), counts.c.activity)
        .limit(top)
    ).all()
    events, activities = conn.execute(
        select(func.coalesce(func.sum(counts.c.n), 0), func.count()).select_from(counts)
    ).one()
    return [(a, int(n)) for a, n in top_rows], int(events), int(activities)


def values(conn: Connection, jid: int, column: str) -> list[str]:
    """The distinct channels or personas of a journey's events (for filters)."""
    col = {"channel": t.events.c.channel, "persona": t.events.c.persona}[column]
    query = (
        select(col).where(t.events.c.journey_id == jid, col.is_not(None)).distinct().order_by(col)
    )
    return [v for (v,) in conn.execute(query)]


def batches(conn: Connection, jid: int) -> list[dict[str, Any]]:
    """The logs imported into a journey, oldest first: id, filename, form, events, skipped,
    imported_at."""
    b = t.event_batches.c
    query = (
        select(b.id, b.filename, b.form, b.events, b.skipped, b.imported_at)
        .where(b.journey_id == jid)
        .order_by(b.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def remove_batch(store: Store, journey: str, batch_id: int) -> int:
    """Take one imported log out of a journey (its events, its activities' counts), and measure
    what is left; editors only.  The same file may then be imported again.  Returns the events
    removed; raises CxmapError when the journey has no such log."""
    store.actor.require("editor", "remove an event log")
    journey_map = store.load(journey)
    e, a, b = t.events, t.event_activities, t.event_batches
    with store.engine.begin() as conn:
        jid = journey_id(conn, journey)
        found = conn.scalar(select(b.c.id).where(b.c.id == batch_id, b.c.journey_id == jid))
        if found is None:
            raise CxmapError(f"'{journey}' has no event log number {batch_id}")
        counts = conn.execute(
            select(e.c.activity, func.count())
            .where(e.c.journey_id == jid, e.c.batch_id == batch_id)
            .group_by(e.c.activity)
        ).all()
        removed = conn.execute(
            e.delete().where(e.c.journey_id == jid, e.c.batch_id == batch_id)
        ).rowcount
        if counts:
            conn.execute(
                update(a)
                .where(a.c.journey_id == jid, a.c.activity == bindparam("gone"))
                .values(events=a.c.events - bindparam("n")),
                [{"gone": activity, "n": int(n)} for activity, n in counts],
            )
        conn.execute(a.delete().where(a.c.journey_id == jid, a.c.events <= 0))
        conn.execute(b.delete().where(b.c.id == batch_id))
        if any_events(conn, jid):
            keep_measures(conn, jid, [s.name for s in journey_map.stages])
        else:
            conn.execute(t.event_measures.delete().where(t.event_measures.c.journey_id == jid))
        Store._bump(conn)
    return int(removed or 0)
