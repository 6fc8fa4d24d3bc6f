"""From the current journey to the target: what changed, touchpoint by touchpoint.

:func:`diff_maps` follows the workbook contract's matching rules (docs/workbook-format.md,
*Target journeys*) and is the one engine behind ``cxmap diff``, the "Current → target" page, and
the comparison of two versions of a map.  Results are frozen dataclasses; nothing here draws.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from cxmap.compute.analysis import persona_weights
from cxmap.domain.model import JourneyMap, Scale, Touchpoint
from cxmap.domain.vocabulary import normalise

ChangeKind = Literal["removed", "added", "transformed", "amplified", "kept"]
CHANGE_KINDS: tuple[ChangeKind, ...] = ("removed", "added", "transformed", "amplified", "kept")
"""What happened to a touchpoint between the two maps (the declared `change` in the past)."""

_DECLARED: dict[str, ChangeKind] = {
    "remove": "removed",
    "add": "added",
    "transform": "transformed",
    "amplify": "amplified",
    "keep": "kept",
}


@dataclass(frozen=True)
class TouchpointChange:
    """One touchpoint's fate: its current row, its target row (either may be None) and how it
    changed; ``declared`` when the target row (or a `remove` row) said so."""

    change: ChangeKind
    current: Touchpoint | None
    target: Touchpoint | None
    declared: bool = False

    @property
    def stage(self) -> str:
        """Where the change shows: the target's stage, else where the current one was."""
        row = self.target or self.current
        assert row is not None
        return row.stage

    @property
    def channel(self) -> str:
        row = self.target or self.current
        assert row is not None
        return row.channel

    @property
    def name(self) -> str:
        row = self.target or self.current
        assert row is not None
        return row.name


@dataclass(frozen=True)
class Irritants:
    """The current map's irritants: how many, how many the target resolves, how many are left."""

    current: int
    resolved: int

    @property
    def left(self) -> int:
        return self.current - self.resolved


@dataclass(frozen=True)
class Absences:
    """The current map's missing touchpoints: how many, how many the target fills, how many are
    left."""

    current: int
    filled: int

    @property
    def left(self) -> int:
        return self.current - self.filled


@dataclass(frozen=True)
class NamesChange:
    """Stages or channels present in only one of the maps (each in the spelling of its map)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class EmotionChange:
    """A persona's mean emotion at a stage in each map (None where the map has none), the target
    expressed on the current map's scale."""

    persona: str
    stage: str
    current: float | None
    target: float | None

    @property
    def delta(self) -> float | None:
        if self.current is None or self.target is None:
            return None
        return round(self.target - self.current, 9)


@dataclass(frozen=True)
class StageEmotion:
    """The all-personas curves at a stage (each map's personas weighted by their share, as the
    emotion curve draws them; the target on the current's scale) and their gap."""

    stage: str
    current: float | None
    target: float | None

    @property
    def delta(self) -> float | None:
        if self.current is None or self.target is None:
            return None
        return round(self.target - self.current, 9)


@dataclass(frozen=True)
class JourneyDiff:
    current: str  # the journeys' names
    target: str
    touchpoints: tuple[TouchpointChange, ...]
    irritants: Irritants
    absences: Absences
    stages: NamesChange
    channels: NamesChange
    emotions: tuple[EmotionChange, ...]
    stage_emotions: tuple[StageEmotion, ...] = ()
    unmatched_removals: tuple[Touchpoint, ...] = ()
    """`remove` rows of the target naming no touchpoint of the current map: nothing to remove."""

    @property
    def counts(self) -> dict[ChangeKind, int]:
        """How many touchpoints each change has, every change present (zero included)."""
        counts = dict.fromkeys(CHANGE_KINDS, 0)
        for item in self.touchpoints:
            counts[item.change] += 1
        return counts

    def of(self, change: ChangeKind) -> tuple[TouchpointChange, ...]:
        return tuple(item for item in self.touchpoints if item.change == change)


# --- matching ------------------------------------------------------------------------------


def _is_remove_row(touchpoint: Touchpoint) -> bool:
    return touchpoint.change == "remove"


