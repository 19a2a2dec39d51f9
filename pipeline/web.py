"""``pks serve``: the search and document pages, server-rendered, read-only.

A small Starlette app with Jinja2 templates (autoescaped; no JavaScript build).
It only reads: the engine is opened read-only by the CLI. It serves files only
from paths recorded in ``document_paths`` whose bytes still match the document,
never a path from the request. Bad parameters get a 400 page, not a 500.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, selectinload
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

from extractors.taxonomy import sector_label
from pipeline.search import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    FilterError,
    parse_filters,
    result_json,
    search,
)
from schemas.models import Document

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
PAGE_SIZE = 20
MAX_PAGE = 500
MAX_ID = 2**62  # larger ids cannot be SQLite integers
COOKIE = "pks_token"
FILTER_KEYS = (
    "party",
    "role",
    "sector",
    "type",
    "signed_from",
    "signed_to",
    "status",
    "number",
    "kind",
    "place",
)
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def highlight(snippet: str) -> Markup:
    """A snippet as HTML: escaped, with the matched words in ``<mark>``."""
    escaped = str(escape(snippet))
    return Markup(
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>")
    )


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    environment.filters["highlight"] = highlight
    environment.filters["sector_label"] = sector_label
    return environment


class TokenGate:
    """Require the token on every route: bearer header, cookie, or ?token= once."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        """Wrap ``app``."""
        self.app = app
        self.token = token

    def _valid(self, candidate: str | None) -> bool:
        return candidate is not None and hmac.compare_digest(
            candidate.encode("utf-8", "replace"), self.token.encode()
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass a request on, or answer 401 / set the cookie."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        bearer = request.headers.get("authorization", "")
        if self._valid(bearer.removeprefix("Bearer ").strip() or None) or self._valid(
            request.cookies.get(COOKIE)
        ):
            await self.app(scope, receive, send)
            return
        response = await self._login(request)
        await response(scope, receive, send)

    async def _login(self, request: Request) -> Response:
        candidate = request.query_params.get("token")
        if request.method == "POST" and request.url.path == "/login":
            body = (await request.body())[:4096].decode("utf-8", "replace")
            posted = parse_qs(body).get("token")
            candidate = posted[0] if posted else None
        if self._valid(candidate):
            params = [
                (k, v) for k, v in request.query_params.multi_items() if k != "token"
            ]
            path = "/" if request.url.path == "/login" else request.url.path
            target = path + ("?" + urlencode(params) if params else "")
            response: Response = RedirectResponse(target, status_code=303)
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
            return response
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "a token is required"}, status_code=401)
        page = _environment().get_template("login.html").render(failed=bool(candidate))
        return HTMLResponse(page, status_code=401)


@dataclass(frozen=True, slots=True)
class Pages:
    """The route handlers, bound to one read-only engine."""

    engine: Engine
    templates: Environment

    def render(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        """A template as an HTML response."""
        return HTMLResponse(self.templates.get_template(name).render(**context), status)

    def _search(self, request: Request) -> tuple[dict[str, str], Any]:
        params = request.query_params
        raw = {key: params.get(key) for key in FILTER_KEYS}
        filters = parse_filters(raw)
        page = _int(params.get("page", "1"), "page", 1, MAX_PAGE)
        query = params.get("q", "")
        with Session(self.engine) as session:
            result = search(
                session,
                query,
                filters,
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
                facets=True,
            )
        current = {k: v for k, v in raw.items() if v}
        if query:
            current["q"] = query
        return current, (result, page)

    async def home(self, request: Request) -> Response:
        """The search page: box, filters as facets, grouped results."""
        current, (result, page) = self._search(request)
        return self.render(
            "search.html",
            result=result,
            page=page,
            pages=max(1, -(-result.total // PAGE_SIZE)),
            current=current,
            url=lambda **change: _url("/", current, change),
        )

    async def api_search(self, request: Request) -> Response:
        """The same search as JSON (what ``pks search --json`` prints)."""
        _current, (result, _page) = self._search(request)
        return JSONResponse(result_json(result))

    async def document(self, request: Request) -> Response:
        """One document: fields with evidence, clause tree, duties, related."""
        document_id = _int(request.path_params["id"], "id", 1, MAX_ID)
        with Session(self.engine) as session:
            document = _load_document(session, document_id)
            related = _related(session, document)
            return self.render(
                "document.html",
                doc=document,
                text=_marked_text(document),
                fields=list(_fields(document)),
                tree=_clause_tree(document),
                duties=_duties_by_party(document),
                related=related,
            )

    async def original(self, request: Request) -> Response:
        """The original file, from a recorded path whose bytes still match."""
        document_id = _int(request.path_params["id"], "id", 1, MAX_ID)
        with Session(self.engine) as session:
            document = _load_document(session, document_id)
            recorded = [Path(p.path) for p in document.paths]
            sha256, size, media = document.sha256, document.size, document.media_type
        for path in recorded:
            if _same_file(path, sha256, size):
                return FileResponse(
                    path,
                    media_type=MEDIA_TYPES.get(media or "", "application/octet-stream"),
                    filename=path.name,
                    content_disposition_type="attachment",
                )
        raise HTTPException(404, "the original file is no longer at its recorded path")


def _int(value: str, name: str, low: int, high: int) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        raise FilterError(f"{name} must be a whole number")
    number = int(value)
    if not low <= number <= high:
        raise FilterError(f"{name} must be between {low} and {high}")
    return number


def _url(path: str, current: dict[str, str], change: dict[str, str | None]) -> str:
    merged = {**current, **change}
    if "page" not in change:
        merged.pop("page", None)
    params = {k: v for k, v in merged.items() if v}
    return path + ("?" + urlencode(params) if params else "")


def _same_file(path: Path, sha256: str, size: int) -> bool:
    """True for a regular file with the document's size and sha256."""
    try:
        if not path.is_file() or path.stat().st_size != size:
            return False
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return False
    return digest.hexdigest() == sha256


