"""Families found on the sets held out in the ninth session (unseen34, 35, 39, 40, read in
the tenth): titles that cite agreements, historical treaty forms, aliases, anaphors; names
listed or introduced before an exercise, series said again, words in scare quotes."""

import pytest
from conftest import events

from pipeline.nlp.events import event_fields
from pipeline.nlp.events.document import complete


@pytest.mark.parametrize(
    "text",
    [
        "[2] 钱思远：《〈联合国海洋法公约〉批准进程中的“群岛国”问题》，《法学》1991年第4期。",
        "1 参见周明远：《〈中苏互不侵犯条约〉签订前后的外蒙古交涉》，《民国档案》2008年第2期。",
    ],
)
def test_an_agreement_inside_an_articles_title_is_cited(nlp, text):
    assert events(nlp, [text], "treaty") == []


def test_boundary_treaties_are_a_form(nlp):
    text = "1882年签订的《中俄喀什噶尔界约》与1884年签订的《中俄续勘喀什噶尔界约》划定边界。"
    assert events(nlp, [text], "treaty") == ["中俄喀什噶尔界约", "中俄续勘喀什噶尔界约"]


def test_an_agreements_common_name_after_its_full_one_is_the_same_mention(nlp):
    text = "中苏签订《关于生产新式武器和军事技术装备的协定》，即通常所说的《国防新技术协定》。"
    assert events(nlp, [text], "treaty") == ["关于生产新式武器和军事技术装备的协定"]


@pytest.mark.parametrize(
    "text",
    [
        "两国签署加强版《防务交流与安全合作协定》，取代两国2008年签署的原协定。",  # the old one
        "美俄签署《第二阶段削减战略武器条约》，弹头较条约签署时减少三分之二。",  # compared with
    ],
)
def test_the_original_agreement_and_a_comparison_are_no_new_one(nlp, text):
    assert len(events(nlp, [text], "treaty")) == 1


def test_an_exercise_introduced_as_one_of_many_is_named(nlp):
    text = "亚太地区规模最大的多国联合军演之一“金色眼镜蛇2024”昨日在泰国揭幕。"
    assert events(nlp, [text], "exercise") == ["金色眼镜蛇2024"]


def test_names_listed_before_a_named_exercise_are_exercises_too(nlp):
    text = "這是繼2023年4月「聯合利劍-2023」及今年「海峽雷霆」系列演習之後，共軍再次軍演。"
    assert events(nlp, [text], "exercise") == ["聯合利劍-2023", "海峽雷霆"]


def test_a_series_numbered_with_hao_is_said_again_by_its_series(nlp):
    texts = [
        "國軍13日在台中實施「同心34號」演習，動員後備軍人約2200人。",
        "同心演習是國軍年度後備動員的主要驗證。",
    ]
    assert events(nlp, texts, "exercise") == ["同心34號", "同心"]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (  # a short series as a plain word: 西方研究者, not the exercise
            ["1999年6月，俄羅斯舉行「西方-99」演習。", "西方研究者認為，「西方」系列演習是平台。"],
            ["西方-99", "西方"],
        ),
        (  # a patrol named after the series
            ["2012年中俄「海上聯合」系列演習啟動。", "兩國艦艇組成編隊，開展第三次海上聯合巡航。"],
            ["海上聯合"],
        ),
    ],
)
def test_a_series_said_again_as_another_word_is_no_exercise(nlp, texts, expected):
    assert events(nlp, texts, "exercise") == expected


@pytest.mark.parametrize(
    "text",
    [
        "作者主張，條約文本往往是雙方在談判桌上反覆「演練」各自底線的結果。",  # scare quotes
        "同一天，大马民防部队在兰卡威机场进行大规模灾难应变演练。",  # a civil drill
    ],
)
def test_figurative_and_civil_drills_are_no_exercise(nlp, text):
    assert events(nlp, [text], "exercise") == []


@pytest.mark.parametrize(
    "text",
    [
        "尼日尔已宣布终止与欧盟的两项安全和防务合作协议。",  # counted, coordinated
        "退出将在欧方向条约保存国葡萄牙递交通知一年后生效。",  # a depositary
        "我们将继续推动现有协定的升级谈判。",  # the existing ones
    ],
)
def test_counted_depositary_and_existing_agreements_are_none(nlp, text):
    assert events(nlp, [text], "treaty") == []


