import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from reportlab.lib.pdfencrypt import StandardEncryption

from pipeline.cli import cli
from tests.conftest import AGREEMENT_LINES, text_pdf

SCHEMA = json.loads(Path("schemas/document.schema.json").read_text())
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def in_process(monkeypatch):
    """Documents are read in this process: worker processes are tested in
    test_pool.py and test_nightly.py, and each would build spaCy again."""
    monkeypatch.setenv("PKS_WORKERS", "0")


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def archive(tmp_path, agreement_pdf):
    folder = tmp_path / "arsip"
    (folder / "sub").mkdir(parents=True)
    (folder / "pks.pdf").write_bytes(agreement_pdf)
    (folder / "sub" / "copy of pks.pdf").write_bytes(agreement_pdf)
    (folder / "pks.txt").write_text("\n".join(AGREEMENT_LINES[:10]), encoding="utf-8")
    return folder


@pytest.fixture
def bad_files(tmp_path, agreement_pdf):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(agreement_pdf[:300])
    encrypted = text_pdf([["rahasia"]], encrypt=StandardEncryption("pw", canModify=0))
    (folder / "locked.pdf").write_bytes(encrypted)
    (folder / "image.pdf").write_bytes(PNG)
    (folder / "data.bin").write_bytes(bytes(range(256)) * 4)
    return folder


def ingest(runner, db_url, *args):
    return runner.invoke(
        cli, ["--db", db_url, "ingest", "-s", "--json", *map(str, args)]
    )


def test_ingest_reports_counts_as_json(runner, db_url, archive):
    result = ingest(runner, db_url, archive)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["files"] == 3
    assert summary["loaded"] == 2
    assert summary["duplicate"] == 1
    assert summary["failed"] == 0


def test_second_ingest_adds_nothing_and_export_is_identical(runner, db_url, archive):
    ingest(runner, db_url, archive)
    first = runner.invoke(cli, ["--db", db_url, "export"]).stdout
    again = json.loads(ingest(runner, db_url, archive).stdout)
    assert again["loaded"] == 0
    assert again["unchanged"] == 3
    assert runner.invoke(cli, ["--db", db_url, "export"]).stdout == first


def test_a_folder_given_relative_then_absolute_is_the_same_files(
    runner, db_url, archive, monkeypatch
):
    monkeypatch.chdir(archive.parent)
    first = json.loads(ingest(runner, db_url, "arsip").stdout)
    again = json.loads(ingest(runner, db_url, archive).stdout)
    assert (first["loaded"], first["duplicate"]) == (2, 1)
    assert again["unchanged"] == 3 and again["duplicate"] == 0
    lines = runner.invoke(cli, ["--db", db_url, "export"]).stdout.splitlines()
    paths = [path for line in lines for path in json.loads(line)["paths"]]
    assert sorted(paths) == sorted(str(p) for p in archive.rglob("*") if p.is_file())


def test_same_bytes_at_two_paths_are_one_document(runner, db_url, archive):
    ingest(runner, db_url, archive)
    lines = runner.invoke(cli, ["--db", db_url, "export"]).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 2
    pdf = next(r for r in records if r["media_type"] == "pdf")
    assert sorted(Path(p).name for p in pdf["paths"]) == ["copy of pks.pdf", "pks.pdf"]


def test_bad_inputs_fail_alone_with_reasons(runner, db_url, archive, bad_files):
    ingest(runner, db_url, archive)
    before = runner.invoke(cli, ["--db", db_url, "export"]).stdout
    result = ingest(runner, db_url, bad_files)
    assert result.exit_code == 3
    assert json.loads(result.stdout)["failed"] == 5
    assert f"failed: {bad_files / 'locked.pdf'}: encrypted" in result.stderr
    failures = json.loads(
        runner.invoke(cli, ["--db", db_url, "failures", "--json"]).stdout
    )
    reasons = {Path(f["path"]).name: f["reason"] for f in failures}
    assert reasons == {
        "empty.pdf": "empty",
        "truncated.pdf": "corrupt",
        "locked.pdf": "encrypted",
        "image.pdf": "corrupt",  # a PNG is a scan now; this one is broken
        "data.bin": "unsupported",
    }
    after = runner.invoke(cli, ["--db", db_url, "export"]).stdout.splitlines()
    assert after[: len(before.splitlines())] == before.splitlines()


def test_export_validates_against_the_schema(runner, db_url, archive, bad_files):
    ingest(runner, db_url, archive)
    ingest(runner, db_url, bad_files)
    lines = runner.invoke(cli, ["--db", db_url, "export", "--include-text"]).stdout
    records = [json.loads(line) for line in lines.splitlines()]
    assert {r["status"] for r in records} == {"loaded", "failed"}
    for record in records:
        jsonschema.validate(record, SCHEMA)
    failed = next(r for r in records if r["status"] == "failed")
    assert failed["errors"] and failed["sha256"]


def test_export_csv_has_a_row_per_document(runner, db_url, archive):
    ingest(runner, db_url, archive)
    result = runner.invoke(cli, ["--db", db_url, "export", "--format", "csv"])
    rows = result.stdout.strip().splitlines()
    assert rows[0].startswith("id,source_path,sha256")
    assert len(rows) == 3


def test_search_returns_clause_hits_with_snippets(runner, db_url, archive):
    ingest(runner, db_url, archive)
    result = runner.invoke(cli, ["--db", db_url, "search", "instruktur", "--json"])
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    hit = body["documents"][0]["hits"][0]
    assert hit["clause"] == "Pasal 2 ayat (2)"  # the innermost unit holding the match
    assert "[instruktur]" in hit["snippet"]
    text = runner.invoke(cli, ["--db", db_url, "search", "instruktur"]).stdout
    assert "Pasal 2 ayat (2)" in text
    assert "PIHAK KEDUA" in text


