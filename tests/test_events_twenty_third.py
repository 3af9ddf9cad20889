"""General families of the twenty-third session, decided on the read hand sets. Treaties:
an abbreviation at the head of a name stands for the other state its company names, as in a
run (哈烏國界條約: Uzbekistan); an organisation's leaders, heads or foreign ministers who sign
make it a party (东盟领导人签署…). Exercises: a run of abbreviations before 基地 is a base's
name (蘇澳基地), no states; Vietnam's 民兵自卫队 is no Japanese force."""

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
