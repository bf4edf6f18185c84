"""Load ``content/maturity/*.yaml`` (maturity models), check them and sync them."""

from __future__ import annotations

from typing import Any

from servicedojo.core.content import ContentKind, LoadContext, SyncSummary
from servicedojo.core.content.framework import sync_whole_documents
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
        # Models are never deleted by a sync: assessments keep their own snapshot, but the list stays stable.
        return sync_whole_documents(MaturityModel, context.loaded.get(self.key, {}))

    def stats(self, context: LoadContext) -> dict[str, Any]:
        models: dict[str, MaturityModelFile] = context.loaded.get(self.key, {})
        return {
            "maturity_models": sorted(models),
            "maturity_practices": sum(len(model.practices) for model in models.values()),
        }
