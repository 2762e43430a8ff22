"""Parse a Chinese government plan document into a tree of numbered units.

Input is a five-year plan (规划), an implementation scheme (实施方案) or a yearly task split
(重点工作任务分解) as plain text, .docx or .html. Output is a :class:`ParsedPlan`: the numbered
units (chapters ``一、``, clauses ``(一)``, items ``1.``, subitems ``(1)``) with their headings,
bodies, deadlines, quantitative indicators and department names, plus warnings that carry line
numbers so that a person can check what the parser was unsure about.

Decisions worth knowing:

* Levels are named after the marker kind, never after depth: a task split numbered only ``1.``
  yields ``item`` units without parents. ``第一章`` headings count as chapters, but only in
  documents that have no ``一、`` chapters (otherwise they are reported as unrecognised text).
* Traditional-character documents are converted to simplified characters (OpenCC ``t2s`` via
  opencc-purepy) before parsing, so headings and bodies come back in simplified characters.
* ``全覆盖`` is an indicator with target 100 and unit ``%``.
* "The current plan year" (for ``年内`` / ``年底前`` without a year) is ``years[0]``; when the plan
  spans several years such a deadline is marked ``needs_confirmation``.
* ``Unit.end_line`` is the last line of the unit's own text, not of its children.
* Only :class:`PlanParseError` escapes the public functions for any input document.

The module is pure Python (no Django) so that importers and tests can use it anywhere.

The package has one module per concern (reading, lines, headings, deadlines, departments, …); the
names below are its public interface.
"""

from plans.parsing.deadlines import parse_deadline
from plans.parsing.departments import find_departments, split_department_list
from plans.parsing.errors import DocumentTooLarge, PlanParseError
from plans.parsing.parser import parse_document, parse_text
from plans.parsing.reading import SourceText, decode_bytes, load_document, read_document, sniff_utf16
from plans.parsing.results import Deadline, DepartmentMention, Indicator, ParsedPlan, ParseWarning, Unit
from plans.parsing.text import chinese_number, normalize_code

__all__ = [
    "Deadline",
    "DepartmentMention",
    "DocumentTooLarge",
    "Indicator",
    "ParseWarning",
    "ParsedPlan",
    "PlanParseError",
    "SourceText",
    "Unit",
    "chinese_number",
    "decode_bytes",
    "find_departments",
    "load_document",
    "normalize_code",
    "parse_deadline",
    "parse_document",
    "parse_text",
    "read_document",
    "sniff_utf16",
    "split_department_list",
]
