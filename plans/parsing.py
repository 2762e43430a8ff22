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
"""

from __future__ import annotations

import calendar
import datetime
import html.parser
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

__all__ = [
    "Deadline",
    "DepartmentMention",
    "Indicator",
    "ParseWarning",
    "ParsedPlan",
    "PlanParseError",
    "Unit",
    "chinese_number",
    "decode_bytes",
    "find_departments",
    "parse_deadline",
    "parse_document",
    "parse_text",
    "read_document",
    "split_department_list",
]


class PlanParseError(Exception):
    """The one documented error: file unreadable / undecodable, empty document, no numbered units found."""


# ---------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------


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

    def to_dict(self) -> dict:
        """JSON-ready form (body and end_line are not part of the plan JSON)."""
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

    @property
    def source_label(self) -> str:
        """What the preview says of the file: its kind, and a text file's encoding."""
        if self.encoding == "docx":
            return "Word 文档"
        if self.encoding == "html":
            return "网页文件"
        return f"文本文件（{self.encoding.upper()} 编码）"

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


LEVELS = ("chapter", "clause", "item", "subitem")

# ---------------------------------------------------------------------------
# Small text helpers
# ---------------------------------------------------------------------------

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM_CHARS = "〇零一二两三四五六七八九十百千万"
# Length-preserving normalisation: full-width digits and symbols to ASCII so that regexes can
# work on a normalised copy while phrases are sliced from the original text at the same offsets.
_FULLWIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
_CN_YEAR_RE = re.compile(r"[〇零一二三四五六七八九]{4}(?=\s*年)")
_YEAR_DIGIT = str.maketrans("〇零一二三四五六七八九", "00123456789")

# Marker numerals: 一 … 九十九 written the usual way.
_CN_MARKER_RE = re.compile(
    r"(?:[一二三四五六七八九]|十[一二三四五六七八九]?|[二三四五六七八九]十[一二三四五六七八九]?)"
)


def _norm(text: str) -> str:
    """Return ``text`` with ASCII digits (also for 二〇二二年) — always the same length as ``text``."""
    text = text.translate(_FULLWIDTH)
    return _CN_YEAR_RE.sub(lambda m: m.group(0).translate(_YEAR_DIGIT), text)


def _cn_to_int(text: str) -> int | None:
    """Convert a Chinese numeral (两, 十二, 一百二十, 三万) or ASCII digits to int; None if malformed."""
    text = text.translate(_FULLWIDTH)
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_NUM_CHARS for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and ch not in "〇零":
                return None  # "一二" is not a number
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def _number_of(numeral: str) -> int:
    """Marker numeral (Chinese or digits, any width) to int."""
    value = _cn_to_int(numeral)
    return 0 if value is None else value


_TRAD_CONVERTER = None


def _to_simplified(lines: list[str]) -> tuple[list[str], bool]:
    """Convert traditional characters line by line when the text is clearly traditional.

    Simplified text is left alone: OpenCC would still rewrite a few characters (著 → 着).
    """
    global _TRAD_CONVERTER
    han = sum(1 for line in lines for ch in line if "\u4e00" <= ch <= "\u9fff")
    if not han:
        return lines, False
    try:
        if _TRAD_CONVERTER is None:
            from opencc_purepy import OpenCC

            _TRAD_CONVERTER = OpenCC("t2s")
        converted = [_TRAD_CONVERTER.convert(line) if line else line for line in lines]
    except Exception:  # a converter failure must not stop parsing
        return lines, False
    changed = sum(
        sum(1 for a, b in zip(old, new, strict=False) if a != b) for old, new in zip(lines, converted, strict=True)
    )
    if changed >= 2 and changed >= 0.05 * han:
        return converted, True
    return lines, False


# ---------------------------------------------------------------------------
# Reading bytes and files
# ---------------------------------------------------------------------------


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _plausible_share(text: str) -> float:
    good = sum(
        1
        for ch in text
        if ch in "\n\t"
        or " " <= ch <= "~"
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
    )
    return good / max(len(text), 1)


