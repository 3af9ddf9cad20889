"""General families of the twenty-sixth session, decided on the read hand sets.

Treaties: a signing said only in a relative clause before the name (一再違反2015年簽訂的
「明斯克協議」, 依据1996年签署的《…》) is background to what the sentence reports: the
sentence mentions the agreement, and the signing's date stays its date. A verb of the
main clause that acts on it (终止…签署的《…》) still decides, and so does a signing that is
the sentence's own predicate (两国签署了《…》). A formal name without brackets that
joins two states' governments (中华人民共和国政府和日本国政府渔业协定) or two states and 間
(中華民國與日本國間和平條約) opens at the first state, not at 和; two states joined with no
such link name nothing (南非與以色列均為公約締約國).
Percentages: basis points (降息25个基点, 50至75個基點) are hundredths of a percentage
point; values given respectively (分别) are the states' listed right before, owners or
partners alike, in the clause before when 分别 opens its own.
Tables: a register of agreements (条约名称　签署日期 …) says what was done to each row's
agreement by the column its date stands in (signed, ratified or acceded, or the cell's own
verb: 1992年3月加入), a row may run on below its name (｜1996-09-24｜—), an ISO date that
is a cell of its own is a date, and an unnamed agreement in the name column is its whole
cell (中華民國與瓜地馬拉共和國自由貿易協定). A name that is a count of two documents or more
(「三個聯合公報」, 兩份聲明) names no agreement of its own; 一份…協定 is one. An author-year
citation after a name (《互惠准入協定》（Cruz, 2024；林正宏，2024）) cites the source of the
sentence, not the name: the agreement is still spoken of (a publisher's place and year,
（台北：五南，2016）, still make a cited title).
Dates: a relative day with its date in Chinese numerals in brackets (今（二十五）日, as Macao's
government writes it) is that day.
Exercises: a count of states (19个国家的…官兵参加) makes an exercise multilateral, not one of
observers (15个国家的代表将以观察员身份观摩); the PLA's Hong Kong and Macao garrisons are
China's forces (gazetteer), and a state before 水域 or 以南海域 is where, not who."""

import pytest
from conftest import found


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("烏方官員表示，俄羅斯過去一再違反2015年簽訂的「明斯克協議」。", "2015"),
        ("演习依据1953年签署的《韩美共同防御条约》举行，旨在强化同盟。", "1953"),
        ("雙方確認，將持續落實2013年簽署的「日台漁業協議」。", "2013"),
        ("会后发表的《联合公报》重申了东盟的立场。", None),
    ],
)
def test_a_signing_in_a_relative_clause_is_background(nlp, text, date):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == "mention"
    assert (treaty["args"]["date"] or {}).get("value") == date


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("乍得外交部宣布终止2019年与法国签署的《防务合作条约》。", "withdraw"),
        ("中俄两国元首5月8日在莫斯科签署《联合声明》。", "sign"),
        ("1994年两国签订了《中蒙友好合作关系条约》。", "sign"),
    ],
)
def test_a_main_clauses_act_still_decides(nlp, text, action):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == action


@pytest.mark.parametrize(
    ("text", "name", "parties"),
    [
        (
            "中华人民共和国政府和日本国政府渔业协定于1997年11月11日在东京签署。",
            "中华人民共和国政府和日本国政府渔业协定",
            ["CHN", "JPN"],
        ),
        (
            "中華人民共和國政府和大韓民國政府漁業協定於2000年8月3日在北京簽署。",
            "中華人民共和國政府和大韓民國政府漁業協定",
            ["CHN", "KOR"],
        ),
        (
            "名稱：中華民國與日本國間和平條約；簽署時間：1952年4月28日",
            "中華民國與日本國間和平條約",
            ["JPN", "TWN"],
        ),
    ],
)
def test_a_formal_name_joins_two_states(nlp, text, name, parties):
    (treaty,) = found(nlp, [text], "treaty")
    assert (treaty["text"], treaty["args"]["parties"]) == (name, parties)


def test_two_states_joined_without_a_link_name_no_agreement(nlp):
    assert found(nlp, ["南非與以色列均為公約締約國。"], "treaty") == []


