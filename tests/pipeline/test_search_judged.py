"""Judged queries over the samples: recall@10 and MRR against the acceptance floors."""

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from pipeline.search import parse_filters, search

JUDGEMENTS = json.loads(
    (Path(__file__).resolve().parents[1] / "search_judgements.json").read_text("utf-8")
)
RECALL_FLOOR = 0.95
MRR_FLOOR = 0.85


def _is(hit_key, wanted):
    (stem, ref), (want_stem, want_ref) = hit_key, wanted
    return stem == want_stem and (ref == want_ref or ref.startswith(want_ref + " "))


def _ranked(session, judged, today):
    result = search(
        session,
        judged["query"],
        parse_filters(judged.get("filters", {})),
        limit=10,
        today=today,
    )
    return [
        (Path(document.path).stem, hit.ref)
        for document in result.documents
        for hit in document.hits
    ][:10]


def judge(session):
    """Per query: (recall@10, reciprocal rank of the first relevant hit)."""
    today = dt.date.fromisoformat(JUDGEMENTS["today"])
    scores = {}
    for judged in JUDGEMENTS["queries"]:
        ranked = _ranked(session, judged, today)
        relevant = [tuple(r) for r in judged["relevant"]]
        found = [r for r in relevant if any(_is(h, r) for h in ranked)]
        first = next(
            (i for i, h in enumerate(ranked, 1) if any(_is(h, r) for r in relevant)),
            None,
        )
        recall = len(found) / min(len(relevant), 10)
        scores[judged["query"]] = (recall, 1 / first if first else 0.0)
    return scores


def test_the_judged_set_is_large_enough():
    assert len(JUDGEMENTS["queries"]) >= 30


@pytest.mark.slow
def test_recall_at_10_and_mrr_reach_the_floors(judged_engine):
    with Session(judged_engine) as session:
        scores = judge(session)
    recall = sum(r for r, _ in scores.values()) / len(scores)
    mrr = sum(m for _, m in scores.values()) / len(scores)
    misses = {q: s for q, s in scores.items() if s[0] < 1 or s[1] < 1}
    print(
        f"recall@10={recall:.3f} MRR={mrr:.3f} over {len(scores)} queries; misses: {misses}"
    )
    assert recall >= RECALL_FLOOR, misses
    assert mrr >= MRR_FLOOR, misses
