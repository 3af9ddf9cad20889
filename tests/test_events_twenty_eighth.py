"""General families of the twenty-eighth session, decided on the read hand sets.

States: a run of abbreviations right before a name's middle dot (西蒙·玻利瓦尔, 沙蒙·占雅拉)
is part of a transliterated name, not Spain and Mongolia; 除…外 'besides' before 尚有/还有
ends at 外 (除中俄外尚有印度: China and Russia take part too), but 以外 stays a word
(日美以外還有: not 美以, Israel); a usual abbreviation stands for another state only where
the document uses that state's name starting with it (中 is Taiwan's only where the text
says 中華民國, not where it says 台灣).
Exercises: a state where an exercise opens or closes (演习在澳洲登场) or where it is held
with a comma before the verb (在台灣海峽、…馬祖周邊，舉行) is its place, and one right before
军演 after 对 (對台軍演) is what it aims at: no participant.
Percentages: a share whose clause names no state (俄罗斯以…位居第二，占比为19.5%) is the
state's that the clause before opens with, and of two states' trade (朝俄貿易額…，但佔比…)
the second's, the first's partner.
Treaties: a summit or a meeting of leaders that 审议通过 a declaration (中非合作论坛峰会审议通过
《…北京宣言》) adopts it, as a signing; a legislature still ratifies."""

import pytest
from conftest import found


def participants(nlp, texts: list[str]) -> list[list[str]]:
    return [e["args"]["participants"] for e in found(nlp, texts, "exercise")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("委内瑞拉“西蒙·玻利瓦尔”号训练舰于2024年5月参加了“海上勇士-2024”海上联合演习。", "VEN"),
        ("菲律宾陆军司令沙蒙·占雅拉表示，美菲两军2024年4月举行“肩并肩”联合演习。", "PHL"),
    ],
)
def test_abbreviations_before_a_middle_dot_are_a_name(nlp, text, expected):
    (states,) = participants(nlp, [text])
    assert "ESP" not in states and "MNG" not in states and "SAU" not in states
    assert expected in states


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2022年9月1日起，「東方-2022」在遠東多個訓練場進行，參演者除中俄外尚有印度、白俄羅斯等國。",
            ["BLR", "CHN", "IND", "RUS"],
        ),
        (
            "上一次的「利劍23」演習於2022年11月舉行，日美以外還有澳洲、英國和加拿大參加。",
            ["AUS", "CAN", "GBR", "JPN", "USA"],
        ),
    ],
)
def test_the_states_besides_others_take_part(nlp, text, expected):
    assert participants(nlp, [text]) == [expected]


def test_an_abbreviation_is_another_states_only_by_a_name_the_text_uses(nlp):
    texts = [
        "中俄上月20日至23日在日本海舉行「北部‧聯合-2023」演習。",
        "同年7月，國軍「漢光39號」實兵演習在台灣各地登場。(作者為我國駐日代表)",
    ]
    northern = next(e for e in found(nlp, texts, "exercise") if "北部" in e["text"])
    assert northern["args"]["participants"] == ["CHN", "RUS"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新加坡武装部队年度“沙袋鼠”演习星期一在澳大利亚昆士兰州登场。", ["SGP"]),
        ("解放軍「聯合利劍-2024A」對台軍演　國防部派海空兵力應處", ["CHN"]),
        (
            "東部戰區宣布，即日起在台灣海峽、台灣北部、南部、東部以及金門、馬祖周邊，"
            "舉行「聯合利劍-2024A」演習。",
            ["CHN"],
        ),
    ],
)
def test_a_state_where_an_exercise_opens_or_that_it_aims_at_takes_no_part(nlp, text, expected):
    assert participants(nlp, [text]) == [expected]


def subjects(nlp, text: str) -> list[str | None]:
    return [e["args"]["subject"] for e in found(nlp, [text], "percentage")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "中国以约412亿美元位居哈第一大贸易伙伴，占哈外贸总额的21.4%；"
            "俄罗斯以约276亿美元位居第二，占比为19.5%。",
            ["CHN", "RUS"],
        ),
        (
            "中國在朝鮮對外貿易中所佔比重約為96%，朝俄貿易額雖明顯增長，但佔比仍不足3%。",
            ["CHN", "RUS"],
        ),
    ],
)
def test_a_share_whose_clause_names_no_state_is_the_one_before_or_its_partner(nlp, text, expected):
    assert subjects(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2024年中非合作论坛峰会5日在北京举行。峰会审议通过《关于共筑新时代全天候中非命运共同体"
            "的北京宣言》和《中非合作论坛—北京行动计划（2025—2027）》。",
            ["sign", "sign"],
        ),
        ("美國參議院以95票贊成審議通過「芬蘭瑞典入約議定書」。", ["ratify"]),
    ],
)
def test_a_summit_adopting_an_agreement_signs_it_a_legislature_ratifies(nlp, text, expected):
    assert [e["args"]["action"] for e in found(nlp, [text], "treaty")] == expected
