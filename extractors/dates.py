"""Dates of an agreement or of a signing report, each with its role and evidence.

Reading happens in two passes, with regexes compiled once at import:

1. *Forms* find dates, most specific first; a later form never takes text an
   earlier one already read. Forms (the first part of ``Evidence.rule``):
   ``opening_formula`` (``Pada hari ini Kamis tanggal ... bulan ... tahun ...``),
   ``spelled_date`` (the same without ``Pada hari``), ``plain_date``
   (``21 Maret 2024``), ``numeric_date`` (``14/08/2022``), ``iso_date``,
   ``month_first`` (``March 21, 2024``), ``month_year`` (``Maret 2024``, day
   None) and, in news only, ``news_weekday_date`` (``Selasa (1/7/2025)``,
   ``Rabu (12/6)``), ``news_weekday`` (``..., Selasa.``, ``Senin lalu``) and
   ``news_relative`` (``kemarin``).
2. *Roles* come from the line a date sits on (``Tanggal :`` header lines and
   ``Pekanbaru, 21 Maret 2024`` signature lines are signing; in news that line
   is the dateline, i.e. publication), else from the nearest cue before it in
   the same sentence: ``ditandatangani`` signing; ``Keputusan``, ``Akta``,
   ``Nomor ... tanggal``, a parent ``Perjanjian`` reference; ``berlaku sejak``
   effective; ``sampai dengan`` expiry. The rule is then ``form/cue``. Uncued
   dates are ``event``, except a spelled ``tanggal ... bulan ... tahun`` in an
   agreement, which is the signing formula without its ``Pada hari``.

Decisions:

* Day-first always; two-digit years 00-69 are 20xx, 70-99 are 19xx.
* Blanks (``.....``) stay None and are never invented; a formula whose every
  part is blank yields nothing.
* Words prevail over figures when both are printed, as in Indonesian drafting
  where the spelled-out text is the operative one; the value is flagged
  ``words_digits_mismatch``. Figures fill any part the words leave blank.
* A printed weekday that contradicts the date keeps the printed date and adds
  ``weekday_mismatch``; an impossible date (31 Februari) keeps its parts and
  adds ``invalid_date``.
* News: the first event date in a sentence about the signing (failing that,
  the first weekday-style date of an article that mentions a signing) gets
  role ``signing``; other dates stay ``event``. A dateline opening a sentence
  about the signing (``JAKARTA, Senin (7/4/2025) - ... meneken MoU``) is
  emitted twice, as publication and as signing (rule ``dateline/signing``).
  ``parsed.published`` yields a ``publication`` value whose evidence is the
  dateline when it shows the same date, else an empty span at offset 0 (rule
  ``published_meta``). Year-less
  and relative dates are resolved against it (flags ``year_inferred``,
  ``relative_resolved``); without it a year-less date keeps year None
  (``year_unknown``) and relative ones are skipped.
* A term counted from signing (``jangka waktu 3 (tiga) tahun terhitung sejak
  tanggal ditandatangani``) adds effective = signing date and expiry = start +
  term - 1 day, rule ``term_computed``, evidence on the term clause; an
  explicit effective date near the term clause is used as start instead.
  Printed effective/expiry dates are never overridden.

Speed: ``parsed.text`` is rebuilt from the Doc on each access, so it is read
once. Matching runs on a lower-cased copy with case-sensitive patterns
anchored on rare literals (``tanggal``, month stems, date separators), which
Python's regex engine skips through several times faster than
``re.IGNORECASE`` alternations tried at every position.
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass, replace

from extractors.context import ParsedDocument
from extractors.vocab import (
    BULAN,
    BULAN_FULL,
    MONTH_PATTERN,
    NUMBER_WORDS_PATTERN,
    WEEKDAY_PATTERN,
    alternation,
    month_number,
    parse_number_words,
    weekday_number,
)
from schemas.records import DateRole, DateValue, Evidence

# Every pattern below except the two marked "original case" runs on lowered text.
_WORDS = NUMBER_WORDS_PATTERN
_MONTH = rf"\b(?:{MONTH_PATTERN})\b"
_WEEKDAY = rf"\b(?:{WEEKDAY_PATTERN})\b"
_BLANK = r"(?:[.…_·][ \t]?){2,}|\bx{2,}\b"
_DASH = r"[-/.–—]"
_TANGGAL = r"(?:tanggal|tgl\b\.?)"
_BAD_BEFORE_NUMBER = frozenset("/.,-–—")  # and any letter or digit

# --- forms ---------------------------------------------------------------------

_DAY_PART = rf"(?:{_WORDS}|\d{{1,2}})(?:\s*\(\s*(?:{_WORDS}|\d{{1,2}})\s*\))?"
_MONTH_PART = rf"{_MONTH}\.?(?:\s*\(\s*\d{{1,2}}\s*\))?|\d{{1,2}}"
_YEAR_PART = rf"(?:{_WORDS}|\d{{4}})(?:\s*\(\s*(?:{_WORDS}|\d{{4}})\s*\))?"
_FORMULA = re.compile(
    rf"{_TANGGAL}[\s:]*(?P<day>{_DAY_PART}|{_BLANK})?[\s,]*"
    rf"\bbulan[\s:]*(?P<month>{_MONTH_PART}|{_BLANK})?[\s,]*"
    rf"\btahun[\s:]*(?P<year>{_YEAR_PART}|{_BLANK})?"
    rf"(?:[\s,]*\(\s*(?P<pday>\d{{1,2}})\s*{_DASH}\s*(?P<pmonth>\d{{1,2}})"
    rf"\s*{_DASH}\s*(?P<pyear>\d{{4}}|\d{{2}})\s*\))?"
)
_FORMULA_LEAD = re.compile(
    rf"\b(?:pada\s+hari(?:\s+ini)?|hari\s+ini|hari(?=\s+{_WEEKDAY}))\b[\s,:]*"
    rf"(?:(?P<weekday>{_WEEKDAY})|{_BLANK})?[\s,:]*$"
)
# Month names and date separators are rarer than digits, so those forms are
# found from them and the numbers around are read with anchored patterns.
_MONTH_NAME = re.compile(rf"(?:{MONTH_PATTERN})\b")
# Literal patterns use the engine's fast substring search; one alternation of
# all month names would test every position of the text instead.
_MONTH_STEMS = tuple(re.compile(re.escape(stem)) for stem in {n[:3] for n in BULAN})
# The day and year around a month name, in figures or in words alone
# ("dua puluh satu Maret dua ribu dua puluh empat").
_DAY_BEFORE_MONTH = re.compile(
    rf"(?:(?P<day>\d{{1,2}})(?:\s*\(\s*(?P<day_words>{_WORDS})\s*\))?"
    rf"|(?P<day_spelled>{_WORDS}))[ \t\-]*\n?[ \t]*$"
)
# A figures restatement may follow: "satu September dua ribu sepuluh (01-09-10)".
_YEAR_AFTER_MONTH = re.compile(
    r"\.?[ \t,\-]*\n?[ \t]*(?:(?P<year>\d{4})\b"
    rf"(?:\s*\(\s*(?P<year_words>{_WORDS})\s*\))?|(?P<year_spelled>{_WORDS}))"
    rf"(?:[ \t]*\([ \t]*(?P<rday>\d{{1,2}})[ \t]*{_DASH}[ \t]*(?P<rmonth>\d{{1,2}})"
    rf"[ \t]*{_DASH}[ \t]*(?P<ryear>\d{{4}}|\d{{2}})[ \t]*\))?"
)
_YEARS = range(1900, 2101)
_YEAR_REST = re.compile(
    r"[ \t]*\n(?:[ \t]*no(?:mor)?\b[^\n]*\n){1,2}[ \t]*"
    r"(?P<unit>satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)\b(?=[ \t]*[,.])"
)
_DAY_YEAR_AFTER_MONTH = re.compile(
    r"\.?[ \t]+(?P<day>\d{1,2})(?:st|nd|rd|th)?,[ \t]*(?P<year>\d{4})\b"
)
_NUMERIC_TAIL = re.compile(
    rf"(?P<sep1>{_DASH})[ \t]*(?P<month>\d\d?)[ \t]*(?P<sep2>{_DASH})[ \t]*"
    r"(?P<year>\d\d(?:\d\d)?)(?![\w/–—\-]|[.,]\d)"
)
_NUMBER_BEFORE_SEPARATOR = re.compile(r"(?P<number>\d+)[ \t]*$")
_NEWS_WEEKDAY = re.compile(
    rf"(?P<weekday>{WEEKDAY_PATTERN})\b(?:[ \t]*,?[ \t]*\([ \t]*"
    r"(?P<day>\d{1,2})[ \t]*(?P<sep1>[/.-])[ \t]*(?P<month>\d{1,2})"
    r"(?:[ \t]*(?P<sep2>[/.-])[ \t]*(?P<year>\d{4}|\d{2}))?[ \t]*\)"
    r"|[ \t]+(?P<relative>lalu|kemarin)\b)?"
)
# News: a month without a year, placed by the publication date ("17 Agustus
# mendatang", "Februari tahun depan", "pada Desember lalu", "mulai Juli").
_NEWS_MONTH = re.compile(
    rf"(?:(?P<day>\d{{1,2}})[ \t]+)?(?P<month>{alternation(BULAN_FULL)})\b"
    r"(?![ \t]*,?[ \t]*\d)(?:[ \t]+(?P<when>tahun[ \t]+(?:depan|lalu|ini)"
    r"|mendatang|depan|lalu|nanti)\b)?"
)
_MONTH_CUE_BEFORE = re.compile(
    r"\b(?:pada|mulai|sejak|hingga|sampai|awal|pertengahan|akhir|bulan)[ \t]+$"
)
_STREET_BEFORE = re.compile(r"\b(?:jalan|jl)\.?[ \t]+$")  # "Jl. 17 Agustus"
_DATE_FOLLOWS = re.compile(rf"[ \t]*,?[ \t]*(?:\(|\d|{_TANGGAL})")
_COMMA_OR_PADA_BEFORE = re.compile(r"(?:,|\bpada(?:\s+hari)?)\s*$")
# "hari ini" followed by its own date (or a blank form) is read from that date.
_RELATIVE_DAY = re.compile(
    r"(?P<yesterday>kemarin\b(?![ \t]+lusa))|\bhari[ \t]+ini\b"
    rf"(?![ \t]*,?[ \t]*(?:{_TANGGAL}|{_WEEKDAY}|\(|\d|\.{{2}}))"
)

# --- context -------------------------------------------------------------------

_SENTENCE_BREAK = re.compile(r"[.!?;]\s+(?=[A-Z(\"“])|\n[ \t]*\n")  # original case
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n[ \t]*\n")
_WEEKDAY_BEFORE = re.compile(
    rf"(?P<weekday>{_WEEKDAY})[ \t]*,?[ \t]*\(?[ \t]*(?:{_TANGGAL}[ \t]*:?[ \t]*)?$"
)
_HEADER_LINE = re.compile(rf"[ \t]*{_TANGGAL}[ \t]*:[ \t]*$")
_PLACE_LINE = re.compile(  # original case: a place name is capitalised
    r"[ \t]*(?P<place>[A-Z][A-Za-z.'’\- ]{1,40}?)(?:[ \t]*\([A-Za-z .]{2,20}\))?"
    rf"[ \t]*,[ \t]*(?:(?i:{_WEEKDAY})[ \t]*,?[ \t]*)?$"
)
# Atomic, so "Perjanjian Kerja Sama ini" cannot backtrack into "Perjanjian".
_PARENT_DOCUMENT = (
    r"(?>\b(?:perjanjian(?:\s+kerja\s*sama)?|kesepakatan(?:\s+bersama)?"
    r"|nota\s+kesepahaman|mou|kontrak)\b)(?!\s+ini)"
)
_DECREE = (
    r"\b(?:keputusan|peraturan|akta|undang-undang|uu|perda|perbup|perwali?"
    r"|pergub|permen\w*|instruksi|edaran|surat|sk|notaris)\b"
)
_NUMBER_THEN_DATE = rf"\bno(?:mor)?\b\.?\s*:?\s*\S+(?:\s+tahun\s+\d{{4}})?\s+{_TANGGAL}"
_AGREEMENT_CUES = re.compile(
    rf"(?P<reference>{_PARENT_DOCUMENT}[^.;]{{0,120}}?"
    r"\byang\s+(?:telah\s+)?ditandatangani\b"
    rf"|{_NUMBER_THEN_DATE}|{_DECREE}|{_PARENT_DOCUMENT}[ \t]+{_TANGGAL})"
    r"|(?P<signing>\b(?:ditandatangani|menandatangani|penandatanganan"
    r"|tanda\s*tangan\w*|diteken|meneken|teken|dibuat|ditetapkan|hari\s+ini"
    r"|this\s+day|signed)\b)"
    r"|(?P<publication>\bdiundangkan\b)"  # a regulation's promulgation
    r"|(?P<expiry>\bsampai(?:\s+dengan)?\b|\bs(?:\.\s?d\.?|/d)(?=[\s\d])"
    r"|\bhingga\b|\bberakhir\w*|\bhabis\b)"
    r"|(?P<effective>\b(?:berlaku|terhitung|sejak|mulai|tmt|efektif)\b)"
)
# Recital items ("a. bahwa ...;") come before the first article.
_RECITAL = re.compile(
    r"^[ \t]*(?:menimbang[ \t]*:?[ \t]*)?(?:[a-z0-9]{1,2}[.)][ \t]*)?bahwa\b",
    re.MULTILINE,
)
_ITEM_END = re.compile(r";|\.[ \t]*(?:\n|$)")
_ARTICLE = re.compile(r"^[ \t]*pasal\b", re.MULTILINE)
_RECITAL_CHARS = 600
# An addendum's quotation of the old wording, and where the new one starts.
_SEMULA = re.compile(r"^[^\w\n]*semula\b", re.MULTILINE)
_MENJADI = re.compile(r"^[^\w\n]*(?:diubah\s+|sehingga\s+)?menjadi\b", re.MULTILINE)
# The parent agreement named as such, and a header row that cites one.
_PARENT_NAME = re.compile(
    r"\b(?:perjanjian|kesepakatan|nota|mou|pks)\s+(?:\w+\s+)?induk\b"
)
_PARENT_ROW = re.compile(
    rf"\b(?:tindak\s+lanjut|berdasarkan|dasar|merujuk|induk)\b|{_PARENT_DOCUMENT}"
)
_NEWS_REFERENCE_CUES = re.compile(rf"{_NUMBER_THEN_DATE}|{_DECREE}")
_NEWS_SIGNING = re.compile(
    r"\b(?:penandatanganan|menandatangani|ditandatangani|teken|meneken|diteken"
    r"|mou|nota\s+kesepahaman|perjanjian\s+kerja\s*sama|pks|kesepakatan\s+bersama)\b"
)
_NEWS_LEAD_FORMS = frozenset({"news_weekday_date", "news_weekday", "news_relative"})

# --- term ----------------------------------------------------------------------

_TERM = re.compile(
    # The gap may not hold a number's "Nomor" nor another start, so a heading
    # "JANGKA WAKTU" does not stretch the evidence over the next line.
    r"(?:jangka\s+waktu|berlaku)\b"
    r"(?:(?!\bno(?:mor)?\b|jangka\s+waktu|berlaku)[^.;\d()]){0,60}?"
    rf"(?:(?P<digits>\d{{1,3}})(?:\s*\(\s*(?P<digit_words>{_WORDS})\s*\))?"
    rf"|(?P<words>{_WORDS})(?:\s*\(\s*\d{{1,3}}\s*\))?)"
    r"\s*(?P<unit>tahun|bulan|hari)\b(?!\s*\d)"
)
_FROM_SIGNING = re.compile(
    r"\b(?:sejak|mulai|terhitung|pada)\s+(?:dari\s+)?(?:tanggal\s+)?"
    r"(?:di\s*tandatangani\w*|penandatanganan)"
)
# "Perjanjian ini berlaku sejak tanggal ditandatangani": the agreement itself.
_IN_FORCE = re.compile(r"\b(?:berlaku|jangka\s+waktu)\b")
_TERM_STARTS = (re.compile("jangka"), re.compile("berlaku"))
_RENEWAL_WORDS = ("perpanjang", "diperbarui", "diperbaharui")

_CONTEXT_CHARS = 160


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """The duration of an agreement as printed in its term clause.

    Attributes:
        months: Term in months (years x 12), None when absent or given in days.
        days: Term in days (``90 (sembilan puluh) hari kalender``), else None.
        from_signing: The clause counts the term from the signing date.
        renewable: The text mentions an extension (``dapat diperpanjang``).
        evidence: The term clause, or None when no term is printed.
    """

    months: int | None
    days: int | None
    from_signing: bool
    renewable: bool
    evidence: Evidence | None


@dataclass(frozen=True, slots=True, kw_only=True)
class _Hit:
    """A date found by a form, before its role is known."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    form: str
    weekday: int | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Text:
    """The document text as printed and lower-cased (same offsets)."""

    original: str
    lower: str
    published: dt.date | None


