"""A linguist's corrections come back: an exported brat `.ann` is edited, imported into
corpus/corrections.jsonl, and the next run's JSONL and viewer carry them (source curated);
a plain corrections file works the same; changed texts make them stale or unmatched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import NEWS, read_jsonl

from pipeline.cli import main
from pipeline.extract.corrections import CorrectionSet, kb_id_for
from pipeline.extract.run import Extractor
from pipeline.outputs.corrections import (
    CORRECTIONS_NAME,
    CorrectionError,
    OutputIndex,
    from_change,
)
from pipeline.outputs.export import export_all
from pipeline.outputs.export.brat import Normalization, Note, note_fields, read_ann
from pipeline.outputs.folder import OutputFolder
from pipeline.outputs.view import build_view


def extract(extractor: Extractor, corpus: Path, out: Path) -> dict[str, Any]:
    extractor.run([str(corpus)], out, progress=False)
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def first(session_extractor: Extractor, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of the news article, extracted and exported to brat."""
    base = tmp_path_factory.mktemp("corrections")
    (base / "corpus").mkdir()
    shutil.copyfile(NEWS, base / "corpus" / "news.txt")
    extract(session_extractor, base / "corpus", base / "out")
    export_all(base / "out")
    return base


def edit_ann(path: Path, entities: list[dict], events: list[dict], raw: str) -> dict[str, Any]:
    """Deletes one entity, relabels one, re-links one, adds one, and changes an exercise's
    scope, as a linguist would in brat; returns what was changed."""
    lines = path.read_text(encoding="utf-8").splitlines()
    annotations = read_ann(path)
    t_of = {
        note_fields(a.text)["mention_id"]: a.target
        for a in annotations
        if isinstance(a, Note) and "mention_id=" in a.text
    }
    person = next(e for e in entities if e["label"] == "PERSON" and e["kb_id"])
    deleted = next(e for e in entities if e["label"] == "DATE")
    with_events = {e["passage_id"] for e in events}
    # Not an event's argument: re-linking one would also change that event's parties.
    relinked = next(
        e for e in entities if e["kb_id"] == "MNG" and e["passage_id"] not in with_events
    )
    t_person, t_deleted = t_of[person["mention_id"]], t_of[deleted["mention_id"]]
    ref = next(
        a
        for a in annotations
        if isinstance(a, Normalization) and a.target == t_of[relinked["mention_id"]]
    )
    out, scoped = [], False
    for line in lines:
        ann_id, body = line.split("\t")[:2]
        if ann_id == t_deleted:
            continue
        if ann_id == t_person:
            line = line.replace("PERSON ", "ORG ", 1)
        if ann_id == ref.id:
            line = f"{ref.id}\tReference {ref.target} kb:SUN\tSUN"
        if ann_id.startswith("A") and body.startswith("Scope ") and not scoped:
            line, scoped = line.rsplit(" ", 1)[0] + " national", True
        out.append(line)
    start = raw.index("邊防部隊")
    out.append(f"T9999\tORG {start} {start + 4}\t邊防部隊")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return {"person": person, "deleted": deleted, "relinked": relinked, "added": start}


@pytest.fixture(scope="module")
def corrected(session_extractor: Extractor, first: Path) -> dict[str, Any]:
    out = first / "out"
    documents = read_jsonl(out / "documents.jsonl")
    (doc,) = documents
    raw = OutputFolder(out).raw_text(doc)
    entities = read_jsonl(out / "entities.jsonl")
    ann = out / "brat" / f"{doc['doc_id']}.ann"
    edits = edit_ann(ann, entities, read_jsonl(out / "events.jsonl"), raw)
    corpus = first / "corpus"
    assert main(["import-corrections", str(out), "--corpus", str(corpus), "--ann", str(ann)]) == 0
    stored = read_jsonl(corpus / CORRECTIONS_NAME)
    assert main(["import-corrections", str(out), "--corpus", str(corpus), "--ann", str(ann)]) == 0
    again = read_jsonl(corpus / CORRECTIONS_NAME)
    run = extract(session_extractor, corpus, first / "out2")
    build_view(first / "out2")
    return {"edits": edits, "stored": stored, "again": again, "run": run, "doc": doc}


