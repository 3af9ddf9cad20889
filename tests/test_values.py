"""DATE, MONEY, PERCENT and QUANTITY values on news and paper phrasing, in both scripts.

Each case is a sentence and every value mention the pipeline should find in it (label, text,
value); an empty list means none (a duration, an idiom, a rank)."""

import datetime
from typing import Any

import pytest

from pipeline.nlp.entities import VALUE_LABELS
from pipeline.nlp.language import load
from pipeline.nlp.values import ValueRules, resolve_dates
from pipeline.nlp.values.numerals import chinese_number
from pipeline.text.normalize import Normalizer


@pytest.fixture(scope="module")
def nlp():
    return load(ner_model=False)


def values(nlp, text: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(e.label_, e.text, e._.value) for e in nlp(text).ents if e.label_ in VALUE_LABELS]


def span(start: str, end: str, **more: Any) -> dict[str, Any]:
    return {"start": start, "end": end, **more}


def day(value: str, **more: Any) -> dict[str, Any]:
    return {"value": value, **more}


def money(amount: float, currency: str, approx: str | None = None) -> dict[str, Any]:
    return {"amount": amount, "currency": currency, **({"approx": approx} if approx else {})}


def share(value: float, high: float | None = None, approx: str | None = None) -> dict[str, Any]:
    return {"value": value, "high": high, "approx": approx, "unit": "percent"}


def points(value: float) -> dict[str, Any]:
    return {"value": value, "high": None, "approx": None, "unit": "percentage_point"}


def count(amount: float, unit: str, approx: str | None = None) -> dict[str, Any]:
    return {"amount": amount, "unit": unit, **({"approx": approx} if approx else {})}


def span_of(amount: float, high: float, unit: str) -> dict[str, Any]:
    return {"amount": amount, "high": high, "unit": unit}


