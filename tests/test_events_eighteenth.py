"""General families of the eighteenth session, decided on the read hand sets (unseen126
Russian and Central Asian state media in Chinese, unseen128 legislative, legal and gazette
texts) and the older read sets: a transliterated name opening a treaty's name holds no
state abbreviations; a contract's name said again, and what its two sides sign next, are no
treaty; states said to take part join every exercise of a list; 主持 holds an exercise;
在…后 is a time, no place."""

import pytest
from conftest import events, found


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("《伊泰普条约》由巴西和巴拉圭于1973年4月26日签署。", ["BRA", "PRY"]),
        ("英國與西班牙1989年發表「馬德里聯合聲明」。", ["ESP", "GBR"]),
    ],
)
def test_a_transliterated_name_opening_a_treaty_name_is_no_run_of_abbreviations(
    nlp, text, parties
):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == parties


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("中苏友好同盟条约于1945年签署。", ["CHN", "SUN"]),  # one word: 中苏友好…
        ("港沙簽全面性避免雙重課稅協定", ["HKG", "SAU"]),  # glued to the verb
    ],
)
def test_abbreviations_glued_to_a_word_still_name_the_parties(nlp, text, parties):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == parties


def test_a_contract_named_again_and_what_its_two_sides_sign_next_are_no_treaty(nlp):
    texts = [
        "再审申请人某置业有限公司与被申请人某县人民政府于2017年3月签订《招商引资协议书》；"
        "双方其后又签订《补充协议》。",
        "本院认为，《招商引资协议书》系县政府与再审申请人协商订立的行政协议。",
    ]
    assert events(nlp, texts, "treaty") == []


def test_two_sides_sign_a_treaty_again_once_states_act_after_a_contract(nlp):
    texts = [
        "中国电建与乌兹别克斯坦国家水电公司签署项目总承包合同。",
        "中国与乌兹别克斯坦两国元首会谈后，双方签署《中乌全面战略伙伴关系条约》。",
    ]
    (treaty,) = found(nlp, texts, "treaty")
    assert treaty["args"]["parties"] == ["CHN", "UZB"]


def test_the_sides_of_a_lawsuit_sign_no_treaty(nlp):
    text = "兩造於民國108年3月1日簽訂「勞動契約書」，並另訂「競業禁止協議書」。"
    assert events(nlp, [text], "treaty") == []


def test_states_said_to_take_part_join_every_exercise_of_the_list(nlp):
    texts = [
        "集体安全条约组织“互动-2024”、“搜索-2024”和“梯队-2024”联合演习将于9月2日至6日举行。",
        "来自俄罗斯、白俄罗斯、哈萨克斯坦、吉尔吉斯斯坦和塔吉克斯坦的约2000名军人将参演。",
    ]
    exercises = found(nlp, texts, "exercise", date="2024-08-30")
    assert [e["args"]["name"] for e in exercises] == ["互动-2024", "搜索-2024", "梯队-2024"]
    for exercise in exercises:
        assert exercise["args"]["participants"] == ["BLR", "KAZ", "KGZ", "RUS", "TJK"]


def test_an_exercise_of_the_same_sentence_not_listed_keeps_its_own_states(nlp):
    text = (
        "由愛沙尼亞國防軍主辦的「刺蝟2024」從5月13日持續到24日，美國、英國、法國等11國官兵參加，"
        "其中芬蘭砲兵部隊是首度參加刺蝟演習。"
    )
    first, second = found(nlp, [text], "exercise", date="2024-05-13")
    assert {"FRA", "GBR", "USA"} <= set(first["args"]["participants"])
    assert second["args"]["participants"] == ["FIN"]


def test_presiding_over_a_drill_holds_it_and_a_time_after_is_no_place(nlp):
    text = (
        "俄罗斯总统普京25日在克里姆林宫通过视频连线主持了战略核力量演习，"
        "演习模拟俄方在遭受敌方核打击后实施大规模核报复。"
    )
    (exercise,) = found(nlp, [text], "exercise", date="2023-10-25")
    assert exercise["args"]["name"] == "战略核力量演习"
    assert exercise["args"]["participants"] == ["RUS"]
    assert exercise["args"]["location"] is None or "后" not in exercise["args"]["location"]["text"]


