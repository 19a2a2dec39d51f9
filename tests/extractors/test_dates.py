from __future__ import annotations

import datetime as dt

import pytest
import spacy

from extractors.context import ParsedDocument
from extractors.dates import extract_dates, extract_term_months
from schemas.records import DateRole, DateValue, MediaType, Page


@pytest.fixture(scope="session")
def blank_nlp():
    return spacy.blank("id")


@pytest.fixture(scope="session")
def parsed_of(blank_nlp):
    def make(text, *, news=False, published=None, pages=None):
        return ParsedDocument(
            text=text,
            doc=blank_nlp(text),
            sections=(),
            pages=pages or (Page(number=1, start=0, end=len(text)),),
            media_type=MediaType.HTML if news else MediaType.PDF,
            published=published,
        )

    return make


@pytest.fixture(scope="session")
def dates_of(parsed_of):
    def run(text, **kwargs):
        return extract_dates(parsed_of(text, **kwargs))

    return run


def single(values: tuple[DateValue, ...]) -> DateValue:
    assert len(values) == 1, values
    return values[0]


def of_role(values: tuple[DateValue, ...], role: DateRole) -> list[DateValue]:
    return [value for value in values if value.role is role]


# --- the opening formula -------------------------------------------------------


def test_opening_formula_in_words_with_numeric_restatement(dates_of):
    text = (
        "Pada hari ini Kamis tanggal dua puluh satu bulan Maret tahun dua ribu "
        "dua puluh empat (21-03-2024), kami yang bertanda tangan di bawah ini:"
    )
    value = single(dates_of(text))
    assert value.iso == "2024-03-21"
    assert value.role is DateRole.SIGNING
    assert value.flags == ()
    assert value.evidence.rule == "opening_formula"
    assert value.evidence.text == text[: text.index(", kami")]
    assert value.evidence.start == 0
    assert value.evidence.end == text.index(", kami")


def test_opening_formula_with_blanks_keeps_only_what_is_printed(dates_of):
    text = (
        "Pada hari ini ..... tanggal ..... bulan Maret tahun dua ribu dua puluh, "
        "bertempat di Kantor Bupati Kampar,"
    )
    value = single(dates_of(text))
    assert (value.year, value.month, value.day) == (2020, 3, None)
    assert value.iso == "2020-03"
    assert value.date is None
    assert value.role is DateRole.SIGNING
    assert value.evidence.text == (
        "Pada hari ini ..... tanggal ..... bulan Maret tahun dua ribu dua puluh"
    )


def test_spelled_formula_without_pada_hari_is_signing(dates_of):
    text = "NOTA KESEPAHAMAN\nTanggal Sebelas Bulan Mei Tahun Dua Ribu Sembilan Belas\n"
    value = single(dates_of(text))
    assert value.iso == "2019-05-11"
    assert value.role is DateRole.SIGNING
    assert value.evidence.rule == "spelled_date"
    assert (
        value.evidence.text == "Tanggal Sebelas Bulan Mei Tahun Dua Ribu Sembilan Belas"
    )


def test_formula_with_figures_and_words_in_parentheses(dates_of):
    text = (
        "Pada hari ini Senin tanggal 05 (lima) bulan Juni tahun 2023 "
        "( 05 - 06 -23) bertempat di Bengkalis"
    )
    value = single(dates_of(text))
    assert value.iso == "2023-06-05"
    assert value.flags == ()
    assert value.evidence.text.endswith("( 05 - 06 -23)")


def test_formula_upper_case_joined_words_across_lines(dates_of):
    text = (
        "PADA HARI INI SELASA TANGGAL DUAPULUH\n"
        "BULAN MEI TAHUN DUARIBU DUAPULUH LIMA\n"
        "BERTEMPAT DI PEKANBARU"
    )
    value = single(dates_of(text))
    assert value.iso == "2025-05-20"
    assert value.flags == ()
    assert value.evidence.text == text[: text.index("\nBERTEMPAT")]


def test_blank_words_take_the_numeric_parenthesis(dates_of):
    text = (
        "Pada hari ini ....... tanggal ....... bulan ....... tahun ....... (05/06/2023)"
    )
    value = single(dates_of(text))
    assert value.iso == "2023-06-05"
    assert value.role is DateRole.SIGNING
    assert value.flags == ()


