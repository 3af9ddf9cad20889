"""General families of the twenty-fifth session, decided on the read hand sets.

Entities and treaties: a state's abbreviation with 非 for Africa in one word
(中非合作論壇, 中非關係: China and Africa) is its state, and the document of such a
forum is that state's alone, as the hand sets annotate it; 非 alone is no place
(並非, 非法, 西非 'West Africa', 蘇非 'Sufi', 韓非 'Han Fei' stay words), and
中非共和國 is the Central African Republic. A name opening with a state's
abbreviation and 非 (中非合作论坛北京峰会宣言, 俄非夥伴關係論壇…行動計畫) is that
state's; 西非 (西非國家經濟共同體條約) is a region, no Spain.
Percentages: a share within a whole (日本在菲律宾对外贸易中所占比重, 在…中约占) is its
holder's, the state before 在, or the topic of the clause before when the share's clause
opens with 在 (美国的对菲援助以赠款为主，在菲律宾外援中约占5%).
Treaties: a bracketed initiative (「黑海穀物倡議」) is an agreement when its clause signs,
leaves, extends or negotiates it, not when it is put forward (提出「全球發展倡議」); one
followed by an agreement word (「台美21世紀貿易倡議」首批協定) names that agreement."""

from conftest import found


def test_a_china_africa_forums_declaration_is_chinas(nlp):
    texts = ["峰会当天通过了《中非合作论坛约翰内斯堡峰会宣言》。"]
    (treaty,) = found(nlp, texts, "treaty")
    assert treaty["args"]["parties"] == ["CHN"]


def test_africa_is_no_state_and_its_regions_are_no_states(nlp):
    doc = nlp("中非关系稳步发展，西非国家和苏非派人士并非法国的盟友，中非共和国总统出席。")
    assert {(e.text, e.kb_id_) for e in doc.ents if e.label_ in ("GPE", "LOC")} == {
        ("中", "CHN"),
        ("法国", "FRA"),
        ("中非共和国", "CAF"),
    }


def test_russia_africa_and_west_africa_in_names(nlp):
    texts = [
        "論壇通過《俄非夥伴關係論壇2023至2026年行動計畫》。",
        "三國宣布退出《西非國家經濟共同體條約》。",
    ]
    russia_africa, west_africa = found(nlp, texts, "treaty")
    assert russia_africa["args"]["parties"] == ["RUS"]
    assert "ESP" not in west_africa["args"]["parties"]


def test_a_share_within_a_whole_is_its_holders(nlp):
    texts = [
        "日本在菲律宾对外贸易中所占比重约为一成。",
        "美国的对菲援助以赠款为主，在菲律宾外援中约占5%。",
    ]
    first, second = found(nlp, texts, "percentage")
    assert (first["args"]["subject"], second["args"]["subject"]) == ("JPN", "USA")


def test_an_initiative_signed_or_left_is_an_agreement(nlp):
    texts = [
        "俄羅斯和烏克蘭今天在伊斯坦堡分別與土耳其及聯合國簽署「黑海穀物倡議」。",
        "俄羅斯昨天宣布退出「黑海穀物倡議」。",
        "台美雙方6月1日在華府簽署「台美21世紀貿易倡議」首批協定。",
        "中方提出「全球發展倡議」。",
    ]
    signed, left, first = found(nlp, texts, "treaty")
    assert (signed["args"]["action"], left["args"]["action"]) == ("sign", "withdraw")
    assert first["text"] == "「台美21世紀貿易倡議」首批協定"
    assert first["args"]["form"] == "agreement"
