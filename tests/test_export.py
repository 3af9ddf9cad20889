"""`python -m pipeline export`: brat standoff on the raw text, CoNLL, spaCy DocBin."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import raw_texts, read_jsonl
from spacy.tokens import DocBin
from spacy.vocab import Vocab

from pipeline.cli import main
from pipeline.outputs.export import export_all
from pipeline.outputs.export.brat import (
    LINE_BREAKS,
    Attribute,
    Event,
    Normalization,
    Note,
    TextBound,
    note_fields,
    read_ann,
)
from pipeline.outputs.export.conll import non_overlapping
from pipeline.outputs.folder import OutputFolder


@pytest.fixture(scope="module")
def exported(corpus_out: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    dest = tmp_path_factory.mktemp("export")
    return dest, export_all(corpus_out, dest)


@pytest.fixture(scope="module")
def records(corpus_out: Path) -> dict[str, list[dict]]:
    return {n: read_jsonl(corpus_out / f"{n}.jsonl") for n in ("passages", "entities", "events")}



def brat_spans(path: Path) -> set[tuple[str, tuple[tuple[int, int], ...]]]:
    """The (type, fragments) of every text-bound annotation of a `.ann`, for round trips."""
    return {(a.type, a.fragments) for a in read_ann(path) if isinstance(a, TextBound)}

def expected_fragments(record: dict, passage: dict, raw: str) -> tuple[tuple[int, int], ...]:
    """Character by character: the raw offsets of the record's text characters, line breaks
    left out, grouped into runs of consecutive offsets."""
    raw_of = {ts + k: rs + k for ts, rs, n in passage["align"] for k in range(n)}
    offsets = [raw_of[k] for k in range(record["start"], record["end"])]
    runs: list[list[int]] = []
    for r in offsets:
        if raw[r] in LINE_BREAKS:
            continue
        if runs and runs[-1][1] == r:
            runs[-1][1] += 1
        else:
            runs.append([r, r + 1])
    return tuple((a, b) for a, b in runs)


def conf_sections(path: Path) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        elif line and not line.startswith("#"):
            current.append(line)
    return sections


def event_roles(conf: dict[str, list[str]]) -> dict[str, dict[str, set[str]]]:
    roles: dict[str, dict[str, set[str]]] = {}
    for line in conf["events"]:
        etype, args = line.split("\t")
        roles[etype] = {
            role.rstrip("*?+"): set(labels.split("|"))
            for role, labels in (arg.split(":") for arg in args.split(", "))
        }
    return roles


def attribute_values(conf: dict[str, list[str]]) -> dict[str, set[str]]:
    values = {}
    for line in conf["attributes"]:
        name, spec = line.split("\t")
        values[name] = set(spec.split("Value:")[1].split("|"))
    return values


def check_ann(ann: list, raw: str, conf: dict[str, list[str]]) -> None:
    """What brat checks when it opens a document, and the references between lines."""
    by_id = {a.id: a for a in ann}
    assert len(by_id) == len(ann)
    roles, values = event_roles(conf), attribute_values(conf)
    for a in ann:
        if isinstance(a, TextBound):
            assert a.type in conf["entities"] or a.type in roles
            assert all(0 <= s < e <= len(raw) for s, e in a.fragments)
            assert all(
                e1 < s2 for (_, e1), (s2, _) in zip(a.fragments, a.fragments[1:], strict=False)
            )
            assert a.text == " ".join(raw[s:e] for s, e in a.fragments)
            assert not LINE_BREAKS & set(a.text)
        elif isinstance(a, Event):
            assert by_id[a.trigger].type == a.type
            for role, target in a.roles:
                allowed = roles[a.type][re.sub(r"\d+$", "", role)]
                assert by_id[target].type in allowed, (a, role)
        elif isinstance(a, Attribute):
            assert isinstance(by_id[a.target], Event)
            assert a.value in values[a.name]
        elif isinstance(a, Normalization):
            assert isinstance(by_id[a.target], TextBound)
            assert a.ref == f"kb:{a.text}"
        else:
            assert isinstance(a, Note)
            assert a.type == "AnnotatorNotes"
            assert a.target in by_id


def test_brat_round_trip_is_exact(corpus_out, corpus_documents, exported, records):
    dest, stats = exported
    brat = dest / "brat"
    conf = conf_sections(brat / "annotation.conf")
    folder = OutputFolder(corpus_out)
    raws = raw_texts(corpus_documents)
    passages = {p["passage_id"]: p for p in records["passages"]}
    n_entities = n_events = discontinuous = 0
    for document in corpus_documents:
        doc_id = document["doc_id"]
        raw = raws[doc_id]
        txt = (brat / f"{doc_id}.txt").read_bytes()
        assert txt == folder.raw_text(document).encode("utf-8") == raw.encode("utf-8")
        assert txt == Path(document["path"]).read_bytes()  # UTF-8 sources, no BOM

        ann = read_ann(brat / f"{doc_id}.ann")
        check_ann(ann, raw, conf)
        by_id = {a.id: a for a in ann}
        notes = {a.target: a.text for a in ann if isinstance(a, Note)}
        entities = [e for e in records["entities"] if e["doc_id"] == doc_id]
        events = [e for e in records["events"] if e["doc_id"] == doc_id]

        read_back: dict[str, TextBound] = {}
        for t_id, text in notes.items():
            if t_id.startswith("T"):
                read_back[note_fields(text)["mention_id"]] = by_id[t_id]
        assert len(read_back) == len(entities)
        for e in entities:
            t = read_back[e["mention_id"]]
            fragments = expected_fragments(e, passages[e["passage_id"]], raw)
            assert (t.type, t.fragments) == (e["label"], fragments)
            assert fragments[0][0] == e["raw_start"] and fragments[-1][1] == e["raw_end"]
            if not LINE_BREAKS & set(e["text"]):
                assert "".join(raw[s:b] for s, b in fragments) == e["text"]
            fields = note_fields(notes[t.id])
            assert (fields["kb_id"], fields["value"], fields["source"]) == (
                e["kb_id"],
                e["value"],
                e["source"],
            )
            discontinuous += len(fragments) > 1

        expected = {
            (e["label"], expected_fragments(e, passages[e["passage_id"]], raw)) for e in entities
        }
        triggers = {
            (e["type"].capitalize(), expected_fragments(e, passages[e["passage_id"]], raw))
            for e in events
        }
        assert brat_spans(brat / f"{doc_id}.ann") == expected | triggers

        e_lines = [a for a in ann if isinstance(a, Event)]
        assert len(e_lines) == len(events)
        for line, event in zip(e_lines, events, strict=True):
            assert json.loads(notes[line.id])["event_id"] == event["event_id"]
            trigger = by_id[line.trigger]
            assert trigger.fragments == expected_fragments(
                event, passages[event["passage_id"]], raw
            )
            for role, target in line.roles:
                if role.startswith(("Party", "Participant", "Subject")):
                    args = event["args"]
                    kb_ids = [*args.get("parties", []), *args.get("participants", [])]
                    assert note_fields(notes[target])["kb_id"] in [*kb_ids, args.get("subject")]
        n_entities += len(entities)
        n_events += len(events)
    assert stats["brat"]["entities"] == n_entities == len(records["entities"]) > 2000
    assert stats["brat"]["events"] == n_events == len(records["events"]) > 50
    assert stats["brat"]["discontinuous"] == discontinuous > 0
    assert stats["brat"]["roles"] > 100


def test_conll_tags_every_entity_on_word_tokens(exported, records):
    dest, stats = exported
    blocks = (dest / "conll" / "entities.conll").read_text(encoding="utf-8").split("\n\n")
    assert blocks[-1] == ""
    passages = records["passages"]
    assert len(blocks) - 1 == len(passages) == stats["conll"]["passages"]
    n_b = 0
    for block, passage in zip(blocks, passages, strict=False):
        lines = block.split("\n")
        assert lines[0] == f"# passage_id = {passage['passage_id']}"
        assert lines[1] == "# text = " + re.sub(r"[\n\r]", " ", passage["text"])
        rows = [line.split("\t") for line in lines[2:]]
        assert all(len(row) == 3 for row in rows)
        assert "".join(row[0] for row in rows) == "".join(passage["text"].split())
        assert [row[1] for row in rows] == [pos for _, _, pos in passage["tokens"]]
        previous = "O"
        for _, _, tag in rows:
            if tag.startswith("I-"):
                assert previous[2:] == tag[2:]
            previous = tag
        n_b += sum(row[2].startswith("B-") for row in rows)
    by_passage = Counter(e["passage_id"] for e in records["entities"])
    kept = sum(
        len(non_overlapping([e for e in records["entities"] if e["passage_id"] == p])[0])
        for p in by_passage
    )
    conll = stats["conll"]
    assert n_b == conll["entities"] == kept - conll.get("entities_lost", 0)
    assert kept == len(records["entities"]) - conll.get("overlaps_skipped", 0)


def test_docbin_holds_the_passages_and_their_entities(exported, records):
    dest, stats = exported
    docs = list(DocBin().from_disk(dest / "corpus.spacy").get_docs(Vocab()))
    passages = records["passages"]
    assert len(docs) == len(passages) == stats["docbin"]["passages"]
    entities: dict[str, list[dict]] = {}
    for e in records["entities"]:
        entities.setdefault(e["passage_id"], []).append(e)
    for doc, passage in zip(docs, passages, strict=True):
        assert doc.text == passage["text"]
        assert doc.user_data["passage_id"] == passage["passage_id"]
        assert doc.user_data["doc_id"] == passage["doc_id"]
        kept, _ = non_overlapping(entities.get(passage["passage_id"], []))
        assert [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.ents] == [
            (e["start"], e["end"], e["label"], e["kb_id"] or "") for e in kept
        ]
        words = {(t.idx, t.idx + len(t)): t.pos_ for t in doc}
        for start, end, pos in passage["tokens"]:
            assert words.get((start, end), pos) == pos
    assert stats["docbin"]["entities"] == stats["conll"]["entities"]


def test_cli_export(corpus_out, tmp_path, capsys):
    assert main(["export", str(corpus_out), "--to", str(tmp_path / "x")]) == 0
    assert "export: 2 documents" in capsys.readouterr().out
    for name in ("brat/annotation.conf", "brat/visual.conf", "conll/entities.conll"):
        assert (tmp_path / "x" / name).is_file()
    assert (tmp_path / "x" / "corpus.spacy").stat().st_size > 0
    assert len(list((tmp_path / "x" / "brat").glob("*.ann"))) == 2
    assert main(["export", str(tmp_path / "x")]) == 1
    assert "not an extract output folder" in capsys.readouterr().err


# A hand-made output folder with what the corpus lacks: \r\n line ends, a line break
# dropped inside a mention, a text space standing for a raw line break, a line break kept
# in a passage, overlapping mentions, a mention boundary inside a word, a failed document.
RAW = "甲：中華人民\r\n共和國與俄羅斯\r\nUnion\nof Soviets\r\n表\n甲\r\n"


def _entity(n: int, passage: int, label: str, start: int, end: int, text: str, **kw: Any):
    return {
        "mention_id": f"d:{passage}:{n}",
        "doc_id": "d",
        "passage_id": f"d:{passage}",
        "label": label,
        "text": text,
        "start": start,
        "end": end,
        "kb_id": kw.get("kb_id"),
        "value": kw.get("value"),
        "source": "rule",
        "raw_start": kw["raw"][0],
        "raw_end": kw["raw"][1],
    }


@pytest.fixture
def handmade(tmp_path: Path) -> Path:
    source = tmp_path / "d.txt"
    source.write_bytes(RAW.encode("utf-8"))
    out = tmp_path / "out"
    out.mkdir()
    documents = [
        {"doc_id": "bad", "path": "gone.txt", "sha256": "", "status": "error"},
        {
            "doc_id": "d",
            "path": str(source),
            "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
            "status": "ok",
        },
    ]
    passages = [
        (
            "甲：中華人民共和國與俄羅斯",
            [[0, 0, 6], [6, 8, 7]],
            [[0, 1], [1, 2], [2, 9], [9, 11], [11, 13]],
        ),
        ("Union of Soviets", [[0, 17, 16]], [[0, 5], [6, 8], [9, 16]]),
        ("表\n甲", [[0, 35, 3]], [[0, 1], [2, 3]]),
    ]
    passages = [
        {
            "passage_id": f"d:{n}",
            "doc_id": "d",
            "seq": n,
            "kind": "paragraph",
            "text": text,
            "align": align,
            "tokens": [[s, e, "PROPN"] for s, e in tokens],
        }
        for n, (text, align, tokens) in enumerate(passages)
    ]
    entities = [
        _entity(0, 0, "GPE", 2, 9, "中華人民共和國", kb_id="CHN", raw=(2, 11)),
        _entity(1, 0, "GPE", 2, 4, "中華", raw=(2, 4)),
        _entity(2, 0, "GPE", 10, 13, "俄羅斯", kb_id="RUS", raw=(12, 15)),
        _entity(0, 1, "ORG", 0, 16, "Union of Soviets", kb_id="org:x", raw=(17, 33)),
        _entity(0, 2, "LOC", 0, 3, "表\n甲", value={"note": "a\u2028b"}, raw=(35, 38)),
    ]
    event = {
        "event_id": "d:0:e0",
        "doc_id": "d",
        "passage_id": "d:0",
        "type": "treaty",
        "text": "中華人民共和國與俄羅斯",
        "start": 2,
        "end": 13,
        "raw_start": 2,
        "raw_end": 15,
        "sentence": {"start": 0, "end": 13},
        "args": {"form": "pact", "parties": ["CHN", "RUS", "USA"], "action": "sign"},
        "codes": {"cameo": "057", "plover": "AGREE"},
    }
    for name, rows in (
        ("documents", documents),
        ("passages", passages),
        ("entities", entities),
        ("events", [event]),
    ):
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        (out / f"{name}.jsonl").write_text(text, encoding="utf-8")
    return out


def test_handmade_edge_cases(handmade, tmp_path):
    stats = export_all(handmade, tmp_path / "x")
    brat = tmp_path / "x" / "brat"
    assert sorted(p.name for p in brat.iterdir()) == [
        "annotation.conf",
        "d.ann",
        "d.txt",
        "visual.conf",
    ]
    assert (brat / "d.txt").read_bytes() == RAW.encode("utf-8")
    ann = read_ann(brat / "d.ann")
    check_ann(ann, RAW, conf_sections(brat / "annotation.conf"))
    assert {(a.type, a.fragments, a.text) for a in ann if isinstance(a, TextBound)} == {
        ("GPE", ((2, 6), (8, 11)), "中華人民 共和國"),
        ("GPE", ((2, 4),), "中華"),
        ("GPE", ((12, 15),), "俄羅斯"),
        ("ORG", ((17, 22), (23, 33)), "Union of Soviets"),
        ("LOC", ((35, 36), (37, 38)), "表 甲"),
        ("Treaty", ((2, 6), (8, 15)), "中華人民 共和國與俄羅斯"),
    }
    (event,) = [a for a in ann if isinstance(a, Event)]
    assert [role for role, _ in event.roles] == ["Party", "Party2"]
    assert {a.value for a in ann if isinstance(a, Attribute)} == {"pact", "sign"}
    notes = [a.text for a in ann if isinstance(a, Note)]
    assert note_fields(notes[4])["value"] == {"note": "a\u2028b"}
    assert "\u2028" not in (brat / "d.ann").read_text(encoding="utf-8")
    assert "|other|pact\n" in (brat / "annotation.conf").read_text(encoding="utf-8")
    assert stats["brat"]["discontinuous"] == 3
    assert stats["brat"]["unlinked_args"] == 1

    conll = (tmp_path / "x" / "conll" / "entities.conll").read_text(encoding="utf-8")
    assert "# text = 表 甲\n" in conll
    assert [line.split("\t")[2] for line in conll.split("\n\n")[0].splitlines()[2:]] == [
        "O",
        "O",
        "B-GPE",
        "O",
        "B-GPE",
    ]
    assert stats["conll"]["overlaps_skipped"] == 1
    assert stats["conll"]["boundaries_in_token"] == 1

    docs = list(DocBin().from_disk(tmp_path / "x" / "corpus.spacy").get_docs(Vocab()))
    assert [d.text for d in docs] == ["甲：中華人民共和國與俄羅斯", "Union of Soviets", "表\n甲"]
    assert [t.text for t in docs[0]] == ["甲", "：", "中華人民共和國", "與", "俄", "羅斯"]
    assert [(t.text, t.whitespace_, t.pos_) for t in docs[2]] == [
        ("表", "", "PROPN"),
        ("\n", "", "SPACE"),
        ("甲", "", "PROPN"),
    ]
    assert [(e.text, e.kb_id_) for e in docs[0].ents] == [
        ("中華人民共和國", "CHN"),
        ("俄羅斯", "RUS"),
    ]
    assert stats["docbin"] == {
        "passages": 3,
        "tokens": 12,
        "entities": 4,
        "overlaps_skipped": 1,
        "split_tokens": 1,
    }
