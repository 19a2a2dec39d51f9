"""Indonesian calendar and number vocabulary shared by the extractors.

Everything here is plain data plus two small readers. Keys are lower case;
look words up through :func:`month_number` / :func:`weekday_number`, which
normalise case and stray punctuation. The ``*_PATTERN`` strings are regex
sources (no flags, no groups) for embedding in larger, case-insensitive
patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby
from os.path import commonprefix

# Month names, abbreviations, pre-1972 spellings (Pebruari, Nopember, Djuni)
# and English names, which bilingual agreements print side by side.
BULAN: dict[str, int] = {
    "januari": 1, "djanuari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "djuni": 6, "jun": 6, "june": 6,
    "juli": 7, "djuli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agt": 8, "agu": 8, "ags": 8, "agst": 8, "aug": 8, "august": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}  # fmt: skip

# The full month words, without abbreviations such as "Mar" or "Des" that are
# too short to trust where no day number vouches for them.
BULAN_FULL: frozenset[str] = frozenset(
    name
    for name in BULAN
    if len(name) > 4 or name in {"mei", "juni", "juli", "june", "july"}
)

# Weekdays as Python's date.weekday(): Monday is 0. "Ahad" is the Arabic-derived
# name for Sunday; "Jum'at" appears with straight and curly apostrophes.
HARI: dict[str, int] = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "jum'at": 4,
    "jum’at": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
}

_DIGITS: dict[str, int] = {
    "nol": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_MULTIPLIERS: dict[str, int] = {"puluh": 10, "ratus": 100}
_SCALES: dict[str, int] = {"ribu": 1_000, "juta": 1_000_000}


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, shaped as a trie.

    ``a(?:g(?:t|ustus)|pr(?:il)?)`` lets the regex engine leave a position
    after one failed character instead of trying every word in turn (about 3x
    faster over a long text); a longer word is tried before its prefix.

    Args:
        words: Literal words; they are escaped.

    Returns:
        Regex source without a group around it and without flags.
    """
    return _trie(sorted({word for word in words if word}))


def _trie(words: list[str]) -> str:
    branches = []
    for _, group in groupby(words, key=lambda word: word[0]):
        members = list(group)
        prefix = commonprefix(members)
        tails = [word[len(prefix) :] for word in members]
        longer = [tail for tail in tails if tail]
        suffix = f"(?:{_trie(longer)})" if longer else ""
        if suffix and "" in tails:
            suffix += "?"
        branches.append(re.escape(prefix) + suffix)
    return "|".join(branches)


# One number morpheme. "se" glues to a unit ("sebelas", "seratus"), and words
# may be printed joined ("Duapuluh") or hyphenated, so morphemes are matched
# inside a run rather than as whole words.
_MORPHEME_PATTERN = (
    rf"(?:{alternation(_DIGITS)}|se(?:puluh|belas|ratus|ribu|juta)"
    r"|belas|puluh|ratus|ribu|juta)"
)
_SEPARATOR_PATTERN = r"[ \t\-]*(?:\r?\n[ \t]*)?"

MONTH_PATTERN = alternation(BULAN)
WEEKDAY_PATTERN = alternation(HARI)
NUMBER_WORDS_PATTERN = (
    rf"\b{_MORPHEME_PATTERN}(?:{_SEPARATOR_PATTERN}{_MORPHEME_PATTERN})*\b"
)

_MORPHEME = re.compile(_MORPHEME_PATTERN, re.IGNORECASE)
_NUMBER_WORDS = re.compile(
    rf"\s*{_MORPHEME_PATTERN}(?:{_SEPARATOR_PATTERN}{_MORPHEME_PATTERN})*\s*",
    re.IGNORECASE,
)


def month_number(word: str) -> int | None:
    """The month (1-12) a name or abbreviation stands for.

    Args:
        word: ``"Maret"``, ``"NOPEMBER"``, ``"Agt."`` and the like.

    Returns:
        1-12, or None when the word is not a month.
    """
    return BULAN.get(word.strip(" .,").lower())


def weekday_number(word: str) -> int | None:
    """The Python weekday (Monday 0 ... Sunday 6) of an Indonesian day name.

    Args:
        word: ``"Kamis"``, ``"JUM'AT"``, ``"Ahad"`` and the like.

    Returns:
        0-6, or None when the word is not a day name.
    """
    return HARI.get(word.strip(" .,").lower())


def parse_number_words(text: str) -> int | None:
    """Read a number written in Indonesian words.

    Words may be spaced, joined or hyphenated and in any case:
    ``"dua ribu dua puluh empat"`` -> 2024, ``"Duapuluh"`` -> 20,
    ``"sebelas"`` -> 11, ``"Duaribu Duapuluh Lima"`` -> 2025.

    Args:
        text: The words alone, without surrounding prose.

    Returns:
        The number, or None when ``text`` is not a well-formed number.
    """
    if not _NUMBER_WORDS.fullmatch(text):
        return None
    return _evaluate(match.group().lower() for match in _MORPHEME.finditer(text))


def _evaluate(morphemes: Iterable[str]) -> int | None:
    """Fold morphemes into a value; None on sequences like "dua tiga"."""
    total = group = 0  # total: finished thousands; group: the part below them
    unit: int | None = None  # a digit word still waiting for its multiplier
    for morpheme in morphemes:
        if morpheme.startswith("se") and morpheme != "sembilan":
            if unit is not None:
                return None
            unit, morpheme = 1, morpheme[2:]
        if morpheme in _DIGITS:
            if unit is not None:
                return None
            unit = _DIGITS[morpheme]
        elif morpheme in _SCALES and (unit is not None or group):
            total += (group + (unit or 0)) * _SCALES[morpheme]
            group, unit = 0, None
        elif unit is None:
            return None  # a multiplier with nothing to multiply
        elif morpheme == "belas":
            group, unit = group + 10 + unit, None
        else:
            group, unit = group + unit * _MULTIPLIERS[morpheme], None
    return total + group + (unit or 0)
