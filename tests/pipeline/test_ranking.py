"""BM25 over bounded candidates: the arithmetic, and the cap as users see it."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

import pipeline.search as search_module
from pipeline.query import Alternatives, Phrase, parse
from pipeline.ranking import (
    Candidate,
    Statistics,
    occurrences,
    rank,
    scored_units,
    statistics,
)


def _unit(*terms: str, prefix: bool = False) -> Alternatives:
    return Alternatives((Phrase(terms, prefix=prefix),))


def test_occurrences_count_whole_terms_phrases_and_prefixes():
    text = "pihak kedua wajib sedia tempat latih pihak kedua latihan"
    assert occurrences(text, Phrase(("pihak", "kedua"))) == 2
    assert occurrences(text, Phrase(("latih",))) == 1  # not inside "latihan"
    assert occurrences(text, Phrase(("latih",), prefix=True)) == 2
    assert occurrences(text, Phrase(("dua",))) == 0  # not inside "kedua"


def test_more_occurrences_and_headings_rank_higher():
    unit = _unit("latih")
    candidates = [
        Candidate(1, 1, "", "latih warga binaan di lapas"),
        Candidate(2, 1, "", "latih latih latih warga binaan di lapas"),
        Candidate(3, 2, "latih", "warga binaan di lapas"),
    ]
    ranked = [cid for cid, _ in rank(candidates, [unit], Statistics(1, {}))]
    assert ranked == [3, 2, 1]


def test_a_rare_unit_weighs_more_than_a_common_one():
    common, rare = _unit("pihak"), _unit("narkotika")
    candidates = [
        Candidate(1, 1, "", "pihak pihak narkotika lain"),
        Candidate(2, 1, "", "pihak narkotika narkotika lain"),
    ]
    stats = Statistics(rows=1000, frequencies={common: 900, rare: 10})
    assert [cid for cid, _ in rank(candidates, [common, rare], stats)] == [2, 1]
    flipped = Statistics(rows=1000, frequencies={common: 10, rare: 900})
    assert [cid for cid, _ in rank(candidates, [common, rare], flipped)] == [1, 2]


def test_ties_put_the_newest_first():
    candidates = [Candidate(i, i, "", "wajib sedia") for i in (4, 9, 6)]
    ranked = rank(candidates, [_unit("wajib")], Statistics(1, {}))
    assert [cid for cid, _ in ranked] == [9, 6, 4]


def test_scored_units_include_near_parts_once():
    query = parse("pelatihan NEAR instruktur pelatihan")
    units = scored_units(query)
    assert len(units) == len(set(units)) == 2


def test_statistics_are_computed_once_per_database_state():
    calls: list[str] = []
    unit = _unit("latih")

    def rows() -> int:
        calls.append("rows")
        return 10

    def matching(_unit: Alternatives) -> int:
        calls.append("unit")
        return 3

    for newest in (5, 5, 6):
        stats = statistics(
            ("db", "clauses", newest), [unit], count_rows=rows, count_matching=matching
        )
        assert stats.rows == 10 and stats.frequencies[unit] == 3
    assert calls == ["rows", "unit", "rows", "unit"]  # again only after an ingest


def test_a_capped_search_ranks_the_newest_and_says_so(samples_engine, monkeypatch):
    monkeypatch.setattr(search_module, "CANDIDATES", 5)
    with Session(samples_engine) as session:
        result = search_module.search(session, "pihak", limit=50)
        full = search_module.search(session, "pihak", limit=50)
    assert result.capped and result.total == 5
    assert any("newest 5" in hint for hint in result.hints)
    assert len(result.hits) == 5
    newest = sorted((hit.clause_id for hit in full.hits), reverse=True)[:5]
    assert sorted(hit.clause_id for hit in result.hits) == sorted(newest)


@pytest.mark.parametrize("query", ["tuberkulosis", "zzzz tidak ada"])
def test_an_uncapped_search_is_not_marked(samples_engine, query):
    with Session(samples_engine) as session:
        result = search_module.search(session, query)
    assert not result.capped
    assert not any("newest" in hint for hint in result.hints)


def test_capped_facets_count_the_ranked_documents(samples_engine, monkeypatch):
    monkeypatch.setattr(search_module, "CANDIDATES", 5)
    with Session(samples_engine) as session:
        capped = search_module.search(session, "pihak", facets=True)
    monkeypatch.setattr(search_module, "CANDIDATES", 100_000)
    with Session(samples_engine) as session:
        full = search_module.search(session, "pihak", facets=True)
    assert capped.capped and not full.capped
    assert sum(n for _value, n in capped.facets["type"]) == capped.documents_total
    assert sum(n for _value, n in full.facets["type"]) == full.documents_total
    assert capped.documents_total < full.documents_total
