"""The reporting moves of 督查督办 platforms: taking a hand-in back before the next step acts,
accepting several confirmed reports at once from the review queue, a comment on acceptance."""

import pytest
from django.test import Client

from tasks import actions
from tasks.models import Assignment, ProgressReport, ReportState, ReportTransitionError, Task
from tasks.progress import task_timeline


def _submitted(actors, reported):
    _plan, _task, _period, _key, report = reported
    return actions.report_submit(actor=actors.market_staff, report=report)


def test_staff_withdraw_a_submission_before_the_head_confirms(actors, reported):
    """Withdrawn, the report is a draft again, not handed in, and the timeline keeps the step
    inside the department."""
    report = _submitted(actors, reported)
    report = actions.report_withdraw(actor=actors.market_staff, report=report)
    assert (report.state, report.submitted_at, report.first_submitted_at) == (ReportState.DRAFT, None, None)
    event = task_timeline(actors.market_staff, report.task)[0]
    assert (event.verb, event.audience) == ("report.withdraw", "department")
    assert not task_timeline(actors.supervisor, report.task).filter(verb="report.withdraw").exists()


def test_the_head_returns_a_submission_with_a_reason_rather_than_taking_it_back(actors, reported):
    report = _submitted(actors, reported)
    with pytest.raises(ReportTransitionError):
        actions.report_withdraw(actor=actors.market_head, report=report)
    client = Client()
    client.force_login(actors.market_head)
    assert 'data-testid="withdraw"' not in client.get(f"/progress/{report.pk}/").content.decode()


def test_once_confirmed_only_the_head_withdraws_and_never_after_review(actors, reported):
    report = actions.report_confirm(actor=actors.market_head, report=_submitted(actors, reported))
    with pytest.raises(ReportTransitionError):
        actions.report_withdraw(actor=actors.market_staff, report=report)
    with pytest.raises(ReportTransitionError):
        actions.report_withdraw(actor=actors.supervisor, report=report)
    report = actions.report_withdraw(actor=actors.market_head, report=report)
    assert report.state == ReportState.DRAFT and report.confirmed_at is None
    report = actions.report_submit(actor=actors.market_staff, report=report)
    report = actions.report_confirm(actor=actors.market_head, report=report)
    report = actions.report_accept(actor=actors.supervisor, report=report)
    for who in (actors.market_staff, actors.market_head):
        with pytest.raises(ReportTransitionError):
            actions.report_withdraw(actor=who, report=report)


def test_the_withdraw_button_is_on_the_submitted_report(actors, reported):
    report = _submitted(actors, reported)
    client = Client()
    client.force_login(actors.market_staff)
    page = client.get(f"/progress/{report.pk}/").content.decode()
    assert 'data-testid="withdraw"' in page
    client.post(f"/progress/{report.pk}/move/", {"to": "draft", "version": report.version})
    assert ProgressReport.objects.get(pk=report.pk).state == ReportState.DRAFT


def test_a_supervisor_accepts_two_reports_at_once_with_a_comment(actors, reported):
    """Ticked on the queue, both are accepted with the comment, each with its own event; a report
    that is not confirmed refuses the whole batch."""
    plan, task, period, _key, first = reported
    other = Task.objects.create(plan=plan, code="2", title="任务二", position=2)
    Assignment.objects.create(task=other, department=actors.market, role="lead")
    second = actions.report_save(
        actor=actors.market_staff, task=other, period=period, data={"narrative": "第二项"}, version=None
    )
    confirmed = []
    for report in (first, second):
        report = actions.report_submit(actor=actors.market_staff, report=report)
        confirmed.append(actions.report_confirm(actor=actors.market_head, report=report))
    client = Client()
    client.force_login(actors.supervisor)
    queue = client.get("/review/").content.decode()
    assert "批量审核通过" in queue and queue.count('name="report"') == 2

    # One already accepted (another supervisor was quicker) refuses the whole batch.
    done = actions.report_save(
        actor=actors.market_staff, task=task, period=plan.periods.all()[1], data={"narrative": "已审"}, version=None
    )
    done = actions.report_confirm(
        actor=actors.market_head, report=actions.report_submit(actor=actors.market_staff, report=done)
    )
    actions.report_accept(actor=actors.supervisor, report=done)
    client.post("/review/accept/", {"report": [confirmed[0].pk, done.pk], "comment": "同意"})
    assert ProgressReport.objects.get(pk=confirmed[0].pk).state == ReportState.CONFIRMED  # all or none

    response = client.post("/review/accept/", {"report": [r.pk for r in confirmed], "comment": "材料齐全，同意"})
    assert response.status_code == 302
    accepted = ProgressReport.objects.filter(pk__in=[r.pk for r in confirmed])
    assert {(r.state, r.review_comment) for r in accepted} == {(ReportState.ACCEPTED, "材料齐全，同意")}
    for report in confirmed:
        event = task_timeline(actors.market_staff, report.task)[0]
        assert (event.verb, event.comment) == ("report.accept", "材料齐全，同意")


def test_the_acceptance_form_takes_a_comment(actors, reported):
    report = actions.report_confirm(actor=actors.market_head, report=_submitted(actors, reported))
    client = Client()
    client.force_login(actors.supervisor)
    assert "审核意见（可选）" in client.get(f"/progress/{report.pk}/").content.decode()
    client.post(f"/progress/{report.pk}/move/", {"to": "accepted", "comment": "很好", "version": report.version})
    assert ProgressReport.objects.get(pk=report.pk).review_comment == "很好"
