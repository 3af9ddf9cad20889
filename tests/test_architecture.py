"""Imports go one way: the import-linter contracts of pyproject.toml hold (the run is
layered; the annotation stages never reach up into the run or its outputs; what reads an
output folder never runs the pipeline)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

LINT = shutil.which("lint-imports", path=str(Path(sys.executable).parent))

pytestmark = pytest.mark.skipif(LINT is None, reason="import-linter (the dev extra) is missing")


def lint(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--config", str(config), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_import_contracts_hold() -> None:
    result = lint(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


def test_a_layer_importing_upwards_is_caught(tmp_path: Path) -> None:
    """The same layers upside down must break: the contracts can fail."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    stages = config["tool"]["importlinter"]["contracts"][0]
    inverted = "\n".join(f'    "{layer}",' for layer in reversed(stages["layers"]))
    (tmp_path / "upside-down.toml").write_text(
        '[tool.importlinter]\nroot_package = "pipeline"\n\n'
        "[[tool.importlinter.contracts]]\n"
        f'name = "upside down"\ntype = "layers"\ncontainers = ["pipeline"]\n'
        f"layers = [\n{inverted}\n]\n",
        encoding="utf-8",
    )
    result = lint(tmp_path / "upside-down.toml")
    assert result.returncode != 0 and "BROKEN" in result.stdout


MAX_MODULE_LINES = 400


def test_every_module_does_one_job_in_under_400_lines() -> None:
    """A module past 400 lines holds several jobs: split it by job (README, Layout)."""
    modules = sorted((ROOT / "pipeline").rglob("*.py"))
    assert len(modules) > 60
    long = {
        str(m.relative_to(ROOT)): n
        for m in modules
        if (n := len(m.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
