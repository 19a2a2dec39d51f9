"""Text normalisation applied to every reader's output before anything else.

Readers differ in what they leave in text: PDF extractors emit ligatures,
soft hyphens, odd Unicode spaces and words hyphenated across line ends; DOCX
and HTML carry zero-width and bidi characters. :func:`normalize_text` maps all
of them to one plain form, so that patterns downstream (``Pasal 5``, ``PIHAK
PERTAMA``) match whatever the source format was.

``(cid:NN)`` tokens (glyphs without a Unicode mapping, as pdfminer prints them)
are kept: the OCR decision measures them with :func:`cid_ratio`.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that carry no text: zero-width, soft hyphen, bidi controls.
_INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u061c"  # Arabic letter mark
    "\u200b\u200c\u200d"  # zero-width space, non-joiner, joiner
    "\u200e\u200f"  # left-to-right / right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2060"  # word joiner
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # byte order mark / zero-width no-break space
)
_UNICODE_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"  # noqa: E501
_LIGATURES = "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"


def _translation_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    # C0 and C1 controls never belong in text; \t and \n are kept, and line
    # or page separators become line breaks so words on either side stay apart.
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        table[code] = None
    table.update({ord("\t"): "\t", ord("\n"): "\n"})
    table.update({0x0B: "\n", 0x0C: "\n\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n\n"})
    # Lone surrogates come from lossy decoders; they cannot be encoded later.
    table.update(dict.fromkeys(range(0xD800, 0xE000)))
    table.update({ord(char): None for char in _INVISIBLE})
    table.update({ord(char): " " for char in _UNICODE_SPACES})
    # NFKC on the ligatures only: NFKC on the whole text would also fold
    # superscripts, fractions and full-width forms that are meaningful.
    table.update({ord(lig): unicodedata.normalize("NFKC", lig) for lig in _LIGATURES})
    return table


_TABLE = _translation_table()
_LINE_BREAKS = re.compile(r"\r\n?")
_HORIZONTAL_RUN = re.compile(r"[ \t]+")
_SPACE_AT_LINE_EDGE = re.compile(r" *\n *")
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")
# A word broken at a line end: the head, a hyphen, a newline, the tail with any
# punctuation attached to it, then the space (if any) that ended the tail.
_BROKEN_WORD = re.compile(r"(\w+)-\n(\w+)(\S*)( ?)")
_CID_TOKEN = re.compile(r"\(cid:\d+\)")
_MIN_REDUPLICATION = 3


def normalize_text(text: str) -> str:
    r"""Return ``text`` in the plain form every later stage expects.

    NFC; controls (except newline and tab), zero-width characters, soft
    hyphens and bidi controls removed; ligatures expanded; every Unicode space
    a plain space; ``\r\n``/``\r`` as ``\n``; a form feed becomes a blank
    line; runs of spaces and tabs collapsed to one space; spaces at line
    edges stripped; at most one blank line in a row; leading and trailing
    whitespace removed; words hyphenated across a line end joined, except
    reduplications and capitalised compounds (``anak-anak``,
    ``Undang-Undang``), which keep their hyphen.

    Args:
        text: Raw text from a reader.

    Returns:
        The normalised text.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", text.translate(_TABLE))
    text = _HORIZONTAL_RUN.sub(" ", text)
    text = _SPACE_AT_LINE_EDGE.sub("\n", text)
    text = _BROKEN_WORD.sub(_join_broken_word, text)
    text = _EXTRA_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def _join_broken_word(match: re.Match[str]) -> str:
    head, tail, attached, space = match.groups()
    if not (head[-1].isalpha() and tail[0].isalpha()):
        return match.group(0)
    joined = f"{head}-{tail}" if _keeps_hyphen(head, tail) else head + tail
    # The line break moves after the rejoined word (and its punctuation), so
    # the next line starts at the following word; if the word already ended
    # its line, that line's own break is kept.
    return joined + attached + ("\n" if space else "")


def _keeps_hyphen(head: str, tail: str) -> bool:
    """True for a real hyphenated word rather than a word split by layout."""
    if tail[0].isupper():
        return True  # Undang-Undang, Jawa-Bali, non-PNS
    head_lower, tail_lower = head.lower(), tail.lower()
    # Reduplication, full or affixed: anak-anak, anak-anaknya, kemerah-merahan.
    return any(
        head_lower.endswith(tail_lower[:size])
        for size in range(_MIN_REDUPLICATION, len(tail_lower) + 1)
    )


def cid_ratio(text: str) -> float:
    """Share of the non-space characters that belong to ``(cid:NN)`` tokens.

    pdfminer prints a glyph whose font has no Unicode mapping as ``(cid:NN)``;
    a page made mostly of those has an unusable text layer.

    Args:
        text: Text of one page.

    Returns:
        A number from 0.0 (no such tokens, or no text) to 1.0.
    """
    visible = len(text) - sum(map(str.isspace, text))  # non-space characters
    if visible == 0:
        return 0.0
    in_tokens = sum(len(token) for token in _CID_TOKEN.findall(text))
    return in_tokens / visible
