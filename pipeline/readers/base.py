"""What every reader shares: its signature and how pages become one document.

Kept apart from ``readers/__init__.py`` so reader modules can import it
without importing the registry that imports them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from pipeline.normalize import normalize_text
from schemas.records import OcrInfo, Page, RawDocument, SourceFile

Reader = Callable[[SourceFile, bytes], RawDocument]

PAGE_SEPARATOR = "\n\n"


def build_document(
    source: SourceFile,
    reader: str,
    page_texts: Sequence[str],
    *,
    needs_ocr: Sequence[bool] = (),
    ocr: Sequence[OcrInfo | None] = (),
    meta_title: str | None = None,
    published: dt.date | None = None,
) -> RawDocument:
    """Normalise each page's text and join the pages into one document.

    The document text is the normalised page texts joined by
    :data:`PAGE_SEPARATOR`; each :class:`Page` holds the offsets of its own
    text in it (end exclusive, separator excluded).

    Args:
        source: The file the pages came from.
        reader: Name of the reader, stored with the document.
        page_texts: Raw text of each page, in order.
        needs_ocr: Per page, whether its text layer is unusable; missing
            entries mean False.
        ocr: Per page, how OCR read it; missing entries mean not OCR'd.
        meta_title: Title from the file's metadata, if any.
        published: Publication date from the file's metadata, if any.

    Returns:
        The document.
    """
    texts = [normalize_text(text) for text in page_texts]
    flags = [*needs_ocr, *([False] * (len(texts) - len(needs_ocr)))]
    infos = [*ocr, *([None] * (len(texts) - len(ocr)))]
    pages: list[Page] = []
    start = 0
    for number, (text, flag, info) in enumerate(
        zip(texts, flags, infos, strict=True), start=1
    ):
        end = start + len(text)
        pages.append(
            Page(number=number, start=start, end=end, needs_ocr=flag, ocr=info)
        )
        start = end + len(PAGE_SEPARATOR)
    return RawDocument(
        source=source,
        reader=reader,
        text=PAGE_SEPARATOR.join(texts),
        pages=tuple(pages),
        meta_title=meta_title,
        published=published,
    )
