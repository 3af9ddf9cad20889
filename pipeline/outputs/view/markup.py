"""The HTML every page is made of: text escaped (and JSON embedded in a page with `<`,
`>` and `&` escaped), a passage's text with its highlights nested, and the page around a
body, which loads only the site's own files (its Content-Security-Policy)."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

# Only the site's own files: no inline script, nothing from elsewhere.
CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:"


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


def mark(
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


def page(title: str, body: str, assets: str) -> str:
    """A whole page around `body`; `assets` is the relative path to the site's assets."""
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
