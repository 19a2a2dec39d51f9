from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from pipeline.cli import cli
from pipeline.database import open_read_only
from pipeline.web import create_app, highlight


@pytest.fixture(scope="module")
def client(samples_db):
    return TestClient(create_app(open_read_only(samples_db)))


def test_search_page_highlights_and_counts(client):
    page = client.get("/", params={"q": "wajib menyediakan"})
    assert page.status_code == 200
    assert "<mark>berkewajiban</mark>" in page.text or "<mark>wajib</mark>" in page.text
    assert 'data-facet="party"' in page.text
    assert "hasil dalam" in page.text


def test_filters_and_facet_links(client):
    page = client.get(
        "/", params={"q": "kesehatan", "type": "pks", "signed_from": "2024"}
    )
    assert page.status_code == 200
    assert "type=pks" in page.text


def test_empty_query_with_filter_lists_documents(client):
    page = client.get("/", params={"kind": "prohibition"})
    assert page.status_code == 200
    assert "prohibition" in page.text


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x", "signed_from": "kemarin"},
        {"q": "x", "status": "maybe"},
        {"q": "x", "page": "0"},
        {"q": "x", "page": "abc"},
        {"q": "x", "kind": "duty"},
        {"q": "x", "role": "keempat"},
        {"q": "x", "sector": "astronomy"},
        {"q": "x", "type": "novel"},
        {"q": "x", "party": "a\x00b"},
        {"q": "x", "signed_from": "2025-12", "signed_to": "2025-01"},
    ],
)
def test_bad_parameters_are_400(client, params):
    response = client.get("/", params=params)
    assert response.status_code == 400
    assert client.get("/api/search", params=params).json()["error"]


def test_api_search_is_json(client):
    body = client.get("/api/search", params={"q": "PKS", "type": "news"}).json()
    assert body["total"] > 0
    assert body["documents"][0]["hits"][0]["snippet"]


def test_document_page_shows_fields_tree_duties(client):
    document_id = _document_id(client, "telepon genggam")
    page = client.get(f"/documents/{document_id}")
    assert page.status_code == 200
    assert '<mark id="ev-' in page.text
    assert 'href="#c-' in page.text
    assert "PIHAK KEDUA" in page.text
    assert f"/documents/{document_id}/original" in page.text


def test_download_serves_the_original_bytes(client):
    document_id = _document_id(client, "telepon genggam")
    body = client.get("/api/search", params={"q": "telepon genggam"}).json()
    path = body["documents"][0]["path"]
    response = client.get(f"/documents/{document_id}/original")
    assert response.status_code == 200
    assert response.content == Path(path).read_bytes()
    assert response.headers["content-disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/documents/999999", 404),
        ("/documents/99999999999999999999999", 400),
        ("/documents/abc", 400),
        ("/documents/999999/original", 404),
        ("/documents/..%2f..%2fetc%2fpasswd/original", 404),
        ("/nowhere", 404),
    ],
)
def test_unknown_or_bad_ids(client, url, status):
    assert client.get(url).status_code == status


def test_a_changed_original_is_not_served(tmp_path):
    url = f"sqlite:///{tmp_path / 'pks.db'}"
    source = tmp_path / "pks.txt"
    source.write_text(
        "PERJANJIAN KERJA SAMA\nPasal 1\nPelatihan menjahit.\n", encoding="utf-8"
    )
    assert (
        CliRunner().invoke(cli, ["--db", url, "ingest", "-s", str(source)]).exit_code
        == 0
    )
    client = TestClient(create_app(open_read_only(url)))
    assert client.get("/documents/1/original").status_code == 200
    source.write_text("something else entirely", encoding="utf-8")
    assert client.get("/documents/1/original").status_code == 404


def test_every_value_is_escaped(tmp_path):
    url = f"sqlite:///{tmp_path / 'pks.db'}"
    source = tmp_path / "xss.txt"
    source.write_text(
        "PERJANJIAN KERJA SAMA <script>alert(1)</script>\nPasal 1\n"
        "Pelatihan <img src=x onerror=alert(2)> menjahit.\n",
        encoding="utf-8",
    )
    assert (
        CliRunner().invoke(cli, ["--db", url, "ingest", "-s", str(source)]).exit_code
        == 0
    )
    client = TestClient(create_app(open_read_only(url)))
    for page in (
        client.get("/", params={"q": "pelatihan <script>"}),
        client.get("/documents/1"),
    ):
        assert page.status_code == 200
        assert "<script>alert" not in page.text
        assert "<img src=x" not in page.text
        assert "&lt;img src=x" in page.text or "&lt;script&gt;" in page.text


def test_highlight_escapes_before_marking():
    assert str(highlight("a <b> \x02c\x03")) == "a &lt;b&gt; <mark>c</mark>"


def test_token_guards_every_route(samples_db):
    client = TestClient(create_app(open_read_only(samples_db), token="s3cret"))
    assert client.get("/").status_code == 401
    assert client.get("/documents/1/original").status_code == 401
    assert client.get("/api/search?q=x").json() == {"error": "a token is required"}
    assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert (
        client.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    )
    login = client.get("/?q=lapas&token=s3cret", follow_redirects=False)
    assert login.status_code == 303
    assert login.headers["location"] == "/?q=lapas"
    assert client.get("/").status_code == 200  # the cookie is kept


def test_login_form_sets_the_cookie(samples_db):
    client = TestClient(create_app(open_read_only(samples_db), token="s3cret"))
    failed = client.post("/login", data={"token": "nope"})
    assert failed.status_code == 401
    assert "Token salah" in failed.text
    assert client.post("/login", data={"token": "s3cret"}).status_code == 200


def _document_id(client, query):
    return client.get("/api/search", params={"q": query}).json()["documents"][0][
        "document_id"
    ]
