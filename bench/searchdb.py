"""A pks database of N generated clauses, for the search benchmark.

The schema comes from the real migrations (``open_for_writing``); documents
and clauses are then inserted with plain SQL in large transactions, so the FTS
triggers fill the index exactly as ingest does. Clause text is Indonesian,
drawn from the sample sources' sentences plus a long tail of generated place
and person names (rare words), deterministic by seed. When the schema has the
analysed shadow columns (``search_heading``/``search_text``), they are filled
with the pipeline's own analyser, sentence by sentence.

Databases are cached by (clauses, seed, generator, schema head) under
``bench/out/searchdb/``; building one million clauses takes a few minutes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.corpus import SOURCES

CLAUSES_PER_DOCUMENT = 10
DOC_TYPES = ["pks", "pks", "pks", "mou", "mou", "addendum", "news", "other"]
SECTORS = [
    "vocational_training",
    "education",
    "health",
    "rehabilitation",
    "agriculture",
]
# Rare words: made-up village names, each used by a handful of clauses.
_SYLLABLES = (
    "su ka ma ju ta ni re jo wa ngi ra ha sa ri mu lya ba tu ge de pa "
    "ko ta ra ma ngun si dang ra ya lo ro ke ci wi ja ya bu mi pu ra"
).split()
_MARKUP = re.compile(r"^(?:#{1,2}|!|~|>{1,2})\s*")


def _sentences() -> list[str]:
    found: list[str] = []
    for path in sorted(SOURCES.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.startswith(("@", "|", "<<")) or len(line) < 40:
                continue
            body = _MARKUP.sub("", line).strip()
            for sentence in re.split(r"(?<=[.;:])\s+", body):
                if len(sentence) >= 30:
                    found.append(sentence)
    return sorted(set(found))


def _headings() -> list[str]:
    found = set()
    for path in sorted(SOURCES.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for before, line in zip(lines, lines[1:], strict=False):
            if re.match(r"^#?\s*Pasal \d+\s*$", before) and line.startswith("# "):
                found.add(line[2:].strip())
    return sorted(found) or ["KETENTUAN UMUM"]


def _rare_names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        parts = rng.randint(3, 4)
        names.add("".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize())
    return sorted(names)


def _analyser() -> Callable[[str], str] | None:
    try:
        from extractors.analysis import index_text
    except ImportError:
        return None
    return index_text  # type: ignore[no-any-return]


def _columns(
    connection: sqlite3.Connection, table: str
) -> dict[str, tuple[bool, bool]]:
    """name -> (not null, has default)."""
    return {
        row[1]: (bool(row[3]), row[4] is not None)
        for row in connection.execute(f"PRAGMA table_info({table})")
    }


def _fill_required(
    values: dict[str, object], columns: dict[str, tuple[bool, bool]]
) -> dict[str, object]:
    """Defaults for NOT NULL columns this generator does not know about."""
    for name, (not_null, has_default) in columns.items():
        if name not in values and not_null and not has_default and name != "id":
            values[name] = ""
    return {k: v for k, v in values.items() if k in columns}


def build(
    path: Path, *, clauses: int, seed: int = 7, log: Callable[[str], None] = print
) -> dict[str, object]:
    """Create ``path`` with ``clauses`` searchable clauses; returns build figures."""
    from pipeline.database import open_for_writing

    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    engine = open_for_writing(f"sqlite:///{path}")
    engine.dispose()
    rng = random.Random(f"searchdb:{seed}")
    sentences = _sentences()
    headings = _headings()
    rare = _rare_names(rng, max(1000, clauses // 20))
    analyse = _analyser()
    analysed: dict[str, str] = {}

    def index(text: str) -> str:
        if analyse is None:
            return text
        value = analysed.get(text)
        if value is None:
            value = analysed[text] = analyse(text)
        return value

    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = OFF")
    doc_columns = _columns(connection, "documents")
    clause_columns = _columns(connection, "clauses")
    has_sectors = "code" in _columns(connection, "sectors")
    shadow = "search_text" in clause_columns
    now = dt.datetime(2025, 1, 1).isoformat(sep=" ")
    start = time.perf_counter()
    documents = (clauses + CLAUSES_PER_DOCUMENT - 1) // CLAUSES_PER_DOCUMENT
    batch_docs = 2000
    made = 0
    for first in range(0, documents, batch_docs):
        connection.execute("BEGIN")
        doc_rows, path_rows, clause_rows, sector_rows = [], [], [], []
        for number in range(first, min(first + batch_docs, documents)):
            doc_id = number + 1
            signed = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
            doc = _fill_required(
                {
                    "id": doc_id,
                    "sha256": hashlib.sha256(f"{seed}:{doc_id}".encode()).hexdigest(),
                    "size": 1000,
                    "media_type": "pdf",
                    "reader": "pdf",
                    "status": "loaded",
                    "pipeline_version": "bench",
                    "doc_type": rng.choice(DOC_TYPES),
                    "title": f"PERJANJIAN KERJA SAMA {rng.choice(rare).upper()} "
                    "{doc_id}",
                    "signing_date": signed.isoformat(),
                    "renewable": 0,
                    "flags": "",
                    "text": "",
                    "first_seen_at": now,
                    "processed_at": now,
                },
                doc_columns,
            )
            doc_rows.append(doc)
            path_rows.append((doc_id, f"/arsip/{doc_id:07d}.pdf", 1000, 0, now, now))
            if has_sectors:
                sector_rows.append(
                    (doc_id, rng.choice(SECTORS), "sektor", 1, 0, 0, "", "")
                )
            for seq in range(CLAUSES_PER_DOCUMENT):
                if made >= clauses:
                    break
                made += 1
                chosen = [rng.choice(sentences) for _ in range(rng.randint(2, 4))]
                if rng.random() < 0.5:
                    chosen.insert(
                        rng.randrange(len(chosen) + 1),
                        f"Lokasi di Desa {rng.choice(rare)}.",
                    )
                text = " ".join(chosen)
                heading = rng.choice(headings)
                row: dict[str, object] = {
                    "document_id": doc_id,
                    "seq": seq,
                    "parent_seq": None,
                    "kind": "article",
                    "number": str(seq + 1),
                    "ref": f"Pasal {seq + 1}",
                    "heading": heading,
                    "text": text,
                    "page": 1 + seq // 3,
                    "start": 0,
                    "end": len(text),
                    "searchable": 1,
                }
                if shadow:
                    row["search_heading"] = index(heading)
                    row["search_text"] = " ".join(index(s) for s in chosen)
                clause_rows.append(_fill_required(row, clause_columns))
        _insert(connection, "documents", doc_rows)
        connection.executemany(
            "INSERT INTO document_paths (document_id, path, size, mtime_ns, "
            "first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
            path_rows,
        )
        if sector_rows:
            connection.executemany(
                'INSERT INTO sectors (document_id, code, label, page, start, "end", '
                "evidence, rule) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                sector_rows,
            )
        _insert(connection, "clauses", clause_rows)
        connection.execute("COMMIT")
        if first and first % (batch_docs * 10) == 0:
            log(f"  search db: {made:,} clauses, {time.perf_counter() - start:.0f} s")
    connection.execute("ANALYZE")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    seconds = time.perf_counter() - start
    return {
        "clauses": made,
        "documents": documents,
        "seconds": seconds,
        "rows_per_second": made / seconds,
        "bytes": path.stat().st_size,
        "analysed_columns": shadow,
        "rare_words": rare[:5],
    }


def _insert(
    connection: sqlite3.Connection, table: str, rows: list[dict[str, object]]
) -> None:
    if not rows:
        return
    names = list(rows[0])
    quoted = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    connection.executemany(
        f"INSERT INTO {table} ({quoted}) VALUES ({marks})",
        ([row[name] for name in names] for row in rows),
    )


def cached(
    root: Path, *, clauses: int, seed: int = 7, log: Callable[[str], None] = print
) -> tuple[Path, dict[str, object]]:
    """The database for ``clauses``, built once per generator and schema version."""
    import json

    from schemas.db import head_revision

    digest = hashlib.sha256(Path(__file__).read_bytes())
    for source in sorted(SOURCES.glob("*.txt")):
        digest.update(source.read_bytes())
    analysis = Path(__file__).resolve().parent.parent / "extractors" / "analysis.py"
    if analysis.exists():
        digest.update(analysis.read_bytes())
    key = f"clauses-{clauses}-s{seed}-r{head_revision()}-{digest.hexdigest()[:8]}"
    path = root / key / "search.db"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        figures = json.loads(meta.read_text())
        figures["cached"] = True
        return path, figures
    log(f"building the search database of {clauses:,} clauses (cached afterwards)")
    figures = build(path, clauses=clauses, seed=seed, log=log)
    meta.write_text(json.dumps(figures))
    figures["cached"] = False
    return path, figures


def iter_words(path: Path, limit: int = 5) -> Iterator[str]:
    """A few rare words that are in the index (for the rare-word query)."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            "SELECT text FROM clauses WHERE text LIKE '%Lokasi di Desa%' LIMIT ?",
            (limit,),
        )
        for (text,) in rows:
            match = re.search(r"Lokasi di Desa (\w+)", text)
            if match:
                yield match.group(1)
    finally:
        connection.close()
