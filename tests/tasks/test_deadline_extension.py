"""延期申请: a department asks to move its task's due date, a supervisor grants it, and the task's
own date moves — lights, 督办 and the timeline follow — while the clause's milestone stays as the
plan wrote it for the other task that shares it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from inspections.escalation import open_matters
from plans.models import Chapter, Clause, Milestone, Plan
from tasks import actions
from tasks.facts import gather_facts
from tasks.models import Assignment, DeadlineExtension, Task
from tasks.progress import generate_periods, task_timeline

TODAY = datetime.date(2023, 3, 1)
DUE = datetime.date(2022, 12, 31)
NEW = datetime.date(2023, 9, 30)


@pytest.fixture
def shared_clause(actors):
    """Two tasks of one clause that says 2022年底前完成: one led by 区市场监管局, one by 罗店镇."""
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    chapter = Chapter.objects.create(plan=plan, number=1, label="一、", heading="总体要求")
    clause = Clause.objects.create(plan=plan, chapter=chapter, number=1, label="(一)", heading="改革", position=1)
    Milestone.objects.create(plan=plan, clause=clause, due_date=DUE, phrase="2022年底前完成")
    tasks = []
    for n, unit in ((1, actors.market), (2, actors.town)):
        task = Task.objects.create(plan=plan, clause=clause, code=f"1.{n}", title=f"任务{n}", position=n)
        Assignment.objects.create(task=task, department=unit, role="lead")
        tasks.append(task)
    for model in (Task, Assignment, Milestone):  # written when the plan was imported, in 2021
        model.history.update(history_date=datetime.datetime(2021, 1, 5, tzinfo=datetime.UTC))
    return tasks


def milestone_states(task, today=TODAY, as_of=None):
    facts = gather_facts(task.plan_id, today=today, as_of=as_of)
    return [(m.milestone.due_date, m.state) for m in facts.status(task.pk).milestones]


def test_a_granted_extension_moves_only_the_tasks_own_date(actors, shared_clause):
    """Granted, the market's task is judged on the new date and leaves the 督办 ladder's old matter;
    罗店镇's task on the same clause is still overdue; the record says why, in the timeline."""
    mine, theirs = shared_clause
    assert milestone_states(mine) == [(DUE, "overdue")]
    extension = actions.extension_request(
        actor=actors.market_staff,
        task=mine,
        original_due=DUE,
        proposed_due=NEW,
        reason="需等待市级配套政策出台",
        now=datetime.datetime(2023, 2, 1, 9, tzinfo=datetime.UTC),
    )
    assert milestone_states(mine) == [(DUE, "overdue")]  # asking changes nothing
    actions.extension_decide(
        actor=actors.supervisor,
        extension=extension,
        grant=True,
        comment="同意延期",
        now=datetime.datetime(2023, 2, 15, 9, tzinfo=datetime.UTC),
    )

    mine.refresh_from_db()
    assert mine.due_overrides == {DUE.isoformat(): NEW.isoformat()}
    assert milestone_states(mine) == [(NEW, "upcoming")]
    assert milestone_states(theirs) == [(DUE, "overdue")]
    assert Milestone.objects.get().due_date == DUE  # the plan's text is untouched
    phrase = gather_facts(mine.plan_id, today=TODAY).status(mine.pk).milestones[0].milestone.phrase
    assert phrase == "2022年底前完成（延期至2023-09-30）"

    # 督办 reads the same dates: the market's milestone is judged on the new date's report.
    milestones = {(m.task_id, m.kind): m for m in open_matters(TODAY) if m.kind == "milestone"}
    assert milestones[mine.pk, "milestone"].due_date > NEW
    assert milestones[theirs.pk, "milestone"].due_date < TODAY

    # As of the day before the grant, the task still had the plan's date.
    assert milestone_states(mine, as_of=datetime.date(2023, 2, 14)) == [(DUE, "overdue")]
    assert milestone_states(mine, as_of=datetime.date(2023, 2, 15)) == [(NEW, "upcoming")]

    verbs = [(e.verb, e.comment) for e in task_timeline(actors.supervisor, mine)]
    assert verbs[:2] == [("extension.grant", "同意延期"), ("extension.request", "需等待市级配套政策出台")]
    assert DeadlineExtension.objects.get().state == "granted"


def test_who_may_ask_and_who_decides(actors, shared_clause):
    """Only a department on the task asks; only a supervisor decides, once; refusing needs a reason."""
    mine, _theirs = shared_clause
    with pytest.raises(PermissionDenied):
        actions.extension_request(actor=actors.justice_staff, task=mine, original_due=DUE, proposed_due=NEW, reason="x")
    with pytest.raises(ValidationError):
        actions.extension_request(actor=actors.market_staff, task=mine, original_due=DUE, proposed_due=DUE, reason="x")
    extension = actions.extension_request(
        actor=actors.market_staff, task=mine, original_due=DUE, proposed_due=NEW, reason="理由"
    )
    with pytest.raises(ValidationError):  # one open request per date
        actions.extension_request(actor=actors.market_head, task=mine, original_due=DUE, proposed_due=NEW, reason="再")
    with pytest.raises(PermissionDenied):
        actions.extension_decide(actor=actors.market_head, extension=extension, grant=True)
    with pytest.raises(ValidationError):
        actions.extension_decide(actor=actors.supervisor, extension=extension, grant=False)
    actions.extension_decide(actor=actors.supervisor, extension=extension, grant=False, comment="理由不充分")
    with pytest.raises(PermissionDenied):
        actions.extension_decide(actor=actors.supervisor, extension=extension, grant=True)
    mine.refresh_from_db()
    assert mine.due_overrides == {}


def test_the_department_asks_on_the_task_page_and_the_supervisor_grants_on_the_request(actors, shared_clause):
    """The form on the task page, the decision on the request's page, the new date on the task page."""
    mine, _theirs = shared_clause
    staff = Client()
    staff.force_login(actors.market_staff)
    page = staff.get(f"/tasks/{mine.pk}/").content.decode()
    assert 'data-testid="extension-form"' in page and "2022-12-31 2022年底前完成" in page
    response = staff.post(
        f"/tasks/{mine.pk}/extension/",
        {"original_due": "2022-12-31", "proposed_due": "2023-09-30", "reason": "需等待市级配套政策出台"},
    )
    assert response.status_code == 302
    extension = DeadlineExtension.objects.get()
    supervisor = Client()
    supervisor.force_login(actors.supervisor)
    assert "需等待市级配套政策出台" in supervisor.get(f"/extensions/{extension.pk}/").content.decode()
    supervisor.post(f"/extensions/{extension.pk}/decide/", {"decision": "grant", "comment": "同意"})
    page = staff.get(f"/tasks/{mine.pk}/").content.decode()
    assert "本任务时限 <s>2022-12-31</s> → <strong>2023-09-30</strong>" in page
    assert "时限 2022-12-31 → 2023-09-30" in page  # the timeline's entry
