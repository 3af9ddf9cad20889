"""Exercise families found on military news written without the rules (unseen24–27, read in
the ninth session): headlines, names said again in other words, drills of one unit."""

import pytest
from conftest import found


def exercises(nlp, texts: list[str], date: str | None = "2025-05-16") -> list[tuple]:
    return [(e["text"], e["args"]["participants"]) for e in found(nlp, texts, "exercise", date)]


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("機步269旅湖口實兵演習　驗證反空降戰力", [("實兵演習", ["TWN"])]),
        ("海軍反潛演習　驗證水下偵蒐能力", [("反潛演習", [])]),
        ("北約波羅的海年度軍演開鑼　俄艦隊同步演練", []),  # 同步演練: a verb
        ("專家：軍演常態化", []),  # no force holds it
    ],
)
def test_a_headline_names_the_drill_of_the_force_before_it(nlp, headline, expected):
    assert [x for x in exercises(nlp, [headline]) if x[0] != "年度軍演"] == expected


def test_a_drill_said_in_the_headline_and_placed_in_the_report_is_not_a_later_named_one(nlp):
    texts = [
        "砺兵鲁中｜第80集团军某旅组织跨昼夜实兵演练",
        "近日，第80集团军某旅在鲁中某陌生地域组织跨昼夜实兵演练，重点锤炼夜间机动等课目。",
        "据悉，该旅下半年将参加北部战区陆军组织的“北剑-2025”实兵对抗演习。",
    ]
    names = [name for name, _ in exercises(nlp, texts)]
    assert names == ["跨昼夜实兵演练", "跨昼夜实兵演练", "北剑-2025"]


def test_a_name_said_again_without_its_states_or_in_brackets_or_after_its_verb(nlp):
    """美韓聯合火力殲滅演習 in a headline is 「韓美聯合火力殲滅演習」 (the headline's later
    clause, 北韓批, names no participant); 每季實施「海鯊」 and 舉行達摩衛士 say the names
    again."""
    texts = [
        "美韓聯合火力殲滅演習登場　北韓批「戰爭預演」",
        "南韓與美國25日起在京畿道抱川舉行「韓美聯合火力殲滅演習」，至6月15日共實施5次。",
    ]
    assert exercises(nlp, texts, "2023-05-26")[0] == ("聯合火力殲滅演習", ["KOR", "USA"])
    texts = [
        "海軍一四六艦隊日前在臺灣東部海域實施代號「海鯊」的反潛演習。",
        "海軍司令部表示，海軍艦隊每季實施「海鯊」，並結合平日的反潛訓練。",
    ]
    assert [name for name, _ in exercises(nlp, texts)] == ["海鯊", "海鯊"]
    texts = [
        "日本陸上自衛隊與印度陸軍的聯合演習「達摩衛士2025」24日起在東富士演習場展開。",
        "這是兩國陸軍第6度舉行達摩衛士，日方由第34普通科連隊參加。",
    ]
    assert exercises(nlp, texts)[1] == ("達摩衛士", ["IND", "JPN"])


def test_states_of_a_headlines_later_clause_take_part(nlp):
    found = exercises(nlp, ["丹麥在格陵蘭舉行「北極之光2025」演習　法德等國參與"])
    assert found == [("北極之光2025", ["DEU", "DNK", "FRA"])]


