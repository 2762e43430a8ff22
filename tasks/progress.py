"""Progress reporting: the plan's reporting periods, and the task timeline read from the event
log. Every change of a report is a named action in tasks.actions."""

from __future__ import annotations

import calendar
import datetime

from django.db.models import Q

from plans.models import Event, Plan
from tasks.models import ReportingPeriod, Task

PERIOD_MONTHS = {Plan.Cadence.MONTHLY: 1, Plan.Cadence.QUARTERLY: 3, Plan.Cadence.HALF_YEARLY: 6}


# --- Periods ---------------------------------------------------------------------------------


def period_label(year: int, index: int, months: int) -> str:
    if months == 3:
        return f"{year}年第{'一二三四'[index - 1]}季度"
    if months == 6:
        return f"{year}年{'上下'[index - 1]}半年"
    return f"{year}年{index}月"


def generate_periods(plan: Plan) -> list[ReportingPeriod]:
    """Create the plan's periods for each of its years (idempotent); returns all of them in order."""
    months = PERIOD_MONTHS[plan.report_cadence]
    existing = {(p.year, p.index): p for p in plan.periods.all()}
    new = []
    for year in plan.years:
        for index in range(1, 12 // months + 1):
            if (year, index) in existing:
                continue
            first_month = (index - 1) * months + 1
            last_month = first_month + months - 1
            end = datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
            new.append(
                ReportingPeriod(
                    plan=plan,
                    year=year,
                    index=index,
                    label=period_label(year, index, months),
                    start=datetime.date(year, first_month, 1),
                    end=end,
                    due_date=end + datetime.timedelta(days=plan.report_due_days),
                )
            )
    ReportingPeriod.objects.bulk_create(new)
    return list(plan.periods.order_by("start"))


def current_period(plan: Plan, today: datetime.date) -> ReportingPeriod | None:
    """The period being reported now: the earliest whose due date has not passed; after the plan's
    end, its last period."""
    periods = plan.periods.order_by("start")
    return (
        periods.filter(due_date__gte=today, start__lte=today).first()
        or periods.filter(end__lt=today).order_by("-start").first()
        or periods.first()
    )


# --- Timeline --------------------------------------------------------------------------------


# What a timeline says for each verb of the event log.
VERB_LABELS = {
    "report.draft": "创建草稿",
    "report.submit": "提交",
    "report.confirm": "部门确认",
    "report.return": "退回",
    "report.accept": "审核通过",
    "report.reopen": "重新打开",
    "report.withdraw": "撤回",
    "target.draft": "创建年度目标草稿",
    "target.submit": "提交年度目标",
    "target.confirm": "确认年度目标",
    "target.return": "退回年度目标",
    "target.accept": "年度目标审核通过",
    "target.reopen": "重新打开年度目标",
    "target.withdraw": "撤回年度目标",
    "extension.request": "申请延期",
    "extension.grant": "批准延期",
    "extension.refuse": "不予延期",
    "evidence.add": "上传佐证材料",
    "evidence.remove": "删除佐证材料",
    "task.urge": "催办",
    "task.edit": "调整任务",
    "plan.import": "导入规划",
    "plan.revise": "修订规划",
    "plan.breakdown": "导入任务分解表",
    "plan.mark_current": "设为当前规划",
    "plan.archive": "归档规划",
}


# The kinds a task's timeline can be narrowed to (?kind=), by the verbs' prefixes.
TIMELINE_KINDS = {
    "report": ("进展报告", ("report.", "evidence.")),
    "target": ("年度目标", ("target.",)),
    "urge": ("催办", ("task.urge",)),
    "edit": ("任务调整", ("task.edit",)),
    "extension": ("延期", ("extension.",)),
}


def task_timeline(user, task: Task, *, until: datetime.datetime | None = None, kind: str = ""):
    """What happened on a task that ``user`` may read, newest first, from the event log only
    (deliveries have their own list). ``until`` limits it to what was recorded by then; ``kind``
    (a key of TIMELINE_KINDS) to one kind of event."""
    timeline = (
        Event.objects.visible_to(user)
        .filter(ref=f"task:{task.pk}")
        .exclude(verb__startswith="delivery.")
        .select_related("department")
        .order_by("-occurred_at", "-pk")
    )
    if kind in TIMELINE_KINDS:
        verbs = Q()
        for prefix in TIMELINE_KINDS[kind][1]:
            verbs |= Q(verb__startswith=prefix)
        timeline = timeline.filter(verbs)
    if until is not None:
        timeline = timeline.filter(occurred_at__lte=until)
    return timeline
