"""The event scorers of `make eval` (pipeline/evaluation/events.py) on made-up gold and
predictions: passage-level exercise detection on the military-news format, the
named-or-joint subset, argument accuracy, and the document scorer with texts that must give
no event. Needs neither ../shared/data nor the spaCy pipeline."""

from __future__ import annotations

import importlib.util
import json

import pytest
from conftest import ROOT

from pipeline.evaluation.events import (
    GoldEvent,
    PassageResult,
    argument_accuracy,
    detection,
    held_aside,
    named_or_joint,
    passage_gold,
    same_date,
    score,
    token_char_span,
)


def record(tokens: list[str], event_type=None, trigger=None, arguments=(), id_="1") -> dict:
    """A passage as military-news-dev/passages.jsonl has it: offsets are token indices."""

    def where(text: str) -> list[int]:
        for i in range(len(tokens)):
            for j in range(i + 1, len(tokens) + 1):
                if "".join(tokens[i:j]) == text:
                    return [i, j]
        raise ValueError(text)

    mention = {}
    if event_type:
        mention = {
            "event_type": event_type,
            "trigger": {"text": trigger, "offset": where(trigger)},
            "arguments": [
                {"role": role, "text": text, "offset": where(text)} for role, text in arguments
            ],
        }
    return {"id": id_, "sentence": "".join(tokens), "tokens": tokens, "event_mention": mention}


EXERCISE = record(
    ["9月8日", ",", "中", "俄", "两军", "在", "日本海", "举行", "海上联合-2017", "军事演习", "｡"],
    "Manoeuvre",
    "军事演习",
    [("Date", "9月8日"), ("Subject", "中俄两军")],
)


def exercise_event(start: int, end: int, participants=(), date=None) -> dict:
    return {
        "type": "exercise",
        "start": start,
        "end": end,
        "args": {
            "participants": sorted(participants),
            "start": {"text": "…", "value": date} if date else None,
        },
    }


def test_token_offsets_become_character_offsets():
    assert token_char_span(["近日", ",", "某部", "演练"], [3, 4]) == (5, 7)
    g = passage_gold(0, EXERCISE)
    assert g.text[slice(*g.trigger_span)] == "军事演习"
    assert g.exercise and g.subjects == ("中俄两军",) and g.dates == ("9月8日",)


@pytest.mark.parametrize(
    ("event_type", "trigger", "exercise"),
    [
        ("Manoeuvre", "实兵演练", True),
        ("Manoeuvre", "军演", True),
        ("Manoeuvre", "训练", False),  # training
        ("Manoeuvre", "阅兵", False),  # a parade
        ("Deploy", "军事演习", False),  # the passage's event is another kind
    ],
)
def test_an_exercise_is_a_manoeuvre_with_an_exercise_trigger(event_type, trigger, exercise):
    r = record(["某旅", "组织", trigger, "｡"], event_type, trigger)
    assert passage_gold(0, r).exercise is exercise


def test_a_passage_without_event():
    g = passage_gold(5, record(["今天", "天气", "很", "好"]))
    assert (g.exercise, g.trigger, g.trigger_span, g.named_or_joint) == (False, None, None, ())


@pytest.mark.parametrize(
    ("text", "subjects", "states", "reason"),
    [
        ("美日印马拉巴尔海上军演10日在日本开启｡", ["三国部队"], [set()], "joint: group subject"),
        ("参加东方-2018战略演习的部队｡", ["部队"], [set()], "named: edition"),
        ("台军汉光34号电脑辅助指挥所演习展开｡", ["台军"], [set()], "named: edition"),
        ("坦克在代号寒冷回应演习中开火｡", ["坦克"], [set()], "named: code name"),
        ("参加中俄联合反恐演习的部队｡", ["部队"], [set()], "joint: word"),
        ("在马里进行联合医疗救援演习｡", ["中国和德国维和部队"], [{"CHN", "DEU"}], "joint: states"),
    ],
)
def test_named_or_joint(text, subjects, states, reason):
    assert reason in named_or_joint(text, subjects, states)


@pytest.mark.parametrize(
    "text",
    [
        "2017年2月,北海舰队包含056在内的驱护编队开展实战化演习｡",  # a hull number, a date
        "第71集团军某防空旅与第72集团军某陆航旅展开陆空联合对抗演练｡",  # services, one state
        "中国空军今年将在朱日和实战演练中派出歼-20战斗机参与演练｡",  # an aircraft type
        "一场全要素战备出动演练就在第74集团军某合成旅展开｡",
    ],
)
def test_neither_named_nor_joint(text):
    assert named_or_joint(text, ["某部"], [{"CHN"}]) == ()


def test_every_fourth_passage_is_held_aside():
    assert [i for i in range(12) if held_aside(i)] == [3, 7, 11]
    assert passage_gold(7, EXERCISE).held_aside


def results(*cases) -> list[PassageResult]:
    """cases: (gold exercise?, named or joint?, predicted?)"""
    out = []
    for i, (gold, nj, predicted) in enumerate(cases):
        if gold:
            g = passage_gold(i, EXERCISE if nj else record(["某旅", "演练"], "Manoeuvre", "演练"))
        else:
            g = passage_gold(
                i,
                record(
                    ["某旅", "组织", "演习", "观摩"] if predicted == "mention" else ["某旅", "训练"]
                ),
            )
        out.append(PassageResult(g, "Hans", [exercise_event(0, 2)] if predicted else []))
    return out


