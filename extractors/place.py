"""Where the agreement was signed: a town (``Pekanbaru``) or, in news, a venue.

Agreements, first rule that finds a place wins:

1. ``signed_at``: ``Ditandatangani di : Bengkalis``, ``Dibuat di``,
   ``Dibuat dan ditandatangani di``, ``Ditetapkan di`` - explicit labels.
2. ``opening_formula``: ``Pada hari ini ... (bertempat) di Pekanbaru, kami ...``.
3. ``bertempat``: ``bertempat di X`` elsewhere in the header.
4. ``date_line``: the ``Pekanbaru, 21 Maret 2024`` line above the signatures
   (the last such line).

News (``news_venue``): ``di Aula Lapas Kelas IIA Bengkalis`` or
``bertempat/berlangsung/digelar di Hotel ...`` in a paragraph about the signing;
the dateline (``PEKANBARU -``) and addresses (``Jl. ...``) are never places.

A place is the run of capitalised words after ``di`` (``Aula Dr. Wahidin``,
``Lapas Kelas IIA Bengkalis``); a lower-case venue word (``di aula kantor
bupati``) starts a lower-case run. It stops at punctuation, an address, a
weekday or a function word.
"""

from __future__ import annotations

import re

from extractors.context import ParsedDocument
from extractors.doctype import doctype_of
from schemas.records import DocType, Evidence, SectionKind, TextValue

_MAX_PLACE_CHARS = 120
_MAX_PLACE_WORDS = 8
_FORMULA_CHARS = 500
_MAX_ABBREVIATION = 3  # "Dr.", "H.", "KH." continue a name; "Pekanbaru." ends it

# The label patterns run on lower-cased text (see _lower): case-sensitive
# patterns scan about ten times faster than IGNORECASE ones.
# They start with a plain letter, not \b, so that sre can skip ahead fast.
_SIGNED_AT = re.compile(
    r"di(?:[ \t]*buat|[ \t]*tanda[ \t]*tangani|tetapkan)"
    r"(?:[ \t]+dan[ \t]+ditandatangani)?[ \t]+di[ \t]*:?[ \t]*"
)
_FORMULA = re.compile(r"pada\s+hari\b")
_FORMULA_END = re.compile(
    r"yang\s+bertanda\s*-?\s*tangan|\bkami\b|\bmasing-masing\b|[.:]\s*\n"
)
# "di" that names a place, not "berkedudukan di" / "beralamat di" (an address).
_DI = re.compile(r"(?<!berkedudukan )(?<!beralamat )(?<!berdomisili )\bdi[ \t\n]+")
_BERTEMPAT = re.compile(r"bertempat[ \t\n]+di[ \t\n]*:?[ \t]*")
_MONTH = (
    r"(?:januari|jan|februari|pebruari|feb|maret|mar|april|apr|mei|juni|jun|juli"
    r"|jul|agustus|agt|agu|agust|september|sept?|oktober|okt|november|nopember"
    r"|nov|desember|des)\.?"
)
# "Pekanbaru, 21 Maret 2024" / "Pekanbaru, ......... Maret 2024": found from
# the comma (on lower-cased text), then the town before it is checked.
_DATE_AFTER_COMMA = re.compile(
    r",[ \t]*(?:tanggal[ \t]+)?(?:\d{1,2}[ \t]*[-/.][ \t]*\d{1,2}[ \t]*[-/.][ \t]*"
    r"|(?:\d{1,2}|[.…_]{2,})?[ \t]*(?:" + _MONTH + r"|[.…_]{2,})[ \t]*)"
    r"(?:19|20)\d{2}[ \t]*$",
    re.MULTILINE,
)
_TOWN = re.compile(r"[ \t]*(?P<place>[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*){0,3})[ \t]*")
_NEWS_VERB = re.compile(
    r"(?:bertempat|berlangsung|digelar|dilaksanakan|diadakan|dilakukan"
    r"|ditandatangani|diteken|dipusatkan)[ \t]+di[ \t]+"
)
_SIGNING_WORDS = re.compile(
    r"penandatanganan|menandatangani|ditandatangani|\bteken|\bmou\b|\bpks\b"
    r"|nota\s+kesepahaman|perjanjian\s+kerja\s*sama|kesepakatan\s+bersama"
)
_VENUE_HEADS = frozenset(
    "aula ruang ruangan gedung hotel kantor balai pendopo pendapa rumah lapas rutan "
    "kampus auditorium wisma graha mapolres mapolda markas balairung hall rektorat "
    "sekretariat kediaman istana gubernuran kompleks lantai".split()
)
_STOP_WORDS = frozenset(
    "yang pada oleh untuk dengan dan serta kemarin lalu tanggal hari kami para antara "
    "sejak sekitar tahun bulan jl jln jalan senin selasa rabu kamis jumat jum'at "
    "sabtu minggu ahad bawah atas sini sana mana".split()
)
_WORD = re.compile(r"[^\s,;:()\"“”'‘’]+")
_GAP_OK = re.compile(r"[ \t]*\n?[ \t]*")
_COMMA = re.compile(r",[ \t]*")


