"""Who may use each route — the one place that says so.

Every endpoint of the app must appear here; a route missing from this table answers 403
and ``tests/integration/test_access_matrix.py`` fails until it is declared.
"""

from __future__ import annotations

from servicedojo.accounts.domain import Access

PUBLIC = Access.PUBLIC
SIGNED_IN = Access.SIGNED_IN
TRAINER = Access.TRAINER
ADMIN = Access.ADMIN

ROUTE_ACCESS: dict[str, Access] = {
    # core
    "static": PUBLIC,
    "core.index": PUBLIC,
    "core.healthz": PUBLIC,
    "core.about": PUBLIC,
    # accounts
    "accounts.register": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.logout": SIGNED_IN,
    "accounts.users": ADMIN,
    "accounts.change_role": ADMIN,
    "accounts.cohorts": SIGNED_IN,
    "accounts.create_cohort": TRAINER,
    "accounts.join_cohort": SIGNED_IN,
    "accounts.cohort": TRAINER,
}
