"""政务公开: a plan's public page, read without signing in — the one exception to the login rule
(``login_not_required`` on these two views; tests/reports/annual/test_public_page.py holds it to
that). Off unless a supervisor switched it on for the plan (``PublicPage``); off, it is a 404.

It shows only what is public by nature: the plan's chapters and clauses, each task's lead
department, its status light and the overall completion, and the PUBLISHED annual reports as PDF.
Nothing a department or the 司法局 wrote — drafts, evidence, findings, comments — nor any person's
name is read here at all."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from plans.models import Clause, Plan
from plans.policy import ANONYMOUS
from reports.annual_models import AnnualReport, PublicPage
from reports.dashboards import build_dashboard
from tasks.status import Light


def _public_plan(pk: int) -> Plan:
    page = get_object_or_404(PublicPage.objects.select_related("plan"), plan_id=pk, enabled=True)
    if page.plan.archived_at is not None:
        raise Http404("该规划未公开。")
    return page.plan


@login_not_required
@require_safe
def public_plan(request, pk: int):
    plan = _public_plan(pk)
    dash = build_dashboard(plan, ANONYMOUS, today=timezone.localdate())
    headings = dict(Clause.objects.filter(plan=plan).values_list("label", "heading"))
    chapters = []
    for row in dash.chapters:
        clauses: dict[str, dict] = {}
        for t in row.tasks:
            clause = clauses.setdefault(
                t.clause_label, {"label": t.clause_label, "heading": headings.get(t.clause_label, ""), "tasks": []}
            )
            clause["tasks"].append(
                {
                    "title": t.title,
                    "lead": "、".join(t.lead_names),
                    "light": t.status.light,
                    "light_label": Light.LABELS[t.status.light],
                }
            )
        chapters.append(
            {
                "label": row.chapter.label if row.chapter else "",
                "heading": row.chapter.heading if row.chapter else "其他任务",
                "percent": row.percent,
                "clauses": list(clauses.values()),
            }
        )
    reports = AnnualReport.objects.filter(plan=plan, state=AnnualReport.State.PUBLISHED).select_related("department")
    context = {
        "plan": plan,
        "chapters": chapters,
        "completion": dash.finite_percent,
        "tasks": len(dash.tasks),
        "lights": list(dash.lights),
        "reports": reports.order_by("-year", "department__name"),
        "today": timezone.localdate(),
    }
    return render(request, "reports/public/plan.html", context)


@login_not_required
@require_safe
def public_report_pdf(request, pk: int, report_pk: int):
    plan = _public_plan(pk)
    report = get_object_or_404(
        AnnualReport.objects.select_related("department"), pk=report_pk, plan=plan, state=AnnualReport.State.PUBLISHED
    )
    if not report.pdf:
        raise Http404("文件不存在。")
    name = f"{report.scope_name}{report.year}年法治政府建设工作情况报告.pdf"
    return FileResponse(report.pdf.open("rb"), filename=name, content_type="application/pdf")
