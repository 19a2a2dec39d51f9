"""Parties: comparison clauses, titles and news, on invented Indonesian text."""

from __future__ import annotations

import pytest

from extractors.orgs import canonical_name, read_gazetteer, short_name
from extractors.parties import clean_person, extract_parties, normalise_role

NUMBERED = """PERJANJIAN KERJA SAMA
ANTARA
LEMBAGA PEMASYARAKATAN KELAS IIA BENGKALIS
DENGAN
BALAI LATIHAN KERJA KABUPATEN BENGKALIS
TENTANG
PELATIHAN KETERAMPILAN BAGI WARGA BINAAN PEMASYARAKATAN
Nomor : W4.PAS.PAS.7-UM.01.01-112 Tahun 2024
Nomor : 560/BLK-BKS/2024/117

Pada hari ini Kamis tanggal dua puluh satu bulan Maret tahun dua ribu dua puluh
empat, bertempat di Aula Dr. Wahidin Lapas Bengkalis, kami yang bertanda tangan
di bawah ini:
1. Nama    : Dr. Budi Santoso, M.Pd.
   Jabatan : Kepala Lembaga Pemasyarakatan Kelas IIA Bengkalis
   Alamat  : Jl. Pertanian No. 12 Bengkalis
   dalam hal ini bertindak untuk dan atas nama Lembaga Pemasyarakatan Kelas IIA
   Bengkalis, selanjutnya disebut PIHAK PERTAMA.
2. Nama    : Hj. Rina Marlina, S.E., M.M.
   Jabatan : Kepala Balai Latihan Kerja Kabupaten Bengkalis
   Alamat  : Jl. Antara No. 3 Bengkalis
   dalam hal ini bertindak untuk dan atas nama Balai Latihan Kerja Kabupaten
   Bengkalis (selanjutnya disebut "BLK"), selanjutnya disebut PIHAK KEDUA.
PIHAK PERTAMA dan PIHAK KEDUA secara bersama-sama disebut PARA PIHAK, terlebih
dahulu menerangkan hal-hal sebagai berikut:
a. bahwa PIHAK PERTAMA adalah unit pelaksana teknis di bidang pemasyarakatan;
b. bahwa PIHAK KEDUA adalah lembaga pelatihan milik pemerintah daerah.

Pasal 1
MAKSUD DAN TUJUAN
(1) Maksud perjanjian ini adalah meningkatkan keterampilan warga binaan.

Pasal 2
PENUTUP
Perjanjian ini dibuat rangkap dua dan ditandatangani oleh PARA PIHAK.

PIHAK KEDUA,
Kepala Balai Latihan Kerja

ttd

Hj. RINA MARLINA, S.E., M.M.
NIP. 19750101 200003 2 001

PIHAK PERTAMA,
Kepala Lapas Kelas IIA Bengkalis

ttd

Dr. BUDI SANTOSO, M.Pd.
NIP. 19700202 199503 1 002
"""

PROSE = """KESEPAKATAN BERSAMA
ANTARA
KANTOR WILAYAH KEMENTERIAN HUKUM DAN HAK ASASI MANUSIA RIAU
DAN
PEMERINTAH KABUPATEN KAMPAR
TENTANG
PEMBINAAN KEMANDIRIAN WARGA BINAAN

Pada hari ini Senin tanggal lima bulan Juni tahun dua ribu dua puluh tiga, yang
bertanda tangan di bawah ini:
I. KOMISARIS BESAR POLISI Drs. H. Ahmad Yani, S.H., M.H., selaku Kepala Kantor
Wilayah Kementerian Hukum dan HAM Riau, berkedudukan di Jl. Jenderal Sudirman
No. 233 Pekanbaru, dalam hal ini bertindak untuk dan atas nama Kantor Wilayah
Kementerian Hukum dan Hak Asasi Manusia Riau, yang selanjutnya disebut PIHAK
KESATU;
dan
II. Ir. Hj. Sri Wahyuni, M.Si., selaku Kepala Dinas Tenaga Kerja Kabupaten Kampar,
berkedudukan di Bangkinang, dalam hal ini bertindak untuk dan atas nama
Pemerintah Kabupaten (Pemkab) Kampar, yang selanjutnya disebut PIHAK KEDUA.
Kesepakatan ini disaksikan oleh Drs. Muhammad Ali, M.Si., Sekretaris Daerah
Kabupaten Kampar, selaku saksi.

Pasal 1
RUANG LINGKUP
Ruang lingkup kesepakatan ini meliputi pelatihan kerja.
"""

