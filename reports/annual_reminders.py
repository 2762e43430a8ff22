"""催办 of the annual report: from 1 March, every department that owes last year's report and has not
submitted it is reminded once ("即将到期", due 31 March), and once more after the due date
("已逾期") — through the same delivery records, mail template and group robots as the progress
reports' reminders (``tasks.reminders``), each claimed once by its key."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from notifications.actions import delivery_claim
from notifications.tasks import deliver
from plans.models import Plan
from plans.policy import SYSTEM
from reports import annual
from reports.annual_models import AnnualReport
from tasks.reminders import robots_of

HANDED_IN = {"submitted", "accepted", "published"}


def annual_reminders(today: datetime.date) -> list[tuple[str, str, object, Plan, int]]:
    """(key, stage, department, plan, year) of what to remind of on ``today``."""
    year = annual.report_year(today)
    if today < datetime.date(today.year, *annual.REMIND_FROM):
        return []
    due = annual.due_date(year)
    stage = "soon" if today <= due else "overdue"
    out = []
    for plan in Plan.objects.filter(archived_at__isnull=True).order_by("pk"):
        if year not in plan.years:
            continue
        states = dict(
            AnnualReport.objects.filter(plan=plan, year=year, department__isnull=False).values_list(
                "department_id", "state"
            )
        )
        for department in annual.owing_departments(plan, year):
            if states.get(department.pk) not in HANDED_IN:
                out.append((f"annual:{plan.pk}:{year}:{department.pk}:{stage}", stage, department, plan, year))
    return out


def send_annual_reminders(today: datetime.date) -> int:
    """Claim today's annual-report reminders and queue their delivery after commit; how many were new."""
    claimed = []
    due = None
    with transaction.atomic():
        for key, stage, department, plan, year in annual_reminders(today):
            due = annual.due_date(year)
            context = {
                "department": department.name,
                "stage": stage,
                "stage_label": "即将到期" if stage == "soon" else "已逾期",
                "task": f"{year}年度法治政府建设工作情况报告",
                "what": "年度报告报送",
                "due_date": due.isoformat(),
                "days": (due - today).days,
                "url": settings.SITE_URL.rstrip("/") + reverse("reports:annual_list") + f"?plan={plan.pk}&year={year}",
            }
            targets = [(key, None)] if department.emails else []
            targets += [(f"{key}:robot:{robot.pk}", robot) for robot in robots_of(department)]
            for target_key, robot in targets:
                delivery = delivery_claim(
                    actor=SYSTEM,
                    key=target_key,
                    template="reminder",
                    context=context,
                    recipients=[] if robot else department.emails,
                    department=department,
                    ref=f"annual:{plan.pk}:{year}",
                    robot=robot,
                )
                if delivery is not None:
                    claimed.append(delivery.pk)
        transaction.on_commit(lambda: [deliver.delay(pk) for pk in claimed])
    return len(claimed)
