import pytest
from conftest import NEWS, read_jsonl

from pipeline.ingest.layout.kind import detect_kind, parse_layout
from pipeline.ingest.layout.news import folded
from pipeline.ingest.metadata import dateline_date, document_metadata

RAW = NEWS.read_text(encoding="utf-8")


def test_news_opening_line_is_split_into_its_parts():
    assert detect_kind(RAW) == "news"
    result = parse_layout(RAW)
    first = [(p.kind, p.role, p.text) for p in result.passages[:3]]
    assert first == [
        ("meta", "date", "date 2025-09-14"),
        (
            "caption",
            "photo_caption",
            "中國、俄羅斯與蒙古進行首度進行「邊防合作2025」聯合演練。（取自微博「中國軍號」）",
        ),
        ("byline", None, "〔記者涂鉅旻／台北報導〕"),
    ]
    assert result.passages[3].kind == "paragraph"
    assert result.passages[3].text.startswith("中國、俄羅斯與蒙古在今年9月8日、9日間")
    assert result.meta["date"] == "2025-09-14"
    assert result.meta["authors"] == ["涂鉅旻"]
    assert result.meta["original"]["author"] == "江炘杓"


def test_news_reprint_note_and_subheadings():
    result = parse_layout(RAW)
    assert result.passages[4].role == "reprint_note"
    headings = [p.text for p in result.passages if p.kind == "heading"]
    assert headings == [
        "明確聚焦聯合演練目的",
        "科技控邊解決安全方案",
        "地緣政治經濟軍事結合",
        "蒙古國的戰略平衡調整",
        "結語",
    ]
    assert sum(p.kind == "paragraph" for p in result.passages) == 13


