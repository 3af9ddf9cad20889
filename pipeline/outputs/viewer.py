"""`python -m pipeline view OUT`: a static, self-contained site in OUT/view/ for linguists.

The pages are rendered here, on the server side, from the output folder: every text goes
through `html.escape` (and JSON embedded in a page has `<`, `>` and `&` escaped), so a
document holding `<script>` shows it as text. The script (`view_assets/view.js`) only adds
what needs a browser: sorting and filtering the tables, the Traditional/Simplified toggle,
tokens on demand, and the raw offsets and source characters of what is selected or
clicked. No network, no CDN: it works from `file://` and from `python -m http.server`.
Entity colours are displaCy's (`spacy.displacy.render.DEFAULT_LABEL_COLORS`).
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.displacy.render import DEFAULT_LABEL_COLORS

from pipeline import ids
from pipeline.nlp.events import registry
from pipeline.outputs.folder import DocumentRecords, OutputError, OutputFolder
from pipeline.schema import ENTITY_LABELS

ASSETS = Path(__file__).resolve().parent / "view_assets"
# Only the site's own files: no inline script, nothing from elsewhere.
CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:"
# How tests and benchmarks open the site in Debian's chromium: without the networking
# flags it keeps trying Google's services, which a closed network refuses.
HEADLESS_CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def escape(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def embedded_json(data: Any) -> str:
    """JSON safe inside <script type="application/json">: no `</script>` can end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@dataclass(frozen=True)
class Interval:
    """A highlighted stretch of a passage: an entity or an event anchor."""

    start: int
    end: int
    tag: str  # the element's opening tag, already escaped
    key: tuple[int, int, int]  # nesting order: start, then longest first, events outside


def render_text(text: str, norm: str, intervals: list[Interval], inserts: dict[int, str]) -> str:
    """The passage text as HTML: intervals nested (one crossing another is split into
    pieces), `inserts` (footnote references) placed at their offsets, and every stretch
    whose Simplified form differs wrapped with it for the script toggle."""
    cuts = {0, len(text), *inserts}
    for iv in intervals:
        cuts.update((iv.start, iv.end))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    by_start = sorted(intervals, key=lambda i: i.start)
    next_start = 0
    active: list[Interval] = []  # those covering the current point: a sweep, not a scan
    out: list[str] = []
    stack: list[Interval] = []
    for a, b in zip(points, [*points[1:], None], strict=True):
        active = [iv for iv in active if iv.end > a]
        while next_start < len(by_start) and by_start[next_start].start <= a:
            active.append(by_start[next_start])
            next_start += 1
        covering = sorted(active, key=lambda i: i.key)
        keep = 0
        while keep < len(stack) and keep < len(covering) and stack[keep] is covering[keep]:
            keep += 1
        while len(stack) > keep:
            stack.pop()
            out.append("</mark>")
        if a in inserts:
            out.append(inserts[a])
        if b is None:
            break
        for iv in covering[keep:]:
            out.append(iv.tag)
            stack.append(iv)
        out.append(_text_run(text[a:b], norm[a:b]))
    return "".join(out)


def _text_run(text: str, norm: str) -> str:
    if text == norm:
        return escape(text)
    return f'<span class="t" data-n="{escape(norm)}">{escape(text)}</span>'


def _entity_title(record: dict[str, Any]) -> str:
    parts = [record["label"]]
    if record.get("kb_id"):
        parts.append(record["kb_id"])
    if record.get("value") is not None:
        parts.append(json.dumps(record["value"], ensure_ascii=False))
    if record["text_norm"] != record["text"]:
        parts.append(record["text_norm"])
    parts.append(f"source: {record['source']}")
    parts.append(f"raw {record['raw_start']}–{record['raw_end']}")
    return " · ".join(parts)


def _event_args(event: dict[str, Any], keys: str) -> tuple[str, ...]:
    """The arguments of the event's type named by `keys` (an attribute of its
    registry.EventType); none for a type this process does not register."""
    event_type = registry.get(event["type"])
    return getattr(event_type, keys) if event_type else ()


def _event_summary(event: dict[str, Any]) -> str:
    args = event["args"]
    bits = []
    for key in _event_args(event, "summary_args"):
        value = args.get(key)
        if value in (None, [], ""):
            continue
        if isinstance(value, dict):
            value = value.get("value") or value.get("text")
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        bits.append(f"{key}: {value}")
    if event.get("curated"):
        bits.append(f"curated: {', '.join(event['curated'])}")
    return "; ".join(bits)


