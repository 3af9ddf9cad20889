"""The words the event rules know (models/events/patterns.json), compiled once when the
component is built."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pipeline.nlp.events.rules_percentage import PercentageRules
from pipeline.nlp.values import RULES_PATH as VALUE_RULES_PATH
from pipeline.resources import MODELS_DIR
from pipeline.text.chars import any_word, ending_with, word_alternation

PATTERNS_PATH = MODELS_DIR / "events" / "patterns.json"
LIST_JOINERS = ("、", "及", "和", "与", "以及")  # 分别约为36.2%、34.6%及22.1%: one list


def _phrase_ending_in(words: Any, reach: int, not_after: str = "") -> re.Pattern[str]:
    """At most `reach` characters of one phrase (no list mark, conjunction or clause mark
    between), then one of `words` not right after what `not_after` (lookbehinds) excludes:
    葡萄牙[工程公司], 中国[—南亚博览会], not 巴西[中央银行]."""
    return re.compile(
        f"[^与和及同跟、，。；;,\\s]{{0,{reach}}}?{not_after}(?:{word_alternation(words)})"
    )


def _not_after_groups(groups: list[str], signatories: list[str]) -> str:
    """Lookbehinds that keep a signatory word from matching as the end of one of `groups`
    (集团 in 国家集团, 银行 in 中央银行): each group's words before the signatory it ends with."""
    prefixes = [g[: -len(word)] for g in groups for word in signatories if g.endswith(word)]
    return "".join(f"(?<!{re.escape(prefix)})" for prefix in dict.fromkeys(prefixes) if prefix)


