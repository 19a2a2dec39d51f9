"""OCR: page decision, engine call, cache, cleanup, provenance, failures.

Most tests drive a fake ``tesseract`` (a small script that answers like the
real one), so they are fast and need nothing installed; the tests marked
``ocr`` run the real Tesseract on a page or two.
"""

import io
import json
import shutil
import sys
import textwrap
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import Session

from pipeline import ocr as engine_module
from pipeline.cli import cli
from pipeline.config import OcrMode, Settings
from pipeline.database import open_for_writing
from pipeline.discover import sniff_media_type
from pipeline.errors import CorruptFileError, OcrFailedError, OcrSetupError
from pipeline.ocr import Line, PageText, Word, parse_tsv
from pipeline.ocr_cache import CachedPage, OcrCache, cache_params
from pipeline.ocr_stage import ocr_document, select_pages
from pipeline.ocr_text import clean_document, fix_token, is_furniture, is_junk_line
from pipeline.process import process_bytes
from pipeline.readers import read
from pipeline.run import Batch, Outcome
from pipeline.scan import deskew, skew_angle, to_grey
from schemas.models import Document
from schemas.records import MediaType, SourceFile
from tests.conftest import AGREEMENT_LINES, text_pdf

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract is not installed"
)

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def tsv(lines, height=3508, conf=95.0):
    """Tesseract TSV for lines of text, 60 px apart from the top."""
    rows = [HEADER, f"1\t1\t0\t0\t0\t0\t0\t0\t2480\t{height}\t-1\t"]
    for number, line in enumerate(lines, start=1):
        top = 400 + 60 * number
        for index, word in enumerate(line.split(), start=1):
            rows.append(
                f"5\t1\t1\t1\t{number}\t{index}\t{100 * index}\t{top}\t90\t30\t{conf}\t{word}"
            )
    return "\n".join(rows) + "\n"


@pytest.fixture(autouse=True)
def fresh_engine_checks():
    engine_module.engine_version.cache_clear()
    engine_module.check_languages.cache_clear()
    yield
    engine_module.engine_version.cache_clear()
    engine_module.check_languages.cache_clear()


def fake_tesseract(folder: Path, *, output="", sleep=0.0, langs="eng ind osd") -> str:
    """A script that answers like tesseract: version, languages, a fixed TSV."""
    script = folder / "fake-tesseract"
    (folder / "out.tsv").write_text(output, "utf-8")
    script.write_text(
        textwrap.dedent(
            f"""\
            #!{sys.executable}
            import os, pathlib, sys, time
            args = sys.argv[1:]
            calls = pathlib.Path({str(folder / "calls")!r})
            if args == ["--version"]:
                print("tesseract 5.9.9")
            elif args == ["--list-langs"]:
                print("List of available languages (3):")
                print("\\n".join({langs!r}.split()))
            else:
                with calls.open("a") as log:
                    omp = os.environ.get("OMP_THREAD_LIMIT")
                    log.write(f"OMP_THREAD_LIMIT={{omp}} " + " ".join(args) + "\\n")
                time.sleep({sleep})
                sys.stdout.write(pathlib.Path({str(folder / "out.tsv")!r}).read_text())
            """
        )
    )
    script.chmod(0o755)
    return str(script)


def calls(folder: Path) -> list[str]:
    path = folder / "calls"
    return path.read_text().splitlines() if path.exists() else []


