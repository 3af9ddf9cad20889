"""Events read over a whole document and the argument families of the seventh session:
a name said again without its exercise word, the exercise's scope, short state names
inside a treaty's name, a state said by 该国, an end said with its place, Latin names."""

import pytest
from conftest import document_events

from pipeline.nlp.events import event_fields
from pipeline.nlp.events.document import complete


def exercises(nlp, texts: list[str], date: str | None = "2024") -> list[tuple]:
    return [
        (e["text"], e["args"]["participants"], e["args"]["scope"])
        for e in document_events(nlp, texts, date)
        if e["type"] == "exercise"
    ]


def test_a_name_the_document_gives_is_found_wherever_it_is_said_again(nlp):
    """極光23 in a headline and 「極光23」 taken part in: the exercise the body names, with
    its scope; alone, with no mention that names it, 極光23登場 is no exercise."""
    texts = [
        "瑞典25年來最大軍演 極光23登場",
        "瑞典武裝部隊今天展開「極光23」聯合演習，美國、英國、芬蘭、波蘭等14國派兵參加。",
        "「海灣盾牌-1」聯合軍事演習昨日閉幕。",
        "「海灣盾牌-1」自3月下旬展開，沙特、埃及、約旦等25國派員參加。",
        "美國陸軍第101空降師一部也參與「極光23」。",
    ]
    found = exercises(nlp, texts, "2023-04-17")
    assert found[0] == ("極光23", ["SWE"], "multilateral")  # the scope is the exercise's
    names = ["極光23", "極光23", "海灣盾牌-1", "海灣盾牌-1", "極光23"]
    assert [name for name, *_ in found] == names
    assert found[3][1] == ["EGY", "JOR", "SAU"]
    assert all(name != "極光23" for name, *_ in exercises(nlp, ["瑞典25年來最大軍演 極光23登場"]))


def test_a_series_name_before_an_exercise_word_and_not_in_its_own_description(nlp):
    """刺蝟2024 … 參加刺蝟演習: the series said again; “海上联合-2021”中俄海上联合演习: the
    words after a name describe it, no second mention."""
    texts = ["由愛沙尼亞國防軍主辦的「刺蝟2024」於5月13日展開，芬蘭砲兵部隊首度參加刺蝟演習。"]
    assert [name for name, *_ in exercises(nlp, texts)] == ["刺蝟2024", "刺蝟"]
    texts = ["“海上联合-2021”中俄海上联合演习14日开幕。", "双方进行首次海上联合巡航。"]
    assert [name for name, *_ in exercises(nlp, texts)] == ["海上联合-2021"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("秘魯與美國海軍本週在秘魯外海舉行SIFOREX反潛演習。", ("SIFOREX", ["PER", "USA"])),
        ("伊朗与俄罗斯海军7月在安扎利港附近海域举行“CASAREX 2024”海上搜救联合演习。",
         ("CASAREX 2024", ["IRN", "RUS"])),
        ("尼日利亚海军20日称，该国海军与美国、加纳等国海军日前结束“奥班加梅快车”多国海上演习。",
         ("奥班加梅快车", ["GHA", "NGA", "USA"])),
        ("美以史上最大規模聯合軍演「杜松橡樹23.2」落幕", ("杜松橡樹23.2", ["ISR", "USA"])),
        ("俄白“西方-2025”联合战略演习开幕", ("西方-2025", ["BLR", "RUS"])),
    ],
    ids=["latin-acronym", "navies-search-and-rescue", "that-state", "in-history", "belarus"],
)  # fmt: skip
def test_exercise_names_and_participants_of_this_session(nlp, text, expected):
    """A Latin name before its exercise word; a search-and-rescue exercise of navies is no
    civil drill; 该国 is the state named last before; 美以史上 is 美, 以 and 史上; 白 is
    Belarus beside another state."""
    found = exercises(nlp, [text])
    assert (found[0][0], found[0][1]) == expected


def test_an_organisations_acronym_is_no_exercise_name(nlp):
    assert all(name != "CSTO" for name, *_ in exercises(nlp, ["俄军参加CSTO联合演习。"]))


