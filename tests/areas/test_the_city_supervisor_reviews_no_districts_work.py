"""A city supervisor reads every district's handed-in work but reviews none of it: its review queue
and its to-do centre hold nothing of the districts'; nor do another district's supervisor's."""

import datetime

from django.test import Client
from django.urls import reverse

from inspections.models import CampaignTarget, Finding, FindingState, SupervisionNotice
from reports.models import AnnualReport
from reports.todo import todo_for
from tasks.models import ProgressReport, YearlyTarget

TODAY = datetime.date(2023, 2, 1)  # the 2022 annual reports are being written and reviewed


def test_only_the_districts_own_supervisor_has_its_work_to_do(districts):
    world = districts.world
    AnnualReport.objects.filter(pk=world.annual.pk).update(state=AnnualReport.State.SUBMITTED)
    Finding.objects.filter(pk=world.finding.pk).update(state=FindingState.CLOSE_REQUESTED)
    CampaignTarget.objects.filter(pk=world.target.pk).update(self_report_state="confirmed")
    SupervisionNotice.objects.filter(pk=world.notice.pk).update(state=SupervisionNotice.State.REPLIED)
    # The district's own supervisor has all of it to review: the confirmed report, the annual report,
    # the 延期申请, the finding's 销号申请, the 自查报告 and the notice's answer.
    own = {item.url for section in todo_for(districts.users["sup"], today=TODAY) for item in section.items}
    assert {
        reverse("tasks:report_detail", args=[world.handed_report.pk]),
        reverse("reports:annual_detail", args=[world.annual.pk]),
        reverse("tasks:extension_detail", args=[world.extension.pk]),
        reverse("inspections:finding_detail", args=[world.finding.pk]),
        reverse("inspections:target_detail", args=[world.target.pk]),
        reverse("inspections:notice_detail", args=[world.notice.pk]),
    } <= own
    for role in ("csup", "bsup"):
        user = districts.users[role]
        assert todo_for(user, today=TODAY) == [], role
        # The city has no plan of its own: no queue at all (None); 宝山's queue holds nothing of 嘉定's.
        for model in (ProgressReport, YearlyTarget):
            awaiting = model.objects.awaiting(user)
            assert awaiting is None if role == "csup" else not awaiting.exists()
        client = Client()
        client.force_login(user)
        page = client.get(reverse("tasks:review_queue")).content.decode()
        assert f"/progress/{world.handed_report.pk}/" not in page
        assert f"/targets/{world.handed_target.pk}/" not in page
