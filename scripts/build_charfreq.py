"""Build models/charfreq/zh_chars.tsv: how common each Chinese character is, in both scripts.

Encoding detection scores candidate decodings by how ordinary their characters are. The
counts come from jieba's dictionary (MIT licence: word frequencies from Simplified text);
each word is also converted to Traditional (OpenCC s2t, s2tw, s2hk) so both scripts and
the Taiwan and Hong Kong variants are covered.
Run: .venv/bin/python scripts/build_charfreq.py
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import jieba
import opencc

OUT = Path(__file__).resolve().parents[1] / "models" / "charfreq" / "zh_chars.tsv"
KEEP = 9000


def main() -> None:
    converters = [opencc.OpenCC(config) for config in ("s2t", "s2tw", "s2hk")]
    counts: Counter[str] = Counter()
    dict_path = Path(jieba.__file__).with_name("dict.txt")
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        n = int(freq)
        for ch in word:
            counts[ch] += n
        for variant in {conv.convert(word) for conv in converters} - {word}:
            for ch in variant:
                counts[ch] += n
    total = sum(counts.values())
    rows = [(ch, n) for ch, n in counts.most_common(KEEP) if not ch.isascii()]
    with OUT.open("w", encoding="utf-8") as f:
        f.write(
            "# char\tlog10 relative frequency; from jieba dict.txt (MIT) + OpenCC s2t/s2tw/s2hk\n"
        )
        for ch, n in sorted(rows, key=lambda r: (-r[1], r[0])):
            f.write(f"{ch}\t{math.log10(n / total):.3f}\n")
    print(f"wrote {len(rows)} characters to {OUT}")


if __name__ == "__main__":
    main()
