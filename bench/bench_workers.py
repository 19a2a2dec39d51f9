"""Ingest throughput with 1 and 2 workers on a corpus of digital PDFs.

    .venv/bin/python -m bench.bench_workers            # 600 documents, 4 pages each
    .venv/bin/python -m bench.bench_workers --documents 400 --workers 1 2
    .venv/bin/python -m bench.bench_workers --documents 10000 \
        --json docs/workers-10000.json    # a nightly-sized run

Each run is a real `pks ingest` into a fresh database (worker start-up and the
writes included), so the ratio is what a nightly job sees. The target
of issue 7: 2 workers at least 1.7 times as fast as 1 on this 2-core machine.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "bench" / "sample_sources"


def agreement_lines() -> list[str]:
    """Lines of every sample agreement we wrote (UTF-8 sources only)."""
    lines: list[str] = []
    for source in sorted(SOURCES.glob("*.txt")):
        try:
            lines += source.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
    return [line for line in lines if line.strip()]


def make_pdf(lines: list[str], number: int, pages: int) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    per_page = 45
    start = (number * 37) % max(1, len(lines) - per_page * pages)
    for page in range(pages):
        y = 800
        chunk = lines[start + page * per_page : start + (page + 1) * per_page]
        for line in [f"Nomor: {number}/PKS/2025", *chunk]:
            printable = line[:110].encode("latin-1", "replace").decode("latin-1")
            canvas.drawString(40, y, printable)
            y -= 17
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def make_corpus(folder: Path, documents: int, pages: int) -> None:
    lines = agreement_lines()
    folder.mkdir(parents=True)
    for number in range(documents):
        (folder / f"pks_{number:04d}.pdf").write_bytes(make_pdf(lines, number, pages))


def timed_ingest(corpus: Path, workers: int, scratch: Path) -> float:
    scratch.mkdir(parents=True, exist_ok=True)
    db = scratch / f"bench-{workers}.db"
    command = [
        sys.executable, "-m", "pipeline", "--db", f"sqlite:///{db}", "ingest", "-s",
        "--ocr", "never", "--workers", str(workers), str(corpus),
    ]  # fmt: skip
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def measure(
    documents: int, pages: int, workers: Sequence[int] = (1, 2)
) -> dict[str, Any]:
    """Wall-clock seconds per worker count, on this corpus and on one file.

    The one-file run is the start-up (process, imports, migrations, workers
    loading spaCy), paid once per run whatever the archive's size; the
    steady speed-up leaves it out.
    """
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        corpus, single = scratch / "corpus", scratch / "one"
        make_corpus(corpus, documents, pages)
        single.mkdir()
        (single / "one.pdf").write_bytes((corpus / "pks_0000.pdf").read_bytes())
        seconds = {w: timed_ingest(corpus, w, scratch) for w in workers}
        startup = {w: timed_ingest(single, w, scratch / f"s{w}") for w in workers}
    base = workers[0]
    # String keys: the figures are written to JSON and read back.
    return {
        "documents": documents,
        "pages": pages,
        "seconds": {str(w): seconds[w] for w in workers},
        "startup_seconds": {str(w): startup[w] for w in workers},
        "speed_up": {str(w): seconds[base] / seconds[w] for w in workers},
        "steady_speed_up": {
            str(w): (seconds[base] - startup[base]) / (seconds[w] - startup[w])
            for w in workers
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    result = measure(options.documents, options.pages, options.workers)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for workers, seconds in result["seconds"].items():
        rate = options.documents / seconds
        print(
            f"workers={workers}: {seconds:6.1f} s  {rate:5.1f} docs/s  "
            f"speed-up x{result['speed_up'][workers]:.2f}  "
            f"(start-up {result['startup_seconds'][workers]:.1f} s; without it "
            f"x{result['steady_speed_up'][workers]:.2f})"
        )


if __name__ == "__main__":
    main()
