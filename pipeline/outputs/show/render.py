"""How `show` writes what it found: keyword-in-context lines aligned by display width
(a wide character counts two), TSV and JSONL for machines, the aligned table of an SQL
result, and the summary line on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

from pipeline.outputs.folder import OutputFolder
from pipeline.outputs.show.filters import Query
from pipeline.outputs.show.select import Hit, find_hits
from pipeline.text.chars import display_width

SEPARATOR = " | "
DISPLAY_CONTROLS = str.maketrans({"\n": "⏎", "\r": " ", "\t": " "})
TSV_CONTROLS = str.maketrans({"\n": " ", "\r": " ", "\t": " "})
TSV_COLUMNS = ("kind", "type", "id", "doc_id", "passage_id", "raw_start", "raw_end")
TSV_COLUMNS += ("left", "text", "right", "args")


def kwic_lines(hits: list[Hit], width: int) -> list[str]:
    """Aligned keyword-in-context lines: every anchor starts in the same display column."""
    anchors = [hit.record["text"].translate(DISPLAY_CONTROLS) for hit in hits]
    spans = [f"{hit.record['raw_start']}-{hit.record['raw_end']}" for hit in hits]
    id_width = max((len(hit.record["passage_id"]) for hit in hits), default=0)
    span_width = max(map(len, spans), default=0)
    anchor_width = max(map(display_width, anchors), default=0)
    lines = []
    for hit, anchor, span in zip(hits, anchors, spans, strict=True):
        left = hit.left(width).translate(DISPLAY_CONTROLS)
        right = hit.right(width).translate(DISPLAY_CONTROLS)
        lines.append(
            f"{hit.record['passage_id']:<{id_width}}  {span:<{span_width}}  "
            f"{pad(left, width, right_align=True)}{SEPARATOR}"
            f"{pad(anchor, anchor_width)}{SEPARATOR}{pad(right, width)}  [{hit.extra()}]"
        )
    return lines


def pad(text: str, width: int, right_align: bool = False) -> str:
    """Pads to `width` display columns (a wide character counts two)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right_align else text + fill


def tsv_line(values: Iterable[Any]) -> str:
    """One TSV row: tabs and line breaks inside a value become spaces, NULL is empty."""
    return "\t".join(cell(v, "", TSV_CONTROLS) for v in values)


def cell(value: Any, null: str, controls: dict[int, str]) -> str:
    """A value as one line of text: nested values as JSON."""
    if value is None:
        return null
    if isinstance(value, dict | list):
        return json_text(value)
    return str(value).translate(controls)


def json_text(value: Any) -> str:
    """One line of JSON, CJK as is; dates and other values DuckDB returns as text."""
    return json.dumps(value, ensure_ascii=False, default=str)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def show_hits(folder: OutputFolder, query: Query, fmt: str, width: int) -> int:
    """Writes the hits in the chosen format and the summary line; returns the hit count."""
    out = sys.stdout
    documents: set[str] = set()
    count = 0
    if fmt == "text":
        hits = list(find_hits(folder, query))
        for line in kwic_lines(hits, width):
            out.write(line + "\n")
        count, documents = len(hits), {hit.record["doc_id"] for hit in hits}
    else:
        if fmt == "tsv":
            out.write("\t".join(TSV_COLUMNS) + "\n")
        for hit in find_hits(folder, query):
            fields = hit.fields(width)
            if fmt == "tsv":
                fields["type"] = hit.type
                out.write(tsv_line(fields.get(c) for c in TSV_COLUMNS) + "\n")
            else:
                out.write(json_text(fields) + "\n")
            count += 1
            documents.add(hit.record["doc_id"])
    out.flush()  # a reader that went away is noticed here, before the summary
    limited = " (--limit reached)" if query.limit is not None and count >= query.limit else ""
    print(
        f"show: {plural(count, 'hit')} in {plural(len(documents), 'document')}{limited}",
        file=sys.stderr,
    )
    return count


def table_lines(columns: list[str], rows: list[tuple[Any, ...]]) -> list[str]:
    """An aligned text table: numbers right-aligned, NULL written out, nesting as JSON."""
    cells = [[cell(v, "NULL", DISPLAY_CONTROLS) for v in row] for row in rows]
    numeric = [
        any(_is_number(row[i]) for row in rows)
        and all(_is_number(row[i]) or row[i] is None for row in rows)
        for i in range(len(columns))
    ]
    widths = [
        max([display_width(c), *(display_width(values[i]) for values in cells)])
        for i, c in enumerate(columns)
    ]

    def line(values: list[str]) -> str:
        return "  ".join(
            pad(v, w, right_align=n) for v, w, n in zip(values, widths, numeric, strict=True)
        ).rstrip()

    return [line(columns), line(["-" * w for w in widths]), *map(line, cells)]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
