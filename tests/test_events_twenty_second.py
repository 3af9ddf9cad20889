"""General families of the twenty-second session, decided on the read hand sets (unseen198,
airspace and air forces; unseen200, election campaigns). Treaties: a negation with a modal or
an adverb before the verb (不應廢除, 不會片面廢除) leaves the agreement mentioned; an agreement
of the gazetteer is never a contract, whoever speaks of it (民進黨政府); an end put off (暂缓
终止) extends it; a future or wished-for accession (将重新加入, 争取加入) is a plan; an
organisation after 在 is where others meet, no partner (在白宮與…會談). Exercises: a code name
is no verb phrase (以代號對台實施大規模軍演); a state right after 对 and before the verb of
holding the exercise is what it is aimed at; who takes part by 参加 before the name joins its
holders (日韓戰機…參加美軍「紅旗」演習), unless refused (不派兵參加); an end after a place
(昨日在…訓練場閉幕) closes a range."""

import pytest
from conftest import found


def treaties(nlp, texts: list[str]) -> list[tuple[str, str, list[str]]]:
    return [
        (e["args"]["name"], e["args"]["action"], e["args"]["parties"])
        for e in found(nlp, texts, "treaty")
    ]


def participants(nlp, texts: list[str]) -> list[list[str]]:
    return [e["args"]["participants"] for e in found(nlp, texts, "exercise")]


@pytest.mark.parametrize(
    "text",
    [
        "在野黨主席表示，ECFA不應廢除。",
        "民進黨政府不會片面廢除ECFA。",
        "美国政府表示不会退出《巴黎协定》。",
    ],
)
def test_a_negated_end_with_a_modal_or_adverb_is_a_mention(nlp, text):
    assert [action for _, action, _ in treaties(nlp, [text])] == ["mention"]


def test_a_gazetteer_agreement_is_never_a_contract(nlp):
    text = "國民黨立委質詢時說，ECFA讓農漁民受惠。"
    assert [name for name, _, _ in treaties(nlp, [text])] == ["ECFA"]


def test_an_end_put_off_is_an_extension(nlp):
    text = "韩国政府决定暂缓终止《韩日军事情报保护协定》。"
    assert treaties(nlp, [text]) == [("韩日军事情报保护协定", "extend", ["JPN", "KOR"])]


@pytest.mark.parametrize(
    "text",
    [
        "新政府上任后将重新加入《巴黎协定》。",
        "特區政府會繼續爭取加入《區域全面經濟夥伴關係協定》。",
        "韩国应研究加入《全面与进步跨太平洋伙伴关系协定》。",
    ],
)
def test_a_future_accession_is_a_plan(nlp, text):
    assert [action for _, action, _ in treaties(nlp, [text])] == ["plan"]


def test_a_research_body_before_the_verb_is_no_plan(nlp):
    text = "双方于3月5日与该国农业研究委员会在北京签署《输华植物检疫要求议定书》。"
    assert [action for _, action, _ in treaties(nlp, [text])] == ["sign"]


def test_an_organisation_after_zai_is_where_others_meet(nlp):
    text = "日本首相昨天在白宮與美國總統舉行會談，會後雙方發表聯合聲明。"
    assert [parties for *_, parties in treaties(nlp, [text])] == [["JPN", "USA"]]


def test_a_code_name_is_no_verb_phrase(nlp):
    texts = [
        "這是共軍今年第二次以代號對台實施大規模軍演。",
        "俄军代号为“东方-2022”的战略演习开始。",
    ]
    names = [e["args"]["name"] for e in found(nlp, texts, "exercise")]
    assert "东方-2022" in names
    assert not [name for name in names if name.startswith("對")]


def test_a_state_after_dui_before_the_verb_is_aimed_at(nlp):
    text = "今年5月，共軍對台實施「聯合利劍－2024A」演習。"
    assert participants(nlp, [text]) == [["CHN"]]