HEAD_STYLE = """NOTA KESEPAHAMAN
Nomor: 045/UN-RR/KS/2025

Pada hari ini Rabu tanggal 05 (lima) bulan Februari tahun 2025, yang bertanda
tangan di bawah ini:
1. Universitas Riau Raya (selanjutnya disebut "UNRAYA"), yang diwakili oleh
   Rektor, Prof. Dr. dr. Lestari, Sp.A(K), berkedudukan di Jl. Kaharuddin
   Nasution No. 113 Pekanbaru, selanjutnya disebut PIHAK I;
2. Pemerintah Kota Pekanbaru, yang diwakili oleh Wali Kota Pekanbaru, H. Muhammad
   Rizal, S.T., berkedudukan di Jl. Sudirman, selanjutnya disebut PIHAK II;
3. PT Bank Riau Kepri Syariah (Perseroda), dalam hal ini diwakili oleh drg. Yuliani
   Putri selaku Direktur Utama, selanjutnya disebut PIHAK III.
PIHAK I, PIHAK II dan PIHAK III selanjutnya disebut PARA PIHAK.

Pasal 1
TUJUAN
Tujuan nota kesepahaman ini adalah kerja sama pendidikan.
"""

THREE_KESATU = """PERJANJIAN KERJASAMA
Nomor I : 12/PKS/LPKA/2023
Nomor II : 800/DINKES/2023
Nomor III : 77/YYS/2023

Pada hari ini Selasa tanggal sebelas bulan Juli tahun dua ribu dua puluh tiga,
kami yang bertandatangan dibawah ini:
1. Nama : AJUN KOMISARIS BESAR POLISI Hendra Gunawan, S.I.K.
   Jabatan : Kepala Lembaga Pembinaan Khusus Anak Kelas II Pekanbaru
   Bertindak untuk dan atas nama LPKA Kelas II Pekanbaru, selanjutnya disebut
   PIHAK KESATU;
2. Nama : dr.Rina Kartika, M.Kes.
   Jabatan : Kepala Dinas Kesehatan Kota Pekanbaru
   Bertindak untuk dan atas nama Dinas Kesehatan Kota Pekanbaru, selanjutnya
   disebut PIHAK KEDUA;
3. Nama : H. Abdul Somad, Lc.
   Jabatan : Ketua Yayasan Cahaya Hati
   Nama : Nurhayati
   Jabatan : Bendahara Yayasan Cahaya Hati
   keduanya bertindak untuk dan atas nama Yayasan Cahaya Hati, selanjutnya
   disebut PIHAK KETIGA.
PIHAK KESATU, PIHAK KEDUA dan PIHAK KETIGA yang selanjutnya disebut KEDUA BELAH
PIHAK bersepakat sebagai berikut:

Pasal 1
Pelayanan kesehatan anak binaan.
"""

BANNER = """NOTA KESEPAHAMAN

------ PIHAK PERTAMA ------
Nama Instansi : Badan Narkotika Nasional Kabupaten Siak
Nama : AKBP Sutrisno, S.H.
Jabatan : Kepala BNNK Siak

------ PIHAK KEDUA ------
Nama Instansi : SMK Negeri 2 Siak
Nama : Drs. Yusuf Hamdani
Jabatan : Kepala Sekolah

Pasal 1
Pencegahan penyalahgunaan narkoba di sekolah.
"""

TITLE_ONLY = """NOTA KESEPAHAMAN
ANTARA
PEMERINTAH DESA SUKAMAJU, SUKARAME DAN CIBEBER
DENGAN
UNIVERSITAS PADJADJARAN RAYA
TENTANG
PEMBERDAYAAN MASYARAKAT DESA

1. Para pihak sepakat untuk bekerja sama dalam pemberdayaan masyarakat.
2. Nota kesepahaman ini berlaku selama 3 (tiga) tahun.
"""

TREATY = """MEMORANDUM SALING PENGERTIAN

Universitas Riau Raya (selanjutnya disebut "UNRAYA"), yang diwakili oleh Rektor,
Prof. Dr. Ahmad Syafii, M.Sc., berkedudukan di Pekanbaru; dan
Pemerintah Kota Dumai (selanjutnya disebut "Pemko Dumai"), yang diwakili oleh
Wali Kota Dumai, H. Paisal, S.KM., MARS, berkedudukan di Dumai,
secara bersama-sama disebut "Para Pihak", sepakat sebagai berikut:

Pasal 1
Kerja sama pendidikan tinggi.
"""

