"""The target journey from the current one: a copy to design on, and what the action plan would
make of it (the what-if), so the diff shows what the plan achieves before anyone decides."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from cxmap.domain.model import Action, Journey, JourneyMap, Touchpoint
from cxmap.domain.vocabulary import normalise

TARGET_SUFFIX = " — target"
"""The default name of a target: the current name and this suffix (the French page passes
« — cible »)."""

PLANNED_AND_LATER = ("planned", "in progress", "done")
"""The statuses of the actions a plan-based target includes when ideas are left out."""

Outcome = Literal["removed", "transformed", "added", "amplified", "unchanged", "not found"]
"""What applying one action did to the target: its change, `unchanged` when there was nothing
to do (already gone, not an irritant any more, already present…), `not found` when the action
names no touchpoint of the map or has no type."""


def create_target(
    current: JourneyMap, *, name: str | None = None, suffix: str = TARGET_SUFFIX
) -> JourneyMap:
    """A target journey to design on: a copy of ``current`` with state `target` and ``current``
    as its baseline.

    Personas, stages, channels, touchpoints and emotions are copied (the emotions are the
    starting point of the target curve).  KPIs and actions are not: the measured values and the
    plan belong to the current journey, and a copy would count them twice.  Declared changes and
    `replaces` are cleared: nothing has been decided about the target yet.
    """
    journey = replace(
        current.journey,
        name=name or f"{current.name}{suffix}",
        state="target",
        baseline=current.name,
    )
    return JourneyMap(
        journey=journey,
        personas=current.personas,
        stages=current.stages,
        channels=current.channels,
        touchpoints=tuple(
            replace(t, change=None, replaces=None)
            for t in current.touchpoints
            if t.change != "remove"
        ),
        emotions=current.emotions,
    )


@dataclass(frozen=True)
class ActionEffect:
    """One action of the plan and what it did to the target (``touchpoint``: the current row it
    addressed, None when not found)."""

    action: Action
    outcome: Outcome
    touchpoint: Touchpoint | None = None


@dataclass(frozen=True)
class PlanResult:
    """The target the plan would give, and what each included action did (in plan order)."""

    target: JourneyMap
    effects: tuple[ActionEffect, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for effect in self.effects if effect.outcome == outcome)


def included(actions: Iterable[Action], statuses: Sequence[str] | None = None) -> list[Action]:
    """The actions whose status is in ``statuses`` (None: all of them)."""
    return [a for a in actions if statuses is None or a.status in statuses]


def _addressed(touchpoints: Sequence[Touchpoint], action: Action) -> int | None:
    """The index of the touchpoint an action addresses: by its touchpoint (else its pain point)
    name, at its stage when it names one; case- and accent-insensitive."""
    name = action.touchpoint or action.pain_point
    if not name:
        return None
    key, stage = normalise(name), normalise(action.stage) if action.stage else None
    for pass_stage in (stage, None) if stage else (None,):
        for index, touchpoint in enumerate(touchpoints):
            if normalise(touchpoint.name) != key:
                continue
            if pass_stage is None or normalise(touchpoint.stage) == pass_stage:
                return index
    return None


def addressed(touchpoints: Sequence[Touchpoint], action: Action) -> Touchpoint | None:
    """The touchpoint an action addresses, by the rule the plan applies (for the linked views)."""
    index = _addressed(touchpoints, action)
    return touchpoints[index] if index is not None else None


def apply_plan(
    current: JourneyMap,
    *,
    statuses: Sequence[str] | None = None,
    journey: Journey | None = None,
) -> PlanResult:
    """The target that ``current``'s action plan would give.

    Starting from a copy of ``current`` (see :func:`create_target`; ``journey`` keeps an existing
    target's name and description, so refreshing rebuilds it from the plan): remove actions
    remove their touchpoint, transform actions make their irritant neutral, add actions make
    their missing touchpoint present (neutral), amplify actions mark theirs amplified.  Each
    touched row declares its change, so the target says what the plan decided.  ``statuses``
    picks the actions (None: all; :data:`PLANNED_AND_LATER` leaves the ideas out).
    """
    base = create_target(current)
    if journey is not None:
        base = replace(base, journey=replace(journey, state="target", baseline=current.name))
    rows: list[Touchpoint | None] = list(base.touchpoints)
    effects: list[ActionEffect] = []
    for action in included(current.actions, statuses):
        index = _addressed(base.touchpoints, action)
        if index is None or action.type not in ("remove", "add", "transform", "amplify"):
            effects.append(ActionEffect(action, "not found"))
            continue
        addressed = base.touchpoints[index]
        row = rows[index]
        outcome: Outcome = "unchanged"
        if row is None:
            pass  # an earlier action removed it
        elif action.type == "remove":
            rows[index], outcome = None, "removed"
        elif action.type == "transform" and row.qualification == "irritant":
            rows[index] = replace(row, qualification="neutral", change="transform")
            outcome = "transformed"
        elif action.type == "add" and row.qualification == "missing":
            rows[index] = replace(row, qualification="neutral", change="add")
            outcome = "added"
        elif action.type == "amplify" and row.change != "amplify":
            rows[index] = replace(row, change="amplify")
            outcome = "amplified"
        effects.append(ActionEffect(action, outcome, addressed))
    kept = tuple(row for row in rows if row is not None)
    gone = {(t.stage, t.name) for t in base.touchpoints} - {(t.stage, t.name) for t in kept}
    emotions = tuple(
        replace(e, touchpoint=None) if (e.stage, e.touchpoint) in gone else e for e in base.emotions
    )
    target = replace(base, touchpoints=kept, emotions=emotions)
    return PlanResult(target=target, effects=tuple(effects))
