"""The site's two kinds of page: a document's (its passages with entities and events
highlighted, footnotes linked both ways, the data the script reads) and the index (the
documents and every event, in tables the script sorts and filters)."""

from __future__ import annotations

from typing import Any

from pipeline import ids
from pipeline.nlp.events import registry
from pipeline.outputs.folder import DocumentRecords
from pipeline.outputs.view.markup import embedded_json, escape, mark, page, render_text
from pipeline.outputs.view.records import (
    document_title,
    entity_title,
    event_actors,
    event_summary,
    event_year,
)
from pipeline.schema import ENTITY_LABELS


def document_page(item: DocumentRecords, raw: str) -> str:
    """A document's page; `raw` is its source text, which the inspector shows."""
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
                backrefs.setdefault(note["footnote"], []).append(_ref_id(passage["passage_id"], k))
    sections = []
    data = {"raw": raw, "passages": {}}
    for passage in item.passages:
        records = by_passage.get(passage["passage_id"], {})
        sections.append(_passage(passage, records, seq_of, backrefs.get(passage["passage_id"], [])))
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
    return page(document_title(doc), body, "../assets")


def _passage(
    passage: dict[str, Any],
    records: dict[str, list[dict]],
    seq_of: dict[str, int],
    backrefs: list[str],
) -> str:
    pid = passage["passage_id"]
    intervals = []
    for k, ent in enumerate(records.get("entities", [])):
        attrs = {"label": ent["label"], "mention": ent["mention_id"], "source": ent["source"]}
        intervals.append(mark(ent, "ent", attrs, entity_title(ent), 1 + k))
    for k, event in enumerate(records.get("events", [])):
        title = event["type"] + ": " + event_summary(event)
        intervals.append(
            mark(event, f"ev ev-{event['type']}", {"event": event["event_id"]}, title, -1 - k)
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
        f'<span class="args">{escape(event_summary(e))}</span></li>'
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


def index_page(rows: list[dict[str, Any]], events: list[dict[str, Any]]) -> str:
    """The index: `rows` are the documents (with `_counts`), `events` every event (with
    its document's `_title`)."""
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
        actors = event_actors(e)
        href = f"doc/{escape(e['doc_id'])}.html#e-{escape(e['event_id'])}"
        event_rows.append(
            f'<tr data-type="{escape(e["type"])}" data-year="{escape(event_year(e))}" '
            f'data-actors="{escape(" ".join(actors))}">'
            f"<td>{escape(e['type'])}</td>"
            f'<td lang="zh"><a href="{href}">{escape(e["text"])}</a></td>'
            f"<td>{escape(event_year(e))}</td><td>{escape(', '.join(actors))}</td>"
            f'<td lang="zh">{escape(e["_title"])}</td><td class=num>{escape(seq)}</td>'
            f'<td class="args">{escape(event_summary(e))}</td></tr>'
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
    return page("Corpus", body, "assets")


def _ref_id(passage_id: str, k: int) -> str:
    """The id of a footnote reference (its footnote links back to it)."""
    return f"ref-{passage_id}-{k}"


def _legend() -> str:
    return "".join(
        f'<mark class="ent" data-label="{label}">{label}</mark>' for label in ENTITY_LABELS
    ) + "".join(f'<mark class="ev ev-{kind}">{kind}</mark>' for kind in registry.names())