def extract_dates(parsed: ParsedDocument) -> tuple[DateValue, ...]:
    """Every date of the document, with its role and evidence, in text order.

    Args:
        parsed: The segmented document; news pages should carry ``published``.

    Returns:
        Date values sorted by offset; empty when the text holds no date.
    """
    text = _Text(*_both_cases(parsed.text), parsed.published)
    hits = [_check_weekday(hit, text.lower) for hit in _find_hits(text, parsed.is_news)]
    roled = (_news_roles if parsed.is_news else _agreement_roles)(hits, text)
    values = [_to_value(parsed, text, hit, role, rule) for hit, role, rule in roled]
    if not parsed.is_news:
        values += _term_values(parsed, text, values)
    if parsed.published is not None:
        values += _publication_value(parsed.published, values)
    return tuple(sorted(_without_restatements(values), key=lambda v: v.evidence.start))


def _without_restatements(values: list[DateValue]) -> list[DateValue]:
    """One value per date and role.

    A header row, an addendum's quotation or a translation column repeats a
    date, it is not a new one. A signature line (``Pekanbaru, 21 Maret 2024``)
    is the act of dating and always kept.
    """
    copies = ("/header", "/superseded")
    ordered = sorted(
        values,
        key=lambda v: (v.evidence.rule.endswith(copies), v.evidence.start),
    )
    seen: set[tuple[int | None, int | None, int | None, DateRole]] = set()
    kept = []
    for value in ordered:
        key = (value.year, value.month, value.day, value.role)
        if key not in seen or value.evidence.rule.endswith("/place"):
            kept.append(value)
            seen.add(key)
    return kept