def test_en_dash_restatement_that_agrees(dates_of):
    text = (
        "Pada hari ini, Kamis, tanggal dua puluh satu, bulan Maret, tahun dua ribu "
        "dua puluh empat\n(21 – 3 - 2024), yang bertanda tangan di bawah ini"
    )
    value = single(dates_of(text))
    assert value.iso == "2024-03-21"
    assert value.flags == ()
    assert value.evidence.text.endswith("(21 – 3 - 2024)")


def test_weekday_that_contradicts_the_date_is_flagged_and_date_kept(dates_of):
    text = (
        "Pada hari ini Senin tanggal dua puluh satu bulan Maret tahun dua ribu dua "
        "puluh empat, kami yang bertanda tangan"
    )
    value = single(dates_of(text))
    assert value.iso == "2024-03-21"  # a Thursday; the printed date wins
    assert value.flags == ("weekday_mismatch",)


def test_words_prevail_over_disagreeing_figures(dates_of):
    text = (
        "Pada hari ini Kamis tanggal dua puluh satu bulan Maret tahun dua ribu dua "
        "puluh empat (22-03-2024), kami"
    )
    value = single(dates_of(text))
    assert value.iso == "2024-03-21"
    assert value.flags == ("words_digits_mismatch",)


def test_formula_with_month_in_figures(dates_of):
    text = "Pada hari Kamis tanggal 21 bulan 03 tahun 2024 bertempat di Kampar"
    value = single(dates_of(text))
    assert value.iso == "2024-03-21"
    assert value.evidence.text == "Pada hari Kamis tanggal 21 bulan 03 tahun 2024"


# --- plain forms and roles in agreements -----------------------------------------


def test_header_table_date_is_signing(dates_of):
    text = "Nomor : 045/PKS/POLBENG/VII/2025\nTanggal : 14 Agustus 2022\nTENTANG"
    value = single(dates_of(text))
    assert value.iso == "2022-08-14"
    assert value.role is DateRole.SIGNING
    assert value.evidence.text == "14 Agustus 2022"
    assert value.evidence.rule == "plain_date/header"
    assert value.evidence.start == text.index("14 Agustus")


@pytest.mark.parametrize(
    ("sentence", "printed", "iso"),
    [
        (
            "Laporan diserahkan paling lambat 23 Nopember 2017.",
            "23 Nopember 2017",
            "2017-11-23",
        ),
        ("Rapat koordinasi digelar 1 Agt 2022 di aula.", "1 Agt 2022", "2022-08-01"),
        (
            "Pelatihan tahap dua dimulai 7 Sept 2023 di Bengkalis.",
            "7 Sept 2023",
            "2023-09-07",
        ),
        (
            "Serah terima alat pada 2 Pebruari 2021 di gudang.",
            "2 Pebruari 2021",
            "2021-02-02",
        ),
        ("Laporan akhir diterima 14-08-2022 oleh panitia.", "14-08-2022", "2022-08-14"),
        ("Laporan akhir diterima 14/08/2022 oleh panitia.", "14/08/2022", "2022-08-14"),
        ("Berkas diproses (01-09-10) oleh bagian umum.", "01-09-10", "2010-09-01"),
        ("Data diekspor 2022-08-14 dari aplikasi.", "2022-08-14", "2022-08-14"),
        (
            "Rapat digelar 5 (lima) Juni 2023 di aula.",
            "5 (lima) Juni 2023",
            "2023-06-05",
        ),
        (
            "The meeting was held on March 21, 2024 in Riau.",
            "March 21, 2024",
            "2024-03-21",
        ),
        ("Pelatihan dilaksanakan 12.05.2023 di kampus.", "12.05.2023", "2023-05-12"),
    ],
)
def test_plain_forms_without_a_cue_are_events(dates_of, sentence, printed, iso):
    value = single(dates_of(sentence))
    assert value.iso == iso
    assert value.role is DateRole.EVENT
    assert value.evidence.text == printed


def test_signature_line_date_is_signing(dates_of):
    text = "Demikian Perjanjian ini dibuat.\n\nBangkinang, 21 Maret 2024\nPIHAK PERTAMA"
    value = single(dates_of(text))
    assert value.role is DateRole.SIGNING
    assert value.evidence.rule == "plain_date/place"
    assert value.evidence.text == "21 Maret 2024"


def test_ditandatangani_pada_tanggal_is_signing(dates_of):
    text = "Perjanjian ini ditandatangani di Pekanbaru pada tanggal 5 Mei 2023 oleh"
    value = single(dates_of(text))
    assert value.iso == "2023-05-05"
    assert value.role is DateRole.SIGNING
    assert value.evidence.rule == "plain_date/signing"


