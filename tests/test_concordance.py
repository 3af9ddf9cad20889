"""`python -m pipeline show`: the concordance and SQL over an output folder, checked against
the JSONL records read independently."""

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, read_jsonl, russian_treaties_of_the_1990s

from pipeline.cli import main
from pipeline.text.chars import display_width

RUSSIA_1990S = ["--type", "treaty", "--entity", "RUS", "--year", "1990-2000"]


def show(capsys: pytest.CaptureFixture[str], out: Path, *options: str) -> tuple[int, str, str]:
    status = main(["show", str(out), *options])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def jsonl_hits(capsys: pytest.CaptureFixture[str], out: Path, *options: str) -> list[dict]:
    status, stdout, _ = show(capsys, out, *options, "--format", "jsonl")
    assert status == 0
    return [json.loads(line) for line in stdout.splitlines()]


def year(date: dict | None) -> int | None:
    return int(date["value"][:4]) if date and date.get("value") else None


def years_of(event: dict, entities: list[dict]) -> list[tuple[int, int]]:
    """The documented rule: treaty date, exercise start..end, else the sentence's DATEs."""
    args = event["args"]
    if event["type"] == "treaty":
        date = args["date"] or {}
        found = [int(date[k][:4]) for k in ("value", "start", "end") if date.get(k)]
        return [(min(found), max(found))] if found else []
    if event["type"] == "exercise":
        found = [y for y in (year(args["start"]), year(args["end"])) if y]
        return [(min(found), max(found))] if found else []
    spans = []
    for date in entities:
        inside = event["sentence"]["start"] <= date["start"] < date["end"]
        if (
            date["label"] == "DATE"
            and date["passage_id"] == event["passage_id"]
            and inside
            and date["end"] <= event["sentence"]["end"]
        ):
            value = date["value"]
            found = [int(value[k][:4]) for k in ("value", "start", "end") if value.get(k)]
            spans.append((min(found), max(found)))
    return spans


def test_russian_treaties_of_the_1990s_are_the_records_that_match(capsys, corpus_out):
    expected = russian_treaties_of_the_1990s(read_jsonl(corpus_out / "events.jsonl"))
    hits = jsonl_hits(capsys, corpus_out, *RUSSIA_1990S)
    assert [h["id"] for h in hits] == [e["event_id"] for e in expected]
    assert [(h["raw_start"], h["raw_end"]) for h in hits] == [
        (e["raw_start"], e["raw_end"]) for e in expected
    ]
    assert any(
        h["text"] == "蒙俄友好關係與合作條約" and h["args"]["date"]["value"] == "1993" for h in hits
    )
    assert all(h["type"] == "treaty" for h in hits)


def test_year_filter_dates_each_event_type_by_the_documented_rule(capsys, corpus_out):
    entities = read_jsonl(corpus_out / "entities.jsonl")
    expected = [
        e["event_id"]
        for e in read_jsonl(corpus_out / "events.jsonl")
        if any(a <= 2010 and b >= 2005 for a, b in years_of(e, entities))
    ]
    hits = jsonl_hits(capsys, corpus_out, "--year", "2005-2010")
    assert sorted(h["id"] for h in hits) == sorted(expected)
    assert {h["type"] for h in hits} >= {"treaty", "exercise"}


def test_a_treaty_dated_by_a_decade_is_found_by_any_year_of_it(capsys, corpus_out):
    hits = jsonl_hits(capsys, corpus_out, "--type", "treaty", "--year", "1965")
    decade = [h for h in hits if h["args"]["date"] and h["args"]["date"].get("end") == "1969"]
    assert decade and all(h["args"]["date"]["start"] == "1960" for h in decade)


@pytest.mark.parametrize("name", ["俄羅斯", "俄罗斯", "Russia", "rus"])
def test_entity_names_in_either_script_resolve_to_the_kb_id(capsys, corpus_out, name):
    _, by_id, _ = show(capsys, corpus_out, "--entity", "RUS")
    status, by_name, _ = show(capsys, corpus_out, "--entity", name)
    assert status == 0
    assert by_name == by_id
    assert "烏蘭巴托宣言" in by_id