DATE_CASES = [
    # parts of a year or month (TimeML's mod), halves and quarters as month ranges
    ("2019年底，兩國簽署協議。", [("DATE", "2019年底", day("2019", mod="end"))]),
    ("2019年底，两国签署协议。", [("DATE", "2019年底", day("2019", mod="end"))]),
    ("年初，俄方宣布。", [("DATE", "年初", day("XXXX", mod="start"))]),
    ("今年初，兩國會晤。", [("DATE", "今年初", day("XXXX", mod="start", relative=0))]),
    ("去年底，俄方宣布。", [("DATE", "去年底", day("XXXX", mod="end", relative=-1))]),
    ("同年底，雙方簽約。", [("DATE", "同年底", day("XXXX", mod="end", relative="last"))]),
    ("12月中旬，雙方再談。", [("DATE", "12月中旬", day("XXXX-12", mod="mid"))]),
    ("2022年2月下旬，战争爆发。", [("DATE", "2022年2月下旬", day("2022-02", mod="end"))]),
    ("2023年第三季度，出口增長。", [("DATE", "2023年第三季度", span("2023-07", "2023-09"))]),
    ("2023年第三季度，出口增长。", [("DATE", "2023年第三季度", span("2023-07", "2023-09"))]),
    (
        "二〇二三年第三季度，出口增長。",
        [("DATE", "二〇二三年第三季度", span("2023-07", "2023-09"))],
    ),
    ("2023年前三季度，中俄贸易增长。", [("DATE", "2023年前三季度", span("2023-01", "2023-09"))]),
    ("上半年，出口增長。", [("DATE", "上半年", span("XXXX-01", "XXXX-06"))]),
    ("今年上半年，出口增长。", [("DATE", "今年上半年", span("XXXX-01", "XXXX-06", relative=0))]),
    # decades and centuries
    # 上世纪 is the document's century less one: resolved with the document's date
    (
        "上世紀90年代，中蘇關係正常化。",
        [("DATE", "上世紀90年代", span("XX90", "XX99", relative_century=-1))],
    ),
    (
        "上世纪90年代，中苏关系正常化。",
        [("DATE", "上世纪90年代", span("XX90", "XX99", relative_century=-1))],
    ),
    ("二十世紀九十年代，蒙古轉型。", [("DATE", "二十世紀九十年代", span("1990", "1999"))]),
    ("二十世纪九十年代，蒙古转型。", [("DATE", "二十世纪九十年代", span("1990", "1999"))]),
    ("20世纪，蒙古独立。", [("DATE", "20世纪", span("1900", "1999"))]),
    ("21世紀初，中俄關係升溫。", [("DATE", "21世紀初", span("2000", "2099", mod="start"))]),
    (
        "上世纪末，苏联解体。",
        [("DATE", "上世纪末", span("XX00", "XX99", relative_century=-1, mod="end"))],
    ),
    ("二十世紀六七十年代，中蘇交惡。", [("DATE", "二十世紀六七十年代", span("1960", "1979"))]),
    ("15~16世紀，蒙古興起。", [("DATE", "15~16世紀", span("1400", "1599"))]),
    ("1990年代，蒙古轉型。", [("DATE", "1990年代", span("1990", "1999"))]),
    ("1990年代末，蒙古轉型。", [("DATE", "1990年代末", span("1990", "1999", mod="end"))]),
    ("一九九〇年代，蒙古轉型。", [("DATE", "一九九〇年代", span("1990", "1999"))]),
    ("民國八十年代，臺灣經濟起飛。", [("DATE", "民國八十年代", span("1991", "2000"))]),
    ("民国八十年代，台湾经济起飞。", [("DATE", "民国八十年代", span("1991", "2000"))]),
    ("公元前221年，秦統一中國。", [("DATE", "公元前221年", day("-0220"))]),
    ("公元前221年，秦统一中国。", [("DATE", "公元前221年", day("-0220"))]),
    # ranges
    (
        "2014年5月20至21日，普京訪華。",
        [("DATE", "2014年5月20至21日", span("2014-05-20", "2014-05-21"))],
    ),
    (
        "2014年5月20日至21日，普京访华。",
        [("DATE", "2014年5月20日至21日", span("2014-05-20", "2014-05-21"))],
    ),
    ("5月20日—21日，普京訪華。", [("DATE", "5月20日—21日", span("XXXX-05-20", "XXXX-05-21"))]),
    (
        "2013年12月至2014年1月，談判持續。",
        [("DATE", "2013年12月至2014年1月", span("2013-12", "2014-01"))],
    ),
    ("2014年至2016年，中俄贸易下滑。", [("DATE", "2014年至2016年", span("2014", "2016"))]),
    (
        "今年1-5月，中蒙貿易額增長。",
        [("DATE", "今年1-5月", span("XXXX-01", "XXXX-05", relative=0))],
    ),
    ("1月至9月，出口增长。", [("DATE", "1月至9月", span("XXXX-01", "XXXX-09"))]),
    ("代表團3日至5日訪問蒙古。", [("DATE", "3日至5日", span("XXXX-XX-03", "XXXX-XX-05"))]),
    # days without their month
    ("普京15日抵達北京。", [("DATE", "15日", day("XXXX-XX-15"))]),
    ("普京15日抵达北京。", [("DATE", "15日", day("XXXX-XX-15"))]),
    ("本月15日，雙方會談。", [("DATE", "本月15日", day("XXXX-XX-15", relative_month=0))]),
    ("上月15日，双方会谈。", [("DATE", "上月15日", day("XXXX-XX-15", relative_month=-1))]),
    # forms that already worked
    ("去年12月，普京訪華。", [("DATE", "去年12月", day("XXXX-12", relative=-1))]),
    (
        "去年12月至今年1月舉行。",  # 至 of the range, not 至今 'until now'
        [
            ("DATE", "去年12月", day("XXXX-12", relative=-1)),
            ("DATE", "今年1月", day("XXXX-01", relative=0, range_end=True)),  # (resolve_dates)
        ],
    ),
    ("明年，雙方將續約。", [("DATE", "明年", day("XXXX", relative=1))]),
    ("1949年10月1日，中華人民共和國成立。", [("DATE", "1949年10月1日", day("1949-10-01"))]),
    ("民國一百年，臺灣舉行慶典。", [("DATE", "民國一百年", day("2011"))]),
    # an ROC year without 民國 and without a month: three digits, read as a year, no span
    ("國軍108年「漢光35號」實兵演習", [("DATE", "108年", day("2019"))]),
    ("出口較111年減少9.8%。", [("DATE", "111年", day("2022")), ("PERCENT", "9.8%", share(9.8))]),
    ("該協定已有113年歷史。", []),
    ("歷時113年。", []),
    ("113年來首次。", []),
    # from today, from tomorrow (headlines)
    ("联合演习今起举行", [("DATE", "今起", day("XXXX-XX-XX", relative_day=0))]),
    ("迄今起码有三成。", [("PERCENT", "三成", share(30))]),
    # not dates, or not all of it
    ("據2019年初步統計，貿易增長。", [("DATE", "2019年", day("2019"))]),
    ("2019年中國經濟增長。", [("DATE", "2019年", day("2019"))]),
    ("2019年代表團訪華。", [("DATE", "2019年", day("2019"))]),
    ("日元3月貶值。", [("DATE", "3月", day("XXXX-03"))]),
    ("為期3日的訪問結束。", []),
    ("会议每月15日举行。", []),
    ("美國每隔4日新增一間教會。", []),
]

