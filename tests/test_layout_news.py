from conftest import NEWS

from pipeline.layout.kind import detect_kind, parse_layout

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
