"""Clause search: Indonesian-aware matching, filters, ranking, snippets and facets.

The query is parsed by :mod:`pipeline.query` with the index's own analyser,
matched and ranked by the full-text backend (:mod:`pipeline.fts`, the only
dialect-specific SQL), re-ranked with an obligation boost, and returned grouped
by document with snippets computed here, on the printed text, so highlights
show the words as printed (``berkewajiban`` for a query ``wajib``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from extractors.analysis import Token, analyser, fold
from extractors.orgs import gazetteer
from extractors.taxonomy import SECTORS
from pipeline.fts import Where, backend_for
from pipeline.query import Alternatives, Phrase, Query, parse
from pipeline.ranking import (
    CANDIDATES,
    Candidate,
    Statistics,
    rank,
    scored_units,
    statistics,
    unit_query,
)
from schemas.records import DocType

# Markers around matched words in snippets; the CLI and the web page render them.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"

# The best this many are re-ranked by the obligation boost.
RANK_WINDOW = 200
# A clause that states a duty, right or prohibition ranks a little higher.
OBLIGATION_BOOST = 1.3
SNIPPET_WORDS = 32
FACET_SIZE = 15
ROLES = {"1": "PIHAK PERTAMA", "2": "PIHAK KEDUA", "3": "PIHAK KETIGA"}
ROLE_WORDS = {"pertama": "1", "kesatu": "1", "kedua": "2", "ketiga": "3"}
KINDS = ("obligation", "right", "prohibition")
STATUSES = ("active", "expired", "unknown")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class FilterError(ValueError):
    """A filter value that cannot be used; the message says what is expected."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """Conditions on the documents (and obligations) a search returns."""

    party: str | None = None
    role: str | None = None
    sector: str | None = None
    doc_type: str | None = None
    signed_from: dt.date | None = None
    signed_to: dt.date | None = None
    status: str | None = None
    number: str | None = None
    kind: str | None = None
    place: str | None = None

    @property
    def any(self) -> bool:
        """True when at least one filter is set."""
        return any(getattr(self, name) is not None for name in self.__slots__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Hit:
    """One matching clause (or, with ``--kind``, one obligation)."""

    clause_id: int | None
    obligation_id: int | None
    ref: str
    heading: str
    kind: str
    page: int | None
    snippet: str
    score: float
    party: str | None = None


@dataclass(slots=True, kw_only=True)
class DocumentHits:
    """A document and its hits, in rank order."""

    id: int
    title: str | None
    doc_type: str | None
    numbers: list[str]
    parties: list[dict[str, str | None]]
    signing_date: dt.date | None
    expires_on: dt.date | None
    place: str | None
    path: str | None
    hits: list[Hit] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class SearchResult:
    """What a search returns: documents with their hits, counts, facets, hints."""

    query: str
    hints: list[str]
    total: int
    documents_total: int
    offset: int
    limit: int
    documents: list[DocumentHits]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # True when more rows matched than are ranked: ``total`` is a lower bound.
    capped: bool = False

    @property
    def hits(self) -> list[Hit]:
        """Every hit, in rank order."""
        return [hit for document in self.documents for hit in document.hits]


# --- Filters -------------------------------------------------------------------


def parse_date(value: str, *, end: bool = False) -> dt.date:
    """``2025``, ``2025-03`` or ``2025-03-21``; a year or month spans its days.

    Raises:
        FilterError: Not a date in one of those forms.
    """
    match = _DATE.match(value.strip())
    if not match:
        raise FilterError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None  # the pattern requires it
    try:
        if month is None:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if day is None:
            first = dt.date(year, month, 1)
            if not end:
                return first
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(year, month, day)
    except ValueError as error:
        raise FilterError(f"not a date: {value!r} ({error})") from error


def parse_role(value: str) -> str:
    """``PIHAK KEDUA``, ``kedua``, ``2`` or ``II`` -> ``PIHAK KEDUA``.

    Raises:
        FilterError: Not a party role.
    """
    words = fold(value).replace("pihak", " ").split()
    key = words[-1] if words else ""
    key = {"i": "1", "ii": "2", "iii": "3"}.get(key, ROLE_WORDS.get(key, key))
    if key not in ROLES:
        raise FilterError(f"not a party role: {value!r} (use pertama, kedua or ketiga)")
    return ROLES[key]


def parse_sector(value: str) -> str:
    """A sector code (``health``) or its Indonesian label (``kesehatan``).

    Raises:
        FilterError: Neither a code nor a label.
    """
    wanted = fold(value.strip())
    for sector in SECTORS:
        if wanted in (sector.code, fold(sector.label)):
            return sector.code
    for sector in SECTORS:
        if wanted and wanted in fold(sector.label):
            return sector.code
    codes = ", ".join(s.code for s in SECTORS)
    raise FilterError(f"unknown sector {value!r}; one of: {codes}")


def _choice(value: str, choices: Sequence[str], what: str) -> str:
    folded = fold(value.strip())
    if folded not in choices:
        raise FilterError(f"unknown {what} {value!r}; one of: {', '.join(choices)}")
    return folded


def parse_filters(raw: Mapping[str, str | None]) -> Filters:
    """Filters from strings (CLI options, URL parameters); empty means unset.

    Raises:
        FilterError: A value that cannot be used, with what is expected.
    """
    values = {k: v.strip() for k, v in raw.items() if v is not None and v.strip()}
    for key, value in values.items():
        if len(value) > 200 or _CONTROL.search(value):
            raise FilterError(f"{key}: the value is too long or has control characters")
    get = values.get
    signed_from = get("signed_from")
    signed_to = get("signed_to")
    filters = Filters(
        party=get("party"),
        role=parse_role(values["role"]) if "role" in values else None,
        sector=parse_sector(values["sector"]) if "sector" in values else None,
        doc_type=_choice(values["type"], [t.value for t in DocType], "type")
        if "type" in values
        else None,
        signed_from=parse_date(signed_from) if signed_from else None,
        signed_to=parse_date(signed_to, end=True) if signed_to else None,
        status=_choice(values["status"], STATUSES, "status")
        if "status" in values
        else None,
        number=get("number"),
        kind=_choice(values["kind"], KINDS, "kind") if "kind" in values else None,
        place=get("place"),
    )
    if (
        filters.signed_from
        and filters.signed_to
        and filters.signed_from > filters.signed_to
    ):
        raise FilterError("signed-from is after signed-to")
    return filters


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _party_condition(
    party: str, params: dict[str, Any], alias: str, *, named: bool = False
) -> str:
    """Every word of ``party`` in the party's name, canonical name or aliases.

    An acronym also matches its long form: ``Lapas`` finds a party whose
    name says ``Lembaga Pemasyarakatan``. With ``named``, ``alias`` is an
    obligation and its printed party name is searched instead.
    """
    if named:
        haystack = f"lower(coalesce({alias}.party, ''))"
    else:
        haystack = (
            f"lower({alias}.canonical || ' ' || {alias}.name || ' ' || {alias}.aliases)"
        )
    conditions = []
    for index, word in enumerate(fold(party).split()[:8]):
        key = f"{alias}_party_{index}"
        params[key] = _like(word)
        options = [f"{haystack} LIKE :{key} ESCAPE '\\'"]
        entry = gazetteer().entry(word)
        if entry is not None and entry.expansion not in ("-", ""):
            params[f"{key}_long"] = _like(fold(entry.expansion))
            options.append(f"{haystack} LIKE :{key}_long ESCAPE '\\'")
        conditions.append("(" + " OR ".join(options) + ")")
    return " AND ".join(conditions) or "1 = 1"


def build_where(filters: Filters, *, today: dt.date, obligations: bool) -> Where:
    """Portable SQL for the filters over ``documents d`` (and ``obligations o``)."""
    params: dict[str, Any] = {}
    parts: list[str] = []
    if filters.party is not None:
        who = _party_condition(filters.party, params, "p")
        if obligations:
            # A duty names its party by role (PIHAK KEDUA) or, in news, by name.
            said = _party_condition(filters.party, params, "o", named=True)
            parts.append(
                "(o.party_role IN (SELECT p.role FROM parties p"
                f" WHERE p.document_id = o.document_id AND {who}) OR {said})"
            )
        else:
            role = " AND p.role = :role" if filters.role else ""
            parts.append(
                f"d.id IN (SELECT p.document_id FROM parties p WHERE {who}{role})"
            )
    if filters.role is not None:
        params["role"] = filters.role
        if obligations:
            parts.append("o.party_role = :role")
        elif filters.party is None:
            parts.append("d.id IN (SELECT document_id FROM parties WHERE role = :role)")
    if filters.kind is not None and obligations:
        params["kind"] = filters.kind
        parts.append("o.kind = :kind")
    _document_conditions(filters, params, parts, today)
    return Where("".join(f" AND {part}" for part in parts), params)


def _document_conditions(
    filters: Filters, params: dict[str, Any], parts: list[str], today: dt.date
) -> None:
    if filters.sector is not None:
        params["sector"] = filters.sector
        parts.append("d.id IN (SELECT document_id FROM sectors WHERE code = :sector)")
    if filters.doc_type is not None:
        params["doc_type"] = filters.doc_type
        parts.append("d.doc_type = :doc_type")
    if filters.signed_from is not None:
        params["signed_from"] = filters.signed_from.isoformat()
        parts.append("d.signing_date >= :signed_from")
    if filters.signed_to is not None:
        params["signed_to"] = filters.signed_to.isoformat()
        parts.append("d.signing_date <= :signed_to")
    if filters.status is not None:
        params["today"] = today.isoformat()
        parts.append(
            {
                "active": "d.expires_on >= :today",
                "expired": "d.expires_on < :today",
                "unknown": "d.expires_on IS NULL",
            }[filters.status]
        )
    if filters.number is not None:
        params["number"] = _like(filters.number.lower())
        parts.append(
            "d.id IN (SELECT document_id FROM numbers"
            " WHERE lower(value) LIKE :number ESCAPE '\\')"
        )
    if filters.place is not None:
        params["place"] = _like(fold(filters.place))
        parts.append("lower(d.place) LIKE :place ESCAPE '\\'")


# --- Snippets ------------------------------------------------------------------


def match_spans(
    tokens: Sequence[Token], phrases: Sequence[Phrase]
) -> list[tuple[int, int]]:
    """Token ranges ``[start, end)`` where one of the phrases is printed."""
    spans = set()
    for index in range(len(tokens)):
        for phrase in phrases:
            size = len(phrase.terms)
            window = tokens[index : index + size]
            if len(window) < size:
                continue
            head_ok = all(
                t.term == w for t, w in zip(window[:-1], phrase.terms, strict=False)
            )
            last, wanted = window[-1].term, phrase.terms[-1]
            last_ok = last.startswith(wanted) if phrase.prefix else last == wanted
            if head_ok and last_ok:
                spans.add((index, index + size))
    return sorted(spans)


def make_snippet(
    printed: str, phrases: Sequence[Phrase], *, width: int = SNIPPET_WORDS
) -> tuple[str, int | None]:
    """A window of the printed text with the matched words between markers.

    Returns:
        The snippet, and the offset in ``printed`` of the first match (None
        when nothing matched, e.g. an obligation found by its synonym only).
    """
    printed = _CONTROL.sub(" ", printed)
    tokens = analyser().tokens(printed)
    if not tokens:
        return " ".join(printed.split())[:300], None
    spans = match_spans(tokens, phrases)
    first = _best_window(spans, len(tokens), width)
    last = min(len(tokens), first + width)
    pieces: list[str] = []
    cursor = tokens[first].start
    for start, end in spans:
        if start < first or end > last:
            continue
        begin, finish = tokens[start].start, tokens[end - 1].end
        if begin < cursor:
            continue
        pieces += [
            printed[cursor:begin],
            HIGHLIGHT_START,
            printed[begin:finish],
            HIGHLIGHT_END,
        ]
        cursor = finish
    pieces.append(printed[cursor : tokens[last - 1].end])
    body = " ".join("".join(pieces).split())
    snippet = ("… " if first > 0 else "") + body + (" …" if last < len(tokens) else "")
    offset = tokens[spans[0][0]].start if spans else None
    return snippet, offset


def _best_window(spans: list[tuple[int, int]], size: int, width: int) -> int:
    """The first token of the window that shows the most matches."""
    if not spans:
        return 0
    best, best_count = 0, -1
    for start, _end in spans:
        first = max(0, start - width // 4)
        count = sum(1 for s, e in spans if s >= first and e <= first + width)
        if count > best_count:
            best, best_count = first, count
    return max(0, min(best, size - width))


# --- The search ------------------------------------------------------------------


def search(
    session: Session,
    query_text: str,
    filters: Filters | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
    facets: bool = False,
    today: dt.date | None = None,
) -> SearchResult:
    """Search the archive.

    Args:
        session: A session on a database at the current schema.
        query_text: What the user typed (any string).
        filters: Conditions on documents; ``kind`` searches obligations.
        limit: Hits per page.
        offset: Hits to skip.
        facets: Also count matching documents by party, sector, type and year.
        today: The date ``status`` is measured against (default: today).

    Returns:
        Hits grouped by document, best document first, with counts and hints.
    """
    filters = filters or Filters()
    today = today or dt.date.today()
    query = parse(query_text)
    obligations = filters.kind is not None
    where = build_where(filters, today=today, obligations=obligations)
    result = SearchResult(
        query=query_text,
        hints=list(query.hints),
        total=0,
        documents_total=0,
        offset=offset,
        limit=limit,
        documents=[],
    )
    backend = backend_for(session)
    ranked_documents: set[int] = set()
    if query.empty:
        _browse(session, filters, where, result, obligations=obligations)
        fts = None
    else:
        fts, ranked_documents = _run_query(
            session, query, where, result, obligations=obligations
        )
    if facets and (fts is not None or filters.any):
        if result.capped:
            # Counting every match of a very common word would cost seconds;
            # the facets count what was ranked, as the hint says.
            ranked = _ids(sorted(ranked_documents))
            sql = f"SELECT id FROM documents WHERE id IN ({ranked})"
        else:
            sql = backend.documents_sql(fts, where, obligations=obligations)
        params = {**where.params, "fts": fts}
        result.facets = facet_counts(session, sql, params, backend.year)
    return result


def _run_query(
    session: Session,
    query: Query,
    where: Where,
    result: SearchResult,
    *,
    obligations: bool,
) -> tuple[str, set[int]]:
    """Rank the matches; the FTS expression and the ranked documents' ids."""
    backend = backend_for(session)
    fts = backend.render(query)
    found = _candidates(session, fts, where, result, obligations=obligations)
    if not found and len(query.required) > 1:
        # No clause has every word: show the clauses with any of them.
        query = query.any_of()
        fts = backend.render(query)
        found = _candidates(session, fts, where, result, obligations=obligations)
        if found:
            result.hints.append(
                "no clause has every word; showing clauses with any of them"
            )
    if result.capped:
        result.hints.append(
            f"more than {CANDIDATES:,} match: the newest {CANDIDATES:,} are"
            " ranked (and counted by the facets); add a word or a filter to"
            " narrow the search"
        )
    units = scored_units(query)
    ranked = rank(found, units, _statistics(session, units, obligations=obligations))
    if not obligations:
        window = max(RANK_WINDOW, result.offset + result.limit)
        ranked = _boost(session, ranked[:window])
    page = ranked[result.offset : result.offset + result.limit]
    phrases = query.phrases()
    if obligations:
        hits = _obligation_hits(session, page, phrases)
    else:
        hits = _clause_hits(session, page, phrases)
    result.documents = _group(session, hits)
    return fts, {row.document_id for row in found}


