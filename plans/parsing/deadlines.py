"""Deadline phrases (2022年年底前, 每年, 任期内…) read into dates."""

from __future__ import annotations

import calendar
import datetime
import re

from plans.parsing.errors import PlanParseError
from plans.parsing.results import Deadline
from plans.parsing.text import _cn_to_int, _norm

_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])\s*[日号]"
_DEADLINE_RE = re.compile(
    r"(?P<prefix>(?:力争|争取)?(?:截至|截止到?|到|至)\s*)?"
    r"(?P<y>(?:19|20)\d{2})\s*年"
    r"(?:\s*" + _MONTH + r"(?:\s*" + _DAY + r")?"
    r"(?P<mtail>\s*(?:底前|底以前|底之前|末前|前|以前|之前|底|末|内|中旬前|上旬前|下旬前))?"
    r"|(?P<ytail>\s*(?:年?底前|年?底以前|年?底之前|年?末前|年?底|年?末|年?内|以前|之前|前(?!后)"
    r"|上半年(?:前|底前|末)?|下半年(?:前|底前|末)?|(?:第)?[一二三四1-4]季度(?:末前|底前|末|底|前)?)))?"
)
# 年内 / 年底前 / 今年底 without a year: "the current plan year".
# The look-behind keeps out 三年内, 每年年底, 去年底, 青年内部, 半年内 and similar words.
_PLAN_YEAR_RE = re.compile(
    r"(?<![0-9〇零一二三四五六七八九十两几数每全去明往多近历前后上下同年青少老成童中周新半晚早逐整学财])(?:[今本当]年|年)度?(?:内|底前|底以前|底|末)"
)
# 每年12月底前 / 每年6月前: a yearly duty due at that month's end.
_YEARLY_MONTH_RE = re.compile(
    r"每(?:一)?年度?\s*(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月(?:底|末)?(?:前|以前|之前)?"
)
_PERIOD_RE = re.compile(
    r"(?:19|20)\d{2}\s*年?\s*[-—–－~～至到]+\s*(?P<end>(?:19|20)\d{2})\s*年?(?:底前|底|末|内|期间)?"
)
# A year at the very start of a sentence, followed by a comma ("2022年，全市…").
_SENTENCE_START_RE = re.compile(r"(?:^|[。；;！!？?：:\n])\s*(?:[(（]?[一二三四五六七八九十0-9]{1,3}[)）、.．]\s*)?$")
_COMMA_AFTER_RE = re.compile(r"\s*[，,]")
# A 完成时限 that names no date: the task is ongoing (checked every year, never "done").
ONGOING_RE = re.compile(r"持续推进|长期坚持|持续开展|长期推进|常态化(?:推进|开展)?|长期|持续")
_RECURRING_RE = re.compile(r"每(?:一)?(?P<what>年度?|季度?)")
_TERM_RE = re.compile(r"任期内[^。；;]{0,12}?[一1]次")
_NUMERIC_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[./-](?P<m>1[0-2]|0?[1-9])(?:[./-](?P<d>3[01]|[12]\d|0?[1-9]))?(?!\d)"
)
_RANGE_BEFORE_RE = re.compile(r"(?:19|20)\d{2}\s*年?\s*[-—–－~～至到]+\s*$")
_YEAR_END_RE = re.compile(r"(?:19|20)\d{2}\s*年?\s*$")
_RANGE_AFTER_RE = re.compile(r"\s*[-—–－~～至到]+\s*(?:19|20)\d{2}")
# Verbs that turn a bare "2023年" in prose into a deadline (中期评估2023年开展).
_CUE_AFTER_RE = re.compile(r"\s*(?:开展|完成|实现|建成|启动|出台|基本|全面|全部|建立|形成|达到)")
_TIME_LABEL_RE = re.compile(
    r"(?:完成时限|完成时间|完成期限|时间节点|时限要求|截止时间|截止日期|时间要求)\s*[:：]\s*(?P<value>[^)）】。；;]*)"
)
_QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _default_years() -> tuple[int, int]:
    year = datetime.date.today().year
    return year, year


