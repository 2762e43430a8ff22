"""Punctuality in the department ranking: the first submission counts, and only supervisors' returns."""

from tasks.actions import report_save, work_move
from tasks.models import ReportState, Task


def test_punctuality_is_judged_by_the_first_submission_and_only_supervisor_returns_count(client, actors, reported):
    """The ranking judges punctuality by the first submission and counts only supervisors' returns."""
    import datetime

    import time_machine
    from django.utils import timezone

    plan, _task, period, key, report = reported  # 2021 Q1, due 2021-04-10
    with time_machine.travel(datetime.datetime(2021, 4, 1, 10, tzinfo=datetime.UTC), tick=False):
        report = work_move(work=report, actor=actors.market_staff, to=ReportState.SUBMITTED)
    first = report.first_submitted_at
    with time_machine.travel(datetime.datetime(2021, 4, 20, 10, tzinfo=datetime.UTC), tick=False):
        report = work_move(work=report, actor=actors.market_head, to=ReportState.RETURNED, comment="部门内部退回")
        report = report_save(**key, actor=actors.market_staff, data={"narrative": "改"}, version=report.version)
        report = work_move(work=report, actor=actors.market_staff, to=ReportState.SUBMITTED)
    assert report.first_submitted_at == first and report.submitted_at > first
    from reports.dashboards import department_ranking

    tasks = list(Task.objects.filter(plan=plan).prefetch_related("assignments__department"))
    from tasks.status import statuses_for

    for t in tasks:
        t.status = statuses_for(tasks, today=timezone.localdate())[t.pk]
    [row] = department_ranking(plan, tasks, today=period.due_date + datetime.timedelta(days=1))
    assert (row.reports_on_time, row.returned) == (1, 0)
