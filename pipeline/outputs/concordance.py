"""`python -m pipeline show OUT`: a concordance of an extract output folder, and SQL over it.

Linguists check annotations in context and downstream users ask ad-hoc questions (which
treaties did Russia sign in the 1990s?); both work from the JSONL files without a loader.

    python -m pipeline show out --type treaty --entity 俄羅斯 --year 1990-2000

prints one keyword-in-context line a hit: the passage_id (`<doc_id>:<seq>`, so it names the
document too), the raw offsets of the anchor (design §4), the left context, the anchor
between ` | ` separators, the right context and, in brackets, what was recorded about it.
A summary (`N hits in M documents`) goes to stderr. `--format tsv|jsonl` writes the same
hits for machines, with the contexts unpadded.

Rows: `--type` (repeatable or comma-separated, case-insensitive) takes event types
(treaty, exercise, percentage), whose rows are event mentions, and entity labels (GPE, ORG,
PERSON, DATE, PERCENT, ...), whose rows are entity mentions; both kinds may be mixed.
Without `--type` the rows are the event mentions of every type: the events are what the
concordance is for, and every filter applies to them. All filters combine with AND:

- `--entity X` (repeatable): a kb_id (RUS) or a gazetteer name in either script or English
  (俄羅斯, 俄罗斯, Russia). An event must involve every X given (its parties, participants
  or subject); an entity mention, which has a single kb_id, must be one of them.
- `--year A` or `--year A-B` (inclusive; only the year of an ISO value counts, 2004-07 is
  2004): a treaty is dated by `args.date` (a year, or a `start`-`end` range: 1960年代),
  an exercise by `args.start` to `args.end`; a
  percentage has no date argument and is dated by the DATE mentions inside its evidence
  sentence; an event without such a date never passes. A DATE mention passes when its value
  (a year, or a `start`-`end` range) overlaps the years; other entity labels have no date.
- `--text REGEX`: searched in the anchor of a mention, and in the evidence sentence of an
  event, each in its own script and in Simplified (`text_norm`); the pattern is converted to
  Simplified too, so either script finds both.
- `--doc PREFIX`: documents whose doc_id starts with it; `--limit N`: the first N hits.

Documents recorded with an error have nothing to show. The exit status is 0 when the
command ran, hits or none, and 1 on an error (not an output folder, a bad option or query).
A reader that stops early (`show OUT | head`) ends the command quietly with status 141,
as a command killed by SIGPIPE has (128 + 13), with no summary and no error message.

`--sql QUERY` runs DuckDB (an extra: `pip install '.[sql]'`) over the views `documents`,
`passages`, `entities`, `events` and `errors`. Nested fields are STRUCTs: `events.args`
holds the union of the keys of every event type (absent ones are NULL), so treaties per
party are

    python -m pipeline show out --sql "SELECT p AS party, count(*) AS n FROM events,
        unnest(args.parties) AS t(p) WHERE type = 'treaty' GROUP BY p ORDER BY n DESC"

and a treaty's date is `args.date.value` (or `args.date.start`/`end` for a range). A key
that no record of the file has is not a field at all (a binder error);
`json_extract(to_json(args), '$.parties')` reads it as NULL.
`entities.value.value` is a string for DATE and a number for PERCENT, so DuckDB types it
JSON: `value.value ->> '$'` is its text. Empty files are views with no rows and the columns
of their JSON schema. `--format tsv|jsonl` applies to the result too.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.nlp.events import registry
from pipeline.nlp.gazetteer import load_gazetteer
from pipeline.outputs.folder import DocumentRecords, OutputError, OutputFolder
from pipeline.schema import ENTITY_LABELS, validator
from pipeline.text.chars import display_width
from pipeline.text.normalize import Normalizer

if TYPE_CHECKING:
    import duckdb

YEARS = re.compile(r"(\d{4})(?:-(\d{4}))?")
LEADING_YEAR = re.compile(r"\d{4}")
DEFAULT_WIDTH = 30
SEPARATOR = " | "
DISPLAY_CONTROLS = str.maketrans({"\n": "⏎", "\r": " ", "\t": " "})
TSV_CONTROLS = str.maketrans({"\n": " ", "\r": " ", "\t": " "})
VIEWS = ("documents", "passages", "entities", "events", "errors")
# DuckDB would type a field DATE when all its values are full dates, and VARCHAR when some
# are `2004` or `2004-07`; a format that no value has keeps every ISO date a string.
NO_DATE_FORMAT = "'\x1f%Y'"
SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN"}
TSV_COLUMNS = ("kind", "type", "id", "doc_id", "passage_id", "raw_start", "raw_end")
TSV_COLUMNS += ("left", "text", "right", "args")
FILTERS = ("types", "entity", "year", "text", "doc", "limit")
# The exit status after the reader of standard output went away (`show OUT | head`): that of
# a process killed by SIGPIPE, as `cat` or `grep` would have.
SQL_EXTRA = "--sql needs DuckDB, an extra of this package: pip install '.[sql]'"


@dataclass(frozen=True)
class Query:
    """The concordance filters, resolved (names to kb_ids, the pattern to both scripts)."""

    event_types: frozenset[str]
    labels: frozenset[str]
    entities: tuple[frozenset[str], ...] = ()
    years: tuple[int, int] | None = None
    patterns: tuple[re.Pattern[str], ...] = ()
    doc_prefix: str = ""
    limit: int | None = None


@dataclass(frozen=True)
class Hit:
    """One event or entity mention with the passage it is in."""

    record: dict[str, Any]
    passage: dict[str, Any]

    @property
    def is_event(self) -> bool:
        return "event_id" in self.record

    @property
    def type(self) -> str:
        return str(self.record["type"] if self.is_event else self.record["label"])

    def left(self, width: int) -> str:
        """The passage text before the anchor, at most `width` display columns of it."""
        text = self.passage["text"][: self.record["start"]]
        start, used = len(text), 0
        while start > 0 and used + display_width(text[start - 1]) <= width:
            start -= 1
            used += display_width(text[start])
        return text[start:]

    def right(self, width: int) -> str:
        """The passage text after the anchor, at most `width` display columns of it."""
        text = self.passage["text"][self.record["end"] :]
        end, used = 0, 0
        while end < len(text) and used + display_width(text[end]) <= width:
            used += display_width(text[end])
            end += 1
        return text[:end]

    def extra(self) -> str:
        """What was recorded about the mention: key arguments, or label, kb_id and value."""
        if self.is_event:
            args = self.record["args"]
            event_type = registry.get(self.type)
            shown = [
                f"{key}={_compact(args.get(key))}"
                for key in (event_type.shown_args if event_type else ())
                if args.get(key) not in (None, [])
            ]
            return " ".join([self.type, *shown])
        value = self.record.get("value") or {}
        shown = [f"{key}={_compact(v)}" for key, v in value.items() if v is not None]
        return " ".join(filter(None, [self.type, self.record.get("kb_id"), *shown]))

    def fields(self, width: int) -> dict[str, Any]:
        """The machine-readable hit (`--format jsonl`; tsv flattens it)."""
        record = self.record
        args = (
            record["args"]
            if self.is_event
            else {"kb_id": record.get("kb_id"), "value": record.get("value")}
        )
        return {
            "kind": "event" if self.is_event else "entity",
            "id": record["event_id"] if self.is_event else record["mention_id"],
            "doc_id": record["doc_id"],
            "passage_id": record["passage_id"],
            "type" if self.is_event else "label": self.type,
            "text": record["text"],
            "start": record["start"],
            "end": record["end"],
            "raw_start": record["raw_start"],
            "raw_end": record["raw_end"],
            "left": self.left(width),
            "right": self.right(width),
            "args": args,
        }


def _compact(value: Any) -> str:
    """An argument as one short token: lists joined by commas, dates by their value."""
    if isinstance(value, list):
        return ",".join(map(str, value))
    if isinstance(value, dict):
        return str(value.get("value", value.get("kb_id", value.get("text"))))
    return str(value)


def parse_types(values: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """`--type` values to (event types, entity labels); an unknown name is a ValueError."""
    events, labels = set(), set()
    for name in (n.strip() for value in values for n in value.split(",") if n.strip()):
        if name.lower() in registry.names():
            events.add(name.lower())
        elif name.upper() in ENTITY_LABELS:
            labels.add(name.upper())
        else:
            known = ", ".join((*registry.names(), *ENTITY_LABELS))
            raise ValueError(f"unknown --type {name!r} (one of {known})")
    return frozenset(events), frozenset(labels)


def parse_years(text: str) -> tuple[int, int]:
    """`1993` or `1990-2000` to an inclusive range of years."""
    match = YEARS.fullmatch(text.strip())
    if not match:
        raise ValueError(f"--year {text!r} is not YEAR or YEAR-YEAR")
    first = int(match[1])
    last = int(match[2] or first)
    if last < first:
        raise ValueError(f"--year {text!r} ends before it starts")
    return first, last


@cache
def _simplified() -> Normalizer:
    """One normalizer for the process (building its character map takes a while)."""
    return Normalizer()


def _key(name: str) -> str:
    return _simplified()(name).casefold()


@cache
def _gazetteer_keys() -> dict[str, frozenset[str]]:
    """Every id, English name, name and abbreviation (Simplified, casefolded) → its ids."""
    keys: dict[str, set[str]] = {}
    for entity in load_gazetteer():
        for name in (entity.id, entity.en, *entity.names, *entity.abbrev):
            keys.setdefault(_key(name), set()).add(entity.id)
    return {key: frozenset(ids) for key, ids in keys.items()}


def resolve_entity(name: str) -> frozenset[str] | None:
    """The kb_ids a kb_id or name stands for (either script, English); None if unknown."""
    ids = _gazetteer_keys().get(_key(name))
    if ids is not None and name in ids:
        return frozenset({name})
    return ids


def compile_patterns(pattern: str) -> tuple[re.Pattern[str], ...]:
    """The pattern as written and converted to Simplified (re.error if it is not a regex)."""
    simplified = _simplified()(pattern)
    return tuple(re.compile(p) for p in dict.fromkeys([pattern, simplified]))


def _year(value: Any) -> int | None:
    match = LEADING_YEAR.match(value) if isinstance(value, str) else None
    return int(match[0]) if match else None


def _value_years(value: dict[str, Any] | None) -> tuple[int, int] | None:
    """The years a recorded date covers: `{"value"}` one year, `{"start","end"}` a range."""
    if not value:
        return None
    years = [y for key in ("value", "start", "end") if (y := _year(value.get(key))) is not None]
    return (min(years), max(years)) if years else None


def event_years(event: dict[str, Any], dates: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """The year ranges an event is dated by (module docstring); `dates` are the DATE
    mentions of its passage."""
    event_type = registry.get(event["type"])
    keys = event_type.date_args if event_type else ()
    if keys:  # else: dated by its sentence
        spans = [span for key in keys if (span := _value_years(event["args"].get(key)))]
        return [(min(s[0] for s in spans), max(s[1] for s in spans))] if spans else []
    sentence = event["sentence"]
    return [
        span
        for date in dates
        if sentence["start"] <= date["start"]
        and date["end"] <= sentence["end"]
        and (span := _value_years(date.get("value")))
    ]


def _overlaps(spans: Iterable[tuple[int, int]], years: tuple[int, int]) -> bool:
    return any(first <= years[1] and last >= years[0] for first, last in spans)


def _involved(event: dict[str, Any]) -> set[str]:
    args, event_type = event["args"], registry.get(event["type"])
    ids: set[str] = set()
    for key in event_type.actor_args if event_type else ():
        value = args.get(key)
        ids.update(value if isinstance(value, list) else [value] if value else [])
    return ids


def _text_matches(hit: Hit, patterns: tuple[re.Pattern[str], ...]) -> bool:
    start, end = hit.record["start"], hit.record["end"]
    if hit.is_event:
        start, end = hit.record["sentence"]["start"], hit.record["sentence"]["end"]
    texts = (hit.passage["text"][start:end], hit.passage["text_norm"][start:end])
    return any(p.search(text) for p in patterns for text in texts)


def _event_passes(event: dict[str, Any], query: Query, dates: list[dict[str, Any]]) -> bool:
    """`dates` are the DATE mentions of the event's passage."""
    return (
        event["type"] in query.event_types
        and all(ids & _involved(event) for ids in query.entities)
        and (not query.years or _overlaps(event_years(event, dates), query.years))
    )


