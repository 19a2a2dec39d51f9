"""Laws and regulations an agreement cites, normalised to one canonical name.

``UU No. 22 Tahun 2022 tentang Pemasyarakatan (Lembaran Negara ...);`` becomes
``Undang-Undang Nomor 22 Tahun 2022 tentang Pemasyarakatan``: the kind is
expanded (UU, PP, Perpres, Permendagri, Perda, Perbup, Inpres, ...), the number
label becomes ``Nomor``, and the ``tentang`` subject runs to the end of the
item - a ``;``, a ``(Lembaran Negara`` tail, the next list item, the end of the
sentence, or the first comma-separated chunk that reads as running text
rather than a Title Case regulation name. Citations are deduplicated by
(kind, number, year); the fullest name wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.context import ParsedDocument
from schemas.records import Evidence, Law

_MAX_SUBJECT_CHARS = 300

# Abbreviated ministers' regulations: Permen + ministry code.
_MINISTRIES = {
    "kumham": "Hukum dan Hak Asasi Manusia",
    "dagri": "Dalam Negeri",
    "dikbud": "Pendidikan dan Kebudayaan",
    "dikbudristek": "Pendidikan, Kebudayaan, Riset, dan Teknologi",
    "ristekdikti": "Riset, Teknologi, dan Pendidikan Tinggi",
    "kes": "Kesehatan",
    "keu": "Keuangan",
    "naker": "Ketenagakerjaan",
    "nakertrans": "Tenaga Kerja dan Transmigrasi",
    "panrb": "Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
    "pan-rb": "Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
    "sos": "Sosial",
    "desa": "Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi",
    "kominfo": "Komunikasi dan Informatika",
    "pupr": "Pekerjaan Umum dan Perumahan Rakyat",
    "tan": "Pertanian",
    "hub": "Perhubungan",
    "ag": "Agama",
    "lhk": "Lingkungan Hidup dan Kehutanan",
    "kopukm": "Koperasi dan Usaha Kecil dan Menengah",
}
_REGIONAL_HEADS = {
    "bup": "Bupati",
    "gub": "Gubernur",
    "wal": "Wali Kota",
    "wako": "Wali Kota",
    "walkot": "Wali Kota",
}

# "Nomor 22 Tahun 2022"; the short form "20/2003" is found from its "/year".
_NUMBER_YEAR = re.compile(
    r"n(?:omor|o\.?|mr\.?)[ \t]*:?[ \t]*(?P<num>\d+[a-z]?(?:/[\w.\-]+)*)"
    r"\s+tahun\s+(?P<year>(?:19|20)\d{2})"
)
_SLASH_YEAR = re.compile(r"/(?P<year>(?:19|20)\d{2})\b")
# Matched on lower-cased text; the abbreviations UU and PP are then checked
# against the original case ("pp" in prose is not a law).
_KIND = (
    r"(?P<perppu>peraturan\s+pemerintah\s+pengganti\s+undang-?\s*undang|perppu)"
    r"|(?P<uu>undang\s*-?\s*undang(?!\s+dasar)|uu)"
    r"|(?P<pp>peraturan\s+pemerintah|pp)"
    r"|(?P<perpres>peraturan\s+presiden|perpres)"
    r"|(?P<inpres>instruksi\s+presiden|inpres)"
    r"|(?P<permen_short>permen(?P<ministry>[a-z\-]+)?)"
    r"|(?P<regional_short>per(?P<head>bup|gub|wal|wako|walkot))"
    r"|(?P<perda>peraturan\s+daerah|perda)"
    r"|(?P<issuer>peraturan\s+(?:menteri|bupati|gubernur|wali\s*kota|badan|kepala"
    r"|lembaga))"
)
# Citations are found from their number ("Nomor 22 Tahun 2022", a cheap scan),
# then the kind is looked for just before it: scanning the whole text for every
# kind at every position costs milliseconds per document. Both patterns, and
# the subject's end, run on lower-cased text: case-sensitive patterns scan
# about ten times faster than IGNORECASE ones.
_KINDS = re.compile(r"(?<![\w-])(?:" + _KIND + r")\b")
_ABBREVIATIONS = frozenset({"UU", "PP"})
_KIND_WINDOW = 200
# Up to a dozen words between the kind and the number name the issuer
# ("Peraturan Menteri Dalam Negeri", "Peraturan Daerah Kabupaten Kampar").
_ISSUER = re.compile(r"(?:[ \t\n]+[^\s;,()]+){0,12}?[ \t\n]+")
_NUMBER_WORD = re.compile(r"\b(?:nomor|no)\b", re.IGNORECASE)
_NATIONAL = re.compile(r"^(?:republik\s+indonesia|RI)?$", re.IGNORECASE)
_TENTANG = re.compile(r"[ \t\n]*,?[ \t\n]*tentang[ \t\n]+")
_NEXT_LAW = r"(?:undang|peraturan|uu\b|pp\b|per[a-z]+\b|inpres|instruksi)"
_SUBJECT_END = re.compile(
    r";|\(|\n[ \t]*\n|\n[ \t]*(?:\d{1,2}[.)]|[a-z][.)]|\(\d+\))[ \t]"
    r"|\.(?=[ \t]*(?:\n|$))"
    r"|,?[ \t\n]+(?:dan|serta)[ \t\n]+(?=" + _NEXT_LAW + r")"
    r"|,[ \t\n]*(?=" + _NEXT_LAW + r")"
    r"|\n[ \t]*(?=" + _NEXT_LAW + r")"
)
_SENTENCE_END = re.compile(r"\.[ \t]+(?=[A-Z])")  # on the original text: case
# "tentang Perubahan atas\nUndang-Undang ...", "menjadi\nUndang-Undang": the law
# after these words is part of the subject, so the line break does not end it.
_NESTED = re.compile(r"\b(?:atas|menjadi|tentang)[ \t]*$")
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_COMMA_CHUNK = re.compile(r"[^,]+")
_SMALL_WORDS = frozenset(
    "dan atas di ke dari untuk bagi serta dalam pada tentang oleh antara dengan "
    "yang sebagai atau terhadap melalui menjadi nomor tahun".split()
)


@dataclass(frozen=True, slots=True)
class _Citation:
    key: tuple[str, str, str]
    name: str
    start: int
    end: int


def extract_laws(parsed: ParsedDocument) -> tuple[Law, ...]:
    """Every law or regulation cited, in text order of its fullest citation.

    Args:
        parsed: The segmented document.

    Returns:
        One :class:`Law` per (kind, number, year), with a canonical name such
        as ``Undang-Undang Nomor 22 Tahun 2022 tentang Pemasyarakatan``.
    """
    text = parsed.text
    best: dict[tuple[str, str, str], _Citation] = {}
    for citation in _citations(text):
        known = best.get(citation.key)
        if known is None or len(citation.name) > len(known.name):
            best[citation.key] = citation
    ordered = sorted(best.values(), key=lambda c: c.start)
    return tuple(
        Law(
            name=c.name,
            evidence=Evidence(
                page=parsed.page_of(c.start),
                start=c.start,
                end=c.end,
                text=text[c.start : c.end],
                rule="law_citation",
            ),
        )
        for c in ordered
    )


def _citations(text: str) -> list[_Citation]:
    """Citations in text order; one named inside another's subject is skipped.

    ``UU 6/2023 tentang Penetapan Perppu 2/2022 tentang Cipta Kerja menjadi
    Undang-Undang`` cites one law, not two.
    """
    found: list[_Citation] = []
    lowered = _lower(text)
    for anchor_start, anchor_end, number, year in _anchors(text, lowered):
        located = _kind_before(text, lowered, anchor_start)
        if located is None or (found and located[0] < found[-1].end):
            continue
        start, kind, key_kind = located
        subject_span = _subject(text, lowered, anchor_end)
        name = f"{kind} Nomor {number} Tahun {year}"
        end = anchor_end
        if subject_span:
            subject = " ".join(text[subject_span[0] : subject_span[1]].split())
            name += " tentang " + _tidy(subject)
            end = subject_span[1]
        found.append(_Citation((key_kind, number, year), name, start, end))
    return found


def _anchors(text: str, lowered: str) -> list[tuple[int, int, str, str]]:
    """(start, end, number, year) of every ``Nomor N Tahun YYYY`` / ``N/YYYY``."""
    found = [
        (m.start(), m.end(), text[m.start("num") : m.end("num")], m.group("year"))
        for m in _NUMBER_YEAR.finditer(lowered)
        if m.start() == 0 or not lowered[m.start() - 1].isalnum()
    ]
    for match in _SLASH_YEAR.finditer(lowered):
        start = match.start()
        while start > 0 and lowered[start - 1].isdigit():
            start -= 1
        if start < match.start() and (start == 0 or lowered[start - 1] in " \t\n"):
            number = text[start : match.start()]
            found.append((start, match.end(), number, match.group("year")))
    return sorted(found)


def _lower(text: str) -> str:
    """Lower-cased text with the same offsets (a few characters grow when lowered).

    Case-sensitive patterns on it scan about ten times faster than IGNORECASE
    ones on the original.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _kind_before(text: str, lowered: str, anchor: int) -> tuple[int, str, str] | None:
    """The leftmost kind whose words up to ``anchor`` name a valid issuer.

    Leftmost, so ``Peraturan Pemerintah Pengganti Undang-Undang`` wins over
    its own ``Undang-Undang``; valid, so ``undang-undang yang berlaku.
    Peraturan Daerah Kampar Nomor ...`` is a Perda.

    Returns:
        (start, canonical kind with issuer, broad kind) or None.
    """
    window_start = max(0, anchor - _KIND_WINDOW)
    for kind in _KINDS.finditer(lowered, window_start, anchor):
        is_abbreviation = len(kind.group(0)) == 2
        if is_abbreviation and text[kind.start() : kind.end()] not in _ABBREVIATIONS:
            continue
        rest = text[kind.end() : anchor]
        if not _ISSUER.fullmatch(rest) or _NUMBER_WORD.search(rest):
            continue
        name, key_kind = _kind_name(kind, rest)
        if name is not None:
            return kind.start(), name, key_kind
    return None