BILINGUAL = """Pada hari ini, kami yang bertanda tangan di bawah ini:
1. Politeknik Negeri Bengkalis, represented by Prof. Dr. Ir. Johny Custer, S.T.,
   M.T., selaku Direktur, selanjutnya disebut PIHAK PERTAMA / FIRST PARTY;
2. PT Pertamina Hulu Rokan, dalam hal ini diwakili oleh Ir. Edwin Erwin, M.B.A.,
   selaku Manajer Umum, selanjutnya disebut PIHAK KEDUA / SECOND PARTY.

Pasal 1
Magang mahasiswa.
"""

SIGNATURE_ONLY_NAMES = """PERJANJIAN KERJA SAMA

Yang bertanda tangan di bawah ini:
1. Rumah Tahanan Negara Kelas IIB Siak Sri Indrapura, selanjutnya disebut
   PIHAK PERTAMA;
2. Puskesmas Siak, selanjutnya disebut PIHAK KEDUA.

Pasal 1
Pemeriksaan kesehatan tahanan.

PIHAK PERTAMA,
Kepala Rutan Kelas IIB Siak

ttd

SUPRIADI, A.Md.IP., S.H.
NIP. 19800101 200212 1 003

PIHAK KEDUA,
Kepala Puskesmas Siak

ttd

drg. Maya Sari
NIP. 19850505 201001 2 004
"""

NEWS = """Lapas Bengkalis Teken MoU dengan BLK Bengkalis

Bengkalis - Lembaga Pemasyarakatan (Lapas) Kelas IIA Bengkalis menjalin kerja sama
dengan Balai Latihan Kerja (BLK) Kabupaten Bengkalis dalam pelatihan keterampilan
bagi warga binaan, Selasa (12/3/2024).

Penandatanganan nota kesepahaman antara Lapas Kelas IIA Bengkalis dengan BLK
Bengkalis itu berlangsung di Aula Dr. Wahidin dan disaksikan oleh Kepala Kanwil
Kemenkumham Riau, Dr. Ahmad Yani.

Nota kesepahaman ditandatangani oleh Kalapas Bengkalis, Budi Santoso, dan Kepala
BLK Bengkalis, Rina Marlina.

"Kami berterima kasih kepada Pemkab Bengkalis," kata Kepala Dinas Tenaga Kerja
Bengkalis, Joko Widodo, dalam sambutannya.
"""

NEWS_JOINT_SUBJECT = """DUMAI - Pemerintah Kota (Pemko) Dumai dan Universitas Islam Negeri
Sultan Syarif Kasim Riau menandatangani nota kesepahaman di bidang pendidikan,
Kamis (3/2/22). Hadir dalam acara itu Ketua DPRD Dumai, Rahmad, serta Kapolres
Dumai, AKBP Dhovan.

Wali Kota Dumai, H. Paisal, mengatakan kerja sama ini penting. "Kami siap,"
ujarnya di Gedung Sri Bunga Tanjung.
"""

NEWS_SHARED_HEAD = """Bengkalis - Rutan Kelas IIB Bengkalis resmi menjalin kerja sama
dengan Puskesmas Bengkalis, Desa Pematang Duku, Sungai Alam dan Kelapapati dalam
layanan kesehatan warga binaan. Kegiatan ini dihadiri Kepala Kanwil Kemenkumham
Riau."""


def names(parties):
    return [party.name for party in parties]


@pytest.fixture(scope="module")
def numbered(parse):
    return extract_parties(parse(NUMBERED))


@pytest.fixture(scope="module")
def prose(parse):
    return extract_parties(parse(PROSE))


@pytest.fixture(scope="module")
def head_style(parse):
    return extract_parties(parse(HEAD_STYLE))


@pytest.fixture(scope="module")
def three(parse):
    return extract_parties(parse(THREE_KESATU))


@pytest.fixture(scope="module")
def news(parse):
    return extract_parties(parse(NEWS, news=True))


# --- Numbered "Nama / Jabatan" blocks --------------------------------------------


def test_numbered_names_and_roles(numbered):
    assert names(numbered) == [
        "Lembaga Pemasyarakatan Kelas IIA Bengkalis",
        "Balai Latihan Kerja Kabupaten Bengkalis",
    ]
    assert [p.role for p in numbered] == ["PIHAK PERTAMA", "PIHAK KEDUA"]


