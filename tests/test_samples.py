"""End to end over samples/: every sample loads, exports valid JSON, and scores.

The quality floors below are regression guards set just under the scores the
extractors reach today (see `pks eval samples/`); the targets of the issues are
checked by `pks eval samples/ --check`, not here.
"""

import json
from pathlib import Path

import jsonschema
import pytest

from pipeline.evaluate import evaluate_directory, gold_files, score_corpus

SAMPLES = Path(__file__).parent.parent / "samples"
SCHEMA = json.loads((SAMPLES.parent / "schemas" / "document.schema.json").read_text())
FLOORS = {
    "doc_type": 0.92,
    "title": 0.9,
    "numbers": 0.9,
    "place": 0.85,
    "laws": 0.9,
    "clauses": 0.95,
    "obligations": 0.82,
    "obligation_kind": 0.95,
    "parties": 0.8,
    "representatives": 0.75,
    "signing_date": 0.85,
    "dates": 0.8,
    "sectors": 0.8,
}


@pytest.fixture(scope="module")
def evaluated(nlp):
    return evaluate_directory(SAMPLES, nlp)


def test_every_document_has_a_gold_file_and_vice_versa():
    documents = {
        p.name.rsplit(".", 1)[0]
        for p in SAMPLES.rglob("*")
        if p.is_file() and not p.name.endswith(".json")
    }
    assert documents == set(gold_files(SAMPLES))
    assert len(documents) >= 12


def test_every_sample_loads_and_exports_valid_json(evaluated):
    for name, record, _gold in evaluated:
        assert record.get("status") == "loaded", name
        jsonschema.validate(record, SCHEMA)


def test_gold_files_use_the_export_keys(evaluated):
    keys = set(SCHEMA["properties"])
    for name, _record, gold in evaluated:
        assert set(gold) <= keys, name


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_quality_does_not_fall_below_its_floor(evaluated, field):
    score = score_corpus(evaluated)[field]
    assert score.f1 >= FLOORS[field], score.misses
