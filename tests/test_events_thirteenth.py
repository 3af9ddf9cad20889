"""Families found on the sets read in the thirteenth session (unseen74 and unseen78, held
out in the twelfth; unseen79 and unseen82 written in the thirteenth): agreements counted
without a number, contracts of people who are no state, a description followed by the
name it has, historical forms (条款, 條規, 章程, 协约) and verbs (訂立), prohibitions,
autumn manoeuvres, archive files and articles cited."""

import pytest
from conftest import events, found


def test_a_description_followed_by_its_name_is_that_name_acted_on(nlp):
    text = "1879年10月7日，德奥两国在维也纳签订针对俄国的秘密同盟条约，即《德奥同盟条约》。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["text"] == "德奥同盟条约" and treaty["args"]["action"] == "sign"
    assert treaty["args"]["date"]["value"] == "1879-10-07"
    assert treaty["args"]["parties"] == ["AUT", "DEU"]


def test_a_name_history_gives_is_the_same_mention(nlp):
    text = "1844年7月3日，顾盛与耆英在澳门望厦村签订《中美五口贸易章程》，史称《望厦条约》。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["text"] == "中美五口贸易章程" and treaty["args"]["form"] == "charter"


def test_a_short_name_that_is_a_form_word_leaves_the_description_the_mention(nlp):
    text = "2020年，两国签署了自由贸易协定（以下简称《协定》）。"
    assert events(nlp, [text], "treaty") == ["自由贸易协定"]


@pytest.mark.parametrize(
    ("text", "name", "form"),
    [
        ("次年10月8日双方又在虎门签订《五口通商附粘善后条款》。", "五口通商附粘善后条款", "other"),
        ("1871年9月13日，李鴻章與伊達宗城在天津簽訂《中日修好條規》。", "中日修好條規", "treaty"),
        ("清廷於1882年10月與朝鮮訂立《中朝商民水陸貿易章程》。", "中朝商民水陸貿易章程", "charter"),
        ("1907年8月31日，英俄兩國在聖彼得堡簽訂《英俄協約》。", "英俄協約", "agreement"),
    ],
)
def test_historical_forms_and_verbs(nlp, text, name, form):
    (treaty,) = found(nlp, [text], "treaty")
    args = treaty["args"]
    assert (treaty["text"], args["form"], args["action"]) == (name, form, "sign")


def test_two_agreements_in_a_from_to_title_are_two(nlp):
    text = "從英法協約到英俄協約：英國「光榮孤立」的終結"
    assert events(nlp, [text], "treaty") == ["英法協約", "英俄協約"]


@pytest.mark.parametrize(
    "text",
    [
        "李鴻章與伊達宗城簽訂條規，為近代中日兩國首次締結的平等條約。",  # what it was
        "外蒙享有自治權，惟外蒙不得自行與外國訂立政治及領土條約。",  # a prohibition
        "每到毕业季，不少高校都会催促学生尽快签订就业“三方协议”。",  # no state signs
        "我所住的社区訂有「守望相助公約」，每年舉辦一次消防演習。",
    ],
)
def test_predicates_prohibitions_and_contracts_of_people_are_no_agreement(nlp, text):
    assert events(nlp, [text], "treaty") == []


def test_autumn_manoeuvres_are_exercises(nlp):
    text = "1905年10月，练兵处在直隶河间举行“河间秋操”。次年10月，练兵处又在河南彰德举行秋操。"
    assert events(nlp, [text], "exercise") == ["河间秋操", "秋操"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("⑧依印方說法，參見外交部檔案，〈中巴邊界協定〉，館藏號020-010102-0123。", "treaty"),
        ("黃俊彥，〈從「主桅」演習看北約初期的海上防衛〉，《軍事史評論》，第19期。", "exercise"),
    ],
)
def test_an_archive_file_and_an_article_cited_are_no_event(nlp, text, kind):
    assert events(nlp, [text], kind) == []


@pytest.mark.parametrize(
    "text",
    [
        "陳美寶指出，香港至今已與超過70個航空伙伴簽訂民用航空運輸協定。",
        "香港目前已與三十多個司法管轄區簽訂刑事事宜相互法律協助協定。",
        "澳門至今已與內地、葡萄牙、莫桑比克等十多個國家和地區簽訂避免雙重徵稅協定。",
    ],
)
def test_agreements_with_a_count_of_partners_are_agreements_in_general(nlp, text):
    assert events(nlp, [text], "treaty") == []


