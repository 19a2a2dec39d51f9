"""One document through the pure stages: read -> segment -> extract.

Imports the PDF, HTML and NLP libraries, which take a second or more to load:
:mod:`pipeline.run` imports this module only when a file needs processing, so
a re-run over an unchanged archive never pays for them.
"""

from __future__ import annotations

from spacy.language import Language

from extractors import extract
from extractors.context import ParsedDocument
from extractors.nlp import shared_nlp
from pipeline.errors import NoTextError
from pipeline.readers import read
from pipeline.segment import segment
from schemas.records import Extraction, RawDocument, SourceFile


def process_bytes(
    source: SourceFile, data: bytes, nlp: Language | None = None
) -> tuple[RawDocument, ParsedDocument, Extraction]:
    """Read, segment and extract one document (no database involved).

    Raises:
        DocumentError: The file cannot be read (see :mod:`pipeline.errors`).
    """
    raw = read(source, data)
    if raw.pages and all(page.needs_ocr for page in raw.pages):
        raise NoTextError(source.path, f"{len(raw.pages)} page(s) without a text layer")
    parsed = segment(raw, nlp or shared_nlp())
    return raw, parsed, extract(parsed)