def _event_year(event: dict[str, Any]) -> str:
    """The first year an event is dated by (a decade, 1960年代, gives its first year)."""
    args = event["args"]
    for key in _event_args(event, "date_args"):
        value = args.get(key)
        if isinstance(value, dict) and (value.get("value") or value.get("start")):
            return str(value.get("value") or value["start"])[:4]
    return ""


def _event_actors(event: dict[str, Any]) -> list[str]:
    actors: list[str] = []
    for key in _event_args(event, "actor_args"):
        value = event["args"].get(key)
        if isinstance(value, list):
            actors += value
        elif value:
            actors.append(value)
    return actors


def document_title(document: dict[str, Any]) -> str:
    meta = document.get("meta") or {}
    original = meta.get("original") or {}
    return meta.get("title") or original.get("title") or Path(document["path"]).name


class PageWriter:
    """Writes the pages of one output folder into `dest`."""

    def __init__(self, folder: OutputFolder, dest: Path) -> None:
        self.folder = folder
        self.dest = dest

    def write(self) -> dict[str, int]:
        shutil.rmtree(self.dest / "doc", ignore_errors=True)
        (self.dest / "doc").mkdir(parents=True)
        (self.dest / "assets").mkdir(exist_ok=True)
        for asset in ("view.css", "view.js"):
            shutil.copyfile(ASSETS / asset, self.dest / "assets" / asset)
        (self.dest / "assets" / "labels.css").write_text(_label_css(), encoding="utf-8")
        stats: Counter[str] = Counter()
        rows: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for item in self.folder.documents():
            stats["documents"] += 1
            rows.append(item.document | {"_counts": _counts(item)})
            if not item.ok:
                continue
            raw = self.folder.raw_text(item.document)
            page = self.dest / "doc" / f"{item.doc_id}.html"
            page.write_text(self.document_page(item, raw), encoding="utf-8")
            stats["pages"] += 1
            stats["entities"] += len(item.entities)
            stats["events"] += len(item.events)
            title = document_title(item.document)
            events += [e | {"_title": title} for e in item.events]
        (self.dest / "index.html").write_text(self.index_page(rows, events), encoding="utf-8")
        return dict(stats)

    def document_page(self, item: DocumentRecords, raw: str) -> str:
        doc = item.document
        by_passage: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for name in ("entities", "events"):
            for record in getattr(item, name):
                by_passage.setdefault(record["passage_id"], {}).setdefault(name, []).append(record)
        seq_of = {p["passage_id"]: p["seq"] for p in item.passages}
        backrefs: dict[str, list[str]] = {}
        for passage in item.passages:
            for k, note in enumerate(passage.get("notes") or []):
                if note.get("footnote"):
                    backrefs.setdefault(note["footnote"], []).append(
                        _ref_id(passage["passage_id"], k)
                    )
        sections = []
        data = {"raw": raw, "passages": {}}
        for passage in item.passages:
            records = by_passage.get(passage["passage_id"], {})
            sections.append(
                self._passage(passage, records, seq_of, backrefs.get(passage["passage_id"], []))
            )
            data["passages"][passage["passage_id"]] = {
                "align": passage["align"],
                "tokens": passage["tokens"],
                "text": passage["text"],
            }
        meta = doc.get("meta") or {}
        facts = [
            ("date", meta.get("date")),
            ("publisher", meta.get("publisher")),
            ("authors", "、".join(meta.get("authors") or [])),
            ("script", doc["script"]),
            ("kind", doc["kind"]),
            ("encoding", doc["encoding"]),
            ("path", doc["path"]),
        ]
        dup = ""
        if doc.get("duplicate_of"):
            dup = (
                f'<p class="dup">Duplicate of <a href="{escape(doc["duplicate_of"])}.html">'
                f"{escape(doc['duplicate_of'])}</a> (Jaccard {escape(doc['dup_similarity'])})</p>"
            )
        body = f"""
<header class="doc-head">
  <p class="crumbs"><a href="../index.html">← all documents</a></p>
  <h1 lang="zh">{escape(document_title(doc))}</h1>
  <dl class="facts">{"".join(f"<dt>{k}</dt><dd>{escape(v)}</dd>" for k, v in facts if v)}</dl>
  {dup}
  <div class="tools">
    <button type="button" id="toggle-script" aria-pressed="false">简体 / 原文</button>
    <button type="button" id="toggle-tokens" aria-pressed="false">tokens</button>
    <span class="legend">{_legend()}</span>
  </div>
</header>
<main class="passages" lang="zh">
{"".join(sections)}
</main>
<aside id="inspector" aria-live="polite"><p class="hint">Select text or click a highlight:
its raw offsets and source characters show here.</p></aside>
<script type="application/json" id="doc-data">{embedded_json(data)}</script>
"""
        return _page(document_title(doc), body, "../assets")

    def _passage(
        self,
        passage: dict[str, Any],
        records: dict[str, list[dict]],
        seq_of: dict[str, int],
        backrefs: list[str],
    ) -> str:
        pid = passage["passage_id"]
        intervals = []
        for k, ent in enumerate(records.get("entities", [])):
            attrs = {"label": ent["label"], "mention": ent["mention_id"], "source": ent["source"]}
            intervals.append(_mark(ent, "ent", attrs, _entity_title(ent), 1 + k))
        for k, event in enumerate(records.get("events", [])):
            title = event["type"] + ": " + _event_summary(event)
            intervals.append(
                _mark(event, f"ev ev-{event['type']}", {"event": event["event_id"]}, title, -1 - k)
            )
        inserts: dict[int, str] = {}
        for k, note in enumerate(passage.get("notes") or []):
            target = note.get("footnote")
            label = escape(note.get("n") or note.get("marker"))
            ref_id = escape(_ref_id(pid, k))
            link = f'href="#p-{seq_of[target]}"' if target in seq_of else ""
            inserts[note["start"]] = inserts.get(note["start"], "") + (
                f'<sup class="note" data-skip><a id="{ref_id}" {link}>{label}</a></sup>'
            )
        text_html = render_text(passage["text"], passage["text_norm"], intervals, inserts)
        backlinks = "".join(
            f'<a class="back" href="#{escape(ref)}" data-skip title="back to the text">↩</a>'
            for ref in backrefs
        )
        events = "".join(
            f'<li><a href="#e-{escape(e["event_id"])}">{escape(e["type"])}</a> '
            f'<span class="ev-text">{escape(e["text"])}</span> '
            f'<span class="args">{escape(_event_summary(e))}</span></li>'
            for e in records.get("events", [])
        )
        anchors = "".join(
            f'<span id="e-{escape(e["event_id"])}" class="anchor-target" data-target-event="'
            f'{escape(e["event_id"])}"></span>'
            for e in records.get("events", [])
        )
        dup = ""
        if passage.get("duplicate_of"):
            dup = (
                f'<span class="dup" title="Jaccard {escape(passage["dup_similarity"])}">'
                f"duplicate of {escape(passage['duplicate_of'])}</span>"
            )
        return (
            f'<section class="passage kind-{escape(passage["kind"])}" id="p-{passage["seq"]}" '
            f'data-passage="{escape(pid)}">{anchors}'
            f'<div class="kind">{escape(passage["kind"])} {passage["seq"]}{dup}</div>'
            f'<div class="text">{text_html}{backlinks}</div>'
            + (f'<ul class="events">{events}</ul>' if events else "")
            + "</section>\n"
        )

    def index_page(self, rows: list[dict[str, Any]], events: list[dict[str, Any]]) -> str:
        doc_rows = []
        for doc in rows:
            meta = doc.get("meta") or {}
            counts = doc["_counts"]
            title = escape(document_title(doc))
            name = (
                f'<a href="doc/{escape(doc["doc_id"])}.html">{title}</a>'
                if doc["status"] == "ok"
                else f'{title} <span class="error">{escape(doc["error"])}</span>'
            )
            dup = ""
            if doc.get("duplicate_of"):
                dup = (
                    f'duplicate of <a href="doc/{escape(doc["duplicate_of"])}.html">'
                    f"{escape(doc['duplicate_of'])}</a> ({escape(doc['dup_similarity'])})"
                )
            elif doc.get("dup_cluster"):
                dup = "canonical of a cluster"
            doc_rows.append(
                f'<tr><td lang="zh">{name}</td><td>{escape(meta.get("date"))}</td>'
                f"<td>{escape(meta.get('publisher'))}</td><td>{escape(doc['script'])}</td>"
                f"<td>{escape(doc['kind'])}</td><td class=num>{counts['passages']}</td>"
                f"<td class=num>{counts['entities']}</td><td class=num>{counts['events']}</td>"
                f"<td>{dup}</td></tr>"
            )
        event_rows = []
        for e in events:
            seq = ids.seq_of(e["passage_id"])
            actors = _event_actors(e)
            href = f"doc/{escape(e['doc_id'])}.html#e-{escape(e['event_id'])}"
            event_rows.append(
                f'<tr data-type="{escape(e["type"])}" data-year="{escape(_event_year(e))}" '
                f'data-actors="{escape(" ".join(actors))}">'
                f"<td>{escape(e['type'])}</td>"
                f'<td lang="zh"><a href="{href}">{escape(e["text"])}</a></td>'
                f"<td>{escape(_event_year(e))}</td><td>{escape(', '.join(actors))}</td>"
                f'<td lang="zh">{escape(e["_title"])}</td><td class=num>{escape(seq)}</td>'
                f'<td class="args">{escape(_event_summary(e))}</td></tr>'
            )
        types = sorted({e["type"] for e in events})
        body = f"""
<header><h1>Corpus</h1>
<p>{len(rows)} documents, {len(events)} events. Click a column header to sort.</p></header>
<main>
<h2>Documents</h2>
<table class="sortable" id="documents">
<thead><tr><th>title</th><th>date</th><th>source</th><th>script</th><th>kind</th>
<th>passages</th><th>entities</th><th>events</th><th>duplicates</th></tr></thead>
<tbody>{"".join(doc_rows)}</tbody></table>
<h2>Events</h2>
<form class="filters" id="event-filters">
<label>type <select name="type"><option value="">all</option>
{"".join(f"<option>{escape(t)}</option>" for t in types)}</select></label>
<label>party / participant <input name="actor" placeholder="RUS"></label>
<label>years <input name="from" size="5" placeholder="1990"> –
<input name="to" size="5" placeholder="2000"></label>
<output id="event-count">{len(events)} events</output>
</form>
<table class="sortable" id="events">
<thead><tr><th>type</th><th>anchor</th><th>year</th><th>parties / participants</th>
<th>document</th><th>passage</th><th>arguments</th></tr></thead>
<tbody>{"".join(event_rows)}</tbody></table>
</main>
"""
        return _page("Corpus", body, "assets")


