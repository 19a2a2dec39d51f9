"""The hostile corpus through real workers: every file ends as expected, in bounded time."""

import os
import sqlite3
import time

import pytest
from sqlalchemy.orm import Session

from pipeline.config import Limits, OcrMode, Settings
from pipeline.database import open_for_writing
from pipeline.run import Batch
from schemas.models import Document
from tests.pipeline.hostile import build

TIMEOUT = 20.0  # per document; the bounded-time assertion allows 5 s more
LIMITS = Limits(timeout=TIMEOUT, memory_mb=1024, max_pages=2000)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "arsip"
    cases = build(folder)
    db_url = f"sqlite:///{folder.parent / 'pks.db'}"
    engine = open_for_writing(db_url)
    settings = Settings(db_url=db_url, workers=2, ocr=OcrMode.NEVER, limits=LIMITS)
    paths = sorted(folder.iterdir())
    started = time.monotonic()
    with Batch(engine, settings) as batch:
        outcomes = {o.path.name: o for o in batch.run(paths, roots=[folder])}
    seconds = time.monotonic() - started
    return cases, outcomes, batch, engine, folder, seconds


def test_there_are_at_least_30_cases(corpus):
    cases, outcomes, *_ = corpus
    assert len(cases) >= 30
    names = {case.name for case in cases}
    assert names <= set(outcomes)


@pytest.mark.parametrize(
    "name",
    [
        case.name
        for case in __import__("tests.pipeline.hostile").pipeline.hostile.cases()
    ],
)
def test_each_case_ends_with_its_status_and_reason(corpus, name):
    cases, outcomes, *_ = corpus
    case = next((c for c in cases if c.name == name), None)
    if case is None:
        pytest.skip("a chmod 000 file is readable by root; the dangling link stands in")
    outcome = outcomes[name]
    assert (outcome.outcome.value, outcome.reason) == (
        case.status,
        case.reason,
    ), outcome.message
    if outcome.reason:
        assert str(outcome.path) in outcome.message
    if outcome.sha256:
        assert outcome.message == "" or outcome.sha256 in outcome.message


def test_every_file_is_accounted_for_and_no_file_held_a_worker_past_its_limit(corpus):
    cases, outcomes, batch, engine, folder, _ = corpus
    files = len(outcomes)
    assert sum(batch.final_counts.values()) == files
    assert batch.final_counts["pending"] == 0
    with sqlite3.connect(engine.url.database) as connection:
        slowest = connection.execute(
            "SELECT max(seconds) FROM ledger WHERE run_id = ?", (batch.run_id,)
        ).fetchone()[0]
    assert slowest < TIMEOUT + 5


def test_no_garbage_reaches_the_database(corpus):
    *_, engine, _, _ = corpus
    with Session(engine) as session:
        texts = [d.text for d in session.query(Document).filter_by(status="loaded")]
    assert texts
    for text in texts:
        assert "\x00" not in text and "(cid:" not in text
        assert not any("\ud800" <= char <= "\udfff" for char in text)
        assert "\u200b" not in text and "\u202e" not in text


def test_sources_are_never_modified(corpus):
    cases, _, _, _, folder, _ = corpus
    for case in cases:
        path = folder / case.name
        if path.is_file() and not path.is_symlink():
            assert os.access(path, os.R_OK) or os.geteuid() != 0
