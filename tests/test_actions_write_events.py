"""Every named action writes exactly one event: who did it, to what, from which state to which,
and who may read about it."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from notifications.actions import delivery_claim, delivery_fail, delivery_send
from notifications.models import Delivery
from plans.actions import department_contacts_update
from plans.models import Event, Plan
from plans.policy import SYSTEM
from tasks.actions import (
    MilestoneInput,
    breakdown_import,
    evidence_add,
    evidence_remove,
    plan_import,
    plan_revise,
    report_accept,
    report_confirm,
    report_reopen,
    report_return,
    report_save,
    report_submit,
    target_save,
    target_submit,
    task_urge,
)
from tasks.models import Assignment, Task
from tasks.plan_import import parse_source, read_source
from tasks.progress import generate_periods

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PLAN = "宝山区测试规划\n一、总体要求\n(一)推进复议体制改革。区司法局牵头，2022年年底前完成。\n"
WHEN = datetime.datetime(2023, 7, 3, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def task(actors):
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    task = Task.objects.create(plan=plan, code="1", title="推进复议体制改革", position=1)
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    return task


@pytest.fixture
def period(task):
    return task.plan.periods.get(year=2023, index=2)


def only_new_event(since: int) -> Event:
    """The one event written since the log had ``since`` rows."""
    events = list(Event.objects.order_by("pk")[since:])
    assert len(events) == 1, [e.verb for e in events]
    return events[0]


def draft(actors, task, period, now=None):
    return report_save(
        actor=actors.market_staff, task=task, period=period, data={"narrative": "进展"}, version=None, now=now
    )


def test_saving_a_new_draft_is_one_internal_event_dated_by_the_clock(actors, task, period):
    """Creating a draft is one event, read only inside the department, dated when it happened."""
    report = draft(actors, task, period, now=WHEN)
    event = Event.objects.get()
    assert (event.verb, event.actor, event.from_state, event.to_state) == (
        "report.draft",
        actors.market_staff,
        "",
        "draft",
    )
    assert (event.audience, event.occurred_at, event.subject) == (Event.Audience.DEPARTMENT, WHEN, report)
    assert report.history.get().history_date == WHEN and report.created_at == WHEN
    count = Event.objects.count()
    report_save(actor=actors.market_staff, task=task, period=period, data={"narrative": "改"}, version=report.version)
    assert Event.objects.count() == count  # later wording is in the history, not the log
    assert report.history.count() == 2


@pytest.mark.parametrize(
    ("steps", "verb", "who", "from_to", "audience"),
    [
        ([], "report.submit", "market_staff", ("draft", "submitted"), "oversight"),
        (["submit"], "report.confirm", "market_head", ("submitted", "confirmed"), "oversight"),
        (["submit"], "report.return", "market_head", ("submitted", "returned"), "department"),
        (["submit", "confirm"], "report.return", "supervisor", ("confirmed", "returned"), "oversight"),
        (["submit", "confirm"], "report.accept", "supervisor", ("confirmed", "accepted"), "oversight"),
        (["submit", "confirm", "accept"], "report.reopen", "supervisor", ("accepted", "returned"), "oversight"),
    ],
)
def test_each_workflow_step_is_one_event(actors, task, period, steps, verb, who, from_to, audience):
    """Submit, confirm, return (a head's inside the department), accept and reopen: one event each."""
    report = draft(actors, task, period)
    moves = {
        "submit": lambda r: report_submit(actor=actors.market_staff, report=r),
        "confirm": lambda r: report_confirm(actor=actors.market_head, report=r),
        "accept": lambda r: report_accept(actor=actors.supervisor, report=r),
    }
    for step in steps:
        report = moves[step](report)
    last = {
        "report.submit": lambda r: report_submit(actor=actors.market_staff, report=r),
        "report.confirm": lambda r: report_confirm(actor=actors.market_head, report=r),
        "report.return": lambda r: report_return(actor=getattr(actors, who), report=r, comment="请补充"),
        "report.accept": lambda r: report_accept(actor=actors.supervisor, report=r),
        "report.reopen": lambda r: report_reopen(actor=actors.supervisor, report=r, comment="口径有误"),
    }[verb]
    since = Event.objects.count()
    report = last(report)
    event = only_new_event(since)
    assert (event.verb, event.actor, (event.from_state, event.to_state)) == (verb, getattr(actors, who), from_to)
    assert event.audience == audience and event.subject == report
    assert event.ref == f"task:{task.pk}" and event.data["period"] == period.label


def test_a_named_action_refuses_a_move_of_another_kind(actors, task, period):
    """report_reopen is not a way to return a confirmed report: the named action says which move it is."""
    report = report_confirm(
        actor=actors.market_head, report=report_submit(actor=actors.market_staff, report=draft(actors, task, period))
    )
    since = Event.objects.count()
    with pytest.raises(Exception, match="不能执行此操作"):
        report_reopen(actor=actors.supervisor, report=report, comment="x")
    assert Event.objects.count() == since


def test_yearly_targets_write_the_same_kinds_of_events(actors, task):
    """A target's draft and its submission are one event each, named as a target's."""
    target = target_save(
        actor=actors.market_staff,
        task=task,
        year=2024,
        targets="全年完成复议体制改革",
        measures="按季度推进",
        indicator_targets={},
        milestones=[MilestoneInput(datetime.date(2024, 6, 30), "完成方案")],
        version=None,
    )
    assert Event.objects.get().verb == "target.draft"
    since = Event.objects.count()
    target_submit(actor=actors.market_staff, report=target)
    event = only_new_event(since)
    assert (event.verb, event.to_state, event.data["year"]) == ("target.submit", "submitted", 2024)


def test_adding_and_removing_evidence_are_internal_events(actors, task, period, settings, tmp_path):
    """A file added to a draft, and removed again: one department-internal event each."""
    settings.MEDIA_ROOT = tmp_path
    report = draft(actors, task, period)
    since = Event.objects.count()
    evidence = evidence_add(actor=actors.market_staff, report=report, uploaded=SimpleUploadedFile("说明.pdf", PDF))
    added = only_new_event(since)
    assert (added.verb, added.audience, added.data["name"]) == ("evidence.add", "department", "说明.pdf")
    evidence_remove(actor=actors.market_staff, evidence=evidence)
    removed = only_new_event(since + 1)
    assert (removed.verb, removed.actor) == ("evidence.remove", actors.market_staff)


def test_an_urge_is_one_event_for_the_oversight_and_one_queued_delivery_per_lead(
    actors, task, eager_celery, django_capture_on_commit_callbacks
):
    """A supervisor's 催办: one task.urge event, and each lead department's message in its own record."""
    with django_capture_on_commit_callbacks(execute=True):
        task_urge(actor=actors.supervisor, task=task, note="请于本周内报送")
    urge = Event.objects.get(verb="task.urge")
    assert (urge.actor, urge.audience, urge.comment) == (actors.supervisor, "oversight", "请于本周内报送")
    assert urge.data["departments"] == ["区市场监管局"]
    assert list(Event.objects.filter(verb__startswith="delivery.").values_list("verb", flat=True).order_by("pk")) == [
        "delivery.queue",
        "delivery.sent",
    ]
    assert len(mail.outbox) == 1


def test_only_supervisors_urge(actors, task):
    """Staff, heads and leaders cannot 催办, and a refused urge writes nothing."""
    for who in (actors.market_staff, actors.market_head, actors.leader):
        with pytest.raises(PermissionDenied):
            task_urge(actor=who, task=task, note="x")
    assert not Event.objects.exists() and not Delivery.objects.exists()


def test_delivery_state_changes_are_in_their_history_and_the_log(actors):
    """A delivery goes pending → sending → sent; each change is a history record, and the queueing
    and the sending are events. Giving up on one is an event too."""
    delivery = delivery_claim(actor=SYSTEM, key="k1", template="test", context={}, recipients=["a@example.gov.cn"])
    assert delivery_send(actor=SYSTEM, delivery_id=delivery.pk) is True
    assert list(delivery.history.order_by("history_id").values_list("status", flat=True)) == [
        "pending",
        "sending",
        "sent",
    ]
    assert list(Event.objects.filter(object_id=delivery.pk).order_by("pk").values_list("verb", "to_state")) == [
        ("delivery.queue", "pending"),
        ("delivery.sent", "sent"),
    ]
    other = delivery_claim(actor=SYSTEM, key="k2", template="test", context={}, recipients=["b@example.gov.cn"])
    since = Event.objects.count()
    delivery_fail(actor=SYSTEM, delivery_id=other.pk, error="模板错误")
    event = only_new_event(since)
    assert (event.verb, event.from_state, event.to_state, event.comment) == (
        "delivery.fail",
        "pending",
        "failed",
        "模板错误",
    )


def test_only_the_system_sends_and_the_system_only_does_what_it_is_listed_for(actors, task, period):
    """A user cannot send a delivery; the system actor cannot write or review a department's report."""
    delivery = delivery_claim(actor=SYSTEM, key="k3", template="test", context={}, recipients=["a@example.gov.cn"])
    with pytest.raises(PermissionDenied):
        delivery_send(actor=actors.supervisor, delivery_id=delivery.pk)
    with pytest.raises(PermissionDenied):
        report_save(actor=SYSTEM, task=task, period=period, data={"narrative": "x"}, version=None)
    report = report_submit(actor=actors.market_staff, report=draft(actors, task, period))
    with pytest.raises(Exception, match="权限"):
        report_confirm(actor=SYSTEM, report=report)


def test_importing_revising_and_assigning_a_plan_are_public_events(actors):
    """A plan's import, its 任务分解表 and a revision: one event each, read by everyone with a role."""
    source = read_source(PLAN.encode(), "plan.txt")
    plan = plan_import(actor=actors.supervisor, parsed=parse_source(source), source=source, now=WHEN)
    event = Event.objects.get()
    assert (event.verb, event.actor, event.audience, event.plan) == ("plan.import", actors.supervisor, "everyone", plan)
    assert Plan.history.get(pk=plan.pk).history_date == WHEN  # the structure is dated by the clock too
    table = "序号,任务内容,牵头单位,配合单位,完成时限\n(一),推进复议体制改革,区司法局,区市场监管局,2022年年底前\n"
    since = Event.objects.count()
    result = breakdown_import(actor=actors.supervisor, plan=plan, data=table.encode(), filename="表.csv")
    assert result.ok, result.errors
    assert only_new_event(since).verb == "plan.breakdown"
    revised = read_source((PLAN + "(二)建立执法监督体系。区司法局牵头。\n").encode(), "plan-v2.txt")
    plan_revise(actor=actors.supervisor, plan=plan, parsed=parse_source(revised), source=revised)
    event = only_new_event(since + 1)
    assert event.verb == "plan.revise" and event.data["changes"] == {"unchanged": 1, "added": 1}


def test_staff_cannot_import_a_plan(actors):
    """Importing is the 司法局's: a department's staff is refused and nothing is written."""
    source = read_source(PLAN.encode(), "plan.txt")
    with pytest.raises(PermissionDenied):
        plan_import(actor=actors.market_staff, parsed=parse_source(source), source=source)
    assert not Plan.objects.exists() and not Event.objects.exists()


def test_a_head_sets_the_departments_contacts_as_one_event(actors):
    """Changing where 催办 go is an event the 司法局 can read, with what it was before."""
    department_contacts_update(actor=actors.market_head, department=actors.market, emails=["new@example.gov.cn"])
    event = Event.objects.get()
    assert (event.verb, event.department, event.audience) == ("department.contacts", actors.market, "oversight")
    assert event.data == {"before": ["scjg@baoshan.example.gov.cn"], "after": ["new@example.gov.cn"]}
