"""Roles: who may change what, checked by the store itself (not only by hidden buttons), the
people kept in the database and managed from the command line, and how a signed-in identity
gets its role (CXMAP_ADMINS, a row, CXMAP_DEFAULT_ROLE, else no access)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from cxmap.cli import main
from cxmap.domain.report import CxmapError
from cxmap.storage import access, history
from cxmap.storage.access import AccessDenied, Actor
from cxmap.storage.store import Store
from tests.test_answers import JOURNEY as ANSWERS_JOURNEY
from tests.test_answers import MAP as ANSWERS_MAP
from tests.test_answers import WAVE_1, read
from tests.test_store import minimal_map, rich_map

RICH = "Home insurance claim"
VIEWER = Actor("vi@example.com", "viewer")
EDITOR = Actor("ed@example.com", "editor")
ADMIN = Actor("ad@example.com", "admin")
NOBODY = Actor("who@example.com", None)


def _save(s: Store) -> Any:
    return s.save([minimal_map()])


def _edit(s: Store) -> Any:
    return s.update_actions(RICH, {0: {"status": "done"}})


def _rollback(s: Store) -> Any:
    return history.rollback(s, RICH, 1)


def _delete(s: Store) -> Any:
    return s.delete(RICH)


def _answers(s: Store) -> Any:
    return s.save_answers(ANSWERS_JOURNEY, read(WAVE_1, "wave-1.csv"))


def _manage(s: Store) -> Any:
    return access.set_role(s.engine, "x@example.com", "viewer", s.actor)


# (write, the least role that may do it)
WRITES: list[tuple[Callable[[Store], Any], str]] = [
    (_save, "editor"),
    (_edit, "editor"),
    (_rollback, "editor"),
    (_answers, "editor"),
    (_delete, "admin"),
    (_manage, "admin"),
]


def prepared(store: Store) -> Store:
    """Two versions of the rich journey and the answers' journey, saved by the command line."""
    store.save([rich_map(), ANSWERS_MAP])
    store.update_actions(RICH, {0: {"owner": "Claims"}})
    return store


def state(store: Store) -> tuple:
    return (
        store.names(),
        store.data_version(),
        [v.version for v in history.versions(store.engine, RICH)],
        access.people(store.engine),
        store.summary(),
    )


# every (write, actor) pair where the actor's role is below what the write needs
REFUSED = [
    pytest.param(write, needed, actor, id=f"{actor.role or 'no role'} {write.__name__[1:]}")
    for write, needed in WRITES
    for actor in (NOBODY, VIEWER, EDITOR)
    if not actor.can(needed)  # type: ignore[arg-type]
]


@pytest.mark.parametrize("write, needed, actor", REFUSED)
def test_the_store_refuses_a_write_the_role_does_not_allow_and_writes_nothing(
    store: Store, write, needed: str, actor: Actor
) -> None:
    prepared(store)
    before = state(store)
    with pytest.raises(AccessDenied, match=needed):
        write(store.acting(actor))
    assert state(store) == before


@pytest.mark.parametrize("write, needed", WRITES, ids=[w.__name__ for w, _ in WRITES])
def test_the_least_role_allowed_can_do_it_and_is_the_author_in_the_history(
    store: Store, write, needed: str
) -> None:
    prepared(store)
    actor = Actor(f"{needed}@example.com", needed)  # type: ignore[arg-type]
    write(store.acting(actor))
    if write in (_save, _answers, _manage):
        return  # not a change of RICH's map (answers and people are not in its history)
    assert history.versions(store.engine, RICH)[-1].by == actor.name


def test_a_viewer_store_still_reads_everything(store: Store) -> None:
    prepared(store)
    viewer = store.acting(VIEWER)
    assert viewer.names() == store.names()
    assert viewer.load(RICH) == store.load(RICH)


def test_acting_does_not_change_the_shared_store(store: Store) -> None:
    store.acting(VIEWER)
    assert store.actor == access.command_line()
    assert store.actor.can("admin")


# --- people -----------------------------------------------------------------------------------


def test_people_are_added_changed_listed_and_removed(store: Store) -> None:
    assert access.set_role(store.engine, " Ann@Example.com ", "viewer", ADMIN) is True
    assert access.set_role(store.engine, "ann@example.com", "editor", ADMIN) is False
    (ann,) = access.people(store.engine)
    assert (ann.email, ann.role, ann.added_by) == ("ann@example.com", "editor", ADMIN.name)
    assert access.remove(store.engine, "ANN@example.com", ADMIN) is True
    assert access.remove(store.engine, "ann@example.com", ADMIN) is False
    assert access.people(store.engine) == []


def test_an_unknown_role_is_refused(store: Store) -> None:
    with pytest.raises(CxmapError, match="viewer, editor, admin"):
        access.set_role(store.engine, "ann@example.com", "owner", ADMIN)


def test_user_commands_add_list_and_remove(store: Store, database_url: str, capsys) -> None:
    assert main(["user", "add", "Ann@example.com", "--role", "editor"]) == 0
    assert main(["user", "add", "bob@example.com", "--role", "viewer"]) == 0
    capsys.readouterr()
    assert main(["user", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["email"], r["role"]) for r in rows] == [
        ("ann@example.com", "editor"),
        ("bob@example.com", "viewer"),
    ]
    assert main(["user", "remove", "bob@example.com"]) == 0
    assert main(["user", "remove", "bob@example.com"]) == 1
    assert "nobody named" in capsys.readouterr().err
    assert [p.email for p in access.people(Store(database_url).engine)] == ["ann@example.com"]


def test_user_add_with_an_unknown_role_is_a_usage_error(database_url: str, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["user", "add", "ann@example.com", "--role", "owner"])
    assert exited.value.code == 2


# --- the role of a signed-in identity ---------------------------------------------------------


@pytest.mark.parametrize(
    "claims, identity",
    [
        ({"email": "Ann@Example.com", "sub": "123"}, "ann@example.com"),  # email first
        ({"sub": "user-123"}, "user-123"),  # else the subject
        ({"email": "", "sub": "user-123"}, "user-123"),
        ({}, None),
    ],
)
def test_the_identity_is_the_email_claim_else_the_subject(claims, identity) -> None:
    assert access.identity(claims) == identity


def test_a_role_comes_from_cxmap_admins_then_the_database_then_the_default(store: Store) -> None:
    access.set_role(store.engine, "ed@example.com", "editor", ADMIN)
    admins = access.listed(" Boss@example.com, other@example.com ,")
    assert access.role_of(store.engine, "boss@example.com", admins=admins) == "admin"
    assert access.role_of(store.engine, "ED@example.com", admins=admins) == "editor"
    assert access.role_of(store.engine, "new@example.com", admins=admins) is None
    assert access.role_of(store.engine, "new@example.com", default="viewer") == "viewer"


@pytest.mark.parametrize("value, role", [("", None), (" viewer ", "viewer"), ("editor", "editor")])
def test_the_default_role_setting(value: str, role) -> None:
    assert access.default_role(value) == role


def test_a_default_role_that_is_not_a_role_is_an_error() -> None:
    with pytest.raises(CxmapError, match="CXMAP_DEFAULT_ROLE"):
        access.default_role("everyone")
