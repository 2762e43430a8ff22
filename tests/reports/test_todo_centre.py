"""待办: each role finds what waits for them on their home page, at /todo/ and as a count in the
header — each item one click from its form — for a fixed number of queries."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from reports import todo
from reports.todo import TodoItem, register_todo_source, todo_count, todo_for
from tasks import actions
from tasks.models import ProgressReport, ReportingPeriod, Task
from tests.conftest import count_queries

pytestmark = pytest.mark.usefixtures("frozen_clock")


def user(name):
    return get_user_model().objects.get(username=name)


def client_for(name) -> Client:
    client = Client()
    client.force_login(user(name))
    return client


def sections(name) -> dict[str, list[TodoItem]]:
    return {s.key: s.items for s in todo_for(user(name), today=timezone.localdate())}


def file_overdue(staff, *, count=1) -> list[ProgressReport]:
    """The staff write and submit the overdue past periods the to-do centre lists, oldest first."""
    filed = []
    for item in sections("staff")["reports_to_write"][:count]:
        task_id, period_id = map(int, re.findall(r"\d+", item.url))
        report = actions.report_save(
            actor=staff,
            task=Task.objects.get(pk=task_id),
            period=ReportingPeriod.objects.get(pk=period_id),
            data={"narrative": "补报：已按要求推进"},
            version=None,
        )
        filed.append(actions.report_submit(actor=staff, report=report))
    return filed


def test_each_role_sees_what_waits_for_them(demo_data):
    """Staff see their overdue past periods, each linking to its form; once filed the head sees it
    under 待确认, once confirmed the supervisor under 待审核; a 延期申请 waits for the supervisor."""
    mine = sections("staff")
    assert [i.label for i in mine["reports_to_write"]] == ["逾期未报", "逾期未报"]
    first = mine["reports_to_write"][0]
    assert re.fullmatch(r"/tasks/\d+/report/\d+/", first.url)
    assert client_for("staff").get(first.url).status_code == 200  # one click from its form
    assert "inspections" in mine  # 整改 of 督察 findings
    assert "confirm" not in sections("head") and "review" not in sections("supervisor")

    (report,) = file_overdue(user("staff"))
    assert len(sections("staff")["reports_to_write"]) == 1
    waiting = sections("head")["confirm"]
    assert [(i.label, i.url) for i in waiting] == [("进展报告待确认", f"/progress/{report.pk}/")]

    actions.report_confirm(actor=user("head"), report=report)
    assert [i.url for i in sections("supervisor")["review"]] == [f"/progress/{report.pk}/"]
    assert "confirm" not in sections("head")

    task = report.task
    deadline = task.deadline or datetime.date(2025, 12, 31)
    actions.extension_request(
        actor=user("staff"), task=task, original_due=deadline, proposed_due=deadline.replace(year=2027), reason="理由"
    )
    assert sections("supervisor")["extensions"][0].label == "延期申请待审批"


def test_returned_work_has_its_own_section(demo_data):
    (report,) = file_overdue(user("staff"))
    report = actions.report_return(actor=user("head"), report=report, comment="请补充佐证材料")
    returned = sections("staff")["returned"]
    assert len(returned) == 1 and "请补充佐证材料" in returned[0].detail
    assert returned[0].url == f"/tasks/{report.task_id}/report/{report.period_id}/"


@pytest.mark.parametrize("name", ["staff", "head", "supervisor", "leader"])
def test_the_todo_page_costs_the_same_queries_however_much_waits(demo_data, name):
    """/todo/ on the demo, then with three more reports submitted and confirmed: the same queries."""
    client = client_for(name)
    client.get("/todo/")  # the plans' facts are cached, as on any busy day

    def fetch():
        assert client.get("/todo/").status_code == 200

    before = count_queries(fetch)
    staff, head = user("staff"), user("head")
    for report in file_overdue(staff, count=2):
        actions.report_confirm(actor=head, report=report)
    client.get("/todo/")
    after = count_queries(fetch)
    # Each includes the annual reports due (reports.annual): the plans, their reports, the owing department.
    assert before == after <= {"staff": 14, "head": 17, "supervisor": 18, "leader": 6}[name]


def test_the_header_count_is_cached_until_something_happens(demo_data, django_capture_on_commit_callbacks):
    """The header's badge matches the page and costs no query on the next page; a move updates it."""
    client = client_for("head")
    page = client.get("/todo/").content.decode()
    total = re.search(r'data-testid="todo-total">(\d+)<', page).group(1)
    plans_page = client.get("/plans/").content.decode()
    assert re.search(r'data-testid="nav-todo-count">(\d+)<', plans_page).group(1) == total

    def fetch():
        client.get("/plans/")

    cached = count_queries(fetch)
    with django_capture_on_commit_callbacks(execute=True):
        file_overdue(user("staff"))  # an event, once committed: every count is stale
    fresh = count_queries(fetch)
    assert fresh > cached
    assert count_queries(fetch) == cached
    badge = re.search(r'data-testid="nav-todo-count">(\d+)<', client.get("/plans/").content.decode()).group(1)
    # One overdue period less for the department, one submission more to confirm: the same total.
    assert int(badge) == int(total) == todo_count(user("head"))
    assert "进展报告待确认" in client.get("/todo/").content.decode()


def test_another_kind_of_work_joins_with_one_function(demo_data):
    """The hook for any other kind of work: register a source, get a section."""

    def inventory_due(user, actor, today):
        return [TodoItem("台账待核对", "2025年度执法台账", "/todo/", today)] if actor.is_head else []

    register_todo_source("inventory", "台账核对", inventory_due)
    try:
        assert sections("head")["inventory"][0].label == "台账待核对"
        assert "inventory" not in sections("staff")
        assert "台账待核对" in client_for("head").get("/my/").content.decode()
    finally:
        todo._SOURCES.pop("inventory")


def test_last_years_annual_report_is_on_the_departments_todo(demo_data):
    """The annual reports' source is registered: in spring 2025 the department owes its 2024 report,
    one click from the annual page, due 31 March."""
    spring = datetime.date(2025, 4, 1)
    [item] = {s.key: s.items for s in todo_for(user("staff"), today=spring)}["annual_reports"]
    assert "2024年法治政府建设年度报告" in item.label and item.due == datetime.date(2025, 3, 31) and item.overdue
    assert "annual_reports" not in {s.key for s in todo_for(user("leader"), today=spring)}
