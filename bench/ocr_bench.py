"""Measure the OCR stage: its overhead over bare Tesseract, and a cached re-run.

1. Overhead. The pages of the scanned samples are rendered once to PGM files
   (the derivative images Tesseract reads); bare Tesseract is timed on them,
   one process per page and ``--ocr-jobs`` processes at once, as pks runs it.
   Then pks's OCR stage (rendering, deskew, Tesseract, cleanup; no cache) is
   timed on the same documents with the same parallelism.
2. Re-run. ``pks ingest`` of the scans into a new database with an empty
   cache, then into another new database with the filled cache (OCR served
   from the cache), then again into the second database (nothing changed).

    .venv/bin/python bench/ocr_bench.py [FOLDER]   # default: samples/scanned
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline.config import DEFAULT_OCR_DPI, Settings
from pipeline.discover import source_file
from pipeline.ocr import PAGE_SEGMENTATION
from pipeline.ocr_stage import ocr_document, select_pages
from pipeline.readers import read
from pipeline.scan import image_file_pages, pdf_page_images
from schemas.records import MediaType

ROOT = Path(__file__).resolve().parent.parent
JOBS = os.cpu_count() or 1


def documents(folder: Path):
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".json"):
            continue
        source, data = source_file(path)
        raw = read(source, data)
        yield raw, data


def render_pages(folder: Path, out: Path) -> list[Path]:
    images = []
    for raw, data in documents(folder):
        indexes = select_pages(raw, data, Settings().ocr)
        if raw.source.media_type is MediaType.PDF:
            render, close = pdf_page_images(data, DEFAULT_OCR_DPI)
        else:
            render, close = image_file_pages(data), lambda: None
        for index in indexes:
            image, _dpi = render(index)
            path = out / f"{raw.source.path.stem}-{index}.pgm"
            image.save(path, format="PPM")
            images.append(path)
        close()
    return images


def bare_tesseract(images: list[Path]) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(path: Path) -> None:
        subprocess.run(
            ["tesseract", str(path), "stdout", "-l", "ind+eng", "--dpi", "300"]
            + ["--psm", str(PAGE_SEGMENTATION), "tsv"],
            capture_output=True,
            env=env,
            check=True,
        )

    started = time.perf_counter()
    with ThreadPoolExecutor(JOBS) as pool:
        list(pool.map(one, images))
    return time.perf_counter() - started


def ocr_stage(folder: Path) -> float:
    loaded = list(documents(folder))
    started = time.perf_counter()
    for raw, data in loaded:
        ocr_document(raw, data, Settings(ocr_jobs=JOBS))
    return time.perf_counter() - started


def ingest(folder: Path, db: Path, cache: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pks"), "--db", f"sqlite:///{db}", "ingest"]
        + ["-s", "--ocr-cache", str(cache), str(folder)],
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - started


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples" / "scanned"
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        images = render_pages(folder, work)
        bare = bare_tesseract(images)
        stage = ocr_stage(folder)
        print(f"{len(images)} pages, {JOBS} at once")
        print(f"bare tesseract {bare:6.1f} s   pks OCR stage {stage:6.1f} s")
        print(f"overhead {stage / bare - 1:+.1%}")
        cache = work / "cache"
        first = ingest(folder, work / "a.db", cache)
        cached = ingest(folder, work / "b.db", cache)
        unchanged = ingest(folder, work / "b.db", cache)
        print(f"ingest, empty cache      {first:6.1f} s")
        print(f"ingest, new db, cached   {cached:6.1f} s  ({cached / first:.1%})")
        print(f"ingest, same db, again   {unchanged:6.1f} s  ({unchanged / first:.1%})")


if __name__ == "__main__":
    main()
