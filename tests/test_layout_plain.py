import pytest

from pipeline.ingest.layout.kind import detect_kind, parse_layout
from pipeline.text.alignment import verify_alignment

TEXT = (
    "中俄關係觀察\n\n"
    "中國與俄羅斯在上海合作組織框架下\n持續深化合作，雙方於2001年\n簽署條約。\n\n"
    "The Shanghai Cooperation\nOrganization was founded in 2001.\n\n"
    "結語\n\n"
    "蒙古國採取第三鄰國政策，\n與美國、日本保持合作。\n"
)


def test_blank_lines_separate_paragraphs_and_cjk_breaks_go():
    assert detect_kind(TEXT) == "text"
    result = parse_layout(TEXT)
    got = [(p.kind, p.text) for p in result.passages]
    assert got == [
        ("title", "中俄關係觀察"),
        ("paragraph", "中國與俄羅斯在上海合作組織框架下持續深化合作，雙方於2001年簽署條約。"),
        ("paragraph", "The Shanghai Cooperation Organization was founded in 2001."),
        ("heading", "結語"),
        ("paragraph", "蒙古國採取第三鄰國政策，與美國、日本保持合作。"),
    ]
    for p in result.passages:
        assert verify_alignment(p.text, p.rope.align(), TEXT) == []


def test_crlf_text_aligns():
    text = TEXT.replace("\n", "\r\n")
    result = parse_layout(text)
    assert result.passages[1].text.endswith("簽署條約。")
    for p in result.passages:
        assert verify_alignment(p.text, p.rope.align(), text) == []


def test_footnote_with_circled_marker_in_plain_text():
    text = "蒙古於1992年通過新憲法。①此後推行市場經濟。\n\n① 見蒙古國憲法全文。\n"
    result = parse_layout(text)
    body, note = result.passages
    assert body.text == "蒙古於1992年通過新憲法。此後推行市場經濟。"
    assert (note.kind, note.n, note.text) == ("footnote", 1, "見蒙古國憲法全文。")
    assert [(r.marker, r.n, r.start) for r in body.notes] == [("①", 1, 14)]


def test_lines_without_blank_lines_are_paragraphs_unless_cut_inside_sentences():
    """A dump with no blank lines: a title, a date line and one paragraph a line; two
    lines of about one length stay two paragraphs; lines cut inside a sentence stay one."""
    text = (
        "新加坡空軍鍛造軍刀演習　美國愛達荷州登場\n"
        "青年日報　中華民國110年11月12日\n"
        "新加坡空軍F-15SG戰機日前在美國愛達荷州參加實兵演習，演練精準打擊。\n"
        "該演習是新加坡武裝部隊在海外舉行的聯合演習，美軍提供場地支援。\n"
    )
    passages = parse_layout(text).passages
    got = [p.text for p in passages]
    assert len(got) == 4 and passages[0].kind == "title"
    assert got[-2:] == [
        "新加坡空軍F-15SG戰機日前在美國愛達荷州參加實兵演習，演練精準打擊。",
        "該演習是新加坡武裝部隊在海外舉行的聯合演習，美軍提供場地支援。",
    ]
    cut = "中國與俄羅斯在上海合作組織框架下\n持續深化合作，雙方於2001年\n簽署條約。\n"
    assert [p.text for p in parse_layout(cut).passages] == [
        "中國與俄羅斯在上海合作組織框架下持續深化合作，雙方於2001年簽署條約。"
    ]


