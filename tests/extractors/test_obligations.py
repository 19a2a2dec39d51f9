from __future__ import annotations

import pytest

from extractors.obligations import (
    extract_obligations,
    normalize_role,
    obligation_terms,
)
from schemas.records import ObligationKind

OBLIGATION = ObligationKind.OBLIGATION
RIGHT = ObligationKind.RIGHT
PROHIBITION = ObligationKind.PROHIBITION

HEAD = """PERJANJIAN KERJA SAMA
ANTARA
LEMBAGA PEMASYARAKATAN KELAS IIA BANGKINANG
DENGAN
UPT BALAI LATIHAN KERJA KAMPAR
TENTANG
PELATIHAN KETERAMPILAN BAGI WARGA BINAAN PEMASYARAKATAN

Pada hari ini Senin tanggal tiga bulan Juni tahun dua ribu dua puluh empat,
yang bertanda tangan di bawah ini:
1. Drs. Hendra Saputra, Kepala Lembaga Pemasyarakatan Kelas IIA Bangkinang,
selanjutnya disebut PIHAK PERTAMA;
2. Rina Marlina, S.Pd., Kepala UPT Balai Latihan Kerja Kampar, selanjutnya
disebut PIHAK KEDUA.
PARA PIHAK terlebih dahulu menerangkan hal-hal sebagai berikut:
a. bahwa PIHAK PERTAMA wajib melaksanakan pembinaan kemandirian bagi warga
binaan;
b. bahwa PIHAK KEDUA bersedia menyelenggarakan pelatihan kerja.
Berdasarkan hal tersebut, PARA PIHAK sepakat untuk mengadakan Perjanjian Kerja
Sama dengan ketentuan sebagai berikut:

"""
SIGNATURE = """

PIHAK KEDUA,

Rina Marlina, S.Pd.

PIHAK PERTAMA,

Drs. Hendra Saputra
Catatan: PIHAK KEDUA wajib memaraf setiap halaman.
"""


def agreement(body: str) -> str:
    return HEAD + body.strip("\n") + SIGNATURE


def rows(obligations):
    return [(o.kind, o.party_role, o.clause, o.text) for o in obligations]


@pytest.fixture
def read(parse):
    def run(body: str, aliases=None):
        return extract_obligations(parse(agreement(body)), aliases)

    return run


# --- lists: a lead-in hands its party and kind to every item -------------------


def test_ayat_lead_in_makes_one_record_per_item(read):
    found = read(
        """Pasal 4
KEWAJIBAN PARA PIHAK
(1) PIHAK PERTAMA berkewajiban:
a. menyediakan peserta pelatihan sebanyak 20 (dua puluh) orang;
b. menyediakan ruang kelas dan listrik; dan
c. menjamin keamanan selama pelatihan.
(2) PIHAK KEDUA berkewajiban:
a. menyediakan instruktur yang bersertifikat;
b. menerbitkan sertifikat bagi peserta yang lulus.
"""
    )
    assert rows(found) == [
        (
            OBLIGATION,
            "PIHAK PERTAMA",
            "Pasal 4 ayat (1) huruf a",
            "menyediakan peserta pelatihan sebanyak 20 (dua puluh) orang",
        ),
        (
            OBLIGATION,
            "PIHAK PERTAMA",
            "Pasal 4 ayat (1) huruf b",
            "menyediakan ruang kelas dan listrik",
        ),
        (
            OBLIGATION,
            "PIHAK PERTAMA",
            "Pasal 4 ayat (1) huruf c",
            "menjamin keamanan selama pelatihan",
        ),
        (
            OBLIGATION,
            "PIHAK KEDUA",
            "Pasal 4 ayat (2) huruf a",
            "menyediakan instruktur yang bersertifikat",
        ),
        (
            OBLIGATION,
            "PIHAK KEDUA",
            "Pasal 4 ayat (2) huruf b",
            "menerbitkan sertifikat bagi peserta yang lulus",
        ),
    ]


