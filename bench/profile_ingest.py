"""Where the time of digital ingest goes, stage by stage, in one process.

Runs the real :class:`pipeline.run.Batch` over a folder of files with timers
wrapped around every stage function (the module attributes the pipeline calls
are replaced for the duration, nothing in the pipeline is changed), so the
figures are the same code path as ``pks ingest`` without the process start.
The first file warms up the imports and the spaCy pipeline and is not counted.

    python -m bench.profile_ingest bench/out/corpus/digital-... [--cprofile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TIMES: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            TIMES[name] += time.perf_counter() - start
            CALLS[name] += 1

    wrapper.__wrapped__ = function  # type: ignore[attr-defined]
    return wrapper


# (module, attribute, stage name). Names with a "/" are parts of the stage
# before the slash and are reported indented under it.
STAGES = [
    ("pipeline.run", "source_file", "hash (read bytes, sha256, sniff)"),
    ("pipeline.process", "check_page_count", "page-count cap (pypdfium2 open)"),
    ("pipeline.process", "read", "read (text layer)"),
    ("pipeline.readers.pdf", "_pdfium_page_texts", "read/pypdfium2 text"),
    ("pipeline.readers.pdf", "_relaid_pages", "read/pdfplumber re-layout"),
    ("pipeline.readers.pdf", "needs_ocr", "read/needs_ocr test"),
    ("pipeline.readers.pdf", "build_document", "read/normalise + join"),
    ("pipeline.process", "ocr_document", "OCR stage (pages without text)"),
    ("pipeline.process", "segment", "segment (spaCy + structure)"),
    ("pipeline.segment", "prime_tokenizer", "segment/tokenizer cache priming"),
    ("pipeline.segment", "segment_agreement", "segment/structure (agreement)"),
    ("pipeline.segment", "segment_news", "segment/structure (news)"),
    ("pipeline.process", "extract", "extract (all fields)"),
    ("extractors", "extract_title", "extract/title"),
    ("extractors", "decide_doctype", "extract/doc type"),
    ("extractors", "extract_parties", "extract/parties"),
    ("extractors", "extract_dates", "extract/dates"),
    ("extractors", "extract_term_months", "extract/term"),
    ("extractors", "extract_numbers", "extract/numbers"),
    ("extractors", "extract_place", "extract/place"),
    ("extractors", "classify_sectors", "extract/sectors"),
    ("extractors", "extract_obligations", "extract/obligations"),
    ("extractors", "extract_laws", "extract/laws"),
    ("pipeline.processed", "analyse", "analyse search text (in the worker)"),
    ("pipeline.store", "store_document", "write (rows + FTS triggers)"),
]


class TimedNlp:
    """spaCy's ``nlp(text)`` split into tokenizer and components, timed."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    def __call__(self, text: str) -> Any:
        start = time.perf_counter()
        doc = self.nlp.make_doc(text)
        TIMES["segment/spaCy tokenizer"] += time.perf_counter() - start
        for name, component in self.nlp.pipeline:
            start = time.perf_counter()
            doc = component(doc)
            TIMES[f"segment/spaCy {name}"] += time.perf_counter() - start
        return doc

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)


@contextmanager
def instrumented() -> Iterator[None]:
    import importlib

    saved = []
    for module_name, attribute, stage in STAGES:
        module = importlib.import_module(module_name)
        original = getattr(module, attribute, None)
        if original is None:
            continue
        saved.append((module, attribute, original))
        setattr(module, attribute, _timed(stage, original))
    try:
        yield
    finally:
        for module, attribute, original in saved:
            setattr(module, attribute, original)


