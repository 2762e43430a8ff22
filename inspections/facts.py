"""Findings in the facts of a plan: an overdue rectification makes the task it is attached to
yellow. Registered with ``tasks.facts.register_fact_provider`` in ``InspectionsConfig.ready``, so
that ``tasks`` never imports this app."""

from __future__ import annotations

from collections import defaultdict

from inspections.models import DONE_STATES, Finding
from tasks.facts import PlanFacts, _as_of_rows

FIELDS = ["task_id", "state", "deadline", "description"]


def overdue_findings(facts: PlanFacts) -> dict:
    """{"warnings": {task id: [reason, …]}} for the findings attached to the plan's tasks whose
    整改期限 had passed, not closed, on the facts' day (as recorded by then, for an as-of view)."""
    task_ids = set(facts.tasks)
    if facts.as_of is None:
        rows = Finding.objects.filter(task_id__in=task_ids).order_by("pk").values(*FIELDS)
    else:
        rows = sorted(
            (
                r
                for r in _as_of_rows(Finding, facts.as_of, FIELDS, task__plan_id=facts.plan_id)
                if r["task_id"] in task_ids
            ),
            key=lambda r: r["id"],
        )
    overdue: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        if row["state"] not in DONE_STATES and row["deadline"] < facts.today:
            overdue[row["task_id"]].append(row)
    warnings = {
        task_id: [f"{len(found)} 个督察问题逾期未整改销号（最早期限 {min(r['deadline'] for r in found):%Y-%m-%d}）"]
        for task_id, found in overdue.items()
    }
    return {"warnings": warnings}
