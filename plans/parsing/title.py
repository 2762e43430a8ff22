"""The plan's title and years."""

from __future__ import annotations

import re

from plans.parsing.text import _CN_DIGITS, _norm

_RANGE_TITLE_RE = re.compile(r"((?:19|20)\d{2})\s*年?\s*[-—–－~～至到]+\s*((?:19|20)\d{2})")
_FIVE_YEAR_RE = re.compile(r"十([一二三四五六七八九])五")
_YEAR_TITLE_RE = re.compile(r"((?:19|20)\d{2})\s*年")


def _years_from_title(title: str) -> tuple[int, int] | None:
    norm = _norm(title)
    m = _RANGE_TITLE_RE.search(norm)
    if m:
        start, end = int(m.group(1)), int(m.group(2))
        if 0 <= end - start <= 10:
            return start, end
    m = _FIVE_YEAR_RE.search(norm)
    if m:
        start = 1981 + 5 * (10 + _CN_DIGITS[m.group(1)] - 6)  # the 6th plan was 1981-1985
        return start, start + 4
    m = _YEAR_TITLE_RE.search(norm)
    if m:
        year = int(m.group(1))
        return year, year
    return None


def _title_from_line(text: str) -> str:
    """A metadata table row ("| 名称 | …报告 |") gives its 名称 cell; any other line is the title."""
    if text.startswith("|"):
        cells = [cell.strip() for cell in text.strip("|").split("|")]
        for index, cell in enumerate(cells):
            if cell in {"名称", "标题", "文件名称", "题目"}:
                for value in cells[index + 1 :]:
                    if value:
                        return value
    return text
