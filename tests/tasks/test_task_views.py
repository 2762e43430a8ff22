"""The plan and task pages through the permission layer, with fixed query counts."""

import pytest
from django.contrib.auth import get_user_model

from plans.models import Plan
from tasks.models import Assignment, Task


@pytest.fixture
def plan_with_tasks(actors):
    def make(count: int) -> Plan:
        plan = Plan.objects.create(title=f"测试规划{count}", start_year=2021, end_year=2025)
        tasks = Task.objects.bulk_create(
            Task(plan=plan, code=str(n), title=f"任务{n}", position=n) for n in range(1, count + 1)
        )
        Assignment.objects.bulk_create(
            [Assignment(task=t, department=actors.market, role=Assignment.Role.LEAD) for t in tasks]
            + [Assignment(task=t, department=actors.justice, role=Assignment.Role.SUPPORT) for t in tasks]
        )
        return plan

    return make


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        # +1 on pages with lights: the findings that inspections adds to the facts (its provider)
        # The task list as its first reader sees it: the 章 and 部门 pickers are kept in the cache
        # afterwards (two queries less, test_task_list_pickers.py); 编辑 asks no query.
        ("/plans/{plan}/tasks/", 9),
        # Red tasks of chapter 2 in both plans: an empty page reads no departments (one query less).
        ("/plans/{plan}/tasks/?light=red&chapter=2", 8),
        ("/plans/{plan}/", 10),
        ("/plans/{plan}/tasks/export.xlsx", 16),
        ("/plans/{plan}/tasks/ledger.xlsx", 16),
        ("/plans/", 10),
    ],
)
def test_task_pages_use_a_fixed_number_of_queries(client, plan_of_500_tasks, url, budget):
    """A plan page costs the same number of queries for the demo plan's five years of progress as
    for a plan of 500 tasks, within its budget."""
    from plans.models import Plan
    from reports.todo import todo_count
    from tests.conftest import count_queries

    demo_plan = Plan.objects.exclude(pk=plan_of_500_tasks.pk).get()
    client.force_login(get_user_model().objects.get(username="supervisor"))

    def fetch(plan):
        assert client.get(url.format(plan=plan.pk)).status_code == 200

    # The header's 待办 count is cached between events (reports.todo); its own cost is pinned in
    # tests/reports/test_todo_centre.py.
    todo_count(get_user_model().objects.get(username="supervisor"))
    on_demo = count_queries(lambda: fetch(demo_plan))
    on_500 = count_queries(lambda: fetch(plan_of_500_tasks))
    assert on_demo == on_500 <= budget


def test_every_role_reads_the_plan_but_only_supervisors_change_it(client, actors, plan_with_tasks):
    """Every role reads the plan, but only supervisors change it."""
    plan = plan_with_tasks(3)
    task = plan.tasks.first()
    for who in ["market_staff", "market_head", "supervisor", "leader", "admin"]:
        client.force_login(getattr(actors, who))
        assert client.get(f"/plans/{plan.pk}/").status_code == 200, who
        assert client.get(f"/tasks/{task.pk}/").status_code == 200, who
    for who in ["market_staff", "market_head"]:
        client.force_login(getattr(actors, who))
        assert client.get(f"/plans/{plan.pk}/breakdown/").status_code == 403
        assert client.get("/plans/import/").status_code == 403
    client.force_login(actors.leader)
    assert client.post(f"/plans/{plan.pk}/breakdown/").status_code == 403
    client.force_login(actors.outsider)
    assert client.get(f"/plans/{plan.pk}/").status_code == 404
    assert client.get(f"/tasks/{task.pk}/").status_code == 404
    assert client.get(f"/plans/{plan.pk}/tasks/export.xlsx").status_code == 404


def test_the_task_list_filters_by_department_and_role(client, actors, plan_with_tasks):
    """The task list filters by department and by lead or supporting role."""
    plan = plan_with_tasks(3)
    client.force_login(actors.supervisor)
    led = client.get(f"/plans/{plan.pk}/tasks/", {"department": actors.justice.pk, "role": "lead"})
    assert "没有符合条件的任务" in led.content.decode()
    supported = client.get(f"/plans/{plan.pk}/tasks/", {"department": actors.justice.pk, "role": "support"})
    assert supported.context["page"].paginator.count == 3


def test_a_staged_upload_belongs_to_its_uploader(client, actors, tmp_path):
    """A staged plan upload is seen and confirmed only by the person who uploaded it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(actors.supervisor)
    upload = SimpleUploadedFile("plan.txt", "测试规划\n一、总则\n(一)第一条。内容。\n".encode())
    response = client.post("/plans/import/", {"file": upload})
    assert response.status_code == 302
    preview_url = response["Location"]
    assert client.get(preview_url).status_code == 200
    client.force_login(actors.admin)
    assert client.get(preview_url).status_code == 404  # another user's staged file


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "0 字节"),
        ("fake.docx", "纯文本".encode(), "内容不是Word"),
        ("photo.exe", b"MZ\x90\x00", "不支持的文件类型"),
    ],
)
def test_bad_uploads_get_a_clear_error_and_nothing_is_staged(client, actors, settings, name, content, message):
    """A bad plan upload gets a clear error and nothing is staged."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tasks import staging

    client.force_login(actors.supervisor)
    before = staging.staged_names()
    response = client.post("/plans/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert staging.staged_names() == before


def test_an_upload_over_the_limit_is_refused(client, actors, settings):
    """A plan upload over the size limit is refused."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(actors.supervisor)
    big = SimpleUploadedFile("big.txt", ("一、总则\n" + "文" * 2000).encode())
    response = client.post("/plans/import/", {"file": big})
    assert "超过大小上限" in response.content.decode()