def _candidates(
    session: Session,
    fts: str,
    where: Where,
    result: SearchResult,
    *,
    obligations: bool,
) -> list[Candidate]:
    """The rows to rank (one more is asked for, to know whether there are more)."""
    backend = backend_for(session)
    found = backend.candidates(
        session, fts, where, obligations=obligations, limit=CANDIDATES + 1
    )
    result.capped = len(found) > CANDIDATES
    found = found[:CANDIDATES]
    result.total = len(found)
    result.documents_total = len({row.document_id for row in found})
    return found


def _statistics(
    session: Session, units: list[Alternatives], *, obligations: bool
) -> Statistics:
    """IDF figures; a single unit needs none (it scales every score alike)."""
    if len(units) < 2:
        return Statistics(rows=1, frequencies={})
    backend = backend_for(session)
    table = "obligations" if obligations else "clauses"
    newest = session.execute(text(f"SELECT max(id) FROM {table}")).scalar() or 0
    key = (str(session.get_bind().engine.url), table, int(newest))
    return statistics(
        key,
        units,
        count_rows=lambda: backend.rows(session, obligations=obligations),
        count_matching=lambda unit: backend.matching(
            session, backend.render(unit_query(unit)), obligations=obligations
        ),
    )


def _boost(
    session: Session, ranked: list[tuple[int, float]]
) -> list[tuple[int, float]]:
    """Raise the clauses that state a duty, right or prohibition, then re-sort."""
    if not ranked:
        return ranked
    ids = [clause_id for clause_id, _score in ranked]
    rows = session.execute(
        text(
            "SELECT DISTINCT c.id FROM clauses c JOIN obligations o"
            " ON o.document_id = c.document_id"
            " AND o.start >= c.start AND o.start < c.end"
            f" WHERE c.id IN ({_ids(ids)})"
        )
    )
    stating = {row.id for row in rows}
    boosted = [
        (cid, score * (OBLIGATION_BOOST if cid in stating else 1.0))
        for cid, score in ranked
    ]
    return sorted(boosted, key=lambda pair: -pair[1])