def test_noun_lead_in_kewajiban_pihak(read):
    found = read(
        """Pasal 5
PELAKSANAAN
Kewajiban PIHAK KEDUA:
a. menyusun jadwal pelatihan;
b. melaporkan hasil pelatihan.
"""
    )
    assert [(o.party, o.clause, o.text) for o in found] == [
        ("PIHAK KEDUA", "Pasal 5 huruf a", "menyusun jadwal pelatihan"),
        ("PIHAK KEDUA", "Pasal 5 huruf b", "melaporkan hasil pelatihan"),
    ]
    assert {o.kind for o in found} == {OBLIGATION}


def test_hak_lead_in_gives_rights(read):
    found = read(
        """Pasal 6
HAK PARA PIHAK
(1) Hak PIHAK PERTAMA:
a. menerima laporan perkembangan peserta;
b. melakukan monitoring pelaksanaan pelatihan.
"""
    )
    assert [(o.kind, o.party_role, o.clause) for o in found] == [
        (RIGHT, "PIHAK PERTAMA", "Pasal 6 ayat (1) huruf a"),
        (RIGHT, "PIHAK PERTAMA", "Pasal 6 ayat (1) huruf b"),
    ]


def test_dilarang_lead_in_gives_prohibitions(read):
    found = read(
        """Pasal 7
LARANGAN
PIHAK KEDUA dilarang:
a. memungut biaya dari peserta pelatihan;
b. mengalihkan pelaksanaan pelatihan kepada pihak ketiga.
"""
    )
    assert [(o.kind, o.party_role, o.text) for o in found] == [
        (PROHIBITION, "PIHAK KEDUA", "memungut biaya dari peserta pelatihan"),
        (
            PROHIBITION,
            "PIHAK KEDUA",
            "mengalihkan pelaksanaan pelatihan kepada pihak ketiga",
        ),
    ]


def test_lead_in_sebagai_berikut_with_mempunyai_hak(read):
    found = read(
        """Pasal 6
HAK
PIHAK KEDUA mempunyai hak sebagai berikut:
1. menggunakan ruang kelas milik PIHAK PERTAMA;
2. mendapatkan data calon peserta.
"""
    )
    assert [(o.kind, o.party_role, o.clause) for o in found] == [
        (RIGHT, "PIHAK KEDUA", "Pasal 6 angka 1"),
        (RIGHT, "PIHAK KEDUA", "Pasal 6 angka 2"),
    ]


def test_hak_dan_kewajiban_article_with_ayat_lead_ins(read):
    found = read(
        """Pasal 3
HAK DAN KEWAJIBAN
(1) PIHAK PERTAMA berkewajiban:
a. mendata warga binaan yang memenuhi syarat;
b. mengawal peserta selama pelatihan.
(2) PIHAK PERTAMA berhak:
a. mendapatkan laporan hasil uji kompetensi.
(3) PIHAK KEDUA berkewajiban melaksanakan pelatihan sesuai kurikulum.
"""
    )
    assert [(o.kind, o.party_role, o.clause) for o in found] == [
        (OBLIGATION, "PIHAK PERTAMA", "Pasal 3 ayat (1) huruf a"),
        (OBLIGATION, "PIHAK PERTAMA", "Pasal 3 ayat (1) huruf b"),
        (RIGHT, "PIHAK PERTAMA", "Pasal 3 ayat (2) huruf a"),
        (OBLIGATION, "PIHAK KEDUA", "Pasal 3 ayat (3)"),
    ]
    assert found[-1].text == (
        "PIHAK KEDUA berkewajiban melaksanakan pelatihan sesuai kurikulum"
    )


def test_duty_heading_without_lead_in_is_inherited(read):
    found = read(
        """Pasal 4
KEWAJIBAN PIHAK KEDUA
(1) Menyediakan modul pelatihan.
(2) Menyediakan bahan praktik menjahit.
"""
    )
    assert rows(found) == [
        (OBLIGATION, "PIHAK KEDUA", "Pasal 4 ayat (1)", "Menyediakan modul pelatihan"),
        (
            OBLIGATION,
            "PIHAK KEDUA",
            "Pasal 4 ayat (2)",
            "Menyediakan bahan praktik menjahit",
        ),
    ]


