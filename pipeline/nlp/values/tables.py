"""Amounts in tables: bare numbers under a caption's unit (（单位：千美元）) or in a column
whose header types them (金额（10亿美元）, 百分比)."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Any

from pipeline.nlp.values.dates import Mention
from pipeline.nlp.values.numerals import clean, number

if TYPE_CHECKING:
    from pipeline.nlp.values.rules import ValueRules


def amounts_in_unit(rules: ValueRules, text: str) -> list[Mention]:
    """In a table whose caption gives the unit (（单位：千美元）), the bare numbers
    after it are amounts of that unit."""
    declared = rules.table_unit.search(text)
    if not declared:
        return []
    scale = rules.scale(declared["scale"])
    currency = rules.data["currencies"][declared["currency"]]
    return [
        (
            m.start(),
            m.end(),
            "MONEY",
            {"amount": clean(number(m[0]) * scale), "currency": currency},
        )
        for m in rules.bare_number.finditer(text, declared.end())
    ]


def amounts_in_columns(rules: ValueRules, text: str) -> tuple[list[Mention], list[tuple[int, int]]]:
    """Bare numbers in table rows under a header that types their column:
    金额（10亿美元） (MONEY of that unit) or 百分比 (PERCENT). A row's trailing numeric
    cells line up with the header's last cells (its label may hold spaces). Also
    returns where the header units are, which are not amounts themselves."""
    mentions: list[Mention] = []
    unit_headers: list[tuple[int, int]] = []
    columns: list[dict[str, Any] | None] = []
    offset = 0
    for line in text.split("\n"):
        cells = [(m.start() + offset, m[0]) for m in rules.table_cell.finditer(line)]
        offset += len(line) + 1
        if not cells or cells[0][1].startswith(rules.table_end):
            columns = []
            continue
        kinds = [column_kind(rules, cell) for _, cell in cells]
        if len(cells) > 1 and any(kinds):
            columns = kinds
            unit_headers += [
                (start + kind["unit_at"], start + len(cell))
                for (start, cell), kind in zip(cells, kinds, strict=True)
                if kind and "unit_at" in kind
            ]
            continue
        for (start, cell), kind in zip(reversed(cells), reversed(columns), strict=False):
            if not rules.whole_number.fullmatch(cell):
                break
            if kind is not None:
                mentions.append((start, start + len(cell), *typed_cell(cell, kind)))
    return mentions, unit_headers


def column_kind(rules: ValueRules, cell: str) -> dict[str, Any] | None:
    """What a header cell says of the numbers under it, if anything (for a unit, also
    where in the cell it is declared)."""
    declared = rules.column_unit.fullmatch(cell)
    if declared:
        return {
            "label": "MONEY",
            "scale": rules.scale(declared["scale"]),
            "currency": rules.data["currencies"][declared["currency"]],
            "unit_at": declared.end("head"),
        }
    if cell.endswith(rules.percent_columns):
        return {"label": "PERCENT"}
    return None


def typed_cell(cell: str, kind: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    if kind["label"] == "MONEY":
        amount = clean(number(cell) * kind["scale"])
        return "MONEY", {"amount": amount, "currency": kind["currency"]}
    return "PERCENT", {"value": clean(number(cell)), "high": None, "approx": None,
                       "unit": "percent"}  # fmt: skip


def inside(position: int, starts: list[int], ranges: list[tuple[int, int]]) -> bool:
    """Whether `position` is in one of `ranges`, which are in order and do not overlap
    (`starts`: where they start)."""
    k = bisect_right(starts, position)
    return k > 0 and position < ranges[k - 1][1]
