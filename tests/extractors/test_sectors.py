from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from extractors.nlp import PATTERNS_DIR
from extractors.sectors import THRESHOLD, classify_sectors, pattern_regex
from extractors.taxonomy import SECTOR_LABELS, SECTORS, sector_label

OPENING = """
Pada hari ini Kamis tanggal dua puluh satu bulan Maret tahun dua ribu dua puluh
empat, yang bertanda tangan di bawah ini:
1. Dr. Yusuf Hamdani, M.Si., Rektor Universitas Pahlawan, selanjutnya disebut
PIHAK PERTAMA;
2. dr. Lestari Wulandari, Kepala Dinas Kesehatan Kabupaten Kampar, selanjutnya
disebut PIHAK KEDUA.
"""
SIGNATURE = """

PIHAK PERTAMA,

Dr. Yusuf Hamdani, M.Si.

PIHAK KEDUA,

dr. Lestari Wulandari
"""


def agreement(title: str, body: str, opening: str = OPENING) -> str:
    return title.strip() + "\n" + opening + "\n" + body.strip("\n") + SIGNATURE


def codes(hits):
    return [hit.code for hit in hits]


TRAINING_TITLE = """PERJANJIAN KERJA SAMA
ANTARA
LEMBAGA PEMASYARAKATAN KELAS IIA BANGKINANG
DENGAN
UPT BALAI LATIHAN KERJA KAMPAR
TENTANG
PELATIHAN KETERAMPILAN BAGI WARGA BINAAN PEMASYARAKATAN
NOMOR: W4.PAS.PAS4-PK.01.01-123
"""
PLAIN_BODY = """Pasal 1
JANGKA WAKTU
Perjanjian ini berlaku selama 1 (satu) tahun.

Pasal 2
PENUTUP
Perjanjian ini dibuat dalam rangkap dua.
"""


def test_sector_from_the_tentang_line(parse):
    parsed = parse(agreement(TRAINING_TITLE, PLAIN_BODY))
    (hit,) = classify_sectors(parsed)
    assert (hit.code, hit.label) == (
        "vocational_training",
        "Pelatihan Vokasi dan Keterampilan",
    )
    assert hit.evidence.rule == "title"
    assert hit.evidence.text == "PELATIHAN KETERAMPILAN"
    assert parsed.text[hit.evidence.start : hit.evidence.end] == hit.evidence.text


def test_party_names_in_the_title_block_do_not_count(parse):
    # "BALAI LATIHAN KERJA" names a party; only the TENTANG part is the subject.
    title = TRAINING_TITLE.replace(
        "PELATIHAN KETERAMPILAN BAGI WARGA BINAAN PEMASYARAKATAN",
        "PENGGUNAAN GEDUNG SERBAGUNA",
    )
    assert classify_sectors(parse(agreement(title, PLAIN_BODY))) == ()


def test_given_title_found_in_text(parse):
    title = "NOTA KESEPAHAMAN\nPENYELENGGARAAN PENDIDIKAN KESETARAAN PAKET C\n"
    parsed = parse(agreement(title, PLAIN_BODY))
    hits = classify_sectors(
        parsed, "NOTA KESEPAHAMAN PENYELENGGARAAN PENDIDIKAN KESETARAAN PAKET C"
    )
    assert codes(hits) == ["education"]
    assert hits[0].evidence.rule == "title"


def test_news_headline_not_in_text(parse):
    parsed = parse(
        "Penandatanganan dilakukan di aula kantor bupati, Selasa.",
        news=True,
        meta_title="Lapas Kampar Gandeng Bank Riau Buka Layanan Perbankan Warga Binaan",
    )
    (hit,) = classify_sectors(parsed)
    assert hit.code == "finance"
    assert (hit.evidence.start, hit.evidence.end, hit.evidence.rule) == (0, 0, "title")
    assert hit.evidence.text == "Layanan Perbankan"


