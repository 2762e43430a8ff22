"""整改台账: the ledger of findings — filtered, laid out as supervisors print it, exported to Excel,
and read back from Excel for campaigns recorded on paper (every row checked, errors by row and
column; ``inspections.actions.ledger_import`` writes all rows or none)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import FileResponse

from inspections.excel import read_table, table_response, write_table
from inspections.models import DONE_STATES, Campaign, Finding, FindingState, RectificationEntry
from plans.departments import DepartmentDirectory
from plans.models import Department
from plans.policy import can
from plans.utils import parse_id

HEADERS = [
    "序号",
    "督察批次",
    "单位",
    "问题",
    "整改措施",
    "牵头/配合单位",
    "责任人",
    "整改时限",
    "整改进展",
    "状态",
    "是否销号",
    "销号日期",
]
# The column that says whose a row is, for a reader of several districts (a city's people): each
# district has its own 区市场监管局 and its own 督察批次.
AREA_HEADER = "区"


def headers(*, show_area: bool = False) -> list[str]:
    return [HEADERS[0], AREA_HEADER, *HEADERS[1:]] if show_area else list(HEADERS)


STATUS_FILTERS = [("open", "未销号"), ("done", "已销号（含长期坚持）"), *FindingState.choices]


# --- Filters -------------------------------------------------------------------------------------


@dataclass
class LedgerFilters:
    campaign: int | None = None
    unit: int | None = None
    status: str = ""
    overdue: bool = False

    @classmethod
    def from_query(cls, query) -> LedgerFilters:
        status = query.get("status", "").strip()
        return cls(
            campaign=parse_id(query.get("campaign", "")),
            unit=parse_id(query.get("unit", "")),
            status=status if status in dict(STATUS_FILTERS) else "",
            overdue=query.get("overdue", "") in {"1", "on", "true"},
        )

    def apply(self, findings, *, today: datetime.date):
        if self.campaign:
            findings = findings.filter(campaign_id=self.campaign)
        if self.unit:
            findings = findings.filter(unit_id=self.unit)
        if self.status == "open":
            findings = findings.exclude(state__in=DONE_STATES)
        elif self.status == "done":
            findings = findings.filter(state__in=DONE_STATES)
        elif self.status:
            findings = findings.filter(state=self.status)
        if self.overdue:
            findings = findings.overdue(today)
        return findings


def ledger_findings(user, filters: LedgerFilters, *, today: datetime.date):
    """The findings the user may see, filtered, with what the ledger shows of each."""
    entries = RectificationEntry.objects.visible_to(user).order_by("entry_date", "pk")
    findings = (
        Finding.objects.visible_to(user)
        .select_related("campaign__area__jurisdiction", "unit")
        .prefetch_related("supporting_units", Prefetch("entries", queryset=entries, to_attr="visible_entries"))
        .order_by("campaign__year", "campaign__start_date", "campaign_id", "unit__kind", "unit__name", "pk")
    )
    return filters.apply(findings, today=today)


# --- Rows ----------------------------------------------------------------------------------------


@dataclass
class LedgerRow:
    number: int
    finding: Finding
    campaign: str
    unit: str
    problem: str
    measures: str
    units: str
    person: str
    deadline: datetime.date
    progress: str
    status: str
    closed: str
    closed_on: datetime.date | None
    overdue: bool
    area: str = ""  # the campaign's 市 or 区

    def cells(self, *, show_area: bool = False) -> list:
        return [
            self.number,
            *([self.area] if show_area else []),
            self.campaign,
            self.unit,
            self.problem,
            self.measures,
            self.units,
            self.person,
            self.deadline,
            self.progress,
            self.status,
            self.closed,
            self.closed_on,
        ]


def units_text(finding: Finding) -> str:
    supporting = "、".join(d.name for d in finding.supporting_units.all())
    return f"牵头：{finding.unit.name}" + (f"；配合：{supporting}" if supporting else "")


def ledger_rows(user, findings, *, today: datetime.date) -> list[LedgerRow]:
    """The ledger's lines as the user may read them: a unit's unsent plan or progress is left out
    for everyone outside it."""
    rows = []
    for number, finding in enumerate(findings, start=1):
        sees_plan = can(user, "see_plan", finding)
        entries = getattr(finding, "visible_entries", None)
        if entries is None:
            entries = list(RectificationEntry.objects.visible_to(user).filter(finding=finding))
        progress = "\n".join(f"{e.entry_date:%Y-%m-%d} {e.text}" for e in entries)
        rows.append(
            LedgerRow(
                number=number,
                finding=finding,
                campaign=finding.campaign.name,
                unit=finding.unit.name,
                problem=finding.description,
                measures=finding.plan_measures if sees_plan else "",
                units=units_text(finding),
                person=finding.responsible_person or (finding.plan_person if sees_plan else ""),
                deadline=finding.deadline,
                progress=progress,
                status=finding.get_state_display(),
                closed="是" if finding.is_done else "否",
                closed_on=finding.closed_on,
                overdue=finding.is_overdue(today),
                area=finding.campaign.area.jurisdiction.label,
            )
        )
    return rows


def export_xlsx(
    rows: list[LedgerRow], *, title: str = "督察问题整改台账", filters=None, show_area: bool = False
) -> bytes:
    return write_table(
        title=title,
        headers=headers(show_area=show_area),
        rows=[r.cells(show_area=show_area) for r in rows],
        sheet_title="整改台账",
        filters=filters,
    )


def export_response(rows: list[LedgerRow], *, filename: str, filters=None, show_area: bool = False) -> FileResponse:
    """The 整改台账 as a download (what ``export_xlsx`` writes); with ``show_area`` a 区 column."""
    return table_response(
        filename,
        title="督察问题整改台账",
        headers=headers(show_area=show_area),
        rows=(r.cells(show_area=show_area) for r in rows),
        sheet_title="整改台账",
        filters=filters,
    )


# --- Import --------------------------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportRow:
    row: int
    unit: Department
    description: str
    measures: str
    supporting: list[Department]
    person: str
    deadline: datetime.date
    progress: str
    state: str
    closed_on: datetime.date | None

    @property
    def state_label(self) -> str:
        return FindingState(self.state).label


@dataclass
class LedgerImport:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


STATE_WORDS = {
    "待整改": FindingState.RECORDED,
    "未整改": FindingState.RECORDED,
    "整改中": FindingState.RECTIFYING,
    "已整改": FindingState.CLOSED,
    "已销号": FindingState.CLOSED,
    "长期坚持": FindingState.LONG_TERM,
    **{label: value for value, label in FindingState.choices},
}
# What a paper record can say: a state from which the unit's work goes on in the system.
IMPORTABLE_STATES = {FindingState.RECORDED, FindingState.RECTIFYING, FindingState.CLOSED, FindingState.LONG_TERM}
DATE_PATTERN = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(value) -> datetime.date | None:
    """A cell's date: a date cell, 2024-06-30, 2024/6/30, 2024.6.30 or 2024年6月30日. None if empty;
    ValueError if it is not a real date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_PATTERN.match(str(value))
    if not match:
        raise ValueError(f"“{value}”不是日期（应为 2024-06-30）")
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError(f"“{value}”不是有效日期") from None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header(grid) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(grid[:10]):
        names = {re.sub(r"\s+", "", _text(c)): i for i, c in enumerate(row) if _text(c)}
        if "问题" in names and "单位" in names:
            return index, {h: names[h] for h in HEADERS if h in names}
    return -1, {}


