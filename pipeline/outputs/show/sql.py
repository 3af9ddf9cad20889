"""`show --sql`: DuckDB over an output folder, one view a JSONL file, typed from every
record (or, for an empty file, from its JSON schema) so a field's type holds for the
whole file. DuckDB is an extra, imported only here and only when asked for."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.outputs.folder import OutputFolder
from pipeline.outputs.show.render import json_text, plural, table_lines, tsv_line
from pipeline.schema import schema

if TYPE_CHECKING:
    import duckdb

VIEWS = ("documents", "passages", "entities", "events", "errors")
# DuckDB would type a field DATE when all its values are full dates, and VARCHAR when some
# are `2004` or `2004-07`; a format that no value has keeps every ISO date a string.
NO_DATE_FORMAT = "'\x1f%Y'"
SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN"}
SQL_EXTRA = "--sql needs DuckDB, an extra of this package: pip install '.[sql]'"


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
    properties = schema(f"{name}.jsonl")["properties"]
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
        lines = [json_text(dict(zip(columns, row, strict=True))) for row in rows]
    for line in lines:
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
    print(f"show: {plural(len(rows), 'row')}", file=sys.stderr)
    return 0
