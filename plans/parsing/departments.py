"""Department names: 牵头单位/配合单位 lists and known names in prose."""

from __future__ import annotations

import re
from collections.abc import Iterable

from plans.parsing.results import DepartmentMention

_LEAD_LABELS = ("牵头单位", "牵头部门", "责任单位", "责任部门", "主责单位", "主责部门", "主办单位", "责任主体")
_SUPPORT_LABELS = ("配合单位", "配合部门", "协办单位", "协办部门", "协同单位", "协作单位", "参与单位", "参与部门")
_DEPT_LABEL_RE = re.compile(r"(?P<label>" + "|".join(_LEAD_LABELS + _SUPPORT_LABELS) + r")\s*[:：]\s*")
_DEPT_SPLIT_RE = re.compile(r"[、，,;；\s]+")
_NAME_STRIP = " \t\u3000。.：:“”\"'‘’《》【】[]"


def split_department_list(cell: str) -> list[str]:
    """Split a department cell on 、，,;； newlines and spaces: "区司法局、区发展改革委，各街镇" → names."""
    if not isinstance(cell, str):
        return []
    names = (part.strip(_NAME_STRIP) for part in _DEPT_SPLIT_RE.split(cell))
    return [name for name in names if name]


def _known_set(department_names: Iterable[str]) -> set[str]:
    return {name.strip() for name in department_names if isinstance(name, str) and name.strip()}


def _name_regex(known: set[str]) -> re.Pattern | None:
    if not known:
        return None
    # Longest first so that 区司法局 wins over 司法局 at the same position.
    return re.compile("|".join(re.escape(name) for name in sorted(known, key=len, reverse=True)))


def _find_departments(text: str, known: set[str], line: int) -> list[tuple[int, DepartmentMention]]:
    found: list[tuple[int, DepartmentMention]] = []
    explicit_spans: list[tuple[int, int]] = []
    labels = list(_DEPT_LABEL_RE.finditer(text))
    for index, m in enumerate(labels):
        stop = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        segment = text[m.end() : stop]
        cut = re.search(r"[)）】\]。]", segment)
        if cut:
            segment = segment[: cut.start()]
        explicit_spans.append((m.start(), m.end() + len(segment)))
        role = "lead" if m.group("label") in _LEAD_LABELS else "support"
        for name in split_department_list(segment):
            if len(name) > 1 and name.endswith("等"):  # "区财政局等" lists 区财政局
                name = name[:-1]
            found.append((m.start(), DepartmentMention(name, role, name in known, line)))
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
