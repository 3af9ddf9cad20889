"""The id grammar of the output, made and read in this one place.

- `doc_id`: `<stem>-<hash>` (pipeline.ingest.sources makes it; the stem holds no `:`);
- `passage_id`: `<doc_id>:<seq>`, `seq` the passage's position in its document;
- a mention or event id: `<passage_id>:<local>`, `local` being `<k>` for the k-th entity
  mention, `e<k>` for the k-th event, or a correction's own id.

Ids nest by `:`, so every record names its document and passage by its id alone.
"""

from __future__ import annotations

import hashlib
import re

SEP = ":"
UNSAFE = re.compile(r"[^\w.-]+")  # runs of what a doc_id's stem may not hold (`:` included)


def doc_id(stem: str, basis: str) -> str:
    """`<stem>-<hash>`: the file's stem made safe (at most 60 characters), then 8 hex digits
    of the sha1 of `basis` (what tells this source from others of the same name)."""
    safe = UNSAFE.sub("_", stem)[:60] or "doc"
    return f"{safe}-{hashlib.sha1(basis.encode()).hexdigest()[:8]}"


def passage_id(doc_id: str, seq: int) -> str:
    return f"{doc_id}{SEP}{seq}"


def item_id(passage: str, local: str | int) -> str:
    """A mention's or an event's id inside its passage."""
    return f"{passage}{SEP}{local}"


def document_of(record_id: str) -> str:
    """The doc_id that a document, passage, mention or event id starts with."""
    return record_id.split(SEP, 1)[0]


def is_passage_or_below(record_id: str) -> bool:
    """True for passage, mention and event ids; False for a doc_id."""
    return SEP in record_id


def seq_of(passage: str) -> int:
    """The passage's position in its document."""
    return int(passage.rsplit(SEP, 1)[1])


def owners(record_id: str) -> list[str]:
    """The document id, then the passage id, then the record's own id."""
    parts = record_id.split(SEP)
    return [SEP.join(parts[: i + 1]) for i in range(min(len(parts), 3))]