def extract_term_months(parsed: ParsedDocument) -> Term:
    """The term clause: its duration, whether it runs from signing, renewal.

    Args:
        parsed: The segmented document.

    Returns:
        A :class:`Term`; ``months``/``days`` None and ``evidence`` None when no
        duration is printed (``renewable`` is read regardless).
    """
    return _read_term(parsed, _Text(*_both_cases(parsed.text), parsed.published))


def _both_cases(original: str) -> tuple[str, str]:
    lower = original.lower()
    if len(lower) != len(original):  # "İ" lowers to two characters
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in original)
    return original, lower


# --- pass 1: forms ----------------------------------------------------------------


def _find_hits(text: _Text, is_news: bool) -> list[_Hit]:
    """Dates found by every form, most specific first, without overlaps."""
    finders = [_formula_hits, _month_hits, _numeric_hits]
    if is_news:
        finders = [
            _formula_hits,
            _news_weekday_hits,
            _month_hits,
            _news_month_hits,
            _numeric_hits,
            _yesterday_hits,
        ]
    taken: list[_Hit] = []
    for finder in finders:
        taken += [hit for hit in finder(text) if not _overlaps(hit, taken)]
    return sorted(taken, key=lambda hit: hit.start)


def _overlaps(hit: _Hit, taken: list[_Hit]) -> bool:
    return any(hit.start < other.end and other.start < hit.end for other in taken)


