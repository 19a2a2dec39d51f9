"""Read-only questions the CLI and the web page ask of the database."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from extractors.canonical import Mention, group_parties, preferred_name
from schemas.models import Document, DocumentPath, LedgerEntry, PartyRow, Run

# Ledger statuses that `pks failures` lists: the files a run did not load.
NOT_LOADED = ("failed", "deferred", "pending")


def count_by(session: Session, column: InstrumentedAttribute[Any]) -> dict[str, int]:
    """Number of documents per value of ``column``."""
    query = select(column, func.count()).group_by(column)
    rows = session.execute(query).all()
    return {str(key): cast(int, count) for key, count in rows}


def archive_stats(session: Session) -> dict[str, Any]:
    """Counts of documents by status, type and media, and the number of runs."""
    return {
        "documents": session.scalar(select(func.count()).select_from(Document)),
        "by_status": count_by(session, Document.status),
        "by_doc_type": count_by(session, Document.doc_type),
        "by_media_type": count_by(session, Document.media_type),
        "runs": session.scalar(select(func.count()).select_from(Run)),
    }


def last_run_id(session: Session) -> int | None:
    """The id of the newest run, if any."""
    return session.scalar(select(func.max(Run.id)))


def run_failures(
    session: Session, run_id: int | None = None, reason: str | None = None
) -> list[dict[str, Any]]:
    """The files one run (the last by default) did not load, in discovery order.

    Failed and deferred files with their reason, and pending ones (left by
    an interrupted run); ``reason`` keeps only one reason.
    """
    if run_id is None:
        run_id = last_run_id(session)
    query = select(LedgerEntry).where(
        LedgerEntry.run_id == run_id, LedgerEntry.status.in_(NOT_LOADED)
    )
    if reason:
        query = query.where(LedgerEntry.reason == reason)
    return [
        {
            "run": entry.run_id,
            "path": entry.path,
            "sha256": entry.sha256,
            "status": entry.status,
            "reason": entry.reason or entry.status,
            "message": entry.message,
            "seconds": entry.seconds,
        }
        for entry in session.scalars(query.order_by(LedgerEntry.seq))
    ]


def find_document(session: Session, key: str) -> Document | None:
    """A document by id, sha256 (or a prefix of at least 8 hex digits) or path."""
    if key.isdigit() and (document := session.get(Document, int(key))):
        return document
    if len(key) >= 8:
        found = session.scalars(
            select(Document).where(Document.sha256.startswith(key.lower()))
        ).all()
        if len(found) == 1:
            return found[0]
    return session.scalar(
        select(Document).join(DocumentPath).where(DocumentPath.path == key)
    )


# --- Term of an agreement ------------------------------------------------------

TERM_STATUSES = ("active", "expired", "unknown")
_WINDOW = re.compile(r"\s*(?P<count>\d{1,4})\s*(?P<unit>[dwmy])\s*", re.IGNORECASE)


def term_status(expires_on: dt.date | None, today: dt.date) -> str:
    """Whether an agreement is in force on ``today``.

    Args:
        expires_on: The last day of its term, if known.
        today: The day asked about.

    Returns:
        ``expired`` after the last day, ``active`` up to and on it, and
        ``unknown`` when the document states no end (no term, or not an
        agreement).
    """
    if expires_on is None:
        return "unknown"
    return "expired" if expires_on < today else "active"


def window_end(spec: str, today: dt.date) -> dt.date:
    """The last day of a window such as ``90d``, ``12w``, ``6m`` or ``1y``.

    Args:
        spec: A count and a unit: days, weeks, months or years.
        today: The first day of the window.

    Returns:
        ``today`` plus the window; a month end is clamped (31 Jan + 1m is
        28 or 29 Feb).

    Raises:
        ValueError: ``spec`` is not a count followed by d, w, m or y.
    """
    match = _WINDOW.fullmatch(spec)
    if match is None:
        raise ValueError(f"{spec!r} is not a window like 90d, 12w, 6m or 1y")
    count, unit = int(match.group("count")), match.group("unit").lower()
    if unit in "dw":
        return today + dt.timedelta(days=count * (7 if unit == "w" else 1))
    months = today.month - 1 + count * (12 if unit == "y" else 1)
    year, month = today.year + months // 12, months % 12 + 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def expiring(session: Session, today: dt.date, until: dt.date) -> list[dict[str, Any]]:
    """Agreements whose term ends between ``today`` and ``until`` (inclusive).

    Args:
        session: An open session.
        today: The first day of the window.
        until: The last day of the window.

    Returns:
        One dict per document, soonest end first: id, title, doc_type,
        numbers, parties (canonical names), signing_date, effective_on,
        expires_on, days_left and term_status.
    """
    query = (
        select(Document)
        .where(Document.expires_on >= today, Document.expires_on <= until)
        .order_by(Document.expires_on, Document.id)
        .options(selectinload(Document.parties), selectinload(Document.numbers))
    )
    return [_expiring_row(document, today) for document in session.scalars(query)]


def _expiring_row(document: Document, today: dt.date) -> dict[str, Any]:
    expires_on = document.expires_on
    return {
        "id": document.id,
        "title": document.title,
        "doc_type": document.doc_type,
        "numbers": [n.value for n in document.numbers if not n.reference],
        "parties": [p.canonical for p in document.parties],
        "signing_date": _iso(document.signing_date),
        "effective_on": _iso(document.effective_on),
        "expires_on": _iso(expires_on),
        "days_left": (expires_on - today).days if expires_on else None,
        "term_status": term_status(expires_on, today),
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# --- Parties across the archive ------------------------------------------------


def canonical_parties(session: Session) -> list[dict[str, Any]]:
    """Every organisation of the archive once, however each document wrote it.

    Party rows of all documents are grouped by :func:`extractors.canonical.
    group_parties` (canonical names, acronyms, near spellings).

    Args:
        session: An open session.

    Returns:
        One dict per organisation, most documents first: ``canonical``,
        ``aliases`` (every other form printed or defined for it),
        ``representatives`` and ``documents`` (id, title, name as printed
        and role).
    """
    query = (
        select(PartyRow, Document.title)
        .join(Document, PartyRow.document_id == Document.id)
        .order_by(PartyRow.document_id, PartyRow.seq)
    )
    rows = session.execute(query).all()
    mentions = [
        Mention(
            name=party.name,
            canonical=party.canonical,
            aliases=tuple(a for a in party.aliases.split("|") if a),
        )
        for party, _title in rows
    ]
    found = [
        _party_entry([rows[i] for i in group], [mentions[i] for i in group])
        for group in group_parties(mentions)
    ]
    return sorted(
        found, key=lambda entry: (-len(entry["documents"]), entry["canonical"])
    )


def _party_entry(rows: list[Any], mentions: list[Mention]) -> dict[str, Any]:
    canonical = preferred_name(mentions)
    forms = [f for m in mentions for f in (m.name, m.canonical, *m.aliases)]
    documents: dict[int, dict[str, Any]] = {}
    for party, title in rows:
        documents.setdefault(
            party.document_id,
            {
                "id": party.document_id,
                "title": title,
                "name": party.name,
                "role": party.role,
            },
        )
    people = [p.representative for p, _title in rows if p.representative]
    return {
        "canonical": canonical,
        "aliases": sorted(set(forms) - {canonical}),
        "representatives": sorted(set(people)),
        "documents": list(documents.values()),
    }