def _ids(ids: Sequence[int]) -> str:
    # Integers from our own queries, never user input: safe to inline.
    return ", ".join(str(int(i)) for i in ids) or "NULL"


def _clause_hits(
    session: Session, page: list[tuple[int, float]], phrases: list[Phrase]
) -> list[tuple[int, Hit]]:
    if not page:
        return []
    ids = [cid for cid, _score in page]
    rows = {
        row.id: row
        for row in session.execute(
            text(
                "SELECT id, document_id, ref, kind, heading, text, page, start"
                f" FROM clauses WHERE id IN ({_ids(ids)})"
            )
        )
    }
    children = _children(session, {row.document_id for row in rows.values()})
    hits = []
    for cid, score in page:
        row = rows[cid]
        snippet, offset = make_snippet(row.text, phrases)
        ref = row.ref or row.kind
        if offset is not None:
            ref = (
                _innermost(children.get(row.document_id, []), row.start + offset) or ref
            )
        hit = Hit(
            clause_id=cid,
            obligation_id=None,
            ref=ref,
            heading=row.heading or "",
            kind=row.kind,
            page=row.page,
            snippet=snippet,
            score=score,
        )
        hits.append((row.document_id, hit))
    return hits


def _children(session: Session, document_ids: set[int]) -> dict[int, list[Any]]:
    """The ayat and items of these documents: where a match sits inside a Pasal."""
    found: dict[int, list[Any]] = {}
    rows = session.execute(
        text(
            'SELECT document_id, ref, start, "end" FROM clauses'
            f" WHERE document_id IN ({_ids(sorted(document_ids))})"
            " AND kind IN ('ayat', 'item')"
        )
    )
    for row in rows:
        found.setdefault(row.document_id, []).append(row)
    return found


