"""Gazetteer of Indonesian institutions: loading, matching and canonical names.

The data lives in ``patterns/orgs.tsv`` (its header documents the format) so
that reviewers can extend it without touching code. It is read once per
process. ``canonical_name`` turns an alias, acronym or upper-case variant into
the official long form that search and ``pks parties`` group by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

GAZETTEER_PATH = Path(__file__).parent / "patterns" / "orgs.tsv"

# Words an upper-case name keeps in lower case once it is title-cased.
_CONNECTIVES = frozenset(
    {"dan", "di", "untuk", "dengan", "serta", "yang", "atas", "dari", "pada", "ke"}
)
# Class codes and Roman numerals stay upper case: "Kelas IIA", "Kelas II B".
_ROMAN_CODE = re.compile(r"^[IVXLC]+[A-C]?$")
# Parenthetical parts of a legal name, kept; any other parenthesis is an alias.
_LEGAL_PARENS = re.compile(r"\((?:persero|perseroda|perum)\)", re.IGNORECASE)
_PARENS = re.compile(r"\s*\([^()]*\)")
_SPACES = re.compile(r"\s+")
_EDGE_JUNK = " \t\n\"'“”‘’,.;:-–"


class Kind(StrEnum):
    """What a gazetteer form is (the third column of the data file)."""

    ORG = "org"
    WORD = "word"
    POSITION = "position"
    HONORIFIC = "honorific"


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the gazetteer."""

    form: str
    expansion: str
    kind: Kind
    flags: frozenset[str]

    @property
    def shares_head(self) -> bool:
        """True when a list can share this head: ``Desa A, B dan C``."""
        return "list" in self.flags

    @property
    def whole(self) -> bool:
        """True when the form alone names a complete body (``Ditjenpas``)."""
        return "whole" in self.flags

    @property
    def org(self) -> str | None:
        """For a position, the body its holder heads (Bupati: Pemerintah Kabupaten)."""
        for flag in self.flags:
            if flag.startswith("org="):
                return flag.removeprefix("org=")
        return None


def _key(text: str) -> str:
    """Lookup key of a printed form: one space, no trailing dot, lower case."""
    return _SPACES.sub(" ", text).rstrip(".").lower()


