"""Configuration: defaults, then environment overrides.

Secrets never live in code: when SECRET_KEY is unset, one is generated on first start and
kept in the instance folder so sessions survive restarts.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]


def default_instance_path() -> str | None:
    """Keep the database and secret in ``instance/`` at the top of a checkout (or SERVICEDOJO_INSTANCE_PATH)."""
    configured = os.environ.get("SERVICEDOJO_INSTANCE_PATH")
    if configured:
        return str(Path(configured).resolve())
    if (REPOSITORY_ROOT / "pyproject.toml").exists():
        return str(REPOSITORY_ROOT / "instance")
    return None  # an installed package: Flask's default (<prefix>/var/servicedojo-instance)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_secret_key(instance_path: Path) -> str:
    """Return the instance's secret key, creating it (mode 0600) on first use."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def build_config(instance_path: Path) -> dict[str, Any]:
    """Collect the settings from the environment, with defaults for a laptop."""
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'servicedojo.sqlite3'}"
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or instance_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "CONTENT_ROOT": os.environ.get("CONTENT_ROOT") or str(REPOSITORY_ROOT),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure cookies need HTTPS; a laptop run on http://127.0.0.1 sets SESSION_COOKIE_SECURE=0.
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", False),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", False),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)),
        "WTF_CSRF_TIME_LIMIT": None,
    }
