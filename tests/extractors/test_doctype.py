from __future__ import annotations

from typing import Any

import pytest

from extractors.doctype import DocTypeDecision, classify_doctype, decide_doctype
from extractors.title import extract_title
from schemas.records import DocType
from tests.conftest import ParseFn

BODY = """
Pada hari ini Senin tanggal tiga bulan Juni tahun dua ribu dua puluh empat,
yang bertanda tangan di bawah ini:
1. Andi, selaku Kepala, selanjutnya disebut PIHAK PERTAMA;
2. Sari, selaku Direktur, selanjutnya disebut PIHAK KEDUA.
Pasal 1
MAKSUD DAN TUJUAN
Para pihak sepakat untuk bekerja sama.
Pasal 2
JANGKA WAKTU
Berlaku selama 2 (dua) tahun.
"""


def decide(parse: ParseFn, text: str, **kwargs: Any) -> DocTypeDecision:
    parsed = parse(text, **kwargs)
    title = extract_title(parsed)
    return decide_doctype(parsed, title.value if title else None)


@pytest.mark.parametrize(
    ("heading", "expected", "rule"),
    [
        (
            "PERJANJIAN KERJA SAMA\nANTARA\nLAPAS X\nDENGAN\nBLK Y",
            DocType.PKS,
            "title_pks",
        ),
        (
            "PERJANJIAN KERJASAMA\nANTARA\nRSUD X\nDAN\nPOLTEKKES Y",
            DocType.PKS,
            "title_pks",
        ),
        (
            "PERJANJIAN KERSAMA\nANTARA\nLPKA X\nDENGAN\nPKBM Y",
            DocType.PKS,
            "title_pks",
        ),
        (
            "NOTA KESEPAHAMAN\nANTARA\nPEMKAB X\nDENGAN\nUNIVERSITAS Y",
            DocType.MOU,
            "title_mou",
        ),
        ("MEMORANDUM OF UNDERSTANDING\nBETWEEN\nX\nAND\nY", DocType.MOU, "title_mou"),
        (
            "KESEPAKATAN BERSAMA\nANTARA\nKANWIL X\nDENGAN\nPEMPROV Y",
            DocType.MOU,
            "title_mou",
        ),
        ("NOTA KESEPAKATAN\nANTARA\nDINAS X\nDAN\nPT Y", DocType.MOU, "title_mou"),
        (
            "ADENDUM I\nPERJANJIAN KERJA SAMA\nANTARA\nBAPAS X\nDENGAN\nDINSOS Y",
            DocType.ADDENDUM,
            "title_addendum",
        ),
        (
            "AMANDEMEN\nNOTA KESEPAHAMAN\nANTARA\nX\nDAN\nY",
            DocType.ADDENDUM,
            "title_addendum",
        ),
        (
            "PERUBAHAN PERTAMA ATAS PERJANJIAN KERJA SAMA\nANTARA\nX\nDENGAN\nY",
            DocType.ADDENDUM,
            "title_addendum",
        ),
    ],
)
def test_type_from_title(parse, heading, expected, rule):
    decision = decide(parse, heading + "\n" + BODY)
    assert (decision.doc_type, decision.rule) == (expected, rule)


def test_news_page_is_news_even_when_it_quotes_a_pks(parse):
    text = (
        "PERJANJIAN KERJA SAMA\n\nPEKANBARU - Lapas Pekanbaru dan BLK Riau "
        "menandatangani perjanjian kerja sama, Senin (7/4/2025)."
    )
    decision = decide(parse, text, news=True, meta_title="Lapas Teken PKS - Riau Pos")
    assert (decision.doc_type, decision.rule) == (DocType.NEWS, "news_page")


def test_contract_that_calls_itself_pks(parse):
    text = (
        "KONTRAK PELAKSANAAN PELATIHAN\nANTARA\nLAPAS X\nDENGAN\nCV Y\n"
        "Kontrak ini selanjutnya disebut Perjanjian Kerja Sama.\n" + BODY
    )
    decision = decide(parse, text)
    assert decision.doc_type is DocType.PKS
    assert decision.rule == "title_contract_as_pks"


def test_agreement_without_recognised_title_by_structure(parse):
    text = "LOGO\n~~\n" + BODY + "\nNota Kesepahaman ini dibuat rangkap dua.\n"
    decision = decide(parse, text)
    assert decision.rule == "structure"
    assert decision.doc_type is DocType.PKS  # self-reference sits after header_end


def test_structure_with_mou_self_reference_in_header(parse):
    text = "~~ LOGO ~~\nNota Kesepahaman ini dibuat oleh para pihak.\n" + BODY
    decision = decide(parse, text)
    assert (decision.doc_type, decision.rule) == (DocType.MOU, "structure")


def test_regulation_is_other(parse):
    text = """PERATURAN MENTERI DALAM NEGERI
NOMOR 22 TAHUN 2020
TENTANG
TATA CARA PERJANJIAN KERJA SAMA DAERAH
Pasal 1
Dalam Peraturan Menteri ini yang dimaksud dengan PIHAK PERTAMA dan PIHAK KEDUA
"""
    decision = decide(parse, text)
    assert (decision.doc_type, decision.rule) == (DocType.OTHER, "title_other")


def test_letter_citing_a_pks_is_other(parse):
    text = """PEMERINTAH KABUPATEN ROKAN HULU
DINAS SOSIAL
Nomor : 460/DINSOS/2024/112
Hal : Penandatanganan Perjanjian Kerja Sama
Yth. Kepala Rutan Pasir Pengaraian
Sehubungan dengan Perjanjian Kerja Sama Nomor 12/PKS/2023 tanggal 4 Mei 2023,
kami mengundang Bapak untuk hadir.
"""
    decision = decide(parse, text)
    assert decision.doc_type is DocType.OTHER


def test_letter_by_wording_when_no_title(parse):
    parsed = parse(
        "Kepada Yth. Kepala Lapas\nPerihal: Penyampaian Draf\n"
        "Bersama ini kami sampaikan draf Perjanjian Kerja Sama ini.\n"
    )
    decision = decide_doctype(parsed, None)
    assert (decision.doc_type, decision.rule) == (DocType.OTHER, "wording_letter")


def test_invoice_is_other(parse):
    text = (
        "INVOICE\nNo. INV/2024/0091\nTotal Tagihan Rp 5.000.000\nJatuh tempo 30 hari\n"
    )
    assert decide(parse, text).doc_type is DocType.OTHER


def test_unrecognisable_text_is_other_by_default(parse):
    parsed = parse("lorem ipsum dolor sit amet\n")
    assert decide_doctype(parsed, None).rule == "default"
    assert classify_doctype(parsed, None) is DocType.OTHER


def test_classify_returns_only_the_type(parse):
    parsed = parse("NOTA KESEPAHAMAN\nANTARA\nA\nDAN\nB\n" + BODY)
    assert classify_doctype(parsed, "NOTA KESEPAHAMAN ANTARA A DAN B") is DocType.MOU