def _sniff_utf16(data: bytes) -> str | None:
    """Decode BOM-less UTF-16 when one byte order gives plausible Chinese or ASCII text."""
    if len(data) % 2:
        return None
    best, best_share = None, 0.0
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = _plausible_share(text)
        if "\x00" not in text and share > best_share:
            best, best_share = text, share
    return best if best_share >= 0.9 else None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file: strict UTF-8 (BOM or not), UTF-16 with BOM, GB18030, then charset-normalizer.

    Bytes containing NUL are first tried as BOM-less UTF-16, because Chinese UTF-16 is often
    also valid (but meaningless) UTF-8. Returns ``(text, encoding)`` with CRLF normalised to LF;
    raises :class:`PlanParseError` when no decoder fits.
    """
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Text never contains NUL, UTF-16 nearly always does (and may be "valid" UTF-8 too).
        sniffed = _sniff_utf16(data)
        if sniffed is not None:
            return _normalise_newlines(sniffed), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return _normalise_newlines(data[3:].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return _normalise_newlines(data.decode("utf-8")), "utf-8"
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _normalise_newlines(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return _normalise_newlines(data.decode("gb18030")), "gb18030"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            return _normalise_newlines(str(best)), best.encoding
    except Exception:  # the last resort must not raise its own errors
        pass
    raise PlanParseError("无法识别文档编码")


def _docx_lines(data: bytes) -> list[str]:
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    previous = None
                    for cell in row.cells:
                        if cell._tc is previous:  # a merged cell repeats across the row
                            continue
                        previous = cell._tc
                        lines.extend(cell.text.split("\n"))
            else:
                lines.extend(block.text.split("\n"))
        return lines
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PlanParseError("无法读取 .docx 文件（文件损坏或不是 Word 文档）") from exc
    except Exception as exc:  # python-docx raises many kinds of errors on broken packages
        raise PlanParseError("无法读取 .docx 文件") from exc


_HTML_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip
_HTML_SKIP = {"script", "style", "noscript", "template", "head", "title"}


class _HTMLText(html.parser.HTMLParser):
    """Collect text with one line per block element, dropping scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.pre = 0

    def _flush(self) -> None:
        text = "".join(self.current)
        self.current = []
        if self.pre:
            self.lines.extend(part.strip() for part in text.split("\n"))
        else:
            self.lines.append(" ".join(text.split()))

    def handle_starttag(self, tag, attrs):
        if tag in _HTML_SKIP:
            self.skip += 1
        elif tag in _HTML_BLOCKS:
            self._flush()
            if tag == "pre":
                self.pre += 1

    def handle_endtag(self, tag):
        if tag in _HTML_SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _HTML_BLOCKS:
            self._flush()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)


def _html_lines(text: str) -> list[str]:
    try:
        parser = _HTMLText()
        parser.feed(text)
        parser.close()
        parser._flush()
    except Exception as exc:  # html.parser may assert on pathological markup
        raise PlanParseError("无法读取 HTML 文件") from exc
    # Drop runs of empty lines that block nesting creates, keep single blank separators.
    lines: list[str] = []
    for line in parser.lines:
        if line or (lines and lines[-1]):
            lines.append(line)
    return lines


_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


def read_document(data: bytes, filename: str) -> tuple[str, str]:
    """Read .txt / .docx / .html / .htm bytes into text with one paragraph per line.

    Returns ``(text, encoding)`` where encoding is the text codec, or "docx" / "html".
    Raises :class:`PlanParseError` for anything unreadable or an unsupported file type.
    """
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".docx":
        return "\n".join(_docx_lines(data)), "docx"
    if suffix in {".html", ".htm"}:
        text, _encoding = decode_bytes(data)
        return "\n".join(_html_lines(text)), "html"
    if suffix in _TEXT_SUFFIXES:
        return decode_bytes(data)
    raise PlanParseError(f"不支持的文件类型：{suffix}（请上传 .txt、.docx 或 .html 文件）")