def test_party_only_lead_in_takes_kind_from_heading(read):
    found = read(
        """Pasal 4
KEWAJIBAN PARA PIHAK
(1) PIHAK PERTAMA:
a. menyeleksi calon peserta.
(2) PIHAK KEDUA:
a. menyediakan instruktur.
"""
    )
    assert [(o.party_role, o.clause, o.kind) for o in found] == [
        ("PIHAK PERTAMA", "Pasal 4 ayat (1) huruf a", OBLIGATION),
        ("PIHAK KEDUA", "Pasal 4 ayat (2) huruf a", OBLIGATION),
    ]


def test_item_with_sub_list_is_one_record(read):
    found = read(
        """Pasal 4
KEWAJIBAN
PIHAK PERTAMA berkewajiban:
a. menyediakan sarana berupa:
1) ruang kelas;
2) meja dan kursi.
b. menunjuk petugas pendamping.
"""
    )
    assert [o.clause for o in found] == ["Pasal 4 huruf a", "Pasal 4 huruf b"]
    assert found[0].text.startswith("menyediakan sarana berupa:")
    assert found[0].text.endswith("meja dan kursi")


def test_item_naming_its_own_party_keeps_it(read):
    found = read(
        """Pasal 4
PELAKSANAAN
Dalam pelaksanaan pelatihan, PARA PIHAK berkewajiban:
a. menjaga nama baik masing-masing lembaga;
b. biaya konsumsi ditanggung oleh PIHAK KEDUA.
"""
    )
    assert [o.party_role for o in found] == ["PARA PIHAK", "PIHAK KEDUA"]


def test_scope_list_is_not_an_obligation(read):
    found = read(
        """Pasal 2
RUANG LINGKUP
PARA PIHAK sepakat untuk bekerja sama dalam bidang:
a. pelatihan menjahit;
b. pelatihan pengelasan;
c. uji kompetensi.
"""
    )
    assert found == ()


# --- one verb family at a time ------------------------------------------------

