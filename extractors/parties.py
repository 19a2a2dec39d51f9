"""Parties of an agreement, or of a signing reported in the news.

Agreements name their parties in the comparison clause after the opening
formula (``yang bertanda tangan di bawah ini:``). Each party block ends with a
designation (``selanjutnya disebut PIHAK PERTAMA``) or starts with a role
banner (``PIHAK KEDUA :``). Inside a block the organisation comes from ``untuk
dan atas nama X``, an ``Instansi :`` row, the block's head (``Universitas X,
yang diwakili oleh ...``) or the signatory's position; the representative from
a ``Nama :`` row, ``diwakili oleh`` or the head (``Ir. Budi, M.T., selaku
...``). When the body has no party blocks (treaty-style MoUs), the title
(``... ANTARA X DENGAN Y``) names them. In news only organisations placed in a
signing construction count (``MoU antara X dengan Y``, ``X menjalin kerja sama
dengan Y``); speakers, guests and venues do not.

Treaty-style texts that define parties only by short names (``Universitas X
(selanjutnya disebut "UX")``) give parties without roles. The signature block
supplies a representative the comparison clause left out: its columns are
headed by roles (``PIHAK KEDUA, PIHAK PERTAMA,``) or bodies (``UNTUK X``), and
the names printed side by side under them are told apart by their titles and
degrees. When two people sign for one party, the first is kept as its
representative. News may name a party's head only where they are quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractors.context import ParsedDocument
from extractors.orgs import Entry, canonical_name, gazetteer, short_name, tidy_name
from extractors.structure import roman_to_int
from schemas.records import Party, SectionKind

# --- Role labels -------------------------------------------------------------

_UNITS = "satu dua tiga empat lima enam tujuh delapan sembilan".split()
_UNIT_VALUE = {word: value for value, word in enumerate(_UNITS, start=1)}
_ENGLISH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_UNIT_WORDS = "|".join(_UNITS)
_ORDINAL = (
    rf"ke(?:{_UNIT_WORDS}|sepuluh|sebelas)"
    rf"(?:\s+(?:belas|puluh)(?:\s+(?:{_UNIT_WORDS})(?!\w))?)?(?!\w)"
    r"|pertama|[IVX]{1,5}(?!\w)|\d{1,2}(?!\w)"
)
_ENGLISH_WORDS = "|".join(_ENGLISH)
# Regex source of a role label, without groups, for embedding in patterns.
ROLE_PATTERN = rf"pihak\s+(?:{_ORDINAL})|(?:{_ENGLISH_WORDS})\s+party"
_ROLE_PARTS = re.compile(
    rf"pihak\s+(?P<ordinal>{_ORDINAL})|(?P<english>{_ENGLISH_WORDS})\s+party",
    re.IGNORECASE,
)
_QUOTE = "[\"'“”‘’]"
# "selanjutnya disebut PIHAK PERTAMA", "sebagai “Pihak Kedua”.", "hereinafter
# referred to as the FIRST PARTY".
_DESIGNATION = re.compile(
    r"(?:disebut|dinamakan|referred\s+to\s+as|called)\s+"
    rf"(?:juga\s+)?(?:sebagai\s+|dengan\s+|the\s+)?{_QUOTE}?\s*"
    rf"(?P<label>{ROLE_PATTERN}){_QUOTE}?"
    rf"|\bsebagai\s+{_QUOTE}?(?P<label2>{ROLE_PATTERN}){_QUOTE}?(?=\s*[.,;)\n])",
    re.IGNORECASE,
)
# A line that opens a party block with its role: "II. PIHAK KEDUA : ...".
_BANNER = re.compile(
    rf"^[ \t]*(?:(?:\d{{1,2}}|[IVX]{{1,4}})[.)][ \t]*)?[-–=* \t]*"
    rf"(?P<label>{ROLE_PATTERN})[ \t]*[-–=*]*[ \t]*:?[ \t]*(?P<rest>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)

# --- Comparison clause -------------------------------------------------------

_OPENING = re.compile(
    r"bertanda\s*tangan\s+di\s*bawah\s+ini\s*:?|\b(?:oleh\s+dan\s+)?antara\s*:"
    r"|\bthe\s+undersigned\s*:",
    re.IGNORECASE,
)
# OCR often reads the Roman I of a list marker as a lower-case l ("ll.").
_MARKER = re.compile(r"[ \t]*(?:\d{1,2}|[IVXl]{1,4}|[a-h])[.)][ \t]+")
_BLOCK_LEAD = re.compile(r"(?:[\s.,;:\"”’]|\b(?:dan|DAN|serta|SERTA)\b)*")
_FIRST_MARKER = re.compile(r"^[ \t]*(?:1|I|a)[.)][ \t]+", re.MULTILINE)
# Where the text after a designation stops belonging to its party.
_BLOCK_OPENER = re.compile(
    r"\n[ \t]*(?:(?:\d{1,2}|[IVX]{1,4}|[a-h])[.)][ \t]|dan\b|DAN\b)|\n[ \t]*\n|;"
)
_TAIL_END = re.compile(r"\.[ \t]*\n|\n[ \t]*\n|;")
_MAX_TAIL = 400
_ROW = re.compile(
    r"^[ \t]*(?:(?:\d{1,2}|[IVX]{1,4}|[a-h])[.)][ \t]*)?"
    r"(?P<key>nama(?:[ \t]+(?:instansi|lembaga|perusahaan|badan usaha))?|jabatan"
    r"|instansi|unit kerja|alamat|nip|nrp|nik|pangkat[^:\n]{0,12})"
    # an exploded table puts the colon, and each word, on a line of its own
    r"[ \t]*(?:\n[ \t]*)?:[ \t]*(?P<value>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
_ROW_CONTINUATION = re.compile(
    r"\n[ \t]*(?!(?:bertindak|dalam|selanjutnya|yang|untuk|berkedudukan|beralamat"
    r"|nama|jabatan|instansi|alamat|nip|nrp|nik|pangkat|pekerjaan)\b)"
    r"([A-Z][^\n:]*)$",
    re.MULTILINE | re.IGNORECASE,
)
_ON_BEHALF = re.compile(
    r"(?:untuk\s+dan\s+atas\s+nama|atas\s+nama|mewakili)\s+"
    r"(?:(?:serta|dan)\s+mewakili\s+)?",
    re.IGNORECASE,
)
_POST = re.compile(
    r"(?:selaku|dalam\s+(?:jabatannya|kedudukannya|kapasitasnya)\s+"
    r"(?:selaku|sebagai)|dalam\s+jabatan\s+sebagai|jabatan\s+sebagai)\s+",
    re.IGNORECASE,
)
_REPRESENTED = re.compile(r"(?:diwakili\s+oleh|represented\s+by)\s+", re.IGNORECASE)
# A phrase (organisation, position) ends at punctuation, a blank line, a new
# row or list item, or a lower-case connective that starts the next clause.
_CLAUSE_WORDS = (
    r"yang|selanjutnya|untuk\s+selanjutnya|berkedudukan|beralamat|bertempat"
    r"|berdasarkan|sesuai|sebagaimana|dalam|diwakili|dengan\s+alamat|alamat"
    r"|bertindak|selaku|sebagai|NIP|NRP|NIK|Alamat"
)
_LINE_BREAK_STOP = (
    r"\n[ \t]*\n"
    r"|\n(?=[ \t]*(?:(?:\d{1,2}|[IVX]{1,4}|[a-h])[.)][ \t]|[^\n:]{1,25}:|[a-z]))"
)
_PHRASE_STOP = re.compile(rf"[,;()]|{_LINE_BREAK_STOP}|\s(?=(?:{_CLAUSE_WORDS})\b)")
_PERSON_STOP = re.compile(rf"[;]|{_LINE_BREAK_STOP}|\s(?=(?:{_CLAUSE_WORDS})\b)")
_ALIAS_DEFINITION = re.compile(
    r"(?:disebut|disingkat|dikenal\s+dengan|dahulu\s+bernama|d/h)\s+"
    rf"(?:sebagai\s+|dengan\s+)?{_QUOTE}(?P<alias>[^\"'“”‘’\n]{{1,50}}){_QUOTE}",
    re.IGNORECASE,
)
# "selanjutnya disebut PIHAK KEDUA atau BANK": a short name next to the role.
_ROLE_OR_ALIAS = re.compile(
    rf"(?:{ROLE_PATTERN}){_QUOTE}?\s+(?:atau|dan/atau|maupun)\s+"
    rf"(?:{_QUOTE}(?P<quoted>[^\"'“”‘’\n]{{1,40}}){_QUOTE}"
    r"|(?P<bare>[A-Z][A-Z0-9&-]*(?:[ \t]+[A-Z][A-Z0-9&-]*){0,3}))(?![\w\"'“”‘’])",
    re.IGNORECASE,
)
# One capitalised piece of an office name that enumerates its fields.
_NAME_PIECE = re.compile(r"[A-Z][\w-]*(?:[ \t\n]+(?:[A-Z][\w-]*|dan|serta)){0,8}")
_LIST_CLOSER = re.compile(r"\s(?:dan|serta)\s")
# "Pemerintah Kota X c.q. Dinas Y" / "cq." / "qq": the unit that acts.
_ACTING_UNIT = re.compile(r"\s(?:c\.\s?q|q\.\s?q)\.?\s+|\s(?:cq|qq)\.?\s+", re.I)
_ALIAS_LEAD = re.compile(
    r"^(?:(?:yang|untuk|selanjutnya|dalam\s+[\w ]{1,30}?\s+ini|disebut|disingkat"
    r"|dikenal\s+dengan|dahulu\s+bernama|d/h|sebagai|dengan)\s+)*",
    re.IGNORECASE,
)
_INLINE_PARENS = re.compile(r"\s*\(([^()]*)\)")
_LEGAL_FORM = re.compile(r"persero|perseroda|perum|tbk", re.IGNORECASE)
_NOT_ALIAS = re.compile(
    rf"^(?:{ROLE_PATTERN}|para\s+pihak|kedua\s+belah\s+pihak)$", re.IGNORECASE
)

# --- Persons -----------------------------------------------------------------

_ID_NUMBER = re.compile(r"\b(?:NIP|NRP|NIK|Pangkat)\b.*$", re.IGNORECASE | re.DOTALL)
_DEGREE_TOKEN = re.compile(r"^[A-Za-z]{1,4}\.[A-Za-z().]*$|^\(?[A-Z]\)$")
_DOTLESS_DEGREES = frozenset(
    {"MM", "MBA", "MT", "MH", "MSi", "MPd", "MKes", "SH", "SE", "SPd", "SKM", "ST"}
    | {"PhD", "IPU", "IPM", "SSos", "MAP", "MSc", "CA", "Ak", "SIK", "MPH", "MA"}
)
_PLACEHOLDER = re.compile(r"[\W_xX]*")
# The next item of a list that the previous party block opened.
_CONTINUED_ITEM = re.compile(r"[\s;,]*(?:(?:dan|serta)\s+)?[b-h][.)][ \t]")
# A name withheld: "R******** S******", "[NAMA DISAMARKAN]".
_REDACTED = re.compile(r"\*{2,}|\[[^\]\n]*\]|\bdisamarkan\b", re.IGNORECASE)
_LIST_MARKER_LEAD = re.compile(r"^(?:\d{1,2}|[a-e])[.)][ \t]+")
_SIGNER_LIST = re.compile(r"[ \t]*;[ \t]*|[ \t]+(?:\d{1,2}|[a-e])[.)][ \t]+(?=[A-Z])")

# --- Titles and news ---------------------------------------------------------

_TITLE_START = re.compile(r"\bantara\b[ \t]*:?", re.IGNORECASE)
_TITLE_END = re.compile(
    r"\b(?:tentang|nomor|pada\s+hari|yang\s+bertanda|disaksikan|mengenai|perihal)\b",
    re.IGNORECASE,
)
_TITLE_WINDOW = 2500
_LIST_SEPARATOR = re.compile(
    r"\s+(?P<with>dengan)\s+|\s*,\s*(?:(?:dan|serta)\s+)?|\s+(?:dan|serta)\s+|\s*&\s*",
    re.IGNORECASE,
)
# Up to 100 characters that cross neither a sentence end nor a blank line.
_SAME_SENTENCE = r"(?:(?!\.\s+[A-Z]|\n[ \t]*\n)[\s\S]){0,100}?"
_SIGNING_THEN_BETWEEN = re.compile(
    r"(?:penandatanganan|menandatangani|ditandatangani|kerja\s*sama|mou|nota\s+"
    r"kesepahaman|perjanjian|pks|kesepakatan|naskah)\b"
    rf"{_SAME_SENTENCE}\bantara\s+",
    re.IGNORECASE,
)
_SIGNING_VERB = re.compile(
    r"\b(?:menjalin|menandatangani|meneken|bekerja\s*sama|jalin|teken"
    r"|melakukan\s+penandatanganan)\b",
    re.IGNORECASE,
)
_WITH = re.compile(rf"{_SAME_SENTENCE}\bdengan\s+", re.IGNORECASE)
# Between a subject and its verb: an apposition, or the signer it acts through
# ("Pemkab X melalui Bupati X, H. Budi, menandatangani").
_SUBJECT_GAP = re.compile(
    r"\s*(?:,[^,.\n]{1,60},|\s(?:melalui|diwakili(?:\s+oleh)?)\s[^\n]{1,80}?,)?"
    r"\s*(?:(?:resmi|telah|akan)\s+)*"
)
# A second partner of one signing: "MoU dengan X sekaligus PKS dengan Y".
_WITH_AGAIN = re.compile(
    r"\s+(?:sekaligus|serta|dan|juga)\s+(?:[\w()]+\s+){0,3}?dengan\s+", re.I
)
_NAME_WORD = re.compile(
    r"(?:[ \t]+|[ \t]*\n[ \t]*)"
    r"(?:[A-Z][\w'’&-]*|[IVX]{1,4}[A-C]?(?!\w)|\d{1,4}(?!\w)|[Kk]elas(?!\w)"
    r"|\([^()\n]{1,30}\))"
)
# "dan" inside an office name, then the field word it joins.
_JOINER = re.compile(
    r"(?:[ \t]+|[ \t]*\n[ \t]*)(?:dan|serta)(?:[ \t]+|[ \t]*\n[ \t]*)"
    r"(?P<word>[A-Z][\w'’&-]*)"
)
# "oleh" is often left out (``MoU ditandatangani Wakil Bupati X, ...``); the
# signers must then open with a position word, which _signers_in checks.
_SIGNED_BY = re.compile(
    r"(?:ditandatangani|dilakukan|diteken)\s+(?:(?:langsung|pula|juga)\s+)?(?:oleh\s+)?",
    re.IGNORECASE,
)
_SIGNS = re.compile(r"\b(?:menandatangani|meneken)\b", re.IGNORECASE)
_WITNESSED = re.compile(
    r"\b(?:disaksikan|menyaksikan|hadir|dihadiri|turut)\b", re.IGNORECASE
)
_SIGNER_SPLIT = re.compile(
    r"\s*,\s*(?:(?:dan|serta|bersama(?:\s+dengan)?|melalui)\s+)?"
    r"|\s+(?:dan|serta|bersama(?:\s+dengan)?|melalui)\s+"
)
_SENTENCE_END = re.compile(r"\.(?:\s+[A-Z\"“]|\s*$)|\n[ \t]*\n")
_REP_MATCH_MIN = 60
_SPEAKER_MATCH = 90
# "dengan sebelas mitra": partners counted, not named, where the signing is
# told ("dengan mitra lain" is no such count).
_UNNAMED_PARTNERS = re.compile(
    r"\bdengan\s+(?:\d+|se\w+|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan"
    r"|\w+\s+(?:belas|puluh)|beberapa|berbagai|puluhan|belasan|para)\s+mitra\b",
    re.IGNORECASE,
)
_PARTNER_LIST = re.compile(
    r"\bmitra\b[^.\n]{0,80}?\b(?:antara\s+lain|di\s+antaranya(?:\s+adalah)?"
    r"|yakni|yaitu)\s*:?\s*",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)\b")
# Two names of a list with the comma left out: "PT A Makmur PT B Raya".
_MISSING_COMMA = re.compile(r"[ \t]+(?=[A-Z])")
_SIGNATURE_NAME_MATCH = 90
_REGION_WORDS = frozenset(
    {"kabupaten", "kota", "provinsi", "kelas", "cabang", "daerah"}
)
_CLASS = re.compile(r"^[ivx]+[a-c]?$")
# One column label of a signature block: "PIHAK PERTAMA,", "untuk dan atas
# nama PIHAK KEDUA", "FIRST PARTY"; a line of them heads one column each.
_SIGNATURE_LABEL = re.compile(
    rf"(?:untuk\s+dan\s+atas\s+nama\s+)?(?P<label>{ROLE_PATTERN})", re.IGNORECASE
)
# Not a dot: "... dengan\nPIHAK I." ends a sentence of the body.
_LABEL_GAP = re.compile(r"[ \t,:;/|–-]*")
# Treaty style signs "UNTUK PEMERINTAH KOTA DUMAI" / "FOR PT X" instead.
_FOR_ORG = re.compile(
    r"\b(?:untuk(?:\s+dan\s+atas\s+nama)?|atas\s+nama"
    r"|for(?:\s+and\s+on\s+behalf\s+of)?)[ \t]+",
    re.IGNORECASE,
)
# Witnesses and approvers sign below the parties.
_SIGNATURE_STOP = re.compile(
    r"^[ \t]*(?:disaksikan|mengetahui|menyetujui|saksi)", re.IGNORECASE | re.MULTILINE
)
_SIGNATURE_SPAN = 800
_LABEL_NAME = re.compile(r"\S+(?:\s+(?:[A-Z0-9(/&.,-]\S*|dan|serta|di))*")
_LINE = re.compile(r"^[^\n]+$", re.MULTILINE)
# A word with a glued degree part ("Sp.A(K)"), or a comma or bracket alone.
_SIGN_TOKEN = re.compile(r"[^\s,()]+(?:\([^\s()]*\))?,?|[,()]")
_INITIAL = re.compile(r"[A-Z]\.")
_BLANK_NAME = re.compile(r"[._]{3,}")
_PATRONYMIC = frozenset({"bin", "binti"})
_ID_WORD = re.compile(r"(?:NIP|NRP|NIK|Pangkat)\.?", re.IGNORECASE)


Span = tuple[int, int]
# A designation: its match, the printed role label and the normalised role.
Designation = tuple[re.Match[str], str | None, str | None]
Person = tuple[str, int, int]


@dataclass(slots=True)
class _Draft:
    """A party being assembled from one block of text."""

    name: str
    start: int
    end: int
    rule: str
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    role_label: str | None = None
    representative: str | None = None
    representative_title: str | None = None


@dataclass(frozen=True, slots=True)
class _Block:
    """The text of one party in the comparison clause and its role label."""

    start: int
    end: int
    label: str | None
    role: str | None


# --- Public API ----------------------------------------------------------------


def extract_parties(parsed: ParsedDocument) -> tuple[Party, ...]:
    """The signatory parties of an agreement or of a signing reported in news.

    Args:
        parsed: The segmented document.

    Returns:
        Parties in document order; empty when none can be identified.
    """
    if parsed.is_news:
        drafts = _news_parties(parsed)
    else:
        drafts = _comparison_parties(parsed) or _title_parties(parsed)
        _confirm_by_signatures(parsed, drafts)
    return tuple(_finish(parsed, draft) for draft in _unique(drafts))


def normalise_role(label: str) -> str | None:
    """The normalised role for a printed label: ``Pihak I`` -> ``PIHAK PERTAMA``.

    Args:
        label: A role label such as ``PIHAK KESATU``, ``Pihak Kedua``,
            ``PIHAK II`` or ``FIRST PARTY``.

    Returns:
        ``PIHAK PERTAMA``, ``PIHAK KEDUA`` ...; None when it is no role label.
    """
    match = _ROLE_PARTS.fullmatch(" ".join(label.split()))
    if match is None:
        return None
    if match.group("english"):
        number: int | None = _ENGLISH[match.group("english").lower()]
    else:
        number = _ordinal_value(match.group("ordinal"))
    return None if number is None else f"PIHAK {_ordinal_word(number)}"


def clean_person(raw: str) -> str | None:
    """A person's name without titles, ranks, degrees or ID numbers.

    Args:
        raw: The name as printed, e.g. ``Dr. Ir. H. Ahmad Fauzi, M.T., IPU.``.

    Returns:
        ``Ahmad Fauzi``; None for blanks and placeholders such as ``........``.
    """
    # "1. Ir. Budi; 2. Rina": two signatories in one row, the first is kept
    first = _SIGNER_LIST.split(_LIST_MARKER_LEAD.sub("", tidy_name(raw)))[0]
    text = _ID_NUMBER.sub("", first)
    text = re.sub(r"\([^()]*\)", " ", text.split(",")[0])
    text = _strip_honorifics(text)
    words = text.split()
    while len(words) > 1 and _is_degree(words[-1]):
        words.pop()
    name = tidy_name(" ".join(words))
    if _PLACEHOLDER.fullmatch(name) or _REDACTED.search(raw):
        return None
    return name


# --- Roles -----------------------------------------------------------------------


def _ordinal_value(ordinal: str) -> int | None:
    """Number of an ordinal: ``KEDUA BELAS`` 12, ``III`` 3, ``2`` 2."""
    word = " ".join(ordinal.lower().split())
    if word.isdigit():
        return int(word)
    if word == "pertama":
        return 1
    if re.fullmatch(r"[ivx]+", word):
        return roman_to_int(word)
    return _number_words(word.removeprefix("ke").split())


def _number_words(words: list[str]) -> int | None:
    """Value of ``dua puluh satu``, ``sebelas``, ``tiga belas``."""
    first = {"sepuluh": 10, "sebelas": 11}.get(words[0]) or _UNIT_VALUE.get(words[0])
    if first is None:
        return None
    if len(words) == 1:
        return first
    if words[1] == "belas":
        return 10 + first
    return first * 10 + (_UNIT_VALUE.get(words[2], 0) if len(words) > 2 else 0)


def _ordinal_word(number: int) -> str:
    """``PERTAMA``, ``KEDUA``, ``KESEBELAS``, ``KEDUA BELAS``, ``KEDUA PULUH SATU``."""
    if number == 1:
        return "PERTAMA"
    return f"KE{_cardinal(number).upper()}"


def _cardinal(number: int) -> str:
    if number < 10:
        return _UNITS[number - 1]
    if number < 20:
        return {10: "sepuluh", 11: "sebelas"}.get(number) or (
            f"{_UNITS[number - 11]} belas"
        )
    tens, unit = divmod(number, 10)
    return f"{_UNITS[tens - 1]} puluh" + (f" {_UNITS[unit - 1]}" if unit else "")


# --- Comparison clause -------------------------------------------------------------


def _comparison_end(parsed: ParsedDocument) -> int:
    """The comparison clause lies before the first Pasal and the signatures."""
    signatures = parsed.sections_of(SectionKind.SIGNATURE)
    end = parsed.header_end
    return min(end, signatures[0].start) if signatures else end


def _comparison_parties(parsed: ParsedDocument) -> list[_Draft]:
    text, end = parsed.text, _comparison_end(parsed)
    blocks = (
        _designated_blocks(text, end, _designations(text, end))
        or _banner_blocks(text, end)
        or _designated_blocks(text, end, _alias_designations(text, end))
    )
    if not blocks:
        return []
    drafts = [_read_block(text, block) for block in blocks]
    if any(draft is None or _is_bare_head(draft.name) for draft in drafts):
        drafts = _fill_from_title(parsed, drafts, blocks)
    _share_signatory(text, drafts, blocks)
    found = [draft for draft in drafts if draft is not None]
    return found


def _share_signatory(
    text: str, drafts: list[_Draft | None], blocks: list[_Block]
) -> None:
    """Give one person to the two bodies they sign for.

    ``bertindak: a. ... PIHAK KEDUA; dan b. ... untuk dan atas nama PT Y,
    selanjutnya disebut PIHAK KETIGA``: a block that continues the previous
    one's list (it opens with ``b.``) and names nobody takes its signatory.
    """
    for index in range(1, len(blocks)):
        draft, previous = drafts[index], drafts[index - 1]
        if draft is None or previous is None or draft.representative is not None:
            continue
        if _CONTINUED_ITEM.match(text, blocks[index].start, blocks[index].end):
            draft.representative = previous.representative
            draft.representative_title = previous.representative_title


def _fill_from_title(
    parsed: ParsedDocument, drafts: list[_Draft | None], blocks: list[_Block]
) -> list[_Draft | None]:
    """A block without a proper name takes the title's party in its place.

    ``Kepala Desa, ... atas nama pemerintah desa yang dipimpinnya`` yields
    only ``Desa``; the title (``... DENGAN PEMERINTAH DESA KUALU NENAS``)
    names that party in full, in the same order. The block keeps its
    representative and aliases.
    """
    title = _title_parties(parsed)
    if len(title) != len(blocks):
        return drafts
    for index, block in enumerate(blocks):
        draft = drafts[index]
        if draft is not None and not _is_bare_head(draft.name):
            continue
        named = title[index]
        named.role, named.role_label = block.role, block.label
        if draft is not None:
            named.aliases = draft.aliases
            named.representative = draft.representative
            named.representative_title = draft.representative_title
        drafts[index] = named
    return drafts


def _is_bare_head(name: str) -> bool:
    """True for a head noun without a proper name: ``Desa``, ``Pemerintah Desa``."""
    words = name.split()
    position = 0
    while position < len(words):
        found = gazetteer().head_at(" ".join(words[position:]), 0)
        if found is None:
            return False
        position += len(" ".join(words[position:])[: found[0]].split())
    return True


def _designations(text: str, end: int) -> list[Designation]:
    """(match, label, role) of each role's first designation, in order.

    A bilingual text repeats each block in the other language (``disebut
    PIHAK PERTAMA`` ... ``referred to as the FIRST PARTY``): the block then
    ends at the translation, so that the next one does not start inside it.
    """
    found: list[Designation] = []
    for match in _DESIGNATION.finditer(text, 0, end):
        label = tidy_name(match.group("label") or match.group("label2"))
        role = normalise_role(label)
        if role is None:
            continue
        if role not in {seen for _, _, seen in found}:
            found.append((match, label, role))
        elif role == found[-1][2] and _is_english(label) != _is_english(found[-1][1]):
            found[-1] = (match, found[-1][1], role)
    return found


def _is_english(label: str | None) -> bool:
    return label is not None and label.lower().endswith("party")


def _alias_designations(text: str, end: int) -> list[Designation]:
    """Treaty style: parties defined only by short names (``disebut "UT"``)."""
    found: list[Designation] = [
        (match, None, None)
        for match in _ALIAS_DEFINITION.finditer(text, 0, end)
        if _alias_in(match.group("alias"))
    ]
    return found if len(found) > 1 else []


def _designated_blocks(text: str, end: int, found: list[Designation]) -> list[_Block]:
    """Blocks around designations: ``X ..., selanjutnya disebut PIHAK ...``."""
    if not found:
        return []
    start = _clause_start(text, found[0][0].start())
    blocks = []
    for index, (match, label, role) in enumerate(found):
        limit = found[index + 1][0].start() if index + 1 < len(found) else end
        block_end = _tail_end(text, match.end(), limit, last=index + 1 == len(found))
        blocks.append(_Block(start=start, end=block_end, label=label, role=role))
        start = block_end
    return blocks


def _tail_end(text: str, pos: int, limit: int, *, last: bool) -> int:
    """Where the words after a designation (``..., diwakili oleh X;``) end."""
    pattern = _TAIL_END if last else _BLOCK_OPENER
    match = pattern.search(text, pos, min(limit, pos + _MAX_TAIL))
    return match.start() if match else pos


def _clause_start(text: str, first: int) -> int:
    """Start of the first party block: after the opening formula if printed."""
    window = max(0, first - 3000)
    openings = list(_OPENING.finditer(text, window, first))
    if openings:
        return openings[-1].end()
    marker = _FIRST_MARKER.search(text, window, first)
    if marker:
        return marker.start()
    blank = text.rfind("\n\n", window, first)
    return blank + 2 if blank >= 0 else window


def _banner_blocks(text: str, end: int) -> list[_Block]:
    """Blocks that start with a role line: ``PIHAK PERTAMA : Universitas X``."""
    banners = []
    seen: set[str] = set()
    for match in _BANNER.finditer(text, 0, end):
        role = normalise_role(match.group("label"))
        if role is not None and role not in seen:
            seen.add(role)
            banners.append((match, role))
    blocks = []
    for index, (match, role) in enumerate(banners):
        stop = banners[index + 1][0].start() if index + 1 < len(banners) else end
        body = match.start("rest")
        label = tidy_name(match.group("label"))
        blocks.append(_Block(start=body, end=stop, label=label, role=role))
    return blocks


# --- Reading one block -------------------------------------------------------------


def _read_block(text: str, block: _Block) -> _Draft | None:
    body = _skip_marker(text, block.start, block.end)
    rows = _rows(text, block.start, block.end)
    person, post = _representative(text, body, block.end, rows)
    draft = (
        _org_on_behalf(text, body, block.end)
        or _org_row(text, rows)
        or _org_head(text, body, block.end, rows)
        or _org_of_post(text, post)
    )
    if draft is None and person is not None:
        draft = _person_party(text, person)
    if draft is None:
        return None
    draft.aliases.extend(_defined_aliases(text, body, block.end))
    draft.role, draft.role_label = block.role, block.label
    draft.representative = clean_person(person[0]) if person else None
    draft.representative_title = tidy_name(text[post[0] : post[1]]) if post else None
    return draft


def _person_party(text: str, person: Person) -> _Draft | None:
    """A natural person signing for themself (``Ahmad Dahlan, perorangan``)."""
    raw, start, end = person
    name = clean_person(raw)
    if name is None:
        return None
    offset = text.find(name, start, end)
    if offset >= 0:
        start, end = offset, offset + len(name)
    return _Draft(name=name, start=start, end=end, rule="person")


def _skip_marker(text: str, start: int, end: int) -> int:
    """Where a block's words begin: after punctuation, ``dan`` and ``1.``."""
    lead = _BLOCK_LEAD.match(text, start, end)
    pos = lead.end() if lead else start
    marker = _MARKER.match(text, pos, end)
    return marker.end() if marker else pos


