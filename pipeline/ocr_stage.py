"""Stage: OCR the pages that need it, between reading and segmentation.

Readers report the text layer and flag the pages without a usable one
(``needs_ocr``); this stage decides which pages to OCR (:func:`select_pages`),
renders them to derivative images, levels them, runs Tesseract on several
pages at once, caches what it read by the original's sha256, cleans the text
(:mod:`pipeline.ocr_text`) and returns a new :class:`RawDocument` whose OCR'd
pages carry their provenance (:class:`OcrInfo`). Originals are only read.

Parallelism: one Tesseract process per page, at most ``settings.ocr_jobs``
(default: one per core) at a time, from a small thread pool; the threads only
prepare images and wait on their process. The stage holds no global state
besides the lock around PDFium, so a worker process can call it as it is.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from pipeline.config import (
    DEFAULT_OCR_DPI,
    DEFAULT_OCR_REVIEW_CONFIDENCE,
    OcrMode,
    Settings,
)
from pipeline.errors import EmptyFileError, OcrFailedError
from pipeline.ocr import (
    ENGINE_NAME,
    PAGE_SEGMENTATION,
    OcrEngineError,
    OcrTimeoutError,
    PageText,
    check_languages,
    detect_rotation,
    engine_version,
    recognise,
)
from pipeline.ocr_cache import CachedPage, OcrCache, cache_params
from pipeline.ocr_text import clean_document
from pipeline.readers.base import build_document
from pipeline.scan import (
    PageImage,
    deskew,
    image_file_pages,
    pdf_ink_shares,
    pdf_page_images,
)
from schemas.records import MediaType, OcrInfo, RawDocument

log = logging.getLogger(__name__)

# A page whose text layer has fewer letters than this is checked for ink:
# below LETTERS_PER_INK letters per unit of ink share it is a scan whose
# text layer covers only a header or a scanner's watermark. Digital pages
# measure 40,000-110,000 letters per unit of ink (a full page: ~2,000
# letters, 2-3 % ink).
THIN_TEXT_LETTERS = 400
LETTERS_PER_INK = 15_000
MIN_INK_SHARE = 0.003
# Below this mean word confidence the page may be upside down or sideways:
# ask Tesseract's orientation detection, and re-read if it says so.
ROTATION_CHECK_CONFIDENCE = 60.0


def select_pages(raw: RawDocument, data: bytes, mode: OcrMode) -> list[int]:
    """The 0-based indexes of the pages to OCR.

    ``auto`` takes the pages the reader flagged (no text layer, ``(cid:..)``
    glyphs, mostly non-letters) plus PDF pages whose few letters are far too
    few for the ink printed on them.

    Args:
        raw: The document as read.
        data: The original's bytes.
        mode: The ``--ocr`` mode.

    Returns:
        Page indexes, in order.
    """
    if mode is OcrMode.NEVER:
        return []
    if mode is OcrMode.ALWAYS:
        return list(range(len(raw.pages)))
    chosen = {index for index, page in enumerate(raw.pages) if page.needs_ocr}
    if raw.source.media_type is MediaType.PDF:
        chosen |= _inky_thin_pages(raw, data, chosen)
        chosen -= _blank_pages(data, chosen)
    return sorted(chosen)


def _blank_pages(data: bytes, chosen: set[int]) -> set[int]:
    """Pages without a single dark pixel: nothing to read, so no OCR."""
    if not chosen:
        return set()
    shares = pdf_ink_shares(data, sorted(chosen))
    return {index for index, share in shares.items() if share == 0}


def _inky_thin_pages(raw: RawDocument, data: bytes, chosen: set[int]) -> set[int]:
    letters = {
        index: sum(char.isalpha() for char in raw.text[page.start : page.end])
        for index, page in enumerate(raw.pages)
        if index not in chosen
    }
    thin = [index for index, count in letters.items() if count < THIN_TEXT_LETTERS]
    if not thin:
        return set()
    shares = pdf_ink_shares(data, thin)
    return {
        index
        for index in thin
        if shares[index] >= MIN_INK_SHARE
        and letters[index] < shares[index] * LETTERS_PER_INK
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class _Job:
    """What every page of one document's OCR shares."""

    settings: Settings
    version: str
    cache: OcrCache | None
    workdir: Path
    page_image: PageImage


