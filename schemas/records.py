"""Typed records passed between the stages of the pipeline.

Every stage takes one of these and returns the next:
``SourceFile -> RawDocument -> (segmented, in extractors.context) -> Extraction``.
Records are frozen: a stage cannot change what it was given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class MediaType(StrEnum):
    """File type, sniffed from the bytes rather than the extension."""

    PDF = "pdf"
    DOCX = "docx"
    HTML = "html"
    TEXT = "text"
    IMAGE = "image"  # a scan saved as PNG, JPEG or TIFF: read by OCR


class DocType(StrEnum):
    """What kind of document this is."""

    PKS = "pks"
    MOU = "mou"
    ADDENDUM = "addendum"
    NEWS = "news"
    OTHER = "other"


class DateRole(StrEnum):
    """What a date means for the agreement."""

    SIGNING = "signing"
    EFFECTIVE = "effective"
    EXPIRY = "expiry"
    EVENT = "event"
    REFERENCE = "reference"
    PUBLICATION = "publication"


class ObligationKind(StrEnum):
    """Duty, right or prohibition."""

    OBLIGATION = "obligation"
    RIGHT = "right"
    PROHIBITION = "prohibition"


class Status(StrEnum):
    """Outcome of one document in the database."""

    LOADED = "loaded"
    FAILED = "failed"


class ErrorKind(StrEnum):
    """Enumerated reasons why a document could not be read."""

    EMPTY = "empty"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    UNSUPPORTED = "unsupported"
    UNREADABLE = "unreadable"
    NEEDS_OCR = "needs_ocr"
    OCR_FAILED = "ocr_failed"
    CRASHED = "crashed"  # a bug in pks: see the log
    # Set by the nightly batch (pipeline.run, pipeline.pool), not by readers.
    TOO_LARGE = "too_large"  # a configured input cap bit (file, pages, text)
    TIMEOUT = "timeout"  # the worker ran past the per-document time limit
    MEMORY = "memory"  # the worker ran past its memory limit
    WORKER_CRASHED = "worker_crashed"  # the worker died of a signal
    POISON = "poison"  # crashed a worker three times: not tried until it changes
    DISK_FULL = "disk_full"


class FileStatus(StrEnum):
    """How one file discovered by a run ended (the ledger's ``status``)."""

    LOADED = "loaded"  # new or re-extracted document written
    UNCHANGED = "unchanged"  # already loaded by this pipeline version
    DUPLICATE = "duplicate"  # the same bytes are already loaded from another path
    FAILED = "failed"  # bad input or a worker failure; see the reason
    DEFERRED = "deferred"  # skipped on purpose (a cap, poison); see the reason
    PENDING = "pending"  # discovered, not finished (the run was interrupted)


class SectionKind(StrEnum):
    """Structural unit of a document's text."""

    PREAMBLE = "preamble"
    CHAPTER = "chapter"  # BAB
    ARTICLE = "article"  # Pasal
    AYAT = "ayat"  # (1), (2)
    ITEM = "item"  # huruf a. / angka 1.
    SIGNATURE = "signature"
    PARAGRAPH = "paragraph"  # a paragraph of a news article


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """Where a value was read: page (1-based), offsets in the document text, rule."""

    page: int
    start: int
    end: int
    text: str
    rule: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFile:
    """A file found on disk, identified by the sha256 of its bytes."""

    path: Path
    sha256: str
    size: int
    media_type: MediaType | None  # None: not a format we read


@dataclass(frozen=True, slots=True, kw_only=True)
class OcrInfo:
    """How a page's text was recognised: engine, language, quality, cost.

    ``confidence`` is the engine's mean word confidence (0-100); ``error``
    says why recognition failed (the page then has no text).
    """

    engine: str
    version: str
    language: str
    confidence: float
    seconds: float
    needs_review: bool = False
    cached: bool = False
    error: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One page of normalised text; ``start``/``end`` index the document text.

    ``ocr`` is set when the page's text was read by OCR.
    """

    number: int
    start: int
    end: int
    needs_ocr: bool = False
    ocr: OcrInfo | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDocument:
    """The normalised text of a document, with its pages and reader metadata."""

    source: SourceFile
    reader: str
    text: str
    pages: tuple[Page, ...]
    meta_title: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """A structural unit (Pasal, ayat, news paragraph, ...) as offsets into the text.

    ``ref`` is the citation a lawyer would write (``Pasal 5 ayat (2) huruf a``);
    ``parent`` is the index of the enclosing section in the same tuple.
    """

    kind: SectionKind
    number: str
    heading: str
    ref: str
    start: int
    end: int
    page: int
    parent: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TextValue:
    """A string value with its evidence."""

    value: str
    evidence: Evidence


@dataclass(frozen=True, slots=True, kw_only=True)
class DocNumber:
    """An agreement number as printed; ``reference`` marks a parent agreement's."""

    value: str
    evidence: Evidence
    reference: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class DateValue:
    """A date, possibly partial (``day``/``month`` None), with its role.

    ``flags`` holds validation problems such as ``weekday_mismatch``.
    """

    year: int | None
    month: int | None
    day: int | None
    role: DateRole
    evidence: Evidence
    flags: tuple[str, ...] = ()

    @property
    def date(self) -> dt.date | None:
        """The full date, or None when any part is unknown."""
        if self.year and self.month and self.day:
            try:
                return dt.date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None

    @property
    def iso(self) -> str | None:
        """ISO text: ``2024-03-21``, or ``2024-03`` / ``2024`` when partial."""
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Party:
    """A signatory organisation (or person) and who represents it.

    ``role`` is normalised (``PIHAK PERTAMA``); ``role_label`` is as printed.
    """

    name: str
    canonical: str
    aliases: tuple[str, ...]
    role: str | None
    role_label: str | None
    representative: str | None
    representative_title: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True, kw_only=True)
class SectorHit:
    """A field of cooperation from the taxonomy, with the words that showed it."""

    code: str
    label: str
    evidence: Evidence


@dataclass(frozen=True, slots=True, kw_only=True)
class Obligation:
    """A duty, right or prohibition of one party, tied to its clause.

    ``deadline``, ``amount`` and ``condition`` are as printed in the duty's
    text; ``amount_rupiah`` is the amount as a whole number of rupiah.
    """

    party_role: str | None
    party: str | None
    kind: ObligationKind
    clause: str | None
    text: str
    evidence: Evidence
    # Terms stated in the duty's text (extractors.obligations.obligation_terms).
    deadline: str | None = None
    amount: str | None = None
    amount_rupiah: int | None = None
    condition: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Law:
    """A law or regulation cited, normalised (``UU 22/2022``) and as printed."""

    name: str
    evidence: Evidence


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    """Every field extracted from one document."""

    doc_type: DocType
    doc_type_rule: str
    title: TextValue | None
    subject: str | None
    numbers: tuple[DocNumber, ...]
    dates: tuple[DateValue, ...]
    term_months: int | None
    renewable: bool
    place: TextValue | None
    parties: tuple[Party, ...]
    sectors: tuple[SectorHit, ...]
    obligations: tuple[Obligation, ...]
    laws: tuple[Law, ...]
    flags: tuple[str, ...] = field(default=())

    def first_date(self, role: DateRole) -> dt.date | None:
        """The first full date with this role, if any."""
        for value in self.dates:
            if value.role is role and value.date is not None:
                return value.date
        return None

    @property
    def signing_date(self) -> dt.date | None:
        """The first full signing date, if any."""
        return self.first_date(DateRole.SIGNING)
