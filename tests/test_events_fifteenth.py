"""General argument defaults of the fifteenth session, decided on the read hand sets: a
series said again shares its scope with its editions whether or not the gazetteer knows
it; a group word (两国) means the states of the last event of any type that named as many;
a word of the future right before the verb makes signing an agreement or talks on it a
plan; 洽签 (to seek to sign) is a plan."""

import re

import pytest
from conftest import found

from pipeline.nlp.events.exercise_scope import widest_scope
from pipeline.nlp.events.treaty_action import acted_before
from pipeline.nlp.values.rules import ValueRules


def test_a_series_said_again_has_the_scope_of_its_edition(nlp):
    """The edition's mention may lack the gazetteer id that the series' mention has (和平使命
    -2021 read from the body, 和平使命 linked): they still name one exercise."""
    rules = nlp.get_pipe("events").rules
    edition = {"args": {"name": "和平使命-2021", "participants": ["CHN", "KAZ", "RUS"]}}
    series = {"args": {"name": "和平使命", "kb_id": "event:peace-mission", "participants": ["RUS"]}}
    for mention, scope in ((edition, "multilateral"), (series, "national")):
        mention["args"]["scope"] = scope
    widest_scope(rules, [edition, series])
    assert series["args"]["scope"] == "multilateral"
    assert series["codes"] == rules.data["codes"]["exercise"]["multilateral"]


def test_two_states_after_an_exercise_are_its_participants(nlp):
    texts = [
        "澳大利亚与印度尼西亚两国军队今天起在东爪哇省举行“克里斯沃梅拉”联合军事演习。",
        "这是两国8月在堪培拉签署“防卫合作协定”后的首次大规模联演。",
    ]
    (treaty,) = found(nlp, texts, "treaty")
    assert treaty["args"]["parties"] == ["AUS", "IDN"]


def test_two_states_after_an_agreement_are_its_parties(nlp):
    texts = [
        "2018年11月，新加坡与印度在新加坡签署《海军合作双边协定》。",
        "2020年11月，两国海军在安达曼海举行“海上伙伴-2020”联合演习。",
    ]
    (exercise,) = found(nlp, texts, "exercise")
    assert exercise["args"]["participants"] == ["IND", "SGP"]


@pytest.mark.parametrize(
    "text",
    [
        "英国国防大臣表示，英国与阿曼将签署《联合防务协定》。",
        "外界预期《韩国—海合会自由贸易协定》年内可望正式签署。",
        "中方愿率先签署《东南亚无核武器区条约议定书》。",
        "台湾期盼与印度进一步洽签《台印度自由贸易协定》。",
    ],
)
def test_signing_in_the_future_is_a_plan(nlp, text):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == "plan"


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("美国总统8日宣布，美国将退出《伊朗核协议》。", "withdraw"),
        ("斐济将保留2011年与中国签署的《警务合作谅解备忘录》。", "mention"),
        ("1858年，俄国迫使黑龙江将军奕山与其签订《瑷珲条约》。", "sign"),
    ],
)
def test_what_is_not_a_planned_signing(nlp, text, action):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == action


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (
            "韓美同盟的法理基礎是1953年10月1日簽署、次年11月18日生效的「韓美共同防禦條約」。",
            "1953-10-01",
        ),
        (
            "2000年7月11日，非洲统一组织成员国首脑在洛美签署《非洲联盟章程》，"
            "该章程于2001年5月26日生效。",
            "2000-07-11",
        ),
    ],
)
def test_the_date_is_the_one_before_the_verb_that_acts(nlp, text, date):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["date"]["value"] == date


def test_only_a_verb_before_the_name_on_its_line_dates_it():
    """In a table of agreements the verb of the row above (签署日期) is not this row's."""
    row = "条约名称：甲协定　签署日期：2006年11月9日\n条约名称：乙协定　签署日期：2008年1月29日"
    above = re.search("签署", row)
    assert acted_before(row, above, row.index("乙协定")) is None
    assert acted_before(row, above, row.index("甲协定")) is None  # after the name
    sentence = "两国于1995年签署《基地条约》"
    assert acted_before(sentence, re.search("签署", sentence), 10) == 8


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        ("中国对美出口占我国出口总额的比重，已从2018年的19.2%降至去年的14.7%。", ["USA", "USA"]),
        ("對美出口佔台灣出口總額的比重，今年上半年已升至約三成。", ["USA"]),
        ("去年台灣對中國大陸出口占總出口比重降至35.2%；對美出口比重則升至17.6%。", ["CHN", "USA"]),
    ],
)
def test_a_share_of_a_flow_named_before_its_value_is_the_partners(nlp, text, subjects):
    shares = found(nlp, [text], "percentage")
    assert [s["args"]["subject"] for s in shares] == subjects


