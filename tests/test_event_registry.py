"""The event-type registry: the published schema and the registry agree, the registry
imports without spaCy, and a type registered at run time (a toy `summit`, found by a simple
pattern over the shared argument finders) reaches every output: events.jsonl, the brat
export, the viewer and `show --type`."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, read_jsonl
from jsonschema import Draft202012Validator

from pipeline.cli import main
from pipeline.extract.run import Extractor
from pipeline.nlp.events import registry
from pipeline.nlp.events.arguments import event
from pipeline.schema import validator

SUMMIT_WORD = re.compile("峰会")
SUMMIT_TEXT = (
    "2024年7月3日，中國與俄羅斯在阿斯塔納舉行峰會，兩國簽署聯合聲明。\n\n"
    "外長峰會上，蒙古表示支持。\n"
)


def find_summits(mentions: Any, p: Any) -> list[dict[str, Any]]:
    """Every 峰会 with the states of its sentence, its date and its level (外长: ministers)."""
    found = []
    for m in SUMMIT_WORD.finditer(p.norm):
        sentence = p.sentence(m.start(), m.end())
        clause = p.clauses.around(m.start())
        args = {
            "participants": mentions.args.parties(p, m.start(), m.end(), sentence, anywhere=True),
            "date": mentions.args.nearest_date(p, m.start(), clause, sentence, in_sentence=True),
            "level": "ministers" if "外长" in p.norm[clause[0] : m.start()] else "leaders",
        }
        found.append(event("summit", m.start(), m.end(), sentence, args))
    return found


SUMMIT = registry.EventType(
    name="summit",
    brat="Summit",
    find=find_summits,
    roles=(
        registry.Role("participants", "Participant", registry.ACTORS, many=True),
        registry.Role("date", "Date", ("DATE",)),
    ),
    attributes=(registry.Attribute("level", "Level", ("leaders", "ministers")),),
    date_args=("date",),
    actor_args=("participants",),
    shown_args=("participants", "date", "level"),
    summary_args=("level", "participants", "date"),
    color="#1a7f37",
    brat_color="#aceebb",
)


def summit_schema() -> dict[str, Any]:
    """The published events.jsonl schema with a block for the summit, as a real new type
    adds one to pipeline/schemas/event.schema.json."""
    schema = copy.deepcopy(validator("events.jsonl").schema)
    schema["properties"]["type"]["enum"].append("summit")
    schema["allOf"].append(
        {
            "if": {"properties": {"type": {"const": "summit"}}},
            "then": {
                "properties": {
                    "args": {
                        "required": ["participants", "date", "level"],
                        "properties": {"level": {"enum": ["leaders", "ministers"]}},
                    }
                }
            },
        }
    )
    return schema


@pytest.fixture(scope="module")
def summit_out(
    session_extractor: Extractor, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """An extract, export and view of a text with two summits, the type registered only
    while this module's tests run."""
    registry.register(SUMMIT)
    try:
        base = tmp_path_factory.mktemp("summit")
        (base / "in").mkdir()
        (base / "in" / "summit.txt").write_text(SUMMIT_TEXT, encoding="utf-8")
        session_extractor.run([str(base / "in")], base / "out", progress=False)
        assert main(["export", str(base / "out")]) == 0
        assert main(["view", str(base / "out")]) == 0
        yield base / "out"
    finally:
        registry.unregister("summit")


def test_schema_and_registry_agree() -> None:
    schema = validator("events.jsonl").schema
    assert tuple(schema["properties"]["type"]["enum"]) == registry.names()
    blocks = {b["if"]["properties"]["type"]["const"]: b["then"] for b in schema["allOf"]}
    assert set(blocks) == set(registry.names())
    for event_type in registry.types():
        args = blocks[event_type.name]["properties"]["args"]
        required = set(args["required"])
        assert {r.arg for r in event_type.roles} <= required, event_type.name
        for attribute in event_type.attributes:
            assert attribute.arg in required, (event_type.name, attribute.arg)
            enum = args["properties"][attribute.arg]["enum"]
            assert [v for v in enum if v is not None] == list(attribute.values)


def test_the_registry_imports_without_spacy() -> None:
    """What reads an output folder may read the registry: it loads no pipeline."""
    code = "import sys, pipeline.nlp.events.registry; print('spacy' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


def test_a_registered_type_is_in_events_jsonl(summit_out: Path) -> None:
    events = read_jsonl(summit_out / "events.jsonl")
    summits = [e for e in events if e["type"] == "summit"]
    assert [(s["text"], s["args"]["level"]) for s in summits] == [
        ("峰會", "leaders"),
        ("峰會", "ministers"),
    ]
    assert summits[0]["args"]["participants"] == ["CHN", "RUS"]
    assert summits[0]["args"]["date"]["value"] == "2024-07-03"
    assert {e["type"] for e in events} > {"summit"}  # the built-in types run too
    check = Draft202012Validator(summit_schema())
    assert [list(check.iter_errors(e)) for e in events] == [[] for _ in events]
    published = validator("events.jsonl")
    assert not published.is_valid(summits[0])  # the published schema knows no summit


def test_a_registered_type_is_in_the_brat_export(summit_out: Path) -> None:
    conf = (summit_out / "brat" / "annotation.conf").read_text(encoding="utf-8")
    assert "Summit\tParticipant*:GPE|ORG|NORP|LOC, Date?:DATE" in conf.splitlines()
    assert "Level\tArg:Summit, Value:leaders|ministers" in conf.splitlines()
    assert "Summit\tbgColor:#aceebb" in (summit_out / "brat" / "visual.conf").read_text()
    [ann] = (summit_out / "brat").glob("*.ann")
    lines = ann.read_text(encoding="utf-8").splitlines()
    triggers = {ln.split("\t")[0] for ln in lines if re.match(r"T\d+\tSummit ", ln)}
    summits = [ln for ln in lines if re.match(r"E\d+\tSummit:", ln)]
    assert len(summits) == 2 and len(triggers) == 2
    assert re.search(r"Participant:T\d+ Participant2:T\d+ Date:T\d+$", summits[0])
    assert any(re.match(r"A\d+\tLevel E\d+ ministers$", ln) for ln in lines)


def test_a_registered_type_is_in_the_viewer(summit_out: Path) -> None:
    index = (summit_out / "view" / "index.html").read_text(encoding="utf-8")
    assert index.count('data-type="summit"') == 2
    assert 'data-year="2024"' in index
    site = "".join(p.read_text(encoding="utf-8") for p in (summit_out / "view").rglob("*.*"))
    assert ".ev-summit { box-shadow: inset 0 -3px 0 #1a7f37; }" in site
    assert "level: leaders; participants: CHN, RUS; date: 2024-07-03" in site


def test_a_registered_type_is_shown_by_show_type(
    summit_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", str(summit_out), "--type", "summit", "--format", "jsonl"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(h["type"], h["args"]["level"]) for h in hits] == [
        ("summit", "leaders"),
        ("summit", "ministers"),
    ]
    assert main(["show", str(summit_out), "--type", "summit", "--entity", "RUS"]) == 0
    out = capsys.readouterr().out
    assert out.count("峰會") == 1 and "summit participants=CHN,RUS date=2024-07-03" in out


def test_an_unregistered_type_is_unknown_to_show(
    summit_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry.unregister("summit")
    try:
        assert main(["show", str(summit_out), "--type", "summit"]) != 0
    finally:
        registry.register(SUMMIT)
    assert "summit" in capsys.readouterr().err