SINGLE = [
    ("PIHAK KEDUA wajib menyusun kurikulum pelatihan.", OBLIGATION, "PIHAK KEDUA"),
    (
        "PIHAK PERTAMA berkewajiban mengirimkan daftar peserta.",
        OBLIGATION,
        "PIHAK PERTAMA",
    ),
    ("PIHAK KEDUA berkewajiaban menyusun laporan.", OBLIGATION, "PIHAK KEDUA"),
    ("PIHAK KEDUA berkewajban menyusun laporan.", OBLIGATION, "PIHAK KEDUA"),
    (
        "PIHAK PERTAMA mempunyai kewajiban menjaga keamanan peserta.",
        OBLIGATION,
        "PIHAK PERTAMA",
    ),
    (
        "PIHAK KEDUA harus menggunakan instruktur bersertifikat.",
        OBLIGATION,
        "PIHAK KEDUA",
    ),
    (
        "PIHAK KEDUA bertanggung jawab atas mutu pelatihan.",
        OBLIGATION,
        "PIHAK KEDUA",
    ),
    (
        "PIHAK PERTAMA bertanggung jawab untuk menjaga ketertiban peserta.",
        OBLIGATION,
        "PIHAK PERTAMA",
    ),
    ("PIHAK PERTAMA menyediakan ruang praktik.", OBLIGATION, "PIHAK PERTAMA"),
    (
        "PIHAK KEDUA bersedia menerima peserta tambahan.",
        OBLIGATION,
        "PIHAK KEDUA",
    ),
    (
        "PIHAK KEDUA setuju untuk menyerahkan modul kepada PIHAK PERTAMA.",
        OBLIGATION,
        "PIHAK KEDUA",
    ),
    (
        "PARA PIHAK sepakat untuk melakukan evaluasi setiap 6 (enam) bulan.",
        OBLIGATION,
        "PARA PIHAK",
    ),
    (
        "PIHAK KEDUA akan menanggung biaya uji kompetensi.",
        OBLIGATION,
        "PIHAK KEDUA",
    ),
    (
        "PIHAK PERTAMA menanggung biaya transportasi peserta.",
        OBLIGATION,
        "PIHAK PERTAMA",
    ),
    ("PIHAK PERTAMA membayar honor instruktur.", OBLIGATION, "PIHAK PERTAMA"),
    ("PIHAK PERTAMA berhak menerima laporan bulanan.", RIGHT, "PIHAK PERTAMA"),
    ("PIHAK KEDUA memiliki hak menolak peserta yang sakit.", RIGHT, "PIHAK KEDUA"),
    ("PIHAK KEDUA dilarang memungut biaya dari peserta.", PROHIBITION, "PIHAK KEDUA"),
    (
        "PIHAK KEDUA tidak diperkenankan membawa peserta keluar Lapas.",
        PROHIBITION,
        "PIHAK KEDUA",
    ),
    (
        "PIHAK PERTAMA tidak diperbolehkan mengubah jadwal secara sepihak.",
        PROHIBITION,
        "PIHAK PERTAMA",
    ),
    ("PIHAK KEDUA tidak boleh menggunakan nama Lapas.", PROHIBITION, "PIHAK KEDUA"),
    (
        "PIHAK KEDUA tidak berhak mengalihkan perjanjian ini.",
        PROHIBITION,
        "PIHAK KEDUA",
    ),
    ("PIHAK KESATU wajib menyeleksi peserta.", OBLIGATION, "PIHAK PERTAMA"),
    ("PIHAK II wajib menyeleksi instruktur.", OBLIGATION, "PIHAK KEDUA"),
    ("PIHAK KEENAM wajib menyediakan gudang material.", OBLIGATION, "PIHAK KEENAM"),
    ("Pihak Kedua wajib menyeleksi instruktur.", OBLIGATION, "PIHAK KEDUA"),
    ("KEDUA BELAH PIHAK wajib menjaga kerahasiaan data.", OBLIGATION, "PARA PIHAK"),
    (
        "Biaya konsumsi peserta ditanggung oleh PIHAK KEDUA.",
        OBLIGATION,
        "PIHAK KEDUA",
    ),
    (
        "Pengawalan peserta dilakukan oleh PIHAK PERTAMA.",
        OBLIGATION,
        "PIHAK PERTAMA",
    ),
    (
        "Biaya sertifikasi menjadi tanggung jawab PIHAK KEDUA.",
        OBLIGATION,
        "PIHAK KEDUA",
    ),
]


@pytest.mark.parametrize(("sentence", "kind", "role"), SINGLE)
def test_each_trigger_in_an_ayat(read, sentence, kind, role):
    body = (
        f"Pasal 5\nPELAKSANAAN\n(1) Pelatihan dilaksanakan di Lapas.\n(2) {sentence}\n"
    )
    found = read(body)
    assert [(o.kind, o.party_role, o.clause) for o in found] == [
        (kind, role, "Pasal 5 ayat (2)")
    ]
    assert found[0].text == sentence.rstrip(".")
    assert found[0].evidence.text == found[0].text


def test_joint_subject_gives_one_duty_per_party(read):
    found = read(
        "Pasal 5\nBIAYA\n"
        "PIHAK KEDUA dan PIHAK KETIGA masing-masing harus membayar biaya angkut.\n"
    )
    assert [(o.party_role, o.party, o.text) for o in found] == [
        (
            "PIHAK KEDUA",
            "PIHAK KEDUA",
            "PIHAK KEDUA dan PIHAK KETIGA masing-masing harus membayar biaya angkut",
        ),
        (
            "PIHAK KETIGA",
            "PIHAK KETIGA",
            "PIHAK KEDUA dan PIHAK KETIGA masing-masing harus membayar biaya angkut",
        ),
    ]