def test_an_abbreviation_opening_a_place_name_glued_to_a_lone_character_is_no_state(nlp):
    (exercise,) = found(nlp, ["美菲日三國在巴丹群島一帶舉行聯合演習。"], "exercise")
    assert exercise["args"]["participants"] == ["JPN", "PHL", "USA"]  # 巴丹群島: no Pakistan


def test_a_relative_month_keeps_the_abbreviations_before_it_apart(nlp):
    text = (
        "美菲下月登場的「肩並肩2025」，日本首度以正式參演國身分加入，"
        "美菲日三國還會在巴丹群島一帶操演。"
    )
    (exercise,) = found(nlp, [text], "exercise", date="2025-03-11")
    assert exercise["args"]["name"] == "肩並肩2025"  # 登場 holds the edition
    assert {"PHL", "USA"} <= set(exercise["args"]["participants"])
    assert exercise["args"]["start"]["value"] == "2025-04"


def test_one_states_series_in_a_clause_naming_no_state_is_that_states(nlp):
    text = "共軍去年5月才舉行「聯合利劍—2024A」，國防部今年「漢光41號」兵推有沒有把這些情境納入？"
    sword, han_kuang = found(nlp, [text], "exercise", date="2025-04-07")
    assert sword["args"]["participants"] == ["CHN"]
    assert sword["args"]["start"]["value"] == "2024-05"
    assert han_kuang["args"]["participants"] == ["TWN"]
    assert han_kuang["args"]["start"]["value"] == "2025"  # 今年, not the other name's date


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("蒲亭訪吉爾吉斯　與扎帕羅夫簽聯合聲明", ["KGZ", "RUS"]),  # 聯合報's 蒲亭
        ("艾班尼斯與小馬可仕簽署「澳菲國防合作協定」。", ["AUS", "PHL"]),
        ("黃循財與安華在新山簽署「柔佛－新加坡經濟特區協定」。", ["MYS", "SGP"]),
    ],
)
def test_leaders_named_as_the_press_of_each_script_names_them_stand_for_their_states(
    nlp, text, parties
):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == parties


def test_a_legislature_passing_a_treaty_on_its_committees_report_ratifies_it(nlp):
    text = "決議：臺帛刑事司法互助條約照審查會意見通過。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == "ratify"


def test_a_verb_that_takes_an_agreement_is_no_part_of_its_name(nlp):
    text = "《条约》共二十二条，规定条约自双方互换批准书之日起第三十日生效。"
    assert "规定条约" not in events(nlp, [text], "treaty")


def test_names_bracketed_back_to_back_are_a_list(nlp):
    text = "各地交通运输部门在“跨越-2009”“使命行动-2013”等全军跨区机动演习中，组织运力投送。"
    assert events(nlp, [text], "exercise") == ["跨越-2009", "使命行动-2013"]


@pytest.mark.parametrize(
    "text",
    [
        "假设甲乙两国签订《甲乙两国边界条约》，试分析其效力。",
        "若甲國與乙國簽署漁業協定，依國際法應如何處理？",
    ],
)
def test_an_agreement_of_placeholder_states_is_no_treaty(nlp, text):
    assert events(nlp, [text], "treaty") == []


def test_an_exams_following_exercises_are_no_exercise(nlp):
    text = "下列演习中，属于中俄两军双边联合演习的是（　　）"
    assert events(nlp, [text], "exercise") == []


def test_who_makes_a_statement_on_an_exercise_takes_no_part(nlp):
    text = "美國國務院發言人就解放軍「海峽雷霆-2025A」演習發表聲明"
    (exercise,) = found(nlp, [text], "exercise", date="2025-04-02")
    assert exercise["args"]["participants"] == ["CHN"]


def test_representative_associations_sign_for_their_states(nlp):
    text = "日本台灣交流協會與台灣日本關係協會代表共同簽署「日台製品安全合作備忘錄」。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == ["JPN", "TWN"]


def test_an_unnamed_exercise_anchor_stops_at_what_the_talks_are_about(nlp):
    assert events(nlp, ["中俄两国就联合演习举行磋商。"], "exercise") == ["联合演习"]


def test_a_drill_in_a_sentence_continuing_an_exercise_is_a_part_of_it(nlp):
    texts = [
        "英國與阿曼舉行「快劍3」聯合軍演。",
        "演習從9月下旬持續至11月初，英國皇家海軍航艦部隊與阿曼皇家陸軍進行沙漠作戰及兩棲登陸演練。",
    ]
    assert events(nlp, texts, "exercise") == ["快劍3"]
