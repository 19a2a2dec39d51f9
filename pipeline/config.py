"""Defaults as named constants, and the Settings a run is given."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

DEFAULT_DB_URL = "sqlite:///pks.db"
DEFAULT_SEARCH_LIMIT = 20

# OCR (see pipeline/ocr.py). Indonesian first; English for the loanwords and
# the English names of institutions that agreements quote.
DEFAULT_OCR_LANGUAGE = "ind+eng"
DEFAULT_TESSERACT = "tesseract"
DEFAULT_OCR_DPI = 300
# A 300-dpi page takes ~2.3 s here; a page still running after a minute is stuck.
DEFAULT_OCR_TIMEOUT = 60.0
# Pages whose mean word confidence is below this are flagged for review.
DEFAULT_OCR_REVIEW_CONFIDENCE = 75.0
# Folder of the OCR cache under $XDG_CACHE_HOME (or ~/.cache), chosen by the CLI.
OCR_CACHE_SUBDIR = Path("pks") / "ocr"


class OcrMode(StrEnum):
    """Which pages are OCR'd: those that need it, all of them, or none."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


# Nightly ingestion (pipeline.run, pipeline.pool): what one document may cost.
# pdfplumber was measured at > 90 s of CPU on a 602-byte PDF and > 1 GB on a
# 2.4 KB compression bomb; an honest agreement takes well under a second.
DEFAULT_TIMEOUT = 300.0  # seconds per document, OCR included
DEFAULT_MEMORY_MB = 2048  # per worker: its address space (RLIMIT_AS) and RSS
DEFAULT_MAX_FILE_MB = 256
DEFAULT_MAX_PAGES = 2000
DEFAULT_MAX_TEXT_CHARS = 1_000_000  # spaCy's own default nlp.max_length
DEFAULT_MAX_PAGE_PIXELS = 200_000_000  # a page rendered for OCR: ~A0 at 300 dpi
# Documents per worker before a fresh one. Measured: a worker is 214 MB after
# warming up and 219 MB after 1,200 documents, and a fresh one costs ~4 s to
# start; a worker that did grow is replaced sooner (pipeline.pool).
DEFAULT_RECYCLE_AFTER = 2000
POISON_AFTER = 3  # worker crashes before a file is quarantined


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """What one document may cost a worker; a cap that bites defers the file."""

    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    max_file_mb: int = DEFAULT_MAX_FILE_MB
    max_pages: int = DEFAULT_MAX_PAGES
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    max_page_pixels: int = DEFAULT_MAX_PAGE_PIXELS
    recycle_after: int = DEFAULT_RECYCLE_AFTER


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything a run needs to know, built once by the CLI and passed down."""

    db_url: str = DEFAULT_DB_URL
    force: bool = False
    fail_fast: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    ocr: OcrMode = OcrMode.AUTO
    # None: no cache (library use and tests); the CLI always gives a folder.
    ocr_cache: Path | None = None
    ocr_language: str = DEFAULT_OCR_LANGUAGE
    ocr_timeout: float = DEFAULT_OCR_TIMEOUT
    # Pages OCR'd at once; 0 means one per core (os.cpu_count()).
    ocr_jobs: int = 0
    tesseract: str = DEFAULT_TESSERACT
    # Worker processes; 0 runs every document in this process (no isolation).
    workers: int = 0
    limits: Limits = field(default_factory=Limits)
