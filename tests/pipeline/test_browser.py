"""The web page in a real headless Chromium (Debian's package, driven by Playwright).

Search, click a facet, open a document, download the original; screenshots of
the result page and the document page go to docs/screenshots/ (linked from the
README). Playwright only drives the browser: `playwright install` is never run.
"""

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium"),
]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(samples_db):
    import uvicorn

    from pipeline.database import open_read_only
    from pipeline.web import create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(open_read_only(samples_db)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvicorn_server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uvicorn_server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        yield context.new_page()
        context.close()
        browser.close()


def test_search_facet_document_download(server, page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + "/")
    page.fill("input[name=q]", "wajib menyediakan")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".hit mark")
    assert page.locator("article.document").count() >= 3
    page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=False)

    page.click("[data-facet=type] a >> nth=0")
    page.wait_for_selector(".hit mark")
    assert "type=" in page.url
    assert "type:" in page.inner_text("section.results")

    page.click("article.document h2 a >> nth=0")
    page.wait_for_selector("pre.text mark")
    assert "/documents/" in page.url
    assert page.locator("ul.tree a").count() > 3
    page.screenshot(path=str(SCREENSHOTS / "document.png"), full_page=False)

    with page.expect_download() as download_info:
        page.click("a.download")
    download = download_info.value
    document_id = page.url.rstrip("/").split("/")[-1]
    original = page.request.get(f"{server}/documents/{document_id}/original").body()
    assert Path(download.path()).read_bytes() == original
    assert len(original) > 100