def _form_pattern(entries: list[Entry]) -> re.Pattern[str]:
    """One alternation of forms, longest first, each with an optional dot."""
    forms = sorted((e.form for e in entries), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
    return re.compile(rf"(?<![\w.])(?:{body})(?:\.|(?!\w))", re.IGNORECASE)


class Gazetteer:
    """The loaded gazetteer with compiled matchers per kind."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = tuple(entries)
        self._by_key: dict[str, Entry] = {}
        for entry in entries:
            self._by_key.setdefault(_key(entry.form), entry)
        self._heads = _form_pattern([e for e in entries if e.kind is Kind.ORG])
        self._positions = _form_pattern([e for e in entries if e.kind is Kind.POSITION])
        self._honorific = _form_pattern(
            [e for e in entries if e.kind is Kind.HONORIFIC]
        )
        self._expandable = _form_pattern(
            [e for e in entries if e.expansion != e.form and e.kind != Kind.HONORIFIC]
        )
        self._contractions = _contractions(entries)

    def entry(self, printed: str) -> Entry | None:
        """The entry for a printed form, if any (case and dot ignored)."""
        return self._by_key.get(_key(printed))

    def _checked(self, match: re.Match[str] | None) -> tuple[int, Entry] | None:
        """(end, entry) of a match whose case fits its entry, else None."""
        if match is None:
            return None
        entry = self.entry(match.group(0))
        if entry is None or not _case_fits(entry, match.group(0)):
            return None
        return match.end(), entry

    def head_at(self, text: str, pos: int) -> tuple[int, Entry] | None:
        """The organisation head noun starting exactly at ``pos``, if any."""
        return self._checked(self._heads.match(text, pos))

    def position_at(self, text: str, pos: int) -> tuple[int, Entry] | None:
        """The position word (Rektor, Kalapas) starting exactly at ``pos``."""
        return self._checked(self._positions.match(text, pos))

    def heads_in(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Every (start, end) of an organisation head between two offsets."""
        found = []
        for match in self._heads.finditer(text, start, end):
            if self._checked(match) is not None:
                found.append((match.start(), match.end()))
        return found

    def honorific_end(self, text: str, pos: int) -> int | None:
        """End of a personal title or rank at ``pos``, or None."""
        match = self._honorific.match(text, pos)
        return match.end() if match else None

    def expand(self, text: str) -> str:
        """Replace every known short form in ``text`` with its expansion."""

        def replace(match: re.Match[str]) -> str:
            entry = self.entry(match.group(0))
            if entry is None or not _case_fits(entry, match.group(0)):
                return match.group(0)
            return entry.expansion

        return self._expandable.sub(replace, text)

    def contract(self, text: str) -> str:
        """Replace known long forms with their gazetteer short form."""
        for pattern, form in self._contractions:
            text = pattern.sub(form, text)
        return text


def _case_fits(entry: Entry, printed: str) -> bool:
    """Acronyms in capitals match only capitals; other forms need a capital."""
    if entry.kind is Kind.HONORIFIC:
        return True
    letters = printed.replace(".", "").replace(" ", "")
    if entry.form.isupper():
        return letters.isupper()
    return printed[:1].isupper()


def _contractions(entries: list[Entry]) -> list[tuple[re.Pattern[str], str]]:
    """(long form pattern, short form) for org acronyms, longest first."""
    seen: dict[str, str] = {}
    for entry in entries:
        if entry.kind is Kind.ORG and entry.expansion != entry.form:
            seen.setdefault(entry.expansion, entry.form)
    ordered = sorted(seen.items(), key=lambda item: len(item[0]), reverse=True)
    return [(re.compile(rf"\b{re.escape(long)}\b"), short) for long, short in ordered]


def _parse_line(line: str) -> Entry:
    form, expansion, kind, flags = line.split("\t")
    return Entry(
        form=form,
        expansion=form if expansion == "-" else expansion,
        kind=Kind(kind),
        flags=frozenset() if flags == "-" else frozenset(flags.split(",")),
    )


def read_gazetteer(path: Path = GAZETTEER_PATH) -> Gazetteer:
    """Read a gazetteer file in the ``orgs.tsv`` format.

    Args:
        path: The tab-separated data file.

    Returns:
        The gazetteer with its matchers compiled.

    Raises:
        ValueError: A line does not have four columns or has an unknown kind.
    """
    entries = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            try:
                entries.append(_parse_line(line))
            except ValueError as error:
                raise ValueError(f"{path.name}:{number}: bad line {line!r}") from error
    return Gazetteer(entries)


@cache
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, read once per process."""
    return read_gazetteer()


def _is_mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) > 1 and sum(c.isupper() for c in letters) > 0.8 * len(
        letters
    )


def _title_word(word: str) -> str:
    """Title-case one word of an upper-case name, keeping codes and acronyms."""
    bare = word.strip(".,()")
    if bare.lower() in _CONNECTIVES:
        return word.lower()
    if _ROMAN_CODE.match(bare) or any(c.isdigit() for c in bare):
        return word
    entry = gazetteer().entry(bare)
    if entry is not None and entry.form.isupper():
        return word
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word)


def _keep_legal_form(match: re.Match[str]) -> str:
    """``(Persero)`` belongs to a company's name; other parentheses are aliases."""
    return match.group(0) if _LEGAL_PARENS.search(match.group(0)) else ""


def tidy_name(name: str) -> str:
    """A name with one space between words, edge quotes and punctuation removed."""
    return _SPACES.sub(" ", name).strip(_EDGE_JUNK)


def canonical_name(name: str) -> str:
    """The canonical (full official) name for an alias, acronym or variant.

    Short forms are expanded from the gazetteer (``Lapas`` -> ``Lembaga
    Pemasyarakatan``, ``Pemkab`` -> ``Pemerintah Kabupaten``), an upper-case
    name is title-cased, and parenthesised aliases are dropped, so that
    ``LAPAS KELAS IIA PEKANBARU`` and ``Lapas Kelas IIA Pekanbaru`` agree.

    Args:
        name: A party name as printed.

    Returns:
        The canonical name; empty when ``name`` holds no words.
    """
    text = tidy_name(name)
    text = _PARENS.sub(_keep_legal_form, text)
    if _is_mostly_upper(text):
        text = " ".join(_title_word(word) for word in text.split())
    return tidy_name(gazetteer().expand(text))


def short_name(name: str) -> str | None:
    """The gazetteer short form of a name, when one differs from it.

    Args:
        name: A party name, full or short.

    Returns:
        ``Lapas Kelas IIA Bengkalis`` for ``Lembaga Pemasyarakatan Kelas IIA
        Bengkalis``; None when no part of the name has a known short form.
    """
    canonical = canonical_name(name)
    short = gazetteer().contract(canonical)
    return short if short != canonical else None