def _load_document(session: Session, document_id: int) -> Document:
    document = session.scalar(
        select(Document)
        .where(Document.id == document_id)
        .options(
            selectinload(Document.paths),
            selectinload(Document.clauses),
            selectinload(Document.parties),
            selectinload(Document.numbers),
            selectinload(Document.dates),
            selectinload(Document.sectors),
            selectinload(Document.obligations),
            selectinload(Document.laws),
        )
    )
    if document is None:
        raise HTTPException(404, f"no document {document_id}")
    return document


@dataclass(frozen=True, slots=True)
class Field:
    """One extracted value and where its evidence is in the text."""

    name: str
    value: str
    evidence: str
    page: int | None
    anchor: str | None


def _fields(document: Document) -> Iterator[Field]:
    """Every extracted field, in the order a reader checks them."""
    if document.title:
        yield Field(
            "title",
            document.title,
            "",
            document.title_page,
            _anchor(document.title_start),
        )
    for number in document.numbers:
        name = "reference number" if number.reference else "number"
        yield Field(
            name, number.value, number.evidence, number.page, _anchor(number.start)
        )
    for date in document.dates:
        yield Field(
            f"date ({date.role})",
            date.iso or "?",
            date.evidence,
            date.page,
            _anchor(date.start),
        )
    if document.place:
        yield Field(
            "place",
            document.place,
            "",
            document.place_page,
            _anchor(document.place_start),
        )
    for party in document.parties:
        yield Field(
            f"party ({party.role or '-'})",
            party.canonical,
            party.evidence,
            party.page,
            _anchor(party.start),
        )
    for sector in document.sectors:
        yield Field(
            "sector", sector.label, sector.evidence, sector.page, _anchor(sector.start)
        )
    for law in document.laws:
        yield Field("law", law.name, law.evidence, law.page, _anchor(law.start))
    if document.term_months:
        yield Field("term", f"{document.term_months} months", "", None, None)


def _anchor(start: int | None) -> str | None:
    return None if start is None else f"ev-{start}"


