"""The per-item table of a dedup run, out of core: the index's live entries, with this
run's flags and each key's number in key order (the run's marks and the keys it retires
share its database).

They live in a private temporary SQLite database (`sqlite3.connect("")`: on disk in the
temporary folder, deleted when closed, its page cache bounded by `CACHE_KIB`), so the
driver's memory does not grow with the index or the corpus. A small cache of recently
read rows saves the repeated look-ups of a key that the sorted candidate pairs make.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

CACHE_KIB = 2048  # SQLite's page cache (its default size)
ROWS_CACHED = 1 << 12  # rows kept by `LiveEntries._row` before its cache is emptied
COLUMNS = "key, level, digest, rank, run, segment, row, seen, new, num"
SCHEMA = """
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
PRAGMA cache_size=-{cache};
CREATE TABLE live(
    key TEXT PRIMARY KEY, level TEXT, digest TEXT, rank TEXT, run INTEGER,
    segment INTEGER, row INTEGER, seen INTEGER, new INTEGER, num INTEGER
) WITHOUT ROWID;
CREATE TABLE marks(
    id TEXT PRIMARY KEY, duplicate_of TEXT, cluster TEXT, similarity REAL
) WITHOUT ROWID;
CREATE TABLE retired(key TEXT PRIMARY KEY) WITHOUT ROWID;
"""
# The passages of the documents this run saw (`d:DOC` seen) that it did not see: the keys
# `p:DOC:SEQ` between `p:DOC:` and `p:DOC;` (a doc id holds no `:`), each document's range
# searched on the primary key, so the work follows the documents and their passages, and
# nothing of it passes through Python.
RETIRE = """
INSERT OR IGNORE INTO retired
SELECT p.key FROM live AS d JOIN live AS p
    ON p.key > 'p:' || substr(d.key, 3) || ':' AND p.key < 'p:' || substr(d.key, 3) || ';'
WHERE d.key >= 'd:' AND d.key < 'd;' AND d.seen AND NOT p.seen
"""


@dataclass(frozen=True, slots=True)
class Entry:
    """An item in the index: where its arrays are and what decides its standing."""

    key: str
    level: str
    digest: str
    rank: tuple[Any, ...]
    run: int
    segment: int
    row: int


Row = tuple[Entry, bool, bool, int | None]  # the entry, seen this run, new this run, number


def _entry(row: tuple[Any, ...]) -> Row:
    key, level, digest, rank, run, segment, number, seen, new, num = row
    entry = Entry(key, level, digest, tuple(json.loads(rank)), run, segment, number)
    return entry, bool(seen), bool(new), num


class LiveEntries(MutableMapping[str, Entry]):
    """The live entries by key, iterated in key order; `seen` marks this run's keys, `new`
    those it fingerprinted (added or replaced), `number` numbers all keys in key order."""

    def __init__(self) -> None:
        self.db = sqlite3.connect("", isolation_level=None)
        self.db.executescript(SCHEMA.format(cache=CACHE_KIB))
        self.db.execute("BEGIN")  # never committed: the database goes with the connection
        self._cache: dict[str, Row] = {}

    def _row(self, key: str) -> Row | None:
        found = self._cache.get(key)
        if found is None:
            row = self.db.execute(f"SELECT {COLUMNS} FROM live WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            if len(self._cache) >= ROWS_CACHED:
                self._cache.clear()
            found = self._cache[key] = _entry(row)
        return found

    def __getitem__(self, key: str) -> Entry:
        row = self._row(key)
        if row is None:
            raise KeyError(key)
        return row[0]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._row(key) is not None

    def __setitem__(self, key: str, entry: Entry) -> None:
        self.put([entry])

    def put(self, entries: Iterable[Entry], seen: bool = False, new: bool = False) -> None:
        """Adds or replaces entries (a replaced entry's flags are reset to those given)."""
        rows = (
            (e.key, e.level, e.digest, json.dumps(e.rank), e.run, e.segment, e.row, seen, new)
            for e in entries
        )
        for row in self._written(rows):
            self.db.execute(
                "INSERT OR REPLACE INTO live VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)", row
            )

    def _written(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        for row in rows:
            self._cache.pop(row[0], None)
            yield row

    def see(self, key: str) -> None:
        """`key` is one of this run's items (the index holds it with the same text)."""
        self._cache.pop(key, None)
        self.db.execute("UPDATE live SET seen = 1 WHERE key = ?", (key,))

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self.discard([key])

    def discard(self, keys: Iterable[str]) -> None:
        for (key,) in self._written((k,) for k in keys):
            self.db.execute("DELETE FROM live WHERE key = ?", (key,))

    def __iter__(self) -> Iterator[str]:
        return (key for (key,) in self.db.execute("SELECT key FROM live ORDER BY key"))

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM live").fetchone()[0])

    def is_seen(self, key: str) -> bool:
        row = self._row(key)
        return row is not None and row[1]

    def is_new(self, key: str) -> bool:
        row = self._row(key)
        return row is not None and row[2]

    def level(self, level: str) -> Iterator[tuple[Entry, bool]]:
        """The level's entries in key order, each with whether it is new."""
        query = f"SELECT {COLUMNS} FROM live WHERE level = ? ORDER BY key"
        for row in self.db.execute(query, (level,)):
            entry, _, new, _ = _entry(row)
            yield entry, new

    def retire(self) -> int:
        """Moves the passages the index holds for a document of this run that this run did
        not see (the document's text changed and no longer has them) from the live entries
        to the `retired` table, in SQL: however large the index, nothing of it is held in
        memory. Returns how many."""
        self._cache.clear()
        self.db.execute("DELETE FROM retired")
        count = self.db.execute(RETIRE).rowcount
        self.db.execute("DELETE FROM live WHERE key IN (SELECT key FROM retired)")
        return int(count)

    def retired(self) -> Iterator[str]:
        """The keys `retire` took out, in key order, read from the table as iterated."""
        return (key for (key,) in self.db.execute("SELECT key FROM retired ORDER BY key"))

    def is_retired(self, key: str) -> bool:
        found = self.db.execute("SELECT 1 FROM retired WHERE key = ?", (key,)).fetchone()
        return found is not None

    def number(self) -> None:
        """Numbers the keys 0, 1, ... in key order (for the union-find and banding)."""
        self._cache.clear()
        self.db.execute(
            "UPDATE live SET num = n.n FROM (SELECT key, row_number() OVER (ORDER BY key) - 1 "
            "AS n FROM live) AS n WHERE live.key = n.key"
        )
        self.db.execute("CREATE INDEX IF NOT EXISTS live_num ON live(num)")

    def num(self, key: str) -> int:
        row = self._row(key)
        if row is None or row[3] is None:
            raise KeyError(key)
        return row[3]

    def first_num(self, level: str) -> int:
        """The number of the level's first key (its entries are numbered from there)."""
        found = self.db.execute("SELECT min(num) FROM live WHERE level = ?", (level,)).fetchone()
        return int(found[0] or 0)

    def key_of(self, num: int) -> str:
        return str(self.db.execute("SELECT key FROM live WHERE num = ?", (num,)).fetchone()[0])
