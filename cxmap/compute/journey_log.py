"""The measured journey: what an event log says customers did, stage by stage.

Per stage, in map order: *reached* (cases with an event there), *funnel* (the strict funnel of
product analytics: cases that reached every stage so far, each at or after the previous one),
*conversion* (funnel ÷ the previous stage's funnel, in %) and *median_hours* (over the funnel
cases, from the previous stage's counted event to this one's).  Per touchpoint: cases and
events.  Paths: each case's stages in time order with consecutive repeats collapsed — the
variants and the transitions between stages (from the start, to the end).  Everything is
counted by SQL in the database (:mod:`cxmap.storage.events`); this module gives it types.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from cxmap.domain.model import JourneyMap
from cxmap.storage import events as sql
from cxmap.storage.events import ALL_EVENTS, EventFilters
from cxmap.storage.store import Store

__all__ = [
    "ALL_EVENTS",
    "EventFilters",
    "LogSummary",
    "Paths",
    "StageFunnel",
    "TouchpointSeen",
    "Transition",
    "Variant",
    "funnel",
    "paths",
    "summary",
]

_HOUR_MS = 3_600_000


@dataclass(frozen=True)
class StageFunnel:
    stage: str
    reached: int
    funnel: int
    conversion: float | None  # % of the previous stage's funnel; None for the first stage
    median_hours: float | None  # None for the first stage and when no case got there
    dropped: int | None = None  # previous stage's funnel cases that did not come on to this one


@dataclass(frozen=True)
class Variant:
    stages: tuple[str, ...]
    cases: int


@dataclass(frozen=True)
class Transition:
    source: str | None  # None: the start
    target: str | None  # None: the end
    cases: int


@dataclass(frozen=True)
class Paths:
    variants: tuple[Variant, ...]
    variant_count: int  # all distinct paths, of which ``variants`` are the commonest
    transitions: tuple[Transition, ...]


@dataclass(frozen=True)
class TouchpointSeen:
    touchpoint: str
    stage: str
    cases: int
    events: int


@dataclass(frozen=True)
class LogSummary:
    """The filtered log at a glance: its size and what of the map it covers."""

    events: int
    cases: int
    first: dt.datetime | None
    last: dt.datetime | None
    touchpoints: tuple[TouchpointSeen, ...]
    never_seen: tuple[str, ...]  # touchpoints of the map without an event
    unmapped: tuple[tuple[str, int], ...]  # the top ten activities on no touchpoint
    unmapped_events: int
    unmapped_activities: int
    channels: tuple[str, ...]  # every channel and persona of the journey's log, for filters
    personas: tuple[str, ...]


def funnel(
    store: Store,
    journey_map: JourneyMap,
    filters: EventFilters = ALL_EVENTS,
    *,
    stages: Sequence[str] | None = None,
) -> list[StageFunnel]:
    """The strict funnel over ``stages`` (all the map's stages by default), in map order."""
    names = list(stages) if stages is not None else [s.name for s in journey_map.stages]
    return _funnel(store, journey_map.name, names, filters)


def _funnel(
    store: Store, journey: str, names: Sequence[str], filters: EventFilters
) -> list[StageFunnel]:
    with store.engine.connect() as conn:
        jid = sql.journey_id(conn, journey)
        kept = sql.kept_measures(conn, jid, names, filters)
        if kept is not None:  # the whole log, measured at import
            reached, rows = kept["reached"], [tuple(row) for row in kept["funnel"]]
        else:
            reached = sql.reached(conn, jid, filters)
            rows = sql.funnel(conn, jid, names, filters)
    out = []
    previous: int | None = None
    for name, (count, median_ms) in zip(names, rows):
        conversion = None
        if previous is not None:
            conversion = round(100 * count / previous, 1) if previous else None
        out.append(
            StageFunnel(
                stage=name,
                reached=reached.get(name, 0),
                funnel=count,
                conversion=conversion,
                median_hours=None
                if previous is None or median_ms is None
                else round(median_ms / _HOUR_MS, 2),
                dropped=None if previous is None else previous - count,
            )
        )
        previous = count
    return out


def paths(
    store: Store,
    journey_map: JourneyMap,
    filters: EventFilters = ALL_EVENTS,
    *,
    top: int | None = 10,
    stages: Sequence[str] | None = None,
) -> Paths:
    names = list(stages) if stages is not None else [s.name for s in journey_map.stages]
    with store.engine.connect() as conn:
        jid = sql.journey_id(conn, journey_map.name)
        kept = sql.kept_measures(conn, jid, names, filters)
        if kept is not None:
            found = [(tuple(path), n) for path, n in kept["variants"]]
        else:
            found = sql.variants(conn, jid, names, filters)
    # Cases with the same path made the same moves: the transitions are summed over the
    # paths (a few hundred rows), each move counted once per case however often it was made.
    moves: Counter[tuple[int | None, int | None]] = Counter()
    for path, cases in found:
        for move in set(zip((None, *path), (*path, None))):
            moves[move] += cases

    def name(pos: int | None) -> str | None:
        return None if pos is None else names[pos]

    def order(move: tuple[int | None, int | None]) -> tuple[int, int]:  # start first, end last
        a, b = move
        return (-1 if a is None else a, len(names) if b is None else b)

    return Paths(
        tuple(
            Variant(tuple(names[p] for p in path), n)
            for path, n in (found if top is None else found[:top])
        ),
        len(found),
        tuple(Transition(name(a), name(b), moves[(a, b)]) for a, b in sorted(moves, key=order)),
    )


def summary(
    store: Store, journey_map: JourneyMap, filters: EventFilters = ALL_EVENTS
) -> LogSummary:
    names = [s.name for s in journey_map.stages]
    with store.engine.connect() as conn:
        jid = sql.journey_id(conn, journey_map.name)
        kept = sql.kept_measures(conn, jid, names, filters)
        if kept is not None:
            events, cases, first, last = kept["totals"]
            counts = [tuple(row) for row in kept["touchpoints"]]
            top = [tuple(row) for row in kept["unmapped"][0]]
            unmapped_events, activities = kept["unmapped"][1:]
            channels, personas = tuple(kept["channels"]), tuple(kept["personas"])
        else:
            events, cases, first, last = sql.totals(conn, jid, filters)
            counts = sql.touchpoint_counts(conn, jid, filters)
            top, unmapped_events, activities = sql.unmapped(conn, jid, filters)
            known = sql.kept_values(conn, jid)
            if known is None:
                known = sql.values(conn, jid, "channel"), sql.values(conn, jid, "persona")
            channels, personas = tuple(known[0]), tuple(known[1])
    seen = {(tp, stage) for tp, stage, _c, _n in counts}
    order = {(tp.name, tp.stage): i for i, tp in enumerate(journey_map.touchpoints)}
    return LogSummary(
        events=events,
        cases=cases,
        first=None if first is None else sql.from_ms(first),
        last=None if last is None else sql.from_ms(last),
        touchpoints=tuple(
            TouchpointSeen(tp, stage, c, n)
            for tp, stage, c, n in sorted(counts, key=lambda r: order.get((r[0], r[1]), 1 << 30))
        ),
        never_seen=tuple(
            tp.name for tp in journey_map.touchpoints if (tp.name, tp.stage) not in seen
        ),
        unmapped=tuple(top),
        unmapped_events=unmapped_events,
        unmapped_activities=activities,
        channels=channels,
        personas=personas,
    )


def has_events(store: Store, journey: str) -> bool:
    with store.engine.connect() as conn:
        jid = sql.journey_id(conn, journey)
        return sql.any_events(conn, jid)


def overview_funnel(
    store: Store, journey_map: JourneyMap, personas: Sequence[str], channels: Sequence[str]
) -> tuple[StageFunnel, ...]:
    """The funnel shown beside the emotion curve (every stage, the sidebar's personas and
    channels): empty when the journey has no event log."""
    if not has_events(store, journey_map.name):
        return ()
    filters = EventFilters(tuple(channels), tuple(personas))
    return tuple(_funnel(store, journey_map.name, [s.name for s in journey_map.stages], filters))
