"""``docs/benchmarks.md`` from the raw figures of ``docs/benchmarks.json``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

NOT_AVAILABLE = "not available yet"
LARGE_NOTE = " (10k: `BENCH_SIZE=large`, 100k: `BENCH_SIZE=xlarge`)"

TARGETS = """\
| target | figure | status |
|---|---|---|
{rows}
"""


def _f(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return f"{value:,.{digits}f}"


def _mmm(stats: Any, digits: int = 1, scale: float = 1.0) -> tuple[str, str, str]:
    if not isinstance(stats, dict):
        return (str(stats), "-", "-")
    return (
        _f(stats["median"] * scale, digits),
        _f(stats["min"] * scale, digits),
        _f(stats["max"] * scale, digits),
    )


def _row(name: str, stats: Any, unit: str, reference: str = "", digits: int = 1) -> str:
    median, low, high = _mmm(stats, digits)
    return f"| {name} | {median} | {low} | {high} | {unit} | {reference} |"


def render(results: dict[str, Any]) -> str:
    machine = results.get("machine", {})
    lines = [
        "# Benchmarks",
        "",
        "Made by `make bench` (`python -m bench.suite`); raw figures in "
        "[benchmarks.json](benchmarks.json). Every corpus is made by the generator "
        "`bench/corpus.py` from the project's own sample templates, deterministic "
        "by seed. Figures are the median of several runs with their min and max; a "
        "reference (bare extraction, Tesseract alone, a bare FTS5 query) is measured "
        "in the same run, side by side.",
        "",
        f"- **Date**: {machine.get('date', '?')} (size `{results.get('size')}`, "
        f"{results.get('total_seconds', 0) / 60:.1f} min in all)",
        f"- **Machine**: {machine.get('cpu')}, {machine.get('cores')} cores, "
        f"{machine.get('memory_gib')} GiB; load average "
        f"{machine.get('load_average_at_start')} at the start and "
        f"{machine.get('load_average_at_end')} at the end{_quiet_or_shared(machine)}",
        f"- **Code**: commit {machine.get('commit')}",
        "- **Versions**: "
        + ", ".join(f"{k} {v}" for k, v in machine.get("versions", {}).items()),
        "",
    ]
    lines += _targets(results)
    lines += _ingest(results)
    lines += _scaling(results)
    lines += _search(results)
    lines += _memory(results)
    lines += _profile(results)
    lines += _method()
    if results.get("notes"):
        lines += ["", "## Notes on this run", ""]
        lines += [f"- {note}" for note in results["notes"]]
    return "\n".join(lines) + "\n"


def _quiet_or_shared(machine: dict[str, Any]) -> str:
    if max(machine.get("load_average_at_start") or [0]) <= 1.5:
        return " (a quiet machine)."
    return (
        ". **The machine was shared**: other work was running, so every figure "
        "carries its noise (see the min/max spread)."
    )


def _targets(results: dict[str, Any]) -> list[str]:
    rows = []
    digital = results.get("digital", {})
    inline = digital.get("in_process")
    if isinstance(inline, dict):
        pps = inline["pages_per_second"]["median"]
        ratio = digital.get("ratios", {}).get("pks / pdfplumber") or 0
        one = digital.get("workers_1")
        cli = one["pages_per_second"]["median"] if isinstance(one, dict) else None
        met = pps >= 100 and ratio >= 8
        rows.append(
            "| digital ingest >= 100 pages/s per core, >= 8x bare pdfplumber | "
            f"{pps:.0f} pages/s on one core in process ({ratio:.1f}x pdfplumber); "
            f"{_f(cli)} pages/s through `pks ingest --workers 1` with its start-up | "
            f"{'met' if met else 'missed'} |"
        )
    scanned = results.get("scanned", {})
    if "ratio_time_per_page" in scanned:
        ratio = scanned["ratio_time_per_page"]
        rows.append(
            "| scanned ingest within 15% of Tesseract's time per page | "
            f"{ratio:.2f}x Tesseract's time | {'met' if ratio <= 1.15 else 'missed'} |"
        )
    else:
        rows.append(
            "| scanned ingest within 15% of Tesseract's time per page | "
            f"{NOT_AVAILABLE} (pks does not OCR yet) | not measurable |"
        )
    search = results.get("search", {}).get("databases", {})
    big = search.get("1000000") or (search[max(search, key=int)] if search else None)
    if big:
        size = "1,000,000" if "1000000" in search else max(search, key=int)
        p95 = big["categories"]["two filters"]["pks_ms"]["p95"]
        rows.append(
            f"| search p95 <= 50 ms at 1,000,000 clauses, two filters | "
            f"{p95:.1f} ms at {size} clauses | {'met' if p95 <= 50 else 'missed'} |"
        )
    memory = results.get("memory", {})
    for name, figures in memory.items():
        if (
            name.startswith("digital")
            and isinstance(figures, dict)
            and "peak_rss_mb" in figures
        ):
            rss = figures["peak_rss_mb"]
            rows.append(
                f"| worker memory <= 500 MB on the 500-page PDF | {rss:.0f} MB peak "
                f"({name}) | {'met' if rss <= 500 else 'missed'} |"
            )
    scaling = results.get("scaling", {})
    if "growth" in scaling:
        growth = scaling["growth"]
        points = scaling["ms_per_document_at"]
        span = f"{min(points, key=int)} to {max(points, key=int)} documents"
        rows.append(
            f"| per-document cost flat (within 20%) from 1k to 100k documents | "
            f"{growth:+.0%} from {span} | "
            f"{'met' if abs(growth) <= 0.2 else 'missed'}"
            f"{'' if '100000' in points else LARGE_NOTE} |"
        )
    rows += _other_targets(results)
    return ["## Targets", "", TARGETS.format(rows="\n".join(rows)).rstrip(), ""]


def _other_targets(results: dict[str, Any]) -> list[str]:
    """Targets of the other issues that bench/ measures: header time, workers."""
    rows = []
    header = results.get("header", {}).get("header_ms")
    if header:
        rows.append(
            "| header extraction <= 20 ms per document (issue 3) | "
            f"median {header['median']:.1f} ms, p95 {header['p95']:.1f} ms, max "
            f"{header['max']:.1f} ms over {results['header']['documents']} samples; "
            f"segmentation shared by every field "
            f"{results['header']['segment_ms_median']:.1f} ms | "
            f"{'met' if header['max'] <= 20 else 'missed'} |"
        )
    workers = results.get("workers", {})
    if "speed_up" in workers:
        whole, steady = workers["speed_up"]["2"], workers["steady_speed_up"]["2"]
        start = workers["startup_seconds"]
        # A nightly run is long: its pace is the steady one, the start-up
        # (paid once per run, whatever its size) is reported beside it.
        rows.append(
            "| `pks ingest --workers 2` >= 1.7x `--workers 1` (issue 7) | "
            f"{steady:.2f}x once started, on {workers['documents']} PDFs of "
            f"{workers['pages']} pages; {whole:.2f}x for the whole run with its "
            f"start-up ({_f(start['1'])} s / {_f(start['2'])} s) | "
            f"{'met' if steady >= 1.7 else 'missed'} |"
        )
    return rows


def _ingest(results: dict[str, Any]) -> list[str]:
    lines = [
        "## Ingest",
        "",
        "| figure | median | min | max | unit | reference / note |",
        "|---|---:|---:|---:|---|---|",
    ]
    digital = results.get("digital", {})
    if "error" in digital:
        lines.append(f"| digital ingest | error | | | | {digital['error']} |")
    elif digital:
        docs, pages = digital["documents"], digital["pages"]
        inline = digital.get("in_process")
        if isinstance(inline, dict):
            note = f"{inline['pages']} pages; the real Batch, one core, after warm-up"
            lines.append(
                _row(
                    "digital ingest in process: pages/s",
                    inline["pages_per_second"],
                    "pages/s",
                    note,
                )
            )
            lines.append(
                _row(
                    "digital ingest in process: documents/s",
                    inline["documents_per_second"],
                    "docs/s",
                    "",
                )
            )
        for workers in (1, 2):
            figures = digital.get(f"workers_{workers}")
            label = f"`pks ingest --workers {workers}`"
            if not isinstance(figures, dict):
                note = (
                    "`pks ingest --workers` does not exist yet" if workers == 2 else ""
                )
                lines.append(f"| {label} | {figures} | | | pages/s | {note} |")
                continue
            where = f"{docs} PDFs, {pages} pages, end to end, start-up included"
            lines.append(
                _row(
                    f"{label}: start-up (one 1-page PDF)",
                    figures["startup_seconds"],
                    "s",
                    "process start, imports, migrations, worker start, spaCy",
                )
            )
            lines.append(
                _row(f"{label}: pages/s", figures["pages_per_second"], "pages/s", where)
            )
            lines.append(
                _row(
                    f"{label}: documents/s",
                    figures["documents_per_second"],
                    "docs/s",
                    "",
                )
            )
        for name, ref in digital.get("references", {}).items():
            lines.append(
                _row(
                    f"bare text extraction, {name}",
                    ref["pages_per_second"],
                    "pages/s",
                    f"{ref['pages']} pages, same PDFs",
                )
            )
        for name, ratio in digital.get("ratios", {}).items():
            cli = digital.get("ratios_cli", {}).get(name)
            lines.append(
                f"| ratio {name} | {ratio:.2f} | | | x | in process; "
                f"{_f(cli, 2)}x through the CLI with its start-up |"
            )
    scanned = results.get("scanned", {})
    if scanned:
        tess = scanned.get("tesseract")
        if isinstance(tess, dict):
            lines.append(
                _row(
                    "Tesseract alone (`-l ind`, OMP_THREAD_LIMIT=1)",
                    tess["seconds_per_page"],
                    "s/page",
                    f"{scanned['pages']} page images at {scanned['dpi']} dpi",
                )
            )
        pks = scanned.get("pks")
        if isinstance(pks, dict):
            lines.append(
                _row(
                    "scanned ingest, in process, one OCR job",
                    pks["seconds_per_page"],
                    "s/page",
                    "whole pipeline, after warm-up",
                    digits=2,
                )
            )
            lines.append(
                _row(
                    "&nbsp;&nbsp;of which the OCR stage",
                    pks["ocr_stage_seconds_per_page"],
                    "s/page",
                    "",
                    digits=2,
                )
            )
            lines.append(
                _row(
                    "scanned ingest through the CLI",
                    pks["cli_seconds"],
                    "s",
                    f"{scanned['pages']} pages, {scanned.get('pks_options', '')}, "
                    "start-up included",
                )
            )
            lines.append(
                f"| ratio scanned ingest / Tesseract | "
                f"{scanned['ratio_time_per_page']:.2f} | | | x | time per page |"
            )
        else:
            lines.append(
                f"| scanned ingest | {NOT_AVAILABLE} | | | s/page | "
                f"{scanned.get('pks_detail', '')} |"
            )
    html = results.get("html", {})
    if "documents_per_second" in html:
        lines.append(
            _row(
                "news HTML ingest",
                html["documents_per_second"],
                "docs/s",
                f"{html['documents']} pages, end to end through the CLI",
            )
        )
    rerun = results.get("scaling", {}).get("rerun")
    if rerun:
        lines.append(
            _row(
                f"re-run over an unchanged archive of {rerun['files']:,} files",
                rerun["seconds"],
                "s",
                f"{rerun['unchanged']} unchanged",
            )
        )
        lines.append(_row("re-run, files/s", rerun["files_per_second"], "files/s", ""))
    return [*lines, ""]


def _scaling(results: dict[str, Any]) -> list[str]:
    scaling = results.get("scaling", {})
    if "ms_per_document_at" not in scaling:
        return []
    lines = [
        "## Cost per document as the archive grows",
        "",
        f"{scaling['kind']}, ingested in one process through the real `Batch`, timed "
        "in "
        f"blocks of {scaling['block']} documents; each figure is the median of the "
        "blocks between half that count and that count. Each document is one "
        "`Batch.process` call (one run per file), so a cost that grows with the "
        "number of files in the database (ledger look-ups, run rows) shows here; "
        "whether a single `pks ingest` run has the same growth is not measured yet.",
        "",
        "| documents in the database | ms per document |",
        "|---:|---:|",
    ]
    for count, value in scaling["ms_per_document_at"].items():
        lines.append(f"| {int(count):,} | {value:.1f} |")
    lines.append("")
    lines.append(f"Growth from the first to the last point: {scaling['growth']:+.0%}.")
    return [*lines, ""]


def _search(results: dict[str, Any]) -> list[str]:
    search = results.get("search", {})
    if not search.get("databases"):
        return ["## Search", "", f"{search.get('error', 'not run')}", ""]
    lines = [
        "## Search (SQLite)",
        "",
        f"Measured: {search['api']}. Reference: a bare FTS5 query (`MATCH` + `bm25` "
        "+ `LIMIT 20`, with the same FTS expression and, for the filtered case, the "
        "same two conditions on `documents`). PostgreSQL: "
        f"{search.get('postgresql')}.",
        "",
        "| clauses | query | pks p50 ms | pks p95 ms | bare FTS5 p50 ms | bare FTS5 "
        "p95 ms | queries |",
        "|---:|---|---:|---:|---:|---:|---|",
    ]
    for clauses, database in search["databases"].items():
        for category, figures in database["categories"].items():
            queries = ", ".join(f"`{q}`" for q in figures["queries"])
            lines.append(
                f"| {int(clauses):,} | {category} | {_f(figures['pks_ms']['p50'])} | "
                f"{_f(figures['pks_ms']['p95'])} | "
                f"{_f(figures['bare_fts5_ms']['p50'])} | "
                f"{_f(figures['bare_fts5_ms']['p95'])} | {queries} |"
            )
    lines.append("")
    for clauses, database in search["databases"].items():
        build = database["build"]
        lines.append(
            f"- {int(clauses):,} clauses in {build['documents']:,} documents: built in "
            f"{build['seconds']:.0f} s ({build['rows_per_second']:,.0f} clauses/s, "
            f"{build['bytes'] / 2**20:,.0f} "
            f"MiB){' (cached from an earlier run)' if build.get('cached') else ''}"
        )
    return [*lines, ""]


def _memory(results: dict[str, Any]) -> list[str]:
    memory = results.get("memory", {})
    if not memory or "error" in memory:
        return ["## Peak memory", "", str(memory.get("error", "not run")), ""]
    lines = [
        "## Peak memory of `pks ingest`",
        "",
        "The largest resident set in the `pks ingest` process tree (the parent and "
        "its worker processes): `ru_maxrss` from `os.wait4`, through a small launcher "
        "(`bench/rss.py`) so that the benchmark's own memory is not inherited. One "
        "file into a new database, `--workers 1`, the size caps raised for this run.",
        "",
        "| input | peak resident MB | seconds | loaded |",
        "|---|---:|---:|---|",
    ]
    for name, figures in memory.items():
        loaded = "yes" if figures["loaded"] else f"no ({figures['outcome']})"
        if not figures["loaded"] and name.startswith("scanned"):
            loaded = "no: pks does not OCR yet (the scan fails as needs_ocr)"
        lines.append(
            f"| {name} | {figures['peak_rss_mb']:.0f} | {figures['seconds']:.1f} | "
            f"{loaded} |"
        )
    return [*lines, ""]


def _profile(results: dict[str, Any]) -> list[str]:
    profile = results.get("profile", {})
    lines = ["## Where digital ingest spends its time", ""]
    if "table" not in profile:
        return [*lines, str(profile.get("error", "not run")), ""]
    lines += [
        "`python -m bench.profile_ingest FOLDER`: the real `Batch` in one process "
        "with timers around each stage function (the first document warms up and is "
        "not counted). On the generated corpus:",
        "",
        profile["table"],
        "",
    ]
    if "samples" in profile:
        lines += [
            "On the project's own sample PDFs (every one different, so spaCy's "
            "tokenizer cache helps less than on the generated corpus):",
            "",
            profile["samples"]["table"],
            "",
        ]
    improvements = results.get("improvements", {})
    if improvements and "error" not in improvements:
        current = improvements["current"]["ms_per_page"]["median"]
        lines += [
            "### The three improvements the profile pointed to",
            "",
            "Measured by `python -m bench.improvements FOLDER`: the profile is run "
            "with "
            "each improvement reverted (monkeypatched back to the previous code) in a "
            "fresh process, interleaved (twice each in the default size).",
            "",
            "| variant | ms per page (median) | min | max | cost of reverting |",
            "|---|---:|---:|---:|---:|",
        ]
        for figures in improvements.values():
            ms = figures["ms_per_page"]
            saved = figures["saved_ms_per_page"]
            share = f"+{saved:.2f} ms/page ({saved / current:+.0%})" if saved else "-"
            lines.append(
                f"| {figures['label']} | {ms['median']:.2f} | {ms['min']:.2f} | "
                f"{ms['max']:.2f} | {share} |"
            )
        lines += ["", *IMPROVEMENTS_TEXT, ""]
    return lines


IMPROVEMENTS_TEXT = [
    "1. **spaCy tokenizer cache priming** (`extractors/nlp.py: prime_tokenizer`, "
    "called "
    "by `pipeline/segment.py`). spaCy caches the tokens of each whitespace-delimited "
    "chunk, but stops caching for the rest of a text after the first chunk with a "
    "special case (`a.`, `No.`), so a whole agreement went through the prefix/suffix/"
    "infix regexes token by token (~12 µs a token). Each new chunk is now tokenized "
    "once "
    "on its own first; the document's tokenization then reads the cache. Same tokens "
    "and entities (checked on every sample and the generated corpus).",
    "2. **Bulk INSERT of child rows** (`pipeline/load.py: _insert_rows`). Pages, "
    "clauses "
    "and extracted rows were added to the ORM session one object at a time; the unit "
    "of work's per-object bookkeeping was a quarter of the time. They are now inserted "
    "with one `executemany` per table, in the same order (same ids, same FTS "
    "triggers).",
    "3. **Letter counts without a Python loop** (`pipeline/readers/pdf.py: needs_ocr`, "
    "`pipeline/normalize.py: cid_ratio`): `sum(map(str.isalpha, text))` instead of a "
    "generator expression per character; the same counts.",
]


def _method() -> list[str]:
    return [
        "## How each figure is made",
        "",
        "- **Corpora** (`bench/corpus.py`, cached in `bench/out/corpus/`): digital "
        "PDFs "
        "typeset with reportlab from the sample templates (opening, articles drawn "
        "from "
        "every template and renumbered until the page count is reached, signature "
        "block); scanned PDFs are those pages rendered at 300 dpi by pypdfium2 and "
        "written back as image-only PDFs (the PNGs are kept for Tesseract); news pages "
        "reuse the HTML samples' skeletons with paragraphs drawn from all of them. The "
        "generated agreements repeat template articles, so they are kinder to any "
        "cache "
        "than a real archive: the profile is also shown on the real samples.",
        "- **Ingest** figures run `.venv/bin/pks ingest` as a subprocess into a new "
        "SQLite database, so they include the process start (imports, spaCy pipeline, "
        "migrations, worker start: the start-up row). The per-core figure is the "
        "real `Batch` in one process after a warm-up document "
        "(`bench/profile_ingest.py`), three fresh processes.",
        "- **References**: pypdfium2 `get_text_bounded` and pdfplumber `extract_text` "
        "in "
        "process, `pdftotext FILE -` as one process per file (the practical limit), "
        "`tesseract IMAGE - -l ind` per page with `OMP_THREAD_LIMIT=1`.",
        "- **Search** databases are made by the real migrations and filled with plain "
        "SQL (`bench/searchdb.py`; FTS by the triggers), cached in "
        "`bench/out/searchdb/`.",
        "- Speed is checked here, never by a timed test.",
        "",
        "Run: `make bench` (default size: 15-30 minutes depending on the load, "
        "less once the corpora and the million-clause database are cached); "
        "`make bench BENCH_SIZE=small` is a smoke run, `BENCH_SIZE=large` takes "
        "the scaling curve and the re-run to 10k documents, `xlarge` to 100k.",
    ]


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/benchmarks.json")
    print(render(json.loads(path.read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
