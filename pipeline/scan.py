"""Page images for OCR: rendering, colour handling, deskew, ink measurement.

Every function here works on derivatives in memory: an original file is only
ever read. PDFium is not thread-safe, so PDF rendering goes through one lock
while the rest (deskew, Tesseract) runs in parallel.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable

import numpy as np
import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image, ImageOps

# A4 is 8.27 inches wide: the resolution of an image file without a usable one.
A4_WIDTH_INCHES = 8.27
MIN_DPI, MAX_DPI = 70, 1200
# Deskew: the angles a hand-fed office scanner produces, searched on a copy
# about DESKEW_WIDTH pixels wide; coarse steps first, then fine ones.
MAX_SKEW_DEGREES = 4.0
COARSE_STEP, FINE_STEP = 0.5, 0.1
DESKEW_WIDTH = 800
MIN_CORRECTED_SKEW = 0.1
# A pixel darker than this (0-255) counts as ink.
INK_THRESHOLD = 128
INK_DPI = 30

_PDFIUM_LOCK = threading.Lock()

PageImage = Callable[[int], tuple[Image.Image, int]]


def pdf_page_images(
    data: bytes, dpi: int, max_pixels: int = 0
) -> tuple[PageImage, Callable[[], None]]:
    """A thread-safe renderer of a PDF's pages, and the function closing it.

    Args:
        data: The PDF's bytes.
        dpi: Rendering resolution.
        max_pixels: A page larger than this at ``dpi`` is rendered at the
            resolution that fits (0: no cap); the returned dpi says which.

    Returns:
        ``render(index) -> (greyscale image, dpi)`` and ``close()``.
    """
    with _PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)

    def render(index: int) -> tuple[Image.Image, int]:
        with _PDFIUM_LOCK:
            page = document[index]
            try:
                used = _capped_dpi(dpi, page.get_size(), max_pixels)
                bitmap = page.render(scale=used / 72)
                image = bitmap.to_pil()
            finally:
                page.close()
        return to_grey(image), used

    def close() -> None:
        with _PDFIUM_LOCK:
            document.close()

    return render, close


def _capped_dpi(dpi: int, size: tuple[float, float], max_pixels: int) -> int:
    """``dpi``, or less when the page would exceed ``max_pixels`` (a 200-inch page)."""
    width, height = (max(points, 1.0) / 72 for points in size)
    if not max_pixels or width * dpi * height * dpi <= max_pixels:
        return dpi
    return max(1, int((max_pixels / (width * height)) ** 0.5))


def image_file_pages(data: bytes) -> PageImage:
    """A thread-safe reader of the frames of an image file (multi-page TIFF).

    Each call opens its own decoder, so frames can be read in parallel.

    Args:
        data: A PNG, JPEG or TIFF file's bytes.

    Returns:
        ``frame(index) -> (greyscale image, dpi)``.
    """

    def frame(index: int) -> tuple[Image.Image, int]:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(index)
            upright = ImageOps.exif_transpose(image)
            return to_grey(upright), image_dpi(image)

    return frame


def image_dpi(image: Image.Image) -> int:
    """The resolution of an image file, or a guess from an A4 page width.

    Args:
        image: An opened image.

    Returns:
        Dots per inch, within a plausible range.
    """
    stated = image.info.get("dpi")
    if stated and MIN_DPI <= round(float(stated[0])) <= MAX_DPI:
        return round(float(stated[0]))
    guess = round(image.width / A4_WIDTH_INCHES)
    return min(max(guess, MIN_DPI), MAX_DPI)


def to_grey(image: Image.Image) -> Image.Image:
    """A greyscale copy in which coloured ink (stamps, blue signatures) fades.

    The brightest channel of each pixel is kept: black print is dark in every
    channel and stays dark, while a red stamp or a blue pen stroke is bright
    in its own channel and becomes a light grey that Tesseract ignores.

    Args:
        image: A page image in any mode.

    Returns:
        A mode ``L`` image.
    """
    if image.mode in ("L", "1", "P", "LA", "I", "I;16", "F"):
        return image.convert("L")
    rgb = np.asarray(image.convert("RGB"))
    return Image.fromarray(rgb.max(axis=2))


def skew_angle(image: Image.Image) -> float:
    """The counter-clockwise rotation (degrees) that levels the text lines.

    Projection profile: rotated by the right angle, text lines make the row
    sums of ink alternate sharply between full lines and empty gaps, so the
    sum of squared differences between neighbouring rows is largest.

    Args:
        image: A greyscale page image.

    Returns:
        The angle, within +-:data:`MAX_SKEW_DEGREES`.
    """
    scale = min(1.0, DESKEW_WIDTH / image.width)
    small = image.resize((max(1, int(image.width * scale)), int(image.height * scale)))
    ink = small.point(lambda value: 255 if value < INK_THRESHOLD else 0)
    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, COARSE_STEP)
    best = _best_angle(ink, coarse)
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + 1e-9, FINE_STEP)
    return round(_best_angle(ink, fine), 2)


def _best_angle(ink: Image.Image, angles: np.ndarray) -> float:
    scores = [_profile_sharpness(ink.rotate(float(angle))) for angle in angles]
    return float(angles[int(np.argmax(scores))])


def _profile_sharpness(ink: Image.Image) -> float:
    rows = np.asarray(ink, dtype=np.float64).sum(axis=1)
    return float(np.square(np.diff(rows)).sum())


def deskew(image: Image.Image) -> tuple[Image.Image, float]:
    """Level a skewed page.

    Args:
        image: A greyscale page image.

    Returns:
        The levelled image (the same object when no correction is needed)
        and the angle applied.
    """
    angle = skew_angle(image)
    if abs(angle) < MIN_CORRECTED_SKEW:
        return image, 0.0
    levelled = image.rotate(
        angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255
    )
    return levelled, angle


def ink_share(image: Image.Image) -> float:
    """Share of a page image's pixels that are ink.

    Args:
        image: A greyscale page image.

    Returns:
        A share between 0 and 1.
    """
    return float((np.asarray(image) < INK_THRESHOLD).mean())


def pdf_ink_shares(data: bytes, indexes: list[int]) -> dict[int, float]:
    """Ink share of chosen PDF pages, rendered at a coarse :data:`INK_DPI`.

    Args:
        data: The PDF's bytes.
        indexes: 0-based page indexes.

    Returns:
        The ink share of each page, by index.
    """
    render, close = pdf_page_images(data, INK_DPI)
    try:
        return {index: ink_share(render(index)[0]) for index in indexes}
    finally:
        close()