def test_lines_cut_every_n_characters_run_on_whatever_their_digits():
    """A dump cut every 32 characters: half-width digits make the display widths differ and
    a long footnote line sets the column, but one length in characters says the lines are
    wrapped, so a name cut at a line end is read whole."""
    body = (
        "1984年3月16日，南非總理與莫三比克總統在邊界簽署「恩科馬蒂協定」，雙方承諾互不支持"
        "對方的反政府武裝。1986年，南非與賴索托簽署「賴索托高地水利計畫條約」，由賴索托向南"
        "非豪登省輸水，換取權利金。1992年8月17日，南部非洲發展協調會議成員國在溫荷克簽署"
        "「南部非洲發展共同體條約」，南非則於1994年加入。"
    )
    note = "①全稱為「賴索托王國政府與南非共和國政府關於賴索托高地水利計畫的條約」，參見彙編。"
    lines = [body[i : i + 32] for i in range(0, len(body), 32)]
    text = "\n".join([*lines, note]) + "\n"
    passages = [p.text for p in parse_layout(text).passages if p.kind == "paragraph"]
    assert passages[0] == body


@pytest.mark.parametrize(
    "header",
    [
        "軍事史評論　第28期　頁63-98",
        "國防雜誌　第39卷第3期　頁55-80",
        "二十一世紀　2022年10月號　總第193期　第58頁",
        "2021年第3期　军事历史　·57·",
        "香港社會科學學報　第57期（2021年春/夏季）　頁1-28",
    ],
)
def test_a_journal_header_line_of_a_one_page_dump_is_dropped(header):
    """A journal's header on the first line of a text that is no paper by its other marks:
    no passage (not the title); the lines after it stay paragraphs of their own."""
    body = [
        "北約成立初期最具代表性的聯合演習，當屬1952年在北海舉行的「主桅」演習，多國艦艇參加。",
        "「主桅」演習旨在驗證北約在戰時增援挪威與丹麥的能力。",
    ]
    raw = "\n".join([header, *body]) + "\n"
    assert detect_kind(raw) == "text"
    result = parse_layout(raw)
    assert [p.text for p in result.passages] == body
    assert result.stats["running_headers_removed"] == 1


@pytest.mark.parametrize("line", ["三峡工程第二期", "歐亞研究　第二十五期　　編者的話"])
def test_a_line_with_an_issue_and_words_of_its_own_stays(line):
    raw = line + "\n\n兩國於2023年簽署合作備忘錄。\n"
    assert parse_layout(raw).passages[0].text.replace("　", "") == line.replace("　", "")


@pytest.mark.parametrize(
    "header",
    [
        "新疆大学硕士学位论文　上海合作组织框架下的安全合作研究　21",
        "國防大學戰略研究所碩士論文　　44",
    ],
)
def test_a_theses_running_header_above_a_heading_is_dropped(header):
    """A thesis's header (university, degree, page) over a chapter's heading: no passage,
    and not a table with the heading as its second row; the heading stays one of its own
    even when the paragraph after it ends on a note's marker (…举行。①)."""
    heading = "第四章　上海合作组织防务合作的机制化　第二节　联合演习的法律保障"
    body = (
        "2007年6月27日，上合组织成员国国防部长在比什凯克签署《上海合作组织成员国关于举行"
        "联合军事演习的协定》，为此后的多边演习提供了法律依据。①"
    )
    raw = "\n".join([header, heading, body, "2018年8月，印度和巴基斯坦首次参加演习。"]) + "\n"
    result = parse_layout(raw)
    assert [p.kind for p in result.passages] == ["heading", "paragraph", "paragraph"]
    assert result.passages[0].text == heading.replace("　", "")
    assert result.stats["running_headers_removed"] == 1


def test_a_line_cut_inside_a_title_goes_on_in_the_next():
    lines = [
        "2001年6月15日，六国元首在上海签署《上海合作组织成立宣言》，"
        "首次在国际法层面对“三股势力”作出界定。",
        "2007年8月16日，六国元首又在比什凯克峰会上签署《上海合作组织成员国长期睦邻友",
        "好合作条约》，将“世代友好、永不为敌”的思想以法律形式固定下来。",
    ]
    passages = [p.text for p in parse_layout("\n".join(lines) + "\n").passages]
    assert passages == [lines[0], lines[1] + lines[2]]
