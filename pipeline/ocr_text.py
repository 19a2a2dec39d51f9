"""Cleanup of OCR output before extraction.

Tesseract's text of a signed, stamped scan has noise that the extractors must
not see: stamps and signatures read as strings of letters, page numbers,
running headers and initials (``Paraf``) in the flow, stray ``|`` and ``.``,
and the classic confusions ``l``/``1``/``I``, ``O``/``0`` and ``rn``/``m``.
Everything here works on the words and confidences Tesseract reported
(:class:`pipeline.ocr.PageText`), page by page and then over the document.
Words broken across lines (``pelak-`` / ``sanaan``) are joined later by
:func:`pipeline.normalize.normalize_text`, as for every reader.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pipeline.ocr import Line, PageText, Word

# A line whose words average below this confidence, and which holds few
# confident words, is a stamp, a signature or a smudge read as letters.
JUNK_LINE_CONFIDENCE = 55.0
CONFIDENT_WORD = 60.0
MIN_REAL_WORD_SHARE = 0.5
# Lines this close to the top or bottom edge (share of the page height) are
# where scanners and typists put page numbers, running headers and initials.
EDGE_SHARE = 0.1
# Symbol-only words below this confidence are specks, not punctuation.
SPECK_CONFIDENCE = 50.0

_PAGE_NUMBER = re.compile(
    r"^[\s\-–—~.:()]*(?:(?:hal(?:aman)?|page)\.?\s*)?\d{1,3}"
    r"(?:\s*(?:dari|of|/)\s*\d{1,3})?[\s\-–—~.:()]*$",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"^(?:(?i:paraf)\b.*|[A-Z]{1,4}(?:\s*[/|,]\s*[A-Z]{1,4}){0,3})$")
_STRAY = {"|", ".", ",", "'", "`", "‘", "’", "_", "¦", "~", "»", "«"}
_DIGIT_LOOKALIKES = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0"})
_NUMERIC_TOKEN = re.compile(r"^(?=.*\d)[\dlIO|o]+(?:[./,\-][\dlIO|o]+)*$")
_LETTER_LOOKALIKES_UPPER = str.maketrans({"0": "O", "1": "I", "|": "I"})
_LETTER_LOOKALIKES_LOWER = str.maketrans({"0": "o", "1": "l", "|": "l"})
# Agreement numbers carry the month in Roman numerals (``/IX/2023``), which
# Tesseract reads with a one for an I (``/1X/``, ``/V1/``).
_ROMAN_MONTHS = {
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
}
_ROMAN_LOOKALIKE = re.compile(r"[IVX1l|]+")
_ONE_AS_I = str.maketrans({"1": "I", "l": "I", "|": "I"})
_WORD_CORE = re.compile(r"^([^\w|]*)([\w|]+)([^\w|]*)$")
# No Indonesian word starts with "rn": at a word start it is a misread "m".
_INITIAL_RN = re.compile(r"\brn(?=[aeiou])")
_WORD = re.compile(r"[A-Za-z]+")
# Tesseract reads the semicolon that ends an item of a legal list as a comma;
# an item ending in "," right before the next item's marker ends in ";".
_ITEM_END_COMMA = re.compile(r",\n(?=\(?(?:\d{1,2}|[a-z])[.)] )")


def clean_document(pages: Sequence[PageText | None], context: str = "") -> list[str]:
    """Clean the OCR text of a document's pages.

    Args:
        pages: Per page, what Tesseract read, or None for a page that was not
            OCR'd (its text is in ``context``).
        context: The document's other text, for the vocabulary used to
            undo ``rn``/``m`` confusions.

    Returns:
        The cleaned text of each page (``""`` for a page not OCR'd).
    """
    kept = [_body_lines(page) if page else [] for page in pages]
    repeated = _running_lines(kept)
    texts = [
        "\n".join(
            _fix_line(line) for line, _edge in lines if _key(line) not in repeated
        )
        for lines in kept
    ]
    vocabulary = Counter(
        word.lower() for word in _WORD.findall(context + "\n".join(texts))
    )
    return [_ITEM_END_COMMA.sub(";\n", _fix_rn(t, vocabulary)) for t in texts]


def _body_lines(page: PageText) -> list[tuple[Line, bool]]:
    """The page's lines without marks and page furniture, with an edge flag."""
    lines: list[tuple[Line, bool]] = []
    for line in page.lines:
        words = tuple(word for word in line.words if not _is_speck(word))
        if not words or is_junk_line(Line(words=words)):
            continue
        edge = _at_edge(line, page.height)
        if edge and is_furniture(Line(words=words).text):
            continue
        lines.append((Line(words=words), edge))
    return lines


def _is_speck(word: Word) -> bool:
    return word.text in _STRAY or (
        word.conf < SPECK_CONFIDENCE and not any(c.isalnum() for c in word.text)
    )


def is_junk_line(line: Line) -> bool:
    """True for a stamp, signature or smudge read as a line of letters.

    Args:
        line: One recognised line.

    Returns:
        Whether the line is unreliable throughout: a low mean confidence and
        few confident words of two letters or more.
    """
    if not any(char.isalnum() for char in line.text):
        return True
    if line.confidence >= JUNK_LINE_CONFIDENCE:
        return False
    real = [w for w in line.words if w.conf >= CONFIDENT_WORD and _is_real(w.text)]
    return len(real) / len(line.words) < MIN_REAL_WORD_SHARE


def _is_real(text: str) -> bool:
    letters = sum(char.isalpha() for char in text)
    return letters >= 2 or any(char.isdigit() for char in text)


def _at_edge(line: Line, height: int) -> bool:
    if height <= 0:
        return False
    return line.bottom < height * EDGE_SHARE or line.top > height * (1 - EDGE_SHARE)


def is_furniture(text: str) -> bool:
    """True for a page number (``- 2 -``, ``Halaman 2 dari 5``) or initials.

    Args:
        text: One line found at the top or bottom edge of a page.

    Returns:
        Whether the line is page furniture rather than text.
    """
    stripped = text.strip()
    return bool(_PAGE_NUMBER.match(stripped) or _INITIALS.match(stripped))


def _key(line: Line) -> str:
    return re.sub(r"\d+", "#", " ".join(line.text.lower().split()))


def _running_lines(pages: list[list[tuple[Line, bool]]]) -> set[str]:
    """Edge lines that recur on two pages or more: running headers, footers."""
    counts = Counter(
        key for lines in pages for key in {_key(line) for line, edge in lines if edge}
    )
    return {key for key, count in counts.items() if count >= 2}


def _fix_line(line: Line) -> str:
    return " ".join(fix_roman_month(fix_token(word.text)) for word in line.words)


def fix_roman_month(token: str) -> str:
    """Read ``1`` as ``I`` in the Roman month of an agreement number.

    Args:
        token: One word, e.g. ``B/045/USTB/KS.00/1X/2023``.

    Returns:
        The word with each ``/``-separated part that becomes a Roman month
        (``I`` to ``XII``) by that substitution corrected.
    """
    if "/" not in token:
        return token
    parts = token.split("/")
    for index, part in enumerate(parts):
        if _ROMAN_LOOKALIKE.fullmatch(part) and any(c in "IVX" for c in part):
            candidate = part.translate(_ONE_AS_I)
            if candidate in _ROMAN_MONTHS:
                parts[index] = candidate
    return "/".join(parts)


def fix_token(token: str) -> str:
    """Undo ``l``/``1``/``I`` and ``O``/``0`` confusions inside one word.

    A token of digits with a look-alike letter (``2O25``, ``l2``) becomes a
    number; a word of letters with a stray ``0`` or ``1`` (``Pasa1``,
    ``PERJANJ1AN``) gets the letter back, in the word's case.

    Args:
        token: One word as Tesseract read it.

    Returns:
        The corrected word.
    """
    match = _WORD_CORE.match(token)
    if not match:
        return token
    head, core, tail = match.groups()
    if _NUMERIC_TOKEN.match(core):
        return head + core.translate(_DIGIT_LOOKALIKES) + tail
    letters = sum(char.isalpha() for char in core)
    others = set(core) - {"0", "1", "|"}
    if letters >= 3 and all(char.isalpha() for char in others) and letters < len(core):
        table = _LETTER_LOOKALIKES_UPPER if core.isupper() else _LETTER_LOOKALIKES_LOWER
        return head + core.translate(table) + tail
    return token


def _fix_rn(text: str, vocabulary: Counter[str]) -> str:
    """Read ``rn`` as ``m`` where the document itself spells the word so."""
    text = _INITIAL_RN.sub("m", text)

    def choose(match: re.Match[str]) -> str:
        word = match.group(0)
        if "rn" not in word:
            return word
        candidate = word.replace("rn", "m")
        better = vocabulary[candidate.lower()] > vocabulary[word.lower()]
        return candidate if better else word

    return _WORD.sub(choose, text)
