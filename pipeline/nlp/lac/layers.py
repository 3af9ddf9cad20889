"""The recognizer's thinc layers over LAC's features: `pipeline.LacFeatures.v1` (pooled per
token, frozen) and `pipeline.LacTok2Vec.v1` (joined to the hashed embeddings)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Maxout, Model, chain, concatenate, with_array
from thinc.types import Floats2d

from pipeline.nlp.lac.session import N_STATES, N_TAGS, encoder


def _token_bounds(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    """Each token's start and end character, from the doc's arrays (no Token objects)."""
    bounds = doc.to_array([IDX, LENGTH]).astype(np.int64).reshape(len(doc), 2)
    return bounds[:, 0], bounds[:, 0] + bounds[:, 1]


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
        # sums over [start, end) of each token: the even segments of the interleaved bounds
        # (the odd ones are the gaps between tokens, whitespace; an end at the text's end
        # leaves no segment to start there)
        bounds = np.stack([starts, ends], axis=1).ravel()
        if bounds[-1] == len(states):
            bounds = bounds[:-1]
        sums = np.add.reduceat(states, bounds, axis=0)[::2]
        parts.append(sums / (ends - starts)[:, None])
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


# doc.user_data key: LAC's tag ids per character, left by the recognizer's prediction for
# the `lac_names` component, which removes them (LAC's Viterbi runs once per passage)
LAC_TAG_IDS = "lac_tag_ids"


def doc_features(
    docs: Sequence[Doc], use: tuple[bool, bool, bool], cache: int = 0, keep_tags: bool = False
) -> list:
    keys = []
    for doc in docs:
        starts, ends = _token_bounds(doc)
        keys.append((doc._.text_norm, ends.tobytes(), use))
    missing = [i for i, key in enumerate(keys) if key not in _CACHE]
    out: dict[int, np.ndarray] = {i: _CACHE[keys[i]] for i in range(len(docs)) if i not in missing}
    if missing:
        encoded = encoder().encode([keys[i][0] for i in missing], tags=use[2])
        for i, (states, emissions, tag_ids) in zip(missing, encoded, strict=True):
            if keep_tags and tag_ids is not None:
                docs[i].user_data[LAC_TAG_IDS] = tag_ids
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
    features = doc_features(
        docs, use, model.attrs["cache"] if is_train else 0, keep_tags=not is_train
    )
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
