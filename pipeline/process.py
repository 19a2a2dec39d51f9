"""One document through the pure stages: read -> segment -> extract.

Imports the PDF, HTML and NLP libraries, which take a second or more to load:
:mod:`pipeline.run` imports this module only when a file needs processing, so
a re-run over an unchanged archive never pays for them.
"""

from __future__ import annotations

import time

from spacy.language import Language

from extractors import extract
from extractors.context import ParsedDocument
from extractors.nlp import shared_nlp
from pipeline.config import Limits, Settings
from pipeline.errors import NoTextError, TooLargeError
from pipeline.ocr_stage import ocr_document
from pipeline.processed import ProcessedDocument
from pipeline.readers import read
from pipeline.segment import segment
from pipeline.store import Claim, Stored, sessions_for, write
from schemas.records import Extraction, MediaType, RawDocument, SourceFile


def process_bytes(
    source: SourceFile,
    data: bytes,
    nlp: Language | None = None,
    settings: Settings | None = None,
) -> tuple[RawDocument, ParsedDocument, Extraction]:
    """Read, OCR where needed, segment and extract one document (no database).

    Raises:
        DocumentError: The file cannot be read (see :mod:`pipeline.errors`).
        OcrSetupError: OCR is needed but Tesseract or its ``ind`` pack is missing.
    """
    settings = settings or Settings()
    check_page_count(source, data, settings.limits)
    raw = ocr_document(read(source, data), data, settings)
    check_text_length(raw, settings.limits)
    if raw.pages and all(page.needs_ocr and not page.ocr for page in raw.pages):
        raise NoTextError(source.path, f"{len(raw.pages)} page(s) without a text layer")
    parsed = segment(raw, nlp or shared_nlp())
    return raw, parsed, extract(parsed)


def process_job(
    source: SourceFile, data: bytes, settings: Settings
) -> ProcessedDocument:
    """The worker's task (see :mod:`pipeline.pool`): one document, no database.

    Raises:
        DocumentError: The file cannot be read, or a cap in ``settings`` bit.
    """
    nlp = shared_nlp()
    # spaCy refuses texts over nlp.max_length; our own cap decides instead.
    nlp.max_length = max(nlp.max_length, settings.limits.max_text_chars + 1)
    raw, parsed, extraction = process_bytes(source, data, nlp, settings)
    return ProcessedDocument.of(raw, parsed, extraction)


def ingest_job(
    source: SourceFile, data: bytes, settings: Settings, claim: Claim
) -> Stored:
    """The worker's task when it writes too: one document processed and stored.

    Raises:
        DocumentError: As :func:`process_job`; nothing is written.
        DiskFullError: The database could not be written: the run must stop.
    """
    started = time.monotonic()
    result = process_job(source, data, settings)
    seconds = round(time.monotonic() - started, 3)
    return write(sessions_for(claim.db_url), result, claim, seconds=seconds)


def warm_up() -> None:
    """Build the NLP pipeline once per worker, before it takes documents."""
    shared_nlp()


def check_page_count(source: SourceFile, data: bytes, limits: Limits) -> None:
    """Refuse a PDF with more pages than ``limits.max_pages`` before reading it.

    Raises:
        TooLargeError: The PDF has too many pages.
    """
    if source.media_type is not MediaType.PDF:
        return
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return  # the reader reports why it cannot be opened
    try:
        pages = len(document)
    finally:
        document.close()
    if pages > limits.max_pages:
        raise TooLargeError(
            source.path, f"{pages} pages, over the cap of {limits.max_pages}"
        )


def check_text_length(raw: RawDocument, limits: Limits) -> None:
    """Refuse a document whose text is longer than ``limits.max_text_chars``.

    Raises:
        TooLargeError: The text is too long.
    """
    if len(raw.text) > limits.max_text_chars:
        raise TooLargeError(
            raw.source.path,
            f"{len(raw.text)} characters of text, over the cap of "
            f"{limits.max_text_chars}",
        )
