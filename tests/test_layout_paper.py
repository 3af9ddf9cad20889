"""The shipped paper: every judged property of the layout repair, on the real text."""

import re

import pytest
from conftest import PAPER

from pipeline.ingest.layout.kind import detect_kind, parse_layout
from pipeline.text.chars import ends_sentence, is_wide

RAW = PAPER.read_text(encoding="utf-8")
LABELS = re.findall(r"^註 (\S)", RAW, re.M)


@pytest.fixture(scope="module")
def result():
    return parse_layout(RAW)


def test_detected_as_paper():
    assert detect_kind(RAW) == "paper"


def test_all_97_footnotes_linked_to_exactly_one_body_marker(result):
    footnotes = [p for p in result.passages if p.kind == "footnote"]
    assert [f.n for f in footnotes] == list(range(1, 98))
    assert [f.label for f in footnotes] == LABELS
    body_refs = [ref for p in result.passages if p.kind != "footnote" for ref in p.notes]
    assert sorted(ref.n for ref in body_refs) == list(range(1, 98))
    for ref in body_refs:
        assert RAW[ref.raw_offset] == ref.marker


def test_no_marker_left_in_any_passage(result):
    markers = set(LABELS)
    assert markers and len(result.passages) > 10
    for p in result.passages:
        assert not markers & set(p.text), p.text[:60]


def test_cross_reference_in_footnote_becomes_a_note(result):
    same_as = next(p for p in result.passages if p.kind == "footnote" and p.text == "同註。")
    assert [(r.marker, r.n, r.start) for r in same_as.notes] == [("泀", 7, 2)]


def test_running_headers_and_page_numbers_are_gone(result):
    assert result.stats["running_headers_removed"] == 2
    for p in result.passages:
        assert "問題與研究第56卷" not in p.text.replace(" ", "")


def test_footnote_continued_with_page_number_like_line(result):
    wachman = next(p for p in result.passages if p.kind == "footnote" and "Wachman" in p.text)
    assert wachman.text.endswith("Fall 2010, p. 596")


def test_paragraphs_are_repaired(result):
    paragraphs = [p for p in result.passages if p.kind == "paragraph"]
    assert len(paragraphs) >= 85
    ending = sum(ends_sentence(p.text) for p in paragraphs)
    assert ending / len(paragraphs) >= 0.95
    for p in paragraphs:
        assert "\n" not in p.text
        for m in re.finditer(r"\s+", p.text):
            before, after = p.text[m.start() - 1], p.text[m.end()]
            assert not (is_wide(before) or is_wide(after)), p.text[m.start() - 5 : m.end() + 5]


def test_paragraph_continues_across_page_and_footnotes(result):
    para = next(
        p
        for p in result.passages
        if p.kind == "paragraph"
        and p.text.startswith(
            "蒙古位於亞洲內陸，夾處於中、俄兩大強國之間的戰略位置，使其曾長期被兩大"
        )
    )
    assert "蒙古有98.2%的石油製品" in para.text
    assert para.text.endswith("與現實是俄羅斯對蒙古具安全威脅感的源頭。")


def test_latin_line_breaks_become_spaces(result):
    para = next(p for p in result.passages if "Treaty of Friendship" in p.text)
    assert "Assistance between the Union of Soviet Socialist Republics" in para.text


def test_front_matter_and_structure(result):
    kinds = [(p.kind, p.text) for p in result.passages[:6]]
    assert kinds == [
        ("title", "蒙古的地緣政治戰略"),
        ("byline", "吳雪鳳"),
        ("meta", "（國立屏東科技大學通識教育中心兼任副教授）"),
        ("heading", "摘要"),
        ("abstract", kinds[4][1]),
        ("keywords", "關鍵詞：蒙古、中國、俄羅斯、地緣政治、制衡"),
    ]
    headings = [p.text for p in result.passages if p.kind == "heading"]
    for expected in (
        "壹、前言",
        "貳、理論基礎",
        "（一）國家層次",
        "1.第三鄰國與經濟制衡",
        "伍、結論",
    ):
        assert expected in headings
    assert result.meta["journal"] == "問題與研究"
    assert (result.meta["volume"], result.meta["issue"], result.meta["date"]) == (56, 2, "2017-06")


