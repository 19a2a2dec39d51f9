"""The input every extractor reads: text, spaCy Doc, sections and page map."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from schemas.records import Evidence, MediaType, Page, Section, SectionKind

if TYPE_CHECKING:  # spaCy takes a second to import; the pipeline defers it
    from spacy.tokens import Doc


# A glyph without a Unicode mapping, as pdfminer prints it: "KERJA(cid:3)SAMA".
_GLYPH = re.compile(r"\(cid:\d{1,5}\)")


def blank_glyphs(text: str) -> str:
    """``text`` with every ``(cid:NN)`` token turned into as many spaces.

    Such tokens mostly stand for a space in a font without a Unicode map;
    blanking them keeps every offset (evidence stays valid) while the
    extractors' patterns see words where the page shows words.

    Args:
        text: A document's text.

    Returns:
        The text, the same length, without glyph tokens.
    """
    if "(cid:" not in text:
        return text
    return _GLYPH.sub(lambda match: " " * len(match.group(0)), text)


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedDocument:
    """A segmented document: its text, the spaCy Doc of it, and its structure.

    ``doc.text == text``, so token and entity character offsets are document
    offsets; ``text`` is kept as a field because spaCy rebuilds ``doc.text``
    on every access.
    """

    text: str
    doc: Doc
    sections: tuple[Section, ...]
    pages: tuple[Page, ...]
    media_type: MediaType
    meta_title: str | None = None
    published: dt.date | None = None

    def without_glyphs(self) -> ParsedDocument:
        """This document with ``(cid:NN)`` tokens blanked (see :func:`blank_glyphs`)."""
        text = blank_glyphs(self.text)
        return self if text is self.text else replace(self, text=text)

    @property
    def is_news(self) -> bool:
        """True for a web page (news report) rather than an agreement file."""
        return self.media_type is MediaType.HTML

    def page_of(self, offset: int) -> int:
        """The 1-based page number that holds character ``offset``."""
        if not self.pages:
            return 1
        index = bisect_right(self.pages, offset, key=lambda page: page.start)
        return self.pages[max(index - 1, 0)].number

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        """Evidence for the text between ``start`` and ``end``."""
        return Evidence(
            page=self.page_of(start),
            start=start,
            end=end,
            text=self.text[start:end],
            rule=rule,
        )

    def sections_of(self, kind: SectionKind) -> tuple[Section, ...]:
        """Every section of one kind, in document order."""
        return tuple(s for s in self.sections if s.kind is kind)

    def section_text(self, section: Section) -> str:
        """The text a section covers."""
        return self.text[section.start : section.end]

    def innermost_section(self, offset: int) -> Section | None:
        """The deepest Pasal/ayat/item that contains ``offset``, if any."""
        best: Section | None = None
        for section in self.sections:
            if section.kind in (
                SectionKind.PREAMBLE,
                SectionKind.SIGNATURE,
                SectionKind.CHAPTER,
                SectionKind.PARAGRAPH,
            ):
                continue
            if section.start <= offset < section.end and (
                best is None or section.start >= best.start
            ):
                best = section
        return best

    @property
    def header_end(self) -> int:
        """Where the preamble ends: the start of the first article, or the end."""
        for section in self.sections:
            if section.kind in (SectionKind.ARTICLE, SectionKind.CHAPTER):
                return section.start
        return len(self.text)
