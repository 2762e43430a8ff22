"""挂牌督办 before the leaders: the overview and the supervision dashboard list every listed matter
with its unit and days overdue, in a fixed number of queries however many there are."""

import datetime

from django.utils import timezone

from inspections.escalation import escalate
from inspections.models import EscalationMatter
from tests.conftest import count_queries
from tests.inspections.escalation_scenario import DUE, make_plan


def test_listed_matters_are_on_both_pages_with_days_overdue(client, actors, eager_celery):
    task = make_plan(actors)
    escalate(DUE + datetime.timedelta(days=61))
    assert EscalationMatter.objects.filter(listed_on__isnull=False).count() == 2
    overdue = (timezone.localdate() - DUE).days
    for user, url in ((actors.leader, "/overview/"), (actors.supervisor, "/supervision/")):
        client.force_login(user)
        page = client.get(url, {"plan": task.plan_id}).content.decode()
        assert "挂牌督办（2）" in page and page.count('data-testid="listed-row"') == 2
        assert "区市场监管局" in page and f"{overdue}天" in page
        assert "出台复议规则 · 2024年第一季度进展报告" in page
        as_of = client.get(url, {"plan": task.plan_id, "as_of": "2024-06-01"}).content.decode()
        assert "挂牌督办（0）" in as_of  # listed on 2024-06-10: not yet on the list then
    fetch = lambda: client.get("/supervision/", {"plan": task.plan_id})  # noqa: E731
    before = count_queries(fetch)
    matter = EscalationMatter.objects.first()
    for n in range(5):
        EscalationMatter.objects.create(
            key=f"extra:{n}", kind="report", task=task, unit=actors.town, what=f"事项{n}",
            due_date=DUE, rung="listed", listed_on=matter.listed_on,
        )  # fmt: skip
    assert count_queries(fetch) == before
    assert client.get("/supervision/", {"plan": task.plan_id}).content.decode().count('data-testid="listed-row"') == 7
