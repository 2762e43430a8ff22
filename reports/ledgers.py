"""The ledgers (台账) as Excel, each with the filters of the page it comes from, through the one
export helper (``plans.excel``): the progress reports (进展报告台账) and the department
performance table of the dashboards (部门履职情况表)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import timezone

from plans.models import Department, Plan
from reports.dashboards import build_dashboard
from tasks.models import Assignment, ProgressReport, ReportState

STATE_CHOICES = list(ReportState.choices)
PROGRESS_HEADERS = [
    "条款",
    "任务",
    "部门",
    "报告期",
    "状态",
    "推进状态",
    "完成百分比",
    "进展情况",
    "存在问题",
    "下一步计划",
    "提交时间",
    "审核时间",
]


@dataclass
class ProgressFilters:
    year: int | None = None
    department_id: int | None = None
    state: str = ""

    @classmethod
    def from_request(cls, request, plan: Plan) -> ProgressFilters:
        def number(name):
            value = request.GET.get(name, "").strip()
            return int(value) if value.isdigit() else None

        year = number("year")
        state = request.GET.get("state", "").strip()
        return cls(
            year=year if year in plan.years else None,
            department_id=number("department"),
            state=state if state in dict(STATE_CHOICES) else "",
        )

    def describe(self, plan: Plan) -> list[tuple[str, str]]:
        """The filters as the export's 筛选条件 line says them."""
        pairs = [("规划", plan.title)]
        if self.year:
            pairs.append(("年度", str(self.year)))
        if self.department_id:
            department = Department.objects.filter(pk=self.department_id).first()
            pairs.append(("部门", department.name if department else str(self.department_id)))
        if self.state:
            pairs.append(("状态", dict(STATE_CHOICES).get(self.state, self.state)))
        return pairs

    def query(self, plan: Plan) -> str:
        values = {"plan": plan.pk, "year": self.year or "", "department": self.department_id or "", "state": self.state}
        return urlencode({k: v for k, v in values.items() if v != ""})


def progress_reports(user, plan: Plan, filters: ProgressFilters) -> list[ProgressReport]:
    """The reports ``user`` may read (a department's drafts only its own), filtered as the page is."""
    reports = ProgressReport.objects.visible_to(user).filter(task__plan=plan)
    if filters.year:
        reports = reports.filter(period__year=filters.year)
    if filters.department_id:
        reports = reports.filter(department_id=filters.department_id)
    if filters.state:
        reports = reports.filter(state=filters.state)
    return list(
        reports.select_related("task__clause", "department", "period").order_by(
            "period__start", "task__position", "department__name"
        )
    )


def _time(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def progress_rows(reports: list[ProgressReport]) -> list[list]:
    return [
        [
            r.task.clause.label if r.task.clause_id else "",
            r.task.title,
            r.department.name,
            r.period.label,
            r.get_state_display(),
            r.get_progress_status_display(),
            r.percent_complete,
            r.narrative,
            r.problems,
            r.next_steps,
            _time(r.submitted_at),
            _time(r.reviewed_at),
        ]
        for r in reports
    ]


def departments_of(plan: Plan) -> list[Department]:
    ids = Assignment.objects.filter(task__plan=plan).values_list("department_id", flat=True).distinct()
    return list(Department.objects.filter(pk__in=ids).order_by("name"))


DEPARTMENT_HEADERS = [
    "排名",
    "部门",
    "综合得分",
    "牵头任务",
    "按时报送率",
    "按时报送/应报",
    "节点完成/到期",
    "被退回",
    "牵头任务完成度",
]


def department_table(plan: Plan, user, *, as_of: datetime.date | None) -> tuple[list[str], list[list]]:
    """The dashboard's department table (ranked, then those owing no report yet), as of the date."""
    dash = build_dashboard(plan, user, today=timezone.localdate(), as_of=as_of)
    rows = []
    ranked = [r for r in dash.departments if r.owes_reports]
    for n, r in enumerate(ranked, start=1):
        rows.append(
            [
                n,
                r.department.name,
                r.score,
                r.lead_tasks,
                f"{r.on_time_percent}%",
                f"{r.reports_on_time}/{r.reports_due}",
                f"{r.milestones_met}/{r.milestones_due}",
                r.returned,
                f"{r.completion_percent}%" if r.lead_tasks else "—",
            ]
        )
    for r in dash.departments_owing_nothing:
        rows.append(["—", r.department.name, "", r.lead_tasks, "", "0/0", "", "", "暂无到期应报报告"])
    return DEPARTMENT_HEADERS, rows