def _innermost(children: list[Any], offset: int) -> str | None:
    inside = [c for c in children if c.start <= offset < c.end and c.ref]
    if not inside:
        return None
    return str(min(inside, key=lambda c: c.end - c.start).ref)


def _obligation_hits(
    session: Session, page: list[tuple[int, float]], phrases: list[Phrase]
) -> list[tuple[int, Hit]]:
    if not page:
        return []
    rows = {
        row.id: row
        for row in session.execute(
            text(
                "SELECT o.id, o.document_id, o.kind, o.clause, o.text, o.page, o.party,"
                " o.party_role, (SELECT c.ref FROM clauses c"
                " WHERE c.document_id = o.document_id AND c.searchable"
                ' AND c.start <= o.start AND o.start < c."end" LIMIT 1) AS unit'
                f" FROM obligations o WHERE o.id IN ({_ids([i for i, _ in page])})"
            )
        )
    }
    hits = []
    for oid, score in page:
        row = rows[oid]
        snippet, _offset = make_snippet(row.text, phrases)
        hit = Hit(
            clause_id=None,
            obligation_id=oid,
            ref=row.clause or row.unit or "",
            heading="",
            kind=row.kind,
            page=row.page,
            snippet=snippet,
            score=score,
            party=row.party_role or row.party,
        )
        hits.append((row.document_id, hit))
    return hits


