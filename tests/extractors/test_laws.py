from __future__ import annotations

from typing import Any

import pytest

from extractors.laws import extract_laws
from tests.conftest import ParseFn


def names(parse: ParseFn, text: str, **kwargs: Any) -> list[str]:
    return [law.name for law in extract_laws(parse(text, **kwargs))]


DASAR_HUKUM = """PERJANJIAN KERJA SAMA
Dengan memperhatikan:
1. Undang-Undang Nomor 22 Tahun 2022 tentang Pemasyarakatan (Lembaran Negara
Republik Indonesia Tahun 2022 Nomor 165, Tambahan Lembaran Negara Republik
Indonesia Nomor 6811);
2. UU No. 20 Tahun 2003 tentang Sistem Pendidikan Nasional;
3. Peraturan Pemerintah Nomor 31 Tahun 1999 tentang Pembinaan dan Pembimbingan
Warga Binaan Pemasyarakatan;
4. PP Nomor 28 Tahun 2018 tentang Kerja Sama Daerah;
5. Permenkumham Nomor 35 Tahun 2018 tentang Revitalisasi Penyelenggaraan
Pemasyarakatan;
6. Peraturan Bupati Bengkalis Nomor 30 Tahun 2019 tentang Pedoman Kerja Sama;
Pasal 1
Para pihak sepakat.
"""


def test_dasar_hukum_list_normalised(parse):
    assert names(parse, DASAR_HUKUM) == [
        "Undang-Undang Nomor 22 Tahun 2022 tentang Pemasyarakatan",
        "Undang-Undang Nomor 20 Tahun 2003 tentang Sistem Pendidikan Nasional",
        "Peraturan Pemerintah Nomor 31 Tahun 1999 tentang Pembinaan dan Pembimbingan "
        "Warga Binaan Pemasyarakatan",
        "Peraturan Pemerintah Nomor 28 Tahun 2018 tentang Kerja Sama Daerah",
        "Peraturan Menteri Hukum dan Hak Asasi Manusia Nomor 35 Tahun 2018 tentang "
        "Revitalisasi Penyelenggaraan Pemasyarakatan",
        "Peraturan Bupati Bengkalis Nomor 30 Tahun 2019 tentang Pedoman Kerja Sama",
    ]


def test_evidence_spans_the_citation_without_the_tail(parse):
    laws = extract_laws(parse(DASAR_HUKUM))
    assert laws[0].evidence.text == (
        "Undang-Undang Nomor 22 Tahun 2022 tentang Pemasyarakatan"
    )
    assert laws[0].evidence.rule == "law_citation"


@pytest.mark.parametrize(
    ("citation", "expected"),
    [
        (
            "Peraturan Presiden Nomor 12 Tahun 2021 tentang Pengadaan Barang/Jasa;",
            "Peraturan Presiden Nomor 12 Tahun 2021 tentang Pengadaan Barang/Jasa",
        ),
        (
            "Perpres No. 68 Tahun 2022 tentang Revitalisasi Pendidikan Vokasi;",
            "Peraturan Presiden Nomor 68 Tahun 2022 tentang Revitalisasi Pendidikan Vokasi",
        ),
        (
            "Permendagri Nomor 22 Tahun 2020 tentang Tata Cara Kerja Sama Daerah;",
            "Peraturan Menteri Dalam Negeri Nomor 22 Tahun 2020 tentang Tata Cara Kerja "
            "Sama Daerah",
        ),
        (
            "Peraturan Daerah Provinsi Riau Nomor 5 Tahun 2018 tentang Ketenagakerjaan;",
            "Peraturan Daerah Provinsi Riau Nomor 5 Tahun 2018 tentang Ketenagakerjaan",
        ),
        (
            "Perbup Kampar Nomor 17 Tahun 2021 tentang Pedoman Kerja Sama Daerah;",
            "Peraturan Bupati Kampar Nomor 17 Tahun 2021 tentang Pedoman Kerja Sama Daerah",
        ),
        (
            "Peraturan Walikota Pekanbaru Nomor 9 Tahun 2020;",
            "Peraturan Wali Kota Pekanbaru Nomor 9 Tahun 2020",
        ),
        (
            "Instruksi Presiden Nomor 9 Tahun 2016 tentang Revitalisasi SMK;",
            "Instruksi Presiden Nomor 9 Tahun 2016 tentang Revitalisasi SMK",
        ),
        (
            "UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 13 TAHUN 2003 TENTANG "
            "KETENAGAKERJAAN;",
            "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan",
        ),
        (
            "Peraturan Menteri Kesehatan Nomor 43 Tahun 2019 tentang Pusat Kesehatan "
            "Masyarakat;",
            "Peraturan Menteri Kesehatan Nomor 43 Tahun 2019 tentang Pusat Kesehatan "
            "Masyarakat",
        ),
    ],
)
def test_kinds_expanded(parse, citation, expected):
    assert names(parse, "Mengingat:\n1. " + citation + "\n") == [expected]