def test_a_signed_framework_in_brackets_is_an_agreement(nlp):
    text = "美國與印度國防部長10月31日簽署為期10年的「美印主要國防夥伴關係框架」。"
    assert events(nlp, [text], "treaty") == ["美印主要國防夥伴關係框架"]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["部隊將以本次成果為基礎，投入7月的聯合反登陸作戰演習。"], 1),  # 投入: takes part
        (["金門防衛指揮部昨（22）日實施聯合反登陸實兵演練，並同步進行海上阻絕演練。"], 2),
        (
            [
                "韓美兩國海軍陸戰隊本週舉行「雙龍」聯合登陸演習。",
                "南韓國防部另表示，原訂本週在濟州島舉行的韓美海軍陸戰隊聯合登陸演習已取消。",
            ],
            2,
        ),
    ],
)
def test_drills_taken_part_in_held_at_once_or_said_apart_are_counted(nlp, texts, expected):
    assert len(events(nlp, texts, "exercise")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "[1] 李晓明. 中俄睦邻友好合作条约与新时代中俄关系[J]. 俄罗斯东欧中亚研究, 2021(4): 1-18.",
        "陳建民，2019，〈中俄睦鄰友好合作條約二十年的回顧〉，《問題與研究》，58(2): 1-30。",
        "李明哲，2022，《北極治理中的宣言與協定》，臺北：五南。",
        "[2] 王建新. “和平使命”系列联合反恐演习与上海合作组织安全合作[J]. 国际问题研究, 2015(2).",
    ],
)
def test_an_entry_of_a_reference_list_cites_what_it_names(nlp, text):
    assert events(nlp, [text], "treaty") + events(nlp, [text], "exercise") == []


def test_editions_listed_in_a_passage_about_exercises_are_each_an_exercise(nlp):
    text = (
        "上合组织的联合反恐演习已形成机制。2010年9月，“和平使命-2010”在哈萨克斯坦举行。"
        "此后，“和平使命-2012”于2012年6月在塔吉克斯坦胡占德附近举行；"
        "“和平使命-2016”则于2016年9月在吉尔吉斯斯坦伊塞克湖州举行。"
    )
    assert events(nlp, [text], "exercise") == ["和平使命-2010", "和平使命-2012", "和平使命-2016"]


def test_a_historical_state_signs_for_its_country(nlp):
    doc = nlp("清朝與俄國始於1902年4月8日簽訂《交收東三省條約》，約定俄軍分三期撤出。")
    complete(nlp, [doc], None)
    found = [event_fields(doc, e) for e in doc._.events]
    assert [(e["text"], e["args"]["parties"]) for e in found] == [
        ("交收東三省條約", ["CHN", "RUS"])
    ]


def test_not_until_a_date_is_when_it_happened(nlp):
    doc = nlp("烏茲別克則直到2019年5月才與中國舉行首次雙邊聯合反恐演習。")
    complete(nlp, [doc], None)
    (found,) = [event_fields(doc, e) for e in doc._.events]
    assert (found["args"]["start"]["value"], found["args"]["end"]) == ("2019-05", None)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (  # a nickname in another clause than the exercise word
            ["這類比賽雖被俄方稱為「戰爭遊戲」，本質上仍屬技能競技，不同於實兵演習。"],
            [],
        ),
        (  # this year's edition of the document's exercise
            [
                "美國與菲律賓年度「肩並肩」聯合軍事演習周一展開。",
                "今年演習首度在菲律賓12海里領海以外的海域進行。",
            ],
            ["肩並肩"],
        ),
    ],
)
def test_nicknames_and_this_years_edition_are_no_new_exercise(nlp, texts, expected):
    assert events(nlp, texts, "exercise") == expected


def test_the_state_an_exercise_takes_as_its_target_is_no_participant(nlp):
    doc = nlp("中共再次以台灣為假想目標進行大規模軍演。")
    complete(nlp, [doc], None)
    found = [event_fields(doc, e) for e in doc._.events]
    assert [e["args"]["participants"] for e in found] == [["CHN"]]


def test_a_body_that_signs_for_its_state_is_no_company_nor_a_place(nlp):
    doc = nlp("駐美代表與美國在台協會（AIT）執行理事今天在華府簽署「設立海巡工作小組瞭解備忘錄」。")
    complete(nlp, [doc], None)
    found = [event_fields(doc, e) for e in doc._.events]
    assert [e["args"]["parties"] for e in found] == [["USA"]]


@pytest.mark.parametrize(
    "text",
    [
        "① 《中德联合卫勤演练在汉诺威落幕》，《解放军报》2016年7月8日，第4版。",  # a title
        "陳怡君（2021）。《印太同盟體系中的後勤協定與聯合演習》。臺北：五南。",  # a reference
        "表1　解放軍與外軍雙邊聯合演訓（節錄）",  # a caption
        "【研究报告】日美同盟联合演习的演进（2013—2023）",  # a study's topic
        "2014—2019年间中澳两军举行的联合训练与演习共计11次。",  # counted
        "坦克兩項、空降排等項目均以比賽而非演習形式進行。",  # said not to be one
    ],
)
def test_titles_references_captions_topics_counts_and_denials_are_no_exercise(nlp, text):
    assert events(nlp, [text], "exercise") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016年10月4日至12日，菲美两军在吕宋岛举行“PHIBLEX 33”。", ["PHIBLEX 33"]),
        ("兩國陸軍演習的第十屆「桑普瑞提-X」於2022年6月5日至16日在孟國舉行。", ["桑普瑞提-X"]),
        (
            "2023年6月，两国海军陆战队举行“MASA 23”（海军陆战队航空支援活动）联合演习。",
            ["MASA 23"],
        ),
        ("2023年3月，韓美以「戰士盾牌」為名實施20餘項聯合訓練及聯合渡河演習。", ["戰士盾牌"]),
        (
            "北约先后举行“崇高跳跃2015”（Noble Jump 2015）与“军刀卫士2017”联合演习。",
            ["崇高跳跃2015", "军刀卫士2017"],
        ),
    ],
)
def test_latin_and_roman_editions_glosses_names_given_and_lists(nlp, text, expected):
    assert [e for e in events(nlp, [text], "exercise") if e in expected] == expected