def _split_units(text: str) -> tuple[list[str], list[str]]:
    """牵头：A；配合：B、C → (["A"], ["B", "C"]); a bare list is the supporting units."""
    lead, support = [], []
    for part in re.split(r"[；;\n]", text):
        part = part.strip()
        if not part:
            continue
        label, _, names = part.partition("：") if "：" in part else part.partition(":")
        if not names:
            label, names = "配合", part
        target = lead if "牵头" in label else support
        target += [n.strip() for n in re.split(r"[、，,]", names) if n.strip()]
    return lead, support


def read_ledger(data: bytes, *, campaign: Campaign) -> LedgerImport:
    """Check every row of an uploaded 整改台账 for ``campaign``; nothing is written here."""
    result = LedgerImport()
    grid = read_table(data)
    header_row, columns = _header(grid)
    if header_row < 0:
        result.errors.append(RowError(1, "表头", "未找到表头：表格需要“单位”和“问题”列。"))
        return result
    directory = DepartmentDirectory(area=campaign.area)

    def cell(row, name):
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    for offset, row in enumerate(grid[header_row + 1 :], start=header_row + 2):
        if not any(_text(v) for v in row):
            continue
        errors = []

        def error(column, message, offset=offset, errors=errors):
            errors.append(RowError(offset, column, message))

        batch = _text(cell(row, "督察批次"))
        if batch and batch != campaign.name:
            error("督察批次", f"“{batch}”不是本次督察批次“{campaign.name}”")
        unit_name = _text(cell(row, "单位"))
        unit = None
        if not unit_name:
            error("单位", "不能为空")
        else:
            found = directory.resolve(unit_name).departments
            if len(found) != 1:
                error("单位", f"未知单位“{unit_name}”")
            else:
                unit = found[0]
        description = _text(cell(row, "问题"))
        if not description:
            error("问题", "不能为空")
        lead_names, support_names = _split_units(_text(cell(row, "牵头/配合单位")))
        supporting = []
        for name in lead_names:
            found = directory.resolve(name).departments
            if unit is not None and (len(found) != 1 or found[0] != unit):
                error("牵头/配合单位", f"牵头单位“{name}”应与“单位”一致")
        for name in support_names:
            found = directory.resolve(name).departments
            if len(found) != 1:
                error("牵头/配合单位", f"未知单位“{name}”")
            elif found[0] != unit:
                supporting.append(found[0])
        deadline = None
        try:
            deadline = parse_date(cell(row, "整改时限"))
            if deadline is None:
                error("整改时限", "不能为空")
        except ValueError as exc:
            error("整改时限", str(exc))
        status_text = _text(cell(row, "状态"))
        closed_text = _text(cell(row, "是否销号"))
        state = STATE_WORDS.get(status_text) if status_text else None
        if status_text and state not in IMPORTABLE_STATES:
            error("状态", f"“{status_text}”不能导入（可为 待整改、整改中、已销号、长期坚持）")
            state = None
        if closed_text and closed_text not in {"是", "否"}:
            error("是否销号", f"应为“是”或“否”，而不是“{closed_text}”")
        closed_on = None
        try:
            closed_on = parse_date(cell(row, "销号日期"))
        except ValueError as exc:
            error("销号日期", str(exc))
        is_closed = closed_text == "是" or state in {FindingState.CLOSED, FindingState.LONG_TERM}
        if state is None:
            state = FindingState.CLOSED if closed_text == "是" else FindingState.RECORDED
            if not closed_text and _text(cell(row, "整改措施")):
                state = FindingState.RECTIFYING
        if closed_text == "是" and state not in {FindingState.CLOSED, FindingState.LONG_TERM}:
            error("是否销号", f"状态为“{status_text}”时不应为“是”")
        if closed_text == "否" and state in {FindingState.CLOSED, FindingState.LONG_TERM}:
            error("是否销号", f"状态为“{status_text}”时应为“是”")
        if is_closed and closed_on is None and not any(e.column == "销号日期" for e in errors):
            error("销号日期", "已销号的问题须填写销号日期")
        if not is_closed and closed_on is not None:
            error("销号日期", "未销号的问题不应有销号日期")
        if errors:
            result.errors += errors
            continue
        result.rows.append(
            ImportRow(
                row=offset,
                unit=unit,
                description=description,
                measures=_text(cell(row, "整改措施")),
                supporting=supporting,
                person=_text(cell(row, "责任人")),
                deadline=deadline,
                progress=_text(cell(row, "整改进展")),
                state=state,
                closed_on=closed_on if is_closed else None,
            )
        )
    if not result.rows and not result.errors:
        result.errors.append(RowError(header_row + 2, "问题", "表格中没有数据行"))
    return result
