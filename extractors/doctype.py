"""What kind of document this is: PKS, MoU, addendum, news or something else.

Decided in this order; the first rule that fires wins and is reported:

1. ``news_page``: a web page is NEWS, even when it quotes a PKS.
2. ``title_*``: the title's opening words. A regulation, decree, letter or
   invoice title is OTHER; an addendum title (``ADENDUM``, ``AMANDEMEN``,
   ``PERUBAHAN PERTAMA ATAS ...``) is ADDENDUM even though it names the parent
   PKS; then MoU wording or PKS wording, whichever comes first.
3. ``structure_*``: Pasal articles plus PIHAK PERTAMA/KEDUA labels make an
   agreement; the kind comes from how the text refers to itself
   (``Nota Kesepahaman ini``), PKS by default.
4. ``wording_*``: letters (``Perihal``/``Hal`` + ``Yth.``), regulations
   (``MEMUTUSKAN``) and invoices are OTHER; a text that refers to itself as
   ``Perjanjian Kerja Sama ini`` is PKS. Anything else is OTHER (``default``).

The title alone is trusted only at its start: a title that merely mentions a
PKS (``Undangan Penandatanganan Perjanjian Kerja Sama``) is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.context import ParsedDocument
from extractors.title import extract_title_from
from schemas.records import DocType, SectionKind

_WORDING_WINDOW = 6000  # self-references and letter markers sit near the top

_PREFIX = r"^\W*(?:(?:surat|naskah|draf|draft|rancangan|salinan)\s+)?"
_OTHER_TITLE = re.compile(
    _PREFIX + r"(?:peraturan|keputusan|edaran|instruksi|undangan|berita\s+acara"
    r"|kuasa|tugas|invoice|faktur|tagihan|k[wu]itansi|pengumuman)\b",
    re.IGNORECASE,
)
_ADDENDUM = (
    r"ad+end[ue]m|amandemen|amendemen"
    r"|perubahan\s+(?:\w+\s+){0,2}atas\s+(?:perjanjian|nota|kesepakatan|kontrak)"
)
_MOU = (
    r"nota\s+kesepa(?:haman|katan)|memorandum\s+(?:of\s+)?(?:understanding|saling)"
    r"|\bmou\b|kesepakatan\s+bersama|kesepahaman\s+bersama"
)
# Typos seen in real headings: KERSAMA, KERJASAMA, "Kerj a Sama", KERJA-SAMA.
_PKS = r"perjanjian\s+ker\s*j?\s*a?[\s-]*sama|\bpks\b"
_CONTRACT = r"kontrak|perjanjian"
_ADDENDUM_TITLE = re.compile(_PREFIX + r"(?:" + _ADDENDUM + r")", re.IGNORECASE)
_MOU_OR_PKS = re.compile(r"(?P<mou>" + _MOU + r")|(?P<pks>" + _PKS + r")", re.I)
_AGREEMENT_TITLE = re.compile(
    _PREFIX + r"(?:" + _MOU + r"|" + _PKS + r"|" + _CONTRACT + r")", re.IGNORECASE
)
# Scanned over the whole text, so case-sensitively on a lower-cased copy: an
# IGNORECASE scan is about ten times slower.
_ROLE_LABELS = re.compile(
    r"pihak\s+(?:(?P<first>pertama|kesatu|i)|(?P<second>kedua|ii))\b"
)
_SELF_ADDENDUM = re.compile(r"(?:" + _ADDENDUM + r")\s+ini\b", re.IGNORECASE)
_SELF_MOU = re.compile(r"(?:" + _MOU + r")\s+ini\b", re.IGNORECASE)
_SELF_PKS = re.compile(
    r"(?:" + _PKS + r")\s+ini\b|selanjutnya\s+disebut\s+[\"“]?perjanjian\s+kerja",
    re.IGNORECASE,
)
_LETTER = re.compile(r"^[ \t]*(?:perihal|hal)[ \t]*:", re.IGNORECASE | re.MULTILINE)
_ADDRESSEE = re.compile(r"\byth\b\.?|\bkepada\s+yang\s+terhormat\b", re.IGNORECASE)
_REGULATION = re.compile(r"^[ \t]*(?:M\s?E\s?M\s?U\s?T\s?U\s?S\s?K\s?A\s?N)\b", re.M)
_INVOICE = re.compile(
    r"\b(?:invoice|faktur|kwitansi|kuitansi|total\s+tagihan|jatuh\s+tempo)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DocTypeDecision:
    """The document type and the name of the rule that decided it."""

    doc_type: DocType
    rule: str


def classify_doctype(parsed: ParsedDocument, title: str | None) -> DocType:
    """The document type; see :func:`decide_doctype` for the rules.

    Args:
        parsed: The segmented document.
        title: The title from :func:`extractors.title.extract_title`, if any.

    Returns:
        The document type.
    """
    return decide_doctype(parsed, title).doc_type


def decide_doctype(parsed: ParsedDocument, title: str | None) -> DocTypeDecision:
    """The document type with the rule that decided it (module docstring order).

    Args:
        parsed: The segmented document.
        title: The title from :func:`extractors.title.extract_title`, if any.

    Returns:
        The decision: type and rule name, e.g. ``title_addendum``.
    """
    return decide_doctype_from(parsed, parsed.text, title)


def decide_doctype_from(
    parsed: ParsedDocument, text: str, title: str | None
) -> DocTypeDecision:
    """:func:`decide_doctype` for a caller that already holds ``parsed.text``.

    Args:
        parsed: The segmented document.
        text: ``parsed.text`` (rebuilt from the Doc on every access).
        title: The document's title, if any.

    Returns:
        The decision: type and rule name.
    """
    if parsed.is_news:
        return DocTypeDecision(doc_type=DocType.NEWS, rule="news_page")
    head = text[: min(parsed.header_end, _WORDING_WINDOW)]
    by_title = _from_title(title, head) if title else None
    if by_title is not None:
        return by_title
    if _has_agreement_structure(parsed, text):
        return DocTypeDecision(doc_type=_self_reference(head), rule="structure")
    return _from_wording(head)


def _from_title(title: str, head: str) -> DocTypeDecision | None:
    """Type from the title's opening words; None when the title does not tell."""
    if _OTHER_TITLE.match(title):
        return DocTypeDecision(doc_type=DocType.OTHER, rule="title_other")
    if _ADDENDUM_TITLE.match(title):
        return DocTypeDecision(doc_type=DocType.ADDENDUM, rule="title_addendum")
    if not _AGREEMENT_TITLE.match(title):
        return None
    kind = _MOU_OR_PKS.search(title)
    if kind is None:
        # A bare "KONTRAK ..." / "SURAT PERJANJIAN ...": PKS only if it says so.
        if _SELF_PKS.search(head):
            return DocTypeDecision(doc_type=DocType.PKS, rule="title_contract_as_pks")
        return None
    if kind.group("mou"):
        return DocTypeDecision(doc_type=DocType.MOU, rule="title_mou")
    return DocTypeDecision(doc_type=DocType.PKS, rule="title_pks")