def test_a_closing_day_said_with_its_place_is_the_end(nlp):
    text = "「海灣盾牌-1」聯合軍事演習昨日在東部省朱拜勒閉幕。"
    [e] = [e for e in document_events(nlp, [text], "2018-04-17") if e["type"] == "exercise"]
    assert e["args"]["start"] is None and e["args"]["end"]["value"] == "2018-04-16"


def test_a_short_state_name_inside_a_treaty_name_and_the_same_day(nlp):
    """美巴紐: 美 and 巴紐 (Papua New Guinea), not 巴 and 紐; 美帛: Palau, whatever other
    state stands in the sentence (台灣友邦帛琉); 同一天 is the day of the date before."""
    texts = [
        "美國國務卿布林肯今天在莫士比港，與巴紐國防部長簽署「美巴紐防衛合作協定」。",
        "布林肯同一天也與台灣友邦帛琉的總統續簽「美帛自由聯繫協定」。",
    ]
    found = [e for e in document_events(nlp, texts, "2023-05-22") if e["type"] == "treaty"]
    assert [e["args"]["parties"] for e in found] == [["PNG", "USA"], ["PLW", "USA"]]
    assert found[1]["args"]["date"]["value"] == "2023-05-22"


def test_one_states_own_drill_beside_a_joint_named_one_and_a_headline_drill(nlp):
    """An unnamed exercise held by one state's navy beside a joint named one is its own;
    a brigade drill's headline is that drill, not the named exercise the body also names;
    這是…最大規模軍事演習 after a named one describes it: no new exercise."""
    texts = [
        "俄罗斯与印度尼西亚“奥鲁达-2024”联合海上演习4日在印尼泗水附近海域开幕。",
        "印尼海军同期还在爪哇海举行大规模舰艇编队演习。",
    ]
    assert [name for name, *_ in exercises(nlp, texts)] == ["奥鲁达-2024", "舰艇编队演习"]
    texts = [
        "西部战区陆军某旅开展高原攻防演练",
        "6月上旬，西部战区陆军某旅组织高原攻防演练，红蓝双方从10日持续到14日结束。",
        "该旅还将派出分队，参加西部战区下半年组织的“火力——2024”联合演习。",
    ]
    assert [name for name, *_ in exercises(nlp, texts)] == [
        "高原攻防演练",
        "高原攻防演练",
        "火力——2024",
    ]
    texts = [
        "由丹麥北極司令部主導的「北極之光2025」演習即日起至19日在格陵蘭進行，法國、德國派兵參與。",
        "丹麥國防部指出，這是丹麥今年在格陵蘭舉行的最大規模軍事演習。",
    ]
    assert [name for name, *_ in exercises(nlp, texts, "2025-09-15")] == ["北極之光2025"]


def first_treaty_parties(nlp, texts: list[str], date: str) -> tuple[list[str], list]:
    """The parties of the first passage's treaty, its document completed; the docs."""
    docs = list(nlp.pipe(texts))
    complete(nlp, docs, date)
    [treaty] = [event_fields(docs[0], e) for e in docs[0]._.events if e["type"] == "treaty"]
    return treaty["args"]["parties"], docs


