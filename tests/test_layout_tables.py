"""Tables in texts that are neither papers nor news items (a page or an extract pasted as
plain text): their rows are kept as a table passage, not joined into a paragraph."""

from pipeline.ingest.layout.kind import parse_layout

TABLE = (
    "表2　2012—2019年集体安全条约组织集体快速反应部队主要演习\n"
    "演习名称　时间　地点　参演国家\n"
    "“互动-2012”　2012年9月　亚美尼亚　俄罗斯、亚美尼亚、哈萨克斯坦\n"
    "“边界-2016”　2016年8月　吉尔吉斯斯坦　俄罗斯、哈萨克斯坦、吉尔吉斯斯坦\n"
    "资料来源：笔者根据集体安全条约组织官方网站整理。\n"
)


def test_a_table_in_plain_text_keeps_its_caption_rows_and_source():
    result = parse_layout("集安组织的快速反应部队每年举行演习。\n" + TABLE, "text")
    (table,) = [p for p in result.passages if p.kind == "table"]
    lines = table.text.split("\n")
    assert lines[0].startswith("表2") and lines[1] == "演习名称\u3000时间\u3000地点\u3000参演国家"
    assert lines[-1].startswith("资料来源") and len(lines) == 5
    assert result.passages[0].kind == "paragraph"


def test_a_table_in_a_news_item_body_is_kept_too():
    raw = "新华社北京5月20日电　集安组织近年演习如下。\n\n" + TABLE
    result = parse_layout(raw, "news")
    assert [p for p in result.passages if p.kind == "table"]


def test_lines_of_labelled_fields_are_records_not_a_table():
    raw = (
        "条约名称：中俄国界管理制度协定　签署日期：2006年11月9日　签署地点：北京\n"
        "条约名称：中俄合理利用和保护跨界水协定　签署日期：2008年1月29日　签署地点：北京\n"
    )
    result = parse_layout(raw, "text")
    assert result.passages and all(p.kind == "paragraph" for p in result.passages)


def test_table_offsets_lead_back_to_the_raw_text():
    raw = "集安组织的快速反应部队每年举行演习。\n" + TABLE
    for passage in parse_layout(raw, "text").passages:
        rope = passage.rope
        assert all(
            ch == raw[at] or ch == "\u3000" or raw[at] in " \u3000\t"
            for ch, at in zip(rope.text, rope.offsets, strict=True)
        )
