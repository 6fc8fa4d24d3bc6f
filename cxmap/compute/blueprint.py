"""The service blueprint of a journey: stage by stage, what the customer does, the touchpoints
the customer meets (frontstage), the line of visibility, what the company does out of sight
(backstage) and the processes that support it.

Lanes come from the map: the customer's actions are the emotions' `does`, the touchpoints go to
their `layer`.  A touchpoint with no layer is drawn frontstage — a journey map's touchpoints are
what the customer meets unless the workshop says otherwise — and the blueprint says how many
were placed so.  A target's `remove` rows are not touchpoints of the target and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxmap.compute.analysis import NO_FILTER, Filters
from cxmap.domain.model import JourneyMap, Layer, Touchpoint
from cxmap.domain.vocabulary import normalise

TOUCHPOINT_LANES: tuple[Layer, ...] = ("frontstage", "backstage", "support")


@dataclass(frozen=True)
class CustomerAction:
    """What a persona does at a stage (the emotion's `does`)."""

    persona: str
    does: str


@dataclass(frozen=True)
class BlueprintStage:
    """One column of the blueprint."""

    name: str
    actions: tuple[CustomerAction, ...]
    lanes: dict[Layer, tuple[Touchpoint, ...]]

    def irritants(self) -> int:
        return sum(1 for row in self.lanes.values() for t in row if t.qualification == "irritant")


@dataclass(frozen=True)
class Blueprint:
    stages: tuple[BlueprintStage, ...]
    unlayered: int  # touchpoints with no layer, drawn frontstage

    def count(self, lane: Layer) -> int:
        return sum(len(stage.lanes[lane]) for stage in self.stages)


def blueprint(m: JourneyMap, filters: Filters = NO_FILTER) -> Blueprint:
    """The blueprint of a map, stages in journey order (the sidebar's filters applied: stages,
    channels for touchpoints, personas for actions)."""
    touchpoints = [
        t
        for t in m.touchpoints
        if t.change != "remove" and filters.keeps(stage=t.stage, channel=t.channel)
    ]
    stages = []
    for stage in m.stages:
        if not filters.keeps(stage=stage.name):
            continue
        key = normalise(stage.name)
        actions: list[CustomerAction] = []
        seen: set[tuple[str, str]] = set()
        for e in m.emotions:
            if normalise(e.stage) != key or not e.does or not filters.keeps(persona=e.persona):
                continue
            if (e.persona, normalise(e.does)) in seen:
                continue
            seen.add((e.persona, normalise(e.does)))
            actions.append(CustomerAction(e.persona, e.does))
        here = [t for t in touchpoints if normalise(t.stage) == key]
        lanes = {
            lane: tuple(t for t in here if (t.layer or "frontstage") == lane)
            for lane in TOUCHPOINT_LANES
        }
        stages.append(BlueprintStage(stage.name, tuple(actions), lanes))
    unlayered = sum(1 for t in touchpoints if t.layer is None and filters.keeps(stage=t.stage))
    return Blueprint(tuple(stages), unlayered)
