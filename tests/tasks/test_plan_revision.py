"""Importing a revised plan over the old one keeps reported work."""

from plans.models import Indicator, Plan
from tasks.actions import report_save
from tasks.models import ProgressReport, Task
from tests.tasks.conftest import run, run_json


def test_a_revision_archives_reported_tasks_and_keeps_items_and_indicators(actors, tmp_path):
    """A revised plan archives dropped tasks with their reports and keeps moved items and indicators."""
    original = tmp_path / "v1.txt"
    original.write_text(
        "2024年重点工作任务分解\n一、法治队伍建设\n(一)加强培训。\n1.组织轮训。每人不少于60学时。\n牵头单位:区司法局\n"
        "2.开展考试。\n牵头单位:区司法局\n(二)清理文件。\n牵头单位:区司法局\n",
        encoding="utf-8",
    )
    _, result = run_json("import_plan", str(original))
    plan = Plan.objects.get(pk=result["plan_id"])
    training = Task.objects.get(plan=plan, title="组织轮训")
    cleanup = Task.objects.get(plan=plan, title="清理文件")
    period = plan.periods.first()
    for task in (training, cleanup):
        key = dict(task=task, period=period)
        report_save(**key, actor=actors.justice_staff, data={"narrative": f"{task.title}已完成"}, version=None)
    indicator = Indicator.objects.get(plan=plan, text="不少于60学时")

    revised = tmp_path / "v2.txt"
    revised.write_text(
        "2024年重点工作任务分解\n一、法治队伍建设\n(一)加强培训。\n1.组织新任务。\n牵头单位:区司法局\n"
        "2.组织轮训。每人不少于60学时。\n牵头单位:区司法局\n3.开展考试。\n牵头单位:区司法局\n",
        encoding="utf-8",
    )
    status, _ = run_json("import_plan", str(revised), "--revise", str(plan.pk))
    assert status == 0
    training.refresh_from_db()
    assert training.title == "组织轮训" and training.archived_at is None
    assert ProgressReport.objects.get(task=training).narrative == "组织轮训已完成"
    assert Indicator.objects.filter(pk=indicator.pk).exists()  # values reported against it stay attached
    cleanup.refresh_from_db()
    assert cleanup.archived_at is not None  # its clause is gone; its report is not
    assert ProgressReport.objects.filter(task=cleanup).exists()
    assert not Task.objects.visible_to(actors.supervisor).filter(pk=cleanup.pk).exists()
    assert run("import_plan", str(revised), "--revise", str(plan.pk))[0] == 0  # and again: idempotent
