"""The spaCy pipeline: `pipeline.load()` and its tokenizer."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys

import pytest
import spacy
from conftest import NEWS, ROOT
from spacy.tokens import DocBin

from pipeline.nlp import language as nlp_module
from pipeline.nlp.gazetteer import load_gazetteer
from pipeline.nlp.language import load
from pipeline.nlp.spans import GAZETTEER_SPANS
from pipeline.text.normalize import Normalizer

TRADITIONAL = "中、俄、蒙三國於9月8日至9日舉行「邊防合作2025」聯合演練，占８３.４７％。"
SIMPLIFIED = "中、俄、蒙三国于9月8日至9日举行「边防合作2025」联合演练，占８３.４７％。"


def spans(doc):
    return [(t.idx, t.idx + len(t)) for t in doc]


def test_doc_text_is_the_original_and_tokens_carry_the_normalized_form(nlp):
    doc = nlp(TRADITIONAL)
    assert doc.text == TRADITIONAL
    assert doc._.text_norm == Normalizer()(TRADITIONAL)
    by_text = {t.text: t for t in doc}
    assert by_text["邊防合作2025"]._.text_norm == "边防合作2025"
    assert by_text["邊防合作2025"].norm_ == "边防合作2025"
    assert by_text["８３.４７％"]._.text_norm == "83.47%"
    assert by_text["８３.４７％"].pos_ == "NUM"
    assert doc[2:5]._.text_norm == Normalizer()(doc[2:5].text)


def test_both_scripts_give_the_same_tokens_and_tags(nlp):
    traditional, simplified = nlp(TRADITIONAL), nlp(SIMPLIFIED)
    assert spans(traditional) == spans(simplified)
    assert [t.tag_ for t in traditional] == [t.tag_ for t in simplified]
    assert [t.norm_ for t in traditional] == [t.norm_ for t in simplified]


def test_whitespace_is_kept_in_the_doc_but_not_as_words(nlp):
    text = "Khaan Quest 可汗探索\n　演習  結束"
    doc = nlp(text)
    assert doc.text == text
    words = [t.text for t in doc if not t.is_space]
    assert words == ["Khaan", "Quest", "可汗探索", "演習", "結束"]
    assert all(t.pos_ == "SPACE" for t in doc if t.is_space)


def test_pipeline_serializes_to_disk_and_loads_with_spacy(nlp, tmp_path):
    nlp.to_disk(tmp_path / "zh_pipeline")
    assert (tmp_path / "zh_pipeline" / "tokenizer" / "user_dict.txt").exists()
    reloaded = spacy.load(tmp_path / "zh_pipeline")
    text = NEWS.read_text(encoding="utf-8")
    assert [(t.text, t.tag_, t.norm_) for t in reloaded(text)] == [
        (t.text, t.tag_, t.norm_) for t in nlp(text)
    ]
    from_bytes = load().from_bytes(nlp.to_bytes())
    assert spans(from_bytes(text)) == spans(nlp(text))


def test_a_saved_pipeline_loads_in_a_fresh_process(nlp, tmp_path):
    nlp.to_disk(tmp_path / "zh_pipeline")
    code = (
        "import spacy, sys; nlp = spacy.load(sys.argv[1]); "
        "print(' '.join(t.text for t in nlp('中俄蒙三國舉行聯合演練')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "zh_pipeline")],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert result.stdout.split() == ["中", "俄", "蒙", "三國", "舉行", "聯合演練"]


def test_docbin_round_trips_tokens_norms_and_tags(nlp):
    docs = [nlp(TRADITIONAL), nlp(NEWS.read_text(encoding="utf-8"))]
    restored = list(DocBin(docs=docs).from_bytes(DocBin(docs=docs).to_bytes()).get_docs(nlp.vocab))
    assert len(restored) == 2 and len(restored[1]) > 100
    for before, after in zip(docs, restored, strict=True):
        assert after.text == before.text
        assert [(t.idx, t.norm_, t.tag_, t.pos_) for t in after] == [
            (t.idx, t.norm_, t.tag_, t.pos_) for t in before
        ]
        assert after._.text_norm == before._.text_norm


def test_pipe_with_two_processes_gives_the_same_docs(nlp):
    texts = [line for line in NEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    single = [spans(doc) + [t.norm_ for t in doc] for doc in nlp.pipe(texts)]
    multi = [spans(doc) + [t.norm_ for t in doc] for doc in nlp.pipe(texts, n_process=2)]
    assert multi == single


def test_length_changing_opencc_config_is_refused():
    with pytest.raises(ValueError, match="tw2sp"):
        load("tw2sp")


def test_segment_command_writes_words_in_the_original_script(tmp_path):
    source = tmp_path / "in.txt"
    source.write_bytes("蒙古與俄羅斯簽署備忘錄\n\n中俄蒙 三國\n".encode("big5"))
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "segment", str(source)],
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    lines = result.stdout.decode("utf-8").split("\n")
    assert lines[:3] == ["蒙古 與 俄羅斯 簽署 備忘錄", "", "中 俄 蒙 三國"]
    piped = subprocess.run(
        [sys.executable, "-m", "pipeline", "segment"],
        input="聯合演練占83.47%\n".encode(),
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    assert piped.stdout.decode("utf-8") == "聯合演練 占 83.47%\n"


def test_segment_refuses_invalid_bytes_on_stdin_as_in_a_file(tmp_path):
    """No silent U+FFFD: standard input is UTF-8, and a bad line is an error naming it."""
    data = "中國與蒙古\n".encode() + b"\xff\xfe\n"
    source = tmp_path / "bad.txt"
    source.write_bytes(data)
    for argv, stdin in (([str(source)], None), ([], data)):
        result = subprocess.run(
            [sys.executable, "-m", "pipeline", "segment", *argv],
            input=stdin,
            capture_output=True,
            cwd=ROOT,
            check=False,
        )
        assert result.returncode == 1, argv
        assert "\ufffd".encode() not in result.stdout
        assert b"error:" in result.stderr
    assert b"line 2" in result.stderr


def test_half_width_cjk_punctuation_is_punctuation_to_every_rule(nlp):
    """｡ ､ ｢ ｣ (U+FF61-FF64) normalize to 。、「」, so sentences and coordinations split."""
    doc = nlp("中吉､中哈舉行｢聯合軍演｣｡此次演習")
    assert doc.text == "中吉､中哈舉行｢聯合軍演｣｡此次演習"
    norms = [t.norm_ for t in doc]
    assert "、" in norms and "。" in norms and "「" in norms and "」" in norms


def test_stale_stored_patterns_are_rebuilt_with_a_warning_and_match_the_same(tmp_path, caplog):
    """The ruler loaded from models/gazetteer/patterns.jsonl and the one whose patterns the
    tokenizer makes (the fallback when the file is stale) find the same gazetteer spans."""
    stored = load(ner_model=False)
    models = tmp_path / "models"  # a models folder of one's own (load's `models`)
    shutil.copytree(nlp_module.MODELS_DIR, models)
    (models / nlp_module.PATTERNS_DIGEST_FILE).write_text("stale\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="pipeline.nlp.language"):
        rebuilt = load(ner_model=False, models=models)
    assert "build_gazetteer_patterns.py" in caplog.text
    names = [n for e in load_gazetteer() for n in (*e.names, e.en)]
    text = "、".join(names) + "。" + " and ".join(e.en for e in load_gazetteer())

    def found(language):
        doc = language(text)
        return [(s.start, s.end, s.label_, s.id_) for s in doc.spans[GAZETTEER_SPANS]]

    assert found(stored) == found(rebuilt)
    assert len(found(stored)) > len(load_gazetteer())
