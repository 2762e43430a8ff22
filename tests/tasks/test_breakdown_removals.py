"""A 任务分解表 never takes a department off a task behind the preparer's back: a missing 配合单位
column changes nothing, and every removal is listed — with what becomes of that department's
reports — and confirmed before anything is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import Plan
from tasks.actions import report_save
from tasks.models import Assignment, ProgressReport, Task
from tasks.progress import generate_periods


@pytest.fixture
def task_with_supporter(actors):
    """Task (一) led by 区市场监管局 and supported by 区司法局, whose staff have a draft report."""
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    task = Task.objects.create(plan=plan, code="1", title="推进依法决策", position=1)
    Assignment.objects.create(task=task, department=actors.market, role="lead")
    Assignment.objects.create(task=task, department=actors.justice, role="support")
    report_save(
        task=task, period=plan.periods.first(), actor=actors.justice_staff, data={"narrative": "配合稿"}, version=None
    )
    return plan, task


def _upload(client, plan, text):
    response = client.post(f"/plans/{plan.pk}/breakdown/", {"file": SimpleUploadedFile("表.csv", text.encode("utf-8"))})
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def _departments(task):
    return {(a.department.name, a.role) for a in Assignment.objects.filter(task=task).select_related("department")}


def test_a_table_without_the_supporting_column_keeps_the_supporting_departments(client, actors, task_with_supporter):
    """Importing a table without 配合单位 leaves the supporters — and their draft — as they were."""
    plan, task = task_with_supporter
    client.force_login(actors.supervisor)
    preview = _upload(client, plan, "序号,牵头单位,完成时限\n(一),区市场监管局,2023年底前\n")
    page = client.get(preview).content.decode()
    assert "全部 1 行检查通过" in page and "保持不变" in page
    assert "breakdown-removals" not in page
    response = client.post(preview, {"confirm": "1"})
    assert response.status_code == 302
    assert _departments(task) == {("区市场监管局", "lead"), ("区司法局", "support")}
    assert str(Task.objects.get(pk=task.pk).deadline) == "2023-12-31"


def test_a_removal_is_listed_with_its_reports_and_needs_confirmation(client, actors, task_with_supporter):
    """A table whose 配合单位 cell is empty lists the removal and the draft it strands, and writes
    nothing until the removal is confirmed."""
    plan, task = task_with_supporter
    client.force_login(actors.supervisor)
    preview = _upload(client, plan, "序号,牵头单位,配合单位\n(一),区市场监管局,\n")
    page = client.get(preview).content.decode()
    assert "移除配合单位“区司法局”" in page
    assert "1 份进展报告保留在任务记录中" in page and "1 份草稿或退回待改的报告将不能再修改和提交" in page

    refused = client.post(preview, {"confirm": "1"})
    assert refused.status_code == 200
    assert "尚未确认移除，未导入任何内容" in refused.content.decode()
    assert _departments(task) == {("区市场监管局", "lead"), ("区司法局", "support")}

    done = client.post(preview, {"confirm": "1", "confirm_removals": "1"})
    assert done.status_code == 302
    assert _departments(task) == {("区市场监管局", "lead")}
    # The report itself is never deleted.
    assert ProgressReport.objects.filter(task=task, department=actors.justice).count() == 1


def test_the_command_refuses_removals_unless_confirmed(actors, task_with_supporter, tmp_path):
    """import_tasks lists removals and writes nothing without --confirm-removals."""
    from tests.tasks.conftest import run, run_json

    plan, task = task_with_supporter
    path = tmp_path / "表.csv"
    path.write_text("序号,牵头单位,配合单位\n(一),区司法局,\n", encoding="utf-8")
    status, out = run_json("import_tasks", str(plan.pk), str(path))
    assert status == 1 and out["unconfirmed_removals"]
    assert [(m["department"], m["role"], m["reports"]) for m in out["removals"]] == [("区市场监管局", "lead", 0)]
    assert _departments(task) == {("区市场监管局", "lead"), ("区司法局", "support")}
    status, _out, _err = run("import_tasks", str(plan.pk), str(path), "--confirm-removals")
    assert status == 0
    assert _departments(task) == {("区司法局", "lead")}
