"""Defects found by review, each pinned by the story that exposed it."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import Indicator, Plan
from tasks.models import Assignment, Evidence, ProgressReport, ReportState, Task
from tasks.progress import ReportKey, StaleReportError, generate_periods, move_report, save_report
from tests.tasks.conftest import run, run_json

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def reported(actors):
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    task = Task.objects.create(plan=plan, code="1", title="任务", position=1)
    Assignment.objects.create(task=task, department=actors.market, role="lead")
    period = plan.periods.first()
    key = ReportKey(task=task, department_id=actors.market.pk, period=period)
    report = save_report(key=key, user=actors.market_staff, data={"narrative": "第一稿"}, version=None)
    return plan, task, period, key, report


def test_a_returned_report_being_revised_is_hidden_again_outside_the_department(client, actors, reported):
    _plan, task, _period, key, report = reported
    report = move_report(report=report, user=actors.market_staff, to=ReportState.SUBMITTED)
    report = move_report(report=report, user=actors.market_head, to=ReportState.CONFIRMED)
    report = move_report(report=report, user=actors.supervisor, to=ReportState.RETURNED, comment="重写")
    save_report(key=key, user=actors.market_staff, data={"narrative": "尚未提交的新稿"}, version=report.version)
    for outsider in [actors.supervisor, actors.leader]:
        client.force_login(outsider)
        assert client.get(f"/progress/{report.pk}/").status_code == 404
        assert "尚未提交的新稿" not in client.get(f"/tasks/{task.pk}/").content.decode()


def test_a_head_cannot_rename_their_department_into_another(client, actors):
    client.force_login(actors.market_head)
    client.post(f"/departments/{actors.market.pk}/edit/", {"short_name": "罗店镇", "emails_text": "a@example.gov.cn"})
    actors.market.refresh_from_db()
    assert actors.market.short_name == "市场监管局"


def test_a_leader_who_also_holds_a_department_role_is_still_read_only(client, actors):
    from django.contrib.auth.models import Group

    actors.leader.groups.add(Group.objects.get(name="部门填报员"))
    from plans.models import Membership

    Membership.objects.create(user=actors.leader, department=actors.market)
    client.force_login(actors.leader)
    assert client.post(f"/departments/{actors.market.pk}/edit/", {"emails_text": ""}).status_code == 403


def test_chapters_that_restart_clause_numbers_import(departments, tmp_path):
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


def test_an_export_with_chapter_level_tasks_imports_back(departments, tmp_path):
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
    task = Task.objects.get(plan=seed_plan, code="9")
    assert task.yearly_target
    path = tmp_path / "lean.csv"
    path.write_text("序号,牵头单位\n(九),区司法局\n", encoding="utf-8")
    status, _ = run_json("import_tasks", str(seed_plan.pk), str(path))
    assert status == 0
    task.refresh_from_db()
    assert task.yearly_target and str(task.deadline) == "2022-12-31"


def test_a_refused_second_file_leaves_no_first_file_behind(client, actors, reported, settings):
    _plan, task, period, _key, report = reported
    client.force_login(actors.market_staff)
    evidence_dir = Path(settings.MEDIA_ROOT) / "evidence"
    before = set(evidence_dir.rglob("*.pdf")) if evidence_dir.exists() else set()
    response = client.post(
        f"/tasks/{task.pk}/report/{period.pk}/",
        {
            "narrative": "新稿",
            "progress_status": "in_progress",
            "version": report.version,
            "evidence": [SimpleUploadedFile("好.pdf", PDF), SimpleUploadedFile("坏.pdf", b"not a pdf")],
        },
    )
    assert "内容不是PDF" in response.content.decode()
    assert Evidence.objects.count() == 0
    after = set(evidence_dir.rglob("*.pdf")) if evidence_dir.exists() else set()
    assert after == before


def test_saving_over_an_existing_report_without_its_version_is_refused(actors, reported):
    *_rest, key, _report = reported
    with pytest.raises(StaleReportError):
        save_report(key=key, user=actors.market_head, data={"narrative": "覆盖"}, version=None)


@pytest.mark.parametrize("to", ["", "bogus", "accepted"])
def test_a_bad_move_is_a_message_not_a_crash(client, actors, reported, to):
    *_rest, report = reported
    client.force_login(actors.market_staff)
    response = client.post(f"/progress/{report.pk}/move/", {"to": to}, follow=True)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


@pytest.mark.parametrize(
    "url",
    [
        "/tasks/mine/?plan=²",
        "/tasks/mine/?chapter=²",
        "/supervision/?plan=²",
        "/plans/{plan}/tasks/?department=²&chapter=³",
    ],
)
def test_unicode_digits_in_parameters_do_not_crash(client, actors, reported, url):
    plan, *_ = reported
    client.force_login(actors.supervisor)
    assert client.get(url.format(plan=plan.pk)).status_code == 200


def test_a_title_longer_than_the_column_is_a_form_error(client, actors):
    client.force_login(actors.supervisor)
    response = client.post(
        "/plans/import/", {"file": SimpleUploadedFile("p.txt", "一、总则\n".encode()), "title": "长" * 201}
    )
    assert response.status_code == 200
    assert "200" in response.content.decode()


def test_searching_by_clause_number_in_any_form(client, actors, departments, seed_plan):
    client.force_login(actors.supervisor)
    for written in ["二十", "(二十)", "（二十）", "20"]:
        page = client.get(f"/plans/{seed_plan.pk}/tasks/", {"q": written}).context["page"]
        assert [t.code for t in page.object_list] == ["20"], written


def test_a_revision_archives_reported_tasks_and_keeps_items_and_indicators(actors, tmp_path):
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
        key = ReportKey(task=task, department_id=actors.justice.pk, period=period)
        save_report(key=key, user=actors.justice_staff, data={"narrative": f"{task.title}已完成"}, version=None)
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


def test_an_items_milestone_binds_only_that_items_task(actors):
    import datetime

    from plans.models import Clause, Item, Milestone
    from tasks.status import statuses_for

    plan = Plan.objects.create(title="测试", start_year=2024, end_year=2024)
    generate_periods(plan)
    clause = Clause.objects.create(plan=plan, number=1, label="(一)", heading="加强培训", position=1)
    items = [
        Item.objects.create(plan=plan, clause=clause, number=n, label=f"{n}.", heading=f"项{n}", position=n + 1)
        for n in (1, 2)
    ]
    tasks = [
        Task.objects.create(
            plan=plan, clause=clause, item=i, code=f"1.{i.number}", title=i.heading, position=i.position
        )
        for i in items
    ]
    for task in tasks:
        Assignment.objects.create(task=task, department=actors.market, role="lead")
    Milestone.objects.create(
        plan=plan, clause=clause, item=items[1], due_date=datetime.date(2024, 1, 15), phrase="1月中旬前"
    )
    statuses = statuses_for(tasks, today=datetime.date(2024, 2, 1))
    assert [s.milestone.phrase for s in statuses[tasks[0].pk].milestones] == []
    assert [s.milestone.phrase for s in statuses[tasks[1].pk].milestones] == ["1月中旬前"]


def test_a_supervisor_cannot_approve_a_target_rewritten_since_the_page_was_opened(client, actors):
    from tasks.targets import save_target

    plan = Plan.objects.create(title="测试", start_year=2024, end_year=2024)
    generate_periods(plan)
    task = Task.objects.create(plan=plan, code="1", title="任务", position=1)
    Assignment.objects.create(task=task, department=actors.market, role="lead")
    target = save_target(
        task=task,
        year=2024,
        user=actors.market_staff,
        targets="第一稿",
        measures="",
        indicator_targets={},
        milestones=[],
        version=None,
    )
    for who, to in [(actors.market_staff, "submitted"), (actors.market_head, "confirmed")]:
        target = move_report(report=target, user=who, to=to)
    seen_version = target.version  # the supervisor opens the page now
    target = move_report(report=target, user=actors.supervisor, to="returned", comment="再议")
    target = save_target(
        task=task,
        year=2024,
        user=actors.market_staff,
        targets="改写稿",
        measures="",
        indicator_targets={},
        milestones=[],
        version=target.version,
    )
    for who, to in [(actors.market_staff, "submitted"), (actors.market_head, "confirmed")]:
        target = move_report(report=target, user=who, to=to)
    client.force_login(actors.supervisor)
    response = client.post(f"/targets/{target.pk}/move/", {"to": "accepted", "version": seen_version}, follow=True)
    assert "已被他人处理" in response.content.decode()
    target.refresh_from_db()
    assert target.state == ReportState.CONFIRMED


def test_punctuality_is_judged_by_the_first_submission_and_only_supervisor_returns_count(client, actors, reported):
    import datetime

    import time_machine
    from django.utils import timezone

    plan, _task, period, key, report = reported  # 2021 Q1, due 2021-04-10
    with time_machine.travel(datetime.datetime(2021, 4, 1, 10, tzinfo=datetime.UTC), tick=False):
        report = move_report(report=report, user=actors.market_staff, to=ReportState.SUBMITTED)
    first = report.first_submitted_at
    with time_machine.travel(datetime.datetime(2021, 4, 20, 10, tzinfo=datetime.UTC), tick=False):
        report = move_report(report=report, user=actors.market_head, to=ReportState.RETURNED, comment="部门内部退回")
        report = save_report(key=key, user=actors.market_staff, data={"narrative": "改"}, version=report.version)
        report = move_report(report=report, user=actors.market_staff, to=ReportState.SUBMITTED)
    assert report.first_submitted_at == first and report.submitted_at > first
    from reports.dashboards import department_ranking

    tasks = list(Task.objects.filter(plan=plan).prefetch_related("assignments__department"))
    from tasks.status import statuses_for

    for t in tasks:
        t.status = statuses_for(tasks, today=timezone.localdate())[t.pk]
    [row] = department_ranking(plan, tasks, today=period.due_date + datetime.timedelta(days=1))
    assert (row.reports_on_time, row.returned) == (1, 0)