# ---------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Departments
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Line classification
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Headings
# ---------------------------------------------------------------------------

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
    return "", rest, content, False


# ---------------------------------------------------------------------------
# Plan years and title
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------

_INLINE_SPLIT_RE = re.compile(
    rf"[ \t\u3000]+(?=(?:[{_CN}]{{1,3}}、|[(（][{_CN}]{{1,3}}[)）]"
    rf"|[{_DIGITS}]{{1,2}}[.．、](?![{_DIGITS}])|[(（][{_DIGITS}]{{1,2}}[)）]))"
)


def _make_lines(raw_lines: list[tuple[int, str]]) -> list[_Line]:
    lines = [_Line(no, text.strip()) for no, text in raw_lines]
    has_chapters = any(_CHAPTER_RE.match(line.text) for line in lines)
    for line in lines:
        if not line.text:
            continue
        line.marker = _match_marker(line.text, allow_zhang=not has_chapters)
        if line.marker is None:
            if _is_furniture(line.text):
                line.furniture = True
            elif _NEAR_MARKER_RE.match(line.text) or _CHAPTER_RE.match(line.text) or _CLAUSE_RE.match(line.text):
                line.near_marker = True
    return lines


def _mark_signature(lines: list[_Line]) -> None:
    """A closing "宿城区人民政府 / 2020年12月28日" is a signature, not part of the last unit."""
    tail = [line for line in lines if line.text and not line.furniture]
    if not tail or tail[-1].marker or not _DATE_LINE_RE.fullmatch(_norm(tail[-1].text)):
        return
    tail[-1].signature = True
    for line in reversed(tail[:-1][-2:]):
        if line.marker or not _ORG_LINE_RE.fullmatch(line.text):
            break
        line.signature = True


def _numbering_warnings(units: list[tuple[Unit, int | None]]) -> list[ParseWarning]:
    """Gaps and repeats relative to the previous sibling, allowing restart-per-parent or continuous schemes."""
    warnings: list[ParseWarning] = []
    siblings: dict[tuple[str, int | None], tuple[int, set[int]]] = {}
    last_of_level: dict[str, int] = {}
    for unit, parent_index in units:
        key = (unit.level, parent_index)
        n = unit.number
        if key in siblings:
            prev, seen = siblings[key]
            if n in seen:
                warnings.append(
                    ParseWarning(unit.line, "numbering_duplicate", f"编号重复：{unit.label} 与前面的同级编号相同")
                )
            elif n > prev + 1:
                warnings.append(
                    ParseWarning(
                        unit.line, "numbering_gap", f"编号不连续：{unit.label} 之前缺少第 {prev + 1}–{n - 1} 号"
                    )
                )
            elif n < prev:
                warnings.append(
                    ParseWarning(unit.line, "numbering_gap", f"编号顺序异常：{unit.label} 排在第 {prev} 号之后")
                )
            seen.add(n)
            siblings[key] = (n, seen)
        else:
            last = last_of_level.get(unit.level)
            if n != 1 and (last is None or n != last + 1):
                if last is not None and n == last:
                    warnings.append(
                        ParseWarning(unit.line, "numbering_duplicate", f"编号重复：{unit.label} 与上一个同级编号相同")
                    )
                else:
                    expected = "第 1 号" if last is None else f"第 1 号或第 {last + 1} 号"
                    warnings.append(
                        ParseWarning(unit.line, "numbering_gap", f"编号不连续：{unit.label} 处应为{expected}")
                    )
            siblings[key] = (n, {n})
        last_of_level[unit.level] = n
    return warnings