def test_import_stores_one_line_per_change(corrected: dict[str, Any]) -> None:
    actions = sorted(c["action"] for c in corrected["stored"])
    assert actions == ["add", "delete", "relabel", "relabel", "set_arg"]
    assert corrected["again"] == corrected["stored"]  # importing twice adds nothing
    assert all(c["doc_sha256"] == corrected["doc"]["sha256"] for c in corrected["stored"])


def test_the_next_run_carries_the_corrections(corrected: dict[str, Any], first: Path) -> None:
    edits = corrected["edits"]
    entities = read_jsonl(first / "out2" / "entities.jsonl")
    spans = {(e["raw_start"], e["raw_end"]): e for e in entities}
    deleted = edits["deleted"]
    assert not any(
        e["raw_start"] == deleted["raw_start"] and e["label"] == "DATE" for e in entities
    )
    person = spans[(edits["person"]["raw_start"], edits["person"]["raw_end"])]
    assert (person["label"], person["source"]) == ("ORG", "curated")
    # brat keeps the Reference line when only the type is changed: the PERSON's id goes.
    assert edits["person"]["kb_id"] and person["kb_id"] is None
    relinked = spans[(edits["relinked"]["raw_start"], edits["relinked"]["raw_end"])]
    assert (relinked["kb_id"], relinked["source"]) == ("SUN", "curated")
    added = spans[(edits["added"], edits["added"] + 4)]
    assert (added["label"], added["text"], added["source"]) == ("ORG", "邊防部隊", "curated")
    exercises = [e for e in read_jsonl(first / "out2" / "events.jsonl") if e["type"] == "exercise"]
    (changed,) = [e for e in exercises if e.get("curated")]
    assert (changed["args"]["scope"], changed["curated"]) == ("national", ["scope"])
    record = corrected["run"]["corrections"]
    assert (record["applied"], record.get("stale", 0)) == (5, 0)
    assert record["unmatched"] == 0


def test_the_viewer_shows_them(corrected: dict[str, Any], first: Path) -> None:
    page = (first / "out2" / "view" / "doc" / f"{corrected['doc']['doc_id']}.html").read_text(
        encoding="utf-8"
    )
    assert page.count('data-source="curated"') == 3
    assert "curated: scope" in page


def test_plain_corrections_file(first: Path, tmp_path: Path) -> None:
    out = first / "out"
    entities = read_jsonl(out / "entities.jsonl")
    events = read_jsonl(out / "events.jsonl")
    passage = next(p for p in read_jsonl(out / "passages.jsonl") if p["kind"] == "paragraph")
    changes = [
        {"action": "delete", "mention_id": entities[0]["mention_id"], "by": "reviewer"},
        {"action": "relabel", "mention_id": entities[1]["mention_id"], "label": "LOC"},
        {"action": "add", "passage_id": passage["passage_id"], "start": 0, "end": 2,
         "label": "GPE", "kb_id": "CHN"},
        {"action": "set_arg", "event_id": events[0]["event_id"], "arg": "location",
         "value": "烏蘭巴托"},
    ]  # fmt: skip
    index = OutputIndex(OutputFolder(out))
    stored = [from_change(c, index) for c in changes]
    assert [c["action"] for c in stored] == ["delete", "relabel", "add", "set_arg"]
    assert stored[0]["by"] == "reviewer"
    assert stored[2]["text"] == passage["text"][:2]
    with pytest.raises(CorrectionError):
        from_change({"action": "relabel", "mention_id": "nope"}, index)
    with pytest.raises(CorrectionError):
        from_change({"action": "relabel", "mention_id": entities[1]["mention_id"],
                     "label": "WEAPON"}, index)  # fmt: skip
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"action": "explode"}) + "\n", encoding="utf-8")
    assert main(["import-corrections", str(out), "--corpus", str(tmp_path), "--changes",
                 str(bad)]) == 1  # fmt: skip


