"""Where a unit's heading ends and its body begins."""

from __future__ import annotations

import re

from plans.parsing.departments import _DEPT_LABEL_RE
from plans.parsing.lines import _Line, _Marker
from plans.parsing.text import _norm

_COMMAS = "，,"
_GENERIC_DEPT_RE = re.compile(r"(?:区|市|县|省|镇|街道)[\u4e00-\u9fff]{1,10}?(?:委员会|办公室|局|委|办|院|厅)")
_BODY_CUE_RE = re.compile(
    r"由|会同|负责|按照|根据|依据|各级|各街镇|各部门|各有关|进一步|力争|(?:到|至)?(?:19|20)\d{2}\s*年"
)


def _title_like(text: str) -> bool:
    """Short, no sentence punctuation, at most one comma joining two short phrases."""
    if not 1 <= len(text) <= 40 or any(ch in text for ch in "。；;：:!！?？"):
        return False
    parts = re.split(r"[，,]", text)
    if len(parts) == 1:
        return True
    return len(parts) == 2 and all(2 <= len(part.strip()) <= 20 for part in parts)


def _balanced(text: str) -> bool:
    return all(text.count(a) == text.count(b) for a, b in ("()", "（）", "《》", "“”", "【】"))


def _runon_cut(text: str, name_re: re.Pattern | None) -> int | None:
    """Where a heading written without a full stop runs into the body (做好…评估工作区司法局会同…)."""
    window = _norm(text[:60])
    candidates: set[int] = set()
    for pattern in (name_re, _GENERIC_DEPT_RE, _BODY_CUE_RE):
        if pattern is not None:
            candidates.update(m.start() for m in pattern.finditer(window))
    for pos in sorted(candidates):
        if not 4 <= pos <= 40:
            continue
        prefix = text[:pos]
        if any(ch in prefix for ch in _COMMAS) or not _title_like(prefix) or not _balanced(prefix):
            return None  # a comma before the cut means prose, not a run-on heading
        if _GENERIC_DEPT_RE.search(prefix) or (name_re is not None and name_re.search(prefix)):
            return None  # the text starts with a department: it is a sentence, not a heading
        return pos
    return None


def _space_cut(text: str) -> int | None:
    """Heading and body separated by whitespace, as when line breaks were lost ("存在问题分析 2021年…")."""
    m = re.search(r"[ \t\u3000\xa0]+", text)
    if m and 2 <= m.start() <= 40 and _title_like(text[: m.start()]) and not text[: m.start()].isascii():
        return m.start()
    return None


def _split_heading(
    marker: _Marker, content: list[_Line], name_re: re.Pattern | None, inline: bool
) -> tuple[str, str, list[_Line], bool]:
    """Return (heading, rest of the marker line, body lines, heading_ran_into_body).

    ``inline`` is set for documents that were split at markers inside long lines: there a
    space usually stands for a lost line break between heading and body.
    """
    rest = marker.rest
    space = _space_cut(rest)
    if inline and space is not None:
        return rest[:space], rest[space:].strip(), content, False
    if not rest:
        # Marker alone on its line: a short next line is the heading.
        first_line = content[0].text if content else ""
        short = first_line and "。" not in first_line.rstrip("。") and len(first_line) <= 40
        if short and not _DEPT_LABEL_RE.match(first_line):
            return first_line.rstrip("。 "), "", content[1:], False
        return "", "", content, False
    if marker.kind == "chapter" and "。" not in rest.rstrip("。"):
        return rest.rstrip("。"), "", content, False
    if "。" in rest:
        first, remainder = rest.split("。", 1)
        if _title_like(first.strip()):
            return first.strip(), remainder.strip(), content, False
        head, _sep, _tail = first.partition("：") if "：" in first else first.partition(":")
        if _sep and _title_like(head.strip()) and not _DEPT_LABEL_RE.match(first) and len(head) <= 20:
            return head.strip(), rest[len(head) + 1 :].strip(), content, False
    else:
        has_body = any(not _DEPT_LABEL_RE.match(line.text) for line in content)
        if has_body or _title_like(rest):
            return rest, "", content, False
    if space is not None:
        return rest[:space], rest[space:].strip(), content, False
    cut = _runon_cut(rest, name_re)
    if cut is not None:
        return rest[:cut].strip(), rest[cut:].strip(), content, True
    clause = _clause_heading(rest)
    if clause is not None:
        return clause[0], clause[1], content, False
    return "", rest, content, False


# A long first sentence still names its subject in its first clause ("深化行政执法体制改革，…").
_CLAUSE_END_RE = re.compile(r"[，,；;。]")
MAX_CLAUSE_HEADING = 30


def _first_clause_cut(text: str) -> int | None:
    """Where the first clause of a long first sentence ends, when it is short enough to be a heading."""
    m = _CLAUSE_END_RE.search(text)
    if m is None or not 4 <= m.start() <= MAX_CLAUSE_HEADING:
        return None
    head = text[: m.start()]
    if not _balanced(head) or _DEPT_LABEL_RE.match(head) or ":" in head or "：" in head:
        return None
    return m.start()


_TIME_ONLY_RE = re.compile(r"(?:到|至|力争|争取)?\s*(?:19|20)\d{2}\s*年[底末前内]*")


def _clause_heading(text: str) -> tuple[str, str] | None:
    """(heading, body) from the first clause; a clause that is only a year ("2022年，全市…") names
    no subject, so the next clause is the heading and the body keeps the whole sentence."""
    cut = _first_clause_cut(text)
    if cut is None:
        return None
    if _TIME_ONLY_RE.fullmatch(_norm(text[:cut]).strip()):
        rest = text[cut + 1 :]
        second = _first_clause_cut(rest)
        if second is None:
            return None
        return rest[:second].strip(), text
    return text[:cut].strip(), text[cut + 1 :].strip()
