"""The near-duplicate generator behind `make bench` (dedup) and the reprint sweep, the LSH
banding, and the bench and the sweep themselves on a small text: what the dedup figures
rest on."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from conftest import NEWS, PAPER, ROOT

from pipeline.dedup.config import lsh_bands
from pipeline.dedup.minhash import dedup_text, jaccard, shingle_hashes
from pipeline.evaluation.synthetic import REPRINT_KINDS, NearDuplicateGenerator, read_sentences
from pipeline.evaluation.unique_corpus import SHARES, UniqueCorpus
from pipeline.text.normalize import Normalizer


def corpus_sentences() -> list[str]:
    """Sentences of the two corpus texts, split at sentence-final punctuation."""
    text = NEWS.read_text(encoding="utf-8") + PAPER.read_text(encoding="utf-8")
    pieces = text.replace("\n", "").replace("。", "。\n").splitlines()
    return [p.strip() for p in pieces if len(p.strip()) >= 8]


@pytest.fixture(scope="module")
def generated():
    return NearDuplicateGenerator([corpus_sentences()], seed=3).generate()


def test_same_seed_same_corpus_and_another_seed_another(generated) -> None:
    again = NearDuplicateGenerator([corpus_sentences()], seed=3).generate()
    other = NearDuplicateGenerator([corpus_sentences()], seed=4).generate()
    assert again == generated
    assert [d.text for d in other] != [d.text for d in generated]


def test_families_variants_and_hard_negatives(generated) -> None:
    kinds = Counter(d.transform.split("+")[0].split("-")[0] for d in generated)
    assert kinds["original"] >= 10
    assert kinds["hard"] >= 1  # hard-negative
    assert len({d.doc_id for d in generated}) == len(generated)
    originals = {d.family: d for d in generated if d.transform == "original"}
    normalize = Normalizer()
    for doc in generated:
        if doc.transform == "script":  # only the script changed: t2s gives the original back
            original = originals[doc.family]
            a = shingle_hashes(dedup_text(normalize(doc.text)), 3)
            b = shingle_hashes(dedup_text(normalize(original.text)), 3)
            assert jaccard(a, b) > 0.9
        if doc.transform == "hard-negative":
            original = originals[-1 - doc.family]
            shared = set(doc.text.replace("\n", "").split("。")) & set(
                original.text.replace("\n", "").split("。")
            )
            assert shared, "a hard negative shares sentences with its document"
            assert doc.family < 0  # never in the original's family


def test_read_sentences_formats(tmp_path) -> None:
    iob = tmp_path / "a.iob2"
    iob.write_text("# text = 中俄蒙三國舉行聯合演練。\n1\t中\tB-LOC\n\n", encoding="utf-8")
    chars = tmp_path / "b.dev"
    chars.write_text(
        "中 B-LOC\n国 I-LOC\n和 O\n蒙 B-LOC\n古 I-LOC\n签 O\n署 O\n协 O\n议 O\n", "utf-8"
    )
    sighan = tmp_path / "c.utf8"
    sighan.write_text("中國 與 蒙古 簽署 協議 , ABC 公司 參與 。\n短句\n", encoding="utf-8")
    assert read_sentences(iob) == ["中俄蒙三國舉行聯合演練。"]
    assert read_sentences(chars) == ["中国和蒙古签署协议"]
    # Spaces beside a CJK character go; those between ASCII characters stay.
    assert read_sentences(sighan) == ["中國與蒙古簽署協議, ABC公司參與。"]


def flat(text: str) -> str:
    return text.replace("\n", "")


@pytest.fixture(scope="module")
def reprints():
    return NearDuplicateGenerator([corpus_sentences()], seed=5, sentences=(14, 14)).reprints(
        documents=6
    )


def test_reprints_are_one_variant_of_each_kind_per_document(reprints) -> None:
    again = NearDuplicateGenerator([corpus_sentences()], seed=5, sentences=(14, 14)).reprints(
        documents=6
    )
    assert again == reprints
    originals = {d.family: d for d in reprints if d.transform == "original"}
    assert len(originals) == 6
    for family in originals:
        kinds = [d.transform for d in reprints if d.family == family and d.transform != "original"]
        assert kinds == list(REPRINT_KINDS)
    by_id = {d.doc_id: d for d in reprints}
    for doc in reprints:
        if doc.family < 0 or doc.transform == "original":
            continue
        original = originals[doc.family]
        title, body = original.text.split("\n", 1)
        lines = doc.text.split("\n")
        if doc.transform == "header":  # a line more at the top, the rest as it was
            assert flat("\n".join(lines[1:])) == flat(original.text)
        elif doc.transform == "footer":
            assert flat("\n".join(lines[:-1])) == flat(original.text)
        elif doc.transform == "title":
            assert lines[0] != title and flat("\n".join(lines[1:])) == flat(body)
        elif doc.transform == "drop":  # one sentence fewer, in order
            assert len(flat(doc.text)) < len(flat(original.text))
            assert lines[0] == title
        elif doc.transform.startswith("partial-"):  # the text cut short
            assert flat(original.text).startswith(flat(doc.text))
    assert by_id["f00000-0"].negative_of == ()


def test_hard_negatives_say_what_they_must_not_be_paired_with(reprints) -> None:
    third = [d for d in reprints if d.transform == "hard-negative"]
    series = [d for d in reprints if d.transform == "series"]
    assert len(third) == 6 and len(series) % 3 == 0 and series
    families = [d.family for d in reprints]
    assert len(set(families) - {d.family for d in reprints if d.family >= 0}) == len(third) + len(
        series
    )  # every hard negative is alone in its family
    for doc in third:
        (original,) = doc.negative_of
        assert original.endswith("-0")
    members = {d.doc_id: d for d in series}
    for doc in series:
        assert len(doc.negative_of) == 2 and set(doc.negative_of) <= set(members)
        # Only the boilerplate paragraph (the last line) is shared within a series.
        mine = set(doc.text.split("\n")[1:-1])
        for other in doc.negative_of:
            theirs = members[other].text.split("\n")
            assert doc.text.split("\n")[-1] == theirs[-1]
            assert not mine & set(theirs[1:-1])


def test_read_sentences_splits_json_lines_passages(tmp_path) -> None:
    path = tmp_path / "passages.jsonl"
    path.write_text(
        '{"id": "1", "sentence": "近日,东部战区海军某支队开展训练｡舰艇编队解缆出征,奔赴某海域!"}\n'
        '{"id": "2", "text": "中俄蒙三國舉行聯合演練。"}\n',
        encoding="utf-8",
    )
    assert read_sentences(path) == [
        "近日,东部战区海军某支队开展训练｡",
        "舰艇编队解缆出征,奔赴某海域!",
        "中俄蒙三國舉行聯合演練。",
    ]


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.8, 0.9])
def test_lsh_bands_reach_the_recall_at_the_threshold(threshold: float) -> None:
    bands, rows = lsh_bands(threshold, 128, 0.99)
    assert bands * rows <= 128
    assert 1 - (1 - threshold**rows) ** bands >= 0.99
    # One band fewer would miss it: the choice is not wastefully loose.
    assert 1 - (1 - threshold**rows) ** (bands - 1) < 0.99 or bands == 1


def test_bench_runs_on_any_text(tmp_path) -> None:
    """`make bench` (dedup) works on text it has never seen, without ../shared/data."""
    source = tmp_path / "sentences.txt"
    source.write_text("\n".join(corpus_sentences()), encoding="utf-8")
    report = tmp_path / "bench.md"
    done = subprocess.run(
        [
            sys.executable,
            "scripts/bench_dedup.py",
            "--source",
            str(source),
            "--ngrams",
            "3",
            "--repeat",
            "1",
            "--write",
            str(report),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    text = report.read_text(encoding="utf-8")
    assert "## Shingle width sweep" in text and "## Speed at n = 3" in text
    row = next(line for line in text.splitlines() if line.startswith("| 3 |"))
    precision, recall_strong = float(row.split("|")[2]), float(row.split("|")[5])
    assert precision >= 0.99 and recall_strong >= 0.95


def test_sweep_runs_on_any_text(tmp_path) -> None:
    """The reprint sweep works on text it has never seen, and the product's Deduplicator
    agrees with it (the script checks that and fails otherwise)."""
    source = tmp_path / "sentences.txt"
    source.write_text("\n".join(corpus_sentences()), encoding="utf-8")
    report = tmp_path / "sweep.md"
    done = subprocess.run(
        [sys.executable, "scripts/sweep_dedup.py", "--source", str(source), "--held-out",
         "--documents", "12", "--write", str(report)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = report.read_text(encoding="utf-8")
    assert "## Settings" in text and "## By kind" in text
    chosen = text.split("chosen: P ", 1)[1]
    precision, recall = float(chosen[:6]), float(chosen.split("R ", 1)[1][:6])
    assert precision >= 0.99 and recall >= 0.95


def test_the_unique_corpus_repeats_nothing_but_its_variants_and_boilerplate() -> None:
    """`bench_scale.py --dedup-step unique`'s corpus: the same seed gives the same
    documents; the variants come in their shares; no paragraph of one base document is in
    another, but for the boilerplate paragraphs."""
    generator = UniqueCorpus(seed=5)
    docs = list(generator.documents(1.0))
    assert docs == list(UniqueCorpus(seed=5).documents(1.0))
    kinds = Counter(d.kind for d in docs)
    assert set(kinds) == set(SHARES)
    assert 0.6 < kinds["base"] / len(docs) < 0.8
    # the boilerplate paragraphs the generator drew (when its first base document needed one)
    boilerplate = {dedup_text(Normalizer()(p)) for p in generator.boilerplates}
    seen: set[str] = set()
    for doc in docs:
        if doc.kind == "base":
            paragraphs = {dedup_text(Normalizer()(p)) for p in doc.text.split("\n\n")[1:]}
            assert not (paragraphs - boilerplate) & seen
            seen |= paragraphs - boilerplate


def test_the_dedup_step_bench_runs(tmp_path) -> None:
    """`bench_scale.py --dedup-step unique` on a small corpus: the variants, and nothing
    else, are marked duplicates of documents."""
    report, marks = tmp_path / "step.md", tmp_path / "marks.tsv"
    done = subprocess.run(
        [sys.executable, "scripts/bench_scale.py", "--dedup-step", "unique", "--size", "0.3",
         "--marks", str(marks), "--write", str(report)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = report.read_text(encoding="utf-8")
    assert "s / 1,000 docs" in text and "| passage |" in text
    row = next(line for line in text.splitlines() if line.startswith("| document |"))
    items, duplicates = (int(v.replace(",", "")) for v in row.split("|")[2:4])
    variants = sum(d.kind != "base" for d in UniqueCorpus(seed=1).documents(0.3))
    assert duplicates == variants and items > variants
    assert marks.read_text(encoding="utf-8").count("\n") > duplicates
