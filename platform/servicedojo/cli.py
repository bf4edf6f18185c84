"""The ``servicedojo`` command: Flask's CLI plus content and demo commands."""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from servicedojo.core.content import ContentInvalid
from servicedojo.core.content.framework import content_stats, load_content, sync_content

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="A folder laid out like the repository (content/, question_bank/, scenarios/). Default: CONTENT_ROOT.",
)


def _root(root: Path | None) -> Path:
    return root if root is not None else Path(current_app.config["CONTENT_ROOT"])


@click.group()
def content() -> None:
    """Check, count and load the content files."""


@content.command("check")
@root_option
@with_appcontext
def content_check(root: Path | None) -> None:
    """Validate every content file; print each problem as path:line: message."""
    context = load_content(current_app, _root(root))
    for problem in context.problems:
        click.echo(str(problem))
    if context.problems:
        click.echo(f"{len(context.problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo("Content is valid.", err=True)


@content.command("sync")
@root_option
@with_appcontext
def content_sync(root: Path | None) -> None:
    """Load the content into the database in one transaction (a second run changes nothing)."""
    try:
        summaries = sync_content(current_app, _root(root))
    except ContentInvalid as invalid:
        for problem in invalid.problems:
            click.echo(str(problem))
        click.echo(f"{len(invalid.problems)} problem(s) found; nothing was changed.", err=True)
        sys.exit(1)
    for key, summary in summaries:
        click.echo(f"{key}: {summary}")
    if not any(summary.changed for _, summary in summaries):
        click.echo("Nothing changed.")


@content.command("stats")
@root_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@with_appcontext
def content_stats_command(root: Path | None, as_json: bool) -> None:
    """Count the content per kind."""
    stats, problems = content_stats(current_app, _root(root))
    if as_json:
        click.echo(json.dumps(stats, indent=2, sort_keys=True))
    else:
        for key, value in sorted(stats.items()):
            click.echo(f"{key}: {value}")
    if problems:
        click.echo(f"Warning: {len(problems)} content problem(s); run `servicedojo content check`.", err=True)


DEMO_ACCOUNTS = [
    ("demo-admin", "admin", "Ada Admin"),
    ("demo-trainer", "trainer", "Theo Trainer"),
    ("demo-learner", "learner", "Lena Learner"),
]


@click.command("demo-accounts")
@with_appcontext
def demo_accounts() -> None:
    """Create (or reset) one demo account per role with a fresh random password, and print them."""
    from servicedojo.accounts import service
    from servicedojo.accounts.domain import Role

    click.echo("Demo accounts (passwords are new on every run):")
    for username, role, name in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(9)
        service.reset_demo_account(username, password, display_name=name, role=Role(role))
        click.echo(f"  {username:13} {role:8} password: {password}")


def init_app(app: Flask) -> None:
    """Put the commands on the app, so ``servicedojo`` and ``flask`` both see them."""
    app.cli.add_command(content)
    app.cli.add_command(demo_accounts)


def _create_app() -> Flask:
    from servicedojo import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app)
def cli() -> None:
    """Service Dojo: learn ITIL 4, practise for the Foundation exam, work a simulated service desk."""


def main() -> None:
    cli()
