"""One organisation, one canonical party across a whole archive.

Each document names its parties in its own way: ``Pemkab Kampar``,
``PEMERINTAH KABUPATEN KAMPAR``, ``Pemerintah Daerah Kabupaten Kampar``,
``Universitas Islam Riau (UIR)`` and, in a news report, just ``UIR``.
:func:`group_parties` links the mentions that name one body, by four rules,
from the strictest:

1. the same key: the canonical name (short forms expanded, case folded)
   without filler words (``Daerah``, ``Republik Indonesia``) or punctuation;
2. the same key after dropping a prison's class (``Kelas IIA``), when what is
   left still has two words;
3. a near spelling of the key (rapidfuzz ratio, for OCR and typing slips)
   when the keys have the same length class and share their digits;
4. an acronym: a mention printed in capitals (or a short name a mention
   defines for itself) whose letters are the initials of another's name.

Short names that a document defines for its role (``PENGELOLA``, ``BANK``,
``PENYEDIA``) are local to that document and never link two documents: only
an acronym that matches the initials of its own party's name does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractors.orgs import canonical_name

# Words that vary between printings of one name without changing the body
# ("Pemerintah Daerah Kabupaten X", "Kementerian Agama Republik Indonesia").
_FILLER = re.compile(r"\b(?:daerah|republik indonesia|ri)\b")
# A prison's class is often left out ("Lapas Kelas IIA Bengkalis" = "Lapas
# Bengkalis"); Kota and Kabupaten are not: Kota Bekasi is not Kabupaten Bekasi.
_CLASS_WORD = "kelas"
_CLASS_CODE = re.compile(r"^(?:[ivx]+[a-c]?|[a-c])$")
_CONNECTIVE = frozenset({"dan", "di", "untuk", "dengan", "serta", "atas", "dari"})
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]{1,7}$")
_WORD = re.compile(r"[^\W_]+")
_FUZZY_MIN = 92
_FUZZY_MIN_LENGTH = 12  # short keys differ by one letter and mean two bodies


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """One party as one document printed it."""

    name: str
    canonical: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class _Keys:
    """The comparison keys of one mention."""

    exact: str
    bare: str
    initials: str
    acronyms: frozenset[str]


def party_key(name: str) -> str:
    """The comparison key of a name: canonical, folded, without filler words.

    Args:
        name: A party name as printed or already canonical.

    Returns:
        Lower-case words joined by one space (``pemerintah kabupaten kampar``
        for ``Pemerintah Daerah Kabupaten Kampar``).
    """
    words = " ".join(_WORD.findall(canonical_name(name).casefold()))
    return " ".join(_FILLER.sub(" ", words).split())


def group_parties(mentions: Sequence[Mention]) -> list[list[int]]:
    """Indexes of the mentions that name one organisation, group by group.

    Keys are bucketed, so an archive of many thousand parties groups in
    near-linear time; only names in one bucket are compared letter by letter.

    Args:
        mentions: Parties from any number of documents.

    Returns:
        Groups of indexes into ``mentions``, each in ascending order, the
        groups ordered by their first index; every index is in one group.
    """
    keys = [_keys(mention) for mention in mentions]
    links = _UnionFind(len(keys))
    _link_equal(links, [k.exact for k in keys])
    _link_equal(links, [k.bare for k in keys])
    _link_near(links, keys)
    _link_acronyms(links, keys)
    return links.groups()


class _UnionFind:
    """Disjoint sets of indexes."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def union(self, left: int, right: int) -> None:
        first, second = self.find(left), self.find(right)
        self.parent[max(first, second)] = min(first, second)

    def groups(self) -> list[list[int]]:
        found: dict[int, list[int]] = {}
        for index in range(len(self.parent)):
            found.setdefault(self.find(index), []).append(index)
        return sorted(found.values(), key=lambda group: group[0])


def _link_equal(links: _UnionFind, values: list[str]) -> None:
    """Link every two indexes whose (non-empty) values are equal."""
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        if value:
            links.union(first.setdefault(value, index), index)


def _link_near(links: _UnionFind, keys: list[_Keys]) -> None:
    """Link near spellings within buckets of (first word, digits)."""
    buckets: dict[tuple[str, str], dict[str, int]] = {}
    for index, key in enumerate(keys):
        if len(key.exact) >= _FUZZY_MIN_LENGTH:
            bucket = (key.exact.split()[0], _digits(key.exact))
            buckets.setdefault(bucket, {}).setdefault(key.exact, index)
    for names in buckets.values():
        ordered = list(names.items())
        for position, (name, index) in enumerate(ordered):
            for other, other_index in ordered[position + 1 :]:
                if fuzz.ratio(name, other) >= _FUZZY_MIN:
                    links.union(index, other_index)


def _link_acronyms(links: _UnionFind, keys: list[_Keys]) -> None:
    """Link an acronym to the one name whose initials it spells.

    A name that defines the acronym itself (``Universitas Islam Riau
    (UIR)``) wins; otherwise the acronym links only when a single distinct
    name has those initials, since two bodies may share them.
    """
    by_initials: dict[str, set[str]] = {}
    defined: dict[str, int] = {}
    first: dict[str, int] = {}
    for index, key in enumerate(keys):
        first.setdefault(key.exact, index)
        if key.initials:
            by_initials.setdefault(key.initials, set()).add(key.exact)
            if key.initials in key.acronyms:
                defined.setdefault(key.initials, index)
    for index, key in enumerate(keys):
        for acronym in key.acronyms:
            if acronym in defined:
                links.union(defined[acronym], index)
            elif len(names := by_initials.get(acronym, set())) == 1:
                links.union(first[next(iter(names))], index)


def preferred_name(mentions: Sequence[Mention]) -> str:
    """The canonical name a group goes by: the most frequent, then the longest.

    Args:
        mentions: The mentions of one group.

    Returns:
        One of their canonical names (empty for no mentions).
    """
    counts = Counter(m.canonical for m in mentions if m.canonical)
    if not counts:
        return ""
    return max(counts, key=lambda name: (counts[name], len(name), name))


def _keys(mention: Mention) -> _Keys:
    exact = party_key(mention.canonical or mention.name)
    words = exact.split()
    bare_words = [w for w in words if w != _CLASS_WORD and not _CLASS_CODE.match(w)]
    initials = "".join(w[0] for w in words if w not in _CONNECTIVE and w.isalpha())
    acronyms = {
        printed.casefold()
        for printed in (mention.name, *mention.aliases)
        if _ACRONYM.match(printed) and sum(c.isupper() for c in printed) >= 2
    }
    # A defined short name counts only when it spells its own party's name.
    own = frozenset(a for a in acronyms if a == initials or len(words) == 1)
    return _Keys(
        exact=exact,
        bare=" ".join(bare_words) if len(bare_words) > 1 else "",
        initials=initials if len(words) > 1 else "",
        acronyms=own,
    )


def _digits(key: str) -> str:
    return "".join(c for c in key if c.isdigit())
