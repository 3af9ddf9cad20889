"""General families of the twenty-fourth session, decided on the read hand sets.

Entities: 內地 (the mainland, in Hong Kong and Macau usage) is China (but not across two words
of an agreement's name: 境内地位), so a share of exports
that goes there (輸往內地的出口佔整體出口約55%) or of goods that come from it (原产地为内地的
转口货值约占…) is China's, and so is a share the mainland takes (內地佔香港整體貿易約五成).
Exercises: a state after a verb of heading somewhere (駛往內地的快艇, 开往, 飞往) or circling
it (繞日本一圈) is where a vessel goes, no participant; states that send a number of troops
(澳大利亚派出了200多人), join as a participating party (以正式参演方身份派员) or whose forces
take part among others (澳洲、法國的軍艦也參與其中) or in one of its subjects (派員參加演習中的
人道救援與減災科目, no exercise of its own) take part; a distinctive abbreviation opening
a headline before a quoted name is its state (俄「東方-2022」戰略演習登場); China's border
units (塔城边境管理支队, 珲春边境管理大队) hold exercises for China; two states before 边境 and a
joint act are its two sides, not a place (举行中俄边境联合反恐演练); a quoted name before a
joint rescue drill of two states is a military exercise's name (“界江-2025”中俄联合搜救演练); a
quoted name coordinated with an exercise word (“联合巡航”和军事演习) is another thing.
Taiwan's army corps (陸軍第六軍團, 第八, 第十) and its services named with 台 (台陆军, 台海军) hold
exercises for Taiwan.
Treaties: an agreement whose only act is a relative clause's signing and which then enters
into force on a date (去年7月8日…簽署的「互惠准入協定」今天正式生效) enters into force then.
A sentence saying how many states take part and which (今年共有19個國家參與，包括日本、南韓…)
gives the exercise named before its participants. 中亚国家 and 中国—中亚 name their members, in
an agreement's name first (《中國—中亞峰會阿斯塔納宣言》), and a group named as a partner
(習近平與中亞五國元首共同簽署) is a party with the states named.
States that observe (中國觀察員見證下, 国防部派员现场观摩) take no part, nor do the states
listed with them (在馬來西亞、美國和中國觀察員見證下).
Dates: a day right after 北约 or 条约 is a day of the month, not a number of days (北约13日起举行).
Percentages: a share that goes to a state (约九成前往俄罗斯) or works in it
(約九成的海外勞工在俄羅斯工作) is that state's; a quoted value a correction says was wrong
(“提升1.6个百分点”应为…, 「41.6%」，應為46.1%, “…约为2%”有误) is no percentage."""

import pytest
from conftest import document_events, found


def test_exports_to_the_mainland_are_chinas_share(nlp):
    texts = ["按主要目的地計，輸往內地的出口佔整體出口約55%。"]
    (share,) = found(nlp, texts, "percentage")
    assert share["args"]["subject"] == "CHN"


def test_the_mainland_as_a_trading_partner_is_china(nlp):
    (share,) = found(nlp, ["內地仍是香港最大貿易夥伴，佔整體貿易約五成半。"], "percentage")
    assert share["args"]["subject"] == "CHN"


def test_a_place_a_boat_heads_for_takes_no_part(nlp):
    texts = ["海關聯同水警昨日在后海灣舉行聯合反走私演習，模擬截查一艘駛往內地的快艇。"]
    (exercise,) = found(nlp, texts, "exercise")
    assert "CHN" not in exercise["args"]["participants"]


def test_states_that_send_troops_or_join_take_part(nlp):
    texts = [
        "美菲“肩并肩-2025”联合军演21日在菲律宾拉开帷幕；澳大利亚派出了200多人，"
        "日本自卫队也首次以正式参演方身份派员（以往只是“观察员”）。"
    ]
    (exercise,) = found(nlp, texts, "exercise")
    assert exercise["args"]["participants"] == ["AUS", "JPN", "PHL", "USA"]


def test_forces_taking_part_among_others_are_participants(nlp):
    texts = ["美菲「肩並肩2024」聯合軍演8日在呂宋島外海登場，澳洲、法國的軍艦也參與其中。"]
    (exercise,) = found(nlp, texts, "exercise")
    assert exercise["args"]["participants"] == ["AUS", "FRA", "PHL", "USA"]


def test_an_abbreviation_opening_a_headline_before_a_name_is_the_host(nlp):
    (exercise,) = found(nlp, ["俄「東方-2022」戰略演習登場　中印等國派兵參加"], "exercise")
    assert exercise["args"]["participants"] == ["CHN", "IND", "RUS"]


def test_a_state_circled_takes_no_part(nlp):
    texts = ["中俄軍艦又繞日本一圈！「北部·聯合-2024」之後，東京真的睡不著了"]
    (exercise,) = found(nlp, texts, "exercise")
    assert exercise["args"]["participants"] == ["CHN", "RUS"]


def test_chinas_border_units_take_part_for_china(nlp):
    texts = ["塔城边境管理支队与哈萨克斯坦边防部门举行代号为“巴尔鲁克-2025”的联合演练。"]
    (exercise,) = found(nlp, texts, "exercise")
    assert exercise["args"]["participants"] == ["CHN", "KAZ"]


def test_two_states_before_a_border_joint_drill_take_part(nlp):
    (exercise,) = found(nlp, ["珲春口岸举行中俄边境联合反恐演练"], "exercise")
    assert exercise["args"]["participants"] == ["CHN", "RUS"]


