"""General families of the twenty-first session, decided on the read hand sets. Treaties: a
count of agreements that sums up those named (a headline's 港巴林簽兩份協定; 在香港簽署兩份協定
after the sentence naming both) is none of them (tests/test_events_treaties.py). Exercises, from
unseen176 and unseen178 (transboundary rivers, naval port calls): a state before a border word
that names an agency (中哈边境管理部门) takes part; a place that shares a series' name (在界江
举行) is no exercise said again; a clause that names its states only as partners (离港后与新加坡
海军舰艇进行了…) takes who the sentence is about, a unit that stands for its state (敦睦支隊),
or the home press's forces (人民海军: 戚继光舰与文莱海军…); a joint rescue drill of armed
services or of two states is an exercise, not a civil drill (中越双方…海上联合搜救演练), and a
series' name before another activity (海上联合搜救演练) is not that series."""

import pytest
from conftest import found


def participants(nlp, texts: list[str]) -> list[list[str]]:
    return [e["args"]["participants"] for e in found(nlp, texts, "exercise")]


def test_a_border_word_before_an_agency_names_no_place(nlp):
    text = "中哈邊境管理部門在伊犁河跨界段舉行聯合搜救演練"
    assert participants(nlp, [text]) == [["CHN", "KAZ"]]


def test_a_place_named_like_a_series_is_no_exercise_said_again(nlp):
    texts = [
        "中俄两国边防部队18日在黑河江段举行“界江-2024”联合救援演习。",
        "据介绍，这是两国2019年以来第五次在界江举行此类演习。",
    ]
    assert [e["args"]["name"] for e in found(nlp, texts, "exercise")] == ["界江-2024"]


@pytest.mark.parametrize(
    ("text", "states"),
    [
        (
            "去年5月，中国海军一艘护卫舰访问樟宜海军基地，离港后与新加坡海军舰艇进行了海上通过演练。",
            [["CHN", "SGP"]],
        ),
        (
            "去年蒙古国武装力量与美国共同主办了“可汗探索-2024”多国维和演习，"
            "与印度举行了“游牧象-2024”联合军演。",
            [["MNG", "USA"], ["IND", "MNG"]],
        ),
        (  # the state visited is no holder; a state's force the recognizer named is
            "10月14日，结束对阿尔及利亚友好访问的中国海军第48批护航编队，在阿尔及尔港外海域"
            "与阿尔及利亚海军举行海上联合演练。",
            [["CHN", "DZA"]],
        ),
        (
            "新西兰近年多次派兵参加美澳主导的联合演习，去年10月还与澳大利亚在昆士兰举行了两栖联合演习。",
            [["AUS", "NZL", "USA"], ["AUS", "NZL"]],
        ),
    ],
)
def test_partners_alone_take_who_the_sentence_is_about(nlp, text, states):
    assert participants(nlp, [text]) == states


def test_partners_alone_take_a_unit_that_stands_for_its_state(nlp):
    text = (
        "海軍108年敦睦遠航訓練支隊今天結束對帛琉的訪問，離港後與帛琉海事執法單位的巡邏艇"
        "在馬拉卡爾港外海舉行海上聯合搜救演練。"
    )
    (exercise,) = found(nlp, [text], "exercise")
    assert exercise["args"]["participants"] == ["PLW", "TWN"]
    assert exercise["args"]["kb_id"] is None  # not 海上聯合, the Sino-Russian series


