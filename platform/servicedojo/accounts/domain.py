"""Roles and who may do what: pure rules, no Flask, no database."""

from __future__ import annotations

import re
import secrets
from enum import StrEnum


class Role(StrEnum):
    LEARNER = "learner"
    TRAINER = "trainer"
    ADMIN = "admin"


class Access(StrEnum):
    """Who may open a route. Each route names exactly one of these in servicedojo/access.py."""

    PUBLIC = "public"  # anyone, signed in or not
    SIGNED_IN = "signed_in"  # any role
    TRAINER = "trainer"  # trainers and admins
    ADMIN = "admin"  # admins only


_ROLES_FOR: dict[Access, frozenset[Role]] = {
    Access.SIGNED_IN: frozenset(Role),
    Access.TRAINER: frozenset({Role.TRAINER, Role.ADMIN}),
    Access.ADMIN: frozenset({Role.ADMIN}),
}


def is_allowed(access: Access, role: Role | None) -> bool:
    """Tell whether a visitor with ``role`` (None = anonymous) may use a route."""
    if access is Access.PUBLIC:
        return True
    return role is not None and role in _ROLES_FOR[access]


MIN_PASSWORD_LENGTH = 10
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,39}$")
# Join codes avoid look-alike characters so they can be read aloud or copied from a slide.
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def normalise_username(raw: str) -> str:
    """Usernames are case-insensitive: store and compare them in lower case."""
    return raw.strip().lower()


def new_join_code() -> str:
    """Return a fresh, hard-to-guess cohort join code."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(raw: str) -> str:
    """Accept codes typed with spaces, dashes or in lower case."""
    return re.sub(r"[\s-]", "", raw).upper()
