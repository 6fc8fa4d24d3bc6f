"""What changed between two versions of a journey map, item by item.

A first, simple comparison for the History page: for each kind of item (stages, personas,
channels, touchpoints, emotions, KPIs, actions, and the journey itself), what was added, removed
or changed, and which fields changed.  It is one function, :func:`compare`, so that the diff
engine planned for the current → target view can replace it without touching the page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from cxmap.domain.model import JourneyMap

Change = Literal["added", "removed", "changed"]

# How an item is recognised from one version to the next (its name, within its stage…)
KEYS: dict[str, tuple[str, ...]] = {
    "personas": ("name",),
    "stages": ("name",),
    "channels": ("name",),
    "touchpoints": ("stage", "name"),
    "emotions": ("persona", "stage", "touchpoint"),
    "kpis": ("name", "stage", "touchpoint", "persona", "period"),
    "actions": ("name",),
}


@dataclass(frozen=True)
class Difference:
    kind: str  # journey | personas | stages | …
    item: str  # the item's key, as a person reads it
    change: Change
    fields: tuple[str, ...] = ()  # for a change: which fields differ


def _keyed(items: tuple[Any, ...], key: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Items by their key; a repeated key gets its rank (#2, #3…) to stay distinct."""
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        fields = asdict(item)
        label = " · ".join(str(fields[k]) for k in key if fields.get(k) not in (None, ""))
        unique, n = label, 1
        while unique in out:
            n += 1
            unique = f"{label} #{n}"
        out[unique] = fields
    return out


def _changed(a: dict[str, Any], b: dict[str, Any]) -> tuple[str, ...]:
    return tuple(k for k in a if a[k] != b.get(k))


def compare(before: JourneyMap, after: JourneyMap) -> list[Difference]:
    """Every difference from ``before`` to ``after``, kind by kind, in the order of ``after``."""
    differences: list[Difference] = []
    journey_fields = _changed(asdict(before.journey), asdict(after.journey))
    if journey_fields:
        differences.append(Difference("journey", after.name, "changed", journey_fields))
    for kind, key in KEYS.items():
        old = _keyed(getattr(before, kind), key)
        new = _keyed(getattr(after, kind), key)
        for label, fields in new.items():
            if label not in old:
                differences.append(Difference(kind, label, "added"))
            elif changed := _changed(old[label], fields):
                differences.append(Difference(kind, label, "changed", changed))
        differences.extend(Difference(kind, label, "removed") for label in old if label not in new)
    return differences
