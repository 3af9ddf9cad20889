"""The viewer's pages, read as HTML: every record is on them, hostile text stays text,
footnotes link both ways. (tests/test_viewer_browser.py drives them in Chromium.)"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import read_jsonl

from pipeline.cli import main
from pipeline.outputs.view import build_view
from pipeline.outputs.view.markup import Interval, embedded_json, render_text


class Elements(HTMLParser):
    """Start tags with their attributes, and the text outside tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def corpus_view(corpus_out: Path) -> Path:
    build_view(corpus_out)
    return corpus_out / "view"


def test_every_entity_and_event_is_on_its_page(corpus_out: Path, corpus_view: Path) -> None:
    entities = read_jsonl(corpus_out / "entities.jsonl")
    events = read_jsonl(corpus_out / "events.jsonl")
    for document in read_jsonl(corpus_out / "documents.jsonl"):
        page = parse(corpus_view / "doc" / f"{document['doc_id']}.html")
        marks = [a for tag, a in page.tags if tag == "mark"]
        shown = {a["data-mention"] for a in marks if "data-mention" in a}
        expected = {e["mention_id"] for e in entities if e["doc_id"] == document["doc_id"]}
        assert shown == expected
        shown_events = {a["data-event"] for a in marks if "data-event" in a}
        expected_events = {e["event_id"] for e in events if e["doc_id"] == document["doc_id"]}
        assert shown_events == expected_events
        # Each mark carries the record's raw offsets.
        raw = {e["mention_id"]: f"{e['raw_start']},{e['raw_end']}" for e in entities}
        assert all(raw[a["data-mention"]] == a["data-raw"] for a in marks if "data-mention" in a)
    index = parse(corpus_view / "index.html")
    rows = [a for tag, a in index.tags if tag == "a" and "#e-" in (a.get("href") or "")]
    assert len(rows) == len(events)


def test_footnote_references_and_back_links(corpus_out: Path, corpus_view: Path) -> None:
    passages = read_jsonl(corpus_out / "passages.jsonl")
    seq = {p["passage_id"]: p["seq"] for p in passages}
    paper = next(p["doc_id"] for p in passages if p["kind"] == "footnote")
    page = parse(corpus_view / "doc" / f"{paper}.html")
    links = {a.get("id"): a.get("href") for tag, a in page.tags if tag == "a"}
    notes = [
        (p, k, n)
        for p in passages
        if p["doc_id"] == paper
        for k, n in enumerate(p["notes"])
        if n["footnote"]
    ]
    assert len(notes) > 50
    for passage, k, note in notes:
        ref = f"ref-{passage['passage_id']}-{k}"
        assert links[ref] == f"#p-{seq[note['footnote']]}"
    back = {a["href"] for tag, a in page.tags if tag == "a" and "back" in (a.get("class") or "")}
    assert back == {f"#ref-{p['passage_id']}-{k}" for p, k, _ in notes}


def test_the_page_text_is_the_passage_text(corpus_out: Path, corpus_view: Path) -> None:
    """Rendering neither drops nor invents characters: the text of a passage's `.text`
    element, footnote markers aside, is the passage text."""
    passages = [p for p in read_jsonl(corpus_out / "passages.jsonl") if not p["notes"]]
    html_text = "".join(
        "".join(parse(corpus_view / "doc" / f"{doc}.html").text)
        for doc in sorted({p["doc_id"] for p in passages})
    )
    assert len(passages) > 100
    for passage in passages:
        assert passage["text"] in html_text


def test_hostile_text_is_escaped(hostile_out: Path) -> None:
    build_view(hostile_out)
    pages = [hostile_out / "view" / "index.html", *sorted((hostile_out / "view" / "doc").glob("*"))]
    assert len(pages) == 2
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>window" not in html
        assert "<img src=x" not in html and "<svg onload" not in html
        assert "</textarea><svg" not in html
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S)
        # Only the site's own script file and the JSON data block.
        assert all(body == "" or body.startswith("{") for body in scripts)
        for tag, attrs in parse(page).tags:
            assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    page = pages[1].read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    data = re.search(r'<script type="application/json" id="doc-data">(.*?)</script>', page, re.S)
    assert "<" not in data.group(1)
    assert "<script>window.__pwned = 1</script>" in json.loads(data.group(1))["raw"]


def test_embedded_json_cannot_close_its_script() -> None:
    text = embedded_json({"a": "</script><!-- & >"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & >"}


def mark(start: int, end: int, name: str, order: int) -> Interval:
    return Interval(start, end, f'<mark data-x="{name}">', (start, -end, order))


def test_crossing_highlights_are_split_and_nested() -> None:
    text = "中國與俄羅斯簽署條約"
    html = render_text(text, text, [mark(0, 6, "a", 1), mark(3, 10, "b", 2)], {8: "<sup>1</sup>"})
    assert html == (
        '<mark data-x="a">中國與<mark data-x="b">俄羅斯</mark></mark>'
        '<mark data-x="b">簽署<sup>1</sup>條約</mark>'
    )


def test_simplified_form_rides_along_for_the_toggle() -> None:
    html = render_text("中國與俄羅斯", "中国与俄罗斯", [mark(0, 2, "a", 1)], {})
    assert html == (
        '<mark data-x="a"><span class="t" data-n="中国">中國</span></mark>'
        '<span class="t" data-n="与俄罗斯">與俄羅斯</span>'
    )


def test_view_command(corpus_out: Path, tmp_path: Path, capsys) -> None:
    assert main(["view", str(corpus_out), "--to", str(tmp_path / "site")]) == 0
    assert (tmp_path / "site" / "index.html").exists()
    assert (tmp_path / "site" / "assets" / "view.js").exists()
    assert "document pages" in capsys.readouterr().out
    assert main(["view", str(tmp_path)]) == 1
    assert "not an extract output" in capsys.readouterr().err
