"""General families of the twenty-third session, decided on the read hand sets.

Treaties: an abbreviation at the head of a name stands for the other state its company
names, as in a run (哈烏國界條約: Uzbekistan); an organisation's leaders, heads or foreign
ministers who sign make it a party (东盟领导人签署…); a business's kind of agreement (股东协议)
is a contract, and so is one that two cities (两市), towns (鎮, 町) or fishermen's
associations (漁會, 漁協) sign; a legislature passing one ratifies it (國會…通過「…」); a
state named as the partner of the verb before an unnamed agreement is no part of its name
(批准與美國防衛合作協定); an act under a condition (若…，將退出「…」) is a mention; a
partner named after an agreement counts only in its clause (…签署《…协议》，将在与俄罗斯…
接壤的…: no Russia).
Segmentation and entities: 日 after two state abbreviations is the third of their run
(韓美日今起), 签 after them a verb (美巴簽); Maryland, Western Australia and Camp David are
places of the gazetteer (马里兰州 is no Mali); a distinctive abbreviation opening a headline
before its verb is its state (俄举行…演习), and one after 自 (from) too (自俄进口).
Exercises: a run of abbreviations before 基地 or 区 is a place's name (蘇澳基地), no states;
Vietnam's 民兵自卫队 is no Japanese force; a bracketed name before 水域 is a place, one ending
in a weapon's word is equipment; states that send a number of troops (共派出…人) or host part
of it (承辦部分演習科目) take part; 正在 before 参加 is no place (正在参加俄罗斯举行的…);
the government's 「乙支演習」 is a civil drill.
Percentages: a share in the clause after one that names a state as a market
(美國是越南最大出口市場，…) is that state's, and so is one that depends on a state (依賴印度)
or lies in it (在馬來西亞工作), or is depended on (对华依赖度), or comes from it a few
words after (約八成天然氣進口來自俄羅斯).
Dates: a bare day or month-day far past the document's date is the month or year before's.
Groups: 中亚五国, 波罗的海三国 and 里海沿岸五国 are their members (named_groups)."""

import pytest
from conftest import found


def test_an_abbreviation_heading_a_name_keeps_its_company(nlp):
    text = "哈、烏兩國總統於2001年11月16日在阿斯塔納簽署「哈烏國界條約」。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == ["KAZ", "UZB"]


def test_an_organisations_leaders_who_sign_make_it_a_party(nlp):
    (treaty,) = found(nlp, ["东盟领导人当天签署了《吉隆坡宣言》。"], "treaty")
    assert treaty["args"]["parties"] == ["org:asean"]


def test_abbreviations_before_a_base_name_it(nlp):
    (exercise,) = found(nlp, ["海軍下月將在蘇澳基地實施基地防衛演習。"], "exercise")
    assert exercise["args"]["participants"] == []


def test_a_vietnamese_militia_is_no_japanese_force(nlp):
    texts = [
        "越南河内29日举行市级防区演习。",
        "演习由首都司令部组织，地方武装、民兵自卫队及公安力量参加。",
    ]
    (exercise,) = found(nlp, texts, "exercise")
    assert exercise["args"]["participants"] == ["VNM"]


def test_japan_as_the_third_of_a_run_is_cut_from_what_follows(nlp):
    texts = ["韓美日今起舉行第二次「自由之刃」多域聯合演習。"]
    (exercise,) = found(nlp, texts, "exercise")
    assert exercise["args"]["participants"] == ["JPN", "KOR", "USA"]


def test_a_single_sign_verb_after_two_states_is_cut_from_them(nlp):
    doc = nlp("美巴簽安全備忘錄")
    assert [t.text for t in doc][:3] == ["美", "巴", "簽"]
    assert [t.text for t in nlp("韓美日前舉行聯合演習")][2] == "日前"  # 'recently'


def test_maryland_is_no_mali(nlp):
    texts = ["美日韩三国领导人在美国马里兰州戴维营举行峰会，发表《戴维营精神》联合声明。"]
    (treaty,) = found(nlp, texts, "treaty")
    assert treaty["args"]["parties"] == ["JPN", "KOR", "USA"]


def test_a_bracketed_name_before_waters_is_the_place(nlp):
    texts = ["中国、老挝、缅甸和泰国四国执法部门23日在湄公河“金三角”水域举行联合反劫持演练。"]
    (exercise,) = found(nlp, texts, "exercise")
    assert exercise["text"] == "联合反劫持演练"


def test_a_bracketed_weapon_is_no_exercise(nlp):
    texts = ["「利劍25」聯合演習期間，陸上自衛隊在當地部署「12式地對艦導彈」。"]
    assert [e["text"] for e in found(nlp, texts, "exercise")] == ["利劍25"]


def test_a_business_kind_of_agreement_is_a_contract(nlp):
    texts = ["访问期间，中缅两国发表联合声明，皎漂深水港项目的特许协议和股东协议也完成签署。"]
    assert [e["text"] for e in found(nlp, texts, "treaty")] == ["联合声明"]


