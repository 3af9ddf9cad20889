"""Parallel runs give the same bytes as serial ones; the result cache makes an unchanged
re-run do no NLP work; a run killed with SIGKILL half-way resumes and completes with the
same output as an uninterrupted one; a real two-node Ray cluster gives the local output."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from conftest import NEWS, PAPER, ROOT

from pipeline.extract.run import CACHE, Extractor

OUTPUTS = ("documents", "passages", "entities", "events", "errors")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight documents: the news article, and the paper cut into seven parts."""
    folder = tmp_path_factory.mktemp("scale") / "in"
    folder.mkdir()
    (folder / "news.txt").write_bytes(NEWS.read_bytes())
    lines = PAPER.read_text(encoding="utf-8").splitlines(keepends=True)
    size = len(lines) // 7 + 1
    for k in range(7):
        (folder / f"paper-{k}.txt").write_text("".join(lines[k * size : (k + 1) * size]), "utf-8")
    return folder


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.jsonl").read_bytes() for name in OUTPUTS}


def run_json(out: Path) -> dict:
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    record.pop("timings")
    return record


@pytest.fixture(scope="module")
def serial(session_extractor: Extractor, corpus: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial")
    session_extractor.jobs, session_extractor.cache = 1, False
    try:
        session_extractor.run([str(corpus)], out, progress=False)
    finally:
        session_extractor.cache = True
    return out


def test_two_workers_give_the_same_bytes(serial: Path, corpus: Path, tmp_path: Path) -> None:
    Extractor(jobs=2, cache=False).run([str(corpus)], tmp_path, progress=False)
    assert outputs(tmp_path) == outputs(serial)
    assert run_json(tmp_path) == run_json(serial)
    assert json.loads((tmp_path / "run.json").read_text())["timings"]["jobs"] == 2


def test_the_dedup_timing_is_split_by_part(serial: Path) -> None:
    """run.json's `timings` → `dedup_parts`: resolve, counting the marks and writing each
    output file with its marks, which together make up `dedup`."""
    timings = json.loads((serial / "run.json").read_text())["timings"]
    parts = timings["dedup_parts"]
    assert list(parts) == [
        "resolve",
        "count_marks",
        *(f"publish_{name}" for name in ("documents", "passages", "entities", "events")),
    ]
    assert all(seconds >= 0 for seconds in parts.values())
    assert sum(parts.values()) <= timings["dedup"] + 0.01  # each part rounded to 1 ms


def test_an_unchanged_rerun_does_no_nlp(
    session_extractor: Extractor, serial: Path, corpus: Path, tmp_path: Path
) -> None:
    session_extractor.run([str(corpus)], tmp_path, progress=False)
    first = outputs(tmp_path)
    session_extractor.run([str(corpus)], tmp_path, progress=False)
    timings = json.loads((tmp_path / "run.json").read_text())["timings"]
    assert timings["documents_from_cache"] == 8
    assert "annotate" not in timings  # not one document went through the NLP steps
    assert outputs(tmp_path) == first == outputs(serial)
    # A changed file is processed again, the others come from the cache.
    (corpus / "news.txt").write_bytes(NEWS.read_bytes() + "\n補記。\n".encode())
    try:
        session_extractor.run([str(corpus)], tmp_path, progress=False)
        timings = json.loads((tmp_path / "run.json").read_text())["timings"]
        assert timings["documents_from_cache"] == 7 and "annotate" in timings
    finally:
        (corpus / "news.txt").write_bytes(NEWS.read_bytes())


def test_a_killed_run_resumes(serial: Path, corpus: Path, tmp_path: Path) -> None:
    """SIGKILL once two documents are in the cache; the next run completes from there."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "extract", str(corpus), "--out", str(out),
               "-j", "1", "--no-progress"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 240
    try:
        while len(list((out / CACHE).rglob("*.pkl.gz"))) < 2:
            assert process.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no document was cached in time"
            time.sleep(0.02)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert not (out / "documents.jsonl").exists()  # nothing half-written was published
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    timings = json.loads((out / "run.json").read_text())["timings"]
    assert 2 <= timings["documents_from_cache"] < 8
    assert outputs(out) == outputs(serial)
    assert run_json(out) == run_json(serial)


def test_the_ray_engine_gives_the_local_output(serial: Path, corpus: Path, tmp_path: Path) -> None:
    """A local Ray with two CPUs: annotation on an actor pool, dedup's banding as a Ray
    Data shuffle; the files are those of the local engine."""
    ray = pytest.importorskip("ray", reason="ray is not installed (pip install -e .[ray])")
    try:
        Extractor(jobs=2, cache=False, engine="ray").run([str(corpus)], tmp_path, progress=False)
    finally:
        ray.shutdown()
    assert outputs(tmp_path) == outputs(serial)
    ours, theirs = run_json(tmp_path), run_json(serial)
    assert ours["dedup"].pop("lsh")["storage"] == "ray"
    theirs["dedup"].pop("lsh")
    assert ours == theirs


def free_ports(count: int) -> list[int]:
    """Ports free on this machine now (held together while chosen, so all distinct)."""
    with ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]


NODE_PORTS = ("node-manager", "object-manager", "dashboard-agent-listen",
              "dashboard-agent-grpc", "runtime-env-agent", "metrics-export")  # fmt: skip
WORKER_PORTS = 40  # for the node's worker processes (actors, tasks)


def ray_node(
    ray: str, log: Path, env: dict[str, str], ports: list[int], *options: str
) -> subprocess.Popen:
    """`ray start --block` with one CPU and ports of its own (`ports`: one for each of
    NODE_PORTS, then WORKER_PORTS), in a process session of its own: stopping that session
    stops everything the node started, and nothing else (not `ray stop`, which would stop
    every Ray on the machine)."""
    named, workers = ports[: len(NODE_PORTS)], ports[len(NODE_PORTS) :]
    command = [ray, "start", "--block", "--num-cpus", "1", "--object-store-memory",
               str(200 * 2**20), "--disable-usage-stats",
               f"--worker-port-list={','.join(map(str, workers))}",
               *(f"--{name}-port={port}" for name, port in zip(NODE_PORTS, named, strict=True)),
               *options]  # fmt: skip
    with log.open("wb") as handle:
        node = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while b"Ray runtime started" not in log.read_bytes():
        if node.poll() is not None or time.monotonic() > deadline:
            stop_node(node)
            tail = log.read_text(errors="replace")[-1500:]
            pytest.skip(f"a Ray node could not start here ({' '.join(options)}): {tail}")
        time.sleep(0.5)
    return node


def stop_node(node: subprocess.Popen) -> None:
    """SIGTERM to the node's process group (the `ray start` we started and its children),
    SIGKILL after 30 s."""
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(node.pid, sig)
        except ProcessLookupError:
            break
        try:
            node.wait(timeout=wait)
            time.sleep(1)  # the group's other members end with their parent
        except subprocess.TimeoutExpired:
            continue
        try:
            os.killpg(node.pid, 0)
        except ProcessLookupError:
            break


@contextmanager
def ray_cluster() -> Iterator[tuple[str, dict[str, str], Path]]:
    """A head node and a worker node on this machine, separate processes started with
    `ray start`, the worker joined by `--address`; one CPU each. Token authentication with
    a token of this test's own (not ~/.ray). Yields the address, the environment a driver
    needs, and the folder of the nodes' logs."""
    ray = shutil.which("ray", path=str(Path(sys.executable).parent)) or shutil.which("ray")
    if ray is None:
        pytest.skip("the ray command is not installed (pip install -e .[ray])")
    env = {**os.environ, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32),
           "RAY_USAGE_STATS_ENABLED": "0"}  # fmt: skip
    # Short: Ray's socket paths live under it and a Unix socket path has 107 bytes at most.
    temp = Path(tempfile.mkdtemp(prefix="ray-", dir="/tmp"))
    nodes: list[subprocess.Popen] = []
    try:
        each = len(NODE_PORTS) + WORKER_PORTS
        port, dashboard, *ports = free_ports(2 + 2 * each)  # all chosen at once: distinct
        nodes.append(ray_node(ray, temp / "head.log", env, ports[:each], "--head",
                              f"--port={port}", f"--temp-dir={temp / 't'}",
                              "--include-dashboard=false",
                              f"--dashboard-port={dashboard}"))  # fmt: skip
        address = f"127.0.0.1:{port}"
        nodes.append(ray_node(ray, temp / "worker.log", env, ports[each:],
                              f"--address={address}"))  # fmt: skip
        yield address, env, temp
    finally:
        for node in reversed(nodes):
            stop_node(node)
        shutil.rmtree(temp, ignore_errors=True)


