"""Treaty families found on text written without the rules (unseen18–23): quotations,
anaphors and counts that are no agreement of their own, compound names, acts negated."""

import pytest
from conftest import found

from pipeline.nlp.events import event_fields
from pipeline.nlp.events.document import complete


def treaties(nlp, text: str, date: str | None = None) -> list[dict]:
    return found(nlp, [text], "treaty", date)


@pytest.mark.parametrize(
    "text",
    [
        "黎巴嫩總統稱，協議「並非與以色列的和平條約」，黎國仍不承認以色列。",  # a quotation
        "加拿大總理表示，新協定仍須經兩國國會批准才會生效。",  # the one said before
        "該協定是澳洲近年與太平洋島國簽署的多份安全協議之一。",  # one of several
        "臺瓜建交以來，雙方已簽署自由貿易協定等多項協定。",  # and more
        "莫迪此访期间印俄两国未签署新的能源协议。",  # no act
    ],
)
def test_quotations_anaphors_counts_and_negated_acts_are_no_agreement(nlp, text):
    assert [t["text"] for t in treaties(nlp, text)] in ([], ["自由貿易協定"])


def test_several_agreements_signed_at_once_are_an_act(nlp):
    found = treaties(nlp, "2014年習近平訪問蒙古，中蒙兩國簽訂多項合作協議。")
    assert [t["args"]["parties"] for t in found] == [["CHN", "MNG"]]


@pytest.mark.parametrize(
    "text",
    [
        "港巴林簽兩份協定　投資者添保障",  # a headline over the report naming both
        "香港與澳洲簽訂的《香港與澳洲自由貿易協定》及《投資協定》今日起生效。雙方於2019年3月26日"
        "在香港簽署兩份協定。",
    ],
)
def test_a_count_summing_up_agreements_named_is_none_of_them(nlp, text):
    assert [t["text"] for t in treaties(nlp, text) if "份" in t["text"]] == []


@pytest.mark.parametrize(
    "text",
    [
        "答：《中美科技合作协定》是两国建交后签署的首批政府间协议之一，为合作提供了制度保障。",
        "《中蘇領事條約》於1986年在北京簽署，是中蘇關係正常化進程中最早締結的雙邊條約之一。",
    ],
)
def test_an_agreement_word_before_zhiyi_is_a_class(nlp, text):
    assert [t["text"] for t in treaties(nlp, text)] in (["中美科技合作协定"], ["中蘇領事條約"])


def test_an_agreement_named_after_a_count_is_still_one(nlp):
    text = "中法两国元首共同发表三份联合声明，包括《中法关于中东局势的联合声明》。"
    assert [t["text"] for t in treaties(nlp, text)] == ["中法关于中东局势的联合声明"]


@pytest.mark.parametrize(
    "text",
    [
        "近代中国被迫与列强签订了数以百计的不平等条约，割地、赔款、开埠。",
        "冷战期间，两国签署了大量双边协定，涵盖贸易与文化交流。",
    ],
)
def test_agreements_signed_without_a_number_are_history_not_one_act(nlp, text):
    assert treaties(nlp, text) == []


def test_an_agreement_named_in_the_name_of_another_is_part_of_it(nlp):
    [t] = treaties(nlp, "中国与新加坡签署自由贸易协定进一步升级议定书")
    assert t["text"] == "自由贸易协定进一步升级议定书"
    assert t["args"]["form"] == "protocol" and t["args"]["parties"] == ["CHN", "SGP"]


def test_an_act_with_the_treaty_said_again_in_the_clause_keeps_the_treaty(nlp):
    """該條約 later in the clause refers to the named one: it makes it no generic word."""
    [t] = treaties(nlp, "美國2019年宣布撤回在《武器貿易條約》上的簽署､中國則於2020年加入該條約｡")
    assert t["args"]["parties"] == ["USA"] and t["args"]["action"] == "withdraw"


