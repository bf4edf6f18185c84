"""The content framework: files under the content root are checked, counted and synced by kinds.

Slices plug in a :class:`ContentKind` each (syllabi, lessons, glossary, questions, scenarios,
maturity models); the CLI runs them in order over one :class:`LoadContext`.
"""

from servicedojo.core.content.framework import (
    ContentInvalid,
    ContentKind,
    LoadContext,
    Problem,
    SyncSummary,
    register_content_kind,
)

__all__ = [
    "ContentInvalid",
    "ContentKind",
    "LoadContext",
    "Problem",
    "SyncSummary",
    "register_content_kind",
]