def _mark(
    record: dict[str, Any], css: str, attrs: dict[str, str], title: str, order: int
) -> Interval:
    """The highlight of an entity or event record: its ids as data attributes, its
    passage and raw offsets, a tooltip; events (negative order) nest outside entities."""
    data = "".join(f' data-{name}="{escape(value)}"' for name, value in attrs.items())
    start, end = record["start"], record["end"]
    tag = (
        f'<mark class="{escape(css)}"{data} data-span="{start},{end}" '
        f'data-raw="{record["raw_start"]},{record["raw_end"]}" title="{escape(title)}">'
    )
    return Interval(start, end, tag, (start, -end, order))


def _ref_id(passage_id: str, k: int) -> str:
    """The id of a footnote reference (its footnote links back to it)."""
    return f"ref-{passage_id}-{k}"


def _counts(item: DocumentRecords) -> dict[str, int]:
    return {
        "passages": len(item.passages),
        "entities": len(item.entities),
        "events": len(item.events),
    }


def _label_css() -> str:
    rules = [
        f'mark.ent[data-label="{label}"] {{ background: {color}; }}'
        for label, color in sorted(DEFAULT_LABEL_COLORS.items())
    ]
    rules += [
        f".ev-{kind} {{ box-shadow: inset 0 -3px 0 {color}; }}"
        for kind, color in ((t.name, t.color) for t in registry.types())
    ]
    return "\n".join(rules) + "\n"


