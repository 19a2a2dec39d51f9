"""Extractors: pure functions from a ParsedDocument to typed records.

One module per field; :func:`extract` runs them all in dependency order
(title before type and sectors, parties before obligations).
"""

from __future__ import annotations

from dataclasses import replace

from extractors.context import ParsedDocument
from extractors.dates import extract_dates, extract_term_months
from extractors.doctype import decide_doctype
from extractors.laws import extract_laws
from extractors.nlp import build_nlp
from extractors.numbers import extract_numbers
from extractors.obligations import extract_obligations
from extractors.parties import extract_parties
from extractors.place import extract_place
from extractors.sectors import classify_sectors
from extractors.title import extract_subject, extract_title
from schemas.records import DateRole, DateValue, DocType, Extraction, Party

__all__ = ["ParsedDocument", "build_nlp", "extract"]


def _alias_roles(parties: tuple[Party, ...]) -> dict[str, str]:
    """Short names defined for parties (``BLK``, ``PENYEDIA``) -> their roles."""
    roles: dict[str, str] = {}
    for party in parties:
        if party.role:
            for alias in party.aliases:
                roles.setdefault(alias, party.role)
    return roles


def _own_dates(
    dates: tuple[DateValue, ...], doc_type: DocType
) -> tuple[DateValue, ...]:
    """A letter or a decree is issued, not signed: its own date is its publication."""
    if doc_type is not DocType.OTHER:
        return dates
    return tuple(
        replace(value, role=DateRole.PUBLICATION)
        if value.role is DateRole.SIGNING
        else value
        for value in dates
    )


def extract(parsed: ParsedDocument) -> Extraction:
    """Every field of one document.

    A document typed ``other`` (a letter, a decree, an invoice) may cite an
    agreement but is not one: it gets no parties, duties, sectors or term of
    its own, and its own date is its date of issue (``publication``).
    """
    title = extract_title(parsed)
    title_text = title.value if title else None
    decision = decide_doctype(parsed, title_text)
    agreement = decision.doc_type is not DocType.OTHER
    parties = extract_parties(parsed) if agreement else ()
    dates = _own_dates(extract_dates(parsed), decision.doc_type)
    term = extract_term_months(parsed)
    flags = sorted({flag for value in dates for flag in value.flags})
    return Extraction(
        doc_type=decision.doc_type,
        doc_type_rule=decision.rule,
        title=title,
        subject=extract_subject(title_text) if title_text else None,
        numbers=extract_numbers(parsed, doc_type=decision.doc_type),
        dates=dates,
        term_months=term.months if agreement else None,
        renewable=term.renewable and agreement,
        place=extract_place(parsed, doc_type=decision.doc_type),
        parties=parties,
        sectors=classify_sectors(parsed, title_text) if agreement else (),
        obligations=extract_obligations(parsed, _alias_roles(parties))
        if agreement
        else (),
        laws=extract_laws(parsed),
        flags=tuple(flags),
    )