def test_numbered_representatives_without_titles(numbered):
    assert [p.representative for p in numbered] == ["Budi Santoso", "Rina Marlina"]


def test_numbered_positions_from_jabatan_rows(numbered):
    assert numbered[0].representative_title == (
        "Kepala Lembaga Pemasyarakatan Kelas IIA Bengkalis"
    )
    assert numbered[1].representative_title == (
        "Kepala Balai Latihan Kerja Kabupaten Bengkalis"
    )


def test_alias_defined_in_text_and_from_gazetteer(numbered):
    assert "BLK" in numbered[1].aliases
    assert "BLK Kabupaten Bengkalis" in numbered[1].aliases
    assert "Lapas Kelas IIA Bengkalis" in numbered[0].aliases


def test_evidence_points_at_the_name(parse, numbered):
    evidence = numbered[0].evidence
    text = parse(NUMBERED).text
    assert text[evidence.start : evidence.end] == evidence.text
    assert evidence.text.startswith("Lembaga Pemasyarakatan Kelas IIA")
    assert evidence.rule == "parties.on_behalf"
    assert evidence.start > text.index("bertanda tangan")


def test_para_pihak_and_recitals_are_not_parties(numbered):
    assert len(numbered) == 2
    assert not any("PIHAK" in p.name.upper() for p in numbered)


# --- Prose "selaku" style ------------------------------------------------------------


def test_prose_roles_keep_printed_label(prose):
    assert [p.role for p in prose] == ["PIHAK PERTAMA", "PIHAK KEDUA"]
    assert [p.role_label for p in prose] == ["PIHAK KESATU", "PIHAK KEDUA"]


def test_prose_police_rank_and_degrees_stripped(prose):
    assert prose[0].representative == "Ahmad Yani"
    assert prose[1].representative == "Sri Wahyuni"


def test_prose_positions_from_selaku(prose):
    assert prose[0].representative_title == (
        "Kepala Kantor Wilayah Kementerian Hukum dan HAM Riau"
    )
    assert prose[1].representative_title == (
        "Kepala Dinas Tenaga Kerja Kabupaten Kampar"
    )


def test_prose_inner_acronym_becomes_alias(prose):
    second = prose[1]
    assert second.name == "Pemerintah Kabupaten Kampar"
    assert second.canonical == "Pemerintah Kabupaten Kampar"
    assert "Pemkab" in second.aliases
    assert "Pemkab Kampar" in second.aliases


def test_witness_is_not_a_party(prose):
    assert len(prose) == 2
    assert all(p.representative != "Muhammad Ali" for p in prose)
    assert not any("Sekretaris" in p.name for p in prose)


# --- Organisation first, "diwakili oleh" --------------------------------------------


def test_head_style_three_parties_with_roman_roles(head_style):
    assert names(head_style) == [
        "Universitas Riau Raya",
        "Pemerintah Kota Pekanbaru",
        "PT Bank Riau Kepri Syariah (Perseroda)",
    ]
    assert [p.role for p in head_style] == [
        "PIHAK PERTAMA",
        "PIHAK KEDUA",
        "PIHAK KETIGA",
    ]
    assert [p.role_label for p in head_style] == ["PIHAK I", "PIHAK II", "PIHAK III"]


def test_head_style_position_before_name(head_style):
    university, city, bank = head_style
    assert (university.representative, university.representative_title) == (
        "Lestari",
        "Rektor",
    )
    assert (city.representative, city.representative_title) == (
        "Muhammad Rizal",
        "Wali Kota Pekanbaru",
    )
    assert (bank.representative, bank.representative_title) == (
        "Yuliani Putri",
        "Direktur Utama",
    )


def test_head_style_quoted_alias(head_style):
    assert head_style[0].aliases == ("UNRAYA",)


# --- Three parties, KESATU style ----------------------------------------------------


def test_three_parties_kesatu_kedua_ketiga(three):
    assert [p.role for p in three] == ["PIHAK PERTAMA", "PIHAK KEDUA", "PIHAK KETIGA"]
    assert names(three) == [
        "LPKA Kelas II Pekanbaru",
        "Dinas Kesehatan Kota Pekanbaru",
        "Yayasan Cahaya Hati",
    ]


def test_acronym_name_gets_full_canonical(three):
    assert three[0].canonical == "Lembaga Pembinaan Khusus Anak Kelas II Pekanbaru"


