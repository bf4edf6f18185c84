"""``servicedojo desk solve`` and ``servicedojo desk score``: the engine from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from servicedojo.core.content import LoadContext
from servicedojo.desk.content import SCENARIOS_DIR, load_scenario_file
from servicedojo.desk.domain import InvalidAction, Scenario, evaluate, model_answer, parse_log, replay

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="A folder laid out like the repository (with scenarios/). Default: CONTENT_ROOT.",
)


def _load(scenario_id: str, root: Path | None) -> Scenario:
    base = (root or Path(current_app.config["CONTENT_ROOT"])).resolve()
    path = base / SCENARIOS_DIR / f"{scenario_id}.yaml"
    if not path.is_file():
        raise click.ClickException(f"no scenario {scenario_id!r} (looked for {path})")
    context = LoadContext(root=base)
    scenario = load_scenario_file(context, path)
    if scenario is None:
        for problem in context.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"scenario {scenario_id!r} has problems; run `servicedojo content check`")
    return scenario


@click.group()
def desk() -> None:
    """Play, solve and score service desk scenarios."""


@desk.command("solve")
@click.argument("scenario_id")
@root_option
@with_appcontext
def solve(scenario_id: str, root: Path | None) -> None:
    """Print the model answer's action log as JSON (the shape `desk score` reads)."""
    scenario = _load(scenario_id, root)
    log = [action.to_json() for action in model_answer(scenario)]
    click.echo(json.dumps({"scenario": scenario.id, "actions": log}, indent=2))


@desk.command("score")
@click.argument("scenario_id")
@click.argument("actions_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@root_option
@with_appcontext
def score(scenario_id: str, actions_file: Path, as_json: bool, root: Path | None) -> None:
    """Score an action log (a JSON list, or an object with "actions") against a scenario."""
    scenario = _load(scenario_id, root)
    try:
        raw = json.loads(actions_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise click.ClickException(f"{actions_file}: not a readable JSON file ({error})") from None
    if isinstance(raw, dict) and raw.get("scenario") not in (None, scenario_id):
        raise click.ClickException(f"{actions_file}: the log is for scenario {raw['scenario']!r}, not {scenario_id!r}")
    try:
        state = replay(scenario, parse_log(raw))
    except InvalidAction as error:
        raise click.ClickException(f"{actions_file}: {error}") from None
    result = evaluate(state)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    click.echo(f"{scenario.title}: {result.percent}% ({result.points} of {result.max_points} points)")
    for ticket in result.tickets:
        click.echo(f"  {ticket.id:12} {ticket.percent:5.1f}%  {ticket.summary}")
    for name, value in result.kpis.items():
        click.echo(f"  {name}: {'—' if value is None else value}")
    if not state.closed:
        click.echo("(the shift was not closed; this is the score so far)", err=True)
    sys.stdout.flush()
