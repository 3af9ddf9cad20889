"""Near-duplicate detection (pipeline.dedup): MinHash parity with datasketch, what is
compared, clusters and their canonical members, the on-disk index across runs, Redis,
`--drop-duplicates` and the command line."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import opencc
import pytest
from conftest import NEWS, PAPER, installed, missing, read_jsonl
from datasketch import MinHash, MinHashLSH

from pipeline import ids
from pipeline.cli import main
from pipeline.dedup import banding, deduplicator, minhash
from pipeline.dedup.clusters import Forest, Mark, Marks, canonical_rank, clusters, mark_clusters
from pipeline.dedup.config import DedupConfig, redis_options
from pipeline.dedup.deduplicator import Deduplicator, _bin
from pipeline.dedup.fingerprint import Fingerprinter, item_id, level_of
from pipeline.dedup.linker import MEMO_SLOTS, Linker
from pipeline.dedup.live import LiveEntries
from pipeline.dedup.minhash import BulkMinHasher, dedup_text, jaccard, shingle_hashes
from pipeline.dedup.store import (
    Edge,
    Entry,
    IndexMismatch,
    IndexStore,
    SegmentWriter,
    config_differences,
)
from pipeline.extract.run import DEDUP_INDEX, Extractor
from pipeline.schema import validation_errors
from pipeline.text.normalize import Normalizer

OUTPUTS = ("documents", "passages", "entities", "events")
CONFIG = DedupConfig().index_config()
REPRINT_HEADER = "轉載自自由時報電子報，原文網址請見本報網站\n\n"
ADDED_PARAGRAPH = "\n（編按）本文刊出後，作者補充說明：三國邊防部隊已約定明年再度舉行聯合演練。\n"


# --- inputs and helpers ----------------------------------------------------------------


def news_text() -> str:
    return NEWS.read_text(encoding="utf-8")


def paper_head(lines: int = 60) -> str:
    """The opening of the paper: unrelated to the news article, and it has a footnote."""
    return "".join(PAPER.read_text(encoding="utf-8").splitlines(keepends=True)[:lines])


def reprint_bytes() -> bytes:
    """A Big5 reprint of the news article: a header line of its own, the last tenth cut."""
    lines = news_text().splitlines(keepends=True)
    kept = lines[: len(lines) - len(lines) // 10]
    return (REPRINT_HEADER + "".join(kept)).encode("cp950")


def write_inputs(base: Path) -> tuple[Path, Path]:
    """Folder A (news.txt, paper.txt) and folder B (the news article's Big5 reprint, under
    another name than news.txt: doc ids hash the path within the input folder)."""
    folder_a, folder_b = base / "A", base / "B"
    folder_a.mkdir()
    folder_b.mkdir()
    (folder_a / "news.txt").write_text(news_text(), encoding="utf-8")
    (folder_a / "paper.txt").write_text(paper_head(), encoding="utf-8")
    (folder_b / "reprint.txt").write_bytes(reprint_bytes())
    return folder_a, folder_b


def run(
    extractor: Extractor,
    inputs: list[Path],
    out: Path,
    *,
    dedup_index: Path | None = None,
    redis: dict[str, Any] | None = None,
    drop: bool = False,
) -> dict[str, Any]:
    """One extract run with the shared extractor (its dedup settings set for this run
    only); returns run.json."""
    extractor.dedup_index, extractor.redis, extractor.drop_duplicates = dedup_index, redis, drop
    extractor.run([str(p) for p in inputs], out, progress=False)
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


def doc_id(documents: list[dict], file_name: str) -> str:
    return next(d["doc_id"] for d in documents if Path(d["path"]).name == file_name)


def of_doc(records: list[dict], doc: str) -> list[dict]:
    return [r for r in records if r["doc_id"] == doc]


def marks(record: dict) -> tuple[Any, Any, Any]:
    return record["duplicate_of"], record["dup_cluster"], record["dup_similarity"]


# --- fixtures ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """One spaCy load (~5 s) for the whole module; each run sets its dedup options."""
    return Extractor()


@pytest.fixture(scope="module")
def twin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The news article, its Simplified twin and an unrelated paper opening."""
    folder = tmp_path_factory.mktemp("twin")
    text = news_text()
    (folder / "news.txt").write_text(text, encoding="utf-8")
    (folder / "news_simplified.txt").write_text(
        opencc.OpenCC("t2s").convert(text), encoding="utf-8"
    )
    (folder / "paper.txt").write_text(paper_head(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def twin_out(extractor: Extractor, twin_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("twin_out")
    run(extractor, [twin_dir], out)
    return out


@dataclass
class Incremental:
    """Snapshots of runs that share one index: A, A again unchanged, B (a reprint) against
    A's index, then A with news.txt edited."""

    first: dict[str, Any]
    rerun: dict[str, Any]
    reprint: dict[str, Any]
    edited: dict[str, Any]
    first_bytes: tuple[bytes, bytes]
    rerun_bytes: tuple[bytes, bytes]
    first_documents: list[dict]
    reprint_documents: list[dict]
    reprint_passages: list[dict]
    edited_documents: list[dict]


def output_bytes(out: Path) -> tuple[bytes, bytes]:
    return (out / "documents.jsonl").read_bytes(), (out / "passages.jsonl").read_bytes()


@pytest.fixture(scope="module")
def incremental(extractor: Extractor, tmp_path_factory: pytest.TempPathFactory) -> Incremental:
    base = tmp_path_factory.mktemp("incremental")
    folder_a, folder_b = write_inputs(base)
    out1, out2 = base / "out1", base / "out2"
    first = run(extractor, [folder_a], out1)
    first_bytes, first_documents = output_bytes(out1), read_jsonl(out1 / "documents.jsonl")
    rerun = run(extractor, [folder_a], out1)
    rerun_bytes = output_bytes(out1)
    reprint = run(extractor, [folder_b], out2, dedup_index=out1 / DEDUP_INDEX)
    with (folder_a / "news.txt").open("a", encoding="utf-8") as handle:
        handle.write(ADDED_PARAGRAPH)
    edited = run(extractor, [folder_a], out1)
    return Incremental(
        first,
        rerun,
        reprint,
        edited,
        first_bytes,
        rerun_bytes,
        first_documents,
        read_jsonl(out2 / "documents.jsonl"),
        read_jsonl(out2 / "passages.jsonl"),
        read_jsonl(out1 / "documents.jsonl"),
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def redis_server() -> Iterator[dict[str, Any]]:
    """A throwaway redis-server on a free local port, as `redis.Redis` keyword arguments."""
    redis = pytest.importorskip("redis", reason="the Redis client is not installed (.[redis])")
    server = installed("redis-server")
    if server is None:
        pytest.skip(missing("redis-server"))
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server on port {port} did not start")
                time.sleep(0.05)
        yield {"host": "127.0.0.1", "port": port, "db": 0}
    finally:
        client.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- 1. MinHash parity with datasketch ---------------------------------------------------


def datasketch_signature(shingles: np.ndarray) -> np.ndarray:
    """The reference: datasketch's own MinHash fed each shingle's 32-bit fold."""
    reference = MinHash(num_perm=128, seed=1, hashfunc=lambda x: x)
    for h in shingles.tolist():
        reference.update(((h >> 32) ^ h) & 0xFFFFFFFF)
    return reference.hashvalues


@pytest.mark.parametrize("block_rows", [7, None], ids=["block7", "default_block"])
def test_bulk_signatures_equal_datasketch_row_by_row(monkeypatch, block_rows: int | None):
    """The matrix shortcut must give exactly datasketch's minima, also where a set spans
    several blocks, a block holds several sets, or a set is empty."""
    if block_rows is not None:
        monkeypatch.setattr(minhash, "BLOCK_ROWS", block_rows)
    rng = np.random.default_rng(7)
    random = [np.unique(rng.integers(0, 2**64, size=n, dtype=np.uint64)) for n in (3, 20, 1)]
    sets = [
        np.empty(0, dtype=np.uint64),
        random[0],
        shingle_hashes(dedup_text(news_text()[:300]), 5),
        np.empty(0, dtype=np.uint64),
        random[1],
        random[2],
        np.array([0, 2**64 - 1], dtype=np.uint64),
        np.empty(0, dtype=np.uint64),
    ]
    signatures = BulkMinHasher().signatures(sets)
    assert signatures.shape == (len(sets), 128)
    assert signatures.dtype == np.uint32
    for row, shingles in zip(signatures, sets, strict=True):
        np.testing.assert_array_equal(row, datasketch_signature(shingles))
    assert (signatures[0] == 0xFFFFFFFF).all() and (signatures[-1] == 0xFFFFFFFF).all()
    assert not (signatures[1] == 0xFFFFFFFF).all()


def test_lean_minhash_keeps_the_signature():
    """What goes into the LSH must be the signature itself."""
    hasher = BulkMinHasher()
    signature = hasher.signatures([shingle_hashes("蒙古位於亞洲內陸夾處於中俄兩大強國之間", 5)])[0]
    np.testing.assert_array_equal(hasher.lean(signature).hashvalues, signature)


# --- 2. What is compared -----------------------------------------------------------------


def test_dedup_text_strips_punctuation_and_whitespace_and_lowercases_latin():
    assert (
        dedup_text("Hello, World!\n 你好，世界。（ABC_def）「123」")
        == "helloworld你好世界abcdef123"
    )
    assert dedup_text(" ，。\n\t") == ""


def test_traditional_and_simplified_give_the_same_dedup_text_and_shingles():
    """A Traditional article and its Simplified reprint must compare as identical."""
    normalize = Normalizer()
    traditional = news_text()
    simplified = opencc.OpenCC("t2s").convert(traditional)
    assert simplified != traditional
    a, b = dedup_text(normalize(traditional)), dedup_text(normalize(simplified))
    assert a == b
    np.testing.assert_array_equal(shingle_hashes(a, 5), shingle_hashes(b, 5))


def python_shingle_hash(shingle: str) -> int:
    """The documented hash: polynomial over code points mod 2^64, then MurmurHash3 fmix64."""
    mask = 2**64 - 1
    h = 0
    for char in shingle:
        h = (h * 0x100000001B3 + ord(char)) & mask
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & mask
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & mask
    return h ^ (h >> 33)


def test_shingle_hashes_are_sorted_unique_uint64_of_every_ngram():
    text = "中俄蒙三國邊防部隊聯合演練中俄蒙三國"
    hashes = shingle_hashes(text, 5)
    assert hashes.dtype == np.uint64
    assert (np.diff(hashes) > 0).all()
    expected = {python_shingle_hash(text[i : i + 5]) for i in range(len(text) - 4)}
    assert set(hashes.tolist()) == expected
    assert len(hashes) == len(expected) < len(text) - 4  # 中俄蒙三國 occurs twice
    assert len(shingle_hashes("哈" * 12, 5)) == 1


def test_a_text_shorter_than_n_is_one_shingle_and_empty_is_none():
    assert shingle_hashes("蒙古", 5).tolist() == [python_shingle_hash("蒙古")]
    assert shingle_hashes("", 5).size == 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("中俄蒙三國邊防部隊聯合演練", "中俄蒙三國邊防部隊聯合演習"),
        ("蒙古位於亞洲內陸夾處於中俄兩大強國之間", "蒙古位於亞洲內陸"),
        ("abcdefgh", "zyxwvuts"),
        ("蒙古的地緣政治戰略", "蒙古的地緣政治戰略"),
    ],
)
def test_jaccard_equals_python_set_jaccard(a: str, b: str):
    sa, sb = shingle_hashes(a, 5), shingle_hashes(b, 5)
    left, right = set(sa.tolist()), set(sb.tolist())
    assert jaccard(sa, sb) == pytest.approx(len(left & right) / len(left | right))


def test_jaccard_of_empty_sets():
    empty, some = shingle_hashes("", 5), shingle_hashes("蒙古的地緣政治戰略", 5)
    assert jaccard(empty, empty) == 1.0
    assert jaccard(empty, some) == 0.0


def shingle_set(count: int, start: int = 0) -> np.ndarray:
    return np.arange(start, start + count, dtype=np.uint64)


def test_documents_are_duplicates_at_jaccard_0_6_passages_at_0_8():
    config = DedupConfig()
    a, b = shingle_set(300), shingle_set(300, 80)  # 220 shared of 380: J 0.579
    c = shingle_set(300, 50)  # 250 shared of 350: J 0.714
    assert config.duplicates("document", a, b) == (pytest.approx(220 / 380), None)
    assert config.duplicates("document", a, c) == (pytest.approx(250 / 350), "jaccard")
    assert config.duplicates("passage", a, c)[1] is None  # passages keep 0.8
    assert config.duplicates("passage", a, shingle_set(300, 20))[1] == "jaccard"  # J 0.875


def test_a_document_inside_a_longer_one_is_a_duplicate_when_long_enough():
    """A copy cut short: J is only 0.5, but 96 % of its shingles are in the other."""
    config = DedupConfig()
    full = shingle_set(1000)
    cut = np.union1d(shingle_set(480), shingle_set(20, 5000))  # 480 of its 500 in `full`
    similarity, why = config.duplicates("document", cut, full)
    assert similarity == pytest.approx(480 / 1020) and why == "containment"
    assert config.duplicates("document", full, cut)[1] == "containment"  # either order
    assert config.duplicates("passage", cut, full)[1] is None  # never for passages
    short = np.union1d(shingle_set(190), shingle_set(5, 5000))  # 195 shingles: too short
    assert config.duplicates("document", short, full)[1] is None
    mostly = np.union1d(shingle_set(450), shingle_set(50, 5000))  # 90 %: not enough
    assert config.duplicates("document", mostly, full)[1] is None
    off = DedupConfig(containment=None, document_threshold=None)  # the rule before
    assert off.duplicates("document", cut, full)[1] is None
    assert off.bands("document") == off.bands("passage") == (16, 6)


def test_document_bands_reach_a_copy_cut_to_half():
    """Candidates for documents come from bands for J 0.5 (a copy cut to half its length),
    with the same recall as the passages' bands at 0.8."""
    config = DedupConfig()
    assert config.bands("passage") == (16, 6)
    bands, rows = config.bands("document")
    assert bands * rows <= config.num_perm
    assert 1 - (1 - 0.5**rows) ** bands >= config.candidate_recall
    with pytest.raises(ValueError):
        DedupConfig(containment=1.5)
    with pytest.raises(ValueError):
        DedupConfig(document_threshold=0.0)


# --- 3. Clusters and canonical members ---------------------------------------------------


def test_clusters_are_connected_components_sorted():
    edges = [Edge("d", "e", 0.9), Edge("b", "c", 0.9), Edge("a", "b", 0.95)]
    assert clusters(edges) == [["a", "b", "c"], ["d", "e"]]
    assert clusters([Edge("c", "d", 1.0), Edge("a", "b", 1.0), Edge("b", "d", 1.0)]) == [
        ["a", "b", "c", "d"]
    ]


def entry(key: str, run_no: int, date: str | None, length: int, path: str = "x.txt") -> Entry:
    return Entry(key, "document", "digest", canonical_rank(date, length, path, -1), run_no, 1, 0)


def canonical_of(*entries: Entry) -> dict[str, Mark]:
    table = {e.key: e for e in entries}
    return mark_clusters(
        [sorted(table)],
        table,
        wanted=lambda key: True,
        similarity=lambda a, b: 0.91234,
        item_id=item_id,
    )


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # An item an earlier run published stays canonical, even against an older date.
        (("d:new", 2, "2020-01-01", 500), ("d:old", 1, "2025-09-14", 100), "old"),
        # Undated ranks after dated, however long it is.
        (("d:undated", 1, None, 900), ("d:dated", 1, "2030-01-01", 100), "dated"),
        # On the same date the longer (more complete) text wins.
        (("d:short", 1, "2025-09-14", 100), ("d:long", 1, "2025-09-14", 200), "long"),
        # The earlier date wins over length.
        (("d:late", 1, "2025-09-15", 900), ("d:early", 1, "2025-09-14", 100), "early"),
    ],
)
def test_canonical_member_rule(first: tuple, second: tuple, expected: str):
    result = canonical_of(entry(*first), entry(*second))
    other = next(k for k in result if k != f"d:{expected}")
    assert result[f"d:{expected}"] == Mark(None, expected, None)
    assert result[other] == Mark(expected, expected, 0.9123)


