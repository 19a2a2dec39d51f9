"""The title of an agreement (its heading lines) or of a news report (headline).

An agreement's title is the block of heading lines at the top::

    PERJANJIAN KERJA SAMA / ANTARA / LAPAS X / DENGAN / BLK Y / TENTANG / ...

It may sit below a letterhead and be interleaved with ``Nomor :`` lines, and it
ends at the opening formula (``Pada hari ini``), at running text or at a
``Nomor`` line when no ``TENTANG`` part follows. Rules, in order:

1. ``heading_block``: the first heading line that starts with a document-type
   word (Perjanjian, Nota Kesepahaman, Adendum, Peraturan, ...) and the heading
   lines that follow it;
2. ``letter_subject``: the ``Perihal :`` / ``Hal :`` value of a letter;
3. ``first_heading``: the first heading block at all (a letterhead at worst).

News: the reader's headline (``meta_title``) without its site-name suffix, or
the first paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.context import ParsedDocument
from schemas.records import Evidence, SectionKind, TextValue

# The title lives in the first lines; never look further than this.
_MAX_HEAD_CHARS = 4000
_MAX_TITLE_GAP = 3  # blank or garbage lines tolerated inside a title block
_LOOKAHEAD_LINES = 12  # how far a TENTANG part may lie past Nomor lines
_SITE_SUFFIX_MAX_WORDS = 4
_UPPER_LIST_LINE = 0.9  # share of capitals of a title line that ends in a comma

_DOC_WORD = (
    r"(?:(?:surat|naskah|draf|draft|rancangan)\s+)?"
    r"(?:perjanjian|nota\s+kesepa(?:haman|katan)|memorandum|mou\b|kesepakatan"
    r"|kesepahaman|ad+endum|amandemen|amendemen|perubahan\s+(?:pertama|kedua"
    r"|ketiga|keempat|kelima|ke-?\s*\w+)|kontrak|piagam|peraturan|keputusan"
    r"|surat\s+(?:edaran|undangan|keputusan|kuasa|tugas)|instruksi"
    r"|berita\s+acara|undangan|invoice|faktur|k[wu]itansi)"
)
_TITLE_START = re.compile(_DOC_WORD, re.IGNORECASE)
_REGULATION_START = re.compile(
    r"(?:surat\s+)?(?:peraturan|keputusan|instruksi|edaran)\b", re.IGNORECASE
)
_NUMBER_LABEL = re.compile(
    r"(?:n\s?[o0]\s?(?:m|rn)\s?[o0e]\s?r|no\b\.?|nmr\b\.?)\s*"
    r"(?:[IVX]{1,4}\b|pihak\s+\w+)?\s*[:.]?",
    re.IGNORECASE,
)
_NUMBER_VALUE_LINE = re.compile(
    r"^(?:tahun\s+\d{4}|[\w.\- ]*\d[\w.\- ]*/[\w./\- ]*)$", re.I
)
_CONNECTOR = re.compile(r"(?:antara|dengan|dan|tentang)\s*:?", re.IGNORECASE)
_TENTANG = re.compile(r"\btentang\b", re.IGNORECASE)
# The opening formula and everything that is running text rather than heading.
_STOP = re.compile(
    r"(?:pada\s+hari|pada\s+tanggal|hari\s+ini|(?:kami\s+)?yang\s+bertanda\s*-?\s*tangan"
    r"|menimbang|mengingat|memperhatikan|dasar\s+hukum|bahwa\b|para\s+pihak"
    r"|dalam\s+rangka|dengan\s+rahmat|pasal\b|bab\s+[ivxl\d]+\b"
    r"|pihak\s+(?:pertama|kesatu|kedua|ketiga|i{1,3}\b)|lampiran\b|perihal\b|hal\s*:"
    r"|yth\b|kepada\b|(?:\d{1,2}|[a-z])[.)]\s)",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"(?:jl\b\.?|jln\b\.?|jalan\b|telp|telepon|tlp|fax|faks|e-?mail|website|laman"
    r"|kode\s+pos|www\.|https?:)",
    re.IGNORECASE,
)
_CHROME = re.compile(
    r"\(cid:\d+\)|^(?:halaman|hal\.|page)\s*\d|^-?\s*\d+\s*-?$|^logo\b|^\W*$",
    re.IGNORECASE,
)
_LETTER_SUBJECT = re.compile(
    r"^[ \t]*(?:perihal|hal)[ \t]*:[ \t]*(\S[^\n]*)$", re.I | re.M
)
_SMALL_WORDS = frozenset(
    "dan atas di ke dari untuk bagi serta dalam pada tentang oleh antara dengan "
    "yang sebagai atau terhadap melalui".split()
)
_HEADLINE_SEPARATOR = re.compile(r"\s+[-|–—:]{1,2}\s+")
_NEWS_CHROME = re.compile(r"^(?:home|beranda|baca juga|advertisement|iklan)\b", re.I)


@dataclass(frozen=True, slots=True)
class _Line:
    """A non-empty line with its stripped offsets in the document text."""

    start: int
    end: int
    text: str


def extract_title(parsed: ParsedDocument) -> TextValue | None:
    """The title of the document, joined into one line.

    Args:
        parsed: The segmented document.

    Returns:
        The title with evidence spanning its first to last line, or None.
    """
    return extract_title_from(parsed, parsed.text)


def extract_title_from(parsed: ParsedDocument, text: str) -> TextValue | None:
    """:func:`extract_title` for a caller that already holds ``parsed.text``.

    ``parsed.text`` is rebuilt from the spaCy Doc on every access, so
    extractors that need the title as well as the text pass the text along.

    Args:
        parsed: The segmented document.
        text: ``parsed.text``.

    Returns:
        The title with evidence spanning its first to last line, or None.
    """
    if parsed.is_news:
        return _news_title(parsed, text)
    lines = list(_lines(text, min(parsed.header_end, _MAX_HEAD_CHARS)))
    start = _first_doc_heading(lines)
    if start is not None:
        return _block_value(parsed, text, _title_block(lines, start), "heading_block")
    subject = _LETTER_SUBJECT.search(text, 0, min(len(text), _MAX_HEAD_CHARS))
    if subject:
        return _value(parsed, text, subject.start(1), subject.end(1), "letter_subject")
    start = next((i for i, line in enumerate(lines) if _is_heading(line.text)), None)
    if start is None:
        return None
    return _block_value(parsed, text, _title_block(lines, start), "first_heading")


def extract_subject(title: str) -> str | None:
    """The subject of a title: the words after ``TENTANG``.

    Args:
        title: A title as returned by :func:`extract_title`.

    Returns:
        The subject without surrounding punctuation, or None without TENTANG.
    """
    match = _TENTANG.search(title)
    if match is None:
        return None
    subject = title[match.end() :].strip(" \t\n:;,.")
    return subject or None


def _lines(text: str, end: int) -> Iterator[_Line]:
    """Non-empty lines of ``text[:end]``, stripped, with document offsets."""
    for match in re.finditer(r"[^\n]+", text[:end]):
        raw = match.group(0)
        stripped = raw.strip()
        if stripped:
            start = match.start() + raw.index(stripped[0])
            yield _Line(start, start + len(stripped), stripped)


def _first_doc_heading(lines: list[_Line]) -> int | None:
    """Index of the first heading line that names a document type."""
    for index, line in enumerate(lines):
        if _TITLE_START.match(line.text) and _is_heading(line.text):
            return index
    return None


def _title_block(lines: list[_Line], start: int) -> list[_Line]:
    """The heading lines from ``start`` on, skipping Nomor lines and garbage."""
    block = [lines[start]]
    gap, after_number = 0, False
    # A regulation's number is part of its title ("PERATURAN ... NOMOR 5 TAHUN
    # 2020 TENTANG ..."); an agreement's numbers are not.
    keep_numbers = bool(_REGULATION_START.match(lines[start].text))
    for index in range(start + 1, len(lines)):
        line = lines[index].text
        if _is_number_line(line, after_number):
            if not _title_continues(lines, index, block):
                break
            after_number = True
            if keep_numbers:
                block.append(lines[index])
            continue
        after_number = False
        if _is_chrome(line):
            gap += 1
            if gap > _MAX_TITLE_GAP:
                break
            continue
        if _STOP.match(line) and not _CONNECTOR.fullmatch(line):
            break
        if not (_CONNECTOR.fullmatch(line) or _is_heading(line)):
            break
        if line.endswith((",", ";")) and any(_TENTANG.search(b.text) for b in block):
            break  # parties are listed before TENTANG; after it, text begins
        gap = 0
        block.append(lines[index])
    return block


def _title_continues(lines: list[_Line], index: int, block: list[_Line]) -> bool:
    """After a Nomor line the title goes on only if a connector or TENTANG follows."""
    if any(_TENTANG.search(line.text) for line in block):
        return False
    for line in lines[index + 1 : index + _LOOKAHEAD_LINES]:
        if _is_number_line(line.text, True) or _is_chrome(line.text):
            continue
        if _CONNECTOR.fullmatch(line.text) or _TENTANG.match(line.text):
            return True
        if _STOP.match(line.text) or not _is_heading(line.text):
            return False
    return False


def _is_number_line(line: str, after_number: bool) -> bool:
    """A ``Nomor : ...`` line, or the bare value/``TAHUN`` line under one."""
    if _NUMBER_LABEL.match(line) and not _TITLE_START.match(line):
        return True
    return after_number and bool(_NUMBER_VALUE_LINE.match(line))


def _is_chrome(line: str) -> bool:
    """Page furniture, logos read as letters, OCR debris."""
    letters = sum(c.isalpha() for c in line)
    if letters < 3 or letters < 0.5 * len(line.replace(" ", "")):
        return True
    return bool(_CHROME.search(line))


def _is_heading(line: str) -> bool:
    """Upper case or Title Case, not running text, an address or page furniture."""
    if _is_chrome(line) or _ADDRESS.match(line):
        return False
    letters = [c for c in line if c.isalpha()]
    upper_ratio = sum(c.isupper() for c in letters) / len(letters)
    if line.endswith((",", ";")):
        # a list of parties in capitals ("KEPOLISIAN DAERAH RIAU,") stays in
        # the title; running text broken after a comma does not
        return upper_ratio >= _UPPER_LIST_LINE and not _STOP.match(line)
    if upper_ratio >= 0.7:
        return True
    if line.endswith(".") or _STOP.match(line):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", line) if len(w) > 1]
    return bool(words) and all(
        w[0].isupper() or w.lower() in _SMALL_WORDS for w in words
    )


def _block_value(
    parsed: ParsedDocument, text: str, block: list[_Line], rule: str
) -> TextValue:
    """Join a block of lines with single spaces; evidence spans first to last."""
    value = " ".join(" ".join(line.text.split()) for line in block)
    evidence = _evidence(parsed, text, block[0].start, block[-1].end, rule)
    return TextValue(value=value, evidence=evidence)


def _value(
    parsed: ParsedDocument, text: str, start: int, end: int, rule: str
) -> TextValue:
    value = " ".join(text[start:end].split())
    return TextValue(value=value, evidence=_evidence(parsed, text, start, end, rule))


def _evidence(
    parsed: ParsedDocument, text: str, start: int, end: int, rule: str
) -> Evidence:
    # parsed.evidence() would rebuild the whole text from the Doc again.
    return Evidence(
        page=parsed.page_of(start),
        start=start,
        end=end,
        text=text[start:end],
        rule=rule,
    )


def _news_title(parsed: ParsedDocument, text: str) -> TextValue | None:
    """Headline without the site name, else the first paragraph."""
    if parsed.meta_title and parsed.meta_title.strip():
        headline = clean_headline(parsed.meta_title)
        found = text.find(headline)
        if found >= 0:
            end = found + len(headline)
            return _value(parsed, text, found, end, "news_headline")
        # The headline is not in the body text: evidence carries it as printed.
        evidence = Evidence(
            page=1, start=0, end=0, text=parsed.meta_title, rule="news_meta_title"
        )
        return TextValue(value=headline, evidence=evidence)
    for section in parsed.sections_of(SectionKind.PARAGRAPH):
        paragraph = text[section.start : section.end]
        if not _NEWS_CHROME.match(paragraph) and not _is_chrome(paragraph):
            return _value(
                parsed, text, section.start, section.end, "news_first_paragraph"
            )
    return None


def clean_headline(title: str) -> str:
    """A page title without its site-name suffix (`` - Riau Pos``, `` | Kabar``).

    Args:
        title: The HTML ``<title>`` or headline as the reader found it.

    Returns:
        The headline, whitespace-normalised.
    """
    headline = " ".join(title.split())
    while True:
        parts = list(_HEADLINE_SEPARATOR.finditer(headline))
        if not parts:
            return headline
        last = parts[-1]
        head, tail = headline[: last.start()], headline[last.end() :]
        if len(tail.split()) > _SITE_SUFFIX_MAX_WORDS or len(head.split()) < 3:
            return headline
        headline = head
