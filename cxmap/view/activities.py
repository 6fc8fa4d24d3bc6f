"""The activities of a journey's event log as a table, and what an edit of it asks for.

Each activity is one row: its name, the touchpoint it counts for ("—" when none), its events
and how it was matched (chosen by hand, by the touchpoints' names and events, or flagged: on no
touchpoint).  Those on no touchpoint come first, so the ones to map are in view; the commonest
first within each group (the order the store gives).  Plain Python and pandas: the Streamlit
adapter draws it (:mod:`cxmap.ui.activities`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from cxmap.domain.vocabulary import normalise
from cxmap.files.events import activity_targets
from cxmap.view.i18n import tr

NO_TOUCHPOINT = "—"  # shown for no touchpoint; chosen, it means "match by events and names again"
COLUMNS = ["activity", "touchpoint", "events", "match"]

# (activity, events, touchpoint or None, touchpoint asked for or None): storage.events.activities
Activity = tuple[str, int, str | None, str | None]


def touchpoint_options(journey_map: Any) -> list[str]:
    """What a mapping cell offers: "—" (no touchpoint), then each touchpoint name once."""
    return [NO_TOUCHPOINT, *dict.fromkeys(tp.name for tp in journey_map.touchpoints)]


def proposed_frame(activities: Sequence[tuple[str, int]], journey_map: Any) -> pd.DataFrame:
    """A log's activities before import (activity, events) with the touchpoint each matches
    by the map's events and names ("—" for none): the import form's mapping table."""
    targets = activity_targets(journey_map)
    return pd.DataFrame(
        [
            {
                "activity": activity,
                "events": events,
                "touchpoint": targets[normalise(activity)].touchpoint
                if normalise(activity) in targets
                else NO_TOUCHPOINT,
            }
            for activity, events in activities
        ],
        columns=["activity", "events", "touchpoint"],
    )


def chosen_mapping(proposed: pd.DataFrame, edited: pd.DataFrame) -> dict[str, str]:
    """Activity -> touchpoint, as the import form's mapping table was left ("—": none)."""
    return {
        activity: touchpoint
        for activity, touchpoint in zip(proposed["activity"], edited["touchpoint"])
        if touchpoint and touchpoint != NO_TOUCHPOINT
    }


def in_order(activities: Sequence[Activity]) -> list[Activity]:
    """Those on no touchpoint first, each group in the order given (the commonest first)."""
    return sorted(activities, key=lambda row: row[2] is not None)


def how_matched(row: Activity, lang: str) -> str:
    """How an activity came to its touchpoint, in words; on none, a flag."""
    _activity, _events, touchpoint, mapped_to = row
    if touchpoint is None:
        return tr("activities.match.none", lang)
    if mapped_to is not None:
        return tr("activities.match.hand", lang)
    return tr("activities.match.auto", lang)


def activity_frame(activities: Sequence[Activity], lang: str) -> pd.DataFrame:
    """The table: one row per activity (:func:`in_order`), in :data:`COLUMNS`; ``events`` a
    number, ``touchpoint`` "—" when none."""
    return pd.DataFrame(
        [
            {
                "activity": row[0],
                "touchpoint": row[2] if row[2] is not None else NO_TOUCHPOINT,
                "events": row[1],
                "match": how_matched(row, lang),
            }
            for row in in_order(activities)
        ],
        columns=COLUMNS,
    )


def unmapped(activities: Sequence[Activity]) -> tuple[int, int]:
    """How many activities count for no touchpoint, and their events."""
    rows = [row for row in activities if row[2] is None]
    return len(rows), sum(row[1] for row in rows)


def changed_mapping(
    activities: Sequence[Activity], chosen: Sequence[str | None]
) -> dict[str, str | None]:
    """What to ask the store (``remap``) for, from the touchpoint ``chosen`` on each row of
    :func:`activity_frame` (same order): only the rows whose choice differs from what is shown.
    A touchpoint is asked for by its name; "—" (or a blank cell) asks to match the activity by
    the touchpoints' events and names again, which only changes something for an activity
    mapped by hand — for the others it is left out."""
    mapping: dict[str, str | None] = {}
    for row, choice in zip(in_order(activities), chosen, strict=True):
        activity, _events, touchpoint, mapped_to = row
        wanted = None if choice in (None, "", NO_TOUCHPOINT) else str(choice)
        if wanted == touchpoint:
            continue
        if wanted is not None:
            mapping[activity] = wanted
        elif mapped_to is not None:
            mapping[activity] = None
    return mapping


def moved_message(moved: int, lang: str, number: str) -> str:
    """The confirmation after a save: how many activities now count elsewhere (``number``:
    ``moved`` written in the language)."""
    if moved == 0:
        return tr("activities.moved_none", lang)
    key = "activities.moved_one" if moved == 1 else "activities.moved"
    return tr(key, lang, n=number)
