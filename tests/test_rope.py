import re

import pytest

from pipeline.text.alignment import WHITESPACE, verify_alignment
from pipeline.text.rope import Rope


def delete_matches(rope: Rope, pattern: re.Pattern[str]) -> Rope:
    """The rope without the characters of each match of `pattern`."""
    return rope.delete(i for m in pattern.finditer(rope.text) for i in range(m.start(), m.end()))


def test_rope_deletes_and_keeps_offsets():
    raw = "吳 雪 鳳\n論文"
    rope = delete_matches(Rope.from_raw(raw, 0, len(raw)), re.compile(r"\s"))
    assert rope.text == "吳雪鳳論文"
    assert [raw[o] for o in rope.offsets] == list("吳雪鳳論文")
    assert rope.align() == [[0, 0, 1], [1, 2, 1], [2, 4, 1], [3, 6, 2]]
    assert verify_alignment(rope.text, rope.align(), raw) == []


def test_space_may_stand_for_a_line_break_only():
    raw = "Union\nof"
    rope = Rope.join([Rope.from_raw(raw, 0, 5), Rope.space_for(raw, 5), Rope.from_raw(raw, 6, 8)])
    assert rope.text == "Union of"
    assert verify_alignment(rope.text, rope.align(), raw) == []
    with pytest.raises(ValueError):
        Rope.space_for(raw, 0)


def test_verification_catches_wrong_text_and_gaps():
    raw = "abcdef"
    assert verify_alignment("abd", [[0, 0, 3]], raw)
    assert verify_alignment("abc", [[0, 0, 2]], raw)
    assert verify_alignment("abc", [[0, 0, 1], [2, 2, 1]], raw)
    assert verify_alignment("ab", [[0, 5, 2]], raw)
    assert verify_alignment("abc", [[0, 0, 3]], raw) == []


def test_the_whitespace_a_space_may_stand_for_is_what_python_calls_whitespace():
    assert set(WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}
