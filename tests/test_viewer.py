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


# --- a reader's tool: accessibility, keyboard, fields, index, furniture, search, phone width -------------------

SIZES = ((1400, 1000), (400, 900))
UTTERANCE_SELECTOR = "pre.raw [data-utterance-id]"


def documents(release: Path) -> list[dict]:
    return table(release, "documents")


def open_all_details(page) -> None:
    """Open every <details> (legend, raw JSON) so that axe checks what they hold too."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {len(v['nodes'])} node(s), e.g. {v['nodes'][0]['target']}"
            for v in result.response["violations"]]


def selections(release: Path, document: str) -> list[tuple[str, str]]:
    """What to select on a page before running axe again: its most rendered passage (if it has passages) and a
    rendering with a word-level comparison (if it has renderings)."""
    out = []
    passages = [p for p in table(release, "passages") if p["document"] == document]
    if passages:
        out.append(("passage", max(passages, key=lambda p: (len(p["renderings"]), p["id"]))["id"]))
    rendering = [a for a in table(release, "alignments") if a["news_document"] == document and a["transcript_span"]]
    if rendering:
        out.append(("rendering", rendering[0]["news_utterance"]))
    return out


def test_axe_core_finds_no_violation_on_any_page_at_desktop_and_phone_width(release, browser):
    """axe-core (bundled in axe-playwright-python) on the index and on every document page, at 1400x1000 and
    400x900: as loaded, with its <details> open, and with a passage and a rendering selected (by keyboard)."""
    pages = ["index"] + [d["id"] for d in documents(release)]
    report: dict[str, list[str]] = {}
    for width, height in SIZES:
        for name in pages:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto((release / "viewer" / f"{name}.html").as_uri())
            open_all_details(page)  # the legend and the raw JSON too
            report[f"{name} {width} loaded"] = axe_violations(page)
            if name == "index":
                page.fill("#q", "syria")
                page.wait_for_selector("#results li")
                report[f"{name} {width} searched"] = axe_violations(page)
            for what, anchor in selections(release, name):
                page.focus(f'[id="{anchor}"]')
                page.keyboard.press("Enter")
                assert page.locator("#fields-view dl.fields").count() == 1, (name, anchor)
                open_all_details(page)
                report[f"{name} {width} {what} {anchor} selected"] = axe_violations(page)
            page.close()
    print("\naxe-core violations:\n" + "\n".join(f"  {k}: {len(v)}" for k, v in report.items()))
    assert {k: v for k, v in report.items() if v} == {}
    assert len(report) >= 2 * (len(pages) + 1)


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {id: e.id, tag: e.tagName, cls: e.className || '', href: e.getAttribute('href'),
                outline: getComputedStyle(e).outlineStyle, outlineWidth: parseFloat(getComputedStyle(e).outlineWidth)}; }""")


def tab_through(page, limit: int = 2000) -> list[dict]:
    """Everything Tab reaches, in order, from the top of the page until focus comes round again."""
    seen: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        f = focused(page)
        if f["tag"] == "BODY" or (seen and f == seen[0]):
            break
        seen.append(f)
    return seen


def test_tab_reaches_every_utterance_passage_and_rendering_link_with_a_visible_focus(release, browser):
    """On every page, Tab alone reaches each utterance, each passage and each rendering link the tables list,
    and the focused one is outlined."""
    passages = table(release, "passages")
    alignments = table(release, "alignments")
    by_doc = utterances(release)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    for d in documents(release):
        doc = d["id"]
        page.goto((release / "viewer" / f"{doc}.html").as_uri())
        order = tab_through(page)
        reached = {f["id"] for f in order if f["id"]}
        assert {u["id"] for u in by_doc.get(doc, [])} <= reached, doc
        assert {p["id"] for p in passages if p["document"] == doc} <= reached, doc
        links = {f["href"] for f in order if f["tag"] == "A"}
        expected = {f'{a["transcript_document"]}.html#{a["id"]}-w' if a["transcript_span"] else
                    f'{a["transcript_document"]}.html#{a["transcript_utterance"]}'
                    for a in alignments if a["news_document"] == doc and a["transcript_utterance"]}
        assert expected <= links, doc
        for f in order:
            if f["id"] in reached and ("utt" in f["cls"].split() or "passage" in f["cls"].split()):
                assert f["outline"] != "none" and f["outlineWidth"] >= 2, (doc, f)
    page.close()