MONEY_CASES = [
    (
        "約30-50億美元的投資。",
        [("MONEY", "約30-50億美元", {**money(3e9, "USD", "about"), "high": 5e9})],
    ),
    (
        "2023年，中蒙貿易額達1.5萬億元。",
        [("DATE", "2023年", day("2023")), ("MONEY", "1.5萬億元", money(1.5e12, "CNY"))],
    ),
    ("中蒙贸易额达1.5万亿元。", [("MONEY", "1.5万亿元", money(1.5e12, "CNY"))]),
    ("臺灣對美出口新台幣300億元。", [("MONEY", "新台幣300億元", money(3e10, "TWD"))]),
    ("台湾对美出口新台币300亿元。", [("MONEY", "新台币300亿元", money(3e10, "TWD"))]),
    ("香港投入港幣50億元。", [("MONEY", "港幣50億元", money(5e9, "HKD"))]),
    ("香港投入港币50亿元。", [("MONEY", "港币50亿元", money(5e9, "HKD"))]),
    ("歐盟提供歐元20億。", [("MONEY", "歐元20億", money(2e9, "EUR"))]),
    ("欧盟提供20亿欧元。", [("MONEY", "20亿欧元", money(2e9, "EUR"))]),
    ("日本援助日圓500億。", [("MONEY", "日圓500億", money(5e10, "JPY"))]),
    ("日本援助500亿日元。", [("MONEY", "500亿日元", money(5e10, "JPY"))]),
    ("俄羅斯出資100億盧布。", [("MONEY", "100億盧布", money(1e10, "RUB"))]),
    ("俄罗斯出资100亿卢布。", [("MONEY", "100亿卢布", money(1e10, "RUB"))]),
    ("蒙古國預算約5兆圖格里克。", [("MONEY", "約5兆圖格里克", money(5e12, "MNT", "about"))]),
    ("蒙古国预算约5万亿图格里克。", [("MONEY", "约5万亿图格里克", money(5e12, "MNT", "about"))]),
    ("中國撥款人民幣5000萬元。", [("MONEY", "人民幣5000萬元", money(5e7, "CNY"))]),
    ("中方投資人民幣五千萬元。", [("MONEY", "人民幣五千萬元", money(5e7, "CNY"))]),
    ("投资约30亿美元。", [("MONEY", "约30亿美元", money(3e9, "USD", "about"))]),
    ("投資逾百億美元。", [("MONEY", "逾百億美元", money(1e10, "USD", "over"))]),
    ("投资逾百亿美元。", [("MONEY", "逾百亿美元", money(1e10, "USD", "over"))]),
    ("投入數十億美元。", [("MONEY", "數十億美元", money(1e9, "USD", "over"))]),
    ("投入数十亿美元。", [("MONEY", "数十亿美元", money(1e9, "USD", "over"))]),
    ("投資五六十億美元。", [("MONEY", "五六十億美元", money(5e9, "USD", "about"))]),
    ("俄方出資幾百萬盧布。", [("MONEY", "幾百萬盧布", money(1e6, "RUB", "over"))]),
    ("貿易額達30多億美元。", [("MONEY", "30多億美元", money(3e9, "USD", "over"))]),
    ("贸易额达1000余万美元。", [("MONEY", "1000余万美元", money(1e7, "USD", "over"))]),
    ("援助金額為2億美元左右。", [("MONEY", "2億美元左右", money(2e8, "USD", "about"))]),
    ("投資US$100 million於蒙古。", [("MONEY", "US$100 million", money(1e8, "USD"))]),
    ("雙邊貿易額達US$1.2 billion。", [("MONEY", "US$1.2 billion", money(1.2e9, "USD"))]),
    ("投資額達HK$50億。", [("MONEY", "HK$50億", money(5e9, "HKD"))]),
    ("两国贸易额突破1000亿美元大关。", [("MONEY", "1000亿美元", money(1e11, "USD"))]),
    ("美元3個月內走強。", []),
]

