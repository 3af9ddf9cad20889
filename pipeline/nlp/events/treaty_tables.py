"""Agreements listed in a table: a register of treaties (条约名称　签署日期　生效日期, one row a
line, or several rows run together, or a row whose cells go on below its name) says what
was done to each by the column its date stands in."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pipeline.nlp.events.arguments import date_ref
from pipeline.nlp.events.passage import HEADER_LINES, Passage
from pipeline.nlp.events.rules import EventRules

CELL = re.compile(r"[^\u3000\t\n｜|]+?(?= {2,}|[\u3000\t\n｜|]|$)")  # a cell, without its gaps
CONTINUED = ("｜", "|")  # a line that opens with a bar goes on with the row above
HEADER_REACH = 300  # how many characters of a line a header is looked for in


def _cells(p: Passage, low: int, high: int) -> list[tuple[int, int]]:
    """The cells of the text from `low` to `high`, stripped of spaces."""
    cells = []
    for m in CELL.finditer(p.text, low, high):
        start, end = m.span()
        while start < end and p.text[start] == " ":
            start += 1
        if start < end:
            cells.append((start, end))
    return cells


def _row_cells(p: Passage, start: int) -> list[tuple[int, int]]:
    """The cells of the anchor's line within HEADER_REACH characters of it: its own and its
    row's neighbours, at the same cost however long a line of rows run together."""
    low = max(p.line_start(start), start - HEADER_REACH)
    return _cells(p, low, min(p.line_end(start), start + HEADER_REACH))


@lru_cache(maxsize=4)
def _act_labels(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern of every column label of an act, to pass by passages without a register."""
    return re.compile("|".join(map(re.escape, words)))


def _columns(rules: EventRules, p: Passage, cells: list[tuple[int, int]]) -> dict[str, int]:
    """Where the name column and the columns of acts stand among the cells of a header."""
    columns: dict[str, int] = {}
    names = tuple(rules.data["table_name_labels"])
    for i, (start, end) in enumerate(cells):
        label = p.norm[start:end]
        if "name" not in columns and label.endswith(names):
            columns["name"] = i
        for action, words in rules.data["table_act_labels"].items():
            if action not in columns and any(w in label for w in words):
                columns[action] = i
                break
    return columns if "name" in columns and len(columns) > 1 else {}


def _header(rules: EventRules, p: Passage, start: int) -> dict[str, int]:
    """The columns of the nearest header at or above the anchor's line (within HEADER_LINES
    lines; on its own line, only the cells before it), read within HEADER_REACH characters
    (before the anchor on its line, from the start of a line above), so that each anchor
    costs the same however long the table; none in a passage with no act's column label."""
    labels = tuple(w for words in rules.data["table_act_labels"].values() for w in words)
    if not p.search(_act_labels(labels), 0, len(p.norm)):
        return {}
    high, low = start, max(p.line_start(start), start - HEADER_REACH)
    for _ in range(HEADER_LINES):
        columns = _columns(rules, p, _cells(p, low, high))
        if columns or low == 0:
            return columns
        low = p.line_start(low - 1)
        high = min(p.line_end(low), low + HEADER_REACH)
    return {}


def in_register(rules: EventRules, p: Passage, start: int) -> bool:
    """Whether `start` lies under the header of a register of agreements (协定名称　签署日期):
    its rows name agreements acted on, verb or not."""
    return bool(_header(rules, p, start))


def act_in_row(rules: EventRules, p: Passage, start: int, said: tuple[str, Any]) -> tuple[str, Any]:
    """The act and its date a register's row gives the agreement named at `start`: the
    first column of acts (signed, then ratified or acceded) whose cell in its row holds a
    date (全面禁止核试验条约｜1996-09-24｜—: signed; 不扩散核武器条约｜—｜1992-03-09: ratified),
    or the verb of that cell (1992年3月加入: acceded, ratified); else what its sentence said
    (`said`: the action and the date)."""
    columns = _header(rules, p, start)
    if not columns:
        return said
    line_end = p.line_end(start)
    cells = _row_cells(p, start)
    if p.text.startswith(CONTINUED, line_end + 1):  # ｜1996-09-24｜— below the name
        cells += _cells(p, line_end + 1, p.line_end(line_end + 1))
    own = next((i for i, (low, high) in enumerate(cells) if low <= start < high), None)
    if own is None:
        return said
    for action, column in columns.items():
        at = own + column - columns["name"]
        if action == "name" or not 0 <= at < len(cells):
            continue
        dates = p.valued_dates.within(*cells[at])
        if dates:  # 1992年3月加入 under 签署或加入时间: the cell's own verb says which
            verb = rules.action.search(p.norm, *cells[at])
            acted = rules.data["treaty_actions"].get(verb[0], action) if verb else action
            return acted, date_ref(dates[0])
    return said


def whole_cells(
    rules: EventRules, p: Passage, found: list[tuple[int, int, str]], unnamed: set[int]
) -> tuple[list[tuple[int, int, str]], set[int]]:
    """The unnamed agreements of a register's rows as their whole cells (中華民國與瓜地馬拉
    共和國自由貿易協定, not 瓜地馬拉共和國自由貿易協定): a cell that ends with the agreement,
    under a header with a name column, is its name."""
    whole, starts = [], set(unnamed)
    for start, end, name in found:
        if start in unnamed and in_register(rules, p, start):
            cell = next((c for c in _row_cells(p, start) if c[0] < start < c[1]), None)
            if cell is not None and cell[1] == end:
                starts.discard(start)
                starts.add(cell[0])
                start, name = cell[0], p.text[cell[0] : end]
        whole.append((start, end, name))
    return whole, starts
