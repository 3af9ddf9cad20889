"""General families of the nineteenth session, decided on the read hand sets and the
older read sets. From unseen134 (bilingual news) and unseen136 (international organisations):
a state's short name with 國 (菲國, 馬國, 哈國) is that state, or the state the document names
in full that starts with it (巴國 after 巴拿馬), the first named where it names several; the
gazetteer knows 大馬, 沙烏地 and 獅城 (not 星國: 衛星國); an agreement's acronym after two
states' initials names their agreement (日澳RAA); an unnamed exercise's anchor takes the name
joined to it by a dash (东盟—俄罗斯海上联合演习). From unseen138 (white papers and policy
addresses): a bare 特區政府 signs for the territory the document names, an agreement's name
before a body of it (RCEP成员国) is no event, and a time after 於 is no place. From unseen144
(arms control): a weapon's bracketed name (「堤豐」飛彈系統) is no exercise anywhere in its
document, and a nuclear safety drill is civil. From unseen146 and unseen148 (cyber and space,
Africa and Latin America): an agreement named after a city (布達佩斯公約, 巴黎协定), PRC
agencies that sign for China (国家网信办, 国家航天局), civil drills of elections and epidemics,
civic declarations."""

import pytest
from conftest import found


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("菲國海軍與美軍明日起舉行「肩並肩」聯合演習。", ["PHL", "USA"]),
        ("哈國軍隊與吉國軍隊昨日舉行「邊境-2025」聯合演習。", ["KAZ", "KGZ"]),
        ("「紅浪」系列演習由沙烏地海軍定期舉辦。", ["SAU"]),
        ("此外，大马武装部队本月底将实施年度“刚毅之锋”三军联合演习。", ["MYS"]),
    ],
)
def test_a_states_short_name_takes_part(nlp, text, participants):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == participants


def test_a_short_name_with_guo_is_the_state_the_document_names_in_full(nlp):
    text = "巴拿馬公共安全部長表示，巴國將與美國簽署「安全合作備忘錄」。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == ["PAN", "USA"]


def test_an_abbreviation_of_several_states_named_in_full_is_the_first_named(nlp):
    texts = [
        "巴西主辦的CRUZEX多國空中演習3日展開。",
        "美巴兩國陸軍亦定期舉行「南方先鋒」聯合演習，今年的競賽在巴拉圭舉行。",
    ]
    exercise = next(e for e in found(nlp, texts, "exercise") if e["text"] == "南方先鋒")
    assert exercise["args"]["participants"] == ["BRA", "USA"]


def test_singapore_by_its_nickname_and_no_satellite_state(nlp):
    (treaty,) = found(nlp, ["獅城與澳洲將簽署「國防合作協定」。"], "treaty")
    assert treaty["args"]["parties"] == ["AUS", "SGP"]
    doc = nlp("蒙古成為蘇聯的衛星國。")
    assert [e.kb_id_ for e in doc.ents] == ["MNG", "SUN"]


def test_the_states_own_names_with_guo_stay_whole(nlp):
    doc = nlp("中國與美國、泰國簽署協定。")
    assert [t.text for t in doc][:5] == ["中國", "與", "美國", "、", "泰國"]


@pytest.mark.parametrize(
    ("text", "name", "parties"),
    [
        ("首相岸田文雄與澳洲總理莫里森於2022年1月6日簽署了日澳RAA。", "日澳RAA", ["AUS", "JPN"]),
        ("日加ACSA生效后的一次典型案例。", "日加ACSA", ["CAN", "JPN"]),
    ],
)
def test_an_agreement_acronym_after_two_states_initials(nlp, text, name, parties):
    (treaty,) = found(nlp, [text], "treaty")
    assert (treaty["text"], treaty["args"]["parties"]) == (name, parties)


def test_an_unnamed_exercise_takes_the_name_joined_to_it_by_a_dash(nlp):
    (exercise,) = found(nlp, ["首次东盟—俄罗斯海上联合演习在印尼海域结束"], "exercise")
    assert exercise["text"] == "东盟—俄罗斯海上联合演习"


def test_a_territorys_government_named_bare_signs_for_the_territory(nlp):
    texts = [
        "澳門特別行政區政府新聞局",
        "施政報告回顧指出，今年10月27日，特區政府與香港特區政府簽署"
        "《澳門特別行政區與香港特別行政區關於建立更緊密經貿關係的安排》。",
    ]
    (treaty,) = found(nlp, texts, "treaty")
    assert treaty["args"]["parties"] == ["HKG", "MAC"]


@pytest.mark.parametrize(
    "text",
    [
        "RCEP成员国的人口约占全球三成。",
        "菲律賓公布4處新EDCA基地。",
        "RCEP聯合委員會通過新成員加入程序。",
    ],
)
def test_an_agreements_name_before_a_body_of_it_is_no_event(nlp, text):
    assert found(nlp, [text], "treaty") == []


def test_a_time_after_yu_is_no_place(nlp):
    text = "澳門特區政府將於下月與商務部簽署《投資協議》。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["location"] is None


