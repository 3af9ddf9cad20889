"""Events: treaties, exercises and percentages with their arguments, records, gold floors."""

import json
from pathlib import Path

import pytest
from conftest import ROOT, document_events, read_jsonl

from pipeline.evaluation.events import read_gold, score
from pipeline.nlp.events import event_fields
from pipeline.nlp.events.document import complete
from pipeline.text.decoding import decode


def events(nlp, text: str, year: int | str | None = None) -> list[dict]:
    return document_events(nlp, [text], str(year) if year else None)


def only(found: list[dict], kind: str) -> dict:
    [event] = [e for e in found if e["type"] == kind]
    return event


def test_named_treaty_with_english_alias_and_parties_from_its_name(nlp):
    e = only(
        events(
            nlp,
            "1993年蒙古與俄羅斯簽署「蒙俄友好關係與合作條約」（Treaty on Friendly Relations"
            " and Cooperation），取代舊約。",
        ),
        "treaty",
    )
    assert e["text"] == "蒙俄友好關係與合作條約"
    args = e["args"]
    assert (args["form"], args["action"], args["parties"]) == ("treaty", "sign", ["MNG", "RUS"])
    assert args["date"] == {"text": "1993年", "value": "1993"}
    assert args["alias_en"].startswith("Treaty on Friendly Relations")
    assert e["codes"] == {"cameo": "057", "plover": "AGREE"}


def test_descriptive_agreement_takes_the_two_states_named_before(nlp):
    found = events(nlp, "美國與蒙古建立夥伴關係。2014年，兩國簽署加強軍事關係協議。")
    e = only(found, "treaty")
    assert e["text"] == "加強軍事關係協議"
    assert e["args"]["parties"] == ["MNG", "USA"]
    assert e["args"]["date"]["value"] == "2014"


@pytest.mark.parametrize(
    "text",
    [
        "雙方承諾不與第三國簽訂任何損及對方利益之條約與協定。",
        "該協定被美國政府認為是成功的。",
        # a state inside a company's or a university's name is no party: contracts
        "台灣高鐵公司於1998年與交通部簽訂興建營運合約及站區開發合約。",
        "香港大學與深圳市衞生健康委員會亦簽署合作備忘錄。",
        # agreements in general: no party, no date
        "条约是国际法主体之间依据国际法缔结的、确定其相互权利义务的书面协议。",
        # a quotation ending in a weak form word, acted on by no one
        "根據瓦特的定義，聯盟「為兩個或多個主權國家之間正式或非正式的安全合作安排」。",
        # a gazetteer company signs: a contract
        "美國商務部8日宣布，與台積電簽署一份不具約束力的初步條款備忘錄。",
        "台積電與索尼半導體解決方案公司9日宣布合資設立新公司，雙方已簽署合作協議。",
        "記者追問是否考慮終止有關條約或協議，他表示目前沒有這樣的規劃。",  # coordinated
        "基本法經全國人大通過，將聯合聲明中的基本方針政策以法律形式確定下來。",  # the one before
        "中国与东盟国家之间已签署的各类协定为企业合作提供了制度保障。",  # kinds of
        "兩家中資建築企業與一家葡萄牙工程公司簽署合作協議。",  # companies, one Portuguese
        "中科院17日與翔鷹科技簽署「商規軍用無人機合作協議」。",  # an institute and a company
        "其中一家本地券商與沙特阿拉伯資產管理公司簽署的策略合作協議。",  # a Saudi company
        "國家依照憲法和法律締結或者參加條約和協定。",  # law about treaties in general
        "業者盼台日雙方能就供應鏈合作簽署更多協議。",  # more of them
        "有參展商表示，今年希望「簽署更多協議」。",  # words quoted, no name
        "展會首日，多家澳門企業與內地、巴西企業簽署合作意向書及框架協議。",  # companies
        "中企与阿联酋企业签署新能源合作协议。",  # a Chinese company
        "澳門國際旅遊博覽會開幕，旅遊局與企業簽署合作協議。",  # a state in an expo's name
        "要求各部门严格遵守我国缔结或者参加的国际条约和协定。",  # treaties in general
        "该协定是以色列與阿拉伯國家簽署的首份自由貿易協定。",  # a count of agreements
        "瑞典與丹麥也在同月與美方簽署了同類協定。",  # one of the same kind, said before
    ],
)
def test_generic_anaphoric_and_contract_mentions_are_not_treaty_events(nlp, text):
    assert [e for e in events(nlp, text) if e["type"] == "treaty"] == []


@pytest.mark.parametrize(
    ("text", "name", "form", "parties", "action"),
    [
        ("中華民國與日本於1952年4月28日簽署「中日和約」。", "中日和約", "treaty", None, "sign"),
        ("南北韓簽署「軍事領域協議書」。", "軍事領域協議書", "agreement", ["KOR", "PRK"], "sign"),
        (
            "中秘自贸协定实施以来，双边贸易额增长。",
            "中秘自贸协定",
            "agreement",
            ["CHN", "PER"],
            "mention",
        ),
        ("中葡聯合聲明精神落地生根", "中葡聯合聲明", "declaration", ["CHN", "PRT"], "mention"),
        (
            "這項俄伊全面戰略夥伴關係條約涵蓋安全合作。",
            "俄伊全面戰略夥伴關係條約",
            "treaty",
            ["IRN", "RUS"],
            "mention",
        ),
        (
            "北約與華沙公約組織22國在巴黎簽署「歐洲常規武裝力量條約」。",
            "歐洲常規武裝力量條約",
            "treaty",
            None,
            "sign",
        ),
        (
            "1985年签署的《南太平洋无核区条约》（又称《拉罗汤加条约》）确立无核化原则。",
            "南太平洋无核区条约",
            "treaty",
            None,
            "mention",  # 1985年签署的: a relative clause, background
        ),
        (
            "今天是中秘自贸协定生效实施四周年。",
            "中秘自贸协定",
            "agreement",
            ["CHN", "PER"],
            "mention",
        ),
        (
            "中马两国签署《共建“一带一路”合作规划》。",
            "共建“一带一路”合作规划",
            "other",
            None,
            "sign",
        ),
        ("兩韓於1991年簽署《南北基本合意書》。", "南北基本合意書", "agreement", None, "sign"),
        (
            "今天是中哈互免签证协定生效一周年。",
            "中哈互免签证协定",
            "agreement",
            ["CHN", "KAZ"],
            "mention",
        ),
    ],
    ids=[
        "peace-treaty",
        "agreement-document",
        "short-name-no-verb",
        "headline",
        "this-named-one",
        "pact-organisation",
        "other-name-in-brackets",
        "after-a-copula",
        "quote-in-a-name",
        "korean-agreement",
        "visa-is-no-signing",
    ],
)
def test_treaty_forms_and_short_names_without_a_verb(nlp, text, name, form, parties, action):
    e = only(events(nlp, text), "treaty")
    assert (e["text"], e["args"]["form"], e["args"]["action"]) == (name, form, action)
    if parties:
        assert e["args"]["parties"] == parties


def test_a_short_name_in_brackets_is_the_same_mention_and_a_name_again_later(nlp):
    found = events(
        nlp,
        "南北韓在平壤簽署「軍事領域協議」（簡稱九一九軍事協議），設立緩衝區。"
        "北韓去年11月23日宣布廢棄九一九軍事協議。",
        2024,
    )
    treaties = [(e["text"], e["args"]["action"]) for e in found if e["type"] == "treaty"]
    assert treaties == [("軍事領域協議", "sign"), ("九一九軍事協議", "withdraw")]


def test_a_planned_treaty(nlp):
    e = only(events(nlp, "蒙古亦期與美國簽訂「蒙美全面夥伴關係條約」。"), "treaty")
    assert e["args"]["action"] == "plan"
    assert e["args"]["parties"] == ["MNG", "USA"]


def test_treaty_location_and_simplified_script(nlp):
    e = only(events(nlp, "2006年，蒙、俄两国在莫斯科签署「莫斯科宣言」。"), "treaty")
    assert e["args"]["location"]["kb_id"] == "loc:moscow"
    assert e["args"]["form"] == "declaration"
    assert e["args"]["parties"] == ["MNG", "RUS"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("2005年中俄舉行「和平使命-2005」聯合軍事演習。", "和平使命-2005"),
        ("2018年中俄蒙參加「東方-2018」戰略演習。", "東方-2018"),
        ("2023年中俄舉行「北部・聯合-2023」演習。", "北部・聯合-2023"),
    ],
)
def test_exercise_names_with_any_separator(nlp, text, name):
    e = only(events(nlp, text), "exercise")
    assert e["text"] == name
    assert e["args"]["kb_id"] and e["args"]["start"]["value"][:4] == name[-4:]


