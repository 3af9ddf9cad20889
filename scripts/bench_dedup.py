"""`make bench` (dedup): near-duplicate detection against known truth, and its speed.

A seeded generator (`pipeline.evaluation.synthetic`) builds documents from real sentences
(../shared/data, or `--source` files of any text) with near-duplicate variants and hard
negatives. The product's dedup (`pipeline.dedup`: bulk signatures, LSH, the exact check on
the shingle sets, clusters) runs on them for each shingle width n of the sweep, and is
scored:

- against the generator's truth (documents of one family are duplicates), overall and
  restricted to the pairs that the document rule accepts on their exact shingle sets
  (Jaccard ≥ the document threshold, or the shorter contained in the longer: the target);
- against brute force: the exact intersection of every pair, computed with a sparse
  product, and the rule applied to it.

In the same run, a plain datasketch baseline (one `MinHash.update` per shingle, SHA-1,
in-memory `MinHashLSH`, pairs kept when the estimated Jaccard reaches the document
threshold) is timed and scored at the chosen n. Each speed figure is the best of
`--repeat` runs. The settings themselves are chosen by scripts/sweep_dedup.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH
from eval_segmentation import publish
from scipy import sparse

from pipeline.dedup.clusters import canonical_rank
from pipeline.dedup.config import LEVELS, DedupConfig
from pipeline.dedup.deduplicator import Deduplicator
from pipeline.dedup.fingerprint import Fingerprint
from pipeline.dedup.minhash import BulkMinHasher, content_digest, dedup_text, shingle_hashes
from pipeline.evaluation.synthetic import NearDuplicateGenerator, SyntheticDoc, read_sentences
from pipeline.text.normalize import Normalizer

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SOURCES = (
    "uner-zh-gsd/zh_gsd-ud-train.iob2",
    "sighan2005-dev/cityu_test_gold.utf8",
    "sighan2005-dev/pku_test_gold.utf8",
    "peoples-daily-ner-dev/example.dev",
)
Pair = tuple[str, str]
DOCUMENT = LEVELS[0]


def pairs_of(groups: dict[object, list[str]]) -> set[Pair]:
    return {tuple(sorted(p)) for g in groups.values() for p in combinations(g, 2)}


def exact_pairs(
    keys: list[str], shingles: list[np.ndarray], config: DedupConfig
) -> tuple[dict[Pair, float], set[Pair]]:
    """The exact Jaccard of every pair sharing a shingle (brute force, a sparse product),
    and the pairs the document rule accepts."""
    vocab, columns = np.unique(np.concatenate(shingles), return_inverse=True)
    sizes = np.array([len(s) for s in shingles])
    rows = np.repeat(np.arange(len(keys)), sizes)
    matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, columns)), shape=(len(keys), len(vocab))
    )
    inter = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    union = sizes[inter.row] + sizes[inter.col] - inter.data
    exact, accepted = {}, set()
    for a, b, shared, j in zip(inter.row, inter.col, inter.data, inter.data / union, strict=True):
        pair = tuple(sorted((keys[a], keys[b])))
        exact[pair] = float(j)
        if config.verdict(DOCUMENT, int(shared), int(sizes[a]), int(sizes[b])):
            accepted.add(pair)
    return exact, accepted


def prf(predicted: set[Pair], truth: set[Pair]) -> tuple[float, float, float]:
    hit = len(predicted & truth)
    p = hit / len(predicted) if predicted else 1.0
    r = hit / len(truth) if truth else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Product:
    """The pipeline's dedup on a list of documents (document level)."""

    def __init__(self, config: DedupConfig) -> None:
        self.config = config
        self.hasher = BulkMinHasher(config.num_perm, config.seed)

    def signatures(self, norms: list[str]) -> tuple[list[np.ndarray], np.ndarray]:
        """As the fingerprint step does it: one bulk call per document."""
        shingles = [shingle_hashes(dedup_text(t), self.config.ngram) for t in norms]
        rows = [self.hasher.signatures([s]) for s in shingles]
        return shingles, np.vstack(rows)

    def dedup(self, keys: list[str], shingles: list[np.ndarray], sigs: np.ndarray) -> tuple:
        with tempfile.TemporaryDirectory() as index:
            dedup = Deduplicator(self.config, Path(index))
            dedup.add(
                [
                    Fingerprint(f"d:{k}", content_digest(k), canonical_rank(None, 0, k, -1), s, g)
                    for k, s, g in zip(keys, shingles, sigs, strict=True)
                ]
            )
            marks = dedup.resolve()
            dedup.commit()
            stats = dict(dedup.stats["document"])
        clusters: dict[str, list[str]] = defaultdict(list)
        for key, mark in marks.items():
            clusters[mark.dup_cluster].append(key)
        verified = {tuple(sorted((e.a[2:], e.b[2:]))) for e in dedup.found}
        return pairs_of(clusters), verified, stats, dedup.lsh_params


