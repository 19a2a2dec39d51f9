"""Fields of cooperation (sectors), weighted by where their words stand.

Sector words are ``SECTOR`` entities from the ruler (``patterns/sectors.jsonl``,
``id`` = taxonomy code). Each mention scores by its zone:

========== ====== ==========================================================
zone       weight where
========== ====== ==========================================================
title       6.0   the ``TENTANG ...`` part of the title, or the headline
scope       4.0   articles or ayat on RUANG LINGKUP / MAKSUD DAN TUJUAN / OBJEK
field       4.0   after ``di bidang`` in a sentence about the cooperation
                  (any ``di bidang`` sentence in news)
lead        4.0   the lead paragraph of a news report
body        1.0   anywhere else
preamble    0.5   the opening and recitals of an agreement that has articles
org_name    0.5   inside an institution's name (``Dinas Kesehatan``)
========== ====== ==========================================================

Only the first mentions of a code count in each zone (:data:`ZONE_CAPS`: one
in the title, two in scope, field and lead, four in the body, two in the
preamble and in names),
so a long list in a scope article does not outweigh the title. A code is kept
when its score reaches :data:`THRESHOLD` (4.0): one mention in a title, scope
article, field sentence or news lead is enough, while a passing mention in an
unrelated article needs three more like it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from extractors.context import ParsedDocument
from extractors.nlp import load_patterns
from extractors.taxonomy import SECTOR_LABELS
from schemas.records import Evidence, Section, SectionKind, SectorHit

TITLE_WEIGHT = 6.0
SCOPE_WEIGHT = 4.0
FIELD_WEIGHT = 4.0
LEAD_WEIGHT = 4.0
BODY_WEIGHT = 1.0
PREAMBLE_WEIGHT = 0.5
ORG_NAME_WEIGHT = 0.5
THRESHOLD = 4.0
# How many mentions of one code count in each zone: a long list in a scope
# article must not outweigh the title, nor a repeated word everything else.
ZONE_CAPS = {
    "title": 1,
    "scope": 2,
    "field": 2,
    "lead": 2,
    "body": 4,
    "preamble": 2,
    "org_name": 2,
}

_SCOPE_HEADING = re.compile(
    r"ruang\s+lingkup|maksud|tujuan|ob[jy]ek|bidang\s+kerja\s*sama"
    r"|lingkup\s+kerja\s*sama",
    re.IGNORECASE,
)
# An ayat that opens a scope list in an article whose heading is missing.
_SCOPE_OPENING = re.compile(
    r"\s*(?:\(\d{1,2}\)|\d{1,2}[.)])?\s*(?:ruang\s+lingkup|maksud|tujuan|objek)\b",
    re.IGNORECASE,
)
_TITLE_LINE = re.compile(r"^[ \t]*(?:TENTANG|Tentang)\b", re.MULTILINE)
# Lines that end a title block: numbers, the opening formula, party blocks.
_TITLE_STOP = re.compile(
    r"\n[ \t]*\n|\n[ \t]*(?:nomor|no\.|pada\s+hari|antara\b|dengan\b|yang\s+bertanda)",
    re.IGNORECASE,
)
_TITLE_MAX_CHARS = 400
_TITLE_SEARCH_CHARS = 2500
_TENTANG = re.compile(r"\btentang\b", re.IGNORECASE)
_FIELD = re.compile(r"\b(?:di|dalam|pada)\s+bidang\b", re.IGNORECASE)
_COOPERATION = re.compile(
    r"kerja\s*sama|bekerja\s*sama|kolaborasi|sinergi|kemitraan|kesepahaman"
    r"|kesepakatan|perjanjian",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n[ \t]*\n")
_SENTENCE_START = re.compile(r"[.!?;]\s|\n[ \t]*\n")
# An institution's head noun followed only by capitalised words up to the
# mention: "Dinas Pendidikan dan Kebudayaan" names a body, not a field.
_ORG_HEAD = re.compile(
    r"(?i:\b(?:dinas|kementerian|kantor|badan|balai|lembaga|fakultas|sekolah"
    r"|politeknik|akademi|institut|direktorat|kanwil|departemen|prodi|jurusan"
    r"|yayasan|upt|uptd))(?:\s+(?:[A-Z][\w.,]*|dan|&))*\s+$"
)
# Sector words that are themselves the head of a name: "Sekolah Tinggi
# Pariwisata", "Rumah Sakit Umum Daerah", "Koperasi Mitra Usaha".
_ORG_NOUNS = frozenset(
    {"sekolah", "rumah sakit", "puskesmas", "klinik", "koperasi", "pesantren",
     "pondok pesantren", "museum", "perpustakaan", "bank"}
)  # fmt: skip
_NAME_GOES_ON = re.compile(r"[ \t]+[A-Z]")
_ORG_LOOKBACK = 60
_LEAD_MIN_WORDS = 12


@dataclass(frozen=True, slots=True)
class _Zone:
    start: int
    end: int
    name: str
    weight: float


@dataclass(frozen=True, slots=True)
class _Mention:
    code: str
    evidence: Evidence
    weight: float


def classify_sectors(
    parsed: ParsedDocument, title: str | None = None
) -> tuple[SectorHit, ...]:
    """Sectors of cooperation of one document, strongest first.

    Args:
        parsed: The segmented document.
        title: The title as extracted (``PERJANJIAN ... TENTANG ...``); for
            news, the headline. ``None`` uses the ``TENTANG`` block of the text
            (agreements) or ``parsed.meta_title`` (news).

    Returns:
        One hit per code whose weighted score reaches :data:`THRESHOLD`, in
        descending score order; the evidence is the strongest mention and its
        ``rule`` names the zone it stood in.
    """
    if title is None and parsed.is_news:
        title = parsed.meta_title
    text = parsed.text
    zones = list(_zones(parsed, text, title))
    mentions = list(_text_mentions(parsed, text, zones))
    if title and not any(zone.name == "title" for zone in zones):
        mentions.extend(_title_string_mentions(title))
    return _rank(mentions)


def _rank(mentions: Iterable[_Mention]) -> tuple[SectorHit, ...]:
    """Sum weights per code, up to each zone's cap, and keep codes that pass."""
    scores: dict[str, float] = {}
    best: dict[str, _Mention] = {}
    counted: Counter[tuple[str, str]] = Counter()
    for mention in mentions:
        key = (mention.code, mention.evidence.rule)
        if counted[key] >= ZONE_CAPS.get(mention.evidence.rule, 1):
            continue
        counted[key] += 1
        scores[mention.code] = scores.get(mention.code, 0.0) + mention.weight
        current = best.get(mention.code)
        if current is None or mention.weight > current.weight:
            best[mention.code] = mention
    kept = [code for code, score in scores.items() if score >= THRESHOLD]
    kept.sort(key=lambda code: (-scores[code], best[code].evidence.start))
    return tuple(
        SectorHit(code=code, label=SECTOR_LABELS[code], evidence=best[code].evidence)
        for code in kept
    )


