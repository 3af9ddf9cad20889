"""Families found on the sets read in the twelfth session (unseen60, 66 and 69, held out in
the eleventh): names in 〈〉, 约 before a number, collections of treaties, accession, ship
classes, rules that bind exercises in general, the place an exercise is held, the year after
the one named, and whose a share in something or a flow from somewhere is."""

import pytest
from conftest import events, found


def test_a_name_in_angle_brackets_is_an_agreement(nlp):
    text = "1950年2月14日中蘇兩國在莫斯科簽訂的〈關於中國長春鐵路之換文〉隨即生效。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["text"] == "關於中國長春鐵路之換文"
    assert treaty["args"]["form"] == "other" and treaty["args"]["action"] == "mention"


def test_a_name_quoted_in_angle_brackets_inside_a_name_stays_inside_it(nlp):
    text = "两国外长签署《关于延长〈中华人民共和国政府和俄罗斯联邦政府合作协定〉有效期的议定书》。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["text"].startswith("关于延长〈") and treaty["args"]["form"] == "protocol"
    assert treaty["args"]["action"] == "sign"


@pytest.mark.parametrize(
    "text",
    [
        "两项国界协定签署后，中俄边界约98%的走向已经确定。",  # 界约 + 98%: about
        "兩國和約三成的邊境口岸已恢復通關。",
    ],
)
def test_yue_before_a_number_is_about_not_a_treaty(nlp, text):
    assert events(nlp, [text], "treaty") == []


def test_yue_before_an_anniversary_stays_a_treaty(nlp):
    assert events(nlp, ["德波睦鄰條約35週年　兩國外長華沙會談"], "treaty") == ["德波睦鄰條約"]


@pytest.mark.parametrize("word", ["条约集", "条约汇编", "协定选编"])
def test_a_collection_of_treaties_is_none(nlp, word):
    text = f"《中俄边界{word}》增订本近日由商务印书馆出版。"
    assert events(nlp, [text], "treaty") == []


def test_acceding_to_a_convention_is_counted_as_ratifying(nlp):
    (treaty,) = found(nlp, ["我国于1997年9月3日加入《维也纳条约法公约》。"], "treaty")
    assert treaty["args"]["action"] == "ratify" and treaty["args"]["date"]["value"] == "1997-09-03"


def test_adding_a_clause_into_a_memorandum_is_no_act_on_it(nlp):
    text = "美韓7月底也達成類似協議，但韓方要求在諒解備忘錄中加入貨幣互換條款，雙方仍在談判。"
    assert "諒解備忘錄" not in events(nlp, [text], "treaty")


def test_an_accession_protocol_keeps_its_name_and_a_bid_to_join_is_a_plan(nlp):
    (protocol,) = found(nlp, ["英国于2023年7月16日在奥克兰签署加入议定书。"], "treaty")
    assert protocol["text"] == "加入议定书" and protocol["args"]["action"] == "sign"
    text = "特區政府一直爭取加入「區域全面經濟夥伴關係協定」，但申請提交已逾三年。"
    (bid,) = found(nlp, [text], "treaty")
    assert bid["args"]["action"] == "plan"


@pytest.mark.parametrize(
    "text",
    [
        "美國空軍B-52H轟炸機和海軍“俄亥俄”級戰略核潛艇參加演習。",
        "日本海上自卫队“出云”级直升机驱逐舰参加了演习。",
    ],
)
def test_a_class_of_ships_is_no_exercise_name(nlp, text):
    names = events(nlp, [text], "exercise")
    assert not {"俄亥俄", "出云"} & set(names)


@pytest.mark.parametrize(
    "text",
    [
        "按照协定，双方在边境两侧100公里纵深内举行的军事演习须提前通报对方。",
        "依該議定書，兩國在邊境地區舉行的演習均應事先通知對方。",
    ],
)
def test_a_rule_binding_exercises_in_general_is_no_exercise(nlp, text):
    assert events(nlp, [text], "exercise") == []


@pytest.mark.parametrize(
    "text",
    [
        "2019年8月，中俄边防部门在黑龙江抚远段举行界江联合搜救演练。",
        "挪俄兩國海岸警衛部門上月舉行了聯合搜救演練。",
    ],
)
def test_a_search_and_rescue_drill_of_border_or_coast_guards_is_military(nlp, text):
    (drill,) = found(nlp, [text], "exercise")
    assert len(drill["args"]["participants"]) == 2


def test_a_state_named_only_as_where_an_exercise_is_held_is_no_participant(nlp):
    text = "1981年夏季，駐蒙蘇軍在蒙古東部舉行大規模戰役演習。"
    (drill,) = found(nlp, [text], "exercise")
    assert drill["args"]["participants"] == ["SUN"] and drill["args"]["scope"] == "national"


def test_a_partner_named_with_the_place_stays_a_participant(nlp):
    text = "德國駐立陶宛旅將在年底前與立陶宛陸軍舉行「鐵狼-25」聯合演習。"
    (drill,) = found(nlp, [text], "exercise")
    assert drill["args"]["participants"] == ["DEU", "LTU"]


def test_the_year_after_takes_the_year_last_named(nlp):
    text = "2008年8月，两军举行首次联合演习。\n翌年8月，“达尔汗-2”联合演习在俄罗斯境内举行。"
    drills = found(nlp, [text], "exercise")
    assert drills[-1]["args"]["start"]["value"] == "2009-08"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("中国在土库曼斯坦天然气出口中的占比由2010年的约37%升至2022年的80%以上。", "CHN"),
        ("同期越南榴莲在中国进口榴莲中的份额升至约45%。", "VNM"),
        ("美國約七成的稀土化合物及金屬進口來自中國。", "CHN"),
        ("俄羅斯對外貿易中約有三分之一來自與中國的往來。", "CHN"),
        ("随着中国对蒙古国直接投资迅速增长，中国投资约占蒙古国吸收外资存量的三成。", "CHN"),
        ("報告說，俄羅斯仍是印度最大軍備供應國，但在印度武器進口中的占比已降至36%。", "RUS"),
        ("去年台灣自沙烏地阿拉伯進口原油約占三成，居各國之冠。", "SAU"),
    ],
)
def test_whose_a_share_is(nlp, text, subject):
    assert found(nlp, [text], "percentage")[0]["args"]["subject"] == subject


def test_a_flow_word_far_after_a_share_does_not_reach_into_brackets(nlp):
    text = "但由於俄羅斯擁有蒙古鐵路公司 50%\n\n的股權（為俄羅斯繼承自前蘇聯），更關鍵的是鐵路。"
    assert found(nlp, [text], "percentage")[0]["args"]["subject"] == "RUS"
