"""Readers turn a file's bytes into a :class:`RawDocument` of normalised text.

One reader per :class:`MediaType`, registered in :data:`READERS`; tests and
later stages can replace an entry (for fault injection, or an OCR reader).
"""

from __future__ import annotations

from pipeline.errors import UnsupportedMediaError
from pipeline.readers.base import Reader
from pipeline.readers.docx import read_docx
from pipeline.readers.html import read_html
from pipeline.readers.image import read_image
from pipeline.readers.pdf import read_pdf
from pipeline.readers.text import read_text
from schemas.records import MediaType, RawDocument, SourceFile

__all__ = ["READERS", "Reader", "read"]

READERS: dict[MediaType, Reader] = {
    MediaType.PDF: read_pdf,
    MediaType.DOCX: read_docx,
    MediaType.HTML: read_html,
    MediaType.TEXT: read_text,
    MediaType.IMAGE: read_image,
}


def read(source: SourceFile, data: bytes) -> RawDocument:
    """Read a file with the reader for its sniffed media type.

    Args:
        source: The file, with its media type sniffed by discovery.
        data: The file's bytes (as returned by ``source_file``).

    Returns:
        The document: normalised text joined from its pages, with page offsets.

    Raises:
        UnsupportedMediaError: The media type is None (not a format pks reads).
        DocumentError: A subclass naming what is wrong with the file.
    """
    if source.media_type is None:
        raise UnsupportedMediaError(source.path, "unrecognised content")
    return READERS[source.media_type](source, data)
