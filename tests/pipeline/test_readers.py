from __future__ import annotations

import codecs
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from docx.oxml import parse_xml
from PIL import Image, ImageDraw
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from pipeline.discover import sniff_media_type
from pipeline.encoding import decode_text
from pipeline.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedPdfError,
    UnsupportedMediaError,
)
from pipeline.readers import READERS, html, pdf, read
from schemas.records import MediaType, SourceFile

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


# Builders (candidates for tests/conftest.py) ---------------------------------


def make_pdf(pages: Sequence[Sequence[str]], *, encrypt=None) -> bytes:
    """One PDF page per entry; an empty entry is a page with only a rectangle."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, encrypt=encrypt)
    for lines in pages:
        if not lines:
            canvas.rect(100, 300, 300, 200, fill=1)
        for row, line in enumerate(lines):
            canvas.drawString(72, 760 - 14 * row, line)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def make_scanned_pdf(line: str) -> bytes:
    """A page holding an image of text and no text layer."""
    image = Image.new("L", (600, 80), 255)
    ImageDraw.Draw(image).text((10, 30), line, fill=0)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawImage(ImageReader(image), 72, 600, width=450, height=60)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def make_docx(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def source_for(data: bytes, name: str = "input", media: MediaType | None = None):
    media_type = media if media is not None else sniff_media_type(data)
    return SourceFile(
        path=Path(name), sha256="0" * 64, size=len(data), media_type=media_type
    )


def read_bytes(data: bytes, name: str = "input", media: MediaType | None = None):
    return read(source_for(data, name, media), data)


def page_texts(document) -> list[str]:
    return [document.text[page.start : page.end] for page in document.pages]


PAGE_ONE = [
    "PERJANJIAN KERJA SAMA",
    "Nomor: 12/PKS/2024",
    "tentang pelak-",
    "sanaan pendidikan anak-",
    "anak di Kota Bandung",
]
PAGE_TWO = ["Pasal 1", "PIHAK PERTAMA wajib menyediakan data dan fasilitas."]


# Dispatch ---------------------------------------------------------------------


def test_every_media_type_has_a_reader():
    assert set(READERS) == set(MediaType)


def test_unknown_media_is_unsupported():
    gif = b"GIF89a" + bytes(range(256))  # images other than PNG/JPEG/TIFF
    with pytest.raises(UnsupportedMediaError) as caught:
        read_bytes(gif, "scan.pdf")
    assert caught.value.path == Path("scan.pdf")


# PDF --------------------------------------------------------------------------


def test_pdf_pages_and_offsets():
    document = read_bytes(make_pdf([PAGE_ONE, PAGE_TWO]))
    assert document.reader == "pdf"
    assert [page.number for page in document.pages] == [1, 2]
    assert page_texts(document) == [
        "PERJANJIAN KERJA SAMA\nNomor: 12/PKS/2024\ntentang pelaksanaan\n"
        "pendidikan anak-anak\ndi Kota Bandung",
        "Pasal 1\nPIHAK PERTAMA wajib menyediakan data dan fasilitas.",
    ]
    assert document.text == "\n\n".join(page_texts(document))
    assert not any(page.needs_ocr for page in document.pages)


def test_pdf_page_without_text_layer_needs_ocr():
    document = read_bytes(make_pdf([PAGE_ONE, [], PAGE_TWO]))
    assert [page.needs_ocr for page in document.pages] == [False, True, False]
    middle = document.pages[1]
    assert middle.start == middle.end  # an empty page still has its place
    assert page_texts(document)[2].startswith("Pasal 1")


def test_pdf_with_only_a_scanned_image_is_returned_for_ocr():
    document = read_bytes(make_scanned_pdf("PERJANJIAN KERJA SAMA"))
    assert document.text == ""
    assert [page.needs_ocr for page in document.pages] == [True]


def test_pdf_page_with_few_letters_needs_ocr():
    document = read_bytes(make_pdf([["Hal. 3", "12/PKS/2024"]]))
    assert document.pages[0].needs_ocr
    assert document.text == "Hal. 3\n12/PKS/2024"  # the text is kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PIHAK PERTAMA wajib menyediakan data dan fasilitas.", False),
        ("(cid:3)(cid:4)(cid:5)(cid:6)(cid:7)(cid:8) " * 10, True),
        ("1.000.000 2.000.000 3.000.000 4.000.000 5.000.000 abc " * 5, True),
        ("\ufffd" * 300, True),
        ("", True),
    ],
)
def test_needs_ocr(text, expected):
    assert pdf.needs_ocr(text) is expected


def test_truncated_pdf_is_corrupt():
    data = make_pdf([PAGE_ONE])[:300]
    with pytest.raises(CorruptFileError) as caught:
        read_bytes(data)
    assert isinstance(caught.value.__cause__, pdfium.PdfiumError)


def test_encrypted_pdf():
    data = make_pdf([PAGE_ONE], encrypt=StandardEncryption("pw"))
    with pytest.raises(EncryptedPdfError) as caught:
        read_bytes(data)
    assert "qpdf --decrypt" in str(caught.value)
    assert caught.value.__cause__ is not None


def test_pdf_without_pages_is_empty():
    buffer = io.BytesIO()
    pdfium.PdfDocument.new().save(buffer)
    with pytest.raises(EmptyFileError):
        read_bytes(buffer.getvalue())


def test_pdf_after_junk_bytes_is_read():
    data = b"From: arsip@example.org\r\n\r\n" + make_pdf([PAGE_TWO])
    assert read_bytes(data).text.startswith("Pasal 1\nPIHAK PERTAMA")


def test_broken_pdfium_text_is_reread_with_pdfplumber(monkeypatch):
    # Simulate a PDF whose pdfium text has lost every line break.
    def one_long_line(document, index):
        return " ".join(PAGE_TWO * 10)

    monkeypatch.setattr(pdf, "_pdfium_page_text", one_long_line)
    document = read_bytes(make_pdf([PAGE_TWO]))
    assert document.text == "\n".join(PAGE_TWO)


def test_layout_page_texts_reads_chosen_pages():
    data = make_pdf([PAGE_ONE, PAGE_TWO, ["Pasal 2", "Jangka waktu"]])
    texts = pdf.layout_page_texts(source_for(data), data, [2, 1])
    assert texts == {1: "\n".join(PAGE_TWO), 2: "Pasal 2\nJangka waktu"}


def test_layout_page_texts_errors():
    encrypted = make_pdf([PAGE_ONE], encrypt=StandardEncryption("pw"))
    with pytest.raises(EncryptedPdfError):
        pdf.layout_page_texts(source_for(encrypted), encrypted, [0])
    truncated = make_pdf([PAGE_ONE])[:300]
    with pytest.raises(CorruptFileError):
        pdf.layout_page_texts(source_for(truncated), truncated, [0])


# DOCX -------------------------------------------------------------------------


def _agreement(document):
    document.sections[0].header.paragraphs[0].text = "KOP SURAT DINAS"
    document.sections[0].footer.paragraphs[0].text = "Halaman 1 dari 3"
    document.add_paragraph("PERJANJIAN KERJA SAMA")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "PIHAK PERTAMA"
    table.cell(0, 1).text = "Pemerintah Kota Bandung"
    table.cell(1, 0).text = "PIHAK KEDUA"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Universitas"
    inner.cell(0, 1).text = "Padjadjaran"
    document.add_paragraph("Pasal 1")


def test_docx_paragraphs_and_tables_in_reading_order():
    document = read_bytes(make_docx(_agreement))
    assert document.reader == "docx"
    assert document.text == (
        "PERJANJIAN KERJA SAMA\n"
        "PIHAK PERTAMA | Pemerintah Kota Bandung\n"
        "PIHAK KEDUA |\n"
        "Universitas | Padjadjaran\n"
        "Pasal 1"
    )
    assert len(document.pages) == 1
    assert page_texts(document) == [document.text]


def test_docx_key_value_rows_read_as_one_line():
    def build(document):
        table = document.add_table(rows=2, cols=3)
        for row, (key, value) in enumerate(
            [("Nama", "dr. Rina"), ("Jabatan", "Direktur")]
        ):
            table.cell(row, 0).text = key
            table.cell(row, 1).text = ":"
            table.cell(row, 2).text = value

    assert read_bytes(make_docx(build)).text == "Nama : dr. Rina\nJabatan : Direktur"


def test_docx_reads_tracked_insertions_and_content_controls():
    def build(document):
        paragraph = document.add_paragraph("Yang bertanda tangan: PIHAK ")
        inserted = "<w:r><w:t>KEDUA</w:t></w:r>"
        deleted = "<w:r><w:delText>KETIGA</w:delText></w:r>"
        control = "<w:p><w:r><w:t>Nomor: 7/PKS/2024</w:t></w:r></w:p>"
        paragraph._p.append(parse_xml(f"<w:ins {W_NS} w:id='1'>{inserted}</w:ins>"))
        paragraph._p.append(parse_xml(f"<w:del {W_NS} w:id='2'>{deleted}</w:del>"))
        body = document.element.body
        body.insert(
            1,
            parse_xml(f"<w:sdt {W_NS}><w:sdtContent>{control}</w:sdtContent></w:sdt>"),
        )

    document = read_bytes(make_docx(build))
    assert document.text == "Yang bertanda tangan: PIHAK KEDUA\nNomor: 7/PKS/2024"


def test_docx_renamed_pdf_is_read_as_docx():
    data = make_docx(_agreement)
    document = read_bytes(data, "perjanjian.pdf")
    assert document.source.media_type is MediaType.DOCX
    assert document.text.startswith("PERJANJIAN KERJA SAMA")


def test_truncated_docx_is_corrupt():
    data = make_docx(_agreement)
    source = source_for(data[: len(data) // 2])
    assert source.media_type is MediaType.DOCX
    with pytest.raises(CorruptFileError):
        read(source, data[: len(data) // 2])


def test_zip_forced_through_docx_reader_is_corrupt():
    data = make_zip({"readme.txt": b"bukan dokumen word"})
    with pytest.raises(CorruptFileError):
        read_bytes(data, media=MediaType.DOCX)


def test_docx_without_text_is_empty():
    with pytest.raises(EmptyFileError):
        read_bytes(make_docx(lambda document: document.add_paragraph("  ")))


# HTML -------------------------------------------------------------------------

NEWS_PAGE = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>Pemkot Bandung dan Unpad Teken PKS Pengembangan SDM - Warta Contoh</title>
<meta property="og:title" content="Pemkot Bandung dan Unpad Teken PKS Pengembangan SDM">
<meta property="article:published_time" content="2024-03-21T10:15:00+07:00">
</head>
<body>
<header><nav><ul><li><a href="/">Beranda</a></li><li><a href="/daerah">Daerah</a></li>
<li><a href="/ekonomi">Ekonomi</a></li></ul></nav></header>
<div class="ads">ADVERTISEMENT</div>
<main><article>
<h1>Pemkot Bandung dan Unpad Teken PKS Pengembangan SDM</h1>
<div class="share"><a href="#">Bagikan ke Facebook</a> <a href="#">WhatsApp</a></div>
<div class="article-body">
<p>BANDUNG &ndash; Pemerintah Kota Bandung dan Universitas Padjadjaran menandatangani
perjanjian kerja sama tentang pengembangan sumber daya manusia, Kamis (21/3/2024).</p>
<p>Penandatanganan dilakukan oleh Wali Kota Bandung dan Rektor Universitas
Padjadjaran. Kerja sama ini berlaku selama tiga tahun sejak ditandatangani.</p>
<p><strong>Baca Juga:</strong>
<a href="/x">Pemprov Jabar Teken MoU dengan Tiga Kampus</a></p>
<p>Ruang lingkup kerja sama meliputi pendidikan dan pelatihan aparatur, penelitian
kebijakan publik, serta pengabdian kepada masyarakat di wilayah Kota Bandung.</p>
<table><tr><td>Program</td><td>Target</td></tr>
<tr><td>Pelatihan aparatur</td><td>500 orang</td></tr></table>
<p>Pemerintah kota wajib menyediakan data dan fasilitas, sementara universitas
berkewajiban menyusun kurikulum pelatihan dan laporan evaluasi setiap semester.</p>
</div>
</article>
<section class="comments"><h3>Komentar</h3>
<div class="comment"><p>Mantap, semoga lancar kerja samanya pak wali!</p></div>
</section>
<aside class="related"><h3>Berita Terkait</h3><ul>
<li><a href="#">Harga Cabai di Pasar Kosambi Kembali Naik Jelang Ramadan</a></li>
</ul></aside>
</main>
<footer><p>&copy; 2024 Warta Contoh. Hak cipta dilindungi.</p>
<a href="#">Pedoman Media Siber</a></footer>
</body>
</html>
"""


