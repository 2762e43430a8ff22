"""The plan's page (its chapters and tasks) is the same for every reader: it is rendered once for
each version of the plan and shows a change on the next visit."""

from django.test import Client

from plans.models import Chapter, Clause, Plan
from tasks.models import Assignment, Task
from tests.conftest import count_queries


def page(user, plan) -> str:
    client = Client()
    client.force_login(user)
    return client.get(f"/plans/{plan.pk}/").content.decode()


def test_the_second_reader_reads_the_kept_page_and_a_change_shows_at_once(actors):
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    chapter = Chapter.objects.create(plan=plan, number=1, label="一、", heading="第一章")
    clause = Clause.objects.create(plan=plan, chapter=chapter, number=1, label="（一）", heading="条一", position=1)
    task = Task.objects.create(plan=plan, clause=clause, code="1", title="推进行政复议体制改革", position=1)
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)

    first = page(actors.supervisor, plan)
    assert "推进行政复议体制改革" in first and "区市场监管局" in first
    leader = Client()
    leader.force_login(actors.leader)
    leader.get(f"/plans/{plan.pk}/")
    kept = count_queries(lambda: leader.get(f"/plans/{plan.pk}/"))
    assert "推进行政复议体制改革" in page(actors.leader, plan)

    task.title = "完成行政复议体制改革"
    task.save()
    assert "完成行政复议体制改革" in page(actors.leader, plan)
    clause.label = "（1）"
    clause.save()
    assert "（1）" in page(actors.market_staff, plan)
    # Kept, the page reads the session, the user, the actor and the plan: not its tasks or chapters.
    assert kept <= 6
