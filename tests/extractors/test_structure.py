from extractors.structure import roman_to_int, segment_agreement, segment_news
from schemas.records import SectionKind

AGREEMENT = """PERJANJIAN KERJA SAMA
ANTARA DINAS TENAGA KERJA DAN RUMAH TAHANAN NEGARA
Pada hari ini Senin tanggal dua bulan Juni tahun dua ribu dua puluh lima.
BAB I
KETENTUAN UMUM
Pasal 1
MAKSUD DAN TUJUAN
(1) Maksud perjanjian ini adalah membina keterampilan tahanan.
(2) Tujuan perjanjian ini meliputi:
a. pelatihan menjahit;
b. pelatihan las, yang terdiri atas:
1) las listrik;
2) las karbit.
(3) Rincian tujuan sebagaimana dimaksud dalam Pasal 3 ayat (1) diatur bersama.
Pasal 2 Ruang Lingkup
Ruang lingkup perjanjian meliputi pelatihan dan sertifikasi.
PASAL3
KEWAJIBAN PARA PIHAK
Kewajiban PIHAK KEDUA:
a. menyediakan instruktur;
b. menanggung biaya bahan.
Pasa1 4 |
Jangka Waktu
Perjanjian ini berlaku selama 2 (dua) tahun.
Pasal 4 ayat (1) diubah sehingga berbunyi sebagai berikut:
Demikian perjanjian ini dibuat dalam rangkap dua.
PIHAK PERTAMA,
Budi Hartono
PIHAK KEDUA,
Siti Aminah
"""


def _by_ref(sections):
    return {s.ref: s for s in sections if s.ref}


def test_articles_with_headings_on_same_and_next_line():
    sections = segment_agreement(AGREEMENT, lambda _: 1)
    articles = [s for s in sections if s.kind is SectionKind.ARTICLE]
    assert [(a.number, a.heading) for a in articles] == [
        ("1", "MAKSUD DAN TUJUAN"),
        ("2", "Ruang Lingkup"),
        ("3", "KEWAJIBAN PARA PIHAK"),
        ("4", "Jangka Waktu"),
    ]


def test_sentence_starting_with_pasal_is_not_a_heading():
    sections = segment_agreement(AGREEMENT, lambda _: 1)
    assert sum(s.kind is SectionKind.ARTICLE and s.number == "4" for s in sections) == 1


def test_nested_refs_follow_marker_order():
    refs = _by_ref(segment_agreement(AGREEMENT, lambda _: 1))
    assert "Pasal 1 ayat (2) huruf b angka 2" in refs
    assert "Pasal 3 huruf b" in refs
    item = refs["Pasal 1 ayat (2) huruf a"]
    assert AGREEMENT[item.start : item.end].strip() == "a. pelatihan menjahit;"
    parent = segment_agreement(AGREEMENT, lambda _: 1)[item.parent]
    assert parent.ref == "Pasal 1 ayat (2)"


def test_preamble_chapter_and_signature_bound_the_articles():
    sections = segment_agreement(AGREEMENT, lambda _: 1)
    assert sections[0].kind is SectionKind.PREAMBLE
    assert AGREEMENT[sections[0].start : sections[0].end].startswith("PERJANJIAN")
    chapter = next(s for s in sections if s.kind is SectionKind.CHAPTER)
    assert (chapter.number, chapter.heading) == ("I", "KETENTUAN UMUM")
    signature = sections[-1]
    assert signature.kind is SectionKind.SIGNATURE
    assert AGREEMENT[signature.start :].startswith("PIHAK PERTAMA,")
    last_article = [s for s in sections if s.kind is SectionKind.ARTICLE][-1]
    assert last_article.end == signature.start


def test_pages_come_from_the_page_map():
    half = AGREEMENT.index("PASAL3")
    sections = segment_agreement(AGREEMENT, lambda offset: 1 if offset < half else 2)
    refs = _by_ref(sections)
    assert refs["Pasal 2"].page == 1
    assert refs["Pasal 3"].page == 2


def test_text_without_articles_is_one_preamble():
    sections = segment_agreement("Surat undangan\nkepada Yth. Bapak", lambda _: 1)
    assert [s.kind for s in sections] == [SectionKind.PREAMBLE]
    assert segment_agreement("  \n ", lambda _: 1) == ()


def test_roman_article_numbers_become_arabic():
    text = "Pasal IV\nPENUTUP\nSelesai.\nPasal XIV\nLAIN-LAIN\nCukup."
    articles = [
        s for s in segment_agreement(text, lambda _: 1) if s.kind is SectionKind.ARTICLE
    ]
    assert [a.ref for a in articles] == ["Pasal 4", "Pasal 14"]
    assert roman_to_int("XLIX") == 49


def test_news_paragraphs():
    text = "Judul berita\n\nParagraf pertama\nmasih sama.\n\n\nParagraf kedua."
    sections = segment_news(text, lambda _: 1)
    assert [text[s.start : s.end] for s in sections] == [
        "Judul berita",
        "Paragraf pertama\nmasih sama.",
        "Paragraf kedua.",
    ]
    assert sections[2].ref == "paragraf 3"


def test_inserted_article_keeps_its_letter():
    text = "Pasal 6\nBIAYA\nDitanggung bersama.\nPasal 6A\nPELAPORAN\nSetiap bulan."
    articles = [
        s for s in segment_agreement(text, lambda _: 1) if s.kind is SectionKind.ARTICLE
    ]
    assert [a.ref for a in articles] == ["Pasal 6", "Pasal 6A"]