def _browse(
    session: Session,
    filters: Filters,
    where: Where,
    result: SearchResult,
    *,
    obligations: bool,
) -> None:
    """No words: list what the filters select (documents, or obligations of a kind)."""
    if not filters.any:
        if not result.hints:
            result.hints.append("type a word to search for")
        return
    params = {**where.params, "limit": result.limit, "offset": result.offset}
    if obligations:
        base = (
            "FROM obligations o JOIN documents d ON d.id = o.document_id"
            f" WHERE 1 = 1 {where.sql}"
        )
        order = "ORDER BY d.signing_date DESC NULLS LAST, o.id"
        ids = [
            (row.id, 0.0)
            for row in session.execute(
                text(f"SELECT o.id {base} {order} LIMIT :limit OFFSET :offset"), params
            )
        ]
        counts = session.execute(
            text(f"SELECT count(*) AS n, count(DISTINCT d.id) AS docs {base}"), params
        ).one()
        result.documents = _group(session, _obligation_hits(session, ids, []))
    else:
        base = f"FROM documents d WHERE 1 = 1 {where.sql}"
        rows = session.execute(
            text(
                f"SELECT d.id {base} ORDER BY d.signing_date DESC NULLS LAST, d.id"
                " LIMIT :limit OFFSET :offset"
            ),
            params,
        )
        counts = session.execute(
            text(f"SELECT count(*) AS n, count(*) AS docs {base}"), params
        ).one()
        result.documents = _documents(session, [row.id for row in rows])
    result.total, result.documents_total = int(counts.n), int(counts.docs)


