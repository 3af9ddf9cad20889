"""An output folder is published as a set, by one run at a time: a failed, interrupted or
killed run leaves the previous output complete and nothing staged behind; usage errors
stop a run before any work."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, NEWS, ROOT, read_jsonl

from pipeline.cli import main
from pipeline.extract import run as extract_module
from pipeline.extract.publish import CURRENT, GENERATIONS, PUBLISHED, FolderBusy, FolderLock
from pipeline.outputs.folder import OutputFolder

EXTRACT = ["extract", str(CORPUS), "--out", "{out}"]
SENTENCE = "中國與蒙古於2024年3月15日簽署協定，佔比12%。"


def snapshot(out: Path) -> dict[str, bytes]:
    """The published files' bytes, read through the folder's links."""
    return {name: (out / name).read_bytes() for name in PUBLISHED}


def leftovers(out: Path) -> list[str]:
    """Anything a run stages: generations other than the current one, staged or temporary
    files, segments of the dedup index that were not committed."""
    current = (out / CURRENT).resolve()
    found = [str(p) for p in (out / GENERATIONS).iterdir() if p.resolve() != current]
    found += [str(p) for p in out.rglob("*") if p.name.endswith((".staged", ".tmp", ".link"))]
    return found


@pytest.fixture
def first_run(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(SENTENCE, encoding="utf-8")
    out = tmp_path / "out"
    argv = ["extract", str(tmp_path / "in"), "--out", str(out), "--no-progress", "-j", "1"]
    assert main(argv) == 0
    return out


def test_published_names_lead_to_one_generation(first_run: Path) -> None:
    for name in PUBLISHED:
        assert (first_run / name).is_symlink()
        assert (first_run / name).resolve().parent == (first_run / CURRENT).resolve()
    assert OutputFolder(first_run).files == (first_run / CURRENT).resolve()
    assert leftovers(first_run) == []


@pytest.mark.parametrize(
    "failure",
    [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt(), RuntimeError("bug")],
    ids=["disk-full", "ctrl-c", "exception"],
)
def test_a_failed_run_leaves_the_previous_output_whole(
    first_run: Path, failure: BaseException, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    before = snapshot(first_run)
    real_publish = extract_module.StagedJsonl.publish
    calls = []

    def publish_then_fail(self, marks, dropped):
        calls.append(self.path.name)
        if len(calls) == 3:  # two files of the new run written, then the failure
            raise failure
        return real_publish(self, marks, dropped)

    monkeypatch.setattr(extract_module.StagedJsonl, "publish", publish_then_fail)
    argv = ["extract", str(CORPUS), "--out", str(first_run), "--no-progress", "-j", "1"]
    if isinstance(failure, RuntimeError):
        with pytest.raises(RuntimeError):
            main(argv)
    else:
        code = main(argv)
        assert code == (130 if isinstance(failure, KeyboardInterrupt) else 1)
        message = capsys.readouterr().err.strip()
        assert len(message.splitlines()) == 1
        assert ("interrupted" if code == 130 else "No space left") in message
    assert snapshot(first_run) == before
    assert leftovers(first_run) == []
    index = first_run / "dedup-index"
    assert not [p for p in index.iterdir() if p.name.endswith(".tmp")]


def test_a_killed_run_is_cleaned_up_by_the_next(first_run: Path) -> None:
    stale = first_run / GENERATIONS / "killed-run"
    stale.mkdir()
    (stale / "documents.jsonl").write_text("half")
    (first_run / ".passages.jsonl.staged").write_text("half")  # the earlier layout's
    argv = ["extract", str(NEWS), "--out", str(first_run), "--no-progress", "-j", "1"]
    assert main(argv) == 0
    assert leftovers(first_run) == [] and not stale.exists()
    assert [d["path"] for d in read_jsonl(first_run / "documents.jsonl")] == [str(NEWS)]


def test_a_second_run_on_a_busy_folder_touches_nothing(first_run: Path, capsys) -> None:
    before = snapshot(first_run)
    listing = sorted(p.name for p in first_run.rglob("*"))
    with FolderLock(first_run):
        code = main(["extract", str(NEWS), "--out", str(first_run), "--no-progress", "-j", "1"])
        with pytest.raises(FolderBusy), FolderLock(first_run):
            pass
    assert code == 75
    assert "in use by another run" in capsys.readouterr().err
    assert snapshot(first_run) == before
    assert sorted(p.name for p in first_run.rglob("*")) == listing


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["extract", "corpsu", "--out", "{out}"], "corpsu"),
        ([*EXTRACT, "-j", "0"], "-j"),
        ([*EXTRACT, "--max-file-bytes", "-1"], "--max-file-bytes"),
        ([*EXTRACT, "--dedup-threshold", "1.5"], "--dedup-threshold"),
        ([*EXTRACT, "--opencc-config", "s2twp"], "--opencc-config"),
        ([*EXTRACT, "--dedup-redis", "http://x"], "--dedup-redis"),
        ([*EXTRACT, "--address", "h:6379"], "--address"),
        (["extract", str(CORPUS), "--out", str(CORPUS)], "--out"),
        (["tag", "--date", "2024-13-45"], "--date"),
    ],
    ids=["missing-input", "jobs", "max-bytes", "threshold", "opencc", "redis", "address",
         "out-is-input", "date"],
)
def test_usage_errors_exit_2_before_any_work(
    argv: list[str], named: str, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    argv = [a.replace("{out}", str(out)) for a in argv]
    monkeypatch.setattr(extract_module.Extractor, "run", lambda *a, **k: pytest.fail("ran"))
    with pytest.raises(SystemExit) as exit_info:
        raise SystemExit(main(argv))
    assert exit_info.value.code == 2
    assert named in capsys.readouterr().err
    assert not out.exists()


def test_every_option_has_help() -> None:
    from pipeline.cli import build_parser

    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"extract", "tag", "view", "export", "show", "import-corrections"} <= set(commands)
    for name, command in commands.items():
        for action in command._actions:
            assert action.help, (name, action.option_strings or action.dest)


def _children(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to list processes")
def test_workers_end_when_the_driver_is_killed(tmp_path: Path) -> None:
    """kill -9 of the driver of `-j 2`: no worker is left running."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for number in range(40):
        (inputs / f"{number}.txt").write_bytes(NEWS.read_bytes())
    driver = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", str(inputs), "--out", str(tmp_path / "o"),
         "-j", "2", "--no-progress", "--no-cache"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.5)
        workers = [p for p in _children(driver.pid)
                   if "spawn_main" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")]
    assert len(workers) >= 2, "the workers did not start"
    os.kill(driver.pid, signal.SIGKILL)
    driver.wait()
    deadline = time.monotonic() + 60  # a worker still importing ends when it gets to start
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in workers):
        time.sleep(0.2)
    alive = []
    for pid in workers:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":  # a zombie has ended; only its parent (gone) could reap it
            alive.append(pid)
    assert alive == []
