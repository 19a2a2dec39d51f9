"""Digital PDF reader: the text layer of each page, and which pages need OCR.

Speed decides the split between the two libraries. pypdfium2 extracts plain
text at about 780 pages/s here, pdfplumber (pdfminer) at about 12 pages/s, and
an archive has tens of thousands of pages. So every page is read with
pypdfium2 (:func:`_pdfium_page_texts`), one page open at a time.

pdfplumber is used only where its layout analysis pays: when a page's pdfium
text looks broken (a line far longer than any printed line, which happens when
a PDF positions each line without line-break hints), the page is read again
with :func:`layout_page_texts`, which groups characters into lines by their
y position. Later stages that need layout (columns, tables, signature
blocks) can call the same function for the pages they care about.

A page is flagged ``needs_ocr`` when it has fewer than
:data:`MIN_CHARS_PER_PAGE` letters, or when its characters are mostly
``(cid:NN)`` glyph tokens or other non-letters: a scan, or a font without a
Unicode map. Its text is kept (possibly empty); OCR is a later stage and the
pipeline decides what to do when every page needs it.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Sequence

import pdfplumber
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.page import Page as PlumberPage
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.errors import (
    CorruptFileError,
    DocumentError,
    EmptyFileError,
    EncryptedPdfError,
)
from pipeline.normalize import cid_ratio
from pipeline.readers.base import build_document
from schemas.records import RawDocument, SourceFile

log = logging.getLogger(__name__)

READER_NAME = "pdf"
MIN_CHARS_PER_PAGE = 25
# Below this share of letters among visible characters a page is a scan's
# noise or unmapped glyphs, not text (a numeric table still has ~40 %).
MIN_LETTER_SHARE = 0.3
MAX_CID_SHARE = 0.5
# A printed A4 line holds ~100 characters, ~200 in small landscape tables.
LONG_LINE_CHARS = 300

_CID_TOKEN = re.compile(r"\(cid:\d+\)")
# PDFium reports a hyphen that ends a line as U+0002 and drops the line break
# after it; both are put back so normalisation decides between "pelak-sanaan"
# (a split word, joined) and "anak-anak" (a real hyphen, kept).
_PDFIUM_LINE_END_HYPHEN = "\x02"
_UNMAPPED_SAMPLE = 200  # characters checked per page (~0.1 ms)


def read_pdf(
    source: SourceFile, data: bytes, *, min_chars: int = MIN_CHARS_PER_PAGE
) -> RawDocument:
    """Read the text layer of a digital PDF, one :class:`Page` per page.

    Args:
        source: The file, as discovered.
        data: Its bytes.
        min_chars: Letters a page needs not to be flagged ``needs_ocr``.

    Returns:
        The document; pages without a usable text layer are flagged.

    Raises:
        EncryptedPdfError: The PDF needs a password to open.
        CorruptFileError: The PDF is damaged or truncated.
        EmptyFileError: The PDF has no pages.
    """
    texts = _pdfium_page_texts(source, data)
    broken = [index for index, text in enumerate(texts) if looks_broken(text)]
    if broken:
        texts = _replace_pages(texts, _relaid_pages(source, data, broken))
    flags = [needs_ocr(text, min_chars=min_chars) for text in texts]
    return build_document(source, READER_NAME, texts, needs_ocr=flags)


def _pdfium_page_texts(source: SourceFile, data: bytes) -> list[str]:
    document = _open_pdfium(source, data)  # a PDF without pages fails here
    try:
        return [_pdfium_page_text(document, index) for index in range(len(document))]
    except pdfium.PdfiumError as error:  # e.g. a page tree that loops
        raise CorruptFileError(source.path, f"PDFium: {error}") from error
    finally:
        document.close()


def _open_pdfium(source: SourceFile, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise _pdfium_failure(source, data) from error


def _pdfium_failure(source: SourceFile, data: bytes) -> DocumentError:
    """Why PDFium would not open ``data``, asked of PDFium itself.

    pypdfium2 reports a well-formed PDF with zero pages as a load failure,
    with whatever error code an earlier document left behind; loading once
    more through the raw API tells the two cases apart and gives a fresh code.
    """
    handle = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if handle:
        pdfium_c.FPDF_CloseDocument(handle)
        return EmptyFileError(source.path, "the PDF has no pages")
    code = pdfium_c.FPDF_GetLastError()
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return EncryptedPdfError(source.path, "password required")
    return CorruptFileError(source.path, f"PDFium cannot parse it (error {code})")


def _pdfium_page_text(document: pdfium.PdfDocument, index: int) -> str:
    page = document[index]
    try:
        text_page = page.get_textpage()
        try:
            unmapped = _unmapped_share(text_page) > MAX_CID_SHARE
            text = "" if unmapped else str(text_page.get_text_bounded())
        finally:
            text_page.close()
    finally:
        page.close()
    return text.replace(_PDFIUM_LINE_END_HYPHEN, "-\n")


def _unmapped_share(text_page: pdfium.PdfTextPage) -> float:
    """Share of a sample of the page's characters whose font has no Unicode map.

    PDFium prints such glyphs as their raw codes, which look like letters
    (``ȮŹÄΓ˞``) and would pass every letter-share test: the page is given no
    text instead, so it is flagged ``needs_ocr`` and never stored as garbage
    (pdfminer's ``(cid:NN)`` tokens, found by :func:`needs_ocr`, are the
    same case).
    """
    count = pdfium_c.FPDFText_CountChars(text_page)
    sample = range(0, count, max(1, count // _UNMAPPED_SAMPLE))
    if not sample:
        return 0.0
    errors = sum(
        1 for index in sample if pdfium_c.FPDFText_HasUnicodeMapError(text_page, index)
    )
    return errors / len(sample)


def looks_broken(text: str) -> bool:
    """True when pdfium's text of a page has lost its line structure.

    Args:
        text: One page's text.

    Returns:
        Whether any line is longer than :data:`LONG_LINE_CHARS`.
    """
    return any(len(line) > LONG_LINE_CHARS for line in text.splitlines())


def layout_page_texts(
    source: SourceFile, data: bytes, indexes: Iterable[int], *, layout: bool = False
) -> dict[int, str]:
    """Read chosen pages with pdfplumber, which rebuilds lines from positions.

    Slow (about 12 pages/s): use it for the pages where layout matters.
    Each page's layout objects are released before the next page is read.

    Args:
        source: The file, for error messages.
        data: The PDF's bytes.
        indexes: 0-based page indexes.
        layout: Keep the horizontal layout with spaces (columns, tables).

    Returns:
        The text of each requested page, by index.

    Raises:
        EncryptedPdfError: The PDF needs a password to open.
        CorruptFileError: The PDF is damaged or truncated.
    """
    texts: dict[int, str] = {}
    with _open_pdfplumber(source, data) as document:
        for index in indexes:
            page = _plumber_page(source, document, index)
            try:
                texts[index] = page.extract_text(layout=layout)
            finally:
                page.close()
    return texts


def _open_pdfplumber(source: SourceFile, data: bytes) -> PDF:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as error:
        cause = error.args[0] if error.args else None
        if isinstance(cause, PDFPasswordIncorrect):
            raise EncryptedPdfError(source.path, "password required") from error
        raise CorruptFileError(source.path, str(cause or error)) from error


def _relaid_pages(
    source: SourceFile, data: bytes, indexes: list[int]
) -> dict[int, str]:
    """Pages re-read by pdfplumber; none if pdfminer cannot parse them."""
    log.info("%s: pages %s re-read with pdfplumber", source.path, indexes)
    try:
        return layout_page_texts(source, data, indexes)
    except DocumentError as error:
        log.warning("%s: keeping pdfium text: %s", source.path, error)
        return {}


def _plumber_page(source: SourceFile, document: PDF, index: int) -> PlumberPage:
    # pdfplumber parses the page tree lazily, on first access to ``pages``.
    try:
        page: PlumberPage = document.pages[index]
    except PdfminerException as error:
        raise CorruptFileError(source.path, str(error.args[0])) from error
    return page


def _replace_pages(texts: Sequence[str], replacements: dict[int, str]) -> list[str]:
    return [replacements.get(index, text) for index, text in enumerate(texts)]


def needs_ocr(text: str, *, min_chars: int = MIN_CHARS_PER_PAGE) -> bool:
    """Decide whether a page's text layer is too poor to use.

    Args:
        text: One page's extracted text.
        min_chars: Letters a usable page has at least.

    Returns:
        True for too few letters, mostly ``(cid:NN)`` tokens, or mostly
        characters that are not letters.
    """
    if cid_ratio(text) > MAX_CID_SHARE:
        return True
    readable = _CID_TOKEN.sub("", text)
    # map() over str methods: the same counts, without a Python-level loop.
    letters = sum(map(str.isalpha, readable))
    visible = len(readable) - sum(map(str.isspace, readable))
    if letters < min_chars or visible == 0:
        return True
    return letters / visible < MIN_LETTER_SHARE
