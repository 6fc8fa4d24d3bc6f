"""The data-collection plan: which touchpoints collect which customer data, by which mechanism,
stage by stage — and the stages where nothing is collected."""

from __future__ import annotations

from dataclasses import dataclass

from cxmap.compute.analysis import NO_FILTER, Filters
from cxmap.domain.model import JourneyMap, Touchpoint


@dataclass(frozen=True)
class CollectionPoint:
    stage: str
    channel: str
    touchpoint: str
    data: tuple[str, ...]
    mechanism: str | None


@dataclass(frozen=True)
class CollectionPlan:
    """The collection points in stage then channel order, and the stages without any."""

    points: tuple[CollectionPoint, ...]
    stages_without: tuple[str, ...]


def collects(touchpoint: Touchpoint) -> bool:
    """A touchpoint is a collection point when it says it collects data, names what it collects
    or how.  An absence collects nothing (it does not exist yet), nor does a `remove` row."""
    if touchpoint.qualification == "missing" or touchpoint.change == "remove":
        return False
    return bool(
        touchpoint.data_collection or touchpoint.data_collected or touchpoint.collection_mechanism
    )


def collection_plan(m: JourneyMap, filters: Filters = NO_FILTER) -> CollectionPlan:
    """The map's collection points in stage then channel order (within the sidebar's stages
    and channels when it filters them)."""
    stage_rank = {s.name: i for i, s in enumerate(m.stages)}
    channel_rank = {c.name: i for i, c in enumerate(m.channels)}
    ranked = sorted(
        (
            (stage_rank.get(t.stage, len(stage_rank)), channel_rank.get(t.channel, 0), i, t)
            for i, t in enumerate(m.touchpoints)
            if collects(t) and filters.keeps(stage=t.stage, channel=t.channel)
        ),
        key=lambda item: item[:3],
    )
    points = tuple(
        CollectionPoint(t.stage, t.channel, t.name, t.data_collected, t.collection_mechanism)
        for *_rank, t in ranked
    )
    with_points = {p.stage for p in points}
    return CollectionPlan(
        points=points,
        stages_without=tuple(
            s.name for s in m.stages if s.name not in with_points and filters.keeps(stage=s.name)
        ),
    )


def collection_json(plan: CollectionPlan) -> list[dict[str, object]]:
    """The plan as ``cxmap collection-plan --json`` prints it."""
    return [
        {
            "stage": p.stage,
            "channel": p.channel,
            "touchpoint": p.touchpoint,
            "data": list(p.data),
            "mechanism": p.mechanism,
        }
        for p in plan.points
    ]
