"""From 1 March, departments that owe last year's report and have not submitted it are reminded,
once per stage, through the same delivery records as every other reminder."""

import datetime

from notifications.models import Delivery
from plans.models import Plan
from reports.actions import annual_confirm, annual_open, annual_submit
from reports.annual_reminders import send_annual_reminders
from tasks.models import Assignment, Task
from tasks.progress import generate_periods


def test_reminders_start_on_1_march_go_once_per_stage_and_stop_once_submitted(
    actors, django_capture_on_commit_callbacks
):
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    task = Task.objects.create(plan=plan, code="1", title="推进复议体制改革", position=1)
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    Assignment.objects.create(task=task, department=actors.justice, role=Assignment.Role.SUPPORT)

    assert send_annual_reminders(datetime.date(2023, 2, 28)) == 0
    assert send_annual_reminders(datetime.date(2023, 3, 1)) == 2  # both departments have mail addresses
    assert send_annual_reminders(datetime.date(2023, 3, 2)) == 0  # the same stage: nothing new
    soon = Delivery.objects.get(key__startswith=f"annual:{plan.pk}:2022:{actors.market.pk}:soon")
    assert soon.template == "reminder" and soon.recipients == actors.market.emails
    assert soon.context["due_date"] == "2023-03-31" and "2022年度法治政府建设工作情况报告" in soon.context["task"]

    report = annual_open(actor=actors.market_staff, plan=plan, year=2022, department=actors.market)
    annual_confirm(actor=actors.market_head, report=report)
    annual_submit(actor=actors.market_staff, report=report)
    assert send_annual_reminders(datetime.date(2023, 4, 1)) == 1  # overdue: only 区司法局 is left
    assert Delivery.objects.filter(key=f"annual:{plan.pk}:2022:{actors.justice.pk}:overdue").exists()