def test_tab_to_an_utterance_and_enter_selects_it_and_fills_the_panel(release, browser):
    """Keyboard only: Tab to the first utterance, Enter selects it and the panel (an aria-live region) shows its
    fields; Tab on to a passage, Enter shows the passage and its renderings; Enter on a rendering link opens the
    witness with it selected."""
    persons = {p["id"]: p["name"] for p in table(release, "persons")}
    doc = "kremlin-2017-12-11-khmeimim"
    first = utterances(release)[doc][0]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto((release / "viewer" / f"{doc}.html").as_uri())
    assert page.locator("#panel [aria-live]").count() >= 1
    for _ in range(200):
        page.keyboard.press("Tab")
        if focused(page)["id"] == first["id"]:
            break
    assert focused(page)["id"] == first["id"]
    page.keyboard.press("Enter")
    assert "selected" in page.get_attribute(f'[id="{first["id"]}"]', "class")
    assert page.get_attribute(f'[id="{first["id"]}"]', "aria-current") == "true"
    assert json.loads(page.text_content("#details"))["id"] == first["id"]
    speaker = page.locator('#fields-view dt[data-field="speaker"] + dd').text_content()
    assert persons[first["speaker"]] in speaker
    assert first["text"] in page.locator('#fields-view dt[data-field="text"] + dd').text_content()
    assert focused(page)["id"] == first["id"]  # the focus stays in the text
    # on to the next passage by Tab alone
    for _ in range(50):
        page.keyboard.press("Tab")
        if "passage" in focused(page)["cls"].split():
            break
    pid = focused(page)["id"]
    assert re.fullmatch(r"p\d{4,}", pid)
    page.keyboard.press(" ")
    assert page.locator(f'#view [data-passage="{pid}"]').count() == 1
    page.close()
    # a rendering link, followed with Enter, lands on the witness with it selected
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    a = next(a for a in table(release, "alignments") if a["news_document"] == SCHILLER and a["transcript_span"])
    page.goto((release / "viewer" / f"{SCHILLER}.html").as_uri())
    page.focus(f'[id="{a["news_utterance"]}"] + sup a')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{a['transcript_document']}.html#*")
    assert "selected" in page.get_attribute(f'[id="{a["transcript_utterance"]}"]', "class")
    page.close()


def test_pages_have_landmarks_a_title_lang_and_headings_in_order(release, browser):
    page = browser.new_page()
    for name in ["index"] + [d["id"] for d in documents(release)]:
        page.goto((release / "viewer" / f"{name}.html").as_uri())
        info = page.evaluate("""() => ({
            lang: document.documentElement.lang, title: document.title,
            main: document.querySelectorAll('main').length,
            navs: [...document.querySelectorAll('nav')].map(n => n.getAttribute('aria-label')),
            asides: [...document.querySelectorAll('aside')].map(a => a.getAttribute('aria-label') ||
                     (a.getAttribute('aria-labelledby') && document.getElementById(a.getAttribute('aria-labelledby')).textContent)),
            live: [...document.querySelectorAll('[aria-live]')].map(e => e.closest('aside') ? 'panel' : 'page'),
            headings: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(h => !h.closest('template'))
                      .map(h => Number(h.tagName[1]))})""")
        assert info["lang"] == "en" and info["title"].strip() and info["main"] == 1, name
        assert info["navs"] and all(info["navs"]), name
        assert info["headings"][0] == 1 and info["headings"].count(1) == 1, name
        assert all(b <= a + 1 for a, b in zip(info["headings"], info["headings"][1:])), (name, info["headings"])
        if name != "index":
            assert info["asides"] and all(info["asides"]) and "panel" in info["live"], name
    page.close()


