"""Who signs an agreement, when it is no state: a company, a bureau, an association, a
province or a city, the two sides of a contract. Such an agreement is a contract, no
treaty (treaty.find leaves a note of it, so that the document's completion knows its name
and its sides said again)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span

from pipeline.nlp.events.passage import Passage, is_state
from pipeline.nlp.events.rules import EventRules

if TYPE_CHECKING:
    from pipeline.nlp.events.component import EventMentions

PLACE_OR_BODY = ("LOC", "GPE", "ORG")  # who may sign: a place, its government, a body
# how far before an unnamed agreement's sentence a contract makes its 双方 the contract's
# two sides, in characters (a sentence or two)
CONTRACT_REACH = 200
MAX_BODY_NAME = 20  # characters a signing body's name may hold before its 协会, 公司 …
VENUE_REACH = 12  # how far before a place the 在 of the venue it lies in may stand (在美國華府)


def signed_by_no_states(
    mentions: EventMentions,
    p: Passage,
    anchor: tuple[int, int, bool],
    parties: list[str],
    sentence: tuple[int, int],
) -> bool:
    """Whether who signs the agreement at `anchor` (its start, end, whether it is unnamed) is no
    state: a company or a bureau before it (公安局与某公司签署…协议, 该集团与乌兹别克斯坦能源部
    签署…备忘录: a ministry and a company), companies as the verb's subject (两国企业还签署
    了…商业协议), a province or a city (云南省与泰国清迈府), a company among its parties
    (美國商務部與台積電簽署…備忘錄), or the two sides (双方) of a contract said just before
    or in the same sentence (签署…总承包合同。根据合同，…双方同时签署了…备忘录; 双方此前已
    签署框架协议，本次合同为…), or a business's kind of agreement (股东协议). An agreement
    of the gazetteer is never one."""
    rules = mentions.rules
    start, end, unnamed = anchor
    if any(e.kb_id_ in mentions.treaty_forms for e in p.mentions.within(start, end)):
        return False  # a known agreement of states (ECFA), whoever speaks of it: 民進黨政府不會廢除
    if unnamed and p.search(rules.commercial_kind, start, end):
        return True  # 特许协议和股东协议: a business's kinds of agreement
    clause = p.clauses.around(start)
    signers = sentence if not parties else clause if len(parties) == 1 else None
    company = p.search(rules.company_subject, clause[0], start)  # 两国企业还签署了…
    if (company is not None and not _representing(mentions, p, company.start())) or (
        signers
        and (
            _non_state_signer(mentions, p, signers[0], start)
            or _subnational_signer(rules, p, max(signers[0], clause[0]), start, end)
        )
    ):
        return True
    if mentions.companies.intersection(parties) or any(
        e.kb_id_ in mentions.companies for e in p.mentions.within(clause[0], start)
    ):
        return True
    if len(parties) >= 2 and _subnational_subject(rules, p, clause[0], start):
        return True  # 广东省政府…与香港特区政府、澳门特区政府…签署: a province's
    return (
        unnamed
        and len(parties) < 2
        and p.search(rules.group, *clause) is not None
        and p.search(rules.contract, max(0, sentence[0] - CONTRACT_REACH), sentence[1]) is not None
    )


def _non_state_signer(mentions: EventMentions, p: Passage, low: int, high: int) -> bool:
    """Whether a company, a bureau, an association … signs in [low, high): one of
    non_state_signatories, not inside the name of a body that signs for its state
    (美國在台協會 for the United States: `represents`)."""
    found = p.search(mentions.rules.non_state, low, high)
    while found is not None:
        if not _representing(mentions, p, found.start(), low):
            return True
        found = mentions.rules.non_state.search(p.norm, found.end(), high)
    return False


def _representing(mentions: EventMentions, p: Passage, at: int, low: int = 0) -> bool:
    """Whether `at` lies inside the name of a body that signs for its state (美國在台協會,
    俄罗斯国家航天集团: `represents`), which its 协会 or 集团 does not make a company."""
    return any(
        e.kb_id_ in mentions.represents and e.start_char <= at < e.end_char
        for e in p.mentions.within(max(low, at - MAX_BODY_NAME), at + 1)
    )


def _subnational_signer(rules: EventRules, p: Passage, low: int, name: int, high: int) -> bool:
    """Whether a province or a city signs in [low, high) (云南省与泰国清迈府签署…协议, 青岛市
    与…哈利法克斯市签署…协议书, 广西壮族自治区人民政府与…): a place that is no state,
    or its government, named with a suffix of a subdivision, not where it is signed
    (在北京市签署); inside the agreement's name (from `name`) only as one of those that open
    it, not what it is about (《交收東三省條約》)."""
    return any(
        _subdivision_signer(rules, p, e, e.label_ == "ORG")
        and (e.start_char <= name or p.norm[e.start_char - 1] in rules.joiners)
        for e in p.mentions.within(low, high)
    )


def _subdivision_signer(rules: EventRules, p: Passage, e: Span, government: bool) -> bool:
    """Whether a mention is a province or a city, or its government when `government`, that
    signs: no state, not a territory's (香港特區政府), not where it is signed (在北京市)."""
    return (
        e.label_ in PLACE_OR_BODY
        and not is_state(e)
        and _subdivision(rules, e._.text_norm, government)
        and p.norm[e.start_char - 1 : e.start_char] not in rules.venue_prepositions
        and not p.states.any_within(e.start_char, e.end_char)
        and not _in_venue(rules, p, e)  # 在美國華府…簽署
    )


def _in_venue(rules: EventRules, p: Passage, e: Span) -> bool:
    """Whether a mention lies in the venue phrase of a signing (在美國華府…總部簽署)."""
    venue = rules.location.search(p.norm, max(0, e.start_char - VENUE_REACH), e.end_char + 40)
    return venue is not None and venue.start(1) <= e.start_char < venue.end(1)


def _subnational_subject(rules: EventRules, p: Passage, low: int, high: int) -> bool:
    """Whether the first place or body named in [low, high), the clause's subject, is a
    province or a city or its government (广东省政府已…与香港特区政府、澳门特区政府…签署):
    an agreement within a state, whichever territories sign with it."""
    first = next(
        (
            e
            for e in p.mentions.within(low, high)
            if e.label_ in PLACE_OR_BODY
            and p.norm[e.start_char - 1 : e.start_char] not in rules.venue_prepositions
        ),
        None,
    )  # not where it is signed (在瓜地馬拉市…簽署)
    # 广东省政府, not 清政府 (the Qing's, whose 府 is no prefecture)
    government = first is not None and first._.text_norm.endswith("政府")
    return first is not None and _subdivision_signer(rules, p, first, government)


def _subdivision(rules: EventRules, name: str, government: bool) -> bool:
    """Whether a place's name, or its government's (广西壮族自治区人民政府), is a
    subdivision's: not a federation's or a region's (联邦政府, 大湖地区)."""
    if government:
        place = name.removesuffix("人民政府").removesuffix("政府")
        if place == name:
            return False
        name = place
    return name.endswith(rules.subdivision_suffixes) and not name.endswith(rules.not_subdivisions)