def test_entity_mentions_of_an_entity_have_its_kb_id(capsys, corpus_out):
    hits = jsonl_hits(capsys, corpus_out, "--type", "GPE", "--entity", "俄羅斯")
    expected = [
        m["mention_id"]
        for m in read_jsonl(corpus_out / "entities.jsonl")
        if m["label"] == "GPE" and m["kb_id"] == "RUS"
    ]
    assert [h["id"] for h in hits] == expected
    assert {h["label"] for h in hits} == {"GPE"}


def test_percent_text_finds_the_mention(capsys, corpus_out, corpus_passages):
    passages = {p["passage_id"]: p for p in corpus_passages}
    mention = next(
        m
        for m in read_jsonl(corpus_out / "entities.jsonl")
        if m["label"] == "PERCENT" and m["text"] == "83.47%"
    )
    hits = jsonl_hits(capsys, corpus_out, "--type", "PERCENT", "--text", "83.47")
    assert mention["mention_id"] in [h["id"] for h in hits]
    found = next(h for h in hits if h["id"] == mention["mention_id"])
    assert (found["raw_start"], found["raw_end"]) == (mention["raw_start"], mention["raw_end"])
    assert all(h["label"] == "PERCENT" for h in hits)
    assert all("83.47" in h["text"] for h in hits)  # the mention itself, not its passage
    assert all("83.47" in passages[h["passage_id"]]["text"] for h in hits)


def test_text_pattern_matches_either_script(capsys, corpus_out):
    """An event's evidence sentence is searched in both scripts."""
    traditional = jsonl_hits(capsys, corpus_out, "--type", "percentage", "--text", "貿易總額")
    simplified = jsonl_hits(capsys, corpus_out, "--type", "percentage", "--text", "贸易总额")
    assert traditional == simplified
    assert any(h["text"] == "83.47%" for h in traditional)


def test_kwic_lines_show_the_anchor_between_separators_at_its_raw_offsets(capsys, corpus_out):
    expected = jsonl_hits(capsys, corpus_out, *RUSSIA_1990S)
    status, stdout, stderr = show(capsys, corpus_out, *RUSSIA_1990S)
    lines = stdout.splitlines()
    assert status == 0 and len(lines) == len(expected) > 0
    columns = set()
    for line, hit in zip(lines, expected, strict=True):
        assert line.startswith(hit["passage_id"] + " ")
        assert f" {hit['raw_start']}-{hit['raw_end']} " in line
        _, anchor, right = line.split(" | ")
        assert anchor.rstrip() == hit["text"]
        assert right.startswith(hit["right"].replace("\n", "⏎"))
        columns.add(display_width(line[: line.index(" | ")]))
    assert len(columns) == 1, "anchors start in one display column"
    assert f"{len(expected)} hits in 1 document" in stderr


def test_jsonl_hits_round_trip_to_the_records(capsys, corpus_out, corpus_passages):
    passages = {p["passage_id"]: p for p in corpus_passages}
    records = {e["event_id"]: e for e in read_jsonl(corpus_out / "events.jsonl")}
    records.update({m["mention_id"]: m for m in read_jsonl(corpus_out / "entities.jsonl")})
    hits = jsonl_hits(capsys, corpus_out, "--type", "exercise,LAW")
    assert jsonl_hits(capsys, corpus_out, "--type", "exercise,LAW", "--limit", "7") == hits[:7]
    assert {h["kind"] for h in hits} == {"event", "entity"}
    for hit in hits:
        record = records[hit["id"]]
        text = passages[hit["passage_id"]]["text"]
        for key in ("doc_id", "passage_id", "text", "start", "end", "raw_start", "raw_end"):
            assert hit[key] == record[key]
        assert text[: hit["start"]].endswith(hit["left"])
        assert text[hit["end"] :].startswith(hit["right"])
        assert hit["args"] == record.get(
            "args", {"kb_id": record.get("kb_id"), "value": record.get("value")}
        )


def test_tsv_has_a_header_and_one_row_a_hit(capsys, corpus_out):
    status, stdout, _ = show(capsys, corpus_out, *RUSSIA_1990S, "--format", "tsv")
    header, *rows = stdout.splitlines()
    assert status == 0
    assert header.split("\t")[:3] == ["kind", "type", "id"]
    assert rows and all(len(r.split("\t")) == len(header.split("\t")) for r in rows)
    assert rows[0].split("\t")[:2] == ["event", "treaty"]


