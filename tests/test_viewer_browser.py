"""The viewer in headless Chromium (Debian's package, driven by Playwright with
`executable_path`; no browser download): every record highlighted, an event row leads to
its passage, the script toggle, hostile text inert, no console errors. A screenshot of a
document page is saved in build/screenshots/ for review (with a CJK font installed:
fonts-noto-cjk, which `make test` installs)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    ROOT,
    cjk_font,
    installed,
    missing,
    read_jsonl,
    russian_treaties_of_the_1990s,
)

from pipeline.outputs.view import HEADLESS_CHROMIUM_ARGS, build_view

SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    executable = installed("chromium")
    if executable is None:
        pytest.skip(missing("chromium"))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=HEADLESS_CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page that collects console errors and uncaught exceptions."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.problems = []
    page.on(
        "console",
        lambda m: page.problems.append(f"{m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {e}"))
    yield page
    page.close()


@pytest.fixture(scope="module")
def site(corpus_out: Path) -> Path:
    build_view(corpus_out)
    return corpus_out / "view"


def unique(page: Any, selector: str, attribute: str) -> int:
    return page.evaluate(
        "([s, a]) => new Set(Array.from(document.querySelectorAll(s), e => e.getAttribute(a)))"
        ".size",
        [selector, attribute],
    )


def test_highlights_equal_the_records(page: Any, site: Path, corpus_out: Path) -> None:
    entities = read_jsonl(corpus_out / "entities.jsonl")
    events = read_jsonl(corpus_out / "events.jsonl")
    for document in read_jsonl(corpus_out / "documents.jsonl"):
        page.goto((site / "doc" / f"{document['doc_id']}.html").as_uri())
        ours = [e for e in entities if e["doc_id"] == document["doc_id"]]
        assert unique(page, "mark[data-mention]", "data-mention") == len(ours)
        theirs = [e for e in events if e["doc_id"] == document["doc_id"]]
        assert unique(page, "mark[data-event]", "data-event") == len(theirs)
    assert page.problems == []


def test_an_event_row_leads_to_its_passage_and_source(
    page: Any, site: Path, corpus_out: Path
) -> None:
    page.goto((site / "index.html").as_uri())
    page.select_option("select[name=type]", "treaty")
    page.fill("input[name=actor]", "RUS")
    page.fill("input[name=from]", "1990")
    page.fill("input[name=to]", "2000")
    rows = page.locator("#events tbody tr:not([hidden])")
    expected = russian_treaties_of_the_1990s(read_jsonl(corpus_out / "events.jsonl"))
    assert rows.count() == len(expected) > 0
    rows.first.locator("a").click()  # click 1: the document, scrolled to the anchor
    page.wait_for_load_state("load")
    event_id = page.url.split("#e-", 1)[1]
    event = next(e for e in expected if e["event_id"] == event_id)
    anchor = page.locator(f'mark[data-event="{event_id}"]').first
    box = anchor.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900
    section = page.locator(f'section[data-passage="{event["passage_id"]}"]')
    assert section.count() == 1
    anchor.click()  # click 2: the source's own characters and their raw offsets
    inspector = page.inner_text("#inspector")
    assert f"raw {event['raw_start']}–{event['raw_end']}" in inspector
    assert (
        page.inner_text("#inspector .raw b").replace("⏎", "").replace("\n", "") == (event["text"])
    )
    assert page.problems == []


def test_a_screenshot_for_review(page: Any, site: Path, corpus_out: Path) -> None:
    """build/screenshots/viewer-document.png: a document at a treaty, its source characters
    in the inspector. Without a CJK font the Chinese would be empty boxes: skipped then."""
    if cjk_font() is None:
        pytest.skip(f"{missing('fonts-noto-cjk')}; without a CJK font the text is empty boxes")
    event = russian_treaties_of_the_1990s(read_jsonl(corpus_out / "events.jsonl"))[0]
    page.goto(f"{(site / 'doc' / (event['doc_id'] + '.html')).as_uri()}#e-{event['event_id']}")
    page.locator(f'mark[data-event="{event["event_id"]}"]').first.click()
    assert f"raw {event['raw_start']}–{event['raw_end']}" in page.inner_text("#inspector")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "viewer-document.png"))
    assert page.problems == []


def test_script_toggle(page: Any, site: Path, corpus_out: Path) -> None:
    passage = next(
        p
        for p in read_jsonl(corpus_out / "passages.jsonl")
        if p["kind"] == "paragraph" and not p["notes"] and p["text"] != p["text_norm"]
    )
    page.goto((site / "doc" / f"{passage['doc_id']}.html").as_uri())
    text = page.locator(f'section[data-passage="{passage["passage_id"]}"] .text')
    assert text.inner_text() == passage["text"]
    page.click("#toggle-script")
    assert text.inner_text() == passage["text_norm"]
    page.click("#toggle-script")
    assert text.inner_text() == passage["text"]
    page.click("#toggle-tokens")
    tokens = page.locator(f'section[data-passage="{passage["passage_id"]}"] .tokens span')
    assert tokens.count() == len(passage["tokens"])
    assert page.problems == []


def test_hostile_text_does_not_run(page: Any, hostile_out: Path) -> None:
    build_view(hostile_out)
    for path in [hostile_out / "view" / "index.html", *(hostile_out / "view" / "doc").glob("*")]:
        page.goto(path.as_uri())
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img, svg, textarea").count() == 0
    assert "<script>window.__pwned = 1</script>" in page.inner_text("main")
    page.locator("mark").first.click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.problems == []
