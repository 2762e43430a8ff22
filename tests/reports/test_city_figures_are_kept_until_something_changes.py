"""各区比较 keeps each district's figures between visits (sixteen dashboards cost seconds) and
shows the new figure as soon as the district's work or its 督察 records change."""

import datetime

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from inspections import actions as inspection_actions
from inspections.models import Campaign
from tests.conftest import count_queries


def _jiading_findings(client) -> int:
    response = client.get("/city/")
    row = next(r for r in response.context["cmp"].rows if r.area.name == "嘉定区")
    return row.findings


def test_a_second_visit_is_served_from_the_kept_figures_until_a_finding_is_recorded(
    city_demo, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(get_user_model().objects.get(username="city_supervisor"))
    client.get("/accounts/password_change/")  # the session settles first
    cold = count_queries(lambda: client.get("/city/"))
    warm = count_queries(lambda: client.get("/city/"))
    # Each district's dashboard and coverage (about 16 queries) are not read again.
    assert warm <= cold - 2 * 10
    before = _jiading_findings(client)

    campaigns = Campaign.objects.filter(area__name="嘉定区")
    campaign = campaigns.filter(state=Campaign.State.OPEN).first()
    target = campaign.targets.select_related("department").first()
    with django_capture_on_commit_callbacks(execute=True):
        inspection_actions.finding_record(
            actor=get_user_model().objects.get(username="jd_supervisor"),
            campaign=campaign,
            unit=target.department,
            data=inspection_actions.FindingInput(
                description="执法公示信息更新不及时", deadline=timezone.localdate() + datetime.timedelta(days=30)
            ),
            notify=False,
        )

    assert _jiading_findings(client) == before + 1
