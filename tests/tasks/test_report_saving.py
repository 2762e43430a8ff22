"""Saving and moving a report: stale saves and bad moves are refused without harm."""

import pytest

from plans.locking import StaleError
from tasks.actions import report_save
from tasks.models import ReportState


def test_saving_over_an_existing_report_without_its_version_is_refused(actors, reported):
    """Saving over an existing report without saying which version was opened is refused."""
    *_rest, key, _report = reported
    with pytest.raises(StaleError):
        report_save(**key, actor=actors.market_head, data={"narrative": "覆盖"}, version=None)


@pytest.mark.parametrize("to", ["", "bogus", "accepted"])
def test_a_bad_move_is_a_message_not_a_crash(client, actors, reported, to):
    """A bad or forbidden move on a report is a message to the user, and the report stays a draft."""
    *_rest, report = reported
    client.force_login(actors.market_staff)
    response = client.post(f"/progress/{report.pk}/move/", {"to": to}, follow=True)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
