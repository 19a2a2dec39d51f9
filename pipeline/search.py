"""Clause search: the user's query made safe for FTS5, ranked by BM25."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

# Markers around matched words in snippets; the CLI and the web page render them.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"

# A "phrase", or a whitespace-delimited chunk; either may be negated with "-".
_TOKEN = re.compile(
    r'(?P<neg>-)?"(?P<phrase>[^"]*)"|(?P<neg2>-)?(?P<word>[^\s"*]+)(?P<star>\*)?'
)


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """One matching clause and the document it belongs to."""

    document_id: int
    clause_id: int
    ref: str
    heading: str
    kind: str
    page: int
    title: str | None
    doc_type: str | None
    path: str | None
    snippet: str
    score: float


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def to_fts_query(query: str) -> str | None:
    """Translate a user query into FTS5 syntax that can never be a syntax error.

    Words and ``"phrases"`` must all match; ``OR`` between two terms makes an
    alternative; ``-word`` excludes; ``pelatih*`` is a prefix. Every term is
    quoted, so punctuation (``PT.``, ``Pasal 1(a)``, ``AND(``) is harmless.
    Returns None when nothing searchable is left.
    """
    positive: list[str] = []
    negative: list[str] = []
    pending_or = False
    for match in _TOKEN.finditer(query[:2000]):
        if match.group("word") == "OR" and positive:
            pending_or = True
            continue
        body = (
            match.group("phrase")
            if match.group("phrase") is not None
            else match.group("word")
        )
        words = re.findall(r"\w+", body or "")
        if not words:
            continue
        term = _quote(" ".join(words)) + ("*" if match.group("star") else "")
        if match.group("neg") or match.group("neg2"):
            negative.append(term)
        elif pending_or:
            positive[-1] = f"({positive[-1]} OR {term})"
            pending_or = False
        else:
            positive.append(term)
    if not positive:
        return None
    fts = " AND ".join(positive)
    return fts + "".join(f" NOT {term}" for term in negative)


_SQLITE_SEARCH = text(
    f"""
    SELECT c.id AS clause_id, c.document_id, c.ref, c.heading, c.kind, c.page,
           d.title, d.doc_type,
           (SELECT p.path FROM document_paths p WHERE p.document_id = d.id
             ORDER BY p.id LIMIT 1) AS path,
           snippet(clauses_fts, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16)
             AS snippet,
           bm25(clauses_fts, 5.0, 1.0) AS score
    FROM clauses_fts
    JOIN clauses c ON c.id = clauses_fts.rowid
    JOIN documents d ON d.id = c.document_id
    WHERE clauses_fts MATCH :query
    ORDER BY score
    LIMIT :limit OFFSET :offset
    """
)


def search_clauses(
    session: Session, query: str, *, limit: int = 20, offset: int = 0
) -> list[SearchHit]:
    """The clauses that match ``query``, best first."""
    fts = to_fts_query(query)
    if fts is None:
        return []
    rows = session.execute(
        _SQLITE_SEARCH, {"query": fts, "limit": limit, "offset": offset}
    ).mappings()
    return [
        SearchHit(
            document_id=row["document_id"],
            clause_id=row["clause_id"],
            ref=row["ref"] or row["kind"],
            heading=row["heading"] or "",
            kind=row["kind"],
            page=row["page"],
            title=row["title"],
            doc_type=row["doc_type"],
            path=row["path"],
            snippet=" ".join(row["snippet"].split()),
            score=-float(row["score"]),
        )
        for row in rows
    ]