def test_an_abbreviation_stands_for_the_state_its_document_names_in_full(nlp):
    """乌 is Ukraine unless the document names Uzbekistan and not Ukraine; 巴 is Pakistan
    unless it names Paraguay: the headline's name, the body's mention and the entity."""
    texts = [
        "《中吉乌铁路项目三国政府间协定》在京签署",
        "中华人民共和国政府、吉尔吉斯共和国政府和乌兹别克斯坦共和国政府6日在北京签署协定。",
    ]
    assert first_treaty_parties(nlp, texts, "2024-06-06")[0] == ["CHN", "KGZ", "UZB"]
    texts = [
        "臺巴經濟合作協定生效六週年",
        "我國與巴拉圭簽署的協定於2018年生效，臺巴雙邊貿易穩健成長。",
    ]
    parties, docs = first_treaty_parties(nlp, texts, "2024")
    assert parties == ["PRY", "TWN"]
    assert {e.kb_id_ for e in docs[1].ents if e.text == "巴"} <= {"PRY"}
    texts = ["双方签署《中乌经贸合作协定》。"]  # Ukraine when nothing says otherwise
    assert first_treaty_parties(nlp, texts, "2024")[0] == ["CHN", "UKR"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中国—塞尔维亚自由贸易协定今日正式生效", [("中国—塞尔维亚自由贸易协定", ["CHN", "SRB"])]),
        ("亞美尼亞國會今天通過批准國際刑事法院的「羅馬規約」。", [("羅馬規約", ["ARM"])]),
        ("臺中市政府警察局昨日與中華電信、台灣大哥大簽署「防制詐騙合作備忘錄」。", []),
        ("同日，该集团还与乌兹别克斯坦能源部签署了关于可再生能源合作的谅解备忘录。", []),
        ("《卡塔赫纳协定》又称《安第斯一体化协定》，文本参见汇编。", [("卡塔赫纳协定", [])]),
    ],
    ids=["two-states-joined", "statute", "police-and-companies", "company-and-ministry", "alias"],
)  # fmt: skip
def test_agreements_of_states_statutes_contracts_and_aliases(nlp, text, expected):
    """Two states joined before a form word name the agreement; 規約 is a treaty's form; a
    bureau or a company signing with at most one state signs a contract; 又称《…》 with no
    comma is an alias of the name before it."""
    found = [e for e in document_events(nlp, [text], "2024") if e["type"] == "treaty"]
    assert [(e["text"], e["args"]["parties"]) for e in found] == expected


def test_a_signature_withdrawn(nlp):
    [e] = document_events(nlp, ["俄羅斯早在2016年11月便已撤回在羅馬規約上的簽署。"], "2023")
    assert (e["text"], e["args"]["action"]) == ("羅馬規約", "withdraw")


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("中国已连续多年成为哈萨克斯坦第一大贸易伙伴，中哈贸易约占哈外贸总额的五分之一。", "CHN"),
        ("中国是越南最大进口来源国，自华进口占越南进口总额的三分之一以上。", "CHN"),
        ("报告说，俄羅斯仍是印度最大軍備供應國，但在印度武器進口中的占比已降至36%。", "RUS"),
        ("俄罗斯管道气占欧盟天然气进口的40%以上。", "RUS"),
    ],
    ids=["pair-trade", "imports-from", "share-in-imports", "own-product"],
)  # fmt: skip
def test_a_share_of_a_states_trade_is_its_partners(nlp, text, subject):
    """A share of one state's imports, exports or trade read as that state's is its
    partner's: the other state of the pair, or the sentence's first state."""
    [e] = [e for e in document_events(nlp, [text], "2024") if e["type"] == "percentage"]
    assert e["args"]["subject"] == subject


def test_a_state_that_leaves_an_exercise_and_macedonia_before_its_new_name(nlp):
    found = exercises(nlp, ["塞爾維亞退出俄白「斯拉夫兄弟情-2020」軍演　稱受歐盟壓力"], "2020")
    assert found == [("斯拉夫兄弟情-2020", ["BLR", "RUS"], "bilateral")]
    text = "希臘與馬其頓外長去年6月17日在普瑞斯巴湖畔簽署「普瑞斯巴協議」。"
    [e] = document_events(nlp, [text], "2019-01-26")
    assert e["args"]["parties"] == ["GRC", "MKD"]