def test_a_two_node_ray_cluster_gives_the_local_output(
    serial: Path, corpus: Path, tmp_path: Path
) -> None:
    """`extract --engine ray --address` against a real cluster of two nodes (each with
    one CPU, so the two annotating actors run one on each node): the files are those of
    the local engine, byte for byte."""
    pytest.importorskip("ray", reason="ray is not installed (pip install -e .[ray])")
    out = tmp_path / "out"
    probe = ("import json, ray; ray.init(address='{}', log_to_driver=False); "
             "print(json.dumps(sorted(n['Resources'].get('CPU', 0) for n in ray.nodes() "
             "if n['Alive'])))")  # fmt: skip
    with ray_cluster() as (address, env, _):
        nodes = subprocess.run([sys.executable, "-c", probe.format(address)], env=env,
                               capture_output=True, text=True, timeout=120)  # fmt: skip
        assert nodes.returncode == 0, nodes.stderr[-2000:]
        assert json.loads(nodes.stdout.strip().splitlines()[-1]) == [1.0, 1.0]
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "extract", str(corpus), "--out", str(out),
             "--engine", "ray", "--address", address, "-j", "2", "--no-cache",
             "--no-progress"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert outputs(out) == outputs(serial)
    ours, theirs = run_json(out), run_json(serial)
    assert ours["dedup"].pop("lsh")["storage"] == "ray"
    theirs["dedup"].pop("lsh")
    assert ours == theirs


