"""The same texts in other encodings, scripts and line ends split the same way."""

import opencc
import pytest
from conftest import NEWS, PAPER

from pipeline.ingest.layout.kind import parse_layout
from pipeline.text.alignment import verify_alignment
from pipeline.text.decoding import decode


def shape(raw: str) -> list[tuple[str, str | None]]:
    result = parse_layout(raw)
    for p in result.passages:
        assert verify_alignment(p.text, p.rope.align(), raw) == []
    return [(p.kind, p.role) for p in result.passages]


@pytest.mark.parametrize("path", [NEWS, PAPER])
def test_simplified_gb18030_and_crlf_big5_variants(path):
    original = path.read_text(encoding="utf-8")
    simplified = opencc.OpenCC("t2s").convert(original)
    decoded = decode(simplified.encode("gb18030"))
    assert decoded.text == simplified
    assert shape(decoded.text) == shape(original)
    crlf = original.replace("\n", "\r\n")
    assert shape(crlf) == shape(original)


def test_simplified_paper_keeps_its_journal_metadata():
    simplified = opencc.OpenCC("t2s").convert(PAPER.read_text(encoding="utf-8"))
    meta = parse_layout(simplified).meta
    assert (meta["journal"], meta["date"]) == ("问题与研究", "2017-06")