def page_image(lines, size=(1240, 400)) -> Image.Image:
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((40, 40 + 30 * row), line, fill=0)
    return image


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def scanned_pdf(image: Image.Image, header: str | None = None) -> bytes:
    """A PDF page that is an image, optionally with a thin text layer."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    if header:
        canvas.drawString(20, 820, header)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def source(data: bytes, name="scan.pdf") -> SourceFile:
    return SourceFile(
        path=Path(name),
        sha256="ab" * 32,
        size=len(data),
        media_type=sniff_media_type(data),
    )


def dense_page(dpi=100) -> Image.Image:
    """A full A4 page of printed text, as a scanner would see it."""
    document = pdfium.PdfDocument(text_pdf([AGREEMENT_LINES * 2]))
    return document[0].render(scale=dpi / 72, grayscale=True).to_pil()


# Sniffing and the image reader ------------------------------------------------


@pytest.mark.parametrize(
    "head", [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00", b"MM\x00*"]
)
def test_images_are_sniffed_as_scans(head):
    assert sniff_media_type(head + bytes(64)) is MediaType.IMAGE


def test_image_frames_become_pages_that_need_ocr():
    frames = [page_image(["satu"]), page_image(["dua"])]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    data = buffer.getvalue()
    document = read(source(data, "scan.tif"), data)
    assert document.reader == "image"
    assert [page.needs_ocr for page in document.pages] == [True, True]


def test_broken_image_is_corrupt():
    data = b"\x89PNG\r\n\x1a\n" + bytes(64)
    with pytest.raises(CorruptFileError):
        read(source(data, "scan.png"), data)


# Which pages are OCR'd ----------------------------------------------------------


def test_mode_never_always_and_auto_on_a_mixed_pdf():
    digital = text_pdf([AGREEMENT_LINES[:14], []])
    raw = read(source(digital), digital)
    assert select_pages(raw, digital, OcrMode.NEVER) == []
    assert select_pages(raw, digital, OcrMode.ALWAYS) == [0, 1]
    # text_pdf draws nothing on an empty page: blank, so nothing to OCR
    assert select_pages(raw, digital, OcrMode.AUTO) == []


def test_auto_takes_the_scanned_page_only():
    scan = scanned_pdf(dense_page())
    raw = read(source(scan), scan)
    assert select_pages(raw, scan, OcrMode.AUTO) == [0]


def test_auto_takes_a_scan_whose_text_layer_is_only_a_header():
    scan = scanned_pdf(
        dense_page(), header="Dipindai dengan CamScanner pada 2025-03-12 10:15"
    )
    raw = read(source(scan), scan)
    assert not raw.pages[0].needs_ocr  # enough letters for the text rule
    assert select_pages(raw, scan, OcrMode.AUTO) == [0]


def test_never_keeps_a_scan_failing_as_needs_ocr():
    scan = scanned_pdf(dense_page())
    from pipeline.errors import NoTextError

    with pytest.raises(NoTextError):
        process_bytes(source(scan), scan, settings=Settings(ocr=OcrMode.NEVER))


# Engine output ----------------------------------------------------------------


def test_parse_tsv_groups_words_into_lines():
    page = parse_tsv(tsv(["PERJANJIAN KERJA SAMA", "Nomor: 12/PKS/2024"], conf=90))
    assert [line.text for line in page.lines] == [
        "PERJANJIAN KERJA SAMA",
        "Nomor: 12/PKS/2024",
    ]
    assert page.height == 3508
    assert page.confidence == 90


def test_parse_tsv_of_an_empty_page():
    page = parse_tsv(HEADER + "\n")
    assert page.lines == ()
    assert page.confidence == 0.0


# Cleanup ----------------------------------------------------------------------


def words(text, conf=95.0, top=1000):
    return tuple(
        Word(text=w, conf=conf, left=100 * i, top=top, width=80, height=30)
        for i, w in enumerate(text.split())
    )


def line(text, conf=95.0, top=1000):
    return Line(words=words(text, conf, top))


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("2O25", "2025"),
        ("l2", "12"),
        ("Pasa1", "Pasal"),
        ("PERJANJ1AN", "PERJANJIAN"),
        ("(1)", "(1)"),
        ("IIA", "IIA"),
        ("W4.PAS.15-KS.01/2025", "W4.PAS.15-KS.01/2025"),
        ("ke-1", "ke-1"),
        ("1O/PKS/2024", "1O/PKS/2024"),
    ],
)
def test_fix_token(token, expected):
    assert fix_token(token) == expected


def test_signature_and_stamp_lines_are_junk():
    assert is_junk_line(line("~~ —", conf=30))
    assert is_junk_line(line("Sh iN ww", conf=25))
    assert not is_junk_line(line("PIHAK PERTAMA,", conf=90))
    assert not is_junk_line(line("ANDI SAPUTRA", conf=80))
    assert not is_junk_line(line("Rahmat Hidayat", conf=70))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- 2 -", True),
        ("Halaman 3 dari 5", True),
        ("hal. 4", True),
        ("Paraf PIHAK PERTAMA : ....", True),
        ("RH / DL", True),
        ("Pasal 2", False),
        ("PERJANJIAN KERJA SAMA", False),
    ],
)
def test_page_furniture(text, expected):
    assert is_furniture(text) is expected


def test_clean_document_removes_noise_and_repairs_text():
    def page(*lines):
        return PageText(lines=lines, height=3508)

    first = page(
        line("PERJANJIAN KERJA SAMA", top=500),
        line("rnenyediakan ruang | pelatihan", top=800),
        line("a. menyeleksi peserta,", top=900),
        line("b. menetapkan jadwal;", top=960),
        line("Sh iN ww", conf=20, top=1500),
        line("- 1 -", top=3400),
        line("Nota Kesepahaman Kampar 1", top=50),
    )
    second = page(
        line("Nota Kesepahaman Kampar 2", top=50),
        line("kerja sarna dan kerja sama", top=600),
    )
    cleaned = clean_document([first, None, second], context="kerja sama")
    assert cleaned[0] == (
        "PERJANJIAN KERJA SAMA\nmenyediakan ruang pelatihan\n"
        "a. menyeleksi peserta;\nb. menetapkan jadwal;"
    )
    assert cleaned[1] == ""
    assert cleaned[2] == "kerja sama dan kerja sama"


# Cache ------------------------------------------------------------------------


def test_cache_round_trip_and_bad_entries(tmp_path):
    cache = OcrCache(tmp_path, "cd" * 32, cache_params(version="5.3.0"))
    assert cache.get(0) is None
    page = CachedPage(
        text=PageText(lines=(line("Pasal 1"),), height=99), seconds=2.5, skew=0.7
    )
    cache.put(0, page)
    assert cache.get(0) == page
    assert cache.path(0).parent == tmp_path / "cd" / ("cd" * 32)
    cache.path(1).write_text("{not json")
    assert cache.get(1) is None


def test_cache_key_changes_with_the_engine_version():
    assert cache_params(version="5.3.0") != cache_params(version="5.4.0")


# Engine failures --------------------------------------------------------------


def test_missing_language_pack_is_a_setup_error_naming_the_package(tmp_path):
    command = fake_tesseract(tmp_path, langs="eng osd")
    data = png_bytes(dense_page())
    raw = read(source(data, "scan.png"), data)
    with pytest.raises(OcrSetupError, match="tesseract-ocr-ind"):
        ocr_document(raw, data, Settings(tesseract=command))


def test_missing_tesseract_is_a_setup_error(tmp_path):
    data = png_bytes(dense_page())
    raw = read(source(data, "scan.png"), data)
    with pytest.raises(OcrSetupError, match="tesseract-ocr"):
        ocr_document(raw, data, Settings(tesseract=str(tmp_path / "nothing")))


def test_cli_stops_with_exit_1_when_the_language_pack_is_missing(
    tmp_path, db_url, monkeypatch
):
    command = Path(fake_tesseract(tmp_path, langs="eng"))
    command.rename(tmp_path / "tesseract")
    monkeypatch.setenv(
        "PATH", f"{tmp_path}:{Path(sys.executable).parent}:/usr/bin:/bin"
    )
    (tmp_path / "scan.png").write_bytes(png_bytes(dense_page()))
    result = CliRunner().invoke(
        cli, ["--db", db_url, "ingest", "-s", str(tmp_path / "scan.png")]
    )
    assert result.exit_code == 1
    assert "tesseract-ocr-ind" in result.stderr


def test_a_stuck_page_fails_alone_with_a_reason(tmp_path, caplog):
    command = fake_tesseract(tmp_path, output=tsv(["Pasal 1"]), sleep=5)
    data = png_bytes(dense_page())
    raw = read(source(data, "scan.png"), data)
    with pytest.raises(OcrFailedError, match="longer than"):
        ocr_document(raw, data, Settings(tesseract=command, ocr_timeout=1))
    assert "page 1 not OCR'd" in caplog.text


def test_a_stuck_page_leaves_the_other_pages(tmp_path):
    command = fake_tesseract(tmp_path, output=tsv(["Pasal 1"]), sleep=5)
    digital = text_pdf([AGREEMENT_LINES[:14]])
    scan = scanned_pdf(dense_page())
    merged = pdfium.PdfDocument(digital)
    merged.import_pages(pdfium.PdfDocument(scan))
    buffer = io.BytesIO()
    merged.save(buffer)
    data = buffer.getvalue()
    raw = read(source(data), data)
    document = ocr_document(raw, data, Settings(tesseract=command, ocr_timeout=1))
    assert document.pages[0].ocr is None
    info = document.pages[1].ocr
    assert info.error and info.needs_review and info.confidence == 0
    assert "PERJANJIAN KERJA SAMA" in document.text


# Provenance and the cache, end to end with the fake engine -------------------


def test_ocr_pages_carry_provenance_and_a_rerun_reads_the_cache(tmp_path):
    command = fake_tesseract(tmp_path, output=tsv(AGREEMENT_LINES[:14], conf=62))
    data = png_bytes(dense_page())
    settings = Settings(tesseract=command, ocr_cache=tmp_path / "cache")
    raw = read(source(data, "scan.png"), data)
    first = ocr_document(raw, data, settings)
    info = first.pages[0].ocr
    assert (info.engine, info.version, info.language) == (
        "tesseract",
        "5.9.9",
        "ind+eng",
    )
    assert info.confidence == 62.0 and info.needs_review and not info.cached
    assert first.reader == "image+ocr"
    assert first.text.startswith("PERJANJIAN KERJA SAMA\nANTARA")
    assert len(calls(tmp_path)) == 1
    assert calls(tmp_path)[0].startswith("OMP_THREAD_LIMIT=1 ")
    assert "-l ind+eng --dpi" in calls(tmp_path)[0]
    second = ocr_document(raw, data, settings)
    assert second.text == first.text
    assert second.pages[0].ocr.cached
    assert len(calls(tmp_path)) == 1  # nothing OCR'd again
    assert not list((tmp_path / "cache" / "work").iterdir())  # derivatives removed


def test_provenance_is_stored_shown_and_exported(tmp_path, db_url, monkeypatch):
    command = fake_tesseract(tmp_path, output=tsv(AGREEMENT_LINES, conf=93))
    path = tmp_path / "scan.png"
    path.write_bytes(png_bytes(dense_page()))
    engine = open_for_writing(db_url)
    with Batch(engine, Settings(tesseract=command)) as batch:
        outcome = batch.process(path)
    assert outcome.outcome is Outcome.LOADED, outcome.message
    with Session(engine) as session:
        document = session.get_one(Document, outcome.document_id)
        assert document.media_type == "image"
        (page,) = document.pages
        assert (page.ocr_engine, page.ocr_language, page.ocr_confidence) == (
            "tesseract",
            "ind+eng",
            93.0,
        )
        assert page.ocr_seconds is not None and not page.needs_review
    runner = CliRunner()
    shown = runner.invoke(cli, ["--db", db_url, "show", str(outcome.document_id)])
    assert "OCR pages: 1" in shown.stdout
    assert "tesseract 5.9.9 ind+eng, confidence 93.0" in shown.stdout
    exported = json.loads(runner.invoke(cli, ["--db", db_url, "export"]).stdout)
    assert exported["ocr_pages"] == [
        {
            "page": 1,
            "engine": "tesseract",
            "version": "5.9.9",
            "language": "ind+eng",
            "confidence": 93.0,
            "needs_review": False,
        }
    ]


# Images: colour and skew ------------------------------------------------------


def test_coloured_ink_fades_and_black_stays():
    image = Image.new("RGB", (4, 1))
    image.putdata([(0, 0, 0), (200, 30, 40), (25, 45, 160), (255, 255, 255)])
    assert list(to_grey(image).tobytes()) == [0, 200, 160, 255]


def test_skew_is_measured_and_corrected():
    upright = dense_page()
    tilted = upright.rotate(-1.5, expand=True, fillcolor=255)
    assert skew_angle(tilted) == pytest.approx(1.5, abs=0.25)
    levelled, angle = deskew(tilted)
    assert angle == pytest.approx(1.5, abs=0.25)
    assert deskew(upright)[1] == 0.0


# Real Tesseract ---------------------------------------------------------------


def rendered_page(lines, dpi=300) -> Image.Image:
    document = pdfium.PdfDocument(text_pdf([lines]))
    page = document[0]
    image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    return image.crop((0, 0, image.width, image.height // 4))


@needs_tesseract
def test_real_tesseract_reads_a_scanned_png(tmp_path):
    image = rendered_page(AGREEMENT_LINES[:8]).rotate(1.0, expand=True, fillcolor=255)
    data = png_bytes(image)
    raw = read(source(data, "scan.png"), data)
    document = ocr_document(raw, data, Settings(ocr_cache=tmp_path))
    assert "PERJANJIAN KERJA SAMA" in document.text
    assert "Nomor: W4.PAS.15-KS.01/2025" in document.text
    assert document.pages[0].ocr.confidence > 80


@needs_tesseract
def test_real_tesseract_turns_an_upside_down_page(tmp_path):
    # orientation detection needs a page of text, not a few lines
    data = png_bytes(dense_page(dpi=200).rotate(180))
    raw = read(source(data, "scan.png"), data)
    document = ocr_document(raw, data, Settings())
    assert "LEMBAGA PEMASYARAKATAN" in document.text
