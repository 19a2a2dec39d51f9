"""Party blocks: short names next to the role, acting units, long office names,
exploded tables, two signatories, blocks that name only a head noun, OCR list
markers, bilingual twins and signature columns."""

from __future__ import annotations

import pytest

from extractors.parties import (
    _column_labels,
    _column_names,
    clean_person,
    extract_parties,
)

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


# --- OCR markers, bilingual blocks and signature columns ---------------------------

OCR_MARKER = """NOTA KESEPAHAMAN
Pada hari ini Senin, yang bertanda tangan di bawah ini:
I. Drs. Hasan Basri, M.Si., Bupati Tanjung, dalam hal ini bertindak untuk dan atas
nama Pemerintah Kabupaten Tanjung, selanjutnya disebut PIHAK PERTAMA:
ll. Prof. Dr. Hj. Nurul Aini, S.E., M.Si., Rektor Universitas Tanjung, dalam hal
ini bertindak untuk dan atas nama Universitas Tanjung, selanjutnya disebut PIHAK
KEDUA.

Pasal 1
RUANG LINGKUP
Pendidikan dan penelitian.
"""

BILINGUAL_BLOCKS = """Pada hari ini Kamis, bertempat di Tanjung, yang bertanda tangan di bawah ini:
On this day, Thursday, in Tanjung, the undersigned:
1. Ir. Sari Dewi, M.T., Direktur Politeknik Negeri Tanjung, bertindak untuk dan
atas nama Politeknik Negeri Tanjung, selanjutnya disebut PIHAK PERTAMA;
1. Ir. Sari Dewi, M.T., Director of Politeknik Negeri Tanjung, acting for and on
behalf of Politeknik Negeri Tanjung, hereinafter referred to as the FIRST PARTY;
2. Hendra Lim, B.Eng., Direktur PT Galangan Tanjung, bertindak untuk dan atas
nama PT Galangan Tanjung, selanjutnya disebut PIHAK KEDUA.
2. Hendra Lim, B.Eng., Director of PT Galangan Tanjung, acting for and on behalf
of PT Galangan Tanjung, hereinafter referred to as the SECOND PARTY.

Pasal 1 Article 1
RUANG LINGKUP SCOPE
Magang mahasiswa. Student internships.
"""

COLUMN_SIGNATURES = """PERJANJIAN KERJA SAMA
ANTARA
DINAS SOSIAL KABUPATEN TANJUNG
DENGAN
YAYASAN PELITA HATI TANJUNG

Yang bertanda tangan di bawah ini:
1. Kepala Dinas Sosial Kabupaten Tanjung, dalam hal ini bertindak untuk dan atas
   nama Dinas Sosial Kabupaten Tanjung, selanjutnya disebut PIHAK PERTAMA;
2. Ketua Yayasan Pelita Hati Tanjung, dalam hal ini bertindak untuk dan atas nama
   Yayasan Pelita Hati Tanjung, selanjutnya disebut PIHAK KEDUA.

Pasal 1
RUANG LINGKUP
Pendampingan klien yang diserahkan kepada
PIHAK KEDUA.

Pasal 2
PENUTUP
Perjanjian ini dibuat rangkap dua.

PIHAK KEDUA, PIHAK PERTAMA,
Ketua Yayasan Pelita Hati Tanjung Kepala Dinas Sosial Kabupaten Tanjung
ttd ttd
Hj. SITI RAHMAH, S.Ag., Drs. AHMAD YANI
M.Pd. LUBIS, M.Si.
NIP. 19700101 199503 1 002
Disaksikan oleh:
Sekretaris Daerah Kabupaten Tanjung
H. MUHAMMAD NUR, S.H.
"""

TREATY_SIGNATURE = """NOTA KESEPAHAMAN
ANTARA
PEMERINTAH KOTA TANJUNG
DAN
UNIVERSITAS ISLAM TANJUNG
TENTANG
PENGEMBANGAN SUMBER DAYA MANUSIA

Pemerintah Kota Tanjung dan Universitas Islam Tanjung, selanjutnya bersama-sama
disebut "Para Peserta", telah mencapai kesepahaman sebagai berikut:
PASAL I
TUJUAN
Kerja sama pendidikan dan pelatihan aparatur
untuk Pemerintah Kota Tanjung dalam pelayanan publik.
DITANDATANGANI di Tanjung pada tanggal 14 Mei 2025.
UNTUK PEMERINTAH KOTA TANJUNG UNTUK UNIVERSITAS ISLAM TANJUNG
H. RAHMAT HIDAYAT, S.E., M.M. Prof. Dr. H. AZWAR HASIBUAN, S.H.,
M.H.
Wali Kota Tanjung Rektor
"""


def test_ocr_ll_marker_opens_the_second_block(parse):
    parties = extract_parties(parse(OCR_MARKER))
    assert [p.representative for p in parties] == ["Hasan Basri", "Nurul Aini"]
    assert parties[1].canonical == "Universitas Tanjung"


def test_bilingual_blocks_end_at_their_english_twin(parse):
    parties = extract_parties(parse(BILINGUAL_BLOCKS))
    assert [p.name for p in parties] == [
        "Politeknik Negeri Tanjung",
        "PT Galangan Tanjung",
    ]
    assert [p.representative for p in parties] == ["Sari Dewi", "Hendra Lim"]


def test_two_column_signatures_fill_missing_representatives(parse):
    parties = extract_parties(parse(COLUMN_SIGNATURES))
    # columns in printed order: PIHAK KEDUA left, PIHAK PERTAMA right;
    # the witness below "Disaksikan oleh" is nobody's representative
    assert {p.role: p.representative for p in parties} == {
        "PIHAK PERTAMA": "AHMAD YANI",
        "PIHAK KEDUA": "SITI RAHMAH",
    }


