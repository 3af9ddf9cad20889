from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract import Extractor

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED_DATA = ROOT.parent / "shared" / "data"
PAPER = CORPUS / "raw" / "000_3233da7bd9e26fa7.txt"
NEWS = CORPUS / "raw" / "003_4d695214e84dccad.txt"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus_out")
    Extractor().run([str(CORPUS)], out, progress=False)
    return out


@pytest.fixture(scope="session")
def corpus_passages(corpus_out: Path) -> list[dict]:
    return read_jsonl(corpus_out / "passages.jsonl")


@pytest.fixture(scope="session")
def corpus_documents(corpus_out: Path) -> list[dict]:
    return read_jsonl(corpus_out / "documents.jsonl")
