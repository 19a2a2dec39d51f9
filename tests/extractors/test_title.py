from __future__ import annotations

import pytest

from extractors.title import clean_headline, extract_subject, extract_title

PKS_HEADER = """PERJANJIAN KERJA SAMA
ANTARA
LEMBAGA PEMASYARAKATAN KELAS IIA TEMBILAHAN
DENGAN
BALAI LATIHAN KERJA KABUPATEN INDRAGIRI HILIR
TENTANG
PELATIHAN KETERAMPILAN MENJAHIT BAGI WARGA BINAAN
PEMASYARAKATAN

Nomor : W4.PAS.PAS.14-UM.01.01-077
Nomor : 563/BLK-INHIL/IV/2024

Pada hari ini Selasa tanggal dua bulan April tahun dua ribu dua puluh empat,
bertempat di Tembilahan, kami yang bertanda tangan di bawah ini:
Pasal 1
RUANG LINGKUP
"""


def test_title_lines_joined_until_nomor_lines(parse):
    title = extract_title(parse(PKS_HEADER))
    assert title is not None
    assert title.value == (
        "PERJANJIAN KERJA SAMA ANTARA LEMBAGA PEMASYARAKATAN KELAS IIA TEMBILAHAN "
        "DENGAN BALAI LATIHAN KERJA KABUPATEN INDRAGIRI HILIR TENTANG PELATIHAN "
        "KETERAMPILAN MENJAHIT BAGI WARGA BINAAN PEMASYARAKATAN"
    )
    assert title.evidence.rule == "heading_block"
    assert title.evidence.text.startswith("PERJANJIAN KERJA SAMA")
    assert title.evidence.text.endswith("PEMASYARAKATAN")


def test_title_skips_letterhead_logo_and_garbage(parse):
    text = """~ ,. ' |
LOGO
PEMERINTAH KABUPATEN SIAK
Jl. Sultan Syarif Kasim No. 1 Siak Sri Indrapura Telp. (0764) 20001
-1-
NOTA KESEPAHAMAN
ANTARA
PEMERINTAH KABUPATEN SIAK
DAN
POLITEKNIK NEGERI BENGKALIS
Pada hari ini Rabu tanggal sepuluh bulan Juli tahun dua ribu dua puluh empat
"""
    title = extract_title(parse(text))
    assert title is not None
    assert title.value == (
        "NOTA KESEPAHAMAN ANTARA PEMERINTAH KABUPATEN SIAK DAN "
        "POLITEKNIK NEGERI BENGKALIS"
    )


def test_title_continues_past_interleaved_numbers_to_tentang(parse):
    text = """KESEPAKATAN BERSAMA
ANTARA
DINAS PENDIDIKAN PROVINSI RIAU
NOMOR : 420/DISDIK/KB/2023
DENGAN
UNIVERSITAS LANCANG KUNING
NOMOR :
88/UNILAK/KS/2023
TENTANG
PENGEMBANGAN MUTU GURU SEKOLAH MENENGAH

Pada hari ini Jumat tanggal lima bulan Mei tahun dua ribu dua puluh tiga
"""
    title = extract_title(parse(text))
    assert title is not None
    assert title.value == (
        "KESEPAKATAN BERSAMA ANTARA DINAS PENDIDIKAN PROVINSI RIAU DENGAN "
        "UNIVERSITAS LANCANG KUNING TENTANG PENGEMBANGAN MUTU GURU SEKOLAH MENENGAH"
    )
    assert "420/DISDIK" not in title.value


def test_title_in_title_case(parse):
    text = """Perjanjian Kerjasama
antara
Rumah Sakit Umum Daerah Petala Bumi
dengan
Sekolah Tinggi Ilmu Kesehatan Payung Negeri
tentang
Praktik Klinik Mahasiswa Keperawatan
Yang bertanda tangan di bawah ini:
"""
    title = extract_title(parse(text))
    assert title is not None
    assert title.value == (
        "Perjanjian Kerjasama antara Rumah Sakit Umum Daerah Petala Bumi dengan "
        "Sekolah Tinggi Ilmu Kesehatan Payung Negeri tentang Praktik Klinik "
        "Mahasiswa Keperawatan"
    )


def test_addendum_title_with_typo_in_heading(parse):
    text = """ADENDUM PERTAMA
PERJANJIAN KERSAMA
ANTARA
BAPAS KELAS II PEKANBARU
DENGAN
CV TANI MAKMUR
NOMOR: W4.PAS.PAS.20-PK.01.05-12
Pada hari ini Kamis tanggal dua bulan Mei tahun dua ribu dua puluh empat
"""
    title = extract_title(parse(text))
    assert title is not None
    assert title.value == (
        "ADENDUM PERTAMA PERJANJIAN KERSAMA ANTARA BAPAS KELAS II PEKANBARU "
        "DENGAN CV TANI MAKMUR"
    )


def test_regulation_title_keeps_its_number(parse):
    text = """PERATURAN BUPATI KAMPAR
NOMOR 17 TAHUN 2021
TENTANG
PEDOMAN KERJA SAMA DAERAH

DENGAN RAHMAT TUHAN YANG MAHA ESA
BUPATI KAMPAR,
Menimbang : a. bahwa untuk melaksanakan kerja sama daerah;
"""
    title = extract_title(parse(text))
    assert title is not None
    assert title.value == (
        "PERATURAN BUPATI KAMPAR NOMOR 17 TAHUN 2021 TENTANG PEDOMAN KERJA SAMA DAERAH"
    )


