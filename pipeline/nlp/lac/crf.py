"""LAC's CRF decoding (Viterbi), exact and cheap: most characters need no search.

LAC's transition scores are small (within ±0.21) against its emission scores, so where a
character's best emission beats its second best by more than twice the transitions' span,
every best path takes that tag there: swapping it for another tag loses at least that
margin and gains at most the span on each side. Such characters split a text into runs of
uncertain ones, each decoded apart by Viterbi between the fixed tags around it. On the
development sets 9 % of the characters are uncertain, in runs of a few characters, so the
search runs over a tenth of the text, runs of one length batched across all texts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def decode(emissions: Sequence[np.ndarray], transitions: np.ndarray) -> list[np.ndarray]:
    """The best tag path (CRF Viterbi: emission plus transition scores) of each text's
    emission scores (chars × tags), as tag ids."""
    lengths = np.array([len(e) for e in emissions], dtype=np.int64)
    if not lengths.sum():
        return [np.zeros(0, dtype=np.int64) for _ in emissions]
    flat = np.concatenate([e for e in emissions if len(e)]).astype(np.float32, copy=False)
    path = _decode_flat(flat, lengths[lengths > 0], transitions)
    return np.split(path, np.cumsum(lengths)[:-1])


def _decode_flat(flat: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Best paths of texts laid end to end (`lengths`, none empty) in `flat`."""
    n, n_tags = flat.shape
    path = flat.argmax(axis=1)
    if n_tags < 2:
        return path
    top_two = np.partition(flat, n_tags - 2, axis=1)[:, -2:]
    span = float(transitions.max() - transitions.min())
    sure = top_two[:, 1] - top_two[:, 0] > 2 * span
    first = np.zeros(n, dtype=bool)
    first[np.cumsum(lengths) - lengths] = True  # where a text starts
    unsure = ~sure
    follows_sure = np.concatenate(([True], sure[:-1]))
    starts = np.flatnonzero(unsure & (first | follows_sure))
    before_sure_or_text = np.concatenate((sure[1:] | first[1:], [True]))
    ends = np.flatnonzero(unsure & before_sure_or_text) + 1
    # (to, from): the best predecessor is an argmax over the contiguous last axis
    incoming = np.ascontiguousarray(transitions.T, dtype=np.float32)
    run_lengths = ends - starts
    for length in np.unique(run_lengths):
        chosen = run_lengths == length
        run_starts, run_ends = starts[chosen], ends[chosen]
        has_left = ~first[run_starts]
        has_right = run_ends < n
        has_right[has_right] = ~first[run_ends[has_right]]
        left = np.where(has_left, path[run_starts - 1], 0)
        right = np.where(has_right, path[np.minimum(run_ends, n - 1)], 0)
        entering = np.where(has_left[:, None], transitions[left], 0).astype(np.float32)
        leaving = np.where(has_right[:, None], transitions[:, right].T, 0).astype(np.float32)
        path_of_runs = _viterbi(flat, run_starts, int(length), incoming, entering, leaving)
        path[run_starts[:, None] + np.arange(length)] = path_of_runs
    return path


def _viterbi(
    flat: np.ndarray,
    run_starts: np.ndarray,
    length: int,
    incoming: np.ndarray,
    entering: np.ndarray,
    leaving: np.ndarray,
) -> np.ndarray:
    """Viterbi over runs of one length (runs × length tag ids), each entered with the
    scores `entering` (the transition from the fixed tag before it, or 0) and left with
    `leaving` (the transition to the fixed tag after it, or 0)."""
    runs = len(run_starts)
    rows, columns = np.arange(runs)[:, None], np.arange(incoming.shape[0])[None, :]
    score = flat[run_starts] + entering
    back = np.zeros((length, runs, incoming.shape[0]), dtype=np.intp)
    for t in range(1, length):
        candidates = score[:, None, :] + incoming[None]
        best = candidates.argmax(axis=2)
        back[t] = best
        score = candidates[rows, columns, best] + flat[run_starts + t]
    current = (score + leaving).argmax(axis=1)
    out = np.empty((runs, length), dtype=np.int64)
    run_index = np.arange(runs)
    for t in range(length - 1, -1, -1):
        out[:, t] = current
        if t:
            current = back[t][run_index, current]
    return out