def _rows(text: str, start: int, end: int) -> dict[str, Span]:
    """``Nama :`` / ``Jabatan :`` rows: key -> value span; the first row wins."""
    rows: dict[str, Span] = {}
    for match in _ROW.finditer(text, start, end):
        key = _row_key(match.group("key"))
        value_end = _row_value_end(text, match.end("value"), end)
        rows.setdefault(key, (match.start("value"), value_end))
    return rows


def _row_key(printed: str) -> str:
    """Row key: ``Nama Instansi`` and ``Unit Kerja`` are both ``instansi``."""
    key = " ".join(printed.lower().split())
    if key.startswith("nama ") or key == "unit kerja":
        return "instansi"
    return "pangkat" if key.startswith("pangkat") else key


def _row_value_end(text: str, pos: int, end: int) -> int:
    """End of a row value, which may wrap onto following lines.

    A wrapped line starts upper case, has no colon and does not open the next
    clause (``Bertindak untuk dan atas nama``).
    """
    while True:
        nxt = _ROW_CONTINUATION.match(text, pos, end)
        if nxt is None or _MARKER.match(nxt.group(1) + " "):
            return pos
        pos = nxt.end()


def _phrase(
    text: str, pos: int, end: int, stop: re.Pattern[str] = _PHRASE_STOP
) -> Span:
    """Span of a phrase from ``pos``: up to the first stop, edges trimmed."""
    match = stop.search(text, pos, end)
    return _trim(text, pos, match.start() if match else end)


