"""Stage: Extraction -> database rows. Owns the mapping from records to ORM rows."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Dialect, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from pipeline import PIPELINE_VERSION
from pipeline.processed import SEARCHABLE, ProcessedDocument, SearchText
from schemas.models import (
    Base,
    Clause,
    DateRow,
    Document,
    DocumentId,
    DocumentPath,
    LawRow,
    NumberRow,
    ObligationRow,
    PageRow,
    PartyRow,
    SectorRow,
)
from schemas.records import DateRole, Evidence, Extraction, RawDocument, Status

DOCUMENTS = cast(Table, Document.__table__)
PATHS = cast(Table, DocumentPath.__table__)
DOCUMENT_IDS = cast(Table, DocumentId.__table__)
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


def is_loaded(session: Session, sha256: str) -> bool:
    """True when these bytes were loaded by this version of the pipeline."""
    row = session.execute(
        select(DOCUMENTS.c.status, DOCUMENTS.c.pipeline_version).where(
            DOCUMENTS.c.sha256 == sha256
        )
    ).first()
    return (
        row is not None
        and row.status == Status.LOADED
        and row.pipeline_version == PIPELINE_VERSION
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
    document_id = _claim_document(session.connection(), sha256, size)
    document = session.get_one(Document, document_id)
    session.expire(document)
    return document


def _claim_document(
    connection: Connection,
    sha256: str,
    size: int,
    values: Row | None = None,
    reserved: int | None = None,
) -> int:
    """The id of the row for these bytes, inserted with ``values`` if new.

    A row that exists is given ``values`` and stripped of its extracted rows.
    """
    inserted = _insert_or_ignore(connection, sha256, size, values or {}, reserved)
    if inserted is not None:
        return inserted
    document_id: int | None = connection.scalar(
        select(DOCUMENTS.c.id).where(DOCUMENTS.c.sha256 == sha256)
    )
    assert document_id is not None
    for table in CHILD_TABLES:
        connection.execute(delete(table).where(table.document_id == document_id))
    if values:
        connection.execute(
            update(DOCUMENTS).where(DOCUMENTS.c.id == document_id), values
        )
    return document_id


def reserve_id(connection: Connection, sha256: str) -> int:
    """The id of the document with these bytes, reserved now if it has none.

    The run reserves ids in discovery order as it sends files to be processed,
    so ids do not depend on which worker finishes first.
    """
    query = select(DOCUMENT_IDS.c.id).where(DOCUMENT_IDS.c.sha256 == sha256)
    reserved: int | None = connection.scalar(query)
    if reserved is None:  # asked first: PostgreSQL spends a number on a conflict
        connection.execute(_statements(connection).reserve, {"sha256": sha256})
        reserved = connection.scalar(query)
    assert reserved is not None
    return reserved


def _insert_or_ignore(
    connection: Connection,
    sha256: str,
    size: int,
    values: Row,
    reserved: int | None = None,
) -> int | None:
    """Insert the document row unless these bytes already have one; its new id.

    ``UNIQUE(sha256)`` with ON CONFLICT DO NOTHING: even two writers racing on
    the same bytes end with one document, never an IntegrityError.
    """
    stamp = now()
    row: Row = {
        "status": Status.LOADED.value,
        "pipeline_version": PIPELINE_VERSION,
        "processed_at": stamp,
        "flags": "",
        "text": "",
        **values,
        "id": reserved or reserve_id(connection, sha256),
        "sha256": sha256,
        "size": size,
        "first_seen_at": stamp,
    }
    statement = _statements(connection).insert_document
    inserted: int | None = connection.scalar(statement, row)
    return inserted


@dataclass(frozen=True, slots=True)
class _Upserts:
    """The INSERT ... ON CONFLICT statements of one dialect, built once."""

    reserve: Any  # an id for a sha256, unless it has one
    insert_document: Any  # a document row unless its sha256 has one; its id
    seen: Any  # a path of a document, or its new size, mtime and last sighting


def _statements(connection: Connection) -> _Upserts:
    return _upserts(connection.dialect.name)


@functools.cache
def _upserts(dialect_name: str) -> _Upserts:
    """For SQLite and PostgreSQL, which both know ON CONFLICT."""
    from sqlalchemy.dialects import postgresql, sqlite

    inserts: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
    upsert = inserts[dialect_name]
    seen = upsert(PATHS)
    return _Upserts(
        reserve=upsert(DOCUMENT_IDS).on_conflict_do_nothing(index_elements=["sha256"]),
        insert_document=upsert(DOCUMENTS)
        .on_conflict_do_nothing(index_elements=["sha256"])
        .returning(DOCUMENTS.c.id),
        seen=seen.on_conflict_do_update(
            index_elements=["document_id", "path"],
            set_={
                "size": seen.excluded.size,
                "mtime_ns": seen.excluded.mtime_ns,
                "last_seen_at": seen.excluded.last_seen_at,
            },
        ),
    )


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
    reserved: int | None = None,
) -> int:
    """Write a document and everything extracted from it; return its id.

    Runs inside the caller's transaction, so it is all there or none of it is.
    ``reserved`` is the id :func:`reserve_id` gave these bytes, if known.
    Every worker runs this for every document, so it speaks SQL directly: no
    ORM objects, child rows in one driver-level executemany per table (the
    ORM path cost three times as much per page).
    """
    raw, extraction = result.raw, result.extraction
    connection = session.connection()
    values = _document_values(raw, extraction)
    document_id = _claim_document(
        connection, raw.source.sha256, raw.source.size, values, reserved
    )
    _insert(connection, PageRow, _page_rows(document_id, raw))
    _insert(connection, Clause, _clause_rows(document_id, result))
    for model, rows in _extracted_rows(document_id, extraction, result.search):
        _insert(connection, model, rows)
    _seen(connection, document_id, raw.source.path, stat or _stat(raw.source.path))
    return document_id


def _insert(connection: Connection, model: type[Base], rows: Iterable[Row]) -> None:
    """Insert rows with one executemany of the driver (FTS triggers included).

    The rows hold only str, int, float, bool and None, which every driver
    takes as they are, so SQLAlchemy's per-row parameter processing is skipped.
    """
    batch = list(rows)
    if not batch:
        return
    table = cast(Table, model.__table__)
    sql, order = _insert_sql(connection.dialect, table, tuple(batch[0]))
    parameters = [tuple(row[key] for key in order) for row in batch] if order else batch
    connection.exec_driver_sql(sql, parameters)


@functools.cache
def _insert_sql(
    dialect: Dialect, table: Table, keys: tuple[str, ...]
) -> tuple[str, tuple[str, ...] | None]:
    """The dialect's INSERT for these columns, and the parameter order if positional."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
    order = compiled.positiontup
    return compiled.string, tuple(order) if order is not None else None