def test_canonical_ties_break_on_path_then_key():
    by_path = canonical_of(
        entry("d:a", 1, "2025", 100, "z.txt"), entry("d:b", 1, "2025", 100, "a.txt")
    )
    assert by_path["d:b"].duplicate_of is None and by_path["d:a"].duplicate_of == "b"
    by_key = canonical_of(entry("d:b", 1, "2025", 100), entry("d:a", 1, "2025", 100))
    assert by_key["d:a"].duplicate_of is None and by_key["d:b"].duplicate_of == "a"


def test_marks_only_for_wanted_keys():
    """Items of earlier runs are not re-marked; a cluster without this run's items is
    skipped altogether."""
    table = {e.key: e for e in (entry("d:a", 1, "2025", 9), entry("d:b", 2, "2025", 9))}
    table["d:c"], table["d:d"] = entry("d:c", 1, "2025", 9), entry("d:d", 1, "2025", 9)
    result = mark_clusters(
        [["d:a", "d:b"], ["d:c", "d:d"]],
        table,
        wanted=lambda key: key == "d:b",
        similarity=lambda a, b: 1.0,
        item_id=item_id,
    )
    assert result == {"d:b": Mark("a", "a", 1.0)}


# --- 4. Extract: a Traditional article and its Simplified twin in one run ----------------


