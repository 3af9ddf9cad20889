"""General families of the seventeenth session, decided on the read hand sets (unseen114
opinion writing, unseen118 encyclopaedia entries, unseen120 forum posts): a hashtag's mark
ends a clause; an edition of an exercise the gazetteer knows is an exercise without an
exercise word; a state's forces after 模擬 are what an exercise rehearses against; a
bracketed word ending in 式 says what kind an exercise is."""

import pytest
from conftest import events, found


def test_a_hashtag_mark_ends_the_clause_of_an_agreement_named_in_it(nlp):
    (treaty,) = found(nlp, ["#中哈互免签证协定今天生效# 说走就走去阿拉木图！！"], "treaty")
    assert treaty["text"] == "中哈互免签证协定"
    assert treaty["args"]["parties"] == ["CHN", "KAZ"]


@pytest.mark.parametrize(
    ("text", "name", "participants"),
    [
        ("对比四年前的东方-2018：那次是9月11日到17日，俄方号称30万人参演。", "东方-2018", ["RUS"]),
        ("噓：去年漢光39號也是被颱風搞到縮水，怎麼每年都這樣。", "漢光39號", ["TWN"]),
        ("回頭看，北京今年5月才以「聯合利劍-2024A」包圍台灣。", "聯合利劍-2024A", ["CHN"]),
    ],
)
def test_an_edition_of_an_exercise_the_gazetteer_knows_needs_no_exercise_word(
    nlp, text, name, participants
):
    (exercise,) = found(nlp, [text], "exercise", date="2024-07-27")
    assert exercise["args"]["name"] == name
    assert exercise["args"]["participants"] == participants


@pytest.mark.parametrize(
    "text",
    [
        "中俄海上联合巡航编队今天起航。",  # the series' bare name: a patrol, no edition
        "东方之珠香港今年迎来回归纪念日。",
    ],
)
def test_a_known_series_name_alone_without_an_exercise_word_is_none(nlp, text):
    assert events(nlp, [text], "exercise") == []


def test_forces_after_a_rehearsal_word_are_no_participants(nlp):
    text = "「漢光36號」第一階段電腦兵棋推演已於5月完成，模擬共軍對我發動聯合登陸作戰。"
    (exercise,) = found(nlp, [text], "exercise", date="2020-07-13")
    assert exercise["args"]["participants"] == ["TWN"]


def test_a_bracketed_style_word_is_no_exercise_name(nlp):
    text = "國軍的漢光若仍停留在「表演式」操演，一旦真的有事，代價將由全民承擔。"
    assert events(nlp, [text], "exercise") == ["漢光"]


def test_an_infobox_line_is_one_sentence_whose_fields_are_arguments(nlp):
    line = (
        "中文名：海上联合-2019；类型：双边海上军事演习；"
        "时间：2019年4月29日至5月4日；参演国家：中国、俄罗斯"
    )
    said = "据新华社报道，“海上联合-2019”上月29日在青岛开幕。"
    exercise = found(nlp, [line, said], "exercise", date="2019-05-10")[0]
    assert exercise["text"] == "海上联合-2019"
    assert exercise["args"]["participants"] == ["CHN", "RUS"]
    assert exercise["args"]["start"]["value"] == "2019-04-29"
    assert exercise["args"]["end"]["value"] == "2019-05-04"


def test_semicolons_part_sentences_outside_an_infobox_line(nlp):
    text = "中俄举行联合演习；美日签署协定。"
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["CHN", "RUS"]


def test_a_dated_edition_in_a_passage_without_exercise_words_of_an_exercise_document(nlp):
    texts = [
        "俄軍再度舉行「東方-2014」戰略演習。",
        "值得注意的是，2012年9月的「高加索-2012」因選舉時程重疊而備受關注。",
    ]
    assert events(nlp, texts, "exercise") == ["東方-2014", "高加索-2012"]
    alone = "值得注意的是，2012年9月的「高加索-2012」因選舉時程重疊而備受關注。"
    assert events(nlp, [alone], "exercise") == []  # a document that speaks of no exercise


def test_a_drill_dated_to_the_month_in_its_own_clause_beside_a_named_one(nlp):
    text = (
        "解放軍東部戰區4月1日起在台灣周邊展開陸海空與火箭軍聯合演習，"
        "昨日再以「海峽雷霆-2025A」為名，在台灣海峽中部進行實彈射擊演練。"
    )
    assert len(events(nlp, [text], "exercise")) == 2
    year_only = "以色列與希臘自2011年起舉行「高貴迪娜」聯合演習，2021年的演習首度邀請賽普勒斯參加。"
    assert events(nlp, [year_only], "exercise") == ["高貴迪娜"]


def test_straight_double_quotes_in_pairs_are_brackets(nlp):
    text = '美国和菲律宾的年度"肩并肩"(Balikatan 2025)联合军事演习在马尼拉开幕。'
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["text"] == "肩并肩"
    assert exercise["args"]["participants"] == ["PHL", "USA"]


def test_a_capitalised_latin_name_right_before_an_exercise_word(nlp):
    assert events(nlp, ["美菲Balikatan演习今天开始，持续到5月9日。"], "exercise") == ["Balikatan"]


def test_what_a_speaker_says_of_an_exercise_in_quotes_is_no_name(nlp):
    text = "中国外交部发言人说演习“破坏地区和平稳定”。"
    assert events(nlp, [text], "exercise") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("亚洲多家银行在8月进行了内部的“网络攻防演习”，模拟核心系统宕机。", []),
        ("海巡署金馬澎分署昨天在料羅灣外海舉行「海安演習」，出動巡防艇12艘。", ["海安演習"]),
    ],
)
def test_a_quoted_drill_holds_only_where_a_force_or_state_does(nlp, text, expected):
    assert events(nlp, [text], "exercise") == expected


@pytest.mark.parametrize(
    "text",
    [
        "第十五条　本条约自互换批准书之日起第三十日生效。",
        "缔约双方根据本协定第三条，相互提供便利。",
        "新协定生效后，前一协定即行失效。",
        "正文中常见的措辞有“根据本协定”等。",
        "军事合作类协定中还可能出现“双方定期举行联合演习”之类的条款。",
    ],
)
def test_a_treaty_text_speaking_of_itself_and_quoted_clauses_are_no_events(nlp, text):
    assert events(nlp, [text], "treaty") == []
    assert events(nlp, [text], "exercise") == []


def test_no_word_ends_inside_the_last_word_of_a_passage(nlp):
    from pipeline.nlp.events.passage import Passage

    doc = nlp("中国与塞尔维亚自由贸易协定")
    p = Passage(doc, nlp.get_pipe("events").rules)
    assert p.word_before(8) == ""  # inside 自由贸易协定 (was 自: a stop adverb)
    assert p.word_before(7) == "塞尔维亚"
    assert p.word_before(13) == "自由贸易协定"
