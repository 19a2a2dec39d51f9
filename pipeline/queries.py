"""Read-only questions the CLI and the web page ask of the database."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from schemas.models import Document, DocumentPath, Failure, Run


def count_by(session: Session, column: InstrumentedAttribute[Any]) -> dict[str, int]:
    """Number of documents per value of ``column``."""
    query = select(column, func.count()).group_by(column)
    rows = session.execute(query).all()
    return {str(key): cast(int, count) for key, count in rows}


def archive_stats(session: Session) -> dict[str, Any]:
    """Counts of documents by status, type and media, and the number of runs."""
    return {
        "documents": session.scalar(select(func.count()).select_from(Document)),
        "by_status": count_by(session, Document.status),
        "by_doc_type": count_by(session, Document.doc_type),
        "by_media_type": count_by(session, Document.media_type),
        "runs": session.scalar(select(func.count()).select_from(Run)),
    }


def run_failures(session: Session, run_id: int | None = None) -> list[dict[str, Any]]:
    """The failures of one run (the last run by default), in the order they came."""
    if run_id is None:
        run_id = session.scalar(select(func.max(Run.id)))
    rows = session.scalars(
        select(Failure).where(Failure.run_id == run_id).order_by(Failure.id)
    )
    return [
        {
            "run": f.run_id,
            "path": f.path,
            "sha256": f.sha256,
            "reason": f.kind,
            "message": f.message,
        }
        for f in rows
    ]


def find_document(session: Session, key: str) -> Document | None:
    """A document by id, sha256 (or a prefix of at least 8 hex digits) or path."""
    if key.isdigit() and (document := session.get(Document, int(key))):
        return document
    if len(key) >= 8:
        found = session.scalars(
            select(Document).where(Document.sha256.startswith(key.lower()))
        ).all()
        if len(found) == 1:
            return found[0]
    return session.scalar(
        select(Document).join(DocumentPath).where(DocumentPath.path == key)
    )
