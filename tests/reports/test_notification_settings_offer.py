"""通知设置 offers each person only the hand-offs that can reach them: a head the submissions to
confirm, a supervisor the confirmations to review, a 填报员 the returns; a leader none."""

from django.test import Client

from reports.handoff import kinds_for
from reports.models import DigestSettings

OFFERED = {
    "market_staff": ["returned"],
    "market_head": ["submitted"],
    "supervisor": ["confirmed"],
    "leader": [],
}


def test_each_role_is_offered_only_what_reaches_it(actors):
    for who, kinds in OFFERED.items():
        user = getattr(actors, who)
        assert kinds_for(user) == kinds, who
        client = Client()
        client.force_login(user)
        page = client.get("/settings/notifications/").content.decode()
        for kind in ("submitted", "confirmed", "returned"):
            assert (f'name="{kind}"' in page) == (kind in kinds), (who, kind)
        assert ('data-testid="no-handoffs"' in page) == (not kinds), who


def test_a_setting_that_cannot_reach_the_user_is_not_saved(actors):
    client = Client()
    client.force_login(actors.market_staff)
    client.post("/settings/notifications/", {"submitted": "none", "returned": "robot"})
    row = DigestSettings.objects.get(user=actors.market_staff)
    assert (row.handoff_returned, row.handoff_submitted) == ("robot", "email")
