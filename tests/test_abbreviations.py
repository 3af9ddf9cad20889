"""Lone state abbreviations (訪華, 中方, 俄總統) and LAC's names filling the recognizer's gaps."""

import pytest
from spacy.tokens import Span

from pipeline.nlp.gazetteer import AbbreviationWords
from pipeline.nlp.lac.layers import LAC_TAG_IDS
from pipeline.nlp.recognizers import LacNames
from pipeline.text.normalize import Normalizer


def states(nlp, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.kb_id_) for e in nlp(text).ents if e.kb_id_ and len(e.text) == 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("李鵬總理訪華期間簽署協議", [("華", "CHN")]),
        ("欧盟对华投资稳定增长", [("华", "CHN")]),
        ("中方今天抵京", [("中", "CHN"), ("京", "loc:beijing")]),
        ("美方表示願意合作", [("美", "USA")]),
        ("俄总统叶利钦昨天表示", [("俄", "RUS")]),
        ("进一步动荡，俄政府27日决定", [("俄", "RUS")]),
        ("商讨了对韩高风险企业的措施", [("韩", "KOR")]),
        ("駐華大使表示", [("華", "CHN")]),
    ],
)
def test_a_lone_abbreviation_is_its_state_where_the_word_says_so(nlp, text, expected):
    assert states(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "會談中總統表示",  # 中 'in' before an office word
        "西方國家表示關切",  # 西方: the West, not Spain
        "兩者對比之下",  # 對比: compare
        "留意來日的變化",  # 留意, 來日: not Italy, not Japan
        "中軍帳中議事",  # 中軍: the central army
        "9日首相表示",  # the 9th, not Japan
    ],
)
def test_a_character_that_is_something_else_in_its_word_stays_unlinked(nlp, text):
    assert states(nlp, text) == []


def test_the_segmenter_cuts_only_the_words_of_the_lists():
    words = AbbreviationWords.from_models(Normalizer("t2s"))
    assert words.place_in("访华") == 1 and words.place_in("中方") == 0
    assert words.place_in("俄政府") == 0 and words.place_in("对比") is None
    assert words.place_in("西方") is None and words.place_in("中政府") is None  # 中 not alone


def test_the_measure_of_a_percentage_keeps_the_place_it_is_about(nlp):
    (event,) = [
        e for e in nlp("中国对俄出口同比增长约8.2%。")._.events if e["type"] == "percentage"
    ]
    assert event["args"]["measure"] == "对俄出口"


@pytest.mark.parametrize(
    ("name", "clean"),
    [("李明", True), ("芭芭拉·弗", True), ("Embassy", False), ("疘明顯", False), ("A/68", False)],
)
def test_lac_names_are_han_names_of_common_characters(name, clean):
    assert LacNames.clean(name) is clean


def test_lac_names_fill_only_gaps_and_consume_the_recognizer_tags(nlp):
    text = "辽宁队17号李明从底线一记漂亮的射门。俄罗斯总统普京访问北京。"
    with nlp.select_pipes(disable=["lac_names"]):
        without = nlp(text)
    doc = nlp(text)
    assert LAC_TAG_IDS not in doc.user_data and LAC_TAG_IDS in without.user_data
    before = {(e.start_char, e.end_char, e.label_, e.kb_id_) for e in without.ents}
    after = {(e.start_char, e.end_char, e.label_, e.kb_id_) for e in doc.ents}
    assert before <= after  # nothing found before is lost or changed
    added = after - before
    assert ("李明" in {text[s:e] for s, e, _, _ in added}) or (
        "李明" in {text[s:e] for s, e, _, _ in before}
    )
    assert all(label in ("PERSON", "LOC", "ORG") and not kb for _, _, label, kb in added)


@pytest.mark.parametrize("text", ["三國共有的戰略命脈", "The Embassy of Mongolia"])
def test_lac_names_are_not_generic_words_or_latin(nlp, text):
    doc = nlp(text)
    assert [e.text for e in doc.ents if e.label_ in ("PERSON", "LOC", "ORG") and not e.kb_id_] == []


def test_a_lone_abbreviation_inside_a_longer_unlinked_name_is_a_nested_mention(nlp):
    doc = nlp.make_doc("中方代表團今天抵達")
    assert [t.text for t in doc][:3] == ["中", "方", "代表團"]
    doc.ents = [Span(doc, 0, 3, label="ORG")]  # as the recognizer may find it
    doc = nlp.get_pipe("state_coordination")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("中方代表團", "ORG")]
    assert [(s.text, s.id_) for s in doc.spans["nested"]] == [("中", "CHN")]


def test_the_recognizer_s_name_that_is_just_the_word_yields_to_the_state(nlp):
    doc = nlp.make_doc("駐華大使表示")
    doc.ents = [Span(doc, 0, 2, label="ORG")]  # 駐華 as an ORG
    doc = nlp.get_pipe("state_coordination")(doc)
    assert [(e.text, e.kb_id_ or e.id_) for e in doc.ents] == [("華", "CHN")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("粤港澳大湾区建设稳步推进", [("港", "HKG"), ("澳", "MAC")]),
        ("澳港簽署民商事判決相互認可安排", [("澳", "MAC"), ("港", "HKG")]),
        ("港澳洲自貿協定今起生效", [("港", "HKG"), ("澳", "AUS")]),  # 澳洲: Australia
        ("美澳联合演习今日开始", [("美", "USA"), ("澳", "AUS")]),
    ],
)
def test_macau_with_hong_kong_and_australia_elsewhere(nlp, text, expected):
    assert states(nlp, text) == expected


def test_a_run_before_a_place_word_or_a_dateline_day_is_a_name(nlp):
    assert states(nlp, "（軍聞社記者陳建宏蘇澳22日電）海軍在蘇澳外海實施操演。") == []
