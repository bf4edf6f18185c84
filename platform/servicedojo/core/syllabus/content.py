"""Load ``content/syllabi/*.yaml`` and sync them."""

from __future__ import annotations

from typing import Any

from servicedojo.core.content import ContentKind, LoadContext, SyncSummary
from servicedojo.core.content.framework import load_whole_documents, sync_whole_documents
from servicedojo.core.syllabus.models import Syllabus
from servicedojo.core.syllabus.schema import SyllabusFile

SYLLABI_DIR = "content/syllabi"


class SyllabusKind(ContentKind):
    key = "syllabi"
    order = 10

    def load(self, context: LoadContext) -> None:
        context.loaded[self.key] = load_whole_documents(context, context.root / SYLLABI_DIR, SyllabusFile)

    def sync(self, context: LoadContext) -> SyncSummary:
        # Syllabi are never deleted by a sync: attempts refer to them.
        return sync_whole_documents(Syllabus, context.loaded[self.key])

    def stats(self, context: LoadContext) -> dict[str, Any]:
        syllabi: dict[str, SyllabusFile] = context.loaded.get(self.key, {})
        return {"syllabi": sorted(syllabi)}
