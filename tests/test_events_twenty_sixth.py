"""General families of the twenty-sixth session, decided on the read hand sets.

Treaties: a signing said only in a relative clause before the name (一再違反2015年簽訂的
「明斯克協議」, 依据1996年签署的《…》) is background to what the sentence reports: the
sentence mentions the agreement, and the signing's date stays its date. A verb of the
main clause that acts on it (终止…签署的《…》) still decides, and so does a signing that is
the sentence's own predicate (两国签署了《…》)."""

import pytest
from conftest import found


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("烏方官員表示，俄羅斯過去一再違反2015年簽訂的「明斯克協議」。", "2015"),
        ("演习依据1953年签署的《韩美共同防御条约》举行，旨在强化同盟。", "1953"),
        ("雙方確認，將持續落實2013年簽署的「日台漁業協議」。", "2013"),
        ("会后发表的《联合公报》重申了东盟的立场。", None),
    ],
)
def test_a_signing_in_a_relative_clause_is_background(nlp, text, date):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == "mention"
    assert (treaty["args"]["date"] or {}).get("value") == date


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("乍得外交部宣布终止2019年与法国签署的《防务合作条约》。", "withdraw"),
        ("中俄两国元首5月8日在莫斯科签署《联合声明》。", "sign"),
        ("1994年两国签订了《中蒙友好合作关系条约》。", "sign"),
    ],
)
def test_a_main_clauses_act_still_decides(nlp, text, action):
    (treaty,) = found(nlp, [text], "treaty")
    assert treaty["args"]["action"] == action
