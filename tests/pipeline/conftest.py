"""Fixtures for the search tests: the samples ingested once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from pipeline.cli import cli
from schemas.db import make_engine
from tests.pgserver import BACKENDS, backend_url

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="session", params=BACKENDS)
def samples_db(request, tmp_path_factory) -> str:
    """A database URL with every sample ingested (some may fail: exit code 3)."""
    url = backend_url(request, request.param, tmp_path_factory.mktemp("samples"))
    result = CliRunner().invoke(cli, ["--db", url, "ingest", "-s", str(SAMPLES)])
    assert result.exit_code in (0, 3), result.output
    return url


@pytest.fixture(scope="session")
def samples_engine(samples_db) -> Engine:
    return make_engine(samples_db)


@pytest.fixture(scope="session")
def judged_urls(request, tmp_path_factory) -> dict[str, str]:
    """The sample files the judged queries were written against, ingested
    into each backend (so a test can compare the two)."""
    judgements = json.loads(
        (SAMPLES.parent / "tests" / "search_judgements.json").read_text("utf-8")
    )
    stems = {stem for q in judgements["queries"] for stem, _ref in q["relevant"]}
    files = sorted(
        str(path)
        for path in SAMPLES.iterdir()
        if path.stem in stems and not path.name.endswith(".expected.json")
    )
    urls = {}
    for backend in BACKENDS:
        url = backend_url(request, backend, tmp_path_factory.mktemp("judged"))
        result = CliRunner().invoke(cli, ["--db", url, "ingest", "-s", *files])
        assert result.exit_code == 0, result.output
        urls[backend] = url
    return urls


@pytest.fixture(scope="session", params=BACKENDS)
def judged_engine(request, judged_urls) -> Engine:
    """The judged sample files, ingested into each backend in turn."""
    return make_engine(judged_urls[request.param])
