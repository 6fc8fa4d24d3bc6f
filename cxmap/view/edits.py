"""What a person changed in the dashboard's editable widgets, as the edits the library takes:
the actions table's changes for :meth:`Store.update_actions`, the import page's correction
widgets as the reader's :class:`Corrections`, and the columns of canonical words (a status, a
qualification, a change) that an editor shows and offers in the dashboard's language.  Plain
data in, plain data out: no Streamlit."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cxmap.domain.model import CHANGES, QUALIFICATIONS
from cxmap.domain.vocabulary import localised
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


# --- canonical words shown and chosen in the dashboard's language ---------------------------


@dataclass(frozen=True)
class Words:
    """A column of canonical values shown and chosen in the dashboard's language and stored
    canonical: the editor's frame holds :meth:`shown`, its ``SelectboxColumn`` offers
    :attr:`options`, and what it returns goes back through :meth:`canonical`.  A value with no
    word (blank, or a word of no value) passes through as it is, for the checks to report."""

    words: Mapping[str, str]  # canonical value -> the word shown

    @classmethod
    def of(cls, values: Iterable[str], word: Callable[[str], str]) -> Words:
        return cls({value: word(value) for value in values})

    @classmethod
    def vocabulary(cls, name: str, values: Iterable[str], lang: str) -> Words:
        """The words a workbook in ``lang`` uses (:data:`cxmap.domain.vocabulary.VOCABULARIES`:
        `enchantement`, `sublimer`…; in English the canonical values themselves)."""
        return cls.of(values, lambda value: localised(name, value, lang))

    @property
    def options(self) -> list[str]:
        return list(self.words.values())

    def word(self, value: object) -> str:
        """The word for one canonical value (or the value itself)."""
        return self.words.get(value, value) if isinstance(value, str) else value  # type: ignore[return-value]

    def shown(self, values: Iterable[object]) -> list[object]:
        return [self.word(v) for v in values]

    def canonical(self, values: Iterable[object]) -> list[object]:
        back = {word: value for value, word in self.words.items()}
        return [back.get(v, v) if isinstance(v, str) else v for v in values]


def shown_frame(frame: pd.DataFrame, columns: Mapping[str, Words]) -> pd.DataFrame:
    """The frame with these columns' canonical values as words (for an editor)."""
    return frame.assign(**{c: words.shown(frame[c]) for c, words in columns.items()})


def canonical_frame(frame: pd.DataFrame, columns: Mapping[str, Words]) -> pd.DataFrame:
    """The edited frame with these columns' words back to canonical values."""
    return frame.assign(**{c: words.canonical(frame[c]) for c, words in columns.items()})


def touchpoint_words(lang: str) -> dict[str, Words]:
    """The touchpoint editor's word columns: qualification and change, in the words a workbook
    in ``lang`` uses (`irritant`, `enchantement`…; `conserver`, `supprimer`, `sublimer`…)."""
    return {
        "qualification": Words.vocabulary("qualification", QUALIFICATIONS, lang),
        "change": Words.vocabulary("change", CHANGES, lang),
    }
