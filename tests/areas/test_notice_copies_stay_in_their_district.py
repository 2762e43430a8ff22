"""A 督办单 is copied to the unit's 分管 leaders who read its district — its own leader and the city's —
never to another district's leader set in charge of the unit by mistake."""

import datetime

from django.core import mail

from inspections.actions import notice_issue
from reports.models import LeaderDepartment


def test_a_notice_is_copied_only_to_leaders_who_read_the_units_district(
    districts, eager_celery, django_capture_on_commit_callbacks
):
    market = districts.world.market
    for role in ("lead", "clead", "blead"):
        LeaderDepartment.objects.create(user=districts.users[role], department=market)
    with django_capture_on_commit_callbacks(execute=True):
        notice_issue(
            actor=districts.users["sup"],
            colour="yellow",
            units=[market],
            subject="嘉定区领导批示",
            requirement="请两周内报送进展",
            today=datetime.date(2025, 3, 3),
        )
    addressed = {address for message in mail.outbox for address in message.to}
    assert {"leader@example.gov.cn", "clead@example.gov.cn", "scjg@example.gov.cn"} <= addressed
    assert "blead@example.gov.cn" not in addressed
