"""The segmenter: jieba on text_norm, corrected by the rules in models/segmentation."""

from __future__ import annotations

import importlib.util
import pickle

import jieba
import opencc
import pytest
from conftest import NEWS, PAPER, ROOT, SHARED_DATA

from pipeline.nlp.gazetteer import load_gazetteer
from pipeline.nlp.language import default_segmenter, load
from pipeline.nlp.segmentation import FastJieba, Segmenter
from pipeline.resources import MODELS_DIR
from pipeline.text.chars import is_cjk
from pipeline.text.normalize import Normalizer

normalize = Normalizer()


def words(text: str, segmenter: Segmenter | None = None) -> list[str]:
    segmenter = segmenter or default_segmenter()
    return [text[start:end] for start, end, _ in segmenter(normalize(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("占83.47%", ["占", "83.47%"]),
        ("約4,000億美元", ["約", "4,000億", "美元"]),
        ("增長2-3%", ["增長", "2-3%"]),
        ("由2%至3%", ["由", "2%", "至", "3%"]),
        ("９月８日至９日", ["９月", "８", "日", "至", "９", "日"]),
        ("６﹕４擊敗", ["６﹕４", "擊敗"]),
        ("一個人", ["一", "個", "人"]),
        ("三名士兵", ["三", "名", "士兵"]),
        ("一起演練", ["一起", "演練"]),
        ("——好……", ["——", "好", "……"]),
    ],
)
def test_numbers_dates_and_measure_words(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    "term", ["邊防合作2025", "西伯利亞力量2號", "可汗探索", "上海合作組織", "第三鄰國", "心臟地帶"]
)
def test_project_dictionary_terms_stay_whole_in_context(term):
    for text in (f"蒙古與俄羅斯提到{term}的問題", normalize(f"他說{term}。")):
        assert term in words(text) or normalize(term) in words(text)


def test_a_date_unit_is_cut_from_a_name_it_begins():
    assert words("8月26日本賽季")[:3] == ["8月", "26", "日"]  # the 26th, not 日本
    assert "西伯利亞力量2號" in words("西伯利亞力量2號的建設")  # a unit inside a name is not


def test_a_dictionary_name_with_a_middle_dot_is_one_word_in_any_context():
    # jieba cuts at the dot, then finds 馬利 (Mali) in 他說埃莫馬利
    assert "埃莫馬利·拉赫蒙" in words("他說埃莫馬利·拉赫蒙的立場")
    assert "曾德‧蒙赫─奧爾吉勒" in words("外長曾德‧蒙赫─奧爾吉勒表示")
    assert "、" in words("美、日、蒙政策對話")  # a name with other marks keeps jieba's cuts


def test_the_african_union_after_with_is_a_word_but_not_allies():
    assert words("中國與非盟合作")[:3] == ["中國", "與", "非盟"]  # jieba: 與非 (NAND) / 盟
    assert "非盟" not in words("美國並非盟友")


def test_a_measure_word_after_a_number_is_a_word():
    assert words("派出20架蘇-30戰機")[1:4] == ["20", "架", "蘇"]


def test_coordinated_state_abbreviations_are_cut_into_members():
    assert words("中俄蒙三國")[:3] == ["中", "俄", "蒙"]
    assert words("中、俄雙方")[:3] == ["中", "、", "俄"]
    assert "蒙古" in words("中國與蒙古")  # a name made of abbreviations is not cut


def test_a_nationality_is_cut_before_its_suffix_as_cityu_and_gsd_do():
    assert words("法國人認為") == ["法國", "人", "認為"]
    assert words("许多台湾人") == ["许多", "台湾", "人"]
    assert words("蒙古人民共和國")[0] != "蒙古"  # 人 begins a longer word: not a suffix
    assert words("中國人民解放軍") == ["中國人民解放軍"]
    assert "外國人" in words("外國人來訪")  # 外國 names no place


def test_compounds_are_cut_but_names_and_idioms_are_not():
    assert words("檢察機關") == ["檢察", "機關"]
    assert words("上海合作組織") == ["上海合作組織"]
    assert words("習以為常") == ["習以為常"]


def test_traditional_and_simplified_corpus_text_segment_alike():
    """The tokenizer normalizes what it is given: a Traditional line and its Simplified
    conversion get the same words (the spans of the raw texts, not of one shared norm)."""
    tokenizer = load(entities=False).tokenizer
    to_simplified = opencc.OpenCC("t2s")
    converted = 0
    for path in (PAPER, NEWS):
        for line in path.read_text(encoding="utf-8").splitlines():
            simplified = to_simplified.convert(line)
            converted += simplified != line
            spans = [(t.idx, t.idx + len(t)) for t in tokenizer(line)]
            assert [(t.idx, t.idx + len(t)) for t in tokenizer(simplified)] == spans
    assert converted  # Traditional lines were among them


def test_words_cover_the_text_except_whitespace():
    text = normalize((ROOT / "corpus" / "raw" / NEWS.name).read_text(encoding="utf-8"))
    covered = [False] * len(text)
    previous_end = 0
    for start, end, tag in default_segmenter()(text):
        assert previous_end <= start < end and tag
        covered[start:end] = [True] * (end - start)
        previous_end = end
    assert all(c or text[i].isspace() for i, c in enumerate(covered))


def test_segmenters_with_different_dictionaries_do_not_interfere():
    plain = Segmenter(user_dict="")
    custom = Segmenter(user_dict="演训实已 10 n\n")
    text = normalize("這次演訓實已超越反恐範疇")
    assert "演训实已" in custom.words(text)
    assert "演训实已" not in plain.words(text)
    assert "演训实已" not in jieba.dt.FREQ  # jieba's global tokenizer untouched


def test_segmenter_pickles_to_the_same_segmentation():
    segmenter = default_segmenter()
    text = normalize(NEWS.read_text(encoding="utf-8"))
    assert pickle.loads(pickle.dumps(segmenter))(text) == segmenter(text)


def _texts_for_jieba_equivalence() -> list[str]:
    texts = [normalize(p.read_text(encoding="utf-8")) for p in (PAPER, NEWS)]
    gold = SHARED_DATA / "sighan2005-dev" / "cityu_test_gold.utf8"
    if gold.exists():
        texts += [normalize(line.replace(" ", "")) for line in gold.read_text().splitlines()]
    return texts


def test_fast_jieba_gives_exactly_jiebas_output():
    segmenter = default_segmenter()
    reference = jieba.Tokenizer()
    reference.load_userdict(str(ROOT / "models" / "segmentation" / "user_dict.txt"))
    fast = FastJieba()
    fast.load_userdict(str(ROOT / "models" / "segmentation" / "user_dict.txt"))
    fast.freeze()
    for text in _texts_for_jieba_equivalence():
        assert list(fast.cut(text)) == list(reference.cut(text))
    assert segmenter is default_segmenter()


def test_user_dictionary_is_generated_from_gazetteer_and_terms():
    spec = importlib.util.spec_from_file_location(
        "build_user_dict", ROOT / "scripts" / "build_user_dict.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "models" / "segmentation" / "user_dict.txt").read_text(encoding="utf-8")
    assert module.user_dictionary() == committed, "run scripts/build_user_dict.py"
    words_in_dict = {line.split(" ")[0] for line in committed.splitlines()}
    for entity in load_gazetteer():
        for name in entity.names:
            simplified = normalize(name)
            if len(simplified) > 1 and " " not in simplified and any(map(is_cjk, simplified)):
                assert simplified in words_in_dict, (entity.id, name)


def test_the_pipeline_opencc_config_reaches_the_segmenter():
    """`--opencc-config` normalizes the segmenter's abbreviation table too."""
    tokenizer = load(opencc_config="hk2s", entities=False).tokenizer
    assert tokenizer.segmenter is default_segmenter("hk2s", True, MODELS_DIR)
    assert tokenizer.segmenter is not default_segmenter("t2s", True, MODELS_DIR)


def test_a_coordination_is_cut_from_a_function_word_after_it():
    assert words("中俄于9月11日举行演习")[:3] == ["中", "俄", "于"]
    assert words("中英文") == ["中英文"]
