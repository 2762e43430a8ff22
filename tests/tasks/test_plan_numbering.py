"""Clause numbers as plans write them: restarting per chapter, and searched in any form."""

from tasks.models import Task
from tests.tasks.conftest import run_json


def test_chapters_that_restart_clause_numbers_import(departments, tmp_path):
    """A plan whose chapters restart clause numbers imports with distinct task codes."""
    path = tmp_path / "restart.txt"
    path.write_text(
        "某区实施方案\n一、总体要求\n(一)指导思想。坚持依法行政。\n(二)工作目标。2023年底前完成。\n"
        "二、主要任务\n(一)完善制度。2024年6月底前出台。\n(二)强化监督。\n",
        encoding="utf-8",
    )
    status, result = run_json("import_plan", str(path))
    assert status == 0, result
    codes = list(Task.objects.filter(plan_id=result["plan_id"]).order_by("position").values_list("code", flat=True))
    assert codes == ["C1.1", "C1.2", "C2.1", "C2.2"]


def test_searching_by_clause_number_in_any_form(client, actors, departments, seed_plan):
    """The task list finds a clause by its number written in any form."""
    client.force_login(actors.supervisor)
    for written in ["二十", "(二十)", "（二十）", "20"]:
        page = client.get(f"/plans/{seed_plan.pk}/tasks/", {"q": written}).context["page"]
        assert [row["code"] for row in page.object_list] == ["20"], written
