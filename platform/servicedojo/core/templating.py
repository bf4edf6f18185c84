"""Template globals shared by every page."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request
from flask_login import current_user

from servicedojo.accounts.domain import is_allowed
from servicedojo.core.navigation import nav_items


def init_app(app: Flask) -> None:
    @app.context_processor
    def inject_globals() -> dict[str, Any]:
        from servicedojo.accounts.forms import EmptyForm

        role = current_user.role if current_user.is_authenticated else None
        navigation = [item for item in nav_items(current_app) if is_allowed(item.access, role)]
        # Visitors get no sign-out form: building one would mint a CSRF token and a session cookie.
        signout_form = EmptyForm(formdata=None) if role is not None else None
        return {"signout_form": signout_form, "current_path": request.path, "navigation": navigation}
