"""The document viewer in a real headless browser: it loads cleanly and highlights every utterance."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from .conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("PAMC_TEST_ARTIFACTS", REPO / "test-artifacts"))

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (Debian package 'chromium'; .ci/run "
                                                "installs it)"),
    pytest.mark.skipif(sync_playwright is None, reason="playwright (python package) is not installed"),
]


@pytest.fixture
def release(real_release) -> Path:
    return real_release


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def utterances(release: Path) -> dict[str, list[dict]]:
    by_doc: dict[str, list[dict]] = {}
    for line in (release / "jsonl/utterances.jsonl").read_text(encoding="utf-8").splitlines():
        u = json.loads(line)
        by_doc.setdefault(u["document"], []).append(u)
    return by_doc


def test_every_document_page_highlights_every_utterance_without_console_errors(release, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for document, utts in sorted(utterances(release).items()):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        requests: list[str] = []
        page.on("request", lambda req: requests.append(req.url))
        page.goto((release / "viewer" / f"{document}.html").as_uri())
        shown = page.eval_on_selector_all("[data-utterance-id]",
                                          "els => els.map(e => [e.dataset.utteranceId, e.textContent])")
        # an utterance's element holds exactly its text (links to transcripts sit outside it)
        texts = {uid: text for uid, text in shown}
        assert {u["id"]: u["text"] for u in utts} == {k: v.replace("↗", "") for k, v in texts.items()} or \
            {u["id"] for u in utts} == set(texts)
        for u in utts:
            inner = page.eval_on_selector(f'[id="{u["id"]}"]',
                                          "e => [...e.childNodes].filter(n => !(n.tagName === 'SUP')).map(n => n.textContent).join('')")
            assert inner == u["text"], u["id"]
        page.click(f'[id="{utts[0]["id"]}"]')
        details = json.loads(page.text_content("#details"))
        assert details["id"] == utts[0]["id"] and details["speaker"] == utts[0]["speaker"]
        page.screenshot(path=str(ARTIFACTS / f"viewer-{document}.png"), full_page=False)
        assert errors == []
        assert all(r.startswith("file://") for r in requests)  # no network, no external assets
        page.close()


def test_news_passages_link_to_the_transcript_passage(release, browser):
    page = browser.new_page()
    page.goto((release / "viewer/schiller-2017-11-21-sochi.html").as_uri())
    link = '[id="schiller-2017-11-21-sochi.u002"] + sup a'
    assert page.get_attribute(link, "href") == "syria-times-sochi-summit.html#syria-times-sochi-summit.u032"
    page.click(link)
    page.wait_for_url("**/syria-times-sochi-summit.html#*")
    assert "selected" in page.get_attribute('[id="syria-times-sochi-summit.u032"]', "class")
    page.close()


def test_the_index_lists_every_document(release, browser):
    page = browser.new_page()
    page.goto((release / "viewer/index.html").as_uri())
    links = page.eval_on_selector_all("li a", "els => els.map(e => e.getAttribute('href'))")
    assert sorted(links) == sorted(f"{d}.html" for d in utterances(release))
    page.close()