def test_exercise_dates_three_states_and_location(nlp):
    e = only(
        events(
            nlp,
            "中國、俄羅斯與蒙古在今年9月8日、9日間，在三國邊境進行「邊防合作2025」聯合演練。",
            2025,
        ),
        "exercise",
    )
    args = e["args"]
    assert args["participants"] == ["CHN", "MNG", "RUS"]
    assert (args["start"]["value"], args["end"]["value"]) == ("2025-09-08", "2025-09-09")
    assert args["scope"] == "multilateral" and args["location"]["text"] == "三國邊境"
    assert e["codes"] == {"cameo": "062", "plover": "COOPERATE"}


def test_unnamed_joint_exercise_with_participants_and_date(nlp):
    e = only(
        events(nlp, "蒙古與中國建立防務磋商機制，並於2009年首次舉行維和聯合軍事演習。"), "exercise"
    )
    assert e["args"]["participants"] == ["CHN", "MNG"] and e["args"]["scope"] == "bilateral"
    assert e["args"]["start"]["value"] == "2009"


def test_percentage_share_with_measure_and_subject(nlp):
    e = only(events(nlp, "至2015年，中國已佔蒙古出口貿易總額的83.47%。"), "percentage")
    assert e["args"] == {
        "value": 83.47,
        "high": None,
        "approx": None,
        "unit": "percent",
        "measure": "蒙古出口貿易總額",
        "subject": "CHN",
        "change": None,
    }


@pytest.mark.parametrize(
    ("text", "measure", "approx", "change"),
    [
        ("今年前三季度，中国对俄出口同比增长约8.2%。", "对俄出口", "about", "year_on_year"),
        ("10月份工業生產環比下降1.5%。", "工業生產", None, "period_on_period"),
        ("蒙古對中國出口佔比83%。", "出口", None, None),
        ("中国对东盟贸易额约占中国外贸总额的两成。", "中国外贸总额", "about", None),
        ("美國近占全球軍費的三分之一。", "全球軍費", "nearly", None),
    ],
    ids=["yoy", "mom", "share-of", "approx-before-verb", "nearly-before-verb"],
)
def test_percentage_measure_is_a_phrase_and_changes_are_changes(nlp, text, measure, approx, change):
    """Never a stray character (同 of 同比, 比 of 佔比); a qualifier before the verb counts."""
    args = only(events(nlp, text), "percentage")["args"]
    assert (args["measure"], args["approx"], args["change"]) == (measure, approx, change)


def test_a_contract_of_a_bureau_and_a_company_is_no_treaty(nlp):
    assert not events(nlp, "市公安局与某科技公司签署警航业务合作协议。")
    treaty = only(events(nlp, "中國與俄羅斯簽署合作協議。"), "treaty")
    assert treaty["args"]["parties"] == ["CHN", "RUS"]


@pytest.mark.parametrize(
    ("text", "name", "participants"),
    [
        ("解放军驻西藏部队近日进行高原实战演练。", "高原实战演练", ["CHN"]),
        ("第82集团军某旅组织实兵对抗演练。", "实兵对抗演练", ["CHN"]),
        ("挪威陆军坦克在代号寒冷回应演习中开火。", "寒冷回应", ["NOR"]),
        ("美國和以色列士兵進行了杜松眼鏡蛇2018聯合軍演。", "杜松眼鏡蛇2018", ["ISR", "USA"]),
        ("俄军在靠近乌克兰边境地区举行大规模军事演习。", "大规模军事演习", ["RUS"]),
        (
            "美軍宣布，勇敢之盾2022（Valiant Shield 2022）聯合演習6日至17日在關島舉行。",
            "勇敢之盾2022",
            ["USA"],
        ),
        ("普京29日通過視像指揮俄軍戰略核力量演習。", "戰略核力量演習", ["RUS"]),
    ],
    ids=[
        "national-unnamed",
        "unit-unnamed",
        "code-name",
        "edition-name",
        "place-not-party",
        "alias-before-word",
        "directed",
    ],
)
def test_exercises_beyond_the_corpus(nlp, text, name, participants):
    e = only(events(nlp, text), "exercise")
    assert e["args"]["name"] == name and e["args"]["participants"] == participants


@pytest.mark.parametrize(
    "text",
    [
        "消防支队开展高层建筑火灾疏散演练。",
        "参与演习是其外交政策的一部分。",
        "该旅组织官兵进行体能训练和考核。",
        "分析人士指出，共軍近年幾乎每年都在台灣周邊舉行大規模軍演。",
        "北韓批評，美韓在半島周邊舉行的各種軍演「嚴重威脅區域和平」。",
    ],
    ids=["civil-drill", "generic", "training", "habitual", "of-every-kind-quoted"],
)
def test_no_exercise_in_drills_generic_mentions_and_training(nlp, text):
    assert not [e for e in events(nlp, text) if e["type"] == "exercise"]


def test_a_date_inside_the_name_is_not_the_events_date(nlp):
    text = "台灣與美國於2023年6月1日簽署「台美21世紀貿易倡議首批協定」。"
    treaty = only(events(nlp, text), "treaty")
    assert treaty["args"]["date"]["value"] == "2023-06-01"


def test_every_event_has_its_evidence_sentence(corpus_out):
    records = read_jsonl(corpus_out / "events.jsonl")
    assert len(records) > 50
    for e in records:
        assert e["sentence"]["start"] <= e["start"] < e["end"] <= e["sentence"]["end"]


def test_events_against_the_corpus_gold_stay_above_their_floors(corpus_out, corpus_documents):
    names = {d["doc_id"]: Path(d["path"]).name for d in corpus_documents}
    raws = {
        Path(d["path"]).name: decode(Path(d["path"]).read_bytes()).text for d in corpus_documents
    }
    predicted = [{**e, "doc": names[e["doc_id"]]} for e in read_jsonl(corpus_out / "events.jsonl")]
    result = score(read_gold(ROOT / "tests" / "gold" / "events.jsonl", raws), predicted)
    for kind in ("treaty", "exercise", "percentage"):
        assert result[kind]["p"] >= 0.95 and result[kind]["r"] >= 0.95, (kind, result[kind])
    assert result["argument_accuracy"] >= 0.9, result["wrong_arguments"]


def test_tag_command_writes_events(monkeypatch, capsys):
    import io

    from pipeline.cli import main

    line = "2015年2月10日日本與蒙古簽訂自由貿易合作協定，佔其GDP的2-3%。\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(line.encode("utf-8"))))
    assert main(["tag"]) == 0
    record = json.loads(capsys.readouterr().out)
    treaty = next(e for e in record["events"] if e["type"] == "treaty")
    assert treaty["args"]["parties"] == ["JPN", "MNG"]
    assert treaty["args"]["date"]["value"] == "2015-02-10"


@pytest.mark.parametrize("name", ["003_4d695214e84dccad.txt", "000_3233da7bd9e26fa7.txt"])
def test_events_are_the_same_in_simplified(nlp, name):
    from pipeline.text.normalize import Normalizer

    text = (ROOT / "corpus" / "raw" / name).read_text(encoding="utf-8")
    traditional = [(e["type"], e["start"], e["end"], e["args"]) for e in events(nlp, text, 2025)]
    simplified = events(nlp, Normalizer()(text), 2025)
    assert len(traditional) > 10
    assert [(e["type"], e["start"], e["end"]) for e in simplified] == [t[:3] for t in traditional]
    for (_, _, _, args), event in zip(traditional, simplified, strict=True):
        keys = ("parties", "participants", "date", "action", "value", "subject", "scope")
        same = {k: args.get(k) for k in keys if k != "date"}
        assert same == {k: event["args"].get(k) for k in keys if k != "date"}


def test_a_memorandum_about_a_named_project(nlp):
    found = events(nlp, "2025年9月2日，中俄蒙三方簽署了關於「西伯利亞力量2號」管道建設的備忘錄。")
    e = only(found, "treaty")
    assert e["text"] == "關於「西伯利亞力量2號」管道建設的備忘錄"
    assert (e["args"]["form"], e["args"]["action"]) == ("memorandum", "sign")
    assert e["args"]["parties"] == ["CHN", "MNG", "RUS"]


