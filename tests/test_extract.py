"""The extract job end to end: provenance, schemas, determinism, bad input."""

import codecs
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    CORPUS,
    NEWS,
    PAPER,
    ROOT,
    assert_anchored,
    assert_passage_anchored,
    raw_texts,
    read_jsonl,
)

from pipeline.cli import main
from pipeline.extract.run import Extractor
from pipeline.schema import validation_errors

OUTPUTS = (
    "documents.jsonl",
    "passages.jsonl",
    "errors.jsonl",
    "entities.jsonl",
    "events.jsonl",
)


def test_every_passage_of_every_corpus_document_verifies(corpus_documents, corpus_passages):
    raws = raw_texts(corpus_documents)
    assert len(raws) == 2
    checked = 0
    for p in corpus_passages:
        raw = raws[p["doc_id"]]
        assert_passage_anchored(p, raw)
        for note in p["notes"]:
            assert (
                raw[note["raw_offset"] : note["raw_offset"] + len(note["marker"])] == note["marker"]
            )
        checked += len(p["text"])
    assert checked > 40_000


def test_text_norm_is_simplified_and_same_length(corpus_passages):
    for p in corpus_passages:
        assert len(p["text_norm"]) == len(p["text"])
    title = next(p for p in corpus_passages if p["kind"] == "title")
    assert title["text_norm"] == "蒙古的地缘政治战略"


def test_every_output_line_validates_against_its_schema(corpus_out):
    for name in OUTPUTS:
        for record in read_jsonl(corpus_out / name):
            assert validation_errors(name, record) == []
    assert validation_errors("run.json", json.loads((corpus_out / "run.json").read_text())) == []


@pytest.mark.parametrize(("output", "at_least"), [("entities.jsonl", 2000), ("events.jsonl", 50)])
def test_every_mention_verifies_against_the_raw_text(
    corpus_out, corpus_documents, output, at_least
):
    raws = raw_texts(corpus_documents)
    passages = {p["passage_id"]: p for p in read_jsonl(corpus_out / "passages.jsonl")}
    records = read_jsonl(corpus_out / output)
    assert len(records) > at_least
    for record in records:
        assert_anchored(record, passages, raws)


def test_schema_rejects_a_broken_record(corpus_passages):
    broken = dict(corpus_passages[0], kind="chapter", align=[[0, 0]])
    assert len(validation_errors("passages.jsonl", broken)) >= 2


def test_footnote_notes_point_to_footnote_passages(corpus_passages):
    by_id = {p["passage_id"]: p for p in corpus_passages}
    refs = [n for p in corpus_passages if p["kind"] != "footnote" for n in p["notes"]]
    assert len(refs) == 97
    for ref in refs:
        target = by_id[ref["footnote"]]
        assert target["kind"] == "footnote" and target["n"] == ref["n"]


def test_document_metadata_comes_from_text_and_manifest(corpus_documents):
    paper, news = corpus_documents
    assert paper["kind"] == "paper" and news["kind"] == "news"
    assert paper["meta"]["title"] == "蒙古的地緣政治戰略"
    assert paper["meta"]["authors"] == ["吳雪鳳"]
    assert (paper["meta"]["journal"], paper["meta"]["date"]) == ("問題與研究", "2017-06")
    assert news["meta"]["date"] == "2025-09-14"
    assert news["meta"]["authors"] == ["涂鉅旻"]
    assert news["meta"]["publisher"] == "自由時報"  # from the manifest
    assert all(d["script"] == "zh-Hant" and d["encoding"] == "utf-8" for d in corpus_documents)


def test_two_runs_are_byte_identical(tmp_path, corpus_out):
    second = tmp_path / "again"
    Extractor().run([str(CORPUS)], second, progress=False)
    for name in OUTPUTS:
        assert (second / name).read_bytes() == (corpus_out / name).read_bytes()
    first_run = json.loads((corpus_out / "run.json").read_text())
    second_run = json.loads((second / "run.json").read_text())
    first_run.pop("timings"), second_run.pop("timings")
    assert first_run == second_run


