"""General families of the twenty-fourth session, decided on the read hand sets.

Entities: 內地 (the mainland, in Hong Kong and Macau usage) is China, so a share of exports
that goes there (輸往內地的出口佔整體出口約55%) or of goods that come from it (原产地为内地的
转口货值约占…) is China's, and so is a share the mainland takes (內地佔香港整體貿易約五成).
Exercises: a state after a verb of heading somewhere (駛往內地的快艇, 开往, 飞往) is where a
vessel in the scenario goes, no participant."""

from conftest import found


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
