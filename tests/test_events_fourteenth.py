"""Families found on the sets read in the fourteenth session (unseen81, 83, 90 and 92, held
out in the thirteenth): documents adopted together in a list, an abbreviation before a
fleet the segmenter cut in words, 国军 inside another word, counts in digits before an
agreement, and contracts of factories, electronics makers and companies that sign
together."""

import pytest
from conftest import events, found


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "峰会一致通过《关于构建更加紧密的中非命运共同体的北京宣言》和《中非合作论坛—北京行动"
            "计划（2019—2021年）》。",
            [
                "关于构建更加紧密的中非命运共同体的北京宣言",
                "中非合作论坛—北京行动计划（2019—2021年）",
            ],
        ),
        (
            "會議通過《達喀爾宣言》、《中非合作論壇—達喀爾行動計劃（2022—2024）》和《中非應對氣候"
            "變化合作宣言》三份成果文件。",
            ["達喀爾宣言", "中非合作論壇—達喀爾行動計劃（2022—2024）", "中非應對氣候變化合作宣言"],
        ),
    ],
)
def test_documents_adopted_in_a_list_are_each_signed(nlp, text, names):
    treaties = found(nlp, [text], "treaty")
    assert [t["text"] for t in treaties] == names
    assert {t["args"]["action"] for t in treaties} == {"sign"}


def test_a_list_used_as_a_means_is_not_adopted(nlp):
    text = "中国通过《巴黎协定》和《京都议定书》确立的机制减排。"
    assert {t["args"]["action"] for t in found(nlp, [text], "treaty")} == {"mention"}


@pytest.mark.parametrize(
    "text",
    ["俄太平洋舰队在日本海举行防空演习", "俄波羅的海艦隊海岸導彈部隊舉行戰術演習"],
)
def test_an_abbreviation_before_a_fleet_cut_in_words_is_its_state(nlp, text):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["RUS"]


def test_two_states_armies_are_not_the_roc_army(nlp):
    text = "2024年，两国军队曾在新疆库尔勒举行“丝路联合-III”联合反恐演习。"
    (exercise,) = found(nlp, [text], "exercise")
    assert "TWN" not in exercise["args"]["participants"]
    (roc,) = found(nlp, ["國軍今年舉行漢光演習。"], "exercise")
    assert roc["args"]["participants"] == ["TWN"]


def test_a_count_in_digits_is_not_part_of_the_agreement(nlp):
    text = "2025年5月20日，中国与哈萨克斯坦在阿斯塔纳签署12份合作备忘录。"
    assert events(nlp, [text], "treaty") == ["合作备忘录"]


@pytest.mark.parametrize(
    "text",
    [
        "台廠與印度塔塔電子簽合作備忘錄 布局封測",
        "半導體封測廠力成科技昨（12）日宣布，與印度塔塔電子簽署合作備忘錄，雙方將合作建設產線。",
        "商貿代表團本周訪問哈薩克阿拉木圖及烏茲別克塔什干，團員與當地企業合共簽署12份合作備忘錄。",
    ],
)
def test_factories_electronics_makers_and_companies_signing_together_sign_contracts(nlp, text):
    assert events(nlp, [text], "treaty") == []


def test_a_century_in_a_paper_s_name_gives_no_year(nlp):
    texts = [
        "21世纪经济报道记者 赵雪琳 北京报道",
        "当地时间8月20日，印度与俄罗斯在莫斯科签署了自由贸易协定。",
    ]
    (treaty,) = found(nlp, texts, "treaty")
    assert treaty["args"]["date"]["value"] == "XXXX-08-20"


