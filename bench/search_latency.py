"""Search latency over a synthetic archive of 1,000,000 clauses (SQLite).

    .venv/bin/python -m bench.search_latency            # 1M clauses, ~2 minutes
    .venv/bin/python -m bench.search_latency --clauses 100000 --db /tmp/b.db

Builds the database with the real migrations, then fills documents, parties,
sectors and clauses (20 per document) whose words follow a Zipf distribution
over the vocabulary of the sample sources; each clause's analysed text comes
from the real analyser (one call per distinct word). Then it times
``pipeline.search.search`` (limit 20, two filters, no facets) for rare, mid,
common and obligation queries and prints p50/p95 per query in milliseconds.
Acceptance: p95 <= 50 ms for a query with two filters.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sqlite3
import statistics
import time
from pathlib import Path

from sqlalchemy.orm import Session

from extractors.analysis import analyser
from pipeline.search import parse_filters, search
from schemas.db import make_engine, upgrade

ROOT = Path(__file__).resolve().parents[1]
CLAUSES_PER_DOCUMENT = 20
WORDS_PER_CLAUSE = 45
SECTORS = [
    "health",
    "education",
    "vocational_training",
    "agriculture",
    "social_services",
]
PARTIES = [
    "Lapas",
    "Rutan",
    "Bapas",
    "LPKA",
    "BLK",
    "Politeknik",
    "Universitas",
    "RSUD",
]
QUERIES = [
    ("rare word", "tuberkulosis", {"sector": "health", "signed_from": "2022"}),
    ("mid word", "instruktur", {"sector": "education", "type": "pks"}),
    ("common word", "pihak", {"sector": "health", "signed_from": "2024"}),
    ("obligation", "wajib menyediakan", {"party": "Lapas", "signed_from": "2023"}),
    ("phrase", '"kerja sama"', {"type": "mou", "status": "active"}),
]


def vocabulary() -> list[str]:
    """Words of the sample sources, most frequent first (Zipf ranks)."""
    counts: dict[str, int] = {}
    for path in [*ROOT.glob("bench/sample_sources/*"), *ROOT.glob("samples/*.txt")]:
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "ignore")
            for word in re.findall(r"[A-Za-z]{2,}", text):
                counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: -counts[w])


def build(db_path: Path, clauses: int, seed: int = 7) -> None:
    """Create and fill the benchmark database."""
    db_path.unlink(missing_ok=True)
    upgrade(make_engine(f"sqlite:///{db_path}"))
    words = vocabulary()
    terms = {w: analyser().term(w) for w in words}
    weights = [1 / (rank + 1) for rank in range(len(words))]
    rng = random.Random(seed)
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA synchronous = OFF")
    documents = clauses // CLAUSES_PER_DOCUMENT
    stamp = "2026-01-01 00:00:00"
    with connection:
        for doc in range(1, documents + 1):
            signed = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(4000))
            expires = signed + dt.timedelta(days=365 * rng.randint(1, 5))
            connection.execute(
                "INSERT INTO documents (id, sha256, size, status, pipeline_version,"
                " doc_type, title, signing_date, expires_on, renewable, flags, text,"
                " first_seen_at, processed_at) VALUES (?, ?, 0, 'loaded', 'bench', ?,"
                " ?, ?, ?, 0, '', '', ?, ?)",
                (
                    doc,
                    f"{doc:064x}",
                    rng.choice(["pks", "mou", "addendum", "news"]),
                    f"Perjanjian {doc}",
                    signed.isoformat(),
                    expires.isoformat(),
                    stamp,
                    stamp,
                ),
            )
            for seq, party in enumerate(rng.sample(PARTIES, 2)):
                connection.execute(
                    "INSERT INTO parties (document_id, seq, name, canonical, aliases,"
                    ' role, page, start, "end", evidence, rule)'
                    " VALUES (?, ?, ?, ?, '', ?, 1, 0, 0, '', '')",
                    (
                        doc,
                        seq,
                        f"{party} {doc}",
                        f"{party} Kota {doc % 97}",
                        ["PIHAK PERTAMA", "PIHAK KEDUA"][seq],
                    ),
                )
            connection.execute(
                "INSERT INTO sectors (document_id, code, label, page, start,"
                " \"end\", evidence, rule) VALUES (?, ?, '', 1, 0, 0, '', '')",
                (doc, rng.choice(SECTORS)),
            )
            rows = []
            for seq in range(CLAUSES_PER_DOCUMENT):
                chosen = rng.choices(words, weights, k=WORDS_PER_CLAUSE)
                printed = " ".join(chosen)
                rows.append(
                    (
                        doc,
                        seq,
                        f"Pasal {seq + 1}",
                        printed,
                        " ".join(terms[w] for w in chosen),
                    )
                )
            connection.executemany(
                "INSERT INTO clauses (document_id, seq, kind, number, ref, heading,"
                ' text, page, start, "end", searchable, search_heading, search_text)'
                " VALUES (?, ?, 'article', '', ?, '', ?, 1, 0, 0, 1, '', ?)",
                rows,
            )
    connection.execute("PRAGMA optimize")
    connection.close()


def measure(db_path: Path, runs: int) -> None:
    """Print p50/p95 of each benchmark query."""
    engine = make_engine(f"sqlite:///{db_path}")
    today = dt.date(2026, 1, 1)
    with Session(engine) as session:
        for label, query, raw in QUERIES:
            filters = parse_filters(raw)
            search(session, query, filters, today=today)  # warm the page cache
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                result = search(session, query, filters, limit=20, today=today)
                times.append((time.perf_counter() - start) * 1000)
            p95 = statistics.quantiles(times, n=20)[18]
            print(
                f"{label:<12} {query!r:<22} {raw}  hits={result.total:>7}"
                f"  p50={statistics.median(times):6.1f} ms  p95={p95:6.1f} ms"
            )


def main() -> None:
    """Build (unless --reuse) and measure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clauses", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/pks-bench.db"))
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--reuse", action="store_true", help="Measure an existing db.")
    args = parser.parse_args()
    if not args.reuse:
        started = time.perf_counter()
        build(args.db, args.clauses)
        print(f"built {args.clauses} clauses in {time.perf_counter() - started:.0f} s")
    measure(args.db, args.runs)


if __name__ == "__main__":
    main()