@pytest.mark.parametrize(
    ("sentence", "printed"),
    [
        (
            "berdasarkan Keputusan Rektor Nomor 12 Tahun 2020 tanggal 3 Maret 2020 "
            "tentang Pengangkatan Direktur",
            "3 Maret 2020",
        ),
        (
            "sebagaimana tercantum dalam Akta Notaris Nomor 5 tanggal 10 Januari 2010",
            "10 Januari 2010",
        ),
        (
            "Adendum ini mengubah Perjanjian Kerja Sama Nomor 12/PKS/2022 tanggal "
            "5 Januari 2022 antara PARA PIHAK",
            "5 Januari 2022",
        ),
        (
            "perubahan atas Perjanjian Kerja Sama yang ditandatangani pada tanggal "
            "5 Januari 2022 di Bangkinang",
            "5 Januari 2022",
        ),
    ],
)
def test_dates_of_other_documents_are_references(dates_of, sentence, printed):
    value = single(dates_of(sentence))
    assert value.role is DateRole.REFERENCE
    assert value.evidence.text == printed
    assert value.evidence.rule == "plain_date/reference"


def test_this_agreement_signed_is_not_a_reference(dates_of):
    text = "Perjanjian Kerja Sama ini ditandatangani pada tanggal 2 Februari 2024."
    assert single(dates_of(text)).role is DateRole.SIGNING


def test_explicit_effective_and_expiry(dates_of):
    text = (
        "Perjanjian ini berlaku sejak tanggal 1 April 2024 sampai dengan tanggal "
        "31 Maret 2025."
    )
    effective, expiry = dates_of(text)
    assert (effective.iso, effective.role) == ("2024-04-01", DateRole.EFFECTIVE)
    assert effective.evidence.text == "1 April 2024"
    assert (expiry.iso, expiry.role) == ("2025-03-31", DateRole.EXPIRY)
    assert expiry.evidence.text == "31 Maret 2025"


def test_numeric_term_with_sd(dates_of):
    text = "Kegiatan berlaku terhitung mulai tanggal 01-07-2024 s.d. 30-06-2025."
    effective, expiry = dates_of(text)
    assert (effective.iso, effective.role) == ("2024-07-01", DateRole.EFFECTIVE)
    assert (expiry.iso, expiry.role) == ("2025-06-30", DateRole.EXPIRY)
    assert expiry.evidence.text == "30-06-2025"


def test_month_year_end_is_partial_expiry(dates_of):
    value = single(dates_of("Program ini berakhir pada Desember 2025."))
    assert (value.year, value.month, value.day) == (2025, 12, None)
    assert value.role is DateRole.EXPIRY
    assert value.evidence.text == "Desember 2025"
    assert value.evidence.rule == "month_year/expiry"


def test_impossible_day_is_kept_and_flagged(dates_of):
    value = single(dates_of("Rapat digelar 30 Februari 2023 di aula."))
    assert (value.year, value.month, value.day) == (2023, 2, 30)
    assert value.date is None
    assert value.flags == ("invalid_date",)


def test_weekday_before_a_plain_date_is_checked(dates_of):
    value = single(dates_of("Pada hari ini, Senin, 21 Maret 2024, bertempat di Siak"))
    assert value.role is DateRole.SIGNING
    assert value.flags == ("weekday_mismatch",)


def test_evidence_page_follows_the_page_map(dates_of):
    first = "Pasal 1\nRuang lingkup kerja sama.\n"
    text = first + "Bangkinang, 21 Maret 2024\n"
    pages = (
        Page(number=1, start=0, end=len(first)),
        Page(number=2, start=len(first), end=len(text)),
    )
    value = single(dates_of(text, pages=pages))
    assert value.evidence.page == 2


@pytest.mark.parametrize(
    "text",
    [
        "sebagaimana dimaksud pada ayat (2) dan Pasal 5 (1) huruf a",
        "Undang-Undang Nomor 22 Tahun 2022 tentang Pemasyarakatan",
        "Nomor: 12/PKS/2024 dan Nomor: B/812/UN19.5/KS.00/2023",
        "hubungi 0812-7654-3210 atau (0762) 21-345",
        "biaya sebesar Rp 12.500.000,00 (dua belas juta lima ratus ribu rupiah)",
        "sesuai butir 1.2.10 dan 3.4.5 lampiran",
        "Desa Sukamaju, Kecamatan Tambang, selama 2 (dua) tahun anggaran",
        "rapat minggu depan pada tanggal yang disepakati",
        "Laporan bulan 14/13/2022 ditolak",
    ],
)
def test_not_dates(dates_of, text):
    assert dates_of(text) == ()