@pytest.mark.parametrize(
    ("text", "action"),
    [
        (
            "8月20日，印度商工部与欧亚经济委员会签署了关于启动印度—欧亚经济联盟自由贸易协定谈判的文件。",
            "negotiate",
        ),
        ("同年11月2日，普京签署法律，撤销俄罗斯对《全面禁止核试验条约》的批准。", "withdraw"),
    ],
)
def test_the_verb_nearest_either_end_of_the_name_acts_on_it(nlp, text, action):
    treaties = found(nlp, [text], "treaty")
    assert [t["args"]["action"] for t in treaties] == [action]


def test_exercises_held_many_times_with_named_partners_are_one_mention(nlp):
    text = "伊朗近年来曾多次与中国、俄罗斯在阿曼湾举行联合演习。"
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["CHN", "IRN", "RUS"]


def test_a_count_of_exercises_is_still_a_statistic(nlp):
    assert events(nlp, ["该国海军去年共举行演习12次。"], "exercise") == []


def test_an_exercise_as_the_time_of_a_statement_is_none(nlp):
    text = "孟加拉国海军参谋长在演习结束时表示，海军将继续加强远海训练。"
    assert events(nlp, [text], "exercise") == []


def test_a_military_region_in_the_clause_is_its_state_not_the_sentence_s_others(nlp):
    text = (
        "同一時期，濟南軍區與南京軍區先後在黃海及東海實施多次實彈射擊演習，"
        "中共官方媒體並未將其與韓美演習直接連結。"
    )
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["CHN"]


def test_documents_adopted_after_tongguo_le_are_signed(nlp):
    text = "会议通过了《中国—拉共体论坛北京宣言》和《中国—拉共体成员国重点领域合作共同行动计划》。"
    treaties = found(nlp, [text], "treaty")
    assert len(treaties) == 2 and {t["args"]["action"] for t in treaties} == {"sign"}


def test_an_exercise_as_the_time_before_another_is_none(nlp):
    text = "肯亞海軍並於演習前一週在拉穆外海進行實彈射擊演習。"
    assert events(nlp, [text], "exercise") == ["實彈射擊演習"]


def test_an_agreement_that_may_be_started_is_none(nlp):
    text = "分析指出，兩國或將在未來一年內啟動自由貿易協定談判。"
    assert events(nlp, [text], "treaty") == []


def test_the_armed_police_is_china_s(nlp):
    text = "武警部队近日在天山北麓组织反恐实兵演练。"
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["CHN"]


def test_the_parts_of_a_named_series_with_editions_are_exercises(nlp):
    text = (
        "同年9月至10月，集安組織在哈薩克境內舉行「戰鬥兄弟情誼-2022」系列演習，包括「協作-2022」、"
        "「搜索-2022」與「梯隊-2022」三項，俄、哈、吉、塔、亞美尼亞與白俄羅斯六國派員參加。"
    )
    exercises = found(nlp, [text], "exercise")
    assert [e["text"] for e in exercises] == [
        "戰鬥兄弟情誼-2022",
        "協作-2022",
        "搜索-2022",
        "梯隊-2022",
    ]
    assert {len(e["args"]["participants"]) for e in exercises} == {6}


def test_a_name_after_canyue_is_a_reference(nlp):
    text = "⑫ 王彥威編，《清季外交史料》，卷三。另參閱〈科布多界約〉條，收入《中俄邊界條約彙編》。"
    assert events(nlp, [text], "treaty") == []


def test_a_trade_treaty_of_the_qing_is_a_treaty(nlp):
    (treaty,) = found(nlp, ["1792年，中俄两国签订《恰克图市约》。"], "treaty")
    assert treaty["args"]["form"] == "treaty" and treaty["args"]["parties"] == ["CHN", "RUS"]


def test_tenths_and_a_digit_of_hundredths(nlp):
    (share,) = found(nlp, ["資通產品占總出口比重約3成5。"], "percentage")
    assert share["args"]["value"] == 35 and share["args"]["approx"] == "about"


def test_the_next_value_of_a_list_is_the_same_subject_s(nlp):
    text = "中國掌控全球約6成的稀土開採，以及近9成的稀土加工產能。"
    assert [s["args"]["subject"] for s in found(nlp, [text], "percentage")] == ["CHN", "CHN"]