def test_ray_banding_finds_the_buckets_of_the_sorted_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shuffle's buckets equal those of the sorted runs on disk, members and order:
    near-copies, old items (d0, d1, ...) in buckets only with new ones, buckets of old
    items alone left out. The items are read once, as they come (a generator), and what
    the shuffle keeps comes back into sorted runs on disk: with runs of 50 records, many
    of them, and the same buckets."""
    ray = pytest.importorskip("ray", reason="ray is not installed (pip install -e .[ray])")
    import numpy as np

    from pipeline.dedup import banding, ray_banding
    from pipeline.extract.engines import ray as ray_engine

    rng = np.random.default_rng(0)
    items: list[tuple[str, np.ndarray, bool]] = []
    for i in range(300):
        signature = rng.integers(0, 2**32, 128, dtype=np.uint32)
        if i % 3 == 1:
            signature = items[-1][1].copy()
            signature[:5] = 0  # a near-copy of the one before: most bands shared
        if i % 30 == 2:
            signature = items[0][1].copy()  # copies of d000: a bucket of ten in every band
        items.append((f"d{i:03d}", signature, i % 6 not in (0, 1)))  # d000, d001: both old
    signed = [(signature, new) for _, signature, new in items]
    expected = list(banding.buckets(signed, 16, 8, tmp_path / "runs"))
    written: list[str] = []
    sorted_run = ray_banding.sorted_run

    def counted(records: np.ndarray, stem: Path, number: int) -> Path:
        written.append(stem.name)
        return sorted_run(records, stem, number)

    monkeypatch.setattr(ray_banding, "sorted_run", counted)
    try:
        ray_engine.start(None, 2)
        found = list(ray_banding.buckets(iter(items), 16, 8, tmp_path / "ray"))
        roomy = len(written)
        small = list(ray_banding.buckets(iter(items), 16, 8, tmp_path / "small", run_records=50))
    finally:
        ray.shutdown()
    assert len(expected) >= 40 and max(len(members) for members, _ in expected) >= 10
    assert found == expected and small == expected
    assert roomy == 1 and len(written) - roomy > 10 and set(written) == {"kept"}


def test_the_cache_key_follows_the_code(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A rule changed in code (same release number) must not be answered from the cache."""
    from pipeline.extract import cache
    from pipeline.extract.config import ExtractConfig
    from pipeline.ingest.sources import Source

    source = Source(path="news.txt", resolved=tmp_path / "news.txt", root=tmp_path)
    before = cache.ResultCache(tmp_path, ExtractConfig()).key(source, "ab")
    monkeypatch.setattr(cache, "code_digest", lambda: "0" * 16)
    after = cache.ResultCache(tmp_path, ExtractConfig()).key(source, "ab")
    assert before != after


def test_a_worker_takes_its_share_of_the_cores_for_matrix_products(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from threadpoolctl import threadpool_info, threadpool_limits

    from pipeline.extract.config import ExtractConfig
    from pipeline.extract.engines import local

    monkeypatch.setattr(local, "_WORKER", None)
    # Not in this process: a worker ignores SIGINT and ends with its driver.
    monkeypatch.setattr(local, "end_with_parent", lambda driver: None)
    with threadpool_limits(limits=None):  # the test process's own limits come back after
        local._start_worker(ExtractConfig(), None, 1, os.getppid())
        assert threadpool_info() and {i["num_threads"] for i in threadpool_info()} == {1}