def profile(
    paths: list[Path], *, cprofile: bool = False, settings: dict[str, Any] | None = None
) -> dict[str, Any]:
    import pipeline.process  # noqa: F401  (imports every stage library)
    from extractors.nlp import shared_nlp
    from pipeline.config import Settings
    from pipeline.database import open_for_writing
    from pipeline.run import Batch

    TIMES.clear()
    CALLS.clear()
    nlp = TimedNlp(shared_nlp())
    import pipeline.process as process_module

    if hasattr(process_module, "shared_nlp"):  # workers take the shared pipeline
        process_module.shared_nlp = lambda: nlp  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory(prefix="pks-profile-") as folder:
        url = f"sqlite:///{folder}/profile.db"
        engine = open_for_writing(url)
        profiler = cProfile.Profile() if cprofile else None
        with (
            instrumented(),
            Batch(engine, _settings(Settings, url, settings or {}), nlp) as batch,
        ):  # type: ignore[arg-type]
            batch.process(paths[0])  # warm-up, not counted
            TIMES.clear()
            CALLS.clear()
            start = time.perf_counter()
            if profiler:
                profiler.enable()
            for path in paths[1:]:
                batch.process(path)
            if profiler:
                profiler.disable()
            total = time.perf_counter() - start
        engine.dispose()
    counted = paths[1:]
    pages = sum(_page_count(path) for path in counted)
    top = [name for name in TIMES if "/" not in name]
    stages = {name: TIMES[name] for name in TIMES}
    stages["other (skip check, commit, run rows)"] = total - sum(TIMES[n] for n in top)
    result: dict[str, Any] = {
        "documents": len(counted),
        "pages": pages,
        "seconds": total,
        "stages": stages,
    }
    if profiler:
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(25)
        result["cprofile_top"] = buffer.getvalue()
    return result


def _settings(settings_class: Any, url: str, overrides: dict[str, Any]) -> Any:
    """Settings for the run; options this version of pks lacks are left out."""
    import dataclasses

    known = {field.name for field in dataclasses.fields(settings_class)}
    return settings_class(
        db_url=url, **{k: v for k, v in overrides.items() if k in known}
    )


def _page_count(path: Path) -> int:
    if path.suffix.lower() != ".pdf":
        return 1
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def format_table(result: dict[str, Any]) -> str:
    total = result["seconds"]
    ordered = _ordered(result["stages"])
    lines = [
        "| stage | ms per page | share of wall time |",
        "|---|---:|---:|",
    ]
    for name, seconds in ordered:
        if "/" in name:
            label = "&nbsp;&nbsp;↳ " + name.split("/", 1)[1]
        else:
            label = f"**{name}**"
        per_page = seconds / max(result["pages"], 1) * 1000
        lines.append(f"| {label} | {per_page:.2f} | {seconds / total:.1%} |")
    lines.append(
        f"| total ({result['documents']} documents, {result['pages']} pages) | "
        f"{total / max(result['pages'], 1) * 1000:.2f} | 100% |"
    )
    return "\n".join(lines)


def _ordered(stages: dict[str, float]) -> list[tuple[str, float]]:
    order = [stage for _, _, stage in STAGES]
    parents = [n for n in order if "/" not in n] + [
        "other (skip check, commit, run rows)"
    ]
    rows: list[tuple[str, float]] = []
    for parent in parents:
        if parent not in stages:
            continue
        rows.append((parent, stages[parent]))
        prefix = parent.split(" ", 1)[0] + "/"
        children = [(n, s) for n, s in stages.items() if n.startswith(prefix)]
        rows.extend(sorted(children, key=lambda item: -item[1]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--pattern", default="*.pdf")
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--warm-up", type=Path, help="a file processed first, uncounted"
    )
    parser.add_argument("--ocr-jobs", type=int, default=None)
    args = parser.parse_args(argv)
    paths = sorted(args.folder.glob(args.pattern))
    if args.warm_up:
        paths = [args.warm_up, *paths]
    if len(paths) < 2:
        raise SystemExit("need at least two files (the first one warms up)")
    overrides = {} if args.ocr_jobs is None else {"ocr_jobs": args.ocr_jobs}
    result = profile(paths, cprofile=args.cprofile, settings=overrides)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(format_table(result))
    if "cprofile_top" in result:
        print(result["cprofile_top"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
