"""Progress reports: the workflow, the permission rules applied to reports and evidence, no lost
work, and fixed query counts."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from plans.locking import StaleError
from plans.models import Indicator, Plan
from reports.todo import todo_count
from tasks.actions import report_save, work_move
from tasks.models import Assignment, Evidence, ProgressReport, ReportState, ReportTransitionError, Task
from tasks.progress import generate_periods

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def plan(actors):
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    return plan


def make_tasks(plan, actors, count):
    tasks = Task.objects.bulk_create(
        Task(plan=plan, code=str(n), title=f"任务{n}", position=n) for n in range(1, count + 1)
    )
    Assignment.objects.bulk_create(
        [Assignment(task=t, department=actors.market, role=Assignment.Role.LEAD) for t in tasks]
        + [Assignment(task=t, department=actors.justice, role=Assignment.Role.SUPPORT) for t in tasks]
    )
    return tasks


@pytest.fixture
def task(plan, actors):
    return make_tasks(plan, actors, 1)[0]


@pytest.fixture
def period(plan):
    return plan.periods.get(year=2023, index=2)


def draft(task, period, actors, text="完成了制度起草"):
    key = dict(task=task, period=period)
    return report_save(**key, actor=actors.market_staff, data={"narrative": text}, version=None)


def test_periods_follow_the_plans_years_and_cadence(plan):
    """Reporting periods follow the plan's years, cadence and due days."""
    periods = list(plan.periods.all())
    assert len(periods) == 20
    q2 = plan.periods.get(year=2023, index=2)
    assert (q2.label, q2.start, q2.end, q2.due_date) == (
        "2023年第二季度",
        datetime.date(2023, 4, 1),
        datetime.date(2023, 6, 30),
        datetime.date(2023, 7, 10),
    )
    later = Plan.objects.create(
        title="十五五", start_year=2026, end_year=2030, report_cadence="half_yearly", report_due_days=15
    )
    generate_periods(later)
    generate_periods(later)  # idempotent
    assert later.periods.count() == 10
    assert later.periods.last().due_date == datetime.date(2031, 1, 15)


def test_the_whole_flow_with_every_forbidden_move(task, period, actors):
    """A report goes draft → submitted → confirmed → returned → accepted, and every forbidden move is refused."""
    report = draft(task, period, actors)
    with pytest.raises(ReportTransitionError):
        work_move(work=report, actor=actors.supervisor, to=ReportState.ACCEPTED)
    report = work_move(work=report, actor=actors.market_staff, to=ReportState.SUBMITTED)
    with pytest.raises(ReportTransitionError):
        work_move(work=report, actor=actors.market_staff, to=ReportState.CONFIRMED)  # staff are not the head
    report = work_move(work=report, actor=actors.market_head, to=ReportState.CONFIRMED)
    with pytest.raises(ReportTransitionError, match="意见"):
        work_move(work=report, actor=actors.supervisor, to=ReportState.RETURNED)
    report = work_move(work=report, actor=actors.supervisor, to=ReportState.RETURNED, comment="请补充佐证材料")
    assert report.is_editable and report.review_comment == "请补充佐证材料"
    key = dict(task=task, period=period)
    report = report_save(**key, actor=actors.market_staff, data={"narrative": "已补充"}, version=report.version)
    report = work_move(work=report, actor=actors.market_staff, to=ReportState.SUBMITTED)
    report = work_move(work=report, actor=actors.market_head, to=ReportState.CONFIRMED)
    report = work_move(work=report, actor=actors.supervisor, to=ReportState.ACCEPTED)
    assert report.state == ReportState.ACCEPTED
    with pytest.raises(Exception, match="不能修改"):
        report_save(**key, actor=actors.market_staff, data={"narrative": "改"}, version=report.version)
    with pytest.raises(ReportTransitionError):
        work_move(work=report, actor=actors.leader, to=ReportState.RETURNED, comment="领导想改")
    report = work_move(work=report, actor=actors.supervisor, to=ReportState.RETURNED, comment="统计口径有误，重新打开")
    states = [h.state for h in report.history.order_by("history_date", "history_id")]
    assert states == [
        "draft",
        "submitted",
        "confirmed",
        "returned",
        "returned",
        "submitted",
        "confirmed",
        "accepted",
        "returned",
    ]


def test_one_report_per_task_department_and_period(task, period, actors):
    """A department has one report per task and period."""
    draft(task, period, actors)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.create(task=task, department=actors.market, period=period)


def test_a_department_not_on_the_task_cannot_report(task, period, actors):
    """A department not assigned to a task cannot report on it."""
    Assignment.objects.filter(task=task, department=actors.justice).delete()
    with pytest.raises(PermissionDenied):
        report_save(task=task, period=period, actor=actors.justice_staff, data={"narrative": "x"}, version=None)
    assert not ProgressReport.objects.filter(task=task).exists()


