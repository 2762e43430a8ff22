"""A 任务分解表 exported and edited comes back in without losing what it does not mention."""

from plans.models import Plan
from tasks.models import Assignment, Task
from tests.tasks.conftest import run_json


def test_an_export_with_chapter_level_tasks_imports_back(departments, tmp_path):
    """An exported table of chapter-level tasks imports back, refused only for a missing lead."""
    path = tmp_path / "chapters.txt"
    path.write_text("年度工作要点\n一、推进依法决策。\n二、加强执法监督。\n", encoding="utf-8")
    _, result = run_json("import_plan", str(path))
    plan = Plan.objects.get(pk=result["plan_id"])
    assert list(plan.tasks.values_list("code", flat=True)) == ["C1", "C2"]
    from tasks.breakdown import export_breakdown

    Assignment.objects.create(task=plan.tasks.get(code="C1"), department_id=_dept(), role="lead")
    exported = tmp_path / "out.xlsx"
    exported.write_bytes(export_breakdown(plan.tasks.prefetch_related("assignments__department")).export("xlsx"))
    status, out = run_json("import_tasks", str(plan.pk), str(exported))
    assert status == 1  # C2 has no lead yet: refused by row, not by an unreadable 序号
    assert [e["column"] for e in out["errors"]] == ["牵头单位"]


def _dept():
    from plans.models import Department

    return Department.objects.get(name="区司法局").pk


def test_a_table_without_a_yearly_target_column_keeps_the_targets(departments, seed_plan, tmp_path):
    """A table without a yearly target column leaves the tasks' targets and deadlines as they were."""
    task = Task.objects.get(plan=seed_plan, code="9")
    assert task.yearly_target
    path = tmp_path / "lean.csv"
    path.write_text("序号,牵头单位\n(九),区司法局\n", encoding="utf-8")
    status, _ = run_json("import_tasks", str(seed_plan.pk), str(path))
    assert status == 0
    task.refresh_from_db()
    assert task.yearly_target and str(task.deadline) == "2022-12-31"
