"""Word (.docx): paragraphs with their automatic numbering resolved, tables read as tables.

Word numbers many documents itself: "一、" and "（一）" come from numbering.xml (through the
paragraph's numPr or its style's), not from the text. They are rendered here as Word shows them,
so that a document reads the same whether its numbers are typed or automatic.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from plans.parsing.errors import PlanParseError
from plans.parsing.tables import Cell, table_lines


@dataclass
class _Level:
    start: int
    fmt: str
    text: str


_CN_DIGITS = "〇一二三四五六七八九"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip


def _chinese_counting(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return "".join(_CN_DIGITS[int(d)] for d in str(n))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """A counter as Word renders it in the given numFmt (decimal, chineseCounting, …)."""
    if fmt in {"bullet", "none"}:
        return ""
    if fmt.startswith(("chineseCounting", "taiwaneseCounting", "chineseLegal", "ideographLegal", "japaneseCounting")):
        return _chinese_counting(n)
    if fmt == "ideographTraditional":
        return _HEAVENLY_STEMS[(n - 1) % 10]
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in {"lowerLetter", "upperLetter"}:
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in {"lowerRoman", "upperRoman"}:
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    return str(n)


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return None if child is None else child.get(qn("w:val"))


class Numbering:
    """numbering.xml and the numbering of styles: which label each numbered paragraph shows."""

    def __init__(self, document) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.style_base: dict[str, str] = {}
        self.level_style: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            for abstract in numbering.findall(qn("w:abstractNum")):
                levels = {}
                for lvl in abstract.findall(qn("w:lvl")):
                    ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                    start = _val(lvl, "w:start")
                    levels[ilvl] = _Level(int(start) if start else 1, _val(lvl, "w:numFmt") or "decimal",
                                          _val(lvl, "w:lvlText") or "")  # fmt: skip
                    if (style := _val(lvl, "w:pStyle")) is not None:
                        self.level_style[style] = (abstract.get(qn("w:abstractNumId")), ilvl)
                self.abstract[abstract.get(qn("w:abstractNumId"))] = levels
            for num in numbering.findall(qn("w:num")):
                overrides = {}
                for override in num.findall(qn("w:lvlOverride")):
                    start = _val(override, "w:startOverride")
                    if start is not None:
                        overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start)
                self.nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId"), overrides)
        for style in document.styles.element.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if (base := _val(style, "w:basedOn")) is not None:
                self.style_base[style_id] = base
            num_pr = style.find(qn("w:pPr") + "/" + qn("w:numPr"))
            if num_pr is not None:
                ilvl = _val(num_pr, "w:ilvl")
                self.style_num[style_id] = (_val(num_pr, "w:numId"), int(ilvl) if ilvl else None)

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self.style_num:
                return self.style_num[style_id]
            style_id = self.style_base.get(style_id)
        return None, None

    def label(self, p) -> str:
        """The label Word shows before paragraph ``p`` ("一、", "（二）", "3."), or ""."""
        ppr = p.find(qn("w:pPr"))
        style_id = _val(ppr, "w:pStyle")
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id, ilvl = (_val(num_pr, "w:numId"), _val(num_pr, "w:ilvl")) if num_pr is not None else (None, None)
        level = int(ilvl) if ilvl is not None else None
        if num_id is None:
            num_id, style_level = self._style_numbering(style_id)
            level = level if level is not None else style_level
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if level is None:
            linked = self.level_style.get(style_id or "")
            level = linked[1] if linked and linked[0] == abstract_id else 0
        if level not in levels:
            return ""
        # Lists share their counters through the abstract numbering unless they restart it.
        key = f"num:{num_id}" if overrides else f"abstract:{abstract_id}"
        counters = self.counters.setdefault(key, {})
        if level in counters:
            counters[level] += 1
        else:
            counters[level] = overrides.get(level, levels[level].start)
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]  # a higher level restarts the levels below it
        text = levels[level].text
        for k in range(9, -1, -1):
            token = f"%{k + 1}"
            if token in text:
                if k in levels:
                    value = counters.get(k, overrides.get(k, levels[k].start))
                    text = text.replace(token, format_number(value, levels[k].fmt))
                else:
                    text = text.replace(token, "")
        return "" if levels[level].fmt in {"bullet", "none"} else text


def _grid(table: Table) -> list[list[Cell]]:
    tcs = [[cell._tc for cell in row.cells] for row in table.rows]
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    grid = []
    for r, row in enumerate(tcs):
        cells = []
        for c, tc in enumerate(row):
            above = r > 0 and c < len(tcs[r - 1]) and tcs[r - 1][c] is tc
            left = c > 0 and row[c - 1] is tc
            cells.append(Cell(texts[r][c], above=above, left=left))
        grid.append(cells)
    return grid


def _blocks(element):
    for child in element.iterchildren():
        if child.tag in {qn("w:p"), qn("w:tbl")}:
            yield child
        elif child.tag == qn("w:sdt"):  # content controls wrap ordinary paragraphs
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)


def docx_lines(data: bytes) -> list[tuple[str, str]]:
    """The document's lines with their origins ("第3段", "表1第2行"); numbering labels included."""
    try:
        document = docx.Document(io.BytesIO(data))
        numbering = Numbering(document)
        lines: list[tuple[str, str]] = []
        paragraph_no = table_no = 0
        for block in _blocks(document.element.body):
            if block.tag == qn("w:tbl"):
                table_no += 1
                lines.extend(table_lines(_grid(Table(block, document)), f"表{table_no}"))
                continue
            paragraph_no += 1
            text = Paragraph(block, document).text
            label = numbering.label(block) if text.strip() else ""
            for index, part in enumerate(text.split("\n")):
                lines.append(((label if index == 0 else "") + part, f"第{paragraph_no}段"))
        return lines
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PlanParseError("无法读取 .docx 文件（文件损坏或不是 Word 文档）") from exc
    except Exception as exc:  # python-docx raises many kinds of errors on broken packages
        raise PlanParseError("无法读取 .docx 文件") from exc