def _trim(text: str, start: int, end: int) -> Span:
    junk = " \t\n\r\"'“”‘’,.;:-–"
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    if end > start and text[end - 1] == ")" and "(" not in text[start:end]:
        end -= 1
    return start, end


def _org_at(text: str, pos: int, end: int, rule: str) -> _Draft | None:
    """An organisation name at ``pos``; an inner ``(Pemkab)`` becomes an alias."""
    pieces: list[Span] = []
    aliases: list[str] = []
    cursor = pos
    while cursor < end and text[cursor].isupper():
        start, stop = _phrase(text, cursor, end)
        if stop <= start:
            break
        stop = _over_name_list(text, stop, end)
        pieces.append((start, stop))
        opening = _skip_spaces(text, stop, end)
        if opening >= end or text[opening] != "(":
            break
        closing = text.find(")", opening, end)
        if closing < 0:
            break
        content = text[opening + 1 : closing]
        if _LEGAL_FORM.fullmatch(content.strip()):
            pieces.append((opening, closing + 1))
        elif alias := _alias_in(content):
            aliases.append(alias)
        cursor = _skip_spaces(text, closing + 1, end)
    if not pieces:
        return None
    for index, (start, stop) in enumerate(pieces):
        unit = _ACTING_UNIT.search(text, start, stop)
        if unit is not None:  # "Pemerintah Kota X c.q. Dinas Y": Dinas Y signs
            pieces = [(unit.end(), stop), *pieces[index + 1 :]]
            aliases = [a for a in aliases if text.find(a, unit.end(), end) >= 0]
            break
    name = tidy_name(" ".join(text[s:e] for s, e in pieces))
    return _Draft(
        name=name, start=pieces[0][0], end=pieces[-1][1], rule=rule, aliases=aliases
    )