def _marked_text(document: Document) -> Markup:
    """The document text, escaped, with every evidence span in ``<mark>``.

    Spans come from the extracted rows' offsets; where two overlap the first
    (then the longer) wins, so the marks never nest. Each clause start gets
    an anchor for the clause tree's links.
    """
    body = document.text or ""
    spans = sorted(
        (
            (start, end, label)
            for start, end, label in _evidence_spans(document)
            if start is not None and end is not None and 0 <= start < end <= len(body)
        ),
        key=lambda s: (s[0], -(s[1] - s[0])),
    )
    anchors = {c.start: f"c-{c.seq}" for c in document.clauses if c.kind != "signature"}
    kept, cursor = [], 0
    for start, end, label in spans:
        if start >= cursor:
            kept.append((start, end, label))
            cursor = end
    cuts = sorted(
        {0, len(body), *anchors, *(s for s, _e, _l in kept), *(e for _s, e, _l in kept)}
    )
    opens = {start: (end, label) for start, end, label in kept}
    closes = {end for _start, end, _label in kept}
    pieces: list[str] = []
    for index, cut in enumerate(cuts):
        if cut in closes:
            pieces.append("</mark>")
        if cut in anchors:
            pieces.append(f'<span id="{anchors[cut]}"></span>')
        if cut in opens:
            label = escape(opens[cut][1])
            pieces.append(f'<mark id="ev-{cut}" title="{label}">')
        following = cuts[index + 1] if index + 1 < len(cuts) else cut
        pieces.append(str(escape(body[cut:following])))
    return Markup("".join(pieces))


def _evidence_spans(document: Document) -> Iterator[tuple[int | None, int | None, str]]:
    yield document.title_start, document.title_end, "title"
    yield document.place_start, document.place_end, "place"
    for rows, label in (
        (document.numbers, "number"),
        (document.dates, "date"),
        (document.parties, "party"),
        (document.sectors, "sector"),
        (document.obligations, "obligation"),
        (document.laws, "law"),
    ):
        for row in rows:
            yield row.start, row.end, label


@dataclass(slots=True)
class Node:
    """A clause and its children, for the clause tree."""

    ref: str
    heading: str
    anchor: str
    children: list[Node]


def _clause_tree(document: Document) -> list[Node]:
    nodes: dict[int, Node] = {}
    roots: list[Node] = []
    for clause in document.clauses:
        if clause.kind == "signature":
            continue
        node = Node(clause.ref or clause.kind, clause.heading, f"c-{clause.seq}", [])
        nodes[clause.seq] = node
        parent = nodes.get(clause.parent_seq) if clause.parent_seq is not None else None
        (parent.children if parent else roots).append(node)
    return roots


def _duties_by_party(document: Document) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for duty in document.obligations:
        grouped.setdefault(duty.party_role or duty.party or "-", []).append(duty)
    return grouped


def _related(session: Session, document: Document) -> list[Any]:
    """Documents that share a party or cite each other's numbers."""
    names = {p.canonical for p in document.parties}
    numbers = {n.value for n in document.numbers}
    if not names and not numbers:
        return []
    rows = session.execute(
        text(
            "SELECT DISTINCT d.id, d.title, d.doc_type, d.signing_date FROM documents d"
            " WHERE d.id != :id AND (d.id IN (SELECT document_id FROM parties"
            " WHERE canonical IN :names) OR d.id IN (SELECT document_id FROM numbers"
            " WHERE value IN :numbers)) ORDER BY d.signing_date DESC LIMIT 20"
        ).bindparams(_expanding("names"), _expanding("numbers")),
        {
            "id": document.id,
            "names": sorted(names) or [""],
            "numbers": sorted(numbers) or [""],
        },
    )
    return list(rows)


def _expanding(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name, expanding=True)


async def _bad_request(request: Request, error: Exception) -> Response:
    return _error_page(400, str(error), request)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return _error_page(error.status_code, error.detail, request)


def _error_page(status: int, message: str, request: Request) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    page = (
        _environment().get_template("error.html").render(status=status, message=message)
    )
    return HTMLResponse(page, status_code=status)


def create_app(engine: Engine, *, token: str | None = None) -> ASGIApp:
    """The ASGI app over a (read-only) engine; with ``token``, every route needs it."""
    pages = Pages(engine, _environment())
    app = Starlette(
        routes=[
            Route("/", pages.home),
            Route("/api/search", pages.api_search),
            Route("/documents/{id}", pages.document),
            Route("/documents/{id}/original", pages.original),
        ],
        exception_handlers={FilterError: _bad_request, HTTPException: _http_error},
    )
    return TokenGate(app, token) if token else app
