"""General families of the twentieth session, decided on the read hand sets: places
coordinated after 在 are places, not partners (苏军在乌克兰和白俄罗斯境内举行…); a group word
right after a list of states stands for the list, whatever else the sentence names (中國與哈薩克、
吉爾吉斯…五國總統…簽署「中國－中亞…條約」), and not after two abbreviations (中蘇兩國)."""

import pytest
from conftest import found


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("1967年9月，苏军在乌克兰和白俄罗斯境内举行代号为“第聂伯”的战略演习。", ["SUN"]),
        (
            "俄羅斯、烏茲別克與塔吉克軍隊今天起在塔吉克境內、距阿富汗邊界約20公里的靶場舉行聯合軍事演習。",
            ["RUS", "TJK", "UZB"],
        ),
        ("美軍在年底前與立陶宛陸軍舉行「鐵狼」演習。", ["LTU", "USA"]),
    ],
)
def test_places_coordinated_after_zai_are_no_partners(nlp, text, participants):
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == participants


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "中國與哈薩克、吉爾吉斯、塔吉克、土庫曼、烏茲別克五國總統在阿斯塔納簽署了「中國－中亞國家永久睦鄰友好合作條約」。",
            ["CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"],
        ),
        (
            "英国与沙特、阿联酋、卡塔尔、科威特、阿曼和巴林六国正就《英国—海湾国家自由贸易协定》进行最后一轮谈判。",
            ["ARE", "BHR", "GBR", "KWT", "OMN", "QAT", "SAU"],
        ),
        ("中蘇兩國在莫斯科簽訂〈關於中長鐵路之協定〉。", ["CHN", "SUN"]),
    ],
)
def test_a_group_word_after_a_list_stands_for_the_list(nlp, text, parties):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["parties"] == parties