def test_police_rank_and_glued_dr_stripped(three):
    assert three[0].representative == "Hendra Gunawan"
    assert three[1].representative == "Rina Kartika"


def test_two_signatories_keep_the_first(three):
    assert three[2].representative == "Abdul Somad"
    assert three[2].representative_title == "Ketua Yayasan Cahaya Hati"


def test_kedua_belah_pihak_is_not_a_party(three):
    assert len(three) == 3


# --- Other layouts -------------------------------------------------------------------


def test_banner_blocks_with_instansi_rows(parse):
    parties = extract_parties(parse(BANNER))
    assert names(parties) == [
        "Badan Narkotika Nasional Kabupaten Siak",
        "SMK Negeri 2 Siak",
    ]
    assert [p.representative for p in parties] == ["Sutrisno", "Yusuf Hamdani"]
    assert parties[1].canonical == "Sekolah Menengah Kejuruan Negeri 2 Siak"
    assert parties[0].representative_title == "Kepala BNNK Siak"


def test_bilingual_labels_and_represented_by(parse):
    parties = extract_parties(parse(BILINGUAL))
    assert names(parties) == ["Politeknik Negeri Bengkalis", "PT Pertamina Hulu Rokan"]
    assert [p.representative for p in parties] == ["Johny Custer", "Edwin Erwin"]
    assert [p.representative_title for p in parties] == ["Direktur", "Manajer Umum"]


def test_treaty_style_parties_defined_by_short_names(parse):
    parties = extract_parties(parse(TREATY))
    assert names(parties) == ["Universitas Riau Raya", "Pemerintah Kota Dumai"]
    assert [p.role for p in parties] == [None, None]
    assert parties[1].aliases[0] == "Pemko Dumai"
    assert [p.representative for p in parties] == ["Ahmad Syafii", "Paisal"]


def test_signature_block_supplies_missing_representatives(parse):
    parties = extract_parties(parse(SIGNATURE_ONLY_NAMES))
    assert names(parties) == [
        "Rumah Tahanan Negara Kelas IIB Siak Sri Indrapura",
        "Puskesmas Siak",
    ]
    assert [p.representative for p in parties] == ["SUPRIADI", "Maya Sari"]


def test_title_only_fallback_with_shared_head_list(parse):
    parties = extract_parties(parse(TITLE_ONLY))
    assert [p.canonical for p in parties] == [
        "Pemerintah Desa Sukamaju",
        "Pemerintah Desa Sukarame",
        "Pemerintah Desa Cibeber",
        "Universitas Padjadjaran Raya",
    ]
    assert all(p.role is None for p in parties)
    assert parties[1].evidence.text == "SUKARAME"


def test_title_dan_inside_a_name_does_not_split(parse):
    text = (
        "NOTA KESEPAHAMAN\nANTARA\nKEMENTERIAN HUKUM DAN HAK ASASI MANUSIA\n"
        "DAN\nBADAN NARKOTIKA NASIONAL\nTENTANG\nREHABILITASI\n\n"
        "Kedua lembaga sepakat bekerja sama.\n"
    )
    parties = extract_parties(parse(text))
    assert [p.canonical for p in parties] == [
        "Kementerian Hukum dan Hak Asasi Manusia",
        "Badan Narkotika Nasional",
    ]


def test_twenty_one_parties(parse):
    from extractors.parties import _cardinal

    blocks = [
        f"{n}. Desa Contoh {n}, diwakili oleh Kepala Desa Contoh {n}, "
        f"selanjutnya disebut PIHAK {'PERTAMA' if n == 1 else 'KE' + _cardinal(n)};"
        for n in range(1, 22)
    ]
    text = "Yang bertanda tangan di bawah ini:\n" + "\n".join(blocks) + "\n\nPasal 1\n"
    parties = extract_parties(parse(text))
    assert len(parties) == 21
    assert parties[20].role == "PIHAK KEDUA PULUH SATU"
    assert parties[11].name == "Desa Contoh 12"


def test_no_parties_returns_empty(parse):
    assert extract_parties(parse("Surat edaran tentang jam kerja pegawai.\n")) == ()


# --- News --------------------------------------------------------------------------


def test_news_signatories_only(news):
    assert names(news) == [
        "Lembaga Pemasyarakatan Kelas IIA Bengkalis",
        "Balai Latihan Kerja Kabupaten Bengkalis",
    ]
    assert all(p.role is None and p.role_label is None for p in news)