def test_withdrawal_and_a_series(nlp):
    treaty = only(events(nlp, "俄羅斯宣布退出《中程導彈條約》。"), "treaty")
    assert (treaty["args"]["action"], treaty["args"]["parties"]) == ("withdraw", ["RUS"])
    assert treaty["codes"]["plover"] == "REJECT"
    series = only(events(nlp, "中俄兩國自2005年起舉行「和平使命」系列聯合反恐演習。"), "exercise")
    assert series["args"]["series"] and series["args"]["kb_id"] == "event:peace-mission"


def test_share_within_a_whole(nlp):
    e = only(events(nlp, "在蒙古的外國投資中，中國占30%。"), "percentage")
    assert (e["args"]["measure"], e["args"]["subject"]) == ("外國投資", "CHN")


def test_a_change_compared_with_before(nlp):
    e = only(events(nlp, "蒙古2016年出口較2015年增加5%。"), "percentage")
    assert (e["args"]["measure"], e["args"]["subject"]) == ("出口", "MNG")


def test_a_treaty_dated_by_a_decade_keeps_the_range(nlp):
    found = events(
        nlp, "1960年代中、蘇關係惡化，蘇聯依「蘇蒙友好合作互助條約」派遣大批軍隊入駐蒙古。"
    )
    e = only(found, "treaty")
    assert e["args"]["date"] == {"text": "1960年代", "start": "1960", "end": "1969"}


def test_a_descriptive_anchor_stops_at_the_date_before_it(nlp):
    e = only(events(nlp, "2. 與中國，於2003年兩國聯合聲明中、蒙為\n「睦鄰互信夥伴關係」"), "treaty")
    assert e["text"] == "兩國聯合聲明"
    assert e["args"]["date"] == {"text": "2003年", "value": "2003"}


@pytest.mark.parametrize(
    "cell",
    [
        "中華人民\n共和國和蒙古國關於建立和發展全面戰略夥\n伴關係的聯合宣言",
        "中華人民 共和國和蒙古國關於建立和發展全面戰略夥伴關係的聯合宣言",
    ],
)
def test_a_treaty_name_broken_by_the_layout_is_joined(nlp, cell):
    doc_text = f"2014年「{cell}」。"
    e = only(events(nlp, doc_text), "treaty")
    assert e["text"] == cell == doc_text[e["start"] : e["end"]]
    assert e["args"]["name"] == "中華人民共和國和蒙古國關於建立和發展全面戰略夥伴關係的聯合宣言"
    assert (e["args"]["form"], e["args"]["parties"]) == ("declaration", ["CHN", "MNG"])


def test_a_border_of_coordinated_states_lists_every_state(nlp):
    found = events(
        nlp, "2025年9月8日至9日，中俄蒙三國邊防部隊在中俄蒙邊境組織「邊防合作2025」聯合演練。"
    )
    assert only(found, "exercise")["args"]["location"] == {
        "text": "中俄蒙邊境",
        "kb_id": None,
        "states": ["CHN", "MNG", "RUS"],
    }


def test_an_exercise_named_by_the_gazetteer_without_a_word_after_it(nlp):
    """環太平洋軍演 is an exercise by its own name; 漢光 keeps its edition (40號)."""
    rimpac = only(events(nlp, "2024年環太平洋軍演於6月27日在夏威夷登場。"), "exercise")
    assert (rimpac["text"], rimpac["args"]["kb_id"]) == ("環太平洋軍演", "event:rimpac")
    han_kuang = only(events(nlp, "漢光40號演習於7月22日至26日舉行。", 2024), "exercise")
    assert (han_kuang["args"]["name"], han_kuang["args"]["kb_id"]) == (
        "漢光40號",
        "event:han-kuang",
    )


def test_an_armed_force_stands_for_its_state_and_a_place_around_a_state_is_no_party(nlp):
    text = "解放軍東部戰區今日起在台灣周邊舉行「聯合利劍-2024A」演習。"
    args = only(events(nlp, text), "exercise")["args"]
    assert args["participants"] == ["CHN"]  # not TWN: the exercise is held around it
    assert args["location"] == {"text": "台灣周邊", "kb_id": "TWN"}
    hosted = only(events(nlp, "中蒙兩國在蒙古舉行聯合演習，時間為2024年8月。"), "exercise")
    assert hosted["args"]["participants"] == ["CHN", "MNG"]  # in Mongolia: still a party


def test_two_dates_joined_by_a_range_word_are_start_and_end(nlp):
    text = "8月4日12时至7日12时，中国人民解放军在台岛周边海空域组织实战化联合演训。"
    args = only(events(nlp, text, year=2022), "exercise")["args"]
    assert (args["start"]["value"], args["end"]["value"]) == ("2022-08-04", "2022-08-07")


def test_a_passage_opening_day_dates_an_exercise_whose_sentence_has_none(nlp):
    text = (
        "2012年6月11日，美国空军迈诺特基地内，轰炸机编队准备升空。"
        "该基地的轰炸机正在参加一项超级紧急起飞实战演习。"
    )
    args = only(events(nlp, text), "exercise")["args"]
    assert args["start"]["value"] == "2012-06-11"
    analysis = "2022年，管道建成。此后中俄两国海军举行大规模联合演习。"
    assert only(events(nlp, analysis), "exercise")["args"]["start"] is None


def test_a_state_named_as_a_source_is_no_participant(nlp):
    text = "有台湾媒体宣称中国空军今年将在朱日和实战演练中派出歼-20战斗机参与演练。"
    assert only(events(nlp, text), "exercise")["args"]["participants"] == ["CHN"]


@pytest.mark.parametrize(
    "text",
    [
        "据美国海军消息，俄罗斯海军7月3日在波罗的海举行大规模演习。",
        "來自美國海軍的訊息，俄羅斯海軍7月3日在波羅的海舉行大規模演習。",
    ],
    ids=["simplified", "traditional"],
)
def test_the_source_of_the_news_is_no_participant(nlp, text):
    """据…消息, 来自…的讯息: an armed force named only as where the news comes from."""
    assert only(events(nlp, text), "exercise")["args"]["participants"] == ["RUS"]


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "東盟十國與中國、日本簽署《區域全面經濟夥伴關係協定》。",
            ["CHN", "JPN", "org:asean"],
        ),
        ("2002年，中国与东盟领导人签署《中国－东盟全面经济合作框架协议》。", ["CHN", "org:asean"]),
    ],
    ids=["organisation-with-its-members", "organisation-in-the-name"],
)
def test_an_international_organisation_is_a_treaty_party(nlp, text, parties):
    assert only(events(nlp, text), "treaty")["args"]["parties"] == parties


def test_ship_names_are_no_state_abbreviations_and_joint_exercises_need_no_date(nlp):
    text = "护卫舰支队怀化舰、襄阳舰和义乌舰组成的舰艇编队展开海上实战化演练。"
    assert only(events(nlp, text), "exercise")["args"]["participants"] == []
    joint = only(events(nlp, "中俄兩國舉行聯合軍演。"), "exercise")
    assert joint["args"]["participants"] == ["CHN", "RUS"]


def test_a_name_after_its_exercise_word_and_the_items_of_an_exercise(nlp):
    text = "美日韓三國首度舉行的多領域聯合軍演「自由之刃」今天起在濟州島以南公海展開。"
    assert only(events(nlp, text), "exercise")["args"]["name"] == "自由之刃"
    items = "國軍漢光39號實兵演習今天登場。演習期間將進行聯合反登陸等操演。"
    assert [e["args"]["name"] for e in events(nlp, items) if e["type"] == "exercise"] == [
        "漢光39號"
    ]
    # a name said again in the next sentence is a mention of its own, with its own sentence
    same = "美以士兵进行了杜松眼镜蛇2018联合军演。本年的杜松眼镜蛇2018联合军演为期一周。"
    said = [e for e in events(nlp, same) if e["type"] == "exercise"]
    assert [e["start"] for e in said] == [7, 24]
    assert [e["args"]["participants"] for e in said] == [["ISR", "USA"], ["ISR", "USA"]]


