"""Saving and moving a report: stale saves and bad moves are refused without harm."""

import pytest

from tasks.models import ReportState
from tasks.progress import StaleReportError, save_report


def test_saving_over_an_existing_report_without_its_version_is_refused(actors, reported):
    """Saving over an existing report without saying which version was opened is refused."""
    *_rest, key, _report = reported
    with pytest.raises(StaleReportError):
        save_report(key=key, user=actors.market_head, data={"narrative": "覆盖"}, version=None)


@pytest.mark.parametrize("to", ["", "bogus", "accepted"])
def test_a_bad_move_is_a_message_not_a_crash(client, actors, reported, to):
    """A bad or forbidden move on a report is a message to the user, and the report stays a draft."""
    *_rest, report = reported
    client.force_login(actors.market_staff)
    response = client.post(f"/progress/{report.pk}/move/", {"to": to}, follow=True)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
