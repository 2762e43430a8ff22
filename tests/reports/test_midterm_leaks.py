"""The midterm evaluation is built from handed-in work only: no draft, returned text or internal
comment of a department reaches it."""

import datetime

from django.utils import timezone

from reports import midterm
from reports.midterm_pdf import render_html
from tests.security.leak_world import LeakWorld


def test_the_report_shows_nothing_its_readers_may_not_read(db, settings, tmp_path):
    """Built on the leak world, the report's HTML and data carry no text that supervisors or leaders may not read."""
    settings.MEDIA_ROOT = tmp_path
    world = LeakWorld()
    report = midterm.build(world.plan, as_of=timezone.localdate())
    text = render_html(report, draft=True) + midterm.to_json(report)
    assert world.forbidden("sup", text) == []
    assert world.forbidden("lead", text) == []
    assert report.as_of <= datetime.date.today()
