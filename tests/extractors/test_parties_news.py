"""News signings: signers named by their posts, in active and passive sentences."""

from __future__ import annotations

from extractors.parties import extract_parties

ACTIVE = """Dua Instansi Teken PKS

TANJUNG - Dinas Sosial Kota Tanjung, Rumah Sakit Jiwa Seroja dan Balai Pemasyarakatan Kelas II Tanjung melakukan penandatanganan PKS layanan konseling, Senin (3/3/2025).

Kadinsos Tanjung, dr. Hj. Laila Sari, M.K.M., menandatangani dokumen bersama Direktur RSJ Seroja, dr. Andri Wijaya, Sp.KJ, dan Kabapas Tanjung, Drs. Yusuf Hamdi. Penandatanganan disaksikan Sekda Tanjung, Rahmat.
"""

THROUGH = """TANJUNG - Pemerintah Kabupaten Tanjung melalui Bupati Tanjung, H. Umar Said, menandatangani MoU dengan Politeknik Bahari Tanjung sekaligus PKS dengan PT Laut Biru Sejahtera, Jumat (7/3/2025).

MoU ditandatangani pula oleh Direktur Politeknik Bahari Tanjung, Ir. Sinta Dewi, M.T.
"""

PASSIVE = """TANJUNG - Kepolisian Resor Tanjung dan Dinas Pendidikan Kabupaten Tanjung meneken nota kesepahaman, Selasa.

Nota kesepahaman ditandatangani Kapolres Tanjung AKBP Hendra Lubis, S.I.K., dan Kadisdik Tanjung Drs. Amir, M.Pd. Kasat Narkoba Polres Tanjung, AKP Dedi, memaparkan data kasus.
"""


def reps(parties):
    return {p.canonical: p.representative for p in parties}


def test_active_sentence_with_bersama_gives_every_signer(parse):
    parties = extract_parties(parse(ACTIVE, news=True))
    assert reps(parties) == {
        "Dinas Sosial Kota Tanjung": "Laila Sari",
        "Rumah Sakit Jiwa Seroja": "Andri Wijaya",
        "Balai Pemasyarakatan Kelas II Tanjung": "Yusuf Hamdi",
    }


def test_subject_acting_through_its_head_and_a_second_partner(parse):
    parties = extract_parties(parse(THROUGH, news=True))
    assert [p.canonical for p in parties] == [
        "Pemerintah Kabupaten Tanjung",
        "Politeknik Bahari Tanjung",
        "PT Laut Biru Sejahtera",
    ]
    assert parties[0].representative == "Umar Said"
    assert parties[0].representative_title == "Bupati Tanjung"
    assert parties[1].representative == "Sinta Dewi"


def test_passive_without_oleh_and_ranks_inside_the_post(parse):
    parties = extract_parties(parse(PASSIVE, news=True))
    assert reps(parties) == {
        "Kepolisian Resor Tanjung": "Hendra Lubis",
        "Dinas Pendidikan Kabupaten Tanjung": "Amir",
    }
