"""The benchmark suite: ``make bench`` (or ``python -m bench.suite``).

Every figure is measured on this machine, several times, and reported as the
median with its min and max; where a reference exists (bare text extraction,
Tesseract alone, a bare FTS5 query) it is measured side by side in the same
run and the ratio is given. Results go to ``docs/benchmarks.md`` (table) and
``docs/benchmarks.json`` (every raw figure).

``BENCH_SIZE=small`` is a smoke run (a minute or two), ``default`` is what
``make bench`` runs, ``large`` adds the 100k-document scaling point.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import inspect
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import corpus, postgres

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PKS = ROOT / ".venv" / "bin" / "pks"
NOT_AVAILABLE = "not available yet"


@dataclass(frozen=True)
class Size:
    runs: int
    digital_docs: int
    digital_pages: int
    plumber_docs: int
    scanned_pages: int
    html_docs: int
    archive_files: int
    scaling: tuple[int, ...]
    search_clauses: tuple[int, ...]
    search_repeats: int
    big_pdf_pages: int
    big_scan_pages: int


SIZES = {
    "small": Size(2, 6, 5, 2, 1, 40, 1000, (300, 1000), (20_000,), 5, 100, 5),
    "default": Size(
        3, 20, 10, 2, 3, 100, 3000, (1000, 3000), (100_000, 1_000_000), 15, 500, 50
    ),
    "large": Size(
        3, 40, 10, 3, 3, 300, 10_000, (1000, 10_000), (100_000, 1_000_000), 25, 500, 50
    ),
    "xlarge": Size(
        3,
        40,
        10,
        3,
        3,
        300,
        100_000,
        (1000, 10_000, 100_000),
        (100_000, 1_000_000),
        25,
        500,
        50,
    ),
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------- helpers


def stats(values: Sequence[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": len(values),
    }


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Measured:
    seconds: float
    returncode: int
    stdout: str
    stderr: str
    max_rss_mb: float


def run_process(
    args: Sequence[str], *, env: dict[str, str] | None = None, rss: bool = False
) -> Measured:
    """Run a command; wall time and the peak resident memory of its process tree.

    ``os.wait4`` gives the child's own rusage, in which ``ru_maxrss`` is the
    largest resident set of the child or of any descendant it waited for (the
    worker processes of a pool).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        if rss:  # through a small launcher: see bench/rss.py
            args = [sys.executable, "-m", "bench.rss", *args]
        start = time.perf_counter()
        process = subprocess.Popen(
            list(args), stdout=out, stderr=err, env={**os.environ, **(env or {})}
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        max_rss_kb = usage.ru_maxrss
        if rss and "BENCH_MAX_RSS_KB=" in stderr:
            stderr, _, tail = stderr.rpartition("BENCH_MAX_RSS_KB=")
            max_rss_kb = int(tail.strip())
        return Measured(
            seconds=seconds,
            returncode=process.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=stderr,
            max_rss_mb=max_rss_kb / 1024,
        )


def pks_ingest(
    db: Path, paths: Sequence[Path], *extra: str, fresh: bool = True, rss: bool = False
) -> Measured:
    if fresh:
        for leftover in db.parent.glob(db.name + "*"):
            leftover.unlink()
    args = [str(PKS), "--db", f"sqlite:///{db}", "ingest", "-s", "--json", *extra]
    return run_process([*args, *map(str, paths)], rss=rss)


def summary(measured: Measured) -> dict[str, Any]:
    try:
        value = json.loads(measured.stdout)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def ingest_help() -> str:
    return run_process([str(PKS), "ingest", "--help"]).stdout


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def ocr_options(help_text: str) -> Callable[[], tuple[str, ...]]:
    """Options for a fair OCR run: one worker, one OCR job, an empty cache."""

    def options() -> tuple[str, ...]:
        extra: list[str] = []
        if "--workers" in help_text:
            extra += ["--workers", "1"]
        if "--ocr-jobs" in help_text:
            extra += ["--ocr-jobs", "1"]
        if "--ocr-cache" in help_text:
            (OUT / "ocr-cache").mkdir(parents=True, exist_ok=True)
            cache = tempfile.mkdtemp(prefix="run-", dir=OUT / "ocr-cache")
            extra += ["--ocr-cache", cache]
        return tuple(extra)

    return options


def in_process(
    folder: Path, pattern: str, *extra: str, warm_up: Path | None = None
) -> dict[str, Any]:
    """One in-process run of the real Batch (bench.profile_ingest), fresh process."""
    args = [sys.executable, "-m", "bench.profile_ingest", str(folder), "--json"]
    args += ["--pattern", pattern, *extra]
    if warm_up:
        args += ["--warm-up", str(warm_up)]
    output = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    result: dict[str, Any] = json.loads(output)
    return result


def fresh_db(name: str) -> Path:
    folder = OUT / "db"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.db"


# ------------------------------------------------------------- the machine


def machine() -> dict[str, Any]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = 0.0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        first = meminfo.read_text().splitlines()[0].split()
        memory = int(first[1]) / 1024 / 1024
    load = os.getloadavg()
    versions: dict[str, str] = {}
    for package in (
        "pks",
        "pdfplumber",
        "pdfminer.six",
        "pypdfium2",
        "spacy",
        "SQLAlchemy",
        "trafilatura",
        "reportlab",
    ):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "-"
    import sqlite3

    versions["sqlite"] = sqlite3.sqlite_version
    versions["python"] = platform.python_version()
    for tool, flag in (("pdftotext", "-v"), ("tesseract", "--version")):
        if shutil.which(tool):
            result = subprocess.run([tool, flag], capture_output=True, text=True)
            text = (result.stdout or result.stderr).splitlines()
            versions[tool] = text[0] if text else "?"
        else:
            versions[tool] = "missing"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "load_average_at_start": [round(x, 2) for x in load],
        "platform": platform.platform(),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "versions": versions,
    }