def _text_mentions(
    parsed: ParsedDocument, text: str, zones: list[_Zone]
) -> Iterator[_Mention]:
    """SECTOR entities of the document text, weighted by their zone."""
    for ent in parsed.doc.ents:
        if ent.label_ != "SECTOR" or ent.ent_id_ not in SECTOR_LABELS:
            continue
        start, end = ent.start_char, ent.end_char
        zone = _zone_of(start, zones)
        name, weight = (zone.name, zone.weight) if zone else ("body", BODY_WEIGHT)
        if name != "title" and _inside_org_name(text, start, end):
            name, weight = "org_name", ORG_NAME_WEIGHT
        yield _Mention(
            code=ent.ent_id_,
            evidence=parsed.evidence(start, end, name),
            weight=weight,
        )


def _zone_of(offset: int, zones: list[_Zone]) -> _Zone | None:
    """The heaviest zone that holds ``offset``."""
    holding = [zone for zone in zones if zone.start <= offset < zone.end]
    if not holding:
        return None
    return max(holding, key=_zone_weight)


def _zone_weight(zone: _Zone) -> float:
    return zone.weight


def _inside_org_name(text: str, start: int, end: int) -> bool:
    """True when the mention is part of an institution's capitalised name."""
    if not text[start : start + 1].isupper():
        return False
    mention = " ".join(text[start:end].lower().split())
    if mention in _ORG_NOUNS and _NAME_GOES_ON.match(text, end):
        return True
    before = text[max(0, start - _ORG_LOOKBACK) : start]
    return _ORG_HEAD.search(before) is not None


def _zones(parsed: ParsedDocument, text: str, title: str | None) -> Iterator[_Zone]:
    """Every weighted zone of the document."""
    yield from _title_zones(parsed, text, title)
    if parsed.is_news:
        yield from _lead_zone(parsed, text, title)
    else:
        yield from _scope_zones(parsed, text)
        if parsed.header_end < len(text):
            # Recitals describe what each party does, not what they agreed.
            yield _Zone(0, parsed.header_end, "preamble", PREAMBLE_WEIGHT)
    yield from _field_zones(text, news=parsed.is_news)


def _title_zones(
    parsed: ParsedDocument, text: str, title: str | None
) -> Iterator[_Zone]:
    """The ``TENTANG`` block at the top, and the given title where it is printed."""
    if not parsed.is_news:
        head = text[: min(parsed.header_end, _TITLE_SEARCH_CHARS)]
        match = _TITLE_LINE.search(head)
        if match:
            stop = _TITLE_STOP.search(text, match.end(), match.end() + _TITLE_MAX_CHARS)
            end = stop.start() if stop else match.end() + _TITLE_MAX_CHARS
            yield _Zone(match.start(), min(end, len(text)), "title", TITLE_WEIGHT)
    if title:
        subject = _title_subject(title)
        words = [re.escape(word) for word in subject.split()]
        if words:
            found = re.search(r"\s+".join(words), text, re.IGNORECASE)
            if found:
                yield _Zone(found.start(), found.end(), "title", TITLE_WEIGHT)


