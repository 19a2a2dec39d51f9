from __future__ import annotations

import re

import pytest

from extractors.vocab import (
    BULAN,
    HARI,
    MONTH_PATTERN,
    WEEKDAY_PATTERN,
    alternation,
    month_number,
    parse_number_words,
    weekday_number,
)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("dua ribu dua puluh empat", 2024),
        ("Duapuluh", 20),
        ("dua puluh satu", 21),
        ("sebelas", 11),
        ("seratus", 100),
        ("seribu sembilan ratus sembilan puluh sembilan", 1999),
        ("sepuluh", 10),
        ("delapan belas", 18),
        ("Duaribu Duapuluh Lima", 2025),
        ("tiga puluh satu", 31),
        ("DUA RIBU SEMBILAN BELAS", 2019),
        ("dua-puluh tiga", 23),
        ("seratus dua puluh lima juta", 125_000_000),
        ("dua puluh ribu", 20_000),
        ("nol", 0),
    ],
)
def test_parse_number_words(words, expected):
    assert parse_number_words(words) == expected


@pytest.mark.parametrize(
    "text", ["", "Maret", "dua tiga", "puluh", "satuan", "21", "lima orang"]
)
def test_parse_number_words_rejects_non_numbers(text):
    assert parse_number_words(text) is None


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("Januari", 1),
        ("Pebruari", 2),
        ("PEB", 2),
        ("Maret", 3),
        ("Mei", 5),
        ("Agt.", 8),
        ("Ags", 8),
        ("August", 8),
        ("Sept", 9),
        ("Okt", 10),
        ("Nopember", 11),
        ("Des", 12),
        ("December", 12),
    ],
)
def test_month_number(word, month):
    assert month_number(word) == month


def test_month_number_unknown():
    assert month_number("Pasal") is None


@pytest.mark.parametrize(
    ("word", "weekday"),
    [
        ("Senin", 0),
        ("Kamis", 3),
        ("Jum'at", 4),
        ("JUM’AT", 4),
        ("Jumat", 4),
        ("Ahad", 6),
    ],
)
def test_weekday_number(word, weekday):
    assert weekday_number(word) == weekday


def test_every_month_and_weekday_matches_its_pattern():
    months = re.compile(rf"(?:{MONTH_PATTERN})\Z")
    weekdays = re.compile(rf"(?:{WEEKDAY_PATTERN})\Z")
    assert all(months.match(name) for name in BULAN)
    assert all(weekdays.match(name) for name in HARI)


def test_alternation_prefers_longer_words():
    pattern = re.compile(alternation(["jan", "januari", "juni"]))
    assert pattern.match("januari").group() == "januari"
    assert pattern.match("jan.").group() == "jan"
    assert pattern.match("juli") is None