def test_simplified_twin_is_a_duplicate_of_the_traditional_article(twin_out: Path):
    documents = read_jsonl(twin_out / "documents.jsonl")
    news, twin = doc_id(documents, "news.txt"), doc_id(documents, "news_simplified.txt")
    paper = doc_id(documents, "paper.txt")
    by_id = {d["doc_id"]: d for d in documents}
    duplicate_of, cluster, similarity = marks(by_id[twin])
    assert (duplicate_of, cluster) == (news, news)
    assert similarity >= 0.99
    assert marks(by_id[news]) == (None, news, None)
    assert marks(by_id[paper]) == (None, None, None)


def test_twin_paragraphs_point_to_the_matching_paragraphs(twin_out: Path):
    documents = read_jsonl(twin_out / "documents.jsonl")
    news, twin = doc_id(documents, "news.txt"), doc_id(documents, "news_simplified.txt")
    passages = read_jsonl(twin_out / "passages.jsonl")
    canonical = {p["seq"]: p for p in of_doc(passages, news)}
    checked = 0
    for passage in of_doc(passages, twin):
        if passage["kind"] == "paragraph" and len(dedup_text(passage["text_norm"])) >= 20:
            match = canonical[passage["seq"]]
            assert marks(passage) == (match["passage_id"], match["passage_id"], 1.0)
            assert marks(match) == (None, match["passage_id"], None)
            checked += 1
    assert checked >= 10
    assert all(
        marks(p) == (None, None, None) for p in of_doc(passages, doc_id(documents, "paper.txt"))
    )


def test_twin_run_json_records_the_dedup(twin_out: Path):
    record = json.loads((twin_out / "run.json").read_text(encoding="utf-8"))
    dedup = record["dedup"]
    config = dedup["config"]
    default = DedupConfig()
    assert (config["ngram"], config["num_perm"], config["seed"], config["threshold"]) == (
        default.ngram,
        default.num_perm,
        default.seed,
        default.threshold,
    )
    assert dedup["datasketch"] == metadata.version("datasketch")
    assert dedup["lsh"]["storage"] == "disk"
    for level in ("document", "passage"):  # each level has its own bands
        bands = dedup["lsh"][level]
        assert 2 <= bands["bands"] * bands["rows"] <= config["num_perm"]
    assert (dedup["lsh"]["passage"]["bands"], dedup["lsh"]["passage"]["rows"]) == (16, 6)
    assert dedup["levels"]["document"]["verified_pairs"] >= 1
    assert dedup["levels"]["passage"]["verified_pairs"] >= 10
    assert dedup["index"]["segments"] == 1
    assert record["counts"]["documents_duplicates"] == 1


def test_twin_outputs_validate_against_the_schemas(twin_out: Path):
    for name in OUTPUTS:
        records = read_jsonl(twin_out / f"{name}.jsonl")
        assert records, name
        for record in records:
            assert validation_errors(f"{name}.jsonl", record) == []
    record = json.loads((twin_out / "run.json").read_text(encoding="utf-8"))
    assert validation_errors("run.json", record) == []


def test_footnotes_are_never_marked(extractor: Extractor, tmp_path: Path):
    """Repeated citations differ in exactly what matters: footnotes are not compared,
    even when the whole paper is duplicated."""
    (tmp_path / "in").mkdir()
    text = paper_head()
    (tmp_path / "in" / "paper.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "paper_simplified.txt").write_text(
        opencc.OpenCC("t2s").convert(text), encoding="utf-8"
    )
    run(extractor, [tmp_path / "in"], tmp_path / "out")
    passages = read_jsonl(tmp_path / "out" / "passages.jsonl")
    footnotes = [p for p in passages if p["kind"] == "footnote"]
    if not footnotes:
        pytest.skip("the paper's opening has no footnote passage")
    assert all(marks(p) == (None, None, None) for p in footnotes)
    assert any(p["duplicate_of"] for p in passages if p["kind"] == "paragraph")


# --- 4b. Edited reprints and a hard negative ---------------------------------------------


def edited_reprint() -> str:
    """The news article reprinted: a header line, one Han character in 45 changed, and a
    paragraph replaced by two of the paper's (exact Jaccard about 0.75 with it)."""
    changed, count = [], 0
    for char in news_text():
        count += "\u4e00" <= char <= "\u9fff"
        changed.append("某" if "\u4e00" <= char <= "\u9fff" and count % 45 == 0 else char)
    lines = "".join(changed).splitlines(keepends=True)
    lines[12] = "".join(paper_paragraphs()[3:5])
    return "轉載自中央社，原標題：中俄蒙邊防合作\n" + "".join(lines)


def paper_paragraphs() -> list[str]:
    """Paragraphs of the paper's Chinese text (its sentences three at a time, one line
    each): text the news article does not have."""
    text = re.sub(r"\s+", "", PAPER.read_text(encoding="utf-8"))
    sentences = [
        s for s in re.split(r"(?<=。)", text) if len(s) > 30 and len(re.findall(r"[a-zA-Z]", s)) < 5
    ]
    return ["".join(sentences[k : k + 3]) + "\n" for k in range(0, len(sentences) - 2, 3)]


