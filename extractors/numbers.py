"""Agreement numbers as printed: one ``Nomor`` line per party, plus parents'.

Rules (the rule name goes into the evidence):

* ``header_label``: a ``Nomor`` label in the header area (before the first
  Pasal/BAB) followed by its value, on the same line (``header_label``) or the
  next (``header_label_next_line``). At the start of a line the colon is
  optional (``NOMOR 045/PKS/2025``); inside a line it is required, so
  ``SD Negeri No. 104321`` and ``Undang-Undang Nomor 22`` never qualify.
  Labels tolerate OCR damage: ``N om or``, ``Nornor``, ``Nomer``, ``No.``.
* Look-alikes are dropped by their context: the label's own line or the line
  above naming a decree, regulation, law, deed or loan (``Keputusan Rektor``,
  ``Akta``, ``Notaris``), or a value shaped like a registration, tax or phone
  number. Blank (``....``) and placeholder (``XXX``) values have no digit and
  are dropped; partly filled values (``KS.07/.../2024``) are kept as printed.
* ``parent_reference``: ``Perjanjian Kerja Sama ... Nomor X`` anywhere in the
  text (an addendum's parent, an MoU a PKS implements) -> ``reference=True``.
* News: only ``PKS/MoU (ber)nomor X`` printed as such (``news_explicit``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractors.context import ParsedDocument
from extractors.doctype import doctype_of
from schemas.records import DocNumber, DocType, Evidence

_MAX_HEADER_CHARS = 6000
_CONTEXT_CHARS = 80

# Every pattern scanned over the whole (lower-cased) text starts with a plain
# letter: sre then skips ahead fast, while a leading lookbehind, \b or optional
# group makes it try every position (ten times slower). Word boundaries before
# a match are checked in Python instead (_starts_word).
_LABEL = r"n(?:[ \t]?[o0][ \t]?(?:m|rn)[ \t]?[o0e][ \t]?r|o\b\.?|mr\b\.?)"
# "Nomor I :", "NOMOR PIHAK KEDUA :" - only when a colon follows the qualifier.
_QUALIFIER = r"(?:[ \t]*(?:[ivx]{1,4}|\d|pihak[ \t]+\w+|\(\w+\))(?=[ \t]*:))?"
# On the lower-cased text; the value is then read from the original.
_HEADER_NUMBER = re.compile(
    r"(?P<label>"
    + _LABEL
    + r")"
    + _QUALIFIER
    + r"[ \t]*(?P<colon>:)?[ \t]*(?P<value>[^\n]*)"
)
_LINE_START = re.compile(r"^[ \t|>*•·\-]*$")
# Table cells, a second label or running text after a comma end the value.
# So does the English column's label of a bilingual header ("Number :").
_VALUE_END = re.compile(
    r"\t|\s{3,}|,\s|\s+(?:tanggal|tgl\b|lampiran|perihal|sifat|hal\s*:|tentang\b"
    r"|number\b|no\.?\s*:|date\s*:)",
    re.IGNORECASE,
)
_LOOKALIKE_CONTEXT = re.compile(
    r"keputusan|peraturan|undang|\bUU\b|\bPP\b|\bSK\b|akta\b|notaris|lembaran"
    r"|instruksi|edaran|\bkep\w*men|\bper(?:men|da|bup|gub|wal|wako)\w*"
    r"|pinjaman|kredit|rekening|jalan|\bjl\b|\bjln\b|berkedudukan|alamat",
    re.IGNORECASE,
)
# What a look-alike label is followed by: "Nomor Rekening", "No. Telp", ...
_LOOKALIKE_VALUE = re.compile(
    r"(?:rekening|rek\b|telepon|telp|tlp|hp\b|wa\b|fax|faks|induk|pokok|ktp|nik\b"
    r"|npwp|nib\b|pinjaman|kredit|akta|register|registrasi|pendaftaran|polis"
    r"|izin|sertifikat|kontak|ahu\b|ahu-|urut|seri|[a-z][a-z .]*:)"
    r"|\+62|\(?0\d{2,4}\)?[ -]?\d{5,}$|\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}|\d{9,}$",
    re.IGNORECASE,
)
_HOUSE_NUMBER = re.compile(r"\d{1,3}[A-Za-z]?$")  # "Jalan ...\nNomor 2"
# Codes may be lower case ("045/pks/2025"), but never hold a free-standing word.
_PROSE_WORD = re.compile(r"(?:^|\s)(?!tahun\b)[a-z]{4,}(?=\s|$)")
_NEXT_LINE = re.compile(r"\n[ \t]*(\S[^\n]*)")
_PLACEHOLDER_CHARS = re.compile(r"[\s.…_\-–—/xX]+")
_CODE = (
    r"(?:[A-Z]{1,6}[.\-][ \t]?)?[A-Za-z0-9][\w.\-&]*"
    r"(?:[ \t]?/[ \t]?[\w.\-&]+)*(?:[ \t]+Tahun[ \t]+\d{4})?"
)
_AGREEMENT = (
    r"perjanjian\s+ker\s*j?\s*a?[\s-]*sama|perjanjian|\bpks\b|nota\s+kesepahaman"
    r"|kesepakatan\s+bersama|\bmou\b|kontrak"
)
_AGREEMENT_WORD = re.compile(r"(?:" + _AGREEMENT + r")\b")  # on lower-cased text
# Found on the lower-cased text, which case-sensitive patterns scan ten times
# faster than IGNORECASE ones; the agreement word is then looked for before it.
_REFERENCE_LABEL = re.compile(r"n(?:omor|o\.)[ \t]*:?[ \t]*")  # also "bernomor"
_REFERENCE_VALUE = re.compile(_CODE)
_REFERENCE_WINDOW = 120
_GAP_BREAK = re.compile(r";|\.(?=\s)|\n[ \t]*\n")  # a sentence or item ended


_Hit = tuple[str, int, int, str]  # value, start, end, rule


def extract_numbers(
    parsed: ParsedDocument, *, doc_type: DocType | None = None
) -> tuple[DocNumber, ...]:
    """Every number of the agreement itself, then cited parent agreements' numbers.

    Args:
        parsed: The segmented document.
        doc_type: The document's type when the caller knows it already;
            worked out here otherwise. Letters, decrees and regulations
            (OTHER) have no agreement number of their own: none is returned.

    Returns:
        Numbers as printed (whitespace-normalised), deduplicated, in text order
        within each group; parents' numbers have ``reference=True``.
    """
    text = parsed.text
    if (doc_type or doctype_of(parsed, text)) is DocType.OTHER:
        return ()
    lowered = _lower(text)
    if parsed.is_news:
        found = list(_reference_numbers(text, lowered, adjacent=True))
    else:
        header_end = min(parsed.header_end, _MAX_HEADER_CHARS)
        found = list(_header_numbers(text, lowered, header_end))
        taken = [(start, end) for _, start, end, _ in found]
        found += [
            hit
            for hit in _reference_numbers(text, lowered)
            if not any(s < hit[2] and hit[1] < e for s, e in taken)
        ]
    return _dedupe(parsed, text, found)


def _header_numbers(text: str, lowered: str, end: int) -> Iterator[_Hit]:
    for match in _HEADER_NUMBER.finditer(lowered, 0, end):
        if not _starts_word(lowered, match.start()):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[line_start : match.start()]
        at_line_start = bool(_LINE_START.match(before))
        if not (at_line_start or match.group("colon")):
            continue
        context = before if not at_line_start else _previous_line(text, line_start)
        if _LOOKALIKE_CONTEXT.search(context[-_CONTEXT_CHARS:] + " " + before):
            continue
        hit = _value_at(text, match.start("value"), match.end("value"), "header_label")
        if hit is None and not match.group("value").strip():
            hit = _next_line_value(text, match.end())
        if hit is not None:
            yield hit


def _previous_line(text: str, line_start: int) -> str:
    if line_start == 0:
        return ""
    return text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]


def _value_at(text: str, start: int, end: int, rule: str) -> _Hit | None:
    """The printed value in ``text[start:end]``, cut at table gaps; None if unusable."""
    raw = text[start:end]
    cut = _VALUE_END.search(raw)
    if cut:
        raw = raw[: cut.start()]
    stripped = raw.rstrip(" \t,;:")
    if not _is_real_number(stripped):
        return None
    return " ".join(stripped.split()), start, start + len(stripped), rule


def _is_real_number(value: str) -> bool:
    """Filled in (some digit beyond the placeholders) and not a look-alike."""
    if not any(c.isdigit() for c in _PLACEHOLDER_CHARS.sub("", value)):
        return False
    if _HOUSE_NUMBER.match(value) or _PROSE_WORD.search(value):
        return False
    return not _LOOKALIKE_VALUE.match(value)


def _next_line_value(text: str, pos: int) -> _Hit | None:
    """The value printed alone on the line after a bare ``Nomor :`` label."""
    match = _NEXT_LINE.match(text, pos)
    if match is None or _PROSE_WORD.search(match.group(1)):
        return None  # running text, not a number
    return _value_at(text, match.start(1), match.end(1), "header_label_next_line")


def _reference_numbers(
    text: str, lowered: str, *, adjacent: bool = False
) -> Iterator[_Hit]:
    """``Perjanjian Kerja Sama ... Nomor X``: numbers of other agreements cited.

    ``adjacent`` (news) wants the agreement word right before the label
    (``PKS bernomor X``); otherwise up to a clause may sit between them.
    """
    rule = "news_explicit" if adjacent else "parent_reference"
    for label in _REFERENCE_LABEL.finditer(lowered):
        start = label.start()
        if lowered.endswith("ber", 0, start):
            start -= len("ber")
        if not _starts_word(lowered, start):
            continue
        if not _agreement_before(lowered, start, adjacent=adjacent):
            continue
        value = _REFERENCE_VALUE.match(text, label.end())
        if value is None:
            continue
        hit = _value_at(text, value.start(), value.end(), rule)
        if hit is not None:
            yield _strip_sentence_end(hit)


def _agreement_before(lowered: str, label: int, *, adjacent: bool) -> bool:
    """Whether the nearest agreement word before ``label`` governs the number."""
    window_start = max(0, label - _REFERENCE_WINDOW)
    words = list(_AGREEMENT_WORD.finditer(lowered, window_start, label))
    if not words:
        return False
    gap = lowered[words[-1].end() : label]
    if adjacent:
        return not gap.strip()
    # "Perjanjian ini berdasarkan Undang-Undang Nomor ...": the law's number.
    return not (_GAP_BREAK.search(gap) or _LOOKALIKE_CONTEXT.search(gap))


def _starts_word(text: str, pos: int) -> bool:
    return pos == 0 or not text[pos - 1].isalnum()


def _lower(text: str) -> str:
    """Lower-cased text with the same offsets (a few characters grow when lowered)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _strip_sentence_end(hit: _Hit) -> _Hit:
    """Drop a full stop that ends the sentence rather than the number."""
    value, start, end, rule = hit
    trimmed = value.rstrip(".")
    return trimmed, start, end - (len(value) - len(trimmed)), rule


def _dedupe(
    parsed: ParsedDocument, text: str, hits: list[_Hit]
) -> tuple[DocNumber, ...]:
    seen: set[str] = set()
    numbers = []
    for value, start, end, rule in hits:
        key = value.casefold().replace(" ", "")
        if key in seen:
            continue
        seen.add(key)
        evidence = Evidence(
            page=parsed.page_of(start),
            start=start,
            end=end,
            text=text[start:end],
            rule=rule,
        )
        numbers.append(
            DocNumber(
                value=value, evidence=evidence, reference=rule == "parent_reference"
            )
        )
    return tuple(numbers)