def test_news_page_main_text_title_and_date():
    document = read_bytes(NEWS_PAGE.encode("utf-8"), "berita.html")
    assert document.reader == "html"
    assert document.meta_title == "Pemkot Bandung dan Unpad Teken PKS Pengembangan SDM"
    assert document.published == dt.date(2024, 3, 21)
    paragraphs = document.text.split("\n\n")
    assert paragraphs[0].startswith("BANDUNG \u2013 Pemerintah Kota Bandung")
    assert paragraphs[1].startswith("Penandatanganan dilakukan")
    assert paragraphs[2].startswith("Ruang lingkup")
    assert paragraphs[3] == "Program | Target\nPelatihan aparatur | 500 orang"
    assert paragraphs[4].endswith("setiap semester.")
    assert len(paragraphs) == 5


@pytest.mark.parametrize(
    "chrome",
    ["Baca Juga", "Beranda", "ADVERTISEMENT", "Bagikan", "Mantap", "Cabai", "Pedoman"],
)
def test_news_page_chrome_is_dropped(chrome):
    document = read_bytes(NEWS_PAGE.encode("utf-8"), "berita.html")
    assert chrome.lower() not in document.text.lower()


def test_baca_juga_lines_are_removed_inside_a_block():
    blocks = [
        "Paragraf satu.\nBaca juga: Berita lain",
        "baca juga - judul",
        "Iklan",
        "Isi.",
    ]
    assert list(html._without_chrome(blocks)) == ["Paragraf satu.", "Isi."]