@pytest.mark.parametrize(
    "text",
    [
        "路透社指出，一旦协议达成，沙特或将推动与以色列关系正常化。",  # an adverb
        "我们注意到东盟各国正就协议文本进行最后阶段谈判。",
        "南韓總統府表示，「協商承諾」並不是同盟條約，不會增加新的防衛義務。",  # a copula
        "外交部發言人表示，我國與友邦持續洽簽各項協定。",  # 簽 and 各項, no verb 簽各
    ],
)
def test_adverbs_copulas_and_counts_end_no_agreements_qualifier(nlp, text):
    assert treaties(nlp, text) == []


def test_a_short_name_after_a_copula_is_still_named(nlp):
    """今天是中毛自贸协定生效实施四周年: the states in the name make it a name, copula or not."""
    [t] = treaties(nlp, "新华社北京1月1日电 今天是中毛自贸协定生效实施四周年。")
    assert t["text"] == "中毛自贸协定" and t["args"]["parties"] == ["CHN", "MUS"]


def test_a_one_character_verb_before_a_qualifier_leaves_the_word_whole(nlp):
    [t] = treaties(nlp, "乌拉圭总统日前表示，两国已商签自由贸易协定。")
    assert t["text"] == "自由贸易协定"


def document_treaties(nlp, texts: list[str], date: str) -> list[dict]:
    docs = list(nlp.pipe(texts))
    events = complete(nlp, docs, date).events
    return [e for e in events if e["type"] == "treaty"]


def test_a_name_said_again_without_brackets_is_a_mention(nlp):
    """南錫條約 after 「南錫條約」, in another passage; not 北大西洋公約 inside 北大西洋公約組織."""
    found = document_treaties(
        nlp,
        [
            "法國與波蘭9日在南錫簽署「南錫條約」，兩國承諾相互提供援助。",
            "報導指出，南錫條約並不取代北約的集體防禦承諾。",
            "瑞典國會批准「北大西洋公約」後，瑞典加入北大西洋公約組織。",
        ],
        "2025-05-10",
    )
    assert [(t["args"]["name"], t["args"]["action"]) for t in found] == [
        ("南錫條約", "sign"),
        ("南錫條約", "mention"),
        ("北大西洋公約", "ratify"),
    ]


def test_an_english_alias_said_again_has_the_form_and_parties_of_its_name(nlp):
    found = document_treaties(
        nlp,
        [
            "台灣與加拿大簽署「外國投資促進及保護協定」（FIPA），雙方將相互保護投資。",
            "經濟部表示，FIPA將有助於雙邊投資。",
        ],
        "2023-12-22",
    )
    said_again = found[-1]
    assert said_again["args"]["name"] == "FIPA" and said_again["args"]["form"] == "agreement"
    assert said_again["args"]["parties"] == found[0]["args"]["parties"] == ["CAN", "TWN"]


def test_a_centenary_in_a_headline_is_an_anniversary_of_the_name_said_below(nlp):
    found = document_treaties(
        nlp,
        ["洛桑條約簽署百年 土耳其總統發表談話", "1923年簽署的「洛桑條約」奠定了疆界。"],
        "2023-07-24",
    )
    assert [(t["args"]["name"], t["args"]["action"]) for t in found] == [
        ("洛桑條約", "mention"),
        ("洛桑條約", "mention"),  # 1923年簽署的: a relative clause, background
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("6月19日，青岛市与加拿大新斯科舍省哈利法克斯市在青岛签署友好交流城市协议书。", []),
        ("17日，云南省与泰国清迈府在昆明签署《云南省与清迈府关于深化友好交流合作的协议》。", []),
        ("9日，俄罗斯与中国在北京市签署《中俄睦邻友好合作条约》。", [["CHN", "RUS"]]),
    ],
)
def test_an_agreement_a_province_or_city_signs_is_no_treaty(nlp, text, found):
    assert [t["args"]["parties"] for t in treaties(nlp, text)] == found


def test_the_two_sides_of_a_contract_sign_no_treaty(nlp):
    text = (
        "某能源集团与埃塞俄比亚电力公司日前签署风电项目总承包合同，合同金额约5.6亿美元。"
        "根据合同，中方将负责项目施工。双方同时签署了一份运维合作备忘录。"
    )
    assert treaties(nlp, text) == []
    states = "中国与埃塞俄比亚日前签署合作协定。两国同时签署了一份运维合作备忘录。"
    assert [t["args"]["parties"] for t in treaties(nlp, states)] == [["CHN", "ETH"]]