@pytest.mark.parametrize(
    "text",
    [
        "中俄海军25日举行联合保交作战行动演练，达到了演练目的。记者从黄海演练现场的军舰上发回报道。",
        "中俄海軍4月25日在黃海舉行海上聯合軍演。演習期間，雙方進行了聯合保交作戰演練現場觀摩。",
    ],
    ids=["site", "time"],
)
def test_the_site_or_time_of_an_exercise_is_no_new_exercise(nlp, text):
    """演练现场, 演习期间: the exercise the passage already has, not a second one."""
    found = [e for e in events(nlp, text) if e["type"] == "exercise"]
    assert len(found) == 1 and found[0]["args"]["participants"] == ["CHN", "RUS"]


def test_states_then_a_force_in_a_recognized_name_are_participants(nlp):
    """中俄海军, found whole by the recognizer: the states it starts with take part."""
    e = only(events(nlp, "中俄海军在黄海举行联合演习。"), "exercise")
    assert e["args"]["participants"] == ["CHN", "RUS"]


@pytest.mark.parametrize(
    "text",
    [
        "俄罗斯海军本周格外忙碌。连日在波罗的海进行实弹演习。",
        "俄羅斯海軍本週格外忙碌。連日在波羅的海進行實彈演習。",
    ],
    ids=["simplified", "traditional"],
)
def test_a_subject_left_out_is_the_one_of_the_sentence_before(nlp, text):
    """A sentence without its subject (承前省略) takes the actors of the one before."""
    assert only(events(nlp, text), "exercise")["args"]["participants"] == ["RUS"]


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("美日两国海军大规模联合军演10日在冲绳以东海域开启。", ["JPN", "USA"]),
        ("俄軍大規模戰略演習於9月16日在遠東地區舉行。", ["RUS"]),
        ("此次演习于4月29日至5月4日举行，双方派出潜艇参演。", None),
    ],
    ids=["opened-later", "held-later-traditional", "anaphoric"],
)
def test_an_exercise_held_later_in_its_clause(nlp, text, participants):
    """演习…10日在…开启/举行: held by a verb later in the clause; 此次演习 is the
    document's exercise said again, not a new one."""
    found = [e for e in events(nlp, text) if e["type"] == "exercise"]
    if participants is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0]["args"]["participants"] == participants


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("近日，海军某舰载机部队出动演练，锤炼远海作战能力。", 1),
        ("武警某支队进行了一场以处置劫持人质、追击捕歼为主要内容的反恐演练。", 1),
        ("武警某支隊進行了包括夜間行軍、處置劫持人質等項目的反恐演練。", 1),
        ("对军人来说，参加演习是职责所在。", 0),
    ],
    ids=["occasion", "long-object", "long-object-traditional", "in-general"],
)
def test_when_an_exercise_word_is_one_exercise(nlp, text, expected):
    """出动演练 said with 近日 is one occasion; a verb far before a long modified object
    (…为主要内容的反恐演练) holds it; 参加演习 without a when is exercises in general."""
    assert len([e for e in events(nlp, text) if e["type"] == "exercise"]) == expected


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("2023年11月2日，俄罗斯总统普京签署法律，撤销批准《全面禁止核试验条约》。", "withdraw"),
        ("美國宣布終止《中導條約》。", "withdraw"),
        ("俄罗斯批准《全面禁止核试验条约》。", "ratify"),
    ],
    ids=["revoke-ratification", "terminate", "ratify"],
)
def test_revoking_a_ratification_is_a_withdrawal(nlp, text, action):
    assert only(events(nlp, text), "treaty")["args"]["action"] == action


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("國軍漢光39號實兵演習今天起至28日舉行，為期5天。", "2023-07-24", "2023-07-28"),
        ("中俄海军昨天在日本海举行联合演习。", "2023-07-23", None),
    ],
    ids=["today-to-28th", "yesterday"],
)
def test_today_and_yesterday_are_the_documents_date(nlp, text, start, end):
    """今天, 昨天: the document's date (2023-07-24 here), and 28日 its month."""
    args = only(events(nlp, text, "2023-07-24"), "exercise")["args"]
    assert (args["start"]["value"], (args["end"] or {}).get("value")) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        "北约年度军演6月3日在波罗的海拉开帷幕，演习将持续至20日。",
        "北約年度軍演6月3日在波羅的海拉開帷幕，演習將一直到6月20日。",
    ],
    ids=["simplified", "traditional"],
)
def test_an_end_said_apart_from_the_start(nlp, text):
    """…拉开帷幕，演习将持续至20日: the end, however far from the start in the sentence."""
    args = only(events(nlp, text, "2024"), "exercise")["args"]
    assert (args["start"]["value"], args["end"]["value"]) == ("2024-06-03", "2024-06-20")


@pytest.mark.parametrize(
    "text",
    [
        "普京在莫斯科会见来访的托卡耶夫。两国元首签署了联合声明。",
        "普丁在莫斯科會見來訪的托卡耶夫。兩國元首簽署了聯合聲明。",
    ],
    ids=["simplified", "traditional"],
)
def test_a_leader_stands_for_his_state_among_the_parties_of_both(nlp, text):
    """两国元首: the states of the two leaders named before (gazetteer `represents`)."""
    assert only(events(nlp, text), "treaty")["args"]["parties"] == ["KAZ", "RUS"]


def test_the_agent_of_a_passive_signing_is_a_party(nlp):
    """《条约》由美国与苏联于1987年签署: both states, the one after 由 included."""
    text = "《中程核子飛彈條約》由美國與蘇聯於1987年簽署，禁止雙方部署陸基飛彈。"
    assert only(events(nlp, text), "treaty")["args"]["parties"] == ["SUN", "USA"]


def test_a_date_inside_a_name_gives_no_year_to_the_dates_after_it(nlp):
    """「台美21世紀貿易倡議首批協定」: 21世紀 is the name's; 7月18日 is the document's year."""
    text = (
        "台美今年6月1日簽署「台美21世紀貿易倡議首批協定」。"
        "立法院7月18日院會審議通過「台美21世紀貿易倡議首批協定」。"
    )
    signed, ratified = [e for e in events(nlp, text, "2023-08-08") if e["type"] == "treaty"]
    assert ratified["args"]["action"] == "ratify"
    assert (signed["args"]["date"]["value"], ratified["args"]["date"]["value"]) == (
        "2023-06-01",
        "2023-07-18",
    )


def test_where_a_treaty_is_signed_is_no_party(nlp):
    """雙方在日本…簽署 (two companies): JPN is the place, and no state is left; a state
    both named as a party and as the place stays one."""
    assert not events(nlp, "鴻海與夏普公司宣布，雙方在日本大阪簽署合作協議。")
    treaty = only(events(nlp, "美国与日本在日本东京签署防务合作协定。"), "treaty")
    assert treaty["args"]["parties"] == ["JPN", "USA"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("這是中國簽署的第22個自貿協定，塞爾維亞成為中國第29個自貿夥伴。", 0),
        ("2004年，中国与东盟签署第一个自贸协定。", 1),
    ],
    ids=["counted", "a-first-signing"],
)
def test_a_treaty_counted_in_a_copula_is_none(nlp, text, found):
    """这是…第22个自贸协定 counts agreements; 签署第一个自贸协定 is a signing."""
    assert len([e for e in events(nlp, text) if e["type"] == "treaty"]) == found


@pytest.mark.parametrize(
    "text", ["演习期间，美军将进行多次击沉靶船的实弹射击。", "演習現場，記者看到多架戰機起飛。"]
)
def test_during_or_at_an_exercise_without_a_verb_is_no_new_one(nlp, text):
    """演习期间, 演习现场 opening a passage: the exercise the document already has."""
    assert [e for e in events(nlp, text) if e["type"] == "exercise"] == []


def test_an_exercise_counting_the_states_of_an_earlier_passage_takes_them(nlp):
    """这是两国海军…的例行演习, a passage after the one that names 中俄: the two states of the
    last exercise; no internal key is left in the records."""
    docs = list(
        nlp.pipe(
            [
                "7月中旬，中俄两国海军在广东湛江附近海空域举行联合演习。",
                "这是两国海军连续多年举行的年度例行演习。",
                "美国海军同日举行例行演习。",
            ]
        )
    )
    events = complete(nlp, docs, "2024-07-20").events
    assert [e["args"]["participants"] for e in events] == [["CHN", "RUS"], ["CHN", "RUS"], ["USA"]]
    assert all(set(e) == set(events[0]) for e in events)


def test_a_sentence_saying_who_took_part_adds_them_to_the_exercise_before_it(nlp):
    text = (
        "2013年9月17日，美国华盛顿州的训练中心内，一次实弹演习正在进行。"
        "参加演习的部队分别为日本陆上自卫队与美国陆军部队。"
    )
    assert only(events(nlp, text), "exercise")["args"]["participants"] == ["JPN", "USA"]