def _find(pool: Sequence[Touchpoint], taken: set[int], name: str, stage: str | None) -> int | None:
    """The first free touchpoint of ``pool`` with this name (folded) — at this stage when a stage
    is given — as an index into ``pool``."""
    key, stage_key = normalise(name), normalise(stage) if stage is not None else None
    for index, candidate in enumerate(pool):
        if index in taken or normalise(candidate.name) != key:
            continue
        if stage_key is None or normalise(candidate.stage) == stage_key:
            return index
    return None


def _moved_or_requalified(current: Touchpoint, target: Touchpoint) -> bool:
    return (
        current.qualification != target.qualification
        or normalise(current.channel) != normalise(target.channel)
        or normalise(current.stage) != normalise(target.stage)
    )


def _inferred(current: Touchpoint | None, target: Touchpoint | None) -> ChangeKind:
    if current is None:
        return "added"
    if target is None:
        # an absence the target does not mention is still an absence: nothing changed
        return "kept" if current.qualification == "missing" else "removed"
    if current.qualification == "missing" and target.qualification != "missing":
        return "added"  # the absence is filled
    return "transformed" if _moved_or_requalified(current, target) else "kept"


def diff_maps(current: JourneyMap, target: JourneyMap, *, declared: bool = True) -> JourneyDiff:
    """What changes from ``current`` to ``target``.

    The target's declared changes come first (``declared=False`` ignores them, e.g. to compare
    two versions of one map: a version's declarations are about its baseline, not about the
    other version).  `remove` rows are never touchpoints of their map, on either side.
    """
    olds = [t for t in current.touchpoints if not _is_remove_row(t)]
    news = [t for t in target.touchpoints if not _is_remove_row(t)]
    removals = [t for t in target.touchpoints if _is_remove_row(t)] if declared else []

    taken: set[int] = set()  # indexes of ``olds`` already given a counterpart or removed
    removed_by: dict[int, Touchpoint] = {}
    unmatched: list[Touchpoint] = []
    for row in removals:
        name = row.replaces or row.name
        index = _find(olds, taken, name, row.stage)
        if index is None:
            index = _find(olds, taken, name, None)
        if index is None:
            unmatched.append(row)
            continue
        taken.add(index)
        removed_by[index] = row

    # counterparts, rule by rule over all target rows, so that a weaker rule never takes a
    # current touchpoint a stronger rule gives to a later row
    partner: dict[int, int] = {}  # index in ``news`` -> index in ``olds``
    rules: list[Callable[[Touchpoint], tuple[str, str | None] | None]] = [
        lambda t: (t.replaces, t.stage) if t.replaces else None,
        lambda t: (t.replaces, None) if t.replaces else None,
        lambda t: (t.name, t.stage),
        lambda t: (t.name, None),
    ]
    for rule in rules:
        for new_index, row in enumerate(news):
            if new_index in partner:
                continue
            wanted = rule(row)
            if wanted is None:
                continue
            found = _find(olds, taken, *wanted)
            if found is not None:
                taken.add(found)
                partner[new_index] = found

    changes: list[tuple[tuple[int, int, int], TouchpointChange]] = []
    order = _stage_order(current, target)

    def place(item: TouchpointChange, side: int, index: int) -> None:
        changes.append(((order.get(normalise(item.stage), len(order)), side, index), item))

    for new_index, row in enumerate(news):
        old = olds[partner[new_index]] if new_index in partner else None
        if declared and row.change in _DECLARED:
            item = TouchpointChange(_DECLARED[row.change], old, row, declared=True)
        else:
            item = TouchpointChange(_inferred(old, row), old, row)
        place(item, 0, new_index)
    for old_index, old in enumerate(olds):
        if old_index in removed_by:
            place(TouchpointChange("removed", old, None, declared=True), 1, old_index)
        elif old_index not in taken:
            place(TouchpointChange(_inferred(old, None), old, None), 1, old_index)
    ordered = tuple(item for _key, item in sorted(changes, key=lambda pair: pair[0]))

    return JourneyDiff(
        current=current.name,
        target=target.name,
        touchpoints=ordered,
        irritants=_irritants(olds, ordered),
        absences=_absences(olds, ordered),
        stages=_names_change([s.name for s in current.stages], [s.name for s in target.stages]),
        channels=_names_change(
            [c.name for c in current.channels], [c.name for c in target.channels]
        ),
        emotions=_emotions(current, target),
        stage_emotions=_stage_emotions(current, target),
        unmatched_removals=tuple(unmatched),
    )