def test_a_joint_rescue_drills_name_is_an_exercise(nlp):
    (exercise,) = found(nlp, ["“界江-2025”中俄联合搜救演练在抚远举行"], "exercise")
    assert exercise["text"] == "界江-2025"
    assert exercise["args"]["participants"] == ["CHN", "RUS"]


def test_a_quoted_name_coordinated_with_an_exercise_word_is_no_exercise(nlp):
    texts = ["个别域外国家在南海频繁开展所谓“联合巡航”和军事演习，才是最大威胁。"]
    assert found(nlp, texts, "exercise") == []


def test_names_listed_before_their_exercise_word_stay_exercises(nlp):
    texts = ["美菲「肩並肩」與「金色眼鏡蛇」等演習今年規模擴大。"]
    assert [e["text"] for e in found(nlp, texts, "exercise")] == ["肩並肩", "金色眼鏡蛇"]


def test_an_agreement_signed_before_enters_into_force_on_its_date(nlp):
    texts = ["日本與菲律賓去年7月8日在馬尼拉簽署的「互惠准入協定」11日正式生效。"]
    (treaty,) = found(nlp, texts, "treaty")
    assert treaty["args"]["action"] == "mention"
    assert treaty["args"]["date"]["text"] == "11日"


def test_a_relative_clauses_signing_alone_keeps_its_date(nlp):
    (treaty,) = found(nlp, ["两国2001年签署的《睦邻友好合作条约》是两国关系的基石。"], "treaty")
    assert treaty["args"]["date"]["value"] == "2001"


@pytest.mark.parametrize(
    "text",
    [
        "更正：本社11:12电报中“提升1.6个百分点”应为“提升1.1个百分点”，特此更正。",
        "【更正】本文稍早誤植對美出口年增「41.6%」，應為46.1%，特此更正。",
    ],
)
def test_the_wrong_figure_a_correction_quotes_is_no_percentage(nlp, text):
    (share,) = found(nlp, [text], "percentage")
    assert share["text"] in ("1.1个百分点", "46.1%")


@pytest.mark.parametrize(
    "text",
    [
        "台陆军第十军团当天在台中港区举行联合反登陆作战演练。",
        "陸軍第六軍團昨日在淡水河口舉行反空降作戰演練。",
    ],
)
def test_taiwans_army_corps_hold_exercises_for_taiwan(nlp, text):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["TWN"]


def test_a_day_after_nato_is_a_day_of_the_month(nlp):
    texts = ["北约13日起举行年度核威慑演习“坚定正午”，为期约两周。"]
    (exercise,) = document_events(nlp, texts, "2025-10-22")
    assert exercise["args"]["start"]["value"] == "2025-10-13"


def test_the_mainland_is_not_read_across_two_words_of_a_name(nlp):
    texts = ["两国元首签署《关于俄罗斯军事基地在塔吉克斯坦境内地位和驻扎条件的协定》。"]
    (treaty,) = found(nlp, texts, "treaty")
    assert treaty["args"]["parties"] == ["RUS", "TJK"]


def test_states_listed_as_observers_are_no_parties(nlp):
    texts = ["泰國與柬埔寨國防部長在馬來西亞、美國和中國觀察員見證下簽署聯合聲明，同意維持停火。"]
    (treaty,) = found(nlp, texts, "treaty")
    assert treaty["args"]["parties"] == ["KHM", "THA"]


def test_a_state_that_sends_observers_takes_no_part(nlp):
    texts = ["俄罗斯驻吉尔吉斯斯坦坎特空军基地举行飞行战术演习，吉尔吉斯斯坦国防部派员现场观摩。"]
    (exercise,) = found(nlp, texts, "exercise")
    assert exercise["args"]["participants"] == ["RUS"]


@pytest.mark.parametrize(
    "text",
    ["2024年出国务工人员中约九成前往俄罗斯。", "塔吉克斯坦約九成的海外勞工在俄羅斯工作。"],
)
def test_a_share_that_goes_to_or_works_in_a_state_is_its(nlp, text):
    (share,) = found(nlp, [text], "percentage")
    assert share["args"]["subject"] == "RUS"


def test_states_taking_part_in_a_subject_join_the_exercise_named_before(nlp):
    texts = ["「金色眼鏡蛇2024」昨日在泰國揭幕。中國和印度則派員參加演習中的人道救援與減災科目。"]
    (exercise,) = found(nlp, texts, "exercise")
    assert exercise["args"]["participants"] == ["CHN", "IND", "THA"]


def test_a_count_of_states_with_their_names_gives_the_participants(nlp):
    texts = [
        "兩年一度的澳美「護身軍刀2025」聯合軍演13日在雪梨舉行開幕式。"
        "今年共有19個國家參與，包括日本、南韓、英國、加拿大、紐西蘭、印尼等國。"
    ]
    (exercise,) = found(nlp, texts, "exercise")
    assert exercise["args"]["participants"] == [
        "AUS", "CAN", "GBR", "IDN", "JPN", "KOR", "NZL", "USA"
    ]  # fmt: skip


def test_a_group_named_as_a_partner_and_in_a_name_signs(nlp):
    texts = [
        "國家主席習近平與中亞五國元首共同簽署《中國—中亞國家永久睦鄰友好合作條約》，"
        "並發表《中國—中亞峰會阿斯塔納宣言》。"
    ]
    six = ["CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"]
    assert [t["args"]["parties"] for t in found(nlp, texts, "treaty")] == [six, six]
