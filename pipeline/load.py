"""Stage: Extraction -> database rows. Owns the mapping from records to ORM rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from pipeline import PIPELINE_VERSION
from pipeline.processed import SEARCHABLE, ProcessedDocument, SearchText
from schemas.models import (
    Base,
    Clause,
    DateRow,
    Document,
    DocumentPath,
    LawRow,
    NumberRow,
    ObligationRow,
    PageRow,
    PartyRow,
    SectorRow,
)
from schemas.records import DateRole, Evidence, Extraction, RawDocument, Status

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


def record_path(
    session: Session,
    document: Document,
    path: Path,
    stat: tuple[int, int] | None = None,
) -> bool:
    """Remember that ``document`` was seen at ``path``; True if the path is new.

    ``stat`` is the (size, mtime_ns) the run saw before reading the file; the
    fast path of the next run compares against it. Without it the file is
    stat'ed now (and a file gone since is recorded with zeros).
    """
    size, mtime_ns = stat or _stat(path)
    name = str(path)
    for known in document.paths:
        if known.path == name:
            known.last_seen_at = now()
            known.size, known.mtime_ns = size, mtime_ns
            return False
    seen = now()
    document.paths.append(
        DocumentPath(
            path=name,
            size=size,
            mtime_ns=mtime_ns,
            first_seen_at=seen,
            last_seen_at=seen,
        )
    )
    return True


def _stat(path: Path) -> tuple[int, int]:
    try:
        status = path.stat()
    except OSError:
        return 0, 0
    return status.st_size, status.st_mtime_ns


def _document(session: Session, sha256: str, size: int) -> Document:
    """The row for these bytes, created if new; its extracted rows removed."""
    document = find_document(session, sha256)
    if document is None:
        _insert_or_ignore(session, sha256, size)
        document = find_document(session, sha256)
        assert document is not None
        return document
    for table in CHILD_TABLES:
        session.execute(delete(table).where(table.document_id == document.id))
    session.expire(document)
    return document


def _insert_or_ignore(session: Session, sha256: str, size: int) -> None:
    """Insert the document row unless these bytes already have one.

    ``UNIQUE(sha256)`` with ON CONFLICT DO NOTHING: even two writers racing on
    the same bytes end with one document, never an IntegrityError.
    """
    stamp = now()
    values: dict[str, Any] = {
        "sha256": sha256,
        "size": size,
        "status": Status.LOADED.value,
        "pipeline_version": PIPELINE_VERSION,
        "first_seen_at": stamp,
        "processed_at": stamp,
        "flags": "",
        "text": "",
    }
    from sqlalchemy.dialects import postgresql, sqlite

    inserts: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
    dialect_insert = inserts.get(session.get_bind().dialect.name)
    if dialect_insert is None:
        session.add(Document(**values))
        session.flush()
        return
    statement = dialect_insert(Document).values(**values)
    session.execute(statement.on_conflict_do_nothing(index_elements=["sha256"]))


Row = dict[str, object]


def _evidence(evidence: Evidence) -> Row:
    return {
        "page": evidence.page,
        "start": evidence.start,
        "end": evidence.end,
        "evidence": evidence.text,
        "rule": evidence.rule,
    }


def store_document(
    session: Session,
    result: ProcessedDocument,
    *,
    stat: tuple[int, int] | None = None,
) -> Document:
    """Write a document and everything extracted from it.

    Runs inside the caller's transaction, so it is all there or none of it is.
    """
    raw, extraction = result.raw, result.extraction
    document = _document(session, raw.source.sha256, raw.source.size)
    _fill_fields(document, raw, extraction)
    _insert(session, PageRow, _page_rows(document.id, raw))
    _insert(session, Clause, _clause_rows(document.id, result))
    for model, rows in _extracted_rows(document.id, extraction, result.search):
        _insert(session, model, rows)
    record_path(session, document, raw.source.path, stat)
    return document


def _insert(session: Session, model: type[Base], rows: Iterable[Row]) -> None:
    """Insert child rows with one executemany of a Core INSERT.

    They are never read back through the session, so neither ORM objects nor
    the unit of work are needed: building them was a third of the writer's
    time, the one process that ``--workers N`` cannot parallelise. Column
    defaults and the FTS triggers apply as with ``add_all``.
    """
    batch = list(rows)
    if batch:
        table = cast(Table, model.__table__)
        session.connection().execute(insert(table), batch)


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


def _page_rows(document_id: int, raw: RawDocument) -> Iterable[Row]:
    for page in raw.pages:
        ocr = page.ocr
        yield dict(
            document_id=document_id,
            number=page.number,
            start=page.start,
            end=page.end,
            needs_ocr=page.needs_ocr,
            ocr_engine=ocr.engine if ocr else None,
            ocr_version=ocr.version if ocr else None,
            ocr_language=ocr.language if ocr else None,
            ocr_confidence=ocr.confidence if ocr else None,
            ocr_seconds=ocr.seconds if ocr else None,
            needs_review=ocr.needs_review if ocr else False,
        )


def _clause_rows(document_id: int, result: ProcessedDocument) -> Iterable[Row]:
    analysed = result.search.sections
    for seq, section in enumerate(result.sections):
        search_heading, search_text = analysed[seq]
        yield dict(
            document_id=document_id,
            seq=seq,
            parent_seq=section.parent,
            kind=section.kind,
            number=section.number,
            ref=section.ref,
            heading=section.heading,
            text=result.section_text(section),
            page=section.page,
            start=section.start,
            end=section.end,
            searchable=section.kind in SEARCHABLE,
            search_heading=search_heading,
            search_text=search_text,
        )


def _extracted_rows(
    document_id: int, ex: Extraction, search: SearchText
) -> list[tuple[type[Base], list[Row]]]:
    """Rows of each table of extracted fields, in the order they are inserted."""
    parties = [
        dict(
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
        for seq, party in enumerate(ex.parties)
    ]
    numbers = [
        dict(
            document_id=document_id,
            value=number.value,
            reference=number.reference,
            **_evidence(number.evidence),
        )
        for number in ex.numbers
    ]
    dates = [
        dict(
            document_id=document_id,
            role=date.role,
            iso=date.iso,
            year=date.year,
            month=date.month,
            day=date.day,
            flags="|".join(date.flags),
            **_evidence(date.evidence),
        )
        for date in ex.dates
    ]
    sectors = [
        dict(
            document_id=document_id,
            code=sector.code,
            label=sector.label,
            **_evidence(sector.evidence),
        )
        for sector in ex.sectors
    ]
    duties = [
        dict(
            document_id=document_id,
            party_role=duty.party_role,
            party=duty.party,
            kind=duty.kind,
            clause=duty.clause,
            text=duty.text,
            deadline=duty.deadline,
            amount=duty.amount,
            amount_rupiah=duty.amount_rupiah,
            condition=duty.condition,
            search_text=search_text,
            **_evidence(duty.evidence),
        )
        for duty, search_text in zip(ex.obligations, search.duties, strict=True)
    ]
    laws = [
        dict(document_id=document_id, name=law.name, **_evidence(law.evidence))
        for law in ex.laws
    ]
    return [
        (PartyRow, parties),
        (NumberRow, numbers),
        (DateRow, dates),
        (SectorRow, sectors),
        (ObligationRow, duties),
        (LawRow, laws),
    ]


def store_failure(
    session: Session,
    *,
    path: Path,
    sha256: str | None,
    size: int,
    kind: str,
    message: str,
    stat: tuple[int, int] | None = None,
) -> Document | None:
    """Record on the document why its bytes failed; a loaded document keeps its data.

    The run's ledger (pipeline.ledger) says which path failed in which run;
    this keeps the document row (by sha256) in step, so that `pks export`
    lists failed documents with their error.
    """
    if sha256 is None:
        return None
    document = find_document(session, sha256)
    if document is not None and document.status == Status.LOADED:
        record_path(session, document, path, stat)
        return document
    if document is None:
        document = _document(session, sha256, size)
    document.status = Status.FAILED
    document.error_kind, document.error_message = kind, message
    document.pipeline_version = PIPELINE_VERSION
    document.processed_at = now()
    record_path(session, document, path, stat)
    return document
