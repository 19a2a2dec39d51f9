from __future__ import annotations

from typing import Any

import pytest

from extractors.numbers import extract_numbers
from schemas.records import DocType
from tests.conftest import ParseFn

OPENING = """
Pada hari ini Rabu tanggal satu bulan Mei tahun dua ribu dua puluh empat,
yang bertanda tangan di bawah ini:
1. Andi, selaku Kepala, selanjutnya disebut PIHAK PERTAMA;
2. Sari, selaku Direktur, selanjutnya disebut PIHAK KEDUA.
Pasal 1
Para pihak sepakat.
"""


def numbers_of(parse: ParseFn, header: str, **kwargs: Any) -> list[tuple[str, bool]]:
    parsed = parse(header + OPENING, **kwargs)
    return [(n.value, n.reference) for n in extract_numbers(parsed)]


def own(parse: ParseFn, header: str) -> list[str]:
    return [value for value, reference in numbers_of(parse, header) if not reference]


def test_one_number_per_party(parse):
    header = """PERJANJIAN KERJA SAMA
ANTARA
POLITEKNIK NEGERI BENGKALIS
DENGAN
PT KILANG MAJU
Nomor : 045/PKS/POLBENG/VII/2025
NOMOR: PAS-12.OT.02.02 Tahun 2025
"""
    assert own(parse, header) == [
        "045/PKS/POLBENG/VII/2025",
        "PAS-12.OT.02.02 Tahun 2025",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Nomor : B/812/UN19.5/KS.00/2023", "B/812/UN19.5/KS.00/2023"),
        ("No. PKS. 17/DIR/KEU/III/2021", "PKS. 17/DIR/KEU/III/2021"),
        ("Nomer: 33/KS/DISNAK/2022", "33/KS/DISNAK/2022"),
        ("N om or : 12/PK5/2O19", "12/PK5/2O19"),
        ("Nornor : 77/KS/20l8", "77/KS/20l8"),
        ("Nomor : 12/ 45 /DPK/2019", "12/ 45 /DPK/2019"),
        ("Nomor :   12/  45 /DPK/2019", "12/ 45 /DPK/2019"),
        ("Nomor : KS.07/.../2024", "KS.07/.../2024"),
        ("Nomor I : 7 Tahun 2022", "7 Tahun 2022"),
        ("NOMOR 118/STP/MoU/XI/2017", "118/STP/MoU/XI/2017"),
        ("Nomor : 21/KB/2024          Tanggal : 5 Mei 2024", "21/KB/2024"),
    ],
)
def test_number_shapes_and_labels(parse, line, expected):
    assert own(parse, "NOTA KESEPAHAMAN\nANTARA\nA\nDAN\nB\n" + line + "\n") == [
        expected
    ]


def test_value_on_the_next_line(parse):
    header = (
        "KESEPAKATAN BERSAMA\nNOMOR :\n   180/KSB-PEMKAB/IX/2023\nTENTANG\nPENDIDIKAN\n"
    )
    numbers = extract_numbers(parse(header + OPENING))
    assert [n.value for n in numbers] == ["180/KSB-PEMKAB/IX/2023"]
    assert numbers[0].evidence.rule == "header_label_next_line"
    assert numbers[0].evidence.text == "180/KSB-PEMKAB/IX/2023"


def test_blank_and_placeholder_numbers_are_ignored(parse):
    header = """PERJANJIAN KERJA SAMA
Nomor : ..................
Nomor : -
Nomor : XXX/PKS/XXX
Nomor : ……/……/……
Nomor : 09/YRHS/PKS/VII/2024
"""
    assert own(parse, header) == ["09/YRHS/PKS/VII/2024"]


def test_look_alikes_are_not_agreement_numbers(parse):
    header = """PERJANJIAN KERJA SAMA
Nomor : 12/PKS/2024
Pada hari ini, PIHAK KEDUA berdasarkan Keputusan Rektor
Nomor 12 Tahun 2020 tentang Pengangkatan Direktur, dan Akta Pendirian
Nomor 5 tanggal 3 Mei 2010 yang dibuat di hadapan Notaris Budi, S.H.,
dengan pengesahan Nomor : AHU-0012345.AH.01.01 Tahun 2011, NPWP
Nomor : 01.234.567.8-123.000, Nomor Rekening : 1234567890 pada Bank Riau,
Nomor Telepon : (0761) 555123, mitra SD Negeri No. 104321 Pekanbaru,
berkedudukan di Jalan Sudirman
Nomor 2, Pekanbaru, sesuai Undang-Undang Nomor 22 Tahun 2022.
"""
    assert own(parse, header) == ["12/PKS/2024"]


