"""Who sees a progress report while it is being written or revised."""

from tasks.models import ReportState
from tasks.progress import move_report, save_report


def test_a_returned_report_being_revised_is_hidden_again_outside_the_department(client, actors, reported):
    """A returned report being revised is hidden again from supervisors and leaders until resubmitted."""
    _plan, task, _period, key, report = reported
    report = move_report(report=report, user=actors.market_staff, to=ReportState.SUBMITTED)
    report = move_report(report=report, user=actors.market_head, to=ReportState.CONFIRMED)
    report = move_report(report=report, user=actors.supervisor, to=ReportState.RETURNED, comment="重写")
    save_report(key=key, user=actors.market_staff, data={"narrative": "尚未提交的新稿"}, version=report.version)
    for outsider in [actors.supervisor, actors.leader]:
        client.force_login(outsider)
        assert client.get(f"/progress/{report.pk}/").status_code == 404
        assert "尚未提交的新稿" not in client.get(f"/tasks/{task.pk}/").content.decode()
