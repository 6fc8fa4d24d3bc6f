"""What the "Current → target" page and the linked views compute: which journey pairs with
which, the target's matrix marked by change, the list of changes, the target's touchpoints as
an editable table and back (checked by the workbook reader's own rules), and the actions that
address a touchpoint or a cell."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from cxmap.compute import analysis
from cxmap.compute.analysis import NO_FILTER, Filters
from cxmap.compute.diff import JourneyDiff, TouchpointChange
from cxmap.compute.plan import addressed
from cxmap.domain.model import CHANGES, QUALIFICATIONS, Action, JourneyMap, Touchpoint
from cxmap.domain.report import Problem
from cxmap.domain.vocabulary import normalise
from cxmap.files.reader import read_workbook
from cxmap.files.writer import workbook_bytes
from cxmap.storage.store import JourneyInfo

# --- which journeys pair --------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """The current journey and its target (None while it has none)."""

    current: JourneyInfo
    target: JourneyInfo | None


def pair_of(infos: Sequence[JourneyInfo], chosen: JourneyInfo) -> Pair | None:
    """For a current journey: it and the target whose baseline it is; for a target: its
    baseline and it.  None for a target whose baseline is not in the store."""
    if chosen.state == "target":
        key = normalise(chosen.baseline or "")
        baseline = next((i for i in infos if normalise(i.name) == key and key), None)
        return Pair(baseline, chosen) if baseline is not None else None
    key = normalise(chosen.name)
    target = next(
        (i for i in infos if i.state == "target" and normalise(i.baseline or "") == key), None
    )
    return Pair(chosen, target)


# --- the target's matrix marked by change ---------------------------------------------------

LABEL_COLUMNS = [
    "stage",
    "channel",
    "line",
    "qualification",
    "name",
    "moment_of_truth",
    "change",
    "was",
    "was_qualification",
]


def change_labels(diff: JourneyDiff, filters: Filters = NO_FILTER) -> pd.DataFrame:
    """The labels of :func:`analysis.matrix_labels` for the target's grid, one per change:
    removed touchpoints where they were (current stage and channel), the others where the
    target puts them; ``change`` says how each changed, ``was`` / ``was_qualification`` what a
    transformed one was (its former name when it changed, and its qualification)."""
    rows = []
    lines: dict[tuple[str, str], int] = {}
    for item in diff.touchpoints:
        row = item.target or item.current
        assert row is not None
        if not filters.keeps(stage=row.stage, channel=row.channel):
            continue
        line = lines.get((row.stage, row.channel), 0)
        lines[(row.stage, row.channel)] = line + 1
        old = item.current
        rows.append(
            dict(
                stage=row.stage,
                channel=row.channel,
                line=line,
                qualification=row.qualification,
                name=row.name,
                moment_of_truth=row.moment_of_truth,
                change=item.change,
                was=old.name if old is not None and old.name != row.name else None,
                was_qualification=old.qualification if old is not None else None,
            )
        )
    return pd.DataFrame(rows, columns=LABEL_COLUMNS)


def off_grid(diff: JourneyDiff, target: JourneyMap) -> list[TouchpointChange]:
    """Changes the target's grid has no cell for (a touchpoint removed with its stage or
    channel): the page lists them under the grid."""
    stages = {normalise(s.name) for s in target.stages}
    channels = {normalise(c.name) for c in target.channels}
    return [
        item
        for item in diff.touchpoints
        if normalise(item.stage) not in stages or normalise(item.channel) not in channels
    ]


# --- the list of changes --------------------------------------------------------------------

CHANGE_COLUMNS = [
    "change",
    "stage",
    "channel",
    "touchpoint",
    "was",
    "current_qualification",
    "target_qualification",
    "declared",
]


def changes_frame(
    diff: JourneyDiff,
    *,
    changes: Sequence[str] | None = None,
    stages: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The diff's touchpoints as a table, in stage order; ``changes`` / ``stages`` keep only
    those (None or empty: all; stages compared case- and accent-insensitively)."""
    wanted = {normalise(s) for s in stages or ()}
    rows = []
    for item in diff.touchpoints:
        if changes and item.change not in changes:
            continue
        if wanted and normalise(item.stage) not in wanted:
            continue
        old, new = item.current, item.target
        rows.append(
            dict(
                change=item.change,
                stage=item.stage,
                channel=item.channel,
                touchpoint=item.name,
                was=old.name
                if old is not None and new is not None and old.name != new.name
                else None,
                current_qualification=old.qualification if old is not None else None,
                target_qualification=new.qualification if new is not None else None,
                declared=item.declared,
            )
        )
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def diff_stages(diff: JourneyDiff) -> list[str]:
    """The stages the changes are at, in the diff's order (for the stage filter)."""
    return list(dict.fromkeys(item.stage for item in diff.touchpoints))


# --- the target's touchpoints, edited in a table --------------------------------------------

EDIT_COLUMNS = [
    "row",
    "name",
    "stage",
    "channel",
    "qualification",
    "change",
    "replaces",
    "data_collected",
    "collection_mechanism",
]


def touchpoints_frame(m: JourneyMap) -> pd.DataFrame:
    """The map's touchpoints as the editor shows them; ``row`` is each one's position (what
    ties an edited row to the touchpoint it was; empty for a row added in the editor)."""
    return pd.DataFrame(
        [
            dict(
                row=i,
                name=t.name,
                stage=t.stage,
                channel=t.channel,
                qualification=t.qualification,
                change=t.change,
                replaces=t.replaces,
                data_collected=", ".join(t.data_collected),
                collection_mechanism=t.collection_mechanism,
            )
            for i, t in enumerate(m.touchpoints)
        ],
        columns=EDIT_COLUMNS,
    ).astype({"row": "Int64"})


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


