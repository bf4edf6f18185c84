"""`servicedojo bank import | export | draw-exam`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from servicedojo.core.errors import DomainError


@click.group()
def bank() -> None:
    """Import, export and draw mock exams from the question bank."""


@bank.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gift", "moodle-xml"]),
    default=None,
    help="Default: from the file name (.xml is Moodle XML, anything else GIFT).",
)
@click.option("--dry-run", is_flag=True, help="Check and report; save nothing.")
@click.option("--skip-unsupported", is_flag=True, help="Skip numerical, essay, cloze… questions instead of failing.")
@with_appcontext
def import_command(file: Path, fmt: str | None, dry_run: bool, skip_unsupported: bool) -> None:
    """Import a GIFT or Moodle XML file in one transaction: any problem saves nothing."""
    from servicedojo.bank import service

    limit = int(current_app.config.get("BANK_IMPORT_MAX_BYTES", 2_000_000))
    if file.stat().st_size > limit:
        click.echo(
            f"{file}: the file is {file.stat().st_size:,} bytes; the limit is {limit:,}. Nothing was imported.",
            err=True,
        )
        sys.exit(1)
    try:
        content = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        click.echo(f"{file}: not UTF-8 text. Nothing was imported.", err=True)
        sys.exit(1)
    fmt = fmt or service.guess_format(file.name, content)
    try:
        report = service.import_questions(
            content, fmt, skip_unsupported=skip_unsupported, dry_run=dry_run, max_bytes=limit
        )
    except DomainError as error:
        click.echo(f"{file}: {error}", err=True)
        sys.exit(1)
    if skip_unsupported:
        for skipped in report.parsed.unsupported:
            click.echo(f"{file}:{skipped.line}: skipped: {skipped.message}")
    for problem in report.problems:
        click.echo(f"{file}:{problem.line}: {problem.message}")
    if report.problems:
        click.echo(f"{len(report.problems)} problem(s); nothing was imported.", err=True)
        sys.exit(1)
    verb = "Would import" if dry_run else "Imported"
    click.echo(
        f"{verb} {len(report.new)} new, {len(report.changed)} changed, {len(report.unchanged)} unchanged question(s)."
    )


@bank.command("export")
@click.option("--format", "fmt", type=click.Choice(["gift", "moodle-xml", "yaml"]), required=True)
@click.option("--topic", default=None, help="Only the questions of this lesson id.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write ('-' for stdout).",
)
@with_appcontext
def export_command(fmt: str, topic: str | None, output: Path) -> None:
    """Export the bank (or one topic) to GIFT, Moodle XML or our YAML format."""
    from servicedojo.bank import service

    try:
        text = service.export_text(fmt, topic)
    except DomainError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}.", err=True)


@bank.command("draw-exam")
@click.option("--syllabus", default=None, help="Syllabus id (default: the first one).")
@click.option("--seed", type=int, default=None, help="Draw the same exam again with the same seed.")
@click.option("--json", "as_json", is_flag=True, help="Print the exam as one JSON object.")
@with_appcontext
def draw_exam_command(syllabus: str | None, seed: int | None, as_json: bool) -> None:
    """Draw one mock exam exactly as the web exam does (for paper exams)."""
    from servicedojo.bank import service

    try:
        exam = service.draw_exam_listing(syllabus, seed)
    except DomainError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(exam, indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{exam['syllabus']} (seed {exam['seed']}): {len(exam['items'])} questions, {exam['minutes']} minutes, "
        f"pass at {exam['pass_mark']}"
    )
    for item in exam["items"]:
        click.echo(f"{item['position']:>3}. [{item['learning_outcome']}] {item['id']} (answer {item['answer']})")
