"""General defaults of the sixteenth session, decided on the read hand sets: 今年 alone is a
date (it was dropped: its offset 0 read as "no year"), so it gives the year to a bare month
after it; a clause's 今年 alone yields to a more specific date of its sentence."""

import pytest
from conftest import found

from pipeline.nlp.values.rules import ValueRules


@pytest.mark.parametrize(("said", "offset"), [("今年", 0), ("本年", 0), ("去年", -1)])
def test_a_year_relative_to_the_texts_is_a_date_alone(said, offset):
    (value,) = [v for *_, label, v in ValueRules.from_path().find(f"{said}两国将举行演习。")]
    assert value == {"value": "XXXX", "relative": offset}


def test_this_year_gives_its_year_to_a_bare_month_after_it(nlp):
    texts = [
        "坎特基地于2003年启用，是俄罗斯在中亚的主要空军基地。",
        "集安组织秘书处称，今年集体快速反应部队联合演习将于9月在白俄罗斯举行。",
    ]
    (exercise,) = found(nlp, texts, "exercise", date="2025-03-20")
    assert exercise["args"]["start"]["value"] == "2025-09"


def test_this_year_in_the_clause_yields_to_the_sentences_month(nlp):
    text = (
        "北约今年规模最大的军事演习“坚定飞镖2025”正在罗马尼亚进行，"
        "演习自1月中旬展开，将持续至2月底。"
    )
    (exercise,) = found(nlp, [text], "exercise", date="2025-02-14")
    assert exercise["args"]["start"]["value"] == "2025-01"


def test_this_year_alone_is_the_date_when_the_sentence_has_no_other(nlp):
    (exercise,) = found(nlp, ["俄罗斯今年举行“中部-2019”战略演习。"], "exercise", date="2019-05-02")
    assert exercise["args"]["start"]["value"] == "2019"


@pytest.mark.parametrize(
    "text",
    [
        "亚美尼亚总理帕希尼扬拒绝签署《埃里温宣言》。",
        "日本拒簽《禁止核武器條約》。",
        "美国至今没有签署《渥太华公约》。",
        "印度从未批准《全面禁止核试验条约》。",
    ],
)
def test_an_act_negated_did_not_happen_and_who_refused_is_no_party(nlp, text):
    (treaty,) = found(nlp, [text], "treaty")
    assert (treaty["args"]["action"], treaty["args"]["parties"]) == ("mention", [])


def test_an_extension_refused_is_a_withdrawal_of_the_refusing_state(nlp):
    (treaty,) = found(nlp, ["意大利决定不再续签《中意共建“一带一路”谅解备忘录》。"], "treaty")
    assert (treaty["args"]["action"], treaty["args"]["parties"]) == ("withdraw", ["ITA"])


def test_a_treaty_signed_because_it_had_to_is_signed(nlp):
    (treaty,) = found(nlp, ["1860年，清政府不得不签署《中俄北京条约》。"], "treaty")
    assert treaty["args"]["action"] == "sign"


def test_an_edition_held_after_a_long_place_is_an_exercise(nlp):
    text = (
        "「和平使命-2016」於2016年9月15日至21日在吉爾吉斯伊塞克湖州巴雷克奇的「雪絨花」"
        "訓練場舉行，中、哈、吉、俄、塔五國約1100名官兵參演。"
    )
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["text"] == "和平使命-2016"


@pytest.mark.parametrize(
    "text",
    [
        "阿富汗局势突变后，集安组织明显加大了在中亚方向的演习力度。",
        "第五章　上合組織防務合作的「非演習」形式",
        "考察團認為「第三鄰國」在蒙古參加的多國演習中所佔比重已逾七成。",
    ],
)
def test_exercises_in_general_a_word_negated_or_a_subject_are_no_exercise(nlp, text):
    assert found(nlp, [text], "exercise") == []


@pytest.mark.parametrize(
    "note",
    [
        "① 《打击恐怖主义、分裂主义和极端主义上海公约》，载《上海合作组织文件选编》，"
        "北京：世界知识出版社，2006年，第5—12页。",
        "³⁴ 蒙古國外交部，〈蒙古國與法蘭西共和國建立戰略夥伴關係聯合聲明〉，2023年10月12日。",
    ],
)
def test_a_document_cited_in_a_note_is_no_treaty(nlp, note):
    assert found(nlp, [note], "treaty") == []


def test_a_contrast_clause_speaks_of_another_act_with_others(nlp):
    text = (
        "2019年7月，美蒙發表聯合聲明，將雙邊關係提升為戰略夥伴關係，"
        "但蒙方在同年9月亦與俄羅斯簽署全面戰略夥伴關係條約。"
    )
    statement, treaty = found(nlp, [text], "treaty")
    assert statement["args"]["parties"] == ["MNG", "USA"]
    assert treaty["args"]["parties"] == ["MNG", "RUS"]
    assert treaty["args"]["location"] is None  # 在同年9月…簽署: a time, no place