def test_the_state_of_a_un_mission_is_where_it_is_not_a_participant(nlp):
    text = (
        "2017年5月6日，中国和德国维和部队在联合国马里多层面综合稳定特派团的医院"
        "进行联合医疗救援演习。"
    )
    assert only(events(nlp, text), "exercise")["args"]["participants"] == ["CHN", "DEU"]


def test_a_bare_year_in_the_sentence_yields_to_the_opening_day_of_that_year(nlp):
    text = (
        "2012年2月13日，泰国梭桃邑，一名美国海军士兵在演习基地接受训练。"
        "这是在2012年金色眼镜蛇联合军事演习中丛林生存训练课程的一部分。"
    )
    assert only(events(nlp, text), "exercise")["args"]["start"]["value"] == "2012-02-13"
    other_year = text.replace("2012年2月13日", "2013年2月13日")
    assert only(events(nlp, other_year), "exercise")["args"]["start"]["value"] == "2012"


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        # the anchor starts on a word, after an enumeration mark
        ("空降机械化作战集群成建制一体化空降演习正式打响，部队投入战斗。", "一体化空降演习"),
        ("某陆航旅组织多机型､全要素､跨昼夜飞行演练｡", "跨昼夜飞行演练"),
        # the verb may stand farther than the limit from the word when it ends within it
        ("陆军某空中突击部队展开组建以来的首次空地一体实兵实弹目标夺控演练。", "实弹目标夺控演练"),
        # a weapon that takes part in an exercise is not its name; a force is not in the name
        ("72集团军某旅最新列装的红箭10一同参与抢滩登陆演习。", "抢滩登陆演习"),
        ("美军杜松眼镜蛇2018联合军演开始。", "杜松眼镜蛇2018"),
        # held where it is: the place is its verb
        ("近日，一艘解放军登陆艇在南海某海域演习并抢滩登陆。", "演习"),
    ],
)
def test_an_exercise_anchor_is_its_words_only(nlp, text, anchor):
    assert only(events(nlp, text), "exercise")["text"] == anchor


def test_an_exercise_series_named_alone_is_held_by_its_states(nlp):
    """Gazetteer `held_by`: 漢光 is Taiwan's, whoever the sentence names; a sentence that
    names participants keeps its own."""
    text = "國防部今天表示，漢光40號演習將於7月舉行。"
    assert only(events(nlp, text), "exercise")["args"]["participants"] == ["TWN"]
    named = "美軍派員參加漢光40號演習。"
    assert only(events(nlp, named), "exercise")["args"]["participants"] == ["USA"]
    observers = "美軍觀察員觀摩漢光40號演習。"  # observers take no part: the series' states
    assert only(events(nlp, observers), "exercise")["args"]["participants"] == ["TWN"]


@pytest.mark.parametrize(
    ("text", "anchor", "form", "parties", "action"),
    [
        ("台灣與英國8日簽署「台英加強貿易夥伴關係安排」。", "台英加強貿易夥伴關係安排", "other",
         ["GBR", "TWN"], "sign"),  # 台英, not 台英加: 加強 is a word
        ("中国与东盟国家正就“南海行为准则”进行磋商。", "南海行为准则", "other",
         ["CHN", "org:asean"], "negotiate"),
        ("今年6月雙方簽署「台美21世紀貿易倡議」首批協定。", "「台美21世紀貿易倡議」首批協定",
         "agreement", ["TWN", "USA"], "sign"),
    ],
)  # fmt: skip
def test_weak_form_words_in_names_and_a_name_before_an_agreement(
    nlp, text, anchor, form, parties, action
):
    treaty = only(events(nlp, text), "treaty")
    assert treaty["text"] == anchor
    assert "「" not in treaty["args"]["name"]
    assert (treaty["args"]["form"], treaty["args"]["parties"], treaty["args"]["action"]) == (
        form,
        parties,
        action,
    )


def test_states_taking_part_in_a_later_passage_join_the_exercise(nlp):
    """派兵参演 with its object left out: the exercise of the passage before; a note, not an
    event of its own. A later clause of the same passage joins the same way."""
    docs = list(
        nlp.pipe(
            [
                "上海合作组织“和平使命-2021”联合反恐军事演习9月11日在俄罗斯奥伦堡州开幕。",
                "中国、俄罗斯、巴基斯坦、印度等上合组织成员国派兵参演。",
                "中国则于2009年才开始参与。",
            ]
        )
    )
    [exercise] = complete(nlp, docs, "2021-09-11").events
    assert exercise["args"]["participants"] == ["CHN", "IND", "PAK", "RUS"]
    assert exercise["args"]["scope"] == "multilateral"
    assert docs[1]._.events == [] and docs[1]._.event_notes
    same = "俄军举行“东方-2018”战略演习，蒙古国军队也派员参加。"
    assert only(events(nlp, same), "exercise")["args"]["participants"] == ["MNG", "RUS"]


def test_a_sentence_about_the_exercise_said_again_gives_its_dates(nlp):
    text = (
        "中国人民解放军派出3200名官兵，赴俄参加代号“东方-2018”的战略演习。"
        "演习于9月11日至17日在俄罗斯外贝加尔边疆区举行。"
    )
    args = only(events(nlp, text, year=2018), "exercise")["args"]
    assert (args["start"]["value"], args["end"]["value"]) == ("2018-09-11", "2018-09-17")
    assert args["location"]["text"].startswith("俄罗斯外贝加尔边疆区")


def test_the_most_specific_date_of_the_clause_wins(nlp):
    text = "去年漢光39號實兵演習於7月24日至28日舉行。"
    args = only(events(nlp, text, year=2024), "exercise")["args"]
    assert (args["start"]["value"], args["end"]["value"]) == ("2023-07-24", "2023-07-28")


def test_two_states_of_a_treaty_in_a_later_passage_are_those_of_the_treaty_before(nlp):
    docs = list(
        nlp.pipe(
            [
                "答：中国和所罗门群岛双方近日正式签署了两国政府间安全合作框架协议。",
                "自2019年9月21日两国签署建交联合公报以来，中所关系发展迅速。",
            ]
        )
    )
    treaties = complete(nlp, docs, "2022-04-19").events
    assert [t["args"]["parties"] for t in treaties] == [["CHN", "SLB"], ["CHN", "SLB"]]
    assert all("_group" not in t for t in treaties)


@pytest.mark.parametrize(
    "text",
    [
        "2019年中俄签署协议。对于个别国家发表的有关声明，我们注意到了。",
        "2019年中俄签署协议。双方签署的相关协议将按计划执行。",
        "2024年欧洲杯四分之一决赛5日展开争夺，八分之一决赛已经结束。",
    ],
)
def test_referring_agreements_and_quarterfinals_are_no_new_events(nlp, text):
    found = events(nlp, text)
    assert [e for e in found if e["type"] == "percentage"] == []
    assert [e["text"] for e in found if e["type"] == "treaty"] in ([], ["协议"])


def test_a_meetings_name_is_no_exercise_and_an_exercise_said_again_is_the_earlier_one(nlp):
    docs = list(
        nlp.pipe(
            [
                "印度、美國、日本海軍今日起舉行「馬拉巴爾」聯合軍事演習。",
                "這是澳洲首次參與該演習，也是「四方安全對話」四國海軍首次同場操演。",
            ]
        )
    )
    [exercise] = complete(nlp, docs, "2020-11-03").events
    assert exercise["args"]["participants"] == ["AUS", "IND", "JPN", "USA"]
    assert docs[1]._.events == []
    alone = "這是澳洲首次參與該演習。"
    assert only(events(nlp, alone), "exercise")["args"]["participants"] == ["AUS"]


@pytest.mark.parametrize(
    ("text", "anchor", "form"),
    [
        ("中國大陸宣布中止ECFA部分產品的關稅減讓。", "ECFA", "agreement"),  # a gazetteer agreement
        ("美國2020年11月退出Open Skies Treaty。", None, None),  # an English title: a reference
        ("雙方另有「軍隊互訪協定」（VFA），1999年獲參議院批准。", "軍隊互訪協定", "agreement"),
    ],
)
def test_a_gazetteer_agreement_by_its_acronym_and_a_short_alias_in_brackets(
    nlp, text, anchor, form
):
    treaties = [e for e in events(nlp, text) if e["type"] == "treaty"]
    assert [(t["text"], t["args"]["form"]) for t in treaties] == (
        [(anchor, form)] if anchor else []
    )


