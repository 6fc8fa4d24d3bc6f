"""The People and roles page's table: who may sign in, as what, added when and by whom.  Headers
and roles in the page's language, text cells formula-safe (:func:`cxmap.view.text.cells`), so
"Download as CSV" exports an email typed as ``=HYPERLINK(…)`` as text."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cxmap.storage.access import Person
from cxmap.view import text
from cxmap.view.i18n import tr


def people_table(people: Sequence[Person], lang: str) -> pd.DataFrame:
    """One row per person, in the order given; a time or author not known is blank."""
    return pd.DataFrame(
        {
            tr("col.email", lang): [p.email for p in people],
            tr("col.role", lang): [tr(f"role.{p.role}", lang) for p in people],
            tr("col.added_at", lang): [
                f"{p.added_at:%Y-%m-%d %H:%M}" if p.added_at else "" for p in people
            ],
            tr("col.added_by", lang): [p.added_by or "" for p in people],
        }
    ).pipe(text.cells)
