"""The Excel of 督察, in and out, through two small functions.

Another piece of work is making one formula-safe export helper for the whole site; until it lands,
``write_table`` does the same job here (a title row, a bold frozen header, an autofilter, text that
Excel will not run as a formula) and is the one place to switch over. ``read_table`` is the one
reader of uploaded workbooks.
"""

from __future__ import annotations

import datetime
import io
import unicodedata

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

MAX_WIDTH = 50
# A cell whose text starts with one of these is a formula to Excel (CSV/formula injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExcelError(Exception):
    """The upload is not a readable workbook."""


def safe_text(value):
    """Text Excel shows as typed: a leading formula character gets a quote in front of it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _width(value) -> int:
    text = "" if value is None else str(value)
    return max(
        (sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in text.split("\n")),
        default=0,
    )


def write_table(*, title: str, headers: list[str], rows: list[list], sheet_title: str) -> bytes:
    """A workbook of one sheet: ``title`` merged over the columns, then the header and ``rows``."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_text(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever openpyxl guessed
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A3"
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A2:{last}{max(sheet.max_row, 2)}"
    for index, header in enumerate(headers, start=1):
        letter = get_column_letter(index)
        width = max([_width(header)] + [_width(r[index - 1]) for r in rows])
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), MAX_WIDTH)
        if width > MAX_WIDTH:
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_table(data: bytes) -> list[list]:
    """Every row of the first sheet, values as stored (dates as dates); merged cells filled in."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ExcelError("无法读取 Excel 文件，请确认是 .xlsx 格式。") from exc
    sheet = book.worksheets[0]
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                    grid[r - 1][c - 1] = value
    return grid