def test_treaty_signature_columns_named_by_body(parse):
    parties = extract_parties(parse(TREATY_SIGNATURE))
    assert {p.canonical: p.representative for p in parties} == {
        "Pemerintah Kota Tanjung": "RAHMAT HIDAYAT",
        "Universitas Islam Tanjung": "AZWAR HASIBUAN",
    }


@pytest.mark.parametrize(
    ("chunk", "columns", "names"),
    [
        ("ttd ttd\nDrs. BUDI, M.Si. Ir. RINA SARI", 2, ["BUDI", "RINA SARI"]),
        # a name wrapped onto the next line, a title glued to the name
        (
            "ANDI SAPUTRA drg. MELATI\nKUSUMA, M.K.M.\ndr.RINA, M.Kes.",
            3,
            ["ANDI SAPUTRA", "MELATI KUSUMA", "RINA"],
        ),
        # a column left unsigned: dots instead of a name
        ("ASEP, S.IP. .............. UJANG ROHMAN", 3, ["ASEP", "", "UJANG ROHMAN"]),
        # a degree ends a name, the capitalised word after it starts the next
        ("NURAINI, S.Pd. HENDRI GUNAWAN", 2, ["NURAINI", "HENDRI GUNAWAN"]),
        # positions above the names are not names; an ID number is skipped
        (
            "KEPALA DINAS SOSIAL DIREKTUR PT ARUS\nH. UMAR, S.H. NIP 1970 JOKO, M.M.",
            2,
            ["UMAR", "JOKO"],
        ),
        # brackets around names, a patronymic inside one
        (
            "(Drs. BUDI SANTOSO) (AHMAD bin ABDULLAH, S.Ag.)",
            2,
            ["BUDI SANTOSO", "AHMAD bin ABDULLAH"],
        ),
        # two names run together cannot be told apart: none rather than wrong
        ("AGUS SALIM TANJUNG RIDWAN HAMZAH, S.H.", 2, []),
        # no title or degree anywhere: no column can be trusted
        ("BUDI SANTOSO RINA MARLINA", 2, []),
    ],
)
def test_column_names(chunk, columns, names):
    assert _column_names(chunk, columns) == names


@pytest.mark.parametrize(
    ("line", "labels"),
    [
        ("PIHAK KEDUA, PIHAK PERTAMA,", ["PIHAK KEDUA", "PIHAK PERTAMA"]),
        ("PIHAK II PIHAK I", ["PIHAK KEDUA", "PIHAK PERTAMA"]),
        (
            "PIHAK PERTAMA / FIRST PARTY PIHAK KEDUA / SECOND PARTY",
            ["PIHAK PERTAMA", "PIHAK KEDUA"],
        ),
        (
            "Untuk dan atas nama PIHAK PERTAMA, Untuk dan atas nama PIHAK KEDUA,",
            ["PIHAK PERTAMA", "PIHAK KEDUA"],
        ),
        (
            "UNTUK PEMKO DUMAI UNTUK UNIVERSITAS RIAU",
            ["PEMKO DUMAI", "UNIVERSITAS RIAU"],
        ),
        ("FOR PT SELAT RUPAT SHIPYARD", ["PT SELAT RUPAT SHIPYARD"]),
        # body text: a sentence end, a duty list, a wrapped running sentence
        ("PIHAK I.", []),
        ("PIHAK KEDUA wajib:", []),
        ("untuk Dinas Sosial Kota Padang dalam rangka", []),
        ("Untuk Dinas Sosial dalam pelaksanaan kegiatan", []),
    ],
)
def test_signature_column_labels(line, labels):
    assert _column_labels(line) == labels


MISREAD_CLAUSE = """PERJANJIAN KERJA SAMA
Yang bertanda tangan di bawah ini:
1. Nama : Dr. Budi Santoso, M.H.
   Jabatan : Kepala Dinas Sosial Kota Tanjung
   dalam hal ini bertindak untuk dan atas nama Dinas Sosial Kota Tanjung,
   selanjutnya disebut PIHAK PERTAMA;
2. Nama : {second}
   Jabatan : Kepala Dinas Pendidikan Kota Tanjung
   dalam hal ini bertindak untuk dan atas nama Dinas Pendidikan Kota Tanjung,
   selanjutnya disebut PIHAK KEDUA.

Pasal 1
RUANG LINGKUP
Pendidikan anak binaan.

PIHAK PERTAMA, PIHAK KEDUA,
Kepala Dinas Sosial Kepala Dinas Pendidikan
Dr. BUDI SANTOSO, M.H. {signer}
"""


@pytest.mark.parametrize(
    ("second", "signer", "expected"),
    [
        # the clause names the first party's signer again: its column wins
        ("Budi", "Ir. RINA SARI, M.T.", "RINA SARI"),
        # one person signing for both parties is no misreading
        ("Dr. Budi Santoso", "Dr. BUDI SANTOSO, M.H.", "Budi Santoso"),
        # the clause and the column agree up to titles and case
        ("Ir. Rina Sari, M.T.", "Ir. RINA SARI, M.T.", "Rina Sari"),
    ],
)
def test_signature_column_corrects_a_misread_clause(parse, second, signer, expected):
    text = MISREAD_CLAUSE.format(second=second, signer=signer)
    parties = extract_parties(parse(text))
    assert [p.representative for p in parties] == ["Budi Santoso", expected]
