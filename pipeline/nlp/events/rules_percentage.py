"""The patterns that read percentages (X占Y的Z%, 较…增加Z%, 这一比例降至…), compiled from
patterns.json: a part of `EventRules` kept apart so each stays small."""

from __future__ import annotations

import re
from typing import Any

from pipeline.text.chars import any_word, ending_with, word_alternation


class PercentageRules:
    """The percentage readings' compiled patterns (`EventRules` builds them)."""

    def _percentage_rules(self, data: dict[str, Any]) -> None:
        self.erratum_before = re.compile(data["erratum_before"])  # 此前误作“18.64%”
        self.erratum_after = re.compile(data["erratum_after"])  # “提升1.6个百分点”应为
        self.became_before = re.compile(f"(?:{word_alternation(data['became_words'])})[约近逾超]?$")
        self.joined_share_before = re.compile(data["joined_share_before"])
        self.compared_value_before = re.compile(data["compared_value_before"])  # 较…的55%
        self.source_before = re.compile(data["source_before"])
        self.market_clause = re.compile(data["market_clause"])  # 美國是越南最大出口市場，
        self.dependence_before = tuple(data["dependence_before"])  # 对华依赖度: 对
        self.dependence_after = re.compile(data["dependence_after"])  # 对华依赖度
        self.source_share_after = re.compile(data["source_share_after"])
        nationals = word_alternation(data["nationality_words"])  # 中国籍, 荷兰公民
        self.nationality = re.compile(f"{nationals}|{data['firms_holding']}")  # 台灣廠商…占
        self.share = re.compile(f"(?:{word_alternation(data['share_verbs'])})")
        self.share_noun = any_word(data["share_nouns"])  # 對美出口比重則升至17.6%
        self.share_topic_end = re.compile(f"(?:{self.share_noun.pattern})$")  # …的比重，…升至
        self.flow_after = re.compile(data["flow_after"])
        self.share_within = re.compile(data["share_within"])  # X在Y…中的占比
        self.own_whole = tuple(data["own_whole"])  # 占全国总额: the partner's own whole
        self.pair_trade = tuple(data["pair_trade"])  # 朝俄贸易: with the second
        self.change = any_word(data["change_words"])
        self.trailing_copula = ending_with(data["copulas"])
        self.rate_suffix: str = data["rate_suffix"]
        self.compared = any_word(data["comparison_words"])
        self.measure_object_marks = frozenset(data["measure_object_marks"])
        self.counted_in_marks = tuple(data["counted_in_marks"])  # 中國大陸（含香港）
        self.period = any_word(data["change_periods"])
        self.approx_before = any_word(data["approx_before"])
        self.qualifier_before = any_word(data["qualifiers_before"])  # 约有…, 不足…的1%
        self.held = re.compile(
            rf"\s*[的之](?P<what>{word_alternation(data['held_things'])})"
            rf"(?P<owned_by>{word_alternation(data['owned_by_words'])})?"
        )
        self.holder = any_word(data["holder_verbs"])