def _collect(
    raw_lines: list[tuple[int, str]],
    *,
    encoding: str,
    years: tuple[int, int] | None,
    known: set[str],
    title: str | None,
    inline: bool = False,
) -> ParsedPlan:
    lines = _make_lines(raw_lines)
    first_marker = next((i for i, line in enumerate(lines) if line.marker), None)
    if first_marker is None:
        raise PlanParseError("未找到编号条目")
    _mark_signature(lines)
    warnings: list[ParseWarning] = []
    for line in lines:
        if line.furniture:
            warnings.append(ParseWarning(line.no, "page_furniture", f"页面附属内容，未计入正文：{line.text[:40]}"))
        elif line.signature:
            warnings.append(ParseWarning(line.no, "page_furniture", f"文末落款或日期，未计入正文：{line.text[:40]}"))
        elif line.near_marker:
            warnings.append(
                ParseWarning(line.no, "unrecognised_text", f"疑似编号但无法识别层级，已并入上文：{line.text[:40]}")
            )

    # Title and preamble: unnumbered text before the first unit.
    head = [line for line in lines[:first_marker] if line.text and not line.furniture]
    found_title = ""
    if head:
        candidate = _title_from_line(head[0].text)
        # A long first paragraph (a report that starts with prose) is preamble, not a title.
        if len(candidate) <= 80 and "。" not in candidate.rstrip("。"):
            found_title = candidate
            head = head[1:]
    title = title if title is not None else found_title
    preamble = "\n".join(line.text for line in head if not line.text.startswith("|"))

    # Group each marker line with the unnumbered lines that follow it.
    groups: list[tuple[_Line, list[_Line]]] = []
    for line in lines[first_marker:]:
        if line.marker:
            groups.append((line, []))
        elif line.text and not line.furniture and not line.signature:
            groups[-1][1].append(line)

    if years is None:
        years = _years_from_title(title)
    if years is None:
        found_years = sorted(
            d.date.year
            for marker_line, content in groups
            for line in [marker_line, *content]
            for d in _scan_deadlines(line.text, None, line.no, cell=False, explicit_only=True)
        )
        if found_years:
            start, end = found_years[0], found_years[-1]
            years = (start, end) if end - start <= 10 else (end, end)
        else:
            years = _default_years()

    name_re = _name_regex(known)
    units: list[Unit] = []
    parents: list[int | None] = []
    stack: list[int] = []
    for marker_line, content in groups:
        marker = marker_line.marker
        assert marker is not None
        rank = _RANK[marker.kind]
        while stack and _RANK[units[stack[-1]].level] >= rank:
            stack.pop()
        parent_index = stack[-1] if stack else None
        heading, first_body, body_lines, ran_on = _split_heading(marker, content, name_re, inline)
        if ran_on:
            warnings.append(
                ParseWarning(
                    marker_line.no,
                    "heading_no_full_stop",
                    f"标题后缺少句号，已在“{heading}”之后断开，请核对标题",
                )
            )
        body = "\n".join(([first_body] if first_body else []) + [line.text for line in body_lines])
        unit = Unit(
            level=marker.kind,
            number=marker.number,
            label=marker.label,
            parent=None if parent_index is None else _parent_numeral(units[parent_index]),
            heading=heading,
            body=body,
            line=marker_line.no,
            end_line=content[-1].no if content else marker_line.no,
        )
        mentions: list[DepartmentMention] = []
        seen: set[tuple[str, str]] = set()
        for line_no, text in [(marker_line.no, marker.rest)] + [(line.no, line.text) for line in content]:
            unit.deadlines.extend(_scan_deadlines(text, years, line_no, cell=False))
            unit.indicators.extend(_scan_indicators(text, line_no))
            for _pos, mention in _find_departments(text, known, line_no):
                key = (mention.name, "named" if mention.role == "mentioned" else mention.role)
                if key not in seen:
                    seen.add(key)
                    mentions.append(mention)
        explicit = {m.name for m in mentions if m.role != "mentioned"}
        unit.departments = [m for m in mentions if m.role != "mentioned" or m.name not in explicit]
        unit.deadlines = _dedupe_deadlines(unit.deadlines)
        units.append(unit)
        parents.append(parent_index)
        stack.append(len(units) - 1)

    warnings.extend(_numbering_warnings(list(zip(units, parents, strict=True))))
    warnings.sort(key=lambda w: w.line)
    return ParsedPlan(title=title, encoding=encoding, years=years, units=units, warnings=warnings, preamble=preamble)