def test_a_weapons_name_is_no_exercise_anywhere_in_its_document(nlp):
    texts = [
        "美日「堅毅之龍25」演習登場　美軍首度在日部署「堤豐」飛彈系統",
        "美國陸軍的「堤豐」（Typhon）中程飛彈系統已運抵山口縣岩國基地參演。",
        "日本防衛省強調，演習期間不會進行飛彈實射，「堤豐」將在演習結束後撤離。",
    ]
    assert {e["text"] for e in found(nlp, texts, "exercise")} == {"堅毅之龍25"}


def test_a_name_before_a_verb_and_a_weapon_is_still_an_exercise(nlp):
    texts = ["日印陸軍「達摩守護者2024」登場首納無人機課目"]
    assert [e["text"] for e in found(nlp, texts, "exercise")] == ["達摩守護者2024"]


def test_a_nuclear_safety_drill_is_civil(nlp):
    text = "核能安全委員會與屏東縣政府昨日在恆春舉行年度核安演習，國軍化學兵支援除污。"
    assert found(nlp, [text], "exercise") == []


def test_an_exchange_signs_no_treaty(nlp):
    text = "香港交易所昨日與哈薩克阿斯塔納國際交易所簽署合作諒解備忘錄。"
    assert found(nlp, [text], "treaty") == []


@pytest.mark.parametrize(
    "text", ["3.4　中国与哈萨克斯坦签署的主要经贸协定", "3.4中国与哈萨克斯坦签署的主要经贸协定"]
)
def test_a_numbered_section_heading_names_no_agreement(nlp, text):
    assert found(nlp, [text], "treaty") == []


def test_guiding_a_drill_holds_it(nlp):
    text = "朝鲜劳动党总书记金正恩7日来到西部前线某炮兵部队，亲自指导了火力打击演习。"
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["PRK"]


def test_a_named_group_inside_an_agreements_name_gives_its_parties(nlp):
    text = "韩国当局22日决定暂停履行《北南军事领域协议》的部分条款。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == ["KOR", "PRK"]


def test_the_north_korean_press_names_the_united_states_meidi(nlp):
    text = "美帝、日本和韩国傀儡13日至15日悍然举行了代号为“自由之刃”的三方多领域联合演习。"
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["JPN", "KOR", "USA"]


@pytest.mark.parametrize(
    "text",
    [
        "政府工作报告提出，积极推动加入《全面与进步跨太平洋伙伴关系协定》。",
        "规划纲要提出，积极考虑加入《全面与进步跨太平洋伙伴关系协定》。",
    ],
)
def test_pushing_or_considering_to_join_plans_it(nlp, text):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == "plan"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("台灣並非聯合國會員，也無法加入布達佩斯公約。", "布達佩斯公約"),
        ("推动落实联合国气候变化框架公约及其巴黎协定。", "巴黎协定"),
    ],
)
def test_an_agreement_named_after_a_city_without_brackets(nlp, text, name):
    assert name in [e["text"] for e in found(nlp, [text], "treaty")]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("两国领导人在巴黎签署协定。", "巴黎"),  # where it was signed
        ("各國建議退出「禁止殺傷人員地雷公約」，也就是俗稱的渥太華公約。", "渥太華"),  # short name
    ],
)
def test_no_agreement_named_after_a_city_where_it_is_signed_or_a_short_name(nlp, text, place):
    assert not any(e["text"].startswith(place) for e in found(nlp, [text], "treaty"))


def test_a_prc_agency_signs_for_china(nlp):
    text = "国家网信办与哈萨克斯坦数字发展部共同签署《网络安全和信息化合作谅解备忘录》。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == ["CHN", "KAZ"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("南非獨立選舉委員會今天在約翰尼斯堡舉行全國計票系統模擬演練。", "exercise"),
        ("南非衛生部同日也在德班國際機場舉行傳染病疫情應變演練。", "exercise"),
        ("“长征”系列运载火箭发射成功率保持在95%以上。", "exercise"),
        ("數十個公民團體上週在開普敦聯合發表「公平選舉宣言」。", "treaty"),
    ],
)
def test_civil_drills_rockets_and_civic_declarations_are_no_events(nlp, text, kind):
    assert found(nlp, [text], kind) == []


def test_a_place_inside_the_venue_signs_nothing(nlp):
    text = "泰國高等教育部長16日在美國華府國家航空暨太空總署總部簽署「阿提米絲協定」。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == ["THA"]


def test_a_state_corporation_that_signs_for_its_state_is_no_company(nlp):
    text = "中国国家航天局与俄罗斯国家航天集团签署《关于合作建设国际月球科研站的谅解备忘录》。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == ["CHN", "RUS"]


def test_states_listed_before_taking_part_in_the_exercise_join_it(nlp):
    texts = [
        "上合組織成員國主管機關「伊塞克湖-反恐-2025」聯合反恐演習9月9日至11日在吉爾吉斯舉行。"
        "吉、哈、中、俄、塔、烏六國反恐部門參加演習，巴基斯坦和印度派員觀摩。"
    ]
    (exercise,) = found(nlp, texts, "exercise")
    assert exercise["args"]["participants"] == ["CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"]


def test_an_ancient_or_a_new_state_is_no_abbreviation(nlp):
    doc = nlp("埃及是文明古國，新國家成立。")
    assert [e.kb_id_ for e in doc.ents] == ["EGY"]
