"""The ``pks`` command: a thin click layer that translates and never computes.

Results go to stdout; progress, logs and summaries go to stderr, so ``--json``
output can be piped. Exit codes are :class:`pipeline.errors.ExitCode`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pipeline import PIPELINE_VERSION
from pipeline.config import (
    DEFAULT_DB_URL,
    DEFAULT_MAX_FILE_MB,
    DEFAULT_MAX_PAGE_PIXELS,
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_TEXT_CHARS,
    DEFAULT_MEMORY_MB,
    DEFAULT_OCR_TIMEOUT,
    DEFAULT_RECYCLE_AFTER,
    DEFAULT_SEARCH_LIMIT,
    DEFAULT_TIMEOUT,
    OCR_CACHE_SUBDIR,
    Limits,
    OcrMode,
    Settings,
)
from pipeline.database import open_for_reading, open_for_writing, open_read_only
from pipeline.discover import discover
from pipeline.errors import ExitCode, RunInterrupted, RunLockedError, SetupError
from pipeline.export import document_record, iter_documents, to_csv, to_jsonl
from pipeline.ledger import retry_paths
from pipeline.queries import (
    archive_stats,
    canonical_parties,
    expiring,
    find_document,
    last_run_id,
    run_failures,
    window_end,
)
from pipeline.run import FileOutcome, IngestJob
from pipeline.search import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    FilterError,
    SearchResult,
    parse_filters,
    result_json,
)
from pipeline.search import search as run_search
from schemas.records import ErrorKind, FileStatus

F = TypeVar("F", bound=Callable[..., Any])


def json_option(function: F) -> F:
    """``--json``: machine-readable output on stdout."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Write JSON to stdout."
    )(function)


def default_ocr_cache() -> Path:
    """``$XDG_CACHE_HOME/pks/ocr`` (``~/.cache/pks/ocr``): shared by every database.

    Beside the database would not do: ``--db`` may name a server, and ``pks
    eval`` ingests into a throwaway database whose OCR should still be reused.
    """
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / OCR_CACHE_SUBDIR