def _mention_passes(mention: dict[str, Any], query: Query) -> bool:
    span = _value_years(mention.get("value")) if mention["label"] == "DATE" else None
    return (
        mention["label"] in query.labels
        and (not query.entities or any(mention.get("kb_id") in ids for ids in query.entities))
        and (not query.years or (span is not None and _overlaps([span], query.years)))
    )


def document_hits(item: DocumentRecords, query: Query) -> Iterator[Hit]:
    """The hits of one document, in passage order and by offset within a passage."""
    passages = {p["passage_id"]: p for p in item.passages}
    dates: dict[str, list[dict[str, Any]]] = {}
    for mention in item.entities:
        if mention["label"] == "DATE":
            dates.setdefault(mention["passage_id"], []).append(mention)
    records = [
        *(e for e in item.events if _event_passes(e, query, dates.get(e["passage_id"], []))),
        *(m for m in item.entities if _mention_passes(m, query)),
    ]
    hits = [Hit(record, passages[record["passage_id"]]) for record in records]
    hits.sort(key=lambda h: (h.passage["seq"], h.record["start"], h.record["end"]))
    return (hit for hit in hits if not query.patterns or _text_matches(hit, query.patterns))


def find_hits(folder: OutputFolder, query: Query) -> Iterator[Hit]:
    """Every hit of the folder in output order, at most `query.limit` of them."""
    count = 0
    for item in folder.documents():
        if not item.ok or not item.doc_id.startswith(query.doc_prefix):
            continue
        for hit in document_hits(item, query):
            if query.limit is not None and count >= query.limit:
                return
            count += 1
            yield hit


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
            f"{_pad(left, width, right_align=True)}{SEPARATOR}"
            f"{_pad(anchor, anchor_width)}{SEPARATOR}{_pad(right, width)}  [{hit.extra()}]"
        )
    return lines


