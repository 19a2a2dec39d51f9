"""Database models (SQLAlchemy 2). The schema itself is made by the migrations."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Base of every table."""


class EvidenceColumns:
    """Where a value was read: page, offsets into the document text, rule."""

    page: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text, default="")
    rule: Mapped[str] = mapped_column(String(64), default="")


def _document_fk() -> Mapped[int]:
    return mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True, nullable=False
    )


class Document(Base):
    """One document, identified by the sha256 of its original bytes."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(String(16))
    reader: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), index=True)
    error_kind: Mapped[str | None] = mapped_column(String(32))
    error_message: Mapped[str | None] = mapped_column(Text)
    pipeline_version: Mapped[str] = mapped_column(String(32))
    doc_type: Mapped[str | None] = mapped_column(String(16), index=True)
    doc_type_rule: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    title_page: Mapped[int | None] = mapped_column(Integer)
    title_start: Mapped[int | None] = mapped_column(Integer)
    title_end: Mapped[int | None] = mapped_column(Integer)
    place: Mapped[str | None] = mapped_column(String(200))
    place_page: Mapped[int | None] = mapped_column(Integer)
    place_start: Mapped[int | None] = mapped_column(Integer)
    place_end: Mapped[int | None] = mapped_column(Integer)
    signing_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    effective_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    term_months: Mapped[int | None] = mapped_column(Integer)
    renewable: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    subject: Mapped[str | None] = mapped_column(Text)
    flags: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    first_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
    processed_at: Mapped[dt.datetime] = mapped_column(DateTime)

    paths: Mapped[list[DocumentPath]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )
    pages: Mapped[list[PageRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="PageRow.number"
    )
    clauses: Mapped[list[Clause]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Clause.seq"
    )
    parties: Mapped[list[PartyRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="PartyRow.seq"
    )
    numbers: Mapped[list[NumberRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="NumberRow.id"
    )
    dates: Mapped[list[DateRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="DateRow.id"
    )
    sectors: Mapped[list[SectorRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="SectorRow.id"
    )
    obligations: Mapped[list[ObligationRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ObligationRow.id"
    )
    laws: Mapped[list[LawRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="LawRow.id"
    )


class DocumentId(Base):
    """The id reserved for a sha256: documents are numbered in discovery order."""

    __tablename__ = "document_ids"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)


class DocumentPath(Base):
    """Every path at which a document's bytes were seen."""

    __tablename__ = "document_paths"
    __table_args__ = (UniqueConstraint("document_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    path: Mapped[str] = mapped_column(Text, index=True)
    size: Mapped[int] = mapped_column(Integer)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)  # past 32 bits
    first_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)

    document: Mapped[Document] = relationship(back_populates="paths")


class PageRow(Base):
    """A page: its offsets into the document text, and whether it needs OCR."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    number: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    needs_ocr: Mapped[bool] = mapped_column(Boolean, default=False)
    # Provenance of a page read by OCR (all NULL for a text-layer page).
    ocr_engine: Mapped[str | None] = mapped_column(String(32))
    ocr_version: Mapped[str | None] = mapped_column(String(32))
    ocr_language: Mapped[str | None] = mapped_column(String(32))
    ocr_confidence: Mapped[float | None] = mapped_column(Float)
    ocr_seconds: Mapped[float | None] = mapped_column(Float)
    needs_review: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )


class Clause(Base):
    """A structural unit: preamble, BAB, Pasal, ayat, item, signature, paragraph.

    Top-level units (preamble, articles, news paragraphs) are ``searchable``
    and indexed by the ``clauses_fts`` full-text table.
    """

    __tablename__ = "clauses"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    seq: Mapped[int] = mapped_column(Integer)
    parent_seq: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(16), default="")
    ref: Mapped[str] = mapped_column(String(120), default="")
    heading: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    page: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    searchable: Mapped[bool] = mapped_column(Boolean, default=False)
    # Analysed text (extractors.analysis) that the full-text index reads.
    search_heading: Mapped[str] = mapped_column(Text, default="", server_default="")
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")


class PartyRow(EvidenceColumns, Base):
    """A signatory organisation (or person) of a document."""

    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    canonical: Mapped[str] = mapped_column(Text, index=True)
    aliases: Mapped[str] = mapped_column(Text, default="")  # "|"-separated
    role: Mapped[str | None] = mapped_column(String(32))
    role_label: Mapped[str | None] = mapped_column(String(64))
    representative: Mapped[str | None] = mapped_column(Text)
    representative_title: Mapped[str | None] = mapped_column(Text)


class NumberRow(EvidenceColumns, Base):
    """An agreement number as printed."""

    __tablename__ = "numbers"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    value: Mapped[str] = mapped_column(Text, index=True)
    reference: Mapped[bool] = mapped_column(Boolean, default=False)


class DateRow(EvidenceColumns, Base):
    """A date with its role; partial dates keep unknown parts NULL."""

    __tablename__ = "dates"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    role: Mapped[str] = mapped_column(String(16))
    iso: Mapped[str | None] = mapped_column(String(10))
    year: Mapped[int | None] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[int | None] = mapped_column(Integer)
    flags: Mapped[str] = mapped_column(Text, default="")


class SectorRow(EvidenceColumns, Base):
    """A field of cooperation from the taxonomy."""

    __tablename__ = "sectors"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    code: Mapped[str] = mapped_column(String(40), index=True)
    label: Mapped[str] = mapped_column(String(120))


class ObligationRow(EvidenceColumns, Base):
    """A duty, right or prohibition of one party."""

    __tablename__ = "obligations"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    party_role: Mapped[str | None] = mapped_column(String(32))
    party: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    clause: Mapped[str | None] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    deadline: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[str | None] = mapped_column(Text)
    amount_rupiah: Mapped[int | None] = mapped_column(BigInteger)
    condition: Mapped[str | None] = mapped_column(Text)
    # Analysed text (extractors.analysis) that the full-text index reads.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")


class LawRow(EvidenceColumns, Base):
    """A law or regulation cited."""

    __tablename__ = "laws"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    name: Mapped[str] = mapped_column(Text)


class Run(Base):
    """One `pks ingest` run: when, how, and how many files ended in each status.

    ``status`` is running, finished, interrupted, terminated, killed (found
    unfinished by a later run) or failed (a fatal error such as a full disk).
    """

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    pipeline_version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(
        String(16), default="running", server_default="finished"
    )
    workers: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pid: Mapped[int | None] = mapped_column(Integer)
    exit_code: Mapped[int | None] = mapped_column(Integer)
    versions: Mapped[str] = mapped_column(Text, default="", server_default="")
    files: Mapped[int] = mapped_column(Integer, default=0)
    loaded: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    duplicate: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    crashed: Mapped[int] = mapped_column(Integer, default=0)
    deferred: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pending: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    disappeared: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class LedgerEntry(Base):
    """One file discovered by one run, and the one status it ended with.

    Rows start ``pending`` and are updated in the same transaction as the
    document they describe, so a killed run leaves exactly the unfinished
    files pending. ``reason`` is an :class:`~schemas.records.ErrorKind` value.
    The ``failures`` view (failed and deferred rows) keeps old queries working.
    """

    __tablename__ = "ledger"
    __table_args__ = (
        UniqueConstraint("run_id", "path"),
        Index("ix_ledger_run_seq", "run_id", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("runs.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)  # discovery order within the run
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    size: Mapped[int | None] = mapped_column(BigInteger)
    mtime_ns: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str | None] = mapped_column(String(32), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    seconds: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
