"""`import_plan`: the seed plan and the same plan in other files, as scripts call it."""

import docx
import pytest

from plans.models import Chapter, Clause, Milestone, Plan
from tasks.models import Task
from tests.tasks.conftest import SEED, run, run_json


def clause(result, number):
    return next(u for u in result["units"] if u["level"] == "clause" and u["number"] == number)


def assert_seed_facts(result):
    assert result["counts"]["chapters"] == 11
    assert result["counts"]["clauses"] == 58
    numbers = [u["number"] for u in result["units"] if u["level"] == "clause"]
    assert numbers == list(range(1, 59))
    assert clause(result, 9)["deadlines"][0] | {"line": 0} == {
        "date": "2022-12-31",
        "phrase": "2022年年底前",
        "line": 0,
        "needs_confirmation": False,
        "recurring": None,
    }
    assert [d["date"] for d in clause(result, 48)["deadlines"]] == ["2024-12-31"]
    [c55] = clause(result, 55)["deadlines"]
    assert (c55["date"], c55["needs_confirmation"]) == ("2025-12-31", True)
    c58 = clause(result, 58)
    assert c58["heading"] == "做好规划的任务分解与评估工作"
    assert [d["date"] for d in c58["deadlines"]] == ["2023-12-31"]
    assert {"text": "不少于4人", "target": 4, "unit": "人"} in clause(result, 10)["indicators"]
    assert {"text": "不少于60学时", "target": 60, "unit": "学时"} in clause(result, 57)["indicators"]
    assert any(w["code"] == "heading_no_full_stop" for w in result["warnings"])


def test_dry_run_json_reports_the_seed_and_writes_nothing(departments):
    """A dry run of import_plan reports the 宝山 plan as JSON and writes nothing."""
    status, result = run_json("import_plan", str(SEED), "--dry-run")
    assert status == 0
    assert result["plan_id"] is None
    assert result["encoding"] == "utf-8"
    assert_seed_facts(result)
    assert Plan.objects.count() == 0


def test_the_same_plan_from_a_docx_with_full_width_brackets(departments, tmp_path):
    """import_plan reads the Word version of the plan like the text version."""
    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.startswith("("):
            line = "（" + line[1:].replace(")", "）", 1)
        document.add_paragraph(line)
    path = tmp_path / "规划.docx"
    document.save(path)
    status, result = run_json("import_plan", str(path), "--dry-run")
    assert status == 0
    assert_seed_facts(result)


def test_the_same_plan_from_gb18030_text(departments, tmp_path):
    """import_plan reads the GB18030 version of the plan like the UTF-8 one."""
    path = tmp_path / "plan-gbk.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    status, result = run_json("import_plan", str(path), "--dry-run")
    assert status == 0
    assert result["encoding"] == "gb18030"
    assert_seed_facts(result)


def test_importing_writes_the_plan_its_milestones_and_one_task_per_clause(departments):
    """Importing writes the plan, its milestones and one task per clause."""
    status, out, _ = run("import_plan", str(SEED))
    assert status == 0
    plan = Plan.objects.get()
    assert f"Plan id: {plan.pk}" in out
    assert (plan.start_year, plan.end_year) == (2021, 2025)
    assert Chapter.objects.filter(plan=plan).count() == 11
    assert Clause.objects.filter(plan=plan).count() == 58
    assert Task.objects.filter(plan=plan).count() == 58
    task9 = Task.objects.get(plan=plan, code="9")
    assert str(task9.deadline) == "2022-12-31"
    assert task9.clause.chapter.label.startswith("二")
    assert Milestone.objects.filter(plan=plan, clause__number=55, needs_confirmation=True).exists()
    assert plan.history.count() == 1 and task9.history.count() == 1


def test_years_and_title_can_be_given(departments):
    """The plan's years and title can be given on the command line."""
    status, result = run_json("import_plan", str(SEED), "--dry-run", "--years", "2021-2026", "--title", "测试规划")
    assert status == 0
    assert result["title"] == "测试规划"
    assert result["years"] == [2021, 2026]


