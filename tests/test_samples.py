"""End to end over samples/: every sample loads, exports valid JSON, and scores.

The quality floors below are regression guards set just under the scores the
extractors reach today (see `pks eval samples/`); the targets of the issues are
checked by `pks eval samples/ --check`, not here.
"""

import json
from pathlib import Path

import jsonschema
import pytest

from pipeline.evaluate import evaluate_directory, gold_files, ocr_report, score_corpus

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
    "representatives": 0.95,
    "signing_date": 0.85,
    "dates": 0.97,
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


SCANNED = SAMPLES / "scanned"


def test_scans_share_the_gold_of_their_digital_twins():
    for path in SCANNED.glob("*.expected.json"):
        twin = path.name.split("__")[0]
        scan_gold = json.loads(path.read_text("utf-8"))
        digital = json.loads((SAMPLES / f"{twin}.expected.json").read_text("utf-8"))
        assert {k: v for k, v in scan_gold.items() if k != "text"} == digital, path.name
        assert scan_gold["text"], path.name


def test_scans_are_read_within_the_ocr_targets(evaluated):
    """CER <= 2 % (clean 300 dpi) and 5 % (noisy 200 dpi); header F1 within 0.05."""
    report = ocr_report(evaluated)
    assert set(report["cer_groups"]) == {"clean300", "noisy200"}
    assert report["below_target"] == [], report
    scanned = [name for name, _record, _gold in evaluated if "__" in name]
    assert len(scanned) >= 10
    for name, record, _gold in evaluated:
        if "__" in name and not name.endswith("__mixed"):
            assert record["ocr_pages"], name
