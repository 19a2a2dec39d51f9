import pytest

from pipeline.search import to_fts_query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("wajib menyediakan", '"wajib" AND "menyediakan"'),
        ('"kerja sama" pelatihan', '"kerja sama" AND "pelatihan"'),
        ("pelatih*", '"pelatih"*'),
        ("lapas OR rutan", '("lapas" OR "rutan")'),
        ("pelatihan -narkotika", '"pelatihan" NOT "narkotika"'),
        ("PT. Maju", '"PT" AND "Maju"'),
        ("Pasal 1(a)", '"Pasal" AND "1 a"'),
        ("38.101", '"38 101"'),
        ("AND(", '"AND"'),
        ("anak-anak", '"anak anak"'),
    ],
)
def test_queries_become_quoted_fts_terms(query, expected):
    assert to_fts_query(query) == expected


@pytest.mark.parametrize("query", ["", '"', "-x", "()", "   ", "***"])
def test_nothing_searchable_gives_none(query):
    assert to_fts_query(query) is None


def test_huge_query_is_bounded():
    assert len(to_fts_query("kata " * 5000)) < 20000