@pytest.mark.parametrize(
    ("raw", "date", "passages"),
    [
        (
            "2024/03/15 10:30\n\n國防部今天表示，共軍3月12日在台海周邊舉行演習。\n",
            "2024-03-15",
            [("meta", "date", "2024/03/15 10:30")],
        ),
        (
            "２０２４-０３-１５ １０：３０\n\n国防部今天表示，解放军3月12日举行演习。\n",
            "2024-03-15",
            [("meta", "date", "２０２４-０３-１５ １０：３０")],
        ),
        (
            "中俄聯合軍演落幕\n2024年3月15日 星期五\n"
            "（中央社記者王小明台北15日電）國防部今天表示。\n",
            "2024-03-15",
            [
                ("title", None, "中俄聯合軍演落幕"),
                ("meta", "date", "2024年3月15日 星期五"),
                ("byline", "dateline", "（中央社記者王小明台北15日電）"),
            ],
        ),
        (
            "新华社北京2024年5月20日电（记者张伟）中国与俄罗斯今年3月12日签署协定。\n",
            "2024-05-20",
            [("byline", "dateline", "新华社北京2024年5月20日电（记者张伟）")],
        ),
        (
            "國軍漢光演習登場\n\n民國113年7月22日\n\n國防部今天表示，漢光40號實兵演習今天登場。\n",
            "2024-07-22",
            [("title", None, "國軍漢光演習登場"), ("meta", "date", "民國113年7月22日")],
        ),
        (
            "國軍漢光演習登場\n青年日報　中華民國114年3月14日　星期五\n"
            "國防部今天表示，演習登場。\n",
            "2025-03-14",
            [
                ("title", None, "國軍漢光演習登場"),
                ("meta", "date", "青年日報　中華民國114年3月14日　星期五"),
            ],
        ),
        (
            "113/07/22\n\n（記者王小明／台北報導）國防部今天表示，漢光演習今天登場。\n",
            "2024-07-22",
            [("meta", "date", "113/07/22"), ("byline", None, "（記者王小明／台北報導）")],
        ),
        (
            "中国国防报　2024年3月5日　星期二　第4版\n波兰演习进入高潮\n\n"
            "国防部今天表示，演习4日进入高潮。\n",
            "2024-03-05",
            [
                ("meta", "date", "中国国防报　2024年3月5日　星期二　第4版"),
                ("title", None, "波兰演习进入高潮"),
            ],
        ),
        (
            "中時新聞網　2024年10月22日（二）　13:20\n\n南韓護國演習登場\n\n"
            "國防部今天表示，護國演習今天登場。\n",
            "2024-10-22",
            [
                ("meta", "date", "中時新聞網　2024年10月22日（二）　13:20"),
                ("title", None, "南韓護國演習登場"),
            ],
        ),
        (
            "南韓護國演習今起登場\n東森新聞　2024/10/21 15:32　國際中心／綜合報導\n"
            "國防部今天表示，護國演習今天登場。\n",
            "2024-10-21",
            [
                ("title", None, "南韓護國演習今起登場"),
                ("meta", "date", "東森新聞　2024/10/21 15:32　國際中心／綜合報導"),
            ],
        ),
        (
            "韩美日举行联合演习\n朝鲜日报中文网　2025.09.16 08:57　记者 朴善英\n"
            "国防部15日表示，演习当天开始。\n",
            "2025-09-16",
            [
                ("title", None, "韩美日举行联合演习"),
                ("meta", "date", "朝鲜日报中文网　2025.09.16 08:57　记者 朴善英"),
            ],
        ),
        (
            "韩美发表华盛顿宣言\n2023-04-27　KBS WORLD\n国防部今天表示，宣言发表。\n",
            "2023-04-27",
            [("title", None, "韩美发表华盛顿宣言"), ("meta", "date", "2023-04-27　KBS WORLD")],
        ),
        (
            "韓美軍演登場\n2024-08-20 00:35 聯合報／編譯王若璇／即時報導\n"
            "國防部今天表示，演習登場。\n",
            "2024-08-20",
            [
                ("title", None, "韓美軍演登場"),
                ("meta", "date", "2024-08-20 00:35 聯合報／編譯王若璇／即時報導"),
            ],
        ),
        (
            "韓美簽署指針\n撰文：鄭家豪　出版：2024-07-12 10:20　更新：2024-07-12 10:35\n"
            "國防部今天表示，指針簽署。\n",
            "2024-07-12",
            [
                ("title", None, "韓美簽署指針"),
                ("meta", "date", "撰文：鄭家豪　出版：2024-07-12 10:20　更新：2024-07-12 10:35"),
            ],
        ),
        (
            "金色眼鏡蛇泰國揭幕\n明報　2024年2月28日　星期三　A20版　國際\n"
            "國防部今天表示，演習揭幕。\n",
            "2024-02-28",
            [
                ("title", None, "金色眼鏡蛇泰國揭幕"),
                ("meta", "date", "明報　2024年2月28日　星期三　A20版　國際"),
            ],
        ),
        (
            "美菲軍演登場\n聯合新聞網　即時　2024-11-24 22:15\n國防部今天表示，軍演登場。\n",
            "2024-11-24",
            [
                ("title", None, "美菲軍演登場"),
                ("meta", "date", "聯合新聞網　即時　2024-11-24 22:15"),
            ],
        ),
    ],
    ids=[
        "slash",
        "full-width-dash",
        "cna",
        "xinhua",
        "roc",
        "roc-paper",
        "roc-slash",
        "paper-page",
        "site",
        "desk-after",
        "reporter-after",
        "latin-publisher",
        "slashed-byline",
        "label-and-update",
        "section-after",
        "two-words-before",
    ],
)
def test_news_date_lines_and_datelines(raw, date, passages):
    assert detect_kind(raw) == "news"
    result = parse_layout(raw)
    assert result.meta["date"] == date
    assert [(p.kind, p.role, p.text) for p in result.passages[: len(passages)]] == passages
    lead = result.passages[len(passages)]
    assert lead.kind == "paragraph" and lead.text.startswith(("國防部", "国防部", "中国"))
    start, end = result.meta["evidence"]["date"]
    evidence = folded(raw[start:end])
    assert date[:4] in evidence or str(int(date[:4]) - 1911) in evidence


def test_a_papers_own_dateline_without_a_day_gives_its_reporters():
    """本报讯（记者　马军　通讯员　王浩）: the paper's own report, its reporter and
    correspondent named (no date); the names are no text of the lead (马 is no Malaysia)."""
    raw = "中哈联合演练举行\n本报讯（记者　马军　通讯员　王浩）15日，双方举行联合演练。\n"
    result = parse_layout(raw)
    assert result.meta["agency"] == "本报" and result.meta["authors"] == ["马军", "王浩"]
    assert "date" not in result.meta
    lead = [p for p in result.passages if p.kind == "paragraph"]
    assert lead[0].text == "15日，双方举行联合演练。"


def test_agency_dateline_gives_agency_place_and_authors():
    result = parse_layout("新华社北京2024年5月20日电（记者张伟、李华）中俄签署协定。\n")
    assert result.meta["agency"] == "新华社" and result.meta["dateline"] == "北京"
    assert result.meta["authors"] == ["张伟", "李华"]