def ocr_options(function: F) -> F:
    """``--ocr``, ``--ocr-cache``, ``--ocr-timeout``, ``--ocr-jobs``."""
    options = [
        click.option(
            "--ocr",
            "ocr",
            type=click.Choice([mode.value for mode in OcrMode]),
            default=OcrMode.AUTO.value,
            show_default=True,
            help="OCR the pages without a usable text layer, every page, or none.",
        ),
        click.option(
            "--ocr-cache",
            envvar="PKS_OCR_CACHE",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            help="OCR cache folder; also $PKS_OCR_CACHE "
            "[default: $XDG_CACHE_HOME/pks/ocr].",
        ),
        click.option(
            "--ocr-timeout",
            type=click.FloatRange(min=1),
            default=DEFAULT_OCR_TIMEOUT,
            show_default=True,
            help="Seconds one page may take before it fails.",
        ),
        click.option(
            "--ocr-jobs",
            type=click.IntRange(min=0),
            default=0,
            help="Pages OCR'd at once [default: one per core].",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _ocr_settings(
    ocr: str, ocr_cache: Path | None, ocr_timeout: float, ocr_jobs: int
) -> dict[str, Any]:
    return {
        "ocr": OcrMode(ocr),
        "ocr_cache": ocr_cache or default_ocr_cache(),
        "ocr_timeout": ocr_timeout,
        "ocr_jobs": ocr_jobs,
    }


@contextmanager
def setup_errors() -> Iterator[None]:
    """Turn fatal setup problems into a one-line ``Error:`` and exit code 1."""
    try:
        yield
    except SetupError as error:
        raise click.ClickException(str(error)) from error


def _engine(ctx: click.Context, *, write: bool = False) -> Engine:
    settings: Settings = ctx.obj
    with setup_errors():
        opener = open_for_writing if write else open_for_reading
        return opener(settings.db_url)


def _echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


@click.group()
@click.option(
    "--db",
    "db_url",
    envvar="PKS_DB",
    default=DEFAULT_DB_URL,
    show_default=True,
    help="Database URL (any SQLAlchemy URL); also $PKS_DB.",
)
@click.option("-v", "--verbose", count=True, help="Log more to stderr (-vv: debug).")
@click.version_option(PIPELINE_VERSION, prog_name="pks")
@click.pass_context
def cli(ctx: click.Context, db_url: str, verbose: int) -> None:
    """Turn an archive of Indonesian agreements into a searchable database.

    \b
    Example:
        pks ingest samples/
        pks search "wajib menyediakan"
    """
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(levelname)s %(message)s"
    )
    ctx.obj = Settings(db_url=db_url)


def _count_option(name: str, default: int, help_text: str) -> Callable[[F], F]:
    return click.option(
        name,
        type=click.IntRange(min=1),
        default=default,
        show_default=True,
        help=help_text,
    )


def run_options(function: F) -> F:
    """``--workers``, the per-document limits and caps, ``--summary-json``."""
    options = [
        click.option(
            "--workers",
            type=click.IntRange(min=0),
            default=os.cpu_count() or 1,
            envvar="PKS_WORKERS",
            show_default="the number of cores",
            help="Worker processes (0: all in this process, without limits).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=1),
            default=DEFAULT_TIMEOUT,
            show_default=True,
            help="Seconds one document may take, OCR included.",
        ),
        click.option(
            "--memory-mb",
            type=click.IntRange(min=0),
            default=DEFAULT_MEMORY_MB,
            show_default=True,
            help="Memory of one worker (0: no limit).",
        ),
        _count_option("--max-file-mb", DEFAULT_MAX_FILE_MB, "Defer larger files."),
        _count_option("--max-pages", DEFAULT_MAX_PAGES, "Defer PDFs with more pages."),
        _count_option(
            "--max-text-chars",
            DEFAULT_MAX_TEXT_CHARS,
            "Defer documents with more text.",
        ),
        _count_option(
            "--max-page-pixels",
            DEFAULT_MAX_PAGE_PIXELS,
            "Largest page rendered for OCR.",
        ),
        _count_option(
            "--recycle-after",
            DEFAULT_RECYCLE_AFTER,
            "Documents per worker before a fresh one.",
        ),
        click.option(
            "--summary-json",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Also write the run summary (JSON) to this file.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _run_settings(workers: int, **limits: Any) -> dict[str, Any]:
    return {"workers": workers, "limits": Limits(**limits)}


def _run_job(
    job: IngestJob, *, silent: bool, as_json: bool, summary_json: Path | None
) -> None:
    """Run an ingest job; report every failure and the summary; exit with its code."""
    hidden = silent or not sys.stderr.isatty()
    bar: Any = None

    def start(total: int) -> None:
        nonlocal bar
        bar = click.progressbar(
            length=total, label="Ingesting", file=sys.stderr, hidden=hidden
        )

    def report(outcome: FileOutcome) -> None:
        if outcome.message:
            click.echo(f"{outcome.outcome.value}: {outcome.message}", err=True)
        if bar is not None:
            bar.update(1)

    error, code = "", ExitCode.OK
    try:
        batch = job.run(on_start=start, on_outcome=report)
        code = ExitCode(batch.exit_code)
    except RunLockedError as locked:
        error, code = str(locked), ExitCode.LOCKED
    except RunInterrupted as stop:
        error = str(stop)
        code = ExitCode.INTERRUPTED if stop.signum == 2 else ExitCode.TERMINATED
    except SetupError as fatal:
        error, code = str(fatal), ExitCode.FATAL
    finally:
        if bar is not None:
            bar.render_finish()
    _report_summary(job.summary(code, error), as_json=as_json, path=summary_json)
    if error:
        click.echo(f"Error: {error}", err=True)
    sys.exit(code)


def _report_summary(
    summary: dict[str, Any], *, as_json: bool, path: Path | None
) -> None:
    if path is not None:
        try:  # written whole or not at all: the scheduler may read it any time
            partial = path.with_name(path.name + ".partial")
            partial.write_text(json.dumps(summary, indent=2, default=str) + "\n")
            partial.replace(path)
        except OSError as error:
            click.echo(f"cannot write {path}: {error}", err=True)
    if as_json:
        _echo_json(summary)
    if summary.get("run") is None:
        return
    counts = ", ".join(f"{summary[s.value]} {s.value}" for s in FileStatus)
    click.echo(f"run {summary['run']}: {summary['files']} files: {counts}", err=True)
    for path_gone in summary["disappeared"]:
        click.echo(f"disappeared (kept in the database): {path_gone}", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--include", multiple=True, help="Only files matching this glob.")
@click.option("--exclude", multiple=True, help="Skip files matching this glob.")
@click.option("--force", is_flag=True, help="Re-extract documents already loaded.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first crash (a bug).")
@click.option("-s", "--silent", is_flag=True, help="No progress bar.")
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default=None,
    help="local: worker processes here [default]; dask: a Dask cluster "
    "(docs/scale-out.md).",
)
@click.option(
    "--scheduler",
    envvar="PKS_SCHEDULER",
    help="Dask scheduler address (tcp://HOST:8786); implies --executor dask. "
    "Without it, --executor dask starts a local cluster of --workers workers.",
)
@ocr_options
@run_options
@json_option
@click.pass_context
def ingest(
    ctx: click.Context,
    /,
    paths: tuple[Path, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    force: bool,
    fail_fast: bool,
    silent: bool,
    executor: str | None,
    scheduler: str | None,
    as_json: bool,
    summary_json: Path | None,
    workers: int,
    ocr: str,
    ocr_cache: Path | None,
    ocr_timeout: float,
    ocr_jobs: int,
    **limits: Any,
) -> None:
    """Read files and folders (recursively) into the database.

    Each document is read in a worker process with a time and memory limit;
    every file discovered ends loaded, unchanged, duplicate, failed or
    deferred, with a reason (see `pks failures`). Unchanged files (same path,
    size and mtime) are not even read. A killed run is simply run again.
    Exit codes: 0 all loaded, 3 some failed or deferred, 75 another run holds
    the database, 130/143 interrupted, 1 fatal, 2 usage.

    \b
    Example:
        pks ingest samples/ --exclude '*.txt'
        pks --db sqlite:///archive.db ingest /mnt/arsip --json
        pks ingest /mnt/arsip/scans --ocr always --ocr-cache /var/cache/pks
        pks ingest /mnt/arsip --workers 2 --timeout 120 --summary-json run.json
        pks --db postgresql+psycopg://pks@db/arsip ingest /mnt/arsip \\
            --scheduler tcp://scheduler:8786
    """
    base: Settings = ctx.obj
    settings = Settings(
        db_url=base.db_url,
        force=force,
        fail_fast=fail_fast,
        include=include,
        exclude=exclude,
        **_ocr_settings(ocr, ocr_cache, ocr_timeout, ocr_jobs),
        **_run_settings(workers, **limits),
    )
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:
        raise click.BadParameter(f"no such file or folder: {', '.join(missing)}")
    # A file is known by its absolute path: `arsip/a.pdf` today and
    # `/srv/arsip/a.pdf` tomorrow are one file, unchanged, not a duplicate.
    # abspath, not resolve(): ".." goes, symlinked folders keep their names.
    paths = tuple(Path(os.path.abspath(path)) for path in paths)  # noqa: PTH100

    def files(_engine: Engine) -> list[Path]:
        return list(discover(list(paths), include=include, exclude=exclude))

    roots = [path for path in paths if path.is_dir()]
    if scheduler or executor == "dask":
        from pipeline.cluster import ClusterJob

        job: IngestJob = ClusterJob(settings, files, roots=roots, scheduler=scheduler)
    else:
        job = IngestJob(settings, files, roots=roots)
    _run_job(job, silent=silent, as_json=as_json, summary_json=summary_json)


@cli.command()
@click.option(
    "--run", "run_id", type=int, help="Retry this run's failures (default: the last)."
)
@click.option("--reason", help="Only files that failed for this reason (e.g. timeout).")
@click.option("-s", "--silent", is_flag=True, help="No progress bar.")
@ocr_options
@run_options
@json_option
@click.pass_context
def retry(
    ctx: click.Context,
    /,
    run_id: int | None,
    reason: str | None,
    silent: bool,
    as_json: bool,
    summary_json: Path | None,
    workers: int,
    ocr: str,
    ocr_cache: Path | None,
    ocr_timeout: float,
    ocr_jobs: int,
    **limits: Any,
) -> None:
    """Run the files that failed in a run again, as a new run.

    Deferred files (over a cap, or quarantined as poison) are not retried:
    raise the cap and use `pks ingest`, or change the file.

    \b
    Example:
        pks retry
        pks retry --run 12 --reason timeout --timeout 900
    """
    base: Settings = ctx.obj
    settings = Settings(
        db_url=base.db_url,
        **_ocr_settings(ocr, ocr_cache, ocr_timeout, ocr_jobs),
        **_run_settings(workers, **limits),
    )

    def failed_files(engine: Engine) -> list[Path]:
        with Session(engine) as session:
            last = run_id or last_run_id(session)
            return retry_paths(session, last, reason) if last else []

    job = IngestJob(settings, failed_files)
    _run_job(job, silent=silent, as_json=as_json, summary_json=summary_json)


def _render_snippet(snippet: str, *, color: bool) -> str:
    if color:
        return snippet.replace(HIGHLIGHT_START, "\x1b[1;33m").replace(
            HIGHLIGHT_END, "\x1b[0m"
        )
    return snippet.replace(HIGHLIGHT_START, "[").replace(HIGHLIGHT_END, "]")


def filter_options(function: F) -> F:
    """The search filters, shared by ``pks search`` (the web page has the same)."""
    options = [
        click.option("--party", help="A party: canonical name, any alias or acronym."),
        click.option("--role", help="With --party: the party's role (pertama, kedua)."),
        click.option("--sector", help="Sector code or label (health, kesehatan)."),
        click.option("--type", "doc_type", help="pks, mou, addendum, news or other."),
        click.option("--signed-from", help="Signed on or after: YYYY[-MM[-DD]]."),
        click.option("--signed-to", help="Signed on or before: YYYY[-MM[-DD]]."),
        click.option(
            "--status", help="active, expired or unknown (by the expiry date)."
        ),
        click.option("--number", help="Part of an agreement number."),
        click.option(
            "--kind", help="Search duties of a kind: obligation, right, prohibition."
        ),
        click.option("--place", help="Place of signing."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@cli.command()
@click.argument("query", default="")
@filter_options
@click.option(
    "--limit",
    default=DEFAULT_SEARCH_LIMIT,
    show_default=True,
    type=click.IntRange(1, 1000),
)
@click.option("--offset", default=0, type=click.IntRange(0, 1_000_000))
@click.option("--facets", is_flag=True, help="Count by party, sector, type, year.")
@json_option
@click.pass_context
def search(
    ctx: click.Context,
    query: str,
    limit: int,
    offset: int,
    facets: bool,
    as_json: bool,
    party: str | None,
    role: str | None,
    sector: str | None,
    doc_type: str | None,
    signed_from: str | None,
    signed_to: str | None,
    status: str | None,
    number: str | None,
    kind: str | None,
    place: str | None,
) -> None:
    """Find clauses: words, "exact phrases", OR, -exclude, prefix*, NEAR.

    Words are matched the Indonesian way: "wajib" finds "berkewajiban",
    "PKS" finds "perjanjian kerja sama", "Lapas" finds "Lembaga
    Pemasyarakatan". Hits are grouped by document, best first.

    \b
    Example:
        pks search "wajib menyediakan"
        pks search '"pelatihan keterampilan" -narkotika' --json
        pks search bayar --kind obligation --party Poltekkes
        pks search kesehatan --type pks --signed-from 2025 --facets
    """
    raw_filters = {
        "party": party,
        "role": role,
        "sector": sector,
        "type": doc_type,
        "signed_from": signed_from,
        "signed_to": signed_to,
        "status": status,
        "number": number,
        "kind": kind,
        "place": place,
    }
    try:
        filters = parse_filters(raw_filters)
    except FilterError as error:
        raise click.BadParameter(str(error)) from error
    settings: Settings = ctx.obj
    with setup_errors():
        # Read-only: a search never takes the write lock an ingest waits on.
        engine = open_read_only(settings.db_url)
    with Session(engine) as session:
        result = run_search(
            session, query, filters, limit=limit, offset=offset, facets=facets
        )
    if as_json:
        _echo_json(result_json(result))
        return
    _print_result(result, color=sys.stdout.isatty())


def _print_result(result: SearchResult, *, color: bool) -> None:
    for hint in result.hints:
        click.echo(f"hint: {hint}", err=True)
    for document in result.documents:
        numbers = "; ".join(document.numbers)
        click.echo(f"#{document.id} {document.title or document.path or '-'}")
        if numbers:
            click.echo(f"  Nomor: {numbers}")
        parties = "; ".join(
            f"{p['role'] or '-'}: {p['name']}" for p in document.parties
        )
        if parties:
            click.echo(f"  {parties}")
        for hit in document.hits:
            where = " ".join(x for x in (hit.ref, hit.heading) if x)
            extra = f", {hit.kind} of {hit.party}" if hit.obligation_id else ""
            click.echo(f"  - {where} (p. {hit.page}{extra})")
            click.echo(f"    {_render_snippet(hit.snippet, color=color)}")
    for name, counts in result.facets.items():
        click.echo(f"{name}: " + ", ".join(f"{v} ({n})" for v, n in counts))
    shown = len(result.hits)
    if result.total:
        more = "+" if result.capped else ""
        summary = (
            f"{result.total}{more} matches in {result.documents_total}{more} documents"
        )
        if shown:
            summary += f" (showing {result.offset + 1}-{result.offset + shown})"
        click.echo(summary, err=True)
    else:
        click.echo("no matching clause", err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--token",
    envvar="PKS_TOKEN",
    help="Require this token on every request (bearer or cookie); also $PKS_TOKEN.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token: str | None) -> None:
    """Serve the search and document pages (read-only) in a web browser.

    Binds to 127.0.0.1 by default. With a token, open the page once as
    http://HOST:PORT/?token=TOKEN (it is then kept in a cookie) or send
    "Authorization: Bearer TOKEN".

    \b
    Example:
        pks serve
        PKS_TOKEN=s3cret pks serve --host 0.0.0.0 --port 8080
    """
    import uvicorn

    from pipeline.web import create_app

    settings: Settings = ctx.obj
    with setup_errors():
        engine = open_read_only(settings.db_url)
    app = create_app(engine, token=token or None)
    click.echo(f"serving http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@click.argument("doc")
@json_option
@click.pass_context
def show(ctx: click.Context, doc: str, as_json: bool) -> None:
    """Show one document's fields with their evidence: by id, sha256 or path.

    \b
    Example:
        pks show 3
        pks show samples/pks_lapas_blk_pelatihan.pdf --json
    """
    with Session(_engine(ctx)) as session:
        document = find_document(session, doc)
        if document is None:
            raise click.BadParameter(f"no document {doc!r}: give an id, sha256 or path")
        record = document_record(document)
        if as_json:
            _echo_json(record)
            return
        _print_document(record)


def _print_document(record: dict[str, Any]) -> None:
    fields = (
        "id",
        "doc_type",
        "title",
        "numbers",
        "signing_date",
        "term_months",
        "effective_on",
        "expires_on",
        "term_status",
        "place",
        "status",
        "sha256",
        "paths",
        "laws",
        "errors",
    )
    for key in fields:
        value = record.get(key)
        if isinstance(value, list):
            value = "; ".join(value)
        click.echo(f"{key:>13}: {value if value not in (None, '') else '-'}")
    click.echo("      parties:")
    for party in record["parties"]:
        who = f", {party['representative']}" if party["representative"] else ""
        click.echo(f"    {party['role'] or '-'}: {party['canonical']}{who}")
    click.echo("        dates:")
    for date in record["dates"]:
        click.echo(
            f"    {date['role']}: {date['date']}  ({date['text']}, p. {date['page']})"
        )
    click.echo("      sectors: " + ", ".join(s["code"] for s in record["sectors"]))
    click.echo("  obligations:")
    by_party: dict[str, list[dict[str, Any]]] = {}
    for duty in record["obligations"]:
        by_party.setdefault(duty["party_role"] or duty["party"] or "-", []).append(duty)
    for party, duties in by_party.items():
        click.echo(f"    {party}")
        for duty in duties:
            click.echo(
                f"      [{duty['kind']}] {duty['clause'] or '-'}: {duty['text']}"
            )
            _print_duty_terms(duty)
    click.echo("      clauses: " + ", ".join(c["number"] for c in record["clauses"]))
    _print_ocr_pages(record.get("ocr_pages", []))


def _print_duty_terms(duty: dict[str, Any]) -> None:
    for key in ("deadline", "amount", "condition"):
        if duty.get(key):
            click.echo(f"        {key}: {duty[key]}")


def _print_ocr_pages(pages: list[dict[str, Any]]) -> None:
    click.echo(f"    OCR pages: {', '.join(str(p['page']) for p in pages) or '-'}")
    for page in pages:
        review = "  needs review" if page["needs_review"] else ""
        click.echo(
            f"    p. {page['page']}: {page['engine']} {page['version']} "
            f"{page['language']}, confidence {page['confidence']}{review}"
        )


class WindowType(click.ParamType[str]):
    """A time window such as ``90d``, ``12w``, ``6m`` or ``1y``."""

    name = "window"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        """Check the window's shape; the CLI keeps it as text."""
        try:
            window_end(str(value), dt.date.today())
        except ValueError as error:
            self.fail(str(error), param, ctx)
        return str(value)


@cli.command("expiring")
@click.option(
    "--within",
    default="90d",
    show_default=True,
    type=WindowType(),
    help="How far ahead: days (90d), weeks (12w), months (6m) or years (1y).",
)
@json_option
@click.pass_context
def expiring_soon(ctx: click.Context, within: str, as_json: bool) -> None:
    """List agreements whose term ends within a window from today.

    An agreement's end is the expiry date read from its term article (or
    computed from its length and start). Each line gives the end date, the
    days left, the numbers and the parties.

    \b
    Example:
        pks expiring --within 90d
        pks expiring --within 6m --json
    """
    today = dt.date.today()
    with Session(_engine(ctx)) as session:
        rows = expiring(session, today, window_end(within, today))
    if as_json:
        _echo_json(rows)
        return
    for row in rows:
        numbers = "; ".join(row["numbers"]) or "-"
        click.echo(
            f"{row['expires_on']}  {row['days_left']:>4}d  #{row['id']}  "
            f"{row['title'] or '-'}"
        )
        click.echo(f"      numbers: {numbers}")
        click.echo(f"      parties: {'; '.join(row['parties']) or '-'}")


@cli.command()
@json_option
@click.pass_context
def parties(ctx: click.Context, as_json: bool) -> None:
    """List every organisation of the archive once, with its aliases and documents.

    One organisation printed in many ways (``Pemkab Kampar``, ``PEMERINTAH
    KABUPATEN KAMPAR``, an acronym it defines) is one canonical party.

    \b
    Example:
        pks parties
        pks parties --json
    """
    with Session(_engine(ctx)) as session:
        found = canonical_parties(session)
    if as_json:
        _echo_json(found)
        return
    for party in found:
        ids = ", ".join(f"#{d['id']}" for d in party["documents"])
        click.echo(f"{party['canonical']}  ({len(party['documents'])} docs: {ids})")
        if party["aliases"]:
            click.echo(f"      aliases: {'; '.join(party['aliases'])}")


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
)
@click.option("--include-text", is_flag=True, help="Add the full normalised text.")
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="File to write (default stdout).",
)
@click.pass_context
def export(ctx: click.Context, fmt: str, include_text: bool, output: Any) -> None:
    """Write every document: JSON lines (see schemas/document.schema.json) or CSV.

    \b
    Example:
        pks export > archive.jsonl
        pks export --format csv -o archive.csv
    """
    with Session(_engine(ctx)) as session:
        records = (
            document_record(d, include_text=include_text)
            for d in iter_documents(session)
        )
        for chunk in (to_jsonl if fmt == "jsonl" else to_csv)(records):
            output.write(chunk)


@cli.command()
@json_option
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of documents by status, type and media, and of runs.

    \b
    Example:
        pks stats --json
    """
    with Session(_engine(ctx)) as session:
        result = archive_stats(session)
    if as_json:
        _echo_json(result)
        return
    for key, value in result.items():
        click.echo(f"{key}: {value}")


@cli.command()
@click.option(
    "--run", "run_id", type=int, help="Failures of this run (default: the last run)."
)
@click.option(
    "--reason",
    type=click.Choice([kind.value for kind in ErrorKind]),
    help="Only this reason.",
)
@json_option
@click.pass_context
def failures(
    ctx: click.Context, run_id: int | None, reason: str | None, as_json: bool
) -> None:
    """List the files a run did not load (failed, deferred, pending), and why.

    \b
    Example:
        pks failures
        pks failures --run 3 --reason timeout --json
    """
    with Session(_engine(ctx)) as session:
        result = run_failures(session, run_id, reason)
    if as_json:
        _echo_json(result)
        return
    for failure in result:
        click.echo(f"{failure['reason']:<12} {failure['message']}")
    if not result:
        click.echo("no failures", err=True)


def _print_ocr_report(report: dict[str, Any]) -> None:
    for name, rate in report["cer"].items():
        click.echo(f"CER {rate:7.2%}  {name}")
    for group, rate in report["cer_groups"].items():
        click.echo(f"CER {rate:7.2%}  mean of {group}")
    for key, f1 in report["header_f1"].items():
        click.echo(
            f"{key:<18} F1 scanned {f1['scanned']:.3f}  digital {f1['digital']:.3f}"
        )


@cli.command("eval")
@click.argument(
    "directory", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--misses", is_flag=True, help="List every miss under the table.")
@click.option("--check", is_flag=True, help="Exit 3 when a field misses its target.")
@ocr_options
@json_option
def evaluate(
    directory: Path, misses: bool, check: bool, as_json: bool, **ocr: Any
) -> None:
    """Score extraction against the gold files (<name>.expected.json) in DIRECTORY.

    The documents are ingested into a throwaway database, exported, and compared
    field by field: precision, recall and F1 (accuracy for single values).
    Scanned samples (gold with "text") also get their character error rate.

    \b
    Example:
        pks eval samples/
        pks eval samples/ --json --check
    """
    from pipeline.evaluate import (
        evaluate_directory,
        missed_targets,
        ocr_report,
        score_corpus,
    )

    settings = Settings(**_ocr_settings(**ocr))
    with setup_errors():
        documents = evaluate_directory(directory, settings=settings)
    scores = score_corpus(documents)
    ocr_scores = ocr_report(documents)
    below = missed_targets(scores) + ocr_scores["below_target"]
    if as_json:
        _echo_json(
            {
                "documents": len(documents),
                "fields": {
                    key: {
                        "precision": round(s.precision, 4),
                        "recall": round(s.recall, 4),
                        "f1": round(s.f1, 4),
                        "tp": s.tp,
                        "fp": s.fp,
                        "fn": s.fn,
                    }
                    for key, s in scores.items()
                },
                "ocr": ocr_scores,
                "below_target": below,
            }
        )
    else:
        click.echo(f"{len(documents)} documents")
        click.echo(
            f"{'field':<18} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"
        )
        for key, s in scores.items():
            click.echo(
                f"{key:<18} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                f"{s.tp:5d} {s.fp:5d} {s.fn:5d}"
            )
        _print_ocr_report(ocr_scores)
        if misses:
            for key, s in scores.items():
                for miss in s.misses:
                    click.echo(f"{key}: {miss}")
    for line in below:
        click.echo(f"below target: {line}", err=True)
    if check and below:
        sys.exit(ExitCode.SOME_FAILED)