def test_search_finds_obligation_words_in_any_form(runner, db_url, archive):
    ingest(runner, db_url, archive)
    result = runner.invoke(
        cli, ["--db", db_url, "search", "wajib menyediakan", "--json", "--facets"]
    )
    body = json.loads(result.stdout)
    snippets = [h["snippet"] for d in body["documents"] for h in d["hits"]]
    assert any("[berkewajiban] [menyediakan]" in s for s in snippets)
    assert body["facets"]["type"]


def test_search_filters_and_kind(runner, db_url, archive):
    ingest(runner, db_url, archive)
    duties = runner.invoke(
        cli,
        [
            "--db",
            db_url,
            "search",
            "instruktur",
            "--kind",
            "obligation",
            "--role",
            "kedua",
            "--json",
        ],
    )
    hits = json.loads(duties.stdout)["documents"][0]["hits"]
    assert hits[0]["party"] == "PIHAK KEDUA"
    bad = runner.invoke(
        cli, ["--db", db_url, "search", "x", "--signed-from", "kemarin"]
    )
    assert bad.exit_code == 2
    assert "not a date" in bad.stderr
    hint = runner.invoke(cli, ["--db", db_url, "search", '"instruktur'])
    assert "hint: a quote is not closed" in hint.stderr


@pytest.mark.parametrize(
    "query", ['"', "PT.", "Pasal 1(a)", "38.101", "AND(", "x" * 10000]
)
def test_hostile_queries_never_fail(runner, db_url, archive, query):
    ingest(runner, db_url, archive)
    result = runner.invoke(cli, ["--db", db_url, "search", query, "--json"])
    assert result.exit_code == 0
    assert isinstance(json.loads(result.stdout)["documents"], list)


def test_show_by_id_sha_and_path(runner, db_url, archive):
    ingest(runner, db_url, archive)
    by_id = json.loads(
        runner.invoke(cli, ["--db", db_url, "show", "1", "--json"]).stdout
    )
    by_sha = runner.invoke(
        cli, ["--db", db_url, "show", by_id["sha256"][:12], "--json"]
    )
    assert json.loads(by_sha.stdout)["id"] == 1
    by_path = runner.invoke(cli, ["--db", db_url, "show", by_id["paths"][0]])
    assert "title:" in by_path.stdout
    missing = runner.invoke(cli, ["--db", db_url, "show", "999"])
    assert missing.exit_code == 2


def test_stats_counts_documents(runner, db_url, archive):
    ingest(runner, db_url, archive)
    stats = json.loads(runner.invoke(cli, ["--db", db_url, "stats", "--json"]).stdout)
    assert stats["documents"] == 2
    assert stats["by_status"] == {"loaded": 2}
    assert stats["runs"] == 1


def test_reading_a_missing_database_is_a_fatal_error(runner, tmp_path):
    url = f"sqlite:///{tmp_path / 'none.db'}"
    result = runner.invoke(cli, ["--db", url, "search", "pelatihan"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no pks database at")
    assert not (tmp_path / "none.db").exists()


def test_usage_errors_exit_2(runner, db_url, tmp_path):
    assert runner.invoke(cli, ["--db", db_url, "ingest"]).exit_code == 2
    missing = runner.invoke(cli, ["--db", db_url, "ingest", str(tmp_path / "nope")])
    assert missing.exit_code == 2
    assert runner.invoke(cli, ["nonsense"]).exit_code == 2


def test_db_from_environment(runner, tmp_path, archive):
    url = f"sqlite:///{tmp_path / 'env.db'}"
    result = runner.invoke(cli, ["ingest", "-s", str(archive)], env={"PKS_DB": url})
    assert result.exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_eval_scores_against_gold(runner, tmp_path, archive):
    target = tmp_path / "gold"
    target.mkdir()
    shutil.copy(archive / "pks.pdf", target / "pks.pdf")
    gold = {
        "doc_type": "pks",
        "title": "PERJANJIAN KERJA SAMA ANTARA LEMBAGA PEMASYARAKATAN KELAS IIB TELUK "
        "KUANTAN DENGAN BALAI LATIHAN KERJA KABUPATEN KUANTAN SINGINGI TENTANG "
        "PELATIHAN KETERAMPILAN BAGI WARGA BINAAN",
        "numbers": ["W4.PAS.15-KS.01/2025"],
        "signing_date": "2025-03-12",
        "dates": [{"date": "2025-03-12", "role": "signing", "text": "x"}],
        "term_months": None,
        "place": "Teluk Kuantan",
        "parties": [],
        "sectors": [],
        "obligations": [],
        "clauses": [
            {"number": "Pasal 1"},
            {"number": "Pasal 2"},
            {"number": "Pasal 9"},
        ],
        "laws": [],
    }
    (target / "pks.expected.json").write_text(json.dumps(gold))
    result = runner.invoke(cli, ["eval", str(target), "--json"])
    assert result.exit_code == 0, result.output
    fields = json.loads(result.stdout)["fields"]
    assert fields["doc_type"]["f1"] == 1.0
    assert fields["signing_date"]["f1"] == 1.0
    assert fields["clauses"]["recall"] == pytest.approx(2 / 3, abs=1e-4)
    failing = runner.invoke(cli, ["eval", str(target), "--check"])
    assert failing.exit_code == 3
    assert "below target: clauses" in failing.stderr