PERCENT_CASES = [
    ("相當於二○一九年的七成八。", [("DATE", "二○一九年", {"value": "2019"}),
                                   ("PERCENT", "七成八", share(78))]),
    ("佔總數的三分之一以上。", [("PERCENT", "三分之一以上", share(33.333333, approx="over"))]),
    ("目前約為1.6%。", [("PERCENT", "約為1.6%", share(1.6, approx="about"))]),
    ("貿易額增長3成。", [("PERCENT", "3成", share(30))]),
    ("贸易额增长3成。", [("PERCENT", "3成", share(30))]),
    ("增長3.5成。", [("PERCENT", "3.5成", share(35))]),
    ("失業率為千分之五。", [("PERCENT", "千分之五", share(0.5))]),
    # 万 and 亿 in a denominator (万分之一 once divided by zero and failed its document)
    ("误差仅万分之一。", [("PERCENT", "万分之一", share(0.01))]),
    ("概率為十萬分之一。", [("PERCENT", "十萬分之一", share(0.001))]),
    ("含量约百万分之三。", [("PERCENT", "约百万分之三", share(0.0003, approx="about"))]),
    ("零分之一不是分数。", []),
    ("利率僅為百分之零點五。", [("PERCENT", "百分之零點五", share(0.5))]),
    ("利率仅为百分之零点五。", [("PERCENT", "百分之零点五", share(0.5))]),
    ("約三分之二的選民支持。", [("PERCENT", "約三分之二", share(66.666667, approx="about"))]),
    ("逾百分之六十的受訪者。", [("PERCENT", "逾百分之六十", share(60, approx="over"))]),
    ("逾百分之六十的受访者。", [("PERCENT", "逾百分之六十", share(60, approx="over"))]),
    ("增長了5.3個百分點。", [("PERCENT", "5.3個百分點", points(5.3))]),
    ("增长了5.3个百分点。", [("PERCENT", "5.3个百分点", points(5.3))]),
    ("下降零點五個百分點。", [("PERCENT", "零點五個百分點", points(0.5))]),
    ("出口下降0.8％。", [("PERCENT", "0.8％", share(0.8))]),
    ("降水偏少5—7成。", [("PERCENT", "5—7成", share(50, high=70))]),
    ("七八成的受訪者支持。", [("PERCENT", "七八成", share(70, high=80))]),
    ("可可約占出口總額的三成至四成。", [("PERCENT", "三成至四成", share(30, high=40))]),
    ("加拿大約四分之三的出口銷往美國。", [("PERCENT", "約四分之三", share(75, approx="about"))]),
    ("近七成民眾支持。", [("PERCENT", "近七成", share(70, approx="nearly"))]),
    ("三成以上的企業", [("PERCENT", "三成以上", share(30, approx="over"))]),
    ("占比百分之五到百分之十。", [("PERCENT", "百分之五到百分之十", share(5, high=10))]),
    ("30%來自中國。", [("PERCENT", "30%", share(30))]),
    ("两国成立委员会，8成员国参加。", []),
]

