"""The demo plan: the 宝山 plan text and its 任务分解表 from fixtures/, imported once."""

from __future__ import annotations

from django.db import transaction

from plans.demo import FIXTURES_DIR
from plans.models import Plan
from tasks.breakdown import import_breakdown
from tasks.plan_import import import_plan, parse_source, read_source

DEMO_PLAN_FILE = FIXTURES_DIR / "baoshan-plan-2021-2025.txt"
DEMO_BREAKDOWN_FILE = FIXTURES_DIR / "baoshan-task-breakdown.csv"


@transaction.atomic
def ensure_demo_plan() -> tuple[Plan, bool]:
    """The demo plan and whether it was created now; a second call finds it and changes nothing."""
    existing = Plan.objects.filter(source_name=DEMO_PLAN_FILE.name).order_by("pk").first()
    if existing is not None:
        return existing, False
    source = read_source(DEMO_PLAN_FILE.read_bytes(), DEMO_PLAN_FILE.name)
    plan = import_plan(parse_source(source), source)
    result = import_breakdown(plan, DEMO_BREAKDOWN_FILE.read_bytes(), DEMO_BREAKDOWN_FILE.name)
    if not result.ok:
        raise RuntimeError(f"The demo 任务分解表 does not fit the demo plan: {result.errors[:3]}")
    return plan, True
