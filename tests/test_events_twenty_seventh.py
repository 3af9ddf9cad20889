"""General families of the twenty-seventh session, decided on the read hand sets.

Percentages: a share held by a state's firms as one (台灣廠商在全球…的市占率, 美國公司約佔55%,
中国企业投资占…) is that state's, not a firm's own figure (台灣企業今年資安預算平均占…) nor a
named firm's; a value in brackets right after a state (与俄罗斯（约20%）相当) or held by the
state right after it (僅次於佔37％的美國) is that state's; a place counted in the one before
it (中國大陸（含香港）) is neither whose a share is nor its flow's partner; a value compared
with the one before (…的48%，较2023年的55%下降) is the same share at another time, so it has
that value's subject (not the 比 inside 赞比亚); a market share in something (俄罗斯在中国原油
进口中的市占率) is the state's before 在.
Exercises: a month or day given without a year for an exercise whose name carries its
edition year (金龙-2024 于5月16日开幕) is in that year, not the year the text named last.
Treaties: the European Commission signs for the Union (a party is org:eu); the Union's 欧
counts with a state's initial in a name (中欧全面投资协定, 英歐貿易與合作協定), but 欧亚
(Eurasia) and 中欧班列 (the trains) are no initials; a union that opens a name with a dash
(歐亞經濟聯盟—伊朗自貿協定) names it as two states would; 加沙 (Gaza) is no pair of initials.
Taiwan's coast guard (海巡署, 金門海巡隊) and area commands (東引地區指揮部) are its forces, and so
are China's coast guard bureaus (广西海警局) and Russia's fleets named alone (北方舰队).
A name in 《》 of no kind right after a verb of signing (签署了《安全与防务伙伴关系》) is an
agreement, not a law, a contract or minutes; an end put off with the name between
(推迟《…》的终止) is an extension; 六成五國人 counts no states. A Latin name of one to three
words and its year, held or opened soon after in a line that speaks of exercises (RIMPAC 2024
在夏威夷开幕，29国参演), is an exercise; a trade fair's (Computex 2025) is not. A capital
coordinated with another actor (莫斯科与埃里温签署) stands for its state, not one where an act
is done (在北京与…)."""

import pytest
from conftest import found


def subjects(nlp, text: str) -> list[str | None]:
    return [e["args"]["subject"] for e in found(nlp, [text], "percentage")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("日本廠商在全球半導體材料市場的占有率約五成。", ["JPN"]),
        ("韩国企业约占越南吸收外资总额的两成。", ["KOR"]),
        ("中国航运企业承担的航次占过境航次总数的三分之二以上。", ["CHN"]),
        ("台灣企業今年資安預算平均占IT總預算的10.8%。", [None]),
    ],
)
def test_a_share_held_by_a_states_firms_is_the_states(nlp, text, expected):
    assert subjects(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中国在哈萨克斯坦外贸中的占比约为21.7%，与俄罗斯（约20%）大体相当。", ["CHN", "RUS"]),
        ("中國軍費約佔全球總額的12％，僅次於佔37％的美國。", ["CHN", "USA"]),
    ],
)
def test_a_value_beside_a_state_is_that_states(nlp, text, expected):
    assert subjects(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("對中國大陸（含香港）出口的比重降至31.7%。", ["CHN"]),
        ("日本約佔31.2%，英國（含香港）約佔百分之二十七。", ["JPN", "GBR"]),
    ],
)
def test_a_place_counted_in_another_is_not_whose_the_share_is(nlp, text, expected):
    assert subjects(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中国市场占其出口量的48%，较2023年的55%下降7个百分点。", ["CHN", "CHN", None]),
        ("武器进口中64%来自美国，比前一个五年的52%上升12个百分点。", ["USA", "USA", None]),
    ],
)
def test_a_value_compared_with_the_one_before_has_its_subject(nlp, text, expected):
    assert subjects(nlp, text) == expected


def test_a_market_share_in_something_is_the_states_before_it(nlp):
    assert subjects(nlp, "今年俄罗斯在中国原油进口中的市占率将维持在两成左右。") == ["RUS"]


def test_a_bi_inside_a_name_compares_nothing(nlp):
    text = "赞比亚的铜占其出口总额的七成以上，瑞士（贸易公司集中地）约占赞比亚出口的40%。"
    first, second = subjects(nlp, text)
    assert first == "ZMB" and second != "ZMB"


