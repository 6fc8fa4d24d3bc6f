"""The journey map as plain, frozen data.

A :class:`JourneyMap` is what the importer produces, the store saves and loads, and the exporter
writes.  Rows refer to each other by name (stage, channel, persona, touchpoint), exactly as the
workbook does; the store turns names into keys.  Order matters and is kept: tuples are in the
order of the workbook (stages in journey order).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Extra = Mapping[str, Any]
"""Columns the contract does not know, by their header as written: kept and exported back."""

# --- the domain's words, defined once ---------------------------------------------------------
# The canonical values the database holds and the exporter writes (the words people type are
# matched to these by :mod:`cxmap.domain.vocabulary`; the labels shown are in cxmap.view.i18n).
# Import these; never retype the words.

JourneyState = Literal["current", "target"]
JOURNEY_STATES: tuple[JourneyState, ...] = ("current", "target")
Qualification = Literal["irritant", "delight", "missing", "neutral"]
QUALIFICATIONS: tuple[Qualification, ...] = ("irritant", "delight", "missing", "neutral")
MARKED: tuple[Qualification, ...] = ("irritant", "delight", "missing")  # all but neutral
ChannelKind = Literal["online", "offline"]
CHANNEL_KINDS: tuple[ChannelKind, ...] = ("online", "offline")
Layer = Literal["frontstage", "backstage", "support"]
LAYERS: tuple[Layer, ...] = ("frontstage", "backstage", "support")
Direction = Literal["higher", "lower"]  # which way a KPI is better
DIRECTIONS: tuple[Direction, ...] = ("higher", "lower")
ActionType = Literal["remove", "add", "transform", "amplify"]
ACTION_TYPES: tuple[ActionType, ...] = ("remove", "add", "transform", "amplify")
ActionStatus = Literal["idea", "planned", "in progress", "done"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("idea", "planned", "in progress", "done")
Layout = Literal["tidy", "matrix", "canvas", "ignore"]
"""How a workbook sheet is read: the template's table, a channel × stage matrix, a lane canvas,
or not at all."""
LAYOUTS: tuple[Layout, ...] = ("tidy", "matrix", "canvas", "ignore")


@dataclass(frozen=True)
class Scale:
    """The emotion scale of a journey, e.g. -2..2 or 1..5; neutral is its middle."""

    low: float
    high: float

    @property
    def neutral(self) -> float:
        return (self.low + self.high) / 2

    def __contains__(self, score: float) -> bool:
        return self.low <= score <= self.high

    def from_base(self, base: float) -> float:
        """Map a feeling on the -2..2 base onto this scale (-2 -> low, 0 -> neutral)."""
        return self.neutral + base / 2 * (self.high - self.low) / 2

    def __str__(self) -> str:
        return f"{_number_text(self.low)}..{_number_text(self.high)}"


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class Journey:
    name: str
    state: JourneyState = "current"
    baseline: str | None = None  # for a target journey: the current journey it improves on
    description: str | None = None
    sector: str | None = None
    owner: str | None = None
    scale: Scale | None = None
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True)
class Persona:
    name: str
    description: str | None = None
    segment: str | None = None
    share: float | None = None  # percentage points of customers, 0..100
    age: str | None = None
    goals: str | None = None
    frustrations: str | None = None
    motivations: str | None = None
    preferred_channels: tuple[str, ...] = ()
    # where the persona comes from: FROM_ANSWERS for a segment of survey answers that the map
    # did not list; None for the map's own (other words a workbook writes are kept as written)
    source: str | None = None
    extra: Extra = field(default_factory=dict)

    @property
    def from_answers(self) -> bool:
        return self.source == FROM_ANSWERS


FROM_ANSWERS = "answers"
"""The source of a persona made from a survey segment (see :mod:`cxmap.files.responses`)."""


@dataclass(frozen=True)
class Stage:
    name: str
    phase: str | None = None
    description: str | None = None
    customer_goal: str | None = None
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True)
class Channel:
    name: str
    kind: ChannelKind | None = None
    category: str | None = None
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True)
class Touchpoint:
    stage: str
    channel: str
    name: str
    category: str | None = None
    qualification: Qualification = "neutral"
    moment_of_truth: bool = False
    layer: Layer | None = None
    data_collection: bool = False
    description: str | None = None
    owner: str | None = None
    # target journeys: the workshop's decision for this row (see CHANGES) and the name of the
    # current touchpoint it replaces; a `remove` row is not a touchpoint of the target
    change: str | None = None  # remove | add | transform | amplify | keep
    replaces: str | None = None
    # the data-collection plan: what customer data this touchpoint collects, and how
    data_collected: tuple[str, ...] = ()
    collection_mechanism: str | None = None
    events: tuple[str, ...] = ()  # event-log activity names meaning this touchpoint happened
    extra: Extra = field(default_factory=dict)


Change = Literal["remove", "add", "transform", "amplify", "keep"]
CHANGES: tuple[Change, ...] = ("remove", "add", "transform", "amplify", "keep")
"""What a target journey's row may declare it does to the current journey (in this order)."""


@dataclass(frozen=True)
class Emotion:
    persona: str
    stage: str
    score: float
    touchpoint: str | None = None
    feeling: str | None = None
    quote: str | None = None
    thinks: str | None = None
    does: str | None = None
    says: str | None = None
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True)
class Kpi:
    name: str
    value: float
    target: float | None = None
    unit: str | None = None
    direction: Direction = "higher"
    period: str | None = None
    stage: str | None = None
    touchpoint: str | None = None
    persona: str | None = None
    n: int | None = None
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True)
class Action:
    name: str
    impact: float | None = None  # 1..5
    effort: float | None = None  # 1..5
    stage: str | None = None
    touchpoint: str | None = None
    pain_point: str | None = None
    type: ActionType | None = None
    owner: str | None = None
    status: ActionStatus = "idea"
    cost: float | None = None
    reach: float | None = None
    due: dt.date | None = None
    expected_gain: str | None = None
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True)
class JourneyMap:
    """One journey with everything that hangs off it."""

    journey: Journey
    personas: tuple[Persona, ...] = ()
    stages: tuple[Stage, ...] = ()
    channels: tuple[Channel, ...] = ()
    touchpoints: tuple[Touchpoint, ...] = ()
    emotions: tuple[Emotion, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    actions: tuple[Action, ...] = ()

    @property
    def name(self) -> str:
        return self.journey.name

    def count(self, qualification: Qualification) -> int:
        return sum(1 for t in self.touchpoints if t.qualification == qualification)

    def describe(self) -> str:
        """One line a person reads: what this map holds."""

        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        return (
            f"{n(len(self.stages), 'stage')}, {n(len(self.personas), 'persona')}, "
            f"{n(len(self.channels), 'channel')}, {n(len(self.touchpoints), 'touchpoint')} "
            f"({n(self.count('irritant'), 'irritant')}, {n(self.count('delight'), 'delight')}, "
            f"{self.count('missing')} missing), {n(len(self.emotions), 'emotion')}, "
            f"{n(len(self.kpis), 'KPI')}, {n(len(self.actions), 'action')}"
        )


def is_blank(value: object) -> bool:
    """True for None, empty or whitespace-only text, and NaN."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)
