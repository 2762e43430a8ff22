"""The 任务分解表 (task breakdown table): read a messy real-world Excel/CSV table, check every row,
and apply it to a plan's tasks — all rows or none. Export writes the same columns back.

Columns: 序号 (clause number: 九, 9, (九), （九）, or 9.2 for an item), 任务内容, 牵头单位, 配合单位,
完成时限 (any deadline phrase the parser understands, or 持续推进 / 长期坚持), 年度目标.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

import openpyxl
import tablib
from django.db import transaction
from django.db.models import OuterRef, Subquery
from import_export import fields, resources

from plans.departments import DepartmentDirectory
from plans.models import Plan
from plans.parsing import PlanParseError, decode_bytes, normalize_code, parse_deadline, split_department_list
from plans.uploads import zip_problem
from tasks.facts import plan_statuses
from tasks.models import Assignment, ProgressReport, ReportState, Task

COLUMNS = ["序号", "任务内容", "牵头单位", "配合单位", "完成时限", "年度目标"]
# Header words seen in real tables, mapped to our column names.
HEADER_ALIASES = {
    "序号": ["序号", "编号", "条目", "条款", "任务序号", "任务编号"],
    "任务内容": ["任务内容", "工作任务", "主要任务", "任务", "工作内容", "具体任务", "任务名称"],
    "牵头单位": ["牵头单位", "牵头部门", "责任单位", "责任部门", "主责单位", "牵头"],
    "配合单位": ["配合单位", "配合部门", "协办单位", "参与单位", "配合"],
    "完成时限": ["完成时限", "完成时间", "时间节点", "时限", "时间要求", "完成期限"],
    "年度目标": ["年度目标", "年度工作目标", "目标", "工作目标"],
}
ONGOING_WORDS = ("持续推进", "长期坚持", "长期", "持续", "常态化", "每年")
MAX_HEADER_SEARCH_ROWS = 15
# Bounds of the work one table may cause: a plan has some hundreds of tasks.
MAX_ROWS = 5_000
MAX_COLUMNS = 50
MAX_CELLS = MAX_ROWS * MAX_COLUMNS


class BreakdownError(Exception):
    """The file is not a readable table at all (as opposed to row errors)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def to_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class BreakdownRow:
    row: int
    code: str
    content: str
    lead_names: list[str]
    support_names: list[str]
    deadline_text: str
    yearly_target: str
    # False when the table has no 配合单位 column: the task's supporting departments stay as they are.
    support_given: bool = True
    # Filled by validation:
    task: Task | None = None
    lead: list = field(default_factory=list)
    support: list = field(default_factory=list)
    deadline: object = None
    deadline_phrase: str = ""
    ongoing: bool = False
    removals: list[Removal] = field(default_factory=list)

    @property
    def label(self) -> str:
        return clause_label(self.code)

    def to_dict(self) -> dict:
        clause = int(self.code) if self.code.isdigit() else self.code
        return {
            "row": self.row,
            "clause": clause,
            "lead": [d.name for d in self.lead] or self.lead_names,
            "support": [d.name for d in self.support] or self.support_names,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "ongoing": self.ongoing,
        }


@dataclass
class Removal:
    """A department the table takes off a task, and what becomes of the reports it has written."""

    row: int
    task: Task
    department: object
    role: str
    reports: int = 0  # all its reports on the task
    unfinished: int = 0  # drafts and returned reports, which it can no longer hand in

    @property
    def role_label(self) -> str:
        return Assignment.Role(self.role).label

    @property
    def consequence(self) -> str:
        if not self.reports:
            return "该部门尚无进展报告。"
        text = f"该部门的 {self.reports} 份进展报告保留在任务记录中，只读"
        if self.unfinished:
            text += f"；其中 {self.unfinished} 份草稿或退回待改的报告将不能再修改和提交"
        return text + "。"

    def to_dict(self) -> dict:
        return {
            "row": self.row,
            "clause": self.task.code,
            "department": self.department.name,
            "role": self.role,
            "reports": self.reports,
            "unfinished": self.unfinished,
        }


# --- Reading -----------------------------------------------------------------------------------


def _too_many_rows() -> BreakdownError:
    return BreakdownError(
        f"表格行数过多（超过 {MAX_ROWS:,} 行，含空行）。任务分解表一般只有数百行，请删除多余的行后重新上传。"
    )


