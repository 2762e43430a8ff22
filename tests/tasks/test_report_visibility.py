"""Who sees a progress report while it is being written or revised."""

from tasks.actions import report_save, work_move
from tasks.models import ReportState


def test_a_returned_report_being_revised_is_hidden_again_outside_the_department(client, actors, reported):
    """A returned report being revised is hidden again from supervisors and leaders until resubmitted."""
    _plan, task, _period, key, report = reported
    report = work_move(work=report, actor=actors.market_staff, to=ReportState.SUBMITTED)
    report = work_move(work=report, actor=actors.market_head, to=ReportState.CONFIRMED)
    report = work_move(work=report, actor=actors.supervisor, to=ReportState.RETURNED, comment="重写")
    report_save(**key, actor=actors.market_staff, data={"narrative": "尚未提交的新稿"}, version=report.version)
    for outsider in [actors.supervisor, actors.leader]:
        client.force_login(outsider)
        assert client.get(f"/progress/{report.pk}/").status_code == 404
        assert "尚未提交的新稿" not in client.get(f"/tasks/{task.pk}/").content.decode()