def extract_place(
    parsed: ParsedDocument, *, doc_type: DocType | None = None
) -> TextValue | None:
    """The place of signing (agreements) or the signing venue (news).

    Args:
        parsed: The segmented document.
        doc_type: The document's type when the caller knows it already;
            worked out here otherwise. A letter or decree (OTHER) was not
            signed as an agreement: its place is None.

    Returns:
        The place without trailing punctuation, with evidence, or None.
    """
    text = parsed.text
    if (doc_type or doctype_of(parsed, text)) is DocType.OTHER:
        return None
    lowered = _lower(text)
    if parsed.is_news:
        found = _news_place(parsed, text, lowered)
    else:
        found = _agreement_place(parsed, text, lowered)
    if found is None:
        return None
    start, end, rule = found
    value = " ".join(text[start:end].split())
    evidence = Evidence(
        page=parsed.page_of(start),
        start=start,
        end=end,
        text=text[start:end],
        rule=rule,
    )
    return TextValue(value=value, evidence=evidence)


_Span = tuple[int, int, str]  # start, end, rule


def _agreement_place(parsed: ParsedDocument, text: str, lowered: str) -> _Span | None:
    """The agreement rules of the module docstring, in order."""
    for match in _SIGNED_AT.finditer(lowered):
        span = _place_phrase(text, match.end())
        if span:
            return span[0], span[1], "signed_at"
    header_end = parsed.header_end
    formula = _FORMULA.search(lowered, 0, header_end)
    span = _in_formula(text, lowered, formula.start(), header_end) if formula else None
    if span:
        return span[0], span[1], "opening_formula"
    for match in _BERTEMPAT.finditer(lowered, 0, header_end):
        span = _place_phrase(text, match.end())
        if span:
            return span[0], span[1], "bertempat"
    return _date_line_place(text, lowered)


def _date_line_place(text: str, lowered: str) -> _Span | None:
    """Town of the last ``Kota, tanggal`` line (the one above the signatures)."""
    for match in reversed(list(_DATE_AFTER_COMMA.finditer(lowered))):
        line_start = text.rfind("\n", 0, match.start()) + 1
        town = _TOWN.fullmatch(text, line_start, match.start())
        if town and town.group("place").lower() not in _STOP_WORDS:
            return town.start("place"), town.end("place"), "date_line"
    return None


def _in_formula(
    text: str, lowered: str, start: int, limit: int
) -> tuple[int, int] | None:
    """The first place named by ``di`` inside the opening sentence."""
    window_end = min(start + _FORMULA_CHARS, limit)
    end = _FORMULA_END.search(lowered, start, window_end)
    stop = end.start() if end else window_end
    for match in _DI.finditer(lowered, start, stop):
        span = _place_phrase(text, match.end())
        if span:
            return span
    return None


