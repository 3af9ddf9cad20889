import codecs
import random

import pytest
from conftest import SHARED_DATA

from pipeline.text.decoding import BIG5_AS_CP950, DecodeError, decode

NEWS_TRAD = (
    "中國、俄羅斯與蒙古在今年9月8日、9日間，在三國邊境進行「邊防合作2025」聯合演練，"
    "也是三方首度舉行類似演訓。國防院學者分析，這次演訓實已超越反恐範疇，攸關重大地緣經濟利益。"
    "蒙古須與將其包夾的兩強保持良好關係，是無法迴避的安全措施。"
)
NEWS_SIMP = (
    "中国、俄罗斯与蒙古在今年9月8日、9日间，在三国边境进行“边防合作2025”联合演练，"
    "也是三方首度举行类似演训。专家分析，这次演训已超越反恐范畴，攸关重大地缘经济利益。"
)


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (NEWS_TRAD.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + NEWS_TRAD.encode("utf-8"), "utf-8", True),
        (codecs.BOM_UTF16_LE + NEWS_TRAD.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + NEWS_TRAD.encode("utf-16-be"), "utf-16-be", True),
        (NEWS_TRAD.encode("big5"), "big5", False),
        (NEWS_TRAD.encode("cp950"), "big5", False),
        (NEWS_SIMP.encode("gbk"), "gbk", False),
        (NEWS_SIMP.encode("gb18030"), "gbk", False),
        (("𠮷" + NEWS_SIMP).encode("gb18030"), "gb18030", False),
    ],
)
def test_detects_encoding_and_removes_bom(data, encoding, bom):
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert decoded.bom is bom
    assert not decoded.text.startswith("\ufeff")
    assert decoded.text in (NEWS_TRAD, NEWS_SIMP, "𠮷" + NEWS_SIMP)


def test_line_ends_are_not_translated():
    text = "第一行\r\n第二行\r第三行\n"
    assert decode(text.encode("big5")).text == text


def test_short_big5_news_item_of_300_bytes():
    data = NEWS_TRAD.encode("big5")[:300]
    while True:
        try:
            expected = data.decode("big5")
            break
        except UnicodeDecodeError:
            data = data[:-1]
    assert len(data) <= 300
    decoded = decode(data)
    assert decoded.encoding == "big5"
    assert decoded.text == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
        (bytes(range(256)) * 4, "binary"),
        ("中文".encode() + b"\xff\xfe\xfa" + "中文".encode("big5"), "cannot decode"),
    ],
)
def test_bad_input_raises_a_clear_error(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)


SIGHAN = SHARED_DATA / "sighan2005-dev"


@pytest.mark.skipif(not SIGHAN.is_dir(), reason="../shared/data/sighan2005-dev is absent")
@pytest.mark.parametrize(
    ("legacy", "twin", "encodings"),
    [
        ("cityu_test_gold.big5hkscs.txt", "cityu_test_gold.utf8", {"big5hkscs"}),
        ("pku_test_gold.gbk.txt", "pku_test_gold.utf8", {"gbk", "gb18030"}),
    ],
)
def test_legacy_files_decode_to_their_utf8_twins(legacy, twin, encodings):
    decoded = decode((SIGHAN / legacy).read_bytes())
    expected = (SIGHAN / twin).read_bytes().decode("utf-8-sig")
    assert decoded.encoding in encodings
    assert decoded.text.replace("\r\n", "\n") == expected.replace("\r\n", "\n")


@pytest.mark.skipif(not SIGHAN.is_dir(), reason="../shared/data/sighan2005-dev is absent")
@pytest.mark.parametrize(
    ("legacy", "codec"),
    [("cityu_test_gold.big5hkscs.txt", "big5hkscs"), ("pku_test_gold.gbk.txt", "gbk")],
)
def test_short_pieces_of_real_legacy_files(legacy, codec):
    """200 random 300-byte pieces cut at character boundaries all decode as the whole."""
    whole = (SIGHAN / legacy).read_bytes().decode(codec)
    lines = [ln for ln in whole.splitlines() if len(ln) > 20]
    rng = random.Random(7)
    wrong = []
    for _ in range(200):
        start = rng.randrange(len(lines) - 8)
        piece = "".join(lines[start : start + 8]).encode(codec, errors="ignore")[:300]
        while True:
            try:
                piece.decode(codec)
                break
            except UnicodeDecodeError:
                piece = piece[:-1]
        expected = piece.decode(codec).translate(BIG5_AS_CP950)
        if decode(piece).text != expected:
            wrong.append(expected[:20])
    assert wrong == []