def _pad(text: str, width: int, right_align: bool = False) -> str:
    """Pads to `width` display columns (a wide character counts two)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right_align else text + fill


def tsv_line(values: Iterable[Any]) -> str:
    """One TSV row: tabs and line breaks inside a value become spaces, NULL is empty."""
    return "\t".join(_cell(v, "", TSV_CONTROLS) for v in values)


def _cell(value: Any, null: str, controls: dict[int, str]) -> str:
    """A value as one line of text: nested values as JSON."""
    if value is None:
        return null
    if isinstance(value, dict | list):
        return _json(value)
    return str(value).translate(controls)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


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
                out.write(_json(fields) + "\n")
            count += 1
            documents.add(hit.record["doc_id"])
    out.flush()  # a reader that went away is noticed here, before the summary
    limited = " (--limit reached)" if query.limit is not None and count >= query.limit else ""
    print(
        f"show: {_plural(count, 'hit')} in {_plural(len(documents), 'document')}{limited}",
        file=sys.stderr,
    )
    return count


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _has_records(path: Path) -> bool:
    with path.open(encoding="utf-8") as lines:
        return any(line.strip() for line in lines)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_type(spec: dict[str, Any]) -> str:
    """The DuckDB type of a JSON-schema property (enums are strings, nesting is JSON)."""
    types = spec.get("type", "string")
    first = next(t for t in ([types] if isinstance(types, str) else types) if t != "null")
    return SQL_TYPES.get(first, "JSON")


def _view_source(path: Path, name: str) -> str:
    """The SELECT a view is: the JSONL read with types from every record (not a sample,
    so a field's type holds for the whole file), or for an empty file no rows with the
    columns of its JSON schema."""
    if _has_records(path):
        return (
            f"SELECT * FROM read_json({_sql_string(str(path))}, "
            f"format = 'newline_delimited', sample_size = -1, "
            f"dateformat = {NO_DATE_FORMAT}, timestampformat = {NO_DATE_FORMAT})"
        )
    properties = validator(f"{name}.jsonl").schema["properties"]
    columns = ", ".join(
        f'CAST(NULL AS {_sql_type(spec)}) AS "{column}"' for column, spec in properties.items()
    )
    return f"SELECT {columns} LIMIT 0"


def _duckdb() -> Any:
    """DuckDB, imported only for `--sql` (it is an extra: the rest of the package runs
    without it); a ValueError that says how to install it when it is missing."""
    try:
        import duckdb
    except ImportError as err:
        raise ValueError(SQL_EXTRA) from err
    return duckdb


def connect(folder: OutputFolder) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view a JSONL file of the folder."""
    connection = _duckdb().connect()
    for name in VIEWS:
        path = folder.path / f"{name}.jsonl"
        if path.is_file():
            connection.execute(f"CREATE VIEW {name} AS {_view_source(path, name)}")
    return connection


def table_lines(columns: list[str], rows: list[tuple[Any, ...]]) -> list[str]:
    """An aligned text table: numbers right-aligned, NULL written out, nesting as JSON."""
    cells = [[_cell(v, "NULL", DISPLAY_CONTROLS) for v in row] for row in rows]
    numeric = [
        any(_is_number(row[i]) for row in rows)
        and all(_is_number(row[i]) or row[i] is None for row in rows)
        for i in range(len(columns))
    ]
    widths = [
        max([display_width(c), *(display_width(cell[i]) for cell in cells)])
        for i, c in enumerate(columns)
    ]

    def line(values: list[str]) -> str:
        return "  ".join(
            _pad(v, w, right_align=n) for v, w, n in zip(values, widths, numeric, strict=True)
        ).rstrip()

    return [line(columns), line(["-" * w for w in widths]), *map(line, cells)]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def run_sql(folder: OutputFolder, sql: str, fmt: str) -> int:
    """Runs the query and writes its result; a DuckDB error is a message and status 1."""
    duckdb = _duckdb()
    try:
        cursor = connect(folder).execute(sql)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall() if columns else []
    except duckdb.Error as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if fmt == "text":
        lines = table_lines(columns, rows) if columns else []
    elif fmt == "tsv":
        lines = ["\t".join(columns), *map(tsv_line, rows)]
    else:
        lines = [_json(dict(zip(columns, row, strict=True))) for row in rows]
    for line in lines:
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
    print(f"show: {_plural(len(rows), 'row')}", file=sys.stderr)
    return 0


def _query(args: argparse.Namespace) -> Query:
    """The filters of the command line; a ValueError (or re.error) says what is wrong."""
    event_types, labels = (
        parse_types(args.types) if args.types else (frozenset(registry.names()), frozenset())
    )
    entities = []
    for name in args.entity:
        ids = resolve_entity(name)
        if ids is None:
            print(
                f"note: no gazetteer entity is called {name!r}; taken as a kb_id", file=sys.stderr
            )
        entities.append(ids or frozenset({name}))
    years = parse_years(args.year) if args.year else None
    undated = labels - {"DATE"}
    if years and undated:
        raise ValueError(
            f"--year dates events and DATE mentions; {', '.join(sorted(undated))} have no date"
        )
    if args.limit is not None and args.limit < 0:
        raise ValueError("--limit must not be negative")
    return Query(
        event_types=event_types,
        labels=labels,
        entities=tuple(entities),
        years=years,
        patterns=compile_patterns(args.text) if args.text else (),
        doc_prefix=args.doc or "",
        limit=args.limit,
    )


def run_show(args: argparse.Namespace) -> int:
    """The `show` command: 0 when it ran (with or without hits), 1 on any error; a reader
    that goes away ends it quietly with 141 (pipeline.cli.main, for every command)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    return _show(args)


def _show(args: argparse.Namespace) -> int:
    try:
        folder = OutputFolder(args.out)
        if args.sql is not None:
            given = [f for f in FILTERS if getattr(args, f) not in (None, [])]
            if given:
                raise ValueError(f"--sql takes no concordance filters (got --{given[0]})")
            return run_sql(folder, args.sql, args.format)
        show_hits(folder, _query(args), args.format, args.width)
    except BrokenPipeError:
        raise
    except (OutputError, OSError, ValueError, re.error) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Adds `show` to the command line's subcommands."""
    parser = commands.add_parser(
        "show", help="concordance (keyword in context) and SQL over an output folder"
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="an extract output folder")
    parser.add_argument(
        "--type",
        dest="types",
        action="append",
        metavar="T",
        help="event type (treaty, exercise, percentage) or entity label (GPE, PERCENT, ...); "
        "repeatable or comma-separated; default: every event type",
    )
    parser.add_argument(
        "--entity",
        action="append",
        default=[],
        metavar="X",
        help="kb_id or gazetteer name (either script): events involving it, mentions of it",
    )
    parser.add_argument("--year", metavar="A[-B]", help="events or DATE mentions of these years")
    parser.add_argument("--text", metavar="REGEX", help="in the mention, or the event's sentence")
    parser.add_argument("--doc", metavar="PREFIX", help="documents whose doc_id starts so")
    parser.add_argument("--limit", type=int, metavar="N", help="at most N hits")
    parser.add_argument(
        "--width",
        type=int,
        default=DEFAULT_WIDTH,
        metavar="COLS",
        help=f"context on each side in display columns (default {DEFAULT_WIDTH})",
    )
    parser.add_argument(
        "--format",
        choices=("text", "tsv", "jsonl"),
        default="text",
        help="text (aligned, for reading; default), tsv with a header, or jsonl",
    )
    parser.add_argument(
        "--sql",
        metavar="QUERY",
        help="DuckDB SQL over the views documents, passages, ... (pip install '.[sql]')",
    )
    parser.set_defaults(handler=run_show)
