"""Domain modules stay free of the framework, so they are tested in milliseconds."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "platform" / "servicedojo"
FORBIDDEN = ("flask", "flask_", "sqlalchemy", "servicedojo.extensions", "werkzeug")


def domain_modules() -> list[Path]:
    found = list(PACKAGE.glob("*/domain.py")) + list(PACKAGE.glob("*/domain/*.py"))
    found += list(PACKAGE.glob("core/content/yaml_lines.py"))
    return sorted(found)


def imported_names(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_domain_modules_exist() -> None:
    assert any(path.parent.name == "accounts" for path in domain_modules())


def test_domain_modules_import_no_framework() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in domain_modules()
        for name in imported_names(path)
        if name.startswith(FORBIDDEN)
    ]
    assert offenders == []


def test_platform_has_no_init_file() -> None:
    assert not (PACKAGE.parent / "__init__.py").exists(), "platform/__init__.py would shadow the stdlib module"
