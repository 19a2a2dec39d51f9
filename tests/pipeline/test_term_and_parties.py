"""`pks expiring`, `pks parties`, the term status and duty terms in the export."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.queries import term_status, window_end

MONTHS = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November "
    "Desember"
).split()


def spelled(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def agreement(first: str, second: str, ends: dt.date) -> str:
    return f"""PERJANJIAN KERJA SAMA
ANTARA
{first.upper()}
DENGAN
{second.upper()}
Nomor : 7/PKS/{ends.year}

yang bertanda tangan di bawah ini:
1. Rudi Hartono, selaku Kepala {first}, dalam hal ini bertindak untuk dan atas nama
   {first}, selanjutnya disebut PIHAK PERTAMA;
2. Sari Dewi, selaku Direktur {second}, dalam hal ini bertindak untuk dan atas nama
   {second}, selanjutnya disebut PIHAK KEDUA.

Pasal 1
PEMBAYARAN
PIHAK PERTAMA wajib membayar Rp2.000.000,00 (dua juta rupiah) paling lambat 7 (tujuh)
hari setelah tagihan diterima.

Pasal 2
JANGKA WAKTU
Perjanjian ini berlaku sejak tanggal 2 Januari 2020 sampai dengan tanggal {spelled(ends)}.
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    today = dt.date.today()
    folder = tmp_path_factory.mktemp("arsip")
    (folder / "soon.txt").write_text(
        agreement(
            "Dinas Pariwisata Kota Tanjung",
            "PT Arus Samudra",
            today + dt.timedelta(days=30),
        )
    )
    (folder / "later.txt").write_text(
        agreement(
            "Dinas Pariwisata Kota Tanjung",
            "PT Laut Raya",
            today + dt.timedelta(days=400),
        )
    )
    (folder / "past.txt").write_text(
        agreement(
            "DINAS PARIWISATA KOTA TANJUNG",
            "PT Arus Samudra",
            today - dt.timedelta(days=3),
        )
    )
    return folder


@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'pks.db'}"


@pytest.fixture(scope="module")
def loaded(archive, db_url):
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--db", db_url, "ingest", "-s", "--json", str(archive)]
    )
    assert result.exit_code == 0, result.output
    return runner


def test_term_status():
    today = dt.date(2026, 5, 1)
    assert term_status(None, today) == "unknown"
    assert term_status(today, today) == "active"
    assert term_status(dt.date(2026, 4, 30), today) == "expired"


@pytest.mark.parametrize(
    ("spec", "end"),
    [
        ("90d", dt.date(2026, 5, 1)),
        ("2w", dt.date(2026, 2, 14)),
        ("1m", dt.date(2026, 2, 28)),
        ("12m", dt.date(2027, 1, 31)),
        ("1y", dt.date(2027, 1, 31)),
    ],
)
def test_window_end(spec, end):
    assert window_end(spec, dt.date(2026, 1, 31)) == end


def test_window_end_rejects_other_shapes():
    with pytest.raises(ValueError, match="not a window"):
        window_end("soon", dt.date(2026, 1, 31))


def test_expiring_lists_only_agreements_ending_in_the_window(loaded, db_url):
    result = loaded.invoke(
        cli, ["--db", db_url, "expiring", "--within", "90d", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["days_left"] for row in rows] == [30]
    assert rows[0]["numbers"] and rows[0]["term_status"] == "active"
    assert "PT Arus Samudra" in rows[0]["parties"]
    text = loaded.invoke(cli, ["--db", db_url, "expiring", "--within", "2y"]).stdout
    assert text.count("parties:") == 2


def test_expiring_rejects_a_bad_window(loaded, db_url):
    result = loaded.invoke(cli, ["--db", db_url, "expiring", "--within", "soon"])
    assert result.exit_code == 2
    assert "not a window" in result.stderr


def test_parties_are_grouped_across_documents(loaded, db_url):
    result = loaded.invoke(cli, ["--db", db_url, "parties", "--json"])
    assert result.exit_code == 0, result.output
    found = {p["canonical"]: p for p in json.loads(result.stdout)}
    assert len(found["Dinas Pariwisata Kota Tanjung"]["documents"]) == 3
    assert (
        "DINAS PARIWISATA KOTA TANJUNG"
        in found["Dinas Pariwisata Kota Tanjung"]["aliases"]
    )
    assert len(found["PT Arus Samudra"]["documents"]) == 2
    text = loaded.invoke(cli, ["--db", db_url, "parties"]).stdout
    assert text.startswith("Dinas Pariwisata Kota Tanjung  (3 docs")


def test_export_and_show_carry_term_status_and_duty_terms(loaded, db_url):
    lines = loaded.invoke(cli, ["--db", db_url, "export"]).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert sorted(r["term_status"] for r in records) == ["active", "active", "expired"]
    duty = records[0]["obligations"][0]
    assert duty["amount_rupiah"] == 2_000_000
    assert duty["deadline"].startswith("paling lambat 7 (tujuh) hari")
    shown = loaded.invoke(cli, ["--db", db_url, "show", str(records[0]["id"])]).stdout
    assert "term_status" in shown and "deadline: paling lambat" in shown
