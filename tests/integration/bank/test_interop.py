"""GIFT / Moodle XML import and export: real Moodle files, one transaction, hostile files refused."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from servicedojo.bank.domain import gift, moodle_xml
from servicedojo.bank.models import Question, QuestionVersion
from servicedojo.extensions import db
from tests.integration.bank.conftest import interop_file


def count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Question.id))) or 0


def test_real_moodle_gift_files_import_with_unsupported_types_listed(app: Flask, runner: Any) -> None:
    path = interop_file("moodle/questions.gift.txt")
    refused = runner.invoke(args=["bank", "import", str(path)])
    assert refused.exit_code == 1
    assert (
        f"{path}:1: question 'Q8' is an essay question" in refused.output and "nothing was imported" in refused.output
    )
    assert count(app) == 0
    imported = runner.invoke(args=["bank", "import", str(path), "--skip-unsupported"])
    assert imported.exit_code == 0, imported.output
    assert "skipped" in imported.output and "Imported 7 new" in imported.output
    with app.app_context():
        tf = db.session.scalar(select(Question).where(Question.key == "q1")).current_version.data
        assert tf["type"] == "truefalse" and tf["options"][1]["correct"] is True
        assert tf["options"][0]["why"] == "42 is the Ultimate Answer."  # Moodle: first # is for the wrong answer


def test_every_real_fixture_parses_without_crashing(app: Flask) -> None:
    folder = interop_file("moodle")
    for path in sorted(Path(folder).iterdir()) + sorted(interop_file("gift-peg").iterdir()):
        if path.suffix == ".xml":
            result = moodle_xml.parse(path.read_bytes())
        elif path.suffix in (".gift", ".txt"):
            result = gift.parse(path.read_text(encoding="utf-8"))
        else:
            continue
        expected_problems = path.name == "error_invalid_grades.xml"
        assert bool(result.problems) == expected_problems, (path.name, result.problems)
        assert all(item.id for item in result.items)


def test_moodle_xml_fixtures_import_and_invalid_grades_change_nothing(app: Flask, runner: Any) -> None:
    bad = runner.invoke(args=["bank", "import", str(interop_file("moodle/error_invalid_grades.xml"))])
    assert bad.exit_code == 1 and ":4: question" in bad.output and "33%" in bad.output
    assert count(app) == 0
    nested = interop_file("moodle/nested_categories_with_questions.xml")
    ok = runner.invoke(args=["bank", "import", str(nested), "--skip-unsupported"])
    assert ok.exit_code == 0, ok.output
    with app.app_context():
        categories = {q.current_version.data.get("category") for q in db.session.scalars(select(Question))}
        assert "$course$/Iota/Kappa/Lambda" in categories


def test_dry_run_saves_nothing(app: Flask, runner: Any) -> None:
    result = runner.invoke(
        args=["bank", "import", str(interop_file("moodle/questions_in_category.gift.txt")), "--dry-run"]
    )
    assert result.exit_code == 0 and "Would import 4 new" in result.output
    assert count(app) == 0


def test_hostile_files_are_refused_and_change_nothing(app: Flask, runner: Any, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    entities = "".join(f'<!ENTITY e{i} "{"&e" + str(i - 1) + ";" * 10 if i else "boom"}">' for i in range(8))
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE quiz [{entities}]><quiz><question type="multichoice">&e7;</question></quiz>'
    )
    result = runner.invoke(args=["bank", "import", str(bomb)])
    assert result.exit_code == 1 and "refused for safety" in result.output
    script = tmp_path / "script.gift"
    script.write_text("::x::[html]<p>Hi</p><script>steal()</script>{=a ~b}\n\n::y:: Fine{=a ~b}\n")
    result = runner.invoke(args=["bank", "import", str(script)])
    assert result.exit_code == 1 and f"{script}:1: question 'x' contains active content" in result.output
    huge = tmp_path / "huge.gift"
    huge.write_text("::big:: Big {=a ~b}\n\n" * 200_000)
    result = runner.invoke(args=["bank", "import", str(huge)])
    assert result.exit_code == 1 and "the limit is 2,000,000" in result.output
    assert count(app) == 0


def test_an_id_owned_by_a_question_file_is_refused(synced: Flask, runner: Any, tmp_path: Path) -> None:
    clash = tmp_path / "clash.gift"
    clash.write_text("// [id:da-001]\n::t:: Overwrite me{=a ~b}\n")
    result = runner.invoke(args=["bank", "import", str(clash)])
    assert result.exit_code == 1 and "id 'da-001' belongs to the question file question_bank/demo.yaml" in result.output


def test_export_then_import_round_trips_to_the_same_items(synced: Flask, runner: Any, tmp_path: Path) -> None:
    with synced.app_context():
        before = {q.key: q.current_version.data for q in db.session.scalars(select(Question))}
    for fmt, name in (("gift", "bank.gift.txt"), ("moodle-xml", "bank.xml")):
        out = tmp_path / name
        assert runner.invoke(args=["bank", "export", "--format", fmt, "-o", str(out)]).exit_code == 0
        parsed = gift.parse(out.read_text()) if fmt == "gift" else moodle_xml.parse(out.read_bytes())
        assert parsed.problems == [] and parsed.unsupported == []
        assert {item.id: item.to_dict() for item in parsed.items} == before
    yaml_out = tmp_path / "bank.yaml"
    assert (
        runner.invoke(
            args=["bank", "export", "--format", "yaml", "--topic", "demo-lesson", "-o", str(yaml_out)]
        ).exit_code
        == 0
    )
    assert "id: da-001" in yaml_out.read_text()
    # importing our own export (under new ids) creates nothing twice: re-import is unchanged
    exported = (tmp_path / "bank.gift.txt").read_text().replace("[id:", "[id:copy-")
    copy = tmp_path / "copy.gift"
    copy.write_text(exported)
    first = runner.invoke(args=["bank", "import", str(copy)])
    second = runner.invoke(args=["bank", "import", str(copy)])
    assert "Imported 13 new" in first.output and "13 unchanged" in second.output
    with synced.app_context():
        assert db.session.scalar(select(func.count(QuestionVersion.id))) == 26


def test_trainer_uploads_previews_then_confirms(synced: Flask, login_as: Any) -> None:
    trainer = login_as("trainer", "theo")
    path = interop_file("moodle/questions.gift.txt")
    preview = trainer.post(
        "/bank/import",
        data={"format": "auto", "file": (io.BytesIO(path.read_bytes()), "q.gift.txt")},
        content_type="multipart/form-data",
    )
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Import preview" in page and "essay" in page and "moodle-activities" in page
    assert count(synced) == 13
    draft_id = page.split("/bank/import/")[1].split("/confirm")[0]
    refused = trainer.post(f"/bank/import/{draft_id}/confirm", data={})
    assert refused.status_code == 400 and count(synced) == 13
    confirmed = trainer.post(f"/bank/import/{draft_id}/confirm", data={"skip_unsupported": "y"})
    assert confirmed.status_code == 302 and count(synced) == 20
    assert trainer.post(f"/bank/import/{draft_id}/confirm", data={"skip_unsupported": "y"}).status_code == 409
    download = trainer.get("/bank/export?format=moodle-xml&topic=demo-lesson")
    assert download.status_code == 200 and download.headers["Content-Disposition"].endswith('.xml"')
    assert moodle_xml.parse(download.data).problems == []


def test_uploads_over_the_cap_and_learners_are_refused(app: Flask, login_as: Any) -> None:
    app.config["BANK_IMPORT_MAX_BYTES"] = 1000
    trainer = login_as("trainer", "theo")
    big = io.BytesIO(b"::a:: A{=a ~b}\n\n" * 100)
    response = trainer.post(
        "/bank/import", data={"format": "gift", "file": (big, "big.gift")}, content_type="multipart/form-data"
    )
    assert response.status_code == 413 and b"larger than the 1,000-byte limit" in response.data
    assert count(app) == 0
    learner = login_as("learner", "lena")
    assert learner.get("/bank/import").status_code == 403
