"""What users read is Chinese, said once, and not broken by the layout."""

import re

from django.contrib.auth.models import Group
from django.core.checks import run_checks
from django.test import Client

from plans.models import Plan
from plans.parsing import ParsedPlan
from tasks.models import Task
from tasks.progress import generate_periods


def _plan(title="宝山区法治政府建设规划（2024—2026年）"):
    plan = Plan.objects.create(title=title, start_year=2024, end_year=2026)
    generate_periods(plan)
    Task.objects.create(plan=plan, code="1", title="任务", position=1, unresolved_departments=["区营商环境优化办"])
    return plan


def test_the_import_preview_names_the_kind_of_file_not_a_codec_called_docx():
    """The preview says “Word 文档” for a .docx, and the encoding only for a text file."""
    assert ParsedPlan("t", "docx", (2021, 2025), [], []).source_label == "Word 文档"
    assert ParsedPlan("t", "gb18030", (2021, 2025), [], []).source_label == "文本文件（GB18030 编码）"


def test_dashboards_print_the_plan_years_once(client, actors):
    """A title that already says its years is not followed by them again."""
    plan = _plan()
    client.force_login(actors.supervisor)
    page = client.get(f"/supervision/?plan={plan.pk}").content.decode()
    assert "（2024—2026年）（2024" not in page and "（2024—2026年）" in page
    assert Plan(title="某规划", start_year=2021, end_year=2025).title_with_years == "某规划（2021—2025年）"


def test_the_header_does_not_repeat_a_name_that_is_the_role(client, actors):
    """An account named 系统管理员 with the role 系统管理员 reads once in the header."""
    admin = actors.admin
    admin.first_name = Group.objects.get(user=admin).name
    admin.save()
    client.force_login(admin)
    header = client.get("/plans/").content.decode().split('data-testid="current-user">')[1].split("</span>")[0]
    assert header.count(admin.first_name) == 1


def test_the_same_export_has_the_same_name_and_headers_do_not_wrap(client, actors):
    """The task list's export is 导出任务分解表, as on the plan page; 完成度 never wraps."""
    plan = _plan()
    client.force_login(actors.supervisor)
    page = client.get(f"/plans/{plan.pk}/tasks/").content.decode()
    assert "导出任务分解表" in page and "导出 Excel" not in page
    assert '<th class="text-end text-nowrap">完成度</th>' in page
    dashboard = client.get(f"/supervision/?plan={plan.pk}").content.decode()
    assert '<th class="text-end">完成度</th>' not in dashboard


def test_labels_for_screen_readers_are_chinese(client, actors):
    """No aria-label in English on the pages users open."""
    plan = _plan()
    client.force_login(actors.supervisor)
    for url in ["/supervision/", "/plans/", f"/plans/{plan.pk}/tasks/", "/review/"]:
        labels = re.findall(r'aria-label="([^"]*)"', client.get(url).content.decode())
        assert labels and not [label for label in labels if re.fullmatch(r"[A-Za-z ]+", label)], url


def test_the_admin_shows_unknown_department_names_as_lines_not_json(client, actors):
    """A task's unidentified departments are edited one per line in the admin, never as JSON."""
    task = _plan().tasks.get()
    client.force_login(actors.admin)
    page = client.get(f"/admin/tasks/task/{task.pk}/change/").content.decode()
    assert "区营商环境优化办" in page and '["区营商环境优化办"]' not in page and "[&quot;" not in page


def test_error_pages_are_chinese_when_debug_is_off(actors, settings):
    """403, 404 and 500 answer in Chinese."""
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(actors.market_staff)
    assert "页面不存在" in client.get("/tasks/999999/").content.decode()
    assert "无权" in client.get("/supervision/").content.decode()
    from django.test import RequestFactory
    from django.views.defaults import server_error

    assert "服务器出错" in server_error(RequestFactory().get("/")).content.decode()


def test_a_site_url_the_site_is_not_served_under_is_reported(settings):
    """manage.py check warns when SITE_URL, which email links use, is not one of ALLOWED_HOSTS."""
    settings.ALLOWED_HOSTS = ["duban.example.gov.cn"]
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert "duban.W001" in [m.id for m in run_checks()]
    settings.SITE_URL = "https://duban.example.gov.cn"
    assert "duban.W001" not in [m.id for m in run_checks()]
