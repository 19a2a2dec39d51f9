"""Extractors: pure functions from a ParsedDocument to typed records.

One module per field; :func:`extract` runs them all in dependency order
(title before type and sectors, parties before obligations).
"""

from __future__ import annotations

import datetime as dt
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

__all__ = [
    "ParsedDocument",
    "build_nlp",
    "date_order_flags",
    "extract",
    "months_between",
]


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


# (flag, earlier role, later role): the first role's date must not be after
# the second's. An agreement may take effect before it is signed (backdated),
# so effective-before-signing is no flag.
_DATE_ORDER = (
    ("expiry_before_signing", DateRole.SIGNING, DateRole.EXPIRY),
    ("expiry_before_effective", DateRole.EFFECTIVE, DateRole.EXPIRY),
    ("signing_after_publication", DateRole.SIGNING, DateRole.PUBLICATION),
)


def date_order_flags(dates: tuple[DateValue, ...]) -> tuple[str, ...]:
    """Flags for dates whose order is impossible, e.g. an end before the signing.

    Args:
        dates: The dates of one document with their roles.

    Returns:
        ``expiry_before_signing``, ``expiry_before_effective`` and
        ``signing_after_publication`` (a report cannot precede the signing it
        reports), each at most once, compared on the first full date of each
        role.
    """
    first: dict[DateRole, dt.date] = {}
    for value in dates:
        if value.date is not None:
            first.setdefault(value.role, value.date)
    return tuple(
        flag
        for flag, before, after in _DATE_ORDER
        if before in first and after in first and first[before] > first[after]
    )


def months_between(dates: tuple[DateValue, ...]) -> int | None:
    """The term in whole months when only its first and last day are printed.

    ``berlaku sejak 23 Februari 2023 sampai dengan 22 Februari 2025`` is 24
    months: the day after the last day falls on the first day's date.

    Args:
        dates: The dates of one document with their roles.

    Returns:
        The number of months, or None unless both an effective and an expiry
        date are known and they span whole months.
    """
    first: dict[DateRole, dt.date] = {}
    for value in dates:
        if value.date is not None:
            first.setdefault(value.role, value.date)
    start, last = first.get(DateRole.EFFECTIVE), first.get(DateRole.EXPIRY)
    if start is None or last is None or last < start:
        return None
    end = last + dt.timedelta(days=1)
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if months > 0 and end.day == start.day else None


def extract(parsed: ParsedDocument) -> Extraction:
    """Every field of one document.

    A document typed ``other`` (a letter, a decree, an invoice) may cite an
    agreement but is not one: it gets no parties, duties, sectors or term of
    its own, and its own date is its date of issue (``publication``).
    """
    parsed = parsed.without_glyphs()
    title = extract_title(parsed)
    title_text = title.value if title else None
    decision = decide_doctype(parsed, title_text)
    agreement = decision.doc_type is not DocType.OTHER
    parties = extract_parties(parsed) if agreement else ()
    dates = _own_dates(extract_dates(parsed), decision.doc_type)
    term = extract_term_months(parsed)
    term_months = term.months or months_between(dates)
    flags = sorted(
        {flag for value in dates for flag in value.flags} | set(date_order_flags(dates))
    )
    return Extraction(
        doc_type=decision.doc_type,
        doc_type_rule=decision.rule,
        title=title,
        subject=extract_subject(title_text) if title_text else None,
        numbers=extract_numbers(parsed, doc_type=decision.doc_type),
        dates=dates,
        term_months=term_months if agreement else None,
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
