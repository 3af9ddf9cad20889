"""jieba's `Tokenizer` with a faster search for the best route through its word graph."""

from __future__ import annotations

import math
from collections.abc import Iterator

import jieba
from jieba import finalseg

PREFIX_ONLY = 1.0  # not a log-probability (those are < 0)


class FastJieba(jieba.Tokenizer):
    """jieba's `Tokenizer` finding the same best route through the word graph, faster: one
    backward pass per block looks each prefix up once in a table built by `freeze` (after
    the user dictionary is loaded) that holds each word's log-probability, where jieba
    builds the whole graph first and then looks every word up again. The floats are the
    same expressions evaluated in the same order and ties go the same way, so the output is
    jieba's exactly (tested on the corpus and the development sets)."""

    _scores: dict[str, float]  # word → log-probability (< 0); prefix of a word only → 1.0
    _unknown: float

    def freeze(self) -> FastJieba:
        log_total = math.log(self.total)
        self._scores = {
            w: math.log(f) - log_total if f else PREFIX_ONLY for w, f in self.FREQ.items()
        }
        self._unknown = math.log(1) - log_total
        return self

    def _best_ends(self, sentence: str) -> list[int]:
        """For each position, the end of the word the most probable route takes there."""
        lookup = self._scores.get
        unknown = self._unknown
        n = len(sentence)
        score = [0.0] * (n + 1)
        ends = list(range(1, n + 2))
        for k in range(n - 1, -1, -1):
            best = None
            i = k + 1
            value = lookup(sentence[k])
            while value is not None:  # a word or a prefix of one
                if value < PREFIX_ONLY:
                    candidate = value + score[i]
                    if best is None or candidate >= best:  # a tie goes to the longer word
                        best = candidate
                        ends[k] = i
                if i >= n:
                    break
                i += 1
                value = lookup(sentence[k:i])
            score[k] = unknown + score[k + 1] if best is None else best
        return ends

    # jieba's `cut` calls `self.__cut_DAG`, which Python names `_Tokenizer__cut_DAG`.
    def _Tokenizer__cut_DAG(self, sentence: str) -> Iterator[str]:
        """jieba's `__cut_DAG` on `_best_ends`: single characters in a row go to the HMM
        unless together they are a dictionary word."""
        ends = self._best_ends(sentence)
        frequency = self.FREQ
        x, buffer_start, n = 0, 0, len(sentence)
        while x <= n:
            y = ends[x] if x < n else n + 1
            if y - x > 1 or x == n:
                if x - buffer_start == 1:
                    yield sentence[buffer_start]
                elif x > buffer_start:
                    buffer = sentence[buffer_start:x]
                    if frequency.get(buffer):
                        yield from buffer
                    else:
                        yield from finalseg.cut(buffer)
                if x < n:
                    yield sentence[x:y]
                buffer_start = y
            x = y
