from __future__ import annotations

import codecs
import hashlib
import random
from pathlib import Path

import pytest

from pipeline.discover import discover, sniff_media_type, source_file
from pipeline.errors import EmptyFileError, UnreadableFileError
from schemas.records import MediaType
from tests.pipeline.test_readers import make_docx, make_pdf, make_zip


def write(path: Path, data: bytes = b"PERJANJIAN KERJA SAMA\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def relative(paths, root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in paths]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    for name in [
        "b.pdf",
        "a.txt",
        "2024/pks-01.docx",
        "2024/pks-01.expected.json",
        "2024/lampiran/scan.pdf",
        ".git/config",
        ".hidden.txt",
        "2023/berita.html",
    ]:
        write(tmp_path / name)
    return tmp_path


def test_walks_folders_sorted_and_skips_hidden_and_gold_files(archive):
    assert relative(discover([archive]), archive) == [
        "2023/berita.html",
        "2024/lampiran/scan.pdf",
        "2024/pks-01.docx",
        "a.txt",
        "b.pdf",
    ]


def test_include_and_exclude_match_name_or_relative_path(archive):
    assert relative(discover([archive], include=["*.pdf"]), archive) == [
        "2024/lampiran/scan.pdf",
        "b.pdf",
    ]
    assert relative(discover([archive], include=["2024/*"]), archive) == [
        "2024/lampiran/scan.pdf",
        "2024/pks-01.docx",
    ]
    assert relative(discover([archive], exclude=["lampiran", "*.txt"]), archive) == [
        "2023/berita.html",
        "2024/pks-01.docx",
        "b.pdf",
    ]


def test_named_files_are_kept_and_yielded_once(archive):
    hidden = archive / ".hidden.txt"
    found = list(discover([hidden, archive / "b.pdf", archive, archive / "b.pdf"]))
    assert found[:2] == [hidden, archive / "b.pdf"]
    assert found.count(archive / "b.pdf") == 1
    assert len(found) == 6


def test_symlink_loop_ends(tmp_path):
    write(tmp_path / "root" / "docs" / "pks.txt")
    (tmp_path / "root" / "docs" / "loop").symlink_to(tmp_path / "root")
    (tmp_path / "root" / "alias").symlink_to(tmp_path / "root" / "docs")
    found = list(discover([tmp_path / "root"]))
    assert len(found) == 1
    assert found[0].name == "pks.txt"


def test_missing_path_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        list(discover([tmp_path / "tidak-ada"]))


def test_source_file_hashes_the_bytes_it_returns(tmp_path):
    data = make_pdf([["PERJANJIAN KERJA SAMA"]])
    path = write(tmp_path / "pks.bin", data)
    record, read = source_file(path)
    assert read == data
    assert record.path == path
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert record.size == len(data)
    assert record.media_type is MediaType.PDF


def test_empty_file_raises(tmp_path):
    with pytest.raises(EmptyFileError) as caught:
        source_file(write(tmp_path / "kosong.pdf", b""))
    assert caught.value.path == tmp_path / "kosong.pdf"


def test_unreadable_file_raises(tmp_path):
    with pytest.raises(UnreadableFileError) as caught:
        source_file(tmp_path)  # a folder cannot be read as a file
    assert isinstance(caught.value.__cause__, OSError)


def _binary() -> bytes:
    return random.Random(7).randbytes(4096)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", MediaType.PDF),
        (b"\x00" * 1000 + b"%PDF-1.4\n", MediaType.PDF),
        (b"\x00" * 1100 + b"%PDF-1.4\n", None),
        (b"\x89PNG\r\n\x1a\n" + _binary(), MediaType.IMAGE),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + _binary(), MediaType.IMAGE),
        (b"GIF89a" + _binary(), None),
        (_binary(), None),
        (b"<!DOCTYPE html><html><body>x</body></html>", MediaType.HTML),
        (b"\xef\xbb\xbf\n  <HTML lang=id><body>x</body></HTML>", MediaType.HTML),
        (b"<?xml version='1.0'?>\n<!-- arsip -->\n<html>x</html>", MediaType.HTML),
        (b"<head><title>Berita</title></head>", MediaType.HTML),
        (b"Disimpan dari peramban\n<meta charset='utf-8'><p>x</p>", MediaType.HTML),
        ("<html><body>x</body></html>".encode("utf-16"), MediaType.HTML),
        (b"PERJANJIAN KERJA SAMA\nPasal 1 <html> disebut dalam teks", MediaType.TEXT),
        ("PIHAK PERTAMA \u00e9\u00a0ok".encode(), MediaType.TEXT),
        ("\u201cPIHAK\u201d caf\u00e9".encode("cp1252"), MediaType.TEXT),
        ("PIHAK KEDUA".encode("utf-16-le"), MediaType.TEXT),
        (codecs.BOM_UTF16_BE + "PIHAK KEDUA".encode("utf-16-be"), MediaType.TEXT),
    ],
)
def test_sniff_media_type(data, expected):
    assert sniff_media_type(data) is expected


def test_sniffs_docx_from_bytes_not_name(tmp_path):
    record, _ = source_file(
        write(tmp_path / "perjanjian.pdf", make_docx(lambda d: None))
    )
    assert record.media_type is MediaType.DOCX


def test_zip_that_is_not_docx_is_unsupported():
    assert sniff_media_type(make_zip({"word/other.xml": b"<x/>"})) is None


def test_truncated_docx_is_still_docx():
    data = make_docx(lambda document: document.add_paragraph("Pasal 1"))
    assert sniff_media_type(data[: len(data) // 2]) is MediaType.DOCX