def test_partners_alone_in_a_navy_paper_take_its_forces(nlp):
    texts = [
        "人民海军　2024年9月14日",
        "离港后，戚继光舰与文莱海军近海巡逻舰在文莱湾以北海域进行海上通过演练。",
    ]
    assert participants(nlp, texts) == [["BRN", "CHN"]]
    # an organisation named before the partners may hold it: no home state added
    texts[1] = "美国海军“乔治·华盛顿”号航母5月绕行南美时，将与阿根廷海军举行联合演习。"
    assert "CHN" not in participants(nlp, texts)[0]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("离港当天，中越双方将在金兰湾附近海域举行海上联合搜救演练。", 1),
        ("中俄两国边境管理和应急救援力量18日在黑龙江举行联合救援演习。", 1),
        (
            "粵港澳三地政府部門昨日在港珠澳大橋海底隧道舉行年度聯合應急演練，"
            "模擬一輛旅遊巴在隧道內起火。",
            0,
        ),
        ("金边市政府于开幕前组织了水上救生演练。", 0),
    ],
)
def test_a_joint_rescue_of_two_states_is_an_exercise_a_citys_drill_is_not(nlp, text, count):
    assert len(found(nlp, [text], "exercise")) == count


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        # 多 of 多数 is a majority, not "more than"
        ("大會對重要問題之決議，須經出席並投票會員國三分之二多數決定。", [None]),
        ("占比已达三分之二多。", ["over"]),
        # a negated bound: at least, at most
        ("各政黨當選的不分區名單中，婦女不得低於二分之一。", ["over"]),
        ("赤字率不超过3%。", ["under"]),
        # a qualifier with its copula qualifies the list it opens; one after it, its value
        ("得票率分別約為36.2%、34.6%及22.1%。", ["about", "about", "about"]),
        ("选择美国和日本的分别为约9%和6.7%。", ["about", None]),
        ("出口分别增长30%以上、25%和20%。", ["over", None, None]),
    ],
)
def test_qualifiers_of_percentages(nlp, text, approx):
    assert [e["args"]["approx"] for e in found(nlp, [text], "percentage")] == approx


def test_a_corrections_wrong_figure_is_no_percentage(nlp):
    texts = [
        "15:20 更正：本页11:45条目中美方对马来西亚商品的关税税率此前误写为“24%”，现更正为19%。",
        "【21時30分】更正：本文條目原稱首個選區同意票比例「不到3成」，經查應為「不到4成」。",
        "该比例原为30%，现降至20%。",  # a figure before it changed: kept
    ]
    values = [[e["args"]["value"] for e in found(nlp, [t], "percentage")] for t in texts]
    assert values == [[19], [40], [30, 20]]


@pytest.mark.parametrize(
    ("texts", "date", "start", "end"),
    [
        (
            ["18:10 东部战区新闻发言人当日傍晚宣布，“联合利剑-2024B”演习已圆满完成。"],
            "2024-10-14",
            None,
            "2024-10-14",
        ),
        (
            ["本月14日東部戰區舉行的「聯合利劍－2024B」當日即宣告結束。"],
            "2024-10-28",
            "2024-10-14",
            "2024-10-14",
        ),
        (["演习于9月9日开始，“西方-2021”演习已圆满结束。"], "2021-09-20", "2021-09-09", None),
        (  # 今晚, 今晨, 昨晚: days too
            ["【19時20分】東部戰區新聞發言人今晚宣布，「海峽雷霆-2025A」演習已圓滿完成各項任務。"],
            "2025-04-02",
            None,
            "2025-04-02",
        ),
    ],
)
def test_an_announced_end_dates_the_end(nlp, texts, date, start, end):
    (exercise,) = found(nlp, texts, "exercise", date=date)
    args = exercise["args"]
    assert (args["start"] and args["start"]["value"], args["end"] and args["end"]["value"]) == (
        start,
        end,
    )


def test_agreements_listed_under_a_signing_sentence_are_signed_then(nlp):
    texts = [
        "2024年5月16日，国家主席习近平同俄罗斯总统普京举行会谈。会谈后，两国元首共同见证签署下列合作文件：",
        "1.《中华人民共和国海关总署和俄罗斯联邦兽医和植物检疫监督局关于俄罗斯猪肉输华检疫和兽医卫生要求的议定书》；",
        "2.《中华人民共和国国家发展和改革委员会和俄罗斯联邦经济发展部关于加强投资合作的谅解备忘录》。",
        "报告回顾了《中俄睦邻友好合作条约》。",  # no item: the list has ended
    ]
    treaties = found(nlp, texts, "treaty")
    acts = [(t["args"]["action"], (t["args"]["date"] or {}).get("value")) for t in treaties]
    assert acts == [("sign", "2024-05-16"), ("sign", "2024-05-16"), ("mention", None)]


@pytest.mark.parametrize(
    ("text", "name", "states"),
    [
        ("日美利剑25联合演习开幕，冲绳周边中国舰艇动向受关注", "利剑25", ["JPN", "USA"]),
        ("美日韩自由之刃2024联合演习开幕", "自由之刃2024", ["JPN", "KOR", "USA"]),
    ],
)
def test_a_run_of_abbreviations_opens_no_bare_name(nlp, text, name, states):
    (exercise,) = found(nlp, [text], "exercise")
    assert (exercise["args"]["name"], exercise["args"]["participants"]) == (name, states)
