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

Workbooks are written in openpyxl's write-only mode from an iterator of rows into a temporary
file, so that a ledger of thousands of rows never holds a cell object per value: views hand the
file out with ``xlsx_response`` (a ``FileResponse``). The column widths must be known before the
first row is written, so the rows pass twice: once to measure them while they are spooled to a
temporary file, once to write them.
"""

from __future__ import annotations

import datetime
import pickle
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import IO
from urllib.parse import quote

import openpyxl
import tablib
from django.http import FileResponse
from django.utils import timezone
from import_export.formats import base_formats
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Rows are spooled in memory up to this size, then on disk.
SPOOL_BYTES = 4 * 1024 * 1024

TITLE_FONT = Font(bold=True, size=14)
NOTE_FONT = Font(color="555555")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def is_formula_like(value) -> bool:
    """Text a spreadsheet would read as a formula (or a DDE command) rather than as text."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def _display_width(value) -> int:
    """Columns are measured in Latin characters; a CJK character takes two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clean(value):
    if isinstance(value, str):
        # Control characters other than tab/newline/CR are not allowed in the file format.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _cell(sheet, value, *, font=None, wrap: bool = False):
    """A write-only cell for ``value`` (already cleaned): text as text, dates as dates."""
    cell = WriteOnlyCell(sheet, value)
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl made it a formula ("f"): store the text instead
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    if isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    if wrap:
        cell.alignment = WRAP
    return cell


def _plain(value) -> bool:
    """A value written as it is, with no style of its own (the common case: faster to write)."""
    return value is None or isinstance(value, int | float) or (isinstance(value, str) and not is_formula_like(value))


Filters = Sequence[tuple[str, str]] | dict[str, str]


def describe_filters(filters: Filters | None) -> str:
    """筛选条件 as a line: "状态：逾期；章节：二" — or 全部 when nothing narrowed the rows."""
    pairs = list(filters.items()) if isinstance(filters, dict) else list(filters or [])
    chosen = [f"{label}：{value}" for label, value in pairs if value not in (None, "")]
    return "；".join(chosen) or "全部"


def _spool(rows: Iterable[Sequence], spool: IO[bytes], widths: dict[int, int]) -> int:
    """Clean and measure every row while keeping it in ``spool``; the number of rows."""
    count = 0
    for values in rows:
        for column_index, value in enumerate(values, start=1):
            widths[column_index] = max(widths.get(column_index, 8), _display_width(value))
        pickle.dump([_clean(v) for v in values], spool, protocol=pickle.HIGHEST_PROTOCOL)
        count += 1
    spool.seek(0)
    return count


def _unspool(spool: IO[bytes], count: int) -> Iterator[list]:
    for _ in range(count):
        yield pickle.load(spool)


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet_title: str,
    title: str,
    filters: Filters | None = None,
    exported_at: datetime.datetime | None = None,
) -> IO[bytes]:
    """A workbook of one sheet in a temporary file, open and at its start: ``title``, the filters
    and the export time above the table, then a bold frozen header with an autofilter and
    ``rows`` (any iterable, read once), every text cell written as text. Closing the file deletes it."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet((sheet_title or "Sheet")[:31])  # Excel's limit
    columns = max(len(headers), 1)
    exported_at = timezone.localtime(exported_at or timezone.now())
    preamble = [
        _clean(title),
        f"筛选条件：{_clean(describe_filters(filters))}",
        f"导出时间：{exported_at:%Y-%m-%d %H:%M}（北京时间）",
    ]
    header_row = len(preamble) + 1
    widths = {i: max(8, _display_width(h)) for i, h in enumerate(headers, start=1)}
    headers = [_clean(h) for h in headers]
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        count = _spool(rows, spool, widths)
        # Styles of rows and columns and the frozen panes go before the first row (write-only mode).
        for column_index, width in widths.items():
            sheet.column_dimensions[get_column_letter(column_index)].width = min(max(width + 2, 8), MAX_WIDTH)
        wrapped = {column_index for column_index, width in widths.items() if width > MAX_WIDTH}
        sheet.freeze_panes = f"A{header_row + 1}"
        for row_index, text in enumerate(preamble, start=1):
            sheet.append([_cell(sheet, text, font=TITLE_FONT if row_index == 1 else NOTE_FONT)])
            if columns > 1:
                sheet.merged_cells.add(f"A{row_index}:{get_column_letter(columns)}{row_index}")
        sheet.append([_cell(sheet, h, font=HEADER_FONT) for h in headers])
        for values in _unspool(spool, count):
            if wrapped:
                # Long text wraps in its column, empty cells included (as typing into them would).
                values = values + [None] * (max(wrapped) - len(values))
            sheet.append(
                [
                    value if _plain(value) and i not in wrapped else _cell(sheet, value, wrap=i in wrapped)
                    for i, value in enumerate(values, start=1)
                ]
            )
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{header_row + count}"
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it; a FileResponse once sent)
    try:
        book.save(out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def xlsx_response(
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet_title: str,
    title: str,
    filters: Filters | None = None,
    exported_at: datetime.datetime | None = None,
) -> FileResponse:
    """The workbook of ``write_xlsx`` as a download named ``filename``, streamed from its
    temporary file (deleted when the response is closed)."""
    out = write_xlsx(headers, rows, sheet_title=sheet_title, title=title, filters=filters, exported_at=exported_at)
    response = FileResponse(out, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def xlsx_from_rows(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet_title: str,
    title: str,
    filters: Filters | None = None,
    exported_at: datetime.datetime | None = None,
) -> bytes:
    """The workbook of ``write_xlsx`` as bytes, for what must hold it whole (the admin's downloads)."""
    with write_xlsx(headers, rows, sheet_title=sheet_title, title=title, filters=filters, exported_at=exported_at) as f:
        return f.read()


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