@pytest.mark.parametrize(
    "text",
    [
        "與他國簽署的條約或協定常以「協議」､「備忘錄」等名義出現，規範條約案的締結程序。",
        "澳洲宣布取消與法國海軍集團簽訂、總值約900億澳元的常規潛艇合約。",
        "長江和記實業周二宣布與貝萊德牽頭的財團達成原則性協議。",
        "西班牙队以百分之一秒的优势夺冠。",
    ],
)
def test_quoted_form_words_bills_contracts_and_units_are_no_events(nlp, text):
    assert [e for e in events(nlp, text) if e["type"] in ("treaty", "percentage")] == []


def test_participants_of_the_clause_before_those_of_the_sentence(nlp):
    text = "共軍今年4月在台灣周邊實施代號「海峽雷霆-2025A」的演習，國軍已將共軍動態納入想定。"
    assert only(events(nlp, text), "exercise")["args"]["participants"] == ["CHN"]


def test_states_listed_with_the_agent_of_a_treaty_are_parties(nlp):
    text = "《全面与进步跨太平洋伙伴关系协定》由澳大利亚、文莱、加拿大和越南于2018年签署。"
    assert only(events(nlp, text), "treaty")["args"]["parties"] == ["AUS", "BRN", "CAN", "VNM"]


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("习近平和普京5月16日在北京签署联合声明。", ["CHN", "RUS"]),  # leaders stand for states
        ("ECFA於2010年6月29日由海基會與海協會在重慶簽署。", ["CHN", "TWN"]),  # so do the two bodies
    ],
)
def test_who_stands_for_a_state_makes_it_a_party(nlp, text, parties):
    assert only(events(nlp, text), "treaty")["args"]["parties"] == parties


def test_a_word_naming_a_fixed_group_of_parties(nlp):
    text = "兩岸2013年6月21日在上海簽署的「海峽兩岸服務貿易協議」至今未經審議通過。"
    assert only(events(nlp, text), "treaty")["args"]["parties"] == ["CHN", "TWN"]


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        ("人口出生率为6.77‰。", 0.677, "人口出生率"),  # per mille; no copula in the measure
        ("人口自然增长率为-0.99‰。", -0.099, "人口自然增长率"),
        ("选举委员会界别的投票率则接近百分之百。", 100, None),
    ],
)
def test_per_mille_and_a_hundred_percent(nlp, text, value, measure):
    args = only(events(nlp, text), "percentage")["args"]
    assert args["value"] == value
    assert measure is None or args["measure"] == measure


def test_the_same_day_is_the_date_named_last_and_a_plan_of_action_is_an_agreement(nlp):
    text = (
        "美國總統川普2018年5月8日宣布退出伊朗核子協議。"
        "英國、法國與德國同日發表聯合聲明，並稱伊朗與六國達成的「聯合全面行動計畫」仍有效。"
    )
    found = [e for e in events(nlp, text) if e["type"] == "treaty"]
    statement = next(e for e in found if e["text"] == "聯合聲明")
    assert statement["args"]["date"]["value"] == "2018-05-08"
    assert any(e["text"] == "聯合全面行動計畫" and e["args"]["form"] == "other" for e in found)


def test_hosts_and_participating_states_said_after_the_exercise(nlp):
    text = (
        "“金色眼镜蛇-2025”多国联合军事演习25日在泰国拉开帷幕。本次演习由泰国和美国联合主办，"
        "新加坡、日本和马来西亚作为正式参演国参加，总兵力约8000人。"
    )
    participants = only(events(nlp, text), "exercise")["args"]["participants"]
    assert participants == ["JPN", "MYS", "SGP", "THA", "USA"]


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("俄罗斯第58集团军9月5日在车臣举行大规模军事演习。", ["RUS"]),  # 集团军 is no company
        ("中俄海军9月5日举行联合军事演习。印度拒绝派兵参加。", ["CHN", "RUS"]),  # negated
    ],
)
def test_a_group_army_is_no_company_and_a_refusal_is_no_taking_part(nlp, text, participants):
    assert only(events(nlp, text), "exercise")["args"]["participants"] == participants


def test_a_copula_inside_a_word_is_none_and_a_change_word_ends_the_measure(nlp):
    assert only(events(nlp, "有专家认为30%的居民支持。"), "percentage")["args"]["measure"] is None
    args = only(events(nlp, "中国对俄出口增长20%。"), "percentage")["args"]
    assert (args["measure"], args["subject"]) == ("对俄出口", "CHN")


def test_a_fraction_is_read_whole_before_what_it_may_not_precede(nlp):
    assert [e["text"] for e in events(nlp, "以百分之三十秒的差距落后。")] == []


def test_an_undated_agreement_of_the_two_waits_for_the_document_and_is_dropped_without(nlp):
    texts = ["中国和所罗门群岛2022年签署了安全合作框架协议。", "两国随后签署了合作协议。"]
    docs = list(nlp.pipe(texts))
    treaties = complete(nlp, docs, "2022-04-19").events
    assert [t["args"]["parties"] for t in treaties] == [["CHN", "SLB"], ["CHN", "SLB"]]
    alone = list(nlp.pipe(["長和表示，雙方將就最終協議進行磋商。"]))
    assert complete(nlp, alone, "2025-03-04").events == [] and alone[0]._.events == []
    assert all("_parties_wanted" not in t and "_drop" not in t for t in treaties)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("這類演習大約每4年舉行一次，上一次「西方-2013」於2013年9月舉行。", "西方-2013"),
        ("“国际军事比赛-2019”在俄罗斯举行，中国军队派队参加。", None),  # a contest
        ("西部战区陆军“精武-2024”军事技能比武在戈壁深处举行。", None),  # a contest held
        ("今次演習是俄海軍2019年8月舉行「海洋盾牌-2019」以來規模最大的一次。", "海洋盾牌-2019"),
        ("中巴兩軍去年7月曾在上海舉行「海洋衛士－２」。", "海洋衛士－２"),  # an edition number
        ("两国海军将于10月上旬举行代号“蓝剑-2023”的联合训练。", "蓝剑-2023"),  # joint training
        ("中巴两国空军名为“雄鹰-IX”的联合训练9日开训。", "雄鹰-IX"),
        ("2019年11月，两国海军曾在吉达举行首次联合训练“蓝剑-2019”。", "蓝剑-2019"),
        ("美韓「自由旗幟」空中聯演登場，逾110架戰機參演。", "自由旗幟"),  # 聯演
        ("上一次同類演習是2022年3月舉行的「寒冷反應-2022」。", "寒冷反應-2022"),
        ("這項演習始於1981年。上屆「漆黑2022」有17國參加。", "漆黑2022"),  # the last edition
        ("两国上一次联合演习KAZIND-21于2021年8月底举行。", "KAZIND-21"),  # Latin, after
        ("澳門民防架構舉行代號「天鴿」的年度颱風演習。", None),  # a civil drill's name
        ("該部隊進行體能訓練。", None),  # a unit's own training
    ],
)
def test_a_bracketed_edition_held_in_a_sentence_about_exercises(nlp, text, name):
    found = [e["text"] for e in events(nlp, text) if e["type"] == "exercise"]
    assert found == ([name] if name else [])


def test_a_bare_day_in_a_later_passage_of_a_dated_document_is_in_its_month(nlp):
    """News writes 8日 for the publication's month; a month named earlier in the same
    passage still gives its own."""
    docs = list(
        nlp.pipe(
            [
                "此前，日本已于2022年1月与澳大利亚签署《日澳互惠准入协定》。",
                "双方8日同意尽快启动《物资劳务相互提供协定》谈判。",
                "2023年1月，日本与英国签署协定，双方8日又签署《日英互惠准入协定》。",
            ]
        )
    )
    complete(nlp, docs, "2024-07-09")
    dates = [event_fields(d, e)["args"]["date"]["value"] for d in docs for e in d._.events]
    assert dates == ["2022-01", "2024-07-08", "2023-01-08"]


def test_a_continuation_in_a_later_passage_dates_the_exercise_of_an_earlier_one(nlp):
    [exercise] = document_events(
        nlp,
        [
            "中国人民解放军派出3200名官兵，赴俄参加代号“东方-2018”的战略演习。",
            "演习于9月11日至17日在俄罗斯外贝加尔边疆区举行，蒙古国军队也派员参加。",
        ],
        "2018-09-05",
    )
    args = exercise["args"]
    assert (args["start"], args["end"]) == (
        {"text": "9月11日至17日", "value": "2018-09-11"},
        {"text": "9月11日至17日", "value": "2018-09-17"},
    )
    assert "MNG" in args["participants"]


