"""Duties, rights and prohibitions of the parties, each tied to its clause.

Agreements are read article by article (the preamble, its recitals and the
signature block are never read). The text of every article, ayat and item
that stands before its first child is split into sentences, and each sentence
is searched for a trigger:

* obligations: ``wajib``, ``berkewajiban`` (and typos such as
  ``berkewajiaban``), ``mempunyai kewajiban``, ``harus``, ``bertanggung
  jawab``, ``bersedia``, ``setuju/sepakat untuk``; the verbs ``menyediakan``,
  ``membayar``, ``menanggung`` ... only right after a party (``PIHAK KEDUA
  akan menanggung``); passives with the party after them (``ditanggung oleh
  PIHAK KEDUA``, ``menjadi tanggung jawab PIHAK PERTAMA``);
* rights: ``berhak``, ``mempunyai/memiliki hak``, ``berwenang``;
* prohibitions: ``dilarang``, ``tidak diperkenankan/diperbolehkan/boleh``,
  ``tidak berhak``.

The subject is the nearest party before the trigger that is not the object of
a preposition (``kepada PIHAK KEDUA``). A lead-in (``Kewajiban PIHAK KEDUA:``,
``PIHAK PERTAMA berhak:``) or an article heading (``KEWAJIBAN PIHAK KEDUA``)
makes each child item one record that inherits the party and the kind.
Scope and purpose articles take only the modal triggers (not ``sepakat
untuk``, ``menyediakan``, passives); definitions (``KETENTUAN UMUM``, ``yang
dimaksud dengan``) and a memorandum's statement that it creates no legal
obligations are skipped.

News reports are read sentence by sentence for commitments and role splits
(``Pemkab menyediakan lahan, sementara universitas menyiapkan tenaga
pengajar``); the party is the subject as written and the role is unknown.

:func:`obligation_terms` reads the deadline, amount and condition of a duty.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from extractors.context import ParsedDocument
from schemas.records import (
    Evidence,
    Obligation,
    ObligationKind,
    Section,
    SectionKind,
    TextValue,
)

PARA_PIHAK = "PARA PIHAK"

_ORDINAL_WORDS = (
    ("PERTAMA", ("pertama", "kesatu", "satu", "1", "i")),
    ("KEDUA", ("kedua", "dua", "2", "ii")),
    ("KETIGA", ("ketiga", "tiga", "3", "iii")),
    ("KEEMPAT", ("keempat", "empat", "4", "iv")),
    ("KELIMA", ("kelima", "lima", "5", "v")),
    ("KEENAM", ("keenam", "enam", "6", "vi")),
    ("KETUJUH", ("ketujuh", "tujuh", "7", "vii")),
    ("KEDELAPAN", ("kedelapan", "delapan", "8", "viii")),
    ("KESEMBILAN", ("kesembilan", "sembilan", "9", "ix")),
    ("KESEPULUH", ("kesepuluh", "sepuluh", "10", "x")),
)
_ORDINALS = {word: label for label, words in _ORDINAL_WORDS for word in words}
_ROLE = re.compile(
    r"\b(?=[kmp])(?:\b(?P<para>(?:para|kedua\s+belah|masing\s*-\s*masing)\s+pihak)\b"
    r"|\bpihak\s+(?P<ord>ke-?\s?(?:\d{1,2}|[a-z]+)|[a-z]+|\d{1,2}|[ivx]{1,4})\b)",
    re.IGNORECASE,
)
# A lower-case "pihak ketiga" is any outsider ("kepada pihak ketiga"), not a role.
_GENERIC_ORDINALS = frozenset(label for label, _ in _ORDINAL_WORDS[2:])

# Alternatives are tried left to right at each position, so the negated forms
# ("tidak boleh", "tidak berhak") win over the plain words they contain.
_TRIGGER = re.compile(
    r"""
    \b(?=[bdhmstw])  # every trigger starts with one of these: reject fast
    (?:
    (?P<prohibition>
        \btidak\s+(?:di(?:per)?kenankan|di(?:per)?bolehkan|dibenarkan
            |diizinkan|diijinkan|boleh|berhak)\b
      | \bdilarang\b)
  | (?P<right>
        \bberhak\b
      | \b(?:mempunyai|memiliki|mendapat(?:kan)?|memperoleh)\s+hak\b
      | \bberwenang\b)
  | (?P<duty>
        \bberk[e]?w[a]?j[ia]{0,3}b[a]?n\b
      | \b(?:mempunyai|memiliki)\s+kewajiban\b
      | \b(?:di)?wajib(?:kan)?\b
      | \bharus\b
      | \bbertanggung\s*-?\s*jawab\b)
  | (?P<pledge>
        \bbersedia\b
      | \b(?:setuju|sepakat|bersepakat|menyetujui)\s+untuk\b)
  | (?P<act>
        \b(?:menyediakan|menyiapkan|membayar(?:kan)?|menanggung|menerima\s+tugas
            |memberikan|melaksanakan|menyampaikan|menyerahkan)\b)
  | (?P<passive>
        \b(?:dilakukan|dilaksanakan|ditanggung|dibayar(?:kan)?|disediakan
            |disiapkan|diberikan|diselenggarakan|dibiayai)
            \s+(?:sepenuhnya\s+)?oleh\s+
      | \bdibebankan\s+(?:sepenuhnya\s+)?(?:kepada|pada)\s+
      | \bmenjadi\s+(?:tanggung\s*-?\s*jawab|beban|kewajiban|tanggungan)
            \s+(?:sepenuhnya\s+)?(?:dari\s+)?)
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_KIND_OF_GROUP = {
    "prohibition": ObligationKind.PROHIBITION,
    "right": ObligationKind.RIGHT,
    "duty": ObligationKind.OBLIGATION,
    "pledge": ObligationKind.OBLIGATION,
    "act": ObligationKind.OBLIGATION,
    "passive": ObligationKind.OBLIGATION,
}
# Scope and purpose articles say what the cooperation covers ("PARA PIHAK
# sepakat untuk bekerja sama dalam bidang ..."); only modal words bind there.
_STRONG_GROUPS = frozenset({"prohibition", "right", "duty"})
# Nouns of a lead-in ("Kewajiban PIHAK KEDUA:") that the verb triggers miss.
_DUTY_NOUN = re.compile(r"\b(?:kewajiban|hak|larangan|tugas|tanggung)\b", re.IGNORECASE)
# End-anchored patterns look at a short window, not the whole sentence.
_LOOKBEHIND = 40
_NEGATED = re.compile(r"\btidak\s+(?:akan\s+)?$", re.IGNORECASE)
_OBJECT_PREPOSITION = re.compile(
    r"\b(?:oleh|kepada|dari|dengan|bagi|untuk|antara|terhadap|pada|ke|milik)\s*$",
    re.IGNORECASE,
)
# Words that may stand between a party and its verb: "PIHAK KEDUA akan menanggung".
_VERB_GAP = re.compile(
    r"[\s,]*(?:(?:akan|juga|wajib|harus|dapat|segera|turut|pun|bersedia)\s+)*",
    re.IGNORECASE,
)
_PARTY_JOIN = re.compile(r"\s*(?:,\s*)?(?:dan|serta|,)\s*", re.IGNORECASE)
_CONNECTIVES = re.compile(
    r"\s*(?:(?:dan|serta|juga|maka|namun|tetapi|akan|pun|lalu|kemudian)\s+)*",
    re.IGNORECASE,
)
_CLAUSE_JOIN = re.compile(r",|;|\s(?:dan|serta|sedangkan|sementara)\s", re.IGNORECASE)

_LEAD_IN_NOUN = re.compile(
    r"\W*(?:(?P<duty>kewajiban|tugas(?:\s+dan\s+tanggung\s*jawab)?"
    r"|tanggung\s*jawab)|(?P<right>hak(?:-hak)?)|(?P<prohibition>larangan))\b"
    r"(?!\s+dan\s+(?:kewajiban|hak)\b)",
    re.IGNORECASE,
)
_LEAD_IN_END = re.compile(
    r"(?::|\b(?:sebagai\s+berikut|antara\s+lain|meliputi|yaitu|yakni|adalah))\s*$",
    re.IGNORECASE,
)
_HEADING_KINDS = (
    (re.compile(r"\blarangan\b", re.IGNORECASE), ObligationKind.PROHIBITION),
    (re.compile(r"\bhak\b", re.IGNORECASE), ObligationKind.RIGHT),
    (
        re.compile(r"\b(?:kewajiban|tugas|tanggung\s*jawab)\b", re.IGNORECASE),
        ObligationKind.OBLIGATION,
    ),
)
# What a heading such as "HAK DAN KEWAJIBAN PIHAK KEDUA" may hold besides
# parties; anything else ("HAK KEKAYAAN INTELEKTUAL") is not a duty heading.
_HEADING_FILLER = re.compile(
    r"\b(?:hak|kewajiban|larangan|tugas|tanggung|jawab|dan|para|pihak|masing)\b"
    r"|[\W\d_]",
    re.IGNORECASE,
)
_SKIPPED_HEADING = re.compile(
    r"ketentuan\s+umum|pengertian|definisi|istilah", re.IGNORECASE
)
_SCOPE_HEADING = re.compile(
    r"ruang\s+lingkup|maksud|tujuan|ob[jy]ek|lingkup\s+kerja", re.IGNORECASE
)
_NOT_A_DUTY = re.compile(
    r"\b(?=[ty])(?:\byang\s+dimaksud\s+dengan\b"
    r"|\btidak\s+(?:menimbulkan|mengakibatkan|melahirkan|menciptakan)\s+"
    r"(?:suatu\s+)?(?:akibat\s+hukum|kewajiban|hak|ikatan|hubungan\s+hukum)"
    r"|\btidak\s+(?:bersifat\s+)?mengikat\b)",
    re.IGNORECASE,
)
# An addendum quotes the old wording between "SEMULA:" and "DIUBAH MENJADI:".
_SUPERSEDED = re.compile(
    r"^[ \t]*semula\b[^\n:]{0,20}:.*?^[ \t]*(?:diubah[ \t]+)?menjadi\b[^\n]*:",
    re.IGNORECASE | re.MULTILINE | re.DOTALL,
)
_AMENDS = re.compile(
    r"\bketentuan\s+pasal\s+(?P<number>\d{1,3}[A-Z]?)\b[^.]{0,120}?\bdiubah\b"
    r"|\bdisisipkan\b[^.]{0,80}?\b(?:yakni|yaitu)\s+pasal\s+(?P<inserted>\d{1,3}[A-Z]?)\b",
    re.IGNORECASE,
)
# Sentences end at a full stop, or at an article heading quoted inside an
# amending article ("... berbunyi sebagai berikut:\nPasal 6A\nLARANGAN\n").
_SENTENCE_BREAK = re.compile(
    r"[.!?]\s+(?=[A-Z\"“(])"
    r"|\n[ \t]*Pasal[ \t]+\d{1,3}[A-Z]?[ \t]*\n"
    r"(?:[ \t]*[A-Z][A-Z ,/&-]{2,}[ \t]*(?=\n))?"
    # a heading line of its own ("LARANGAN PROHIBITIONS"), not a wrapped label
    r"|\n[ \t]*(?!PIHAK\b|PARA\b)[A-Z]{3}[A-Z ,/&()-]*[ \t]*(?=\n)"
)
# A line of page furniture between a lead-in and its items: "- 3 -", "Paraf : ...".
_PAGE_NOISE_LINE = re.compile(
    r"[ \t]*(?:-[ \t]*\d{1,3}[ \t]*-|\d{1,3}|paraf\b[^\n]*|halaman[ \t]+\d+[^\n]*"
    r"|[^\n]{0,60}\|[ \t]*\d{1,3})\s*",  # running header "POLBENG - PT SRS | 2"
    re.IGNORECASE,
)
# The English column of a bilingual agreement repeats each duty: skip it.
_ENGLISH_WORD = re.compile(
    r"\b(?:the|shall|of|to|and|each|with|from|for|is|are|be|an|who|in)\b",
    re.IGNORECASE,
)
_INDONESIAN_WORD = re.compile(
    r"\b(?:yang|dan|di|ke|dari|untuk|dengan|atau|pada|bagi|dalam|oleh|sebesar)\b",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\s*(?:\(\d{1,2}\)|[a-z][.)]|\d{1,2}[.)])?\s*")