def _check_sheet_size(data: bytes) -> None:
    """Stream the first sheet once, stopping at the caps, before loading it whole (a whole load
    of 100,000 rows costs minutes and hundreds of MB)."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        cells = 0
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the file's own <dimension> may lie: count what is really there
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells += len(row)
            if number > MAX_ROWS:
                raise _too_many_rows()
            if cells > MAX_CELLS:
                raise BreakdownError(f"表格单元格过多（超过 {MAX_CELLS:,} 个），请只保留任务分解表的各列后重新上传。")
    finally:
        book.close()


def _xlsx_rows(data: bytes) -> list[list[str]]:
    if problem := zip_problem(data):
        raise BreakdownError(f"无法接受该 Excel 文件：{problem}。")
    try:
        _check_sheet_size(data)
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except BreakdownError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise BreakdownError("无法读取 Excel 文件，请确认是 .xlsx 格式。") from exc
    sheet = book.worksheets[0]
    grid = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    # A merged cell holds its value in the top-left cell only: copy it to the whole range.
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                    grid[r - 1][c - 1] = value
    return [["" if v is None else str(v).strip() for v in row] for row in grid]


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text, _encoding = decode_bytes(data)
    except PlanParseError as exc:
        raise BreakdownError(f"无法识别 CSV 文件的编码：{exc}") from exc
    grid = []
    for row in csv.reader(io.StringIO(text)):
        if len(grid) >= MAX_ROWS:
            raise _too_many_rows()
        grid.append([cell.strip() for cell in row[:MAX_COLUMNS]])
    return grid


def _header_index(cell: str) -> str | None:
    compact = re.sub(r"\s+", "", cell)
    for column, aliases in HEADER_ALIASES.items():
        if compact in aliases:
            return column
    return None


def _find_header(grid: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The header row (title rows above it are common) and the index of each known column."""
    for row_index, cells in enumerate(grid[:MAX_HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            name = _header_index(cell)
            if name and name not in columns:
                columns[name] = index
        if "序号" in columns and "牵头单位" in columns:
            return row_index, columns
    raise BreakdownError("未找到表头：表格需要“序号”和“牵头单位”列。")


def read_grid(data: bytes, filename: str) -> list[list[str]]:
    """The first sheet's cells as text, within the size caps; raises BreakdownError. Costly for a
    large file: the upload reads it once and keeps the grid for the preview (tasks.staging)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _xlsx_rows(data)
    if suffix in {".csv", ".txt"}:
        return _csv_rows(data)
    raise BreakdownError(f"不支持的文件类型“{suffix or filename}”，请上传 .xlsx 或 .csv。")


def read_table(
    data: bytes, filename: str, *, grid: list[list[str]] | None = None
) -> tuple[list[BreakdownRow], list[RowError]]:
    """Rows of the table with their sheet row numbers; a title row above the header is skipped.
    ``grid`` is the table already read by :func:`read_grid`."""
    if grid is None:
        grid = read_grid(data, filename)
    header_row, columns = _find_header(grid)

    def cell(cells, name):
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    rows: list[BreakdownRow] = []
    errors: list[RowError] = []
    for offset, cells in enumerate(grid[header_row + 1 :], start=header_row + 2):
        if not any(cells):
            continue
        code = normalize_code(cell(cells, "序号"))
        if code is None:
            errors.append(RowError(offset, "序号", f"无法识别序号“{cell(cells, '序号')}”。"))
            continue
        rows.append(
            BreakdownRow(
                row=offset,
                code=code,
                content=cell(cells, "任务内容"),
                lead_names=split_department_list(cell(cells, "牵头单位")),
                support_names=split_department_list(cell(cells, "配合单位")),
                deadline_text=cell(cells, "完成时限"),
                yearly_target=cell(cells, "年度目标"),
                support_given="配合单位" in columns,
            )
        )
    return rows, errors


# --- Checking and applying --------------------------------------------------------------------


def _resolve(names: list[str], directory: DepartmentDirectory, row: int, column: str, errors: list[RowError]):
    departments = []
    for name in names:
        resolution = directory.resolve(name)
        if resolution.needs_choice:
            errors.append(RowError(row, column, f"“{name}”是泛称，请写明具体部门。"))
        elif not resolution.departments:
            errors.append(RowError(row, column, f"未知部门“{name}”。"))
        departments.extend(d for d in resolution.departments if d not in departments)
    return departments


def check_rows(plan: Plan, rows: list[BreakdownRow], directory: DepartmentDirectory) -> list[RowError]:
    """Resolve every row against the plan's tasks and the department directory."""
    tasks = {t.code: t for t in plan.tasks.prefetch_related("assignments__department")}
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    years = (plan.start_year, plan.end_year)
    for r in rows:
        r.task = tasks.get(r.code)
        if r.task is None:
            errors.append(RowError(r.row, "序号", f"规划中没有第 {r.code} 条（项）任务。"))
        elif r.code in seen:
            errors.append(RowError(r.row, "序号", f"与第 {seen[r.code]} 行重复。"))
        seen.setdefault(r.code, r.row)
        if not r.lead_names:
            errors.append(RowError(r.row, "牵头单位", "牵头单位不能为空。"))
        r.lead = _resolve(r.lead_names, directory, r.row, "牵头单位", errors)
        r.support = [d for d in _resolve(r.support_names, directory, r.row, "配合单位", errors) if d not in r.lead]
        if r.task is not None:
            r.removals = _removals(r)
        text = r.deadline_text.strip()
        if not text:
            continue
        found = [d for d in parse_deadline(text, years=years, line=r.row) if not d.recurring]
        if found:
            r.deadline, r.deadline_phrase = found[0].date, text
        elif any(word in text for word in ONGOING_WORDS):
            r.ongoing, r.deadline_phrase = True, text
        else:
            errors.append(RowError(r.row, "完成时限", f"无法识别完成时限“{text}”。"))
    return errors


def _wanted(r: BreakdownRow) -> dict[int, str]:
    """Department id → role the row asks for. Without a 配合单位 column the current supporting
    departments are kept (a missing column changes nothing)."""
    wanted = {d.pk: Assignment.Role.LEAD for d in r.lead}
    if r.support_given:
        wanted |= {d.pk: Assignment.Role.SUPPORT for d in r.support if d.pk not in wanted}
    else:
        for a in r.task.assignments.all():
            if a.role == Assignment.Role.SUPPORT and a.department_id not in wanted:
                wanted[a.department_id] = Assignment.Role.SUPPORT
    return wanted


def _removals(r: BreakdownRow) -> list[Removal]:
    wanted = _wanted(r)
    removals = [
        Removal(row=r.row, task=r.task, department=a.department, role=a.role)
        for a in r.task.assignments.all()
        if a.department_id not in wanted
    ]
    for removal in removals:
        states = list(
            ProgressReport.objects.filter(task=r.task, department=removal.department).values_list("state", flat=True)
        )
        removal.reports = len(states)
        removal.unfinished = sum(state in {ReportState.DRAFT, ReportState.RETURNED} for state in states)
    return removals


@dataclass
class BreakdownResult:
    rows: list[BreakdownRow]
    errors: list[RowError]
    created: int = 0
    updated: int = 0
    # The table takes departments off tasks and nobody confirmed it: nothing was written.
    unconfirmed_removals: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def removals(self) -> list[Removal]:
        return [removal for r in self.rows for removal in r.removals]

    @property
    def applied(self) -> bool:
        return self.ok and not self.unconfirmed_removals

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "created": self.created,
            "updated": self.updated,
            "removals": [removal.to_dict() for removal in self.removals],
            "unconfirmed_removals": self.unconfirmed_removals,
            "rows": [r.to_dict() for r in self.rows],
            "errors": [e.to_dict() for e in sorted(self.errors, key=lambda e: (e.row, e.column))],
        }


def import_breakdown(
    plan: Plan,
    data: bytes,
    filename: str,
    *,
    dry_run: bool = False,
    grid: list[list[str]] | None = None,
    confirm_removals: bool = False,
) -> BreakdownResult:
    """Check the whole table; apply it only when every row is valid (and not a dry run), and,
    when it takes departments off tasks, only once those removals were confirmed."""
    rows, errors = read_table(data, filename, grid=grid)
    errors += check_rows(plan, rows, DepartmentDirectory(area=plan.area))
    result = BreakdownResult(rows, errors)
    if errors or dry_run:
        return result
    if result.removals and not confirm_removals:
        result.unconfirmed_removals = True
        return result
    with transaction.atomic():
        for r in rows:
            apply_row(r, result)
    return result


def apply_row(r: BreakdownRow, result: BreakdownResult) -> None:
    task = r.task
    wanted = _wanted(r)
    current = {a.department_id: a for a in task.assignments.all()}
    changed = False
    for department_id, assignment in current.items():
        if department_id not in wanted:
            assignment.delete()
            changed = True
        elif assignment.role != wanted[department_id]:
            assignment.role = wanted[department_id]
            assignment.save(update_fields=["role"])
            changed = True
    for department_id, role in wanted.items():
        if department_id not in current:
            Assignment.objects.create(task=task, department_id=department_id, role=role)
            result.created += 1
    # An empty cell (or a missing column) leaves the task's value as it was.
    values = {}
    if r.yearly_target.strip():
        values["yearly_target"] = r.yearly_target.strip()
    if r.deadline_text.strip():
        values.update(deadline=r.deadline, deadline_phrase=r.deadline_phrase[:100], is_ongoing=r.ongoing)
    if r.lead and task.unresolved_departments:
        # The table names the departments now: the names the plan's text left unidentified are settled.
        values["unresolved_departments"] = []
    task_changed = {k: v for k, v in values.items() if getattr(task, k) != v}
    if task_changed:
        for name, value in task_changed.items():
            setattr(task, name, value)
        task.save(update_fields=list(task_changed))
    if changed or task_changed:
        result.updated += 1


# --- Export (django-import-export) ----------------------------------------------------------


def clause_label(code: str) -> str:
    """ "9" → "(九)"; "9.2" stays "9.2"."""
    if "." in code or not code.isdigit():
        return code
    return f"({chinese_numeral(int(code))})"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 58 → 五十八, 105 → 一百零五; Arabic digits from 1000 on."""
    digits = "零一二三四五六七八九"
    if n >= 1000 or n <= 0:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = digits[hundreds] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += digits[ones]
    return out


class TaskBreakdownResource(resources.ModelResource):
    """The 任务分解表 as django-import-export writes it (xlsx/csv)."""

    number = fields.Field(column_name="序号")
    title = fields.Field(attribute="title", column_name="任务内容")
    lead = fields.Field(column_name="牵头单位")
    support = fields.Field(column_name="配合单位")
    deadline = fields.Field(column_name="完成时限")
    yearly_target = fields.Field(attribute="yearly_target", column_name="年度目标")

    class Meta:
        model = Task
        fields = ["number", "title", "lead", "support", "deadline", "yearly_target"]
        export_order = fields

    def dehydrate_number(self, task):
        return clause_label(task.code)

    def dehydrate_lead(self, task):
        return "、".join(d.name for d in task.lead_departments)

    def dehydrate_support(self, task):
        return "、".join(d.name for d in task.supporting_departments)

    def dehydrate_deadline(self, task):
        return deadline_text(task.deadline, task.deadline_phrase, task.is_ongoing)


def deadline_text(deadline: datetime.date | None, phrase: str, ongoing: bool) -> str:
    """完成时限 as the tables write it: the plan's own words, else the month, else 持续推进."""
    if phrase:
        return phrase
    if deadline:
        return f"{deadline.year}年{deadline.month}月底前"
    return "持续推进" if ongoing else ""


def export_breakdown(tasks) -> tablib.Dataset:
    """The tasks (a list, already permission-scoped, with assignments prefetched) as a dataset;
    ``.export("xlsx")`` gives the bytes. A list, not a queryset: import-export iterates querysets
    in chunks, one prefetch per chunk."""
    return TaskBreakdownResource().export(queryset=list(tasks))


LEDGER_HEADERS = [
    "序号",
    "任务内容",
    "所属章节",
    "牵头单位",
    "配合单位",
    "完成时限",
    "状态",
    "状态说明",
    "最新审核通过进展",
    "完成度",
]


def export_ledger(tasks, *, plan_id: int, reports, today: datetime.date, light: str = "") -> Iterator[list]:
    """The rows of the 任务台账, one at a time: the breakdown columns plus chapter, light, latest
    accepted progress and completion of ``tasks`` (a queryset of one plan's tasks, permission-scoped,
    filtered and ordered), of the ``light`` only when one is given. ``reports`` is the
    permission-scoped queryset of reports the reader may see, of which each task's newest accepted
    one gives its progress.

    A fixed number of queries whatever the number of tasks, and no model instance per task: the
    tasks' values come from one query (with the newest accepted narrative as a subquery), their
    departments from another, their statuses from the plan's figures (tasks.facts)."""
    tasks = tasks.select_related(None).prefetch_related(None)
    statuses = plan_statuses(plan_id, list(tasks.values_list("pk", flat=True)), today=today)
    departments: dict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    assignments = (
        Assignment.objects.filter(task__in=tasks.values("pk"))
        .order_by("task", "role", "department__name")
        .values_list("task_id", "role", "department__name")
    )
    for task_id, role, name in assignments:
        departments[task_id][0 if role == Assignment.Role.LEAD else 1].append(name)
    newest_accepted = (
        reports.filter(task=OuterRef("pk"), state=ReportState.ACCEPTED)
        .order_by("-period__start", "-reviewed_at", "-pk")
        .values("narrative")[:1]
    )
    rows = tasks.annotate(latest_progress=Subquery(newest_accepted)).values_list(
        "pk",
        "code",
        "title",
        "clause__chapter_id",
        "clause__chapter__label",
        "clause__chapter__heading",
        "deadline",
        "deadline_phrase",
        "is_ongoing",
        "latest_progress",
    )
    for pk, code, title, chapter_id, label, heading, deadline, phrase, ongoing, progress in rows.iterator(1000):
        status = statuses[pk]
        if light and status.light != light:
            continue
        lead, support = departments.get(pk, ((), ()))
        yield [
            clause_label(code),
            title,
            f"{label}{heading}" if chapter_id else "",
            "、".join(lead),
            "、".join(support),
            deadline_text(deadline, phrase, ongoing),
            status.label,
            "；".join(status.reasons),
            progress or "",
            f"{round(status.completion * 100)}%",
        ]
