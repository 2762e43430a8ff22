"""Excel files people open: a named sheet, a bold frozen header, columns wide enough for Chinese."""

from __future__ import annotations

import io
import unicodedata

import openpyxl
import tablib
from openpyxl.styles import Alignment, Font

MAX_WIDTH = 60


def _display_width(value) -> int:
    """Columns are measured in Latin characters; a CJK character takes two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def xlsx_bytes(dataset: tablib.Dataset, *, sheet_title: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(dataset.export("xlsx")))
    sheet = book.active
    sheet.title = sheet_title[:31]  # Excel's limit
    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.columns:
        width = max((_display_width(cell.value) for cell in column), default=8)
        letter = column[0].column_letter
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), MAX_WIDTH)
        if width > MAX_WIDTH:
            for cell in column[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