def test_a_term_so_called_is_a_label_not_an_agreement(nlp):
    text = "美印之间被称为“基础性协定”的三份文件依次为：2016年签署的《后勤交流备忘录协定》。"
    assert events(nlp, [text], "treaty") == ["后勤交流备忘录协定"]


def test_a_drill_named_by_an_acronym_is_one_and_a_share_of_drills_is_none(nlp):
    named = "两国海军陆战队的两栖登陆演习（PHIBLEX）规模最大。"
    share = "此后两国联合演习中涉及岛屿防卫的科目占比由约15%升至三成左右。"
    assert events(nlp, [named], "exercise") == ["两栖登陆演习"]
    assert events(nlp, [share], "exercise") == []


@pytest.mark.parametrize(
    "text",
    [
        "两国驻军的法律地位均由各自与美国签署的部队地位协定规定。",  # each its own
        "美国与海湾国家逐一签署双边防务合作协定。",  # one by one
        "演习期间临时入境部队的地位多由专门的访问部队协定或一次性换文确定。",  # either
    ],
)
def test_agreements_each_one_by_one_or_one_of_alternatives_are_none(nlp, text):
    assert events(nlp, [text], "treaty") == []


def test_a_keywords_line_names_topics_not_exercises(nlp):
    assert events(nlp, ["關鍵詞：聯合軍演、同盟條約、防務合作協定、演習外交"], "exercise") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("在此之前，俄軍與烏茲別克軍隊已在鐵爾梅茲附近的靶場完成聯合戰術演習。", 1),  # 完成
        ("高雄港今天舉行天然氣接收站緊急應變演練。", 0),  # a civil emergency drill
        ("機場今天舉行緊急應變演練，消防隊參加。", 0),
    ],
)
def test_a_drill_completed_is_held_and_civil_emergency_drills_are_none(nlp, text, expected):
    assert len(events(nlp, [text], "exercise")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "三、東部戰區演習模式的轉變",  # a paper's section heading
        "2023年俄軍在北方四島周邊舉行的演習次數較前一年減少約三成。",  # counted
        "2015年瑞典参加的国际演习中，北约框架内者约占七成。",  # a share of them
        "2014年至2019年海军公开报道的远海演习中，南海舰队参与的比例约为38%。",
        "该年并未与周边国家举行新的联合演习。",  # none held
        "林文隆，2005。〈從「東山島演習」看共軍三棲作戰發展〉，《中共研究》，39(8)：77-89。",
    ],
)
def test_headings_statistics_denials_and_references_give_no_exercise(nlp, text):
    assert events(nlp, [text], "exercise") == []


def test_an_official_name_and_a_roadmap_signed(nlp):
    alias = "八國在華沙簽署《華沙公約》，正式名稱為《友好合作互助條約》。"
    roadmap = "兩國防長簽署《2021—2025年中俄兩軍合作路線圖》。"
    assert events(nlp, [alias], "treaty") == ["華沙公約"]
    assert events(nlp, [roadmap], "treaty") == ["2021—2025年中俄兩軍合作路線圖"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年1月，第13屆「納西姆·巴哈爾」在卡拉奇外海舉行，兩國各派艦艇。", ["納西姆·巴哈爾"]),
        ("2013年11月，“马林多-8AB”在沙巴州举行，两国投入兵力约5000人。", ["马林多-8AB"]),
        ("2020年，受新冠疫情影响，两国陆军的“科查·辛加-2020”被取消。", ["科查·辛加-2020"]),
        ("日本外务省提出抗议，称该演习“不可接受”。", []),  # said of it
        ("二、“军事中立”下的塞尔维亚对外联合演习", []),  # a frame
        ("哈土兩國軍校互派學員受訓，但尚未舉行雙邊演習。", []),  # not yet held
        ("此前，三国机群已在澳大利亚北部进行了多场联合演练。", []),  # counted
    ],
)
def test_ordinal_editions_cancellations_quotations_frames_and_counts(nlp, text, expected):
    assert events(nlp, [text], "exercise") == expected


def test_an_ordinal_edition_said_after_its_series_is_another_exercise(nlp):
    text = (
        "「納西姆·巴哈爾」系列演習自1993年起舉行。"
        "2021年1月，第13屆「納西姆·巴哈爾」在卡拉奇外海舉行，兩國各派艦艇。"
    )
    assert events(nlp, [text], "exercise") == ["納西姆·巴哈爾", "納西姆·巴哈爾"]
