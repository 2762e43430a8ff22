"""PDF documents (as printed from Word or a 公文 system): text in reading order, lines joined into
paragraphs across line and page breaks, page numbers and running headers/footers dropped, tables
read as tables. Bounded: a page cap and a time budget per document.
"""

from __future__ import annotations

import io
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from plans.parsing.errors import DocumentTooLarge, PlanParseError
from plans.parsing.lines import _match_marker
from plans.parsing.tables import Cell, header_roles, table_lines, task_table_lines

MAX_PDF_PAGES = 300
# A plan of 50 pages reads in a few seconds; far more than that is not a plan (or is hostile).
MAX_PDF_SECONDS = 40.0
SCANNED = "扫描件无法识别文字，请上传文字版（由 Word 导出的 PDF 或 .docx）"

_PAGE_NUMBER_RE = re.compile(
    r"[-—–－−_~\s]*\d{1,4}[-—–－−_~\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
)
_SENTENCE_END = "。！？；：!?;:"
# Running headers and footers live in the top and bottom tenth of a page.
_MARGIN_SHARE = 0.1


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    no: int  # line number on its page, counting from 1

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, 1.0)


def _open(data: bytes):
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise _reason(exc) from exc


def _reason(exc: Exception) -> PlanParseError:
    chain = [exc, exc.__cause__, exc.__context__, *getattr(exc, "args", ())]
    if any(isinstance(e, PDFPasswordIncorrect | PDFEncryptionError) for e in chain) or "password" in repr(exc).lower():
        return PlanParseError("PDF 文件已加密（设有打开密码或限制），请先解除密码保护后再上传")
    return PlanParseError("无法读取 PDF 文件（文件损坏或不是 PDF）")


def _grid(table) -> list[list[Cell]]:
    """The table on a grid; a missing cell continues the merged cell above it or to its left."""
    rows = table.extract()
    bboxes = table.rows
    columns = table.columns
    grid: list[list[Cell]] = []
    for r, row in enumerate(rows):
        cells: list[Cell] = []
        for c, value in enumerate(row):
            if value is not None:
                cells.append(Cell(value))
                continue
            above = False
            if r > 0 and c < len(columns):
                x = (columns[c].bbox[0] + columns[c].bbox[2]) / 2
                top = bboxes[r].bbox[1]
                y = (top + bboxes[r].bbox[3]) / 2
                covering = [b for b in table.cells if b[0] <= x <= b[2] and b[1] <= y <= b[3]]
                above = any(b[1] < top - 1 for b in covering)
            if above:
                cells.append(Cell(grid[r - 1][c].text, above=True))
            else:
                cells.append(Cell(cells[-1].text if cells else "", left=bool(cells)))
        grid.append(cells)
    return grid


def _page_lines(page, page_no: int, table_boxes: list[tuple]) -> list[_Line]:
    def outside(obj) -> bool:
        x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
        y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in table_boxes)

    text_page = page.filter(outside) if table_boxes else page
    lines = []
    for no, line in enumerate(text_page.extract_text_lines(return_chars=False, x_tolerance=1.5), start=1):
        text = line["text"].strip()
        if text:
            lines.append(_Line(text, line["x0"], line["x1"], line["top"], line["bottom"], page_no, no))
    return lines


