"""What a person changed in the dashboard's editable widgets, as the edits the library takes:
the actions table's changes for :meth:`Store.update_actions`, the import page's correction
widgets as the reader's :class:`Corrections`.  Plain data in, plain data out: no Streamlit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from cxmap.files.reader import Corrections
from cxmap.storage.store import Store

RATINGS = ("impact", "effort")  # the numeric editable fields; the others are text

FIX = "fix_"  # the prefix of the correction widgets' keys
FIX_JOURNEY, FIX_STATE = FIX + "journey", FIX + "state"
FIX_LAYOUT, FIX_PERSONA, FIX_COLOUR = FIX + "layout::", FIX + "persona::", FIX + "colour::"


def action_changes(before: pd.DataFrame, after: pd.DataFrame) -> dict[int, dict[str, object]]:
    """What the editable actions table changed: {action position: {field: new value}}."""
    changes: dict[int, dict[str, object]] = {}
    for (_, old), (_, new) in zip(before.iterrows(), after.iterrows()):
        fields = {}
        for key in Store.EDITABLE_ACTION_FIELDS:
            a, b = old[key], new[key]
            if (pd.isna(a) and pd.isna(b)) or a == b:
                continue
            fields[key] = None if pd.isna(b) else (float(b) if key in RATINGS else str(b))
        if fields:
            changes[int(old["id"])] = fields
    return changes


def corrections_from(state: Mapping[str, Any]) -> Corrections:
    """The corrections chosen in the import page's widgets (``state``: widget key -> value;
    other keys are ignored; "auto", "neutral" and a blank persona correct nothing)."""

    def chosen(prefix: str) -> dict[str, Any]:
        return {k.split("::", 1)[1]: v for k, v in state.items() if k.startswith(prefix)}

    return Corrections(
        journey=(state.get(FIX_JOURNEY) or "").strip() or None,
        state=state.get(FIX_STATE),
        layouts={k: v for k, v in chosen(FIX_LAYOUT).items() if v != "auto"},
        personas={k: v.strip() for k, v in chosen(FIX_PERSONA).items() if v and v.strip()},
        colours={k: v for k, v in chosen(FIX_COLOUR).items() if v != "neutral"},
    )