def _has_agreement_structure(parsed: ParsedDocument, text: str) -> bool:
    """Pasal articles plus both a first and a second party label."""
    if not parsed.sections_of(SectionKind.ARTICLE):
        return False
    first = second = False
    for match in _ROLE_LABELS.finditer(text.lower()):
        first = first or bool(match.group("first"))
        second = second or bool(match.group("second"))
        if first and second:
            return True
    return False


def _self_reference(head: str) -> DocType:
    """How an agreement refers to itself (``Adendum ini``); PKS by default."""
    if _SELF_ADDENDUM.search(head):
        return DocType.ADDENDUM
    if _SELF_MOU.search(head):
        return DocType.MOU
    return DocType.PKS


def _from_wording(head: str) -> DocTypeDecision:
    """Last resort: letter, regulation and invoice markers, then self-reference."""
    if _LETTER.search(head) and _ADDRESSEE.search(head):
        return DocTypeDecision(doc_type=DocType.OTHER, rule="wording_letter")
    if _REGULATION.search(head):
        return DocTypeDecision(doc_type=DocType.OTHER, rule="wording_regulation")
    if _INVOICE.search(head):
        return DocTypeDecision(doc_type=DocType.OTHER, rule="wording_invoice")
    if _SELF_ADDENDUM.search(head):
        return DocTypeDecision(doc_type=DocType.ADDENDUM, rule="wording_addendum")
    if _SELF_MOU.search(head):
        return DocTypeDecision(doc_type=DocType.MOU, rule="wording_mou")
    if _SELF_PKS.search(head):
        return DocTypeDecision(doc_type=DocType.PKS, rule="wording_pks")
    return DocTypeDecision(doc_type=DocType.OTHER, rule="default")


def doctype_of(parsed: ParsedDocument, text: str) -> DocType:
    """The document type from scratch (title included), for other extractors.

    Args:
        parsed: The segmented document.
        text: ``parsed.text``.

    Returns:
        The document type.
    """
    title = extract_title_from(parsed, text)
    return decide_doctype_from(parsed, text, title.value if title else None).doc_type
