"""Annotation costs work linear in a passage's length, also for dense text (issue 18).

No timing: the work is counted as the lines of the pipeline's own code that run (each turn
of a loop is one), so a scan of the whole passage for each event, entity or value shows as
quadratic growth whatever the machine's speed. The recognizer's model is left out (spaCy's
and LAC's code, and slow); `scripts/bench_dense.py` times the whole pipeline.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import pipeline
from pipeline.nlp.language import load

PACKAGE = str(Path(pipeline.__file__).parent)
DENSE = (
    "中國與蒙古於2024年3月15日在烏蘭巴托簽署「中蒙經濟合作協定」，佔比12%。"
    "2023年8月，俄羅斯、中國和蒙古在色楞格省舉行「草原-2023」聯合軍演，兵力同比增長8.2%。"
    "中俄两国军队于2021年9月9日在宁夏举行“西部·联合-2021”联合军演，双方同比增长8.2%。"
    "蒙古2016年出口較2015年增加5%，其中中國佔其出口總額的80%，三國簽署邊境合作協議。"
    "2022年5月20日，美国与日本签署《美日安全保障条约》修订议定书，韩国占比35.5%。"
)
EVENTS = 12  # at least, in each DENSE
REPEATS = 10  # the small passage is DENSE 10 times (about 2,700 characters), the large 40


@pytest.fixture(scope="module")
def nlp():
    return load(ner_model=False)


@contextmanager
def lines_run(counts: dict[str, int], name: str) -> Iterator[None]:
    """Adds to `counts[name]` the lines of the pipeline package that run."""

    def local(frame, event, arg):
        if event == "line":
            counts[name] += 1
        return local

    def calls(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    counts[name] = 0
    sys.settrace(calls)
    try:
        yield
    finally:
        sys.settrace(None)


def work(nlp, dense: str, repeats: int) -> dict[str, int]:
    """The lines run by the tokenizer and by each component, on `dense` `repeats` times."""
    text = dense * repeats
    counts: dict[str, int] = {}
    with lines_run(counts, "tokenizer"):
        doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        with lines_run(counts, name):
            doc = component(doc)
    assert len(doc._.events) >= EVENTS * repeats, "the dense text holds its events"
    return counts


@pytest.mark.parametrize(
    "dense",
    [DENSE, DENSE.replace("。", "，")],
    ids=["sentences", "one sentence"],  # a passage without a sentence end: a flattened table
)
def test_work_grows_linearly_with_dense_text(nlp, dense):
    """Four times the text, at most 1.5 × four times the work, in each component."""
    small = work(nlp, dense, REPEATS)
    large = work(nlp, dense, REPEATS * 4)
    assert set(small) >= {"tokenizer", "gazetteer", "state_coordination", "values", "events"}
    for name, lines in small.items():
        assert large[name] <= 4 * 1.5 * lines, (name, lines, large[name])


def test_document_completion_grows_linearly_with_distinct_names(nlp):
    """The document's completion (names said again, abbreviations read by the document,
    dates and arguments) on a passage of many distinct exercise names and one that says
    each again, longer than the reach of a sentence: four times the text, at most 1.5 ×
    four times the work."""
    from pipeline.nlp.events.document import complete

    def completion(n: int) -> int:
        named = "".join(f"2023年8月，俄蒙舉行「草原-{1000 + i}」聯合軍演。" for i in range(n))
        again = "".join(f"草原-{1000 + i}今天登場，" for i in range(n))
        docs = [nlp(named), nlp(again)]
        counts: dict[str, int] = {}
        with lines_run(counts, "complete"):
            complete(nlp, docs, "2024")
        assert len(docs[1]._.events) >= n, "each name said again is a mention"
        return counts["complete"]

    small = completion(REPEATS * 25)  # past MAX_REACH (pipeline.nlp.events.passage) both
    assert completion(REPEATS * 100) <= 4 * 1.5 * small
