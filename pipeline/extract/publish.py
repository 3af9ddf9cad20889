"""An output folder published as a set, by one run at a time.

A run writes its files into a new generation folder (`OUT/.generations/<name>/`) and
publishes them all at once by replacing one symbolic link, `OUT/.current`, with
`os.replace` (atomic on POSIX). `OUT/documents.jsonl` and the other published names are
links through `.current`, so readers that open them, and `OutputFolder`, which resolves
`.current` once, see the complete previous run or the complete new one, never a mixture.
A generation that was not published (a failed, interrupted or killed run) is removed at
once, or by the next run that takes the folder; the previous one is removed only after
the switch. `OUT/.lock` (an advisory `flock`, released by the kernel when the process
dies, kill -9 included) lets one run at a time write the folder.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from pathlib import Path
from types import TracebackType

CURRENT = ".current"
GENERATIONS = ".generations"
LOCK = ".lock"
PUBLISHED = (
    "documents.jsonl",
    "passages.jsonl",
    "entities.jsonl",
    "events.jsonl",
    "errors.jsonl",
    "run.json",
)


class FolderBusy(Exception):
    """Another run holds the folder."""


class FolderLock:
    """An exclusive, non-blocking lock on a folder for the length of a `with` block."""

    def __init__(self, folder: Path, what: str = "output folder") -> None:
        self.folder = folder
        self.what = what
        self._fd: int | None = None

    def __enter__(self) -> FolderLock:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise FolderBusy(
                f"the {self.what} {self.folder} is in use by another run (pid {holder}); "
                "nothing was changed"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the flock
            self._fd = None


class Generation:
    """The files of one run, in a folder of their own until `publish` switches to them."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        self.relative = f"{GENERATIONS}/{name}"
        self.path = out_dir / self.relative
        self.path.mkdir(parents=True)

    def publish(self) -> None:
        """Makes this generation the folder's output in one step, then removes the others."""
        _replace_link(self.out_dir / CURRENT, self.relative)
        for name in PUBLISHED:
            link = self.out_dir / name
            target = f"{CURRENT}/{name}"
            if not (link.is_symlink() and os.readlink(link) == target):
                _replace_link(link, target)
        remove_stale(self.out_dir)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _replace_link(link: Path, target: str) -> None:
    tmp = link.with_name(f"{link.name}.{os.getpid()}.link")
    if tmp.is_symlink():
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, link)


def published(out_dir: Path) -> Path:
    """The folder holding the published files: the current generation (or, for an output
    written before generations existed, the folder itself)."""
    current = out_dir / CURRENT
    return current.resolve() if current.is_symlink() else out_dir


def remove_stale(out_dir: Path) -> None:
    """What failed or earlier runs left: unpublished or superseded generations, staged and
    temporary files of the single-folder layout. Only under the folder's lock."""
    keep = published(out_dir)
    generations = out_dir / GENERATIONS
    if generations.is_dir():
        for folder in generations.iterdir():
            if folder.resolve() != keep:
                shutil.rmtree(folder, ignore_errors=True)
    for pattern in (".*.staged", ".*.tmp", "*.link"):
        for leftover in out_dir.glob(pattern):
            if leftover.is_file() or leftover.is_symlink():
                leftover.unlink()