# --------------------------------------------------------------- digital


def bare_pypdfium2(paths: Sequence[Path]) -> float:
    import pypdfium2 as pdfium

    start = time.perf_counter()
    for path in paths:
        document = pdfium.PdfDocument(path)
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_bounded()
            textpage.close()
            page.close()
        document.close()
    return time.perf_counter() - start


def bare_pdfplumber(paths: Sequence[Path]) -> float:
    import pdfplumber

    start = time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as document:
            for page in document.pages:
                page.extract_text()
                page.close()
    return time.perf_counter() - start


def bare_pdftotext(paths: Sequence[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return time.perf_counter() - start


def bench_digital(size: Size, help_text: str) -> dict[str, Any]:
    folder = corpus.corpus(
        "digital", docs=size.digital_docs, pages=size.digital_pages, root=OUT / "corpus"
    )
    paths = corpus.files(folder, "*.pdf")
    pages = sum(pdf_pages(p) for p in paths)
    log(f"digital: {len(paths)} PDFs, {pages} pages")
    tiny = corpus.corpus("digital", docs=1, pages=1, seed=99, root=OUT / "corpus")
    db = fresh_db("digital")
    result: dict[str, Any] = {"documents": len(paths), "pages": pages}

    workers_supported = "--workers" in help_text
    result["workers_option"] = workers_supported
    tiny_paths = corpus.files(tiny, "*.pdf")
    for workers in (1, 2):
        key = f"workers_{workers}"
        if workers == 2 and not workers_supported:
            result[key] = NOT_AVAILABLE
            continue
        extra = ("--workers", str(workers)) if workers_supported else ()
        startup = [pks_ingest(db, tiny_paths, *extra).seconds for _ in range(size.runs)]
        runs = []
        for _ in range(size.runs):
            measured = pks_ingest(db, paths, *extra)
            counts = summary(measured)
            if counts.get("loaded") != len(paths):
                log(f"digital ingest: exit {measured.returncode}, {counts}")
                log(measured.stderr[-800:])
            runs.append(measured.seconds)
        fixed = statistics.median(startup)
        result[key] = {
            "startup_seconds": stats(startup),
            "seconds": stats(runs),
            "pages_per_second": stats([pages / s for s in runs]),
            "documents_per_second": stats([len(paths) / s for s in runs]),
        }
        rate = pages / statistics.median(runs)
        log(
            f"digital, {workers} worker(s): {rate:.1f} pages/s (start-up {fixed:.1f} s)"
        )

    inline = [in_process(folder, "*.pdf") for _ in range(size.runs)]
    counted = inline[0]["pages"]
    result["in_process"] = {
        "pages": counted,
        "pages_per_second": stats([r["pages"] / r["seconds"] for r in inline]),
        "documents_per_second": stats([r["documents"] / r["seconds"] for r in inline]),
    }
    rate = statistics.median(r["pages"] / r["seconds"] for r in inline)
    log(f"digital, in process (one core, after warm-up): {rate:.1f} pages/s")

    plumber_paths = paths[: size.plumber_docs]
    plumber_pages = sum(pdf_pages(p) for p in plumber_paths)
    references = {
        "pypdfium2": (paths, pages, bare_pypdfium2),
        "pdftotext": (paths, pages, bare_pdftotext),
        "pdfplumber": (plumber_paths, plumber_pages, bare_pdfplumber),
    }
    result["references"] = {}
    for name, (subset, count, function) in references.items():
        runs = [function(subset) for _ in range(size.runs)]
        result["references"][name] = {
            "pages": count,
            "seconds": stats(runs),
            "pages_per_second": stats([count / s for s in runs]),
        }
        log(f"digital reference {name}: {count / statistics.median(runs):.1f} pages/s")
    result["ratios"] = {}
    result["ratios_cli"] = {}
    ours = result["in_process"]["pages_per_second"]["median"]
    one = result["workers_1"]
    for name, ref in result["references"].items():
        reference = ref["pages_per_second"]["median"]
        result["ratios"][f"pks / {name}"] = ours / reference
        if isinstance(one, dict):
            cli = one["pages_per_second"]["median"]
            result["ratios_cli"][f"pks / {name}"] = cli / reference
    return result


# --------------------------------------------------------------- scanned


def tesseract_pages(images: Sequence[Path]) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    for image in images:
        subprocess.run(
            ["tesseract", str(image), "-", "-l", "ind"],
            capture_output=True,
            check=True,
            env=env,
        )
    return time.perf_counter() - start


def bench_scanned(size: Size) -> dict[str, Any]:
    folder = corpus.corpus(
        "scanned", docs=1, pages=size.scanned_pages, root=OUT / "corpus"
    )
    paths = corpus.files(folder, "scan_*.pdf")
    images = sorted(folder.glob("scan_*/p*.png"))
    result: dict[str, Any] = {"pages": len(images), "dpi": corpus.SCAN_DPI}
    if shutil.which("tesseract") is None:
        result["tesseract"] = "tesseract missing: run ./scripts/system-packages.sh"
    else:
        runs = [tesseract_pages(images) for _ in range(size.runs)]
        result["tesseract"] = {
            "seconds": stats(runs),
            "seconds_per_page": stats([s / len(images) for s in runs]),
        }
        log(
            "scanned reference tesseract: "
            f"{statistics.median(runs) / len(images):.2f} s/page"
        )
    db = fresh_db("scanned")
    extra = ocr_options(ingest_help())
    first = pks_ingest(db, paths, *extra())
    counts = summary(first)
    if counts.get("loaded") != len(paths):
        result["pks"] = NOT_AVAILABLE
        result["pks_detail"] = (
            f"pks ingest did not load the scan (exit {first.returncode}, {counts}); "
            "pages need OCR, which pks does not do yet"
        )
        log("scanned ingest: " + NOT_AVAILABLE)
        return result
    result["pks_options"] = " ".join(extra()[:-1]) + " DIR (an empty cache each run)"
    runs = [first.seconds]
    runs += [pks_ingest(db, paths, *extra()).seconds for _ in range(size.runs - 1)]
    tiny = corpus.corpus("digital", docs=1, pages=1, seed=99, root=OUT / "corpus")
    warm = corpus.files(tiny, "*.pdf")[0]
    inline = [
        in_process(folder, "scan_*.pdf", "--ocr-jobs", "1", warm_up=warm)
        for _ in range(size.runs)
    ]
    per_page = [r["seconds"] / r["pages"] for r in inline]
    result["pks"] = {
        "cli_seconds": stats(runs),
        "seconds_per_page": stats(per_page),
        "ocr_stage_seconds_per_page": stats(
            [
                r["stages"].get("OCR stage (pages without text)", 0) / r["pages"]
                for r in inline
            ]
        ),
    }
    if isinstance(result.get("tesseract"), dict):
        reference = result["tesseract"]["seconds_per_page"]["median"]
        result["ratio_time_per_page"] = statistics.median(per_page) / reference
        log(f"scanned ingest: {statistics.median(per_page):.2f} s/page in process")
    return result


# ------------------------------------------------------------------- html


def bench_html(size: Size) -> dict[str, Any]:
    folder = corpus.corpus("html", docs=size.html_docs, root=OUT / "corpus")
    paths = corpus.files(folder, "*.html")
    db = fresh_db("html")
    runs = []
    for _ in range(size.runs):
        measured = pks_ingest(db, [folder])
        counts = summary(measured)
        if counts.get("loaded") != len(paths):
            log(f"html ingest: {counts} {measured.stderr[-300:]}")
        runs.append(measured.seconds)
    log(f"html: {len(paths) / statistics.median(runs):.1f} documents/s")
    return {
        "documents": len(paths),
        "seconds": stats(runs),
        "documents_per_second": stats([len(paths) / s for s in runs]),
    }


# --------------------------------------------- scaling and unchanged re-run


def bench_scaling(size: Size) -> dict[str, Any]:
    """Cost per document as the database grows, then a re-run over the archive.

    The documents are ingested in one process through the real Batch (the
    code under ``pks ingest``), timing each successive block of documents, so
    the last block runs against a database that already holds all the others.
    """
    from pipeline.config import Settings
    from pipeline.database import open_for_writing
    from pipeline.run import Batch

    largest = max(size.scaling)
    folder = corpus.corpus("html", docs=largest, seed=3, root=OUT / "corpus")
    paths = corpus.files(folder, "*.html")
    db = fresh_db("scaling")
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    url = f"sqlite:///{db}"
    engine = open_for_writing(url)
    blocks: list[dict[str, Any]] = []
    block = max(100, min(size.scaling) // 2)
    with Batch(engine, Settings(db_url=url)) as batch:
        batch.process(paths[0])  # warm-up: imports and the spaCy pipeline
        done = 1
        while done < len(paths):
            chunk = paths[done : done + block]
            start = time.perf_counter()
            for path in chunk:
                batch.process(path)
            seconds = time.perf_counter() - start
            done += len(chunk)
            blocks.append(
                {
                    "documents_in_db": done,
                    "ms_per_document": seconds / len(chunk) * 1000,
                }
            )
            if done % max(block * 10, 1) < block:
                log(
                    f"scaling: {done:,} documents, "
                    f"{blocks[-1]['ms_per_document']:.1f} ms each"
                )
    engine.dispose()
    points = {}
    for count in size.scaling:
        near = [b for b in blocks if count / 2 < b["documents_in_db"] <= count + 1]
        points[str(count)] = statistics.median(b["ms_per_document"] for b in near)
    first = points[str(min(size.scaling))]
    last = points[str(largest)]
    result: dict[str, Any] = {
        "kind": "news HTML from the generator",
        "block": block,
        "blocks": blocks,
        "ms_per_document_at": points,
        "growth": last / first - 1,
    }
    archive = paths[: size.archive_files]
    runs = [pks_ingest(db, [folder], fresh=False) for _ in range(size.runs)]
    counts = summary(runs[0])
    result["rerun"] = {
        "files": len(paths),
        "unchanged": counts.get("unchanged"),
        "seconds": stats([r.seconds for r in runs]),
        "files_per_second": stats([len(paths) / r.seconds for r in runs]),
    }
    if len(archive) != size.archive_files:
        result["rerun"]["note"] = f"archive has {len(paths)} files"
    log(
        f"re-run over {len(paths):,} unchanged files: "
        f"{statistics.median(r.seconds for r in runs):.1f} s"
    )
    return result


# ----------------------------------------------------------------- memory


def bench_memory(size: Size) -> dict[str, Any]:
    big = corpus.corpus(
        "digital", docs=1, pages=size.big_pdf_pages, seed=5, root=OUT / "corpus"
    )
    scan = corpus.corpus(
        "scanned", docs=1, pages=size.big_scan_pages, seed=5, root=OUT / "corpus"
    )
    result: dict[str, Any] = {}
    help_text = ingest_help()
    for name, folder, pattern in (
        (f"digital PDF, {size.big_pdf_pages} pages", big, "*.pdf"),
        (f"scanned PDF, {size.big_scan_pages} pages", scan, "scan_*.pdf"),
    ):
        paths = corpus.files(folder, pattern)
        if name.startswith("scanned"):
            extra = ocr_options(help_text)()
        else:
            extra = ("--workers", "1") if "--workers" in help_text else ()
        # The caps that would defer a big document are raised for this one run.
        for option, value in (("--timeout", "3600"), ("--max-text-chars", "50000000")):
            if option in help_text:
                extra = (*extra, option, value)
        measured = pks_ingest(fresh_db("memory"), paths, *extra, rss=True)
        counts = summary(measured)
        loaded = counts.get("loaded") == len(paths)
        result[name] = {
            "options": " ".join(x for x in extra if "ocr-cache" not in x),
            "peak_rss_mb": measured.max_rss_mb,
            "seconds": measured.seconds,
            "loaded": loaded,
            "outcome": counts,
        }
        log(f"memory {name}: {measured.max_rss_mb:.0f} MB peak, loaded={loaded}")
    return result


# ----------------------------------------------------------------- search

QUERIES = {
    "single word, rare": ["{rare}", "{rare2}"],
    "single word, mid": ["narkotika", "kesehatan"],
    "single word, common": ["pihak", "kerja"],
    "phrase": ['"kerja sama"', '"warga binaan pemasyarakatan"'],
    "boolean": ["lapas OR rutan -narkotika", "pelatihan OR pendidikan"],
}
FILTERED = ["pelatihan", '"kerja sama"']


def _search_api() -> tuple[str, Callable[..., Any], Callable[[str], str | None]]:
    """(description, run(session, query, filtered), to_fts(query))."""
    import pipeline.search as search_module

    if hasattr(search_module, "search") and hasattr(search_module, "Filters"):
        from pipeline.fts import to_fts_query

        filters = search_module.Filters(doc_type="pks", signed_from=dt.date(2020, 1, 1))
        params = inspect.signature(search_module.search).parameters

        def run(session: Any, query: str, filtered: bool) -> Any:
            kwargs: dict[str, Any] = {"limit": 20}
            if "today" in params:
                kwargs["today"] = dt.date(2026, 1, 1)
            chosen = filters if filtered else None
            return search_module.search(session, query, chosen, **kwargs)

        description = (
            "pipeline.search.search(session, query, Filters(doc_type='pks', "
            "signed_from=2020-01-01)): the search API with two of its own filters"
        )
        return description, run, to_fts_query
    search_clauses = search_module.search_clauses
    params = inspect.signature(search_clauses).parameters

    def run_old(session: Any, query: str, filtered: bool) -> Any:
        if not filtered:
            return search_clauses(session, query, limit=20)
        if "doc_type" in params and "signed_from" in params:
            return search_clauses(
                session,
                query,
                limit=20,
                doc_type="pks",
                signed_from=dt.date(2020, 1, 1),
            )
        return _filtered_sql(session, search_module.to_fts_query(query))

    return (
        "pipeline.search.search_clauses; no filter API yet, so the two-filter "
        "figure is an equivalent SQL (FTS hits joined to documents with "
        "doc_type = 'pks' AND signing_date >= '2020-01-01')",
        run_old,
        search_module.to_fts_query,
    )


def _filtered_sql(session: Any, fts: str | None) -> Any:
    from sqlalchemy import text

    if fts is None:
        return []
    return session.execute(
        text(
            "SELECT c.id, bm25(clauses_fts) AS score FROM clauses_fts "
            "JOIN clauses c ON c.id = clauses_fts.rowid "
            "JOIN documents d ON d.id = c.document_id "
            "WHERE clauses_fts MATCH :q AND d.doc_type = 'pks' "
            "AND d.signing_date >= '2020-01-01' ORDER BY score LIMIT 20"
        ),
        {"q": fts},
    ).all()


BARE = (
    "SELECT rowid, bm25(clauses_fts) AS score FROM clauses_fts "
    "WHERE clauses_fts MATCH ? ORDER BY score LIMIT 20"
)
BARE_FILTERED = (
    "SELECT c.id, bm25(clauses_fts) AS score FROM clauses_fts "
    "JOIN clauses c ON c.id = clauses_fts.rowid "
    "JOIN documents d ON d.id = c.document_id "
    "WHERE clauses_fts MATCH ? AND d.doc_type = 'pks' "
    "AND d.signing_date >= '2020-01-01' ORDER BY score LIMIT 20"
)


def bench_search(size: Size) -> dict[str, Any]:
    import sqlite3

    from sqlalchemy.orm import Session

    from bench import searchdb
    from schemas.db import make_engine

    description, run, to_fts = _search_api()
    result: dict[str, Any] = {"api": description, "databases": {}}
    for clauses in size.search_clauses:
        path, build = searchdb.cached(OUT / "searchdb", clauses=clauses, log=log)
        rare = list(searchdb.iter_words(path, 2)) + ["Sukamaju", "Tanjung"]
        engine = make_engine(f"sqlite:///{path}")
        bare = sqlite3.connect(path)
        categories: dict[str, Any] = {}
        groups = {name: list(queries) for name, queries in QUERIES.items()}
        groups["two filters"] = FILTERED
        for category, queries in groups.items():
            filtered = category == "two filters"
            ours: list[float] = []
            reference: list[float] = []
            hits = 0
            with Session(engine) as session:
                for template in queries:
                    query = template.format(rare=rare[0], rare2=rare[1])
                    fts = to_fts(query)
                    run(session, query, filtered)  # warm the page cache
                    for _ in range(size.search_repeats):
                        start = time.perf_counter()
                        found = run(session, query, filtered)
                        ours.append((time.perf_counter() - start) * 1000)
                        if fts is not None:
                            start = time.perf_counter()
                            rows = bare.execute(
                                BARE_FILTERED if filtered else BARE, (fts,)
                            ).fetchall()
                            reference.append((time.perf_counter() - start) * 1000)
                            hits = max(hits, len(rows))
                    del found
            categories[category] = {
                "queries": [q.format(rare=rare[0], rare2=rare[1]) for q in queries],
                "pks_ms": {"p50": percentile(ours, 0.5), "p95": percentile(ours, 0.95)},
                "bare_fts5_ms": {
                    "p50": percentile(reference, 0.5) if reference else None,
                    "p95": percentile(reference, 0.95) if reference else None,
                },
                "samples": len(ours),
            }
            log(
                f"search {clauses:,} {category}: p50 "
                f"{categories[category]['pks_ms']['p50']:.1f} "
                f"p95 {categories[category]['pks_ms']['p95']:.1f} ms "
                f"(bare {categories[category]['bare_fts5_ms']['p95'] or 0:.1f})"
            )
        bare.close()
        engine.dispose()
        result["databases"][str(clauses)] = {"build": build, "categories": categories}
    result["postgresql"] = (
        "measured beside SQLite on the same rows by the `postgres` section "
        "(bench/postgres.py; figures in docs/scale-out.md)"
    )
    return result


# ---------------------------------------------------------------- profile


def bench_profile(size: Size) -> dict[str, Any]:
    from bench.profile_ingest import format_table, profile

    folder = corpus.corpus(
        "digital", docs=size.digital_docs, pages=size.digital_pages, root=OUT / "corpus"
    )
    result = profile(corpus.files(folder, "*.pdf"))
    result["table"] = format_table(result)
    samples = sorted((ROOT / "samples").glob("*.pdf"))
    if len(samples) > 2:
        real = profile(samples)
        real["table"] = format_table(real)
        result["samples"] = real
    return result


def bench_improvements(size: Size) -> dict[str, Any]:
    from bench.improvements import measure

    folder = corpus.corpus(
        "digital", docs=size.digital_docs, pages=size.digital_pages, root=OUT / "corpus"
    )
    return measure(folder, repeats=min(size.runs, 2))


def bench_header(size: Size) -> dict[str, Any]:
    from bench.header import measure

    return measure(repeats=max(size.runs, 3))


def bench_workers(size: Size) -> dict[str, Any]:
    from bench.bench_workers import measure

    # 30 documents of 4 pages per generated digital document of the size:
    # 600 by default, enough for the start-up to be a small part of the run.
    return measure(documents=30 * size.digital_docs, pages=4)


# ------------------------------------------------------------------ main

SECTIONS: dict[str, Callable[..., dict[str, Any]]] = {
    "digital": bench_digital,
    "scanned": bench_scanned,
    "html": bench_html,
    "scaling": bench_scaling,
    "search": bench_search,
    "memory": bench_memory,
    "profile": bench_profile,
    "header": bench_header,
    "workers": bench_workers,
    "improvements": bench_improvements,
    "postgres": postgres.section,  # PostgreSQL and Dask beside SQLite and the pool
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--size", default=os.environ.get("BENCH_SIZE") or "default", choices=SIZES
    )
    parser.add_argument("--only", nargs="*", choices=list(SECTIONS), default=None)
    parser.add_argument("--json", type=Path, default=ROOT / "docs" / "benchmarks.json")
    parser.add_argument(
        "--markdown", type=Path, default=ROOT / "docs" / "benchmarks.md"
    )
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    os.chdir(ROOT)
    started = time.perf_counter()
    results: dict[str, Any] = {"size": args.size, "machine": machine()}
    if args.only and args.json.exists():
        previous = json.loads(args.json.read_text())
        results = {**previous, "size": args.size, "machine": results["machine"]}
    help_text = ingest_help()
    for name, function in SECTIONS.items():
        if args.only and name not in args.only:
            continue
        log(f"--- {name}")
        section_start = time.perf_counter()
        try:
            if name == "digital":
                results[name] = function(size, help_text)
            else:
                results[name] = function(size)
        except Exception as error:  # a broken section must not hide the others
            log(f"{name} failed: {error!r}")
            results[name] = {"error": repr(error)}
        results.setdefault("section_seconds", {})[name] = (
            time.perf_counter() - section_start
        )
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["total_seconds"] = time.perf_counter() - started
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    from bench.report import render

    args.markdown.write_text(render(results))
    log(f"wrote {args.markdown} and {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
