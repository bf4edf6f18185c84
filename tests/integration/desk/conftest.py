"""Desk integration fixtures: a content root holding the real scenarios, synced into the app."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask

from servicedojo.core.content.framework import sync_content
from tests.conftest import REPOSITORY_ROOT


@pytest.fixture
def content_root(tmp_path: Path) -> Path:
    """A content root with the real scenarios only (fast, and safe to edit)."""
    root = tmp_path / "root"
    shutil.copytree(REPOSITORY_ROOT / "scenarios", root / "scenarios")
    return root


@pytest.fixture
def synced(app: Flask, content_root: Path) -> Path:
    with app.app_context():
        sync_content(app, content_root)
    return content_root