@pytest.fixture
def bad_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "whitespace.txt").write_text("  \n\n \n", encoding="utf-8")
    (folder / "mixed.txt").write_bytes("中文".encode() + b"\xff\xfe\xfa" + "中文".encode("big5"))
    (folder / "big5 news 新聞.txt").write_bytes(
        "中國與蒙古舉行聯合軍事演習。\r\n\r\n雙方表示將深化合作。\r\n".encode("big5")
    )
    (folder / "utf16.txt").write_bytes(
        codecs.BOM_UTF16_LE + "俄羅斯與蒙古簽署宣言。".encode("utf-16-le")
    )
    return folder


def test_bad_input_is_recorded_and_the_run_goes_on(tmp_path, bad_inputs):
    out = tmp_path / "out"
    missing = str(tmp_path / "does-not-exist.txt")
    Extractor().run([str(bad_inputs), missing], out, progress=False)
    documents = {Path(d["path"]).name: d for d in read_jsonl(out / "documents.jsonl")}
    errors = {Path(e["path"]).name: e for e in read_jsonl(out / "errors.jsonl")}
    assert set(documents) == {
        "empty.txt",
        "binary.bin",
        "whitespace.txt",
        "mixed.txt",
        "big5 news 新聞.txt",
        "utf16.txt",
        "does-not-exist.txt",
    }
    assert set(errors) == {
        "empty.txt",
        "binary.bin",
        "whitespace.txt",
        "mixed.txt",
        "does-not-exist.txt",
    }
    assert errors["empty.txt"]["stage"] == "decode" and "empty" in errors["empty.txt"]["error"]
    assert "binary" in errors["binary.bin"]["error"]
    assert errors["does-not-exist.txt"]["stage"] == "read"
    for name in errors:
        assert documents[name]["status"] == "error" and documents[name]["error"]
    assert documents["big5 news 新聞.txt"]["encoding"] == "big5"
    assert documents["utf16.txt"]["encoding"] == "utf-16-le"
    texts = [p["text"] for p in read_jsonl(out / "passages.jsonl")]
    assert "中國與蒙古舉行聯合軍事演習。" in texts and "俄羅斯與蒙古簽署宣言。" in texts