# --- term ----------------------------------------------------------------------------

OPENING_2024 = (
    "Pada hari ini Kamis tanggal dua puluh satu bulan Maret tahun dua ribu dua puluh "
    "empat, kami yang bertanda tangan di bawah ini.\n\nPasal 9\nJANGKA WAKTU\n"
)
TERM_CLAUSE = (
    "jangka waktu 3 (tiga) tahun terhitung sejak tanggal ditandatangani oleh PARA PIHAK"
)


def test_term_from_signing_computes_effective_and_expiry(dates_of):
    text = (
        OPENING_2024
        + f"Perjanjian ini berlaku untuk {TERM_CLAUSE} dan dapat diperpanjang."
    )
    values = dates_of(text)
    signing = single(tuple(of_role(values, DateRole.SIGNING)))
    effective = single(tuple(of_role(values, DateRole.EFFECTIVE)))
    expiry = single(tuple(of_role(values, DateRole.EXPIRY)))
    assert signing.iso == effective.iso == "2024-03-21"
    assert expiry.iso == "2027-03-20"
    assert expiry.evidence.rule == effective.evidence.rule == "term_computed"
    assert (
        expiry.evidence.text
        == "jangka waktu 3 (tiga) tahun terhitung sejak tanggal ditandatangani"
    )


def test_term_in_months_from_signing(dates_of):
    text = (
        "Pada hari ini Senin tanggal lima belas bulan Januari tahun dua ribu dua puluh "
        "empat.\nNota Kesepahaman ini berlaku selama 24 (dua puluh empat) bulan sejak "
        "ditandatangani."
    )
    expiry = single(tuple(of_role(dates_of(text), DateRole.EXPIRY)))
    assert expiry.iso == "2026-01-14"


def test_printed_expiry_is_not_overridden_by_the_term(dates_of):
    text = (
        OPENING_2024
        + f"Perjanjian ini berlaku untuk {TERM_CLAUSE}, yaitu sampai dengan tanggal "
        "31 Desember 2026."
    )
    expiry = single(tuple(of_role(dates_of(text), DateRole.EXPIRY)))
    assert expiry.iso == "2026-12-31"
    assert expiry.evidence.text == "31 Desember 2026"


def test_term_from_an_explicit_start_date(dates_of):
    text = (
        "Kesepakatan ini berlaku selama 2 (dua) tahun terhitung mulai tanggal "
        "1 Juli 2024."
    )
    expiry = single(tuple(of_role(dates_of(text), DateRole.EXPIRY)))
    assert expiry.iso == "2026-06-30"
    assert expiry.evidence.rule == "term_computed"


def test_extract_term_months(parsed_of):
    text = (
        OPENING_2024
        + f"Perjanjian ini berlaku untuk {TERM_CLAUSE} dan dapat diperpanjang."
    )
    term = extract_term_months(parsed_of(text))
    assert term.months == 36
    assert term.days is None
    assert term.from_signing is True
    assert term.renewable is True
    assert term.evidence is not None
    assert term.evidence.text == TERM_CLAUSE.removesuffix(" oleh PARA PIHAK")


def test_term_in_words_only(parsed_of):
    text = "Nota Kesepahaman ini berlaku selama lima tahun dan dapat diperbarui."
    term = extract_term_months(parsed_of(text))
    assert (term.months, term.from_signing, term.renewable) == (60, False, True)


def test_term_in_days(parsed_of):
    text = (
        "Jangka waktu pelaksanaan pekerjaan selama 90 (sembilan puluh) hari kalender."
    )
    term = extract_term_months(parsed_of(text))
    assert (term.months, term.days) == (None, 90)


def test_law_year_is_not_a_term(parsed_of):
    text = "sesuai peraturan yang berlaku Nomor 5 Tahun 2020 tentang Kerja Sama Daerah"
    term = extract_term_months(parsed_of(text))
    assert term.months is None
    assert term.evidence is None
    assert term.renewable is False


# --- news ------------------------------------------------------------------------------