def _irritants(olds: Sequence[Touchpoint], changes: Iterable[TouchpointChange]) -> Irritants:
    """An irritant is resolved when it is removed or its counterpart is no longer an irritant."""
    resolved = sum(
        1
        for item in changes
        if item.current is not None
        and item.current.qualification == "irritant"
        and (item.target is None or item.target.qualification != "irritant")
    )
    return Irritants(
        current=sum(1 for t in olds if t.qualification == "irritant"), resolved=resolved
    )


def _absences(olds: Sequence[Touchpoint], changes: Iterable[TouchpointChange]) -> Absences:
    """An absence is filled when its counterpart is present and not missing."""
    filled = sum(
        1
        for item in changes
        if item.current is not None
        and item.current.qualification == "missing"
        and item.target is not None
        and item.target.qualification != "missing"
    )
    return Absences(current=sum(1 for t in olds if t.qualification == "missing"), filled=filled)


def _names_change(olds: Sequence[str], news: Sequence[str]) -> NamesChange:
    old_keys, new_keys = {normalise(n) for n in olds}, {normalise(n) for n in news}
    return NamesChange(
        added=tuple(n for n in news if normalise(n) not in old_keys),
        removed=tuple(n for n in olds if normalise(n) not in new_keys),
    )


def _merged(first: Sequence[str], second: Sequence[str]) -> list[str]:
    """Names of both lists, in ``second``'s order, each name only in ``first`` placed just after
    the name that precedes it there (stages removed from the target stay where they were)."""
    merged = list(second)
    keys = [normalise(n) for n in merged]
    previous: str | None = None
    for name in first:
        key = normalise(name)
        if key not in keys:
            at = keys.index(previous) + 1 if previous is not None else 0
            merged.insert(at, name)
            keys.insert(at, key)
        previous = key
    return merged


def _stage_order(current: JourneyMap, target: JourneyMap) -> dict[str, int]:
    names = _merged([s.name for s in current.stages], [s.name for s in target.stages])
    return {normalise(name): i for i, name in enumerate(names)}


def _means(m: JourneyMap, onto: Scale | None) -> dict[tuple[str, str], float]:
    """Mean score per (persona, stage), folded keys; on the scale ``onto`` when given."""
    sums: dict[tuple[str, str], list[float]] = {}
    for e in m.emotions:
        sums.setdefault((normalise(e.persona), normalise(e.stage)), []).append(e.score)
    source = m.journey.scale
    means = {}
    for key, scores in sums.items():
        mean = sum(scores) / len(scores)
        if onto is not None and source is not None and source != onto:
            mean = onto.low + (mean - source.low) / (source.high - source.low) * (
                onto.high - onto.low
            )
        means[key] = round(mean, 9)
    return means


def _emotions(current: JourneyMap, target: JourneyMap) -> tuple[EmotionChange, ...]:
    """Per persona and stage: the current mean, the target mean (on the current's scale when the
    scales differ), in persona order then stage order."""
    olds = _means(current, None)
    news = _means(target, current.journey.scale)
    personas = _merged([p.name for p in target.personas], [p.name for p in current.personas])
    personas += _extra_names(personas, [e.persona for e in (*current.emotions, *target.emotions)])
    stages = _merged([s.name for s in current.stages], [s.name for s in target.stages])
    stages += _extra_names(stages, [e.stage for e in (*current.emotions, *target.emotions)])
    rows = []
    for persona in personas:
        for stage in stages:
            key = (normalise(persona), normalise(stage))
            if key in olds or key in news:
                rows.append(EmotionChange(persona, stage, olds.get(key), news.get(key)))
    return tuple(rows)