class TestPermissionsThroughUrls:
    def test_a_draft_and_its_evidence_are_invisible_outside_the_department(self, client, task, period, actors):
        """A draft and its evidence are invisible outside the department, supervisors included."""
        report = draft(task, period, actors)
        evidence = self._attach(client, actors, task, period)
        for outsider in [actors.justice_staff, actors.supervisor, actors.leader]:
            client.force_login(outsider)
            assert client.get(f"/progress/{report.pk}/").status_code == 404
            assert client.get(f"/evidence/{evidence.pk}/").status_code == 404
        client.force_login(actors.market_head)
        assert client.get(f"/evidence/{evidence.pk}/").status_code == 200

    def test_submitted_work_is_read_by_supervisors_and_leaders_who_change_nothing(self, client, task, period, actors):
        """Supervisors and leaders read submitted work and its evidence but cannot confirm it; other departments cannot read it."""
        report = draft(task, period, actors)
        evidence = self._attach(client, actors, task, period)
        work_move(work=report, actor=actors.market_staff, to=ReportState.SUBMITTED)
        for reader in [actors.supervisor, actors.leader]:
            client.force_login(reader)
            page = client.get(f"/progress/{report.pk}/")
            assert page.status_code == 200 and "完成了制度起草" in page.content.decode(), reader
            download = client.get(f"/evidence/{evidence.pk}/")
            assert download.status_code == 200, reader
            assert download["Content-Disposition"].startswith("attachment")
            assert b"".join(download.streaming_content) == PDF
            response = client.post(f"/progress/{report.pk}/move/", {"to": "confirmed"})
            assert response.status_code == (403 if reader == actors.leader else 302), reader  # leaders: read-only
            report.refresh_from_db()
            assert report.state == ReportState.SUBMITTED, reader  # only the market head confirms
        client.force_login(actors.justice_staff)  # a supporting department reads only its own part
        assert client.get(f"/progress/{report.pk}/").status_code == 404
        assert client.get(f"/evidence/{evidence.pk}/").status_code == 404

    def test_anonymous_users_are_sent_to_login(self, client, task, period, actors):
        """An anonymous visitor asking for a report is sent to the login page."""
        report = draft(task, period, actors)
        response = client.get(f"/progress/{report.pk}/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def _attach(self, client, actors, task, period):
        client.force_login(actors.market_staff)
        report = ProgressReport.objects.get(task=task, period=period)
        client.post(
            f"/tasks/{task.pk}/report/{period.pk}/",
            {
                "narrative": "完成了制度起草",
                "progress_status": "in_progress",
                "version": report.version,
                "evidence": SimpleUploadedFile("制度.pdf", PDF, content_type="application/pdf"),
            },
        )
        client.logout()
        return Evidence.objects.get(report=report)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("空.pdf", b"", "0 字节"),
        ("伪装.pdf", b"GIF89a not a pdf", "内容不是PDF"),
        ("大.pdf", PDF + b"0" * 3000, "超过大小上限"),
    ],
)
def test_bad_evidence_gets_a_clear_error_and_leaves_nothing(
    client, task, period, actors, settings, name, content, message
):
    """Bad evidence (empty, not a PDF, too big) gets a clear error and the whole save is undone."""
    from pathlib import Path

    settings.UPLOAD_MAX_BYTES = 2048
    report = draft(task, period, actors)
    client.force_login(actors.market_staff)
    evidence_dir = Path(settings.MEDIA_ROOT) / "evidence"
    before = sorted(evidence_dir.rglob("*")) if evidence_dir.exists() else []
    response = client.post(
        f"/tasks/{task.pk}/report/{period.pk}/",
        {
            "narrative": "新的进展",
            "progress_status": "in_progress",
            "version": report.version,
            "evidence": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Evidence.objects.count() == 0
    after = sorted(evidence_dir.rglob("*")) if evidence_dir.exists() else []
    assert after == before
    report.refresh_from_db()
    assert report.narrative == "完成了制度起草"  # the whole save was rolled back with the file


def test_a_second_concurrent_save_is_refused_and_keeps_its_text(client, task, period, actors):
    """A second person saving over a report changed since they opened it is refused and keeps their text."""
    report = draft(task, period, actors)
    opened_version = report.version
    client.force_login(actors.market_staff)
    url = f"/tasks/{task.pk}/report/{period.pk}/"
    first = client.post(url, {"narrative": "张晓燕的修改", "progress_status": "in_progress", "version": opened_version})
    assert first.status_code == 302
    client.force_login(actors.market_head)
    second = client.post(
        url, {"narrative": "李建国的修改", "progress_status": "in_progress", "version": opened_version}
    )
    assert second.status_code == 200
    page = second.content.decode()
    assert "已被他人修改" in page
    assert "李建国的修改" in page  # their text is still on the page
    report.refresh_from_db()
    assert report.narrative == "张晓燕的修改"


@pytest.mark.django_db(transaction=True)
def test_two_saves_racing_in_threads_never_both_win(actors, plan):
    """Two saves racing at the same moment never both win (SQLite and PostgreSQL alike)."""
    task = make_tasks(plan, actors, 1)[0]
    period = plan.periods.first()
    report = draft(task, period, actors)
    key = dict(task=task, period=period)
    outcomes = []

    def save(text):
        try:
            report_save(**key, actor=actors.market_staff, data={"narrative": text}, version=report.version)
            outcomes.append("saved")
        except StaleError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(f"版本{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "saved"]


def test_the_lead_sees_the_supporting_departments_submitted_part(client, task, period, actors):
    """The lead department sees a supporting department's part once it is submitted."""
    key = dict(task=task, period=period)
    part = report_save(**key, actor=actors.justice_staff, data={"narrative": "司法局配合完成培训"}, version=None)
    client.force_login(actors.market_staff)
    url = f"/tasks/{task.pk}/report/{period.pk}/"
    assert "司法局配合完成培训" not in client.get(url).content.decode()  # still a draft
    work_move(work=part, actor=actors.justice_staff, to=ReportState.SUBMITTED)
    assert "司法局配合完成培训" in client.get(url).content.decode()


def test_indicator_values_are_recorded(client, task, period, actors, plan):
    """Values reported for a clause's indicators are recorded with the report."""
    from plans.models import Clause

    clause = Clause.objects.create(plan=plan, number=1, label="(一)", heading="测试", position=1)
    task.clause = clause
    task.save()
    indicator = Indicator.objects.create(plan=plan, clause=clause, text="不少于4人", target=4, unit="人")
    client.force_login(actors.market_staff)
    client.post(
        f"/tasks/{task.pk}/report/{period.pk}/",
        {
            "narrative": "配备到位",
            "progress_status": "completed",
            "percent_complete": 100,
            f"indicator_{indicator.pk}": "5人",
        },
    )
    report = ProgressReport.objects.get()
    assert report.indicator_values == {str(indicator.pk): "5人"}
    assert report.percent_complete == 100


def test_percent_must_be_0_to_100(client, task, period, actors):
    """A completion percentage outside 0–100 is refused."""
    client.force_login(actors.market_staff)
    response = client.post(
        f"/tasks/{task.pk}/report/{period.pk}/",
        {"narrative": "x", "progress_status": "in_progress", "percent_complete": 120},
    )
    assert "0 到 100" in response.content.decode()
    assert ProgressReport.objects.count() == 0


def test_review_queue_lists_oldest_first(client, plan, actors):
    """The supervisor's review queue lists the oldest confirmed reports first; staff cannot open it."""
    tasks = make_tasks(plan, actors, 3)
    period = plan.periods.first()
    for t in reversed(tasks):
        r = draft(t, period, actors)
        work_move(work=r, actor=actors.market_staff, to=ReportState.SUBMITTED)
        work_move(work=r, actor=actors.market_head, to=ReportState.CONFIRMED)
    client.force_login(actors.supervisor)
    queue = client.get("/review/").context["page"].object_list
    assert [r["task__title"] for r in queue] == [t.title for t in reversed(tasks)]
    client.force_login(actors.market_staff)
    assert client.get("/review/").status_code == 403


@pytest.mark.parametrize("count", [5, 500])
def test_progress_pages_keep_a_fixed_number_of_queries(client, plan, actors, django_assert_max_num_queries, count):
    """The progress pages cost a fixed number of queries for 5 or 500 tasks."""
    tasks = make_tasks(plan, actors, count)
    period = plan.periods.get(year=2025, index=4)
    reports = []
    for t in tasks[:5]:
        r = draft(t, period, actors)
        reports.append(work_move(work=r, actor=actors.market_staff, to=ReportState.SUBMITTED))
        work_move(work=r, actor=actors.market_head, to=ReportState.CONFIRMED)
    client.force_login(actors.market_staff)
    # The header's 待办 count is cached between events (reports.todo); tests/reports/test_todo_centre.py pins it.
    todo_count(actors.market_staff)
    todo_count(actors.supervisor)
    with django_assert_max_num_queries(20):  # the periods still owed: one gathering of the facts, findings included
        assert client.get("/tasks/mine/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"/tasks/{tasks[0].pk}/report/{period.pk}/").status_code == 200
    client.force_login(actors.supervisor)
    with django_assert_max_num_queries(12):
        assert client.get("/review/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"/progress/{reports[0].pk}/").status_code == 200
    with django_assert_max_num_queries(21):  # with its 延期申请 and the supervisor's edit form
        assert client.get(f"/tasks/{tasks[0].pk}/").status_code == 200
