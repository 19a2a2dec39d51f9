"""Stage: Extraction -> database rows. Owns the mapping from records to ORM rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pipeline import PIPELINE_VERSION
from pipeline.errors import DocumentError
from schemas.models import (
    Clause,
    DateRow,
    Document,
    DocumentPath,
    Failure,
    LawRow,
    NumberRow,
    ObligationRow,
    PageRow,
    PartyRow,
    SectorRow,
)
from schemas.records import (
    DateRole,
    Evidence,
    Extraction,
    RawDocument,
    SectionKind,
    Status,
)

if TYPE_CHECKING:
    from extractors.context import ParsedDocument

# Units that stand alone in search results; ayat and items live inside them.
SEARCHABLE = {SectionKind.PREAMBLE, SectionKind.ARTICLE, SectionKind.PARAGRAPH}
CHILD_TABLES = (
    PageRow,
    Clause,
    PartyRow,
    NumberRow,
    DateRow,
    SectorRow,
    ObligationRow,
    LawRow,
)


def now() -> dt.datetime:
    """The current UTC time, without tzinfo (SQLite stores naive datetimes)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def find_document(session: Session, sha256: str) -> Document | None:
    """The document with these bytes, if it was ever seen."""
    return session.scalar(select(Document).where(Document.sha256 == sha256))


def is_current(document: Document | None) -> bool:
    """True when the document was loaded by this version of the pipeline."""
    return (
        document is not None
        and document.status == Status.LOADED
        and document.pipeline_version == PIPELINE_VERSION
    )


def record_path(session: Session, document: Document, path: Path) -> bool:
    """Remember that ``document`` was seen at ``path``; True if the path is new."""
    stat = path.stat()
    name = str(path)
    for known in document.paths:
        if known.path == name:
            known.last_seen_at = now()
            known.size, known.mtime_ns = stat.st_size, stat.st_mtime_ns
            return False
    seen = now()
    document.paths.append(
        DocumentPath(
            path=name,
            size=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
            first_seen_at=seen,
            last_seen_at=seen,
        )
    )
    return True


def _document(session: Session, sha256: str, size: int) -> Document:
    """The row for these bytes, created if new; its extracted rows removed."""
    document = find_document(session, sha256)
    if document is None:
        stamp = now()
        document = Document(
            sha256=sha256,
            size=size,
            status=Status.LOADED,
            pipeline_version=PIPELINE_VERSION,
            first_seen_at=stamp,
            processed_at=stamp,
        )
        session.add(document)
        session.flush()
        return document
    for table in CHILD_TABLES:
        session.execute(delete(table).where(table.document_id == document.id))
    session.expire(document)
    return document


def _evidence(evidence: Evidence) -> dict[str, object]:
    return {
        "page": evidence.page,
        "start": evidence.start,
        "end": evidence.end,
        "evidence": evidence.text,
        "rule": evidence.rule,
    }


def store_document(
    session: Session,
    raw: RawDocument,
    parsed: ParsedDocument,
    extraction: Extraction,
) -> Document:
    """Write a document and everything extracted from it.

    Runs inside the caller's transaction, so it is all there or none of it is.
    """
    document = _document(session, raw.source.sha256, raw.source.size)
    _fill_fields(document, raw, extraction)
    session.add_all(_page_rows(document.id, raw))
    session.add_all(_clause_rows(document.id, parsed))
    session.add_all(_extracted_rows(document.id, extraction))
    record_path(session, document, raw.source.path)
    return document


