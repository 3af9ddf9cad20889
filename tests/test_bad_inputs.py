"""The bad-input suite: every kind of broken, odd or hostile input gets correct output or a
recorded error, the run completes, and no input is lost — serially and with two workers."""

from __future__ import annotations

import codecs
import json
import os
import socket
from pathlib import Path

import pytest
from conftest import read_jsonl

from pipeline.extract import run as extract_module
from pipeline.extract.config import MAX_FILE_BYTES
from pipeline.extract.run import Extractor
from pipeline.ingest.sources import write_cachedir_tag

SENTENCE = "中國、俄羅斯與蒙古於2025年9月8日舉行聯合演練。"


def build_inputs(folder: Path) -> dict[str, str]:
    """The inputs, and for each: `ok`, or the stage whose error it must get."""
    folder.mkdir()
    expected = {}

    def add(name: str, data: bytes, outcome: str) -> None:
        (folder / name).write_bytes(data)
        expected[name] = outcome

    add("empty.txt", b"", "decode")
    add("binary.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40, "decode")
    add("nul bytes.txt", SENTENCE.encode() + b"\x00\x00" + SENTENCE.encode(), "decode")
    good = (SENTENCE * 20).encode()
    add("invalid utf-8 inside.txt", good + b"\xc3\x28\xa0\xa1" + good, "ok")
    add("two encodings.txt", SENTENCE.encode() + b"\n" + SENTENCE.encode("big5"), "decode")
    add("huge.txt", b"\n".join([(SENTENCE * 40).encode()] * 16_000), "read")  # 52 MB
    add("one long line.txt", ("蒙古國位於亞洲內陸。" * 33_000).encode(), "ok")  # 1 MB, one line
    add("crlf.txt", f"{SENTENCE}\r\n\r\n{SENTENCE}\r\n".encode(), "ok")
    add("lone cr.txt", f"{SENTENCE}\r\r{SENTENCE}\r".encode(), "ok")
    add("big5 新聞 news.txt", f"{SENTENCE}\r\n".encode("big5"), "ok")
    add("utf16.txt", codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le"), "ok")
    add("vanishes.txt", SENTENCE.encode(), "read")
    add("unreadable.txt", SENTENCE.encode(), "read")
    (folder / "loop-a").symlink_to(folder / "loop-b")
    (folder / "loop-b").symlink_to(folder / "loop-a")
    expected["loop-a"] = expected["loop-b"] = "read"
    # Hostile folder entries: links leaving the folder, special files, a folder named .txt.
    outside = folder.parent / "outside.txt"
    outside.write_bytes(SENTENCE.encode())
    (folder / "link out.txt").symlink_to(outside)
    (folder / "dangling.txt").symlink_to(folder.parent / "gone.txt")
    (folder / "folder link").symlink_to(folder.parent)
    (folder / "null.txt").symlink_to("/dev/null")
    os.mkfifo(folder / "fifo.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "socket"))
    (folder / "folder.txt").mkdir()
    (folder / "folder.txt" / "inside.txt").write_bytes(SENTENCE.encode())
    expected.update({"link out.txt": "ok", "inside.txt": "ok"})
    specials = ["dangling.txt", "folder link", "null.txt", "fifo.txt", "socket"]
    expected.update(dict.fromkeys(specials, "read"))
    # Folders a run wrote are never input: an earlier output, a tagged cache.
    (folder / "old out").mkdir()
    (folder / "old out" / "run.json").write_text("{}")
    (folder / "old out" / "documents.jsonl").write_text("{}")
    write_cachedir_tag(folder / "some cache")
    (folder / "some cache" / "x.pkl.gz").write_bytes(b"\x1f\x8b")
    return expected


@pytest.fixture(scope="module", params=[1, 2], ids=["serial", "two-workers"])
def bad_run(request, tmp_path_factory: pytest.TempPathFactory):
    """A run over the bad inputs; one file is removed after discovery, one cannot be read."""
    base = tmp_path_factory.mktemp("bad")
    expected = build_inputs(base / "in")
    real_discover = extract_module.discover

    def discover_then_remove(*args):
        sources = list(real_discover(*args))
        (base / "in" / "vanishes.txt").unlink()  # gone between listing and reading
        return sources

    patch = pytest.MonkeyPatch()
    patch.setattr(extract_module, "discover", discover_then_remove)
    unreadable = base / "in" / "unreadable.txt"
    if os.geteuid() == 0:  # root reads any file: one that no process can read from its start
        unreadable.unlink()
        unreadable.symlink_to("/proc/self/mem")
    else:
        unreadable.chmod(0)
    try:
        Extractor(jobs=request.param, cache=False).run(
            [str(base / "in")], base / "in" / "out", progress=False
        )
    finally:
        patch.undo()
    return base / "in" / "out", expected, request.param


def test_every_input_is_accounted_for(bad_run) -> None:
    out, expected, _ = bad_run
    documents = {Path(d["path"]).name: d for d in read_jsonl(out / "documents.jsonl")}
    errors = {Path(e["path"]).name: e for e in read_jsonl(out / "errors.jsonl")}
    assert set(documents) == set(expected)  # nothing lost
    for name, outcome in expected.items():
        if outcome == "ok":
            assert documents[name]["status"] == "ok", (name, documents[name]["error"])
            assert name not in errors
        else:
            assert documents[name]["status"] == "error", name
            assert errors[name]["stage"] == outcome, (name, errors[name])
            assert errors[name]["error"] and documents[name]["error"].startswith(outcome)
    run = json.loads((out / "run.json").read_text())
    assert run["counts"]["documents"] == len(expected)
    assert run["counts"]["ok"] + run["counts"]["errors"] == len(expected)


def test_the_reasons_are_clear(bad_run) -> None:
    out, _, _ = bad_run
    errors = {Path(e["path"]).name: e["error"] for e in read_jsonl(out / "errors.jsonl")}
    assert "empty" in errors["empty.txt"]
    assert "binary" in errors["binary.png"] and "binary" in errors["nul bytes.txt"]
    assert f"over the limit of {MAX_FILE_BYTES}" in errors["huge.txt"]
    assert "cannot read" in errors["vanishes.txt"]
    assert "cannot read" in errors["unreadable.txt"]
    assert "link loop" in errors["loop-a"] and "dangling" in errors["dangling.txt"]
    assert "FIFO" in errors["fifo.txt"] and "socket" in errors["socket"]
    assert "character device" in errors["null.txt"] and "folder" in errors["folder link"]


def test_run_folders_are_not_input(bad_run) -> None:
    out, _, _ = bad_run
    paths = [d["path"] for d in read_jsonl(out / "documents.jsonl")]
    assert not [p for p in paths if "/out/" in p or "old out" in p or "some cache" in p]
    skipped = json.loads((out / "run.json").read_text())["skipped_inputs"]
    assert sorted(Path(p).name for p in skipped) == ["old out", "out", "some cache"]


def test_odd_but_good_inputs_give_correct_text(bad_run) -> None:
    out, _, _ = bad_run
    documents = {d["doc_id"]: Path(d["path"]).name for d in read_jsonl(out / "documents.jsonl")}
    texts: dict[str, list[str]] = {}
    for passage in read_jsonl(out / "passages.jsonl"):
        texts.setdefault(documents[passage["doc_id"]], []).append(passage["text"])
    assert texts["crlf.txt"] == [SENTENCE, SENTENCE]
    assert texts["lone cr.txt"] == [SENTENCE, SENTENCE]
    assert texts["big5 新聞 news.txt"] == [SENTENCE] and texts["utf16.txt"] == [SENTENCE]
    assert sum(len(t) for t in texts["one long line.txt"]) == 330_000
    # The invalid bytes are replaced, not dropped, and the text around them is whole.
    whole = "".join(texts["invalid utf-8 inside.txt"])
    assert whole.count(SENTENCE) == 40


def test_a_passage_over_the_annotation_limit_and_a_defect_are_recorded(tmp_path, monkeypatch):
    """A 1.2-million-character paragraph (spaCy refuses it) and an unexpected exception in
    one document's step: each gets an error record, and the other input is processed."""
    from pipeline.extract import steps
    from pipeline.schema import validation_errors

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long line.txt").write_text("中國與蒙古簽署協定，佔比12%。" * 75_000)
    (tmp_path / "in" / "bug.txt").write_text("觸發缺陷的文字。")
    (tmp_path / "in" / "fine.txt").write_text(SENTENCE)
    real_run = steps.MetadataStep.run

    def run(self, doc):
        if doc.source.path.endswith("bug.txt"):
            raise KeyError("a defect")
        return real_run(self, doc)

    monkeypatch.setattr(steps.MetadataStep, "run", run)
    out = tmp_path / "out"
    Extractor(jobs=1, cache=False).run([str(tmp_path / "in")], out, progress=False)
    errors = {Path(e["path"]).name: e for e in read_jsonl(out / "errors.jsonl")}
    assert errors["long line.txt"]["stage"] == "annotate"
    assert "over the annotation limit" in errors["long line.txt"]["error"]
    assert errors["bug.txt"]["stage"] == "metadata"
    assert errors["bug.txt"]["error"].startswith("internal error: KeyError")
    assert all(validation_errors("errors.jsonl", e) == [] for e in errors.values())
    documents = {Path(d["path"]).name: d["status"] for d in read_jsonl(out / "documents.jsonl")}
    assert documents == {"long line.txt": "error", "bug.txt": "error", "fine.txt": "ok"}
