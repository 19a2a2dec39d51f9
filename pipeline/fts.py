"""Every piece of full-text SQL, for SQLite FTS5: the one dialect-specific module.

:mod:`pipeline.search` builds a database-neutral query tree and portable filter
SQL over ``documents d``; this module renders the tree as an FTS5 expression
and runs the ranked, counted and faceted statements. PostgreSQL (tsvector over
the same analysed columns, migration 0006) is the second implementation of
:class:`Backend`, with the same query tree rendered as a tsquery.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, product
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.orm import Session

from pipeline.query import Alternatives, Clause, Near, Phrase, Query, parse

# bm25 column weights: a word in an article's heading counts four times.
HEADING_WEIGHT = 4.0
TEXT_WEIGHT = 1.0
# NEAR over synonyms expands to an OR of NEAR groups; at most this many.
MAX_NEAR_COMBINATIONS = 16
# Matches are counted up to this many.
COUNT_CAP = 10_000

Params = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Where:
    """A portable SQL condition over ``documents d`` (and ``o`` for obligations)."""

    sql: str
    params: Params


class Backend(Protocol):
    """What the search needs from a database's full-text engine."""

    def render(self, query: Query) -> str:
        """The engine's own syntax for ``query``."""

    def rank(
        self,
        session: Session,
        fts: str,
        where: Where,
        *,
        obligations: bool,
        window: int,
    ) -> list[tuple[int, float]]:
        """(row id, score) of the best matches, best first; higher is better."""

    def count(
        self, session: Session, fts: str, where: Where, *, obligations: bool
    ) -> tuple[int, int]:
        """(matching rows, matching documents)."""

    def documents_sql(self, fts: str | None, where: Where, *, obligations: bool) -> str:
        """A SELECT of the ids of the matching documents (for facets)."""


def _phrase(phrase: Phrase) -> str:
    # Terms are analysed words ([a-z0-9]+), so quoting cannot be broken.
    return '"' + " ".join(phrase.terms) + '"' + ("*" if phrase.prefix else "")


def _alternatives(unit: Alternatives) -> str:
    rendered = list(dict.fromkeys(_phrase(p) for p in unit.phrases))
    return rendered[0] if len(rendered) == 1 else "(" + " OR ".join(rendered) + ")"


def _near(near: Near) -> str:
    combos = islice(
        product(*(unit.phrases for unit in near.units)), MAX_NEAR_COMBINATIONS
    )
    groups = [
        "NEAR(" + " ".join(map(_phrase, combo)) + f", {near.distance})"
        for combo in combos
    ]
    return groups[0] if len(groups) == 1 else "(" + " OR ".join(groups) + ")"


def _clause(clause: Clause) -> str:
    return _near(clause) if isinstance(clause, Near) else _alternatives(clause)


def render_fts5(query: Query) -> str:
    """The FTS5 MATCH expression of a parsed query (never a syntax error)."""
    groups = []
    for group in query.required:
        parts = [_clause(c) for c in group]
        groups.append(parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")")
    expression = " AND ".join(groups)
    if len(groups) > 1 and query.excluded:
        expression = f"({expression})"
    return expression + "".join(f" NOT {_alternatives(u)}" for u in query.excluded)


def to_fts_query(text_: str) -> str | None:
    """The FTS5 expression for what a user typed, or None if nothing is left."""
    query = parse(text_)
    return None if query.empty else render_fts5(query)


_CLAUSE_FROM = """
    FROM clauses_fts
    JOIN clauses c ON c.id = clauses_fts.rowid
    JOIN documents d ON d.id = c.document_id
    WHERE clauses_fts MATCH :fts {where}"""

_OBLIGATION_FROM = """
    FROM obligations_fts
    JOIN obligations o ON o.id = obligations_fts.rowid
    JOIN documents d ON d.id = o.document_id
    WHERE obligations_fts MATCH :fts {where}"""