def _fill_fields(document: Document, raw: RawDocument, extraction: Extraction) -> None:
    document.media_type = raw.source.media_type
    document.reader = raw.reader
    document.status = Status.LOADED
    document.error_kind = document.error_message = None
    document.pipeline_version = PIPELINE_VERSION
    document.processed_at = now()
    document.text = raw.text
    document.doc_type = extraction.doc_type
    document.doc_type_rule = extraction.doc_type_rule
    title, place = extraction.title, extraction.place
    document.title = title.value if title else None
    document.title_page = title.evidence.page if title else None
    document.title_start = title.evidence.start if title else None
    document.title_end = title.evidence.end if title else None
    document.place = place.value if place else None
    document.place_page = place.evidence.page if place else None
    document.place_start = place.evidence.start if place else None
    document.place_end = place.evidence.end if place else None
    document.signing_date = extraction.signing_date
    document.effective_on = extraction.first_date(DateRole.EFFECTIVE)
    document.expires_on = extraction.first_date(DateRole.EXPIRY)
    document.term_months = extraction.term_months
    document.renewable = extraction.renewable
    document.subject = extraction.subject
    document.flags = "|".join(extraction.flags)


def _page_rows(document_id: int, raw: RawDocument) -> Iterable[PageRow]:
    for page in raw.pages:
        yield PageRow(
            document_id=document_id,
            number=page.number,
            start=page.start,
            end=page.end,
            needs_ocr=page.needs_ocr,
        )


def _clause_rows(document_id: int, parsed: ParsedDocument) -> Iterable[Clause]:
    for seq, section in enumerate(parsed.sections):
        yield Clause(
            document_id=document_id,
            seq=seq,
            parent_seq=section.parent,
            kind=section.kind,
            number=section.number,
            ref=section.ref,
            heading=section.heading,
            text=parsed.section_text(section),
            page=section.page,
            start=section.start,
            end=section.end,
            searchable=section.kind in SEARCHABLE,
        )


def _extracted_rows(document_id: int, ex: Extraction) -> Iterable[object]:
    for seq, party in enumerate(ex.parties):
        yield PartyRow(
            document_id=document_id,
            seq=seq,
            name=party.name,
            canonical=party.canonical,
            aliases="|".join(party.aliases),
            role=party.role,
            role_label=party.role_label,
            representative=party.representative,
            representative_title=party.representative_title,
            **_evidence(party.evidence),
        )
    for number in ex.numbers:
        yield NumberRow(
            document_id=document_id,
            value=number.value,
            reference=number.reference,
            **_evidence(number.evidence),
        )
    for date in ex.dates:
        yield DateRow(
            document_id=document_id,
            role=date.role,
            iso=date.iso,
            year=date.year,
            month=date.month,
            day=date.day,
            flags="|".join(date.flags),
            **_evidence(date.evidence),
        )
    for sector in ex.sectors:
        yield SectorRow(
            document_id=document_id,
            code=sector.code,
            label=sector.label,
            **_evidence(sector.evidence),
        )
    for duty in ex.obligations:
        yield ObligationRow(
            document_id=document_id,
            party_role=duty.party_role,
            party=duty.party,
            kind=duty.kind,
            clause=duty.clause,
            text=duty.text,
            **_evidence(duty.evidence),
        )
    for law in ex.laws:
        yield LawRow(document_id=document_id, name=law.name, **_evidence(law.evidence))


def store_failure(
    session: Session,
    *,
    run_id: int,
    path: Path,
    sha256: str | None,
    size: int,
    error: DocumentError | Exception,
) -> None:
    """Record why a file failed; a document loaded earlier keeps its data."""
    kind = error.kind.value if isinstance(error, DocumentError) else "crashed"
    message = error.message if isinstance(error, DocumentError) else repr(error)
    session.add(
        Failure(
            run_id=run_id,
            path=str(path),
            sha256=sha256,
            kind=kind,
            message=message,
            at=now(),
        )
    )
    if sha256 is None:
        return
    document = find_document(session, sha256)
    if document is not None and document.status == Status.LOADED:
        record_path(session, document, path)
        return
    if document is None:
        document = _document(session, sha256, size)
    document.status = Status.FAILED
    document.error_kind, document.error_message = kind, message
    document.pipeline_version = PIPELINE_VERSION
    document.processed_at = now()
    record_path(session, document, path)
