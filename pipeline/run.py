"""Orchestration: one file through every stage, and a batch of files as a run.

A bad file fails alone: ``DocumentError`` is recorded with its reason and the
batch goes on (OCRmyPDF's batch lesson). Any other exception is a bug: it is
logged with its traceback, recorded as ``crashed``, and the batch goes on too,
unless ``fail_fast`` asks to stop at the first one.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pipeline import PIPELINE_VERSION
from pipeline.config import Settings
from pipeline.discover import source_file
from pipeline.errors import DocumentError
from pipeline.load import (
    find_document,
    is_current,
    now,
    record_path,
    store_document,
    store_failure,
)
from schemas.models import Run
from schemas.records import SourceFile

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    """What happened to one file in a run."""

    LOADED = "loaded"  # new or re-extracted document written
    UNCHANGED = "unchanged"  # already loaded by this pipeline version
    DUPLICATE = "duplicate"  # same bytes already loaded from another path
    FAILED = "failed"  # bad input, with a reason
    CRASHED = "crashed"  # a bug in pks; see the log


@dataclass(frozen=True, slots=True, kw_only=True)
class FileOutcome:
    """The result of one file: its outcome and, for failures, why."""

    path: Path
    outcome: Outcome
    sha256: str | None = None
    document_id: int | None = None
    message: str = ""


class Batch:
    """A run over many files: records the run row and counts every outcome.

    Use as a context manager; call :meth:`process` for each file.
    """

    def __init__(
        self, engine: Engine, settings: Settings, nlp: Language | None = None
    ) -> None:
        self.settings = settings
        self.nlp = nlp
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.counts: Counter[Outcome] = Counter()
        self.failures: list[FileOutcome] = []
        self.run_id = 0

    def __enter__(self) -> Batch:
        with self.sessions.begin() as session:
            run = Run(started_at=now(), pipeline_version=PIPELINE_VERSION)
            session.add(run)
            session.flush()
            self.run_id = run.id
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self.sessions.begin() as session:
            run = session.get_one(Run, self.run_id)
            run.finished_at = now()
            run.files = sum(self.counts.values())
            run.loaded = self.counts[Outcome.LOADED]
            run.unchanged = self.counts[Outcome.UNCHANGED]
            run.duplicate = self.counts[Outcome.DUPLICATE]
            run.failed = self.counts[Outcome.FAILED]
            run.crashed = self.counts[Outcome.CRASHED]

    def process(self, path: Path) -> FileOutcome:
        """Take one file through every stage, in its own transactions."""
        outcome = self._process(path)
        self.counts[outcome.outcome] += 1
        if outcome.outcome in (Outcome.FAILED, Outcome.CRASHED):
            self.failures.append(outcome)
        return outcome

    def _process(self, path: Path) -> FileOutcome:
        try:
            source, data = source_file(path)
        except DocumentError as error:
            return self._fail(path, None, 0, error)
        known = self._skip_known(source)
        if known is not None:
            return known
        # Imported here: the PDF/HTML/NLP libraries cost seconds to load, and
        # a run over unchanged files never needs them.
        from pipeline.process import process_bytes

        try:
            raw, parsed, extraction = process_bytes(source, data, self.nlp)
        except DocumentError as error:
            return self._fail(path, source.sha256, source.size, error)
        except Exception as error:
            if self.settings.fail_fast:
                raise
            log.exception("pks crashed on %s", path)
            return self._fail(path, source.sha256, source.size, error)
        with self.sessions.begin() as session:
            document = store_document(session, raw, parsed, extraction)
            session.flush()
            return FileOutcome(
                path=path,
                outcome=Outcome.LOADED,
                sha256=source.sha256,
                document_id=document.id,
            )

    def _skip_known(self, source: SourceFile) -> FileOutcome | None:
        """Unchanged bytes already loaded by this version: just note the path."""
        if self.settings.force:
            return None
        with self.sessions.begin() as session:
            document = find_document(session, source.sha256)
            if document is None or not is_current(document):
                return None
            new_path = record_path(session, document, source.path)
            duplicate = new_path and len(document.paths) > 1
            return FileOutcome(
                path=source.path,
                outcome=Outcome.DUPLICATE if duplicate else Outcome.UNCHANGED,
                sha256=source.sha256,
                document_id=document.id,
            )

    def _fail(
        self, path: Path, sha256: str | None, size: int, error: Exception
    ) -> FileOutcome:
        crashed = not isinstance(error, DocumentError)
        with self.sessions.begin() as session:
            store_failure(
                session,
                run_id=self.run_id,
                path=path,
                sha256=sha256,
                size=size,
                error=error,
            )
        message = error.message if isinstance(error, DocumentError) else repr(error)
        return FileOutcome(
            path=path,
            outcome=Outcome.CRASHED if crashed else Outcome.FAILED,
            sha256=sha256,
            message=message if not crashed else f"{path}: crashed ({message})",
        )


def open_session(engine: Engine) -> Session:
    """A plain session for read-only commands."""
    return Session(engine)