def test_news_signing_date_and_publication(dates_of):
    text = (
        "Pemkab Kampar dan Universitas Riau menandatangani nota kesepahaman di aula "
        "kantor bupati, Selasa (1/7/2025)."
    )
    publication, signing = dates_of(text, news=True, published=dt.date(2025, 7, 2))
    assert (publication.iso, publication.role) == ("2025-07-02", DateRole.PUBLICATION)
    assert (publication.evidence.start, publication.evidence.end) == (0, 0)
    assert publication.evidence.rule == "published_meta"
    assert (signing.iso, signing.role) == ("2025-07-01", DateRole.SIGNING)
    assert signing.evidence.text == "Selasa (1/7/2025)"
    assert signing.flags == ()


def test_news_two_digit_year(dates_of):
    text = "Penandatanganan MoU berlangsung di Rektorat, Kamis (3/2/22)."
    values = dates_of(text, news=True)
    signing = single(tuple(of_role(values, DateRole.SIGNING)))
    assert signing.iso == "2022-02-03"
    assert signing.evidence.text == "Kamis (3/2/22)"


def test_news_date_without_year_takes_the_publication_year(dates_of):
    text = "Penandatanganan MoU berlangsung Rabu (11/6) di Bengkalis."
    signing = single(
        tuple(
            of_role(
                dates_of(text, news=True, published=dt.date(2025, 6, 20)),
                DateRole.SIGNING,
            )
        )
    )
    assert signing.iso == "2025-06-11"
    assert signing.flags == ("year_inferred",)


def test_news_date_after_publication_belongs_to_previous_year(dates_of):
    text = "Kesepakatan bersama itu diteken Selasa (31/12) di Pekanbaru."
    values = dates_of(text, news=True, published=dt.date(2025, 1, 5))
    assert single(tuple(of_role(values, DateRole.SIGNING))).iso == "2024-12-31"


def test_news_upcoming_date_stays_in_the_publication_year(dates_of):
    text = (
        "Penandatanganan MoU berlangsung Rabu (12/6). Pelatihan dimulai Senin (17/6)."
    )
    values = dates_of(text, news=True, published=dt.date(2024, 6, 13))
    assert [v.iso for v in values if v.role is not DateRole.PUBLICATION] == [
        "2024-06-12",
        "2024-06-17",
    ]


def test_news_year_unknown_without_publication(dates_of):
    value = single(dates_of("Penandatanganan MoU berlangsung Rabu (11/6).", news=True))
    assert (value.year, value.month, value.day) == (None, 6, 11)
    assert value.flags == ("year_unknown",)


def test_news_weekday_only_is_resolved_against_publication(dates_of):
    text = "Bupati menandatangani perjanjian kerja sama di aula kantor bupati, Selasa."
    values = dates_of(text, news=True, published=dt.date(2025, 7, 3))
    signing = single(tuple(of_role(values, DateRole.SIGNING)))
    assert signing.iso == "2025-07-01"
    assert signing.evidence.text == "Selasa"
    assert signing.flags == ("relative_resolved",)


def test_news_weekday_lalu_and_kemarin(dates_of):
    text = "Kesepakatan bersama itu diteken Senin lalu. Kemarin, tim meninjau lokasi."
    values = dates_of(text, news=True, published=dt.date(2025, 3, 10))
    signing = single(tuple(of_role(values, DateRole.SIGNING)))
    event = single(tuple(of_role(values, DateRole.EVENT)))
    assert (signing.iso, signing.evidence.text) == ("2025-03-03", "Senin lalu")
    assert (event.iso, event.evidence.text) == ("2025-03-09", "Kemarin")


def test_news_dateline_is_the_publication_evidence(dates_of):
    text = (
        "Pekanbaru, 4/3/2025 - Pemprov Riau meneken MoU dengan Bank Riau Kepri, Selasa."
    )
    values = dates_of(text, news=True, published=dt.date(2025, 3, 4))
    publication = single(tuple(of_role(values, DateRole.PUBLICATION)))
    assert publication.evidence.text == "Pekanbaru, 4/3/2025"
    assert publication.evidence.rule == "dateline"
    assert single(tuple(of_role(values, DateRole.SIGNING))).iso == "2025-03-04"


def test_news_dateline_that_reports_the_signing_is_also_signing(dates_of):
    text = "JAKARTA, Senin (7/4/2025) - Kemenimipas meneken nota kesepahaman."
    values = dates_of(text, news=True, published=dt.date(2025, 4, 7))
    assert [(value.role, value.evidence.text) for value in values] == [
        (DateRole.PUBLICATION, "JAKARTA, Senin (7/4/2025)"),
        (DateRole.SIGNING, "JAKARTA, Senin (7/4/2025)"),
    ]