def test_passage_detection_all_and_named_or_joint():
    rs = results(
        (True, True, True),  # tp, in the subset
        (True, True, False),  # fn, in the subset
        (True, False, True),  # tp; ignored in the subset
        (True, False, False),  # fn; ignored in the subset
        (False, False, True),  # fp in both
        (False, False, "mention"),  # fp in both; its text names an exercise
        (False, False, False),  # tn
    )
    all_ = detection(rs)
    assert (all_["tp"], all_["fp"], all_["fn"]) == (2, 2, 2)
    assert all_["p"] == pytest.approx(0.5) and all_["r"] == pytest.approx(0.5)
    assert all_["fp_mentions"] == 1 and all_["p_lenient"] == pytest.approx(2 / 3)
    nj = detection(rs, subset=True)
    assert (nj["tp"], nj["fp"], nj["fn"]) == (1, 2, 1)
    assert nj["p"] == pytest.approx(1 / 3) and nj["r"] == pytest.approx(0.5)
    assert nj["f"] == pytest.approx(2 * (1 / 3) * 0.5 / (1 / 3 + 0.5))


def test_nothing_predicted_and_nothing_gold():
    assert detection([]) == {"tp": 0, "fp": 0, "fn": 0, "p": 0.0, "r": 0.0, "f": 0.0,
                             "fp_mentions": 0, "p_lenient": 0.0}  # fmt: skip


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("2017-03-16", "2017-03-16", True),
        ("XXXX-03-16", "2017-03-16", True),  # the gold read alone has no year
        ("2012-02-13", "2012", False),  # precision differs
        ("XXXX-11-25", "XXXX", False),
        ("XXXX-04-08", "XXXX-04-09", False),
        ("2018", None, False),
    ],
)
def test_same_date(gold, predicted, same):
    assert same_date(gold, predicted) is same


def test_arguments_of_the_event_nearest_the_trigger():
    g = passage_gold(0, EXERCISE)
    trigger = g.trigger_span
    far = exercise_event(0, 2, ["CHN"], "XXXX-01-01")
    near = exercise_event(trigger[0] - 9, trigger[0], ["CHN", "RUS"], "2017-09-08")
    r = PassageResult(g, "Hans", [far, near], trigger, frozenset({"CHN", "RUS"}), "XXXX-09-08")
    assert r.matched() is near
    a = argument_accuracy([r])
    got = a["participants_right"], a["participants"], a["dates_right"], a["dates"]
    assert got == (1, 1, 1, 1)
    # one more state than the gold's: not exact, but the gold's are covered
    near["args"]["participants"] = ["CHN", "JPN", "RUS"]
    near["args"]["start"] = None
    a = argument_accuracy([r])
    assert (a["participants_right"], a["participants_covered"], a["dates_right"]) == (0, 1, 0)
    assert [w[1] for w in a["wrong"]] == ["participants", "date"]


def test_arguments_only_where_the_gold_has_them_and_the_passage_is_found():
    g = passage_gold(0, EXERCISE)
    missed = PassageResult(g, "Hans", [], None, frozenset({"CHN"}), "XXXX-09-08")
    no_gold_args = PassageResult(g, "Hans", [exercise_event(0, 2, ["CHN"])])
    a = argument_accuracy([missed, no_gold_args])
    assert (a["participants"], a["dates"]) == (0, 0)


def test_document_scorer_counts_events_in_texts_that_should_have_none():
    gold = [GoldEvent("a.txt", "treaty", 10, 14, {"form": "treaty"})]
    predicted = [
        {
            "doc": "a.txt",
            "type": "treaty",
            "raw_start": 11,
            "raw_end": 14,
            "args": {"form": "treaty"},
        },
        {"doc": "b.txt", "type": "exercise", "raw_start": 0, "raw_end": 2, "args": {}},
    ]
    only_gold_docs = score(gold, predicted)
    assert only_gold_docs["exercise"]["predicted"] == 0  # b.txt is not scored
    every_text = score(gold, predicted, {"a.txt", "b.txt"})
    assert every_text["exercise"] == {"p": 0.0, "r": 0.0, "f": 0.0, "gold": 0, "predicted": 1}
    assert every_text["treaty"]["p"] == 1.0 and every_text["argument_accuracy"] == 1.0
    assert every_text["spurious"] == ["b.txt exercise 0 "] and every_text["missed"] == []
    assert score(gold, [])["missed"] == ["a.txt treaty 10"]


def _script():
    spec = importlib.util.spec_from_file_location(
        "eval_events", ROOT / "scripts" / "eval_events.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_eval_skips_the_development_set_cleanly_without_it(tmp_path, capsys):
    assert _script().main(["--no-corpus", "--dev", str(tmp_path / "missing.jsonl")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_the_mixed_protocol_puts_half_of_each_part_in_traditional():
    mixed = _script().mixed_script
    for aside in (False, True):
        part = [i for i in range(800) if held_aside(i) is aside]
        assert part
        assert sum(mixed(i) == "Hant" for i in part) * 2 == len(part)


@pytest.mark.parametrize(
    ("name", "least"), [("broad", 30), ("unseen", 24), ("unseen2", 24), ("unseen3", 24)]
)
def test_hand_gold_names_existing_texts(name, least):
    """Every gold line of a hand gold set names a text there and an anchor it holds; every
    text is in the manifest."""
    folder = ROOT / "tests" / "gold" / name
    texts = {p.name: p.read_text(encoding="utf-8") for p in (folder / "texts").glob("*.txt")}
    lines = (folder / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= least and len(texts) >= least
    for line in lines:
        g = json.loads(line)
        assert g["doc"] in texts, g
        assert texts[g["doc"]].count(g["text"]) >= g["occurrence"], g
    manifest = (folder / "texts" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(m)["path"] for m in manifest if m.strip()} == set(texts)
