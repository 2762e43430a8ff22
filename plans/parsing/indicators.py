"""Quantitative indicators (不少于4人, 全覆盖) read into targets and units."""

from __future__ import annotations

import re

from plans.parsing.results import Indicator
from plans.parsing.text import _cn_to_int, _norm

_NUM = r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
_UNIT = (
    r"(?P<unit>%|个工作日|工作日|学时|课时|小时|人次|场次|户次|期次|万元|亿元|万人|元|人|名|个|项|次|期|场|家|件|所|户|份"
    r"|条|篇|批|支|座|处|天|日|周|倍|届|轮|类|种|套|台|辆|间|平方米|公里|亩|吨|岁|年)"
)
_COMPARATOR = (
    r"(?P<comp>不少于|不低于|不超过|不高于|不多于|不大于|不小于|至少(?:[\u4e00-\u9fff]{1,3}?)?|最多|达到|超过|高于|低于"
    r"|少于|多于|控制在|保持在|提高到|提高至|提升到|提升至|达)"
)
_TAIL = r"(?P<tail>及以上|以上|以下|以内)"
_INDICATOR_RES = [
    re.compile(_COMPARATOR + r"\s*" + _NUM + r"\s*" + _UNIT + _TAIL + "?"),
    re.compile(r"(?<![0-9.零〇一二两三四五六七八九十百千万])" + _NUM + r"\s*" + _UNIT + _TAIL),
    re.compile(r"(?<![0-9.])(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%)"),
    re.compile(r"全覆盖"),
]


def _number(text: str) -> float | int | None:
    if re.fullmatch(r"\d+\.\d+", text):
        value = float(text)
        return int(value) if value.is_integer() else value
    return _cn_to_int(text)


def _scan_indicators(text: str, line: int) -> list[Indicator]:
    norm = _norm(text)
    taken: list[tuple[int, int, Indicator]] = []
    for pattern in _INDICATOR_RES:
        for m in pattern.finditer(norm):
            start, end = m.span()
            if any(start < e and end > s for s, e, _ in taken):
                continue
            if "num" in pattern.groupindex:
                target = _number(m.group("num"))
                unit = m.group("unit")
                if target is None:
                    continue
            else:  # 全覆盖 is read as a 100% target
                target, unit = 100, "%"
            taken.append((start, end, Indicator(text[start:end], target, unit, line)))
    return [indicator for _s, _e, indicator in sorted(taken, key=lambda item: item[0])]