def test_recital_subject_stops_at_running_text(parse):
    text = (
        "a. bahwa berdasarkan Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan "
        "Daerah, Pemerintah Daerah dapat melakukan kerja sama;\n"
        "b. bahwa sejalan dengan Undang-Undang Nomor 22 Tahun 2022 tentang "
        "Pemasyarakatan yang menekankan peran masyarakat;\n"
    )
    assert names(parse, text) == [
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
        "Undang-Undang Nomor 22 Tahun 2022 tentang Pemasyarakatan",
    ]


def test_laws_listed_in_one_sentence(parse):
    text = (
        "dengan mengacu pada Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan, "
        "Undang-Undang Nomor 12 Tahun 2012 tentang Pendidikan Tinggi dan Peraturan "
        "Pemerintah Nomor 93 Tahun 2015 tentang Rumah Sakit Pendidikan.\n"
    )
    assert names(parse, text) == [
        "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan",
        "Undang-Undang Nomor 12 Tahun 2012 tentang Pendidikan Tinggi",
        "Peraturan Pemerintah Nomor 93 Tahun 2015 tentang Rumah Sakit Pendidikan",
    ]


def test_law_named_inside_a_subject_is_not_cited_twice(parse):
    text = (
        "3. Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah\n"
        "Pengganti Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi\n"
        "Undang-Undang;\n"
    )
    assert names(parse, text) == [
        "Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah "
        "Pengganti Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi "
        "Undang-Undang"
    ]


def test_duplicates_merge_keeping_the_fullest_name(parse):
    text = (
        "Sesuai UU No. 22 Tahun 2022, para pihak sepakat.\n"
        "Mengingat: Undang-Undang Nomor 22 Tahun 2022 tentang Pemasyarakatan;\n"
    )
    laws = extract_laws(parse(text))
    assert [law.name for law in laws] == [
        "Undang-Undang Nomor 22 Tahun 2022 tentang Pemasyarakatan"
    ]


def test_look_alikes_are_not_laws(parse):
    text = (
        "berdasarkan Keputusan Rektor Nomor 12 Tahun 2020 tentang Pengangkatan, "
        "Akta Nomor 5 Tahun 2010, Undang-Undang Dasar 1945, uu pp nomor 3 tahun 2020 "
        "dan ketentuan undang-undang yang berlaku. Nomor 7 Tahun 2021 tidak berlaku.\n"
    )
    assert names(parse, text) == []


def test_laws_in_news(parse):
    text = (
        "Kakanwil menyebut langkah itu sejalan dengan Undang-Undang Nomor 22 Tahun "
        "2022 tentang Pemasyarakatan yang menekankan peran dunia usaha."
    )
    assert names(parse, text, news=True) == [
        "Undang-Undang Nomor 22 Tahun 2022 tentang Pemasyarakatan"
    ]


def test_short_number_year_form(parse):
    assert names(parse, "Mengingat UU 20/2003 tentang Sistem Pendidikan Nasional;") == [
        "Undang-Undang Nomor 20 Tahun 2003 tentang Sistem Pendidikan Nasional"
    ]
