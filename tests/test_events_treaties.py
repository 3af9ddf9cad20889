"""Treaty families found on text written without the rules (unseen18–23): quotations,
anaphors and counts that are no agreement of their own, compound names, acts negated."""

import pytest

from pipeline.nlp.events import event_fields
from pipeline.nlp.events.document import complete
from pipeline.nlp.language import load


@pytest.fixture(scope="module")
def nlp():
    return load()


def treaties(nlp, text: str, date: str | None = None) -> list[dict]:
    doc = nlp(text)
    complete(nlp, [doc], date)
    return [e for e in (event_fields(doc, e) for e in doc._.events) if e["type"] == "treaty"]


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
    [t] = treaties(nlp, "乌拉圭总统日前表示，希望尽快与中国商签自由贸易协定。")
    assert t["text"] == "自由贸易协定"
