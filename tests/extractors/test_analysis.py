import pytest

from extractors.analysis import (
    Analyser,
    analyser,
    fold,
    index_text,
    read_stem_exceptions,
    read_synonym_groups,
)


@pytest.mark.parametrize(
    ("printed", "indexed"),
    [
        ("PIHAK KEDUA berkewajiban menyediakan", "pihak kedua wajib sedia"),
        ("kewajiban", "wajib"),
        ("harus", "wajib"),
        ("penandatanganan", "tandatangan"),
        ("ditandatangani", "tandatangan"),
        ("diteken", "tandatangan"),
        ("Café ANDRÉ", "cafe andre"),
        ("38.101", "38 101"),
        ("Nopember", "november"),
        ("Kab. Kampar", "kabupaten kampar"),
        ("Pemkab", "pemkab"),
        ("pelatihan", "latih"),
    ],
)
def test_index_terms(printed, indexed):
    assert index_text(printed) == indexed


def test_query_and_document_share_terms():
    assert index_text("wajib menyediakan") in index_text(
        "PIHAK KEDUA berkewajiban menyediakan"
    )


def test_tokens_keep_printed_offsets():
    text = "PIHAK KEDUA berkewajiban"
    token = analyser().tokens(text)[2]
    assert (token.term, text[token.start : token.end]) == ("wajib", "berkewajiban")


def test_fold_removes_accents_and_case():
    assert fold("ÉCOLE Ünïcode") == "ecole unicode"


def test_acronyms_expand_to_their_long_forms():
    alternatives = analyser().alternatives(("lapas",))
    assert ("lembaga", "pemasyarakatan") in alternatives
    assert ("lapas",) in analyser().alternatives(("lembaga", "pemasyarakatan"))


def test_long_words_are_not_stemmed():
    word = "menyediakan" * 10
    assert analyser().term(word) == word


def test_data_files_parse():
    assert read_stem_exceptions()["berkewajiban"] == "wajib"
    assert any("harus" in group for group in read_synonym_groups())


def test_bad_exception_line_names_the_file(tmp_path):
    bad = tmp_path / "stems.tsv"
    bad.write_text("only-one-column\n", encoding="utf-8")
    with pytest.raises(ValueError, match="stems.tsv:1"):
        read_stem_exceptions(bad)


def test_a_custom_analyser_uses_its_own_groups():
    custom = Analyser(exceptions={}, groups=[["mobil", "kendaraan roda empat"]])
    assert custom.term("mobil") == "mobil"
    assert custom.segment(("kendara", "roda", "empat", "x")) == [
        ("kendara", "roda", "empat"),
        ("x",),
    ]
