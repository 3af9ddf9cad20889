"""Families found on the sets read in the eleventh session (unseen47, 52, 55 held out in the
tenth; unseen57, 59, 62 written in the eleventh): suppositions, frames and authorities
around names, names given as examples or held by a verb and 的, glossed names, editions
in Roman numerals, trends, notes that cite news items, abbreviation runs inside a
transliterated name, Uzbekistan among the Central Asian abbreviations."""

import pytest
from conftest import events, found


@pytest.mark.parametrize(
    "text",
    [
        "有分析人士担心，如果日朝今后也举行联合军演，东北亚局势将更难收拾。",
        "外界关注的是：美军会不会与越南海军举行联合演习。",
        "巴方官员表示不排除两国在适当时候举行联合演习。",
        "俄伊会举行联合军演吗？",
        "若兩國下一步再簽署互惠准入協定，日軍在歐洲的存在將更加常態化。",
    ],
)
def test_a_supposed_drill_or_agreement_is_no_event(nlp, text):
    assert events(nlp, [text], "exercise") == [] and events(nlp, [text], "treaty") == []


def test_a_named_agreement_in_a_condition_stays_one(nlp):
    text = "如果《南极条约》的协商会议明年仍无共识，各方恐将另起炉灶。"
    assert events(nlp, [text], "treaty") == ["南极条约"]


@pytest.mark.parametrize(
    "text",
    [
        "表2　“欧洲威慑倡议”框架下的部分多国演习",  # a frame, not a name
        "此次演習被視為檢驗「積極防禦」構想的關鍵演練。",
        "據估計，2022年俄軍依「維也納文件」事先通報的演習不足半數。",  # an authority
        "俄方以相關活動屬「戰備突擊檢查」而非演習為由拒絕說明。",  # declared no exercise
        "美韩在西海举行了以“罗纳德·里根”号为核心的联合演习。",  # a ship
    ],
)
def test_names_that_frame_authorise_or_deny_an_exercise_are_none(nlp, text):
    assert all(
        name not in events(nlp, [text], "exercise")
        for name in ("欧洲威慑倡议", "積極防禦", "維也納文件", "戰備突擊檢查", "罗纳德·里根")
    )


def test_a_glossed_name_right_before_its_exercise_word_is_one(nlp):
    text = "北約每年舉行「太空聯盟」（Space Coalition）演習，日本亦派員參與。"
    assert events(nlp, [text], "exercise") == ["太空聯盟"]


def test_a_signed_framework_document_is_an_agreement(nlp):
    text = "格鲁吉亚于1994年3月23日签署北约《和平伙伴关系框架文件》。"
    assert events(nlp, [text], "treaty") == ["和平伙伴关系框架文件"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "冷戰後北歐的多國演習日益頻繁。以「北極挑戰2021」為例，挪威空軍約占參演兵力的三成。",
            ["北極挑戰2021"],
        ),
        (
            "波羅的海的多國演習以「春季風暴」（Spring Storm）與「鐵狼」（Iron Wolf）為代表。",
            ["春季風暴", "鐵狼"],
        ),
    ],
)
def test_names_given_as_examples_of_exercises_are_exercises(nlp, text, expected):
    assert events(nlp, [text], "exercise") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "爱沙尼亚海军主导的“开放精神2022”于5月在波罗的海清除水雷，共有14国海军参加。",
            ["开放精神2022"],
        ),
        (
            "北约在波罗的海的演习逐年增加。原定2021年5月在立陶宛举行的“夏日之盾”则因疫情取消。",
            ["夏日之盾"],
        ),
    ],
)
def test_a_name_held_by_a_verb_and_de_is_an_exercise(nlp, text, expected):
    assert events(nlp, [text], "exercise") == expected


def test_a_name_held_by_a_verb_and_de_before_another_noun_is_none(nlp):
    text = "两国领导人出席了在北京举行的“一带一路”国际合作高峰论坛，并表示将加强演习合作。"
    assert events(nlp, [text], "exercise") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("拉脫維亞的多國演習頗具規模，2022年3月的「冬季之盾XV」有美、英等國參加。", "冬季之盾XV"),
        ("2019年8月，兩國又以「同盟19-2」取代以往的夏季演習。", "同盟19-2"),
    ],
)
def test_roman_and_numbered_editions_make_a_name(nlp, text, expected):
    assert expected in events(nlp, [text], "exercise")


@pytest.mark.parametrize(
    "text",
    [
        "隨著互信加深，上合組織框架內的多邊演習自2010年起明顯增多。",
        "各工作小组其后轮流举办实兵演习，每年一次。",
        "蒙古国以观察员身份参与上合组织活动，但不派兵参加上合组织框架内的联合演习。",
    ],
)
def test_trends_turns_and_refusals_are_exercises_in_general(nlp, text):
    assert events(nlp, [text], "exercise") == []


