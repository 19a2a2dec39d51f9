"""Plain-text reader: decode (see :mod:`pipeline.encoding`), normalise, one page."""

from __future__ import annotations

from pipeline.encoding import decode_text
from pipeline.errors import EmptyFileError
from pipeline.readers.base import build_document
from schemas.records import RawDocument, SourceFile

READER_NAME = "text"


def read_text(source: SourceFile, data: bytes) -> RawDocument:
    """Read a plain-text file as a one-page document.

    Args:
        source: The file, as discovered.
        data: Its bytes.

    Returns:
        The normalised document.

    Raises:
        EmptyFileError: The file holds only whitespace or invisible characters.
    """
    document = build_document(source, READER_NAME, [decode_text(data)])
    if not document.text:
        raise EmptyFileError(source.path, "no text after normalisation")
    return document
