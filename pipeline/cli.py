"""The ``pks`` command: a thin click layer that translates and never computes.

Results go to stdout; progress, logs and summaries go to stderr, so ``--json``
output can be piped. Exit codes are :class:`pipeline.errors.ExitCode`.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pipeline import PIPELINE_VERSION
from pipeline.config import DEFAULT_DB_URL, DEFAULT_SEARCH_LIMIT, Settings
from pipeline.database import open_for_reading, open_for_writing
from pipeline.discover import discover
from pipeline.errors import ExitCode, SetupError
from pipeline.export import document_record, iter_documents, to_csv, to_jsonl
from pipeline.queries import archive_stats, find_document, run_failures
from pipeline.run import Batch, Outcome
from pipeline.search import HIGHLIGHT_END, HIGHLIGHT_START, search_clauses

F = TypeVar("F", bound=Callable[..., Any])


def json_option(function: F) -> F:
    """``--json``: machine-readable output on stdout."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Write JSON to stdout."
    )(function)


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


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--include", multiple=True, help="Only files matching this glob.")
@click.option("--exclude", multiple=True, help="Skip files matching this glob.")
@click.option("--force", is_flag=True, help="Re-extract documents already loaded.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first crash (a bug).")
@click.option("-s", "--silent", is_flag=True, help="No progress bar.")
@json_option
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    force: bool,
    fail_fast: bool,
    silent: bool,
    as_json: bool,
) -> None:
    """Read files and folders (recursively) into the database.

    Unchanged files already loaded are skipped; the same bytes at two paths are
    one document. A bad file is reported and the batch goes on. Exit code 3
    means the batch finished but some files failed (see `pks failures`).

    \b
    Example:
        pks ingest samples/ --exclude '*.txt'
        pks --db sqlite:///archive.db ingest /mnt/arsip --json
    """
    base: Settings = ctx.obj
    settings = Settings(
        db_url=base.db_url,
        force=force,
        fail_fast=fail_fast,
        include=include,
        exclude=exclude,
    )
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.BadParameter(f"no such file or folder: {', '.join(missing)}")
    engine = _engine(ctx, write=True)
    files = list(discover(list(paths), include=include, exclude=exclude))
    with Batch(engine, settings) as batch:
        hidden = silent or not sys.stderr.isatty()
        with click.progressbar(
            files,
            label="Ingesting",
            file=sys.stderr,
            hidden=hidden,
            item_show_func=lambda p: p.name if p else None,
        ) as bar:
            for path in bar:
                outcome = batch.process(path)
                if outcome.outcome in (Outcome.FAILED, Outcome.CRASHED):
                    click.echo(f"failed: {outcome.message}", err=True)
    summary = {
        "run": batch.run_id,
        "files": len(files),
        **{outcome.value: batch.counts[outcome] for outcome in Outcome},
    }
    if as_json:
        _echo_json(summary)
    counts = ", ".join(f"{batch.counts[o]} {o.value}" for o in Outcome)
    click.echo(f"{len(files)} files: {counts}", err=True)
    if batch.failures:
        ctx.exit(ExitCode.SOME_FAILED)


def _render_snippet(snippet: str, *, color: bool) -> str:
    if color:
        return snippet.replace(HIGHLIGHT_START, "\x1b[1;33m").replace(
            HIGHLIGHT_END, "\x1b[0m"
        )
    return snippet.replace(HIGHLIGHT_START, "[").replace(HIGHLIGHT_END, "]")


@cli.command()
@click.argument("query")
@click.option(
    "--limit",
    default=DEFAULT_SEARCH_LIMIT,
    show_default=True,
    type=click.IntRange(1, 1000),
)
@click.option("--offset", default=0, type=click.IntRange(0))
@json_option
@click.pass_context
def search(
    ctx: click.Context, query: str, limit: int, offset: int, as_json: bool
) -> None:
    """Find clauses: words, "exact phrases", OR, -exclude, prefix*.

    \b
    Example:
        pks search "wajib menyediakan"
        pks search '"pelatihan keterampilan" -narkotika' --json
    """
    with Session(_engine(ctx)) as session:
        hits = search_clauses(session, query, limit=limit, offset=offset)
    if as_json:
        _echo_json(
            [
                {
                    "document_id": h.document_id,
                    "title": h.title,
                    "path": h.path,
                    "clause": h.ref,
                    "heading": h.heading,
                    "page": h.page,
                    "snippet": _render_snippet(h.snippet, color=False),
                    "score": round(h.score, 4),
                }
                for h in hits
            ]
        )
        return
    color = sys.stdout.isatty()
    for hit in hits:
        where = " ".join(x for x in (hit.ref, hit.heading) if x)
        click.echo(f"#{hit.document_id} {hit.title or hit.path}")
        click.echo(f"  {where} (p. {hit.page})")
        click.echo(f"  {_render_snippet(hit.snippet, color=color)}")
    if not hits:
        click.echo("no matching clause", err=True)


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
        "place",
        "status",
        "sha256",
        "paths",
        "laws",
        "errors",
    )
    for key in fields:
        value = record[key]
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
    click.echo("      clauses: " + ", ".join(c["number"] for c in record["clauses"]))


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
@json_option
@click.pass_context
def failures(ctx: click.Context, run_id: int | None, as_json: bool) -> None:
    """List the files that failed, and why.

    \b
    Example:
        pks failures
        pks failures --run 3 --json
    """
    with Session(_engine(ctx)) as session:
        result = run_failures(session, run_id)
    if as_json:
        _echo_json(result)
        return
    for failure in result:
        click.echo(f"{failure['reason']:<12} {failure['message']}")
    if not result:
        click.echo("no failures", err=True)


@cli.command("eval")
@click.argument(
    "directory", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--misses", is_flag=True, help="List every miss under the table.")
@click.option("--check", is_flag=True, help="Exit 3 when a field misses its target.")
@json_option
def evaluate(directory: Path, misses: bool, check: bool, as_json: bool) -> None:
    """Score extraction against the gold files (<name>.expected.json) in DIRECTORY.

    The documents are ingested into a throwaway database, exported, and compared
    field by field: precision, recall and F1 (accuracy for single values).

    \b
    Example:
        pks eval samples/
        pks eval samples/ --json --check
    """
    from pipeline.evaluate import evaluate_directory, missed_targets, score_corpus

    with setup_errors():
        documents = evaluate_directory(directory)
    scores = score_corpus(documents)
    below = missed_targets(scores)
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
        if misses:
            for key, s in scores.items():
                for miss in s.misses:
                    click.echo(f"{key}: {miss}")
    for line in below:
        click.echo(f"below target: {line}", err=True)
    if check and below:
        sys.exit(ExitCode.SOME_FAILED)
