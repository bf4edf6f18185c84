"""Security headers and the route access check.

The Content-Security-Policy allows no inline script: every behaviour lives in static files.
"""

from __future__ import annotations

from flask import Flask, Response, abort, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from servicedojo.accounts.domain import Access, is_allowed

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def access_for(endpoint: str) -> Access | None:
    from servicedojo.access import ROUTE_ACCESS

    return ROUTE_ACCESS.get(endpoint)


def enforce_route_access() -> BaseResponse | None:
    """Check the current request against the declarative route table."""
    endpoint = request.endpoint
    if endpoint is None:  # no route matched: let the 404/405 handler answer
        return None
    access = access_for(endpoint)
    if access is None:
        # A route nobody declared is closed until someone says who may use it.
        abort(403)
    role = current_user.role if current_user.is_authenticated else None
    if is_allowed(access, role):
        return None
    if role is None:
        if request.method == "GET" and not request.headers.get("HX-Request"):
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        abort(401 if request.is_json else 403)
    abort(403)


def init_app(app: Flask) -> None:
    app.before_request(enforce_route_access)
    app.after_request(add_security_headers)