def test_a_date_without_a_year_is_in_the_exercises_edition_year(nlp):
    text = "两国于2022年1月1日实施协定。柬中“金龙-2024”联合演习于5月16日开幕，将持续到30日。"
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["start"]["value"] == "2024-05-16"
    assert exercise["args"]["end"]["value"] == "2024-05-30"


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("欧盟委员会主席冯德莱恩与新西兰总理签署《欧盟—新西兰自由贸易协定》。", ["NZL", "org:eu"]),
        ("2020年底完成談判的「中歐全面投資協定」至今仍處於凍結狀態。", ["CHN", "org:eu"]),
        ("雙方同意把「英歐貿易與合作協定」中的漁業安排延長12年。", ["GBR", "org:eu"]),
        ("《欧亚经济联盟条约》于2015年1月1日生效。", []),
    ],
)
def test_the_union_as_a_party(nlp, text, parties):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == parties


def test_a_union_opening_a_name_with_a_dash_names_an_agreement(nlp):
    (treaty,) = found(nlp, ["歐亞經濟聯盟—伊朗自貿協定生效　近九成稅目降為零"], "treaty")
    assert treaty["args"]["name"] == "歐亞經濟聯盟—伊朗自貿協定"


def test_gaza_is_no_pair_of_initials(nlp):
    (treaty,) = found(nlp, ["卡塔尔首相宣布，以色列和哈马斯已达成《加沙停火协议》。"], "treaty")
    assert not {"CAN", "SAU"} & set(treaty["args"]["parties"])


@pytest.mark.parametrize(
    "text",
    [
        "海巡署金門海巡隊同日在烈嶼周邊海域執行「海安演習」，實施可疑船舶攔截。",
        "東引地區指揮部預定今日在中柱港一帶實施反空降演練。",
    ],
)
def test_taiwans_coast_guard_and_area_commands_are_its_forces(nlp, text):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["TWN"]


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("此前，广西海警局还在防城港附近海域开展了海上执法综合演练。", "CHN"),
        ("北方舰队还将于下月在新地岛附近举行北极战术演习。", "RUS"),
    ],
)
def test_a_coast_guard_bureau_or_a_fleet_named_alone_is_its_states(nlp, text, state):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == [state]


def test_a_count_of_a_nations_people_is_no_count_of_states(nlp):
    (exercise,) = found(nlp, ["台灣民意基金會民調：六成五國人肯定國軍漢光41號實兵演習"], "exercise")
    assert exercise["args"]["scope"] == "national"


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("韩国政府决定有条件地推迟《韩日军事情报保护协定》（GSOMIA）的终止。", "extend"),
        ("韩国政府决定终止《韩日军事情报保护协定》。", "withdraw"),
    ],
)
def test_an_end_put_off_keeps_the_agreement(nlp, text, action):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == action


def test_firms_holding_a_share_in_something(nlp):
    text = "據業界統計，日本企業在光阻劑的全球產量中約佔90%。"
    assert subjects(nlp, text) == ["JPN"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("斯塔默与冯德莱恩签署了《安全与防务伙伴关系》。", ["安全与防务伙伴关系"]),
        ("普京签署《关于外国代理人活动的联邦法》。", []),
        ("两家公司签署了《木材供货合同》。", []),
    ],
)
def test_a_title_signed_is_an_agreement(nlp, text, names):
    assert [e["args"]["name"] for e in found(nlp, [text], "treaty")] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("RIMPAC 2024在夏威夷开幕，29国参演规模创新高", ["RIMPAC 2024"]),
        ("Talisman Sabre 2025於7月13日開幕，是該系列演習最大的一次。", ["Talisman Sabre 2025"]),
        ("Computex 2025于5月20日开幕，参展商逾1400家。", []),
    ],
)
def test_a_latin_name_with_its_year_held_among_exercises(nlp, text, names):
    assert [e["args"]["name"] for e in found(nlp, [text], "exercise")] == names


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("1995年3月16日，莫斯科与埃里温签署《军事基地条约》。", ["ARM", "RUS"]),
        ("越南领导人在北京与中方签署《联合声明》。", ["CHN", "VNM"]),
    ],
)
def test_a_capital_coordinated_with_another_actor_is_its_state(nlp, text, parties):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == parties