# Root reads any file (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), and CI runs as root: there
# the extract runs as root without those two capabilities (setpriv drops them from the
# bounding set, so the new process never has them), which leaves it unable to open a file
# of mode 000 while the interpreter, the repository and the output stay root's own.
WITHOUT_READ_ANY_FILE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def unprivileged() -> list[str]:
    """The command prefix under which a file of mode 000 cannot be opened."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("runs as root, and setpriv (util-linux) is missing to drop root's right")
    probe = subprocess.run([*WITHOUT_READ_ANY_FILE, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"runs as root, and setpriv cannot drop capabilities: {probe.stderr!r}")
    return WITHOUT_READ_ANY_FILE


def test_unreadable_file_is_an_error(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("中文", encoding="utf-8")
    path.chmod(0)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "extract", str(path), "--out", str(out)]
    command += ["--no-progress", "--no-ner-model", "-j", "1"]
    done = subprocess.run(
        [*unprivileged(), *command], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    (error,) = read_jsonl(out / "errors.jsonl")
    assert error["stage"] == "read" and "Permission denied" in error["error"]
    (document,) = read_jsonl(out / "documents.jsonl")
    assert document["status"] == "error"


def test_command_line_prints_a_summary(tmp_path, capsys):
    code = main(["extract", str(CORPUS), "--out", str(tmp_path / "o"), "--no-progress"])
    assert code == 0
    out = capsys.readouterr().out
    assert "2 documents (2 ok, 0 errors)" in out


UD_POS = {
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
    "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
}  # fmt: skip


def test_tokens_cover_every_passage_word_for_word(corpus_passages):
    assert sum(len(p["tokens"]) for p in corpus_passages) > 10_000
    for passage in corpus_passages:
        text, previous_end = passage["text"], 0
        covered = 0
        for start, end, pos in passage["tokens"]:
            assert previous_end <= start < end <= len(text)
            assert pos in UD_POS
            assert not text[start:end].isspace()
            covered += end - start
            previous_end = end
        assert covered == sum(1 for ch in text if not ch.isspace())


def test_corpus_names_and_numbers_are_single_tokens(corpus_passages):
    words = {p["text"][s:e] for p in corpus_passages for s, e, _ in p["tokens"]}
    assert {"邊防合作2025", "聯合演練", "上海合作組織", "蒙古", "83.47%"} <= words


def test_length_changing_opencc_config_is_refused_by_the_command(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:  # argparse: a usage error, before any work
        main(["extract", str(NEWS), "--out", str(tmp_path), "--opencc-config", "tw2sp"])
    assert exit_info.value.code == 2
    assert "tw2sp" in capsys.readouterr().err


def test_the_same_relative_path_in_two_inputs_gets_two_doc_ids(tmp_path):
    """a/x.txt and b/x.txt in one run: the first keeps its usual id, the second differs."""
    from pipeline.ingest.sources import discover

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text("蒙古。\n", encoding="utf-8")
    alone = [s.doc_id for s in discover([str(tmp_path / "a")])]
    both = [s.doc_id for s in discover([str(tmp_path / "a"), str(tmp_path / "b")])]
    assert both[0] == alone[0] and both[1] != both[0] and both[1].startswith("x-")
    again = [s.doc_id for s in discover([str(tmp_path / "a"), str(tmp_path / "b")])]
    assert again == both


def test_with_a_shared_index_ids_also_hash_the_input_folder(tmp_path):
    """With the dedup index outside the output folder (--dedup-index, shared between
    outputs), a/x.txt and b/x.txt get two ids even in two runs, each the same on every
    run; with the output's own index the id is the usual one (the path inside the folder)."""
    import hashlib

    from pipeline.ingest.sources import discover, folder_identity, shared_index

    for folder in ("a", "b"):
        (tmp_path / folder / "sub").mkdir(parents=True)
        (tmp_path / folder / "sub" / "x.txt").write_text("蒙古。\n", encoding="utf-8")
    out, index = tmp_path / "out", tmp_path / "index"
    assert not shared_index(out, out / "dedup-index") and shared_index(out, index)

    def ids(folder: str, shared: bool) -> list[str]:
        return [s.doc_id for s in discover([str(tmp_path / folder)], folder_ids=shared)]

    plain = "x-" + hashlib.sha1(b"sub/x.txt").hexdigest()[:8]
    assert ids("a", False) == ids("b", False) == [plain]
    a, b = ids("a", True), ids("b", True)
    assert a != b and a != [plain] and a[0].startswith("x-")
    assert ids("a", True) == a  # the same from run to run
    # Another spelling of the same folder (a link to it) is the same folder.
    (tmp_path / "link").symlink_to(tmp_path / "a")
    assert ids("link", True) == a
    basis = f"{folder_identity(tmp_path / 'a')}\0sub/x.txt".encode()
    assert a == ["x-" + hashlib.sha1(basis).hexdigest()[:8]]


def test_without_the_ner_model_gazetteer_and_rule_entities_are_unchanged(tmp_path, corpus_out):
    """--no-ner-model drops the statistical recognizer: no `model` mention, and every
    gazetteer or rule mention of the full run is still there (linked names never depended
    on the model)."""
    from pipeline.extract.config import ExtractConfig

    Extractor(ExtractConfig(ner_model=False), cache=False).run([str(PAPER)], tmp_path, False)
    fast = read_jsonl(tmp_path / "entities.jsonl")
    full = [
        e
        for e in read_jsonl(corpus_out / "entities.jsonl")
        if e["doc_id"].startswith(PAPER.stem)  # the same file (its id hashes another path)
    ]
    assert fast and not [e for e in fast if e["source"] == "model"]
    assert [e for e in full if e["source"] == "model"]  # the full run does use the model
    key = ("raw_start", "raw_end", "label", "kb_id", "value", "source")
    assert [[e[k] for k in key] for e in full if e["source"] != "model"] == [
        [e[k] for k in key] for e in fast
    ]