class EventRules(PercentageRules):
    """patterns.json, its word lists compiled to patterns; `data` is the file as read."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.forms = {**data["treaty_forms"], **data["named_treaty_forms"]}
        self.form_end = ending_with(self.forms)  # a name's last word
        self.weak_forms = frozenset(data["named_treaty_forms"]) - set(data["treaty_forms"])
        self.figurative = frozenset(data["figurative_agreements"])  # 「君子協定」
        self.wished_openers = tuple(data["wished_openers"])  # “新的海军限额协定”
        opening, closing = re.escape(data["open_brackets"]), re.escape(data["close_brackets"])
        self.no_brackets = str.maketrans("", "", data["open_brackets"] + data["close_brackets"])
        self.open_brackets = data["open_brackets"]  # 「《“…: where a bracketed name opens
        # a name in brackets, which may quote a short name in “” or a name in 〈〉 itself
        # (《共建“一带一路”合作规划》, 《关于延长〈…协定〉有效期的议定书》)
        self.bracketed = re.compile(
            f"[{opening}]((?:[^{opening}{closing}]|“[^“”]{{1,20}}”|〈[^〈〉]{{1,80}}〉){{1,80}})[{closing}]"
        )
        # a gazetteer agreement named by a Chinese name without its form word or an acronym
        # (服貿協議 is one already; ECFA, New START), not by an English title (a reference)
        self.short_name = re.compile(r".*[\u4e00-\u9fff].*|[A-Z][A-Za-z0-9 -]{1,11}")
        self.alias_en = re.compile(r"\s*[（(]\s*([A-Za-z][^（）()]{1,120})[)）]")
        said = word_alternation(data["short_name_words"])  # 以下简称, 又称, 即 …
        self.short_name_alias = re.compile(data["short_name_alias"].replace("{said}", said))
        self.short_name_said = re.compile(said)  # before the short name itself
        # a period in brackets closing a name (…行动计划（2019—2023年）): not its last word
        self.trailing_period = re.compile(r"\s*[（(][^（）()]{1,20}[)）]$")
        self.form_word = any_word(data["treaty_forms"])  # an unnamed agreement's
        self.formal_title = re.compile(data["formal_title"])  # 《…与…关于…的安排》
        self.places_not_initials = tuple(data["places_not_initials"])  # 西沙
        self.region_initials = frozenset(data["region_initials"])  # 中非: China and Africa
        self.kind_after_name = re.compile(data["kind_after_name"])  # 「…倡議」首批協定
        self.signed_title_before = re.compile(data["signed_title_before"])  # 签署了《…》
        self.signed_title_not_ends = tuple(data["signed_title_not_ends"])  # 《…法》
        self.carried_out_before = tuple(data["carried_out_before"])  # 落实「…安排」
        self.before_only = frozenset(data["actions_before_only"])  # 加入《…》, not 中加入
        self.action = re.compile(  # not 签证: a visa
            f"(?!{word_alternation(data['not_actions'])})(?:{word_alternation(data['treaty_actions'])})"
        )
        self.bare_joint_statement = re.compile(data["bare_joint_statement"])
        self.joint_prefix: str = data["joint_prefix"]
        self.agreement_said_again = re.compile(data["agreement_said_again"])
        self.joint_exercise = any_word(data["joint_exercise_words"])
        self.edition_year = re.compile(data["edition_year"])  # 金龙-2024: its year
        self.capitals: dict[str, str] = data["capitals"]  # 莫斯科与埃里温签署
        self.capital_joiners = frozenset(data["capital_joiners"])
        self.capital_places_before = frozenset(data["capital_places_before"])  # 在北京与
        self.referring_qualifiers = frozenset(data["referring_qualifiers"])
        # 本协定 (the text's own), 该协定: qualifiers that make no new agreement alone
        self.whole_qualifiers = self.referring_qualifiers | frozenset(data["self_qualifiers"])
        self.in_principle_qualifiers = frozenset(data["in_principle_qualifiers"])
        self.press_qualifiers = frozenset(data["press_qualifiers"])  # 新闻公报
        self.several_before = re.compile(data["several_before"])
        self.adopted_before = re.compile(data["adopted_before"])
        join = data["adopted_join"]
        self.adopted_join_before = re.compile(f"[》」』”]{join}$")  # …》和《: the name before
        self.adopted_join_after = re.compile(f"{join}[《「『“]")
        self.adopted_count_after = re.compile(data["adopted_count_after"])
        self.counted_measure = re.compile(data["counted_measure"])
        self.in_force_after = re.compile(data["in_force_after"])  # …签署的「…」今天正式生效
        self.not_state_words = any_word(data["not_state_words"])  # 境内地位: no 内地
        self.including_before = re.compile(data["including_before"])
        self.condition_opening = re.compile(data["condition_opening"])  # 若…，將退出「…」
        self.respectively = data["respectively"]
        self.characterised_before = re.compile(data["characterised_before"])
        self.joined_before = re.compile(data["joined_before"])
        self.critic_verb = any_word(data["critic_verbs"])
        self.comment_verb = any_word(data["comment_verbs"])
        self.stance_after = any_word(data["stance_after"])
        self.about_word: str = data["about_word"]  # 对美方决定表示遗憾: what a view is about
        self.about_opener = re.compile(f"方?{re.escape(self.about_word)}")  # 中方对…表示
        self.kind_quotes = tuple(data["kind_quotes"])
        self.indefinite_before = re.compile(data["indefinite_before"])
        self.countless_before = re.compile(data["countless_before"])
        self.one_of_after = tuple(data["one_of_after"])  # 首批政府间协议之一: a class
        self.by_turns = tuple(data["by_turns"])  # 先后签署十份…: one after another
        self.quoted_speech = re.compile(data["quoted_speech"])
        self.named_group = any_word(data["named_groups"])
        self.coordinator = re.compile(f"\\s*[{re.escape(data['coordinators'])}]\\s*")
        self.not_after_form = any_word(data["not_after_form"])
        self.about_number = re.compile(data["about_number"])  # 边界约98%: about, no 界约
        self.alternative_after_form = any_word(data["alternative_after_form"])  # 协定或换文
        self.body_after_law = any_word(data["body_after_law"])  # RCEP成员国, EDCA基地
        self.about = any_word(data["about_words"])
        self.qualifier_stops = frozenset(data["qualifier_stops"])
        self.qualifier_stop_words = tuple(data["qualifier_stop_words"])
        self.qualifier_stop_adverbs = frozenset(data["qualifier_stop_adverbs"])
        self.predicate_copulas = frozenset(data["predicate_copulas"])
        self.partner_before: str = data["partner_before"]
        self.partner_before_set = frozenset(self.partner_before)
        self.state_governments: tuple[str, ...] = tuple(data["state_governments"])
        self.between_states: tuple[str, ...] = tuple(data["between_states"])
        self.partner_after = re.compile(data["partner_after"])
        self.joiners = frozenset(data["joiners"])
        self.group = any_word(data["group_words"])
        self.left = re.compile(f"[^，。；,]{{0,8}}?(?:{any_word(data['leaving_words']).pattern})")
        self.reacting_after = re.compile(data["reacting_after"])  # …軍演登場　俄羅斯不滿
        self.statement_on = data["statement_on"]  # 美國國務院發言人就…演習發表聲明
        self.statement_after = re.compile(data["statement_after"])
        self.infobox_line = re.compile(data["infobox_line"], re.MULTILINE)
        self.target_before = tuple(data["target_before"])  # 模擬北韓特種部隊滲透
        self.unit_said_again: str = data["unit_said_again"]  # 该旅: the unit named before
        self.units_of_state = {  # 某合成旅 (the PLA's), 國軍 (the ROC's)
            state: re.compile(pattern) for state, pattern in data["units_of_state"].items()
        }
        self.trade_whole = any_word(data["trade_wholes"])
        self.state_anaphor = any_word(data["state_anaphors"])
        self.location = re.compile(data["location_pattern"])
        self.term_before = re.compile(data["term_before"])  # 延长至2035年
        self.suspended_before_verb = tuple(data["suspended_before_verb"])  # 暂缓终止
        self.border = ending_with(data["border_words"])
        self.range_word = any_word(data["range_words"])
        self.armed_forces = {
            kb_id: state for kb_id, state in data["armed_forces"].items() if kb_id[:1] != "_"
        }
        self.generic = any_word(data["generic_markers"])
        not_groups = _not_after_groups(data["non_state_groups"], data["non_state_signatories"])
        signatories = word_alternation(data["non_state_signatories"])
        self.non_state = re.compile(f"{not_groups}(?:{signatories})")  # 公司, not 国家集团
        self.citation_before = re.compile(data["citation_before"])
        self.reference_line = re.compile(data["reference_line"])
        self.reference_entry = re.compile(data["reference_entry"])
        # a line that names topics, no exercise of its own: a caption, a paper's keywords
        self.topic_line = re.compile(f"(?:{data['caption_line']})|(?:{data['keywords_line']})")
        self.label_before = ending_with(data["label_before"])  # 被称为“基础性协定”
        self.citation_after = re.compile(data["citation_after"])
        self.non_state_end = re.compile(f"{not_groups}(?:{signatories})$")  # 香港大學, not 集团军
        self.subdivision_suffixes = tuple(data["subdivision_suffixes"])
        self.not_subdivisions = tuple(data["not_subdivision_ends"])  # 联邦, 地区
        self.contract = any_word(data["contract_words"])
        self.sides = any_word(data["contract_sides"])  # 双方, 兩造: who may be a contract's
        self.company_subject = re.compile(data["company_subject"])
        self.venue_prepositions = frozenset(data["venue_prepositions"])
        # a state counted as a company or named as a partner (一家葡萄牙工程公司,
        # 與沙特阿拉伯資產管理公司): where the company is from
        self.company_counted_or_partner = frozenset("家、及" + data["partner_before"])
        self.company_heads = frozenset(data["company_heads"])  # 中企, 台商
        # a state inside an expo's or a forum's name (澳門國際旅遊（產業）博覽會)
        self.venue_of = _phrase_ending_in(data["event_venues"], 10)
        self.not_in_venue_name = any_word(data["not_in_venue_names"])
        self.company_of = _phrase_ending_in(data["non_state_signatories"], 6, not_groups)
        # 香港一家上市新能源企業…, not 俄罗斯第58集团军 (an army)
        self.company_opening = re.compile(
            _phrase_ending_in(data["non_state_signatories"], 10, not_groups).pattern + "(?!军)"
        )
        self.clause_openers = frozenset("，。；：！？\n　 ）)】」") | {""}  # "": the text's start
        # the most states a group word (两国, 三方) stands for
        self.largest_group = max((n or 0 for n in data["group_words"].values()), default=0)
        self._exercise_rules(data)
        self._percentage_rules(data)

    def group_size(self, word: str) -> int:
        """How many states a group word (两国: 2) stands for; 0 for an uncounted one (各国)."""
        return int(self.data["group_words"][word] or 0)

    def _exercise_rules(self, data: dict[str, Any]) -> None:
        words = word_alternation(data["exercise_words"])
        self.exercise_word = re.compile(words)
        self.exercise_word_end = re.compile(f"(?:{words})$")
        self.word_before_name = re.compile(  # 军演之一“金色眼镜蛇2024”: the name it introduces
            f"(?:{words})(?:{word_alternation(data['name_after_word'])})?$"
        )
        self.exercise_verb = any_word(data["exercise_verbs"])
        self.exercise_verbs = tuple(data["exercise_verbs"])  # for str.endswith
        self.holding_verbs = (*data["exercise_verbs"], *data["host_verbs"])  # 主導的「…」
        self.held_by = re.compile(f"(?:{word_alternation(self.holding_verbs)})的")  # 參加的
        self.coordinated_after_name = re.compile(data["coordinated_after_name"])  # “…”和军事演习
        self.name_phrase_end = re.compile(data["name_phrase_end"])  # 舉行的「開放精神」則…
        self.exemplar_before = data["exemplar_before"]  # 以「北風2019」為例
        self.exemplar_after = any_word(data["exemplar_after"])
        self.table_columns = {  # 演習名稱　年份　地點　主要參演國: a table of exercises
            kind: re.compile(f"(?:{word_alternation(words)})")
            for kind, words in data["table_columns"].items()
        }
        self.edition_before = tuple(data["edition_before"])  # 上届「…」
        self.longest_exercise_verb = max(map(len, data["exercise_verbs"]))
        # not 上演 in 海上演习: a verb whose last character begins the exercise word
        verb_outside_word = f"(?:{self.exercise_verb.pattern})(?![习练训])"
        self.exercise_names = [
            re.compile(pattern.replace("{exercise}", words).replace("{verb}", verb_outside_word))
            for pattern in data["exercise_name_patterns"]
        ]
        self.exercise_after = any_word(data["exercise_after"])
        self.not_exercise_name = ending_with(data["not_exercise_name_ends"])
        self.quality = ending_with(data["quality_ends"])  # “防御性”演习: what kind, no name
        self.not_exercise_word = any_word(data["not_exercise_name_ends"])
        self.other_activity = any_word(
            [*data["other_activity_after_name"], *data["not_exercise_name_ends"]]
        )
        # an exercise word alone, no more than two characters (演习, 军演): no name, no kind
        self.bare_exercise_word = re.compile(
            word_alternation(w for w in data["exercise_words"] if len(w) <= 2)
        )
        self.series = re.compile(  # 「山櫻」系列, not “法塔赫”系列火箭炮
            f"(?:{word_alternation(data['series_markers'])})"
            f"(?!{word_alternation(data['equipment_after_series'])})"
        )
        self.shortest_name_said_again = int(data["shortest_name_said_again"])
        self.around = ending_with(data["around_words"])
        self.edition = re.compile(data["edition_pattern"])
        self.edition_name = re.compile(data["edition_name"])
        self.military = re.compile(  # 旅 a brigade, not 旅游巴 a tourist bus
            f"(?!{word_alternation(data['not_military_context'])})"
            f"(?:{word_alternation(data['military_context'])})"
        )
        self.civil_drill = ending_with([*data["civil_drill_topics"], *data["civil_drill_words"]])
        self.civil_topic = any_word(data["civil_drill_topics"])
        self.civil_drill_word = ending_with(data["civil_drill_words"])  # 消防演练, 表演
        anaphors = [*data["anaphora_words"], *data["kind_words"]]  # 此次, 该; 此类, 类似
        self.anaphora = ending_with(anaphors)
        self.vessel_before = frozenset(data["vessel_before"])
        self.anaphoric_start = any_word(anaphors)
        self.kind_before = ending_with(data["kind_words"])  # 此类演习: a kind of drill
        self.inside_before, self.inside_after = data["inside_exercise"]  # 在演习中
        self.habitual = any_word(data["habitual"])
        self.allowed = any_word(data["allowed"])
        self.obligation_after = re.compile(data["obligation_after"])  # 演习须提前通报
        self.headline_adverbs = tuple(data["headline_adverbs"])  # for str.endswith
        self.civil_drill_name = any_word(data["civil_drill_names"])  # 「萬安47號」演習
        self.home_press = {state: any_word(names) for state, names in data["home_press"].items()}
        self.other_event_opener = re.compile(  # 記者：另外，…; 南韓國防部另表示
            rf"(?:[^，。：:\n]{{1,6}}[：:])?(?:{word_alternation(data['other_event_openers'])})"
            rf"|[^，。：:\n]{{1,8}}另(?:{word_alternation(data['other_event_speech'])})"
        )
        self.simultaneous = any_word(data["simultaneous"])
        self.not_an_exercise_before = ending_with(data["not_an_exercise_before"])  # 而非演習
        self.not_an_exercise = tuple(data["not_an_exercise_before"])  # 「…」而非演習
        self.authority_before = ending_with(data["authority_before"])  # 依「維也納文件」
        self.frame_after = re.compile(  # “大西洋决心”框架下的: the frame exercises are held under
            f"(?:{word_alternation(data['concept_frames'])})"
            f"(?:{word_alternation(data['concept_frame_marks'])})"
            f"|(?:{word_alternation(data['concept_after'])})"
        )
        self.vessel_after = tuple(data["vessel_after"])  # “乔治·华盛顿”号
        equipment = word_alternation(data["equipment_words"])
        self.equipment_after = re.compile(  # 「堤豐」飛彈系統
            data["equipment_after"].replace("{equipment}", equipment)
        )
        self.equipment_name = ending_with(data["equipment_words"])  # 「12式地對艦導彈」
        self.place_after_name = tuple(data["place_after_name"])  # “金三角”水域
        self.commercial_kind = any_word(data["commercial_kinds"])  # 股东协议: a business's
        self.legislature_passed = re.compile(data["legislature_passed"])  # 國會…通過「…」
        self.meeting_adopting = re.compile(data["meeting_adopting"])  # 峰会审议通过
        self.counted_exercises = re.compile(data["counted_exercises"])  # 共计11次
        self.section_heading = re.compile(data["section_heading"])  # 三、…演習模式的轉變
        self.statistic_after = any_word(data["statistic_after"])  # 演習次數
        self.not_held_before = any_word(data["not_held_before"])  # 并未…举行
        self.trend = any_word(data["trend_words"])  # 多边演习…明显增多
        self.definition = any_word(data["definition_words"])  # 是指…行动演练
        self.supposition = re.compile(data["supposition"])  # 如果…举行, 不排除
        self.question_end = re.compile(data["question_end"])  # …吗？
        self.armed_service = any_word(data["armed_services"])
        self.rescue_topic = any_word(data["rescue_topics"])  # 海上联合搜救演练 of two states
        self.named_joint_training = re.compile(data["named_joint_training"])
        self.named_joint_training_before = re.compile(data["named_joint_training_before"])
        self.event_as_time = any_word(data["event_as_time"])
        self.anniversary = re.compile(data["anniversary_after"])
        self.description_start = any_word(data["description_starts"])
        self.reference_after = any_word(data["reference_after"])
        self.training_ground_after = re.compile(data["training_ground_after"])
        self.agent_before: str = data["agent_before"]
        self.until_end = re.compile(f"(?:{word_alternation(data['until_words'])})\\s*$")
        self.range_word_end = ending_with(data["range_words"])
        self.happened_after = any_word(data["happened_after"])
        self.talks_on_before = re.compile(data["talks_on_before"])
        self.talks = any_word(data["talks_words"])
        self.future_before_verb = re.compile(data["future_before_verb"])  # 将签署
        self.negated_before_verb = re.compile(data["negated_before_verb"])  # 拒绝签署
        self.unnamed_plan = any_word(data["unnamed_plans"])  # 争取早日达成一份…协定
        self.acronym_forms: dict[str, str] = data["agreement_acronyms"]  # 日欧EPA
        acronyms = word_alternation(self.acronym_forms)
        self.acronym = re.compile(rf"(?<![A-Za-z])(?:{acronyms})(?![A-Za-z])")
        self.acted_as_time = tuple(data["acted_as_time"])  # for str.startswith
        self.unnamed_done = any_word(data["unnamed_done"])
        self.relative_mark = re.compile("的[「『《“]?")  # 终止2006年签署的《…》
        self.listed = re.compile("[、､等]")  # a list of states: 美國、德國…等25國
        self.code_name_end = ending_with(data["code_name_words"])
        self.speech = any_word(data["speech_before"])  # 称该演习“不可接受”
        self.ordinal_edition = re.compile(data["ordinal_edition"])  # 第13屆「…」
        self.unnamed_with_many = re.compile(data["unnamed_with_many"])
        self.placeholder_states = re.compile(data["placeholder_states"])  # 甲乙两国
        self.closing = re.compile(
            data["closing_adverbs"] + f"(?:{any_word(data['closing_words']).pattern})"
        )
        self.closed_after_anchor = re.compile(data["closed_after_anchor"] + self.closing.pattern)
        self.same_day_closing = re.compile(data["same_day_closing"])  # ，當天…宣布演習結束
        self.closing_after_place = re.compile(
            f"{data['closing_after_place']}(?:{self.closing.pattern})"
        )
        self.held_later = any_word(data["held_later"])
        self.held_at_place = re.compile(data["held_at_place"])
        self.occasion = any_word(data["occasion_words"])
        self.years_of_the_text = frozenset(data["years_of_the_text"])  # 今年: no month
        self.contrast_clause = re.compile(data["contrast_clause"])  # ，但…
        self.modifier_end = re.compile(re.escape(data["modifier_end"]))
        self.held_later_reach: int = data["held_later_reach"]
        self.joint_forces = frozenset(data["joint_forces"])
        self.place_before = ending_with(data["place_before"])
        self.participation_statement = re.compile(data["participation_statement"])
        self.continuation = re.compile(data["continuation"].replace("{exercise}", words))
        self.taking_part = re.compile(data["taking_part"])
        self.negation_end = ending_with(data["negations"])
        self.host_verb = any_word(data["host_verbs"])
        self.signed_in_before = ending_with(data["signed_in_before"])
        self.counted_before = re.compile(data["counted_before"])
        self.ordinal_start = re.compile(data["ordinal_start"])
        self.counted_name = re.compile(data["counted_name"])
        self.place_after = any_word(data["place_after"])
        self.agency_after_place = any_word(data["agency_after_place"])  # 边境管理部门
        self.news_source = re.compile(data["news_source"])
        self.verb_as_noun = re.compile(data["verb_as_noun"])  # 举行国, not 举行国土防御演习
        self.anchor_stops: str = data["anchor_stops"]
        self.multinational = re.compile(
            f"{word_alternation(data['multinational_words'])}|{data['multinational_count']}"
        )
        self.observing = any_word(data["observing_words"])
        self.host_clause = re.compile(data["host_clause"])
        self.joining_before = re.compile(data["joining_before"])
        self.joining_refused = re.compile(data["joining_refused"])
        self.aimed_at_before = tuple(data["aimed_at_before"])  # 對|台實施
        self.aimed_at = re.compile(data["aimed_at"])

    @classmethod
    def from_path(
        cls, path: Path = PATTERNS_PATH, value_rules: Path = VALUE_RULES_PATH
    ) -> EventRules:
        data = json.loads(path.read_text(encoding="utf-8"))
        # 约占…两成: the qualifiers are the value rules' own words (a saved pipeline keeps
        # the copy it was saved with)
        values = json.loads(value_rules.read_text(encoding="utf-8"))
        data.setdefault("approx_before", values["approx_before"])
        return cls(data)