def _news_place(parsed: ParsedDocument, text: str, lowered: str) -> _Span | None:
    """A venue named in a paragraph that speaks of the signing."""
    for section in parsed.sections_of(SectionKind.PARAGRAPH):
        if not _SIGNING_WORDS.search(lowered, section.start, section.end):
            continue
        for match in _DI.finditer(lowered, section.start, section.end):
            span = _place_phrase(text, match.end(), venue_only=True)
            if span:
                return span[0], span[1], "news_venue"
    for match in _NEWS_VERB.finditer(lowered):
        span = _place_phrase(text, match.end())
        if span:
            return span[0], span[1], "news_venue"
    return None


def _lower(text: str) -> str:
    """Lower-cased text with the same offsets (a few characters grow when lowered)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _place_phrase(
    text: str, pos: int, *, venue_only: bool = False
) -> tuple[int, int] | None:
    """Span of the place name starting at ``pos``, or None if none starts there.

    ``venue_only`` accepts only names that begin with a venue word (Aula, Hotel,
    Kantor, ...), for news paragraphs where a bare ``di X`` may be anything.
    One comma-separated name may follow (``Gedung Daerah, Pekanbaru``).
    """
    words = _words(text, pos)
    if not words or words[0].start() != pos or not _opens_place(words[0].group(0)):
        return None
    first = words[0].group(0).rstrip(".").lower()
    if venue_only and first not in _VENUE_HEADS:
        return None
    lower_run = first in _VENUE_HEADS and words[0].group(0)[0].islower()
    end, finished = _name_run(text, words, lower_run=lower_run)
    if not finished:
        end = _comma_continuation(text, end) or end
    return (pos, end) if end > pos else None


def _words(text: str, pos: int) -> list[re.Match[str]]:
    return list(_WORD.finditer(text, pos, min(len(text), pos + _MAX_PLACE_CHARS)))


def _name_run(
    text: str, words: list[re.Match[str]], *, lower_run: bool
) -> tuple[int, bool]:
    """End of the run of name words; True when a full stop ended the sentence."""
    end = previous_end = words[0].start()
    for count, match in enumerate(words[:_MAX_PLACE_WORDS]):
        word = match.group(0)
        if count and not _GAP_OK.fullmatch(text[previous_end : match.start()]):
            break  # punctuation or a blank line between the words
        if count and not _continues_place(word, lower_run=lower_run):
            break
        bare = word.rstrip(".")
        end, previous_end = match.start() + len(bare), match.end()
        if word.endswith(".") and len(bare) > _MAX_ABBREVIATION:
            return end, True  # a full stop after a whole word ends the sentence
    return end, False


def _comma_continuation(text: str, end: int) -> int | None:
    """End of a second name after a comma (a town, the host), if one follows.

    It must be capitalised words only, closed by punctuation or a line end:
    ``, Pekanbaru, yang ...`` qualifies, ``, Bupati Kampar menyampaikan`` not.
    """
    comma = _COMMA.match(text, end)
    if comma is None:
        return None
    words = _words(text, comma.end())
    if not words or words[0].start() != comma.end():
        return None
    if not _opens_place(words[0].group(0)) or not words[0].group(0)[0].isupper():
        return None
    run_end, _ = _name_run(text, words, lower_run=False)
    after = text[run_end : run_end + 2]
    if after[:1] not in (",", ".", ";", "(", "\n", "") and not after.startswith(" ("):
        return None
    return run_end


def _opens_place(word: str) -> bool:
    bare = word.rstrip(".").lower()
    if bare in _STOP_WORDS or not word[0].isalpha():
        return False
    return word[0].isupper() or bare in _VENUE_HEADS


def _continues_place(word: str, *, lower_run: bool) -> bool:
    bare = word.rstrip(".")
    if bare.lower() in _STOP_WORDS or bare.lower() in ("jl", "jln"):
        return False
    if bare[:1].isupper() or bare.isdigit():
        return True
    return lower_run and bare.isalpha()