def _over_name_list(text: str, stop: int, end: int) -> int:
    """Extend a name cut at a comma over the rest of its own enumeration.

    ``Dinas Koperasi, Usaha Kecil dan Menengah Kabupaten Siak`` names one
    office whose name lists its fields: capitalised pieces after commas, the
    last one joined by ``dan``/``serta``. A piece with a dot (a title), a
    lower-case word or a new organisation head ends the name where it was.
    """
    pos = stop
    while pos < end and text[pos] == ",":
        start, piece_end = _phrase(text, pos + 1, end)
        piece = text[start:piece_end]
        if not _NAME_PIECE.fullmatch(piece) or gazetteer().heads_in(
            text, start, piece_end
        ):
            return stop
        if _LIST_CLOSER.search(piece):
            return piece_end
        pos = _skip_spaces(text, piece_end, end)
    return stop


def _skip_spaces(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in " \t":
        pos += 1
    return pos


def _alias_in(content: str) -> str | None:
    """The short name defined inside parentheses, or None."""
    alias = tidy_name(_ALIAS_LEAD.sub("", tidy_name(content)))
    if not alias or len(alias) > 60 or not alias[0].isupper():
        return None
    return None if _NOT_ALIAS.match(alias) else alias


def _defined_aliases(text: str, start: int, end: int) -> list[str]:
    """Short names defined anywhere in the block.

    Quoted ones (``disebut "UT"``) and the name given next to the role
    (``disebut PIHAK KEDUA atau PENYEDIA``), which the obligations of the
    body then use as the party's name.
    """
    found = []
    for match in _ALIAS_DEFINITION.finditer(text, start, end):
        alias = _alias_in(match.group("alias"))
        if alias:
            found.append(alias)
    for match in _ROLE_OR_ALIAS.finditer(text, start, end):
        bare = match.group("bare")
        if bare is not None and not bare.isupper():
            continue  # "atau pihak lain": a lower-case phrase, not a name
        alias = _alias_in(match.group("quoted") or bare)
        if alias:
            found.append(alias)
    return found


def _org_on_behalf(text: str, start: int, end: int) -> _Draft | None:
    """``bertindak untuk dan atas nama Pemerintah Kabupaten X``."""
    for match in _ON_BEHALF.finditer(text, start, end):
        draft = _org_at(text, match.end(), end, "on_behalf")
        if draft is None:
            continue
        return _without_post(text, draft)
    return None


def _without_post(text: str, draft: _Draft) -> _Draft | None:
    """``atas nama Rektor Universitas X`` names the university, not the post."""
    if gazetteer().position_at(text, draft.start) is None:
        return draft
    derived = _org_of_post(text, (draft.start, draft.end))
    if derived is not None:
        derived.rule = draft.rule
    return derived


def _org_row(text: str, rows: dict[str, Span]) -> _Draft | None:
    """``Nama Instansi : Badan Narkotika Nasional Kabupaten Siak``."""
    if "instansi" not in rows:
        return None
    start, end = rows["instansi"]
    return _org_at(text, start, end, "row")


def _org_head(text: str, pos: int, end: int, rows: dict[str, Span]) -> _Draft | None:
    """The block opens with the organisation: ``Universitas X, yang diwakili``."""
    if rows and min(start for start, _ in rows.values()) < pos + 40:
        return None
    is_org = gazetteer().head_at(text, pos) is not None
    if not is_org and not _REPRESENTED.search(text, pos, end):
        return None
    return _org_at(text, pos, end, "head")


def _org_of_post(text: str, post: Span | None) -> _Draft | None:
    """The body a signatory's position names: ``Kepala Dinas X`` -> ``Dinas X``."""
    if post is None:
        return None
    start, end = post
    heads = gazetteer().heads_in(text, start, end)
    if heads:
        name = tidy_name(text[heads[0][0] : end])
        return _Draft(name=name, start=heads[0][0], end=end, rule="post")
    found = gazetteer().position_at(text, start)
    if found is None or found[1].org is None:
        return None
    rest = tidy_name(text[found[0] : end])
    name = f"{found[1].org} {rest}".strip()
    return _Draft(name=name, start=start, end=end, rule="post")


# --- Representatives ------------------------------------------------------------


def _representative(
    text: str, body: int, end: int, rows: dict[str, Span]
) -> tuple[Person | None, Span | None]:
    """(person as printed with its span, position) of one block."""
    post = _post(text, body, end, rows)
    if "nama" in rows:
        start, stop = rows["nama"]
        return (text[start:stop], start, stop), post
    represented = _REPRESENTED.search(text, body, end)
    if represented:
        return _person_phrase(text, represented.end(), end, post)
    if gazetteer().head_at(text, body) is not None:
        return None, post
    return _person_phrase(text, body, end, post)


def _post(text: str, body: int, end: int, rows: dict[str, Span]) -> Span | None:
    """The signatory's position: a ``Jabatan :`` row or ``selaku Rektor ...``."""
    if "jabatan" in rows:
        return rows["jabatan"]
    match = _POST.search(text, body, end)
    if match is None or not text[match.end() : match.end() + 1].isupper():
        return None
    start, stop = _phrase(text, match.end(), end)
    if stop <= start or normalise_role(text[start:stop]):
        return None
    return start, _over_name_list(text, stop, end)


def _person_phrase(
    text: str, pos: int, end: int, post: Span | None
) -> tuple[Person | None, Span | None]:
    """``Rektor, Prof. X, M.Si.`` or ``Ir. X, M.T., Kepala Dinas Y``."""
    start, stop = _phrase(text, pos, end, _PERSON_STOP)
    if stop <= start or not (
        text[start].isupper() or gazetteer().honorific_end(text, start)
    ):
        return None, post
    parts = list(_comma_parts(text, start, stop))
    positions = [p for p in parts if gazetteer().position_at(text, p[0]) is not None]
    if positions and positions[0] == parts[0] and len(parts) > 1:
        person_start = parts[1][0]
        return (text[person_start:stop], person_start, stop), post or parts[0]
    if positions:
        post = post or positions[0]
        stop = positions[0][0]
    return (text[start:stop], start, stop), post


def _comma_parts(text: str, start: int, end: int) -> Iterator[Span]:
    """Trimmed spans of the comma-separated parts between two offsets."""
    cursor = start
    for comma in re.finditer(",", text[start:end]):
        yield _trim(text, cursor, start + comma.start())
        cursor = start + comma.end()
    yield _trim(text, cursor, end)


def _strip_honorifics(text: str) -> str:
    pos = 0
    while (found := gazetteer().honorific_end(text, pos)) is not None:
        nxt = _skip_spaces(text, found, len(text))
        if nxt >= len(text):
            break
        pos = nxt
    return text[pos:]


def _is_degree(word: str) -> bool:
    bare = word.strip(",")
    return bool(_DEGREE_TOKEN.match(bare)) or bare.rstrip(".") in _DOTLESS_DEGREES


# --- Signature block ------------------------------------------------------------


def _confirm_by_signatures(parsed: ParsedDocument, drafts: list[_Draft]) -> None:
    """Fill a missing representative from the name under its party's signature.

    A representative the clause gave that signs under another party's column
    only (``HARIS`` of an interleaved two-column clause) was misread there:
    the party's own column then wins.
    """
    for labels, names in _signature_rows(parsed):
        for label, name in zip(labels, names, strict=False):
            draft = _signing_party(drafts, label)
            if draft is None or not name:
                continue
            known = draft.representative
            if known is None:
                draft.representative = name
            elif not _same_person(known, name) and any(
                _same_person(known, other) for other in names if other
            ):  # the clause was misread, and its position with it
                draft.representative, draft.representative_title = name, None


def _same_person(first: str, second: str) -> bool:
    """One name's words all in the other's: ``HARIS`` and ``Haris Munandar``."""
    one, two = set(first.casefold().split()), set(second.casefold().split())
    return bool(one) and bool(two) and (one <= two or two <= one)


def _signing_party(drafts: list[_Draft], label: str) -> _Draft | None:
    """The party a column label names: by role, or by name (``UNTUK X``)."""
    role = normalise_role(label)
    if role is not None:
        return next((draft for draft in drafts if draft.role == role), None)
    wanted = canonical_name(label)
    scored = [
        (fuzz.token_set_ratio(wanted, canonical_name(name)), index)
        for index, draft in enumerate(drafts)
        for name in (draft.name, *draft.aliases)
    ]
    score, index = max(scored, default=(0.0, -1))
    return drafts[index] if score >= _SIGNATURE_NAME_MATCH else None


def _signature_rows(parsed: ParsedDocument) -> Iterator[tuple[list[str], list[str]]]:
    """(column labels, names under them) of each label line after the clause."""
    text = parsed.text
    signatures = parsed.sections_of(SectionKind.SIGNATURE)
    start = signatures[0].start if signatures else _comparison_end(parsed)
    heads = [
        (line, labels)
        for line in _LINE.finditer(text, start)
        if (labels := _column_labels(line.group(0)))
        # a lone role line outside the signatures is body text ("... kepada
        # PIHAK KEDUA" wrapped); one naming a body ("UNTUK X") is not
        and (signatures or len(labels) > 1 or normalise_role(labels[0]) is None)
    ]
    for index, (line, labels) in enumerate(heads):
        stop = heads[index + 1][0].start() if index + 1 < len(heads) else len(text)
        chunk = text[line.end() : min(stop, line.end() + _SIGNATURE_SPAN)]
        witnesses = _SIGNATURE_STOP.search(chunk)
        chunk = chunk[: witnesses.start()] if witnesses else chunk
        if len(labels) == 1:
            yield labels, [_signer_name(chunk) or ""]
        else:
            yield labels, _column_names(chunk, len(labels))


def _column_labels(line: str) -> list[str]:
    """Roles (``PIHAK PERTAMA  PIHAK KEDUA``) or bodies (``UNTUK X  UNTUK Y``).

    A bilingual label (``PIHAK PERTAMA / FIRST PARTY``) heads one column.
    """
    roles: list[str] = []
    pos = _skip_gap(line, 0)
    while pos < len(line):
        match = _SIGNATURE_LABEL.match(line, pos)
        if match is None:
            return _org_labels(line)
        role = normalise_role(tidy_name(match.group("label")))
        if role is not None and role not in roles[-1:]:
            roles.append(role)
        pos = _skip_gap(line, match.end())
    return roles


def _skip_gap(line: str, pos: int) -> int:
    gap = _LABEL_GAP.match(line, pos)
    return gap.end() if gap else pos


def _org_labels(line: str) -> list[str]:
    """``UNTUK PEMERINTAH KOTA DUMAI UNTUK UNIVERSITAS X``: one body per column."""
    starts = [m for m in _FOR_ORG.finditer(line) if gazetteer().head_at(line, m.end())]
    if not starts or line[: starts[0].start()].strip() or line.lstrip()[0].islower():
        return []
    ends = [m.start() for m in starts[1:]] + [len(line)]
    labels = [tidy_name(line[m.end() : e]) for m, e in zip(starts, ends, strict=True)]
    # "untuk Dinas X dalam ..." wrapped from running text is no label
    return labels if all(_LABEL_NAME.fullmatch(label) for label in labels) else []


def _signer_name(chunk: str) -> str | None:
    """The last line that reads as a person's name (before any NIP line)."""
    lines = [line.strip() for line in chunk.splitlines() if line.strip()]
    names = []
    for line in lines:
        if re.match(r"(?:NIP|NRP|NIK|Pangkat)\b", line, re.IGNORECASE):
            break
        if _looks_like_person_line(line):
            names.append(line)
    return clean_person(names[-1]) if names else None


def _looks_like_person_line(line: str) -> bool:
    gaz = gazetteer()
    if gaz.position_at(line, 0) or gaz.heads_in(line, 0, len(line)):
        return False
    return bool(re.search(r"[A-Za-z]{2}", line)) and line.lower() not in {"ttd", "ttd."}


def _column_names(chunk: str, columns: int) -> list[str]:
    """The names printed side by side under ``columns`` labels, left to right.

    The names start at the first line with a title or a degree (the lines
    above hold positions, stamps and ``ttd``). One name ends at a degree or
    comma and the next starts with a title or a new capitalised word, so
    ``Drs. BUDI, M.Si. Ir. RINA`` and a name wrapped onto the next line both
    read right. Too few names (unseparated columns) give none.
    """
    lines = [line for line in chunk.splitlines() if not _is_post_line(line)]
    signed = next((i for i, line in enumerate(lines) if _has_person_mark(line)), None)
    if signed is None:
        return []
    persons = _persons_in("\n".join(lines[signed:]))
    if len(persons) < columns:
        return []
    return [clean_person(person) or "" for person in persons[:columns]]


def _is_post_line(line: str) -> bool:
    """A position or body line above the names (``KEPALA DINAS X``)."""
    gaz = gazetteer()
    start = len(line) - len(line.lstrip())
    return bool(gaz.position_at(line, start) or gaz.heads_in(line, 0, len(line)))


def _has_person_mark(line: str) -> bool:
    """True when a line holds a personal title or an academic degree."""
    for token in _SIGN_TOKEN.finditer(line):
        word = token.group(0).rstrip(",")
        if gazetteer().honorific_end(line, token.start()) is not None or (
            word and _is_degree(word) and not _INITIAL.fullmatch(word)
        ):
            return True
    return False


def _persons_in(text: str) -> list[str]:
    """Names in a run of signature text: ``Dr. A B, M.H. C D Hj. E``."""
    persons: list[str] = []
    words: list[str] = []
    closed = False
    pos = 0
    while token := _SIGN_TOKEN.search(text, pos):
        pos = token.end()
        title_end = gazetteer().honorific_end(text, token.start())
        word = token.group(0).rstrip(",")
        if title_end is not None:  # a title opens the next name
            pos = title_end
            closed = _flush(persons, words)
            continue
        degree = bool(word) and _is_degree(word) and not _INITIAL.fullmatch(word)
        if _BLANK_NAME.fullmatch(word):  # "........": a column left unsigned
            closed = _flush(persons, words)
            persons.append("")
        elif degree:
            closed = closed or bool(words)
        elif _is_name_word(word) or (words and not closed and word in _PATRONYMIC):
            if closed:
                closed = _flush(persons, words)
            words.append(word)
        else:  # an ID number, a stamp, a lower-case word
            closed = _flush(persons, words)
        closed = closed or (token.group(0).endswith(",") and bool(words))
    _flush(persons, words)
    return persons


def _is_name_word(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z'’-]*|[A-Z]\.", word)) and not (
        _ID_WORD.fullmatch(word)
    )


def _flush(persons: list[str], words: list[str]) -> bool:
    """Close the name being read; False, as no name is open any more."""
    if words:
        persons.append(" ".join(words))
        words.clear()
    return False


# --- Title fallback ----------------------------------------------------------------


def _title_parties(parsed: ParsedDocument) -> list[_Draft]:
    """Parties named in the title: ``... ANTARA X DENGAN Y TENTANG ...``."""
    text = parsed.text
    limit = min(parsed.header_end, _TITLE_WINDOW, len(text))
    start = _TITLE_START.search(text, 0, limit)
    if start is None:
        return []
    stop = _TITLE_END.search(text, start.end(), limit)
    return _split_list(text, start.end(), stop.start() if stop else limit, "title")


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    """(start, end, after "dengan") of the items of a list of names."""
    cursor, after_with = start, False
    for sep in _LIST_SEPARATOR.finditer(text, start, end):
        yield cursor, sep.start(), after_with
        cursor, after_with = sep.end(), bool(sep.group("with"))
    yield cursor, end, after_with


def _split_list(text: str, start: int, end: int, rule: str) -> list[_Draft]:
    """Names in a list, split where a new head starts or a shared head repeats."""
    drafts: list[_Draft] = []
    shared: str | None = None
    for piece_start, piece_end, after_with in _pieces(text, start, end):
        s, e = _trim(text, piece_start, piece_end)
        if e <= s:
            continue
        piece = tidy_name(text[s:e])
        if not drafts or after_with or gazetteer().head_at(text, s):
            drafts.append(_Draft(name=piece, start=s, end=e, rule=rule))
            shared = _shared_head(piece)
        elif shared and len(piece.split()) <= 3 and piece[0].isupper():
            drafts.append(_Draft(name=f"{shared} {piece}", start=s, end=e, rule=rule))
        else:
            last = drafts[-1]
            last.end = e
            last.name = tidy_name(text[last.start : e])
    return [d for d in drafts if d.name and d.name[0].isupper()]


def _shared_head(name: str) -> str | None:
    """``Pemerintah Desa`` of ``Pemerintah Desa Sukamaju``: a head lists share."""
    gaz = gazetteer()
    shared = None
    for head_start, head_end in gaz.heads_in(name, 0, len(name)):
        entry = gaz.entry(name[head_start:head_end])
        if entry is not None:  # the last head decides: "UPTD BLK Dinas X" shares none
            shared = name[:head_end].rstrip(".") if entry.shares_head else None
    return shared


# --- News --------------------------------------------------------------------------


def _news_parties(parsed: ParsedDocument) -> list[_Draft]:
    text = parsed.text
    ents = {
        ent.start_char: ent.end_char
        for ent in parsed.doc.ents
        if ent.label_ in {"ORG", "GOV"}
    }
    drafts = list(_news_between(text, ents)) + list(_news_verbs(text, ents))
    if drafts:
        drafts.extend(_news_partners(text, ents))
    drafts = _merge_mentions(sorted(drafts, key=lambda draft: draft.start))
    _news_representatives(text, drafts)
    _speaker_representatives(text, drafts)
    return drafts


def _merge_mentions(drafts: list[_Draft]) -> list[_Draft]:
    """Fold later mentions of a party (``BLK Bengkalis``) into its first one."""
    kept: list[_Draft] = []
    for draft in drafts:
        same = next((k for k in kept if _same_party(k.name, draft.name)), None)
        if same is None:
            kept.append(draft)
        else:
            same.aliases.extend([*draft.aliases, draft.name])
    return kept


def _same_party(first: str, second: str) -> bool:
    """Equal names, up to region and class words (``Kabupaten``, ``Kelas IIA``)."""
    one, two = _name_tokens(first), _name_tokens(second)
    return one <= two or two <= one


def _name_tokens(name: str) -> frozenset[str]:
    words = canonical_name(name).lower().split()
    return frozenset(w for w in words if w not in _REGION_WORDS and not _CLASS.match(w))


def _mention_at(
    text: str, pos: int, ents: dict[int, int]
) -> tuple[int, int, Entry | None] | None:
    """An organisation mention at ``pos``: a head and capitalised name words."""
    if pos in ents:
        return pos, ents[pos], None
    head = gazetteer().head_at(text, pos)
    if head is None:
        return None
    end, words = _name_words(text, head[0], head)
    if words == 0 and not head[1].whole:
        return None
    return pos, end, head[1]


def _name_words(
    text: str, pos: int, last_head: tuple[int, Entry] | None = None
) -> tuple[int, int]:
    """(end, count) of the capitalised words after ``pos``, up to a new head.

    A head right after a head belongs to the name (``Kantor Kementerian
    Agama``); a head after name words starts the next name.
    """
    words = 0
    while word := _NAME_WORD.match(text, pos) or _field_joiner(text, pos, last_head):
        head = gazetteer().head_at(text, word.end() - len(word.group(0).lstrip()))
        if head is not None and (words or text[pos : word.start()].strip()):
            break
        pos = head[0] if head is not None else word.end()
        last_head = head or last_head
        if head is None:
            words += not word.group(0).strip().startswith("(")
    return pos, words


def _field_joiner(
    text: str, pos: int, head: tuple[int, Entry] | None
) -> re.Match[str] | None:
    """`` dan Transmigrasi`` of ``Dinas Tenaga Kerja dan Transmigrasi``.

    An office name may join its fields with ``dan``/``serta``; after a head
    that lists share (``Desa A dan B``), or before a new head or post, the
    word instead starts the next name.
    """
    joiner = _JOINER.match(text, pos)
    if joiner is None or head is None or head[1].shares_head:
        return None
    after = joiner.start("word")
    gaz = gazetteer()
    if gaz.head_at(text, after) or gaz.position_at(text, after):
        return None
    return joiner


def _mention_list(text: str, pos: int, ents: dict[int, int], rule: str) -> list[_Draft]:
    """Mentions joined by commas, ``dan``, ``serta`` or ``dengan``."""
    drafts: list[_Draft] = []
    shared: str | None = None
    while (mention := _mention_at(text, pos, ents)) is not None or shared:
        if mention is None:
            words_end, words = _name_words(text, pos - 1)
            if not words or not shared or _WEEKDAY.match(text, pos):
                break  # "..., Desa A dan B, Senin (3/3)": a date, not a desa
            mention = (pos, words_end, None)
            name = f"{shared} {text[pos:words_end]}"
        else:
            name = _without_aliases(text[mention[0] : mention[1]])
            shared = _shared_head(name)
        draft = _Draft(name=name, start=mention[0], end=mention[1], rule=rule)
        draft.aliases = _inline_aliases(text[mention[0] : mention[1]])
        drafts.append(draft)
        separator = _LIST_SEPARATOR.match(text, mention[1]) or _missing_comma(
            text, mention[1]
        )
        if separator is None:
            break
        pos = separator.end()
    return drafts


def _missing_comma(text: str, pos: int) -> re.Match[str] | None:
    """The space before a new head that a missing comma left (``PT A PT B``)."""
    gap = _MISSING_COMMA.match(text, pos)
    return gap if gap and gazetteer().head_at(text, gap.end()) else None


def _without_aliases(name: str) -> str:
    """``Balai Latihan Kerja (BLK) Bengkalis`` -> ``Balai Latihan Kerja Bengkalis``."""
    return tidy_name(_INLINE_PARENS.sub(_keep_legal_form, name))


def _keep_legal_form(match: re.Match[str]) -> str:
    return match.group(0) if _LEGAL_FORM.fullmatch(match.group(1)) else ""


def _inline_aliases(name: str) -> list[str]:
    found = (_alias_in(match.group(1)) for match in _INLINE_PARENS.finditer(name))
    return [alias for alias in found if alias]


def _news_partners(text: str, ents: dict[int, int]) -> Iterator[_Draft]:
    """``MoU dengan sebelas mitra ... di antaranya adalah X, Y dan Z``.

    A signing with partners left unnamed in its own sentence names them in
    a list that follows.
    """
    counted = _UNNAMED_PARTNERS.search(text)
    if counted is None:
        return
    for match in _PARTNER_LIST.finditer(text, counted.end()):
        yield from _mention_list(text, match.end(), ents, "news_partners")


def _news_between(text: str, ents: dict[int, int]) -> Iterator[_Draft]:
    """``penandatanganan MoU antara Lapas X dengan BLK Y``."""
    for match in _SIGNING_THEN_BETWEEN.finditer(text):
        yield from _mention_list(text, match.end(), ents, "news_between")


def _news_verbs(text: str, ents: dict[int, int]) -> Iterator[_Draft]:
    """``Lapas X menjalin kerja sama dengan BLK Y``; ``X dan Y menandatangani``."""
    for verb in _SIGNING_VERB.finditer(text):
        subjects = _subjects(text, verb.start(), ents)
        yield from subjects
        partner = _WITH.match(text, verb.end())
        while subjects and partner:
            partners = _mention_list(text, partner.end(), ents, "news_with")
            yield from partners
            partner = _WITH_AGAIN.match(text, partners[-1].end) if partners else None


def _subjects(text: str, verb_start: int, ents: dict[int, int]) -> list[_Draft]:
    """The mention list that ends right before a signing verb."""
    window = max(0, verb_start - 200)
    heads = [s for s, _ in gazetteer().heads_in(text, window, verb_start)]
    for start in sorted(set(heads) | {s for s in ents if window <= s < verb_start}):
        found = _mention_list(text, start, ents, "news_subject")
        if found and _SUBJECT_GAP.fullmatch(text, found[-1].end, verb_start):
            return found
    return []


def _news_representatives(text: str, drafts: list[_Draft]) -> None:
    """``ditandatangani oleh Kalapas X, Budi, dan Kepala BLK Y, Rina``."""
    if not drafts:
        return
    for start, end in _signing_sentences(text):
        witnesses = _WITNESSED.search(text, start, end)
        span = text[start : witnesses.start() if witnesses else end]
        for post, person in _signers_in(span):
            _assign(drafts, post, person)


def _signing_sentences(text: str) -> Iterator[Span]:
    """Spans that may list signers.

    After ``ditandatangani (oleh)``, or the whole sentence of an active
    ``Kadis X, Budi, menandatangani ... bersama Direktur Y, Rina``.
    """
    for match in _SIGNED_BY.finditer(text):
        yield match.end(), _sentence_end(text, match.end())
    for match in _SIGNS.finditer(text):
        start = _sentence_start(text, match.start())
        yield start, _sentence_end(text, match.end())


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts.

    That is after a blank line or a sentence-ending dot that is not a title's.
    """
    start = max(text.rfind("\n\n", 0, pos) + 2, 0)
    while (end := _sentence_end(text, start)) < pos:
        start = end + 1
    return start


def _sentence_end(text: str, pos: int) -> int:
    """Where the sentence from ``pos`` ends: not at the dot of ``H.`` or ``Drs.``."""
    for match in _SENTENCE_END.finditer(text, pos):
        word_start = max(text.rfind(" ", pos, match.start()) + 1, pos)
        word = text[word_start : match.start()]
        if match.group(0).startswith(".") and (
            len(word) <= 1 or gazetteer().honorific_end(word + ".", 0) == len(word) + 1
        ):
            continue
        return match.start()
    return len(text)


def _signers_in(span: str) -> Iterator[tuple[str, str]]:
    """(position, person) pairs from ``Kalapas X, Budi, dan Kepala BLK Y, Rina``."""
    post: str | None = None
    for part in _SIGNER_SPLIT.split(span):
        part = part.strip()
        if not part or (len(part.split()) == 1 and _is_degree(part)):
            continue
        if gazetteer().position_at(part, 0) is not None:
            post, person = _split_post(part)
            if person:  # "Kapolres Rohil AKBP Budi": the rank opens the name
                yield post, person
                post = None
        elif post is not None and (
            part[0].isupper() or gazetteer().honorific_end(part, 0) is not None
        ):
            person = clean_person(part)
            if person:
                yield post, person
            post = None


def _speaker_representatives(text: str, drafts: list[_Draft]) -> None:
    """A party no signer was found for takes its head quoted in the report.

    ``Rektor Universitas X, Dr. Budi, menyatakan ...``: the post must name
    the party itself, so guests and witnesses are not taken.
    """
    pos = 0
    while pos < len(text) and any(d.representative is None for d in drafts):
        end = _sentence_end(text, pos)
        witnesses = _WITNESSED.search(text, pos, end)
        stop = witnesses.start() if witnesses else end
        for post, person in _signers_in(text[pos:stop]):
            _assign(drafts, post, person, _SPEAKER_MATCH)
        pos = end + 1


def _post_as_body(post: str) -> str:
    """``Bupati Siak`` -> ``Pemerintah Kabupaten Siak``: the body a post heads."""
    found = gazetteer().position_at(post, 0)
    if found is None or found[1].org is None:
        return post
    return f"{found[1].org} {post[found[0] :].strip()}"


def _split_post(part: str) -> tuple[str, str | None]:
    """(position, person) of ``Kadisdik Rohil Drs. Budi``; person None if absent."""
    for word in re.finditer(r"(?<=\s)\S", part):
        if gazetteer().honorific_end(part, word.start()) is not None:
            person = clean_person(part[word.start() :])
            if person:
                return part[: word.start()].strip(), person
    return part, None


def _assign(
    drafts: list[_Draft], post: str, person: str, threshold: int = _REP_MATCH_MIN
) -> None:
    """Give ``person`` to the party whose name best matches the expanded post."""
    expanded = canonical_name(gazetteer().expand(_post_as_body(post)))
    scored = [
        (
            max(
                fuzz.token_set_ratio(expanded, canonical_name(name))
                for name in (d.name, *d.aliases)
            ),
            i,
        )
        for i, d in enumerate(drafts)
        if d.representative is None
    ]
    if not scored:
        return
    score, index = max(scored)
    if score >= threshold:
        drafts[index].representative = person
        drafts[index].representative_title = tidy_name(post)


# --- Output ------------------------------------------------------------------------


def _unique(drafts: list[_Draft]) -> list[_Draft]:
    """One draft per canonical name (and role), the first kept."""
    seen: set[tuple[str, str | None]] = set()
    kept = []
    for draft in drafts:
        key = (canonical_name(draft.name).lower(), draft.role)
        if key[0] and key not in seen:
            seen.add(key)
            kept.append(draft)
    return kept


def _finish(parsed: ParsedDocument, draft: _Draft) -> Party:
    canonical = canonical_name(draft.name)
    aliases = list(dict.fromkeys(draft.aliases))
    short = short_name(draft.name)
    if short and short not in (draft.name, canonical, *aliases):
        aliases.append(short)
    start, end = (draft.start, draft.end) if draft.start >= 0 else (0, 0)
    return Party(
        name=draft.name,
        canonical=canonical,
        aliases=tuple(a for a in aliases if a not in (draft.name, canonical)),
        role=draft.role,
        role_label=draft.role_label,
        representative=draft.representative,
        representative_title=draft.representative_title,
        evidence=parsed.evidence(start, end, f"parties.{draft.rule}"),
    )
