from __future__ import annotations

import pytest

from pipeline.normalize import cid_ratio, normalize_text


def test_composes_to_nfc():
    assert normalize_text("Pe\u0301rez") == "P\u00e9rez"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("PIHAK\x00 PERTAMA", "PIHAK PERTAMA"),
        ("Pa\x07sal\x1b 1", "Pasal 1"),
        ("a\ud800b", "ab"),  # lone surrogate from a lossy decoder
        ("kerja\u200bsama", "kerjasama"),
        ("\ufeffPERJANJIAN", "PERJANJIAN"),
        ("pe\u00adlak\u00adsa\u00adnaan", "pelaksanaan"),
        ("\u202bPasal\u202c \u200e5\u2066\u2069", "Pasal 5"),
        ("Word\u2060joiner", "Wordjoiner"),
        ("C1\x85line", "C1\nline"),
        ("ctrl\x9dremoved", "ctrlremoved"),
    ],
)
def test_removes_controls_and_invisible_characters(raw, expected):
    assert normalize_text(raw) == expected


def test_expands_ligatures_only():
    text = (
        "\ufb01nal \ufb02ow e\ufb00ect o\ufb03ce ba\ufb04e; 10\u00b2 m, \u00bd bagian"
    )
    # The ligatures expand; superscripts and fractions are not NFKC-folded.
    assert (
        normalize_text(text)
        == "final flow effect office baffle; 10\u00b2 m, \u00bd bagian"
    )


def test_unicode_spaces_become_one_plain_space():
    assert normalize_text("Rp\u00a01.000\u2009000 \u3000per\u202fbulan") == (
        "Rp 1.000 000 per bulan"
    )


def test_line_endings_spaces_and_blank_lines():
    raw = "  PERJANJIAN \t KERJA   SAMA  \r\nNomor:\t12\r\rPasal 1 \n\n\n\nIsi\n"
    assert normalize_text(raw) == "PERJANJIAN KERJA SAMA\nNomor: 12\n\nPasal 1\n\nIsi"


def test_form_feed_becomes_a_blank_line():
    result = normalize_text("halaman satu\fhalaman dua")
    assert "\f" not in result
    assert result == "halaman satu\n\nhalaman dua"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("dalam pelak-\nsanaan kerja", "dalam pelaksanaan\nkerja"),
        ("pelak-\nsanaan\nberikutnya", "pelaksanaan\nberikutnya"),
        ("pelak-\nsanaan. Pasal 2", "pelaksanaan.\nPasal 2"),
        ("per-\njanjian", "perjanjian"),
        ("pendidikan anak-\nanak di kota", "pendidikan anak-anak\ndi kota"),
        ("anak-\nanaknya", "anak-anaknya"),
        ("kemerah-\nmerahan", "kemerah-merahan"),
        ("sesuai Undang-\nUndang Nomor 1", "sesuai Undang-Undang\nNomor 1"),
        ("e-\nKTP", "e-KTP"),
        ("tahun 2024-\n2025", "tahun 2024-\n2025"),
        ("Pasal 1 -\nketentuan", "Pasal 1 -\nketentuan"),
    ],
)
def test_words_hyphenated_across_lines(raw, expected):
    assert normalize_text(raw) == expected


def test_hyphen_join_after_spaces_are_collapsed():
    assert normalize_text("pelak-   \n  sanaan   dan") == "pelaksanaan\ndan"


def test_cid_tokens_are_kept():
    assert normalize_text("(cid:3)(cid:17) Pasal") == "(cid:3)(cid:17) Pasal"


@pytest.mark.parametrize(
    "raw",
    [
        "dalam pelak-\nsanaan kerja anak-\nanak",
        "  a\u00a0b \r\n\r\n\r\nc\fd\u200b",
        "PIHAK PERTAMA\n\nPasal 1\nIsi-\nnya",
    ],
)
def test_is_idempotent(raw):
    once = normalize_text(raw)
    assert normalize_text(once) == once


def test_cid_ratio():
    assert cid_ratio("") == 0.0
    assert cid_ratio("Pasal satu") == 0.0
    assert cid_ratio("(cid:1)(cid:22) \n(cid:333)") == 1.0
    # 8 of the 12 visible characters are one token.
    assert cid_ratio("(cid:12) abcd") == pytest.approx(8 / 12)