def test_parent_agreement_number_is_a_reference(parse):
    header = """ADENDUM PERTAMA
PERJANJIAN KERJA SAMA
Nomor : W2.PAS.PAS.18-PK.01.05.02-0031
Nomor : 460/0127/DINSOS/I/2024
"""
    body = """
Pasal 1
Ketentuan Pasal 3 Perjanjian Kerja Sama Nomor 460/1452/DINSOS/II/2022 tanggal
14 Februari 2022 tentang Pembimbingan Klien diubah sehingga berbunyi:
SEMULA : jangka waktu 2 (dua) tahun.
DIUBAH MENJADI : jangka waktu 3 (tiga) tahun.
"""
    numbers = extract_numbers(parse(header + OPENING + body))
    assert [(n.value, n.reference) for n in numbers] == [
        ("W2.PAS.PAS.18-PK.01.05.02-0031", False),
        ("460/0127/DINSOS/I/2024", False),
        ("460/1452/DINSOS/II/2022", True),
    ]
    assert numbers[2].evidence.rule == "parent_reference"


def test_own_number_repeated_in_body_is_not_a_reference(parse):
    header = "PERJANJIAN KERJA SAMA\nNomor : 77/PKS/2024\n"
    body = (
        "\nPasal 9\nPerjanjian Kerja Sama Nomor 77/PKS/2024 ini dibuat rangkap dua.\n"
    )
    assert numbers_of(parse, header + body) == [("77/PKS/2024", False)]


def test_law_cited_after_agreement_word_is_not_a_reference(parse):
    body = (
        "\nPasal 2\nPerjanjian ini dibuat berdasarkan Undang-Undang Nomor 23 "
        "Tahun 2014 tentang Pemerintahan Daerah.\n"
    )
    assert numbers_of(parse, "PERJANJIAN KERJA SAMA\nNomor : 1/PKS/2024\n" + body) == [
        ("1/PKS/2024", False)
    ]


def test_identical_numbers_are_deduplicated(parse):
    header = "PERJANJIAN KERJA SAMA\nNomor : 5/KS/2024\nNOMOR : 5/KS/2024\n"
    assert own(parse, header) == ["5/KS/2024"]


def test_letter_and_decree_have_no_agreement_number(parse):
    letter = """PEMERINTAH KABUPATEN PELALAWAN
Nomor : 560/DISNAKER/II/2025/087
Hal : Undangan Penandatanganan Perjanjian Kerja Sama
Yth. Kepala Lapas
Menindaklanjuti Kesepakatan Bersama Nomor 180/PEM-KB/VI/2023 tanggal 12 Juni 2023.
"""
    assert extract_numbers(parse(letter)) == ()
    decree = """KEPUTUSAN KEPALA LEMBAGA PEMASYARAKATAN KELAS IIA SIAK
NOMOR W4.PAS.PAS.7-UM.01.01-0215 TAHUN 2024
TENTANG
TIM PELAKSANA PERJANJIAN KERJA SAMA
Menimbang : bahwa telah ditandatangani Perjanjian Kerja Sama Nomor 12/PKS/2024;
"""
    assert extract_numbers(parse(decree)) == ()


def test_caller_may_pass_the_type(parse):
    parsed = parse("PERJANJIAN KERJA SAMA\nNomor : 8/PKS/2024\n" + OPENING)
    assert extract_numbers(parsed, doc_type=DocType.OTHER) == ()
    assert [n.value for n in extract_numbers(parsed, doc_type=DocType.PKS)] == [
        "8/PKS/2024"
    ]


def test_news_numbers_only_when_printed_as_the_agreements(parse):
    quiet = (
        "PEKANBARU - Lapas Pekanbaru meneken PKS dengan BLK, Senin (7/4/2025). "
        "Hubungi nomor 0812-7788-1290 untuk informasi."
    )
    assert extract_numbers(parse(quiet, news=True)) == ()
    explicit = (
        "SIAK - Rutan Siak dan Puskesmas menandatangani PKS bernomor "
        "W4.PAS.PAS.11-PK.01.07-215 di aula rutan."
    )
    numbers = extract_numbers(parse(explicit, news=True))
    assert [(n.value, n.reference) for n in numbers] == [
        ("W4.PAS.PAS.11-PK.01.07-215", False)
    ]


def test_bilingual_header_keeps_the_indonesian_value(parse):
    text = (
        "PERJANJIAN KERJA SAMA COOPERATION AGREEMENT\n"
        "Nomor : 21/PKS/UBT/2025 Number : 21/PKS/UBT/2025\n"
    )
    found = extract_numbers(parse(text), doc_type=DocType.PKS)
    assert [n.value for n in found] == ["21/PKS/UBT/2025"]