class SqliteFts:
    """SQLite FTS5 over the analysed shadow columns (migration 0004)."""

    def render(self, query: Query) -> str:
        """The FTS5 MATCH expression."""
        return render_fts5(query)

    def _from(self, where: Where, *, obligations: bool) -> str:
        template = _OBLIGATION_FROM if obligations else _CLAUSE_FROM
        return template.format(where=where.sql)

    def rank(
        self,
        session: Session,
        fts: str,
        where: Where,
        *,
        obligations: bool,
        window: int,
    ) -> list[tuple[int, float]]:
        """The best ``window`` matches by BM25, best first."""
        if obligations:
            columns = "o.id AS id, bm25(obligations_fts) AS score"
        else:
            columns = (
                "c.id AS id, "
                f"bm25(clauses_fts, {HEADING_WEIGHT}, {TEXT_WEIGHT}) AS score"
            )
        sql = (
            f"SELECT {columns} {self._from(where, obligations=obligations)}"
            " ORDER BY score LIMIT :window"
        )
        rows = session.execute(
            text(sql), {**where.params, "fts": fts, "window": window}
        )
        # FTS5's bm25 is lower-is-better; the search works with higher-is-better.
        return [(row.id, -float(row.score)) for row in rows]

    def count(
        self, session: Session, fts: str, where: Where, *, obligations: bool
    ) -> tuple[int, int]:
        """Matching rows and matching documents."""
        unit = "o" if obligations else "c"
        # Counting stops at COUNT_CAP: past it the page says "10000+", and a
        # very common word does not pay for a second full scan.
        sql = (
            "SELECT count(*) AS n, count(DISTINCT document_id) AS docs FROM ("
            f"SELECT {unit}.document_id AS document_id"
            f" {self._from(where, obligations=obligations)} LIMIT {COUNT_CAP})"
        )
        row = session.execute(text(sql), {**where.params, "fts": fts}).one()
        return int(row.n), int(row.docs)

    def documents_sql(self, fts: str | None, where: Where, *, obligations: bool) -> str:
        """Ids of the matching documents; every document if ``fts`` is None."""
        if fts is None and obligations:
            return (
                "SELECT DISTINCT o.document_id FROM obligations o"
                f" JOIN documents d ON d.id = o.document_id WHERE 1 = 1 {where.sql}"
            )
        if fts is None:
            return f"SELECT d.id FROM documents d WHERE 1 = 1 {where.sql}"
        unit = "o" if obligations else "c"
        return (
            f"SELECT DISTINCT {unit}.document_id"
            f" {self._from(where, obligations=obligations)}"
        )

    @staticmethod
    def year(column: str) -> str:
        """SQL for the year of a date column, as text."""
        return f"substr({column}, 1, 4)"


# --- PostgreSQL: tsvector columns over the same analysed text (migration 0006) ---

# NEAR/n becomes an OR of exact distances <1>..<n+1> in both orders while that
# stays small; beyond it (or for three words and more) NEAR falls back to AND.
MAX_TS_NEAR_DISTANCE = 30
# ts_rank_cd weights {D, C, B, A}: the heading (A) counts four times the text (B).
TS_WEIGHTS = "{0, 0, %g, 1}" % (TEXT_WEIGHT / HEADING_WEIGHT)
# ts_rank_cd normalisation 1: divide by 1 + log(length), as bm25 damps long rows.
TS_NORMALISATION = 1


def _ts_phrase(phrase: Phrase) -> str:
    # Terms are analysed words ([a-z0-9]+), so quoting cannot be broken.
    terms = [f"'{term}'" for term in phrase.terms]
    if phrase.prefix:
        terms[-1] += ":*"
    return terms[0] if len(terms) == 1 else "(" + " <-> ".join(terms) + ")"


def _ts_alternatives(unit: Alternatives) -> str:
    rendered = list(dict.fromkeys(_ts_phrase(p) for p in unit.phrases))
    return rendered[0] if len(rendered) == 1 else "(" + " | ".join(rendered) + ")"