def test_an_edited_text_leaves_its_corrections_unmatched(
    session_extractor: Extractor, corrected: dict[str, Any], first: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(first / "corpus" / CORRECTIONS_NAME, corpus / CORRECTIONS_NAME)
    (corpus / "news.txt").write_text(
        NEWS.read_text(encoding="utf-8") + "\n補記一段。\n", encoding="utf-8"
    )
    record = extract(session_extractor, corpus, tmp_path / "out")["corrections"]
    assert record["unmatched"] == 5 and record.get("applied", 0) == 0
    assert len(record["unmatched_ids"]) == 5


def test_a_kb_id_stays_only_with_its_gazetteer_label() -> None:
    assert kb_id_for("GPE", "MNG") == "MNG"
    assert kb_id_for("PERSON", "MNG") is None  # MNG is a GPE
    assert kb_id_for("ORG", "org:not-in-the-gazetteer") == "org:not-in-the-gazetteer"
    assert kb_id_for("ORG", None) is None


def test_relabelling_drops_the_kb_id_of_the_old_label(first: Path, capsys) -> None:
    out = first / "out"
    entities = read_jsonl(out / "entities.jsonl")
    state = next(e for e in entities if e["label"] == "GPE" and e["kb_id"] == "MNG")
    index = OutputIndex(OutputFolder(out))
    relabel = {"action": "relabel", "mention_id": state["mention_id"]}
    to_person = from_change(relabel | {"label": "PERSON", "kb_id": "MNG"}, index)
    assert (to_person["new_label"], to_person["kb_id"]) == ("PERSON", None)
    to_loc = from_change(relabel | {"label": "GPE", "kb_id": "SUN"}, index)
    assert to_loc["kb_id"] == "SUN"  # re-linked to another GPE: kept
    # A correction stored before this rule (kb_id of the old label) is applied without it.
    stale = to_person | {"kb_id": "MNG"}
    corrections = CorrectionSet(by_document={stale["doc_sha256"]: [stale]})
    applied, _ = corrections.apply(stale["doc_sha256"], read_jsonl(out / "passages.jsonl"),
                                   [dict(e) for e in entities], [])  # fmt: skip
    (changed,) = [e for e in applied if e["mention_id"] == state["mention_id"]]
    assert (changed["label"], changed["kb_id"], changed["source"]) == ("PERSON", None, "curated")
    # The command says so when it leaves a kb_id out.
    changes = first / "relabel.jsonl"
    changes.write_text(json.dumps(relabel | {"label": "PERSON", "kb_id": "MNG"}) + "\n")
    corpus = first / "relabel-corpus"
    corpus.mkdir()
    argv = ["import-corrections", str(out), "--corpus", str(corpus), "--changes", str(changes)]
    assert main(argv) == 0
    assert "kb_id MNG is not a PERSON in the gazetteer" in capsys.readouterr().err
    (stored,) = read_jsonl(corpus / CORRECTIONS_NAME)
    assert stored["kb_id"] is None


def test_nothing_to_import_is_said_and_not_a_success(first: Path, tmp_path: Path, capsys) -> None:
    out = first / "out"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    base = ["import-corrections", str(out), "--corpus", str(corpus)]
    assert main(base) == 2  # neither --ann nor --changes
    assert "nothing to import" in capsys.readouterr().err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main([*base, "--changes", str(empty)]) == 1
    err = capsys.readouterr().err
    assert "nothing to import: 1 file read (empty.jsonl)" in err
    folder = tmp_path / "no-ann"
    folder.mkdir()
    assert main([*base, "--ann", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"no .ann files in {folder}" in err and "nothing to import: 0 files read" in err
    unedited = tmp_path / "brat"
    export_all(out, tmp_path / "export")
    shutil.copytree(tmp_path / "export" / "brat", unedited)
    assert main([*base, "--ann", str(unedited)]) == 1  # exported and not edited
    assert "no change against" in capsys.readouterr().err
    assert not (corpus / CORRECTIONS_NAME).exists()