def test_joint_lead_in_gives_each_party_the_items(read):
    found = read(
        "Pasal 5\nPENGANGKUTAN\nPIHAK KEDUA dan PIHAK KETIGA berkewajiban:\n"
        "a. memilah limbah;\nb. mengisi manifest.\n"
    )
    assert [(o.party_role, o.clause) for o in found] == [
        ("PIHAK KEDUA", "Pasal 5 huruf a"),
        ("PIHAK KETIGA", "Pasal 5 huruf a"),
        ("PIHAK KEDUA", "Pasal 5 huruf b"),
        ("PIHAK KETIGA", "Pasal 5 huruf b"),
    ]


def test_evidence_offsets_point_at_the_text(parse):
    parsed = parse(agreement("Pasal 5\nPELAKSANAAN\nPIHAK KEDUA wajib hadir.\n"))
    (found,) = extract_obligations(parsed)
    start, end = found.evidence.start, found.evidence.end
    assert parsed.text[start:end] == "PIHAK KEDUA wajib hadir"
    assert found.party == "PIHAK KEDUA"


def test_party_as_printed_and_role_normalised(read):
    (found,) = read("Pasal 5\nPELAKSANAAN\nPihak Kesatu wajib hadir.\n")
    assert (found.party, found.party_role) == ("Pihak Kesatu", "PIHAK PERTAMA")


def test_no_party_in_sentence_gives_none(read):
    (found,) = read(
        "Pasal 9\nPERUBAHAN\nSetiap perubahan harus dibuat secara tertulis.\n"
    )
    assert (found.kind, found.party, found.party_role) == (OBLIGATION, None, None)


# --- subjects and sentence splitting -----------------------------------------


def test_object_of_preposition_is_not_the_subject(read):
    (found,) = read(
        "Pasal 5\nPELAPORAN\n"
        "PIHAK PERTAMA wajib memberikan laporan kepada PIHAK KEDUA dan harus\n"
        "menyampaikannya tepat waktu.\n"
    )
    assert found.party_role == "PIHAK PERTAMA"


def test_role_split_in_one_sentence_gives_two_records(read):
    found = read(
        "Pasal 5\nPELAKSANAAN\n"
        "PIHAK PERTAMA menyediakan tempat pelatihan, sedangkan PIHAK KEDUA\n"
        "menyediakan instruktur dan bahan praktik.\n"
    )
    assert [(o.party_role, o.text) for o in found] == [
        ("PIHAK PERTAMA", "PIHAK PERTAMA menyediakan tempat pelatihan"),
        ("PIHAK KEDUA", "PIHAK KEDUA\nmenyediakan instruktur dan bahan praktik"),
    ]


def test_right_and_duty_of_one_party_in_one_sentence(read):
    found = read(
        "Pasal 5\nHONORARIUM\n"
        "PIHAK KEDUA berhak menerima honorarium dan wajib menyampaikan kuitansi.\n"
    )
    assert [(o.kind, o.party_role, o.text) for o in found] == [
        (RIGHT, "PIHAK KEDUA", "PIHAK KEDUA berhak menerima honorarium"),
        (OBLIGATION, "PIHAK KEDUA", "wajib menyampaikan kuitansi"),
    ]


def test_menyediakan_not_after_a_party_is_not_a_duty(read):
    found = read(
        "Pasal 5\nPELAKSANAAN\n"
        "Anggaran untuk menyediakan bahan praktik berasal dari DIPA Lapas.\n"
    )
    assert found == ()


def test_negated_duty_is_not_taken(read):
    found = read(
        "Pasal 8\nKEADAAN KAHAR\n"
        "PIHAK PERTAMA tidak bertanggung jawab atas kerugian akibat bencana alam.\n"
    )
    assert found == ()