def test_values_given_respectively_are_each_state_s_in_order(nlp):
    shares = found(nlp, ["美国、日本和韩国分别占30%、25%和20%。"], "percentage")
    assert [s["args"]["subject"] for s in shares] == ["USA", "JPN", "KOR"]
    assert {s["args"]["measure"] for s in shares} == {None}


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("日本航空自卫队与印度空军的战斗机联合演习“维尔卫士2023”16日开始。", ["IND", "JPN"]),
        ("英国皇家海军在北海举行军事演习。", ["GBR"]),
        ("美国第七舰队在南海举行军事演习。", ["USA"]),
    ],
)
def test_a_state_s_name_before_a_force_in_one_name_is_that_state(nlp, text, participants):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == participants


def test_two_abbreviations_before_an_armed_service_are_two_states(nlp):
    text = "新美陆军“虎膏”联合演习在夏威夷展开"
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["SGP", "USA"]


def test_a_share_named_after_where_it_comes_from_is_that_state_s(nlp):
    text = "其中，自泰国进口的份额降至57%，自越南进口的份额升至约四成。"
    shares = found(nlp, [text], "percentage")
    assert [s["args"]["subject"] for s in shares] == ["THA", "VNM"]
    (gas,) = found(nlp, ["2021年，歐盟天然氣進口中來自俄羅斯的比重約為四成。"], "percentage")
    assert gas["args"]["subject"] == "RUS"


def test_an_alliance_s_exercise_is_multilateral_whatever_states_are_named(nlp):
    text = "据波兰国防部消息，北约年度系列演习中规模最大的组成部分“龙-24”演习4日在波兰中部进行。"
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["scope"] == "multilateral"


def test_a_fleet_s_drill_in_a_tass_wire_is_russia_s(nlp):
    texts = [
        "北方舰队在巴伦支海举行反潜演习",
        "塔斯社北莫尔斯克7月10日电",
        "舰队多艘核潜艇和反潜舰艇当天在巴伦支海举行反潜演习。",
    ]
    exercises = found(nlp, texts, "exercise")
    assert exercises and {e["args"]["participants"][0] for e in exercises} == {"RUS"}


def test_a_ministry_in_an_agreement_s_name_is_its_state(nlp):
    text = (
        "会谈后，两国防长签署了《中华人民共和国国防部和老挝人民民主共和国国防部"
        "关于军事合作的谅解备忘录》。"
    )
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == ["CHN", "LAO"]


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("1945年8月14日，中華民國與蘇聯在莫斯科簽訂《中蘇友好同盟條約》。", ["CHN", "SUN"]),
        ("1954年12月2日，中華民國與美國簽訂《中美共同防禦條約》。", ["TWN", "USA"]),
    ],
)
def test_the_republic_of_china_signs_for_china_before_1949(nlp, text, parties):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == parties


def test_the_first_year_of_the_republic_is_1912(nlp):
    (treaty,) = found(
        nlp, ["民國元年十一月三日，俄國代表在庫倫與外蒙古簽訂《俄蒙協約》。"], "treaty"
    )
    assert treaty["args"]["date"]["value"] == "1912-11-03"


def test_days_of_last_month_keep_that_month(nlp):
    text = "上月9日至22日，印度陆军与美国陆军在拉贾斯坦邦举行“准备战争-2024”联合军演。"
    (exercise,) = found(nlp, [text], "exercise", "2024-10-15")
    assert exercise["args"]["start"]["value"] == "2024-09-09"
    assert exercise["args"]["end"]["value"] == "2024-09-22"


def test_an_armed_force_before_a_share_is_its_state_s(nlp):
    (share,) = found(nlp, ["演习期间，解放军约占参演总兵力的四成。"], "percentage")
    assert share["args"]["subject"] == "CHN"