def test_html_in_windows_1252_is_decoded():
    sentence = "Kerja sama dengan caf\u00e9 \u201cKopi\u201d di Bandung."
    page = f"<html><body><p>{sentence}</p></body></html>"
    document = read_bytes(page.encode("cp1252"), "halaman.htm")
    assert document.text == sentence


def test_html_falls_back_to_body_text(monkeypatch):
    monkeypatch.setattr(html, "_extract_article", lambda markup: None)
    page = (
        "<html><head><title>t</title><style>p {color: red}</style></head><body>"
        "<div>PERJANJIAN\n   KERJA SAMA<br>Nomor 5</div><script>var x = 1;</script>"
        "<p>Pasal 1</p></body></html>"
    )
    document = read_bytes(page.encode("utf-8"), "halaman.html")
    assert document.text == "PERJANJIAN KERJA SAMA\nNomor 5\n\nPasal 1"
    assert document.published is None


def test_html_without_text_is_empty():
    with pytest.raises(EmptyFileError):
        read_bytes(
            b"<!DOCTYPE html><html><head><title></title></head><body> </body></html>"
        )


# Plain text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Perjanjian \u00e9".encode(), "Perjanjian \u00e9"),
        (codecs.BOM_UTF8 + "Pasal \u00e9".encode(), "Pasal \u00e9"),
        (codecs.BOM_UTF16_LE + "Pasal \u00e9".encode("utf-16-le"), "Pasal \u00e9"),
        (codecs.BOM_UTF16_BE + "Pasal \u00e9".encode("utf-16-be"), "Pasal \u00e9"),
        ("PIHAK KEDUA \u00e9".encode("utf-16-le"), "PIHAK KEDUA \u00e9"),
        ("PIHAK KEDUA \u00e9".encode("utf-16-be"), "PIHAK KEDUA \u00e9"),
        (
            "\u201cPIHAK\u201d \u2013 caf\u00e9 \u20ac5".encode("cp1252"),
            "\u201cPIHAK\u201d \u2013 caf\u00e9 \u20ac5",
        ),
        (
            b"byte \x81 undefined in cp1252 \x93x\x94",
            "byte \x81 undefined in cp1252 \u201cx\u201d",
        ),
    ],
)
def test_decode_text(data, expected):
    assert decode_text(data) == expected


def test_text_reader_is_one_normalised_page():
    data = (
        codecs.BOM_UTF8 + "PERJANJIAN\u00a0KERJA SAMA\r\npelak-\r\nsanaan\x00".encode()
    )
    document = read_bytes(data, "pks.txt")
    assert document.reader == "text"
    assert document.text == "PERJANJIAN KERJA SAMA\npelaksanaan"
    assert [(page.start, page.end) for page in document.pages] == [
        (0, len(document.text))
    ]


def test_text_with_only_invisible_characters_is_empty():
    with pytest.raises(EmptyFileError):
        read_bytes(" \r\n\u200b\ufeff".encode(), media=MediaType.TEXT)