def test_a_bare_exercise_word_opening_a_later_paragraph_is_the_documents_exercise(nlp):
    found = document_events(
        nlp,
        [
            "“海上联合-2021”中俄海上联合演习14日在彼得大帝湾附近海域开幕。",
            "演习结束后，两国海军舰艇将组成编队进行联合巡航。",
        ],
        "2021-10-14",
    )
    assert [e["text"] for e in found] == ["海上联合-2021"]
    alone = document_events(nlp, ["演习结束后，两国海军舰艇将组成编队进行联合巡航。"], "2021-10-14")
    assert alone == []  # said of one the document does not have (a continued page): none


def test_a_state_that_only_planned_to_take_part_is_no_participant(nlp):
    [exercise] = document_events(
        nlp,
        [
            "代号为《高加索-2020》的战略指挥部演习于9月21日至26日在俄罗斯南部军区举行，"
            "俄军约1.29万人参加。除俄军外，中国、白俄罗斯、伊朗也派出部队参演。",
            "印度原计划派兵参加，但本月初宣布退出此次演习。",
        ],
        "2020-09-22",
    )
    assert exercise["args"]["participants"] == ["BLR", "CHN", "IRN", "RUS"]


def test_an_unnamed_exercise_describing_a_named_one_is_that_one(nlp):
    """A headline's unnamed exercise over the report of a named one, and a clause that
    describes the named one (这是…首次…举行三方联合演习): one exercise."""
    found = document_events(
        nlp,
        [
            "中坦莫三国联合演习在坦桑尼亚开幕",
            "中国、坦桑尼亚和莫桑比克三国军队29日举行名为“和平团结-2024”的联合演习开幕式。"
            "演习将持续到8月中旬，这是解放军首次同坦莫两国军队举行三方联合演习。",
        ],
        "2024-07-29",
    )
    assert [e["text"] for e in found] == ["和平团结-2024"]


def test_an_event_before_an_exercise_word_may_say_when_not_which(nlp):
    found = [
        e["text"]
        for e in events(nlp, "北約將舉行冷戰後最大規模軍演「堅定捍衛者2024」。")
        if e["type"] == "exercise"
    ]
    assert found == ["堅定捍衛者2024"]


def test_a_gazetteer_agreement_by_its_acronym_alone(nlp):
    e = only(events(nlp, "南韓政府宣布終止GSOMIA，美方隨即表達強烈失望。"), "treaty")
    assert (e["text"], e["args"]["form"], e["args"]["action"]) == (
        "GSOMIA",
        "agreement",
        "withdraw",
    )


def test_a_period_in_brackets_closing_a_name_and_a_date_inside_a_title(nlp):
    """《…行动计划（2019—2023年）》 is a plan of action signed that day (not a crash on the
    state inside it); a date inside a quoted title is the title's."""
    e = only(
        events(
            nlp, "2019年4月28日两国政府在北京签署的《构建中柬命运共同体行动计划（2019—2023年）》。"
        ),
        "treaty",
    )
    assert (e["args"]["form"], e["args"]["date"]["value"]) == ("other", "2019-04-28")
    e = only(
        events(nlp, "中日韩三国在“2025年东亚合作论坛”期间签署《中日韩海关合作协定》。"), "treaty"
    )
    assert e["args"].get("date") is None


@pytest.mark.parametrize(
    ("texts", "date", "start", "end"),
    [
        (["“蟒蛇-24”演习也在多个训练场举行，将持续至3月中旬。"], "2024-03-05", None, "2024-03"),
        (
            ["“渴望雄狮2025”多国联合军演于5月28日落幕。演习自5月18日起在约旦多地举行。"],
            "2025-05-29",
            "2025-05-18",
            "2025-05-28",
        ),
        (
            ["印度與尼泊爾「蘇利耶·基蘭」聯合軍事演習31日起在尼泊爾展開，預計至明年1月13日結束。"],
            "2024-12-31",
            "2024-12-31",
            "2025-01-13",
        ),
        (
            ["（中央社哥本哈根15日綜合外電報導）", "「北極之光2025」演習即日起至19日進行。"],
            "2025-09-15",
            "2025-09-15",
            "2025-09-19",
        ),
        (
            ["北約「北歐回應-2024」軍事演習昨（4）日在挪威北部展開，至15日結束。"],
            "2024-03-05",
            "2024-03-04",
            "2024-03-15",
        ),
    ],
    ids=["until-only", "closing-then-start", "until-far-end", "today-dateline", "yesterday-4th"],
)
def test_an_end_alone_a_closing_date_and_days_said_relatively(nlp, texts, date, start, end):
    """持续至3月中旬 is an end with no start; 于5月28日落幕 an end, whose start a later
    sentence gives; 31日起…预计至明年1月13日结束 a range however far apart; 即日起 the day
    of the last date said (the dateline's 15日); 昨（4）日 the 4th."""
    [e] = [e for e in document_events(nlp, texts, date) if e["type"] == "exercise"]
    got = [(e["args"][k] or {}).get("value") for k in ("start", "end")]
    assert got == [start, end]


@pytest.mark.parametrize(
    ("text", "action", "date", "parties"),
    [
        ("东帝汶已于2017年终止2006年签署的《帝汶海特定海洋安排条约》。", "withdraw", "2017",
         ["TLS"]),
        ("孟印两国就《恒河水分享条约》续约举行技术会谈。", "negotiate", None, ["BGD", "IND"]),
        ("美國防長奧斯汀與肯尼亞國防部長杜阿勒在內羅畢簽署《美肯防務合作協議》。", "sign", None,
         ["KEN", "USA"]),
    ],
    ids=["outer-verb-of-a-relative-clause", "talks-on", "abbreviations-and-minister"],
)  # fmt: skip
def test_the_act_on_a_treaty_is_the_verb_that_governs_it(nlp, text, action, date, parties):
    """终止2006年签署的《…》: the act is 终止 and its year, not the relative clause's;
    就《…》续约举行会谈 is a negotiation; 孟印, 美肯 and 美國防長 name the parties."""
    args = only(events(nlp, text, "2025"), "treaty")["args"]
    assert (args["action"], (args["date"] or {}).get("value"), args["parties"]) == (
        action,
        date,
        parties,
    )


@pytest.mark.parametrize(
    "text",
    [
        "旱季期间法拉卡堰下游来水较条约签署前减少约四成。",
        "这是首个通过强制调解程序达成的划界条约。",
        "香港一家上市新能源企業昨日公告，旗下附屬公司與沙特阿拉伯一家工程公司簽署《戰略合作框架協議》。",
        "中国储能企业华拓储能12日与巴西南十字电力公司在圣保罗签署《战略合作框架协议》。",
    ],
    ids=["signing-as-a-time", "counted-qualified", "company-of-a-place", "company-of-a-state"],
)
def test_no_treaty_in_times_counts_and_company_contracts(nlp, text):
    assert not [e for e in events(nlp, text, "2024") if e["type"] == "treaty"]