def test_letter_title_is_its_subject_line(parse):
    text = """PEMERINTAH KOTA DUMAI
DINAS KESEHATAN
Jalan Sultan Syarif Kasim Nomor 3 Dumai
Nomor : 440/DINKES/III/2024/51
Lampiran : -
Perihal : Undangan Rapat Persiapan Perjanjian Kerja Sama
Yth. Direktur RSUD Kota Dumai
Dengan hormat,
"""
    title = extract_title(parse(text))
    assert title is not None
    assert title.value == "Undangan Rapat Persiapan Perjanjian Kerja Sama"
    assert title.evidence.rule == "letter_subject"


def test_news_title_from_meta_title_without_site_name(parse):
    parsed = parse(
        "BENGKALIS - Lapas Bengkalis meneken perjanjian kerja sama dengan BLK.",
        news=True,
        meta_title="Lapas Bengkalis Teken PKS dengan BLK untuk Warga Binaan - Riau Pos",
    )
    title = extract_title(parsed)
    assert title is not None
    assert title.value == "Lapas Bengkalis Teken PKS dengan BLK untuk Warga Binaan"


def test_news_title_found_in_body_gets_its_offsets(parse):
    body = (
        "Pemkab Kampar dan Unri Jalin Kerja Sama Riset\n\n"
        "BANGKINANG - Pemerintah Kabupaten Kampar menandatangani nota kesepahaman."
    )
    parsed = parse(
        body, news=True, meta_title="Pemkab Kampar dan Unri Jalin Kerja Sama Riset"
    )
    title = extract_title(parsed)
    assert title is not None
    assert title.evidence.rule == "news_headline"
    assert (title.evidence.start, title.evidence.end) == (0, 45)


def test_news_without_meta_title_uses_first_paragraph(parse):
    body = (
        "Beranda > Daerah\n\n"
        "Rutan Siak Gandeng Puskesmas Layani Kesehatan Tahanan\n\n"
        "SIAK - Rutan Kelas IIB Siak menandatangani perjanjian kerja sama."
    )
    title = extract_title(parse(body, news=True))
    assert title is not None
    assert title.value == "Rutan Siak Gandeng Puskesmas Layani Kesehatan Tahanan"


def test_no_title_in_running_text(parse):
    assert extract_title(parse("dan seterusnya sesuai ketentuan yang berlaku.")) is None


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        (
            "Lapas Rengat Teken MoU dengan BLK | Kabar Daerah",
            "Lapas Rengat Teken MoU dengan BLK",
        ),
        (
            "Unri dan Pemkot Sepakati Kerja Sama - Berita - Tribun Pekanbaru",
            "Unri dan Pemkot Sepakati Kerja Sama",
        ),
        ("Kerja Sama Dua Daerah Diteken", "Kerja Sama Dua Daerah Diteken"),
    ],
)
def test_clean_headline(headline, expected):
    assert clean_headline(headline) == expected


@pytest.mark.parametrize(
    ("title", "subject"),
    [
        (
            "PERJANJIAN KERJA SAMA ANTARA A DENGAN B TENTANG PELATIHAN KERJA",
            "PELATIHAN KERJA",
        ),
        ("Nota Kesepahaman tentang Pendidikan.", "Pendidikan"),
        ("NOTA KESEPAHAMAN ANTARA A DAN B", None),
        ("PERJANJIAN KERJA SAMA TENTANG", None),
    ],
)
def test_extract_subject(title, subject):
    assert extract_subject(title) == subject


def test_party_lines_ending_in_a_comma_stay_in_the_title(parse):
    text = """PERJANJIAN KERJA SAMA
ANTARA
POLITEKNIK BAHARI TANJUNG,
DINAS PERIKANAN KOTA TANJUNG
DAN
PT ARUS SAMUDRA
TENTANG
PELATIHAN NELAYAN
Pada hari ini Senin tanggal tiga bulan Maret tahun dua ribu dua puluh lima,
bertempat di Tanjung, kami yang bertanda tangan di bawah ini,
"""
    title = extract_title(parse(text))
    assert title is not None
    assert title.value == (
        "PERJANJIAN KERJA SAMA ANTARA POLITEKNIK BAHARI TANJUNG, DINAS PERIKANAN "
        "KOTA TANJUNG DAN PT ARUS SAMUDRA TENTANG PELATIHAN NELAYAN"
    )


def test_a_comma_line_after_tentang_ends_the_title(parse):
    text = """KEPUTUSAN KEPALA RUMAH TAHANAN NEGARA KELAS IIB TANJUNG
NOMOR W4.PAS.8-UM.01.01-12 TAHUN 2025
TENTANG
TIM PELAKSANA PERJANJIAN KERJA SAMA
KEPALA RUMAH TAHANAN NEGARA KELAS IIB TANJUNG,
Menimbang : a. bahwa untuk melaksanakan perjanjian kerja sama perlu dibentuk tim;
"""
    title = extract_title(parse(text))
    assert title is not None
    assert title.value.endswith("TENTANG TIM PELAKSANA PERJANJIAN KERJA SAMA")