def test_tables_keep_rows_source_and_notes(result):
    tables = [p for p in result.passages if p.kind == "table"]
    assert [t.text.split("\n")[0][:2] for t in tables] == ["表1", "表2", "表3", "表4", "表5", "表6"]
    for table in tables:
        assert table.text.split("\n")[-1].startswith("資料來源：")
    table4 = tables[3].text.split("\n")
    assert "日本 150.9" in table4 and "美國 50.0" in table4
    assert any(row.startswith("說明：") for row in tables[1].text.split("\n"))
    captions = [p.text.split("\n")[0] for p in result.passages if p.kind == "caption"]
    assert captions == ["圖1麥金德1943年全球觀的五大區域", "圖2蒙古鐵路圖"]


def test_english_back_matter(result):
    tail = [(p.kind, p.lang) for p in result.passages[-6:]]
    assert tail == [
        ("title", "en"),
        ("byline", "en"),
        ("meta", "en"),
        ("heading", "en"),
        ("abstract", "en"),
        ("keywords", "en"),
    ]


def test_running_headers_without_a_page_number_are_gone():
    """A journal's running header with no page number on it (the PDF put the number on a
    line of its own, or printed none), on each page of a paper in Simplified."""
    body = "中俄两国在上海合作组织框架内的安全合作不断深化，双方定期举行联合演习。"
    page = f"  国际问题研究 2023年第2期\n\n{body}\n\n{body}\n\n"
    notes = "".join(f"①{body}\n\n" for _ in range(1))
    raw = "中俄安全合作研究\n\n" + page * 3 + "    \n\n" + notes
    result = parse_layout(raw, "paper")
    assert result.stats["running_headers_removed"] == 3
    assert not [p for p in result.passages if "国际问题研究" in p.text]


def test_a_lone_journal_header_line_is_a_header():
    """Once only, with volume and issue: still a header, not a paragraph."""
    body = "中俄两国在上海合作组织框架内的安全合作不断深化，双方定期举行联合演习。"
    raw = f"問題與研究 第56卷 第2期（民國106年6月）\n\n{body}\n\n{body}\n\n"
    result = parse_layout(raw, "paper")
    assert not [p for p in result.passages if "問題與研究" in p.text]


@pytest.mark.parametrize(
    "header",
    [
        "·42·　东南亚研究　2024年第3期",
        "·86·　　　　　　　　　国际法研究　　　　　　　　2024年第3期",
        "中国边疆史地研究　第29卷第1期　　　　　　　　　　·87·",
        "北极治理中的国际条约　　　　　　　　　　太平洋学报　2024年第2期",
        "俄羅斯學報　第十八期　　　　　　　　　　　　　　　　　　102",
        "國際關係學報　第55期（2023年6月）　　　　　　　　　　頁63-94",
        "歐亞研究　第二十四期　2023年7月　　　　　　　　　　　56",
    ],
    ids=[
        "page-first",
        "page-first-spread",
        "page-last",
        "title-and-journal",
        "issue-in-words",
        "issue-date-pages",
        "issue-in-words-date",
    ],
)
def test_cnki_running_headers_make_a_paper_and_are_removed(header):
    """A page of a CNKI-style PDF dump: one printed line per line, ragged (not justified),
    the running header with its page number in middle dots or with none; a name broken
    across lines runs on into the next line however short the line is."""
    raw = (
        f"{header}\n"
        "1962年12月26日，中蒙两国在北京签署《中华人民共和国和蒙古人民\n"
        "共和国边界条约》，以条约形式确定了两国边界的走向。根据条约规定，双方成立\n"
        "联合勘界委员会，经过一年多的实地勘察，于1964年6月30日在乌兰巴托签署\n"
        "边界议定书，全长4700余公里的中蒙边界由此全部划定。此后两国关系正常化，1994\n"
        "年两国签订友好合作关系条约。\n"
    )
    assert detect_kind(raw) == "paper"
    result = parse_layout(raw)
    texts = [p.text for p in result.passages]
    assert not [t for t in texts if re.search("2024年第|第29卷|第十八期|第55期|第二十四期", t)]
    assert result.meta.get("title") is None  # the dump starts inside the article
    body = [p for p in result.passages if p.kind == "paragraph"]
    assert len(body) == 1 and "蒙古人民共和国边界条约" in body[0].text
    assert "1994年两国" in body[0].text


