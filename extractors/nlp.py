"""Build the spaCy pipeline shared by every extractor: Indonesian, rules as data."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import spacy
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
    nlp = spacy.blank("id")
    ruler = nlp.add_pipe(
        "entity_ruler",
        config={"phrase_matcher_attr": "LOWER", "validate": True},
    )
    ruler.add_patterns(load_patterns(patterns_dir))  # type: ignore[attr-defined]
    return nlp


@cache
def shared_nlp() -> Language:
    """One pipeline per process: building it costs seconds, so it is built once."""
    return build_nlp()
