"""`servicedojo content check | sync | stats` over any folder laid out like the repository."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from servicedojo.core.syllabus.models import Syllabus
from servicedojo.extensions import db
from tests.conftest import REPOSITORY_ROOT


def content_root(tmp_path: Path) -> Path:
    root = tmp_path / "trainer-content"
    (root / "content" / "syllabi").mkdir(parents=True)
    shutil.copy(REPOSITORY_ROOT / "content/syllabi/itil4-foundation.yaml", root / "content/syllabi")
    return root


def break_syllabus(root: Path) -> None:
    path = root / "content/syllabi/itil4-foundation.yaml"
    path.write_text(path.read_text().replace("pass_mark: 26", "pass_mark: 99"))


def test_check_accepts_a_valid_root(runner: Any, tmp_path: Path) -> None:
    result = runner.invoke(args=["content", "check", "--root", str(content_root(tmp_path))])
    assert result.exit_code == 0, result.output


def test_check_reports_each_problem_as_path_line_message(runner: Any, tmp_path: Path) -> None:
    root = content_root(tmp_path)
    break_syllabus(root)
    (root / "content/syllabi/broken.yaml").write_text("id: broken\ntitle: a: b\n")
    result = runner.invoke(args=["content", "check", "--root", str(root)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith("content/syllabi/broken.yaml:2: invalid YAML") for line in lines), lines
    assert any(
        line.startswith("content/syllabi/itil4-foundation.yaml:") and "pass_mark 99 is more than" in line
        for line in lines
    ), lines


def test_sync_is_idempotent_and_reports_what_changed(runner: Any, app: Flask, tmp_path: Path) -> None:
    root = content_root(tmp_path)
    first = runner.invoke(args=["content", "sync", "--root", str(root)])
    assert first.exit_code == 0, first.output
    assert "syllabi: 1 added" in first.output
    second = runner.invoke(args=["content", "sync", "--root", str(root)])
    assert "syllabi: 0 added, 0 updated, 0 removed, 1 unchanged" in second.output
    assert "Nothing changed." in second.output


def test_a_broken_file_makes_sync_change_nothing(runner: Any, app: Flask, tmp_path: Path) -> None:
    root = content_root(tmp_path)
    runner.invoke(args=["content", "sync", "--root", str(root)])
    path = root / "content/syllabi/itil4-foundation.yaml"
    path.write_text(path.read_text().replace("title: ITIL 4 Foundation", "title: Renamed"))
    (root / "content/syllabi/other.yaml").write_text("id: other\n")
    result = runner.invoke(args=["content", "sync", "--root", str(root)])
    assert result.exit_code == 1
    assert "nothing was changed" in result.output
    with app.app_context():
        assert db.session.scalar(select(Syllabus.title)) == "ITIL 4 Foundation"


def test_stats_prints_json(runner: Any, tmp_path: Path) -> None:
    result = runner.invoke(args=["content", "stats", "--json", "--root", str(content_root(tmp_path))])
    assert result.exit_code == 0
    stats = json.loads(result.output)
    assert stats["syllabi"] == ["itil4-foundation"]


def test_a_syllabus_id_must_match_its_file_name(runner: Any, tmp_path: Path) -> None:
    root = content_root(tmp_path)
    (root / "content/syllabi/itil4-foundation.yaml").rename(root / "content/syllabi/renamed.yaml")
    result = runner.invoke(args=["content", "check", "--root", str(root)])
    assert result.exit_code == 1
    assert "content/syllabi/renamed.yaml:3: id 'itil4-foundation' must match the file name 'renamed'" in result.output