def test_news_other_dates_are_events_or_references(dates_of):
    text = (
        "Kerja sama itu merujuk Peraturan Bupati Nomor 30 Tahun 2019 tanggal "
        "2 Mei 2019. Pelatihan perdana digelar Senin (7/4/2025) di BLK. "
        "Penandatanganan MoU berlangsung Kamis (3/4/2025) di Pendopo."
    )
    values = dates_of(text, news=True, published=dt.date(2025, 4, 8))
    by_text = {value.evidence.text: value.role for value in values}
    assert by_text == {
        "": DateRole.PUBLICATION,
        "2 Mei 2019": DateRole.REFERENCE,
        "Senin (7/4/2025)": DateRole.EVENT,
        "Kamis (3/4/2025)": DateRole.SIGNING,
    }


def test_minggu_as_week_is_not_a_date(dates_of):
    text = "Penandatanganan MoU dijadwalkan, minggu depan tim akan berangkat."
    values = dates_of(text, news=True, published=dt.date(2025, 3, 10))
    assert [value.role for value in values] == [DateRole.PUBLICATION]


def test_weekday_in_an_agreement_is_not_resolved(dates_of):
    assert dates_of("Piket dilaksanakan pada hari Senin, Selasa.") == ()


# --- speed -------------------------------------------------------------------------------


# --- addenda and parent agreements ---------------------------------------------

ADDENDUM = """ADENDUM PERTAMA
Pada hari ini Selasa tanggal empat bulan Maret tahun dua ribu dua puluh lima.
a. bahwa jangka waktu Perjanjian Induk akan berakhir pada tanggal 30 April 2025;
Pasal 1
Ketentuan Pasal 3 Perjanjian Induk diubah sehingga berbunyi sebagai berikut:
SEMULA:
Perjanjian ini berlaku selama 1 (satu) tahun terhitung sejak tanggal 1 Mei 2024
sampai dengan tanggal 30 April 2025.
DIUBAH MENJADI:
Perjanjian ini berlaku selama 3 (tiga) tahun terhitung sejak tanggal 1 Mei 2024
sampai dengan tanggal 30 April 2027.
"""


def test_old_wording_quoted_by_an_addendum_is_reference(dates_of):
    values = dates_of(ADDENDUM)
    assert [v.iso for v in of_role(values, DateRole.EXPIRY)] == ["2027-04-30"]
    assert [v.iso for v in of_role(values, DateRole.EFFECTIVE)] == ["2024-05-01"]
    superseded = [v for v in values if v.evidence.rule.endswith("/superseded")]
    # 30 April 2025 is quoted again, but the recital already gives it
    assert [v.iso for v in superseded] == ["2024-05-01"]
    references = [v.iso for v in of_role(values, DateRole.REFERENCE)]
    assert sorted(references) == ["2024-05-01", "2025-04-30"]


def test_parent_agreement_named_in_a_recital_is_reference(dates_of):
    recital = next(
        v for v in dates_of(ADDENDUM) if v.evidence.rule.endswith("/recital")
    )
    assert (recital.iso, recital.role) == ("2025-04-30", DateRole.REFERENCE)


def test_term_of_an_addendum_is_the_new_wording(parsed_of):
    assert extract_term_months(parsed_of(ADDENDUM)).months == 36


def test_header_date_of_a_cited_parent_is_reference(dates_of):
    text = (
        "PERJANJIAN KERJA SAMA\nNomor : 5/PKS/2025\nTindak Lanjut Nota\n"
        "Kesepahaman Nomor\n: 9/NK/2024\nTanggal : 2 Mei 2024\n"
    )
    value = single(dates_of(text))
    assert (value.iso, value.role) == ("2024-05-02", DateRole.REFERENCE)


def test_header_date_under_the_own_number_is_signing(dates_of):
    value = single(
        dates_of("NOTA KESEPAHAMAN\nNomor : 5/NK/2025\nTanggal : 2 Mei 2025\n")
    )
    assert (value.iso, value.role) == ("2025-05-02", DateRole.SIGNING)


def test_day_and_year_in_words_without_the_formula(dates_of):
    value = single(dates_of("Siak, dua puluh satu Maret dua ribu dua puluh empat"))
    assert (value.iso, value.role) == ("2024-03-21", DateRole.SIGNING)
    value = single(dates_of("pada tanggal Sebelas Mei 2019 di aula"))
    assert value.iso == "2019-05-11"


def test_number_words_near_a_month_that_are_no_date(dates_of):
    assert dates_of("dilaksanakan sebanyak dua Maret dua kali") == ()


