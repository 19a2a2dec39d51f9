"""Fixtures shared by every test folder."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from extractors.context import ParsedDocument
from extractors.nlp import shared_nlp
from pipeline.segment import segment
from schemas.records import MediaType, Page, RawDocument, SourceFile
from tests.pgserver import BACKENDS, backend_url

ParseFn = Callable[..., ParsedDocument]


@pytest.fixture(scope="session")
def nlp() -> Language:
    return shared_nlp()


@pytest.fixture(scope="session")
def parse(nlp: Language) -> ParseFn:
    """parse(text, news=False, published=None, pages=None) -> ParsedDocument.

    ``pages`` is a list of page texts; when given, ``text`` is ignored and the
    pages are joined with a blank line, as the readers join them.
    """

    def make(
        text: str = "",
        *,
        news: bool = False,
        published: dt.date | None = None,
        pages: list[str] | None = None,
        meta_title: str | None = None,
    ) -> ParsedDocument:
        page_texts = pages if pages is not None else [text]
        records, offset = [], 0
        for number, page_text in enumerate(page_texts, start=1):
            records.append(
                Page(number=number, start=offset, end=offset + len(page_text))
            )
            offset += len(page_text) + 2
        media = MediaType.HTML if news else MediaType.PDF
        raw = RawDocument(
            source=SourceFile(path=Path("t"), sha256="0", size=0, media_type=media),
            reader="test",
            text="\n\n".join(page_texts),
            pages=tuple(records),
            meta_title=meta_title,
            published=published,
        )
        return segment(raw, nlp)

    return make


AGREEMENT_LINES = [
    "PERJANJIAN KERJA SAMA",
    "ANTARA",
    "LEMBAGA PEMASYARAKATAN KELAS IIB TELUK KUANTAN",
    "DENGAN",
    "BALAI LATIHAN KERJA KABUPATEN KUANTAN SINGINGI",
    "TENTANG",
    "PELATIHAN KETERAMPILAN BAGI WARGA BINAAN",
    "Nomor: W4.PAS.15-KS.01/2025",
    "Pada hari ini Rabu tanggal dua belas bulan Maret tahun dua ribu dua puluh lima,",
    "bertempat di Teluk Kuantan, yang bertanda tangan di bawah ini:",
    "1. Rahmat Hidayat, selaku Kepala Lembaga Pemasyarakatan Kelas IIB Teluk Kuantan,",
    "selanjutnya disebut PIHAK PERTAMA.",
    "2. Dewi Lestari, selaku Kepala Balai Latihan Kerja Kabupaten Kuantan Singingi,",
    "selanjutnya disebut PIHAK KEDUA.",
    "Pasal 1",
    "RUANG LINGKUP",
    "Ruang lingkup perjanjian ini adalah pelatihan keterampilan menjahit dan las.",
    "Pasal 2",
    "KEWAJIBAN",
    "(1) PIHAK PERTAMA wajib menyediakan ruang pelatihan.",
    "(2) PIHAK KEDUA berkewajiban menyediakan instruktur.",
    "PIHAK PERTAMA,",
    "Rahmat Hidayat",
    "PIHAK KEDUA,",
    "Dewi Lestari",
]


def text_pdf(pages: list[list[str]], **canvas_options) -> bytes:
    """A digital PDF with one list of lines per page (reportlab)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, **canvas_options)
    for lines in pages:
        y = 800
        for line in lines:
            canvas.drawString(50, y, line)
            y -= 16
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture
def make_text_pdf():
    return text_pdf


@pytest.fixture
def agreement_pdf() -> bytes:
    return text_pdf([AGREEMENT_LINES[:14], AGREEMENT_LINES[14:]])


@pytest.fixture(autouse=True)
def ocr_cache(tmp_path_factory, monkeypatch) -> Path:
    """Keep `pks` commands in tests away from the user's OCR cache."""
    folder = tmp_path_factory.mktemp("ocr-cache")
    monkeypatch.setenv("PKS_OCR_CACHE", str(folder))
    return folder


@pytest.fixture(scope="session")
def pg_server():
    """One throwaway PostgreSQL server for the whole session (tests/pgserver.py)."""
    from tests.pgserver import find_bindir, running_server

    if find_bindir() is None and not os.environ.get("CI"):
        pytest.skip("PostgreSQL is not installed here (`make install` installs it)")
    with running_server() as server:
        yield server


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    return backend_url(request, request.param, tmp_path)
