"""Scoring event mentions against a gold file (tests/gold/events.jsonl): P/R/F per type and
argument accuracy. Used by `make eval` (scripts/eval_events.py) and by the tests' floors.

A gold line names its document (file name), type, anchor text and which occurrence of that
text in the raw file it is, and the arguments a reader finds; a predicted event matches
when its raw span overlaps that occurrence and the type agrees. Only documents the gold
file covers are scored, unless `score` is given the documents to score (tests/gold/broad:
every text, so that events in texts that should have none count against).

Also the passage-level exercise scoring of the military-news development set (below;
definitions in docs/eval-events.md).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.nlp.events import registry


@dataclass(frozen=True)
class GoldEvent:
    doc: str
    type: str
    start: int
    end: int
    args: dict[str, Any]


def read_gold(path: Path, raws: dict[str, str]) -> list[GoldEvent]:
    """Gold events with raw offsets found from (text, occurrence) in each raw text."""
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        matches = list(re.finditer(re.escape(g["text"]), raws[g["doc"]]))
        m = matches[g["occurrence"] - 1]
        events.append(GoldEvent(g["doc"], g["type"], m.start(), m.end(), g["args"]))
    return events


def _comparable(key: str, value: Any) -> Any:
    if isinstance(value, dict) and "value" in value:  # a date argument
        return value["value"]
    if isinstance(value, list):
        return sorted(value)
    return value


def score(
    gold: list[GoldEvent], predicted: list[dict[str, Any]], docs: set[str] | None = None
) -> dict[str, Any]:
    """`predicted`: events.jsonl records with a `doc` key (the file name) added. `docs`:
    the documents scored (default: those the gold names); a document with no gold event
    is scored too when named here, so that every event found in it is a false positive."""
    docs = {g.doc for g in gold} if docs is None else docs | {g.doc for g in gold}
    predicted = [p for p in predicted if p["doc"] in docs]
    counts: Counter[str] = Counter()
    used: set[int] = set()
    wrong: list[str] = []
    missed: list[str] = []
    for g in gold:
        counts[f"{g.type}_gold"] += 1
        match = next(
            (
                i
                for i, p in enumerate(predicted)
                if i not in used
                and p["doc"] == g.doc
                and p["type"] == g.type
                and p["raw_start"] < g.end
                and p["raw_end"] > g.start
            ),
            None,
        )
        if match is None:
            missed.append(f"{g.doc} {g.type} {g.start}")
            continue
        used.add(match)
        counts[f"{g.type}_tp"] += 1
        for key, value in g.args.items():
            counts["args"] += 1
            got = _comparable(key, predicted[match]["args"].get(key))
            if got == _comparable(key, value):
                counts["args_right"] += 1
            else:
                wrong.append(f"{g.doc} {g.type} {g.start} {key}: {got!r}, gold {value!r}")
    for p in predicted:
        counts[f"{p['type']}_predicted"] += 1
    result: dict[str, Any] = {}
    for kind in registry.names():
        tp, n_gold, n_pred = (counts[f"{kind}_{k}"] for k in ("tp", "gold", "predicted"))
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        result[kind] = {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0,
                        "gold": n_gold, "predicted": n_pred}  # fmt: skip
    result["argument_accuracy"] = counts["args_right"] / counts["args"] if counts["args"] else 0.0
    result["arguments"] = counts["args"]
    result["wrong_arguments"] = wrong
    result["missed"] = missed
    result["spurious"] = [
        f"{p['doc']} {p['type']} {p['raw_start']} {p.get('text', '')}"
        for i, p in enumerate(predicted)
        if i not in used
    ]
    return result


# -- passage-level exercise detection on the military-news development set -----------------
#
# ../shared/data/military-news-dev/passages.jsonl: one main event a passage, annotated with
# a trigger and arguments (Subject, Date, Area, Content ...). The mapping from that gold to
# what the pipeline emits is stated in docs/eval-events.md; these functions are that mapping,
# kept free of the pipeline so that tests/test_event_eval.py can check them on made-up data.

EXERCISE_TRIGGER = re.compile("演习|军演|演练")
"""A Manoeuvre whose trigger holds one of these (Simplified: the gold is Simplified) is a
military exercise; 训练, 考核, 比武, 阅兵 … are training, tests and parades."""

HELD_ASIDE_EVERY = 4
"""Passages whose line index i (0-based, in the file's order) has i % 4 == 3 are held aside:
scored and printed as totals only, never shown, never read while writing rules."""

_EXERCISE_WORD = "(?:演习|军演|演练)"
_MODIFIERS = "(?:多国|联合|军事|战略|海上|海空|空中|实兵|实战|综合|野外|体系对抗|反恐|维和|训练)*"
_NOT_AN_EDITION = "(?![\\d年月日时分号个名架艘辆枚余多万亿%])"  # a date, a count, a hull number
_END = "(?=[\\s,，｡。､、;；:：!！?？]|$)"
NAMED_PATTERNS = (
    # 《…》 right before an exercise word (the data set has no other quotation marks)
    ("bracketed", re.compile(f"《[^》]{{1,20}}》{_MODIFIERS}{_EXERCISE_WORD}")),
    # a name with an edition or a year glued on (海上联合—2013, 东方-2018, 杜松眼镜蛇2018,
    # 全球雷霆19, AlNagah-II2017), then only modifiers (战略, 多国联合, 体系对抗 …) before an
    # exercise word; or such a name closing a clause right after one (韩美联合军演关键决断13)
    (
        "edition",
        re.compile(
            f"[A-Za-z\u4e00-\u9fff]{{2,}}[-—–－·・]*(?:[IVX]+)?\\d{{2,4}}{_NOT_AN_EDITION}"
            f"{_MODIFIERS}{_EXERCISE_WORD}"
        ),
    ),
    # a numbered edition (汉光34号电脑辅助指挥所演习): a few words may come between
    (
        "edition",
        re.compile(f"[\u4e00-\u9fff]{{2,}}\\d{{1,3}}号[\u4e00-\u9fff]{{0,8}}?{_EXERCISE_WORD}"),
    ),
    (
        "edition",
        re.compile(
            f"{_EXERCISE_WORD}(?!就|在|于|中|后|前)[A-Za-z\u4e00-\u9fff]{{2,8}}[-—–－·・]*\\d{{2,4}}{_END}"
        ),
    ),
    # 代号(为)X … 演习 in one clause (代号寒冷回应演习, 代号为渝动2011·使命行动的…综合演练)
    ("code name", re.compile(f"代号[^,，｡。､、;；:：!！?？]{{2,30}}?{_EXERCISE_WORD}")),
)
JOINT_WORDS = re.compile(
    "多国|双边|多边|三边|联合军演|联合军事演习|军事联合演习|联合演习|联合演练|联合反恐"
)
"""In the passage: an exercise of several states. Not 联合 alone: 军地联合, 陆空联合对抗 and
联合作战课题 are one state's services or civil authorities acting together."""
GROUP_SUBJECT = re.compile("两国|双方|三国|四国|多国|各国|各方|两军|中外|外军")
"""In a gold Subject: several states' forces (三国部队, 中俄双方, 各国海军兵力)."""

_SENTENCE_END = re.compile("[。｡!！?？]")


def token_char_span(tokens: list[str], offset: list[int]) -> tuple[int, int]:
    """Character offsets of the gold's token span [first, last + 1) (the tokens join up to
    the passage text exactly)."""
    start = sum(len(t) for t in tokens[: offset[0]])
    return start, start + sum(len(t) for t in tokens[offset[0] : offset[1]])


@dataclass(frozen=True)
class PassageGold:
    """What the gold says of one development passage, in the terms scored here."""

    index: int  # line index in passages.jsonl
    id: str
    text: str
    event_type: str | None
    trigger: str | None
    trigger_span: tuple[int, int] | None
    exercise: bool  # Manoeuvre with an exercise trigger
    named_or_joint: tuple[str, ...]  # why it is named or joint; () = neither (or no exercise)
    subjects: tuple[str, ...]
    dates: tuple[str, ...]
    arguments: tuple[tuple[str, str], ...]

    @property
    def held_aside(self) -> bool:
        return held_aside(self.index)


def held_aside(index: int) -> bool:
    return index % HELD_ASIDE_EVERY == HELD_ASIDE_EVERY - 1


def named_or_joint(
    text: str, subjects: list[str], subject_states: list[set[str]]
) -> tuple[str, ...]:
    """The reasons an exercise passage counts as named or joint (docs/eval-events.md):
    `named` (a bracketed name, a name with an edition or year, a code name, attached to an
    exercise word), `joint` (a joint-exercise word in the passage, a group word in a gold
    Subject, or two or more states among the gold Subjects)."""
    reasons = [kind for kind, pattern in NAMED_PATTERNS if pattern.search(text)]
    reasons = [f"named: {k}" for k in dict.fromkeys(reasons)]
    if JOINT_WORDS.search(text):
        reasons.append("joint: word")
    if any(GROUP_SUBJECT.search(s) for s in subjects):
        reasons.append("joint: group subject")
    if len(set().union(*subject_states)) >= 2:
        reasons.append("joint: states")
    return tuple(reasons)


def passage_gold(
    index: int, record: dict[str, Any], subject_states: dict[str, set[str]] | None = None
) -> PassageGold:
    """`subject_states`: the states each gold Subject text stands for (see
    `scripts/eval_events.py`); only needed for the `joint: states` reason."""
    mention = record.get("event_mention") or {}
    trigger = mention.get("trigger") or {}
    kind = mention.get("event_type")
    trig_text = trigger.get("text")
    exercise = kind == "Manoeuvre" and bool(trig_text and EXERCISE_TRIGGER.search(trig_text))
    args = mention.get("arguments") or []
    subjects = [a["text"] for a in args if a["role"] == "Subject" and a["text"]]
    dates = [a["text"] for a in args if a["role"] == "Date" and a["text"]]
    states = [(subject_states or {}).get(s, set()) for s in subjects]
    return PassageGold(
        index=index,
        id=str(record["id"]),
        text=record["sentence"],
        event_type=kind,
        trigger=trig_text,
        trigger_span=token_char_span(record["tokens"], trigger["offset"]) if trigger else None,
        exercise=exercise,
        named_or_joint=named_or_joint(record["sentence"], subjects, states) if exercise else (),
        subjects=tuple(subjects),
        dates=tuple(dates),
        arguments=tuple((a["role"], a["text"]) for a in args),
    )


@dataclass
class PassageResult:
    """One passage in one script: its gold, the pipeline's exercise events (the `tag`
    fields), and the gold arguments normalized for comparison."""

    gold: PassageGold
    script: str  # "Hans" (as given) or "Hant" (OpenCC s2twp)
    exercises: list[dict[str, Any]]
    trigger_span: tuple[int, int] | None = None  # in this script's text
    gold_states: frozenset[str] = frozenset()  # from the gold Subjects
    gold_date: str | None = None  # ISO value of the gold Date (start of a range), if any

    @property
    def predicted(self) -> bool:
        return bool(self.exercises)

    def matched(self) -> dict[str, Any] | None:
        """The predicted exercise that stands for the gold one: the one whose anchor
        overlaps the gold trigger, else the nearest to it."""
        if not self.exercises:
            return None
        span = self.trigger_span or self.gold.trigger_span or (0, 0)

        def distance(event: dict[str, Any]) -> int:
            return max(0, event["start"] - span[1], span[0] - event["end"])

        return min(self.exercises, key=lambda e: (distance(e), e["start"]))


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "p": p,
        "r": r,
        "f": 2 * p * r / (p + r) if p + r else 0.0,
    }