def test_relative_dates_resolve_from_the_date_line(session_extractor, tmp_path):
    """今天 is the `2024/03/15 10:30` date line's day (the line's date is a DATE of its
    own); 今年 and a bare 3月12日 take their year from it."""
    source = tmp_path / "news.txt"
    source.write_text(
        "2024/03/15 10:30\n\n國防部今天表示，中俄今年3月12日簽署協定，5月1日舉行聯合軍演。\n",
        encoding="utf-8",
    )
    session_extractor.run([str(source)], tmp_path / "out", progress=False)
    dates = [
        e["value"] for e in read_jsonl(tmp_path / "out" / "entities.jsonl") if e["label"] == "DATE"
    ]
    assert [d.get("value") or d.get("start") for d in dates] == [
        "2024-03-15",
        "2024-03-15",
        "2024-03-12",
        "2024-05-01",
    ]


@pytest.mark.parametrize(
    ("published", "month", "day", "expected"),
    [
        ("2021-02-04", None, 3, "2021-02-03"),  # filed in Washington the day before
        ("2021-03-01", None, 28, "2021-02-28"),  # across a month's end
        ("2021-02-04", None, 4, "2021-02-04"),
        ("2021-02-04", None, 20, "2021-02-04"),  # too far: the publication date stays
        ("2021-02-04", 1, 3, "2021-02-04"),  # another month named
    ],
)
def test_a_dateline_day_dates_the_document_with_the_manifests_month(
    published, month, day, expected
):
    assert dateline_date(published, month, day) == expected


def test_a_cna_dateline_without_a_year_and_its_day_in_the_document(tmp_path):
    raw = "（中央社華盛頓3日綜合外電報導）美國國務卿今天宣布延長條約。\n"
    result = parse_layout(raw)
    assert result.passages[0].role == "dateline" and result.meta["agency"] == "中央社"
    meta = document_metadata(result, {"date": "2021-02-04"})
    assert meta["date"] == "2021-02-03" and "dateline_day" not in meta


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("大马中国联合演习闭幕\n（吉隆坡23日讯）两军联合演习今日闭幕。\n", "2025-11-23"),
        ("皇家海軍實彈射擊演習\n（美里24日訊）皇家海軍將於今天起進行實彈射擊。\n", "2025-11-24"),
    ],
)
def test_a_papers_bracketed_dateline_without_an_agency_dates_the_report(raw, expected):
    """（吉隆坡23日讯）, as the Malaysian and Singaporean papers open a report: a dateline
    with no agency, its day the report's (今日 is the 23rd, not the 25th it was printed)."""
    result = parse_layout(raw)
    assert result.passages[1].role == "dateline" and "agency" not in result.meta
    assert result.passages[2].text.startswith(("两军", "皇家"))
    assert document_metadata(result, {"date": "2025-11-25"})["date"] == expected


def test_news_lines_without_blank_lines_are_paragraphs_unless_wrapped():
    """A web page dump puts one paragraph on a line with no blank line between: each line
    that ends a sentence ends its paragraph. Lines cut at one width (a PDF dump) run on."""
    raw = (
        "瑞典最大軍演登場\n2023/04/17 21:05\n"
        "瑞典武裝部隊今天展開「極光23」聯合演習，美國、英國、芬蘭等14國派兵參加，總兵力約2萬6000人。\n"
        "瑞典國防部表示，芬蘭已正式加入北約。\n"
        "美國陸軍第101空降師一部也參與「極光23」，\n將在哥特蘭島演練空降作戰。\n"
    )
    paragraphs = [p.text for p in parse_layout(raw).passages if p.kind == "paragraph"]
    assert paragraphs == [
        "瑞典武裝部隊今天展開「極光23」聯合演習，美國、英國、芬蘭等14國派兵參加，總兵力約2萬6000人。",
        "瑞典國防部表示，芬蘭已正式加入北約。",
        "美國陸軍第101空降師一部也參與「極光23」，將在哥特蘭島演練空降作戰。",
    ]
    wrapped = (
        "瑞典最大軍演登場\n2023/04/17 21:05\n"
        "瑞典武裝部隊今天展開聯合演習，美國、英國、芬蘭等十四國派\n"
        "兵參加。總兵力約兩萬六千人，演習持續至五月十一日為止。\n"
        "瑞典國防部表示，芬蘭已正式加入北約，瑞典仍在等待批准。\n"
        "美國陸軍一部也參與。\n"
    )
    paragraphs = [p.text for p in parse_layout(wrapped).passages if p.kind == "paragraph"]
    assert len(paragraphs) == 1 and paragraphs[0].endswith("美國陸軍一部也參與。")