def test_news_speakers_guests_and_witnesses_not_taken(news):
    canon = " ".join(p.canonical for p in news)
    assert "Kantor Wilayah" not in canon
    assert "Dinas Tenaga Kerja" not in canon
    assert "Pemerintah Kabupaten" not in canon


def test_news_representatives_matched_by_position(news):
    assert [p.representative for p in news] == ["Budi Santoso", "Rina Marlina"]
    assert news[0].representative_title == "Kalapas Bengkalis"


def test_news_later_short_mentions_become_aliases(news):
    assert "Lapas" in news[0].aliases
    assert "BLK Bengkalis" in news[1].aliases


def test_news_joint_subject(parse):
    parties = extract_parties(parse(NEWS_JOINT_SUBJECT, news=True))
    assert names(parties) == [
        "Pemerintah Kota Dumai",
        "Universitas Islam Negeri Sultan Syarif Kasim Riau",
    ]


def test_news_shared_head_list(parse):
    parties = extract_parties(parse(NEWS_SHARED_HEAD, news=True))
    assert names(parties) == [
        "Rutan Kelas IIB Bengkalis",
        "Puskesmas Bengkalis",
        "Desa Pematang Duku",
        "Desa Sungai Alam",
        "Desa Kelapapati",
    ]


# --- Helpers: roles, persons, canonical names --------------------------------------


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("PIHAK KESATU", "PIHAK PERTAMA"),
        ("Pihak Pertama", "PIHAK PERTAMA"),
        ("PIHAK I", "PIHAK PERTAMA"),
        ("FIRST PARTY", "PIHAK PERTAMA"),
        ("pihak II", "PIHAK KEDUA"),
        ("PIHAK KEEMPAT", "PIHAK KEEMPAT"),
        ("PIHAK IV", "PIHAK KEEMPAT"),
        ("Pihak Kesebelas", "PIHAK KESEBELAS"),
        ("PIHAK KEDUA BELAS", "PIHAK KEDUA BELAS"),
        ("PARA PIHAK", None),
    ],
)
def test_normalise_role(label, role):
    assert normalise_role(label) == role


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Dr. Ir. H. Ahmad Fauzi, M.T., IPU.", "Ahmad Fauzi"),
        ("Prof. Dr. dr. Lestari, Sp.A(K)", "Lestari"),
        ("drg. Maya Sari", "Maya Sari"),
        ("Hj. Nurul Aini, S.Pd.", "Nurul Aini"),
        ("KOMISARIS BESAR POLISI Drs. BAMBANG SUTEJO", "BAMBANG SUTEJO"),
        ("dr.Rina", "Rina"),
        ("Letnan Kolonel Inf. Joko Susilo", "Joko Susilo"),
        ("Prof Doktor Siti Rahma M.Si.", "Siti Rahma"),
        ("Budi Hartono NIP. 19700101 199003 1 001", "Budi Hartono"),
        ("..........................", None),
    ],
)
def test_clean_person(raw, name):
    assert clean_person(raw) == name


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Ditjenpas", "Direktorat Jenderal Pemasyarakatan"),
        ("Lapas Kelas IIA Pekanbaru", "Lembaga Pemasyarakatan Kelas IIA Pekanbaru"),
        ("Pemkab Kampar", "Pemerintah Kabupaten Kampar"),
        ("Pemko Pekanbaru", "Pemerintah Kota Pekanbaru"),
        (
            "Kanwil Kemenkumham Riau",
            "Kantor Wilayah Kementerian Hukum dan Hak Asasi Manusia Riau",
        ),
        ("Kemenimipas", "Kementerian Imigrasi dan Pemasyarakatan"),
        ("RUTAN KELAS IIB SIAK", "Rumah Tahanan Negara Kelas IIB Siak"),
        (
            "PT BANK RAKYAT INDONESIA (PERSERO) TBK",
            "PT Bank Rakyat Indonesia (Persero) Tbk",
        ),
        (
            "BPJS Ketenagakerjaan Cabang Dumai",
            "Badan Penyelenggara Jaminan Sosial Ketenagakerjaan Cabang Dumai",
        ),
        ("Pemerintah Kabupaten (Pemkab) Kampar", "Pemerintah Kabupaten Kampar"),
        ("  “Universitas  Terbuka” ", "Universitas Terbuka"),
    ],
)
def test_canonical_name(name, canonical):
    assert canonical_name(name) == canonical