def test_navies_search_and_rescue_drill_is_an_exercise(nlp):
    text = "2000年8月，日本海上自卫队与韩国海军在对马海峡举行首次日韩海上搜救联合演习。"
    assert len(events(nlp, [text], "exercise")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "民防行動中心昨日舉行年度「天鴿」颱風綜合演習，三十個部門參與。",
        "保安局在機場舉行代號「護航」的大型跨部門應急演練，模擬一輛旅遊巴起火。",
    ],
)
def test_a_civil_drill_named_in_brackets_is_none(nlp, text):
    assert events(nlp, [text], "exercise") == []


def test_a_drill_said_inside_zai_zhong_is_the_one_spoken_of(nlp):
    texts = ["“雷霆-2024”双边炮兵演习28日在印度结束。\n印方说，两军首次在演习中联合运用数据链。"]
    assert events(nlp, texts, "exercise") == ["雷霆-2024"]


@pytest.mark.parametrize(
    "text",
    [
        "㉔ 參見〈美日「利劍」演習　中方表達關切〉，《中國時報》，2020年10月27日，版A8。",
        "[17] 美国国务院：《美菲加强防务合作协议》文本，2014年4月28日，https://www.state.gov/。",
        "³¹ 條文見美國國防部網站；另參見〈美澳簽署部隊態勢協定〉，《中央社》，2014年8月12日。",
    ],
)
def test_a_note_citing_a_news_item_or_a_document_is_a_reference(nlp, text):
    assert events(nlp, [text], "exercise") == [] and events(nlp, [text], "treaty") == []


def test_a_transliterated_name_is_no_run_of_abbreviations(nlp):
    text = "秘鲁与厄瓜多尔于1998年10月26日在巴西利亚签署《伊塔马拉蒂和平宣言》。"
    (treaty,) = found(nlp, [text], "treaty")
    assert not {"IRN", "TJK", "MYS"} & set(treaty["args"]["parties"])


def test_wu_among_central_asian_abbreviations_is_uzbekistan(nlp):
    text = "中、哈、吉、俄、塔、乌六国主管机关均派员参加“天山-2023”联合反恐演习。"
    (exercise,) = found(nlp, [text], "exercise")
    assert "UZB" in exercise["args"]["participants"]
    assert "UKR" not in exercise["args"]["participants"]


def test_wu_beside_other_states_stays_ukraine(nlp):
    text = "美、英、乌三国海军在黑海举行“海上微风-2021”联合演习。"
    (exercise,) = found(nlp, [text], "exercise")
    assert "UKR" in exercise["args"]["participants"]


def test_historical_states_are_their_own(nlp):
    text = "1968年8月，苏联、民主德国、波兰与匈牙利军队在捷克斯洛伐克边境举行“多瑙河”军事演习。"
    (exercise,) = found(nlp, [text], "exercise")
    assert "DDR" in exercise["args"]["participants"]
    assert not {"DEU", "CZE", "SVK"} & set(exercise["args"]["participants"])


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("1954年6月，周恩来与尼赫鲁在新德里发表联合声明，倡导和平共处五项原则。", {"CHN", "IND"}),
        ("1965年，夏斯特里与阿尤布·汗在开罗签署《停火协定》。", {"IND", "PAK"}),
        ("1986年7月，阿方辛与萨尔内签署《一体化与合作议定书》。", {"ARG", "BRA"}),
        ("2000年6月，金大中与金正日在平壤签署《南北共同宣言》。", {"KOR", "PRK"}),
    ],
)
def test_leaders_sign_for_their_states(nlp, text, parties):
    (treaty,) = found(nlp, [text], "treaty")
    assert set(treaty["args"]["parties"]) == parties


def test_a_form_word_inside_a_states_name_is_none(nlp):
    text = "2019年，埃及、沙特、科威特、巴林和约旦五国军队举行“阿拉伯盾牌-2”联合演习。"
    assert events(nlp, [text], "treaty") == []


@pytest.mark.parametrize(
    "text",
    [
        "2016—2022年间，萨尔瓦多参加南方司令部主导之多国演习的次数最多。",
        "东帝汶与印尼之间迄今未举行双边演习，两国仅签署了一份合作文件。",
    ],
)
def test_counts_and_drills_never_held_are_none(nlp, text):
    assert events(nlp, [text], "exercise") == []


def test_a_first_edition_in_brackets_is_an_exercise(nlp):
    text = "两国海军的联合演习始于2015年；陆军则于2022年3月在拉贾斯坦邦举行首届“沙漠之鹰”。"
    assert "沙漠之鹰" in events(nlp, [text], "exercise")


def test_a_state_bordering_the_place_is_no_participant(nlp):
    text = "白俄罗斯国防部宣布，该国部队将在与立陶宛接壤的格罗德诺州举行战术演习。"
    (exercise,) = found(nlp, [text], "exercise")
    assert "LTU" not in exercise["args"]["participants"]


def test_a_drill_after_the_first_one_ends_is_another(nlp):
    texts = [
        "北部战区海军某驱逐舰支队近日组织海上综合防御演练。",
        "演练结束后，编队转入补给训练，并与北部战区空军某部开展空海协同演练。",
    ]
    assert events(nlp, texts, "exercise") == ["海上综合防御演练", "空海协同演练"]


def test_a_defence_command_holds_a_drill(nlp):
    text = "金門防衛指揮部昨（14）日在料羅灣海岸實施濱海戰鬥演練，驗證反登陸戰力。"
    assert events(nlp, [text], "exercise") == ["濱海戰鬥演練"]


