"""The record a processed document travels in, from a worker to the writer.

It holds the search index's analysed text too: analysing (folding, stemming,
synonyms: :mod:`extractors.analysis`) is the costliest Python step between
extraction and the database, so it is done where the document is processed,
in the worker, and the single writer only inserts rows.

A light module on purpose: the writer unpickles these records without
importing the PDF, HTML and NLP libraries of :mod:`pipeline.process`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extractors.analysis import index_text
from extractors.context import ParsedDocument
from schemas.records import Extraction, RawDocument, Section, SectionKind

# Units that stand alone in search results; ayat and items live inside them.
SEARCHABLE = frozenset(
    {SectionKind.PREAMBLE, SectionKind.ARTICLE, SectionKind.PARAGRAPH}
)


@dataclass(frozen=True, slots=True)
class SearchText:
    """Analysed (heading, text) per section, empty where not indexed; per duty."""

    sections: tuple[tuple[str, str], ...]
    duties: tuple[str, ...]


def analyse(
    sections: Sequence[Section],
    section_text: Callable[[Section], str],
    extraction: Extraction,
) -> SearchText:
    """The analysed text of every indexed section and of every duty."""
    return SearchText(
        sections=tuple(
            (index_text(s.heading), index_text(section_text(s)))
            if s.kind in SEARCHABLE
            else ("", "")
            for s in sections
        ),
        duties=tuple(index_text(duty.text) for duty in extraction.obligations),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessedDocument:
    """What loading a document needs, without the spaCy Doc: it crosses processes.

    A worker returns this to the parent, the one process that writes to the
    database (:func:`pipeline.load.store_document`); the search text is
    analysed in the worker, so the writer only inserts.
    """

    raw: RawDocument
    sections: tuple[Section, ...]
    extraction: Extraction
    search: SearchText

    def section_text(self, section: Section) -> str:
        """The text a section covers."""
        return self.raw.text[section.start : section.end]

    @classmethod
    def of(
        cls, raw: RawDocument, parsed: ParsedDocument, extraction: Extraction
    ) -> ProcessedDocument:
        """The record of a processed document, its search text analysed here."""
        search = analyse(parsed.sections, parsed.section_text, extraction)
        return cls(
            raw=raw, sections=parsed.sections, extraction=extraction, search=search
        )
