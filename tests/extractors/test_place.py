from __future__ import annotations

from typing import Any

import pytest

from extractors.place import extract_place
from schemas.records import DocType
from tests.conftest import ParseFn

TITLE = "PERJANJIAN KERJA SAMA\nANTARA\nLAPAS X\nDENGAN\nBLK Y\nNomor : 1/PKS/2024\n"
ARTICLES = """
1. Andi, selaku Kepala, berkedudukan di Jalan Pertanian Nomor 5, selanjutnya disebut
PIHAK PERTAMA;
2. Sari, selaku Direktur, selanjutnya disebut PIHAK KEDUA.
Pasal 1
Para pihak sepakat untuk bekerja sama di Kabupaten Siak.
Pasal 2
Pelatihan dilaksanakan di Balai Latihan Kerja.
"""


def place_of(parse: ParseFn, text: str, **kwargs: Any) -> tuple[str, str] | None:
    place = extract_place(parse(text, **kwargs))
    return (place.value, place.evidence.rule) if place else None


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        (
            "Pada hari ini Kamis tanggal dua puluh satu bulan Maret tahun dua ribu "
            "dua puluh empat (21-03-2024), bertempat di Pekanbaru, kami yang "
            "bertanda tangan di bawah ini:",
            "Pekanbaru",
        ),
        (
            "Pada hari ini Senin tanggal lima bulan Juni tahun dua ribu dua puluh "
            "tiga di Kabupaten Kampar, yang bertanda tangan di bawah ini:",
            "Kabupaten Kampar",
        ),
        (
            "Pada hari ini Selasa tanggal dua puluh bulan Mei tahun dua ribu dua "
            "puluh lima, bertempat di Gedung Daerah Provinsi Riau, Pekanbaru, yang "
            "bertanda tangan di bawah ini:",
            "Gedung Daerah Provinsi Riau, Pekanbaru",
        ),
        (
            "Pada hari ini Rabu tanggal 05 (lima) bulan Juni tahun 2023, bertempat\n"
            "di Kantor Lapas Kelas IIA Bengkalis, Jl. Pertanian No. 5, kami yang\n"
            "bertanda tangan di bawah ini:",
            "Kantor Lapas Kelas IIA Bengkalis",
        ),
        (
            "Pada hari ini Jumat tanggal tiga bulan Mei tahun dua ribu dua puluh "
            "empat, bertempat di Aula Dr. Wahidin Sudirohusodo. Yang bertanda "
            "tangan di bawah ini:",
            "Aula Dr. Wahidin Sudirohusodo",
        ),
    ],
)
def test_place_in_opening_formula(parse, opening, expected):
    assert place_of(parse, TITLE + opening + ARTICLES) == (expected, "opening_formula")


def test_signed_at_label_wins(parse):
    text = (
        TITLE
        + "Pada hari ini Kamis, bertempat di Kantor Bupati, kami yang bertanda tangan"
        + ARTICLES
        + "\nDitandatangani di : Bengkalis\nPada tanggal : 4 Juli 2024\nPIHAK PERTAMA\n"
    )
    assert place_of(parse, text) == ("Bengkalis", "signed_at")


def test_dibuat_di_label(parse):
    text = TITLE + ARTICLES + "\nDibuat di Tanjung Pinang.\nPIHAK PERTAMA\n"
    assert place_of(parse, text) == ("Tanjung Pinang", "signed_at")


def test_date_line_above_signatures(parse):
    text = (
        TITLE
        + "Yang bertanda tangan di bawah ini:"
        + ARTICLES
        + "\nPekanbaru, 21 Maret 2024\nPIHAK PERTAMA,\n\nBudi\n"
    )
    assert place_of(parse, text) == ("Pekanbaru", "date_line")


def test_date_line_with_blank_day_and_weekday_is_not_a_place(parse):
    text = (
        TITLE
        + "Yang bertanda tangan di bawah ini:"
        + ARTICLES
        + "\nSenin, 4 Maret 2024\nBangkinang, ............ Maret 2024\nPIHAK PERTAMA\n"
    )
    assert place_of(parse, text) == ("Bangkinang", "date_line")


def test_address_of_a_party_is_not_the_place(parse):
    text = TITLE + "Yang bertanda tangan di bawah ini:" + ARTICLES
    assert place_of(parse, text) is None


def test_news_venue_of_the_signing(parse):
    text = (
        "BENGKALIS - Lapas Kelas IIA Bengkalis menandatangani perjanjian kerja sama "
        "dengan BLK Bengkalis di Aula Lapas Kelas IIA Bengkalis, Senin (7/4/2025).\n\n"
        "Pelatihan akan digelar di Workshop BLK mulai pekan depan."
    )
    assert place_of(parse, text, news=True) == (
        "Aula Lapas Kelas IIA Bengkalis",
        "news_venue",
    )


def test_news_venue_with_host_after_comma(parse):
    text = (
        "PADANG - Penandatanganan PKS berlangsung di Aula Bagindo Aziz Chan, "
        "Bapas Padang, Rabu (12/6)."
    )
    assert place_of(parse, text, news=True) == (
        "Aula Bagindo Aziz Chan, Bapas Padang",
        "news_venue",
    )


def test_news_venue_in_lower_case(parse):
    text = "KAMPAR - MoU itu diteken di aula kantor bupati, Selasa."
    assert place_of(parse, text, news=True) == ("aula kantor bupati", "news_venue")


def test_news_hotel_venue_by_verb(parse):
    text = (
        "PEKANBARU - Kegiatan tersebut bertempat di Hotel Pangeran Pekanbaru "
        "dan dihadiri sejumlah kepala dinas."
    )
    assert place_of(parse, text, news=True) == (
        "Hotel Pangeran Pekanbaru",
        "news_venue",
    )


def test_news_dateline_is_not_a_place(parse):
    text = (
        "PEKANBARU - Pemko Pekanbaru dan Unri meneken MoU pendidikan, Kamis (3/2/22)."
    )
    assert place_of(parse, text, news=True) is None


def test_letter_has_no_place_of_signing(parse):
    text = """PEMERINTAH KABUPATEN PELALAWAN
Pangkalan Kerinci, 3 Februari 2025
Nomor : 560/DISNAKER/II/2025/087
Hal : Undangan Penandatanganan Perjanjian Kerja Sama
Yth. Kepala Lapas
"""
    assert place_of(parse, text) is None
    parsed = parse(TITLE + "Dibuat di Siak\n" + ARTICLES)
    assert extract_place(parsed, doc_type=DocType.OTHER) is None