def _parent_numeral(parent: Unit) -> str:
    # The numeral as written ("十一", "3"), i.e. the label without brackets and punctuation.
    m = re.search(rf"[{_CN}{_DIGITS}]+", parent.label)
    return m.group(0) if m else parent.label


def _dedupe_deadlines(deadlines: list[Deadline]) -> list[Deadline]:
    seen: set[tuple] = set()
    result = []
    for d in deadlines:
        key = (d.date, d.recurring, d.needs_confirmation, d.phrase if d.recurring is None else "")
        if key not in seen:
            seen.add(key)
            result.append(d)
    return result


def parse_text(
    text: str,
    *,
    encoding: str = "utf-8",
    years: tuple[int, int] | None = None,
    department_names: Iterable[str] = (),
    title: str | None = None,
) -> ParsedPlan:
    """Parse decoded document text into a :class:`ParsedPlan`.

    ``years`` is the plan span; without it the title decides (十四五 → 2021–2025, "2021-2025",
    "2024年…" → 2024), else the deadlines found, else the current year. ``department_names`` are the
    names to look for in prose and to mark explicit names as known. Traditional characters are
    converted to simplified ones, so headings and bodies come back simplified. Line numbers are
    1-based lines of ``text``. Raises :class:`PlanParseError` for an empty document ("文档为空") or
    a document without numbered units ("未找到编号条目").
    """
    if not isinstance(text, str):
        raise PlanParseError("文档不是文本")
    text = _normalise_newlines(text)
    if not text.strip():
        raise PlanParseError("文档为空")
    try:
        known = _known_set(department_names)
        plan_years = _clean_years(years)
        raw, _converted = _to_simplified(text.split("\n"))
        numbered = list(enumerate(raw, start=1))
        try:
            return _collect(numbered, encoding=encoding, years=plan_years, known=known, title=title)
        except PlanParseError:
            # A document pasted as one long line ("… 一、… (一)… 1.…") gets split at its markers.
            split = [(no, part) for no, line in numbered for part in _INLINE_SPLIT_RE.split(line)]
            if len(split) == len(numbered):
                raise
            return _collect(split, encoding=encoding, years=plan_years, known=known, title=title, inline=True)
    except PlanParseError:
        raise
    except Exception as exc:  # the contract: nothing but PlanParseError for any document
        raise PlanParseError("文档解析失败") from exc


def parse_document(data: bytes, filename: str, **kwargs) -> ParsedPlan:
    """Read bytes with :func:`read_document` and parse them with :func:`parse_text` (same keyword arguments)."""
    text, encoding = read_document(data, filename)
    kwargs.setdefault("encoding", encoding)
    return parse_text(text, **kwargs)


def chinese_number(text: str) -> int | None:
    """A numeral as people write it in a table cell (九, 五十八, 58, ５８) as int; None if it is not one."""
    return _cn_to_int(text.strip())


def normalize_code(value: str) -> str | None:
    """Clause codes as tables write them.

    "(九)", "（九）", "九", "第九条", "9", "9.0" → "9"; "9.2" / "9-2" → "9.2" (an item); "C2", "C2.3"
    (a chapter's own task; clause 3 of chapter 2 where chapters restart their numbering) stay."""
    compact = re.sub(r"\s+", "", str(value or "")).upper()
    if re.fullmatch(r"C\d+(\.\d+)*", compact):
        return compact
    text = re.sub(r"[\s()（）第条、.．]+$", "", re.sub(r"^[\s(（第]+", "", str(value or "")))
    text = text.replace("（", "").replace("）", "").replace("(", "").replace(")", "")
    if not text:
        return None
    if re.fullmatch(r"\d+\.0", text):  # Excel stores 9 as 9.0
        text = text[:-2]
    parts = re.split(r"[.．\-－]", text)
    numbers = [chinese_number(part) for part in parts]
    if any(n is None or n <= 0 for n in numbers):
        return None
    return ".".join(str(n) for n in numbers)