def test_the_fields_panel_lists_the_fields_in_the_models_order_with_names_and_links(release, browser):
    """The panel's definition list: one entry per field of the utterance row, in the row's (the model's) order
    (start and end as one), with names for persons, events and entities, and links to passages and renderings."""
    persons = {p["id"]: p["name"] for p in table(release, "persons")}
    entities = {e["id"]: e["name"] for e in table(release, "entities")}
    events = {e["id"]: e for e in table(release, "events")}
    passages = {p["id"]: p for p in table(release, "passages")}
    alignments = {a["id"]: a for a in table(release, "alignments")}
    rows = table(release, "utterances")
    # the test means something: relays, mentions and passages with renderings among the utterances checked
    picked = [next(u for u in rows if u["relay"] and u["mentions"]),
              next(u for u in rows if any(passages[p]["witness"] == u["id"] and passages[p]["renderings"]
                                          for p in u["passages"])),
              next(u for u in rows if u["mode"] == "direct_quote" and u["renders"])]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    for u in picked:
        page.goto((release / "viewer" / f"{u['document']}.html").as_uri() + f"#{u['id']}")
        fields = page.eval_on_selector_all("#fields-view dl.fields > dt", "els => els.map(e => e.dataset.field)")
        assert fields == [k for k in u if k != "end"], u["id"]

        def dd(field: str):
            return page.locator(f'#fields-view dt[data-field="{field}"] + dd')

        assert persons[u["speaker"]] in dd("speaker").text_content()
        assert all(persons[a] in dd("addressees").text_content() for a in u["addressees"])
        ev = events[u["event"]]
        shown = dd("event").text_content()
        assert ev["title"] in shown and (ev["date"] or "date unknown") in shown and ev["date_precision"] in shown
        assert " → ".join(u["translation"]["path"]) in dd("translation").text_content()
        assert u["translation"]["basis"] in dd("translation").text_content()
        assert all(entities[r["outlet"]] in dd("relay").text_content() for r in u["relay"])
        assert all(entities[m["entity"]] in dd("mentions").text_content() for m in u["mentions"])
        assert all(t.replace("_", " ") in dd("topics").text_content() for t in u["topics"])
        hrefs = dd("passages").locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert {f'{passages[p]["document"]}.html#{p}' for p in u["passages"]} <= set(hrefs), u["id"]
        for p in u["passages"]:
            if passages[p]["witness"] == u["id"]:
                for aid in passages[p]["renderings"]:
                    a = alignments[aid]
                    assert f'{a["news_document"]}.html#{a["news_utterance"]}' in hrefs, (u["id"], p, aid)
        if u["renders"]:
            links = dd("renders").locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
            assert any(f'#{a["id"]}-w' in h for a in alignments.values() if a["news_utterance"] == u["id"]
                       and a["transcript_span"] for h in links), u["id"]
        # the raw JSON is there too, collapsed
        assert page.locator("details#fields").get_attribute("open") is None
        assert json.loads(page.text_content("#details")) == {k: v for k, v in u.items()
                                                            if k in json.loads(page.text_content("#details"))}
    page.close()


def test_the_raw_text_is_on_the_page_exactly_with_the_website_furniture_shown_as_such(release, browser):
    """Every character of the raw text is in the page's text, unchanged; what comes before the title (the
    Kremlin's 'View settings', 'Font size:' ...) is one labelled, greyed block, and nothing after it is."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    furnished = 0
    for d in documents(release):
        page.goto((release / "viewer" / f"{d['id']}.html").as_uri())
        assert page.text_content("pre.raw") == d["raw_text"], d["id"]
        boxes = page.eval_on_selector_all("pre.raw .furniture", """els => els.map(e => [e.textContent,
            getComputedStyle(e, '::before').content, getComputedStyle(e).color, getComputedStyle(e).display,
            e.getAttribute('aria-label')])""")
        before = d["raw_text"][:d["title"]["start"]]
        if not before.strip():
            assert boxes == [], d["id"]
            continue
        furnished += 1
        assert len(boxes) == 1, d["id"]
        text, label, color, display, aria = boxes[0]
        assert before.startswith(text) and text.strip() == before.strip(), d["id"]
        assert "furniture" in label.lower() and "furniture" in aria.lower() and display == "block", d["id"]
        assert color != page.evaluate("getComputedStyle(document.querySelector('pre.raw')).color"), d["id"]
        if d["publisher"] == "kremlin":
            assert "View settings" in text and "Font size:" in text and d["title"]["text"] not in text
    assert furnished >= 3
    page.close()


def test_the_index_names_the_release_and_explains_each_document(release, browser):
    """Version, each document's title, publisher, genre, printed date and utterance count, a legend, and links
    to the card, the figures and croissant.json that resolve to files of the release."""
    entities = {e["id"]: e["name"] for e in table(release, "entities")}
    counts = Counter(u["document"] for u in table(release, "utterances"))
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto((release / "viewer/index.html").as_uri())
    assert "9.9.9" in page.title() and "9.9.9" in page.text_content("h1")
    for d in documents(release):
        item = page.locator(f'ul.docs li:has(a[href="{d["id"]}.html"])')
        text = " ".join(item.text_content().split())
        assert item.locator("a").text_content() == d["title"]["text"]
        assert entities[d["publisher"]] in text and d["genre"].replace("_", " ") in text, d["id"]
        assert (d["printed_date"]["normalized"] or "no date printed") in text, d["id"]
        assert f"{counts[d['id']]} utterance" in text, d["id"]
    hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    assert "../README.md" in hrefs and "../croissant.json" in hrefs
    figures = sorted(h for h in hrefs if h.startswith("../figures/"))
    assert figures == sorted(f"../figures/{p.name}" for p in (release / "figures").glob("*.svg")) and figures
    for h in hrefs:
        if h.startswith("../"):
            assert (release / "viewer" / h).resolve().is_file(), h
    legend = page.text_content("ul.legend")
    for said in ("Putin", "Assad", "direct quote", "indirect report", "transcript turn", "passage", "furniture"):
        assert said in legend
    page.close()


def fold(text: str) -> str:
    """The search's normalisation, as the issue states it: no-break (and other) spaces as one space, case ignored."""
    return " ".join(text.replace("\u00a0", " ").split()).lower()


