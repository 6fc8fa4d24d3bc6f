"""Saving from a page when others may save too: the version a page was drawn from (saved with
it, so a save over someone else's change is refused), and the messages that say who changed
what and when.  Pages call these around every store write."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import streamlit as st

from cxmap.domain.model import JourneyMap
from cxmap.domain.report import CxmapError
from cxmap.storage import history
from cxmap.storage.access import AccessDenied
from cxmap.storage.store import Store
from cxmap.view.i18n import tr
from cxmap.view.text import md

T = TypeVar("T")
_DRAWN = "_cxmap_drawn_"


def drawn_version(store: Store, key: str, name: str) -> int | None:
    """The journey's version when the editor ``key`` was first drawn (kept until it saves or
    the person reloads): what its save expects to still be there."""
    state_key = f"{_DRAWN}{key}:{name}"
    if state_key not in st.session_state:
        st.session_state[state_key] = store.version_of(name)
    return st.session_state[state_key]


def forget(key: str) -> None:
    """Start the editor ``key`` again from the journey as it is now."""
    for state_key in [k for k in st.session_state if str(k).startswith(f"{_DRAWN}{key}:")]:
        del st.session_state[state_key]


def stale_message(exc: history.StaleSave, lang: str) -> str:
    latest = exc.latest
    return tr(
        "history.stale",
        lang,
        name=md(exc.journey),  # the journey's name as typed; who is the signed-in identity
        by=latest.by if latest else "?",
        at=f"{latest.at:%Y-%m-%d %H:%M}" if latest else "?",
    )


def attempt(write: Callable[[], T], lang: str, *, reload_key: str | None = None) -> T | None:
    """Run a store write; a refusal (changed meanwhile, not allowed, invalid) is shown, not
    raised, and returns None.  A stale refusal offers to reload the journey."""
    try:
        return write()
    except history.StaleSave as exc:
        st.error(stale_message(exc, lang), icon=":material/sync_problem:")
        if reload_key is not None:  # a callback: this button is not drawn in the next run
            st.button(
                tr("history.reload", lang),
                icon=":material/refresh:",
                key=f"reload_{reload_key}",
                on_click=forget,
                args=(reload_key,),
            )
    except AccessDenied as exc:
        st.error(tr("history.denied", lang, reason=md(exc)), icon=":material/block:")
    except CxmapError as exc:
        st.error(md(exc), icon=":material/error:")
    return None


def replaced_notice(
    store: Store, names: Iterable[str], lang: str, maps: Iterable[JourneyMap] = ()
) -> list[str]:
    """For each journey an import would replace: its version now, and who made it when; for
    each of ``maps``, the survey answers it would leave on touchpoints it no longer has."""
    notes = []
    with store.engine.connect() as conn:
        for name in names:
            latest = history.latest(conn, name)
            if latest is None:
                continue
            notes.append(
                tr(
                    "history.replaces",
                    lang,
                    name=name,
                    version=latest.version,
                    what=latest.what,
                    by=latest.by,
                    at=f"{latest.at:%Y-%m-%d %H:%M}",
                )
            )
    for journey_map in maps:
        orphaned = store.orphaned_answers(journey_map)
        if orphaned:
            listed = ", ".join(f"{name} ({n:,})" for name, n in list(orphaned.items())[:8])
            notes.append(
                tr(
                    "storage.orphaned_answers",
                    lang,
                    name=journey_map.name,
                    n=f"{sum(orphaned.values()):,}",
                    touchpoints=listed + (" …" if len(orphaned) > 8 else ""),
                )
            )
    return notes