def test_sql_counts_events_by_type(capsys, corpus_out):
    sql = "SELECT type, count(*) AS n FROM events GROUP BY type"
    rows = jsonl_hits(capsys, corpus_out, "--sql", sql)
    counts = Counter(e["type"] for e in read_jsonl(corpus_out / "events.jsonl"))
    assert {r["type"]: r["n"] for r in rows} == dict(counts)


def test_sql_unnests_treaty_parties(capsys, corpus_out):
    sql = (
        "SELECT p AS party, count(*) AS n FROM events, unnest(args.parties) AS t(p) "
        "WHERE type = 'treaty' GROUP BY p ORDER BY n DESC, p"
    )
    status, stdout, _ = show(capsys, corpus_out, "--sql", sql)
    counts = Counter(
        p
        for e in read_jsonl(corpus_out / "events.jsonl")
        if e["type"] == "treaty"
        for p in e["args"]["parties"]
    )
    header, rule, *rows = stdout.splitlines()
    assert status == 0 and header.split() == ["party", "n"]
    assert set(rule.replace(" ", "")) == {"-"}
    assert {r.split()[0]: int(r.split()[1]) for r in rows} == dict(counts)


def test_sql_over_empty_files_has_the_schema_columns(capsys, corpus_out, tmp_path):
    for name in ("documents", "passages"):
        shutil.copy(corpus_out / f"{name}.jsonl", tmp_path)
    for name in ("entities", "events", "errors"):
        (tmp_path / f"{name}.jsonl").write_text("")
    sql = "SELECT count(*) AS n, count(DISTINCT passage_id) AS p FROM events"
    assert jsonl_hits(capsys, tmp_path, "--sql", sql) == [{"n": 0, "p": 0}]
    assert jsonl_hits(capsys, tmp_path, "--sql", "SELECT path, error FROM errors") == []


def test_bad_sql_is_an_error(capsys, corpus_out):
    status, stdout, stderr = show(capsys, corpus_out, "--sql", "SELEC type FROM events")
    assert status == 1 and stdout == ""
    assert "error" in stderr.lower()


@pytest.mark.parametrize(
    "options",
    [["--type", "treaty"], ["--sql", "SELECT 1"]],
)
def test_a_folder_that_is_no_output_is_an_error(capsys, tmp_path, options):
    status, _, stderr = show(capsys, tmp_path, *options)
    assert status == 1
    assert "not an extract output folder" in stderr


@pytest.mark.parametrize(
    "options",
    [
        ["--type", "treaties"],
        ["--year", "2000-1990"],
        ["--text", "("],
        ["--sql", "x", "--doc", "0"],
    ],
)
def test_bad_options_are_errors(capsys, corpus_out, options):
    status, _, stderr = show(capsys, corpus_out, *options)
    assert status == 1 and stderr.startswith("error:")


@pytest.mark.parametrize(
    "options",
    [
        ["--type", "GPE,ORG,PERSON,DATE,PERCENT"],
        ["--type", "GPE,ORG", "--format", "jsonl"],
        ["--sql", "SELECT passage_id, text FROM passages"],
    ],
)
def test_a_reader_that_stops_early_ends_it_quietly(corpus_out, options):
    """`show OUT | head -1`: no error message, no traceback, no summary; status 141, as a
    process killed by SIGPIPE (what `cat` or `grep` give there)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "show", str(corpus_out), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # the reader goes away with far more than a pipe's worth unread
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=300) == 141
    assert first.strip()
    assert stderr == "", stderr


def test_show_works_without_duckdb_and_sql_says_how_to_get_it(capsys, corpus_out, monkeypatch):
    """DuckDB is an extra (`pip install '.[sql]'`): only --sql needs it."""
    monkeypatch.setitem(sys.modules, "duckdb", None)  # as if it were not installed
    status, stdout, _ = show(capsys, corpus_out, "--type", "treaty", "--limit", "1")
    assert status == 0 and stdout.strip()
    status, stdout, stderr = show(capsys, corpus_out, "--sql", "SELECT 1")
    assert status == 1 and stdout == ""
    assert "pip install '.[sql]'" in stderr
