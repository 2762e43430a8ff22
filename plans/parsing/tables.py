"""Tables in Word, HTML and PDF documents: task tables (任务分工表) read row by row into numbered
units, other tables read cell by cell.

A task table is recognised by its header row (序号 | 重点任务 | 落实措施 | 牵头单位 | 配合单位 |
完成时限 | 备注, with their synonyms). Each data row becomes one line the text parser reads like a
typed unit: "1. 重点任务。落实措施。牵头单位：…。配合单位：…。完成时限：…。". Merged cells are
carried down to the rows they span, once: a row whose 序号 cell continues the one above adds its
own cells to the unit above instead of repeating its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plans.parsing.text import _cn_to_int


@dataclass
class Cell:
    """One grid position; ``above``/``left`` mark the continuation of a cell merged from there."""

    text: str
    above: bool = False
    left: bool = False


# Column synonyms, longest first within each role so that 牵头责任单位 is not read as 责任单位.
_COLUMNS = {
    "number": ("序号", "编号", "序"),
    "task": ("重点任务", "部署任务", "主要任务", "工作任务", "任务名称", "重点工作", "目标任务", "改革任务", "任务事项", "任务"),
    "measures": (
        "落实措施", "具体措施", "工作措施", "主要措施", "推进措施", "工作举措", "具体举措", "具体内容", "工作内容",
        "任务内容", "具体任务", "主要内容", "任务要求", "工作要求", "工作目标", "内容",
    ),
    "leader": ("牵头负责领导", "牵头领导", "责任领导", "分管领导", "责任市领导", "责任区领导"),
    "lead": ("牵头责任单位", "牵头单位", "牵头部门", "主责单位", "主责部门", "牵头"),
    "support": ("协同责任单位", "配合责任单位", "配合单位", "配合部门", "协同单位", "协办单位", "参与单位", "参与部门", "配合"),
    "responsible": ("责任单位", "责任部门", "责任主体", "主体责任单位"),
    "deadline": ("完成时限", "完成时间", "时间节点", "时限要求", "完成期限", "进度安排", "时间安排", "时限"),
    "note": ("备注",),
}  # fmt: skip


def _column_role(text: str) -> str | None:
    key = re.sub(r"[\s（）()]+", "", text)
    for role, names in _COLUMNS.items():
        if key in names:
            return role
    return None


def header_roles(row: list[Cell]) -> list[str | None] | None:
    """The role of each column when ``row`` is a task table's header row, else None."""
    roles = [None if cell.left else _column_role(cell.text) for cell in row]
    found = {role for role in roles if role}
    has_content = found & {"task", "measures"}
    has_duty = found & {"lead", "responsible", "support", "deadline"}
    if not (has_content and has_duty and len(found) >= 3):
        return None
    # A 责任单位 column is the lead unless a 牵头 column is there too.
    lead_column = "lead" in found
    return [("support" if lead_column else "lead") if role == "responsible" else role for role in roles]


def _merge_header(first: list[str | None], second: list[Cell]) -> list[str | None]:
    """A two-row header (责任单位 over 牵头 | 配合): the lower row names the columns it has."""
    merged = []
    for role, cell in zip(first, second, strict=False):
        lower = None if cell.above else _column_role(cell.text)
        if lower == "responsible":
            lower = "lead"
        merged.append(lower or role)
    return merged


_CN_INDEX = "一二三四五六七八九十"


def _chinese(number: int) -> str:
    if number <= 10:
        return _CN_INDEX[number - 1]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else _CN_INDEX[tens - 1]) + "十" + (_CN_INDEX[ones - 1] if ones else "")


_CJK_BREAK_RE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def _clean(text: str) -> str:
    # A cell wraps Chinese text anywhere: a line break between two Chinese characters is no space.
    return " ".join(_CJK_BREAK_RE.sub("", text).split()).strip().rstrip("。；;")


def _number_marker(value: str, fallback: int) -> str:
    value = _clean(value).strip("、.．")
    if re.fullmatch(r"[(（][一二三四五六七八九十]{1,3}[)）]", value):
        return value
    if re.fullmatch(r"[一二三四五六七八九十]{1,3}", value):
        return f"{value}、"
    number = _cn_to_int(value) if value else None
    return f"{number if number else fallback}."


