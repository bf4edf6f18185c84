"""Extension objects, created unbound and attached to the app in the factory."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from servicedojo.core.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@limiter.request_filter
def _reading_is_never_limited() -> bool:
    """Only form posts (signing in) are throttled; skipping the check on reads keeps pages fast."""
    from flask import request

    return request.method in ("GET", "HEAD", "OPTIONS")
