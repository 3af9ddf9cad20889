"""Document metadata from the layout's passages and the manifest: pipeline/ingest/metadata.py."""

from __future__ import annotations

from pipeline.ingest.layout.document import LayoutResult
from pipeline.ingest.metadata import document_metadata
from pipeline.ingest.passage import Passage
from pipeline.text.rope import Rope


def passage(text: str, kind: str, role: str | None = None, lang: str = "zh") -> Passage:
    return Passage(kind, Rope.from_raw(text, 0, len(text)), role=role, lang=lang)


def test_front_matter_passages_give_title_authors_affiliations_and_keywords():
    layout = LayoutResult(
        "paper",
        [
            passage("A Title", "title", "title_en", "en"),
            passage("中文標題", "title"),
            passage("吳雪鳳、林大明  陳小華", "byline", "author"),
            passage("（國立政治大學）", "meta", "affiliation"),
            passage("關鍵詞：蒙古；中俄關係, 第三鄰國", "keywords"),
            passage("Keywords: Mongolia; Russia", "keywords", lang="en"),
        ],
        meta={"date": "2017-06", "authors": []},
    )
    meta = document_metadata(layout, {"publisher": "政大", "date": "2016", "title": "manifest"})
    assert meta["title"] == "中文標題"  # the Chinese title before the English one
    assert meta["title_en"] == "A Title"
    assert meta["authors"] == ["吳雪鳳", "林大明", "陳小華"]
    assert meta["affiliations"] == ["國立政治大學"]
    assert meta["keywords"] == ["蒙古", "中俄關係", "第三鄰國"]
    assert meta["keywords_en"] == ["Mongolia", "Russia"]
    assert meta["date"] == "2017-06"  # the text's date wins over the manifest's
    assert meta["publisher"] == "政大"  # the manifest fills what the text does not say
    assert meta["url"] is None


def test_without_a_chinese_title_the_first_title_is_taken():
    layout = LayoutResult("paper", [passage("Only English", "title", "title_en", "en")])
    assert document_metadata(layout, {})["title"] == "Only English"