@pytest.mark.parametrize(
    "text",
    [
        "双方还同意尽快展开《香港特别行政区政府和巴西联邦共和国政府关于移交逃犯的协定》的谈判。",
        "臺灣與帛琉宣布將於年內啟動「臺帛航空服務協定」的修約談判。",
    ],
)
def test_talks_still_to_open_are_planned(nlp, text):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == "plan"


def test_agreeing_to_extend_is_extending(nlp):
    text = "印度外交部22日宣布，印度與巴基斯坦已同意將2019年簽署的卡塔爾普爾走廊協議再延長5年。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] != "plan"


@pytest.mark.parametrize(
    "text",
    [
        "有人据此设想一份覆盖全欧的“核共享协定”，把法国的核保护伞延伸到德国。",
        "比起在新的“防务协定”上讨价还价，岛国更需要的是大国兑现承诺。",
        "有西方学者主张另起炉灶，由少数成员先签一份“诸边协定”。",
        "近来一些网络平台在用户注册时推送长达万字的“服务协议”。",  # no state signs
    ],
)
def test_a_kind_of_agreement_imagined_in_quotation_marks_is_none(nlp, text):
    assert events(nlp, [text], "treaty") == []


def test_a_kind_in_quotation_marks_that_is_signed_is_an_agreement(nlp):
    text = "2023年，中国与越南签署了一份“蓝色伙伴关系”协定。"
    assert len(found(nlp, [text], "treaty")) == 1


def test_the_name_people_commonly_use_is_the_same_mention(nlp):
    text = "1985年，论坛成员国签署《南太平洋无核区条约》，也就是人们常说的《拉罗通加条约》。"
    assert events(nlp, [text], "treaty") == ["南太平洋无核区条约"]


def test_a_clause_quoted_after_an_exercise_is_what_was_said(nlp):
    text = "俄罗斯方面称，北约的反导演习“正在把北方海域变成射击场”。"
    assert events(nlp, [text], "exercise") == []


def test_a_port_whose_name_reads_as_two_abbreviations_is_a_place(nlp):
    text = "（軍聞社記者陳建宏蘇澳22日電）海軍131艦隊今（22）日在蘇澳外海實施「海威12號」操演。"
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["TWN"]


def test_a_unit_said_again_in_the_press_of_its_own_forces_is_theirs(nlp):
    texts = [
        "裝甲五八四旅參加長泰42號演習",
        "青年日報　中華民國114年9月5日　星期五",
        "陸軍裝甲第五八四旅日前參加長泰42號演習，戰車沿台61線快速機動至新竹南寮漁港一帶。",
        "演習結束後，該旅將返回湖口營區，並於下月參加長泰演習的第二階段。",
    ]
    assert {p for e in found(nlp, texts, "exercise") for p in e["args"]["participants"]} == {"TWN"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("裝甲第五八四旅日前參加長泰42號演習，M1A2T戰車與CM-11戰車沿台61線快速機動。", "長泰42號"),
        ("共軍73集團軍福建沿海登陸演練 國防部：全程掌握", "登陸演練"),
    ],
)
def test_a_name_with_an_edition_starts_after_the_verb_and_a_unit_number_is_none(nlp, text, name):
    assert [e.endswith(name) for e in events(nlp, [text], "exercise")] == [True]


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("朝鲜谴责美韩举行“乙支自由护盾”联合军演。", ["KOR", "USA"]),
        ("中国外交部批评美日韩在东海举行联合演习。", ["JPN", "KOR", "USA"]),
        ("美日韩不顾中方批评在东海举行联合演习。", ["JPN", "KOR", "USA"]),
    ],
)
def test_a_state_that_criticises_an_exercise_takes_no_part(nlp, text, participants):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == participants


@pytest.mark.parametrize(
    "text",
    [
        "朝鲜方面一贯批评此类演习是“侵略战争演习”。",
        "朝鲜此前批评韩美日在济州岛附近公海举行的海上联合演习是“战争演练”。",
    ],
)
def test_what_an_exercise_is_called_is_no_exercise(nlp, text):
    assert all("战争" not in e for e in events(nlp, [text], "exercise"))


def test_an_exercise_a_firing_belongs_to_is_named(nlp):
    text = "台湾防务部门说，这次射击是年度“联合反登陆作战演习”的一部分，美方人员在场观摩。"
    assert events(nlp, [text], "exercise") == ["联合反登陆作战演习"]


def test_an_evacuation_drill_of_residents_is_civil(nlp):
    text = "日本沖繩縣石垣市今天上午舉行彈道飛彈落下時的居民避難演練，約300名市民與學生參加。"
    assert events(nlp, [text], "exercise") == []


