"""Stage: RawDocument -> ParsedDocument (spaCy Doc of the whole text + structure)."""

from __future__ import annotations

from spacy.language import Language

from extractors.context import ParsedDocument
from extractors.nlp import prime_tokenizer
from extractors.structure import segment_agreement, segment_news
from schemas.records import MediaType, RawDocument


def segment(raw: RawDocument, nlp: Language) -> ParsedDocument:
    """Tokenise the text once and split it into preamble, articles and signature.

    A web page is a news report and is split into paragraphs instead.
    """
    prime_tokenizer(nlp, raw.text)  # same tokens, mostly from spaCy's cache
    parsed = ParsedDocument(
        text=raw.text,
        doc=nlp(raw.text),
        sections=(),
        pages=raw.pages,
        media_type=raw.source.media_type or MediaType.TEXT,
        meta_title=raw.meta_title,
        published=raw.published,
    )
    split = segment_news if parsed.is_news else segment_agreement
    return ParsedDocument(
        text=raw.text,
        doc=parsed.doc,
        sections=split(raw.text, parsed.page_of),
        pages=parsed.pages,
        media_type=parsed.media_type,
        meta_title=parsed.meta_title,
        published=parsed.published,
    )