def detection(results: list[PassageResult], subset: bool = False) -> dict[str, float | int]:
    """Passage-level P/R/F: a passage is predicted positive when the pipeline emits at
    least one exercise in it. With `subset`, gold positives are the named-or-joint
    exercises; a prediction on a gold exercise outside the subset is neither right nor
    wrong (ignored), one on a passage without a gold exercise is a false positive.

    `fp_mentions`: the false positives in passages whose text holds an exercise word all
    the same (演习, 军演, 演练: an exercise the annotators did not make the passage's one
    event, or a mention of one); `p_lenient` leaves them out."""
    tp = fp = fn = fp_mentions = 0
    for r in results:
        positive = r.gold.exercise and (bool(r.gold.named_or_joint) or not subset)
        if positive:
            tp += r.predicted
            fn += not r.predicted
        elif r.predicted and not r.gold.exercise:
            fp += 1
            fp_mentions += bool(EXERCISE_TRIGGER.search(r.gold.text))
    out = prf(tp, fp, fn)
    out["fp_mentions"] = fp_mentions
    kept = tp + fp - fp_mentions
    out["p_lenient"] = tp / kept if kept else 0.0
    return out


def same_date(gold: str, predicted: str | None) -> bool:
    """ISO values agree: same precision, and every digit the same where both know it
    (`XXXX-03-16`, a year not given, agrees with `2017-03-16`)."""
    if predicted is None or len(gold) != len(predicted):
        return False
    return all(a == b or "X" in (a, b) for a, b in zip(gold, predicted, strict=True))


