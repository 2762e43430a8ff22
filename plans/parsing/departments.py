"""Department names: 牵头单位/配合单位 lists and known names in prose."""

from __future__ import annotations

import re
from collections.abc import Iterable

from plans.parsing.results import DepartmentMention

_LEAD_LABELS = (
    "牵头责任单位", "主要责任单位", "牵头单位", "牵头部门", "主责单位", "主责部门", "主办单位",
)  # fmt: skip
# 责任单位 alone names the lead; under a 牵头 label it names the supporting departments.
_RESPONSIBLE_LABELS = ("责任单位", "责任部门", "责任主体")
_SUPPORT_LABELS = (
    "协同责任单位", "配合责任单位", "配合单位", "配合部门", "协办单位", "协办部门", "协同单位", "协作单位",
    "参与单位", "参与部门",
)  # fmt: skip
# A leader is a person (分管副区长), recorded as such and never assigned like a department.
_LEADER_LABELS = ("牵头负责领导", "牵头领导", "责任领导", "分管领导", "联系领导", "责任人")
_ALL_LABELS = sorted(_LEAD_LABELS + _RESPONSIBLE_LABELS + _SUPPORT_LABELS + _LEADER_LABELS, key=len, reverse=True)
_DEPT_LABEL_RE = re.compile(r"(?P<label>" + "|".join(_ALL_LABELS) + r")\s*[:：]\s*")
_LEAD_SEEN_RE = re.compile(r"(?:" + "|".join(_LEAD_LABELS) + r")\s*[:：]")
_DEPT_SPLIT_RE = re.compile(r"[、，,;；\s]+")
_NAME_STRIP = " \t\u3000。.：:“”\"'‘’《》【】[]"
_OPEN, _CLOSE = "(（【[", ")）】]"
_DEPT_SUFFIX_RE = re.compile(r"(?:政府|部门|单位|机关|局|委|办|院|厅|处|所|中心|街道|镇|乡|园区|管委会|公司|组)$")
# "（市政府各部门负责）", "（市司法局牵头，市发展改革委配合）": who does the sentence's work.
_DUTY_NOTE_RE = re.compile(r"[(（](?P<body>[^()（）]{2,120})[)）]")
_DUTY_PART_RE = re.compile(
    r"(?P<names>.+?)(?:按职责分工|按职责|分别|共同)?(?P<verb>牵头负责|牵头|负责|配合|参与|落实)$"
)


def _split_top_level(cell: str) -> list[str]:
    """Split on 、，,;； and spaces, but not inside brackets: 各县（市、区） stays whole."""
    parts, current, depth = [], [], 0
    for ch in cell:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and _DEPT_SPLIT_RE.fullmatch(ch):
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def split_department_list(cell: str) -> list[str]:
    """Split a department cell on 、，,;； newlines and spaces: "区司法局、区发展改革委，各街镇" → names.

    A collective stays whole: "各县、市、区政府" is one name (every county, city and district
    government), as is "各县（市、区）"."""
    if not isinstance(cell, str):
        return []
    names: list[str] = []
    open_collective = False
    for part in _split_top_level(cell):
        name = part.strip(_NAME_STRIP)
        if not name:
            continue
        if open_collective and len(name) <= 6:
            names[-1] += "、" + name
        else:
            names.append(name)
        # "各县" has no department ending yet: the names after it belong to the same collective.
        open_collective = names[-1].startswith("各") and not _DEPT_SUFFIX_RE.search(names[-1])
    return names


def _duty_notes(text: str) -> list[tuple[int, int, str, list[str]]]:
    """Parenthesised duty notes: (start, end, role, names)."""
    found = []
    for m in _DUTY_NOTE_RE.finditer(text):
        parts = [p.strip() for p in re.split(r"[，,；;]", m.group("body")) if p.strip()]
        matches = [_DUTY_PART_RE.fullmatch(p) for p in parts]
        if not parts or not all(matches):
            continue
        for part in matches:
            role = "support" if part.group("verb") in {"配合", "参与"} else "lead"
            found.append((m.start(), m.end(), role, split_department_list(part.group("names"))))
    return found


def _segment_end(segment: str) -> int:
    """Where a label's list ends: a full stop, or a closing bracket that was not opened in it."""
    depth = 0
    for index, ch in enumerate(segment):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                return index
            depth -= 1
        elif ch == "。":
            return index
    return len(segment)


def _known_set(department_names: Iterable[str]) -> set[str]:
    return {name.strip() for name in department_names if isinstance(name, str) and name.strip()}


def _name_regex(known: set[str]) -> re.Pattern | None:
    if not known:
        return None
    # Longest first so that 区司法局 wins over 司法局 at the same position.
    return re.compile("|".join(re.escape(name) for name in sorted(known, key=len, reverse=True)))


def _label_role(label: str, lead_seen: bool) -> str:
    if label in _LEADER_LABELS:
        return "leader"
    if label in _RESPONSIBLE_LABELS:
        return "support" if lead_seen else "lead"
    return "lead" if label in _LEAD_LABELS else "support"


def lead_label_in(text: str) -> bool:
    """Whether ``text`` has a 牵头单位-like label (so that a later 责任单位 names supporters)."""
    return bool(_LEAD_SEEN_RE.search(text))


def _find_departments(
    text: str, known: set[str], line: int, *, lead_seen: bool = False
) -> list[tuple[int, DepartmentMention]]:
    found: list[tuple[int, DepartmentMention]] = []
    explicit_spans: list[tuple[int, int]] = []
    labels = list(_DEPT_LABEL_RE.finditer(text))
    for index, m in enumerate(labels):
        stop = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        segment = text[m.end() : stop]
        segment = segment[: _segment_end(segment)]
        explicit_spans.append((m.start(), m.end() + len(segment)))
        role = _label_role(m.group("label"), lead_seen or lead_label_in(text[: m.start()]))
        for name in split_department_list(segment):
            if len(name) > 1 and name.endswith("等"):  # "区财政局等" lists 区财政局
                name = name[:-1]
            found.append((m.start(), DepartmentMention(name, role, role != "leader" and name in known, line)))
    label_spans = list(explicit_spans)
    for start, end, role, names in _duty_notes(text):
        if any(s <= start < e for s, e in label_spans):
            continue
        explicit_spans.append((start, end))
        found.extend((start, DepartmentMention(name, role, name in known, line)) for name in names)
    # Prose mentions: longest names first, no overlaps, outside the explicit lists.
    spans: list[tuple[int, int]] = list(explicit_spans)
    reported = {mention.name for _pos, mention in found}
    for name in sorted(known, key=len, reverse=True):
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            if all(end <= s or start >= e for s, e in spans):
                spans.append((start, end))
                if name not in reported:
                    reported.add(name)
                    found.append((start, DepartmentMention(name, "mentioned", True, line)))
            start = text.find(name, start + 1)
    found.sort(key=lambda item: item[0])
    return found


def find_departments(text: str, department_names: Iterable[str], line: int = 0) -> list[DepartmentMention]:
    """Departments in ``text``: explicit 牵头单位/责任单位 (lead) and 配合单位/协办单位 (support) lists,
    plus occurrences of ``department_names`` in prose (role "mentioned", each name once).

    Unknown names in explicit lists are kept with ``known=False``.
    """
    if not isinstance(text, str):
        return []
    return [mention for _pos, mention in _find_departments(text, _known_set(department_names), line)]
