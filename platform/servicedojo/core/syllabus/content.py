"""Load ``content/syllabi/*.yaml`` and sync them."""

from __future__ import annotations

from typing import Any

from servicedojo.core.content import ContentKind, LoadContext, SyncSummary
from servicedojo.core.content.framework import sync_whole_documents
from servicedojo.core.syllabus.models import Syllabus
from servicedojo.core.syllabus.schema import SyllabusFile

SYLLABI_DIR = "content/syllabi"


class SyllabusKind(ContentKind):
    key = "syllabi"
    order = 10

    def load(self, context: LoadContext) -> None:
        syllabi: dict[str, SyllabusFile] = {}
        folder = context.root / SYLLABI_DIR
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            data = context.read_yaml(path)
            if data is None:
                continue
            syllabus = context.validate(SyllabusFile, data, path)
            if syllabus is None:
                continue
            if syllabus.id != path.stem:
                context.error(
                    path, data.key_lines.get("id", 1), f"id {syllabus.id!r} must match the file name {path.stem!r}"
                )
            elif syllabus.id in syllabi:
                context.error(path, 1, f"syllabus {syllabus.id!r} is defined twice")
            else:
                syllabi[syllabus.id] = syllabus
        context.loaded[self.key] = syllabi

    def sync(self, context: LoadContext) -> SyncSummary:
        # Syllabi are never deleted by a sync: attempts refer to them.
        return sync_whole_documents(Syllabus, context.loaded[self.key])

    def stats(self, context: LoadContext) -> dict[str, Any]:
        syllabi: dict[str, SyllabusFile] = context.loaded.get(self.key, {})
        return {"syllabi": sorted(syllabi)}
