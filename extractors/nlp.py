"""Build the spaCy pipeline shared by every extractor: Indonesian, rules as data."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

PATTERNS_DIR = Path(__file__).parent / "patterns"


def load_patterns(directory: Path = PATTERNS_DIR) -> list[dict[str, Any]]:
    """Every entity-ruler pattern in ``directory/*.jsonl``, in file order."""
    patterns: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            patterns.extend(json.loads(line) for line in lines if line.strip())
    return patterns


def build_nlp(patterns_dir: Path = PATTERNS_DIR) -> Language:
    """A blank Indonesian pipeline with an entity ruler over our pattern files.

    Stop words are never filtered: spaCy's Indonesian list holds ``pihak``,
    ``pertama`` and ``kedua``, which carry party roles.
    """
    # Imported here: spaCy takes most of a second to import, and processes
    # that only search or write (the CLI, the ingest parent) never need it.
    import spacy

    nlp = spacy.blank("id")
    ruler = nlp.add_pipe(
        "entity_ruler",
        config={"phrase_matcher_attr": "LOWER", "validate": True},
    )
    ruler.add_patterns(load_patterns(patterns_dir))  # type: ignore[attr-defined]
    return nlp


# Whitespace-delimited chunks already handed to each tokenizer by
# :func:`prime_tokenizer`, keyed by ``id(tokenizer)``.
_PRIMED: dict[int, set[str]] = {}


def prime_tokenizer(nlp: Language, text: str) -> None:
    """Fill the tokenizer's cache with the chunks of ``text`` it has not seen.

    spaCy caches the tokens of each whitespace-delimited chunk, but stops
    caching for the rest of a text after the first chunk that hits a special
    case (``a.``, ``No.``): a whole agreement is then split by the slow prefix,
    suffix and infix regexes, token by token, every time. Tokenizing each new
    chunk on its own caches every chunk that is not special itself, so the
    document's tokenization that follows mostly reads the cache. The tokens are
    the same: a chunk is tokenized independently of its neighbours, and a chunk
    with a special case is still never cached.

    Args:
        nlp: The pipeline whose tokenizer is primed.
        text: The text about to be tokenized.
    """
    tokenizer = nlp.tokenizer
    seen = _PRIMED.setdefault(id(tokenizer), set())
    limit = getattr(tokenizer, "max_cache_size", 0)
    if len(seen) >= limit:
        return  # the cache is full: spaCy adds nothing more to it
    for chunk in set(text.split()) - seen:
        tokenizer(chunk)
        seen.add(chunk)


@cache
def shared_nlp() -> Language:
    """One pipeline per process: building it costs seconds, so it is built once."""
    return build_nlp()
