from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.extract.run import Extractor
from pipeline.nlp.events import event_fields
from pipeline.nlp.events.document import complete
from pipeline.nlp.language import load
from pipeline.text.decoding import decode

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED_DATA = ROOT.parent / "shared" / "data"
PAPER = CORPUS / "raw" / "000_3233da7bd9e26fa7.txt"
NEWS = CORPUS / "raw" / "003_4d695214e84dccad.txt"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


HOSTILE_TEXT = (
    "標題<script>window.__pwned = 1</script>\n\n"
    '中國與俄羅斯簽署「<img src=x onerror="window.__pwned = 2">條約」，占"83.47%"\'與\'&amp;。\n\n'
    "</textarea><svg onload=window.__pwned=3>蒙古</svg> --> <!-- \u2028 end\n"
)


@pytest.fixture(scope="session")
def nlp():
    """The full pipeline, loaded once for every test that annotates text."""
    return load()


def document_events(nlp, texts: list[str], date: str | None = None) -> list[dict]:
    """The events of `texts` read as the passages of one document dated `date`."""
    docs = list(nlp.pipe(texts))
    complete(nlp, docs, date)
    return [event_fields(d, e) for d in docs for e in d._.events]


def found(nlp, texts: list[str], kind: str, date: str | None = None) -> list[dict]:
    return [e for e in document_events(nlp, texts, date) if e["type"] == kind]


def events(nlp, texts: list[str], kind: str) -> list[str]:
    return [e["text"] for e in found(nlp, texts, kind)]


@pytest.fixture(scope="session")
def session_extractor() -> Extractor:
    """One pipeline load for the fixtures that run `extract`."""
    return Extractor()


@pytest.fixture(scope="session")
def corpus_out(session_extractor: Extractor, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus_out")
    session_extractor.run([str(CORPUS)], out, progress=False)
    return out


@pytest.fixture(scope="session")
def hostile_out(session_extractor: Extractor, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output whose document holds markup and quotes meant to run in a page."""
    base = tmp_path_factory.mktemp("hostile")
    (base / "in").mkdir()
    (base / "in" / "hostile <b>.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    session_extractor.run([str(base / "in")], base / "out", progress=False)
    return base / "out"


@pytest.fixture(scope="session")
def corpus_passages(corpus_out: Path) -> list[dict]:
    return read_jsonl(corpus_out / "passages.jsonl")


@pytest.fixture(scope="session")
def corpus_documents(corpus_out: Path) -> list[dict]:
    return read_jsonl(corpus_out / "documents.jsonl")


def raw_texts(documents: list[dict]) -> dict[str, str]:
    """Each document's raw text, decoded again independently of the run."""
    return {
        d["doc_id"]: decode(Path(d["path"]).read_bytes()).text
        for d in documents
        if d["status"] == "ok"
    }


def assert_anchored(record: dict, passages: dict[str, dict], raws: dict[str, str]) -> None:
    """A record's text is its passage's text at its offsets, and each of its characters is
    the raw character the passage's alignment says (a space may stand for whitespace)."""
    passage = passages[record["passage_id"]]
    text, raw = passage["text"], raws[record["doc_id"]]
    assert text[record["start"] : record["end"]] == record["text"]
    assert raw[record["raw_start"]] == record["text"][0]
    assert raw[record["raw_end"] - 1] == record["text"][-1]
    for text_start, raw_start, length in passage["align"]:
        for k in range(max(record["start"], text_start), min(record["end"], text_start + length)):
            assert raw[raw_start + k - text_start] == text[k] or text[k] == " "


def assert_passage_anchored(passage: dict, raw: str) -> None:
    """Independently of the pipeline's own check: the alignment runs cover the passage text
    once, in order, and each character is the raw character they point to (a space may
    stand for raw whitespace)."""
    text, covered = passage["text"], 0
    for text_start, raw_start, length in passage["align"]:
        assert text_start == covered and length > 0, passage["passage_id"]
        for k in range(length):
            t, r = text[text_start + k], raw[raw_start + k]
            assert t == r or (t == " " and r.isspace()), (passage["passage_id"], text_start + k)
        covered += length
    assert covered == len(text), passage["passage_id"]


def installed(command: str) -> str | None:
    """The path of `command`, None when it is missing. Tests install nothing: `make test`
    installs the Debian packages beforehand (scripts/apt_packages.sh, as root with
    apt-get), and the tests that need a missing one skip, naming it (`missing`)."""
    return shutil.which(command)


def missing(package: str) -> str:
    """A skip reason for a Debian package that is not installed."""
    return (
        f"Debian's {package} is not installed (`make test` installs it as root with apt-get: "
        f"scripts/apt_packages.sh)"
    )


def cjk_font() -> str | None:
    """A font family with Chinese glyphs that fontconfig (so Chromium) finds, or None."""
    if shutil.which("fc-list") is None:
        return None
    found = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout.split("\n")
    return next((line.strip() for line in found if line.strip()), None)


def russian_treaties_of_the_1990s(events: list[dict]) -> list[dict]:
    """The treaty records with Russia among the parties and a date in 1990-2000."""
    return [
        e
        for e in events
        if e["type"] == "treaty"
        and "RUS" in e["args"]["parties"]
        and e["args"]["date"]
        and 1990 <= int((e["args"]["date"].get("value") or e["args"]["date"]["start"])[:4]) <= 2000
    ]
