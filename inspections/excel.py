"""The Excel of 督察, in and out: ``table_response`` (a download) and ``write_table`` (the bytes) hand
every export to the site's one helper (plans.excel), ``read_table`` is the one reader of uploaded
workbooks."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import openpyxl
from django.http import FileResponse

from plans.excel import xlsx_from_rows, xlsx_response


class ExcelError(Exception):
    """The upload is not a readable workbook."""


def write_table(*, title: str, headers: list[str], rows: list[list], sheet_title: str, filters=None) -> bytes:
    """A workbook of 督察 through the site's one export helper (plans.excel): title, filters and
    export time above a header with an autofilter; text never a formula."""
    return xlsx_from_rows(headers, rows, sheet_title=sheet_title, title=title, filters=filters)


def table_response(
    filename: str, *, title: str, headers: list[str], rows: Iterable[Sequence], sheet_title: str, filters=None
) -> FileResponse:
    """The same workbook as a download, streamed from a temporary file."""
    return xlsx_response(filename, headers, rows, sheet_title=sheet_title, title=title, filters=filters)


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