def test_short_name_contracts_known_long_forms():
    assert short_name("Lembaga Pemasyarakatan Kelas IIA Bengkalis") == (
        "Lapas Kelas IIA Bengkalis"
    )
    assert short_name("Universitas Riau Raya") is None


def test_lower_case_words_are_not_heads():
    assert canonical_name("kunjungan dinas") == "kunjungan dinas"
    assert canonical_name("Man Jadda") == "Man Jadda"


def test_gazetteer_has_the_required_entries():
    gazetteer = read_gazetteer()
    forms = {entry.form for entry in gazetteer.entries}
    required = {"Ditjenpas", "Kemenkumham", "Kemenimipas", "Kanwil", "Lapas", "Rutan"}
    required |= {"Bapas", "LPKA", "LPP", "Pemkab", "Pemkot", "Pemko", "Pemprov"}
    required |= {"Pemdes", "Disnaker", "Disnakertrans", "Dinkes", "Dinsos", "BLK"}
    required |= {"BBPVP", "BPJS Kesehatan", "BPJS Ketenagakerjaan", "Kemnaker"}
    required |= {"Kemenag", "Polres", "Polda", "Kodim", "Puskesmas", "RSUD"}
    required |= {"Poltekkes", "UIN", "IAIN", "UT", "BNN", "BNNK", "BAZNAS", "Kadin"}
    required |= {"PT", "CV", "Yayasan", "Koperasi"}
    assert required <= forms
    assert len(gazetteer.entries) >= 60


def test_bad_gazetteer_line_names_the_line(tmp_path):
    path = tmp_path / "orgs.tsv"
    path.write_text("# header\nLapas\tLembaga Pemasyarakatan\n", encoding="utf-8")
    with pytest.raises(ValueError, match="orgs.tsv:2"):
        read_gazetteer(path)


def test_position_only_blocks_and_a_natural_person(parse):
    text = (
        "Yang bertanda tangan di bawah ini:\n"
        "1. Budi Santoso, S.Sos., Kepala Lapas Kelas IIA Bengkalis, selanjutnya "
        "disebut PIHAK PERTAMA;\n"
        "2. Ahmad Dahlan, perorangan, pemegang KTP Nomor 1471010101800001, "
        "bertempat tinggal di Jl. Melati No. 5 Dumai, selanjutnya disebut PIHAK "
        "KEDUA.\n\nPasal 1\nSewa lahan.\n"
    )
    first, second = extract_parties(parse(text))
    assert first.name == "Lapas Kelas IIA Bengkalis"
    assert first.canonical == "Lembaga Pemasyarakatan Kelas IIA Bengkalis"
    assert (first.representative, first.representative_title) == (
        "Budi Santoso",
        "Kepala Lapas Kelas IIA Bengkalis",
    )
    assert (second.name, second.representative) == ("Ahmad Dahlan", "Ahmad Dahlan")


def test_on_behalf_of_a_regent_names_the_regency(parse):
    text = (
        "Pada hari ini Jumat, yang bertanda tangan di bawah ini:\n"
        "I. H. Kamsol, S.Pd., M.M., Bupati Kampar, dalam hal ini bertindak dalam "
        "jabatannya untuk dan atas nama Bupati Kampar, selanjutnya disebut Pihak "
        "Kesatu.\n"
        "II. Letkol Inf Andi Wibowo, Komandan Komando Distrik Militer 0313/Kampar, "
        "selanjutnya disebut Pihak Kedua.\n"
        "Pihak Kesatu dan Pihak Kedua selanjutnya disebut Para Pihak.\n\nPasal 1\n"
    )
    regency, district = extract_parties(parse(text))
    assert regency.name == "Pemerintah Kabupaten Kampar"
    assert regency.role_label == "Pihak Kesatu"
    assert regency.representative == "Kamsol"
    assert district.canonical == "Komando Distrik Militer 0313/Kampar"
    assert district.representative == "Andi Wibowo"
    assert "Kodim 0313/Kampar" in district.aliases


# --- News: office names, unnamed partners, quoted heads ----------------------------

NEWS_OFFICE_WITH_DAN = """RENGAT - Lapas Kelas IIB Rengat resmi menjalin kerja sama dengan Unit
Pelaksana Teknis Daerah Balai Latihan Kerja (UPTD BLK) Dinas Tenaga Kerja dan
Transmigrasi Kabupaten Indragiri Hulu, Selasa (1/7/2025).

Dokumen ditandatangani oleh Kepala Lapas Kelas IIB Rengat, Yudha Prasetya, dan
Kepala UPTD BLK Inhu, Hj. Rosnani, S.Sos.
"""