def _furniture_keys(pages: list[list[_Line]], heights: list[float]) -> set[str]:
    """Lines that repeat in the top or bottom margin of many pages: running headers and footers."""
    seen: Counter = Counter()
    for lines, height in zip(pages, heights, strict=True):
        keys = {_key(line.text) for line in lines if _in_margin(line, height)}
        seen.update(keys)
    need = max(2, len(pages) // 2)
    return {key for key, count in seen.items() if count >= need}


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def _in_margin(line: _Line, height: float) -> bool:
    return line.bottom < height * _MARGIN_SHARE or line.top > height * (1 - _MARGIN_SHARE)


def _paragraphs(lines: list[_Line], left: float, right: float, width: float) -> list[tuple[str, _Line]]:
    """Join the lines of body text into paragraphs (a full line continues into the next one)."""
    out: list[tuple[str, _Line]] = []
    previous: _Line | None = None
    for line in lines:
        indented = line.x0 > left + 0.8 * width
        centered = indented and line.x1 < right - 1.5 * width
        full = previous is not None and previous.x1 >= right - 1.5 * width
        ended = previous is not None and previous.text[-1] in _SENTENCE_END
        joins = previous is not None and not indented and (full or not ended) and not _match_marker(line.text, True)
        same_title = (
            previous is not None
            and centered
            and previous.x0 > left + 0.8 * width
            and abs(line.size - previous.size) < 0.5
            and previous.page == line.page
            and not _match_marker(line.text, True)
            and previous.text[-1] not in _SENTENCE_END
        )
        if out and previous is not None and (joins or same_title):
            text, first = out[-1]
            out[-1] = (text + line.text, first)
        else:
            out.append((line.text, line))
        previous = line
    return out


def pdf_lines(data: bytes) -> list[tuple[str, str]]:
    """The document's paragraphs and table rows with their origins ("第3页第5行", "第4页表1第2行")."""
    started = time.monotonic()
    pdf = _open(data)
    try:
        try:
            pages = pdf.pages
            count = len(pages)
        except Exception as exc:
            raise _reason(exc) from exc
        if count > MAX_PDF_PAGES:
            raise DocumentTooLarge(f"PDF 页数过多（{count} 页，上限 {MAX_PDF_PAGES} 页），请确认上传的文件是否正确")
        # Per page, its elements in reading order: ("lines", [_Line]) or ("table", grid, top).
        page_lines: list[list[_Line]] = []
        page_tables: list[list[tuple[float, list[list[Cell]]]]] = []
        heights: list[float] = []
        chars = 0
        for page_no, page in enumerate(pages, start=1):
            if time.monotonic() - started > MAX_PDF_SECONDS:
                raise DocumentTooLarge("PDF 解析超时：页数或内容过多，请拆分后上传或改传 Word 文件")
            try:
                chars += len(page.chars)
                tables = page.find_tables()
                grids = [(t.bbox[1], _grid(t)) for t in tables]
                page_lines.append(_page_lines(page, page_no, [t.bbox for t in tables]))
            except PlanParseError:
                raise
            except Exception as exc:
                raise _reason(exc) from exc
            page_tables.append(grids)
            heights.append(float(page.height))
            page.close()  # frees the page's parsed objects: memory stays flat on long documents
    finally:
        pdf.close()
    if chars == 0:
        raise PlanParseError(SCANNED)
    text = "".join(line.text for lines in page_lines for line in lines)
    if text.count("(cid:") > 20:
        raise PlanParseError("PDF 中的文字无法提取（字体缺少编码信息），请上传 Word 文件或重新导出的 PDF")

    repeated = _furniture_keys(page_lines, heights)
    body: list[list[_Line]] = []
    for lines, height in zip(page_lines, heights, strict=True):
        kept = []
        for line in lines:
            if _in_margin(line, height) and (_key(line.text) in repeated or _PAGE_NUMBER_RE.fullmatch(line.text)):
                continue  # running header, footer or page number
            if _PAGE_NUMBER_RE.fullmatch(line.text) and not _match_marker(line.text, True):
                continue
            kept.append(line)
        body.append(kept)
    all_lines = [line for lines in body for line in lines]
    if not all_lines and not any(page_tables):
        raise PlanParseError(SCANNED)
    left = min((line.x0 for line in all_lines), default=0.0)
    right = max((line.x1 for line in all_lines), default=0.0)
    width = statistics.median([line.size for line in all_lines]) if all_lines else 10.0

    out: list[tuple[str, str]] = []
    table_no = 0
    pending: list[tuple[str, _Line]] = []
    # A task table that runs onto the next page continues there, often without its header row.
    header: list[Cell] | None = None

    def flush() -> None:
        for text, first in _paragraphs([line for _t, line in pending], left, right, width):
            out.append((text, f"第{first.page}页第{first.no}行"))
        pending.clear()

    for page_no, (lines, tables) in enumerate(zip(body, page_tables, strict=True), start=1):
        elements: list[tuple[float, object]] = [(line.top, line) for line in lines]
        elements += [(top, grid) for top, grid in tables]
        elements.sort(key=lambda item: item[0])
        for _top, element in elements:
            if isinstance(element, _Line):
                pending.append((element.text, element))
                header = None
                continue
            flush()
            table_no += 1
            where = f"第{page_no}页表{table_no}"
            if header_roles(element[0]) if element else False:
                header = element[0]
            elif header is not None and len(element[0]) == len(header):
                rows = task_table_lines([header, *element], where)
                if rows is not None:
                    out.extend((text, origin.replace(f"{where}第", f"{where}第续")) for text, origin in rows)
                    continue
            out.extend(table_lines(element, where))
    flush()
    return out
