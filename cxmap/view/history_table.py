"""The History page's tables: a journey's versions (who, when, what), and the items other than
touchpoints that differ between two versions.  Headers and words in the page's language, text
cells formula-safe (:func:`cxmap.view.text.cells`), so "Download as CSV" exports names as text."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cxmap.compute.versions import Difference
from cxmap.storage.history import Version
from cxmap.view import text
from cxmap.view.i18n import tr


def versions_table(versions: Sequence[Version], lang: str) -> pd.DataFrame:
    """One row per version, newest first: its number, time (minutes), author, what it was (in
    words), summary and the kilobytes kept for it."""
    return (
        pd.DataFrame(
            {
                tr("col.version", lang): [v.version for v in versions],
                tr("col.at", lang): [f"{v.at:%Y-%m-%d %H:%M}" for v in versions],
                tr("col.by", lang): [v.by for v in versions],
                tr("col.what", lang): [tr(f"what.{v.what}", lang) for v in versions],
                tr("col.summary", lang): [v.summary for v in versions],
                tr("col.size", lang): [round(v.size / 1000, 1) for v in versions],
            }
        )
        .pipe(text.cells)
        .iloc[::-1]
    )


def differences_table(differences: Sequence[Difference], lang: str) -> pd.DataFrame:
    """One row per difference, in its order: the kind of item, the item, its change (in words)
    and the fields that changed."""
    return pd.DataFrame(
        {
            tr("col.kind", lang): [d.kind for d in differences],
            tr("col.item", lang): [d.item for d in differences],
            tr("col.change", lang): [tr(f"version_change.{d.change}", lang) for d in differences],
            tr("col.fields", lang): [", ".join(d.fields) for d in differences],
        }
    ).pipe(text.cells)
