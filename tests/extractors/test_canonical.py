"""Canonical parties across an archive: one body, however it is written."""

from __future__ import annotations

from extractors.canonical import Mention, group_parties, party_key, preferred_name
from extractors.orgs import canonical_name


def mention(name: str, *aliases: str) -> Mention:
    return Mention(name=name, canonical=canonical_name(name), aliases=aliases)


def grouped(*mentions: Mention) -> list[list[str]]:
    found = list(mentions)
    return [[found[i].name for i in group] for group in group_parties(found)]


def test_key_drops_filler_words_and_expands_short_forms():
    assert party_key("Pemerintah Daerah Kabupaten Indragiri") == (
        "pemerintah kabupaten indragiri"
    )
    assert party_key("Pemkab Indragiri") == "pemerintah kabupaten indragiri"
    assert party_key("Kementerian Sosial Republik Indonesia") == "kementerian sosial"


def test_regional_short_forms_and_case_variants_are_one_party():
    groups = grouped(
        mention("Pemkab Indragiri"),
        mention("PEMERINTAH KABUPATEN INDRAGIRI"),
        mention("Pemerintah Daerah Kabupaten Indragiri"),
    )
    assert len(groups) == 1


def test_kota_and_kabupaten_of_one_name_stay_apart():
    groups = grouped(
        mention("Pemerintah Kota Sungai Limau"),
        mention("Pemerintah Kabupaten Sungai Limau"),
    )
    assert len(groups) == 2


def test_prison_class_may_be_left_out():
    groups = grouped(
        mention("Lapas Kelas IIB Teluk Raya"),
        mention("Lembaga Pemasyarakatan Teluk Raya"),
    )
    assert len(groups) == 1


def test_acronym_defined_by_its_party_links_a_bare_acronym_elsewhere():
    groups = grouped(
        mention("Universitas Harapan Bangsa", "UHB"),
        mention("UHB"),
        mention("Unit Hidrologi Barat"),
    )
    assert groups == [["Universitas Harapan Bangsa", "UHB"], ["Unit Hidrologi Barat"]]


def test_ambiguous_bare_acronym_stays_alone():
    groups = grouped(
        mention("Universitas Harapan Bangsa"),
        mention("Unit Hidrologi Barat"),
        mention("UHB"),
    )
    assert len(groups) == 3


def test_role_short_names_do_not_link_documents():
    groups = grouped(
        mention("Dinas Perikanan Kota Tanjung", "PENGELOLA"),
        mention("PT Arus Samudra", "PENGELOLA"),
    )
    assert len(groups) == 2


def test_near_spelling_links_but_short_names_and_other_numbers_do_not():
    assert (
        len(
            grouped(
                mention("Dinas Pariwisata Kota Tanjung"),
                mention("Dinas Pariwsata Kota Tanjung"),
            )
        )
        == 1
    )
    assert len(grouped(mention("Kodim 0301/Pekan"), mention("Kodim 0302/Pekan"))) == 2
    assert len(grouped(mention("PT Arus"), mention("PT Aras"))) == 2


def test_preferred_name_is_the_most_frequent_canonical():
    found = [mention("Pemkab Indragiri"), mention("PEMERINTAH KABUPATEN INDRAGIRI")]
    assert preferred_name(found) == "Pemerintah Kabupaten Indragiri"
    assert preferred_name([]) == ""
