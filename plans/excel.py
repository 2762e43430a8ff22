"""The one Excel export helper: every workbook Duban hands out is written here.

People open these files in Excel, so user text is written as text: a cell whose text begins with
= + - @, a tab or a carriage return would otherwise be a live formula (the OWASP CSV-injection
rule). Such text is kept exactly as the user wrote it, stored as a string cell with Excel's
"quote prefix" (the ' Excel itself shows for text typed with a leading apostrophe), so it is shown,
sorted and re-imported as the same text and never evaluated, not even after the cell is edited.

Every sheet says what it is above the table: a title row, the filters that chose its rows and
the time it was exported (Beijing time), then a bold frozen header with an autofilter, and columns
wide enough for Chinese. The importers of Duban's own exports (the 任务分解表, the 整改台账) find
the header row below these lines. The admin's django-import-export downloads use the same helper
through ``SafeXLSX`` / ``SafeCSV``.
"""

from __future__ import annotations

import datetime
import io
import unicodedata
from collections.abc import Iterable, Sequence

import openpyxl
import tablib
from django.utils import timezone
from import_export.formats import base_formats
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

MAX_WIDTH = 60
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    """Text a spreadsheet would read as a formula (or a DDE command) rather than as text."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def _display_width(value) -> int:
    """Columns are measured in Latin characters; a CJK character takes two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _put(cell, value) -> None:
    if isinstance(value, str):
        # Control characters other than tab/newline/CR are not allowed in the file format.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl made it a formula ("f"): store the text instead
        cell.quotePrefix = True


Filters = Sequence[tuple[str, str]] | dict[str, str]


def describe_filters(filters: Filters | None) -> str:
    """筛选条件 as a line: "状态：逾期；章节：二" — or 全部 when nothing narrowed the rows."""
    pairs = list(filters.items()) if isinstance(filters, dict) else list(filters or [])
    chosen = [f"{label}：{value}" for label, value in pairs if value not in (None, "")]
    return "；".join(chosen) or "全部"


def xlsx_from_rows(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet_title: str,
    title: str,
    filters: Filters | None = None,
    exported_at: datetime.datetime | None = None,
) -> bytes:
    """A workbook of one sheet: ``title``, the filters and the export time above the table, then a
    bold frozen header with an autofilter and ``rows``, every text cell written as text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = (sheet_title or "Sheet")[:31]  # Excel's limit
    columns = max(len(headers), 1)
    exported_at = timezone.localtime(exported_at or timezone.now())
    preamble = [
        title,
        f"筛选条件：{describe_filters(filters)}",
        f"导出时间：{exported_at:%Y-%m-%d %H:%M}（北京时间）",
    ]
    for row_index, text in enumerate(preamble, start=1):
        cell = sheet.cell(row=row_index, column=1)
        _put(cell, text)
        cell.font = Font(bold=True, size=14) if row_index == 1 else Font(color="555555")
        if columns > 1:
            sheet.merge_cells(start_row=row_index, start_column=1, end_row=row_index, end_column=columns)
    header_row = len(preamble) + 1
    widths: dict[int, int] = {}
    last_row = header_row
    for row_index, values in enumerate([list(headers), *rows], start=header_row):
        last_row = row_index
        for column_index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_index, column=column_index)
            _put(cell, value)
            if row_index == header_row:
                cell.font = Font(bold=True)
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            widths[column_index] = max(widths.get(column_index, 8), _display_width(value))
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{last_row}"
    for column_index, width in widths.items():
        letter = get_column_letter(column_index)
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), MAX_WIDTH)
        if width > MAX_WIDTH:
            for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=column_index, max_col=column_index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_bytes(
    dataset: tablib.Dataset,
    *,
    sheet_title: str,
    title: str,
    filters: Filters | None = None,
    exported_at: datetime.datetime | None = None,
) -> bytes:
    """A tablib dataset (what django-import-export resources export) as a safe workbook."""
    return xlsx_from_rows(
        list(dataset.headers or []),
        dataset,
        sheet_title=sheet_title,
        title=title,
        filters=filters,
        exported_at=exported_at,
    )


def csv_safe(value):
    """CSV has no cell types: formula-like text gets the apostrophe OWASP recommends."""
    return "'" + value if is_formula_like(value) else value


class SafeXLSX(base_formats.XLSX):
    """django-import-export's Excel format, written by the one helper (the admin's downloads)."""

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(dataset, sheet_title=dataset.title or "Sheet", title=dataset.title or "导出数据")


class SafeCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            safe.append([csv_safe(value) for value in row])
        return super().export_data(safe, **kwargs)
