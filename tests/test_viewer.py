"""The document viewer in a real headless browser: it loads cleanly and highlights every utterance."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
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


def table(release: Path, name: str) -> list[dict]:
    return [json.loads(line) for line in (release / f"jsonl/{name}.jsonl").read_text(encoding="utf-8").splitlines()]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


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
    assert page.get_attribute(link, "href").startswith("syria-times-sochi-summit.html#")
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


SCHILLER = "schiller-2017-11-21-sochi"


def test_a_quote_links_to_the_exact_stretch_of_its_witness(release, browser):
    """From each Schiller quote or report the link lands on the words its alignment names, not on the whole turn:
    the element the page is scrolled to (:target) holds exactly transcript_span, inside the witness, highlighted."""
    aligned = [a for a in table(release, "alignments") if a["news_document"] == SCHILLER and a["transcript_span"]]
    assert aligned and all(n == 1 for n in Counter(a["news_utterance"] for a in aligned).values())
    witness_text = {u["id"]: u["text"] for u in table(release, "utterances")}
    # the test means something: some spans are a strict part of their witness turn
    assert any(a["transcript_span"]["text"] != witness_text[a["transcript_utterance"]] for a in aligned)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    for a in aligned:
        page.goto((release / "viewer" / f"{SCHILLER}.html").as_uri())
        page.click(f'[id="{a["news_utterance"]}"] + sup a')
        page.wait_for_url(f"**/{a['transcript_document']}.html#*")
        text, inside, background, selected = page.evaluate("""() => {
            const t = document.querySelector(':target');
            return t && [t.textContent, t.parentElement.closest('[data-utterance-id]').id,
                         getComputedStyle(t).backgroundColor, document.querySelector('.utt.selected').id]; }""")
        assert text == a["transcript_span"]["text"], a["id"]
        assert inside == selected == a["transcript_utterance"], a["id"]
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), a["id"]
        # the panel says which rendering brought us here, with a way back
        card = page.locator(f'#view [data-alignment="{a["id"]}"]')
        assert card.count() == 1
        assert f'{SCHILLER}.html#{a["news_utterance"]}' in card.locator("a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))")
    page.close()


def test_selecting_a_rendering_shows_its_word_level_comparison(release, browser):
    """Every rendering with a counterpart: relation, confidence, outlet, relay, passage links and the comparison,
    whose <del>/<ins> follow the published word_diff, with the witness's words and the news words each intact."""
    passages = {p["id"]: p for p in table(release, "passages")}
    by_doc: dict[str, list[dict]] = {}
    for a in table(release, "alignments"):
        if a["transcript_span"]:
            by_doc.setdefault(a["news_document"], []).append(a)
    changed = [a for rows in by_doc.values() for a in rows
               if a["relation"] != "verbatim" and a["diff_changed"] + a["diff_added"] + a["diff_dropped"] > 0]
    assert changed
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    for document, rows in sorted(by_doc.items()):
        page.goto((release / "viewer" / f"{document}.html").as_uri())
        for a in rows:
            page.dispatch_event(f'[id="{a["news_utterance"]}"]', "click")
            card = page.locator(f'#view [data-alignment="{a["id"]}"]')
            assert card.count() == 1, a["id"]
            text = card.text_content()
            for said in (a["relation"], a["confidence"], a["outlet"], *(r["outlet"] for r in a["relay"])):
                assert said in text, (a["id"], said)
            hrefs = card.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
            assert {f'{passages[p]["document"]}.html#{p}' for p in a["passages"]} <= set(hrefs), a["id"]
            diff = card.locator(".diff")
            n_del = sum(s["op"] in ("change", "drop") for s in a["word_diff"])
            n_ins = sum(s["op"] in ("change", "add") for s in a["word_diff"])
            assert (diff.locator("del").count(), diff.locator("ins").count()) == (n_del, n_ins), a["id"]
            without_del, without_ins = diff.evaluate("""d => ['del', 'ins'].map(tag => {
                const c = d.cloneNode(true); c.querySelectorAll(tag).forEach(e => e.remove()); return c.textContent; })""")
            assert re.sub(r"\s", "", without_del) == re.sub(r"\s", "", a["news_span"]["text"]), a["id"]
            assert words(without_ins) == words(a["transcript_span"]["text"]), a["id"]
    page.close()
    assert any(a["diff_changed"] + a["diff_dropped"] and a["diff_changed"] + a["diff_added"] for a in changed)


