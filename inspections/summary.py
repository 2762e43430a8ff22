"""What the 督察 record says at a cut-off date, in the shape the midterm evaluation prints
(``reports.midterm``: 督察覆盖, 整改情况, the open findings among the problems, each department's
findings closed on time).

Findings are read as they stood at the end of the cut-off day (their history), and only
inspections recorded by then count, so a 2023 evaluation made later is not changed by 2024's
work."""

from __future__ import annotations

import datetime
from collections import defaultdict

from inspections.coverage import GROUPS
from inspections.models import DONE_STATES, CampaignTarget, Finding, SupervisionNotice
from plans.models import Department, Plan
from tasks.facts import _as_of_rows
from tasks.models import Task

FINDING_FIELDS = ["campaign_id", "unit_id", "task_id", "state", "deadline", "closed_on", "description"]


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def midterm_figures(*, plan: Plan, as_of: datetime.date) -> dict:
    """{"coverage": [(label, value)], "rectification": [(label, value)], "problems": [...],
    "departments": {department id: {"findings": "closed on time/due", "notices": {colour: n}}}} as of
    the end of ``as_of``."""
    units = list(Department.objects.inspectable().in_jurisdiction(plan.area).filter(kind__in=[k for k, _ in GROUPS]))
    visited = set(
        CampaignTarget.objects.filter(
            campaign__year__gte=plan.start_year,
            inspected_on__isnull=False,
            inspected_on__lte=as_of,
            department__in=units,
        )
        .values_list("department_id", flat=True)
        .distinct()
    )
    coverage = []
    for kind, name in GROUPS:
        group = [u for u in units if u.kind == kind]
        covered = sum(u.pk in visited for u in group)
        coverage.append((f"{name}督察覆盖", f"{covered}/{len(group)}（{_percent(covered, len(group))}）"))
    coverage.append(("合计", f"{len(visited)}/{len(units)}（{_percent(len(visited), len(units))}）"))

    # The plan's own 市 or 区: another district's findings and notices are not this plan's figures.
    district = set(Department.objects.in_jurisdiction(plan.area).values_list("pk", flat=True))
    findings = [
        row
        for row in _as_of_rows(Finding, as_of, FINDING_FIELDS)
        if row["campaign_id"] is not None and row["deadline"] is not None and row["unit_id"] in district
    ]
    done = [f for f in findings if f["state"] in DONE_STATES]
    due = [f for f in findings if f["state"] in DONE_STATES or f["deadline"] < as_of]
    on_time = [f for f in done if f["closed_on"] and f["closed_on"] <= f["deadline"]]
    overdue = [f for f in findings if f["state"] not in DONE_STATES and f["deadline"] < as_of]
    rectification = [
        ("发现问题", str(len(findings))),
        ("已整改销号", str(len(done))),
        ("销号率", _percent(len(done), len(findings))),
        ("按期销号率", _percent(len(on_time), len(due))),
        ("逾期未整改", str(len(overdue))),
    ]

    tasks = {
        t.pk: t for t in Task.objects.filter(plan=plan, pk__in={f["task_id"] for f in overdue}).select_related("clause")
    }
    by_chapter: dict[int | None, list[dict]] = defaultdict(list)
    for f in overdue:
        task = tasks.get(f["task_id"])
        if task is not None:
            by_chapter[task.clause.chapter_id if task.clause_id else None].append(f)
    problems = [
        {
            "chapter_id": chapter_id,
            "text": f"{len(found)} 个督察发现问题逾期未整改销号，如“{found[0]['description'][:40].rstrip('。；，.; ')}”。",
            "task_ids": sorted({f["task_id"] for f in found}),
        }
        for chapter_id, found in by_chapter.items()
    ]

    per_unit: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for f in due:
        per_unit[f["unit_id"]][1] += 1
        per_unit[f["unit_id"]][0] += f in on_time
    departments: dict[int, dict] = {
        unit_id: {"findings": f"{met}/{total}"} for unit_id, (met, total) in per_unit.items()
    }
    # 督办单 issued to each unit by the cut-off, by colour (a notice's number and colour never change).
    issued = SupervisionNotice.objects.filter(
        issued_on__lte=as_of, issued_on__year__gte=plan.start_year, area__jurisdiction_id=plan.area.jurisdiction_id
    )
    for unit_id, colour in issued.values_list("units", "colour"):
        notices = departments.setdefault(unit_id, {}).setdefault("notices", {})
        notices[colour] = notices.get(colour, 0) + 1
    return {"coverage": coverage, "rectification": rectification, "problems": problems, "departments": departments}


def annual_figures(*, plan: Plan, year: int, department: Department | None = None) -> dict:
    """The 督察 figures of one year for the annual report (``reports.annual``), of the whole district
    or of one unit, as recorded today (the annual report is generated after the year's end):

    ``{"inspections": units inspected in the year, "found": findings of the year's campaigns,
    "closed": findings closed (销号) in the year, "open": findings of campaigns up to the year still
    open at its end, "red_notices": [(notice number, task id or None)] of red 督办单 issued in the
    year}``. Counts only: a finding's description is internal and is never quoted here."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    targets = CampaignTarget.objects.filter(inspected_on__range=(start, end))
    findings = Finding.objects.filter(campaign__isnull=False)
    notices = SupervisionNotice.objects.filter(colour="red", issued_on__range=(start, end))
    if department is not None:
        targets = targets.filter(department=department)
        findings = findings.filter(unit=department)
        notices = notices.filter(units=department)
    else:
        # The plan's campaigns, and the campaigns without a plan of the plan's own 市 or 区.
        own = {"campaign__plan__isnull": True, "campaign__area__jurisdiction_id": plan.area.jurisdiction_id}
        targets = targets.filter(campaign__plan=plan) | targets.filter(**own)
        findings = findings.filter(campaign__plan=plan) | findings.filter(**own)
        notices = notices.filter(area__jurisdiction_id=plan.area.jurisdiction_id)
    return {
        "inspections": targets.values("campaign_id", "department_id").distinct().count(),
        "found": findings.filter(campaign__year=year).count(),
        "closed": findings.filter(state__in=DONE_STATES, closed_on__range=(start, end)).count(),
        "open": findings.filter(campaign__year__lte=year).exclude(state__in=DONE_STATES, closed_on__lte=end).count(),
        "red_notices": sorted({(n.number, n.task_id) for n in notices.order_by("serial")}, key=lambda x: x[0]),
    }
