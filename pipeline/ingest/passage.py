"""The passage: one title, byline, heading, paragraph, footnote, table ... of a document."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.text.rope import Rope

PASSAGE_KINDS = (
    "title",
    "byline",
    "abstract",
    "keywords",
    "heading",
    "paragraph",
    "footnote",
    "table",
    "caption",
    "meta",
)


@dataclass
class FootnoteRef:
    """A footnote marker removed from a passage's text, and the footnote it points to."""

    marker: str
    n: int
    start: int  # position in the passage text where the marker stood
    raw_offset: int  # raw offset of the marker's first character


@dataclass
class Passage:
    kind: str
    rope: Rope
    role: str | None = None  # finer role within the kind: date, affiliation, reprint_note ...
    lang: str = "zh"
    n: int | None = None  # footnote number, for footnote passages
    label: str | None = None  # footnote marker as printed, for footnote passages
    notes: list[FootnoteRef] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind not in PASSAGE_KINDS:
            raise ValueError(f"unknown passage kind {self.kind!r}")

    @property
    def text(self) -> str:
        return self.rope.text
