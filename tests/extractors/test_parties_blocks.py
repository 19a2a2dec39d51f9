"""Party blocks: short names next to the role, acting units, long office names,
exploded tables, two signatories and blocks that name only a head noun."""

from __future__ import annotations

from extractors.parties import clean_person, extract_parties

ROLE_ALIAS = """PERJANJIAN KERJA SAMA
ANTARA
DINAS PERIKANAN KOTA TANJUNG
DENGAN
PT ARUS SAMUDRA
Nomor : 11/DPK/2025

Pada hari ini Senin tanggal tiga bulan Maret tahun dua ribu dua puluh lima,
kami yang bertanda tangan di bawah ini:
1. Ir. Sutan Malik, M.Si., Kepala Dinas Perikanan Kota Tanjung, dalam hal ini
   bertindak untuk dan atas nama Pemerintah Kota Tanjung c.q. Dinas Perikanan,
   Kelautan dan Pesisir Kota Tanjung, selanjutnya disebut PIHAK PERTAMA;
2. Nama : 1. Rudi Hartono; 2. Melati Sukma, S.E.
   Jabatan : Direktur PT Arus Samudra
   dalam hal ini bertindak untuk dan atas nama PT Arus Samudra, selanjutnya
   disebut PIHAK KEDUA atau PENGELOLA.

Pasal 1
KEWAJIBAN PENGELOLA
PENGELOLA wajib menjaga kebersihan dermaga.
"""

EXPLODED = """PERJANJIAN KERJA SAMA
Pada hari ini Selasa tanggal empat bulan Maret tahun dua ribu dua puluh lima,
kami yang bertanda tangan di bawah ini:
Nama
:
dr.
Wulan
Kartika,
M.Kes.
Jabatan
:
Direktur
Klinik
Pratama
Sehat
dalam hal ini bertindak untuk dan atas nama Klinik Pratama Sehat, selanjutnya
disebut PIHAK PERTAMA;
Nama : Joko Purnomo
dalam hal ini bertindak untuk dan atas nama CV Sinar Terang, selanjutnya disebut
PIHAK KEDUA.

Pasal 1
RUANG LINGKUP
Kerja sama ini meliputi layanan kebersihan.
"""

BARE_HEAD = """PERJANJIAN KERJA SAMA
ANTARA
UNIVERSITAS LAUT BIRU
DENGAN
PEMERINTAH DESA SUNGAI TIGA
TENTANG
KULIAH KERJA NYATA

Pada hari ini Rabu tanggal lima bulan Maret tahun dua ribu dua puluh lima,
yang bertanda tangan di bawah ini:
1. Dr. Anisa Putri, M.Pd., Rektor Universitas Laut Biru, dalam hal ini bertindak
   untuk dan atas nama Universitas Laut Biru, selanjutnya disebut PIHAK PERTAMA;
2. Amran Sani, Kepala Desa, dalam hal ini bertindak untuk dan atas nama
   pemerintah desa yang dipimpinnya, selanjutnya disebut PIHAK KEDUA.

Pasal 1
RUANG LINGKUP
Kerja sama ini meliputi penempatan mahasiswa.
"""


def test_short_name_next_to_the_role_is_an_alias(parse):
    parties = extract_parties(parse(ROLE_ALIAS))
    assert parties[1].role == "PIHAK KEDUA"
    assert "PENGELOLA" in parties[1].aliases


def test_acting_unit_after_cq_with_its_enumerated_name(parse):
    first = extract_parties(parse(ROLE_ALIAS))[0]
    assert first.name == "Dinas Perikanan, Kelautan dan Pesisir Kota Tanjung"


def test_first_of_two_signatories_in_one_row(parse):
    assert extract_parties(parse(ROLE_ALIAS))[1].representative == "Rudi Hartono"


def test_exploded_table_rows_one_word_per_line(parse):
    first = extract_parties(parse(EXPLODED))[0]
    assert first.name == "Klinik Pratama Sehat"
    assert first.representative == "Wulan Kartika"
    assert first.representative_title == "Direktur Klinik Pratama Sehat"


def test_block_with_only_a_head_noun_takes_the_title_name(parse):
    parties = extract_parties(parse(BARE_HEAD))
    assert parties[1].canonical == "Pemerintah Desa Sungai Tiga"
    assert parties[1].representative == "Amran Sani"
    assert parties[1].role == "PIHAK KEDUA"


def test_clean_person_keeps_the_first_of_a_numbered_list():
    assert clean_person("1. Ir. Tono Wibowo; 2. Sari Dewi, S.E.") == "Tono Wibowo"
    assert clean_person("a. Tono Wibowo") == "Tono Wibowo"
