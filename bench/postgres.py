"""PostgreSQL and Dask figures: search latency beside SQLite's, ingest throughput.

``python -m bench.postgres [--clauses N ...] [--docs N] [--runs N]`` (or the
``postgres`` section of ``bench.suite``). A throwaway server is started as the
tests start theirs (tests/pgserver.py).

- **Search**: the search benchmark's SQLite database of N clauses
  (bench/searchdb.py, cached) is copied into PostgreSQL with COPY, so both
  backends hold the same rows; the same queries run through
  ``pipeline.search.search`` on each, and p50/p95 are reported side by side.
- **Ingest**: the digital corpus is ingested into PostgreSQL by ``pks ingest
  --workers 2`` (the local process pool) and by ``--executor dask --workers
  2`` (a local Dask cluster of 2 worker processes), alternately, ``runs``
  times each; the median files/s are compared.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench import corpus

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PKS = ROOT / ".venv" / "bin" / "pks"
# Tables the search reads; the others stay empty in the search database.
TABLES = ("documents", "document_paths", "sectors", "parties", "numbers", "clauses")
QUERIES = {
    "single word, rare": ["{rare}"],
    "single word, mid": ["narkotika", "kesehatan"],
    "single word, common": ["pihak", "kerja"],
    "phrase": ['"kerja sama"', '"warga binaan pemasyarakatan"'],
    "boolean": ["lapas OR rutan -narkotika", "pelatihan OR pendidikan"],
}


def log(message: str) -> None:
    print(f"[postgres] {message}", flush=True)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def copy_into_postgres(sqlite_path: Path, url: str) -> float:
    """Copy the search tables into a migrated PostgreSQL database; seconds taken."""
    import psycopg
    from sqlalchemy import make_url

    from pipeline.database import open_for_writing

    open_for_writing(url).dispose()
    source = sqlite3.connect(sqlite_path)
    target = make_url(url)
    started = time.perf_counter()
    with psycopg.connect(
        host=target.host, port=target.port, user=target.username, dbname=target.database
    ) as connection:
        for table in TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            booleans = _boolean_columns(connection, table)
            names = ", ".join(f'"{c}"' for c in columns)
            with connection.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(
                        [
                            bool(v) if c in booleans and v is not None else v
                            for c, v in zip(columns, row, strict=True)
                        ]
                    )
            connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 1) FROM {table}))"
            )
        connection.execute("ANALYZE")
    source.close()
    return round(time.perf_counter() - started, 1)


def _boolean_columns(connection: Any, table: str) -> set[str]:
    rows = connection.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s AND data_type = 'boolean'",
        (table,),
    )
    return {row[0] for row in rows}


def _latencies(
    url: str, queries: dict[str, list[str]], repeats: int
) -> dict[str, dict[str, float]]:
    from sqlalchemy.orm import Session

    from pipeline.search import search
    from schemas.db import make_engine

    engine = make_engine(url)
    found: dict[str, dict[str, float]] = {}
    with Session(engine) as session:
        for category, texts in queries.items():
            timings: list[float] = []
            for query in texts:
                search(session, query, limit=20)  # warm the caches
                for _ in range(repeats):
                    start = time.perf_counter()
                    search(session, query, limit=20)
                    timings.append((time.perf_counter() - start) * 1000)
            found[category] = {
                "p50": percentile(timings, 0.5),
                "p95": percentile(timings, 0.95),
            }
    engine.dispose()
    return found


def bench_search(server: Any, clause_counts: Sequence[int], repeats: int) -> Any:
    from bench import searchdb

    result: dict[str, Any] = {}
    for clauses in clause_counts:
        path, _build = searchdb.cached(OUT / "searchdb", clauses=clauses, log=log)
        rare = next(iter(searchdb.iter_words(path, 1)), "Sukamaju")
        queries = {
            name: [q.format(rare=rare) for q in texts]
            for name, texts in QUERIES.items()
        }
        url = server.create_database("search")
        seconds = copy_into_postgres(path, url)
        log(f"{clauses:,} clauses copied into PostgreSQL in {seconds} s")
        figures = {
            "copy_seconds": seconds,
            "sqlite_ms": _latencies(f"sqlite:///{path}", queries, repeats),
            "postgresql_ms": _latencies(url, queries, repeats),
            "queries": queries,
        }
        for category in queries:
            log(
                f"search {clauses:,} {category}: p95 SQLite "
                f"{figures['sqlite_ms'][category]['p95']} ms, PostgreSQL "
                f"{figures['postgresql_ms'][category]['p95']} ms"
            )
        result[str(clauses)] = figures
    return result


def _steady_rate(url: str) -> float | None:
    """Files/s between the first and the last file settled: the run's
    throughput once its workers are warm (start-up excluded)."""
    from sqlalchemy import text

    from schemas.db import make_engine

    engine = make_engine(url)
    with engine.connect() as connection:
        first, last, count = connection.execute(
            text("SELECT min(updated_at), max(updated_at), count(*) FROM ledger")
        ).one()
    engine.dispose()
    span = (last - first).total_seconds() if count > 1 else 0
    return round((count - 1) / span, 2) if span > 0 else None


def _ingest_once(url: str, files: Sequence[Path], *extra: str) -> dict[str, Any]:
    args = [str(PKS), "--db", url, "ingest", "-s", "--json", "--workers", "2"]
    started = time.perf_counter()
    done = subprocess.run(
        [*args, *extra, *map(str, files)], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    summary = json.loads(done.stdout) if done.stdout.startswith("{") else {}
    return {
        "seconds": round(seconds, 2),
        "loaded": summary.get("loaded", 0),
        "steady_files_per_s": _steady_rate(url),
    }


def bench_ingest(server: Any, docs: int, pages: int, runs: int) -> dict[str, Any]:
    """Local pool vs a Dask cluster the run starts vs a cluster already up.

    A real cluster is long-lived: its workers keep their warm child process
    (spaCy loaded) from one run to the next, as the persistent one here does.
    """
    from distributed import LocalCluster

    folder = corpus.corpus("digital", docs=docs, pages=pages, root=OUT / "corpus")
    files = corpus.files(folder, "*.pdf")
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        modes: dict[str, Callable[[str], dict[str, Any]]] = {
            "local pool, 2 workers": lambda url: _ingest_once(url, files),
            "dask, 2 local workers started by the run": lambda url: _ingest_once(
                url, files, "--executor", "dask"
            ),
            "dask, 2 workers of a running cluster": lambda url: _ingest_once(
                url, files, "--scheduler", address
            ),
        }
        _ingest_once(server.create_schema("warm"), files[:2], "--scheduler", address)
        measured: dict[str, list[dict[str, Any]]] = {name: [] for name in modes}
        for _ in range(runs):  # alternated, so load from elsewhere hits all alike
            for name, run in modes.items():
                measured[name].append(run(server.create_schema("ingest")))
    result: dict[str, Any] = {"files": len(files), "pages_per_file": pages}
    for name, values in measured.items():
        rate = statistics.median(len(files) / v["seconds"] for v in values)
        steady = [v["steady_files_per_s"] or 0.0 for v in values]
        result[name] = {
            "runs": values,
            "files_per_s": round(rate, 2),
            "steady_files_per_s": round(statistics.median(steady), 2),
        }
        log(
            f"ingest {name}: {rate:.2f} files/s wall, "
            f"{statistics.median(steady):.2f} steady (median of {runs})"
        )
    local = result["local pool, 2 workers"]
    for name in list(modes)[1:]:
        result[name]["vs_local_wall"] = round(
            result[name]["files_per_s"] / local["files_per_s"], 3
        )
        result[name]["vs_local_steady"] = round(
            result[name]["steady_files_per_s"] / (local["steady_files_per_s"] or 1), 3
        )
    return result


def measure(
    *,
    clauses: Sequence[int],
    docs: int,
    pages: int,
    runs: int,
    repeats: int,
    parts: Sequence[str] = ("ingest", "search"),
) -> dict[str, Any]:
    from tests.pgserver import running_server

    result: dict[str, Any] = {"server": "PostgreSQL 15, throwaway, fsync off, here"}
    with running_server() as server:
        if "ingest" in parts:
            result["ingest"] = bench_ingest(server, docs, pages, runs)
        if "search" in parts:
            result["search"] = bench_search(server, clauses, repeats)
    return result


def section(size: Any) -> dict[str, Any]:
    """The ``postgres`` section of bench.suite, at the suite's sizes."""
    return measure(
        clauses=size.search_clauses,
        docs=size.digital_docs,
        pages=size.digital_pages,
        runs=size.runs,
        repeats=size.search_repeats,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clauses", type=int, nargs="*", default=[20_000])
    parser.add_argument("--docs", type=int, default=30)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--json", type=Path, default=OUT / "postgres.json")
    parser.add_argument(
        "--only", nargs="*", choices=("ingest", "search"), default=("ingest", "search")
    )
    args = parser.parse_args(argv)
    result = measure(
        clauses=args.clauses,
        docs=args.docs,
        pages=args.pages,
        runs=args.runs,
        repeats=args.repeats,
        parts=args.only,
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    log(f"written {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