def _kind_name(match: re.Match[str], rest: str) -> tuple[str | None, str]:
    """Canonical kind with issuer, and the broad kind used for deduplication.

    The name is None when the words before the number are not an issuer
    (``undang-undang yang berlaku. Nomor ...``).
    """
    rest = " ".join(rest.split())
    for group, canonical in (
        ("perppu", "Peraturan Pemerintah Pengganti Undang-Undang"),
        ("uu", "Undang-Undang"),
        ("pp", "Peraturan Pemerintah"),
        ("perpres", "Peraturan Presiden"),
        ("inpres", "Instruksi Presiden"),
    ):
        if match.group(group):
            return (canonical if _NATIONAL.match(rest) else None), canonical
    if not _is_name(rest):
        return None, ""
    if match.group("permen_short"):
        code = (match.group("ministry") or "").lower()
        return _join("Peraturan Menteri", _MINISTRIES.get(code) or rest), (
            "Peraturan Menteri"
        )
    if match.group("regional_short"):
        kind = f"Peraturan {_REGIONAL_HEADS[match.group('head').lower()]}"
    elif match.group("perda"):
        kind = "Peraturan Daerah"
    else:
        issuer = " ".join(match.group("issuer").split())
        kind = issuer.title().replace("Walikota", "Wali Kota")
    return _join(kind, rest), kind


