"""When nothing matches, the list across plans says so (and how to widen it); a user who reads no
plan is told there is none, not shown an error."""

from plans.models import Plan
from tasks.models import Task


def test_no_matching_task_says_so_and_offers_the_other_plans(client, actors):
    plan = Plan.objects.create(title="现行规划", start_year=2021, end_year=2025)
    Task.objects.create(plan=plan, code="1", title="推进复议体制改革", position=1)
    client.force_login(actors.market_staff)
    page = client.get("/tasks/?q=不存在的任务").content.decode()
    assert "没有符合条件的任务。可选择“含其他和已归档规划”扩大范围。" in page
    assert 'data-testid="task-table"' not in page
    assert "没有符合条件的任务。</div>" in client.get("/tasks/?q=不存在的任务&scope=all").content.decode()


def test_a_user_without_a_role_reads_no_plan(client, actors):
    Plan.objects.create(title="现行规划", start_year=2021, end_year=2025)
    client.force_login(actors.outsider)
    response = client.get("/tasks/")
    assert response.status_code == 200
    assert "还没有可查看的规划。" in response.content.decode()
    assert 'data-testid="all-tasks"' not in client.get("/plans/").content.decode()
