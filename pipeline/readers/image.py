"""Image reader: a scan saved as PNG, JPEG or (multi-page) TIFF.

An image has no text layer: every frame becomes one empty page flagged
``needs_ocr``, which the OCR stage (:mod:`pipeline.ocr_stage`) then reads.
Here the file is only opened and its frames counted and decoded once, so a
broken image fails as ``corrupt`` before any OCR is attempted.
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from pipeline.errors import CorruptFileError
from pipeline.readers.base import build_document
from schemas.records import RawDocument, SourceFile

READER_NAME = "image"


def read_image(source: SourceFile, data: bytes) -> RawDocument:
    """Read an image file as pages without text, each needing OCR.

    Args:
        source: The file, as discovered.
        data: Its bytes.

    Returns:
        One empty page per frame, flagged ``needs_ocr``.

    Raises:
        CorruptFileError: The image cannot be decoded.
    """
    frames = _frame_count(source, data)
    return build_document(source, READER_NAME, [""] * frames, needs_ocr=[True] * frames)


def _frame_count(source: SourceFile, data: bytes) -> int:
    try:
        with Image.open(io.BytesIO(data)) as image:
            frames = int(getattr(image, "n_frames", 1))
            for index in range(frames):
                image.seek(index)
                image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise CorruptFileError(source.path, f"not a readable image: {error}") from error
    return frames