_TRAILING = re.compile(
    r"(?:[\s;,.]+|[\s;,]+(?:dan/atau|dan|atau|serta|sedangkan|sementara))$",
    re.IGNORECASE,
)

# News: commitments of the signatories, read from the clause before the verb.
_NEWS_TRIGGER = re.compile(
    r"\b(?:wajib|berk[e]?w[a]?j[ia]{0,3}b[a]?n|bertanggung\s*-?\s*jawab|bersedia"
    r"|siap|berjanji|berkomitmen|(?:sepakat|setuju)\s+untuk|menyediakan"
    r"|menyiapkan|memfasilitasi|membiayai|menanggung"
    r"|akan\s+(?:segera\s+)?me[a-z]{3,})\b",  # a promise: "Bapas akan menugaskan"
    re.IGNORECASE,
)
_NEWS_BOUNDARY = re.compile(
    r"[,;:\"“”()]|\b(?:sementara(?:\s+itu)?|sedangkan|bahwa|adapun)\b",
    re.IGNORECASE,
)
_NEWS_CLAUSE_END = re.compile(
    r",\s*(?:sementara|sedangkan|adapun)\b|;|[\"”]|[.!?](?=\s|$)", re.IGNORECASE
)
_REPORTING_VERB = re.compile(
    r".*\b(?:mengatakan|menyatakan|menjelaskan|menyebutkan|menegaskan"
    r"|mengungkapkan|menuturkan|menambahkan|berharap)\s+(?:bahwa\s+)?",
    re.IGNORECASE,
)
_SUBJECT_HEAD = re.compile(
    r"\s*(?:(?:dan|serta|kemudian|selanjutnya|nantinya|sehingga|maka)\s+)*",
    re.IGNORECASE,
)
_SUBJECT_TAIL = re.compile(
    r"(?:\s+(?:akan|juga|pun|nantinya|turut|telah|sudah|siap|sendiri|pula))+\s*$",
    re.IGNORECASE,
)
# A lower-case verb ("bertujuan", "mengajak") means the clause is no subject.
_VERB_WORD = re.compile(r"\b(?:ber|mem|men|meng|meny)[a-z]{3,}\b")
_NOT_SUBJECT_START = frozenset(
    "untuk dengan dalam di ke pada agar supaya ini itu tersebut hal yang karena"
    " jika apabila saat ketika sebagai oleh tiap setiap sebanyak semua seluruh"
    " para".split()
)
# A quoted "kami siap ..." is a speaker's hope rather than a signatory's duty;
# "pihaknya" (his side) still names the speaker's institution.
_FIRST_PERSON = frozenset("kami kita saya aku".split())
_PRONOUNS = frozenset("ia dia beliau mereka pihaknya".split())
_READY_FOR = re.compile(r"\s+(?:kerja|pakai|saji|siaga)\b", re.IGNORECASE)
_MAX_SUBJECT_WORDS = 6