def test_relations_with_a_state_are_no_aim(nlp):
    text = "印馬「埃庫維林」聯合軍演登場 馬國政府修補對印關係"
    assert participants(nlp, [text]) == [["IND", "MYS"]]


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("日韓戰機赴阿拉斯加，參加美軍「紅旗」年度空戰演習。", [["JPN", "KOR", "USA"]]),
        ("日本自卫队今年参加美澳“护身军刀”联合演习。", [["AUS", "JPN", "USA"]]),
        ("中方批评日本参加美澳“护身军刀”联合演习。", [["AUS", "JPN", "USA"]]),
        ("美军将赴秘鲁参加“坚定哨兵-2024”多国演习。", [["USA"]]),
        ("印度8月宣布不派兵參加俄羅斯主辦的「高加索-2020」戰略演習。", [["RUS"]]),
    ],
)
def test_who_joins_by_canjia_takes_part(nlp, text, states):
    assert participants(nlp, [text]) == states


def test_an_end_after_a_place_closes_the_range(nlp):
    text = (
        "由蒙古國與美國聯合主辦的「可汗探索2024」多國維和演習於6月14日展開，28日在五山訓練場閉幕。"
    )
    (exercise,) = found(nlp, [text], "exercise", "2024-06-29")
    assert exercise["args"]["start"]["value"] == "2024-06-14"
    assert exercise["args"]["end"]["value"] == "2024-06-28"


# From unseen202 (customs and trade facilitation) and unseen204 (military academies)


def test_talks_on_revising_an_agreement_signed_before_are_negotiation(nlp):
    text = "中哈双方正就修订2004年签署的《中哈边境口岸及其管理制度的协定》进行磋商。"
    assert [action for _, action, _ in treaties(nlp, [text])] == ["negotiate"]


def test_other_members_of_an_agreement_are_no_event(nlp):
    assert treaties(nlp, ["2023年，中国与RCEP其他成员国进出口总额为12.6万亿元。"]) == []


def test_a_series_name_before_law_enforcement_is_no_series(nlp):
    text = "海关下月将与广东省海警局在大屿山以西水域举行粤港海上联合执法演练。"
    assert [e.get("kb_id") for e in (x["args"] for x in found(nlp, [text], "exercise"))] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "拱北海关联同澳门海关昨日在横琴口岸进行分线管理通关模拟演练。",
        "满洲里海关与后贝加尔斯克海关开展监管结果互认试点联合监管模拟演练。",
    ],
)
def test_customs_clearance_simulations_are_civil(nlp, text):
    assert found(nlp, [text], "exercise") == []


def test_a_short_name_in_brackets_alone_is_the_same_mention(nlp):
    text = (
        "內地與香港於2024年10月9日簽署的《關於修訂〈CEPA服務貿易協議〉的協議》"
        "（《修訂協議》）已實施。"
    )
    assert len(treaties(nlp, [text])) == 1


def test_a_formal_title_with_a_weak_form_word_is_an_agreement(nlp):
    text = (
        "6月1日起，《中华人民共和国海关总署与蒙古国海关总局关于经认证的经营者互认的安排》正式实施。"
    )
    ((name, _, parties),) = treaties(nlp, [text])
    assert name.endswith("的安排") and parties == ["CHN", "MNG"]
    (event,) = found(nlp, [text], "treaty")
    assert event["args"].get("location") is None  # 于 of 关于 is no place


def test_the_end_of_a_term_is_no_date_of_the_agreement(nlp):
    text = "新美兩國2019年9月簽署修訂文件，將「美星諒解備忘錄」延長至2035年。"
    (event,) = found(nlp, [text], "treaty")
    assert event["args"]["date"]["value"] == "2019-09"


def test_a_mutual_recognition_arrangement_is_an_agreement(nlp):
    text = "中俄海关签署AEO互认安排和小麦检疫议定书"
    assert [name for name, _, _ in treaties(nlp, [text])] == ["AEO互认安排", "小麦检疫议定书"]


# From unseen206 (escort task forces) and unseen208 (tourism and visa agreements)


