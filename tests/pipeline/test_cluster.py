"""Ingestion on a Dask cluster (2 local worker processes) into the test PostgreSQL."""

import json
import os
import shutil
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.cli import cli
from pipeline.cluster import ClusterJob
from pipeline.config import Settings
from pipeline.discover import discover
from schemas.db import make_engine
from schemas.models import LedgerEntry

distributed = pytest.importorskip("distributed")

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_COUNT = 10


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Ten samples, one of them twice, and an empty file that fails."""
    folder = tmp_path_factory.mktemp("archive")
    files = sorted(
        path
        for path in SAMPLES.iterdir()
        if path.is_file() and not path.name.endswith(".expected.json")
    )[:SAMPLE_COUNT]
    for path in files:
        shutil.copy(path, folder / path.name)
    shutil.copy(files[0], folder / f"copy-{files[0].name}")
    (folder / "empty.pdf").write_bytes(b"")
    return folder


def _ingest(url, archive, *options):
    args = ["--db", url, "ingest", "-s", "--json", "--workers", "2", str(archive)]
    result = CliRunner().invoke(cli, [*args, *options])
    assert result.exit_code == 3, result.output  # the empty file fails
    return json.loads(result.stdout)


def _export(url):
    """The export without what depends on timing: ids, and which path is first."""
    lines = CliRunner().invoke(cli, ["--db", url, "export"]).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    for record in records:
        del record["id"], record["source_path"]
        record["paths"].sort()
    return sorted(records, key=lambda record: record["sha256"])


@pytest.fixture(scope="module")
def local_run(pg_server, archive):
    url = pg_server.create_schema()
    return _ingest(url, archive), _export(url)


def _counts(summary):
    keys = ("files", "loaded", "duplicate", "failed", "unchanged", "pending")
    return {key: summary[key] for key in keys}


@pytest.mark.slow
def test_a_cluster_run_equals_the_local_run(pg_server, cluster, archive, local_run):
    url = pg_server.create_schema()
    summary = _ingest(url, archive, "--scheduler", cluster.scheduler_address)
    local_summary, local_export = local_run
    assert _counts(summary) == _counts(local_summary)
    assert summary["loaded"] == SAMPLE_COUNT and summary["duplicate"] == 1
    assert summary["reasons"] == {"empty": 1}
    assert _export(url) == local_export
    again = _ingest(url, archive, "--scheduler", cluster.scheduler_address)
    assert again["unchanged"] == SAMPLE_COUNT + 1 and again["loaded"] == 0


@pytest.mark.slow
def test_a_worker_killed_mid_document_loses_nothing(
    pg_server, cluster, archive, local_run
):
    url = pg_server.create_schema()
    settings = Settings(db_url=url, workers=2)
    paths = list(discover([archive]))
    killed = []
    with distributed.Client(cluster) as client:
        pids = client.run(os.getpid)

        def kill_a_busy_worker(_outcome):
            busy = [address for address, keys in client.processing().items() if keys]
            if not killed and busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(busy[0])

        job = ClusterJob(
            settings, lambda _engine: paths, scheduler=cluster.scheduler_address
        )
        batch = job.run(on_outcome=kill_a_busy_worker)
        client.wait_for_workers(2, timeout=60)  # the nanny restarts it
    assert killed
    summary = batch.summary()
    assert summary["files"] == len(paths)
    assert summary["loaded"] == SAMPLE_COUNT and summary["pending"] == 0
    engine = make_engine(url)
    with Session(engine) as session:
        statuses = session.scalars(
            select(LedgerEntry.status).where(LedgerEntry.run_id == batch.run_id)
        ).all()
    engine.dispose()
    assert "pending" not in statuses and len(statuses) == len(paths)
    assert _export(url) == local_run[1]


def test_the_cluster_needs_a_database_server(tmp_path, archive):
    url = f"sqlite:///{tmp_path / 'pks.db'}"
    result = CliRunner().invoke(
        cli, ["--db", url, "ingest", "-s", "--executor", "dask", str(archive)]
    )
    assert result.exit_code == 1
    assert "shared PostgreSQL" in result.stderr
