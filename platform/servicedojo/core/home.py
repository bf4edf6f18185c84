"""Home-page panels: each slice contributes what a signed-in user should see first.

A panel is a function returning (template name, context) or None when it has nothing to show;
slices register theirs in their ``init_app`` so the home page never imports them directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, render_template

PanelBuilder = Callable[[Any], tuple[str, dict[str, Any]] | None]


@dataclass(frozen=True)
class HomePanel:
    order: int
    build: PanelBuilder


def register_home_panel(app: Flask, order: int, build: PanelBuilder) -> None:
    app.extensions.setdefault("servicedojo.home_panels", []).append(HomePanel(order, build))


def render_home_panels(app: Flask, user: Any) -> list[str]:
    panels = sorted(app.extensions.get("servicedojo.home_panels", []), key=lambda panel: panel.order)
    rendered = []
    for panel in panels:
        built = panel.build(user)
        if built is not None:
            template, context = built
            rendered.append(render_template(template, **context))
    return rendered
