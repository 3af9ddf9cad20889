"""Running headers of a PDF dump of a paper: lines that repeat with a page number or a
journal's issue, and the article's or the journal's name without a page number at the top
of a page, between two lines of one sentence."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from itertools import pairwise

from pipeline.ingest.layout.lines import Line
from pipeline.ingest.layout.paragraphs import FULL_RATIO, PARAGRAPH_END_MARKS, column_width
from pipeline.text.chars import ends_sentence

PROSE = re.compile(r"[，。；！？]")  # a line of running text has one (a table cell's 、 is not)
MIN_RUNNING_TITLE, MAX_RUNNING_TITLE = 6, 40  # characters of a running title header
SENTENCE_INNER = re.compile(r"[，。；：、！？,;!?]")
OPEN_BRACKET = re.compile(r"[《「『“（(][^》」』”）)]*$")  # a name or an aside still open


def header_key(line: Line) -> str:
    """The line with digits and whitespace runs normalized: equal for running headers."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.text))


def running_header_keys(lines: list[Line], shape: Callable[[str], object]) -> set[str]:
    """Lines that repeat (digits aside) and carry a page number or name a journal's
    volume or issue (`shape`: 第56卷, 2023年第2期, Vol. 5): running headers; not lines
    that repeat one after another (2016　鷂鷹　美國、韓國 / 2017　鷂鷹　美國、韓國: the rows of
    a table), as a page's header never does."""
    keys = [header_key(ln) for ln in lines]
    counts = Counter(keys)
    shaped = {header_key(ln) for ln in lines if shape(ln.text)}
    adjacent = {a for a, b in pairwise(keys) if a == b}
    return {
        key
        for key, n in counts.items()
        if n >= 2
        and len(key) <= 80
        and key != "#"
        and key not in adjacent
        and (re.match(r"^#\s|.*\s#$", key) or key in shaped)
    }


def mark_running_titles(lines: list[Line], roles: list[str]) -> None:
    """A short line with no punctuation between two lines of one sentence (…至今未批准 /
    北极海洋划界的实践与启示——以巴伦支海为例 / 该协定。): the running header of a page,
    the article's or the journal's name without a page number; not the rest of a name the
    line before opened (…签署《中华人民共和国和蒙古人民 / 共和国友好合作关系条约》) nor a
    line that opens one."""
    body = [i for i, role in enumerate(roles) if role == "body"]
    full = FULL_RATIO * column_width([lines[i] for i in body])
    for before, i, after in zip(body, body[1:], body[2:], strict=False):
        text, previous = lines[i].text.strip(), lines[before].text.rstrip()
        if (
            MIN_RUNNING_TITLE <= len(text) <= MAX_RUNNING_TITLE
            and lines[i].width < full  # shorter than the column: not a line of the text
            and not SENTENCE_INNER.search(text)
            and not OPEN_BRACKET.search(text)  # …簽署的「印度與尼泊爾和平友好: a line cut inside
            and PROSE.search(previous)  # between two lines of prose, not table cells
            and PROSE.search(lines[after].text)
            and not ends_sentence(previous)
            and previous[-1] not in PARAGRAPH_END_MARKS
            and not OPEN_BRACKET.search(previous)
        ):
            roles[i] = "header"
