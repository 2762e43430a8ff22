"""Reviewing yearly targets: a supervisor never approves text they have not seen."""

from plans.models import Plan
from tasks.actions import work_move
from tasks.models import Assignment, ReportState, Task
from tasks.progress import generate_periods


def test_a_supervisor_cannot_approve_a_target_rewritten_since_the_page_was_opened(client, actors):
    """A supervisor cannot approve a target that was rewritten after they opened it."""
    from tasks.actions import target_save

    plan = Plan.objects.create(title="测试", start_year=2024, end_year=2024)
    generate_periods(plan)
    task = Task.objects.create(plan=plan, code="1", title="任务", position=1)
    Assignment.objects.create(task=task, department=actors.market, role="lead")
    target = target_save(
        task=task,
        year=2024,
        actor=actors.market_staff,
        targets="第一稿",
        measures="",
        indicator_targets={},
        milestones=[],
        version=None,
    )
    for who, to in [(actors.market_staff, "submitted"), (actors.market_head, "confirmed")]:
        target = work_move(work=target, actor=who, to=to)
    seen_version = target.version  # the supervisor opens the page now
    target = work_move(work=target, actor=actors.supervisor, to="returned", comment="再议")
    target = target_save(
        task=task,
        year=2024,
        actor=actors.market_staff,
        targets="改写稿",
        measures="",
        indicator_targets={},
        milestones=[],
        version=target.version,
    )
    for who, to in [(actors.market_staff, "submitted"), (actors.market_head, "confirmed")]:
        target = work_move(work=target, actor=who, to=to)
    client.force_login(actors.supervisor)
    response = client.post(f"/targets/{target.pk}/move/", {"to": "accepted", "version": seen_version}, follow=True)
    assert "已被他人处理" in response.content.decode()
    target.refresh_from_db()
    assert target.state == ReportState.CONFIRMED
