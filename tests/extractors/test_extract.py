import datetime as dt

from extractors import extract
from schemas.records import DateRole, DocType

LETTER = """KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN
LEMBAGA PEMASYARAKATAN KELAS IIB SIAK
Nomor : W4.PAS.12-UM.01.01-88
Perihal : Undangan Penandatanganan Perjanjian Kerja Sama
Yth. Kepala Dinas Tenaga Kerja Kabupaten Siak
di Siak Sri Indrapura
Dengan hormat, kami mengundang Bapak untuk menghadiri penandatanganan Perjanjian Kerja Sama
antara Lembaga Pemasyarakatan Kelas IIB Siak dengan Dinas Tenaga Kerja Kabupaten Siak
tentang pelatihan keterampilan kerja, yang akan dilaksanakan pada hari Senin tanggal 3 Maret 2025.
Siak Sri Indrapura, 20 Februari 2025
Kepala Lembaga Pemasyarakatan Kelas IIB Siak
Andi Saputra
"""

AGREEMENT = """PERJANJIAN KERJA SAMA
ANTARA
LEMBAGA PEMASYARAKATAN KELAS IIB SIAK
DENGAN
DINAS TENAGA KERJA KABUPATEN SIAK
TENTANG
PELATIHAN KETERAMPILAN KERJA
Pada hari ini Senin tanggal tiga bulan Maret tahun dua ribu dua puluh lima, bertempat di Siak,
yang bertanda tangan di bawah ini:
1. Andi Saputra, selaku Kepala Lembaga Pemasyarakatan Kelas IIB Siak, selanjutnya disebut PIHAK PERTAMA.
2. Maria Ulfa, selaku Kepala Dinas Tenaga Kerja Kabupaten Siak, selanjutnya disebut PIHAK KEDUA.
Pasal 1
RUANG LINGKUP
Ruang lingkup perjanjian ini adalah pelatihan keterampilan kerja bagi narapidana.
Pasal 2
JANGKA WAKTU
Perjanjian ini berlaku selama 2 (dua) tahun terhitung sejak tanggal ditandatangani.
Pasal 3
KEWAJIBAN
PIHAK KEDUA wajib menyediakan instruktur pelatihan.
"""


def test_an_agreement_gets_every_field(parse):
    extraction = extract(parse(AGREEMENT))
    assert extraction.doc_type is DocType.PKS
    assert [p.role for p in extraction.parties] == ["PIHAK PERTAMA", "PIHAK KEDUA"]
    assert extraction.signing_date == dt.date(2025, 3, 3)
    assert extraction.term_months == 24
    assert "vocational_training" in [s.code for s in extraction.sectors]
    assert [o.party_role for o in extraction.obligations] == ["PIHAK KEDUA"]


def test_a_letter_citing_an_agreement_has_no_agreement_fields(parse):
    extraction = extract(parse(LETTER))
    assert extraction.doc_type is DocType.OTHER
    assert extraction.parties == ()
    assert extraction.obligations == ()
    assert extraction.sectors == ()
    assert extraction.signing_date is None
    assert DateRole.SIGNING not in {d.role for d in extraction.dates}
    issued = [d for d in extraction.dates if d.role is DateRole.PUBLICATION]
    assert [d.iso for d in issued] == ["2025-02-20"]


DUTIES = """PERJANJIAN KERJA SAMA
ANTARA
RUMAH SAKIT UMUM DAERAH TELUK INDAH
DENGAN
CV(cid:3)BERSIH(cid:3)JAYA
Pada hari ini Senin tanggal tiga bulan Maret tahun dua ribu dua puluh lima,
yang bertanda tangan di bawah ini:
1. Dewi Lestari, selaku Direktur Rumah Sakit Umum Daerah Teluk Indah, dalam hal ini
   bertindak untuk dan atas nama Rumah Sakit Umum Daerah Teluk Indah, selanjutnya
   disebut PIHAK PERTAMA;
2. Bayu Saputra, selaku Direktur CV Bersih Jaya, dalam hal ini bertindak untuk dan
   atas nama CV Bersih Jaya, selanjutnya disebut PIHAK KEDUA atau PENYEDIA.

Pasal(cid:3)1
PEMBAYARAN
PIHAK PERTAMA wajib membayar Rp12.500.000,00 (dua belas juta lima ratus ribu rupiah)
paling lambat 10 (sepuluh) hari kerja setelah tagihan diterima.

Pasal 2
LARANGAN
PENYEDIA dilarang mengalihkan pekerjaan apabila tidak ada izin tertulis.

Pasal 3
JANGKA WAKTU
Perjanjian ini berlaku sejak tanggal 1 April 2025 sampai dengan tanggal 1 Januari 2025.
"""


def test_defined_short_name_resolves_the_duty_to_its_party(parse):
    extraction = extract(parse(DUTIES))
    banned = [o for o in extraction.obligations if o.kind == "prohibition"]
    assert [o.party_role for o in banned] == ["PIHAK KEDUA"]
    assert banned[0].condition == "apabila tidak ada izin tertulis"


def test_duty_terms_are_on_the_record(parse):
    payment = extract(parse(DUTIES)).obligations[0]
    assert payment.clause == "Pasal 1"
    assert payment.amount_rupiah == 12_500_000
    assert payment.amount is not None and payment.amount.startswith("Rp12.500.000,00")
    assert payment.deadline is not None
    assert payment.deadline.startswith("paling lambat 10 (sepuluh) hari kerja")


def test_end_before_start_is_flagged(parse):
    extraction = extract(parse(DUTIES))
    assert "expiry_before_signing" in extraction.flags
    assert "expiry_before_effective" in extraction.flags


def test_date_order_flags_compare_first_full_dates():
    from extractors import date_order_flags
    from schemas.records import DateValue, Evidence

    evidence = Evidence(page=1, start=0, end=0, text="")

    def value(role, day):
        return DateValue(year=2025, month=3, day=day, role=role, evidence=evidence)

    assert date_order_flags(
        (value(DateRole.SIGNING, 5), value(DateRole.PUBLICATION, 4))
    ) == ("signing_after_publication",)
    assert (
        date_order_flags((value(DateRole.SIGNING, 5), value(DateRole.EXPIRY, 6))) == ()
    )


def test_term_months_from_first_and_last_day():
    from extractors import months_between
    from schemas.records import DateValue, Evidence

    evidence = Evidence(page=1, start=0, end=0, text="")

    def value(role, year, month, day):
        return DateValue(year=year, month=month, day=day, role=role, evidence=evidence)

    start = value(DateRole.EFFECTIVE, 2023, 2, 23)
    assert months_between((start, value(DateRole.EXPIRY, 2025, 2, 22))) == 24
    assert months_between((start, value(DateRole.EXPIRY, 2025, 2, 10))) is None
    assert months_between((start,)) is None
