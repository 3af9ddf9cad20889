"""The scope of an exercise (national, bilateral, multilateral) from its participants, and
the widest scope a named exercise's mentions give it across the document."""

from __future__ import annotations

from typing import Any

from pipeline.nlp.events.exercise_names import series_of
from pipeline.nlp.events.passage import joined
from pipeline.nlp.events.rules import EventRules

ONE_FORCE_KEY = "_one_force"  # an unnamed drill of forces of no state named: national

SCOPES = (None, "national", "bilateral", "multilateral")  # narrowest first


def widest_scope(rules: EventRules, exercises: list[dict[str, Any]]) -> None:
    """The scope is the exercise's, not the mention's: a mention of a named exercise that
    names fewer than two participants takes the widest scope of the document's mentions
    of that name (極光23登場 in a headline that names Sweden only, under the report of
    fourteen states taking part)."""
    widest: dict[str, str | None] = {}
    for mention in exercises:
        scope = mention["args"]["scope"]
        for key in _name_keys(rules, mention):
            if SCOPES.index(scope) > SCOPES.index(widest.get(key)):
                widest[key] = scope
    for mention in exercises:
        scope = max((widest.get(key) for key in _name_keys(rules, mention)), key=SCOPES.index)
        if len(mention["args"]["participants"]) < 2 and SCOPES.index(scope) > SCOPES.index(
            mention["args"]["scope"]
        ):  # two participants or more state the scope themselves
            mention["args"]["scope"] = scope
            mention["codes"] = rules.data["codes"]["exercise"][scope]


def _name_keys(rules: EventRules, mention: dict[str, Any]) -> set[str]:
    """The series a mention names (北方毒蛇 for 北方毒蛇24 and 北方毒蛇 said again), else its
    name, and its gazetteer id: mentions that share one of them name one exercise."""
    name = joined(mention["args"]["name"])
    kb_id = mention["args"].get("kb_id")
    return {series_of(rules, name) or name, *([kb_id] if kb_id else [])}


def rescope(rules: EventRules, mention: dict[str, Any]) -> None:
    """The scope and codes of an exercise mention whose participants changed."""
    args = mention["args"]
    args["scope"] = scope_of(args["participants"], args["multinational"])
    if args["scope"] is None and mention.get(ONE_FORCE_KEY):
        args["scope"] = "national"  # one force's drill, its state unsaid
    mention["codes"] = rules.data["codes"]["exercise"][args["scope"] or "unknown"]


def scope_of(participants: list[str], multinational: bool) -> str | None:
    if multinational or len(participants) > 2:
        return "multilateral"
    return {0: None, 1: "national", 2: "bilateral"}[len(participants)]