def test_lower_case_pihak_ketiga_is_not_a_subject(read):
    (found,) = read(
        "Pasal 5\nPELAKSANAAN\n"
        "Tanpa persetujuan PIHAK PERTAMA, pihak ketiga tidak boleh masuk ruang kelas.\n"
    )
    assert (found.kind, found.party) == (PROHIBITION, None)


# --- aliases ---------------------------------------------------------------------


def test_alias_is_the_party_with_its_role(read):
    body = "Pasal 5\nPELAKSANAAN\nBLK wajib menyediakan instruktur.\n"
    (found,) = read(body, aliases={"BLK": "PIHAK KEDUA"})
    assert (found.party, found.party_role) == ("BLK", "PIHAK KEDUA")
    (bare,) = read(body)
    assert (bare.party, bare.party_role) == (None, None)


def test_alias_role_is_normalised_and_used_in_lead_in(read):
    found = read(
        "Pasal 5\nTUGAS\nPENYEDIA berkewajiban:\na. mengirim barang;\n"
        "b. memasang peralatan.\n",
        aliases={"PENYEDIA": "Pihak II"},
    )
    assert [(o.party, o.party_role) for o in found] == [
        ("PENYEDIA", "PIHAK KEDUA"),
        ("PENYEDIA", "PIHAK KEDUA"),
    ]


# --- what is not an obligation -------------------------------------------------


def test_recitals_preamble_and_signature_are_not_read(read):
    found = read(
        "Pasal 1\nJANGKA WAKTU\nPerjanjian ini berlaku selama 1 (satu) tahun.\n"
    )
    assert found == ()


def test_definitions_are_not_obligations(read):
    found = read(
        """Pasal 1
KETENTUAN UMUM
Dalam Perjanjian ini yang dimaksud dengan:
1. Peserta adalah warga binaan yang wajib mengikuti pelatihan.
2. Instruktur adalah tenaga yang harus memiliki sertifikat.
"""
    )
    assert found == ()


def test_mou_non_binding_declaration_is_not_an_obligation(read):
    found = read(
        """Pasal 6
SIFAT NOTA KESEPAHAMAN
Nota Kesepahaman ini tidak menimbulkan akibat hukum dan kewajiban keuangan
yang harus dipenuhi oleh PARA PIHAK.
"""
    )
    assert found == ()


def test_purpose_article_keeps_only_modal_duties(read):
    found = read(
        """Pasal 1
MAKSUD DAN TUJUAN
(1) PARA PIHAK sepakat untuk bekerja sama dalam pembinaan kemandirian.
(2) PIHAK KEDUA wajib menyusun rencana kerja tahunan.
"""
    )
    assert [(o.party_role, o.clause) for o in found] == [
        ("PIHAK KEDUA", "Pasal 1 ayat (2)")
    ]


# --- deadline, amount, condition ------------------------------------------------


def test_terms_of_a_payment_duty(parse):
    parsed = parse(
        agreement(
            "Pasal 7\nPEMBAYARAN\n"
            "Apabila pelatihan selesai dilaksanakan, PIHAK PERTAMA wajib membayar\n"
            "honorarium sebesar Rp7.500.000,00 (tujuh juta lima ratus ribu rupiah)\n"
            "paling lambat 14 (empat belas) hari kerja setelah laporan diterima.\n"
        )
    )
    (found,) = extract_obligations(parsed)
    assert found.party_role == "PIHAK PERTAMA"
    terms = obligation_terms(found)
    assert terms.amount is not None and terms.amount.value.startswith("Rp7.500.000,00")
    assert terms.amount_rupiah == 7_500_000
    assert terms.deadline is not None
    assert terms.deadline.value == (
        "paling lambat 14 (empat belas) hari kerja setelah laporan diterima"
    )
    assert terms.condition is not None
    assert terms.condition.value == "Apabila pelatihan selesai dilaksanakan"
    evidence = terms.amount.evidence
    assert parsed.text[evidence.start : evidence.end] == evidence.text


