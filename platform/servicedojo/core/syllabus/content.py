"""Load ``content/syllabi/*.yaml`` and sync them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from servicedojo.core.content import ContentKind, LoadContext, SyncSummary
from servicedojo.core.content.framework import content_hash
from servicedojo.core.syllabus.models import Syllabus
from servicedojo.core.syllabus.schema import SyllabusFile
from servicedojo.extensions import db

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
        summary = SyncSummary()
        syllabi: dict[str, SyllabusFile] = context.loaded[self.key]
        existing = {row.id: row for row in db.session.scalars(select(Syllabus))}
        for syllabus_id, syllabus in syllabi.items():
            data = syllabus.model_dump(mode="json")
            digest = content_hash(data)
            row = existing.get(syllabus_id)
            if row is None:
                db.session.add(Syllabus(id=syllabus_id, title=syllabus.title, data=data, content_hash=digest))
                summary.added += 1
            elif row.content_hash != digest:
                row.title, row.data, row.content_hash = syllabus.title, data, digest
                summary.updated += 1
            else:
                summary.unchanged += 1
        # Syllabi are never deleted by a sync: attempts refer to them.
        return summary

    def stats(self, context: LoadContext) -> dict[str, Any]:
        syllabi: dict[str, SyllabusFile] = context.loaded.get(self.key, {})
        return {"syllabi": sorted(syllabi)}