def result_hrefs(page) -> list[str]:
    return page.eval_on_selector_all("#results li > a", "els => els.map(e => e.getAttribute('href'))")


def test_the_search_finds_utterances_by_text_speaker_and_mode(release, browser):
    """Type words as a reader would (a no-break space typed as a space, other case): the results are exactly the
    utterances of the release whose text holds them; speaker and mode narrow them; a result opens the utterance
    selected."""
    rows = table(release, "utterances")
    target = next(u for u in rows if "\u00a0" in u["text"])
    at = target["text"].index("\u00a0")
    phrase = target["text"][max(0, at - 12):at + 12]
    typed = phrase.replace("\u00a0", " ").upper()
    assert typed not in target["text"] and fold(typed) in fold(target["text"])
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto((release / "viewer/index.html").as_uri())
    assert page.get_attribute("#q", "type") == "search"
    assert page.locator('label[for="q"]').count() == 1
    page.fill("#q", typed)
    expected = [f'{u["document"]}.html#{u["id"]}' for u in rows if fold(typed) in fold(u["text"])]
    assert f'{target["document"]}.html#{target["id"]}' in expected
    assert result_hrefs(page) == expected
    page.fill("#q", "syria")
    for speaker in sorted({u["speaker"] for u in rows}):
        page.select_option("#speaker", speaker)
        for mode in ("", "direct_quote"):
            page.select_option("#mode", mode)
            assert result_hrefs(page) == [f'{u["document"]}.html#{u["id"]}' for u in rows if "syria" in fold(u["text"])
                                          and u["speaker"] == speaker and (not mode or u["mode"] == mode)]
    page.select_option("#speaker", "")
    page.select_option("#mode", "")
    page.fill("#q", typed)
    page.click(f'#results a[href="{target["document"]}.html#{target["id"]}"]')
    page.wait_for_url(f"**/{target['document']}.html#*")
    assert "selected" in page.get_attribute(f'[id="{target["id"]}"]', "class")
    page.close()


def test_at_phone_width_nothing_scrolls_sideways_and_the_panel_can_be_hidden(release, browser):
    page = browser.new_page(viewport={"width": 400, "height": 900})
    for name in ["index"] + [d["id"] for d in documents(release)]:
        page.goto((release / "viewer" / f"{name}.html").as_uri())
        open_all_details(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 400, name
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).fontSize)")
        assert size >= 16, name
    doc, u = "syria-times-sochi-summit", utterances(release)["syria-times-sochi-summit"][-1]
    page.goto((release / "viewer" / f"{doc}.html").as_uri())
    page.locator(f'[id="{u["id"]}"]').scroll_into_view_if_needed()
    page.click(f'[id="{u["id"]}"]')
    check_panel(page, 400, 900)
    # the selection is not hidden behind the panel
    top = page.evaluate(f"document.getElementById('{u['id']}').getBoundingClientRect().top")
    assert 0 <= top < 900 - page.evaluate("document.getElementById('panel').offsetHeight")
    page.click("#panel-toggle")
    assert page.get_attribute("#panel-toggle", "aria-expanded") == "false"
    assert page.locator("#panel-body").is_hidden()
    page.click("#panel-toggle")
    assert page.locator("#panel-body").is_visible()
    page.close()