@pytest.mark.parametrize(
    ("raw", "date", "kept"),
    [
        (  # a source line the tails above do not foresee: a standalone date field is enough
            "中国为什么都派了？\n知乎 · 回答 · 北方的狼 · 发布于 2022-09-08 11:30\n"
            "国防部表示，演习开始。\n",
            "2022-09-08",
            ("title", None, "中国为什么都派了？"),
        ),
        (
            "美俄核军控会断档吗？\n2026-01-20 07:30　来源：观察者网\n国防部表示，条约到期。\n",
            "2026-01-20",
            ("meta", "date", "2026-01-20 07:30　来源：观察者网"),
        ),
        (
            "中俄友好\n2024年08月21日09:12 | 来源：人民网－国际频道\n国防部表示，条约延期。\n",
            "2024-08-21",
            ("meta", "date", "2024年08月21日09:12 | 来源：人民网－国际频道"),
        ),
        (
            "駐烏蘭巴托臺北貿易經濟代表處　經貿資訊　2025年1月22日\n國防部表示，協定生效。\n",
            "2025-01-22",
            ("meta", "date", "駐烏蘭巴托臺北貿易經濟代表處　經貿資訊　2025年1月22日"),
        ),
        (
            "法印演習\n發布日期：民國114年3月12日　發布單位：歐洲司\n國防部表示，演習開始。\n",
            "2025-03-12",
            ("meta", "date", "發布日期：民國114年3月12日　發布單位：歐洲司"),
        ),
        (  # day first when the first number cannot be a month
            "愛沙尼亞演習\n發表時間：13/05/2025 - 11:05\n國防部表示，演習開始。\n",
            "2025-05-13",
            ("meta", "date", "發表時間：13/05/2025 - 11:05"),
        ),
        (  # a headline opening with its day, with no date line: the day dates the document
            "2024年3月12日外交部发言人毛宁主持例行记者会\n问：中方有何评论？\n答：中方反对。\n",
            "2024-03-12",
            ("title", None, "2024年3月12日外交部发言人毛宁主持例行记者会"),
        ),
        (  # a headline closing with its day in brackets stays the headline
            "商务部召开例行新闻发布会（2025年1月16日）\n国防部表示，协定生效。\n",
            "2025-01-16",
            ("title", None, "商务部召开例行新闻发布会（2025年1月16日）"),
        ),
        (
            "国台办新闻发布会辑录（2024-06-12）\n国防部表示，协定生效。\n",
            "2024-06-12",
            ("title", None, "国台办新闻发布会辑录（2024-06-12）"),
        ),
        (  # a weekday in brackets after the day
            "进出口增长\n2025年1月13日（星期一）　海关总署统计分析司\n国防部表示，协定生效。\n",
            "2025-01-13",
            ("meta", "date", "2025年1月13日（星期一）　海关总署统计分析司"),
        ),
    ],
    ids=[
        "zhihu",
        "time-source",
        "glued-time",
        "office",
        "roc-label",
        "day-first",
        "title-opens",
        "title-closes",
        "title-closes-iso",
        "weekday-in-brackets",
    ],
)
def test_a_standalone_date_field_makes_a_date_line(raw, date, kept):
    assert detect_kind(raw) == "news"
    result = parse_layout(raw)
    assert result.meta["date"] == date
    assert kept in [(p.kind, p.role, p.text) for p in result.passages]
    start, end = result.meta["evidence"]["date"]
    assert date[:4] in folded(raw[start:end]) or str(int(date[:4]) - 1911) in raw[start:end]


@pytest.mark.parametrize(
    "line",
    [
        # the day it was signed, not the day it was published
        "条约名称：中俄国界管理制度协定　签署日期：2006年11月9日　签署地点：北京",
        "2008年11月17日，美国驻伊拉克大使在巴格达签署协定。",  # a sentence
        "普京2024年5月7日宣誓就职",  # a date run into its sentence
        "愛沙尼亞演習　05/06/2025",  # 5 June or 6 May: not said
    ],
)
def test_lines_with_a_date_that_are_no_date_line(line):
    assert not parse_layout(f"標題\n{line}\n國防部表示，演習開始。\n").meta.get("date")


@pytest.mark.parametrize(
    ("header", "date"),
    [
        ("問題與研究　第62卷第4期（2023年12月）　頁1-36", "2023-12"),
        ("展望與探索　第22卷第5期　民國113年5月　頁76-98", "2024-05"),
        ("国际论坛　2024年第4期　第35页", "2024"),
    ],
)
def test_a_journal_header_dates_a_one_page_dump(header, date):
    raw = f"{header}\n俄羅斯與白俄羅斯今年舉行聯合演習。\n兩國國防部長簽署協定。\n"
    result = parse_layout(raw)
    assert result.meta["date"] == date
    start, end = result.meta["evidence"]["journal_header"]
    assert raw[start:end] == header
