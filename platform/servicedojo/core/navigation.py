"""Main navigation entries; each slice adds its own so the layout never lists slices by hand."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from servicedojo.accounts.domain import Access


@dataclass(frozen=True)
class NavItem:
    order: int
    label: str
    endpoint: str
    access: Access
    #: URL prefix that marks the item as the current section
    prefix: str


def register_nav_item(app: Flask, item: NavItem) -> None:
    app.extensions.setdefault("servicedojo.nav", []).append(item)


def nav_items(app: Flask) -> list[NavItem]:
    return sorted(app.extensions.get("servicedojo.nav", []), key=lambda item: item.order)