def test_screenshots_of_the_index_a_kremlin_page_and_a_news_rendering(release, browser):
    """For people (test-artifacts/): the index with a search typed, a Kremlin page's top (its website furniture
    shown as such) and a Syria Times quote selected with its comparison, at 1400x1000 and 400x900."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    news = next(a for a in table(release, "alignments") if a["news_document"] == "syria-times-sochi-summit"
                and a["transcript_span"] and a["diff_changed"] + a["diff_added"] + a["diff_dropped"])
    for width, height in SIZES:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto((release / "viewer/index.html").as_uri())
        page.fill("#q", "terrorism")
        page.locator("#search-h").evaluate("e => e.scrollIntoView()")
        assert page.locator("#results li").count() > 0
        page.screenshot(path=str(ARTIFACTS / f"viewer-index-search-{width}.png"))
        page.goto((release / "viewer/kremlin-2017-12-11-khmeimim.html").as_uri())
        assert page.locator(".furniture").is_visible()
        page.screenshot(path=str(ARTIFACTS / f"viewer-kremlin-top-{width}.png"))
        page.goto((release / "viewer/syria-times-sochi-summit.html").as_uri())
        page.locator(f'[id="{news["news_utterance"]}"]').scroll_into_view_if_needed()
        page.click(f'[id="{news["news_utterance"]}"]')
        assert page.locator(f'#view [data-alignment="{news["id"]}"] .diff').count() == 1
        check_panel(page, width, height)
        page.screenshot(path=str(ARTIFACTS / f"viewer-news-rendering-{width}.png"))
        page.close()


def test_every_text_is_escaped_and_the_page_is_a_function_of_its_input(release, browser):
    """Markup in the raw text, the annotations and the names stays text (no element, no script); the raw text
    is on the page exactly; the same input gives the same bytes."""
    from collections import defaultdict

    from pamc.release import viewer

    evil = '<img src=x onerror="alert(1)"> & </script><b>"bold"</b>\u00a0\'q\''
    furniture, title, said = f"Menu {evil}\n\n", f"Title {evil}", f"I said {evil} & left"
    raw = f"{furniture}{title}\n\nPutin: {said}\n"
    start = raw.index("I said")
    speech = viewer.Speech.__new__(viewer.Speech)
    speech.publisher, speech.alignments, speech.passages, speech.of_witness = {"d": "pub"}, {}, {}, {}
    speech.people = {"vladimir-putin": (f"Putin {evil}", f"role {evil}")}
    speech.entities = {"pub": (f"Pub {evil}", "organization"), "syria": (f"Syria {evil}", "country")}
    speech.vocab = {"topics": {"protocol": f"def {evil}"}}
    for name in ("on_page", "renderings", "rendered_by", "renders", "touching"):
        setattr(speech, name, defaultdict(list))
    speech.rendered = {}
    u = {"id": "d.u001", "mode": "transcript_turn", "event": "e", "speaker": "vladimir-putin",
         "speaker_label": {"start": raw.index("Putin:"), "end": raw.index("Putin:") + 5, "text": "Putin"},
         "addressees": ["vladimir-putin"], "start": start, "end": start + len(said), "text": said, "cue": None,
         "source_mention": None, "embedded_in": None, "language": "ru",
         "translation": {"path": ["ru", "en"], "basis": "inferred", "marker": None, "complete": True,
                         "evidence": evil},
         "relay": [{"outlet": "pub", "basis": "explicit", "cue": None, "note": evil}], "topics": ["protocol"],
         "dialogue_acts": [{"start": start, "end": start + len(said), "text": said, "function": "inform",
                            "note": evil}],
         "mentions": [{"start": start, "end": start + 6, "text": "I said", "entity": "syria"}], "note": evil,
         "document": "d", "n_words": 3, "text_normalised": said, "passages": [], "renders": False}
    doc = {"id": "d", "publisher": "pub", "genre": "news_article", "raw_text": raw,
           "title": {"start": len(furniture), "end": len(furniture) + len(title), "text": title},
           "printed_date": {"span": None, "normalized": None}, "printed_place": {"span": None, "normalized": None}}
    events = {"e": {"id": "e", "title": f"Event {evil}", "kind": "bilateral_meeting", "date": "2017-11-20",
                    "date_precision": "day", "place": evil}}
    page_html = viewer.document_page(doc, [u], [], speech, {"vladimir-putin": f"Putin {evil}"}, events)
    assert page_html == viewer.document_page(doc, [u], [], speech, {"vladimir-putin": f"Putin {evil}"}, events)
    assert "<img" not in page_html and '<b>"bold"' not in page_html and page_html.count("</script>") == 2
    page = browser.new_page(viewport={"width": 400, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_content(page_html)
    assert page.text_content("pre.raw") == raw
    page.click('[id="d.u001"]')
    assert evil in page.text_content("#fields-view") and f"Syria {evil}" in page.text_content("#fields-view")
    assert json.loads(page.text_content("#details"))["note"] == evil
    assert page.locator("img").count() == 0 and page.locator("b", has_text="bold").count() == 0 and dialogs == []
    page.close()