def test_terms_absent(read):
    (found,) = read("Pasal 5\nPELAKSANAAN\nPIHAK KEDUA wajib hadir.\n")
    terms = obligation_terms(found)
    assert (terms.deadline, terms.amount, terms.condition) == (None, None, None)


# --- pages -------------------------------------------------------------------------


def test_page_of_a_duty_on_the_second_page(parse):
    first = HEAD + "Pasal 1\nJANGKA WAKTU\nPerjanjian ini berlaku satu tahun."
    second = "Pasal 2\nPELAKSANAAN\nPIHAK KEDUA wajib hadir." + SIGNATURE
    (found,) = extract_obligations(parse(pages=[first, second]))
    assert (found.evidence.page, found.clause) == (2, "Pasal 2")


# --- news ------------------------------------------------------------------------

NEWS = """Lapas Kelas IIA Bangkinang dan Universitas Pahlawan menandatangani nota
kesepahaman di bidang pendidikan, Senin (7/4/2025).

Dalam kerja sama itu, Pemkab menyediakan lahan, sementara universitas menyiapkan
tenaga pengajar. Lapas berkewajiban menyiapkan warga binaan yang akan mengikuti
kuliah, sedangkan BLK Kampar menanggung biaya sertifikasi.

"Kami siap mendukung program ini," kata Kalapas. Bupati menyatakan pemerintah
daerah berjanji akan membiayai operasional kelas jauh. Lulusan yang siap kerja
akan disalurkan ke perusahaan mitra. Sebaliknya, Bapas akan menugaskan pembimbing
kemasyarakatan untuk mengawasi klien. Pada tahap awal, sebanyak 32 warga binaan
akan mengikuti kuliah.
"""


def test_news_role_split_and_promises(parse):
    found = extract_obligations(parse(NEWS, news=True))
    assert [(o.party, o.text) for o in found] == [
        ("Pemkab", "Pemkab menyediakan lahan"),
        ("universitas", "universitas menyiapkan\ntenaga pengajar"),
        (
            "Lapas",
            "Lapas berkewajiban menyiapkan warga binaan yang akan mengikuti\nkuliah",
        ),
        ("BLK Kampar", "BLK Kampar menanggung biaya sertifikasi"),
        (
            "pemerintah daerah",
            "pemerintah\ndaerah berjanji akan membiayai operasional kelas jauh",
        ),
        (
            "Bapas",
            "Bapas akan menugaskan pembimbing\nkemasyarakatan untuk mengawasi klien",
        ),
    ]
    assert {(o.party_role, o.clause, o.kind) for o in found} == {
        (None, None, OBLIGATION)
    }


def test_news_pihaknya_is_kept_without_a_name(parse):
    text = "Kepala BLK menyatakan pihaknya siap menggelar uji kompetensi di lapas."
    (found,) = extract_obligations(parse(text, news=True))
    assert (found.party, found.text) == (
        None,
        "pihaknya siap menggelar uji kompetensi di lapas",
    )


def test_news_without_commitments(parse):
    text = "Bupati Kampar menghadiri penandatanganan MoU di aula kantor bupati, Selasa."
    assert extract_obligations(parse(text, news=True)) == ()


# --- roles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("PIHAK KESATU", "PIHAK PERTAMA"),
        ("Pihak I", "PIHAK PERTAMA"),
        ("PIHAK KE-2", "PIHAK KEDUA"),
        ("PIHAK III", "PIHAK KETIGA"),
        ("PIHAK KEENAM", "PIHAK KEENAM"),
        ("Pihak VI", "PIHAK KEENAM"),
        ("pihak lain", None),
        ("Kedua Belah Pihak", "PARA PIHAK"),
        ("PARA  PIHAK", "PARA PIHAK"),
        ("Lapas Kampar", None),
    ],
)
def test_normalize_role(label, role):
    assert normalize_role(label) == role


# --- addenda and page furniture ---------------------------------------------------