def test_each_signs_its_own_and_a_verb_inside_another_name_is_no_act(nlp):
    text = (
        "2016年6月24日，印度與巴基斯坦分別簽署《關於印度共和國加入上海合作組織義務的備忘錄》"
        "與《關於巴基斯坦伊斯蘭共和國加入上海合作組織義務的備忘錄》。"
    )
    india, pakistan = found(nlp, [text], "treaty")
    assert (india["args"]["parties"], pakistan["args"]["parties"]) == (["IND"], ["PAK"])
    assert pakistan["args"]["action"] == "sign"


def test_a_range_goes_on_from_a_date_glossed_in_brackets(nlp):
    text = "印度与吉尔吉斯“汗贾尔-XII”联合特种部队演习昨日（18日）在托克马克开幕，至本月31日结束。"
    (exercise,) = found(nlp, [text], "exercise", date="2025-03-19")
    assert (exercise["args"]["start"]["value"], exercise["args"]["end"]["value"]) == (
        "2025-03-18",
        "2025-03-31",
    )


def test_a_named_wildfire_drill_is_a_civil_drill(nlp):
    text = "消防處表示，上月在大嶼山進行的「烈焰」山火演習由多個部門參與。"
    assert found(nlp, [text], "exercise") == []


def test_another_edition_of_a_series_named_as_an_exercise_is_one(nlp):
    texts = [
        "2014年起，美國與喬治亞每年舉行「高貴夥伴」多國聯合演習。",
        "參演兵力從首屆的600人增至「高貴夥伴-2020」的2,800人。",
    ]
    assert [e["text"] for e in found(nlp, texts, "exercise")] == ["高貴夥伴", "高貴夥伴-2020"]


def test_a_note_citing_an_article_by_its_title_gives_no_event(nlp):
    """The note's number glued to 參見 once the layout drops the space between them."""
    note = "1參見〈俄S-400首度部署塞爾維亞參加演習〉，中央社，2019年10月24日。"
    assert found(nlp, [note], "exercise") == []


def test_an_exercise_said_to_be_wanted_is_not_held(nlp):
    text = "有人主張台美應該舉行公開的聯合軍演以示決心，但在現實條件下，這恐怕只是一廂情願。"
    assert found(nlp, [text], "exercise") == []


def test_a_roc_year_without_its_era_before_a_month_is_one():
    text = "中俄海军于111年12月21日至27日在东海举行演习"
    found_dates = [v for *_, label, v in ValueRules.from_path().find(text) if label == "DATE"]
    assert found_dates == [{"start": "2022-12-21", "end": "2022-12-27"}]
    assert ValueRules.from_path().find("100年来") == []


def test_agreements_signed_one_after_another_are_agreements_in_general(nlp):
    assert found(nlp, ["中俄已先后签订多项合作协议。"], "treaty") == []
    assert len(found(nlp, ["中俄签订多项合作协议。"], "treaty")) == 1


def test_the_place_after_yu_before_the_verb_is_no_participant(nlp):
    text = (
        "中共東部戰區自昨日起於臺灣海峽、臺灣本島北部、南部、東部及金門、馬祖、烏坵、東引周邊"
        "實施「聯合利劍─2024A」演習。"
    )
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["CHN"]
    assert exercise["args"]["location"]["text"].startswith("臺灣海峽")


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("亞美尼亞與美國「鷹夥伴2023」軍演登場　俄羅斯不滿", ["ARM", "USA"]),
        ("美韓延長「警戒風暴」聯合空中演習　朝鮮強烈反彈", ["KOR", "USA"]),
        ("南韓軍警消聯合展開「花郎演習」　模擬北韓特種部隊滲透", ["KOR"]),
    ],
)
def test_who_reacts_to_an_exercise_or_is_rehearsed_against_takes_no_part(
    nlp, text, participants
):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == participants


@pytest.mark.parametrize(
    "text",
    [
        "本文所称军事演习，是指军队在想定情况诱导下进行的作战指挥和行动演练。",
        "从兵力构成看，中方在多数演习中承担主体。",
        "（二）俄罗斯远东方向的战略演习",
    ],
)
def test_a_definition_most_exercises_or_a_series_inside_a_word_is_none(nlp, text):
    texts = ["2018年9月，俄军举行“东方-2018”战略演习。", text]
    assert [e["text"] for e in found(nlp, texts, "exercise")] == ["东方-2018"]
