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