def test_preamble_ends_at_the_first_article_without_chapters():
    text = "PERJANJIAN\nPada hari ini.\nPasal 1\nISI\nTeks.\nPIHAK PERTAMA,\nAni"
    preamble, article, signature = segment_agreement(text, lambda _: 1)
    assert text[preamble.start : preamble.end] == "PERJANJIAN\nPada hari ini.\n"
    assert preamble.end == article.start
    assert article.end == signature.start


ADDENDUM = """ADENDUM PERTAMA
Pasal 1
Ketentuan Pasal 4 diubah sehingga berbunyi sebagai berikut:
SEMULA:
Pasal 4
JANGKA WAKTU
Berlaku 2 (dua) tahun.
DIUBAH MENJADI:

2
Pasal 4
JANGKA WAKTU
Berlaku 4 (empat) tahun.
Pasal 2
Di antara Pasal 6 dan Pasal 7 disisipkan Pasal 6A, yang berbunyi sebagai berikut:
Pasal 6A
LARANGAN
PARA PIHAK dilarang memungut biaya.
Pasal 3
Adendum ini berlaku sejak ditandatangani.
PIHAK PERTAMA,          PIHAK KEDUA,
Rosmawati               Bonar
"""


def test_articles_quoted_by_an_addendum_stay_inside_their_article():
    sections = segment_agreement(ADDENDUM, lambda _: 1)
    articles = [s for s in sections if s.kind is SectionKind.ARTICLE]
    assert [a.ref for a in articles] == ["Pasal 1", "Pasal 2", "Pasal 3"]
    assert "Berlaku 4 (empat) tahun." in ADDENDUM[articles[0].start : articles[0].end]


def test_two_column_signature_line_opens_the_signature_block():
    sections = segment_agreement(ADDENDUM, lambda _: 1)
    assert sections[-1].kind is SectionKind.SIGNATURE
    assert ADDENDUM[sections[-1].start :].startswith(
        "PIHAK PERTAMA,          PIHAK KEDUA,"
    )


BILINGUAL = """PERJANJIAN KERJA SAMA / COOPERATION AGREEMENT
Pasal 1 Article 1
RUANG LINGKUP SCOPE
Kerja sama ini meliputi pelatihan juru masak.
This cooperation covers training of cooks.
Pasal 2 Article 2
KEWAJIBAN PIHAK KEDUA OBLIGATIONS OF THE SECOND PARTY
PIHAK KEDUA wajib: The SECOND PARTY shall:
a. menyediakan dapur latihan;
a. provide a training kitchen;
b. menanggung biaya bahan.
b. bear the cost of ingredients.
"""


def test_bilingual_article_line_keeps_the_indonesian_heading():
    articles = [
        s
        for s in segment_agreement(BILINGUAL, lambda _offset: 1)
        if s.kind is SectionKind.ARTICLE
    ]
    assert [(a.number, a.heading) for a in articles] == [
        ("1", "RUANG LINGKUP"),
        ("2", "KEWAJIBAN PIHAK KEDUA"),
    ]


def test_bilingual_items_are_linked_by_a_marked_ref():
    items = [
        s.ref
        for s in segment_agreement(BILINGUAL, lambda _offset: 1)
        if s.kind is SectionKind.ITEM
    ]
    assert items == [
        "Pasal 2 huruf a",
        "Pasal 2 huruf a (en)",
        "Pasal 2 huruf b",
        "Pasal 2 huruf b (en)",
    ]


def test_glyph_tokens_read_as_spaces_and_keep_offsets():
    text = "PERJANJIAN\nPasal(cid:3)1\nRUANG(cid:3)LINGKUP\nIsi pasal.\n"
    article = next(
        s
        for s in segment_agreement(text, lambda _offset: 1)
        if s.kind is SectionKind.ARTICLE
    )
    assert article.number == "1"
    assert text[article.start :].startswith("Pasal(cid:3)1")


TWO_COLUMNS = """PERJANJIAN KERJA SAMA
Pasal 1 MAKSUD
Kerja sama ini dimaksudkan untuk membina warga.

Pasal 2 RUANG LINGKUP                    Pasal 3 PELAKSANAAN
Ruang lingkup meliputi patroli,          Kegiatan dilaksanakan oleh tim
sosialisasi dan pemadaman dini.          gabungan PARA PIHAK.
Sebagaimana dimaksud dalam     Pasal 1
"""


def test_article_heading_in_the_right_column_is_an_article():
    articles = [
        (s.number, s.heading)
        for s in segment_agreement(TWO_COLUMNS, lambda _offset: 1)
        if s.kind is SectionKind.ARTICLE
    ]
    assert articles == [("1", "MAKSUD"), ("2", "RUANG LINGKUP"), ("3", "PELAKSANAAN")]


def test_two_column_headings_after_the_reader_collapsed_the_gap():
    text = "Pasal 2 RUANG LINGKUP Pasal 3 PELAKSANAAN\nIsi.\nPasal 4 TUGAS sesuai Pasal 3 ayat (1)\n"
    articles = [
        (s.number, s.heading)
        for s in segment_agreement(text, lambda _offset: 1)
        if s.kind is SectionKind.ARTICLE
    ]
    assert articles == [("2", "RUANG LINGKUP"), ("3", "PELAKSANAAN")]