def test_characters_before_a_name_stand_for_the_states_the_document_names(nlp):
    """中尼“珠峰友谊-2017” over a report naming 尼泊尔: China and Nepal; 俄阿 with
    阿尔及利亚: Russia and Algeria; 蒙古「…」 is Mongolia, not 蒙 and 古 (Cuba)."""
    texts = [
        "中尼“珠峰友谊-2017”陆军联合训练在加德满都开训",
        "中国和尼泊尔两国军队16日在加德满都举行“珠峰友谊-2017”联合训练开训仪式。",
    ]
    assert exercises(nlp, texts, "2017-04-17")[0][:2] == ("珠峰友谊-2017", ["CHN", "NPL"])
    texts = ["俄阿“沙漠之盾-2021”联合反恐演习举行", "俄罗斯与阿尔及利亚军队15日开始联合反恐演习。"]
    assert exercises(nlp, texts, "2021-11-16")[0][:2] == ("沙漠之盾-2021", ["DZA", "RUS"])
    texts = ["蒙古「可汗探索2024」多國維和演習揭幕", "蒙古國武裝部隊主辦的演習在烏蘭巴托揭幕。"]
    assert exercises(nlp, texts, "2024-07-29")[0][:2] == ("可汗探索2024", ["MNG"])


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("出国前，该旅于4月下旬在南疆戈壁组织了一场跨昼夜体系对抗演习。", ["CHN"]),
        ("中国海军舰艇编队参加“和平-25”多国海上联合演习", ["CHN"]),
        ("近日，第73集团军某两栖合成旅在东南沿海组织联合登陆演练。", ["CHN"]),
        ("空軍第四聯隊在嘉義基地實施戰機緊急起飛的戰備演練。", ["TWN"]),
    ],
    ids=["anonymous-unit", "state-then-force", "two-modifiers", "roc-wing"],
)
def test_the_state_of_an_anonymous_unit_and_of_a_named_force(nlp, text, participants):
    """该旅, 某两栖合成旅: mainland reporting's unnumbered PLA units; 空軍第四聯隊: an ROC
    wing; 中国海军舰艇编队: a state's name then a force word."""
    assert exercises(nlp, [text], "2025")[0][1] == participants


@pytest.mark.parametrize(
    "text",
    ["日韓基本條約簽署60週年　兩國關係求平衡", "明天是《中日和平友好条约》缔结45周年。"],
)
def test_an_anniversary_mentions_the_agreement(nlp, text):
    [e] = [e for e in document_events(nlp, [text], "2025") if e["type"] == "treaty"]
    assert e["args"]["action"] == "mention"


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("輸往內地的出口占整體出口約五成半。", {"value": 55, "high": None}),
        ("恐拖累全年經濟成長率0.5至1個百分點。", {"value": 0.5, "high": 1}),
        ("鄰國巴基斯坦的武器進口占全球4.3%，其中高達82%來自中國。", {"value": 82, "approx": None}),
        ("日本進口的防衛裝備九成以上來自美國。", {"subject": "USA"}),
        ("亞國所需天然氣更有接近九成自俄羅斯進口。", {"subject": "RUS"}),
        ("土耳其是阿塞拜疆重要贸易伙伴，占阿对外贸易总额的14.6%。", {"subject": "TUR"}),
        ("其中中国游客约673万人次，占外国游客总数的近两成。", {"subject": "CHN"}),
    ],
    ids=["half-tenth", "point-range", "as-high-as", "comes-from", "imported-from",
         "left-out-subject", "previous-clause"],
)  # fmt: skip
def test_percentage_values_and_whose_they_are(nlp, text, args):
    """五成半 is 55; a range of percentage points; 高達 is no approximation; where a share
    comes from wins over whose whole it is; a clause without a state takes the first
    state of the clause before it."""
    e = [e for e in document_events(nlp, [text], "2024") if e["type"] == "percentage"][-1]
    assert {k: e["args"][k] for k in args} == args


def test_a_bilateral_agreement_has_both_parties_wherever_it_is_named(nlp):
    texts = [
        "希臘國會批准普瑞斯巴協議",
        "希臘與馬其頓外長去年6月17日簽署「普瑞斯巴協議」。",
        "智利则于1976年退出《普瑞斯巴協議》。",
    ]
    found = [e for e in document_events(nlp, texts, "2019-01-26") if e["type"] == "treaty"]
    assert [e["args"]["parties"] for e in found] == [["GRC", "MKD"], ["GRC", "MKD"], ["CHL"]]


@pytest.mark.parametrize(
    ("texts", "start", "end"),
    [
        (["“海上联合-2021”中俄海上联合演习14日在彼得大帝湾附近海域开幕。此次演习将持续到17日。"],
         "2021-10-14", "2021-10-17"),
        (["美菲海軍聯合演習「薩瑪薩瑪2023」昨（2）日在巴拉望外海展開，預計13日結束。"],
         "2023-10-02", "2023-10-13"),
    ],
    ids=["continuation-gives-the-end", "a-later-day-that-closes-it"],
)  # fmt: skip
def test_an_exercise_ends_on_the_day_said_to_close_it(nlp, texts, start, end):
    """A continuation sentence (此次演习将持续到17日) gives the end of an exercise dated by
    one day; a later day followed by 結束 in its sentence is its end."""
    [e] = [e for e in document_events(nlp, texts, start[:8] + "03") if e["type"] == "exercise"]
    assert (e["args"]["start"]["value"], e["args"]["end"]["value"]) == (start, end)


