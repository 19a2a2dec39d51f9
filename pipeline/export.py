"""Documents as plain dictionaries: the export contract (schemas/document.schema.json).

Only stored values are exported (no timestamps), so exporting an unchanged
database twice gives identical bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pipeline.queries import term_status
from schemas.models import Clause, Document, PageRow

JsonDict = dict[str, Any]

CSV_COLUMNS = (
    "id",
    "source_path",
    "sha256",
    "media_type",
    "status",
    "doc_type",
    "title",
    "numbers",
    "signing_date",
    "place",
    "term_months",
    "parties",
    "sectors",
    "errors",
)


def _clause(row: Clause) -> JsonDict:
    return {
        "number": row.ref,
        "heading": row.heading,
        "text": row.text,
        "page": row.page,
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _ocr_page(row: PageRow) -> JsonDict:
    return {
        "page": row.number,
        "engine": row.ocr_engine,
        "version": row.ocr_version,
        "language": row.ocr_language,
        "confidence": row.ocr_confidence,
        "needs_review": row.needs_review,
    }


def document_record(
    document: Document, *, include_text: bool = False, today: dt.date | None = None
) -> JsonDict:
    """The export object of one document.

    ``term_status`` is as of ``today`` (the local date by default), the one
    value that changes without the database changing.
    """
    record: JsonDict = {
        "id": document.id,
        "source_path": document.paths[0].path if document.paths else None,
        "paths": [p.path for p in document.paths],
        "sha256": document.sha256,
        "media_type": document.media_type,
        "status": document.status,
        "doc_type": document.doc_type,
        "title": document.title,
        "numbers": [n.value for n in document.numbers if not n.reference],
        "reference_numbers": [n.value for n in document.numbers if n.reference],
        "signing_date": document.signing_date.isoformat()
        if document.signing_date
        else None,
        "dates": [
            {"date": d.iso, "role": d.role, "text": d.evidence, "page": d.page}
            for d in document.dates
        ],
        "term_months": document.term_months,
        "effective_on": _iso(document.effective_on),
        "expires_on": _iso(document.expires_on),
        "term_status": term_status(document.expires_on, today or dt.date.today()),
        "place": document.place,
        "parties": [
            {
                "name": p.name,
                "canonical": p.canonical,
                "aliases": [a for a in p.aliases.split("|") if a],
                "role": p.role,
                "role_label": p.role_label,
                "representative": p.representative,
                "representative_title": p.representative_title,
            }
            for p in document.parties
        ],
        "sectors": [
            {"code": s.code, "label": s.label, "evidence": s.evidence}
            for s in document.sectors
        ],
        "obligations": [
            {
                "party_role": o.party_role,
                "party": o.party,
                "kind": o.kind,
                "clause": o.clause,
                "text": o.text,
                "page": o.page,
                "deadline": o.deadline,
                "amount": o.amount,
                "amount_rupiah": o.amount_rupiah,
                "condition": o.condition,
            }
            for o in document.obligations
        ],
        "clauses": [_clause(c) for c in document.clauses if c.kind == "article"],
        "laws": [law.name for law in document.laws],
        "errors": [document.error_message] if document.error_message else [],
        "ocr_pages": [_ocr_page(p) for p in document.pages if p.ocr_engine],
    }
    if include_text:
        record["text"] = document.text
    return record


def iter_documents(session: Session) -> Iterator[Document]:
    """Every document, in id order, with its related rows loaded in batches."""
    query = (
        select(Document)
        .order_by(Document.id)
        .options(
            selectinload(Document.paths),
            selectinload(Document.numbers),
            selectinload(Document.dates),
            selectinload(Document.parties),
            selectinload(Document.sectors),
            selectinload(Document.obligations),
            selectinload(Document.clauses),
            selectinload(Document.laws),
            selectinload(Document.pages),
        )
        .execution_options(yield_per=200)
    )
    yield from session.scalars(query)


def to_jsonl(records: Iterable[JsonDict]) -> Iterator[str]:
    """One JSON line per record, key order as in the contract."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def to_csv(records: Iterable[JsonDict]) -> Iterator[str]:
    """A flat CSV: one row per document, lists joined with ``; ``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        flat = dict(record)
        flat["numbers"] = "; ".join(record["numbers"])
        flat["parties"] = "; ".join(p["canonical"] for p in record["parties"])
        flat["sectors"] = "; ".join(s["code"] for s in record["sectors"])
        flat["errors"] = "; ".join(record["errors"])
        writer.writerow(flat)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
