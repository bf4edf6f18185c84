"""Account and cohort use cases. Each public function owns its transaction."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from servicedojo.accounts.domain import (
    MIN_PASSWORD_LENGTH,
    USERNAME_PATTERN,
    Role,
    new_join_code,
    normalise_join_code,
    normalise_username,
)
from servicedojo.accounts.models import Cohort, CohortMembership, User
from servicedojo.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from servicedojo.extensions import db


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == normalise_username(username)))


def create_user(username: str, password: str, *, display_name: str | None = None, role: Role = Role.LEARNER) -> User:
    """Create an account; a taken username is a Conflict and nothing is written."""
    name = normalise_username(username)
    if not USERNAME_PATTERN.match(name):
        raise DomainError("Use 2–40 letters, digits, dots, dashes or underscores for the username.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if find_user(name) is not None:
        raise Conflict(f"The username {name!r} is taken. Choose another.")
    user = User(username=name, display_name=(display_name or name).strip()[:80], role=role)
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as error:  # two registrations racing for one name
        db.session.rollback()
        raise Conflict(f"The username {name!r} is taken. Choose another.") from error
    return user


def reset_demo_account(username: str, password: str, *, display_name: str, role: Role) -> User:
    """Create a demo account, or give an existing one a new password and its demo role."""
    user = find_user(username)
    if user is None:
        return create_user(username, password, display_name=display_name, role=role)
    user.set_password(password)
    user.role = role
    db.session.commit()
    return user


def authenticate(username: str, password: str) -> User | None:
    user = find_user(username)
    if user is None or not user.check_password(password):
        return None
    return user


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.username)))


def change_role(actor: User, user_id: int, role: Role) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    if user.id == actor.id and role is not Role.ADMIN:
        raise DomainError("You cannot remove your own admin role; ask another admin.")
    user.role = role
    db.session.commit()
    return user


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


def create_cohort(owner: User, name: str) -> Cohort:
    """Create a cohort with a unique join code."""
    for _ in range(10):
        code = new_join_code()
        if db.session.scalar(select(Cohort.id).where(Cohort.join_code == code)) is None:
            break
    else:  # pragma: no cover - 32^8 codes make this practically impossible
        raise Conflict("Could not find a free join code; try again.")
    cohort = Cohort(name=name.strip(), join_code=code, owner_id=owner.id)
    db.session.add(cohort)
    db.session.commit()
    return cohort


def join_cohort(user: User, raw_code: str) -> Cohort:
    code = normalise_join_code(raw_code)
    cohort = db.session.scalar(select(Cohort).where(Cohort.join_code == code))
    if cohort is None:
        raise NotFound("No cohort has that join code. Check it with your trainer.")
    already = db.session.scalar(
        select(CohortMembership).where(CohortMembership.cohort_id == cohort.id, CohortMembership.user_id == user.id)
    )
    if already is None:
        db.session.add(CohortMembership(cohort_id=cohort.id, user_id=user.id))
        db.session.commit()
    return cohort


def cohorts_owned_by(user: User) -> list[Cohort]:
    query = select(Cohort).order_by(Cohort.created_at.desc())
    if user.role is not Role.ADMIN:
        query = query.where(Cohort.owner_id == user.id)
    return list(db.session.scalars(query))


def cohorts_joined_by(user: User) -> list[Cohort]:
    return list(
        db.session.scalars(
            select(Cohort).join(CohortMembership).where(CohortMembership.user_id == user.id).order_by(Cohort.name)
        )
    )


def cohort_for_trainer(user: User, cohort_id: int) -> Cohort:
    """Return a cohort its owner (or an admin) may see; others get 404/403."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound("No such cohort.")
    if cohort.owner_id != user.id and user.role is not Role.ADMIN:
        raise PermissionDenied("Only the cohort's trainer can see its members.")
    return cohort


def member_ids(cohort: Cohort) -> list[int]:
    return [membership.user_id for membership in cohort.memberships]
