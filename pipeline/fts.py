"""Every piece of full-text SQL, for SQLite FTS5: the one dialect-specific module.

:mod:`pipeline.search` builds a database-neutral query tree and portable filter
SQL over ``documents d``; this module renders the tree as an FTS5 expression
and runs the candidate, counting and facet statements (the ranking itself is
:mod:`pipeline.ranking`, the same arithmetic for both engines). PostgreSQL
(tsvector over the same analysed columns, migration 0006) is the second
implementation of :class:`Backend`, with the same tree rendered as a tsquery.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, product
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.orm import Session

from pipeline.query import Alternatives, Clause, Near, Phrase, Query, parse
from pipeline.ranking import Candidate

# NEAR over synonyms expands to an OR of NEAR groups; at most this many.
MAX_NEAR_COMBINATIONS = 16

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

    def candidates(
        self,
        session: Session,
        fts: str,
        where: Where,
        *,
        obligations: bool,
        limit: int,
    ) -> list[Candidate]:
        """The newest ``limit`` matching rows that pass ``where``, newest first."""

    def matching(self, session: Session, fts: str, *, obligations: bool) -> int:
        """Rows matching ``fts`` in the whole archive (for the IDF)."""

    def rows(self, session: Session, *, obligations: bool) -> int:
        """Searchable rows in the whole archive (for the IDF)."""

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

_CLAUSE_CANDIDATES = """
    SELECT c.id, c.document_id, c.search_heading, c.search_text
    FROM clauses_fts
    CROSS JOIN clauses c ON c.id = clauses_fts.rowid
    CROSS JOIN documents d ON d.id = c.document_id
    WHERE clauses_fts MATCH :fts {where}
    ORDER BY clauses_fts.rowid DESC LIMIT :limit"""

_OBLIGATION_CANDIDATES = """
    SELECT o.id, o.document_id, '', o.search_text
    FROM obligations_fts
    CROSS JOIN obligations o ON o.id = obligations_fts.rowid
    CROSS JOIN documents d ON d.id = o.document_id
    WHERE obligations_fts MATCH :fts {where}
    ORDER BY obligations_fts.rowid DESC LIMIT :limit"""


def _fetch_candidates(
    session: Session, template: str, fts: str, where: Where, limit: int
) -> list[Candidate]:
    sql = template.format(where=where.sql)
    rows = session.execute(text(sql), {**where.params, "fts": fts, "limit": limit})
    return [Candidate(int(r[0]), int(r[1]), str(r[2]), str(r[3])) for r in rows]


def _searchable_rows(session: Session, *, obligations: bool) -> int:
    sql = (
        "SELECT count(*) FROM obligations"
        if obligations
        else "SELECT count(*) FROM clauses WHERE searchable"
    )
    return int(session.execute(text(sql)).scalar_one())


class SqliteFts:
    """SQLite FTS5 over the analysed shadow columns (migration 0004)."""

    def render(self, query: Query) -> str:
        """The FTS5 MATCH expression."""
        return render_fts5(query)

    def _from(self, where: Where, *, obligations: bool) -> str:
        template = _OBLIGATION_FROM if obligations else _CLAUSE_FROM
        return template.format(where=where.sql)

    def candidates(
        self,
        session: Session,
        fts: str,
        where: Where,
        *,
        obligations: bool,
        limit: int,
    ) -> list[Candidate]:
        """The newest matches, read from the index in descending row id.

        CROSS JOIN keeps the FTS table as the outer loop, so the scan stops
        after ``limit`` rows that pass the filters.
        """
        template = _OBLIGATION_CANDIDATES if obligations else _CLAUSE_CANDIDATES
        return _fetch_candidates(session, template, fts, where, limit)

    def matching(self, session: Session, fts: str, *, obligations: bool) -> int:
        """Rows of the index that match ``fts``."""
        table = "obligations_fts" if obligations else "clauses_fts"
        sql = f"SELECT count(*) FROM {table} WHERE {table} MATCH :fts"
        return int(session.execute(text(sql), {"fts": fts}).scalar_one())

    def rows(self, session: Session, *, obligations: bool) -> int:
        """Rows in the index."""
        return _searchable_rows(session, obligations=obligations)

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

_PG_CLAUSE_CANDIDATES = (
    "SELECT c.id, c.document_id, c.search_heading, c.search_text"
    + _PG_CLAUSE_FROM
    + " ORDER BY c.id DESC LIMIT :limit"
)

_PG_OBLIGATION_CANDIDATES = (
    "SELECT o.id, o.document_id, '', o.search_text"
    + _PG_OBLIGATION_FROM
    + " ORDER BY o.id DESC LIMIT :limit"
)


class PostgresFts:
    """PostgreSQL full-text search: GIN-indexed tsvectors give the candidates."""

    def render(self, query: Query) -> str:
        """The tsquery text."""
        return render_tsquery(query)

    def _from(self, where: Where, *, obligations: bool) -> str:
        template = _PG_OBLIGATION_FROM if obligations else _PG_CLAUSE_FROM
        return template.format(where=where.sql)

    def candidates(
        self,
        session: Session,
        fts: str,
        where: Where,
        *,
        obligations: bool,
        limit: int,
    ) -> list[Candidate]:
        """The newest matches.

        The planner walks the primary key backwards for common words and
        sorts a GIN bitmap for rare ones.
        """
        template = _PG_OBLIGATION_CANDIDATES if obligations else _PG_CLAUSE_CANDIDATES
        return _fetch_candidates(session, template, fts, where, limit)

    def matching(self, session: Session, fts: str, *, obligations: bool) -> int:
        """Rows whose tsvector matches ``fts``."""
        table = "obligations" if obligations else "clauses"
        sql = (
            f"SELECT count(*) FROM {table}"
            " WHERE search_vector @@ to_tsquery('simple', :fts)"
        )
        return int(session.execute(text(sql), {"fts": fts}).scalar_one())

    def rows(self, session: Session, *, obligations: bool) -> int:
        """Searchable rows."""
        return _searchable_rows(session, obligations=obligations)

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