def test_addendum_keeps_only_the_new_wording_cited_by_the_parent_article(read):
    found = read(
        """Pasal 2
Ketentuan Pasal 6 ayat (2) Perjanjian Induk diubah sehingga berbunyi sebagai berikut:
SEMULA:
(2) Kewajiban PIHAK KEDUA:
a. menyediakan tempat penampungan sementara.
DIUBAH MENJADI:
(2) Kewajiban PIHAK KEDUA:
a. menyediakan tempat penampungan sementara paling lama 30 (tiga puluh) hari;
b. menyampaikan laporan setiap 3 (tiga) bulan.
"""
    )
    assert [(o.clause, o.text) for o in found] == [
        (
            "Pasal 6 ayat (2) huruf a",
            "menyediakan tempat penampungan sementara paling lama 30 (tiga puluh) hari",
        ),
        ("Pasal 6 ayat (2) huruf b", "menyampaikan laporan setiap 3 (tiga) bulan"),
    ]


def test_inserted_article_is_cited_by_its_new_number(read):
    (found,) = read(
        """Pasal 3
Di antara Pasal 6 dan Pasal 7 Perjanjian Induk disisipkan 1 (satu) pasal, yakni
Pasal 6A, yang berbunyi sebagai berikut:
Pasal 6A
LARANGAN
PARA PIHAK dilarang memungut biaya dari Klien Pemasyarakatan.
"""
    )
    assert (found.clause, found.kind, found.text) == (
        "Pasal 6A",
        PROHIBITION,
        "PARA PIHAK dilarang memungut biaya dari Klien Pemasyarakatan",
    )


def test_page_break_between_lead_in_and_items(parse):
    first = HEAD + "Pasal 4\nKEWAJIBAN\n(1) PIHAK KEDUA berkewajiban:\n\n- 2 -"
    second = (
        "Paraf : PIHAK PERTAMA ...... PIHAK KEDUA ......\n"
        "a. menyediakan konselor;\nb. melaksanakan penyuluhan kesehatan." + SIGNATURE
    )
    found = extract_obligations(parse(pages=[first, second]))
    assert [(o.party_role, o.clause, o.evidence.page) for o in found] == [
        ("PIHAK KEDUA", "Pasal 4 ayat (1) huruf a", 2),
        ("PIHAK KEDUA", "Pasal 4 ayat (1) huruf b", 2),
    ]


def test_page_furniture_after_an_item_is_not_part_of_it(parse):
    first = (
        HEAD + "Pasal 4\nKEWAJIBAN\nPIHAK KEDUA berkewajiban:\na. menyediakan konselor;"
    )
    second = "- 2 -\nParaf : ......\nb. melaksanakan penyuluhan." + SIGNATURE
    found = extract_obligations(parse(pages=[first, second]))
    assert [o.text for o in found] == [
        "menyediakan konselor",
        "melaksanakan penyuluhan",
    ]


def test_bilingual_items_keep_only_the_indonesian_column(read):
    found = read(
        """Pasal 3 Article 3
KEWAJIBAN PIHAK KEDUA OBLIGATIONS OF THE SECOND PARTY
PIHAK KEDUA wajib: The SECOND PARTY shall:
a. menyediakan tempat magang dan pembimbing lapangan;
a. provide internship places and field supervisors;
b. menerbitkan sertifikat magang bagi mahasiswa.
b. issue an internship certificate to the students.
"""
    )
    assert [(o.party_role, o.text) for o in found] == [
        ("PIHAK KEDUA", "menyediakan tempat magang dan pembimbing lapangan"),
        ("PIHAK KEDUA", "menerbitkan sertifikat magang bagi mahasiswa"),
    ]


def test_heading_line_inside_an_article_is_not_part_of_the_duty(read):
    (found,) = read(
        "Pasal 4 Article 4\nLARANGAN PROHIBITIONS\n"
        "PIHAK KEDUA dilarang memasuki area dok\nkering tanpa izin.\n"
    )
    assert found.text == "PIHAK KEDUA dilarang memasuki area dok\nkering tanpa izin"