def _is_name(words: str) -> bool:
    """Title Case or upper case words with small function words: an issuer's name."""
    return all(
        w[0].isupper() or w.lower() in _SMALL_WORDS for w in _WORD.findall(words)
    )


def _join(kind: str, issuer: str) -> str:
    return f"{kind} {_tidy(issuer)}".strip()


def _tidy(words: str) -> str:
    """Upper-case headings (``DALAM NEGERI``) in Title Case, small words lower."""
    if not words.isupper():
        return words
    return " ".join(
        w.lower() if w.lower() in _SMALL_WORDS else w.capitalize()
        for w in words.split()
    )


def _subject(text: str, lowered: str, pos: int) -> tuple[int, int] | None:
    """Span of the ``tentang`` subject that follows a citation, if any."""
    tentang = _TENTANG.match(lowered, pos)
    if tentang is None:
        return None
    start = tentang.end()
    sentence = _SENTENCE_END.search(text, start, start + _MAX_SUBJECT_CHARS)
    limit = sentence.start() if sentence else min(len(text), start + _MAX_SUBJECT_CHARS)
    end = limit
    for stop in _SUBJECT_END.finditer(lowered, start, limit):
        if stop.group(0).startswith("\n") and _NESTED.search(
            lowered, start, stop.start()
        ):
            continue
        end = stop.start()
        break
    end = start + _title_case_prefix(text[start:end])
    return (start, end) if end > start else None


def _title_case_prefix(subject: str) -> int:
    """Length of the part of ``subject`` that reads as a regulation's name.

    Regulation names are Title Case with small function words. The first
    comma chunk is kept up to its first other lower-case word (``Pemasyarakatan
    yang menekankan ...``); a later chunk must be a name as a whole, or it is
    running text (``Pemerintahan Daerah, Pemerintah Daerah dapat ...``).
    """
    end = 0
    for index, chunk in enumerate(_COMMA_CHUNK.finditer(subject)):
        words = list(_WORD.finditer(chunk.group(0)))
        bad = next((w for w in words if not _is_name(w.group(0))), None)
        if bad is None:
            end = chunk.end()
            continue
        if index == 0:
            end = chunk.start() + _trim_small_words(chunk.group(0)[: bad.start()])
        break
    return len(subject[:end].rstrip(" \t\n,.;:"))


def _trim_small_words(prefix: str) -> int:
    """Length of ``prefix`` without trailing function words (``... yang``)."""
    words = prefix.split()
    while words and words[-1].lower() in _SMALL_WORDS:
        words.pop()
    if not words:
        return 0
    return prefix.rfind(words[-1]) + len(words[-1])
