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