def test_a_lone_abbreviation_before_a_named_fleet(nlp):
    text = "另据俄罗斯国防部消息，俄北方舰队3月5日至8日在巴伦支海举行了反潜演习。"
    assert exercises(nlp, [text], "2024")[0][1] == ["RUS"]


def test_a_states_initial_beside_an_abbreviation_in_a_name(nlp):
    """中格自由贸易协定 in a document naming 格鲁吉亚: 格 is Georgia's initial (no usual
    abbreviation), so the name names China and Georgia."""
    texts = [
        "7月31日，双方发表《中华人民共和国和格鲁吉亚关于建立战略伙伴关系的联合声明》。",
        "声明指出，中格自由贸易协定自2018年1月1日生效以来，双边贸易稳步增长。",
    ]
    found = [e for e in document_events(nlp, texts, "2023-08-01") if e["type"] == "treaty"]
    assert [(e["text"], e["args"]["parties"]) for e in found][-1] == (
        "中格自由贸易协定",
        ["CHN", "GEO"],
    )


def test_the_date_of_a_later_clause_about_the_agreement_is_not_the_signing_date(nlp):
    """2023年5月17日，…签署《…协定》，该协定于同年11月10日正式生效: signed on 5月17日."""
    text = (
        "2023年5月17日，两国外交部长在西安签署《中华人民共和国政府和哈萨克斯坦共和国政府关于"
        "互免签证的协定》，该协定于同年11月10日正式生效。"
    )
    [e] = [e for e in document_events(nlp, [text], "2024") if e["type"] == "treaty"]
    assert (e["args"]["action"], e["args"]["date"]["value"]) == ("sign", "2023-05-17")


def test_a_series_as_a_clauses_topic_is_a_mention_with_the_series_scope(nlp):
    """北約稱，動態猫鼬旨在…: the series of 「動態猫鼬2024」 said again as a clause's topic,
    with the series' scope though its sentence names one state or none; not a series that
    modifies another word (福莫萨训练场, 首次海上联合巡航)."""
    texts = [
        "北約「動態猫鼬2024」反潛演習23日在挪威開幕，挪威、美國、英國、德國等國潛艇參加。",
        "北約稱，動態猫鼬旨在檢驗盟國的水下作戰能力。",
        "挪威國防部表示，動態猫鼬每年舉行。",
    ]
    found = exercises(nlp, texts)
    assert [(name, scope) for name, _, scope in found] == [
        ("動態猫鼬2024", "multilateral"),
        ("動態猫鼬", "multilateral"),
        ("動態猫鼬", "multilateral"),
    ]
    texts = [
        "海军陆战队某旅一支分队抵达巴西戈亚斯州福莫萨训练场，参加“福莫萨-2024”多国联合演习。",
    ]
    assert [name for name, *_ in exercises(nlp, texts)] == ["福莫萨-2024"]


def test_a_ships_name_and_an_anaphor_with_a_modifier_are_no_exercise(nlp):
    texts = [
        "印度與斯里蘭卡海軍舉行代號SLINEX-24的雙邊海上演習，為期4天。",
        "斯里蘭卡海軍巡邏艦「蘇穆杜拉號」已抵達參加此次演習。",
        "这次为期5天的演习于16日开始，各方演练了联合指挥。",
        "此系列演習自2012年起舉行。",
    ]
    assert [name for name, *_ in exercises(nlp, texts)] == ["SLINEX-24"]
    alone = "「山櫻」系列自1982年起由日美兩國輪流主辦，是兩國規模最大的指揮所演習。"
    assert [name for name, *_ in exercises(nlp, [alone])] == ["山櫻"]


def test_a_code_name_of_latin_words_spaced_apart(nlp):
    text = "南非、巴西、阿根廷和乌拉圭四国海军14日启动代号为ATLASUR  XIII的多国海上演习。"
    assert [name for name, *_ in exercises(nlp, [text])] == ["ATLASUR  XIII"]