def test_a_share_after_a_clause_naming_a_market_is_the_markets(nlp):
    texts = ["美國是越南最大出口市場，去年約吸納越南出口的30%。"]
    (share,) = found(nlp, texts, "percentage")
    assert share["args"]["subject"] == "USA"
    texts = ["南韓是美國第六大貿易逆差來源國，去年對美出口占南韓出口總額的18.7%。"]
    (share,) = found(nlp, texts, "percentage")
    assert share["args"]["subject"] == "USA"  # its own clause names the partner


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("分析人士指出，尼泊爾對外貿易約三分之二依賴印度。", "IND"),
        ("在印度以外的海外勞工中，約三成在馬來西亞工作。", "MYS"),
        ("韓國半導體企業所需的光阻劑約九成依賴從日本進口。", "JPN"),
    ],
)
def test_a_share_that_depends_on_or_is_in_a_state_is_that_states(nlp, text, subject):
    (share,) = found(nlp, [text], "percentage")
    assert share["args"]["subject"] == subject


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        (
            "美菲年度聯合軍演「肩並肩2024」將於22日舉行，美菲澳三國共派出逾1萬6000人。",
            ["AUS", "PHL", "USA"],
        ),
        (
            "由澳大利亚和美国共同主办的“护身军刀-2025”联合军事演习13日开幕，巴新首次承办部分演习科目。",
            ["AUS", "PNG", "USA"],
        ),
    ],
)
def test_states_sending_troops_or_hosting_part_take_part(nlp, text, participants):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == participants


def test_a_state_holding_the_exercise_progressive_in_is_no_place(nlp):
    texts = ["亚美尼亚分队正在参加俄罗斯举行的“高加索-2020”战略演习。"]
    (exercise,) = found(nlp, texts, "exercise")
    assert exercise["args"]["participants"] == ["ARM", "RUS"]


def test_a_distinctive_abbreviation_opening_a_headline_before_its_verb_is_the_state(nlp):
    assert [(e.text, e.kb_id_) for e in nlp("俄举行战略核力量演习").ents] == [("俄", "RUS")]
    assert [(e.text, e.kb_id_) for e in nlp("韓宣布恢復聯合軍演").ents] == [("韓", "KOR")]
    assert not nlp("中举行会议").ents  # 中 is no distinctive abbreviation


@pytest.mark.parametrize(
    "text",
    [
        "哈尔滨市与哈巴罗夫斯克市冰雪交流周开幕，两市旅游部门签署冬季旅游合作协议。",
        "宜蘭縣蘇澳區漁會與日本八重山漁協簽署漁業交流協議。",
    ],
)
def test_two_cities_or_fishermens_associations_sign_no_treaty(nlp, text):
    assert found(nlp, [text], "treaty") == []


@pytest.mark.parametrize(
    "text",
    [
        "土耳其國會23日以287票贊成、55票反對，通過「北大西洋公約關於瑞典加入的議定書」。",
        "芬兰议会7月1日以188票赞成、0票反对通过了芬兰与美国的《防务合作协定》。",
    ],
)
def test_a_legislature_passing_an_agreement_ratifies_it(nlp, text):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == "ratify"


def test_a_legislature_revoking_its_approval_does_not_ratify(nlp):
    text = "俄羅斯國家杜馬18日表決撤銷批准「全面禁止核試驗條約」。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == "withdraw"


def test_a_partner_after_the_verb_is_no_part_of_the_agreements_name(nlp):
    (treaty,) = found(nlp, ["瑞典國會18日批准與美國防衛合作協定。"], "treaty")
    assert (treaty["text"], treaty["args"]["parties"]) == ("防衛合作協定", ["SWE", "USA"])


@pytest.mark.parametrize(
    "text", ["光伏组件对华依赖度更高达八成左右。", "北韓對華貿易依存度升至98%以上。"]
)
def test_a_share_of_dependence_on_a_state_is_that_states(nlp, text):
    (share,) = found(nlp, [text], "percentage")
    assert share["args"]["subject"] == "CHN"


def test_the_governments_ulchi_drill_is_civil(nlp):
    texts = ["韩美“乙支自由之盾”联合演习18日开始，韩国政府同期举行“乙支演习”。"]
    assert [e["text"] for e in found(nlp, texts, "exercise")] == ["乙支自由之盾"]


def test_a_share_of_imports_from_a_states_abbreviation_is_that_states(nlp):
    text = "2024年中国自俄进口原油约1.08亿吨，占中国原油进口总量的近两成。"
    (share,) = found(nlp, [text], "percentage")
    assert share["args"]["subject"] == "RUS"
    assert not [e for e in nlp("自即日起实施").ents if e.label_ == "GPE"]


@pytest.mark.parametrize(
    "text",
    [
        "伊朗此前曾威脅，若聯合國制裁恢復，將退出「核不擴散條約」。",
        "專家擔憂，若日本終止「日韓大陸棚協定」，中國可能趁機提出主張。",
    ],
)
def test_an_act_under_a_condition_is_only_a_mention(nlp, text):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == "mention"


def test_a_relative_clauses_act_after_a_condition_keeps_its_date(nlp):
    text = "若以軍攻入拉法，可能危及1978年埃以兩國領導人在美國大衛營簽署的「大衛營協議」。"
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == "mention"  # the signing is background
    assert treaty["args"]["date"]["value"] == "1978"


def test_a_share_of_the_gas_imports_coming_from_a_state_is_its(nlp):
    (share,) = found(nlp, ["該國約八成天然氣進口來自俄羅斯。"], "percentage")
    assert share["args"]["subject"] == "RUS"


def test_a_partner_of_a_later_clause_is_no_party(nlp):
    texts = [
        "爱沙尼亚、拉脱维亚和立陶宛三国国防部长1月19日在里加签署《关于建设波罗的海防御区的协议》，将在与俄罗斯和白俄罗斯接壤的边境地区修建工事。"
    ]
    (treaty,) = found(nlp, texts, "treaty")
    assert treaty["args"]["parties"] == ["EST", "LTU", "LVA"]


def test_a_closed_group_of_states_signs_as_its_members(nlp):
    (treaty,) = found(nlp, ["里海沿岸五国元首签署《里海法律地位公约》"], "treaty")
    assert treaty["args"]["parties"] == ["AZE", "IRN", "KAZ", "RUS", "TKM"]