def test_selecting_a_transcript_passage_or_witness_lists_its_renderings(release, browser):
    """A passage (and a witness turn) with renderings lists them as back-links to the rendering utterances, with
    relation and outlet; following one selects that rendering on its own page."""
    alignments = {a["id"]: a for a in table(release, "alignments")}
    rendered = [p for p in table(release, "passages") if p["is_transcript"] and p["renderings"]]
    assert rendered
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    by_doc: dict[str, list[dict]] = {}
    for p in rendered:
        by_doc.setdefault(p["document"], []).append(p)

    def backlinks(selector: str) -> list[list[str]]:
        return page.eval_on_selector_all(selector, "els => els.map(li => [li.querySelector('a').getAttribute('href'), "
                                                   "li.textContent])")

    for document, ps in sorted(by_doc.items()):
        page.goto((release / "viewer" / f"{document}.html").as_uri())
        for p in ps:
            page.dispatch_event(f'[id="{p["id"]}"]', "click")
            assert "selected" in page.get_attribute(f'[id="{p["witness"]}"]', "class")
            shown = backlinks(f'#view [data-passage="{p["id"]}"] .backlinks li')
            expected = [alignments[a] for a in p["renderings"]]
            assert [href for href, _ in shown] == [f'{a["news_document"]}.html#{a["news_utterance"]}' for a in expected]
            for (_, text), a in zip(shown, expected):
                assert a["news_utterance"] in text and a["relation"] in text and a["outlet"] in text
        for witness in sorted({p["witness"] for p in ps}):
            page.dispatch_event(f'[id="{witness}"]', "click")
            expected = sorted(a["id"] for a in alignments.values() if a["transcript_utterance"] == witness)
            assert [href for href, _ in backlinks("#view > ul.backlinks li")] == [
                f'{alignments[a]["news_document"]}.html#{alignments[a]["news_utterance"]}' for a in expected]
    p = max(rendered, key=lambda p: (len(p["renderings"]), p["id"]))
    a = alignments[p["renderings"][0]]
    page.goto((release / "viewer" / f"{p['document']}.html").as_uri() + f"#{p['id']}")
    assert page.locator(f'#view [data-passage="{p["id"]}"]').count() == 1  # landing on a passage selects it
    page.click(f'#view [data-passage="{p["id"]}"] .backlinks li >> nth=0 >> a >> nth=0')
    page.wait_for_url(f"**/{a['news_document']}.html#*")
    assert "selected" in page.get_attribute(f'[id="{a["news_utterance"]}"]', "class")
    assert page.locator(f'#view [data-alignment="{a["id"]}"] .diff').count() == 1
    page.close()


def test_every_passage_is_marked_on_its_witness_page(release, browser):
    by_doc: dict[str, list[dict]] = {}
    for p in table(release, "passages"):
        by_doc.setdefault(p["document"], []).append(p)
    assert by_doc
    page = browser.new_page()
    for document, ps in sorted(by_doc.items()):
        page.goto((release / "viewer" / f"{document}.html").as_uri())
        shown = dict(page.eval_on_selector_all(".passage[id]", """els => els.map(e => [e.id,
            [e.textContent, e.parentElement.closest('[data-utterance-id]').id]])"""))
        assert {p["id"]: [p["span"]["text"], p["witness"]] for p in ps} == shown, document
    page.close()


def test_screenshots_of_a_comparison_and_a_passage_are_readable_at_desktop_and_phone_width(release, browser):
    """Screenshots for people (test-artifacts/): a Schiller quote selected with its comparison, and a Kremlin
    transcript landed on at its most rendered passage; at 400 px the panel is not squeezed beside the text."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    alignments = {a["id"]: a for a in table(release, "alignments")}
    quote = "schiller-2017-11-21-sochi.u007"
    assert any(a["news_utterance"] == quote and a["diff_changed"] + a["diff_added"] for a in alignments.values())
    passage = max((p for p in table(release, "passages") if p["is_transcript"] and p["document"].startswith("kremlin")),
                  key=lambda p: (len(p["renderings"]), p["id"]))
    assert passage["renderings"]
    for width, height in ((1400, 1000), (400, 900)):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto((release / "viewer" / f"{SCHILLER}.html").as_uri())
        page.locator(f'[id="{quote}"]').scroll_into_view_if_needed()
        page.click(f'[id="{quote}"]')
        assert page.locator("#view .diff").count() >= 1
        check_panel(page, width, height)
        page.screenshot(path=str(ARTIFACTS / f"viewer-rendering-{width}.png"))
        page.goto((release / "viewer" / f"{passage['document']}.html").as_uri() + f"#{passage['id']}")
        assert page.locator(f'#view [data-passage="{passage["id"]}"] .backlinks li').count() == len(passage["renderings"])
        check_panel(page, width, height)
        page.screenshot(path=str(ARTIFACTS / f"viewer-passage-{width}.png"))
        page.close()


def check_panel(page, width: int, height: int) -> None:
    """The panel and the text are each at least 300 px wide (or side by side on a wide screen), the panel is
    on the screen, and nothing is wider than the screen."""
    panel, main, scroll_width = page.evaluate("""() => [document.getElementById('panel').getBoundingClientRect(),
        document.querySelector('main').getBoundingClientRect(), document.documentElement.scrollWidth]
        .map(r => r.toJSON ? r.toJSON() : r)""")
    assert scroll_width <= width
    assert panel["width"] >= min(300, width * 0.9) and main["width"] >= min(300, width * 0.9)
    assert 0 <= panel["left"] and panel["right"] <= width and panel["top"] < height and panel["bottom"] > 0
    assert panel["height"] >= 200
