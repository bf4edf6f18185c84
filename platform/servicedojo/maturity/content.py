"""Load ``content/maturity/*.yaml`` (maturity models), check them and sync them."""

from __future__ import annotations

from typing import Any

from servicedojo.core.content import ContentKind, LoadContext, SyncSummary
from servicedojo.core.content.framework import load_whole_documents, sync_whole_documents
from servicedojo.maturity.models import MaturityModel
from servicedojo.maturity.schema import MaturityModelFile

MATURITY_DIR = "content/maturity"


class MaturityKind(ContentKind):
    key = "maturity"
    order = 50

    def load(self, context: LoadContext) -> None:
        # Lessons publish {lesson_id: anchors} when their kind is installed; links are then checked.
        validation = {"lesson_anchors": context.loaded.get("lesson_anchors")}
        folder = context.root / MATURITY_DIR
        context.loaded[self.key] = load_whole_documents(context, folder, MaturityModelFile, validation=validation)

    def sync(self, context: LoadContext) -> SyncSummary:
        # Models are never deleted by a sync: assessments keep their own snapshot, but the list stays stable.
        return sync_whole_documents(MaturityModel, context.loaded.get(self.key, {}))

    def stats(self, context: LoadContext) -> dict[str, Any]:
        models: dict[str, MaturityModelFile] = context.loaded.get(self.key, {})
        return {
            "maturity_models": sorted(models),
            "maturity_practices": sum(len(model.practices) for model in models.values()),
        }
