import io
import json

import pytest
from django.core.management import call_command

from plans.demo import FIXTURES_DIR, load_departments

SEED = FIXTURES_DIR / "baoshan-plan-2021-2025.txt"
BREAKDOWN = FIXTURES_DIR / "baoshan-task-breakdown.csv"


@pytest.fixture
def departments(db):
    load_departments()


def run(*args) -> tuple[int, str, str]:
    """Run a management command as a script would: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


def run_json(*args) -> tuple[int, dict]:
    status, out, _err = run(*args, "--json")
    return status, json.loads(out)


@pytest.fixture
def seed_plan(departments):
    """The 宝山 plan imported with its 任务分解表."""
    from plans.models import Plan

    status, result = run_json("import_plan", str(SEED))
    assert status == 0
    plan = Plan.objects.get(pk=result["plan_id"])
    status, _out, err = run("import_tasks", str(plan.pk), str(BREAKDOWN))
    assert status == 0, err
    return plan


@pytest.fixture
def reported(actors):
    """A task led by 区市场监管局 whose staff have a draft for its first period (2021 Q1)."""
    from plans.models import Plan
    from tasks.actions import report_save
    from tasks.models import Assignment, Task
    from tasks.progress import generate_periods

    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    task = Task.objects.create(plan=plan, code="1", title="任务", position=1)
    Assignment.objects.create(task=task, department=actors.market, role="lead")
    period = plan.periods.first()
    key = dict(task=task, period=period)
    report = report_save(**key, actor=actors.market_staff, data={"narrative": "第一稿"}, version=None)
    return plan, task, period, key, report
