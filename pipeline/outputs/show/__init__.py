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

The package by job: `filters` (the options to a `Query`), `select` (the hits of a query),
`render` (keyword in context, TSV, JSONL, the summary), `sql` (`--sql`).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

from pipeline.outputs.folder import OutputError, OutputFolder
from pipeline.outputs.show.filters import FILTERS, query
from pipeline.outputs.show.render import show_hits
from pipeline.outputs.show.sql import run_sql

DEFAULT_WIDTH = 30


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
        show_hits(folder, query(args), args.format, args.width)
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
