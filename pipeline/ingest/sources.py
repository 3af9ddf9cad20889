"""The inputs of a run: files named or found under folders, with what the corpus folder
says of them (manifest.jsonl) and where its corrections are (corrections.jsonl).

A folder contributes every entry under it, recursively and in sorted order, whatever its
name or extension: what a file holds decides (the read and decode steps record an error
for what is not a Chinese text). Left out are hidden entries (a name starting with "."),
the folder's own manifest.jsonl and corrections.jsonl, and folders that a run wrote:
the output folder, result cache and dedup index of this run, and any folder holding an
earlier run's output (`run.json`, `.current`) or a cache directory tag (CACHEDIR.TAG, as
the cache and the dedup index write). Symbolic links are not followed into folders; a
link to a file is read through (also when it leaves the folder), and a link to a folder,
a dangling link, a loop, a FIFO, a socket or a device is recorded as an error by the
read step, so that every entry found is accounted for.

A document's id (`Source.doc_id`) is its file stem and a hash of its path inside the input
folder: the same from run to run and from machine to machine. Where the dedup index is
shared between outputs (`--dedup-index` outside `--out`), the hash also covers the input
folder's identity (its real path, `folder_identity`), so that a/x.txt and b/x.txt of two
runs are two documents in the index rather than one replacing the other.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import ids
from pipeline.ingest.manifest import MANIFEST_NAME, load_manifest

CORRECTIONS_NAME = "corrections.jsonl"
CACHEDIR_TAG = "CACHEDIR.TAG"
# The first line of a cache directory tag (https://bford.info/cachedir/).
CACHEDIR_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"
OUTPUT_MARKERS = ("run.json", ".current")  # a folder holding one is an extract output


@dataclass
class Source:
    path: str  # as given on the command line (joined with the path inside a folder)
    resolved: Path  # the file read: symbolic links followed where they lead
    root: Path  # the input folder it was found in (or its own folder)
    manifest: dict[str, Any] = field(default_factory=dict)
    id_basis: str | None = None  # what the doc_id hashes, when not the path within its input
    relative: str | None = None  # its path inside the input folder, as found
    folder: str = ""  # the input folder's identity, when ids must differ across folders

    @property
    def doc_id(self) -> str:
        """Readable and stable: the file stem plus a hash of its path within its input
        (and of the input folder's identity, when the dedup index is shared)."""
        basis = self.id_basis or self.relative or self.resolved.name
        if self.folder:
            basis = f"{self.folder}\0{basis}"
        return ids.doc_id(Path(self.path).stem, basis)


def folder_identity(root: Path) -> str:
    """What tells one input folder from another in a shared index: its real path (links
    resolved), hashed. The same from run to run while the folder stays where it is."""
    return hashlib.sha1(os.fsencode(os.path.realpath(root))).hexdigest()[:16]


def shared_index(out_dir: Path, index_dir: Path) -> bool:
    """Whether a run's dedup index may hold other runs' inputs: one outside its output
    folder (`--dedup-index DIR`)."""
    return _real(out_dir) not in _real(index_dir).parents


def write_cachedir_tag(folder: Path) -> None:
    """Marks a folder the pipeline writes (cache, dedup index) so no run reads it as input."""
    tag = folder / CACHEDIR_TAG
    if not tag.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tag.write_text(
            f"{CACHEDIR_SIGNATURE}\n# written by the pipeline; never read as input\n",
            encoding="utf-8",
        )


def is_run_folder(folder: Path) -> bool:
    """An earlier run's output, result cache or dedup index."""
    if any(os.path.lexists(folder / marker) for marker in OUTPUT_MARKERS):
        return True
    try:
        with (folder / CACHEDIR_TAG).open(encoding="utf-8", errors="replace") as handle:
            return handle.read(len(CACHEDIR_SIGNATURE)) == CACHEDIR_SIGNATURE
    except OSError:
        return False


def discover(
    inputs: Iterable[str],
    exclude: Iterable[Path] = (),
    skipped: list[str] | None = None,
    folder_ids: bool = False,
) -> Iterator[Source]:
    """Files named or found under the given folders, each with its own doc_id: where two
    inputs hold the same relative path (a/x.txt, b/x.txt), the later one's id hashes its
    path as given instead. Folders in `exclude` (this run's output, cache and index) and
    folders an earlier run wrote are never entered; they are added to `skipped`. With
    `folder_ids` (a shared index: `shared_index`), every id also hashes its input folder's
    identity."""
    taken: set[str] = set()
    excluded = {_real(p) for p in exclude}
    for source in _found(inputs, excluded, [] if skipped is None else skipped):
        if folder_ids:
            source.folder = folder_identity(source.root)
        basis = source.path
        while source.doc_id in taken:
            source.id_basis, basis = basis, basis + "\0"
        taken.add(source.doc_id)
        yield source


def _real(path: Path) -> Path:
    """Where a path leads; never raises for dangling links or loops (os.path.realpath)."""
    return Path(os.path.realpath(path))


def _found(inputs: Iterable[str], excluded: set[Path], skipped: list[str]) -> Iterator[Source]:
    seen: set[Path] = set()
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            if _real(path) in excluded or is_run_folder(path):
                skipped.append(str(path))
                continue
            folder_files = _walk(path, excluded, skipped)
            manifest = load_manifest(path)
            root = _real(path)
            for file in folder_files:
                resolved = _real(file)
                if resolved in seen:
                    continue
                seen.add(resolved)
                relative = file.relative_to(path).as_posix()
                yield Source(str(file), resolved, root, manifest.get(resolved, {}), None, relative)
        else:
            resolved = _real(path)
            if resolved in seen:
                continue
            seen.add(resolved)
            manifest = load_manifest(path.parent) if path.parent.is_dir() else {}
            yield Source(str(path), resolved, resolved.parent, manifest.get(resolved, {}))


def _walk(folder: Path, excluded: set[Path], skipped: list[str]) -> list[Path]:
    """Every non-hidden entry under `folder` that is not a folder, in sorted order; links
    to folders are listed (as entries), not entered; run folders are left out."""
    found: list[Path] = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        here = Path(top)
        entered = []
        for name in dirs:
            sub = here / name
            if name.startswith("."):
                continue
            if sub.is_symlink():
                found.append(sub)  # recorded as an error by the read step
            elif _real(sub) in excluded or is_run_folder(sub):
                skipped.append(str(sub))
            else:
                entered.append(name)
        dirs[:] = entered
        for name in files:
            if name.startswith("."):
                continue
            if here == folder and name in (MANIFEST_NAME, CORRECTIONS_NAME):
                continue
            found.append(here / name)
    return sorted(found)


def corrections_files(inputs: Iterable[str]) -> list[Path]:
    """The corrections.jsonl beside the inputs: in each folder given, or beside each file."""
    folders = {Path(given) if Path(given).is_dir() else Path(given).parent for given in inputs}
    return [folder / CORRECTIONS_NAME for folder in sorted(folders)]