def _title_subject(title: str) -> str:
    """The subject part of a title: what follows ``tentang``, else all of it."""
    match = _TENTANG.search(title)
    return title[match.end() :] if match else title


def _scope_zones(parsed: ParsedDocument, text: str) -> Iterator[_Zone]:
    """Articles headed as scope or purpose, and ayat that open a scope list."""
    for section in parsed.sections:
        if _is_scope(text, section):
            yield _Zone(section.start, section.end, "scope", SCOPE_WEIGHT)


def _is_scope(text: str, section: Section) -> bool:
    if section.kind is SectionKind.ARTICLE and _SCOPE_HEADING.search(section.heading):
        return True
    if section.kind is SectionKind.AYAT:
        return _SCOPE_OPENING.match(text, section.start, section.end) is not None
    return False


def _lead_zone(parsed: ParsedDocument, text: str, title: str | None) -> Iterator[_Zone]:
    """The first news paragraph long enough to be the lead, not the headline."""
    headline = " ".join((title or "").split()).lower()
    for section in parsed.sections_of(SectionKind.PARAGRAPH):
        words = text[section.start : section.end].split()
        if headline and " ".join(words).lower() == headline:
            continue
        if len(words) >= _LEAD_MIN_WORDS:
            yield _Zone(section.start, section.end, "lead", LEAD_WEIGHT)
            return


def _field_zones(text: str, *, news: bool) -> Iterator[_Zone]:
    """From ``di bidang`` to the end of its sentence.

    In an agreement the sentence must be about the cooperation: recitals also
    say which field a party works in (``bergerak di bidang ...``).
    """
    for match in _FIELD.finditer(text):
        if not news and not _COOPERATION.search(_sentence_before(text, match.start())):
            continue
        stop = _SENTENCE_END.search(text, match.end())
        end = stop.start() if stop else len(text)
        yield _Zone(match.end(), end, "field", FIELD_WEIGHT)


def _sentence_before(text: str, offset: int) -> str:
    """The part of the sentence that precedes ``offset``."""
    window = text[max(0, offset - 300) : offset]
    starts = [match.end() for match in _SENTENCE_START.finditer(window)]
    return window[starts[-1] :] if starts else window


def _title_string_mentions(title: str) -> Iterator[_Mention]:
    """Sector words of a title that is not printed in the text (a headline).

    The evidence has no offsets in the text (``start == end == 0``).
    """
    subject = _title_subject(title)
    for code, pattern in _title_regexes():
        for match in pattern.finditer(subject):
            yield _Mention(
                code=code,
                evidence=Evidence(
                    page=1, start=0, end=0, text=match.group(0), rule="title"
                ),
                weight=TITLE_WEIGHT,
            )


@cache
def _title_regexes() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One regex per code, built once from the same ruler patterns."""
    sources: dict[str, list[str]] = {}
    for pattern in load_patterns():
        if pattern.get("label") == "SECTOR" and pattern.get("id") in SECTOR_LABELS:
            sources.setdefault(pattern["id"], []).append(
                pattern_regex(pattern["pattern"])
            )
    return tuple(
        (
            code,
            re.compile(
                r"(?<!\w)(?:"
                + "|".join(sorted(parts, key=len, reverse=True))
                + r")(?!\w)",
                re.IGNORECASE,
            ),
        )
        for code, parts in sources.items()
    )


def pattern_regex(pattern: str | list[dict[str, Any]]) -> str:
    """Regex source equivalent to a SECTOR ruler pattern, for plain strings.

    Args:
        pattern: A phrase (``"pelatihan kerja"``) or a token pattern whose
            tokens use ``LOWER`` with a string, ``{"REGEX": ...}`` or
            ``{"IN": [...]}``.

    Returns:
        Regex source without flags (apply ``re.IGNORECASE``).

    Raises:
        ValueError: A token uses an attribute or operator not supported here.
    """
    if isinstance(pattern, str):
        return r"\s*".join(re.escape(word) for word in pattern.split())
    return r"\s*".join(_token_regex(token) for token in pattern)


def _token_regex(token: dict[str, Any]) -> str:
    value = token.get("LOWER")
    if isinstance(value, str):
        return re.escape(value)
    if isinstance(value, dict) and "REGEX" in value:
        source = str(value["REGEX"])
        head = "" if source.startswith("^") else r"\w*"
        tail = "" if source.endswith("$") else r"\w*"
        return f"{head}(?:{source.lstrip('^').rstrip('$')}){tail}"
    if isinstance(value, dict) and "IN" in value:
        return "(?:" + "|".join(re.escape(str(word)) for word in value["IN"]) + ")"
    raise ValueError(f"unsupported SECTOR token pattern: {token!r}")