def _formula_hits(text: _Text) -> Iterator[_Hit]:
    """``[Pada hari ini Kamis] tanggal ... bulan ... tahun ... (21-03-2024)``."""
    for match in _FORMULA.finditer(text.lower):
        if _glued_to_word(text.lower, match.start()):
            continue
        lead = _FORMULA_LEAD.search(
            text.lower, max(0, match.start() - 80), match.start()
        )
        hit = _read_formula(match, lead, text.lower)
        if hit is not None:
            yield _year_continued(hit, match, text.lower)


def _year_continued(hit: _Hit, match: re.Match[str], lower: str) -> _Hit:
    """A spelled year cut by an interleaved ``Nomor :`` row.

    Two-column layouts give ``dua ribu dua puluh`` / ``Nomor : ....`` /
    ``empat, bertempat``.
    """
    year_words = match["year"] or ""
    if hit.year is None or not year_words.rstrip().endswith(("puluh", "ribu")):
        return hit
    rest = _YEAR_REST.match(lower, match.end())
    if rest is None:
        return hit
    year = parse_number_words(f"{year_words} {rest['unit']}")
    return replace(hit, year=year) if year in _YEARS else hit


def _read_formula(
    match: re.Match[str], lead: re.Match[str] | None, lower: str
) -> _Hit | None:
    """Words, inline figures (``05 (lima)``) and the trailing restatement."""
    flags: list[str] = []
    restated_year = _two_digit_year(match["pyear"]) if match["pyear"] else None
    day = _choose(_number_parts(match["day"]), _int(match["pday"]), flags)
    month = _choose(_month_parts(match["month"]), _int(match["pmonth"]), flags)
    year = _choose(_number_parts(match["year"]), restated_year, flags)
    day = day if day is not None and 1 <= day <= 31 else None
    month = month if month is not None and 1 <= month <= 12 else None
    year = year if year is not None and 1900 <= year <= 2100 else None
    if day is None and month is None and year is None:
        return None
    weekday = lead["weekday"] if lead else None
    return _Hit(
        start=lead.start() if lead else match.start(),
        end=_trim_end(lower, match.start(), match.end()),
        year=year,
        month=month,
        day=day,
        form="opening_formula" if lead else "spelled_date",
        weekday=weekday_number(weekday) if weekday else None,
        flags=tuple(flags),
    )


def _month_hits(text: _Text) -> Iterator[_Hit]:
    """``21 Maret 2024``, ``March 21, 2024`` and ``Maret 2024``, from the month."""
    lower = text.lower
    for name in _anchored(_MONTH_NAME, _MONTH_STEMS, lower):
        if _glued_to_word(lower, name.start()):
            continue
        year = _YEAR_AFTER_MONTH.match(lower, name.end())
        day = _DAY_BEFORE_MONTH.search(lower, max(0, name.start() - 40), name.start())
        english = _DAY_YEAR_AFTER_MONTH.match(lower, name.end())
        if year and day and not _bad_start(lower, day.start()):
            hit = _read_plain(day, name, year)
        elif english:
            hit = _read_month_first(name, english)
        elif year and year["year"] and name.group() in BULAN_FULL:
            hit = _read_month_year(name, year)
        else:
            continue
        if hit is not None:
            yield hit


def _read_plain(
    day_match: re.Match[str], name: re.Match[str], year_match: re.Match[str]
) -> _Hit | None:
    """``21 Maret 2024``, ``5 (lima) Juni 2023``, ``2024 (dua ribu ...)``."""
    flags: list[str] = []
    day_parts = (
        _words(day_match["day_words"] or day_match["day_spelled"]),
        _int(day_match["day"]),
    )
    year_parts = (
        _words(year_match["year_words"] or year_match["year_spelled"]),
        _int(year_match["year"]),
    )
    restated = year_match["ryear"]
    day = _choose(day_parts, _int(year_match["rday"]), flags)
    year = _choose(year_parts, _two_digit_year(restated) if restated else None, flags)
    restated_month = _int(year_match["rmonth"])
    month = _choose((month_number(name.group()), None), restated_month, flags)
    if day is None or year not in _YEARS or not _plausible(day, month):
        return None
    return _Hit(
        start=day_match.start(),
        end=year_match.end(),
        year=year,
        month=month,
        day=day,
        form="plain_date",
        flags=tuple(flags),
    )


def _read_month_first(name: re.Match[str], rest: re.Match[str]) -> _Hit | None:
    day, month = int(rest["day"]), month_number(name.group())
    if not _plausible(day, month):
        return None
    return _Hit(
        start=name.start(),
        end=rest.end(),
        year=int(rest["year"]),
        month=month,
        day=day,
        form="month_first",
    )