def _seen(
    connection: Connection, document_id: int, path: Path, stat: tuple[int, int]
) -> None:
    """:func:`record_path` for the writer's hot path: one upsert."""
    size, mtime_ns = stat
    seen = now()
    row = {
        "document_id": document_id,
        "path": str(path),
        "size": size,
        "mtime_ns": mtime_ns,
        "first_seen_at": seen,
        "last_seen_at": seen,
    }
    connection.execute(_statements(connection).seen, row)


def _document_values(raw: RawDocument, extraction: Extraction) -> Row:
    """The document row's columns that reading and extraction decide."""
    title, place = extraction.title, extraction.place
    return {
        "media_type": raw.source.media_type,
        "reader": raw.reader,
        "status": Status.LOADED.value,
        "error_kind": None,
        "error_message": None,
        "pipeline_version": PIPELINE_VERSION,
        "processed_at": now(),
        "text": raw.text,
        "doc_type": extraction.doc_type,
        "doc_type_rule": extraction.doc_type_rule,
        "title": title.value if title else None,
        "title_page": title.evidence.page if title else None,
        "title_start": title.evidence.start if title else None,
        "title_end": title.evidence.end if title else None,
        "place": place.value if place else None,
        "place_page": place.evidence.page if place else None,
        "place_start": place.evidence.start if place else None,
        "place_end": place.evidence.end if place else None,
        "signing_date": extraction.signing_date,
        "effective_on": extraction.first_date(DateRole.EFFECTIVE),
        "expires_on": extraction.first_date(DateRole.EXPIRY),
        "term_months": extraction.term_months,
        "renewable": extraction.renewable,
        "subject": extraction.subject,
        "flags": "|".join(extraction.flags),
    }


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
