"""A diff's touchpoint changes as the table a steering committee reads: one row per touchpoint,
its change in words, where it is, what it was and what it becomes ("from → to")."""

from __future__ import annotations

import pandas as pd

from cxmap.compute.diff import CHANGE_KINDS, ChangeKind, JourneyDiff
from cxmap.view.i18n import tr

ARROW = " → "


def _from_to(before: str | None, after: str | None) -> str:
    """`a` when both sides agree (or only one has it), `a → b` when it changed."""
    if before is None or after is None or before == after:
        return after if after is not None else (before or "")
    return f"{before}{ARROW}{after}"


def change_table(
    diff: JourneyDiff, lang: str, *, changes: tuple[ChangeKind, ...] = CHANGE_KINDS
) -> pd.DataFrame:
    """The touchpoint changes of ``diff`` (only the kinds in ``changes``), in its order (by
    stage), with headers in the language."""
    rows = []
    for item in diff.touchpoints:
        if item.change not in changes:
            continue
        old, new = item.current, item.target

        def q(side):
            return tr(f"q.{side.qualification}", lang) if side is not None else None

        rows.append(
            (
                tr(f"change.{item.change}", lang),
                item.stage,
                old.name if old is not None else "",
                new.name if new is not None else "",
                _from_to(old.channel if old else None, new.channel if new else None),
                _from_to(q(old), q(new)),
            )
        )
    keys = ("change", "stage", "before", "after", "channel", "qualification")
    return pd.DataFrame(rows, columns=[tr(f"history.diff.col.{k}", lang) for k in keys])
