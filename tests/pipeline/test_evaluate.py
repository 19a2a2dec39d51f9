from pipeline.evaluate import (
    EMPTY_RECORD,
    fold,
    missed_targets,
    same_party,
    score_corpus,
    score_document,
    token_f1,
)


def record(**fields):
    return {**EMPTY_RECORD, **fields}


GOLD = record(
    doc_type="pks",
    title="PERJANJIAN KERJA SAMA TENTANG PELATIHAN",
    numbers=["12/PKS/2024", "W4.PAS-01/2024"],
    signing_date="2024-03-21",
    dates=[{"date": "2024-03-21", "role": "signing", "text": "x"}],
    parties=[
        {
            "name": "Lapas Kelas IIA Pekanbaru",
            "canonical": "Lembaga Pemasyarakatan Kelas IIA Pekanbaru",
            "aliases": ["LAPAS"],
            "role": "PIHAK PERTAMA",
            "representative": "Budi Santoso",
        },
        {
            "name": "Balai Latihan Kerja Riau",
            "canonical": "Balai Latihan Kerja Riau",
            "aliases": ["BLK"],
            "role": "PIHAK KEDUA",
            "representative": None,
        },
    ],
    obligations=[
        {
            "party_role": "PIHAK KEDUA",
            "kind": "obligation",
            "clause": "Pasal 3 huruf a",
            "text": "menyediakan instruktur pelatihan las",
        }
    ],
)


def test_perfect_prediction_scores_one():
    scores = score_document(GOLD, GOLD)
    assert all(s.f1 == 1.0 for s in scores.values())
    assert missed_targets(scores) == []


def test_errors_lower_the_scores():
    predicted = record(
        doc_type="mou",
        title="NOTA KESEPAHAMAN",
        numbers=["12/PKS/2024", "99/XX/2024"],
        signing_date="2024-03-22",
        parties=[
            {
                "name": "Lembaga Pemasyarakatan Kelas IIA Pekanbaru",
                "canonical": "",
                "aliases": [],
                "role": "PIHAK PERTAMA",
                "representative": "Budi Santoso",
            }
        ],
        obligations=[
            {
                "party_role": "PIHAK PERTAMA",
                "kind": "obligation",
                "clause": None,
                "text": "menyediakan instruktur pelatihan las",
            }
        ],
    )
    scores = score_document(predicted, GOLD)
    assert scores["doc_type"].f1 == 0.0
    assert scores["numbers"].precision == 0.5
    assert scores["parties"].recall == 0.5
    assert scores["parties"].precision == 1.0
    assert scores["obligations"].f1 == 0.0
    assert scores["dates"].recall == 0.0
    assert "doc_type: 0.000 < 0.97" in missed_targets(scores)


def test_corpus_scores_are_micro_averaged_and_name_the_document():
    totals = score_corpus([("a", GOLD, GOLD), ("b", record(doc_type="news"), GOLD)])
    assert totals["doc_type"].tp == 1
    assert totals["doc_type"].fp == 1
    assert any(miss.startswith("b: ") for miss in totals["parties"].misses)


def test_party_matching_is_fuzzy_but_not_loose():
    a = {"name": "BLK Riau", "canonical": "Balai Latihan Kerja Riau", "aliases": []}
    b = {"name": "Balai Latihan Kerja Provinsi Riau", "canonical": "", "aliases": []}
    c = {"name": "Dinas Kesehatan Riau", "canonical": "", "aliases": []}
    assert same_party(a, b)
    assert not same_party(a, c)


def test_helpers():
    assert fold("  Péngadaan, BARANG ") == "pengadaan barang"
    assert token_f1("menyediakan ruang kelas", "menyediakan ruang") == 0.8
    assert token_f1("", "x") == 0.0
