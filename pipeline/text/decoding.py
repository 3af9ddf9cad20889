"""Bytes to text, whatever the encoding, with the encoding recorded.

Chinese files arrive in UTF-8 (with or without BOM), UTF-16, Big5 and its variants
(CP950, Big5-HKSCS) or GB18030/GBK. Byte-order marks decide when present; otherwise UTF-8
is tried strictly, then every legacy candidate that decodes without error is scored by
how common its characters are in Chinese text (models/charfreq): reading Big5 bytes as
GBK, or the reverse, yields valid but rare characters, which this scoring rejects even in
a 300-byte news item. Offsets are code points of the returned text: BOM removed, line
ends untouched.
"""

from __future__ import annotations

import codecs
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pipeline.resources import MODELS_DIR
from pipeline.text.chars import is_cjk

CHARFREQ_PATH = MODELS_DIR / "charfreq" / "zh_chars.tsv"

BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# Legacy candidates: (codec, recorded name). Narrower codecs first so that, at equal
# score, the name recorded is the most specific one that decodes the file.
LEGACY = (
    ("big5", "big5"),
    ("cp950", "cp950"),
    ("big5hkscs", "big5hkscs"),
    ("gbk", "gbk"),
    ("gb18030", "gb18030"),
)
# Python's big5/big5hkscs codecs map nine punctuation codes of Big5 row A1-A2 to other
# code points than CP950, ICU and iconv do (A145 to U+2022 instead of U+2027 ‧ ...).
# Text produced by the usual converters uses the CP950 forms, so we follow them. Only
# codes whose Python character comes from a single byte pair are remapped.
BIG5_AS_CP950 = str.maketrans("•､‾∼♁☉¥¢£", "‧﹑¯～⊕⊙￥￠￡")
CONTROL_OK = frozenset("\t\n\r\f\v\x1b")
MAX_CONTROL_RATIO = 0.01


class DecodeError(ValueError):
    """The bytes are not text in any encoding the pipeline reads."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    bom: bool
    score: float | None = None
    replaced: int = 0  # invalid UTF-8 sequences replaced by U+FFFD


@lru_cache(maxsize=1)
def char_log_freq() -> dict[str, float]:
    table: dict[str, float] = {}
    for line in CHARFREQ_PATH.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        ch, logf = line.split("\t")
        table[ch] = float(logf)
    return table


def plausibility(text: str) -> float:
    """Mean log10 frequency of the non-ASCII characters; higher is more ordinary Chinese."""
    table = char_log_freq()
    floor = min(table.values())
    total, n = 0.0, 0
    for ch in text:
        if ch.isascii():
            continue
        n += 1
        if ch in table:
            total += table[ch]
        elif is_cjk(ch):
            total += floor - 1.0
        elif unicodedata.category(ch) in ("Co", "Cn", "Cs"):
            total += floor - 6.0  # private use or unassigned: a wrong guess
        elif unicodedata.category(ch).startswith(("P", "S", "Z", "N")):
            total += -3.0  # punctuation, symbols, full-width forms: common in any reading
        else:
            total += floor - 2.0
    return total / n if n else 0.0


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in CONTROL_OK)
    return bad / len(text)


def _check_text(text: str, encoding: str) -> None:
    ratio = _control_ratio(text)
    if ratio > MAX_CONTROL_RATIO or "\x00" in text:
        raise DecodeError(
            f"binary content: decodes as {encoding} but {ratio:.1%} of it are control characters"
        )


MAX_REPLACED = 8  # invalid UTF-8 sequences a file may have and still be read as UTF-8,
MAX_REPLACED_SHARE = 0.01  # and their share of its characters at most


def decode(data: bytes) -> Decoded:
    """Decode `data`, detecting its encoding; raise DecodeError with a reason otherwise."""
    if not data:
        raise DecodeError("empty file")
    for bom, name, codec in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise DecodeError(
                    f"starts with a {name} byte-order mark but {err.reason} at byte {err.start}"
                ) from None
            text = text.removeprefix("\ufeff")
            _check_text(text, name)
            return Decoded(text, name, bom=True)
    if b"\x00" in data:
        return _decode_bomless_utf16(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    else:
        _check_text(text, "utf-8")
        return Decoded(text, "utf-8", bom=False)
    return _decode_legacy(data, utf8_error)


def _decode_legacy(data: bytes, utf8_error: UnicodeDecodeError) -> Decoded:
    best: Decoded | None = None
    for codec, name in LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec.startswith("big5"):
            text = text.translate(BIG5_AS_CP950)
        score = plausibility(text)
        if best is None or score > best.score + 1e-9:  # type: ignore[operator]
            best = Decoded(text, name, bom=False, score=score)
    if best is None:
        best = _decode_damaged_utf8(data)
    if best is None:
        raise DecodeError(
            "cannot decode: not valid UTF-8 (invalid byte at offset "
            f"{utf8_error.start}) nor Big5/CP950/Big5-HKSCS nor GBK/GB18030; the file may mix "
            "encodings or be binary"
        )
    _check_text(best.text, best.encoding)
    return best


def _decode_damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few invalid sequences (a cut download, a stray byte) keeps its text:
    each is replaced by U+FFFD and counted. More than a few, or more than one in a hundred
    characters, means the file is in (or mixes in) another encoding: an error."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if replaced > MAX_REPLACED or replaced > len(text) * MAX_REPLACED_SHARE:
        return None
    return Decoded(text, "utf-8", bom=False, replaced=replaced)


def _decode_bomless_utf16(data: bytes) -> Decoded:
    """NUL bytes are either UTF-16 without a byte-order mark or binary content."""
    candidates = []
    if len(data) % 2 == 0:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _control_ratio(text) <= MAX_CONTROL_RATIO and "\x00" not in text:
                candidates.append(Decoded(text, codec, bom=False, score=plausibility(text)))
    if not candidates:
        nul = data.count(b"\x00")
        raise DecodeError(f"binary content: {nul} NUL bytes and not UTF-16 text")
    best = max(candidates, key=lambda d: d.score or -math.inf)
    return best