NEWS_PARTNERS = """TANJUNG - Pemerintah Kabupaten Tanjung meneken nota kesepahaman dengan
sembilan mitra sekaligus, kemarin. Penandatanganan dilakukan Bupati Tanjung, H.
Umar Said.

Dari sembilan mitra tersebut, beberapa di antaranya adalah Universitas Bahari
Tanjung, PT Sawit Lestari PT Surya Energi, serta BPR Tanjung Makmur.

Rektor Universitas Bahari Tanjung, Dr. Ratna Sari, M.Pd., menyatakan kampusnya
siap. Direktur PT Sawit Lestari, Hendrik Lubis, berjanji menyalurkan bibit.
Direktur Utama BPR Tanjung Makmur, Nurhayati, menambahkan pihaknya akan
menyediakan kredit. Acara turut dihadiri Sekretaris Daerah Tanjung, Drs. Ahmad.
"""


def test_news_office_name_joins_its_fields_with_dan(parse):
    parties = extract_parties(parse(NEWS_OFFICE_WITH_DAN, news=True))
    assert parties[1].canonical == (
        "Unit Pelaksana Teknis Daerah Balai Latihan Kerja Dinas Tenaga Kerja "
        "dan Transmigrasi Kabupaten Indragiri Hulu"
    )
    assert len(parties) == 2
    assert [p.representative for p in parties] == ["Yudha Prasetya", "Rosnani"]


def test_news_unnamed_partners_listed_later(parse):
    parties = extract_parties(parse(NEWS_PARTNERS, news=True))
    # the comma missing between the two companies does not merge them
    assert names(parties) == [
        "Pemerintah Kabupaten Tanjung",
        "Universitas Bahari Tanjung",
        "PT Sawit Lestari",
        "PT Surya Energi",
        "BPR Tanjung Makmur",
    ]


def test_news_partners_of_earlier_work_are_not_parties(parse):
    text = NEWS + (
        "\nSebelumnya Lapas juga bekerja sama dengan mitra lain, antara lain"
        " PT Sawit Lestari dan Yayasan Pelita.\n"
    )
    parties = extract_parties(parse(text, news=True))
    assert names(parties) == [
        "Lembaga Pemasyarakatan Kelas IIA Bengkalis",
        "Balai Latihan Kerja Kabupaten Bengkalis",
    ]


def test_news_partner_heads_quoted_later_are_representatives(parse):
    parties = extract_parties(parse(NEWS_PARTNERS, news=True))
    assert {p.name: p.representative for p in parties} == {
        "Pemerintah Kabupaten Tanjung": "Umar Said",
        "Universitas Bahari Tanjung": "Ratna Sari",
        "PT Sawit Lestari": "Hendrik Lubis",
        # nobody from this company is quoted; the guest is not taken
        "PT Surya Energi": None,
        "BPR Tanjung Makmur": "Nurhayati",
    }


def test_news_quoted_head_does_not_replace_the_signer(parse):
    text = NEWS + (
        "\nKepala Balai Latihan Kerja Kabupaten Bengkalis, Drs. Hasan, juga hadir.\n"
    )
    parties = extract_parties(parse(text, news=True))
    assert [p.representative for p in parties] == ["Budi Santoso", "Rina Marlina"]


def test_news_dan_before_a_new_head_still_splits(parse):
    text = (
        "Pekanbaru - Dinas Sosial Kota Pekanbaru dan Rumah Sakit Jiwa Tampan"
        " menandatangani nota kesepahaman, Senin."
    )
    parties = extract_parties(parse(text, news=True))
    assert names(parties) == ["Dinas Sosial Kota Pekanbaru", "Rumah Sakit Jiwa Tampan"]


def test_news_weekday_after_a_shared_head_list_is_no_member(parse):
    text = (
        "Bengkalis - Rutan Bengkalis resmi menjalin kerja sama dengan Desa Pematang"
        " Duku dan Kelapapati, Senin (3/3/2025)."
    )
    parties = extract_parties(parse(text, news=True))
    assert names(parties)[-2:] == ["Desa Pematang Duku", "Desa Kelapapati"]
    assert not any("Senin" in name for name in names(parties))