def test_hari_ini_in_news_is_the_publication_day(dates_of):
    values = dates_of(
        "Lapas Tanjung dan BLK Tanjung menandatangani MoU hari ini di aula.",
        news=True,
        published=dt.date(2025, 3, 4),
    )
    assert [v.iso for v in of_role(values, DateRole.SIGNING)] == ["2025-03-04"]


def test_hari_ini_with_its_own_date_is_read_from_the_date(dates_of):
    values = dates_of(
        "MoU diteken hari ini, Senin (3/3/2025).",
        news=True,
        published=dt.date(2025, 3, 4),
    )
    assert [v.iso for v in of_role(values, DateRole.SIGNING)] == ["2025-03-03"]


# --- restatements, recitals, promulgation ---------------------------------------


def test_words_date_with_figures_restatement_is_one_date(dates_of):
    text = "Sekolah dibuka pada satu September dua ribu sepuluh (01-09-10) di kota ini."
    value = single(dates_of(text))
    assert (value.iso, value.flags) == ("2010-09-01", ())


def test_figures_restatement_that_disagrees_is_flagged(dates_of):
    value = single(dates_of("Dibuka pada satu September dua ribu sepuluh (02-09-10)."))
    assert value.iso == "2010-09-01"
    assert "words_digits_mismatch" in value.flags


def test_dates_in_a_recital_are_references(dates_of):
    text = (
        "PARA PIHAK terlebih dahulu menerangkan:\n"
        "a. bahwa PIHAK KEDUA telah berdiri sejak tanggal 1 September 2010 dan\n"
        "menyelenggarakan pendidikan vokasi;\n"
        "Pasal 1\n"
        "Perjanjian ini berlaku sejak tanggal 1 Januari 2024.\n"
    )
    founded, effective = dates_of(text)
    assert (founded.iso, founded.role) == ("2010-09-01", DateRole.REFERENCE)
    assert (effective.iso, effective.role) == ("2024-01-01", DateRole.EFFECTIVE)


def test_bahwa_inside_an_article_is_no_recital(dates_of):
    text = "Pasal 2\nPARA PIHAK sepakat bahwa kegiatan berlaku sejak 1 Januari 2024."
    assert single(dates_of(text)).role is DateRole.EFFECTIVE


def test_promulgation_date_is_publication(dates_of):
    text = "Diundangkan di Pekanbaru\npada tanggal 15 Desember 2023\nSEKRETARIS DAERAH"
    assert single(dates_of(text)).role is DateRole.PUBLICATION


def test_header_row_restating_the_signing_date_is_dropped(dates_of):
    text = (
        "Nomor : 660/DLH/PKS/VIII/2024\nTanggal : 27 Agt 2024\n\n"
        "Pada hari ini Selasa tanggal dua puluh tujuh bulan Agustus tahun dua ribu "
        "dua puluh empat, bertempat di Dumai"
    )
    value = single(dates_of(text))
    assert (value.iso, value.evidence.rule) == ("2024-08-27", "opening_formula")


def test_signature_line_restating_the_signing_date_is_kept(dates_of):
    text = (
        "Pada hari ini Kamis tanggal dua puluh tiga bulan Nopember tahun dua ribu "
        "tujuh belas, kami yang bertanda tangan di bawah ini.\n\n"
        "Bukittinggi, 23 Nopember 2017\n"
    )
    values = dates_of(text)
    assert [v.iso for v in of_role(values, DateRole.SIGNING)] == ["2017-11-23"] * 2


def test_translated_column_restating_the_signing_date_is_dropped(dates_of):
    text = (
        "Pada hari ini Kamis, tanggal dua puluh sembilan bulan\nFebruari tahun dua "
        "ribu dua puluh empat (29/02/2024),\nbertempat di Bengkalis, yang bertanda "
        "tangan di\nbawah ini:\nOn this day, Thursday, the twenty-ninth of February\n"
        "two thousand and twenty-four (29/02/2024), in\nBengkalis, the undersigned:"
    )
    value = single(dates_of(text))
    assert (value.iso, value.role) == ("2024-02-29", DateRole.SIGNING)


def test_spelled_year_cut_by_an_interleaved_number_row(dates_of):
    text = (
        "Nomor : 078/LPPM/PKS/VI/2024Pada hari ini Rabu tanggal dua belas bulan Juni "
        "tahun dua ribu dua puluh\nNomor : ....\nempat, bertempat di Kantor Desa"
    )
    value = single(dates_of(text))
    assert (value.iso, value.flags) == ("2024-06-12", ())