def _group(session: Session, hits: list[tuple[int, Hit]]) -> list[DocumentHits]:
    order = list(dict.fromkeys(document_id for document_id, _hit in hits))
    documents = {d.id: d for d in _documents(session, order)}
    for document_id, hit in hits:
        documents[document_id].hits.append(hit)
    return [documents[i] for i in order]


def _documents(session: Session, ids: list[int]) -> list[DocumentHits]:
    """Title, numbers, parties and first path of each document, in ``ids`` order."""
    if not ids:
        return []
    id_list = _ids(ids)
    rows = {
        row.id: row
        for row in session.execute(
            text(
                "SELECT id, title, doc_type, signing_date, expires_on, place"
                f" FROM documents WHERE id IN ({id_list})"
            )
        )
    }
    numbers: dict[int, list[str]] = {}
    for row in session.execute(
        text(
            "SELECT document_id, value FROM numbers"
            f" WHERE document_id IN ({id_list}) AND NOT reference ORDER BY id"
        )
    ):
        numbers.setdefault(row.document_id, []).append(row.value)
    parties: dict[int, list[dict[str, str | None]]] = {}
    for row in session.execute(
        text(
            "SELECT document_id, canonical, role FROM parties"
            f" WHERE document_id IN ({id_list}) ORDER BY seq"
        )
    ):
        parties.setdefault(row.document_id, []).append(
            {"name": row.canonical, "role": row.role}
        )
    paths: dict[int, str] = {}
    for row in session.execute(
        text(
            "SELECT document_id, path FROM document_paths"
            f" WHERE document_id IN ({id_list}) ORDER BY id"
        )
    ):
        paths.setdefault(row.document_id, row.path)
    return [
        DocumentHits(
            id=i,
            title=rows[i].title,
            doc_type=rows[i].doc_type,
            numbers=numbers.get(i, []),
            parties=parties.get(i, []),
            signing_date=_date(rows[i].signing_date),
            expires_on=_date(rows[i].expires_on),
            place=rows[i].place,
            path=paths.get(i),
        )
        for i in ids
        if i in rows
    ]


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def facet_counts(
    session: Session, documents_sql: str, params: dict[str, Any], year: Any
) -> dict[str, list[tuple[str, int]]]:
    """Matching documents counted by party, sector, type and signing year."""
    queries = {
        "party": "SELECT canonical AS value, count(DISTINCT document_id) AS n"
        " FROM parties WHERE document_id IN ({docs}) GROUP BY canonical",
        "sector": "SELECT code AS value, count(DISTINCT document_id) AS n"
        " FROM sectors WHERE document_id IN ({docs}) GROUP BY code",
        "type": "SELECT doc_type AS value, count(*) AS n FROM documents"
        " WHERE id IN ({docs}) AND doc_type IS NOT NULL GROUP BY doc_type",
        "year": f"SELECT {year('signing_date')} AS value, count(*) AS n FROM documents"
        " WHERE id IN ({docs}) AND signing_date IS NOT NULL GROUP BY value",
    }
    facets = {}
    for name, sql in queries.items():
        ordered = (
            f"{sql.format(docs=documents_sql)}"
            f" ORDER BY n DESC, value LIMIT {FACET_SIZE}"
        )
        rows = session.execute(text(ordered), params)
        facets[name] = [(str(row.value), int(row.n)) for row in rows]
    return facets


def result_json(result: SearchResult) -> dict[str, Any]:
    """The ``--json`` form of a search result (also the web API's)."""
    return {
        "query": result.query,
        "hints": result.hints,
        "total": result.total,
        "documents_total": result.documents_total,
        "capped": result.capped,
        "offset": result.offset,
        "limit": result.limit,
        "documents": [
            {
                "document_id": d.id,
                "title": d.title,
                "doc_type": d.doc_type,
                "numbers": d.numbers,
                "parties": d.parties,
                "signing_date": d.signing_date.isoformat() if d.signing_date else None,
                "path": d.path,
                "hits": [
                    {
                        "clause": h.ref,
                        "heading": h.heading,
                        "kind": h.kind,
                        "page": h.page,
                        "party": h.party,
                        "snippet": h.snippet.replace(HIGHLIGHT_START, "[").replace(
                            HIGHLIGHT_END, "]"
                        ),
                        "score": round(h.score, 4),
                        "clause_id": h.clause_id,
                        "obligation_id": h.obligation_id,
                    }
                    for h in d.hits
                ],
            }
            for d in result.documents
        ],
        "facets": {
            k: [{"value": v, "count": n} for v, n in rows]
            for k, rows in result.facets.items()
        },
    }