def _curve(m: JourneyMap, onto: Scale | None) -> dict[str, float]:
    """The all-personas curve of a map, folded stage -> score: per stage, the share-weighted
    mean of the personas' means there (the same weighting as the dashboard's curve)."""
    means = _means(m, onto)
    names = {normalise(e.persona): e.persona for e in m.emotions}
    weights = {normalise(n): w for n, w in persona_weights(m, names.values()).items()}
    by_stage: dict[str, list[tuple[float, float]]] = {}
    for (persona, stage), score in means.items():
        by_stage.setdefault(stage, []).append((score, weights.get(persona, 0.0)))
    curve = {}
    for stage, pairs in by_stage.items():
        total = sum(w for _s, w in pairs)
        if total > 0:
            curve[stage] = round(sum(s * w for s, w in pairs) / total, 9)
    return curve


def _stage_emotions(current: JourneyMap, target: JourneyMap) -> tuple[StageEmotion, ...]:
    olds, news = _curve(current, None), _curve(target, current.journey.scale)
    stages = _merged([s.name for s in current.stages], [s.name for s in target.stages])
    return tuple(
        StageEmotion(stage, olds.get(normalise(stage)), news.get(normalise(stage)))
        for stage in stages
        if normalise(stage) in olds or normalise(stage) in news
    )


def _extra_names(known: Sequence[str], names: Iterable[str]) -> list[str]:
    keys = {normalise(n) for n in known}
    extra = []
    for name in names:
        if normalise(name) not in keys:
            keys.add(normalise(name))
            extra.append(name)
    return extra


# --- the headline --------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """What a steering committee reads first: irritants resolved, absences filled, and the stage
    where the emotion moves most (None when no stage has an emotion in both maps)."""

    irritants: Irritants
    absences: Absences
    stage: str | None = None
    emotion_delta: float | None = None


def stage_deltas(diff: JourneyDiff) -> dict[str, float]:
    """Per stage, the gap between the target's and the current's all-personas curves (stages
    where both maps have emotions only)."""
    return {row.stage: row.delta for row in diff.stage_emotions if row.delta is not None}


def headline(diff: JourneyDiff) -> Headline:
    """The headline of a diff; the emotion is the stage whose mean delta is largest in size
    (a fall matters as much as a rise), the first such stage on a tie."""
    deltas = stage_deltas(diff)
    stage = max(deltas, key=lambda s: abs(deltas[s]), default=None)
    return Headline(
        irritants=diff.irritants,
        absences=diff.absences,
        stage=stage,
        emotion_delta=deltas[stage] if stage is not None else None,
    )


# --- plain data for the command line --------------------------------------------------------


def _row(touchpoint: Touchpoint | None) -> dict[str, str] | None:
    if touchpoint is None:
        return None
    return {
        "touchpoint": touchpoint.name,
        "stage": touchpoint.stage,
        "channel": touchpoint.channel,
        "qualification": touchpoint.qualification,
    }


def diff_json(diff: JourneyDiff) -> dict[str, object]:
    """The diff as the JSON object ``cxmap diff --json`` prints (keys fixed by issue 11)."""
    return {
        "current": diff.current,
        "target": diff.target,
        "touchpoints": [
            {"change": item.change, "current": _row(item.current), "target": _row(item.target)}
            for item in diff.touchpoints
        ],
        "counts": diff.counts,
        "irritants": {
            "current": diff.irritants.current,
            "resolved": diff.irritants.resolved,
            "left": diff.irritants.left,
        },
        "missing": {
            "current": diff.absences.current,
            "filled": diff.absences.filled,
            "left": diff.absences.left,
        },
        "stages": {"added": list(diff.stages.added), "removed": list(diff.stages.removed)},
        "channels": {"added": list(diff.channels.added), "removed": list(diff.channels.removed)},
        "emotions": [
            {
                "persona": row.persona,
                "stage": row.stage,
                "current": row.current,
                "target": row.target,
                "delta": row.delta,
            }
            for row in diff.emotions
        ],
    }
