"""DOCX reader: body paragraphs and tables, in reading order, as one page.

python-docx opens the package; the text is then read from the body XML
directly, because python-docx's own ``Paragraph.text`` skips runs inside
tracked insertions (``w:ins``) and content controls (``w:sdt``), both common
in agreements drafted from templates. Deleted text (``w:delText``) and field
codes (``w:instrText``) are not text and are left out. Headers and footers
live in other parts of the package and are never read.

Each paragraph is one line; a table row is one line of its cells joined by
``" | "``, and a nested table's rows follow inside its cell.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree  # type: ignore[import-untyped]

from pipeline.errors import CorruptFileError, EmptyFileError
from pipeline.readers.base import build_document
from schemas.records import RawDocument, SourceFile

READER_NAME = "docx"
CELL_SEPARATOR = " | "

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT = f"{_W}t"
_CHARACTERS = {
    f"{_W}tab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
}
# Subtrees that hold no visible body text: deletions, and the legacy copy of
# a drawing (mc:Fallback repeats the text box of mc:Choice).
_SKIPPED = {f"{_W}del", f"{_W}delText", f"{_W}instrText", _MC_FALLBACK}


def read_docx(source: SourceFile, data: bytes) -> RawDocument:
    """Read the body text of a Word document as one page.

    Args:
        source: The file, as discovered.
        data: Its bytes.

    Returns:
        The normalised document.

    Raises:
        CorruptFileError: The file is not a readable DOCX package.
        EmptyFileError: The body holds no text.
    """
    body = _open_body(source, data)
    document = build_document(source, READER_NAME, ["\n".join(_blocks(body))])
    if not document.text:
        raise EmptyFileError(source.path, "the document body has no text")
    return document


def _open_body(source: SourceFile, data: bytes) -> etree._Element:
    try:
        package = docx.Document(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        PackageNotFoundError,
        KeyError,
        ValueError,
        AttributeError,  # python-docx on a package whose parts are missing
        etree.XMLSyntaxError,
    ) as error:
        raise CorruptFileError(source.path, f"not a readable DOCX: {error}") from error
    return package.element.body


def _blocks(container: etree._Element) -> Iterator[str]:
    """Lines of the paragraphs and tables directly in ``container``."""
    for child in _unwrapped(container):
        if child.tag == f"{_W}p":
            yield _paragraph_text(child)
        elif child.tag == f"{_W}tbl":
            yield from _table_lines(child)


def _unwrapped(container: etree._Element) -> Iterator[etree._Element]:
    """Children of ``container``, looking through content controls."""
    for child in container:
        if child.tag != f"{_W}sdt":
            yield child
            continue
        content = child.find(f"{_W}sdtContent")
        if content is not None:
            yield from _unwrapped(content)


def _table_lines(table: etree._Element) -> Iterator[str]:
    """One line per row; a nested table's lines follow the row holding it."""
    for row in _unwrapped(table):
        if row.tag != f"{_W}tr":
            continue
        cells: list[str] = []
        nested: list[str] = []
        for cell in _unwrapped(row):
            if cell.tag != f"{_W}tc":
                continue
            content = list(_unwrapped(cell))
            texts = [_paragraph_text(p) for p in content if p.tag == f"{_W}p"]
            cells.append(" ".join(text for text in texts if text.strip()))
            for inner in (child for child in content if child.tag == f"{_W}tbl"):
                nested.extend(_table_lines(inner))
        yield _row_text(cells)
        yield from nested


def _row_text(cells: list[str]) -> str:
    """Cells joined by ``" | "``; a key-value row keeps its colon inline.

    Forms print party details as ``Nama | : | dr. Rina``; read as a person
    would, that is ``Nama : dr. Rina``.
    """
    if len(cells) == 3 and cells[1].strip() == ":":
        return f"{cells[0].strip()} : {cells[2].strip()}"
    return CELL_SEPARATOR.join(cells)


def _paragraph_text(element: etree._Element) -> str:
    return "".join(_run_pieces(element))


def _run_pieces(element: etree._Element) -> Iterator[str]:
    for child in element:
        if child.tag in _SKIPPED:
            continue
        if child.tag == _TEXT:
            yield child.text or ""
        elif child.tag in _CHARACTERS:
            yield _CHARACTERS[child.tag]
        elif child.tag == f"{_W}p":
            # A paragraph inside a run is a text box: keep it on its own line.
            yield "\n" + _paragraph_text(child) + "\n"
        else:
            yield from _run_pieces(child)
