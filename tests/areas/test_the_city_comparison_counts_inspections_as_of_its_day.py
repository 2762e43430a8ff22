"""各区比较 as of a past day counts the 督察 findings recorded by then (their history), as its other
columns count the reports: a finding recorded today is not in yesterday's comparison."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone


def _jiading_findings(user, **query) -> int:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("reports:city"), query)
    row = next(r for r in response.context["cmp"].rows if r.area.name == "嘉定区")
    return row.findings


def test_the_city_comparison_as_of_yesterday_leaves_out_todays_findings(districts):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    user = districts.users["csup"]
    assert _jiading_findings(user) >= 1  # the world's finding, recorded today
    assert _jiading_findings(user, as_of=yesterday.isoformat()) == 0
