"""Indonesian text analysis for search: one pure function at index and query time.

``fold`` -> ``tokenize`` -> stem (Sastrawi, with the exceptions of
``patterns/search_stems.tsv``) -> one-word synonyms mapped to one canonical term
(``patterns/search_synonyms.tsv`` plus the acronyms of ``patterns/orgs.tsv``).

The analysed text of a clause is stored beside the clause and indexed by the
database's full-text engine with a plain tokenizer, so SQLite FTS5 and
PostgreSQL (``to_tsvector('simple', ...)``) see the same terms. Synonyms of
several words (``PKS ~ perjanjian kerja sama``) are not written into the index,
where they would shift word positions and break phrase queries; the query side
expands them instead (:meth:`Analyser.alternatives`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product
from pathlib import Path

from extractors.orgs import Kind, gazetteer

PATTERNS = Path(__file__).parent / "patterns"
STEMS_PATH = PATTERNS / "search_stems.tsv"
SYNONYMS_PATH = PATTERNS / "search_synonyms.tsv"

# Letters and digits; everything else (punctuation, "_", "-") separates words,
# so "perundang-undangan" is two words and "38.101" is "38" "101".
_WORD = re.compile(r"[^\W_]+")
# The stemmer leaves short words alone anyway; skipping it is faster.
_MIN_STEM_LENGTH = 4
# Longer "words" are codes or noise; stemming them is slow and pointless.
_MAX_STEM_LENGTH = 30
# Printed words whose term is remembered; an archive's vocabulary fits.
_TERM_CACHE_SIZE = 200_000
# A phrase with synonyms inside expands to at most this many alternatives.
MAX_ALTERNATIVES = 8

Terms = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Token:
    """One analysed word: its index term and where it was printed."""

    term: str
    start: int
    end: int


def fold(word: str) -> str:
    """Lower case without accents: ``Café`` -> ``cafe``, ``ANDRÉ`` -> ``andre``."""
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold()


def words(text: str) -> Iterator[tuple[str, int, int]]:
    """The words of ``text`` with their offsets, as printed."""
    for match in _WORD.finditer(text):
        yield match.group(), match.start(), match.end()


@cache
def _sastrawi() -> object:
    # Imported lazily: building the stemmer reads a 30,000-word dictionary.
    from Sastrawi.Stemmer.StemmerFactory import (  # type: ignore[import-untyped]
        StemmerFactory,
    )

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def sastrawi_stem(word: str) -> str:
    """Sastrawi's stem of one folded word (cached: archives repeat their words)."""
    stem: str = _sastrawi().stem(word)  # type: ignore[attr-defined]
    return stem or word


def _data_lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if line and not line.startswith("#"):
                yield number, line


def read_stem_exceptions(path: Path = STEMS_PATH) -> dict[str, str]:
    """The stem exception file: folded word -> stem (itself for ``=``).

    Raises:
        ValueError: A line does not have two tab-separated columns.
    """
    exceptions: dict[str, str] = {}
    for number, line in _data_lines(path):
        columns = line.split("\t")
        if len(columns) != 2 or not columns[0].strip() or not columns[1].strip():
            raise ValueError(f"{path.name}:{number}: bad line {line!r}")
        word, stem = fold(columns[0].strip()), columns[1].strip()
        exceptions[word] = word if stem == "=" else fold(stem)
    return exceptions


def read_synonym_groups(path: Path = SYNONYMS_PATH) -> list[list[str]]:
    """The synonym file: one list of printed forms per group."""
    groups = []
    for _number, line in _data_lines(path):
        forms = [form.strip() for form in line.split("|") if form.strip()]
        if len(forms) > 1:
            groups.append(forms)
    return groups


def gazetteer_groups() -> list[list[str]]:
    """Acronyms and their long forms from the organisation gazetteer.

    Forms that share a long form are one group (``Pemko``, ``Pemkot``), and a
    one-word long form comes first so that it is the canonical term
    (``Kab.`` is indexed as ``kabupaten``).
    """
    by_expansion: dict[str, list[str]] = {}
    for entry in gazetteer().entries:
        if entry.kind not in (Kind.ORG, Kind.WORD) or entry.expansion in ("-", ""):
            continue
        forms = by_expansion.setdefault(entry.expansion, [entry.expansion])
        forms.append(entry.form)
    return [
        sorted(forms, key=lambda form: " " in form)
        for forms in by_expansion.values()
        if len(forms) > 1
    ]