def ocr_document(raw: RawDocument, data: bytes, settings: Settings) -> RawDocument:
    """OCR the pages of ``raw`` that need it (see :func:`select_pages`).

    Args:
        raw: The document as read.
        data: The original's bytes (rendered, never written).
        settings: ``ocr`` mode, cache folder, language, timeout, jobs.

    Returns:
        ``raw`` itself when no page needs OCR, else a new document whose
        OCR'd pages hold the cleaned text and their :class:`OcrInfo`.

    Raises:
        OcrSetupError: Tesseract or a language pack is missing.
        OcrFailedError: Every page needed OCR and none could be read.
        EmptyFileError: Every page needed OCR and none holds any text.
    """
    indexes = select_pages(raw, data, settings.ocr)
    if not indexes:
        return raw
    check_languages(settings.tesseract, settings.ocr_language)
    results = _recognise_pages(raw, data, indexes, settings)
    document = _rebuild(raw, results)
    _check_readable(document, results)
    return document


def _recognise_pages(
    raw: RawDocument, data: bytes, indexes: list[int], settings: Settings
) -> dict[int, tuple[PageText | None, OcrInfo]]:
    version = engine_version(settings.tesseract)
    with (
        _page_images(raw, data, settings.limits.max_page_pixels) as page_image,
        _workdir(settings) as workdir,
    ):
        job = _Job(
            settings=settings,
            version=version,
            cache=_cache(raw, settings, version),
            workdir=workdir,
            page_image=page_image,
        )
        jobs = settings.ocr_jobs or os.cpu_count() or 1
        with ThreadPoolExecutor(max_workers=min(jobs, len(indexes))) as pool:
            done = pool.map(lambda index: _ocr_page(job, raw, index), indexes)
            return dict(zip(indexes, done, strict=True))


@contextmanager
def _page_images(raw: RawDocument, data: bytes, max_pixels: int) -> Iterator[PageImage]:
    if raw.source.media_type is not MediaType.PDF:
        yield image_file_pages(data)
        return
    render, close = pdf_page_images(data, DEFAULT_OCR_DPI, max_pixels)
    try:
        yield render
    finally:
        close()


@contextmanager
def _workdir(settings: Settings) -> Iterator[Path]:
    """A private folder for the derivative page images, removed afterwards."""
    parent = None
    if settings.ocr_cache is not None:
        parent = settings.ocr_cache / "work"
        parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=parent, prefix="pks-ocr-") as folder:
        yield Path(folder)


def _cache(raw: RawDocument, settings: Settings, version: str) -> OcrCache | None:
    if settings.ocr_cache is None:
        return None
    params = cache_params(
        engine=ENGINE_NAME,
        version=version,
        language=settings.ocr_language,
        dpi=DEFAULT_OCR_DPI,
        psm=PAGE_SEGMENTATION,
    )
    return OcrCache(settings.ocr_cache, raw.source.sha256, params)


def _ocr_page(
    job: _Job, raw: RawDocument, index: int
) -> tuple[PageText | None, OcrInfo]:
    """One page from the cache, or read now; a failure fails this page only."""
    cached = job.cache.get(index) if job.cache else None
    if cached is not None:
        return cached.text, _info(job, cached, cached=True)
    try:
        page = _read_page(job, index)
    except (OcrTimeoutError, OcrEngineError, OSError, ValueError) as error:
        log.warning("%s: page %d not OCR'd: %s", raw.source.path, index + 1, error)
        return None, _failed(job, str(error))
    if job.cache is not None:
        job.cache.put(index, page)
    return page.text, _info(job, page, cached=False)