@pytest.mark.parametrize(
    "text",
    [
        "加拿大和美国11日宣布，两国就更新条约达成原则性协议，结束了长达6年的谈判。",
        "法國過去曾與多個歐洲鄰國簽署友好條約。",
    ],
)
def test_an_agreement_in_principle_and_agreements_with_many_are_no_treaty(nlp, text):
    assert treaties(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "①参见《中苏友好同盟条约》及有关协定全文，载《中外旧约章汇编》第三册。",
        "參考書目：張某某（2012）。《洛美協定與歐非關係》。臺北：翰蘆。",
        "[2] 李某某，〈曾紀澤與《中俄伊犁條約》〉，《近代史研究集刊》，第12期（1983）。",
        "另參考《蒙俄能源協議與地緣政治》（烏蘭巴托，2018）一書。",
        "立法院通過《條約締結法》，對協定文本的簽署與公布程序設有規定。",
    ],
)
def test_names_cited_and_words_of_treaty_law_are_no_treaty(nlp, text):
    assert treaties(nlp, text) == []


def test_secret_treaties_conventions_and_groups_of_states(nlp):
    [t] = treaties(nlp, "1896年李鴻章赴俄期間簽訂的《中俄密約》，則使俄國取得修築鐵路之權。")
    assert t["args"]["form"] == "treaty" and t["args"]["parties"] == ["CHN", "RUS"]
    [t] = treaties(nlp, "欧洲共同体与非洲及太平洋国家集团于1975年2月28日签署《洛美协定》。")
    assert t["args"]["action"] == "sign" and t["args"]["date"]["value"] == "1975-02-28"


def test_central_banks_sign_for_their_states_and_many_partners_are_none(nlp):
    [t] = treaties(nlp, "近日，中国人民银行与巴西中央银行续签了双边本币互换协议。")
    assert t["args"]["parties"] == ["BRA", "CHN"] and t["args"]["action"] == "extend"
    assert treaties(nlp, "阿聯酋自2021年以來，已與逾20國簽署或完成談判雙邊協定。") == []


def test_companies_signing_and_a_venue_in_a_province_of_a_state(nlp):
    text = "印尼总统访问中国期间，两国企业还签署了总额约100亿美元的商业协议。"
    assert treaties(nlp, text) == []
    text = "峰会将于明天在美国特拉华州举行，四国领导人届时将发表《威尔明顿宣言》。"
    assert [t["args"]["name"] for t in treaties(nlp, text)] == ["威尔明顿宣言"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "雙方簽署新版《日印安全保障合作聯合宣言》，取代兩國於2008年發表的舊宣言。",
            "日印安全保障合作聯合宣言",
        ),
        ("臺菲昨日簽署更新版「臺菲投資保障協定」，取代1992年簽署的舊協定。", "臺菲投資保障協定"),
    ],
)
def test_an_old_agreement_replaced_is_no_event_of_its_own(nlp, text, name):
    assert [t["text"] for t in treaties(nlp, text)] == [name]


def test_a_provinces_government_signs_no_treaty(nlp):
    found = treaties(nlp, "云南省人民政府与老挝琅南塔省签署了边境经济合作协议。")
    assert found == []


def test_a_headlines_abbreviations_are_the_parties_of_the_agreement_it_names(nlp):
    """俄委签署…条约 under a report naming both states in full: 委 stands for Venezuela."""
    texts = [
        "俄委签署战略伙伴关系与合作条约",
        "俄罗斯总统普京7日在莫斯科与来访的委内瑞拉总统马杜罗举行会谈，双方签署了合作文件。",
    ]
    docs = list(nlp.pipe(texts))
    complete(nlp, docs, "2025-05-08")
    found = [event_fields(docs[0], e) for e in docs[0]._.events]
    assert [(t["type"], t["args"]["parties"]) for t in found] == [("treaty", ["RUS", "VEN"])]


