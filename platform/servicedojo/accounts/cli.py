"""`servicedojo users ...`: create accounts from the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from servicedojo.accounts import service
from servicedojo.accounts.domain import Role
from servicedojo.core.errors import DomainError


@click.group()
def users() -> None:
    """Manage user accounts."""


def _read_password() -> str:
    """Read the password from a prompt, or from stdin when piped; never from argv."""
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\n")


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([role.value for role in Role]), default=Role.LEARNER.value)
@click.option("--name", "display_name", default=None, help="Display name (defaults to the username).")
@with_appcontext
def create(username: str, role: str, display_name: str | None) -> None:
    """Create an account; the password is read from a prompt or standard input."""
    password = _read_password()
    try:
        user = service.create_user(username, password, display_name=display_name, role=Role(role))
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role.value} {user.username}.")
