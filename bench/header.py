"""Header extraction time per document: the budget of issue 3 is 20 ms.

Every sample document we wrote (``samples/``: PDF, DOCX, HTML, text; the
scans are left out, their header extractors are the same) is read and
segmented once, untimed. Then the whole ``extractors.extract`` runs on each
``repeats`` times with timers around the header extractors (title, document
type, numbers, dates, term, place, parties, laws: the wrappers of
:mod:`bench.profile_ingest`); a document's figure is its fastest repeat, and
the report gives the median, p95 and maximum over the documents. Duties and
sectors, and the segmentation every field shares (spaCy tokenizer, entity
ruler, article structure: timed once per document), are reported beside it.

    python -m bench.header [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any

from bench.profile_ingest import TIMES, instrumented
from bench.suite import percentile

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    "extract/title",
    "extract/doc type",
    "extract/numbers",
    "extract/dates",
    "extract/term",
    "extract/place",
    "extract/parties",
    "extract/laws",
)
BODY = ("extract/obligations", "extract/sectors")
SEGMENT = "segment (spaCy + structure)"
SUFFIXES = {".pdf", ".docx", ".html", ".txt"}


def _parsed(path: Path) -> Any:
    from pipeline.config import OcrMode, Settings
    from pipeline.discover import source_file
    from pipeline.process import process_bytes

    source, data = source_file(path)
    settings = Settings(ocr=OcrMode.NEVER)
    _raw, parsed, _extraction = process_bytes(source, data, settings=settings)
    return parsed


def measure(repeats: int = 5) -> dict[str, Any]:
    """Header and body extraction ms per document over the samples."""
    import extractors

    paths = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix in SUFFIXES)
    header: dict[str, float] = {}
    body: dict[str, float] = {}
    segment: dict[str, float] = {}
    with instrumented():
        _parsed(paths[0])  # warm-up: imports, the spaCy pipeline
        documents = []
        for path in paths:
            TIMES.clear()
            documents.append((path.name, _parsed(path)))
            segment[path.name] = TIMES[SEGMENT] * 1000
        for name, parsed in documents:
            for _ in range(repeats):
                TIMES.clear()
                extractors.extract(parsed)
                spent = sum(TIMES[key] for key in HEADER) * 1000
                header[name] = min(header.get(name, spent), spent)
                rest = sum(TIMES[key] for key in BODY) * 1000
                body[name] = min(body.get(name, rest), rest)
    values = list(header.values())
    slowest = max(header, key=header.__getitem__)
    return {
        "documents": len(values),
        "repeats": repeats,
        "header_ms": {
            "median": statistics.median(values),
            "p95": percentile(values, 0.95),
            "max": max(values),
            "slowest": slowest,
        },
        "body_ms_median": statistics.median(body.values()),
        "segment_ms_median": statistics.median(segment.values()),
        "budget_ms": 20.0,
        "per_document": {name: round(ms, 2) for name, ms in sorted(header.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    result = measure(parser.parse_args().repeats)
    print(json.dumps({k: v for k, v in result.items() if k != "per_document"}))


if __name__ == "__main__":
    main()