def test_several_agreements_listed_after_a_colon_are_the_events(nlp):
    text = (
        "台日雙方透過兩協會簽署多項協議：民國100年簽署「台日投資協議」，"
        "民國104年再簽署「台日租稅協議」。"
    )
    assert [t["text"] for t in treaties(nlp, text)] == ["台日投資協議", "台日租稅協議"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("阿根廷正与国际货币基金组织谈判新的贷款协议。", []),
        ("双方同意保持沟通，争取早日达成一份互利共赢的自贸协定。", []),
        ("保守黨黨魁則主張加快與英國簽署自由貿易協定。", []),
        ("双方同意加快推进中蒙自贸协定谈判。", ["中蒙自贸协定"]),  # its states named
        ("英欧还同意尽快启动卫生与植物卫生协定谈判。", ["植物卫生协定"]),  # a name
        ("中国与新西兰已签署自由贸易协定，并同意推动升级谈判。", ["自由贸易协定"]),  # done
        ("蒙、日兩國於2012年開始協商建立兩國之經濟夥伴協定。", ["經濟夥伴協定"]),  # theirs
    ],
)
def test_an_agreement_of_a_kind_still_to_be_made_is_none(nlp, text, names):
    found = [t["text"] for t in treaties(nlp, text)]
    assert len(found) == len(names)
    assert all(f.endswith(n) for f, n in zip(found, names, strict=True))


@pytest.mark.parametrize(
    "text",
    [
        "一、中文專書：王某某，《〈尼布楚條約〉與清代東北邊疆》（北京：中華書局，2011）；",
        "[1] 张某某. 《柏林会议总议定书》与非洲边界的形成[J]. 世界历史, 2012(3): 45-58.",
        "陈某某，《中俄北京条约》（台北：五南，2016）。",  # a publisher and a year after it
    ],
)
def test_a_name_in_a_books_title_or_a_reference_is_cited(nlp, text):
    assert treaties(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("蘇方承諾在締結和平條約後移交齒舞、色丹兩島，但和約至今未能簽訂。", 0),
        ("日蘇兩國於1956年簽署和平條約。", 1),
    ],
)
def test_an_agreement_to_be_concluded_or_never_signed_is_none(nlp, text, count):
    assert len(treaties(nlp, text)) == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("浙江省与巴西巴拉那州举行交流会，双方签署《浙江省与巴拉那州深化友好合作备忘录》。", 0),
        ("2013年，11国领导人签署《刚果（金）及大湖地区和平、安全与合作框架协议》。", 1),  # a region
        ("塞尔维亚是中东欧地区首个与我国签署自贸协定的国家。", 0),  # a count of states
        ("高雄市長今天與來訪的帛琉科羅州州長簽署姊妹市協定。", 0),  # cities and their heads
    ],
)
def test_provinces_in_a_name_regions_and_ordinals(nlp, text, count):
    assert len(treaties(nlp, text)) == count


def test_a_convention_and_an_annex_named_and_a_full_name_said_with_a_short_one(nlp):
    text = "俄國代表在庫倫簽訂《俄蒙協約》及附約《商務專條》。"
    assert [t["args"]["form"] for t in treaties(nlp, text)] == ["agreement", "protocol"]
    text = "①　《商務專條》全稱《俄蒙商務專條》，俄文本與蒙文本互有出入。"
    assert [t["text"] for t in treaties(nlp, text)] == ["商務專條"]
    text = "國際法院認定1900年法國與西班牙簽訂的《巴黎專約》是兩國陸地邊界的法律依據。"
    assert [t["args"]["form"] for t in treaties(nlp, text)] == ["treaty"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("越南批准「越歐自貿協定」及「越歐投資協定」。兩項協定去年在河內簽署。", 2),  # counted
        ("韩美两国就第十二份防卫费分担特别协定达成一致。", 1),  # an ordinal
        ("中国共产党与塞尔维亚前进党签署合作谅解备忘录。", 0),  # parties, not states
    ],
)
def test_counted_agreements_ordinals_and_parties(nlp, text, count):
    assert len(treaties(nlp, text)) == count


def test_an_agreements_acronym_after_two_states_initials_is_its_short_name(nlp):
    [t] = treaties(nlp, "相关条款将以议定书形式纳入日欧EPA。")
    assert (t["text"], t["args"]["form"]) == ("日欧EPA", "agreement")
    assert treaties(nlp, "中国已与多国签署FTA。") == []  # no states' initials before it
