"""Who is using the app: Streamlit's own sign-in (``st.login`` / ``st.user``, OpenID Connect,
configured in ``.streamlit/secrets.toml`` ``[auth]``) and the role the database gives them.

With ``[auth]`` configured nothing of any map is drawn before sign-in: :func:`gate` shows a
Sign in button and stops the run; a signed-in account without a role is told to ask an
administrator, and stops there too.  Without ``[auth]`` cxmap runs for one person on their own
machine, with every right, and says so in the sidebar.  The role found here is only what the
pages show: the store checks it again before any change (:class:`cxmap.storage.access.Actor`).
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from cxmap.storage import access
from cxmap.storage.access import Actor
from cxmap.storage.store import Store
from cxmap.view.i18n import LANGS, language_of, tr
from cxmap.view.text import md

_ACTOR = "_cxmap_actor"


def _secret(key: str) -> Any:
    """A top-level secret, or None (no secrets file at all is not an error here)."""
    try:
        return st.secrets.get(key)
    except Exception:  # noqa: BLE001 - Streamlit raises several kinds for a missing/bad file
        return None


def configured() -> bool:
    """Whether sign-in is configured: an ``[auth]`` section in the secrets."""
    return bool(_secret("auth"))


def _setting(name: str) -> str:
    """``CXMAP_ADMINS`` / ``CXMAP_DEFAULT_ROLE``: the environment first, else the secrets."""
    value = os.environ.get(name)
    if value is None:
        value = _secret(name)
    if isinstance(value, list | tuple):
        value = ",".join(str(v) for v in value)
    return str(value or "")


def admins() -> set[str]:
    return access.listed(_setting("CXMAP_ADMINS"))


def default_role() -> access.Role | None:
    return access.default_role(_setting("CXMAP_DEFAULT_ROLE"))


def current() -> Actor:
    """The acting identity of this session (what the store checks and the history records)."""
    actor = st.session_state.get(_ACTOR)
    if actor is not None:
        return actor
    return Actor("nobody", None) if configured() else access.local_app()


def language() -> str:
    """The language before the sidebar has drawn its switch: the session's, the link's, else
    the browser's."""
    lang = st.session_state.get("lang") or st.query_params.get("lang")
    return lang if lang in LANGS else language_of(st.context.locale)


def _hide(pages: list[Any]) -> None:
    """Register the app's pages without showing them or running one: a link to any page
    (e.g. /prioritisation) is known, and the sidebar lists nothing."""
    st.navigation(pages, position="hidden")


def gate(store: Store, pages: list[Any]) -> Actor:
    """The signed-in actor with a role; otherwise draw the sign-in (or no-access) screen and
    stop the run before anything of the maps is read."""
    if not configured():
        actor = access.local_app()
        st.session_state[_ACTOR] = actor
        return actor
    lang = language()
    if not st.user.is_logged_in:
        _hide(pages)
        st.session_state.pop(_ACTOR, None)
        st.title(tr("auth.title", lang))
        st.write(tr("auth.body", lang))
        st.button(
            tr("auth.sign_in", lang), type="primary", icon=":material/login:", on_click=st.login
        )
        st.stop()
    who = access.identity(dict(st.user)) or "?"
    role = access.role_of(store.engine, who, admins=admins(), default=default_role())
    actor = Actor(who, role)
    st.session_state[_ACTOR] = actor
    if role is None:
        _hide(pages)
        st.error(tr("auth.no_access", lang, who=md(who)), icon=":material/block:")
        st.button(tr("auth.sign_out", lang), icon=":material/logout:", on_click=st.logout)
        st.stop()
    return actor


def sidebar(actor: Actor, lang: str) -> None:
    """Who is signed in and a Sign out button; or, without sign-in, a discreet word saying so."""
    with st.sidebar:
        if not configured():
            st.caption(tr("auth.local", lang))
            return
        st.caption(
            tr("auth.signed_in", lang, who=md(actor.name), role=tr(f"role.{actor.role}", lang))
        )
        st.button(
            tr("auth.sign_out", lang), icon=":material/logout:", on_click=st.logout, key="sign_out"
        )


def can(needed: access.Role) -> bool:
    """Whether this session's actor has at least ``needed`` (what the pages show or hide)."""
    return current().can(needed)