_DEADLINE = re.compile(
    r"\b(?:paling\s+lambat|selambat-lambatnya|paling\s+lama"
    r"|dalam\s+(?:jangka\s+)?waktu(?=\s+\d))\s+[^,;:.]{1,100}",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"\bRp\.?\s?(?P<number>\d{1,3}(?:\.\d{3})+|\d+)(?:,\d{1,2})?(?:,-)?"
    r"(?:\s*\([^)]{1,120}rupiah\s*\))?",
    re.IGNORECASE,
)
_CONDITION = re.compile(
    r"\b(?:apabila|jika|bilamana|manakala|dalam\s+hal|sepanjang"
    r"|dengan\s+(?:syarat|ketentuan))\b[^,;]*?(?=,|;|\.(?:\s|$)|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Party:
    """A party mention: where it stands, as printed, and its normalised role.

    A joint subject (``PIHAK KEDUA dan PIHAK KETIGA``) lists its ``members``.
    """

    start: int
    end: int
    name: str
    role: str | None
    members: tuple[_Party, ...] = ()


@dataclass(frozen=True, slots=True)
class _Context:
    """What a lead-in or heading hands down to the items under it."""

    kind: ObligationKind | None
    party: _Party | None


@dataclass(frozen=True, slots=True)
class _Duty:
    """A trigger resolved to its party, before its text span is cut."""

    kind: ObligationKind
    party: _Party | None
    start: int  # where its clause begins: the subject, or the trigger
    trigger_start: int
    trigger_end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ObligationTerms:
    """Deadline, amount and condition stated in one duty's text.

    ``amount_rupiah`` is the amount as a whole number of rupiah.
    """

    deadline: TextValue | None
    amount: TextValue | None
    amount_rupiah: int | None
    condition: TextValue | None


def extract_obligations(
    parsed: ParsedDocument, aliases: Mapping[str, str] | None = None
) -> tuple[Obligation, ...]:
    """Every duty, right and prohibition of the parties, in document order.

    Args:
        parsed: The segmented document.
        aliases: Defined short names mapped to their role (``{"BLK": "PIHAK
            KEDUA"}``); ``None`` recognises only the PIHAK labels.

    Returns:
        One record per duty. ``clause`` is the ref of the innermost section
        (``Pasal 5 ayat (2) huruf a``), ``text`` the duty sentence or list item
        without its marker, and the evidence points at that text. In news,
        ``party`` is the subject as written and ``party_role`` is ``None``.
    """
    if parsed.is_news:
        return tuple(with_terms(duty) for duty in _news_commitments(parsed))
    reader = _AgreementReader(parsed, _PartyFinder(aliases))
    return tuple(with_terms(duty) for duty in reader.read())


def with_terms(obligation: Obligation) -> Obligation:
    """The obligation with its deadline, amount and condition filled in.

    Args:
        obligation: A duty whose text may state terms.

    Returns:
        A copy whose ``deadline``, ``amount``, ``amount_rupiah`` and
        ``condition`` hold the terms read by :func:`obligation_terms`.
    """
    terms = obligation_terms(obligation)
    return replace(
        obligation,
        deadline=terms.deadline.value if terms.deadline else None,
        amount=terms.amount.value if terms.amount else None,
        amount_rupiah=terms.amount_rupiah,
        condition=terms.condition.value if terms.condition else None,
    )


def normalize_role(label: str) -> str | None:
    """Normalise a party label: ``Pihak Kesatu`` / ``PIHAK I`` -> ``PIHAK PERTAMA``.

    Args:
        label: A role label as printed (``PIHAK II``, ``Kedua Belah Pihak``).

    Returns:
        ``PIHAK PERTAMA`` ... ``PIHAK KELIMA`` or ``PARA PIHAK``; ``None`` when
        the label is not a role label.
    """
    match = _ROLE.fullmatch(" ".join(label.split()))
    return _role_of(match) if match else None


def obligation_terms(obligation: Obligation) -> ObligationTerms:
    """The deadline, amount and condition written in a duty's text.

    Args:
        obligation: A record from :func:`extract_obligations`.

    Returns:
        Each term with evidence offsets in the document text, or ``None``
        where the duty states none.
    """
    deadline = _DEADLINE.search(obligation.text)
    amount = _AMOUNT.search(obligation.text)
    condition = _CONDITION.search(obligation.text)
    return ObligationTerms(
        deadline=_term(obligation, deadline, "deadline"),
        amount=_term(obligation, amount, "amount"),
        amount_rupiah=int(amount.group("number").replace(".", "")) if amount else None,
        condition=_term(obligation, condition, "condition"),
    )


def _term(
    obligation: Obligation, match: re.Match[str] | None, rule: str
) -> TextValue | None:
    if match is None:
        return None
    value = match.group(0).rstrip()
    start = obligation.evidence.start + match.start()
    evidence = Evidence(
        page=obligation.evidence.page,
        start=start,
        end=start + len(value),
        text=value,
        rule=rule,
    )
    return TextValue(value=" ".join(value.split()), evidence=evidence)


def _role_of(match: re.Match[str]) -> str | None:
    if match.group("para"):
        return PARA_PIHAK
    ordinal = " ".join(match.group("ord").lower().split())
    if ordinal not in _ORDINALS:
        ordinal = re.sub(r"^ke-?\s?", "", ordinal)
    word = _ORDINALS.get(ordinal)
    return f"PIHAK {word}" if word else None


class _PartyFinder:
    """Finds role labels and defined short names (aliases) in the text."""

    def __init__(self, aliases: Mapping[str, str] | None) -> None:
        self._roles: dict[str, str] = {}
        for alias, role in (aliases or {}).items():
            name = " ".join(alias.split())
            if name:
                for variant in (name, name.upper(), name.title()):
                    self._roles[variant] = normalize_role(role) or role
        variants = sorted(self._roles, key=len, reverse=True)
        self._alias = (
            re.compile(
                r"(?<!\w)(?:"
                + "|".join(r"\s+".join(map(re.escape, v.split())) for v in variants)
                + r")(?!\w)"
            )
            if variants
            else None
        )

    def find(self, text: str, start: int, end: int) -> list[_Party]:
        """Party mentions between ``start`` and ``end``, in order, no overlaps."""
        found = list(self._labels(text, start, end))
        if self._alias is not None:
            for match in self._alias.finditer(text, start, end):
                name = " ".join(match.group(0).split())
                found.append(
                    _Party(match.start(), match.end(), name, self._roles.get(name))
                )
        found.sort(key=lambda party: (party.start, -party.end))
        kept: list[_Party] = []
        for party in found:
            if not kept or party.start >= kept[-1].end:
                kept.append(party)
        return kept

    @staticmethod
    def _labels(text: str, start: int, end: int) -> Iterator[_Party]:
        for match in _ROLE.finditer(text, start, end):
            role = _role_of(match)
            if role is None:
                continue
            if match.group(0).islower() and role[len("PIHAK ") :] in _GENERIC_ORDINALS:
                continue
            name = " ".join(match.group(0).split())
            yield _Party(match.start(), match.end(), name, role)


class _AgreementReader:
    """Walks the article tree of one agreement and emits its obligations."""

    def __init__(self, parsed: ParsedDocument, parties: _PartyFinder) -> None:
        self.parsed = parsed
        self.text = parsed.text
        self.parties = parties
        self.cited: str | None = None  # the parent's article an addendum amends
        # One scan of the whole text; sentences pick their triggers by offset.
        self.triggers = list(_TRIGGER.finditer(self.text))
        self.trigger_starts = [match.start() for match in self.triggers]
        self.children: dict[int, list[int]] = {}
        for index, section in enumerate(parsed.sections):
            if section.parent is not None:
                self.children.setdefault(section.parent, []).append(index)

    def read(self) -> Iterator[Obligation]:
        """Obligations of every article that is not a definitions article."""
        superseded = [
            (match.start(), match.end()) for match in _SUPERSEDED.finditer(self.text)
        ]
        for index, section in enumerate(self.parsed.sections):
            if section.kind is not SectionKind.ARTICLE:
                continue
            if _SKIPPED_HEADING.search(section.heading):
                continue
            strong_only = _SCOPE_HEADING.search(section.heading) is not None
            context = self._heading_context(section)
            if context.kind is None and not self._may_hold_duties(section):
                continue
            self.cited = self._amended_article(index)
            for obligation in self._visit(index, context, strong_only):
                start = obligation.evidence.start
                if not any(low <= start < high for low, high in superseded):
                    yield obligation

    def _may_hold_duties(self, section: Section) -> bool:
        """False for an article with no trigger and no lead-in noun: skip it."""
        return bool(self._triggers_in(section.start, section.end)) or bool(
            _DUTY_NOUN.search(self.text, section.start, section.end)
        )

    def _triggers_in(self, start: int, end: int) -> list[re.Match[str]]:
        low = bisect_left(self.trigger_starts, start)
        high = bisect_left(self.trigger_starts, end, lo=low)
        return [match for match in self.triggers[low:high] if match.end() <= end]

    def _amended_article(self, index: int) -> str | None:
        """``Pasal 6`` when the article amends it (``Ketentuan Pasal 6 ... diubah``).

        The amended text keeps the parent agreement's numbering, so its duties
        are cited by that article rather than by the addendum's own.
        """
        start, end = self._own_range(index)
        match = _AMENDS.search(self.text, start, end)
        if match is None:
            return None
        return f"Pasal {match.group('number') or match.group('inserted')}"

    def _heading_context(self, section: Section) -> _Context:
        """Kind and party named by a duty heading (``KEWAJIBAN PIHAK KEDUA``)."""
        heading = section.heading
        parties = self.parties.find(heading, 0, len(heading))
        rest = heading
        for found in reversed(parties):
            rest = rest[: found.start] + rest[found.end :]
        kinds = {kind for pattern, kind in _HEADING_KINDS if pattern.search(heading)}
        if len(kinds) != 1 or _HEADING_FILLER.sub("", rest):
            return _Context(kind=None, party=None)
        return _Context(kind=kinds.pop(), party=parties[0] if parties else None)

    def _visit(
        self, index: int, inherited: _Context, strong_only: bool
    ) -> Iterator[Obligation]:
        """One section: its own sentences, then its children."""
        kids = self.children.get(index, [])
        sentences = self._sentences(*self._own_range(index))
        context = (
            self._list_context(sentences, inherited, strong_only) if kids else None
        )
        if context is not None and sentences:
            sentences = sentences[:-1]  # the lead-in itself is no duty
        for start, end in sentences:
            yield from self._sentence(index, start, end, strong_only)
        for kid in kids:
            if context is None:
                yield from self._visit(kid, inherited, strong_only)
            else:
                yield from self._item(kid, context, strong_only)

    def _list_context(
        self, sentences: list[tuple[int, int]], inherited: _Context, strong_only: bool
    ) -> _Context | None:
        """What the items under a section inherit, or None to read them alone.

        Items inherit from a lead-in that names a kind (``PIHAK KEDUA
        berhak:``), or from the heading when the section has no text of its
        own or its lead-in names only a party (``PIHAK PERTAMA:``).
        """
        if not sentences:
            return inherited if inherited.kind is not None else None
        start, end = sentences[-1]
        if not self._ends_lead_in(start, end):
            return None
        own = self._lead_in_context(start, end, strong_only)
        kind = own.kind or inherited.kind
        if kind is None:
            return None
        return _Context(kind=kind, party=own.party or inherited.party)

    def _lead_in_context(self, start: int, end: int, strong_only: bool) -> _Context:
        """Kind and party of a lead-in: ``Kewajiban PIHAK KEDUA:``, ``... berhak:``."""
        parties = self.parties.find(self.text, start, end)
        noun = _LEAD_IN_NOUN.match(self.text, start, end)
        if noun:
            kind = _KIND_OF_GROUP[noun.lastgroup or "duty"]
            return _Context(kind=kind, party=parties[0] if parties else None)
        duties = list(self._duties(start, end, strong_only))
        if duties:
            return _Context(kind=duties[0].kind, party=duties[0].party)
        return _Context(kind=None, party=parties[-1] if parties else None)

    def _item(
        self, index: int, context: _Context, strong_only: bool
    ) -> Iterator[Obligation]:
        """A list item under a lead-in: one record, unless it names its own party."""
        kids = self.children.get(index, [])
        if kids:
            own = self._sentences(*self._own_range(index))
            if own and self._ends_lead_in(*own[-1]):
                # A nested lead-in of its own ("PIHAK KEDUA berhak:") opens a
                # list; "menyediakan sarana berupa:" stays one duty.
                nested = self._list_context(own, context, strong_only)
                if nested is not None and nested != context:
                    yield from self._visit(index, context, strong_only)
                    return
        section = self.parsed.sections[index]
        start, end = self._trim(section.start, section.end)
        if start >= end or _NOT_A_DUTY.search(self.text, start, end):
            return
        if _is_english(self.text[start:end]):
            return
        explicit = [
            duty
            for duty in self._duties(start, end, strong_only)
            if duty.party is not None
        ]
        if explicit:
            yield from self._records(index, explicit, start, end)
        elif context.kind is not None:
            for party in _each_party(context.party):
                yield self._record(index, context.kind, party, start, end)

    def _sentence(
        self, index: int, start: int, end: int, strong_only: bool
    ) -> Iterator[Obligation]:
        duties = list(self._duties(start, end, strong_only))
        if duties and not _NOT_A_DUTY.search(self.text, start, end):
            yield from self._records(index, duties, start, end)

    def _records(
        self, index: int, duties: list[_Duty], start: int, end: int
    ) -> Iterator[Obligation]:
        """One record per run of one party and kind; each runs to the next."""
        merged = _merge(duties)
        starts = [start] + [
            self._clause_start(previous, duty)
            for previous, duty in zip(merged, merged[1:], strict=False)
        ]
        for position, duty in enumerate(merged):
            clause_end = starts[position + 1] if position + 1 < len(merged) else end
            piece_start, piece_end = self._trim(starts[position], clause_end)
            if piece_start >= piece_end:
                continue
            for party in _each_party(duty.party):
                yield self._record(index, duty.kind, party, piece_start, piece_end)

    def _clause_start(self, previous: _Duty, duty: _Duty) -> int:
        """Where a later duty's clause begins: its own subject, else a conjunction."""
        if duty.start >= previous.trigger_end:
            return duty.start
        joins = list(
            _CLAUSE_JOIN.finditer(self.text, previous.trigger_end, duty.trigger_start)
        )
        return joins[-1].end() if joins else duty.trigger_start

    def _record(
        self,
        index: int,
        kind: ObligationKind,
        party: _Party | None,
        start: int,
        end: int,
    ) -> Obligation:
        clause = self.parsed.sections[self._innermost(index, start)].ref
        if self.cited is not None:
            clause = re.sub(r"^Pasal \S+", self.cited, clause)
        return Obligation(
            party_role=party.role if party else None,
            party=party.name if party else None,
            kind=kind,
            clause=clause,
            text=self.text[start:end],
            evidence=self.parsed.evidence(start, end, "obligation"),
        )

    def _innermost(self, index: int, offset: int) -> int:
        """The deepest section under ``index`` that holds ``offset``."""
        for kid in self.children.get(index, []):
            section = self.parsed.sections[kid]
            if section.start <= offset < section.end:
                return self._innermost(kid, offset)
        return index

    def _duties(self, start: int, end: int, strong_only: bool) -> Iterator[_Duty]:
        """Triggers of one sentence, each resolved to its party."""
        matches = self._triggers_in(start, end)
        parties = self.parties.find(self.text, start, end) if matches else []
        for match in matches:
            group = match.lastgroup or ""
            if strong_only and group not in _STRONG_GROUPS:
                continue
            if group not in ("prohibition", "passive") and _NEGATED.search(
                self.text, max(start, match.start() - _LOOKBEHIND), match.start()
            ):
                continue
            duty = self._resolve(match, group, parties, start)
            if duty is not None:
                yield duty

    def _resolve(
        self, match: re.Match[str], group: str, parties: list[_Party], floor: int
    ) -> _Duty | None:
        kind = _KIND_OF_GROUP[group]
        if group == "passive":
            agent = next((p for p in parties if p.start == match.end()), None)
            if agent is None:
                return None
            return _Duty(kind, agent, match.start(), match.start(), agent.end)
        subject = self._subject(parties, match.start(), floor)
        if group == "act" and (
            subject is None
            or not _VERB_GAP.fullmatch(self.text, subject.end, match.start())
        ):
            return None
        begin = subject.start if subject else match.start()
        return _Duty(kind, subject, begin, match.start(), match.end())

    def _subject(self, parties: list[_Party], before: int, floor: int) -> _Party | None:
        """The nearest party before ``before`` that is not a prepositional object.

        ``PIHAK KEDUA dan PIHAK KETIGA wajib`` is a joint subject: one duty each.
        """
        candidates = [
            party
            for party in parties
            if party.end <= before
            and not _OBJECT_PREPOSITION.search(
                self.text, max(floor, party.start - _LOOKBEHIND), party.start
            )
        ]
        if not candidates or _has_own_subject(self.text, candidates[-1].end, before):
            return None
        joint = [candidates[-1]]
        for party in reversed(candidates[:-1]):
            if not _PARTY_JOIN.fullmatch(self.text, party.end, joint[0].start):
                break
            joint.insert(0, party)
        if len(joint) == 1:
            return joint[0]
        name = " ".join(self.text[joint[0].start : joint[-1].end].split())
        return _Party(joint[0].start, joint[-1].end, name, None, tuple(joint))

    def _own_range(self, index: int) -> tuple[int, int]:
        """A section's text before its first child, without heading or marker."""
        section = self.parsed.sections[index]
        kids = self.children.get(index)
        end = self.parsed.sections[kids[0]].start if kids else section.end
        # A lead-in "... berkewajiban:" may stand before a page break.
        end = _before_page_noise(self.text, section.start, end)
        if section.kind is SectionKind.ARTICLE:
            return _article_body_start(self.text, section), end
        marker = _MARKER.match(self.text, section.start, end)
        return (marker.end() if marker else section.start), end

    def _sentences(self, start: int, end: int) -> list[tuple[int, int]]:
        """Sentence spans of ``text[start:end]``, trimmed, empty ones dropped."""
        spans = [self._trim(*span) for span in _sentence_spans(self.text, start, end)]
        return [(s, e) for s, e in spans if s < e]

    def _ends_lead_in(self, start: int, end: int) -> bool:
        return bool(_LEAD_IN_END.search(self.text, max(start, end - _LOOKBEHIND), end))

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        """Drop a list marker, and trailing ``;``, ``dan`` and page furniture."""
        marker = _MARKER.match(self.text, start, end)
        if marker:
            start = marker.end()
        while end > start:
            tail = _TRAILING.search(self.text, max(start, end - _LOOKBEHIND), end)
            cut = tail.start() if tail else _before_page_noise(self.text, start, end)
            if cut in (start, end):
                break
            end = cut
        return start, end


def _is_english(text: str) -> bool:
    """True for the English half of a bilingual item."""
    english = len(_ENGLISH_WORD.findall(text))
    return english > len(_INDONESIAN_WORD.findall(text))


def _before_page_noise(text: str, start: int, end: int) -> int:
    """``end`` moved back over trailing lines of page furniture."""
    while True:
        while end > start and text[end - 1].isspace():
            end -= 1
        line_start = text.rfind("\n", start, end)
        if line_start < 0 or not _PAGE_NOISE_LINE.fullmatch(text, line_start + 1, end):
            return end
        end = line_start


def _has_own_subject(text: str, after: int, before: int) -> bool:
    """True when a comma clause with words of its own precedes the trigger.

    ``Tanpa persetujuan PIHAK PERTAMA, pihak lain tidak boleh`` has its own
    subject; ``PIHAK KEDUA, selaku penyelenggara, wajib`` does not.
    """
    cut = max(text.rfind(",", after, before), text.rfind(";", after, before))
    return cut >= 0 and not _CONNECTIVES.fullmatch(text, cut + 1, before)


def _article_body_start(text: str, section: Section) -> int:
    """After the ``Pasal N`` line, and after the heading when it has its own line."""
    line_end = text.find("\n", section.start, section.end)
    if line_end < 0:
        return section.end
    if section.heading and section.heading not in text[section.start : line_end]:
        next_line = re.match(r"\s*[^\n]*", text[line_end : section.end])
        if next_line and section.heading in next_line.group(0):
            return line_end + next_line.end()
    return line_end


def _each_party(party: _Party | None) -> tuple[_Party | None, ...]:
    """The members of a joint subject, or the party itself."""
    if party is not None and party.members:
        return party.members
    return (party,)


def _merge(duties: list[_Duty]) -> list[_Duty]:
    """Collapse consecutive triggers of one party and kind into one duty."""
    merged: list[_Duty] = []
    for duty in duties:
        previous = merged[-1] if merged else None
        if previous is None or not _same_duty(previous, duty):
            merged.append(duty)
        elif previous.party is None and duty.party is not None:
            merged[-1] = replace(previous, party=duty.party)
    return merged


def _same_duty(first: _Duty, second: _Duty) -> bool:
    if first.kind is not second.kind:
        return False
    if first.party is None or second.party is None:
        return True
    return (first.party.role or first.party.name) == (
        second.party.role or second.party.name
    )


def _sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence between ``start`` and ``end``, untrimmed."""
    cursor = start
    for match in _SENTENCE_BREAK.finditer(text, start, end):
        yield cursor, match.start() + 1  # keep the full stop with its sentence
        cursor = match.end()
    yield cursor, end


def _news_commitments(parsed: ParsedDocument) -> Iterator[Obligation]:
    """Commitments in a news report, one per subject and clause."""
    text = parsed.text
    for paragraph in parsed.sections_of(SectionKind.PARAGRAPH):
        for start, end in _sentence_spans(text, paragraph.start, paragraph.end):
            yield from _news_sentence(parsed, text, start, end)


def _news_sentence(
    parsed: ParsedDocument, text: str, start: int, end: int
) -> Iterator[Obligation]:
    duties = _merge(
        [
            duty
            for match in _NEWS_TRIGGER.finditer(text, start, end)
            if (duty := _news_duty(text, match, start)) is not None
        ]
    )
    for position, duty in enumerate(duties):
        limit = duties[position + 1].start if position + 1 < len(duties) else end
        stop = _NEWS_CLAUSE_END.search(text, duty.trigger_end, limit)
        clause_end = stop.start() if stop else limit
        clause_end = duty.start + len(text[duty.start : clause_end].rstrip(" ,"))
        name = duty.party.name if duty.party else None
        yield Obligation(
            party_role=None,
            party=None if name is None or name.lower() in _PRONOUNS else name,
            kind=ObligationKind.OBLIGATION,
            clause=None,
            text=text[duty.start : clause_end],
            evidence=parsed.evidence(duty.start, clause_end, "commitment"),
        )


def _news_duty(text: str, match: re.Match[str], floor: int) -> _Duty | None:
    """A news trigger with the subject of its clause, or None when it has none."""
    before = text[floor : match.start()]
    if before.rstrip().lower().endswith(("yang", "tidak")):
        return None  # "lulusan yang siap kerja", "tidak bersedia"
    if match.group(0).lower() == "siap" and _READY_FOR.match(text, match.end()):
        return None
    boundaries = list(_NEWS_BOUNDARY.finditer(text, floor, match.start()))
    subject_start = boundaries[-1].end() if boundaries else floor
    subject = _news_subject(text, subject_start, match.start())
    if subject is None:
        return None
    return _Duty(
        ObligationKind.OBLIGATION, subject, subject.start, match.start(), match.end()
    )


def _news_subject(text: str, start: int, end: int) -> _Party | None:
    """The organisation named before a commitment verb, as written."""
    reporting = _REPORTING_VERB.match(text, start, end)
    if reporting:
        start = reporting.end()
    head = _SUBJECT_HEAD.match(text, start, end)
    if head:
        start = head.end()
    tail = _SUBJECT_TAIL.search(text, start, end)
    if tail:
        end = tail.start()
    name = " ".join(text[start:end].split())
    words = name.split()
    if not words or len(words) > _MAX_SUBJECT_WORDS:
        return None
    if words[0].lower() in _NOT_SUBJECT_START | _FIRST_PERSON:
        return None
    if _VERB_WORD.search(name) or any(char.isdigit() for char in name):
        return None
    return _Party(start, start + len(text[start:end].rstrip()), name, None)