def _read_month_year(name: re.Match[str], year: re.Match[str]) -> _Hit:
    return _Hit(
        start=name.start(),
        end=year.end("year"),
        year=int(year["year"]),
        month=month_number(name.group()),
        day=None,
        form="month_year",
    )


def _numeric_hits(text: _Text) -> Iterator[_Hit]:
    """``14-08-2022``, ``14/08/22``, ``2022-08-14``, from the first separator."""
    lower = text.lower
    for tail in _NUMERIC_TAIL.finditer(lower):
        head = _NUMBER_BEFORE_SEPARATOR.search(
            lower, max(0, tail.start() - 8), tail.start()
        )
        if head is None or _bad_start(lower, head.start()):
            continue
        hit = _read_numeric(head, tail)
        if hit is not None:
            yield hit


def _read_numeric(head: re.Match[str], tail: re.Match[str]) -> _Hit | None:
    """Day-first unless the head is a four-digit year (ISO); dots need 4 digits."""
    first, second, year_text = tail["sep1"], tail["sep2"], tail["year"]
    number = head["number"]
    if _separator_kind(first) != _separator_kind(second):
        return None
    if len(number) == 4 and first == second == "-" and len(year_text) == 2:
        year, day, form = int(number), int(year_text), "iso_date"
    elif len(number) <= 2 and not (first == "." and len(year_text) == 2):
        # "1.2.10" is clause numbering far more often than a date
        year, day, form = _two_digit_year(year_text), int(number), "numeric_date"
    else:
        return None
    month = int(tail["month"])
    if not _plausible(day, month):
        return None
    return _Hit(
        start=head.start(), end=tail.end(), year=year, month=month, day=day, form=form
    )


def _news_weekday_hits(text: _Text) -> Iterator[_Hit]:
    """``Selasa (1/7/2025)``, ``Rabu (12/6)``, ``..., Selasa.``, ``Senin lalu``."""
    for match in _NEWS_WEEKDAY.finditer(text.lower):
        if _glued_to_word(text.lower, match.start()):
            continue
        if match["day"]:
            hit = _read_news_weekday_date(match, text.published)
        else:
            hit = _read_news_weekday(match, text)
        if hit is not None:
            yield hit


def _read_news_weekday_date(
    match: re.Match[str], published: dt.date | None
) -> _Hit | None:
    """``Selasa (1/7/2025)``; without a year, the publication year."""
    day, month = int(match["day"]), int(match["month"])
    mixed_separators = match["year"] is not None and match["sep1"] != match["sep2"]
    if mixed_separators or not _plausible(day, month):
        return None
    hit = _Hit(
        start=match.start(),
        end=match.end(),
        year=_two_digit_year(match["year"]) if match["year"] else None,
        month=month,
        day=day,
        form="news_weekday_date",
        weekday=weekday_number(match["weekday"]),
    )
    return hit if match["year"] else _infer_year(hit, published)


def _read_news_weekday(match: re.Match[str], text: _Text) -> _Hit | None:
    """``..., Selasa.`` / ``pada Senin lalu``: the latest such day by publication.

    A bare day name counts only after a comma or ``pada`` and capitalised,
    because ``minggu`` is also the word for week.
    """
    relative = match["relative"] is not None
    if text.published is None or not text.original[match.start()].isupper():
        return None
    if _DATE_FOLLOWS.match(text.lower, match.end()):
        return None  # "Senin, 7 April 2025": the date form reads it
    if not relative and not _COMMA_OR_PADA_BEFORE.search(
        text.lower, max(0, match.start() - 12), match.start()
    ):
        return None
    weekday = weekday_number(match["weekday"])
    assert weekday is not None  # the pattern only matches day names
    back = (text.published.weekday() - weekday) % 7 or (7 if relative else 0)
    date = text.published - dt.timedelta(days=back)
    return _resolved(match, date, "news_weekday")


def _news_month_hits(text: _Text) -> Iterator[_Hit]:
    """``17 Agustus mendatang``, ``Februari tahun depan``, ``mulai Juli``.

    A bare month counts only capitalised and after a time word (``pada``,
    ``mulai``) or before a relative one (``depan``, ``lalu``).
    """
    published = text.published
    if published is None:
        return
    for match in _NEWS_MONTH.finditer(text.lower):
        start = match.start()
        if _glued_to_word(text.lower, start) or _bad_start(text.lower, start):
            continue
        if not text.original[match.start("month")].isupper():
            continue
        before = text.lower[max(0, start - 20) : start]
        if match["day"] and _STREET_BEFORE.search(before):
            continue
        if match["day"] or match["when"] or _MONTH_CUE_BEFORE.search(before):
            yield _news_month(match, published)


def _news_month(match: re.Match[str], published: dt.date) -> _Hit:
    month = month_number(match["month"])
    assert month is not None  # the pattern only matches month names
    day = _int(match["day"])
    when = (match["when"] or "").split()
    year = published.year
    mentioned = (month, day or 1)
    now = (published.month, published.day if day else 1)
    if when[:1] == ["tahun"]:
        year += {"depan": 1, "lalu": -1}.get(when[-1], 0)
    elif when and when[0] == "lalu":  # the last such month before publication
        year -= mentioned >= now
    elif when:  # mendatang, depan, nanti: the next such month
        year += mentioned < now
    elif abs(month - published.month) > 6:  # else the nearest one
        year += -1 if mentioned > now else 1
    hit = _Hit(
        start=match.start(),
        end=match.end(),
        year=year,
        month=month,
        day=day,
        form="news_month",
        flags=("year_inferred",),
    )
    return hit if day is None or _plausible(day, month) else replace(hit, day=None)


def _yesterday_hits(text: _Text) -> Iterator[_Hit]:
    """``kemarin`` (the day before publication) and ``hari ini`` (the day of it)."""
    if text.published is None:
        return
    for match in _RELATIVE_DAY.finditer(text.lower):
        if not _glued_to_word(text.lower, match.start()):
            back = 1 if match.group("yesterday") else 0
            day = text.published - dt.timedelta(days=back)
            yield _resolved(match, day, "news_relative")


# --- pass 1 helpers ---------------------------------------------------------------