# --- effective from signing, term arithmetic --------------------------------------

FORMULA_2023 = (
    "Pada hari ini Kamis tanggal tiga puluh bulan November tahun dua ribu dua "
    "puluh tiga, bertempat di Pekanbaru.\n"
)


def test_in_force_from_signing_without_a_term_gives_effective(dates_of):
    text = FORMULA_2023 + (
        "Pasal 6\nPerjanjian ini berlaku sejak ditandatangani sampai dengan "
        "tanggal 31 Desember 2024.\n"
    )
    values = dates_of(text)
    effective = single(tuple(of_role(values, DateRole.EFFECTIVE)))
    assert (effective.iso, effective.evidence.rule) == (
        "2023-11-30",
        "effective_from_signing",
    )
    assert [v.iso for v in of_role(values, DateRole.EXPIRY)] == ["2024-12-31"]


def test_in_force_on_the_signing_date_with_a_term(dates_of):
    text = FORMULA_2023 + (
        "Nota Kesepahaman ini mulai berlaku pada tanggal penandatanganan dan tetap "
        "berlaku\nuntuk jangka waktu 5 (lima) tahun, kecuali diakhiri lebih awal.\n"
    )
    values = dates_of(text)
    assert [v.iso for v in of_role(values, DateRole.EFFECTIVE)] == ["2023-11-30"]
    assert [v.iso for v in of_role(values, DateRole.EXPIRY)] == ["2028-11-29"]


def test_signing_mentioned_without_being_in_force_gives_no_effective(dates_of):
    text = FORMULA_2023 + "Laporan dikirim paling lambat 7 hari sejak ditandatangani."
    assert not of_role(dates_of(text), DateRole.EFFECTIVE)


def test_term_from_a_leap_day_ends_on_the_last_day_of_february(dates_of):
    text = (
        "Pada hari ini Kamis tanggal dua puluh sembilan bulan Februari tahun dua "
        "ribu dua puluh empat.\nPerjanjian ini berlaku selama 3 (tiga) tahun sejak "
        "tanggal ditandatangani."
    )
    expiry = single(tuple(of_role(dates_of(text), DateRole.EXPIRY)))
    assert expiry.iso == "2027-02-28"


# --- news: datelines and months without a year -------------------------------------


def test_news_paragraph_opening_with_a_relative_day_is_no_dateline(dates_of):
    text = (
        "Bapas Bukittinggi dan PT Agam Kopi Lestari menandatangani perjanjian "
        "kerja sama di aula kantor, Rabu (12/6).\n\n"
        "Sebelumnya, Senin lalu, Bapas juga menggelar asesmen minat."
    )
    values = dates_of(text, news=True, published=dt.date(2024, 6, 13))
    monday = next(v for v in values if v.evidence.text.startswith("Senin"))
    assert (monday.iso, monday.role) == ("2024-06-10", DateRole.EVENT)


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("pada 17 Agustus mendatang", dt.date(2024, 8, 10), "2024-08-17"),
        ("pada Februari tahun depan", dt.date(2025, 10, 23), "2026-02"),
        ("pada Desember lalu", dt.date(2022, 2, 4), "2021-12"),
        ("mulai pertengahan Juli", dt.date(2025, 7, 1), "2025-07"),
        ("mulai Juli mendatang", dt.date(2025, 3, 4), "2025-07"),
        ("sejak Januari", dt.date(2024, 11, 20), "2025-01"),
    ],
)
def test_news_month_without_year_is_placed_by_publication(
    dates_of, phrase, published, expected
):
    text = f"Kegiatan serupa dijadwalkan {phrase} di Dumai."
    values = dates_of(text, news=True, published=published)
    value = single(tuple(of_role(values, DateRole.EVENT)))
    assert (value.iso, value.role) == (expected, DateRole.EVENT)
    assert "year_inferred" in value.flags


@pytest.mark.parametrize(
    "text",
    [
        "Ia menyebut Juli sebagai bulan sibuk.",  # no time word around
        "Kantor itu berada di Jalan 17 Agustus, Pekanbaru.",  # a street
        "Rapat itu dihadiri Mei dan rekannya.",  # lower-case context, a name
    ],
)
def test_news_month_words_that_are_no_date(dates_of, text):
    values = dates_of(text, news=True, published=dt.date(2025, 3, 4))
    assert [v for v in values if v.evidence.rule != "published_meta"] == []