def test_an_unreadable_file_is_one_clear_error(departments, tmp_path):
    """An unreadable file gives one clear error and a failing exit status."""
    path = tmp_path / "broken.docx"
    path.write_bytes(b"this is not a zip file")
    status, result = run_json("import_plan", str(path))
    assert status == 1
    assert result["plan_id"] is None and result["error"]
    assert Plan.objects.count() == 0


def test_a_document_without_numbered_units_fails(departments, tmp_path):
    """A document without numbered units fails to import."""
    path = tmp_path / "empty.txt"
    path.write_text("会议纪要\n\n今天开会讨论了一些事情。", encoding="utf-8")
    status, _out, err = run("import_plan", str(path))
    assert status == 1
    assert "未找到编号条目" in err


@pytest.mark.parametrize("years", ["2025-2021", "twenty"])
def test_bad_years_are_refused(departments, years):
    """Impossible plan years are refused."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run("import_plan", str(SEED), "--years", years)


def test_a_plain_task_split_numbered_only_1_becomes_one_task_per_item(departments, tmp_path):
    """A task split numbered only 1., 2., … becomes one task per item."""
    path = tmp_path / "split.txt"
    path.write_text(
        "2024年法治政府建设重点工作任务分解\n"
        "1.完善行政复议工作机制。2024年6月底前出台配套制度。\n"
        "牵头单位:区司法局\n"
        "配合单位:区政府办公室、各街镇\n"
        "2.推进执法监督全覆盖。\n"
        "责任单位:区城管执法局、区火星事务局\n",
        encoding="utf-8",
    )
    status, out, _ = run("import_plan", str(path))
    assert status == 0, out
    plan = Plan.objects.get()
    assert (plan.start_year, plan.end_year) == (2024, 2024)
    first, second = Task.objects.filter(plan=plan).order_by("position")
    assert [d.name for d in first.lead_departments] == ["区司法局"]
    supporting = {d.name for d in first.supporting_departments}
    assert "区政府办公室" in supporting and "罗店镇" in supporting  # 各街镇 expands to every 街镇
    assert str(first.deadline) == "2024-06-30"
    assert [d.name for d in second.lead_departments] == ["区城管执法局"]
    assert second.unresolved_departments == ["区火星事务局"]  # reported, never dropped


def test_a_revised_text_keeps_the_tasks_of_matched_clauses(departments, tmp_path):
    """Importing a revised text keeps the tasks of clauses it still contains."""
    run("import_plan", str(SEED))
    plan = Plan.objects.get()
    task9 = Task.objects.get(plan=plan, code="9")
    task12 = Task.objects.get(plan=plan, code="12")
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("(九)完成行政复议体制改革", "(九)全面完成行政复议体制改革")
    lines = text.splitlines()
    # Drop clause (十二) and renumber nothing: the final version simply lost it.
    lines = [line for line in lines if not line.startswith("(十二)")]
    revised = tmp_path / "final.txt"
    revised.write_text("\n".join(lines), encoding="utf-8")

    status, preview = run_json("import_plan", str(revised), "--revise", str(plan.pk), "--dry-run")
    assert status == 0
    kinds = {(c["kind"], c["number"]) for c in preview["changes"]}
    assert ("changed", 9) in kinds
    assert ("removed", 12) in kinds
    assert Task.objects.filter(pk=task12.pk).exists()  # a dry run writes nothing

    status, _result = run_json("import_plan", str(revised), "--revise", str(plan.pk))
    assert status == 0
    task9.refresh_from_db()
    assert task9.title == "全面完成行政复议体制改革"
    assert task9.history.count() == 2  # the same task, with its history
    assert Task.objects.get(pk=task12.pk).archived_at is not None  # archived, never deleted
    assert Clause.objects.filter(plan=plan).count() == 57