QUANTITY_CASES = [
    ("300多輛坦克參演。", [("QUANTITY", "300多輛坦克", count(300, "tanks", "over"))]),
    ("300多辆坦克参演。", [("QUANTITY", "300多辆坦克", count(300, "tanks", "over"))]),
    ("逾百架戰機參演。", [("QUANTITY", "逾百架戰機", count(100, "aircraft", "over"))]),
    ("逾百架战机参演。", [("QUANTITY", "逾百架战机", count(100, "aircraft", "over"))]),
    ("1萬多名官兵參演。", [("QUANTITY", "1萬多名官兵", count(10_000, "soldiers", "over"))]),
    ("三百多名士兵參加。", [("QUANTITY", "三百多名士兵", count(300, "soldiers", "over"))]),
    ("三四百名士兵參演。", [("QUANTITY", "三四百名士兵", count(300, "soldiers", "about"))]),
    ("目前3000名美軍駐紮。", [("QUANTITY", "3000名", count(3000, "persons"))]),
    ("数千名士兵参加。", [("QUANTITY", "数千名士兵", count(1000, "soldiers", "over"))]),
    ("參演兵力逾萬人。", [("QUANTITY", "逾萬人", count(10_000, "persons", "over"))]),
    ("空軍出動上千架次。", [("QUANTITY", "上千架次", count(1000, "sorties", "over"))]),
    ("出動戰機300架次。", [("QUANTITY", "300架次", count(300, "sorties"))]),
    ("出动5艘驱逐舰。", [("QUANTITY", "5艘", count(5, "ships"))]),
    ("領海寬度為12海里。", [("QUANTITY", "12海里", count(12, "nmi"))]),
    ("接待遊客100萬人次。", [("QUANTITY", "100萬人次", count(1_000_000, "person-times"))]),
    ("朝鮮發射2枚導彈。", [("QUANTITY", "2枚導彈", count(2, "missiles"))]),
    ("兩名中國公民遇難。", [("QUANTITY", "兩名", count(2, "persons"))]),
    ("1萬人以上參加。", [("QUANTITY", "1萬人以上", count(10_000, "persons", "over"))]),
    ("鐵（11億7千萬噸）", [("QUANTITY", "11億7千萬噸", count(1_170_000_000, "t"))]),
    ("約1萬名官兵參加演習。", [("QUANTITY", "約1萬名官兵", count(10_000, "soldiers", "about"))]),
    ("年产量达100万吨。", [("QUANTITY", "100万吨", count(1_000_000, "t"))]),
    ("面積為1.2萬公頃。", [("QUANTITY", "1.2萬公頃", count(12_000, "ha"))]),
    ("国土面积156万平方公里。", [("QUANTITY", "156万平方公里", count(1_560_000, "km2"))]),
    ("人口約330萬人。", [("QUANTITY", "約330萬人", count(3_300_000, "persons", "about"))]),
    ("出动10艘军舰。", [("QUANTITY", "10艘军舰", count(10, "ships"))]),
    ("100辆多用途车辆", [("QUANTITY", "100辆", count(100, "vehicles"))]),
    ("中國推出千人計劃。", []),
    # ranges: the low end takes the high end's magnitude
    (
        "俄方派出3000至5000名士兵。",
        [("QUANTITY", "3000至5000名士兵", span_of(3000, 5000, "soldiers"))],
    ),
    ("三至五萬人參加。", [("QUANTITY", "三至五萬人", span_of(30000, 50000, "persons"))]),
    ("派出2-3艘军舰。", [("QUANTITY", "2-3艘军舰", span_of(2, 3, "ships"))]),
    ("俄方派出20架蘇-30戰機。", [("QUANTITY", "20架", count(20, "aircraft"))]),
    ("他在比賽中獲得第3名。", []),
    ("男單前6名", []),
    ("他獲得第3-5名。", []),  # the end of an ordinal range
    ("排名第三至五名", []),
    ("一架飛機失事。", []),  # 一 alone is the article
]