@dataclass(frozen=True)
class Edited:
    """The map the edited table gives, and what is wrong with it (nothing saved if anything)."""

    map: JourneyMap
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


SHEET = "Touchpoints"


def edited_map(m: JourneyMap, frame: pd.DataFrame) -> Edited:
    """The map with its touchpoints as edited, checked by the workbook reader's rules.

    A row keeps what the table does not show (description, owner, layer…) from the touchpoint
    it was; a new row starts neutral.  Emotions, KPIs and actions follow a renamed touchpoint
    and let go of a deleted one (they stay at their stage).  The check writes the map as a
    workbook and reads it back with :func:`read_workbook`, so the rules are the reader's, and
    its errors are located as in that workbook (the Touchpoints sheet's row n is the table's
    row n − 1); declared changes are checked against the contract's words."""
    problems: list[Problem] = []
    touchpoints: list[Touchpoint] = []
    renamed: dict[tuple[str, str], str | None] = {
        (normalise(t.stage), normalise(t.name)): None for t in m.touchpoints
    }
    for position, record in enumerate(frame.to_dict("records")):
        at = record.get("row")
        old = (
            m.touchpoints[int(at)]
            if _text(at) is not None and 0 <= int(at) < len(m.touchpoints)
            else None
        )
        base = old or Touchpoint(stage="", channel="", name="")
        change = _text(record.get("change"))
        if change is not None and change.lower() not in CHANGES:
            problems.append(
                Problem(
                    f"'{change}' is not a change (use one of: {', '.join(CHANGES)})",
                    SHEET,
                    position + 2,
                    "change",
                )
            )
        qualification = _text(record.get("qualification")) or "neutral"
        if qualification not in QUALIFICATIONS:
            qualification = base.qualification  # the reader reports a wrong word by itself
        row = replace(
            base,
            name=_text(record.get("name")) or "",
            stage=_text(record.get("stage")) or "",
            channel=_text(record.get("channel")) or "",
            qualification=qualification,  # type: ignore[arg-type]
            change=change.lower() if change else None,
            replaces=_text(record.get("replaces")),
            data_collected=tuple(
                part.strip()
                for part in (_text(record.get("data_collected")) or "").split(",")
                if part.strip()
            ),
            collection_mechanism=_text(record.get("collection_mechanism")),
        )
        touchpoints.append(row)
        if old is not None and row.change != "remove":
            renamed[(normalise(old.stage), normalise(old.name))] = row.name
    edited = _follow(replace(m, touchpoints=tuple(touchpoints)), renamed)
    problems.extend(check(edited))
    return Edited(edited, tuple(problems))


def _follow(m: JourneyMap, renamed: dict[tuple[str, str], str | None]) -> JourneyMap:
    """Emotions, KPIs and actions pointing at a touchpoint: renamed with it, or let go."""

    def name(stage: str | None, touchpoint: str | None) -> str | None:
        if not touchpoint:
            return touchpoint
        key = (normalise(stage or ""), normalise(touchpoint))
        return renamed.get(key, touchpoint) if key in renamed else touchpoint

    return replace(
        m,
        emotions=tuple(replace(e, touchpoint=name(e.stage, e.touchpoint)) for e in m.emotions),
        kpis=tuple(replace(k, touchpoint=name(k.stage, k.touchpoint)) for k in m.kpis),
        actions=tuple(replace(a, touchpoint=name(a.stage, a.touchpoint)) for a in m.actions),
    )


def check(m: JourneyMap) -> list[Problem]:
    """The reader's errors for this map, as if it had been imported from a workbook."""
    result = read_workbook(workbook_bytes([m]), filename=f"{m.name}.xlsx", journey_name=m.name)
    return list(result.report.errors)


# --- actions and the touchpoints they address -----------------------------------------------


def action_touchpoint(m: JourneyMap, action: Action) -> Touchpoint | None:
    """The touchpoint an action addresses, by the plan's rule (its touchpoint, else its pain
    point, at its stage first; case- and accent-insensitive)."""
    return addressed(m.touchpoints, action)


def actions_in_cell(m: JourneyMap, stage: str, channel: str) -> pd.DataFrame:
    """The actions (as :func:`analysis.actions_frame` ranks them) that address a touchpoint of
    this stage × channel cell."""
    frame = analysis.actions_frame(m)
    if frame.empty:
        return frame
    keep = []
    for position in frame["id"]:
        touchpoint = action_touchpoint(m, m.actions[int(position)])
        keep.append(
            touchpoint is not None
            and normalise(touchpoint.stage) == normalise(stage)
            and normalise(touchpoint.channel) == normalise(channel)
        )
    return frame[keep].reset_index(drop=True)


def stages_around(
    m: JourneyMap, stage: str | None, filters: Filters = NO_FILTER, *, reach: int = 1
) -> Filters:
    """The filters narrowed to ``stage`` and the ``reach`` stages either side of it (among
    those the filters keep), so a linked grid beside a chart shows the selection in context
    without scrolling; unchanged when the stage is not shown."""
    shown = [s.name for s in m.stages if filters.keeps(stage=s.name)]
    if stage not in shown:
        return filters
    at = shown.index(stage)
    return replace(filters, stages=tuple(shown[max(at - reach, 0) : at + reach + 1]))