def test_the_measure_of_a_share_stops_at_the_word_of_share(nlp):
    text = "中国对美出口占我国出口总额的比重，已从2018年的19.2%降至去年的14.7%。"
    assert {s["args"]["measure"] for s in found(nlp, [text], "percentage")} == {"我国出口总额"}


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("陸自西部方面隊本月10日至15日在九州各地舉行「鎮西」演習。", "JPN"),
        ("駐港部隊組織海陸空聯合防衛演練。", "CHN"),
        ("星軍每年在肖爾沃特灣舉行的「沙袋鼠」年度演習，今年因新冠疫情取消。", "SGP"),
    ],
)
def test_a_unit_the_press_names_without_its_state_is_its_states(nlp, text, state):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == [state]


@pytest.mark.parametrize(
    "text",
    [
        "拜登2021年1月20日上任首日即簽署文件重返協定。",
        "智利曾主導協定談判，卻拒絕簽署。",
        "法院要求以色列防止在加沙發生公約所禁止的行為。",
    ],
)
def test_a_verb_before_an_unnamed_agreement_is_not_its_name(nlp, text):
    """重返, 主導, 發生 … take the agreement (or stand before it): no name 文件重返協定."""
    assert found(nlp, [text], "treaty") == []


def test_the_same_day_is_a_ranges_start_not_its_end(nlp):
    texts = ["演习11日在南海展开，至22日结束。俄罗斯海军同日在日本海举行防空演习。"]
    drill = found(nlp, texts, "exercise", date="2024-09-25")[-1]
    assert drill["args"]["start"]["value"] == "2024-09-11"


@pytest.mark.parametrize(
    ("text", "ends"),
    [("演习至22日结束", True), ("截至2023年底", False), ("可追溯至1991年12月8日", False)],
)
def test_a_date_after_a_word_of_until_ends_a_range(text, ends):
    rules = ValueRules.from_path()
    (date,) = [v for _, _, label, v in rules.find(text) if label == "DATE"]
    assert date.get("range_end", False) is ends


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("2001至2013年間委國武器進口約有三分之二來自俄羅斯。", "about"),
        ("日本目前的鲸肉年消费量不足1962年高峰期的2%。", "under"),
        ("博彩毛收入約相當於疫情前2019年水平的六成。", "about"),
        ("資通與視聽產品出口已逾總出口的三分之一。", "over"),
        ("2022年通胀为4.8%，低于2022年的6.1%。", None),  # a comparison, no qualifier
        ("两国约定以各五成的比例分配河水。", None),  # 約 of 約定
        ("中方对约1200亿美元商品加征的关税由15%降至7.5%。", None),  # 约 of another value
    ],
)
def test_a_qualifier_before_a_value_it_does_not_touch(nlp, text, approx):
    shares = found(nlp, [text], "percentage")
    assert shares[-1]["args"]["approx"] == approx


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("乍得外交部28日发表声明，宣布终止与法国的《防务合作协定》。", ["TCD"]),
        ("尼日尔过渡政府16日宣布废除与美国的《军事合作协议》。", ["NER"]),
        ("肯尼亚国会批准与英国的《防务合作协定》。", ["GBR", "KEN"]),  # ratified: both
    ],
)
def test_a_state_that_withdraws_is_the_only_party(nlp, text, parties):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == parties


@pytest.mark.parametrize(
    "text",
    [
        "1893年12月5日，中英双方在大吉岭签订《中英会议藏印续约》。",
        "四月二十七日，李鴻章又與法國公使巴德諾簽訂「中法新約」。",
    ],
)
def test_a_renewed_or_new_treaty_is_a_named_treaty(nlp, text):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["form"] == "treaty"


@pytest.mark.parametrize(
    "text",
    [
        "条约的缔结一般经过谈判、签署和批准等程序，但部分双边协定自签署之日起即生效。",
        "中东欧国家之间只有少数条约涉及军事合作。",
    ],
)
def test_some_agreements_are_agreements_in_general(nlp, text):
    assert found(nlp, [text], "treaty") == []