@pytest.mark.parametrize(
    ("text", "value", "high"),
    [("美联储宣布降息25个基点。", 0.25, None), ("市場預期再降50至75個基點。", 0.5, 0.75)],
)
def test_basis_points_are_hundredths_of_a_point(nlp, text, value, high):
    (share,) = found(nlp, [text], "percentage")
    assert (share["args"]["value"], share["args"]["high"], share["args"]["unit"]) == (
        value,
        high,
        "percentage_point",
    )


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        ("主要對象為印度、中國與埃及，分別占其出口的34%、21%與7.5%。", ["IND", "CHN", "EGY"]),
        ("其中吉爾吉斯與烏茲別克分別占22.0%與15.5%。", ["KGZ", "UZB"]),
        ("其中对土耳其、俄罗斯贸易分别占14.7%和10.8%。", ["TUR", "RUS"]),
    ],
)
def test_values_given_respectively_follow_the_list_before(nlp, text, subjects):
    assert [e["args"]["subject"] for e in found(nlp, [text], "percentage")] == subjects


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("美澳“护身符军刀-2025”联合军演昨天开幕，19个国家的逾3.5万名官兵参加。", "multilateral"),
        ("中俄海军将举行“北方·联合-2024”联合演习，15个国家的代表将以观察员身份观摩。", "bilateral"),
    ],
)
def test_a_count_of_states_taking_part_not_watching_makes_it_multilateral(nlp, text, scope):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["scope"] == scope


REGISTER = [
    "序号　条约名称　签署日期　签署地点　生效日期　状态",
    "1　中华人民共和国和俄罗斯联邦睦邻友好合作条约　2001-07-16　莫斯科　2002-02-28　有效",
]


def test_a_registers_row_is_signed_on_its_signing_column_date(nlp):
    (treaty,) = found(nlp, ["\n".join(REGISTER)], "treaty")
    assert (treaty["args"]["action"], treaty["args"]["date"]["value"]) == ("sign", "2001-07-16")


def test_a_row_run_on_below_its_name_and_an_accession(nlp):
    text = "\n".join(
        [
            "条约名称｜中国签署日期｜中国批准或加入日期｜对中国生效日期",
            "全面禁止核试验条约",
            "｜1996-09-24｜—｜—",
            "不扩散核武器条约｜—｜1992-03-09（加入）｜1992-03-09",
        ]
    )
    acts = [(t["args"]["action"], t["args"]["date"]["value"]) for t in found(nlp, [text], "treaty")]
    assert acts == [("sign", "1996-09-24"), ("ratify", "1992-03-09")]


def test_an_unnamed_agreement_in_a_name_column_is_its_whole_cell(nlp):
    text = "\n".join(
        [
            "經濟部國際貿易署　我國已簽署之協定一覽表",
            "協定名稱\t簽署日期\t生效日期",
            "中華民國與瓜地馬拉共和國自由貿易協定\t94年9月22日\t95年7月1日",
        ]
    )
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["text"] == "中華民國與瓜地馬拉共和國自由貿易協定"
    assert treaty["args"]["parties"] == ["GTM", "TWN"]
    assert treaty["args"]["date"]["value"] == "2005-09-22"


@pytest.mark.parametrize(
    "text",
    [
        "中国人民解放军驻香港部队10日在香港南部水域组织海空联合演练。",
        "駐港部隊香港以南海域海空聯合演習",
    ],
)
def test_a_garrisons_drill_is_chinas_and_the_water_off_a_place_is_no_party(nlp, text):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["CHN"]


def test_a_count_of_documents_names_no_agreement_of_its_own(nlp):
    texts = ["是北京所稱「三個聯合公報」之首。", "雙方發表兩份聲明。"]
    assert found(nlp, texts, "treaty") == []
    (one,) = found(nlp, ["中国与澳大利亚签署了一份自由贸易协定。"], "treaty")
    assert one["args"]["action"] == "sign"


def test_a_relative_day_with_its_date_in_chinese_numerals(nlp):
    texts = [
        "行政法務司司長今（二十五）日在政府總部簽署《澳門特別行政區與莫桑比克共和國關於刑事司法協助的協定》。"
    ]
    (treaty,) = found(nlp, texts, "treaty", "2025-09-25")
    assert treaty["args"]["date"]["value"] == "2025-09-25"


def test_an_author_year_citation_after_a_name_leaves_it_spoken_of(nlp):
    text = "菲律賓並於2024年與日本簽署《互惠准入協定》（Cruz, 2024；林正宏，2024）。"
    (treaty,) = found(nlp, [text], "treaty")
    assert (treaty["args"]["action"], treaty["args"]["parties"]) == ("sign", ["JPN", "PHL"])
    assert found(nlp, ["詳見《中俄瑷珲条约研究》（台北：五南，2016）。"], "treaty") == []


def test_a_joint_rescue_drill_of_a_named_armed_force_is_an_exercise(nlp):
    text = "驻澳门部队与特区政府部门举行海上联合搜救演练"
    (exercise,) = found(nlp, [text], "exercise")
    assert "CHN" in exercise["args"]["participants"]