class Analyser:
    """Turns text into index terms; the same rules for documents and queries."""

    def __init__(
        self,
        *,
        exceptions: dict[str, str],
        groups: Iterable[list[str]],
        protected: Iterable[str] = (),
    ) -> None:
        """Build the analyser.

        Args:
            exceptions: Folded word -> stem, applied before the stemmer.
            groups: Synonym groups of printed forms.
            protected: Words never stemmed (acronyms: ``Pemkab`` is no verb).
        """
        self._exceptions = dict(exceptions)
        self._terms: dict[str, str] = {}  # printed word -> term
        for word in protected:
            self._exceptions.setdefault(fold(word), fold(word))
        self._canonical: dict[str, str] = {}
        # Multi-word alternatives: a term sequence -> every sequence of its group.
        self._expansions: dict[Terms, tuple[Terms, ...]] = {}
        for forms in groups:
            self._add_group(forms)
        self._longest = max((len(key) for key in self._expansions), default=1)

    def _stem(self, folded: str) -> str:
        if folded in self._exceptions:
            return self._exceptions[folded]
        if not _MIN_STEM_LENGTH <= len(folded) <= _MAX_STEM_LENGTH:
            return folded
        if not folded.isalpha():
            return folded
        return sastrawi_stem(folded)

    def _add_group(self, forms: list[str]) -> None:
        sequences = [s for s in map(self._form_terms, forms) if s]
        singles = [s[0] for s in sequences if len(s) == 1]
        canonical = singles[0] if singles else None
        for single in singles:
            self._canonical.setdefault(single, canonical or single)
        mapped = {tuple(self._canonical.get(t, t) for t in s) for s in sequences}
        alternatives = tuple(sorted(mapped, key=lambda s: (len(s), s)))
        if len(alternatives) > 1:
            for sequence in mapped:
                self._expansions.setdefault(sequence, alternatives)

    def _form_terms(self, form: str) -> Terms:
        return tuple(self._stem(fold(word)) for word, _start, _end in words(form))

    def term(self, word: str) -> str:
        """The index term of one printed word (remembered: archives repeat words)."""
        found = self._terms.get(word)
        if found is None:
            if len(self._terms) >= _TERM_CACHE_SIZE:
                self._terms.clear()
            stem = self._stem(fold(word))
            found = self._terms[word] = self._canonical.get(stem, stem)
        return found

    def tokens(self, text: str) -> list[Token]:
        """Every word of ``text`` as an index term with its printed offsets."""
        return [Token(self.term(w), start, end) for w, start, end in words(text)]

    def index_text(self, text: str) -> str:
        """The analysed text stored for the full-text index."""
        return " ".join(map(self.term, _WORD.findall(text)))

    def segment(self, terms: Terms) -> list[Terms]:
        """Split a run of words into synonyms of several words and single words."""
        pieces: list[Terms] = []
        index = 0
        while index < len(terms):
            size = self._match_at(terms, index)
            pieces.append(terms[index : index + size])
            index += size
        return pieces

    def _match_at(self, terms: Terms, index: int) -> int:
        """Length of the longest multi-word synonym at ``index``, else 1."""
        for size in range(min(self._longest, len(terms) - index), 1, -1):
            if terms[index : index + size] in self._expansions:
                return size
        return 1

    def alternatives(self, terms: Terms) -> tuple[Terms, ...]:
        """The term sequences a query sequence also means, itself first.

        Synonyms of several words are replaced left to right, longest first:
        ``(janji, kerja, sama, ini)`` -> ``(janji kerja sama ini)``, ``(pks ini)``.
        At most :data:`MAX_ALTERNATIVES` are returned.
        """
        parts = [self._expansions.get(piece, (piece,)) for piece in self.segment(terms)]
        combos: list[Terms] = [terms]
        for combo in product(*parts):
            joined = tuple(t for part in combo for t in part)
            if joined not in combos:
                combos.append(joined)
            if len(combos) >= MAX_ALTERNATIVES:
                break
        return tuple(combos)


@cache
def analyser() -> Analyser:
    """The shipped analyser, built once per process."""
    org_forms = [
        entry.form
        for entry in gazetteer().entries
        if entry.kind in (Kind.ORG, Kind.WORD) and " " not in entry.form
    ]
    return Analyser(
        exceptions=read_stem_exceptions(),
        groups=[*read_synonym_groups(), *gazetteer_groups()],
        protected=org_forms,
    )


def index_text(text: str) -> str:
    """The analysed form of ``text`` that the full-text index stores."""
    return analyser().index_text(text)
