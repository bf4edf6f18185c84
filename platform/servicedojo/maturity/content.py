"""Load ``content/maturity/*.yaml`` (maturity models), check them and sync them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from servicedojo.core.content import ContentKind, LoadContext, SyncSummary
from servicedojo.core.content.framework import content_hash
from servicedojo.extensions import db
from servicedojo.maturity.models import MaturityModel
from servicedojo.maturity.schema import MaturityModelFile

MATURITY_DIR = "content/maturity"


class MaturityKind(ContentKind):
    key = "maturity"
    order = 50

    def load(self, context: LoadContext) -> None:
        models: dict[str, MaturityModelFile] = {}
        folder = context.root / MATURITY_DIR
        # Lessons publish {lesson_id: anchors} when their kind is installed; links are then checked.
        validation = {"lesson_anchors": context.loaded.get("lesson_anchors")}
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            data = context.read_yaml(path)
            if data is None:
                continue
            model = context.validate(MaturityModelFile, data, path, context=validation)
            if model is None:
                continue
            if model.id != path.stem:
                context.error(
                    path, data.key_lines.get("id", 1), f"id {model.id!r} must match the file name {path.stem!r}"
                )
            elif model.id in models:
                context.error(path, 1, f"maturity model {model.id!r} is defined twice")
            else:
                models[model.id] = model
        context.loaded[self.key] = models

    def sync(self, context: LoadContext) -> SyncSummary:
        summary = SyncSummary()
        models: dict[str, MaturityModelFile] = context.loaded.get(self.key, {})
        existing = {row.id: row for row in db.session.scalars(select(MaturityModel))}
        for model_id, model in models.items():
            data = model.model_dump(mode="json")
            digest = content_hash(data)
            row = existing.get(model_id)
            if row is None:
                db.session.add(MaturityModel(id=model_id, title=model.title, data=data, content_hash=digest))
                summary.added += 1
            elif row.content_hash != digest:
                row.title, row.data, row.content_hash = model.title, data, digest
                summary.updated += 1
            else:
                summary.unchanged += 1
        # Models are never deleted by a sync: assessments keep their own snapshot, but the list stays stable.
        return summary

    def stats(self, context: LoadContext) -> dict[str, Any]:
        models: dict[str, MaturityModelFile] = context.loaded.get(self.key, {})
        return {
            "maturity_models": sorted(models),
            "maturity_practices": sum(len(model.practices) for model in models.values()),
        }