@pytest.mark.parametrize(("text", "expected"), DATE_CASES)
def test_dates(nlp, text, expected):
    assert values(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), MONEY_CASES)
def test_money(nlp, text, expected):
    assert values(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), PERCENT_CASES)
def test_percent(nlp, text, expected):
    assert values(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), QUANTITY_CASES)
def test_quantity(nlp, text, expected):
    assert values(nlp, text) == expected


def test_days_months_and_centuries_resolve_from_the_context_or_the_document():
    rules = ValueRules.from_path()
    text = Normalizer()(
        "2014年12月3日兩國會談，15日簽約。本月20日再談；今年初，當月底；上世紀90年代"
    )
    dates = [v for *_, label, v in rules.find(text) if label == "DATE"]
    resolve_dates(dates, 2025, 3)
    assert [(d.get("value") or (d["start"], d["end"]), d.get("mod")) for d in dates] == [
        ("2014-12-03", None),
        ("2014-12-15", None),  # the month last mentioned
        ("2025-03-20", None),  # 本月: the document's month
        ("2025", "start"),
        ("2025-XX", "end"),  # 當月 after a year without its month: unknown
        (("1990", "1999"), None),  # the century before the document's
    ]
    assert all(d["inferred"] for d in dates[1:]) and "inferred" not in dates[0]


def test_this_century_is_the_documents():
    [(*_, value)] = ValueRules.from_path().find("本世纪80年代初")
    resolve_dates([value], 1998)
    assert value == {"start": "1980", "end": "1989", "mod": "start", "inferred": True}


def test_today_resolves_from_the_documents_full_date_only():
    rules = ValueRules.from_path()
    found = [value for *_, value in rules.find("演习今天起至28日举行，昨天已有部队抵达。")]
    assert found == [
        {"value": "XXXX-XX-XX", "relative_day": 0},
        {"value": "XXXX-XX-28", "range_end": True},  # 至28日: a range's end (resolve_dates)
        {"value": "XXXX-XX-XX", "relative_day": -1},
    ]
    resolve_dates(found, 2023, 7, datetime.date(2023, 7, 24))
    assert [v["value"] for v in found] == ["2023-07-24", "2023-07-28", "2023-07-23"]
    assert not any("range_end" in v for v in found)  # a mark for the resolution only
    assert rules.find("今日俄罗斯电视台报道") == []


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        ("川普30日宣布與巴基斯坦達成協議。", datetime.date(2025, 8, 1), ["2025-07-30"]),
        ("雙方將於5日簽約。", datetime.date(2025, 8, 1), ["2025-08-05"]),
        ("演習周二（12月31日）開幕，將持續至1月13日。", datetime.date(2025, 1, 2),
         ["2024-12-31", "2025-01-13"]),
        ("條約3月1日生效。", datetime.date(2025, 1, 2), ["2025-03-01"]),
    ],
)  # fmt: skip
def test_a_day_or_month_day_far_past_the_documents_date_is_the_month_or_year_before(
    text, date, expected
):
    """A report of 8月1日 on what was said 30日 speaks of 7月30日; of 1月2日 on 12月31日, of
    the year before, and a range from it into January ends in the document's year."""
    found = [v for *_, label, v in ValueRules.from_path().find(text) if label == "DATE"]
    resolve_dates(found, date.year, date.month, date)
    assert [v["value"] for v in found] == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [("万", 1e4), ("十万", 1e5), ("两万三千", 23000), ("三千五百万", 3.5e7), ("一亿", 1e8),
     ("一万亿", 1e12), ("一百二十三", 123), ("二〇〇一", 2001), ("九十八点二", 98.2)],
)  # fmt: skip
def test_chinese_numbers_with_ten_thousands_and_hundred_millions(text, value):
    assert chinese_number(text) == pytest.approx(value)