def test_a_sentence_that_turns_to_another_event_has_a_drill_of_its_own(nlp):
    texts = [
        "多國聯合空中演習「硝石2023」本月2日至13日舉行，美國、阿根廷、巴西等國空軍派機參與。",
        "另一方面，智利與阿根廷海軍日前在麥哲倫海峽舉行例行聯合演習。",
    ]
    assert [name for name, _ in exercises(nlp, texts)] == ["硝石2023", "例行聯合演習"]
    texts[1] = "智利與阿根廷海軍日前在麥哲倫海峽舉行聯合演習。"  # said again: the named one
    assert [name for name, _ in exercises(nlp, texts)] == ["硝石2023"]


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("北韓西海岸炮擊演習逾200發　南韓延坪島居民緊急疏散", [("西海岸炮擊演習", ["PRK"])]),
        ("第74集团军某合成旅城市攻防实兵演练检验部队实战能力", [("攻防实兵演练", ["CHN"])]),
        ("白俄羅斯舉行國土防禦演習", [("國土防禦演習", ["BLR"])]),  # 舉行國土…: a verb
    ],
)
def test_a_headline_drill_after_a_state_or_before_what_it_tests(nlp, headline, expected):
    assert exercises(nlp, [headline]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "全國「萬安47號」演習今日下午從北部地區開始，台北市同步實施防空避難疏散演練。",
        "政府明日會舉行代號「嶺安」的跨部門演習，測試應變安排。",
        "朝鲜批评美日韩频繁举行联合军演是危险举动。",
        "中国外交部发言人表示，有关国家应停止在地区举行针对第三方的军事演习。",
    ],
)
def test_civil_defence_drills_and_exercises_in_general_are_none(nlp, text):
    assert exercises(nlp, [text]) == []


def test_a_later_drill_of_another_time_in_the_same_sentence(nlp):
    text = "部隊本月初已在石崗軍營組織了城市反恐實兵演練，並將於下月參加南部戰區組織的聯合演習。"
    assert [name for name, _ in exercises(nlp, [text])] == ["城市反恐實兵演練", "聯合演習"]


def test_a_force_with_no_state_holds_the_drill_of_its_home_press(nlp):
    texts = [
        "海軍反潛演習　驗證水下偵蒐能力",
        "軍聞社　2025-06-12 16:40",
        "海軍一四六艦隊日前在東部海域實施反潛演習，出動成功級巡防艦與反潛直升機。",
    ]
    assert [p for _, p in exercises(nlp, texts)] == [["TWN"], ["TWN"]]
    texts = [texts[0], "自由時報　2025-06-12 16:40"]  # a general paper: no home state
    assert [p for _, p in exercises(nlp, texts)] == [[]]


def test_a_kind_of_drill_said_again_by_a_speaker_is_a_mention(nlp):
    texts = [
        "東部戰區陸軍某旅近日與海軍某登陸艦支隊開展兩棲突擊演練，檢驗裝載、航渡和突擊上陸。",
        "旅長表示，兩棲突擊演練全程突出實戰背景，暴露的問題將在後續訓練中逐一解決。",
    ]
    assert [name for name, _ in exercises(nlp, texts)] == ["兩棲突擊演練", "兩棲突擊演練"]
    texts[1] = "旅長表示，演練全程突出實戰背景。"  # the bare word: the same drill
    assert [name for name, _ in exercises(nlp, texts)] == ["兩棲突擊演練"]


@pytest.mark.parametrize(
    ("texts", "names"),
    [
        (
            ["山東艦編隊近日開展遠海訓練，期間組織編隊攻防演練和艦機協同演練。"],
            ["編隊攻防演練", "艦機協同演練"],
        ),
        (["某区海上民兵分队开展应急拉动演练，20余艘渔船完成集结。"], ["应急拉动演练"]),  # militia
    ],
)
def test_drills_joined_in_a_list_and_a_militias_drill(nlp, texts, names):
    assert [name for name, _ in exercises(nlp, texts)] == names


def test_a_quoted_predicate_is_no_name_and_a_headline_drill_of_the_reports_states(nlp):
    texts = [
        "俄白空軍聯合演習登場　白俄：純屬防禦性質",
        "白俄羅斯國防部今天表示，白俄與俄羅斯空軍的聯合飛行戰術演習從今天起展開。",
        "白俄國防部官員說，演習「純屬防禦性質」。",
    ]
    names = [name for name, _ in exercises(nlp, texts, "2023-01-16")]
    assert names == ["空軍聯合演習", "聯合飛行戰術演習"]


def test_an_earlier_edition_named_by_the_series_is_another_exercise(nlp):
    texts = ["俄罗斯和白俄罗斯“联盟盾牌”联合战略演习当天开始。上一次“联盟盾牌”演习于2015年举行。"]
    assert [name for name, _ in exercises(nlp, texts, "2019-09-16")] == ["联盟盾牌", "联盟盾牌"]
