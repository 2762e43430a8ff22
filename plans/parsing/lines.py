"""Line classification: numbering markers, page furniture, near-markers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plans.parsing.text import _CN_MARKER_RE, _norm, _number_of

_DIGITS = "0-9０-９"
_CN = "一二三四五六七八九十"
# "一、2024年…" is a chapter, but "一.5" is not.
_CHAPTER_RE = re.compile(rf"(?P<num>[{_CN}]{{1,3}})\s*(?:、|[．.](?![{_DIGITS}]))")
_ZHANG_RE = re.compile(rf"第\s*(?P<num>[{_CN}]{{1,3}}|[{_DIGITS}]{{1,3}})\s*(?P<punct>章|部分|篇)")
_CLAUSE_RE = re.compile(rf"[(（]\s*(?P<num>[{_CN}]{{1,3}})\s*[)）]")
_ITEM_RE = re.compile(rf"(?P<num>[{_DIGITS}]{{1,3}})\s*(?P<punct>[.．、])(?![{_DIGITS}])")
_SUBITEM_RE = re.compile(rf"[(（]\s*(?P<num>[{_DIGITS}]{{1,3}})\s*[)）]")
# Shapes that look like a marker but fit no level: 1) 1）, "(十一" without ")", "四 标题", 第一节.
_NEAR_MARKER_RE = re.compile(
    rf"(?:[(（]\s*(?:[{_CN}]{{1,3}}(?![{_CN}])|[{_DIGITS}]{{1,3}}(?![{_DIGITS}]))(?!\s*[)）])"
    rf"|[{_DIGITS}]{{1,3}}\s*[)）]"
    rf"|[{_CN}]{{1,3}}[ \t\u3000]+(?=[^\s{_CN}])"
    rf"|第\s*[{_CN}{_DIGITS}]{{1,3}}\s*(?:章|节|部分|篇))"
)
_RANK = {"chapter": 0, "clause": 1, "item": 2, "subitem": 3}

_FURNITURE_RES = [
    re.compile(p)
    for p in (
        r"附件\s*[0-9一二三四五六七八九十]*\s*[:：.、]?.{0,80}",
        r"附[:：].{0,80}",
        r".{0,10}二维码.{0,10}",
        r"扫一扫.{0,30}",
        r"【?\s*打印本?页?\s*】?\s*(?:【?\s*关闭(?:窗口|本页)?\s*】?)?",
        r"【?\s*关闭(?:窗口|本页)\s*】?",
        r"(?:返回|回到)顶部",
        r"分享到.{0,40}",
        r"【?\s*字[体号]\s*[:：].{0,12}",
        r"(?:当前位置|您当前的位置|您现在的位置)\s*[:：]?.{0,80}",
        r"(?:上一篇|下一篇)\s*[:：]?.{0,80}",
        r"(?:浏览次数|访问量|阅读次数|点击数)\s*[:：]?.{0,20}",
        r"(?:信息)?来源\s*[:：].{0,80}",
        r"发布(?:时间|日期)\s*[:：].{0,40}",
        r"责任编辑\s*[:：].{0,20}",
        r"[-—–－]+\s*\d{1,3}\s*[-—–－]+",
        r"第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?",
        r"\d{1,3}\s*/\s*\d{1,3}",
        r"[(（]此件.{0,20}[)）]",
    )
]
_DATE_LINE_RE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_ORG_LINE_RE = re.compile(r"[\u4e00-\u9fff（）()]{2,30}(?:政府|委员会|局|委|办公室|办|院|中心|厅|部|署|小组|公司|协会)")


@dataclass
class _Marker:
    kind: str
    number: int
    label: str
    numeral: str
    rest: str


@dataclass
class _Line:
    no: int
    text: str
    marker: _Marker | None = None
    furniture: bool = False
    signature: bool = False
    near_marker: bool = False


def _match_marker(text: str, allow_zhang: bool) -> _Marker | None:
    """Recognise a numbering marker at the start of an already stripped line."""
    candidates = [("clause", _CLAUSE_RE), ("subitem", _SUBITEM_RE), ("chapter", _CHAPTER_RE), ("item", _ITEM_RE)]
    if allow_zhang:
        candidates.insert(0, ("chapter", _ZHANG_RE))
    for kind, pattern in candidates:
        m = pattern.match(text)
        if not m:
            continue
        numeral = m.group("num")
        if kind in {"chapter", "clause"} and not numeral.isdigit() and not _CN_MARKER_RE.fullmatch(numeral):
            return None
        rest = text[m.end() :].lstrip(" \t\u3000、.．:：")
        return _Marker(kind, _number_of(numeral), m.group(0).strip(), numeral, rest.strip())
    return None


def _is_furniture(text: str) -> bool:
    if len(text) > 100:
        return False
    norm = _norm(text)
    return any(p.fullmatch(norm) for p in _FURNITURE_RES)