def test_a_series_said_again_in_brackets_is_a_mention(nlp):
    texts = [
        "2021年10月的“南方十字-2021”在智利举行，两国约800名官兵参加。",
        "与“南方十字”相比，这类演习政治象征意义较强。",
    ]
    assert events(nlp, texts, "exercise") == ["南方十字-2021", "南方十字"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "一年前，英国已与乌克兰签署《英乌安全合作协定》，此后多国跟进签署了类似的双边安全协议。",
            ["英乌安全合作协定"],
        ),
        ("有論者認為，日菲之間雖無共同防禦條約，兩軍已建立相當程度的互通性。", []),
        ("澳門至今已與12個經濟體簽署5份自由貿易協定及10份投資協定。", []),
    ],
)
def test_agreements_like_one_said_denied_or_counted_are_no_new_one(nlp, text, expected):
    assert events(nlp, [text], "treaty") == expected


def test_a_school_fire_drill_is_civil(nlp):
    text = "教育局規定學校每年須舉行至少兩次走火警演習，今年多間學校已完成演習。"
    assert events(nlp, [text], "exercise") == []


def test_an_exercise_word_in_scare_quotes_is_no_names_drill(nlp):
    text = "言论：“联合巡航”与“演习”之间的模糊地带"
    assert events(nlp, [text], "exercise") == []


def test_a_sentence_opening_zheshi_describes_the_drill_found(nlp):
    text = (
        "伊朗海军当天起在阿曼湾举行代号“天空卫士-1404”的演习。"
        "这是两伊冲突爆发后，伊朗海军首次举行大型演习。"
    )
    assert events(nlp, [text], "exercise") == ["天空卫士-1404"]


def test_the_two_sides_of_a_contract_said_in_the_sentence_sign_no_treaty(nlp):
    text = "公告显示，双方此前已签署战略合作框架协议和谅解备忘录，本次合同为框架协议下的首个项目。"
    assert events(nlp, [text], "treaty") == []


def test_a_preposition_ends_an_agreements_qualifier(nlp):
    text = "两国政府决定自公报签署之日起相互承认并建立大使级外交关系。"
    assert events(nlp, [text], "treaty") == []


def test_israel_and_lebanon_abbreviated_are_a_pair(nlp):
    text = "以黎停火協議今天清晨生效，黎巴嫩南部民眾陸續返鄉。"
    (treaty,) = found(nlp, [text], "treaty")
    assert set(treaty["args"]["parties"]) == {"ISR", "LBN"}


def test_an_agreement_of_two_states_before_de_is_theirs(nlp):
    text = "以色列與黎巴嫩的停火協議今天清晨4時生效。"
    (treaty,) = found(nlp, [text], "treaty")
    assert set(treaty["args"]["parties"]) == {"ISR", "LBN"}


def test_a_kind_of_drill_is_no_drill(nlp):
    text = "南韓今天下午舉行全國民防空襲演習，這是6年來首次進行此類演習。"
    assert events(nlp, [text], "exercise") == []


def test_rows_of_one_series_in_a_table_are_one_edition_each(nlp):
    text = (
        "表1　2016—2018年美韓春季聯合演習概況\n年份\u3000名稱\u3000主辦國\n"
        "2016\u3000鷂鷹\u3000美國、韓國\n2017\u3000鷂鷹\u3000美國、韓國"
    )
    rows = found(nlp, [text], "exercise")
    assert [e["text"] for e in rows] == ["鷂鷹", "鷂鷹"]
    assert all(set(e["args"]["participants"]) == {"KOR", "USA"} for e in rows)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1922年签署《限制海军军备条约》，即后来常说的《五国海军条约》。", ["限制海军军备条约"]),
        ("朝野過去曾有過不少「君子協定」，如今卻互信蕩然。", []),
        ("一些智库主张与中国谈一份“新的海军限额协定”。", []),
        ("台灣不能再讓大國在密室裡簽下一紙條約來決定人民的前途。", []),
    ],
)
def test_aliases_figures_and_wishes_are_no_new_agreement(nlp, text, expected):
    assert events(nlp, [text], "treaty") == expected


def test_a_years_edition_said_again_in_the_passage_is_another_exercise(nlp):
    text = "韩军每年秋季单独组织“护国”野外机动演习，2024年的“护国”演习于10月下旬展开。"
    assert events(nlp, [text], "exercise") == ["护国", "护国"]


def test_guidelines_agreed_or_ended_by_two_states_are_an_agreement(nlp):
    text = "2021年5月21日，拜登與文在寅會談後宣布終止「韓美飛彈指針」。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["text"] == "韓美飛彈指針" and treaty["args"]["action"] == "withdraw"


@pytest.mark.parametrize(
    "text",
    [
        "美韩双方照例强调这是一场“防御性”演习。",
        "欧洲战机远道而来，亚太不需要“北约化”的演习",
    ],
)
def test_a_quoted_quality_of_a_drill_is_no_name(nlp, text):
    assert events(nlp, [text], "exercise") == []
