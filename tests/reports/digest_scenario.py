"""A plan with a known week (Monday 8 to Sunday 14 July 2024) and five digest readers with
different scopes; shared by the digest's tests (the real-worker test commits it)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from plans import events
from plans.models import Chapter, Clause, Event, Plan
from plans.roles import Role
from reports.models import DigestScope, LeaderDepartment
from tasks.models import Assignment, ProgressReport, ReportState, Task
from tasks.progress import generate_periods

TODAY = datetime.date(2024, 7, 15)  # the Monday the digest goes out
WEEK_START, WEEK_END = datetime.date(2024, 7, 8), datetime.date(2024, 7, 14)
TZ = datetime.timezone(datetime.timedelta(hours=8))
DRAFT_TEXT = "部门内部草稿：尚未报送的进展"


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@dataclass
class Scenario:
    plan: Plan
    chapter_1: Chapter
    chapter_2: Chapter
    tasks: dict[str, Task]
    readers: dict[str, object]


def _report(task, department, period, *, state, day, returned=False, narrative="按计划推进"):
    with time_machine.travel(at(day), tick=False):
        return ProgressReport.objects.create(
            task=task,
            department=department,
            period=period,
            state=state,
            narrative=narrative,
            submitted_at=at(day) if state != ReportState.DRAFT else None,
            first_submitted_at=at(day) if state != ReportState.DRAFT else None,
            returned_by_reviewer=returned,
        )


def make_digest_scenario(actors) -> Scenario:
    """Tasks A (区市场监管局, ch. 1, reported), B (区司法局, ch. 1, Q2 report missing: red in the
    week), C (罗店镇, ch. 2, deadline 12 July missed; its Q2 report returned in the week), D (大场镇,
    ch. 2, 区市场监管局 supporting), E (大场镇, ch. 2, new in the week, a draft report)."""
    with time_machine.travel(at(datetime.date(2024, 1, 2)), tick=False):
        plan = Plan.objects.create(title="2024年法治建设工作要点", start_year=2024, end_year=2024)
        generate_periods(plan)
        ch1 = Chapter.objects.create(plan=plan, number=1, label="第一章", heading="依法行政", line=1)
        ch2 = Chapter.objects.create(plan=plan, number=2, label="第二章", heading="基层法治", line=10)
        cl1 = Clause.objects.create(
            plan=plan, chapter=ch1, number=1, label="（一）", heading="执法", position=1, line=2
        )
        cl2 = Clause.objects.create(
            plan=plan, chapter=ch2, number=2, label="（二）", heading="街镇", position=2, line=11
        )
        tasks = {
            "A": Task.objects.create(plan=plan, clause=cl1, code="1", title="推进执法监督", position=1),
            "B": Task.objects.create(plan=plan, clause=cl1, code="2", title="出台复议规则", position=2),
            "C": Task.objects.create(
                plan=plan,
                clause=cl2,
                code="3",
                title="街镇合法性审查全覆盖",
                position=3,
                deadline=datetime.date(2024, 7, 12),
                deadline_phrase="2024年7月12日前",
            ),
            "D": Task.objects.create(plan=plan, clause=cl2, code="4", title="村居法律顾问", position=4),
        }
        Assignment.objects.create(task=tasks["A"], department=actors.market, role="lead")
        Assignment.objects.create(task=tasks["B"], department=actors.justice, role="lead")
        Assignment.objects.create(task=tasks["C"], department=actors.town, role="lead")
        Assignment.objects.create(task=tasks["D"], department=actors.town2, role="lead")
        Assignment.objects.create(task=tasks["D"], department=actors.market, role="support")
    with time_machine.travel(at(datetime.date(2024, 7, 9)), tick=False):
        tasks["E"] = Task.objects.create(plan=plan, clause=cl2, code="5", title="新增：公共法律服务", position=5)
        Assignment.objects.create(task=tasks["E"], department=actors.town2, role="lead")
    q1, q2 = plan.periods.get(index=1), plan.periods.get(index=2)
    for task, department in [("A", actors.market), ("B", actors.justice), ("C", actors.town), ("D", actors.town2)]:
        _report(tasks[task], department, q1, state=ReportState.ACCEPTED, day=datetime.date(2024, 4, 5))
    _report(tasks["A"], actors.market, q2, state=ReportState.ACCEPTED, day=datetime.date(2024, 7, 5))
    _report(tasks["D"], actors.town2, q2, state=ReportState.ACCEPTED, day=datetime.date(2024, 7, 9))
    returned = _report(
        tasks["C"], actors.town, q2, state=ReportState.RETURNED, day=datetime.date(2024, 7, 11), returned=True
    )
    with time_machine.travel(at(datetime.date(2024, 7, 11)), tick=False):
        events.record(
            actor=actors.supervisor,
            verb="report.return",
            subject=returned,
            audience=Event.Audience.OVERSIGHT,
            from_state=ReportState.SUBMITTED,
            to_state=ReportState.RETURNED,
            comment="请补充审查台账",
            plan=plan,
            department=actors.town,
            ref=f"task:{tasks['C'].pk}",
        )
    draft = _report(
        tasks["E"], actors.town2, q2, state=ReportState.DRAFT, day=datetime.date(2024, 7, 10), narrative=DRAFT_TEXT
    )
    with time_machine.travel(at(datetime.date(2024, 7, 10)), tick=False):
        events.record(
            actor=actors.market_staff,
            verb="report.save",
            subject=draft,
            audience=Event.Audience.DEPARTMENT,
            to_state=ReportState.DRAFT,
            comment=DRAFT_TEXT,
            plan=plan,
            department=actors.town2,
        )

    leader_group = Group.objects.get(name=Role.LEADER)

    def leader(username):
        user = get_user_model().objects.create_user(
            username, f"{username}@baoshan.example.gov.cn", "x", first_name=username
        )
        user.groups.add(leader_group)
        return user

    whole, chapters, towns, justice = leader("whole"), leader("chapters"), leader("towns"), leader("justice_ld")
    DigestScope.objects.create(user=whole, plan=plan, kind=DigestScope.Kind.PLAN)
    DigestScope.objects.create(user=chapters, plan=plan, kind=DigestScope.Kind.CHAPTERS).chapters.add(ch1)
    DigestScope.objects.create(user=towns, plan=plan, kind=DigestScope.Kind.DEPARTMENTS)
    LeaderDepartment.objects.create(user=towns, department=actors.town)
    DigestScope.objects.create(user=justice, plan=plan, kind=DigestScope.Kind.DEPARTMENTS)
    LeaderDepartment.objects.create(user=justice, department=actors.justice)
    readers = {"whole": whole, "chapters": chapters, "towns": towns, "justice": justice, "head": actors.market_head}
    return Scenario(plan, ch1, ch2, tasks, readers)