def test_a_running_title_without_a_page_number_between_two_lines_of_a_sentence():
    """The article's name at the top of a page, between two lines of one sentence, is a
    running header; a line that opens a name (…簽署的「印度與尼泊爾和平友好) is text."""
    raw = (
        "·86·　　国际法学刊　　2024年第3期\n"
        "2010年9月15日，俄罗斯总统与挪威首相在摩尔曼斯克签署《俄罗斯联邦和挪威王国关于巴伦支海"
        "和北冰洋海洋划界与合作的条约》，结束了两国长达40年的划界争端。此前，俄挪两国已签署协定。\n"
        "与之形成对照的是白令海。1990年6月1日，美苏在华盛顿签署《美苏海洋边界协定》。美国参议院"
        "于1991年批准了该协定，但俄罗斯国家杜马至今未批准\n"
        "北极海洋划界的实践与启示——以巴伦支海为例\n"
        "该协定。有俄罗斯学者主张，俄方应以不符合国家利益为由要求重新谈判，甚至退出协定。\n"
    )
    result = parse_layout(raw)
    text = "".join(p.text for p in result.passages)
    assert "北极海洋划界的实践与启示" not in text and "至今未批准该协定。" in text


def test_table_rows_that_repeat_but_for_a_year_are_kept():
    """Rows of a table that differ only by their leading year look like a running header
    with a page number, but follow one another, as a page's header never does."""
    raw = (
        "問題與研究　第59卷第1期（2020年3月）　　87\n"
        "美韓「鷂鷹」野外機動演習始於1961年，每年春季舉行，2019年宣布終止。\n"
        "表1　2016—2018年美韓春季聯合演習概況\n"
        "年份　　名稱　　主辦國\n"
        "2016　　鷂鷹　　美國、韓國\n"
        "2017　　鷂鷹　　美國、韓國\n"
        "2018　　鷂鷹　　美國、韓國\n"
    )
    result = parse_layout(raw, "paper")
    (table,) = [p for p in result.passages if p.kind == "table"]
    assert [line.split("\u3000")[0] for line in table.text.split("\n")[2:]] == [
        "2016", "2017", "2018"
    ]


def test_a_table_with_no_caption_is_not_joined_to_the_paragraph_before():
    raw = (
        "·64·　国际安全研究　2023年第4期\n"
        "二、北大西洋方向多国演习的频次与规模\n"
        "2022年3月，挪威在其北部举行“寒冷反应-2022”联合演习，参演兵力约3万人。\n"
        "演习名称　　时间　　参演国家\n"
        "寒冷反应-2022　　2022年3月　　挪威、美国、英国等27国\n"
        "北方维京-2022　　2022年4月　　冰岛、美国、挪威等\n"
    )
    result = parse_layout(raw, "paper")
    (table,) = [p for p in result.passages if p.kind == "table"]
    assert table.text.split("\n")[0] == "演习名称\u3000时间\u3000参演国家"
    assert not [p for p in result.passages if p.kind == "paragraph" and "演习名称" in p.text]