def _ts_near(near: Near) -> str:
    units = [_ts_alternatives(unit) for unit in near.units]
    if len(units) != 2 or near.distance >= MAX_TS_NEAR_DISTANCE:
        return "(" + " & ".join(units) + ")"
    left, right = units
    options = [
        f"{first} <{gap}> {second}"
        for gap in range(1, near.distance + 2)
        for first, second in ((left, right), (right, left))
    ]
    return "(" + " | ".join(options) + ")"


def render_tsquery(query: Query) -> str:
    """The ``to_tsquery('simple', ...)`` text of a parsed query (never an error)."""
    groups = []
    for group in query.required:
        parts = [
            _ts_near(c) if isinstance(c, Near) else _ts_alternatives(c) for c in group
        ]
        groups.append(parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")")
    expression = " & ".join(groups)
    if len(groups) > 1 and query.excluded:
        expression = f"({expression})"
    return expression + "".join(f" & !{_ts_alternatives(u)}" for u in query.excluded)


_PG_CLAUSE_FROM = """
    FROM clauses c
    JOIN documents d ON d.id = c.document_id
    WHERE c.search_vector @@ to_tsquery('simple', :fts) {where}"""

_PG_OBLIGATION_FROM = """
    FROM obligations o
    JOIN documents d ON d.id = o.document_id
    WHERE o.search_vector @@ to_tsquery('simple', :fts) {where}"""


class PostgresFts:
    """PostgreSQL full-text search: GIN-indexed tsvectors, ranked by ts_rank_cd."""

    def render(self, query: Query) -> str:
        """The tsquery text."""
        return render_tsquery(query)

    def _from(self, where: Where, *, obligations: bool) -> str:
        template = _PG_OBLIGATION_FROM if obligations else _PG_CLAUSE_FROM
        return template.format(where=where.sql)

    def rank(
        self,
        session: Session,
        fts: str,
        where: Where,
        *,
        obligations: bool,
        window: int,
    ) -> list[tuple[int, float]]:
        """The best ``window`` matches by cover density, best first."""
        unit = "o" if obligations else "c"
        score = (
            f"ts_rank_cd(CAST(:weights AS float4[]), {unit}.search_vector,"
            f" to_tsquery('simple', :fts), {TS_NORMALISATION})"
        )
        sql = (
            f"SELECT {unit}.id AS id, {score} AS score"
            f" {self._from(where, obligations=obligations)}"
            f" ORDER BY score DESC, {unit}.id LIMIT :window"
        )
        params = {**where.params, "fts": fts, "window": window, "weights": TS_WEIGHTS}
        rows = session.execute(text(sql), params)
        return [(row.id, float(row.score)) for row in rows]

    def count(
        self, session: Session, fts: str, where: Where, *, obligations: bool
    ) -> tuple[int, int]:
        """Matching rows and matching documents (rows counted up to COUNT_CAP)."""
        unit = "o" if obligations else "c"
        sql = (
            "SELECT count(*) AS n, count(DISTINCT document_id) AS docs FROM ("
            f"SELECT {unit}.document_id AS document_id"
            f" {self._from(where, obligations=obligations)} LIMIT {COUNT_CAP})"
            " AS matched"
        )
        row = session.execute(text(sql), {**where.params, "fts": fts}).one()
        return int(row.n), int(row.docs)

    def documents_sql(self, fts: str | None, where: Where, *, obligations: bool) -> str:
        """Ids of the matching documents; every document if ``fts`` is None."""
        if fts is None:
            return SqliteFts().documents_sql(None, where, obligations=obligations)
        unit = "o" if obligations else "c"
        return (
            f"SELECT DISTINCT {unit}.document_id"
            f" {self._from(where, obligations=obligations)}"
        )

    @staticmethod
    def year(column: str) -> str:
        """SQL for the year of a date column, as text."""
        return f"to_char({column}, 'YYYY')"


def backend_for(session: Session) -> SqliteFts | PostgresFts:
    """The full-text backend of the session's database.

    Raises:
        ValueError: The database has no full-text backend (neither SQLite
            nor PostgreSQL).
    """
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return PostgresFts()
    if name != "sqlite":
        raise ValueError(f"full-text search is not available on {name}")
    return SqliteFts()