@pytest.mark.parametrize(
    ("text", "date", "kind", "key"),
    [
        ("韓美「自由之盾」聯合演習今登場　野外訓練增至48項", "2024-03-04", "exercise", "start"),
        ("日菲「相互准入協定」今生效　自衛隊赴菲聯訓有法源", "2025-09-11", "treaty", "date"),
    ],
)
def test_a_bare_jin_before_a_verb_is_today(nlp, text, date, kind, key):
    (event,) = found(nlp, [text], kind, date)
    assert event["args"][key]["value"] == date


def test_jin_of_zhijin_is_no_date(nlp):
    doc = nlp("两国至今已举行十次联合演习，如今又签署协定。")
    assert [e.text for e in doc.ents if e.label_ == "DATE"] == []


def test_closed_the_same_day_ends_on_its_date(nlp):
    text = "東部戰區昨日清晨宣布展開「聯合利劍－2024B」演習，當天傍晚即宣布結束。"
    (event,) = found(nlp, [text], "exercise", "2024-10-15")
    assert event["args"]["start"]["value"] == event["args"]["end"]["value"] == "2024-10-14"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("在被护船舶中，悬挂五星红旗的中国籍船舶约占28%。", "CHN"),
        ("2024年泰国接待外国游客约3555万人次，其中中国游客约673万人次，占比约19%。", "CHN"),
        ("事件共造成298人遇难，其中近三分之二为荷兰公民。", "NLD"),
    ],
)
def test_a_share_of_one_nationality_is_that_states(nlp, text, subject):
    (share,) = found(nlp, [text], "percentage")
    assert share["args"]["subject"] == subject


def test_a_share_of_foreign_ships_has_no_subject(nlp):
    (share,) = found(nlp, ["在被护船舶中，外国籍船舶占比超过50%。"], "percentage")
    assert share["args"].get("subject") is None


@pytest.mark.parametrize(
    "text",
    [
        "外交部表示，將持續與英方落實「台英加強貿易夥伴關係安排」。",
        "两国国防部长签署了《2025年俄白两军合作计划》。",
    ],
)
def test_a_weak_form_carried_out_or_a_cooperation_plan_is_an_agreement(nlp, text):
    assert len(treaties(nlp, [text])) == 1


def test_travel_agencies_sign_contracts(nlp):
    assert treaties(nlp, ["推广周期间，中蒙旅行社签署了10余份合作协议。"]) == []


# From unseen210 (labour migration and readmission)


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("俄国民近卫军在莫斯科州举行大规模反恐演习", [["RUS"]]),
        ("俄国民近卫军还计划于今年秋季同白俄罗斯内务部队举行联合反恐演习。", [["BLR", "RUS"]]),
        ("中国武警部队与乌兹别克斯坦国民近卫军举行“合作-2019”联合反恐演习。", [["CHN", "UZB"]]),
        ("中老边境执法部门举行联合演练", [["CHN", "LAO"]]),
        ("拉脫維亞國防部宣布，即日起在與白俄羅斯交界的地區舉行「冬季之盾2021」演習。", [["LVA"]]),
    ],
)
def test_forces_agencies_and_borders(nlp, text, states):
    assert participants(nlp, [text]) == states


def test_agencies_and_employers_sign_contracts(nlp):
    assert treaties(nlp, ["外傭中介與僱主簽訂服務協議時，須列明收費。"]) == []


def test_a_nationality_before_the_share_wins_over_where(nlp):
    text = "乌兹别克斯坦公民在俄外国劳务移民中约占四成。"
    (share,) = found(nlp, [text], "percentage")
    assert share["args"]["subject"] == "UZB"


# From unseen212 (reserves, militia and mobilisation)


@pytest.mark.parametrize(
    "text",
    [
        "市府並與轄內超商簽訂物資供應合作協議，確保緊急時民生物資不中斷。",
        "据悉，省军区此前已与省交通运输厅签订《交通战备军地协作协议》。",
    ],
)
def test_city_halls_shops_and_military_districts_sign_no_treaty(nlp, text):
    assert treaties(nlp, [text]) == []