def predicted_date(event: dict[str, Any]) -> str | None:
    start = event["args"].get("start")
    if not isinstance(start, dict):
        return None
    return start.get("value") or start.get("start")


def argument_accuracy(results: list[PassageResult]) -> dict[str, Any]:
    """Over true-positive passages: participants (the matched event's `participants` as a
    set against the states of the gold Subjects, where those map to any; `covered`: the gold
    states are among them) and dates (the matched event's `start` against the gold Date's
    ISO value, where the gold Date is a calendar date)."""
    out = {"participants": 0, "participants_right": 0, "participants_covered": 0,
           "dates": 0, "dates_right": 0, "wrong": []}  # fmt: skip
    for r in results:
        event = r.matched() if r.gold.exercise else None
        if event is None:
            continue
        if r.gold_states:
            got = set(event["args"].get("participants") or [])
            out["participants"] += 1
            out["participants_right"] += got == set(r.gold_states)
            out["participants_covered"] += got >= set(r.gold_states)
            if got != set(r.gold_states):
                out["wrong"].append((r, "participants", sorted(got), sorted(r.gold_states)))
        if r.gold_date:
            got_date = predicted_date(event)
            out["dates"] += 1
            right = same_date(r.gold_date, got_date)
            out["dates_right"] += right
            if not right:
                out["wrong"].append((r, "date", got_date, r.gold_date))
    return out
