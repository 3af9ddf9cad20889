"""The spaCy component `values`: the rules' mentions as entities, where no entity is
already found (an amount wins over a name inside its currency word)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp import entities  # noqa: F401 (Span extensions `value`, `source`)
from pipeline.nlp.values.rules import ValueRules

MAX_EXPANSION = 3  # characters a match may grow by to reach word boundaries


@Language.factory("values")
def create_values(nlp: Language, name: str) -> ValueMentions:
    """Without rules until `initialize` reads them (a saved pipeline restores its own:
    `from_disk`)."""
    return ValueMentions()


class ValueMentions:
    """Adds the value mentions that do not overlap an entity already found."""

    def __init__(self, rules: ValueRules | None = None) -> None:
        self._rules = rules

    @property
    def rules(self) -> ValueRules:
        if self._rules is None:
            raise RuntimeError("the values component has no rules: initialize() it")
        return self._rules

    def initialize(
        self, get_examples: Any = None, *, nlp: Language | None = None, models: str | Path
    ) -> None:
        """The rules of the models folder `models` (values/rules.json)."""
        self._rules = ValueRules.from_path(Path(models) / "values" / "rules.json")

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        text = doc.text  # spaCy joins the tokens again at each doc.text
        for start, end, label, value in self.rules.find(doc._.text_norm):
            while end > start and text[end - 1].isspace():
                end -= 1
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None and span.start_char < start:  # 加拿大約四分之三: not 大約 of
                inner = doc.char_span(start, end, label=label, alignment_mode="contract")
                if inner is not None and len(inner) and inner.end_char == span.end_char:
                    span = inner  # the name before it, but 約四分之三
            if span is None or len(span.text) > end - start + MAX_EXPANSION:
                continue  # inside a longer word: a URL (…2016%20China…), a name
            span._.value = value
            spans.append(span)
        if spans:
            money_at = _money_at(spans)
            kept = [e for e in doc.ents if not self._in_currency(e, money_at)]
            doc.ents = filter_spans([*kept, *_without_overlaps(spans, kept)])
        return doc

    def _in_currency(self, ent: Span, money_at: dict[int, list[Span]]) -> bool:
        """A name that is part of an amount's currency word (US of US$100 million) is not
        one: the amount wins over it. `money_at`: the amounts over each token."""
        return any(
            span.start <= ent.start and ent.end <= span.end for span in money_at.get(ent.start, ())
        ) and any(ent._.text_norm in word for word in self.rules.currency_words)

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "rules.json", self.rules.data)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> ValueMentions:
        self._rules = ValueRules(srsly.read_json(Path(path) / "rules.json"))
        return self


def _money_at(spans: list[Span]) -> dict[int, list[Span]]:
    """The MONEY spans over each token."""
    money_at: dict[int, list[Span]] = {}
    for span in spans:
        if span.label_ == "MONEY":
            for i in range(span.start, span.end):
                money_at.setdefault(i, []).append(span)
    return money_at


def _without_overlaps(spans: list[Span], taken: Iterable[Span]) -> list[Span]:
    used = {i for span in taken for i in range(span.start, span.end)}
    return [s for s in spans if not any(i in used for i in range(s.start, s.end))]
