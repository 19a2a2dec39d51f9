"""The OCR cache: what Tesseract read on each page, keyed by the original's sha256.

``<root>/<sha[:2]>/<sha>/p0003-<params>.json`` holds page 3's words, their
confidences and boxes, with the seconds the recognition took. ``params`` is a
short hash of everything that changes the result (engine version, language,
resolution, page segmentation, this file format), so upgrading Tesseract or
changing the language re-OCRs, and nothing else does. The raw words are
cached rather than the cleaned text, so a better cleanup never costs an OCR.

Entries are written to a temporary file and renamed, so parallel workers
never read half an entry; an unreadable entry counts as a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.ocr import Line, PageText, Word

CACHE_FORMAT = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class CachedPage:
    """One page's OCR result as stored: text, time taken, corrections applied."""

    text: PageText
    seconds: float
    rotation: int = 0
    skew: float = 0.0


def cache_params(**params: object) -> str:
    """A short, stable hash of the settings that change what OCR returns.

    Args:
        **params: Engine version, language, dpi, ...

    Returns:
        Twelve hex digits.
    """
    blob = json.dumps({**params, "format": CACHE_FORMAT}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


class OcrCache:
    """The cached pages of one original file.

    Args:
        root: The cache folder (created on first write).
        sha256: The original file's sha256.
        params: The result of :func:`cache_params`.
    """

    def __init__(self, root: Path, sha256: str, params: str) -> None:
        self.folder = root / sha256[:2] / sha256
        self.params = params

    def path(self, index: int) -> Path:
        """The entry of the page at 0-based ``index``."""
        return self.folder / f"p{index + 1:04d}-{self.params}.json"

    def get(self, index: int) -> CachedPage | None:
        """The cached page, or None when absent or unreadable."""
        try:
            stored = json.loads(self.path(index).read_text("utf-8"))
            return _from_json(stored)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, index: int, page: CachedPage) -> None:
        """Store a page atomically (write a temporary file, then rename)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(_to_json(page), stream, ensure_ascii=False)
        Path(name).replace(self.path(index))


def _to_json(page: CachedPage) -> dict[str, Any]:
    return {
        "seconds": page.seconds,
        "rotation": page.rotation,
        "skew": page.skew,
        "height": page.text.height,
        "lines": [
            [[w.text, w.conf, w.left, w.top, w.width, w.height] for w in line.words]
            for line in page.text.lines
        ],
    }


def _from_json(stored: dict[str, Any]) -> CachedPage:
    lines = tuple(
        Line(
            words=tuple(
                Word(text=t, conf=c, left=x, top=y, width=w, height=h)
                for t, c, x, y, w, h in line
            )
        )
        for line in stored["lines"]
    )
    return CachedPage(
        text=PageText(lines=lines, height=stored["height"]),
        seconds=stored["seconds"],
        rotation=stored["rotation"],
        skew=stored["skew"],
    )