@pytest.mark.parametrize(
    ("text", "name", "participants", "scope"),
    [
        ("澳洲主辦卡卡杜2024海上演習　逾30國參與", "卡卡杜2024", ["AUS"], "multilateral"),
        ("巴西空軍主辦的CRUZEX 2024多國空中演習3日在納塔爾展開。", "CRUZEX 2024", ["BRA"],
         "multilateral"),
        ("澳洲與印尼兩國今年11月將首次舉行大規模聯合演習Keris Woomera。", "Keris Woomera",
         ["AUS", "IDN"], "bilateral"),
        ("南韓聯合參謀本部宣布，陸海空軍即日起在全國各地舉行年度「護國演習」，演練應對北韓各種挑釁的作戰計畫。",
         "護國演習", ["KOR"], "national"),
        ("2016年5月，中俄两军在莫斯科举行首次联合反导计算机模拟演习，代号“空天安全-2016”。",
         "空天安全-2016", ["CHN", "RUS"], "bilateral"),
        ("由美国海军主导，日本、澳大利亚、韩国等29国参加的“环太平洋-2024”联合军事演习27日开幕。",
         "环太平洋-2024", ["AUS", "JPN", "KOR", "USA"], "multilateral"),
        ("由德國空軍主導的「空中防衛者2023」多國空中演習12日登場，美國、法國、波蘭等25國約250架軍機參加。",
         "空中防衛者2023", ["DEU", "FRA", "POL", "USA"], "multilateral"),
        ("東非最大規模多國軍演 正義協定2024在肯亞登場", "正義協定2024", ["KEN"], "multilateral"),
    ],
    ids=["host-verb-left-out", "latin-with-year", "latin-after-word", "bracketed-with-word",
         "code-name-after", "host-clause", "list-then-take-part", "headline-apposition"],
)  # fmt: skip
def test_exercise_names_and_who_takes_part(nlp, text, name, participants, scope):
    """Names without brackets (卡卡杜2024, CRUZEX 2024, Keris Woomera, a headline's 軍演
    正義協定2024: 多國 is no 國軍), a bracketed name ending in its own exercise word, a code
    name after the exercise's clause; the clause 由…主导 before it, a list of states ending
    in 参加, a count of 3+ states (逾30國) and the state a drill is aimed at (北韓: none)."""
    e = only(events(nlp, text, "2024"), "exercise")
    got = (e["args"]["name"], e["args"]["participants"], e["args"]["scope"])
    assert got == (name, participants, scope)


def test_a_civil_drill_named_in_quotes_is_no_exercise(nlp):
    text = "13日，“2024年长江干线水上搜救综合演练”在武汉阳逻港水域举行，海事、消防部门参加。"
    assert not [e for e in events(nlp, text, "2024") if e["type"] == "exercise"]


def test_an_unnamed_agreement_with_states_in_general_is_none(nlp):
    """与欧洲国家洽签自贸协定, 与他国缔结新的共同防御条约: agreements in general; a named one
    in the same clause stays."""
    assert not events(nlp, "新德里正加快與歐洲國家洽簽自貿協定，以分散出口市場。", "2025")
    text = "這是澳洲自1951年簽署「澳紐美安全條約」以來首次與他國締結新的共同防禦條約。"
    assert only(events(nlp, text, "2025"), "treaty")["args"]["name"] == "澳紐美安全條約"


@pytest.mark.parametrize(
    ("text", "value", "subject"),
    [
        ("對華出口１２４８億美元，按年大跌１９．９％，佔出口總額比重降至１９．７％。", 19.7, "CHN"),
        ("同期，南韓對美國出口按年增長５．４％至１１５７億美元，佔比升至１８．３％。", 18.3, "USA"),
        ("其中自越南進口約350萬公噸，占總進口量近8成。", 80, "VNM"),
        ("从来源地看，新加坡对华实际投资占全国总额的比重接近两成。", 20, "SGP"),
    ],
    ids=["to-china-share", "to-usa-proportion", "from-vietnam", "investor-in-the-whole"],
)  # fmt: skip
def test_the_share_of_a_trade_flow_is_its_partners(nlp, text, value, subject):
    """对华出口…占出口总额比重: the share of the exports that go to China is China's; but
    新加坡对华投资占全国总额: of China's whole, the share is the investor's."""
    [e] = [e for e in events(nlp, text, "2024") if e["args"]["value"] == value]
    assert e["args"]["subject"] == subject


@pytest.mark.parametrize(
    ("text", "parties", "date"),
    [
        ("2018年6月12日，川普與金正恩在新加坡簽署「新加坡聯合聲明」。", ["PRK", "USA"],
         "2018-06-12"),
        ("印度與巴基斯坦將2019年簽署的卡塔爾普爾走廊協議再延長5年。", ["IND", "PAK"], "2019"),
        ("內地與香港於二○一五年十一月二十七日簽署的《CEPA服務貿易協議》已實施。", ["CHN", "HKG"],
         "2015-11-27"),
    ],
    ids=["venue-in-the-name", "state-inside-a-place-name", "mainland-and-hong-kong"],
)  # fmt: skip
def test_the_signers_before_a_name_that_holds_one_other_state(nlp, text, parties, date):
    """A name holding one state that is not who signs (新加坡 where, 卡塔爾 in 卡塔爾普爾): the
    two or more named before it sign; 內地與香港 are two parties; 二○一五年 is a year."""
    args = only(events(nlp, text, "2024"), "treaty")["args"]
    assert (args["parties"], args["date"]["value"]) == (parties, date)


def test_peace_is_no_conjunction_in_an_agreements_qualifier(nlp):
    """和 of 和平 is no 'and' that ends the words before 協議 (泰柬和平協議: THA, KHM)."""
    args = only(events(nlp, "泰國暫停執行泰柬和平協議　柬方表遺憾", "2025"), "treaty")["args"]
    assert (args["name"], args["parties"]) == ("泰柬和平協議", ["KHM", "THA"])


def test_a_short_name_said_again_takes_the_parties_of_its_full_name(nlp):
    """（以下简称《湄公河协定》） then, in a later passage, 根据《湄公河协定》第5条: the same
    agreement, whose parties the first mention named."""
    texts = [
        "1995年4月5日，柬埔寨、老挝、泰国和越南四国在泰国清莱签署《湄公河流域可持续发展合作协定》"
        "（以下简称《湄公河协定》）。",
        "根据《湄公河协定》第5条，干流跨流域调水须经事先协商。",
    ]
    found = [e for e in document_events(nlp, texts, "2024") if e["type"] == "treaty"]
    assert [e["args"]["parties"] for e in found] == [["KHM", "LAO", "THA", "VNM"]] * 2


@pytest.mark.parametrize(
    ("texts", "date", "expected"),
    [
        (["陸上自衛隊第8師團上月在大分縣日出生台演習場實施師團級實彈演習。"], "2025-02-24",
         [("師團級實彈演習", "2025-01")]),
        (["南部战区海军某驱逐舰支队组织多艘舰艇赴南海某海域开展远海实战化演习，围绕防空反导等课目"
          "进行全流程演练。图为演习中，编队舰艇实施舰空导弹发射。"], "2024-09-12",
         [("远海实战化演习", None)]),
    ],
    ids=["last-month-and-a-training-ground", "one-unnamed-exercise-a-sentence-and-a-caption"],
)  # fmt: skip
def test_a_training_ground_a_caption_and_the_same_exercise_said_again(nlp, texts, date, expected):
    """演習場 is a training ground; 上月 a month; a second exercise word in the sentence of an
    unnamed exercise (进行全流程演练) is its content, and 图为演习中 a photo's caption of it."""
    found = [e for e in document_events(nlp, texts, date) if e["type"] == "exercise"]
    assert [(e["args"]["name"], (e["args"]["start"] or {}).get("value")) for e in found] == expected


def test_a_bracketed_name_with_a_bare_edition_number_taken_part_in(nlp):
    """「鐵拳25」 held by 參加 in a military sentence: an exercise with no exercise word."""
    text = "海上自衛隊運輸艦「下北號」也將參加「鐵拳25」，負責運送兩國官兵與車輛。"
    assert only(events(nlp, text, "2025"), "exercise")["args"]["name"] == "鐵拳25"


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("美日澳等国在关岛举行“对抗北方2024”联合军演", ["AUS", "JPN", "USA"]),
        ("中国维和工兵分队到达后，安全防卫演练不定时进行。", None),
    ],
    ids=["abbreviation-before-and-others", "drills-at-no-fixed-time"],
)
def test_states_before_and_others_and_drills_held_as_a_habit(nlp, text, participants):
    """澳等国 is 澳 and 等国 (not one word hiding Australia); 演练不定时进行 is drilling in
    general, no exercise."""
    found = [e for e in events(nlp, text, "2024") if e["type"] == "exercise"]
    assert [e["args"]["participants"] for e in found] == ([participants] if participants else [])


@pytest.mark.parametrize(
    ("text", "value", "subject"),
    [
        ("欧洲北约成员国进口的武器中，64%来自美国。", 64, "USA"),
        ("2020年至2024年，美国武器出口较前一个五年增长21%，占全球武器出口总量的43%。", 43, "USA"),
    ],
    ids=["comes-from", "subject-left-out"],
)
def test_a_share_of_a_flow_and_a_share_whose_subject_is_left_out(nlp, text, value, subject):
    """64%来自美国: where the flow comes from; …增长21%，占全球…的43%: the sentence's subject."""
    [e] = [e for e in events(nlp, text, "2025") if e["args"]["value"] == value]
    assert e["args"]["subject"] == subject
