"""Find input files and identify them by their bytes.

:func:`discover` turns the paths given on the command line into a sorted,
de-duplicated stream of files. :func:`source_file` reads one file *once* and
returns both its :class:`SourceFile` record and the bytes, so the reader that
follows does not read it again. The media type is sniffed from the bytes: an
archive is full of ``.pdf`` files that are really Word documents, and of
``.doc`` files that are HTML.
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import os
import re
import stat
import zipfile
from collections.abc import Iterator, Sequence
from fnmatch import fnmatch
from pathlib import Path

from pipeline.encoding import decode_text
from pipeline.errors import EmptyFileError, TooLargeError, UnreadableFileError
from schemas.records import MediaType, SourceFile

log = logging.getLogger(__name__)

# Hidden files and folders, and the gold files kept next to samples.
DEFAULT_EXCLUDES = (".*", "*.expected.json")

_PDF_MAGIC = b"%PDF-"
# Like PDF viewers, accept a header preceded by junk (mail or HTTP residue).
_PDF_HEADER_WINDOW = 1024
_ZIP_MAGIC = b"PK"
_DOCX_MAIN_PART = "word/document.xml"
_HTML_SNIFF_BYTES = 2048
_HTML_PROLOGUE = re.compile(r"^(?:\s|<\?xml[^>]*>|<!--.*?-->)*", re.DOTALL)
_HTML_STARTS = ("<!doctype html", "<html", "<head", "<body")
_HTML_TAG_ANYWHERE = re.compile(r"<(?:meta|title)[\s>/]", re.IGNORECASE)
# Scans saved as images: PNG, JPEG, TIFF (little and big endian).
_IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_TEXT_SNIFF_BYTES = 65536
_MIN_PRINTABLE_SHARE = 0.95


def discover(
    paths: Sequence[Path],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Iterator[Path]:
    """Yield the files named by ``paths``, walking folders recursively.

    Folders are walked in sorted order, following symlinked folders but never
    entering one twice (so a symlink loop ends). Globs are matched with
    :func:`fnmatch.fnmatch` against a file's name and its path relative to the
    folder given. :data:`DEFAULT_EXCLUDES` always apply inside folders; an
    excluded folder is not entered. A file named explicitly in ``paths`` is
    always yielded: filters only choose among the files found in folders.
    Each file is yielded once, even when reached twice.

    Args:
        paths: Files and folders, as given by the user.
        include: If given, only files matching one of these globs.
        exclude: Files and folders matching one of these globs are skipped.

    Yields:
        Paths of regular files.

    Raises:
        FileNotFoundError: A path in ``paths`` does not exist.
    """
    excludes = (*DEFAULT_EXCLUDES, *exclude)
    seen: set[Path] = set()
    for path in paths:
        for found in _files_under(path, include, excludes):
            identity = found.resolve()
            if identity not in seen:
                seen.add(identity)
                yield found


def _files_under(
    path: Path, include: Sequence[str], exclude: Sequence[str]
) -> Iterator[Path]:
    if path.is_dir():
        yield from _walk(path, path, include, exclude, set())
    elif path.exists():
        yield path
    else:
        raise FileNotFoundError(errno.ENOENT, "no such file or folder", str(path))


def _walk(
    folder: Path,
    root: Path,
    include: Sequence[str],
    exclude: Sequence[str],
    visited: set[tuple[int, int]],
) -> Iterator[Path]:
    try:
        status = folder.stat()
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        log.warning("cannot list %s: %s", folder, error.strerror or error)
        return
    identity = (status.st_dev, status.st_ino)
    if identity in visited:
        return  # a symlink loop, or a folder linked from two places
    visited.add(identity)
    for entry in entries:
        relative = entry.relative_to(root).as_posix()
        if _matches(entry.name, relative, exclude):
            continue
        if entry.is_dir():
            yield from _walk(entry, root, include, exclude, visited)
        elif _included(entry.name, relative, include):
            # Special files (FIFOs, sockets, dangling or looping links) are
            # yielded too, so the run accounts for them: source_file() fails
            # them as unreadable without ever blocking on them.
            yield entry


def _included(name: str, relative: str, include: Sequence[str]) -> bool:
    return not include or _matches(name, relative, include)


def _matches(name: str, relative: str, globs: Sequence[str]) -> bool:
    return any(fnmatch(name, glob) or fnmatch(relative, glob) for glob in globs)


def source_file(path: Path, *, max_bytes: int = 0) -> tuple[SourceFile, bytes]:
    """Read a file once; return its record and its bytes.

    The bytes are returned so the reader needs no second read, and so the
    sha256 always describes exactly the bytes that were read.

    Args:
        path: A file, typically from :func:`discover`.
        max_bytes: Refuse files larger than this (0: no cap).

    Returns:
        The record (sha256, size, sniffed media type; ``media_type`` is None
        for a format pks does not read) and the file's bytes.

    Raises:
        UnreadableFileError: The file cannot be read, or is not a regular file.
        EmptyFileError: The file has no bytes.
        TooLargeError: The file is larger than ``max_bytes``.
    """
    try:
        data = _read_regular_file(path, max_bytes)
    except OSError as error:
        raise UnreadableFileError(path, error.strerror or str(error)) from error
    if not data:
        raise EmptyFileError(path, "0 bytes")
    record = SourceFile(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        media_type=sniff_media_type(data),
    )
    return record, data


def _read_regular_file(path: Path, max_bytes: int) -> bytes:
    # O_NONBLOCK: opening a FIFO must not wait for a writer that never comes.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if max_bytes and status.st_size > max_bytes:
            raise TooLargeError(
                path, f"{status.st_size} bytes, over the cap of {max_bytes}"
            )
        return stream.read()


def sniff_media_type(data: bytes) -> MediaType | None:
    """Identify the format of ``data`` from its content, not a file name.

    Args:
        data: A file's bytes.

    Returns:
        The media type, or None for anything pks does not read (other
        archives, binary data).
    """
    if _PDF_MAGIC in data[: _PDF_HEADER_WINDOW + len(_PDF_MAGIC)]:
        return MediaType.PDF
    if data.startswith(_IMAGE_MAGICS):
        return MediaType.IMAGE
    if data.startswith(_ZIP_MAGIC):
        return MediaType.DOCX if _is_docx(data) else None
    if _looks_like_html(data):
        return MediaType.HTML
    if _looks_like_text(data):
        return MediaType.TEXT
    return None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        # A truncated DOCX has lost its central directory, but every local
        # header still names its member: call it DOCX so that the DOCX reader
        # reports it as corrupt rather than as an unsupported format.
        return _DOCX_MAIN_PART.encode() in data
    return _DOCX_MAIN_PART in names


def _looks_like_html(data: bytes) -> bool:
    head = decode_text(data[:_HTML_SNIFF_BYTES]).lstrip("\ufeff")
    start = _HTML_PROLOGUE.sub("", head, count=1).lower()
    return start.startswith(_HTML_STARTS) or bool(_HTML_TAG_ANYWHERE.search(head))


def _looks_like_text(data: bytes) -> bool:
    sample = decode_text(data[:_TEXT_SNIFF_BYTES])
    if not sample:
        return False
    printable = sum(1 for char in sample if _is_printable(char))
    return printable / len(sample) >= _MIN_PRINTABLE_SHARE


def _is_printable(char: str) -> bool:
    # isprintable() is False for every space but U+0020, even U+00A0.
    return char.isprintable() or char.isspace()