@pytest.fixture(scope="module")
def reprint_out(extractor: Extractor, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The news article; its edited reprint; a copy cut short (its first half); and a hard
    negative sharing three of its paragraphs among twelve of the paper's."""
    folder = tmp_path_factory.mktemp("reprints") / "in"
    folder.mkdir()
    lines = news_text().splitlines(keepends=True)
    (folder / "news.txt").write_text(news_text(), encoding="utf-8")
    (folder / "edited.txt").write_text(edited_reprint(), encoding="utf-8")
    (folder / "cut.txt").write_text("".join(lines[:34]), encoding="utf-8")
    negative = [lines[0], lines[22], lines[44], *paper_paragraphs()[10:22]]
    (folder / "negative.txt").write_text("\n".join(negative), encoding="utf-8")
    out = folder.parent / "out"
    run(extractor, [folder], out)
    return out


def test_an_edited_reprint_and_a_copy_cut_short_are_found(reprint_out: Path):
    """One cluster: the article, its edited reprint (Jaccard 0.70: found by the documents'
    threshold, 0.6) and its first half (Jaccard 0.55, wholly inside it: found by
    containment); the hard negative stays out."""
    documents = read_jsonl(reprint_out / "documents.jsonl")
    by_name = {Path(d["path"]).name: d for d in documents}
    edited = by_name["edited.txt"]["doc_id"]  # canonical: the longest, same date
    assert marks(by_name["edited.txt"]) == (None, edited, None)
    news, cut = marks(by_name["news.txt"]), marks(by_name["cut.txt"])
    assert news[:2] == (edited, edited) and 0.6 <= news[2] < 0.8
    assert cut[:2] == (edited, edited) and cut[2] < 0.6
    assert marks(by_name["negative.txt"]) == (None, None, None)
    record = json.loads((reprint_out / "run.json").read_text(encoding="utf-8"))
    assert record["dedup"]["levels"]["document"]["verified_by_containment"] >= 1
    assert record["counts"]["documents_duplicates"] == 2


def test_passages_of_the_edited_reprint_keep_the_passage_rule(reprint_out: Path):
    """Passages are still paired at Jaccard 0.8: the replacement paragraphs are not
    marked, the reprint's other paragraphs are, and so are the hard negative's three."""
    documents = read_jsonl(reprint_out / "documents.jsonl")
    ids = {Path(d["path"]).name: d["doc_id"] for d in documents}
    passages = read_jsonl(reprint_out / "passages.jsonl")
    edited = of_doc(passages, ids["edited.txt"])
    new = {dedup_text(p)[:15] for p in paper_paragraphs()[3:5]}
    replaced = [p for p in edited if any(n in dedup_text(p["text"]) for n in new)]
    assert replaced and all(marks(p) == (None, None, None) for p in replaced)
    paragraphs = [p for p in edited if p["kind"] == "paragraph" and p not in replaced]
    assert len(paragraphs) >= 10 and all(p["dup_cluster"] for p in paragraphs)
    negative = of_doc(passages, ids["negative.txt"])
    assert sum(p["kind"] == "paragraph" and bool(p["dup_cluster"]) for p in negative) == 3
    for passage in passages:
        if passage["duplicate_of"]:
            assert passage["dup_similarity"] >= 0.8


# --- 5. Incremental runs sharing one index -----------------------------------------------


def test_unchanged_rerun_is_byte_identical_and_adds_no_segment(incremental: Incremental):
    assert incremental.rerun_bytes == incremental.first_bytes
    dedup = incremental.rerun["dedup"]
    assert dedup["index"]["segments"] == 1
    assert dedup["levels"]["document"]["items"] == 2
    assert dedup["levels"]["document"].get("new", 0) == 0


def test_unchanged_rerun_reuses_every_fingerprint(incremental: Incremental):
    """The re-run comes from the result cache, and the index already holds every item: the
    step counts are those of the first run, and nothing enters the index."""
    assert incremental.rerun["timings"]["documents_from_cache"] == 2
    assert incremental.rerun["steps"] == incremental.first["steps"]
    document = incremental.rerun["dedup"]["levels"]["document"]
    assert document["reused"] == 2 and "new" not in document


def test_later_reprint_is_marked_against_the_index(incremental: Incremental):
    news = doc_id(incremental.first_documents, "news.txt")
    (reprint,) = incremental.reprint_documents
    assert reprint["encoding"] in ("big5", "cp950")
    duplicate_of, cluster, similarity = marks(reprint)
    assert (duplicate_of, cluster) == (news, news)
    assert 0.8 <= similarity < 1.0
    assert any(
        (p["duplicate_of"] or "").startswith(f"{news}:") for p in incremental.reprint_passages
    )
    dedup = incremental.reprint["dedup"]
    assert dedup["index"]["segments"] == 2
    assert dedup["levels"]["document"]["verified_pairs"] == 1


def test_later_run_fingerprints_only_its_new_document(incremental: Incremental):
    fingerprint = incremental.reprint["steps"]["fingerprint"]
    assert fingerprint.get("documents_fingerprinted") == 1
    assert "documents_reused" not in fingerprint


def test_changed_text_replaces_its_index_entry(incremental: Incremental):
    document = incremental.edited["dedup"]["levels"]["document"]
    assert document["replaced"] == 1
    assert document["new"] == 1  # news.txt only; paper.txt is reused
    assert incremental.edited["dedup"]["index"]["segments"] == 3
    assert (
        incremental.edited["dedup"]["index"]["entries"]
        > (incremental.reprint["dedup"]["index"]["entries"])
    )


def test_an_edited_original_stays_canonical_over_its_reprint(incremental: Incremental):
    """The reprint came in a later run; editing the original does not hand it the cluster."""
    news = doc_id(incremental.first_documents, "news.txt")
    edited = next(d for d in incremental.edited_documents if d["doc_id"] == news)
    assert marks(edited) == (None, news, None)


def test_passages_an_edited_document_lost_leave_the_index(extractor: Extractor, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = news_text().splitlines(keepends=True)
    (folder / "news.txt").write_text("".join(lines), encoding="utf-8")
    run(extractor, [folder], tmp_path / "out")
    before = {k for k in IndexStore(tmp_path / "out" / DEDUP_INDEX, CONFIG).live if k[0] == "p"}
    (folder / "news.txt").write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    record = run(extractor, [folder], tmp_path / "out")
    after = {k for k in IndexStore(tmp_path / "out" / DEDUP_INDEX, CONFIG).live if k[0] == "p"}
    passages = {f"p:{p['passage_id']}" for p in read_jsonl(tmp_path / "out" / "passages.jsonl")}
    assert record["dedup"]["levels"]["passage"]["retired"] == len(before - after) > 0
    assert after <= passages


def test_a_shared_index_keeps_two_folders_with_the_same_path_apart(
    extractor: Extractor, tmp_path: Path
):
    """a/x.txt and b/x.txt, run one after the other into their own outputs against one
    shared index (--dedup-index): two documents in the index, each with its own id, the
    same id again on the next run; an output's own index keeps the plain id."""
    shared = tmp_path / "shared-index"
    for name, text in (("a", news_text()), ("b", paper_head())):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.txt").write_text(text, encoding="utf-8")
    ids = {}
    for name in ("a", "b"):
        run(extractor, [tmp_path / name], tmp_path / f"out-{name}", dedup_index=shared)
        (document,) = read_jsonl(tmp_path / f"out-{name}" / "documents.jsonl")
        ids[name] = document["doc_id"]
    assert ids["a"] != ids["b"] and ids["a"].startswith("x-") and ids["b"].startswith("x-")
    live = IndexStore(shared, CONFIG).live
    assert {f"d:{ids['a']}", f"d:{ids['b']}"} <= set(live)  # neither replaced the other
    again = run(extractor, [tmp_path / "a"], tmp_path / "out-a", dedup_index=shared)
    (document,) = read_jsonl(tmp_path / "out-a" / "documents.jsonl")
    assert document["doc_id"] == ids["a"]
    document_stats = again["dedup"]["levels"]["document"]
    assert (document_stats["items"], document_stats["reused"]) == (1, 1)
    assert "new" not in document_stats
    run(extractor, [tmp_path / "a"], tmp_path / "own")  # the output's own index
    (document,) = read_jsonl(tmp_path / "own" / "documents.jsonl")
    assert document["doc_id"] == "x-" + hashlib.sha1(b"x.txt").hexdigest()[:8]


@pytest.mark.parametrize(
    ("similarity", "bucket"),
    [
        (0.75, "similarity_0.75"),
        (0.8, "similarity_0.80"),
        (0.849, "similarity_0.80"),
        (0.95, "similarity_0.95"),
        (1.0, "similarity_1.00"),
    ],
)
def test_similarity_histogram_buckets(similarity: float, bucket: str):
    assert _bin(similarity) == bucket


# --- 6. A killed run leaves the index usable ---------------------------------------------


def add_entry(writer: SegmentWriter, key: str, text: str) -> np.ndarray:
    shingles = shingle_hashes(text, 5)
    signature = BulkMinHasher().signatures([shingles])[0]
    rank = canonical_rank(None, len(text), key, -1)
    writer.add(key, "document", key, rank, signature, shingles, writer.run)
    return signature


def test_a_killed_run_leaves_the_index_as_it_was(tmp_path: Path):
    """Segments are published by renaming and then naming them in meta.json; a run killed
    before either leaves the previous state, and the next writer clears its leftovers."""
    config = DedupConfig().index_config()
    root = tmp_path / "index"
    store = IndexStore(root, config)
    writer = store.writer()
    kept = add_entry(writer, "d:kept", "蒙古位於亞洲內陸，夾處於中俄兩大強國之間")
    store.commit(writer, [], [], redis=False)

    # Killed before its commit: a temporary segment folder is left behind.
    killed = IndexStore(root, config).writer()
    add_entry(killed, "d:lost", "中俄蒙三國邊防部隊首次組織聯合演練")
    killed.flush()
    assert (killed.tmp / "signatures.u32").stat().st_size > 0
    reopened = IndexStore(root, config)
    assert set(reopened.live) == {"d:kept"}
    assert reopened.segments == [1]
    np.testing.assert_array_equal(reopened.segment(1).signatures([0])[0], kept)
    writer = reopened.writer()
    assert writer.number == 2
    assert (writer.tmp / "signatures.u32").stat().st_size == 0  # the stale one was removed
    add_entry(writer, "d:next", "這是另一段足夠長而且毫不相干的文字內容")
    reopened.commit(writer, [], [], redis=False)
    assert set(IndexStore(root, config).live) == {"d:kept", "d:next"}

    # Killed after renaming its segment into place but before meta.json named it.
    half = IndexStore(root, config).writer()
    add_entry(half, "d:half", "三國聯合演練的時間點和內容頗具深層意涵")
    half.commit([], [])
    assert half.final.exists()
    final = IndexStore(root, config)
    assert set(final.live) == {"d:kept", "d:next"}
    assert final.segments == [1, 2]
    writer = final.writer()
    assert writer.number == 3 and not writer.final.exists()
    writer.discard()
    assert not list(root.glob(".*.tmp"))


# --- 7. An index of another configuration ------------------------------------------------


def build_index(root: Path, config: DedupConfig) -> None:
    dedup = Deduplicator(config, root)
    fingerprints, _ = Fingerprinter(config)(
        "doc",
        [("paragraph", "蒙古位於亞洲內陸，夾處於中俄兩大強國之間的戰略位置")],
        None,
        "doc.txt",
    )
    dedup.add(fingerprints)
    dedup.resolve()
    dedup.commit()


def test_index_of_another_threshold_is_refused(tmp_path: Path):
    root = tmp_path / "index"
    build_index(root, DedupConfig(threshold=0.8))
    assert set(IndexStore(root, DedupConfig(threshold=0.8).index_config()).live) == {
        "d:doc",
        "p:doc:0",
    }
    with pytest.raises(IndexMismatch) as refused:
        IndexStore(root, DedupConfig(threshold=0.7).index_config())
    message = str(refused.value)
    assert "(threshold: index 0.8, this run 0.7)" in message  # the one setting, both values
    assert "num_perm" not in message and "{" not in message


def test_an_index_built_before_the_document_rule_is_refused(tmp_path: Path):
    """Migration: an index whose configuration predates the document threshold and the
    containment check is refused, and the message names what this run adds."""
    root = tmp_path / "index"
    build_index(root, DedupConfig())
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    for key in ("document_threshold", "containment", "containment_min_shingles",
                "document_candidates"):  # fmt: skip
        del meta["config"][key]
    (root / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(IndexMismatch) as refused:
        IndexStore(root, CONFIG)
    message = str(refused.value)
    assert "document_threshold: index not set, this run 0.6" in message
    assert "containment: index not set, this run 0.95" in message


def test_a_mismatch_names_every_setting_that_differs():
    index = {"format": 1, "ngram": 3, "threshold": 0.8, "passage_kinds": ["paragraph"]}
    run = {"format": 1, "ngram": 5, "threshold": 0.8, "passage_kinds": ["paragraph", "table"]}
    run["seed"] = 2
    assert config_differences(index, run) == [
        "ngram: index 3, this run 5",
        'passage_kinds: index ["paragraph"], this run ["paragraph", "table"]',
        "seed: index not set, this run 2",
    ]
    assert config_differences(index, dict(index)) == []


def test_cli_refuses_an_index_of_another_threshold(extractor: Extractor, tmp_path: Path, capsys):
    """Exit status 2 and a message, and no output written from the mismatched run."""
    out = tmp_path / "out"
    build_index(out / DEDUP_INDEX, DedupConfig(threshold=0.8))
    argv = ["extract", str(NEWS), "--out", str(out), "--no-progress"]
    status = main([*argv, "--dedup-threshold", "0.7"])
    assert status == 2
    err = capsys.readouterr().err
    assert "error:" in err and "threshold: index 0.8, this run 0.7" in err
    assert not (out / "documents.jsonl").exists()


# --- 8. --drop-duplicates ----------------------------------------------------------------


def test_drop_duplicates_leaves_the_twin_out(
    extractor: Extractor, twin_dir: Path, twin_out: Path, tmp_path: Path
):
    record = run(extractor, [twin_dir], tmp_path / "out", drop=True)
    documents = read_jsonl(tmp_path / "out" / "documents.jsonl")
    kept = read_jsonl(twin_out / "documents.jsonl")
    twin, news = doc_id(kept, "news_simplified.txt"), doc_id(kept, "news.txt")
    assert twin not in {d["doc_id"] for d in documents}
    assert len(documents) == len(kept) - 1
    for name in ("passages", "entities", "events"):
        dropped = read_jsonl(tmp_path / "out" / f"{name}.jsonl")
        full = read_jsonl(twin_out / f"{name}.jsonl")
        assert not of_doc(dropped, twin), name
        assert len(of_doc(dropped, news)) == len(of_doc(full, news)), name
    assert record["counts"]["documents_dropped"] == 1
    assert record["counts"]["passages_dropped"] > 0
    assert record["counts"]["passages_dropped"] == len(
        of_doc(read_jsonl(twin_out / "passages.jsonl"), twin)
    )


# --- 9. Redis --------------------------------------------------------------------------


def test_redis_lsh_finds_the_reprint_of_an_earlier_run(
    extractor: Extractor, redis_server: dict[str, Any], tmp_path: Path
):
    import redis

    folder_a, folder_b = write_inputs(tmp_path)
    index = tmp_path / "index"
    first = run(extractor, [folder_a], tmp_path / "out1", dedup_index=index, redis=redis_server)
    second = run(extractor, [folder_b], tmp_path / "out2", dedup_index=index, redis=redis_server)
    news = doc_id(read_jsonl(tmp_path / "out1" / "documents.jsonl"), "news.txt")
    (reprint,) = read_jsonl(tmp_path / "out2" / "documents.jsonl")
    assert reprint["duplicate_of"] == news
    assert 0.8 <= reprint["dup_similarity"] < 1.0
    assert first["dedup"]["lsh"]["storage"] == second["dedup"]["lsh"]["storage"] == "redis"
    assert redis.Redis(**redis_server).dbsize() > 0


def test_redis_catches_up_with_runs_made_without_it(
    extractor: Extractor, redis_server: dict[str, Any], tmp_path: Path
):
    """Items a run without Redis added to the index reach the Redis tables later."""
    for name, text in (("P", paper_head()), ("N", news_text())):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "B").mkdir()
    (tmp_path / "B" / "reprint.txt").write_bytes(reprint_bytes())
    index = tmp_path / "index"
    redis = {**redis_server, "db": 1}
    run(extractor, [tmp_path / "P"], tmp_path / "o1", dedup_index=index, redis=redis)
    run(extractor, [tmp_path / "N"], tmp_path / "o2", dedup_index=index)
    run(extractor, [tmp_path / "B"], tmp_path / "o3", dedup_index=index, redis=redis)
    news = doc_id(read_jsonl(tmp_path / "o2" / "documents.jsonl"), "N.txt")
    (reprint,) = read_jsonl(tmp_path / "o3" / "documents.jsonl")
    assert reprint["duplicate_of"] == news


def test_redis_keys_of_a_killed_run_are_ignored(
    extractor: Extractor, redis_server: dict[str, Any], tmp_path: Path, monkeypatch
):
    """A run killed after filling Redis but before saving the index leaves keys the index
    does not know; later runs neither fail on them nor pair with them."""
    (tmp_path / "A").mkdir()
    (tmp_path / "A" / "news.txt").write_text(news_text(), encoding="utf-8")
    (tmp_path / "B").mkdir()
    (tmp_path / "B" / "reprint.txt").write_bytes(reprint_bytes())
    (tmp_path / "C").mkdir()
    (tmp_path / "C" / "copy.txt").write_bytes(reprint_bytes())
    index = tmp_path / "index"
    redis = {**redis_server, "db": 2}
    run(extractor, [tmp_path / "A"], tmp_path / "o1", dedup_index=index, redis=redis)

    def killed(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(IndexStore, "commit", killed)
        with pytest.raises(KeyboardInterrupt):
            run(extractor, [tmp_path / "B"], tmp_path / "o2", dedup_index=index, redis=redis)
    run(extractor, [tmp_path / "C"], tmp_path / "o3", dedup_index=index, redis=redis)
    news = doc_id(read_jsonl(tmp_path / "o1" / "documents.jsonl"), "news.txt")
    (copy,) = read_jsonl(tmp_path / "o3" / "documents.jsonl")
    assert copy["duplicate_of"] == news


def test_redis_options_parses_urls_and_rejects_others(tmp_path: Path, capsys):
    assert redis_options("redis://h:1234/2") == {"host": "h", "port": 1234, "db": 2}
    assert redis_options("redis://localhost") == {"host": "localhost", "port": 6379, "db": 0}
    for bad in ("http://h:1234/2", "redis://", "h:1234"):
        with pytest.raises(ValueError):
            redis_options(bad)
    with pytest.raises(SystemExit) as usage:  # argparse checks the URL (pipeline/cli.py)
        main(["extract", str(NEWS), "--out", str(tmp_path), "--dedup-redis", "http://h:1/0"])
    assert usage.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_dedup_redis_without_the_client_says_how_to_install_it(tmp_path: Path, capsys, monkeypatch):
    """The Redis client is an extra (`pip install '.[redis]'`), not part of the main job."""
    monkeypatch.setitem(sys.modules, "redis", None)  # as if it were not installed
    with pytest.raises(ValueError, match=re.escape("pip install '.[redis]'")):
        redis_options("redis://localhost:6379/0")
    argv = ["extract", str(NEWS), "--out", str(tmp_path / "o"), "--no-progress"]
    with pytest.raises(SystemExit) as usage:  # a usage error, as for a bad URL
        main([*argv, "--dedup-redis", "redis://localhost:6379/0"])
    assert usage.value.code == 2
    assert "pip install '.[redis]'" in capsys.readouterr().err
    assert not (tmp_path / "o" / "documents.jsonl").exists()


# --- 9. Banding out of core ----------------------------------------------------------------


@pytest.mark.parametrize("run_records", [7, banding.RUN_RECORDS])
def test_sorted_run_banding_proposes_what_minhash_lsh_does(tmp_path: Path, run_records: int):
    """Few values per row, so bands collide often; a tiny run size spreads the band keys
    and the pairs over many sorted runs."""
    rng = np.random.default_rng(3)
    signatures = rng.integers(0, 3, size=(300, 128), dtype=np.uint32)
    new = rng.random(300) < 0.3
    hasher = BulkMinHasher()
    for bands, rows in [(16, 6), (35, 3)]:
        lsh = MinHashLSH(num_perm=128, params=(bands, rows))
        for n, signature in enumerate(signatures):
            lsh.insert(n, hasher.lean(signature))
        expected = {
            (min(n, m), max(n, m))
            for n in np.flatnonzero(new)
            for m in lsh.query(hasher.lean(signatures[n]))
            if m != n
        }
        found = list(
            banding.candidate_pairs(
                zip(signatures, new, strict=True), bands, rows, tmp_path / f"{bands}", run_records
            )
        )
        assert found == sorted(expected)
        assert len(found) > 100


def mixed_texts(count: int, seed: int) -> list[list[str]]:
    """Documents of paragraphs drawn from a small pool, some edited: many near duplicates."""
    alphabet = list("戰略位置蒙古亞洲內陸夾處於中俄兩大強國之間經濟發展合作關係")
    words = np.random.default_rng(0)
    pool = ["".join(words.choice(alphabet, size=int(words.integers(30, 90)))) for _ in range(12)]
    rng = np.random.default_rng(seed)
    documents = []
    for _ in range(count):
        picked = [pool[i] for i in rng.choice(len(pool), size=4, replace=False)]
        if rng.random() < 0.5:
            picked[0] = picked[0][:-3] + "變更了"
        documents.append(picked)
    return documents


def dedup_run(
    root: Path,
    name: str,
    documents: list[list[str]],
    run_records: int,
    redis: dict[str, Any] | None = None,
) -> tuple[dict[str, Mark], dict[str, Any]]:
    """The marks and counts of a run adding `name`0, 1, ... to the index in `root` (its LSH
    in `redis` if given)."""
    config = DedupConfig()
    dedup = Deduplicator(config, root, redis=redis, run_records=run_records)
    fingerprinter = Fingerprinter(config)
    for n, paragraphs in enumerate(documents):
        passages = [("paragraph", text) for text in paragraphs]
        dedup.add(fingerprinter(f"{name}{n:03d}", passages, None, f"{name}{n:03d}.txt")[0])
    marks = dedup.resolve()
    dedup.commit()
    return marks, dedup.record()["levels"]


def test_a_tiny_run_size_gives_identical_marks(tmp_path: Path, monkeypatch):
    """Sorted runs of three band keys, and shingles kept a few sets at a time, mark exactly
    what one run and a roomy cache do, in a first run and one adding to its index."""
    runs = [("first", mixed_texts(40, 1)), ("later", mixed_texts(15, 2))]
    roomy = [dedup_run(tmp_path / "roomy", *run, banding.RUN_RECORDS) for run in runs]
    written = []
    write_run = banding._write_run

    def counted(records: np.ndarray, stem: Path, number: int) -> Path:
        written.append(stem.name)
        return write_run(records, stem, number)

    monkeypatch.setattr(banding, "_write_run", counted)
    monkeypatch.setattr(deduplicator, "SHINGLE_BATCH", 100)
    tiny = [dedup_run(tmp_path / "tiny", *run, 3) for run in runs]
    assert tiny == roomy
    assert written.count("bands") > 100
    (_, first_counts), (later, _) = roomy
    assert first_counts["document"]["duplicates"] > 5 and first_counts["passage"]["duplicates"]
    assert any(m.duplicate_of and m.duplicate_of.startswith("first") for m in later.values())


# --- 9. The run's per-item tables out of core --------------------------------------------


def reference_components(pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Components from a dict union-find (what `clusters` held in memory before)."""
    parent: dict[int, int] = {}

    def find(item: int) -> int:
        while parent.setdefault(item, item) != item:
            item = parent[item]
        return item

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for item in parent:
        members.setdefault(find(item), []).append(item)
    return sorted(sorted(group) for group in members.values())


def test_forest_gives_the_components_of_a_dict_union_find():
    """The numbered union-find of the step gives the components, in the order, that a dict
    of keys gave, on random pairs (self-pairs and repeats included)."""
    rng = np.random.default_rng(23)
    for _ in range(50):
        size = int(rng.integers(1, 400))
        count = int(rng.integers(0, 2 * size))
        pairs = [(int(a), int(b)) for a, b in rng.integers(0, size, size=(count, 2))]
        forest = Forest(size)
        for a, b in pairs:
            forest.union(a, b)
        assert list(forest.groups()) == reference_components(pairs)


def test_live_entries_behave_as_a_dict_in_key_order():
    """The on-disk table answers as the dict it replaces under random puts, replacements
    and deletions; it iterates in key order (Python's code-point order, non-ASCII too),
    numbers its keys in that order and keeps this run's flags."""
    rng = np.random.default_rng(5)
    live, model, flags = LiveEntries(), {}, {}
    for step in range(600):
        level, letter = "dp"[int(rng.integers(0, 2))], "文aé\U0001f600Z9"[int(rng.integers(0, 6))]
        key = f"{level}:{letter}{int(rng.integers(0, 80))}"
        if rng.random() < 0.2 and key in model:
            del live[key], model[key]
        else:
            rank = (None if rng.random() < 0.3 else "2025", -step, "路徑.txt", step)
            model[key] = Entry(key, level_of(key), "digest", rank, 1, 2, step)
            flags[key] = (step % 3 == 0, step % 2 == 0)
            live.put([model[key]], seen=flags[key][0], new=flags[key][1])
    assert list(live) == sorted(model) and len(live) == len(model)
    assert {k: live[k] for k in live} == model and "d:absent" not in live
    assert {k: (live.is_seen(k), live.is_new(k)) for k in model} == {k: flags[k] for k in model}
    live.number()
    assert [live.key_of(n) for n in range(len(model))] == sorted(model)
    assert all(live.num(k) == n for n, k in enumerate(sorted(model)))
    documents = [e.key for e, _ in live.level("document")]
    assert documents == sorted(k for k in model if k.startswith("d:"))
    assert live.first_num("passage") == len(documents)


def test_marks_table_round_trips():
    live = LiveEntries()
    marks = Marks(live.db)
    expected = {
        "b:1": Mark("a", "a", 0.9123),
        "a": Mark(None, "a", None),
        "文": Mark("a", "a", 1.0),
    }
    for item, mark in expected.items():
        marks.add(item, mark)
    assert marks == expected and dict(marks.items()) == expected
    assert marks.get("c") is None and len(marks) == 3


def test_retiring_is_done_in_sql_whatever_the_index_holds():
    """An index of 3,000 documents and 60,000 passages; the run saw 40 documents (a few of
    their passages, all of others) and some passages of documents it did not see. `retire`
    takes out exactly what the rule names (the unseen passages of a seen document), also
    where one doc id starts with another, in key order; the keys come back as an iterator
    of the table, and Python's memory does not follow the index: the old list of every
    unseen passage held about 5 MB here."""
    live = LiveEntries()
    docs = [f"doc{n:05d}-{n * 7919 % 16**8:08x}" for n in range(3000)]
    # Doc ids that start with another's: the run saw docs[3] but not the longer one, and
    # the longer one but not docs[100].
    docs += [f"{docs[3]}-0badcafe", f"{docs[100]}-0badcafe"]
    seen_docs = set(docs[:40]) | {docs[-1]}

    def entries():
        for doc in docs:
            yield Entry(f"d:{doc}", "document", "0" * 20, ("9999", -1, doc, -1), 1, 1, 0)
            for seq in range(20):
                key = f"p:{ids.passage_id(doc, seq)}"
                yield Entry(key, "passage", "0" * 20, ("9999", -1, doc, seq), 1, 1, 0)

    live.put(entries())
    for n, doc in enumerate(docs):
        if doc in seen_docs:
            live.see(f"d:{doc}")
        for seq in range(20):
            if (doc in seen_docs and seq < n % 7) or (n % 50 == 45 and seq < 10):
                live.see(f"p:{ids.passage_id(doc, seq)}")
    expected = sorted(
        f"p:{ids.passage_id(doc, seq)}"
        for n, doc in enumerate(docs)
        for seq in range(20)
        if doc in seen_docs and seq >= n % 7
    )
    assert f"p:{docs[3]}:10" in expected and f"p:{docs[-1]}:19" in expected
    assert not any(key.startswith((f"p:{docs[-2]}:", f"p:{docs[100]}:")) for key in expected)
    size = len(live)
    tracemalloc.start()
    try:
        count = live.retire()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    retired = live.retired()
    assert not isinstance(retired, list | tuple | set)
    assert count == len(expected) > 500
    assert list(retired) == expected and len(live) == size - count
    assert all(key not in live and live.is_retired(key) for key in expected)
    assert not live.is_retired(f"p:{docs[45]}:15") and f"p:{docs[-2]}:0" in live
    assert f"d:{docs[0]}" in live and f"p:{docs[100]}:19" in live
    assert peak < 500_000, peak


def test_out_of_core_resolve_marks_as_the_in_memory_clusters(tmp_path: Path):
    """A first run and a later one that edits documents (replaced entries, retired
    passages): the marks equal those of the in-memory union-find and `mark_clusters` on
    the same verified pairs and entries."""
    first = mixed_texts(40, 1)
    edited = [[*paragraphs[:2], paragraphs[2] + "補充說明"] for paragraphs in first[:25]]
    runs = [("first", first), ("first", edited + mixed_texts(10, 3))]
    config, fingerprinter = DedupConfig(), Fingerprinter(DedupConfig())
    for name, documents in runs:
        dedup = Deduplicator(config, tmp_path)
        for n, paragraphs in enumerate(documents):
            passages = [("paragraph", text) for text in paragraphs]
            dedup.add(fingerprinter(f"{name}{n:03d}", passages, None, f"{name}{n:03d}.txt")[0])
        marks = dedup.resolve()
        live = dedup.store.live
        entries = {key: live[key] for key in live}
        old = [e for e in dedup.store.edges() if not live.is_new(e.a) and not live.is_new(e.b)]
        expected = mark_clusters(
            clusters(old + dedup.found), entries, live.is_seen, dedup._jaccard, item_id
        )
        assert marks == {item_id(k): m for k, m in expected.items()} and len(marks) > 10
        dedup.commit()
    assert dedup.stats["passage"]["retired"] > 0 and dedup.stats["document"]["replaced"] > 0


# --- 10. Buckets settled without all their pairs -----------------------------------------


def reference_marks(dedup: Deduplicator, config: DedupConfig, tmp_path: Path) -> dict[str, Mark]:
    """The marks of checking every pair that shares a band, of all the live items (new or
    not, earlier runs' pairs not used): the clusters the step did before, checking every
    candidate pair, when its index kept every verified pair. Clustered in memory."""
    live = dedup.store.live
    edges = []
    for level in ("document", "passage"):
        entries = list(dedup.store.level_items(level))
        signed = [(signature, True) for _, signature, _ in entries]
        bands, rows = config.bands(level)
        for i, j in banding.candidate_pairs(signed, bands, rows, tmp_path / f"all-{level}"):
            a, b = entries[i][0].key, entries[j][0].key
            shingles = dedup._shingle_sets([a, b])
            similarity, why = config.duplicates(level, shingles[a], shingles[b])
            if why is not None:
                edges.append(Edge(a, b, similarity))
    entries = {key: live[key] for key in live}
    found = mark_clusters(clusters(edges), entries, live.is_seen, dedup._jaccard, item_id)
    return {item_id(key): mark for key, mark in found.items()}


def run_and_reference(
    root: Path,
    name: str,
    documents: list[list[str]],
    tmp_path: Path,
    redis: dict[str, Any] | None = None,
) -> tuple[dict[str, Mark], dict[str, Mark], dict[str, Any]]:
    """The step's marks, those of checking every candidate pair, and the counts, of a run
    adding `name`0, 1, ... to the index in `root` (its LSH in `redis` if given)."""
    config = DedupConfig()
    dedup = Deduplicator(config, root, redis=redis)
    fingerprinter = Fingerprinter(config)
    for n, paragraphs in enumerate(documents):
        passages = [("paragraph", text) for text in paragraphs]
        dedup.add(fingerprinter(f"{name}{n:03d}", passages, None, f"{name}{n:03d}.txt")[0])
    marks = dict(dedup.resolve().items())
    expected = reference_marks(dedup, config, tmp_path)
    dedup.commit()
    return marks, expected, dedup.record()["levels"]


def test_a_large_cluster_costs_a_check_per_member_not_per_pair(tmp_path: Path):
    """300 copies of a document (and of its four paragraphs): one bucket of 300 in every
    band, 44,850 pairs each; the step checks one pair per member that joins the cluster,
    and marks every copy."""
    text = mixed_texts(1, 1)[0]
    marks, expected, counts = run_and_reference(tmp_path / "index", "copy", [text] * 300, tmp_path)
    assert marks == expected and len(marks) == 300 * 5
    for level, items in (("document", 300), ("passage", 1200)):
        assert counts[level]["duplicates"] == items - counts[level]["clusters"]
        assert counts[level]["candidate_pairs"] == counts[level]["verified_pairs"] < items


def components_of(forest: Forest) -> list[list[int]]:
    return sorted(forest.groups())


@pytest.mark.parametrize("seed", range(6))
def test_linker_gives_the_components_of_checking_every_pair(seed: int):
    """Random buckets (some members queried) over items whose duplicates form stars,
    chains and random pairs: the components equal those of checking every pair of every
    bucket with a queried side, with far fewer checks when clusters are large; a tiny
    memo (collisions) changes nothing but the count."""
    rng = np.random.default_rng(seed)
    size = 120
    accepted: set[tuple[int, int]] = set()
    for hub in range(0, 30, 10):  # stars: the hub is a duplicate of each leaf, no two leaves
        accepted |= {(hub, leaf) for leaf in range(hub + 1, hub + 10)}
    accepted |= {(n, n + 1) for n in range(30, 60)}  # a chain
    accepted |= {(n, m) for n in range(60, 90) for m in range(n + 1, 90)}  # a clique
    for a, b in rng.integers(0, size, size=(40, 2)):  # and random pairs
        if a != b:
            accepted.add((int(min(a, b)), int(max(a, b))))
    queried = rng.random(size) < 0.6
    buckets = []
    for _ in range(200):
        members = sorted({int(m) for m in rng.integers(0, size, int(rng.integers(2, 30)))})
        buckets.append((members, [bool(queried[m]) for m in members]))
    for start in (0, 30, 60):  # each group of 30 also in one bucket
        members = list(range(start, start + 30))
        buckets.append((members, [bool(queried[m]) for m in members]))
    every = [
        (a, b)
        for members, asked in buckets
        for x, a in enumerate(members)
        for y, b in enumerate(members[x + 1 :], x + 1)
        if (asked[x] or asked[y]) and (a, b) in accepted
    ]
    reference = Forest(size)
    for a, b in every:
        reference.union(a, b)
    checked: list[tuple[int, int]] = []

    def check(a: int, b: int) -> bool:
        assert a < b
        checked.append((a, b))
        return (a, b) in accepted

    for slots in (MEMO_SLOTS, 2):
        checked.clear()
        forest = Forest(size)
        linker = Linker(forest, check, memo_slots=slots)
        for members, asked in buckets:
            linker.bucket(members, asked)
        assert components_of(forest) == components_of(reference)
        assert all(queried[a] or queried[b] for a, b in checked)
        candidates = {
            (a, b)
            for members, asked in buckets
            for x, a in enumerate(members)
            for y, b in enumerate(members[x + 1 :], x + 1)
            if asked[x] or asked[y]
        }
        assert set(checked) <= candidates
        # An accepted check always joins two components: one per join, none wasted.
        joins = size - len(components_of(forest)) - (size - len(np.flatnonzero(forest.touched)))
        assert sum(pair in accepted for pair in checked) == joins
        if slots == MEMO_SLOTS:  # no pair checked twice
            assert len(checked) == len(set(checked))
            assert joins < len([p for p in candidates if p in accepted]) / 4


def test_step_marks_as_checking_every_candidate_pair(tmp_path: Path):
    """Documents of paragraphs drawn from a small pool (large passage clusters, chains of
    edited copies): a first run, and a later one editing some documents, dropping
    paragraphs of others (retired passages) and adding new ones; the marks equal those of
    checking every candidate pair, and fewer pairs are checked."""
    first = mixed_texts(60, 1)
    second = [
        [*paragraphs[:2], paragraphs[2] + "補充說明"] if n % 3 == 0 else paragraphs[:2]
        for n, paragraphs in enumerate(first[:30])
    ] + first[30:]
    root = tmp_path / "index"
    for name, documents in (("d", first), ("d", second + mixed_texts(10, 3))):
        marks, expected, counts = run_and_reference(root, name, documents, tmp_path / name)
        assert marks == expected and len(marks) > 100
    assert counts["passage"]["retired"] > 0 and counts["document"]["replaced"] > 0
    assert counts["passage"]["requeried"] > 0


def test_the_redis_tables_mark_as_the_sorted_runs_and_every_candidate_pair(
    redis_server: dict[str, Any], tmp_path: Path
):
    """The step with its candidates from Redis (each queried item's answer settled as a
    bucket of its own by the linker) against the sorted runs on disk and against checking
    every candidate pair: the same marks, in a first run and in a later one that edits
    documents, drops paragraphs (passages retired: out of the Redis tables too) and adds
    new ones; fewer pairs checked than there are candidates, and none checked twice."""
    first = mixed_texts(60, 1)
    second = [
        [*paragraphs[:2], paragraphs[2] + "補充說明"] if n % 3 == 0 else paragraphs[:2]
        for n, paragraphs in enumerate(first[:30])
    ] + first[30:]
    redis = {**redis_server, "db": 3}
    checked: list[tuple[int, int]] = []
    proposed: list[int] = []  # the candidate pairs of each bucket the step settles

    class Recording(Linker):
        def __init__(self, forest: Forest, check: Any, kind: Any = None) -> None:
            def recorded(a: int, b: int) -> bool:
                checked.append((a, b))
                return check(a, b)

            super().__init__(forest, recorded, kind)

        def bucket(self, members: list[int], queried: list[bool]) -> None:
            assert members == sorted(members) and sum(queried) == 1  # a star
            proposed.append(len(members) - 1)
            super().bucket(members, queried)

    for name, documents in (("d", first), ("d", second + mixed_texts(10, 3))):
        local, expected, local_counts = run_and_reference(
            tmp_path / "local", name, documents, tmp_path / "l" / name
        )
        checked.clear()
        proposed.clear()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(deduplicator, "Linker", Recording)
            remote, _, counts = run_and_reference(
                tmp_path / "redis", name, documents, tmp_path / "r" / name, redis=redis
            )
        assert remote == local == expected and len(local) > 100
        for level in ("document", "passage"):
            assert counts[level]["duplicates"] == local_counts[level]["duplicates"]
            assert counts[level]["clusters"] == local_counts[level]["clusters"]
        assert (
            len(checked)
            == len(set(checked))
            == sum(counts[level]["candidate_pairs"] for level in ("document", "passage"))
        )
        assert len(checked) < sum(proposed) / 2
    assert counts["passage"]["retired"] > 0 and counts["document"]["replaced"] > 0
    assert counts["passage"]["requeried"] > 0


def test_inserting_into_redis_holds_a_bounded_pipeline(
    redis_server: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """datasketch's `insertion_session(buffer_size=...)` does not reach its Redis pipelines
    (they held 50,000 commands: every insert of a level); `RedisTables` sets them itself.
    With 7, no pipeline holds more than 7 commands while 300 items are inserted, and the
    marks are the sorted runs' on disk."""
    import redis

    from pipeline.dedup import redis_lsh

    monkeypatch.setattr(redis_lsh, "INSERT_BUFFER", 7)
    held: list[int] = []
    stacked = redis.client.Pipeline.pipeline_execute_command

    def recorded(pipeline: Any, *args: Any, **options: Any) -> Any:
        held.append(len(pipeline.command_stack))
        return stacked(pipeline, *args, **options)

    monkeypatch.setattr(redis.client.Pipeline, "pipeline_execute_command", recorded)
    documents = mixed_texts(60, 1)
    remote, _ = dedup_run(
        tmp_path / "redis", "d", documents, banding.RUN_RECORDS, {**redis_server, "db": 4}
    )
    local, _ = dedup_run(tmp_path / "local", "d", documents, banding.RUN_RECORDS)
    assert remote == local and len(local) > 100
    assert len(held) > 1000 and max(held) < 7


def test_an_incremental_run_marks_as_a_fresh_run_after_an_item_changes_or_leaves(
    tmp_path: Path,
):
    """Three identical documents: the first (in key order) joins the other two, so the
    pair of those two is never checked. The first is then edited to other text (its entry
    replaced) and loses a paragraph (that passage retired): the other two must stay one
    cluster, as a fresh index over the same documents has them."""
    paragraphs = mixed_texts(1, 4)[0]
    other = [p[::-1] for p in mixed_texts(1, 9)[0][:2]]
    before = [paragraphs, paragraphs, paragraphs]
    after = [other, paragraphs, paragraphs]
    incremental = [
        dedup_run(tmp_path / "incremental", "d", docs, 1 << 16) for docs in (before, after)
    ]
    fresh, _ = dedup_run(tmp_path / "fresh", "d", after, 1 << 16)
    (_, first_counts), (marks, counts) = incremental
    assert first_counts["document"]["verified_pairs"] == 2  # d000-d001, d000-d002
    assert marks == fresh
    assert marks["d002"].duplicate_of == "d001"
    assert counts["passage"]["retired"] == 2 and counts["document"]["replaced"] == 1
    assert counts["document"]["requeried"] == 2


def test_linker_with_kinds_checks_each_pair_of_texts_once():
    """Items of 40 texts (kinds), each text copied 6 times: a rejected pair of texts is
    checked once, not once per pair of copies, and the components are those of checking
    every pair."""
    rng = np.random.default_rng(11)
    size, texts = 240, 40
    similar = {(a, a) for a in range(texts)} | {(a, a + 1) for a in range(0, texts, 4)}
    buckets = []
    for _ in range(150):
        members = sorted({int(m) for m in rng.integers(0, size, int(rng.integers(2, 40)))})
        buckets.append((members, [True] * len(members)))
    checked: list[tuple[int, int]] = []

    def accepted(a: int, b: int) -> bool:
        return (min(a, b) % texts, max(a, b) % texts) in similar or (
            max(a, b) % texts,
            min(a, b) % texts,
        ) in similar

    def check(a: int, b: int) -> bool:
        checked.append((a % texts, b % texts))
        return accepted(a, b)

    reference = Forest(size)
    for members, _ in buckets:
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                if accepted(a, b):
                    reference.union(a, b)
    forest = Forest(size)
    linker = Linker(forest, check, kind=lambda n: n % texts)
    for members, queried in buckets:
        linker.bucket(members, queried)
    assert components_of(forest) == components_of(reference)
    rejected = [tuple(sorted(pair)) for pair in checked if not accepted(*pair)]
    assert rejected and len(rejected) == len(set(rejected))
