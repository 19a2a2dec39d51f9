"""The OCR engine: a thin, direct call of the ``tesseract`` command.

Why not OCRmyPDF: it produces a new PDF, which costs 2.3-2.6x Tesseract's own
time on this machine, and pks needs only the text and the word confidences.
One ``tesseract IMAGE stdout tsv`` process per page gives both, and nothing
else runs between the page image and the engine.

Each process gets ``OMP_THREAD_LIMIT=1``: Tesseract's OpenMP threads thrash
when several pages run at once (a 300-dpi page took ~10 s instead of ~2.3 s),
so parallelism comes from running one process per core instead
(:mod:`pipeline.ocr_stage`). A page that runs longer than the timeout is
killed and fails alone.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import OcrSetupError

ENGINE_NAME = "tesseract"
# psm 4: one column of text of variable sizes, read line by line across the
# whole width, so a two-column signature block stays in reading order
# ("PIHAK PERTAMA, PIHAK KEDUA,") instead of being split into blocks.
PAGE_SEGMENTATION = 4
ORIENTATION_ONLY = 0
_VERSION = re.compile(r"tesseract\s+v?(\d+(?:\.\d+)*)", re.IGNORECASE)
_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.MULTILINE)
_ORIENTATION_CONFIDENCE = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.M)
# Below this OSD confidence the detected rotation is a guess: keep the page.
MIN_ORIENTATION_CONFIDENCE = 2.0
_TSV_WORD_LEVEL = "5"


class OcrTimeoutError(Exception):
    """Tesseract ran longer than the time limit of one page."""


class OcrEngineError(Exception):
    """Tesseract exited with an error on one page."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Word:
    """One recognised word, its confidence (0-100) and its box in pixels."""

    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One line of words, in reading order."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(word.text for word in self.words)

    @property
    def top(self) -> int:
        """Highest pixel row of the line."""
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> int:
        """Lowest pixel row of the line."""
        return max(word.top + word.height for word in self.words)

    @property
    def confidence(self) -> float:
        """Mean word confidence."""
        return sum(word.conf for word in self.words) / len(self.words)


@dataclass(frozen=True, slots=True, kw_only=True)
class PageText:
    """What Tesseract read on one page image of ``height`` pixels."""

    lines: tuple[Line, ...]
    height: int

    @property
    def confidence(self) -> float:
        """Mean word confidence over the page (0 when no word was read)."""
        words = [word for line in self.lines for word in line.words]
        return sum(word.conf for word in words) / len(words) if words else 0.0


def _environment() -> dict[str, str]:
    # The child inherits PATH, locale and TESSDATA_PREFIX; only the thread
    # count is forced (see the module docstring).
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _run(arguments: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            arguments,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=_environment(),
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise OcrTimeoutError(f"Tesseract took longer than {timeout:g} s") from error


@functools.lru_cache(maxsize=8)
def engine_version(command: str) -> str:
    """The version of the Tesseract at ``command`` (asked once per process).

    Args:
        command: The ``tesseract`` executable, a name on PATH or a path.

    Returns:
        The version, e.g. ``5.3.0``.

    Raises:
        OcrSetupError: Tesseract is not installed.
    """
    try:
        result = _run([command, "--version"], timeout=30)
    except (OSError, OcrTimeoutError) as error:
        raise OcrSetupError(
            f"the OCR engine {command!r} cannot be run ({error})", "tesseract-ocr"
        ) from error
    match = _VERSION.search(result.stdout + result.stderr)
    return match.group(1) if match else "unknown"


@functools.lru_cache(maxsize=8)
def check_languages(command: str, language: str) -> None:
    """Make sure every language of ``language`` (``ind+eng``) is installed.

    Args:
        command: The ``tesseract`` executable.
        language: Tesseract language codes joined by ``+``.

    Raises:
        OcrSetupError: Tesseract or a language pack is missing; the message
            names the Debian package to install.
    """
    engine_version(command)
    result = _run([command, "--list-langs"], timeout=30)
    installed = set(result.stdout.split())
    for code in language.split("+"):
        if code not in installed:
            raise OcrSetupError(
                f"Tesseract has no {code!r} language data", f"tesseract-ocr-{code}"
            )


def recognise(
    image: Path, *, command: str, language: str, dpi: int, timeout: float
) -> PageText:
    """Read one page image with Tesseract.

    Args:
        image: A page image file (PGM, PNG, TIFF ...).
        command: The ``tesseract`` executable.
        language: Tesseract language codes, e.g. ``ind+eng``.
        dpi: The image's resolution (PGM files carry none).
        timeout: Seconds before the process is killed.

    Returns:
        The lines and word confidences.

    Raises:
        OcrTimeoutError: The page took longer than ``timeout``.
        OcrEngineError: Tesseract failed on the image.
    """
    arguments = [command, str(image), "stdout", "-l", language, "--dpi", str(dpi)]
    arguments += ["--psm", str(PAGE_SEGMENTATION), "tsv"]
    result = _run(arguments, timeout)
    if result.returncode != 0:
        raise OcrEngineError(_last_line(result.stderr) or f"exit {result.returncode}")
    return parse_tsv(result.stdout)


def detect_rotation(image: Path, *, command: str, dpi: int, timeout: float) -> int:
    """Clockwise degrees (0, 90, 180, 270) that turn the page upright.

    Uses Tesseract's orientation and script detection (``--psm 0``, the
    ``osd`` language pack). An unsure or failed detection returns 0.

    Args:
        image: A page image file.
        command: The ``tesseract`` executable.
        dpi: The image's resolution.
        timeout: Seconds before the process is killed.

    Returns:
        The rotation to apply.

    Raises:
        OcrTimeoutError: Detection took longer than ``timeout``.
    """
    arguments = [command, str(image), "stdout", "--dpi", str(dpi)]
    arguments += ["--psm", str(ORIENTATION_ONLY)]
    result = _run(arguments, timeout)
    rotate = _ROTATE.search(result.stdout)
    sure = _ORIENTATION_CONFIDENCE.search(result.stdout)
    if not rotate or not sure or float(sure.group(1)) < MIN_ORIENTATION_CONFIDENCE:
        return 0
    return int(rotate.group(1)) % 360


def parse_tsv(tsv: str) -> PageText:
    """Group Tesseract's TSV output into lines of words.

    Args:
        tsv: The output of ``tesseract ... tsv``.

    Returns:
        The page's lines in reading order; empty words are dropped.
    """
    rows = [row.split("\t") for row in tsv.splitlines()[1:]]
    height = next((int(row[9]) for row in rows if row and row[0] == "1"), 0)
    lines: dict[tuple[str, str, str], list[Word]] = {}
    for row in rows:
        if len(row) < 12 or row[0] != _TSV_WORD_LEVEL or not row[11].strip():
            continue
        key = (row[2], row[3], row[4])  # block, paragraph, line
        lines.setdefault(key, []).append(
            Word(
                text=row[11].strip(),
                conf=max(float(row[10]), 0.0),
                left=int(row[6]),
                top=int(row[7]),
                width=int(row[8]),
                height=int(row[9]),
            )
        )
    return PageText(
        lines=tuple(Line(words=tuple(words)) for words in lines.values()),
        height=height,
    )


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""