def baseline(keys: list[str], norms: list[str], config: DedupConfig) -> tuple[dict, set[Pair]]:
    """Plain datasketch: one update per shingle (SHA-1), in-memory LSH with its default
    bands and rows for the threshold, pairs kept by estimated Jaccard."""
    started = time.perf_counter()
    minhashes = {}
    for key, text in zip(keys, norms, strict=True):
        s = dedup_text(text)
        m = MinHash(num_perm=config.num_perm, seed=config.seed)
        for i in range(max(1, len(s) - config.ngram + 1)):
            m.update(s[i : i + config.ngram].encode("utf-8"))
        minhashes[key] = m
    signed = time.perf_counter()
    threshold = config.jaccard_threshold(DOCUMENT)
    lsh = MinHashLSH(threshold=threshold, num_perm=config.num_perm)
    for key, m in minhashes.items():
        lsh.insert(key, m)
    pairs = set()
    for key, m in minhashes.items():
        for other in lsh.query(m):
            if other != key and m.jaccard(minhashes[other]) >= threshold:
                pairs.add(tuple(sorted((key, other))))
    return {"signatures": signed - started, "total": time.perf_counter() - started}, pairs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", nargs="*", type=Path, help="text files (default: dev sets)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ngrams", default="2,3,4,5,6,7,9")
    parser.add_argument(
        "--threshold", type=float, default=DedupConfig().jaccard_threshold(DOCUMENT)
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", type=Path, help="also save the report (Markdown)")
    args = parser.parse_args()
    sources = args.source or [DATA / s for s in SOURCES if (DATA / s).exists()]
    if not sources:
        print("no sentences: ../shared/data is absent and no --source was given", file=sys.stderr)
        return 1
    docs = NearDuplicateGenerator([read_sentences(p) for p in sources], seed=args.seed).generate()
    keys = [d.doc_id for d in docs]
    normalize = Normalizer()
    norms = [normalize(d.text) for d in docs]
    families: dict[int, list[str]] = defaultdict(list)
    for d in docs:
        families[d.family].append(d.doc_id)
    truth = pairs_of(families)
    # What each hard negative resembles and must not be paired with (series: each pair once).
    neg_pairs = sorted({tuple(sorted((d.doc_id, o))) for d in docs for o in d.negative_of})
    config = DedupConfig(document_threshold=args.threshold)
    lines = [
        f"Corpus: {len(docs)} documents ({sum(len(t) for t in norms):,} characters) generated "
        f"with seed {args.seed} from {len(sources)} sources "
        f"({', '.join(p.name for p in sources)}); {len(families)} families, "
        f"{len(truth)} duplicate pairs by construction, "
        f"{sum(d.transform == 'hard-negative' for d in docs)} hard negatives sharing a third "
        f"of their sentences with a document, {sum(d.transform == 'series' for d in docs)} "
        "articles in series of three that end with one boilerplate paragraph. Document rule: "
        f"Jaccard ≥ {args.threshold}, or ≥ {config.containment} of the shorter one's shingles "
        f"in the longer one (when it has ≥ {config.containment_min_shingles}); "
        "128 permutations, seed 1. The rule and its settings are chosen by "
        "scripts/sweep_dedup.py on edited reprints (docs/bench-dedup-reprints.md).",
        "",
        "## Shingle width sweep",
        "",
        "Pairs in one predicted cluster against the generator's truth: P, R and F1 over all "
        "its pairs, R over those the rule accepts on their exact shingle sets (the target). "
        "Against brute force (every pair the rule accepts on the exact sets): R of the "
        "verified pairs, and P of the cluster pairs (a cluster joins members through "
        "others, so a pair in one cluster may not be accepted itself). Hard negatives: the "
        "highest exact Jaccard of one with what it resembles.",
        "",
        "| n | P (truth) | R (truth) | F1 (truth) | R (truth, rule) | R (brute force) | "
        "P (brute force) | hard neg. max J | candidates | verified | rejected | bands×rows |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    results = {}
    for n in [int(x) for x in args.ngrams.split(",")]:
        product = Product(replace(config, ngram=n))
        shingles, sigs = product.signatures(norms)
        predicted, verified, stats, lsh = product.dedup(keys, shingles, sigs)
        exact, brute = exact_pairs(keys, shingles, product.config)
        strong = truth & brute
        p, r, f = prf(predicted, truth)
        rs = len(predicted & strong) / max(1, len(strong))
        rb = prf(verified, brute)[1]
        pb = prf(predicted, brute)[0]
        hard = max(exact.get(pair, 0.0) for pair in neg_pairs)
        results[n] = (exact, brute, predicted)
        lines.append(
            f"| {n} | {p:.4f} | {r:.4f} | {f:.4f} | {rs:.4f} | {rb:.4f} | {pb:.4f} | "
            f"{hard:.3f} | "
            f"{stats.get('candidate_pairs', 0)} | {stats.get('verified_pairs', 0)} | "
            f"{stats.get('rejected_pairs', 0)} | "
            f"{lsh[DOCUMENT]['bands']}×{lsh[DOCUMENT]['rows']} |"
        )
    chosen = DedupConfig().ngram
    if chosen not in results:
        return f"the sweep must include the configured n = {chosen}"
    exact, accepted, predicted = results[chosen]
    lines += [
        "",
        f"## By transform at n = {chosen}",
        "",
        "Pairs of an original and one variant: how many, their exact Jaccard, the share the "
        "rule accepts on the exact sets, and the share found (in one cluster).",
        "",
        "| variant | pairs | mean J | min J | share accepted | found |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    by_transform: dict[str, list[tuple[float, bool, bool]]] = defaultdict(list)
    for d in docs:
        if d.transform == "original" or d.negative_of:
            continue
        pair = original_pair(d)
        kind = d.transform if "+" not in d.transform else "two of the above"
        by_transform[kind].append((exact.get(pair, 0.0), pair in accepted, pair in predicted))
    for kind in sorted(by_transform, key=lambda k: (k.startswith("two"), k)):
        rows = by_transform[kind]
        js = [j for j, _, _ in rows]
        lines.append(
            f"| {kind} | {len(rows)} | {np.mean(js):.3f} | {min(js):.3f} | "
            f"{np.mean([ok for _, ok, _ in rows]):.3f} | "
            f"{np.mean([found for _, _, found in rows]):.3f} |"
        )
    variants = [d for d in docs if "script" in d.transform.split("+")]
    twins = [original_pair(d) for d in variants]
    alone = [original_pair(d) for d in variants if d.transform == "script"]
    lines += [
        "",
        f"Script twins (the other script, alone or with another change): "
        f"{sum(p in predicted for p in twins)} of {len(twins)} found; with the script "
        f"alone: {sum(p in predicted for p in alone)} of {len(alone)}. "
        f"Hard negatives (a third of the sentences shared, or a series' boilerplate): "
        f"{sum(p in predicted for p in neg_pairs)} of {len(neg_pairs)} wrongly paired; their "
        f"Jaccard with what they resemble: mean "
        f"{np.mean([exact.get(p, 0) for p in neg_pairs]):.3f}, "
        f"max {max(exact.get(p, 0) for p in neg_pairs):.3f}.",
    ]
    lines += speed(keys, norms, args, truth, predicted, accepted, config)
    publish("Dedup benchmark", "Near-duplicate detection", lines, args.write)
    return 0


def original_pair(doc: SyntheticDoc) -> Pair:
    """A variant or hard negative with the original of its family (`fNNNNN-0`)."""
    return tuple(sorted((doc.doc_id, f"{doc.doc_id.rsplit('-', 1)[0]}-0")))


def speed(keys, norms, args, truth, predicted, accepted, config) -> list[str]:
    """Signature throughput and total time, product against the plain baseline."""
    product = Product(config)
    megabytes = sum(len(t.encode("utf-8")) for t in norms) / 1e6
    best_total = {"product": float("inf"), "baseline": float("inf")}
    best_sig = {"product": float("inf"), "baseline": float("inf")}
    base_pairs: set[Pair] = set()
    for _ in range(args.repeat):
        started = time.perf_counter()
        shingles, sigs = product.signatures(norms)
        signed = time.perf_counter()
        product.dedup(keys, shingles, sigs)
        done = time.perf_counter()
        best_sig["product"] = min(best_sig["product"], signed - started)
        best_total["product"] = min(best_total["product"], done - started)
        times, base_pairs = baseline(keys, norms, config)
        best_sig["baseline"] = min(best_sig["baseline"], times["signatures"])
        best_total["baseline"] = min(best_total["baseline"], times["total"])
    bp, br, bf = prf(base_pairs, truth)
    pp, pr, pf = prf(predicted, truth)
    strong = truth & accepted
    lines = [
        "",
        f"## Speed at n = {config.ngram} ({len(keys)} documents, {megabytes:.2f} MB of text_norm)",
        "",
        "| system | signatures docs/s | signatures MB/s | signatures s | total s | "
        "P (truth) | R (truth) | F1 (truth) | R (truth, rule) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, (p, r, f, pairs) in {
        "pipeline (bulk signatures, LSH, exact check, clusters)": (pp, pr, pf, predicted),
        "plain datasketch (update per shingle, LSH, estimated J)": (bp, br, bf, base_pairs),
    }.items():
        key = "product" if name.startswith("pipeline") else "baseline"
        s = best_sig[key]
        lines.append(
            f"| {name} | {len(keys) / s:,.0f} | {megabytes / s:.2f} | {s:.3f} | "
            f"{best_total[key]:.3f} | {p:.4f} | {r:.4f} | {f:.4f} | "
            f"{len(pairs & strong) / max(1, len(strong)):.4f} |"
        )
    lines += [
        "",
        f"Signature speed-up: {best_sig['baseline'] / best_sig['product']:.1f}×; "
        f"end to end: {best_total['baseline'] / best_total['product']:.1f}×. "
        f"Best of {args.repeat} interleaved runs, one process.",
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
