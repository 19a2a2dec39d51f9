"""BM25 over the analysed text of a bounded set of candidates, on every backend.

A search asks the database only for *candidates*: the newest matching rows
that pass the filters, at most :data:`CANDIDATES` of them, fetched in row-id
order so that the engine can stop early however common the words are. They
are then scored here, in Python, with BM25 over the same analysed columns the
index holds. Two things follow:

- the cost of a query is bounded by the window, not by the number of matches
  (FTS5's ``bm25()`` and PostgreSQL's ``ts_rank_cd`` both visit every match,
  which is over a second for a common word in a million clauses);
- SQLite and PostgreSQL rank the same candidates with the same arithmetic, so
  they return the same results in the same order.

The price is stated to the user: when more rows match than the window holds,
the ranking covers the newest :data:`CANDIDATES` of them and the result says
so (``capped``); adding a word or a filter narrows it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.query import Alternatives, Near, Phrase, Query

# Matching rows ranked per query; past this the newest are ranked.
CANDIDATES = 1000
# BM25's usual constants; a word in a heading counts four times (as before).
K1 = 1.2
B = 0.75
HEADING_WEIGHT = 4.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """A matching row with its analysed text (space-separated terms)."""

    id: int
    document_id: int
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class Statistics:
    """What the IDF needs: searchable rows, and rows matching each unit."""

    rows: int
    frequencies: dict[Alternatives, int]


def scored_units(query: Query) -> list[Alternatives]:
    """The units a row is scored on: every alternative set, NEAR's parts included."""
    found: dict[Alternatives, None] = {}
    for group in query.required:
        for clause in group:
            for unit in clause.units if isinstance(clause, Near) else (clause,):
                found.setdefault(unit)
    return list(found)


def unit_query(unit: Alternatives) -> Query:
    """A query for one unit alone (to count the rows it matches)."""
    return Query(required=((unit,),))


@lru_cache(maxsize=1024)
def _prefix_pattern(phrase: Phrase) -> re.Pattern[str]:
    head = re.escape("  ".join(phrase.terms))
    return re.compile(r"(?<= )" + head + r"[a-z0-9]*(?= )")


def _pad(text: str) -> str:
    # Every term between two spaces of its own, so that str.count finds
    # " latih " twice in "latih latih" (adjacent matches would share a space).
    return " " + text.replace(" ", "  ") + " "


def occurrences(text: str, phrase: Phrase) -> int:
    """How often ``phrase`` occurs in analysed ``text``."""
    return _Unit(Alternatives((phrase,))).count(_pad(text))


class _Unit:
    """Counts a unit's phrases in padded text at C speed."""

    def __init__(self, unit: Alternatives) -> None:
        self.needles = [
            " " + "  ".join(p.terms) + " " for p in unit.phrases if not p.prefix
        ]
        self.patterns = [_prefix_pattern(p) for p in unit.phrases if p.prefix]

    def count(self, padded: str) -> int:
        found = sum(padded.count(needle) for needle in self.needles)
        return found + sum(len(p.findall(padded)) for p in self.patterns)


def idf(rows: int, matching: int) -> float:
    """Inverse document frequency, never negative (Lucene's form)."""
    return math.log(1 + (rows - matching + 0.5) / (matching + 0.5))


def rank(
    candidates: Sequence[Candidate],
    units: Sequence[Alternatives],
    statistics: Statistics,
) -> list[tuple[int, float]]:
    """(row id, score) of every candidate, best first; ties: newest first.

    Newest by document id, which is reserved in discovery order: row ids follow
    the order in which workers wrote, which differs from one ingest to another
    (only a document's own rows are sure to be numbered in order).
    """
    if not candidates:
        return []
    counters = [_Unit(unit) for unit in units]
    weights = [
        idf(statistics.rows, statistics.frequencies[unit])
        if unit in statistics.frequencies
        else 1.0
        for unit in units
    ]
    padded = [(_pad(c.heading), _pad(c.text)) for c in candidates]
    lengths = [_words(c.heading) + _words(c.text) for c in candidates]
    average = max(1.0, sum(lengths) / len(lengths))
    scored = []
    for candidate, (heading, body), length in zip(
        candidates, padded, lengths, strict=True
    ):
        norm = K1 * (1 - B + B * length / average)
        score = 0.0
        for counter, weight in zip(counters, weights, strict=True):
            tf = HEADING_WEIGHT * counter.count(heading) + counter.count(body)
            score += weight * tf * (K1 + 1) / (tf + norm)
        scored.append((candidate, score))
    scored.sort(key=lambda pair: (-pair[1], -pair[0].document_id, -pair[0].id))
    return [(candidate.id, score) for candidate, score in scored]


def _words(text: str) -> int:
    return text.count(" ") + 1 if text else 0


# --- Statistics cache ------------------------------------------------------------

# Keyed by (database, table, newest row id): any ingest changes the newest id,
# so the figures are recomputed; between ingests they cost nothing.
_CACHE: dict[tuple[str, str, int], dict[object, int]] = {}
_CACHE_LIMIT = 8  # database states
_UNITS_LIMIT = 50_000  # units per state (a long-lived web server)


def statistics(
    key: tuple[str, str, int],
    units: Iterable[Alternatives],
    *,
    count_rows: Callable[[], int],
    count_matching: Callable[[Alternatives], int],
) -> Statistics:
    """Row count and per-unit match counts, computed once per database state."""
    cached = _CACHE.get(key)
    if cached is None or len(cached) > _UNITS_LIMIT:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        cached = _CACHE[key] = {}
    if "rows" not in cached:
        cached["rows"] = count_rows()
    frequencies = {}
    for unit in units:
        if unit not in cached:
            cached[unit] = count_matching(unit)
        frequencies[unit] = cached[unit]
    return Statistics(rows=cached["rows"], frequencies=frequencies)
