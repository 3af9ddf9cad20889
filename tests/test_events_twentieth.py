"""General families of the twentieth session, decided on the read hand sets: places
coordinated after 在 are places, not partners (苏军在乌克兰和白俄罗斯境内举行…); a group word
right after a list of states stands for the list, whatever else the sentence names (中國與哈薩克、
吉爾吉斯…五國總統…簽署「中國－中亞…條約」), and not after two abbreviations (中蘇兩國). From
unseen156 (border regions' news): the ROC's island defence commands, garrisons and battalions
(馬防部, 大膽島守備隊, 聯兵營) and the PLA's sub-districts and border regiments (军分区, 某边防团)
are their states' units. From unseen154 (legislatures): a national legislature that ratifies or
denounces a treaty stands for its state (全国人大常委会, 立法院, 国家杜马, 联邦委员会, 美国参议院).
From unseen150 and unseen160 (consular affairs, the Pacific islands): an agency or a force that
stands for a state holds the exercise, so the states of the place are places (国家移民管理局…与
吉尔吉斯斯坦…在中吉边境举行), unless the place's own forces are the partner (與當地國防軍);
巴新 is Papua New Guinea, and joins an abbreviation before it (澳巴新). From unseen162 (country
profiles): a group word (两国) takes the states the passages before named last when no event
of the document named as many (a profile's title 中国同印度尼西亚的关系, then 两国特种部队…).
From unseen170 (explainers): an agreement's short name before its partners or region (RCEP伙伴,
RCEP国家) names them, and a law that puts an agreement in force (…協定施行法) is no agreement.
A share whose clause opens with its verb is the force's of the clause before (其中美军约1.4万人，
约占参演总兵力的45%)."""

import pytest
from conftest import found

from pipeline.nlp.events.groups import GROUP_KEY, take_group


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("1967年9月，苏军在乌克兰和白俄罗斯境内举行代号为“第聂伯”的战略演习。", ["SUN"]),
        (
            "俄羅斯、烏茲別克與塔吉克軍隊今天起在塔吉克境內、距阿富汗邊界約20公里的靶場舉行聯合軍事演習。",
            ["RUS", "TJK", "UZB"],
        ),
        ("美軍在年底前與立陶宛陸軍舉行「鐵狼」演習。", ["LTU", "USA"]),
    ],
)
def test_places_coordinated_after_zai_are_no_partners(nlp, text, participants):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == participants


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "中國與哈薩克、吉爾吉斯、塔吉克、土庫曼、烏茲別克五國總統在阿斯塔納簽署了「中國－中亞國家永久睦鄰友好合作條約」。",
            ["CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"],
        ),
        (
            "英国与沙特、阿联酋、卡塔尔、科威特、阿曼和巴林六国正就《英国—海湾国家自由贸易协定》进行最后一轮谈判。",
            ["ARE", "BHR", "GBR", "KWT", "OMN", "QAT", "SAU"],
        ),
        ("中蘇兩國在莫斯科簽訂〈關於中長鐵路之協定〉。", ["CHN", "SUN"]),
    ],
)
def test_a_group_word_after_a_list_stands_for_the_list(nlp, text, parties):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == parties


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("馬防部南竿實施聯合反登陸演練。", ["TWN"]),
        ("大膽島守備隊同日也進行岸置火砲實彈演習。", ["TWN"]),
        ("陸軍澎湖防衛指揮部所屬聯兵營昨日在湖西鄉沿岸實施海岸防衛實兵演練。", ["TWN"]),
        ("同月上旬，南疆军区某边防团在帕米尔高原组织高原实兵对抗演习。", ["CHN"]),
    ],
)
def test_units_of_one_state_named_their_own_way(nlp, text, participants):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == participants


def test_an_independent_garrison_is_no_roc_unit(nlp):
    text = "1931年9月，关东军独立守备队在沈阳北大营附近举行夜间演习。"
    assert all(e["args"]["participants"] != ["TWN"] for e in found(nlp, [text], "exercise"))


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("全国人民代表大会常务委员会关于批准《1930年强迫劳动公约》的决定", ["CHN"]),
        ("俄罗斯国家杜马18日表决通过撤销批准《全面禁止核试验条约》的法案。", ["RUS"]),
        ("美國參議院今天以71票贊成通過批准《新削減戰略武器條約》。", ["USA"]),
    ],
)
def test_a_legislature_that_ratifies_stands_for_its_state(nlp, text, parties):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == parties


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        (
            "国家移民管理局新疆出入境边防检查总站与吉尔吉斯斯坦国家安全委员会边防局在中吉边境伊尔克什坦"
            "口岸地区举行代号为“天山卫士-2025”的边境联合管控演练。",
            ["CHN", "KGZ"],
        ),
        (
            "美軍第22海軍陸戰隊遠征部隊本週一起在千里達及托巴哥與當地國防軍舉行為期數日的聯合軍事演習。",
            ["TTO", "USA"],
        ),
        ("澳巴新两国军队此前已在巴新莱城附近举行代号为“奥尔盖塔勇士”的双边演习。", ["AUS", "PNG"]),
    ],
)
def test_who_holds_an_exercise_and_where(nlp, text, participants):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == participants


def test_ba_xin_is_papua_new_guinea(nlp):
    text = "美国国务卿布林肯与巴新国防部长签署《美巴新防务合作协定》。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == ["PNG", "USA"]
    assert [e.kb_id_ for e in nlp("以巴新为例").ents] == ["PNG"]


def test_a_group_word_takes_the_states_a_passage_before_named(nlp):
    texts = [
        "中国同印度尼西亚的关系",
        "2011年6月，两国特种部队在印尼万隆举行首次“利刃-2011”反恐联合训练。",
        "2002年，两国签署《关于促进和保护投资协定》。",
    ]
    (exercise,) = found(nlp, texts, "exercise")
    (treaty,) = found(nlp, texts, "treaty")
    assert exercise["args"]["participants"] == treaty["args"]["parties"] == ["CHN", "IDN"]


def test_a_group_word_keeps_the_states_it_found_when_those_named_before_differ():
    assert take_group({GROUP_KEY: 2}, ["RUS"], [], ["JPN", "PHL"]) == ["RUS"]
    assert take_group({GROUP_KEY: 2}, ["PHL"], [], ["PHL", "JPN", "USA"]) == ["JPN", "PHL"]
    assert take_group({GROUP_KEY: 2}, ["PHL"], ["PHL", "USA"], ["PHL", "JPN"]) == ["PHL", "USA"]


@pytest.mark.parametrize(
    "text",
    [
        "美國總統拜登昨日簽署《台美21世紀貿易倡議首批協定施行法》。",
        "RCEP伙伴占我国外贸的比重约三成。",
        "RCEP国家的中间品贸易占比超过六成。",
    ],
)
def test_no_agreement_in_a_law_or_a_body_of_it(nlp, text):
    assert found(nlp, [text], "treaty") == []


def test_a_share_left_without_subject_is_the_force_of_the_clause_before(nlp):
    text = "来自24个国家的约3.1万名军人参加，其中美军约1.4万人，约占参演总兵力的45%。"
    (share,) = found(nlp, [text], "percentage")
    assert share["args"]["subject"] == "USA"
    (other,) = found(nlp, ["美军约1.4万人参加，日本企业占参演企业的45%。"], "percentage")
    assert other["args"]["subject"] != "USA"