SCOPE_BODY = """Pasal 1
MAKSUD DAN TUJUAN
Maksud Perjanjian ini adalah sebagai pedoman kerja sama PARA PIHAK.

Pasal 2
RUANG LINGKUP
Ruang lingkup Perjanjian ini meliputi:
a. pelayanan kesehatan bagi warga binaan;
b. penyuluhan hukum;
c. pendidikan kesetaraan Paket A, Paket B dan Paket C.

Pasal 3
KEWAJIBAN
PIHAK KEDUA wajib mendaftarkan tenaga pengajar pada BPJS Kesehatan.
"""


def test_scope_article_gives_several_sectors(parse):
    parsed = parse(agreement("KESEPAKATAN BERSAMA", SCOPE_BODY))
    hits = classify_sectors(parsed)
    assert set(codes(hits)) == {"health", "legal_aid", "education"}
    assert {hit.evidence.rule for hit in hits} == {"scope"}
    # Two scope mentions count: Paket A, B and C outweigh one health phrase.
    assert codes(hits)[0] == "education"


def test_hits_are_in_descending_score_order(parse):
    title = "PERJANJIAN KERJA SAMA\nTENTANG\nPENYULUHAN HUKUM\n"
    parsed = parse(agreement(title, SCOPE_BODY))
    assert codes(classify_sectors(parsed))[0] == "legal_aid"


def test_single_stray_mention_is_not_a_sector(parse):
    body = PLAIN_BODY + (
        "\nPasal 3\nKEWAJIBAN\n"
        "PIHAK PERTAMA wajib mendaftarkan peserta pada BPJS Kesehatan.\n"
    )
    parsed = parse(agreement(TRAINING_TITLE, body))
    assert codes(classify_sectors(parsed)) == ["vocational_training"]


def test_repeated_body_mentions_reach_the_threshold(parse):
    body = PLAIN_BODY + (
        "\nPasal 3\nPELAKSANAAN\n"
        "(1) Penelitian dilaksanakan oleh dosen.\n"
        "(2) Hasil penelitian dipublikasikan dalam jurnal ilmiah.\n"
        "(3) Biaya riset ditanggung PIHAK PERTAMA.\n"
        "(4) Kajian lanjutan dapat dilakukan bersama.\n"
    )
    hits = classify_sectors(parse(agreement("KESEPAKATAN BERSAMA", body)))
    assert codes(hits) == ["research"]
    assert hits[0].evidence.rule == "body"


def test_institution_names_weigh_little(parse):
    # "Dinas Kesehatan" in the opening names a party, four times over.
    opening = OPENING + (
        "Dinas Kesehatan Kabupaten Kampar, Dinas Kesehatan Provinsi Riau,\n"
        "Dinas Kesehatan Kota Pekanbaru dan Dinas Kesehatan Kabupaten Siak.\n"
    )
    parsed = parse(agreement("KESEPAKATAN BERSAMA", PLAIN_BODY, opening))
    assert classify_sectors(parsed) == ()


def test_cooperation_field_sentence_in_an_agreement(parse):
    opening = OPENING + (
        "PARA PIHAK sepakat mengadakan kerja sama di bidang pendidikan,\n"
        "penelitian dan pengabdian kepada masyarakat.\n"
    )
    hits = classify_sectors(parse(agreement("NOTA KESEPAHAMAN", PLAIN_BODY, opening)))
    assert set(codes(hits)) == {"education", "research"}
    assert {hit.evidence.rule for hit in hits} == {"field"}


def test_recital_about_a_party_field_is_not_the_cooperation(parse):
    opening = OPENING + (
        "bahwa PIHAK KEDUA adalah perangkat daerah yang bergerak di bidang\n"
        "pertanian.\n"
    )
    hits = classify_sectors(parse(agreement("NOTA KESEPAHAMAN", PLAIN_BODY, opening)))
    assert hits == ()


