"""Who may do what: the people allowed in, their role (viewer, editor, admin), and the acting
identity a :class:`~cxmap.storage.store.Store` checks before it changes anything.

Roles live in the ``users`` table; ``CXMAP_ADMINS`` (a comma-separated list, from the
environment or the app's secrets) names the first administrators without any row, and
``CXMAP_DEFAULT_ROLE`` may grant a role to every signed-in account that has none.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Engine, delete, insert, select, update

from cxmap.domain.report import CxmapError
from cxmap.storage import schema as t

Role = Literal["viewer", "editor", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "editor", "admin")  # each can do what the previous can


class AccessDenied(CxmapError):
    """The acting identity's role does not allow this change."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: the name written in the history, and their role (None: no access)."""

    name: str
    role: Role | None

    def can(self, needed: Role) -> bool:
        return self.role is not None and ROLES.index(self.role) >= ROLES.index(needed)

    def require(self, needed: Role, doing: str) -> None:
        """Raise :class:`AccessDenied` unless this actor's role is at least ``needed``."""
        if not self.can(needed):
            raise AccessDenied(
                f"{self.name} ({self.role or 'no role'}) may not {doing}: "
                f"it needs the {needed} role"
            )


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "unknown"


def command_line() -> Actor:
    """Whoever runs the command line: it has the database in hand, so it may do everything."""
    return Actor(f"command line ({os_user()})", "admin")


def local_app() -> Actor:
    """The app without sign-in configured: one person on their own machine."""
    return Actor(f"app without sign-in ({os_user()})", "admin")


def identity(claims: dict) -> str | None:
    """The identity of a signed-in account: its ``email`` claim, else its ``sub``."""
    value = claims.get("email") or claims.get("sub")
    return normalise(str(value)) if value else None


def normalise(email: str) -> str:
    return email.strip().lower()


def listed(value: str | None) -> set[str]:
    """The identities of a comma-separated list such as ``CXMAP_ADMINS``."""
    return {normalise(v) for v in (value or "").split(",") if v.strip()}


def default_role(value: str | None = None) -> Role | None:
    """``CXMAP_DEFAULT_ROLE`` (or ``value``), checked: the role of accounts without one."""
    value = (value if value is not None else os.environ.get("CXMAP_DEFAULT_ROLE", "")).strip()
    if not value:
        return None
    if value not in ROLES:
        raise CxmapError(f"CXMAP_DEFAULT_ROLE must be one of {', '.join(ROLES)}, not {value!r}")
    return value  # type: ignore[return-value]


@dataclass(frozen=True)
class Person:
    email: str
    role: Role
    added_at: dt.datetime | None
    added_by: str | None


def _check_role(role: str) -> Role:
    if role not in ROLES:
        raise CxmapError(f"the role must be one of {', '.join(ROLES)}, not {role!r}")
    return role  # type: ignore[return-value]


def set_role(engine: Engine, email: str, role: str, actor: Actor) -> bool:
    """Give ``email`` a role (an admin's change); True when the person was new."""
    actor.require("admin", "manage people")
    email, role = normalise(email), _check_role(role)
    if not email:
        raise CxmapError("an email (or OpenID subject) is needed")
    with engine.begin() as conn:
        changed = conn.execute(update(t.users).where(t.users.c.email == email).values(role=role))
        if changed.rowcount:
            return False
        conn.execute(
            insert(t.users).values(
                email=email, role=role, added_at=dt.datetime.now(dt.UTC), added_by=actor.name
            )
        )
    return True


def remove(engine: Engine, email: str, actor: Actor) -> bool:
    """Take away a person's role; False when they had none."""
    actor.require("admin", "manage people")
    with engine.begin() as conn:
        return bool(
            conn.execute(delete(t.users).where(t.users.c.email == normalise(email))).rowcount
        )


def people(engine: Engine) -> list[Person]:
    u = t.users.c
    with engine.connect() as conn:
        return [
            Person(*row)
            for row in conn.execute(
                select(u.email, u.role, u.added_at, u.added_by).order_by(u.email)
            )
        ]


def role_of(
    engine: Engine, who: str, *, admins: set[str] = frozenset(), default: Role | None = None
) -> Role | None:
    """The role of a signed-in identity: an admin named in ``CXMAP_ADMINS``, else its row in the
    database, else the default role (None: no access)."""
    who = normalise(who)
    if who in admins:
        return "admin"
    with engine.connect() as conn:
        role = conn.scalar(select(t.users.c.role).where(t.users.c.email == who))
    return role or default