def _duty_text(roles: list[str | None], row: list[Cell], *, skip_carried: bool) -> list[str]:
    labels = {"lead": "牵头单位", "support": "配合单位", "leader": "牵头负责领导", "deadline": "完成时限"}
    parts: list[str] = []
    for role, label in labels.items():
        values = [
            _clean(cell.text)
            for r, cell in zip(roles, row, strict=False)
            if r == role and not cell.left and not (skip_carried and cell.above) and _clean(cell.text)
        ]
        if values:
            parts.append(f"{label}：{'、'.join(values)}")
    return parts


def _cells(roles: list[str | None], row: list[Cell], role: str, *, skip_carried: bool = False) -> str:
    values = [
        _clean(cell.text)
        for r, cell in zip(roles, row, strict=False)
        if r == role and not cell.left and not (skip_carried and cell.above)
    ]
    return "；".join(value for value in values if value)


def task_table_lines(grid: list[list[Cell]], where: str) -> list[tuple[str, str]] | None:
    """The lines of a task table as ``(text, origin)``, or None when ``grid`` is no task table.

    ``where`` names the table in origins ("表2" → "表2第3行")."""
    header_at = next((i for i, row in enumerate(grid[:3]) if header_roles(row)), None)
    if header_at is None:
        return None
    roles = header_roles(grid[header_at])
    assert roles is not None
    body_from = header_at + 1
    if body_from < len(grid) and all(c.above or c.left or _column_role(c.text) for c in grid[body_from]):
        roles = _merge_header(roles, grid[body_from])
        body_from += 1
    has_measures = "measures" in roles and "task" in roles
    task_col = roles.index("task") if "task" in roles else None
    lines: list[tuple[str, str]] = []
    group_count = 0
    row_count = 0
    for index, row in enumerate(grid[body_from:], start=body_from + 1):
        origin = f"{where}第{index}行"
        distinct = {_clean(c.text) for c in row if not c.left}
        texts = [_clean(c.text) for c in row if not c.left and _clean(c.text)]
        if not texts:
            continue
        if len([c for c in row if not c.left]) == 1 or len(distinct) == 1:
            lines.append((texts[0], origin))  # a section row across the whole table (一、…)
            continue
        if all(_column_role(t) for t in texts):
            continue  # a header repeated on a new page
        number_cells = [c for r, c in zip(roles, row, strict=False) if r == "number"]
        continued = bool(number_cells) and number_cells[0].above
        if continued or (not number_cells and row_count and all(c.above for c in row[:1])):
            # The same unit as the row above: only what this row adds, merged cells not repeated.
            extra = [_cells(roles, row, "task", skip_carried=True), _cells(roles, row, "measures", skip_carried=True)]
            extra += _duty_text(roles, row, skip_carried=True)
            text = "。".join(part for part in extra if part)
            if text:
                lines.append((text + "。", origin))
            continue
        task_cell = row[task_col] if task_col is not None else None
        # A 重点任务 cell merged over rows with numbers of their own groups them under one heading.
        number_col = roles.index("number") if "number" in roles else None
        spans = (
            has_measures
            and task_cell is not None
            and index < len(grid)
            and grid[index][task_col].above
            and not task_cell.above
            # The next row has a number of its own (else it is this unit's continuation).
            and (number_col is None or not grid[index][number_col].above)
        )
        if spans:
            group_count += 1
            lines.append((f"（{_chinese(group_count)}）{_cells(roles, row, 'task')}", origin))
        row_count += 1
        marker = _number_marker(number_cells[0].text if number_cells else "", row_count)
        if has_measures and (spans or (task_cell is not None and task_cell.above)):
            heading, body = _cells(roles, row, "measures"), ""
        else:
            heading = _cells(roles, row, "task") or _cells(roles, row, "measures")
            body = _cells(roles, row, "measures") if _cells(roles, row, "task") else ""
        parts = [heading, body, *_duty_text(roles, row, skip_carried=False), _cells(roles, row, "note")]
        lines.append((marker + "。".join(part for part in parts if part) + "。", origin))
    return lines


def plain_table_lines(grid: list[list[Cell]], where: str) -> list[tuple[str, str]]:
    """Any other table: each cell's text once (merged cells are not repeated), row by row."""
    lines: list[tuple[str, str]] = []
    for index, row in enumerate(grid, start=1):
        for cell in row:
            if cell.left or cell.above:
                continue
            lines.extend((part, f"{where}第{index}行") for part in cell.text.split("\n"))
    return lines


def table_lines(grid: list[list[Cell]], where: str) -> list[tuple[str, str]]:
    """A table's lines with their origins: a task table row by row, any other cell by cell."""
    return task_table_lines(grid, where) or plain_table_lines(grid, where)