def _anchored(
    pattern: re.Pattern[str], anchors: tuple[re.Pattern[str], ...], lower: str
) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` tried only where a literal anchor occurs."""
    starts = sorted(
        {found.start() for anchor in anchors for found in anchor.finditer(lower)}
    )
    end = 0
    for start in starts:
        match = pattern.match(lower, start) if start >= end else None
        if match is not None:
            end = match.end()
            yield match


def _glued_to_word(lower: str, start: int) -> bool:
    """True when ``start`` is inside a word (``bertanggal``, ``dikemarin``)."""
    return start > 0 and lower[start - 1].isalnum()


def _bad_start(lower: str, start: int) -> bool:
    """True for numbers inside codes: ``12/PKS/2024``, ``B.05.06.2024``."""
    return start > 0 and (
        lower[start - 1].isalnum() or lower[start - 1] in _BAD_BEFORE_NUMBER
    )


def _number_parts(fragment: str | None) -> tuple[int | None, int | None]:
    """(words value, figures value) of ``lima``, ``05 (lima)``, ``2023``."""
    words: int | None = None
    figures: int | None = None
    for piece in _pieces(fragment):
        if piece.isdigit():
            figures = int(piece)
        else:
            words = parse_number_words(piece)
    return words, figures


def _month_parts(fragment: str | None) -> tuple[int | None, int | None]:
    """(name value, figures value) of ``Maret``, ``Maret (03)``, ``03``."""
    name: int | None = None
    figures: int | None = None
    for piece in _pieces(fragment):
        if piece.isdigit():
            figures = int(piece)
        else:
            name = month_number(piece)
    return name, figures


def _pieces(fragment: str | None) -> Iterator[str]:
    """The text outside and inside one pair of parentheses, blanks dropped."""
    if not fragment:
        return
    for piece in re.split(r"[()]", fragment):
        piece = piece.strip(" \t\r\n.…_·")
        if piece and not piece.startswith("xx"):
            yield piece


def _choose(
    own: tuple[int | None, int | None], restated: int | None, flags: list[str]
) -> int | None:
    """Words first, then inline figures, then the restatement; flag disagreement."""
    values = [value for value in (*own, restated) if value is not None]
    if len(set(values)) > 1 and "words_digits_mismatch" not in flags:
        flags.append("words_digits_mismatch")
    return values[0] if values else None


def _words(fragment: str | None) -> int | None:
    return parse_number_words(fragment) if fragment else None


def _int(digits: str | None) -> int | None:
    return int(digits) if digits else None


def _two_digit_year(digits: str) -> int:
    year = int(digits)
    if len(digits) > 2:
        return year
    return 2000 + year if year < 70 else 1900 + year


def _plausible(day: int, month: int | None) -> bool:
    return month is not None and 1 <= month <= 12 and 1 <= day <= 31


def _separator_kind(separator: str) -> str:
    return "-" if separator in "-–—" else separator


def _trim_end(lower: str, start: int, end: int) -> int:
    """Drop trailing blanks and separators that optional groups swallowed."""
    while end > start and lower[end - 1] in " \t\r\n,:":
        end -= 1
    return end


def _infer_year(hit: _Hit, published: dt.date | None) -> _Hit:
    """Give a year-less news date a year from the publication date.

    Of the publication year and its neighbours, take the year in which the
    printed weekday falls on that date (``Senin (17/6)``); failing that, the
    year that puts the date nearest to publication, since news reports both
    recent and upcoming events.
    """
    if published is None or hit.month is None or hit.day is None:
        return replace(hit, flags=(*hit.flags, "year_unknown"))
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(dt.date(year, hit.month, hit.day))
        except ValueError:
            continue
    if not candidates:
        return replace(hit, flags=(*hit.flags, "year_unknown"))
    best = min(
        candidates,
        key=lambda date: (
            hit.weekday is not None and date.weekday() != hit.weekday,
            abs((date - published).days),
        ),
    )
    return replace(hit, year=best.year, flags=(*hit.flags, "year_inferred"))


def _resolved(match: re.Match[str], date: dt.date, form: str) -> _Hit:
    return _Hit(
        start=match.start(),
        end=match.end(),
        year=date.year,
        month=date.month,
        day=date.day,
        form=form,
        flags=("relative_resolved",),
    )


def _check_weekday(hit: _Hit, lower: str) -> _Hit:
    """Flag an impossible date, or a printed weekday that contradicts it."""
    if hit.year is None or hit.month is None or hit.day is None:
        return hit
    try:
        date = dt.date(hit.year, hit.month, hit.day)
    except ValueError:
        return replace(hit, flags=(*hit.flags, "invalid_date"))
    weekday = hit.weekday
    if weekday is None:
        weekday = _weekday_before(lower, hit.start)
    if weekday is not None and weekday != date.weekday():
        return replace(hit, flags=(*hit.flags, "weekday_mismatch"))
    return hit


def _weekday_before(lower: str, start: int) -> int | None:
    """A day name printed just before a date (``Kamis, 21 Maret 2024``)."""
    match = _WEEKDAY_BEFORE.search(lower, max(0, start - 30), start)
    return weekday_number(match["weekday"]) if match else None


# --- pass 2: roles ----------------------------------------------------------------

_Roled = tuple[_Hit, DateRole, str]


def _agreement_roles(hits: list[_Hit], text: _Text) -> list[_Roled]:
    quoted = superseded_spans(text.lower)
    first_article = _ARTICLE.search(text.lower)
    recitals_end = first_article.start() if first_article else len(text.lower)
    roled = []
    for index, hit in enumerate(hits):
        if _inside(quoted, hit.start):
            roled.append((hit, DateRole.REFERENCE, f"{hit.form}/superseded"))
        elif hit.start < recitals_end and _in_recital(text.lower, hit.start):
            roled.append((hit, DateRole.REFERENCE, f"{hit.form}/recital"))
        else:
            floor = hits[index - 1].end if index else 0
            roled.append(_agreement_role(hit, text, floor))
    return roled


def _in_recital(lower: str, start: int) -> bool:
    """True inside a ``bahwa ...;`` recital item.

    A recital tells what came before (a founding, a parent agreement), so none
    of its dates is this agreement's own.
    """
    items = list(_RECITAL.finditer(lower, max(0, start - _RECITAL_CHARS), start))
    return bool(items) and not _ITEM_END.search(lower, items[-1].end(), start)


def superseded_spans(lower: str) -> list[tuple[int, int]]:
    """Spans of an addendum's ``SEMULA:`` quotations, up to ``DIUBAH MENJADI``.

    What an addendum quotes as the old wording no longer holds: its dates are
    references and its term is not the agreement's.

    Args:
        lower: The lower-cased document text.

    Returns:
        (start, end) offsets, in order; empty for a text without ``SEMULA``.
    """
    if "semula" not in lower:
        return []
    spans = []
    for start in _SEMULA.finditer(lower):
        end = _MENJADI.search(lower, start.end())
        spans.append((start.start(), end.start() if end else start.end()))
    return spans


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)


def _agreement_role(hit: _Hit, text: _Text, floor: int) -> _Roled:
    """Role of a date in an agreement: its form, its line, then the nearest cue."""
    if hit.form == "opening_formula":
        return hit, DateRole.SIGNING, hit.form
    line_start = _line_start(text.original, hit.start)
    if _HEADER_LINE.match(text.lower, line_start, hit.start):
        if _PARENT_ROW.search(_previous_row(text.lower, line_start)):
            # "Tindak Lanjut Nota Kesepahaman Nomor : ..." / "Tanggal : ...":
            # the date of the parent agreement the header cites
            return hit, DateRole.REFERENCE, f"{hit.form}/header_parent"
        return hit, DateRole.SIGNING, f"{hit.form}/header"
    if _PLACE_LINE.match(text.original, line_start, hit.start):
        return hit, DateRole.SIGNING, f"{hit.form}/place"
    context = _left_context(text, hit.start, floor)
    if _PARENT_NAME.search(text.lower, *context):  # "Perjanjian Induk ... berakhir"
        return hit, DateRole.REFERENCE, f"{hit.form}/parent"
    cues = list(_AGREEMENT_CUES.finditer(text.lower, *context))
    if cues and cues[-1].lastgroup:
        cue = cues[-1].lastgroup
        return hit, DateRole(cue), f"{hit.form}/{cue}"
    if hit.form == "spelled_date":
        return hit, DateRole.SIGNING, hit.form
    return hit, DateRole.EVENT, hit.form


def _previous_row(lower: str, line_start: int) -> str:
    """The header row before the line starting at ``line_start``.

    A row whose key wraps (``Tindak Lanjut Nota`` / ``Kesepahaman Nomor`` /
    ``: 12/NK/2022``) is read back to the first line of its key.
    """
    lines = [
        line
        for line in lower[max(0, line_start - 400) : line_start].splitlines()
        if line.strip()
    ]
    row: list[str] = []
    while lines:
        line = lines.pop()
        row.insert(0, line)
        if not line.lstrip().startswith(":") and (":" in line or len(row) > 3):
            break
    return " ".join(row)


def _news_roles(hits: list[_Hit], text: _Text) -> list[_Roled]:
    """Dateline, references, then one signing date among the event dates."""
    roled: list[_Roled] = []
    for index, hit in enumerate(hits):
        dateline_seen = any(rule == "dateline" for _, _, rule in roled)
        floor = hits[index - 1].end if index else 0
        roled.append(_news_role(hit, text, floor, dateline_seen))
    signing = _news_signing_index(roled, text)
    if signing is not None:
        hit, _, rule = roled[signing]
        roled[signing] = (hit, DateRole.SIGNING, rule)
    elif (dateline := _signing_dateline(roled, text)) is not None:
        # "JAKARTA, Senin (7/4/2025) - ... meneken MoU": one date, two roles.
        roled.append((dateline, DateRole.SIGNING, "dateline/signing"))
    return roled


def _signing_dateline(roled: list[_Roled], text: _Text) -> _Hit | None:
    """The dateline, when the sentence it opens reports the signing."""
    for hit, _, rule in roled:
        if rule == "dateline" and _NEWS_SIGNING.search(
            text.lower, *_sentence_bounds(text, hit.end, hit.end)
        ):
            return hit
    return None


def _news_role(hit: _Hit, text: _Text, floor: int, dateline_seen: bool) -> _Roled:
    if hit.form == "opening_formula":
        return hit, DateRole.SIGNING, hit.form
    place = _PLACE_LINE.match(
        text.original, _line_start(text.original, hit.start), hit.start
    )
    # An article has one dateline and it prints a date: "Sebelumnya, Senin
    # lalu" opens a paragraph, not the article.
    if place is not None and not dateline_seen and "relative_resolved" not in hit.flags:
        return (
            replace(hit, start=place.start("place")),
            DateRole.PUBLICATION,
            "dateline",
        )
    if _NEWS_REFERENCE_CUES.search(text.lower, *_left_context(text, hit.start, floor)):
        return hit, DateRole.REFERENCE, f"{hit.form}/reference"
    return hit, DateRole.EVENT, hit.form


def _news_signing_index(roled: list[_Roled], text: _Text) -> int | None:
    """The first event date said to be the signing; else the lead date."""
    events = [
        index for index, (_, role, _) in enumerate(roled) if role is DateRole.EVENT
    ]
    for index in events:
        hit = roled[index][0]
        if _NEWS_SIGNING.search(
            text.lower, *_sentence_bounds(text, hit.start, hit.end)
        ):
            return index
    if not _NEWS_SIGNING.search(text.lower):
        return None
    return next((i for i in events if roled[i][0].form in _NEWS_LEAD_FORMS), None)


def _line_start(original: str, offset: int) -> int:
    return original.rfind("\n", 0, offset) + 1


def _left_context(text: _Text, start: int, floor: int) -> tuple[int, int]:
    """Bounds of the sentence before ``start``, after the previous date."""
    low = max(floor, start - _CONTEXT_CHARS)
    for sentence_break in _SENTENCE_BREAK.finditer(text.original, low, start):
        low = sentence_break.end()
    return low, start


def _sentence_bounds(text: _Text, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence around ``start:end``, searched nearby only."""
    sentence_start, _ = _left_context(text, start, 0)
    after = _SENTENCE_END.search(text.original, end, end + _CONTEXT_CHARS)
    sentence_end = (
        after.start() if after else min(len(text.original), end + _CONTEXT_CHARS)
    )
    return sentence_start, sentence_end


# --- values ------------------------------------------------------------------------


def _to_value(
    parsed: ParsedDocument, text: _Text, hit: _Hit, role: DateRole, rule: str
) -> DateValue:
    return DateValue(
        year=hit.year,
        month=hit.month,
        day=hit.day,
        role=role,
        evidence=_evidence(parsed, text, hit.start, hit.end, rule),
        flags=hit.flags,
    )


def _evidence(
    parsed: ParsedDocument, text: _Text, start: int, end: int, rule: str
) -> Evidence:
    # Not parsed.evidence(): it would rebuild the text from the Doc each call.
    return Evidence(
        page=parsed.page_of(start),
        start=start,
        end=end,
        text=text.original[start:end],
        rule=rule,
    )


def _publication_value(published: dt.date, values: list[DateValue]) -> list[DateValue]:
    """The publication date, unless the dateline already shows it."""
    if any(
        value.role is DateRole.PUBLICATION and value.date == published
        for value in values
    ):
        return []
    evidence = Evidence(page=1, start=0, end=0, text="", rule="published_meta")
    return [_full_value(published, DateRole.PUBLICATION, evidence)]


def _full_value(date: dt.date, role: DateRole, evidence: Evidence) -> DateValue:
    return DateValue(
        year=date.year, month=date.month, day=date.day, role=role, evidence=evidence
    )


# --- term ---------------------------------------------------------------------------


def _read_term(parsed: ParsedDocument, text: _Text) -> Term:
    renewable = any(word in text.lower for word in _RENEWAL_WORDS)
    quoted = superseded_spans(text.lower)
    match = next(
        (
            found
            for found in _anchored(_TERM, _TERM_STARTS, text.lower)
            if not _inside(quoted, found.start())
        ),
        None,
    )
    if match is None:
        return Term(
            months=None,
            days=None,
            from_signing=False,
            renewable=renewable,
            evidence=None,
        )
    amount, unit = _term_amount(match)
    start_clause = _FROM_SIGNING.search(
        text.lower, *_sentence_bounds(text, match.start(), match.end())
    )
    span_start, span_end = match.start(), match.end()
    if start_clause is not None:
        span_start = min(span_start, start_clause.start())
        span_end = max(span_end, start_clause.end())
    return Term(
        months=_months(amount, unit),
        days=amount if unit == "hari" else None,
        from_signing=start_clause is not None,
        renewable=renewable,
        evidence=_evidence(parsed, text, span_start, span_end, "term_clause"),
    )


def _term_amount(match: re.Match[str]) -> tuple[int | None, str]:
    """The number of a term clause (words prevail) and its unit."""
    words = _words(match["words"] or match["digit_words"])
    amount = words if words is not None else _int(match["digits"])
    return amount, match["unit"]


def _months(amount: int | None, unit: str) -> int | None:
    if amount is None or unit == "hari":
        return None
    return amount * 12 if unit == "tahun" else amount


def _term_values(
    parsed: ParsedDocument, text: _Text, values: list[DateValue]
) -> list[DateValue]:
    """Effective and expiry dates computed from a term counted from a known date."""
    computed = _term_computed(parsed, text, values)
    if not any(value.role is DateRole.EFFECTIVE for value in values + computed):
        computed += _effective_from_signing(parsed, text, values)
    return computed


def _term_computed(
    parsed: ParsedDocument, text: _Text, values: list[DateValue]
) -> list[DateValue]:
    term = _read_term(parsed, text)
    start = _term_start(term, values)
    if term.evidence is None or start is None:
        return []
    evidence = replace(term.evidence, rule="term_computed")
    computed: list[DateValue] = []
    if not any(value.role is DateRole.EFFECTIVE for value in values):
        computed.append(_full_value(start, DateRole.EFFECTIVE, evidence))
    if not any(value.role is DateRole.EXPIRY for value in values):
        expiry = _anniversary(start, term) - dt.timedelta(days=1)
        computed.append(_full_value(expiry, DateRole.EXPIRY, evidence))
    return computed


def _effective_from_signing(
    parsed: ParsedDocument, text: _Text, values: list[DateValue]
) -> list[DateValue]:
    """Effective = signing date when the agreement is in force from its signing.

    Read with or without a term (``berlaku sejak ditandatangani sampai dengan
    31 Desember 2024``); a printed effective date wins.
    """
    signing = next(
        (v.date for v in values if v.role is DateRole.SIGNING and v.date), None
    )
    if signing is None:
        return []
    quoted = superseded_spans(text.lower)
    for clause in _FROM_SIGNING.finditer(text.lower):
        low, _ = _sentence_bounds(text, clause.start(), clause.end())
        if not _inside(quoted, clause.start()) and _IN_FORCE.search(
            text.lower, low, clause.start()
        ):
            evidence = _evidence(
                parsed, text, clause.start(), clause.end(), "effective_from_signing"
            )
            return [_full_value(signing, DateRole.EFFECTIVE, evidence)]
    return []


def _term_start(term: Term, values: list[DateValue]) -> dt.date | None:
    """The signing date for a term from signing, else a nearby effective date."""
    if term.evidence is None or (term.months is None and term.days is None):
        return None
    for value in values:
        if value.date is None:
            continue
        if term.from_signing and value.role is DateRole.SIGNING:
            return value.date
        near = abs(value.evidence.start - term.evidence.start) <= _CONTEXT_CHARS
        if not term.from_signing and value.role is DateRole.EFFECTIVE and near:
            return value.date
    return None


def _anniversary(start: dt.date, term: Term) -> dt.date:
    """The first day after the term.

    A day the month lacks rolls over to the 1st, so 3 years from 29 Feb 2024
    run to 28 Feb 2027 inclusive.
    """
    if term.days is not None:
        return start + dt.timedelta(days=term.days)
    year, month_index = divmod(start.month - 1 + (term.months or 0), 12)
    year += start.year
    if start.day > monthrange(year, month_index + 1)[1]:
        year, month_index = divmod(year * 12 + month_index + 1, 12)
        return dt.date(year, month_index + 1, 1)
    return dt.date(year, month_index + 1, start.day)
