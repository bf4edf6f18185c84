"""Kinds of content, the context they share while loading, and the check/sync/stats runners."""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask
from pydantic import BaseModel, ValidationError

from servicedojo.core.content.yaml_lines import YamlProblem, line_of, load_yaml

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class SyncSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.removed} removed, {self.unchanged} unchanged"


class ContentInvalid(Exception):
    """Raised by sync when any file has a problem; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} content problem(s)")
        self.problems = problems


@dataclass
class LoadContext:
    """What one run over a content root has found so far; later kinds read earlier kinds' results."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    loaded: dict[str, Any] = field(default_factory=dict)

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def error(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self.relative(path), line, message))

    def read_yaml(self, path: Path, *, first_line: int = 1, text: str | None = None) -> Any:
        """Parse a YAML file (or front matter text); record a located problem and return None on error."""
        try:
            source = text if text is not None else path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self.error(path, 1, f"cannot read file: {error}")
            return None
        try:
            return load_yaml(source, first_line=first_line)
        except YamlProblem as problem:
            self.error(path, problem.line, problem.message)
            return None

    def validate(
        self, model: type[ModelT], data: Any, path: Path, *, context: dict[str, Any] | None = None
    ) -> ModelT | None:
        """Validate parsed data with a pydantic model; every error is reported at its line."""
        try:
            return model.model_validate(data, context=context)
        except ValidationError as error:
            for item in error.errors():
                location = ".".join(str(part) for part in item["loc"]) or "file"
                message = item["msg"].removeprefix("Value error, ")
                self.error(path, line_of(data, item["loc"]), f"{location}: {message}")
            return None


class ContentKind(ABC):
    """One kind of content file. ``load`` parses and checks; ``sync`` writes; ``stats`` counts."""

    #: the key under which results are shared in ``LoadContext.loaded`` and stats are reported
    key: str
    #: kinds load in ascending order, so references can be checked against earlier kinds
    order: int

    @abstractmethod
    def load(self, context: LoadContext) -> None:
        """Parse this kind's files, report problems, store the result in ``context.loaded[self.key]``."""

    @abstractmethod
    def sync(self, context: LoadContext) -> SyncSummary:
        """Write the loaded content to the database session without committing."""

    def stats(self, context: LoadContext) -> dict[str, Any]:
        """Return this kind's keys for ``servicedojo content stats --json``."""
        return {}


def register_content_kind(app: Flask, kind: ContentKind) -> None:
    app.extensions.setdefault("servicedojo.content_kinds", []).append(kind)


def content_kinds(app: Flask) -> list[ContentKind]:
    return sorted(app.extensions.get("servicedojo.content_kinds", []), key=lambda kind: kind.order)


def load_content(app: Flask, root: Path) -> LoadContext:
    context = LoadContext(root=root.resolve())
    for kind in content_kinds(app):
        kind.load(context)
    context.problems.sort()
    return context


def sync_content(app: Flask, root: Path) -> list[tuple[str, SyncSummary]]:
    """Load and check everything, then write it in one transaction; any problem writes nothing."""
    from servicedojo.extensions import db

    context = load_content(app, root)
    if context.problems:
        raise ContentInvalid(context.problems)
    summaries = []
    try:
        for kind in content_kinds(app):
            summaries.append((kind.key, kind.sync(context)))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return summaries


def content_stats(app: Flask, root: Path) -> tuple[dict[str, Any], list[Problem]]:
    context = load_content(app, root)
    stats: dict[str, Any] = {}
    for kind in content_kinds(app):
        stats.update(kind.stats(context))
    return stats, context.problems


def content_hash(value: Any) -> str:
    """A stable hash of JSON-able data; sync compares it to decide whether something changed."""
    encoded = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def sync_whole_documents(model: type[Any], documents: dict[str, Any]) -> SyncSummary:
    """Sync files that are stored whole: one row per id with ``title``, ``data`` and ``content_hash``.

    Rows are never deleted (attempts and assessments refer to them); a row changes only when its
    document's hash does, so a second sync reports everything unchanged.
    """
    from sqlalchemy import select

    from servicedojo.extensions import db

    summary = SyncSummary()
    existing = {row.id: row for row in db.session.scalars(select(model))}
    for document_id, document in documents.items():
        data = document.model_dump(mode="json")
        digest = content_hash(data)
        row = existing.get(document_id)
        if row is None:
            db.session.add(model(id=document_id, title=document.title, data=data, content_hash=digest))
            summary.added += 1
        elif row.content_hash != digest:
            row.title, row.data, row.content_hash = document.title, data, digest
            summary.updated += 1
        else:
            summary.unchanged += 1
    return summary


def load_whole_documents(
    context: LoadContext, folder: Path, schema: type[ModelT], *, validation: dict[str, Any] | None = None
) -> dict[str, ModelT]:
    """Load ``folder/*.yaml``, one validated document per file, whose ``id`` must be the file's name."""
    documents: dict[str, ModelT] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = context.read_yaml(path)
        document = None if data is None else context.validate(schema, data, path, context=validation)
        if document is None:
            continue
        document_id = getattr(document, "id", None)
        if document_id != path.stem:
            line = data.key_lines.get("id", 1) if hasattr(data, "key_lines") else 1
            context.error(path, line, f"id {document_id!r} must match the file name {path.stem!r}")
        else:
            documents[document_id] = document
    return documents