NEWS = """KAMPAR - Lembaga Pemasyarakatan Kelas IIA Bangkinang menandatangani perjanjian
kerja sama dengan UPT Balai Latihan Kerja Kampar untuk memberikan pelatihan
pengelasan kepada 30 warga binaan, Senin (7/4/2025).

Kepala Lapas mengatakan kerja sama ini juga mencakup kegiatan di bidang
kewirausahaan dan pemasaran produk hasil karya warga binaan.

Acara ditutup dengan doa bersama. Warga binaan juga menerima pemeriksaan kesehatan
gratis dari puskesmas setempat.
"""


def test_news_lead_and_field_sentence(parse):
    hits = classify_sectors(parse(NEWS, news=True))
    assert codes(hits) == ["vocational_training", "entrepreneurship"]
    rules = {hit.code: hit.evidence.rule for hit in hits}
    assert rules == {"vocational_training": "lead", "entrepreneurship": "field"}


def test_stems_match_word_families(parse):
    title = "PERJANJIAN KERJA SAMA\nTENTANG\nPEMBINAAN WARGA BINAAN BERWIRAUSAHA\n"
    hits = classify_sectors(parse(agreement(title, PLAIN_BODY)))
    assert codes(hits) == ["entrepreneurship"]
    assert hits[0].evidence.text == "BERWIRAUSAHA"


def test_empty_document(parse):
    assert classify_sectors(parse("")) == ()


# --- the taxonomy and its patterns ------------------------------------------------


def sector_patterns():
    path = PATTERNS_DIR / "sectors.jsonl"
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def test_every_code_has_a_label_and_at_least_eight_phrases():
    counts = Counter(pattern["id"] for pattern in sector_patterns())
    assert set(counts) == set(SECTOR_LABELS)
    assert min(counts.values()) >= 8
    assert sector_label("health") == "Kesehatan"
    assert len({sector.code for sector in SECTORS}) == len(SECTORS)


def test_patterns_are_ruler_patterns_and_convert_to_regex():
    for pattern in sector_patterns():
        assert pattern["label"] == "SECTOR"
        re.compile(pattern_regex(pattern["pattern"]))


def test_patterns_are_unique():
    keys = [json.dumps(pattern["pattern"]).lower() for pattern in sector_patterns()]
    assert len(keys) == len(set(keys))


def test_title_regex_agrees_with_the_ruler(nlp):
    for pattern in sector_patterns():
        if isinstance(pattern["pattern"], str):
            phrase = pattern["pattern"]
            regex = re.compile(pattern_regex(phrase), re.IGNORECASE)
            assert regex.fullmatch(phrase.upper())
            doc = nlp(phrase)
            assert [ent.ent_id_ for ent in doc.ents] == [pattern["id"]], phrase


def test_unsupported_token_pattern_is_refused():
    with pytest.raises(ValueError, match="unsupported"):
        pattern_regex([{"POS": "NOUN"}])


def test_threshold_is_documented():
    assert THRESHOLD == 4.0


def test_recitals_about_a_party_weigh_little(parse):
    opening = OPENING + (
        "bahwa PIHAK KEDUA melaksanakan pembimbingan kemasyarakatan, termasuk\n"
        "pembebasan bersyarat, cuti bersyarat dan cuti menjelang bebas;\n"
    )
    body = PLAIN_BODY + "\nPasal 3\nLAIN-LAIN\nData asimilasi dilaporkan tiap bulan.\n"
    hits = classify_sectors(parse(agreement("KESEPAKATAN BERSAMA", body, opening)))
    assert hits == ()


def test_news_headline_paragraph_is_not_the_lead(parse):
    headline = (
        "Lapas Kampar Teken Perjanjian Kerja Sama dengan RSUD Bangkinang, Warga"
        " Binaan Kini Lebih Senang"
    )
    text = (
        headline + "\n\nKAMPAR - Lapas Kampar menandatangani perjanjian kerja sama"
        " dengan RSUD Bangkinang untuk layanan kesehatan warga binaan, Senin.\n\n"
        "Acara ditutup dengan doa bersama."
    )
    parsed = parse(text, news=True, meta_title=headline)
    hits = classify_sectors(parsed)
    assert [(hit.code, hit.evidence.rule) for hit in hits] == [("health", "lead")]