def test_a_detachment_of_an_unnamed_unit_is_the_pla(nlp):
    text = "出国前，该分队在湛江某训练场组织了两栖登陆综合演练。"
    assert exercises(nlp, [text]) == [("两栖登陆综合演练", ["CHN"], "national")]


def test_a_family_of_weapons_is_no_series_of_exercises(nlp):
    texts = ["阅兵式上，陆军展示了“法塔赫”系列火箭炮等装备，演习部队接受检阅。"]
    assert exercises(nlp, texts) == []


def test_exercises_an_agreement_allows_are_none_held(nlp):
    texts = ["兩國國防部長今日簽署「斐澳部隊地位協定」，容許兩國軍隊在對方境內進行訓練及演習。"]
    assert exercises(nlp, texts) == []


def test_postponed_drills_services_drills_and_the_same_drill_said_again(nlp):
    """實彈射擊演習延期 is an exercise mention; 空軍…疏散的戰備演練 an air force's drill, not a
    civil one; 演習延期期間 (Traditional too), 【记者】演练中 and 首階段演習 say it again."""
    texts = [
        "颱風逼近　海軍實彈射擊演習延期",
        "海軍一六八艦隊原訂今天在蘇澳外海實施的艦隊實彈射擊演習，因颱風逼近，將延至下週舉行。",
        "海軍司令部表示，演習延期期間，各艦仍將完成損害管制訓練。",
        "同一時間，空軍第四聯隊在嘉義基地實施戰機緊急起飛與疏散的戰備演練。",
    ]
    names = [name for name, *_ in exercises(nlp, texts, "2025-07-07")]
    assert names == ["實彈射擊演習", "實彈射擊演習", "戰備演練"]
    texts = [
        "【主持人】近日，第73集团军某旅与海军某支队在东南沿海组织联合登陆演练。",
        "【记者】演练中，参演兵力完成抢滩上陆等课目。",
    ]
    assert [name for name, *_ in exercises(nlp, texts)] == ["联合登陆演练"]
    texts = [
        "北約「堅定捍衛者2024」演習展開，約9萬名兵力參加。",
        "北約成員國都將派兵，首階段演習將在北大西洋進行。",
    ]
    assert [name for name, *_ in exercises(nlp, texts)] == ["堅定捍衛者2024"]


def test_a_period_before_an_exercise_word_and_a_generic_series_stem_are_no_names(nlp):
    """冷战时期…军事演习: the Cold War dates the exercises; 聯合 of 「聯合-2003」 is a word, so
    首次大規模聯合軍演 says no series again."""
    text = "苏联在白俄罗斯举行战略演习，被视为冷战时期规模最大的军事演习之一。"
    assert [name for name, *_ in exercises(nlp, [text])] == ["战略演习"]
    texts = [
        "上海合作組織成員國已於2003年8月舉行「聯合-2003」反恐演習。",
        "這是兩國首次大規模聯合軍演。",
    ]
    assert [name for name, *_ in exercises(nlp, texts)] == ["聯合-2003"]


def test_lettered_phases_of_a_named_exercise_and_a_pla_group_army(nlp):
    texts = [
        "全军年度重大演习“使命行动-2013”跨区机动演习今天拉开帷幕。",
        "演习分“使命行动-2013A”“使命行动-2013B”两个阶段实施。",
        "其中，“使命行动-2013A”由南京军区某集团军实施。",
    ]
    found = exercises(nlp, texts, "2013-09-11")
    assert [name for name, *_ in found] == [
        "使命行动-2013",
        "使命行动-2013A",
        "使命行动-2013B",
        "使命行动-2013A",
    ]
    assert found[-1][1:] == (["CHN"], "national")


def test_a_named_treaty_is_specific_whatever_its_clause_says(nlp):
    text = "美國國務院發言人重申，「美菲共同防禦條約」第四條適用於在南海任何地方遭受的武裝攻擊。"
    [t] = [e for e in document_events(nlp, [text], "2024-06-18") if e["type"] == "treaty"]
    assert t["args"]["parties"] == ["PHL", "USA"]
