"""What a parse returns: units, deadlines, indicators, department mentions and warnings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

LEVELS = ("chapter", "clause", "item", "subitem")


@dataclass
class Deadline:
    """A date found in the text; ``recurring`` is None, "yearly", "quarterly" or "term"."""

    date: datetime.date
    phrase: str
    line: int
    needs_confirmation: bool = False
    recurring: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {
            "date": self.date.isoformat(),
            "phrase": self.phrase,
            "line": self.line,
            "needs_confirmation": self.needs_confirmation,
            "recurring": self.recurring,
        }


@dataclass
class Indicator:
    """A quantity such as 不少于4人: ``target`` 4, ``unit`` "人"."""

    text: str
    target: float | int | None
    unit: str
    line: int

    def to_dict(self) -> dict:
        """JSON-ready form (without the line, as the plan JSON defines it)."""
        return {"text": self.text, "target": self.target, "unit": self.unit}


@dataclass
class DepartmentMention:
    """A department named in a unit; ``role`` is "lead", "support" or "mentioned"."""

    name: str
    role: str
    known: bool
    line: int

    def to_dict(self) -> dict:
        """JSON-ready form (without the line, as the plan JSON defines it)."""
        return {"name": self.name, "role": self.role, "known": self.known}


@dataclass
class ParseWarning:
    """Something a person should check; ``message`` is Chinese, for users."""

    line: int
    code: str
    message: str

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"line": self.line, "code": self.code, "message": self.message}


@dataclass
class Unit:
    """One numbered unit; ``parent`` is the parent's number as written without brackets."""

    level: str
    number: int
    label: str
    parent: str | None
    heading: str
    body: str
    line: int
    end_line: int
    deadlines: list[Deadline] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    departments: list[DepartmentMention] = field(default_factory=list)
    # Where the unit came from: "第3页第5行", "表1第2行", "第12段" or "第40行".
    source: str = ""

    def to_dict(self) -> dict:
        """JSON-ready form (body, source and end_line are not part of the plan JSON: the import
        command adds body and source to its own output)."""
        return {
            "level": self.level,
            "number": self.number,
            "label": self.label,
            "parent": self.parent,
            "heading": self.heading,
            "line": self.line,
            "deadlines": [d.to_dict() for d in self.deadlines],
            "indicators": [i.to_dict() for i in self.indicators],
            "departments": [d.to_dict() for d in self.departments],
        }


@dataclass
class ParsedPlan:
    """The parse result; ``preamble`` holds the unnumbered text between the title and the first unit."""

    title: str
    encoding: str
    years: tuple[int, int]
    units: list[Unit]
    warnings: list[ParseWarning]
    preamble: str = ""
    # A web page's metadata block (发文机关, 文号, 成文日期 …): never the title or the years.
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def source_label(self) -> str:
        """What the preview says of the file: its kind, and a text file's encoding."""
        kinds = {"docx": "Word 文档", "html": "网页文件", "pdf": "PDF 文档"}
        return kinds.get(self.encoding) or f"文本文件（{self.encoding.upper()} 编码）"

    def counts(self) -> dict:
        """Number of units per level plus deadlines ("milestones") and indicators."""
        per_level = {level: 0 for level in LEVELS}
        for unit in self.units:
            per_level[unit.level] += 1
        return {
            "chapters": per_level["chapter"],
            "clauses": per_level["clause"],
            "items": per_level["item"],
            "subitems": per_level["subitem"],
            "milestones": sum(len(u.deadlines) for u in self.units),
            "indicators": sum(len(u.indicators) for u in self.units),
        }

    def to_dict(self) -> dict:
        """JSON-ready form of the whole plan."""
        return {
            "plan_id": None,
            "title": self.title,
            "encoding": self.encoding,
            "years": [self.years[0], self.years[1]],
            "counts": self.counts(),
            "units": [u.to_dict() for u in self.units],
            "warnings": [w.to_dict() for w in self.warnings],
        }