def test_before_the_exercise_is_its_time_not_a_new_one(nlp):
    text = "市府官員說，演習前已進行桌上兵棋推演。"
    assert found(nlp, [text], "exercise") == []


# From unseen214 (courts, arbitration and treaty disputes)


def test_a_bare_zuo_before_a_verb_is_yesterday_and_xisha_is_a_place(nlp):
    text = "南中国海仲裁案今宣判　中国海军西沙军演昨结束"
    (event,) = found(nlp, [text], "exercise", "2016-07-12")
    assert event["args"]["participants"] == ["CHN"]
    assert event["args"]["end"]["value"] == "2016-07-11"


@pytest.mark.parametrize(
    ("text", "states"),
    [
        (
            "菲律宾与美国今年4月4日至15日举行“肩并肩”联合军演，澳大利亚部队首次参加，日本则派员观摩。",
            [["AUS", "PHL", "USA"]],
        ),
        (
            "美國與菲律賓年度「肩並肩」聯合軍事演習今天展開，約1萬6700名官兵參與，澳洲與法國部隊也參加部分項目。",
            [["AUS", "FRA", "PHL", "USA"]],
        ),
    ],
)
def test_a_force_taking_part_in_the_exercises_sentence_joins_it(nlp, text, states):
    assert participants(nlp, [text]) == states


def test_a_force_taking_part_in_another_sentence_alone_does_not(nlp):
    texts = ["中俄海军举行“海上联合-2019”联合演习。", "中国海军曾两次应邀参加。"]
    assert participants(nlp, texts) == [["CHN", "RUS"]]


# From unseen216 and unseen218 (space cooperation; think-tank calendars and weekly briefs)


def test_slash_dates_of_calendars_and_briefs(nlp):
    dates = {
        "6/27　“环太平洋-2024”多国海上联合演习在夏威夷开幕，持续至8/1。": [
            "XXXX-06-27",
            "XXXX-08-01",
        ],
        "國防安全週報｜漢光41號實兵演習紀要(7/9-7/18)": ["XXXX-07-09"],
        "2024/6/19　普丁訪問平壤": ["2024-06-19"],
    }
    for text, values in dates.items():
        found_values = [
            e._.value.get("value") or e._.value.get("start")
            for e in nlp(text).ents
            if e.label_ == "DATE"
        ]
        assert found_values == values


def test_a_fraction_is_no_slash_date(nlp):
    assert [e for e in nlp("约1/3的受访者支持，增至1/3。").ents if e.label_ == "DATE"] == []


def test_a_plans_year_gives_no_year_to_the_next_entry(nlp):
    texts = [
        "11/4　韓美簽署第12次《防衛費分擔特別協定》,2027年起每年增幅與物價連動。",
        "11/13-15　美日韓第二次「自由之刃」多領域聯合演習於濟州島以南公海舉行。",
    ]
    (event,) = found(nlp, texts, "exercise", "2024-11-20")
    assert event["args"]["start"]["value"] == "2024-11-13"


# From unseen220 (Central Asia and the Caucasus)


def test_an_initialled_agreement_is_negotiated(nlp):
    text = "亚美尼亚和阿塞拜疆外长在白宫草签和平协议。"
    assert [action for _, action, _ in treaties(nlp, [text])] == ["negotiate"]


def test_a_share_of_goods_of_one_origin_is_that_states(nlp):
    (share,) = found(nlp, ["2021年，俄罗斯商品在哈进口中的占比高达43%。"], "percentage")
    assert share["args"]["subject"] == "RUS"


def test_a_member_after_a_number_is_its_unit_only_when_it_is_one(nlp):
    runs = {
        "●6/27—6/29美日韩在济州岛以南公海举行联合演习。": ["USA", "JPN", "KOR"],
        "9月8日中俄两国签署协定。": ["CHN", "RUS"],
    }
    for text, states in runs.items():
        assert [e.kb_id_ for e in nlp(text).ents if e.label_ == "GPE"] == states
