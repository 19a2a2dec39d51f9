"""Split a document's text into its structure: preamble, BAB, Pasal, ayat, items.

Agreements are read line by line: a Pasal heading starts an article, and inside
an article the list markers ``(1)``, ``a.`` and ``1.`` open nested units whose
depth follows the order in which the marker styles first appear (the way a
lawyer reads ``Pasal 5 ayat (2) huruf a``). News is split into paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from extractors.context import blank_glyphs
from schemas.records import Section, SectionKind

# "Pasal 5", "PASAL 5", OCR-damaged "Pasa1 5" / "PASAL5", Roman "Pasal V";
# the rest of the line may carry the heading ("Pasal 1 MAKSUD DAN TUJUAN").
# In a two-column layout read line by line, a heading may also stand after a
# gutter of three or more spaces ("Pasal 2 RUANG LINGKUP      Pasal 3 ...");
# the rest of a heading stops at such a gutter.
# The pattern starts with a literal, so the scan skips ahead fast; what stands
# before it on its line (nothing, or a gutter) is checked in _line_position.
_ARTICLE = re.compile(
    r"pasa[l1I][ \t]*(?P<num>\d{1,3}[A-Z]?|[IVXLC]{1,7})\b"
    r"[ \t]*[|.:\-–]?[ \t]*(?P<rest>(?:(?![ \t]{3,}\S|[ \t]+(?-i:PASAL|Pasal)"
    r"[ \t]*\d{1,3}[ \t]+(?-i:[A-Z]{2}))[^\n])*)",
    re.IGNORECASE,
)
# Before a mid-line heading: a column gap, or (once a reader has collapsed
# the gap) the other column's own heading "Pasal 2 RUANG LINGKUP ".
_GUTTER = re.compile(
    r"\S[ \t]{3,}$|^[ \t]*(?i:pasa[l1])[ \t]*\d{1,3}[ \t]+[A-Z][A-Z ,/&()-]*[ \t]$"
)
_NON_EMPTY_LINE = re.compile(r"^[ \t]*(\S[^\n]*)$", re.MULTILINE)
_CHAPTER = re.compile(
    r"^[ \t]*BAB[ \t]+(?P<num>\d{1,3}|[IVXLC]{1,7})\b[ \t]*[.:\-–]?[ \t]*(?P<rest>.*)$",
    re.MULTILINE,
)
# List markers at the start of a line: "(1)", "a.", "a)", "1.", "1)".
_MARKER = re.compile(
    r"^[ \t]*(?:\((?P<ayat>\d{1,2})\)|(?P<letter>[a-z])[.)]|(?P<digit>\d{1,2})[.)])"
    r"[ \t]+\S",
    re.MULTILINE,
)
# A line that is only a signatory label opens the signature block.
_ROLE_LABEL = (
    r"(?:untuk dan atas nama[ \t]+)?PIHAK[ \t]+"
    r"(?:PERTAMA|KESATU|KEDUA|KETIGA|KEEMPAT|KELIMA|I{1,3}|IV|V)[ \t]*[,.:]?"
)
# Signatory labels alone on a line (several when the block has columns).
_SIGNATURE_LINE = re.compile(
    rf"^[ \t]*{_ROLE_LABEL}(?:[ \t]+{_ROLE_LABEL})*[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
# A line that announces quoted text: an addendum's "SEMULA:" / "DIUBAH
# MENJADI:" or "... berbunyi sebagai berikut:".
_QUOTE_LEAD = re.compile(r":[ \t]*$|^[ \t]*(?:SEMULA|(?:DIUBAH[ \t]+)?MENJADI)\b", re.I)
_PAGE_NUMBER_LINE = re.compile(r"^[ \t]*[-–(]?[ \t]*\d{1,3}[ \t]*[-–)]?[ \t]*$")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# A two-column bilingual agreement prints "Pasal 3 Article 3" on one line.
_ENGLISH_TWIN_HEAD = re.compile(
    r"^[ \t|/]*(?:article|section|clause)[ \t]*(?:\d{1,3}[A-Z]?|[IVXLC]{1,7})\b[ \t|]*",
    re.IGNORECASE,
)
# First word of the English half of a bilingual heading ("RUANG LINGKUP SCOPE").
_ENGLISH_HEADING_WORD = re.compile(
    r"\b(?:SCOPE|PURPOSE|OBLIGATIONS?|RIGHTS?|PROHIBITIONS?|TERM|DURATION"
    r"|PERIOD|PAYMENTS?|FEES?|DEFINITIONS?|CONFIDENTIALITY|TERMINATION|DISPUTE"
    r"|SETTLEMENT|FORCE|MAJEURE|AMENDMENTS?|MISCELLANEOUS|CLOSING|GENERAL"
    r"|OBJECTIVES?|COORDINATION|FUNDING|COSTS?|NOTICES?|GOVERNING|EVALUATION"
    r"|REPORTING|MONITORING|IMPLEMENTATION|ARTICLE|AND\s+THE|OF\s+THE)\b"
)
_MAX_HEADING = 90
# Marks the ref of an item that repeats the one before it in another
# language: "Pasal 2 huruf a (en)" is the English of "Pasal 2 huruf a".
TRANSLATION_MARK = "(en)"


@dataclass(slots=True)
class _Open:
    """A section being built: its end is known only when the next one starts."""

    kind: SectionKind
    number: str
    heading: str
    ref: str
    start: int
    level: int
    parent: int | None
    style: str = ""


def roman_to_int(numeral: str) -> int:
    """Value of a Roman numeral such as ``XIV``."""
    total = 0
    values = [_ROMAN[c] for c in numeral.upper()]
    for i, value in enumerate(values):
        nxt = values[i + 1] if i + 1 < len(values) else 0
        total += -value if value < nxt else value
    return total


def _arabic(number: str) -> str:
    """``6A`` stays (an article inserted by an addendum); ``IV`` becomes ``4``."""
    return number.upper() if number[0].isdigit() else str(roman_to_int(number))


def _is_heading_text(rest: str) -> bool:
    """True when the rest of a ``Pasal N`` line reads as a heading, not a sentence."""
    rest = rest.strip(" |.:-–")
    if not rest:
        return True
    if len(rest) > _MAX_HEADING or rest[0].islower() or rest.endswith((",", ";")):
        return False
    return not re.search(r"\bayat\b|\bdiubah\b|\bberbunyi\b", rest, re.IGNORECASE)


def _next_line(text: str, pos: int) -> tuple[str, int, int] | None:
    """The next non-empty line after ``pos``: its text, start and end."""
    match = _NON_EMPTY_LINE.search(text, pos)
    if match is None:
        return None
    return match.group(1).strip(), match.start(1), match.end(1)


def _heading_after(text: str, line_end: int) -> str:
    """A heading printed on the line after ``Pasal N``, if that line is one."""
    nxt = _next_line(text, line_end)
    if nxt is None:
        return ""
    line = nxt[0]
    if _MARKER.match(line) or _ARTICLE.match(line) or len(line) > _MAX_HEADING:
        return ""
    return line.strip(" |") if _looks_like_heading(line) else ""


def _looks_like_heading(line: str) -> bool:
    """Upper case (``RUANG LINGKUP``) or Title Case (``Jangka Waktu``), short."""
    if line.rstrip().endswith((".", ",", ";", ":")):
        return False
    letters = [c for c in line if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return True
    words = [w for w in line.split() if len(w) > 3]
    return 0 < len(words) <= 8 and all(w[0].isupper() for w in words)


def _article_heads(text: str) -> Iterator[tuple[int, int, str, str]]:
    """Article heading lines: (start, line end, number, heading).

    Once the first article has begun, a ``Pasal`` line introduced by a line
    ending in ``:`` is quoted text (an addendum citing the article it amends),
    not an article of this document.
    """
    inside = False
    for match in _ARTICLE.finditer(text):
        rest = match.group("rest")
        position = _line_position(text, match.start())
        if position is None or not _is_heading_text(rest):
            continue
        if position == "gutter" and not (rest.strip() and _looks_like_heading(rest)):
            continue  # mid-line, only a column's own heading counts
        start = match.start()
        if position == "line":
            start = _line_start(text, start)
        if inside and _QUOTE_LEAD.search(_previous_line(text, start)):
            continue
        inside = True
        rest = _ENGLISH_TWIN_HEAD.sub("", rest)  # "Pasal 3 Article 3"
        heading = rest.strip(" |.:-–") or _heading_after(
            text, _line_end(text, match.end())
        )
        heading = " ".join(_indonesian_half(heading).split())
        yield start, _line_end(text, match.end()), _arabic(match.group("num")), heading


def _line_position(text: str, pos: int) -> str | None:
    """What precedes ``pos`` on its line: ``line`` (blanks), ``gutter``.

    A column gap after text is a ``gutter``; None means running text.
    """
    line_start = _line_start(text, pos)
    before = text[line_start:pos]
    if not before.strip(" \t"):
        return "line"
    return "gutter" if _GUTTER.search(before) else None


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _indonesian_half(heading: str) -> str:
    """``KEWAJIBAN PIHAK KEDUA`` of a bilingual ``... OBLIGATIONS OF THE ...``."""
    english = _ENGLISH_HEADING_WORD.search(heading)
    if english is None or english.start() == 0:
        return heading
    return heading[: english.start()].rstrip(" /|-–")


def _previous_line(text: str, start: int) -> str:
    """The last non-empty line before ``start`` that is not a page number."""
    for line in reversed(text[max(0, start - 400) : start].splitlines()):
        if line.strip() and not _PAGE_NUMBER_LINE.match(line):
            return line
    return ""


def _signature_start(text: str, after: int) -> int | None:
    """Where the signature block starts: the first bare role line after ``after``."""
    match = _SIGNATURE_LINE.search(text, after)
    return match.start() if match else None


def _marker_style(match: re.Match[str]) -> tuple[str, str, str]:
    """(style, number, ref fragment) of a list marker."""
    if match.group("ayat"):
        number = match.group("ayat")
        return "ayat", number, f"ayat ({number})"
    if match.group("letter"):
        letter = match.group("letter")
        return "letter", letter, f"huruf {letter}"
    digit = match.group("digit") or ""
    return "digit", digit, f"angka {digit}"


def _article_children(
    text: str, article: _Open, index: int, end: int, out: list[_Open]
) -> None:
    """Append the nested list units of one article to ``out``."""
    stack: list[tuple[str, int]] = []  # (marker style, index in out)
    body_start = text.find("\n", article.start, end)
    if body_start < 0:
        return
    previous: tuple[str, str] | None = None
    for match in _MARKER.finditer(text, body_start, end):
        style, number, fragment = _marker_style(match)
        if (style, number) == previous:
            # The same marker twice in a row: the English column's copy of
            # the item just read ("a. menyediakan ..." / "a. provide ...").
            fragment += f" {TRANSLATION_MARK}"
        previous = (style, number)
        styles = [s for s, _ in stack]
        if style in styles:
            del stack[styles.index(style) :]
        parent_index = stack[-1][1] if stack else index
        parent = out[parent_index]
        kind = SectionKind.AYAT if style == "ayat" else SectionKind.ITEM
        start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
        out.append(
            _Open(
                kind=kind,
                number=number,
                heading="",
                ref=f"{parent.ref} {fragment}",
                start=start,
                level=parent.level + 1,
                parent=parent_index,
                style=style,
            )
        )
        stack.append((style, len(out) - 1))


def _close(
    opened: list[_Open], text_end: int, page_of: Callable[[int], int]
) -> tuple[Section, ...]:
    """Give every open section its end: the next section at its level or above.

    The preamble ends where anything else begins.
    """
    sections = []
    for i, item in enumerate(opened):
        end = text_end
        for later in opened[i + 1 :]:
            if later.level <= item.level or item.kind is SectionKind.PREAMBLE:
                end = later.start
                break
        if item.parent is not None:
            parent_end = _parent_end(opened, item.parent, text_end)
            end = min(end, parent_end)
        sections.append(
            Section(
                kind=item.kind,
                number=item.number,
                heading=item.heading,
                ref=item.ref,
                start=item.start,
                end=end,
                page=page_of(item.start),
                parent=item.parent,
            )
        )
    return tuple(sections)


def _parent_end(opened: list[_Open], index: int, text_end: int) -> int:
    item = opened[index]
    for later in opened[index + 1 :]:
        if later.level <= item.level:
            return later.start
    return text_end


def segment_agreement(text: str, page_of: Callable[[int], int]) -> tuple[Section, ...]:
    """Sections of an agreement: preamble, chapters, articles, ayat/items, signature."""
    text = blank_glyphs(text)  # same length: offsets hold for the original
    heads = list(_article_heads(text))
    opened: list[_Open] = []
    first = min(
        [h[0] for h in heads] + [m.start() for m in _CHAPTER.finditer(text)],
        default=None,
    )
    if first is None:
        return _close([_preamble(0)], len(text), page_of) if text.strip() else ()
    if first > 0:
        opened.append(_preamble(0))
    chapters = [
        (
            m.start(),
            m.group("num"),
            m.group("rest").strip() or _heading_after(text, m.end()),
        )
        for m in _CHAPTER.finditer(text)
    ]
    last_head_end = heads[-1][1] if heads else first
    signature = _signature_start(text, last_head_end)
    units = sorted(
        [(s, "chapter", n, h) for s, n, h in chapters]
        + [(s, "article", n, h) for s, _, n, h in heads]
    )
    for position, (start, what, number, heading) in enumerate(units):
        if what == "chapter":
            opened.append(
                _Open(
                    kind=SectionKind.CHAPTER,
                    number=number,
                    heading=heading,
                    ref=f"BAB {number}",
                    start=start,
                    level=0,
                    parent=None,
                )
            )
            continue
        chapter_index = next(
            (
                i
                for i in range(len(opened) - 1, -1, -1)
                if opened[i].kind is SectionKind.CHAPTER
            ),
            None,
        )
        article = _Open(
            kind=SectionKind.ARTICLE,
            number=number,
            heading=heading,
            ref=f"Pasal {number}",
            start=start,
            level=1,
            parent=chapter_index,
        )
        opened.append(article)
        next_start = units[position + 1][0] if position + 1 < len(units) else len(text)
        if signature is not None and start < signature < next_start:
            next_start = signature
        _article_children(text, article, len(opened) - 1, next_start, opened)
    if signature is not None:
        opened.append(
            _Open(
                kind=SectionKind.SIGNATURE,
                number="",
                heading="",
                ref="",
                start=signature,
                level=0,
                parent=None,
            )
        )
    return _close(opened, len(text), page_of)


def _preamble(start: int) -> _Open:
    return _Open(
        kind=SectionKind.PREAMBLE,
        number="",
        heading="",
        ref="",
        start=start,
        level=0,
        parent=None,
    )


def segment_news(text: str, page_of: Callable[[int], int]) -> tuple[Section, ...]:
    """News paragraphs: blocks of text separated by blank lines."""
    sections = []
    for number, match in enumerate(
        re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text), start=1
    ):
        sections.append(
            Section(
                kind=SectionKind.PARAGRAPH,
                number=str(number),
                heading="",
                ref=f"paragraf {number}",
                start=match.start(),
                end=match.end(),
                page=page_of(match.start()),
            )
        )
    return tuple(sections)
