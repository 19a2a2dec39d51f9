import pytest

from pipeline.fts import to_fts_query
from pipeline.query import parse


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("wajib menyediakan", '"wajib" AND "sedia"'),
        ("berkewajiban", '"wajib"'),
        ('"kerja sama" pelatihan', '("kerja sama" OR "kerjasama") AND "latih"'),
        ("pelatih*", '("pelatih"* OR "latih"*)'),
        (
            "lapas OR rutan",
            '(("lapas" OR "lembaga pemasyarakatan") OR ("rutan" OR "rumah tahan negara"))',
        ),
        ("pelatihan -narkotika", '"latih" NOT "narkotika"'),
        ("a b -c", '("a" AND "b") NOT "c"'),
        ("PT. Maju", '"pt" AND "maju"'),
        ("Pasal 1(a)", '"pasal" AND "1 a"'),
        ("38.101", '"38 101"'),
        ("AND(", '"and"'),
        ("anak-anak", '"anak anak"'),
        ("instruktur NEAR/5 sertifikat", 'NEAR("instruktur" "sertifikat", 5)'),
        ("instruktur NEAR sertifikat", 'NEAR("instruktur" "sertifikat", 10)'),
        ("tempat untuk pelatihan", '"tempat" AND "latih"'),
        ("NOT narkotika pelatihan", '"latih" NOT "narkotika"'),
    ],
)
def test_queries_become_safe_fts_expressions(query, expected):
    assert to_fts_query(query) == expected


@pytest.mark.parametrize("query", ["", '"', "-x", "()", "   ", "***", "OR", "NEAR"])
def test_nothing_searchable_gives_none(query):
    assert to_fts_query(query) is None


def test_huge_query_is_bounded_with_a_hint():
    parsed = parse("kata " * 5000)
    assert len(to_fts_query("kata " * 5000)) < 20000
    assert any("cut" in hint for hint in parsed.hints)


def test_many_words_are_capped():
    parsed = parse(" ".join(f"kata{i}" for i in range(100)))
    assert len(parsed.required) == 24
    assert any("first 24" in hint for hint in parsed.hints)


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ('"tidak ditutup', "not closed"),
        ("OR lapas", "needs a word on each side"),
        ("lapas OR", "needs a word on each side"),
        ("-narkotika", "only excludes"),
        ("lapas OR -rutan", "cannot join"),
    ],
)
def test_malformed_syntax_gets_a_one_line_hint(query, hint):
    assert any(hint in h for h in parse(query).hints)


def test_multi_word_synonyms_expand_both_ways():
    assert to_fts_query("PKS") == '("pks" OR "janji kerjasama" OR "janji kerja sama")'
    assert '"pks"' in to_fts_query("perjanjian kerja sama")
    assert '"larang"' in to_fts_query('"tidak diperkenankan"')


def test_near_over_synonyms_expands_to_alternatives():
    fts = to_fts_query("lapas NEAR/3 pelatihan")
    assert fts == (
        '(NEAR("lapas" "latih", 3) OR NEAR("lembaga pemasyarakatan" "latih", 3))'
    )


def test_stop_words_alone_are_kept():
    assert to_fts_query("yang") == '"yang"'