def _read_page(job: _Job, index: int) -> CachedPage:
    started = time.perf_counter()
    deadline = started + job.settings.ocr_timeout
    image, dpi = job.page_image(index)
    image, skew = deskew(image)
    path = _save(image, job.workdir / f"p{index + 1:04d}.pgm")
    text = _tesseract(job, path, dpi, deadline)
    rotation = 0
    if text.confidence < ROTATION_CHECK_CONFIDENCE:
        rotation, text = _try_rotations(job, image, path, dpi, deadline, text)
    seconds = round(time.perf_counter() - started, 3)
    return CachedPage(text=text, seconds=seconds, rotation=rotation, skew=skew)


def _try_rotations(
    job: _Job,
    image: Image.Image,
    path: Path,
    dpi: int,
    deadline: float,
    first: PageText,
) -> tuple[int, PageText]:
    """Re-read an upside-down or sideways page turned upright, if it is one."""
    settings = job.settings
    rotation = detect_rotation(
        path, command=settings.tesseract, dpi=dpi, timeout=_left(deadline)
    )
    if not rotation:
        return 0, first
    # Tesseract says how far to turn clockwise; Pillow turns counter-clockwise.
    upright, _skew = deskew(image.rotate(-rotation, expand=True, fillcolor=255))
    again = _tesseract(job, _save(upright, path), dpi, deadline)
    return (rotation, again) if again.confidence > first.confidence else (0, first)


def _tesseract(job: _Job, path: Path, dpi: int, deadline: float) -> PageText:
    settings = job.settings
    return recognise(
        path,
        command=settings.tesseract,
        language=settings.ocr_language,
        dpi=dpi,
        timeout=_left(deadline),
    )


def _left(deadline: float) -> float:
    left = deadline - time.perf_counter()
    if left <= 0:
        raise OcrTimeoutError("the page's time limit ran out")
    return left


def _save(image: Image.Image, path: Path) -> Path:
    # PGM: uncompressed, so writing a 300-dpi page takes ~6 ms (PNG: ~120 ms).
    image.save(path, format="PPM")
    return path


def _info(job: _Job, page: CachedPage, *, cached: bool) -> OcrInfo:
    confidence = round(page.text.confidence, 1)
    return OcrInfo(
        engine=ENGINE_NAME,
        version=job.version,
        language=job.settings.ocr_language,
        confidence=confidence,
        seconds=page.seconds,
        needs_review=confidence < DEFAULT_OCR_REVIEW_CONFIDENCE,
        cached=cached,
    )


def _failed(job: _Job, reason: str) -> OcrInfo:
    return OcrInfo(
        engine=ENGINE_NAME,
        version=job.version,
        language=job.settings.ocr_language,
        confidence=0.0,
        seconds=0.0,
        needs_review=True,
        error=reason,
    )


def _rebuild(
    raw: RawDocument, results: dict[int, tuple[PageText | None, OcrInfo]]
) -> RawDocument:
    """The document with the OCR'd pages' cleaned text and provenance."""
    layer = [raw.text[page.start : page.end] for page in raw.pages]
    context = "\n".join(text for i, text in enumerate(layer) if i not in results)
    read = [results[i][0] if i in results else None for i in range(len(layer))]
    cleaned = clean_document(read, context)
    # A page whose OCR failed keeps whatever text layer it had.
    texts = [
        cleaned[i] if read[i] is not None else text for i, text in enumerate(layer)
    ]
    infos = [results[i][1] if i in results else None for i in range(len(layer))]
    return build_document(
        raw.source,
        f"{raw.reader}+ocr",
        texts,
        needs_ocr=[page.needs_ocr for page in raw.pages],
        ocr=infos,
        meta_title=raw.meta_title,
        published=raw.published,
    )


def _check_readable(
    document: RawDocument, results: dict[int, tuple[PageText | None, OcrInfo]]
) -> None:
    if document.text.strip():
        return
    errors = [info.error for _text, info in results.values() if info.error]
    if errors:
        raise OcrFailedError(document.source.path, errors[0])
    raise EmptyFileError(document.source.path, "OCR found no text on any page")
