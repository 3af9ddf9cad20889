"""The local engine: `-j N` worker processes that each load the pipeline once."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.extract.config import ExtractConfig
from pipeline.extract.processing import DocumentProcessor, Processed
from pipeline.ingest.sources import Source

_WORKER: DocumentProcessor | None = None


def _start_worker(
    config: ExtractConfig, cache_dir: Path | None, blas_threads: int, driver: int
) -> None:
    """As joblib's loky workers do: the cores shared out, so N workers' matrix products do
    not run N × cores threads on the machine's cores."""
    from threadpoolctl import threadpool_limits

    global _WORKER
    end_with_parent(driver)
    threadpool_limits(blas_threads)
    _WORKER = DocumentProcessor(config, cache_dir)


def end_with_parent(driver: int) -> None:
    """A worker ends when its driver (pid `driver`) does, also when the driver is killed
    (kill -9) while the worker was still starting: the kernel's parent-death signal on
    Linux, and a watchdog thread everywhere. Ctrl-C is the driver's to handle (it stops
    the pool), so a worker ignores SIGINT."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != driver:  # the driver died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == driver:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _work(source: Source) -> Processed:
    assert _WORKER is not None
    return _WORKER(source)


def process_pool(
    sources: Iterable[Source], config: ExtractConfig, cache_dir: Path | None, jobs: int
) -> Iterator[Processed]:
    """`jobs` processes that each load the pipeline once. The results come in input
    order, one document at a time, and at most 2 × `jobs` documents are in flight, so
    memory follows the largest documents, not the corpus."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    blas_threads = max(1, (os.cpu_count() or 1) // jobs)
    initargs = (config, cache_dir, blas_threads, os.getpid())
    with context.Pool(jobs, initializer=_start_worker, initargs=initargs) as pool:
        window: deque[Any] = deque()
        for source in sources:
            window.append(pool.apply_async(_work, (source,)))
            if len(window) >= 2 * jobs:
                yield window.popleft().get()
        while window:
            yield window.popleft().get()
