"""The query language legal staff type, parsed into a database-neutral tree.

``wajib menyediakan`` (every word), ``"exact phrase"``, ``lapas OR rutan``,
``-narkotika`` (exclude), ``pelatih*`` (prefix), ``instruktur NEAR sertifikat``
and ``NEAR/5`` (within 5 words). Every word goes through the same analyser as
the index (:mod:`extractors.analysis`), so ``wajib`` finds ``berkewajiban``.

Any input parses: punctuation only separates words, and misplaced operators
are searched as plain words with a one-line hint. The tree is rendered into
FTS5 or tsquery syntax by :mod:`pipeline.fts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.analysis import Analyser, Terms, analyser, fold, words

MAX_QUERY_CHARS = 1000
MAX_TERMS = 24
MAX_EXCLUDED = 12
DEFAULT_NEAR = 10
MAX_NEAR = 100

# Function words dropped from a query of several words, never inside a
# phrase. The index keeps them, so "exact phrases" still match.
STOP_WORDS = frozenset(
    "yang dan di ke dari untuk dengan atau ini itu pada dalam oleh bagi "
    "serta sebagai adalah akan telah".split()
)

_LEXEME = re.compile(
    r"""(?P<neg>-)?"(?P<phrase>[^"]*)(?P<close>")?"""  # "phrase", maybe unclosed
    r"""|(?P<near>NEAR(?:/(?P<distance>\d{1,6}))?)(?=\s|$)"""
    r"""|(?P<op>OR|AND|NOT)(?=\s|$)"""
    r"""|(?P<neg2>-)?(?P<word>[^\s"]+)"""
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words in this order; with ``prefix`` the last one is a prefix."""

    terms: Terms
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Alternatives:
    """Any one of these phrases (synonyms, or a prefix before and after stemming)."""

    phrases: tuple[Phrase, ...]


@dataclass(frozen=True, slots=True)
class Near:
    """Every unit, each within ``distance`` words of the next."""

    units: tuple[Alternatives, ...]
    distance: int


Clause = Alternatives | Near


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: every group must match (a group is an OR of clauses)."""

    required: tuple[tuple[Clause, ...], ...] = ()
    excluded: tuple[Alternatives, ...] = ()
    hints: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when there is nothing to search for."""
        return not self.required

    def phrases(self) -> list[Phrase]:
        """Every phrase that counts as a match: what snippets highlight."""
        found: list[Phrase] = []
        for group in self.required:
            for clause in group:
                units = clause.units if isinstance(clause, Near) else (clause,)
                for unit in units:
                    found.extend(unit.phrases)
        return found

    def any_of(self) -> Query:
        """The same query with OR between its groups (a fallback for no results)."""
        merged = tuple(clause for group in self.required for clause in group)
        return Query(required=(merged,), excluded=self.excluded, hints=self.hints)


@dataclass(slots=True)
class _Unit:
    """A term as typed, before operators are applied."""

    terms: Terms
    negated: bool = False
    quoted: bool = False
    prefix: bool = False


@dataclass(slots=True)
class _Parser:
    analyser: Analyser
    hints: list[str] = field(default_factory=list)

    def hint(self, message: str) -> None:
        if message not in self.hints:
            self.hints.append(message)

    def lex(self, text: str) -> list[_Unit | str]:
        """Units and operators (``OR``, ``NOT``, ``NEAR/n``) in order."""
        items: list[_Unit | str] = []
        for match in _LEXEME.finditer(text):
            if match.group("near"):
                items.append(f"NEAR/{match.group('distance') or DEFAULT_NEAR}")
            elif match.group("op"):
                items.append(match.group("op"))
            elif match.group("phrase") is not None:
                if match.group("close") is None:
                    self.hint("a quote is not closed: its words are searched as words")
                    items.extend(self._words(match.group("phrase"), negated=False))
                    continue
                terms = self._terms(match.group("phrase"))
                if terms:
                    items.append(_Unit(terms, bool(match.group("neg")), quoted=True))
            else:
                items.extend(
                    self._words(match.group("word"), bool(match.group("neg2")))
                )
        return items

    def _terms(self, text: str) -> Terms:
        return tuple(self.analyser.term(word) for word, _start, _end in words(text))

    def _words(self, chunk: str, negated: bool) -> list[_Unit | str]:
        prefix = chunk.endswith("*")
        terms = self._terms(chunk)
        if not terms:
            return []
        if prefix:
            # The prefix as typed and its stem: "pelatih*" finds "latih" too.
            raw = chunk.rstrip("*").rsplit(None, 1)[-1]
            last = [w for w, _s, _e in words(raw)]
            if last:
                terms = (*terms[:-1], fold(last[-1]))
        return [_Unit(terms, negated, quoted=len(terms) > 1, prefix=prefix)]

    def alternatives(self, unit: _Unit) -> Alternatives:
        if unit.prefix:
            stemmed = (*unit.terms[:-1], self.analyser.term(unit.terms[-1]))
            options = dict.fromkeys([unit.terms, stemmed])
            return Alternatives(tuple(Phrase(t, prefix=True) for t in options))
        options_terms = self.analyser.alternatives(unit.terms)
        return Alternatives(tuple(Phrase(t) for t in options_terms))


def _near_distance(operator: str) -> int:
    return min(int(operator.split("/")[1]), MAX_NEAR)


def _merge_bare_words(parser: _Parser, items: list[_Unit | str]) -> list[_Unit | str]:
    """Join runs of plain words that form a synonym of several words.

    ``perjanjian kerja sama`` typed without quotes becomes one unit, so that it
    also finds ``PKS``; the other words stay separate units.
    """
    merged: list[_Unit | str] = []
    run: list[str] = []

    def flush() -> None:
        merged.extend(_Unit(piece) for piece in parser.analyser.segment(tuple(run)))
        run.clear()

    for item in items:
        if isinstance(item, _Unit) and _plain(item) and len(item.terms) == 1:
            run.append(item.terms[0])
            continue
        flush()
        merged.append(item)
    flush()
    return merged


def _plain(unit: _Unit) -> bool:
    return not (unit.negated or unit.quoted or unit.prefix)


def parse(text: str, *, analyser_: Analyser | None = None) -> Query:
    """Parse what a user typed; never raises.

    Args:
        text: The query as typed.
        analyser_: The analyser (default: the shipped one).

    Returns:
        The query tree, with hints for anything that was read differently.
    """
    parser = _Parser(analyser_ or analyser())
    if len(text) > MAX_QUERY_CHARS:
        parser.hint(f"the query was cut to {MAX_QUERY_CHARS} characters")
        text = text[:MAX_QUERY_CHARS]
    items = _merge_bare_words(parser, parser.lex(text))
    groups, excluded = _apply_operators(parser, items)
    groups = _drop_stop_words(groups)
    if len(groups) > MAX_TERMS:
        parser.hint(f"only the first {MAX_TERMS} terms are searched")
        groups = groups[:MAX_TERMS]
    if len(excluded) > MAX_EXCLUDED:
        parser.hint(f"only the first {MAX_EXCLUDED} exclusions are applied")
        excluded = excluded[:MAX_EXCLUDED]
    if not groups and excluded:
        parser.hint("add a word to search for: -word only excludes")
    return Query(
        required=tuple(tuple(g) for g in groups) if groups else (),
        excluded=tuple(excluded),
        hints=tuple(parser.hints),
    )


def _apply_operators(
    parser: _Parser, items: list[_Unit | str]
) -> tuple[list[list[Clause]], list[Alternatives]]:
    groups: list[list[Clause]] = []
    excluded: list[Alternatives] = []
    pending: str | None = None  # an operator waiting for its right-hand term
    for index, item in enumerate(items):
        if isinstance(item, str):
            pending = _operator(parser, item, pending, bool(groups), items, index)
            continue
        if pending == "NOT":
            item.negated, pending = True, None
        if item.negated:
            if pending:
                parser.hint(f"{pending.split('/')[0]} cannot join an excluded word")
                pending = None
            excluded.append(parser.alternatives(item))
            continue
        unit = parser.alternatives(item)
        if pending == "OR":
            groups[-1].append(unit)
        elif pending and pending.startswith("NEAR"):
            groups[-1][-1] = _near(groups[-1][-1], unit, _near_distance(pending))
        else:
            groups.append([unit])
        pending = None
    if pending and pending != "NOT":
        parser.hint(f"{pending.split('/')[0]} needs a word on each side")
    return groups, excluded


def _operator(
    parser: _Parser,
    operator: str,
    pending: str | None,
    has_left: bool,
    items: list[_Unit | str],
    index: int,
) -> str | None:
    if operator == "AND":
        return pending  # every word must match anyway
    if operator == "NOT":
        return "NOT"
    if pending or not has_left or index + 1 >= len(items):
        parser.hint(f"{operator.split('/')[0]} needs a word on each side")
        return None
    return operator


def _near(left: Clause, right: Alternatives, distance: int) -> Near:
    if isinstance(left, Near):
        return Near((*left.units, right), min(left.distance, distance))
    return Near((left, right), distance)


def _drop_stop_words(groups: list[list[Clause]]) -> list[list[Clause]]:
    def is_stop(group: list[Clause]) -> bool:
        if len(group) != 1 or not isinstance(group[0], Alternatives):
            return False
        phrases = group[0].phrases
        return all(
            len(p.terms) == 1 and not p.prefix and p.terms[0] in STOP_WORDS
            for p in phrases
        )

    kept = [group for group in groups if not is_stop(group)]
    return kept or groups