def test_agreements_of_cities_and_universities_are_contracts(nlp):
    texts = [
        "会上，绍兴市与日本、韩国的两座城市签署了友好交流城市协议书。",
        "会上，三国6所大学还签署了学术合作谅解备忘录。",
    ]
    assert events(nlp, texts, "treaty") == []


def test_a_bare_exercise_taken_part_in_is_the_one_spoken_of(nlp):
    text = "“警戒风暴”联合空中演习将延长至11月5日。美军F-35B隐形战机也参加了演习。"
    assert events(nlp, [text], "exercise") == ["警戒风暴"]


def test_an_agreement_a_province_signs_with_territories_is_no_treaty(nlp):
    text = (
        "此前，广东省政府已分别于2010年4月和2011年3月与香港特区政府、澳门特区政府在北京签署"
        "《粤港合作框架协议》和《粤澳合作框架协议》。"
    )
    assert events(nlp, [text], "treaty") == []


def test_a_historical_government_and_a_venue_city_sign_treaties(nlp):
    texts = [
        "1911年12月20日，清政府與俄國在齊齊哈爾簽訂「滿洲里界約」。",
        "外交部長林佳龍於本（3）月13日在瓜地馬拉市與瓜國外交部長共同簽署「數位治理合作瞭解備忘錄」。",
    ]
    assert events(nlp, texts, "treaty") == ["滿洲里界約", "數位治理合作瞭解備忘錄"]


def test_agreements_with_tax_jurisdictions_in_general_are_none(nlp):
    text = "政府發言人表示，香港至今已與四十多個稅務管轄區簽訂全面性避免雙重課稅協定。"
    assert events(nlp, [text], "treaty") == []


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "外交部發言人表示，中方注意到，亞美尼亞和阿塞拜疆領導人8日在華盛頓草簽「亞阿和平協議」文本。",
            ["ARM", "AZE"],
        ),
        ("答：中方对美方宣布退出《巴黎协定》表示关切。", ["USA"]),
        ("中方表示，中俄两国签署了《睦邻友好合作条约》。", ["CHN", "RUS"]),  # named again
    ],
)
def test_a_state_that_notes_or_regrets_an_agreement_is_no_party(nlp, text, parties):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == parties


@pytest.mark.parametrize(
    "text",
    [
        "柬埔寨商业部1日发表新闻公报说，韩柬两国的自由贸易协定当天起正式生效。",  # a press release
        "法瑞尔说，澳方仍愿恢复谈判，但“不会接受一份对澳大利亚农民不利的协定”。",  # quoted
    ],
)
def test_a_press_release_and_a_quoted_refusal_are_no_agreement(nlp, text):
    assert "公报" not in "".join(events(nlp, [text], "treaty"))
    assert not any("不会" in e for e in events(nlp, [text], "treaty"))


@pytest.mark.parametrize(
    "text",
    [
        "据了解，两支部队下个月还将参加战区组织的联合实兵演习。",
        "旅长介绍，该旅不久后还将参加火箭军组织的战役级导弹突击演习。",
    ],
)
def test_an_unnamed_drill_of_forces_whose_state_is_unsaid_is_national(nlp, text):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["scope"] == "national"


def test_a_share_shipped_to_a_state_is_that_states(nlp):
    (share,) = found(nlp, ["智利車厘子出口量約62萬噸，其中約91%運往中國內地。"], "percentage")
    assert share["args"]["subject"] == "CHN"


def test_a_list_of_places_where_an_exercise_is_held_is_its_location(nlp):
    text = "北約的「堅定飛鏢2025」正在羅馬尼亞、保加利亞和希臘進行，德國、西班牙等9國參加。"
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["location"]["text"] == "羅馬尼亞、保加利亞和希臘"


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        (
            "俄乌冲突爆发前，俄罗斯管道气占欧盟天然气进口的40%以上；2023年这一比例降至约8%。",
            ["RUS", "RUS"],
        ),
        ("日本防卫预算约占国内生产总值的1.8%，距离2027财年达到2%的目标仍有差距。", ["JPN", None]),
    ],
)
def test_what_a_share_became_is_the_same_states(nlp, text, subjects):
    assert [e["args"]["subject"] for e in found(nlp, [text], "percentage")] == subjects


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("与会领导人通过《金砖国家领导人第十六次会晤喀山宣言》，宣言重申坚持多边主义。", "sign"),
        ("1976年首屆峰會則通過《東協協調一致宣言》。", "sign"),
        ("各国应通过《巴黎协定》确立的机制加强合作。", "mention"),  # by means of it
    ],
)
def test_a_declaration_adopted_is_signed(nlp, text, action):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == action