def _legend() -> str:
    return "".join(
        f'<mark class="ent" data-label="{label}">{label}</mark>' for label in ENTITY_LABELS
    ) + "".join(f'<mark class="ev ev-{kind}">{kind}</mark>' for kind in registry.names())


def _page(title: str, body: str, assets: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{assets}/view.css">
<link rel="stylesheet" href="{assets}/labels.css">
</head>
<body>
{body}
<script src="{assets}/view.js"></script>
</body>
</html>
"""


def build_view(out: Path, dest: Path | None = None) -> dict[str, int]:
    """Writes the site of output folder `out` into `dest` (default OUT/view)."""
    folder = OutputFolder(out)
    return PageWriter(folder, dest or out / "view").write()


def run_view(args: argparse.Namespace) -> int:
    try:
        stats = build_view(args.out, args.to)
    except OutputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    dest = args.to or args.out / "view"
    print(
        f"view: {stats.get('pages', 0)} document pages, {stats.get('entities', 0)} entities, "
        f"{stats.get('events', 0)} events -> {dest}/index.html"
    )
    return 0


def register(commands: Any) -> None:
    view = commands.add_parser("view", help="build the HTML viewer of an output folder")
    view.add_argument("out", type=Path, metavar="OUT", help="an extract output folder")
    view.add_argument("--to", type=Path, metavar="DIR", help="where (default OUT/view)")
    view.set_defaults(handler=run_view)