def _span_years(years: tuple[int, int]) -> range:
    # A recurring duty is enumerated over at most 50 plan years: anything larger is nonsense input.
    start, end = years
    return range(start, min(end, start + 49) + 1)


def _scan_deadlines(
    text: str, years: tuple[int, int] | None, line: int, *, cell: bool, explicit_only: bool = False
) -> list[Deadline]:
    """Find deadline phrases in one line (``cell`` accepts bare years and numeric dates).

    ``explicit_only`` keeps only phrases that name their year (used to guess the plan span).
    """
    norm = _norm(text)
    found: list[tuple[int, int, list[Deadline]]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(start: int, end: int, deadlines: list[Deadline]) -> None:
        taken.append((start, end))
        if deadlines:
            found.append((start, end, deadlines))

    plan_years = years or _default_years()

    if not cell:
        # "完成时限：2024年6月" is read like a 完成时限 cell, bare dates included.
        for m in _TIME_LABEL_RE.finditer(norm):
            value = m.group("value")
            offset = m.start("value")
            items = _scan_deadlines(text[offset : offset + len(value)], years, line, cell=True)
            whole = _PERIOD_RE.fullmatch(_norm(value).strip())
            if not items and whole:
                # A 完成时限 of "2021—2025年" means the whole period: due at its end.
                date = datetime.date(int(whole.group("end")), 12, 31)
                items = [Deadline(date, value.strip(), line)]
            if not items and not explicit_only and ONGOING_RE.match(value.strip()):
                end_year = plan_years[1]
                items = [Deadline(datetime.date(end_year, 12, 31), value.strip(), line, recurring="ongoing")]
            if items:
                add(m.start(), m.end(), items)

    for m in _DEADLINE_RE.finditer(norm):
        if not free(*m.span()):
            continue
        start, end = m.span()
        y_start = m.start("y")
        year = int(m.group("y"))
        # Year ranges (2015-2020年, 2021年至2025年) name a period, not a deadline.
        before = norm[: m.start("prefix") if m.group("prefix") else y_start]
        range_end = _RANGE_BEFORE_RE.search(before) or (m.group("prefix") and _YEAR_END_RE.search(before))
        if range_end or (not (m.group("ytail") or m.group("m")) and _RANGE_AFTER_RE.match(norm, end)):
            add(start, end, [])
            continue
        phrase = text[start:end].strip()
        confirm = False
        if m.group("m"):
            month = _cn_to_int(m.group("m"))
            if not month or not 1 <= month <= 12:
                continue
            if m.group("d"):
                try:
                    date = datetime.date(year, month, int(m.group("d")))
                except ValueError:
                    continue
            else:
                date = _month_end(year, month)
            accepted = cell or bool(m.group("prefix")) or bool(m.group("mtail")) or bool(_CUE_AFTER_RE.match(norm, end))
        elif m.group("ytail"):
            tail = m.group("ytail").strip()
            if "上半年" in tail:
                date = datetime.date(year, 6, 30)
            elif "季度" in tail:
                quarter = _QUARTER_NUMBERS[re.search(r"[一二三四1-4]", tail).group(0)]
                date = _month_end(year, quarter * 3)
            else:
                date = datetime.date(year, 12, 31)
                # "2025年前" may mean "before 2025 starts" as well as "by the end of 2025".
                confirm = tail in {"前", "以前", "之前"}
            # "2022年上半年" in prose is often a reference; it is a deadline with 前/底 or a verb after it.
            period = "半年" in tail or "季度" in tail
            followed = re.match(r"\s*(?:前|底|末)", norm[end:]) or _CUE_AFTER_RE.match(norm, end)
            accepted = cell or bool(m.group("prefix")) or not period or bool(followed)
        else:
            date = datetime.date(year, 12, 31)
            # A bare year in prose is usually a reference ("2019年中共两办印发"), not a deadline.
            accepted = cell or bool(m.group("prefix")) or bool(_CUE_AFTER_RE.match(norm, end))
            if not cell and not m.group("prefix") and accepted:
                phrase = text[start : _CUE_AFTER_RE.match(norm, end).end()].strip()
            elif not accepted and _SENTENCE_START_RE.search(norm[:start]) and _COMMA_AFTER_RE.match(norm, end):
                # "2022年，全市新建…" opens a sentence with the year its target is due: inferred, so
                # a person confirms it.
                accepted, confirm = True, True
        if not accepted:
            add(start, end, [])
            continue
        add(start, end, [Deadline(date, phrase, line, needs_confirmation=confirm)])

    if cell:
        for m in _NUMERIC_DATE_RE.finditer(norm):
            if not free(*m.span()):
                continue
            year, month = int(m.group("y")), int(m.group("m"))
            try:
                date = datetime.date(year, month, int(m.group("d"))) if m.group("d") else _month_end(year, month)
            except ValueError:
                continue
            add(*m.span(), [Deadline(date, text[m.start() : m.end()], line)])

    if explicit_only:
        return [deadline for _s, _e, deadlines in sorted(found, key=lambda item: item[0]) for deadline in deadlines]

    for m in _PLAN_YEAR_RE.finditer(norm):
        if not free(*m.span()):
            continue
        start, end = plan_years
        add(*m.span(), [Deadline(datetime.date(start, 12, 31), text[m.start() : m.end()], line, end > start)])

    for m in _YEARLY_MONTH_RE.finditer(norm):
        if not free(*m.span()):
            continue
        month = _cn_to_int(m.group("m"))
        if not month or not 1 <= month <= 12:
            continue
        phrase = text[m.start() : m.end()]
        add(
            *m.span(),
            [Deadline(_month_end(y, month), phrase, line, recurring="yearly") for y in _span_years(plan_years)],
        )

    for m in _RECURRING_RE.finditer(norm):
        if not free(*m.span()):
            continue
        phrase = text[m.start() : m.end()]
        if m.group("what").startswith("年"):
            items = [
                Deadline(datetime.date(y, 12, 31), phrase, line, recurring="yearly") for y in _span_years(plan_years)
            ]
        else:
            items = [
                Deadline(_month_end(y, q * 3), phrase, line, recurring="quarterly")
                for y in _span_years(plan_years)
                for q in (1, 2, 3, 4)
            ]
        add(*m.span(), items)

    for m in _TERM_RE.finditer(norm):
        if not free(*m.span()):
            continue
        add(
            *m.span(),
            [Deadline(datetime.date(plan_years[1], 12, 31), text[m.start() : m.end()], line, recurring="term")],
        )

    found.sort(key=lambda item: item[0])
    return [deadline for _s, _e, deadlines in found for deadline in deadlines]


def parse_deadline(phrase: str, *, years: tuple[int, int] | None = None, line: int = 0) -> list[Deadline]:
    """Read a 完成时限 cell such as "2022年12月底前", "2024年底前", "2023年", "2024年6月", "2025年前".

    Bare years and numeric dates (2022-12-31, 2022.6) are accepted here, unlike in prose.
    Returns [] when nothing is understood ("持续推进", "长期坚持": the caller treats them as ongoing).
    ``years`` is the plan span for 每年 / 每季度 / 年内; without it the current year is used.
    """
    if not isinstance(phrase, str) or not phrase.strip():
        return []
    return _scan_deadlines(phrase, _clean_years(years), line, cell=True)


def _clean_years(years: tuple[int, int] | None) -> tuple[int, int] | None:
    if years is None:
        return None
    try:
        start, end = sorted((int(years[0]), int(years[1])))
    except (TypeError, ValueError, IndexError) as exc:
        raise PlanParseError("规划年份无效") from exc
    if start < 1900 or end > 2100:
        raise PlanParseError("规划年份无效")
    return start, end
