"""Link footnote markers in the body to their footnotes, and take the markers out.

Markers are found by their footnote's label: the PDF extraction of the paper turned its
circled numbers into rare CJK characters (泝, 沴, 沊, ...), which are only recognisable as
markers because a footnote `註 泝 ...` carries the same character. Other documents write
①, ⑵, [1] or 註1. Footnotes are matched in order: footnote n takes the first occurrence of
its label after footnote n-1's marker and before the footnote itself.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

from pipeline.ingest.layout.lines import Line
from pipeline.ingest.layout.patterns import LayoutPatterns
from pipeline.ingest.layout.text import join_line_ropes, remove_extraction_spaces
from pipeline.ingest.passage import FootnoteRef, Passage

BRACKETS = {"（": "）", "(": ")"}


@dataclass
class FootnoteStats:
    footnotes: int = 0
    linked: int = 0
    unlinked_labels: list[str] | None = None
    cross_references: int = 0


def footnote_passage(raw: str, lines: list[Line], patterns: LayoutPatterns) -> Passage | None:
    """A block that opens with a footnote label whose marker occurs earlier in the text.

    The label is left out of the passage text and kept as the passage's `label`.
    """
    if not lines:
        return None
    m = patterns.footnote_label_raw.search(lines[0].content)
    if not m:
        return None
    marker = "".join(m.group("marker").split())
    if marker not in raw[: lines[0].start]:
        return None
    items = [(lines[0], lines[0].slice_rope(raw, m.end(), len(lines[0].content)))]
    items += [(line, line.rope(raw)) for line in lines[1:]]
    rope = remove_extraction_spaces(join_line_ropes(raw, items))
    return Passage("footnote", rope, label=marker)


def _occurrences(passages: list[Passage], marker: str) -> list[tuple[int, int, int]]:
    """(raw offset, passage index, text position) of every occurrence of `marker`."""
    found = []
    for p_index, passage in enumerate(passages):
        if passage.kind == "footnote":
            continue
        start = passage.text.find(marker)
        while start >= 0:
            found.append((passage.rope.offsets[start], p_index, start))
            start = passage.text.find(marker, start + 1)
    return sorted(found)


def _span_to_remove(text: str, start: int, marker: str) -> tuple[int, int]:
    """The marker, with brackets around it when they enclose nothing else: （註1）."""
    end = start + len(marker)
    if (
        start > 0
        and end < len(text)
        and text[start - 1] in BRACKETS
        and text[end] == BRACKETS[text[start - 1]]
    ):
        return start - 1, end + 1
    return start, end


def link_footnotes(passages: list[Passage]) -> FootnoteStats:
    """Number footnotes in order, link body markers to them, remove markers from texts."""
    footnotes = [p for p in passages if p.kind == "footnote"]
    stats = FootnoteStats(footnotes=len(footnotes), unlinked_labels=[])
    removals: dict[int, list[tuple[int, int, FootnoteRef]]] = defaultdict(list)
    last_raw = -1
    for n, footnote in enumerate(footnotes, start=1):
        footnote.n = n
        if not footnote.label:
            continue
        footnote_start = footnote.rope.offsets[0] if footnote.rope.offsets else 0
        for raw_offset, p_index, pos in _occurrences(passages, footnote.label):
            if last_raw < raw_offset < footnote_start:
                span = _span_to_remove(passages[p_index].text, pos, footnote.label)
                ref = FootnoteRef(footnote.label, n, -1, raw_offset)
                removals[p_index].append((*span, ref))
                last_raw = raw_offset
                stats.linked += 1
                break
        else:
            stats.unlinked_labels.append(footnote.label)  # type: ignore[union-attr]
    stats.cross_references = _cross_references(passages, footnotes, removals)
    for p_index, items in removals.items():
        passage = passages[p_index]
        drop = [i for start, end, _ in items for i in range(start, end)]
        passage.rope = passage.rope.delete(drop)
        for _, _, ref in sorted(items, key=lambda item: item[2].raw_offset):
            ref.start = bisect.bisect_left(passage.rope.offsets, ref.raw_offset)
            passage.notes.append(ref)
    return stats


def _cross_references(
    passages: list[Passage],
    footnotes: list[Passage],
    removals: dict[int, list[tuple[int, int, FootnoteRef]]],
) -> int:
    """Glyph markers quoted inside footnotes (同註泀) become references too.

    Only single-character, non-digit labels are taken: in `同註1` the digit is text.
    """
    by_label = {f.label: f for f in footnotes if f.label and len(f.label) == 1}
    index_of = {id(p): i for i, p in enumerate(passages)}
    count = 0
    for footnote in footnotes:
        for pos, ch in enumerate(footnote.text):
            target = by_label.get(ch)
            if target is None or target is footnote or target.n is None:
                continue
            ref = FootnoteRef(ch, target.n, -1, footnote.rope.offsets[pos])
            removals[index_of[id(footnote)]].append((pos, pos + 1, ref))
            count += 1
    return count
