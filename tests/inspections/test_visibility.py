"""Who sees what in 督察: a unit sees its own findings, not another's; its drafts stay inside it."""

from __future__ import annotations

import datetime

from django.test import Client

from inspections.actions import finding_plan_submit, progress_add
from inspections.models import RectificationEntry


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_foreign_unit_gets_404_on_another_units_finding(actors, finding):
    """罗店镇's people cannot open 区市场监管局's finding; its own people and the supervisors can."""
    from django.contrib.auth import get_user_model

    from plans.models import Membership
    from plans.roles import Role, ensure_role_groups

    town_staff = get_user_model().objects.create_user("townie", password="x")
    town_staff.groups.add(ensure_role_groups()[Role.STAFF])
    Membership.objects.create(user=town_staff, department=actors.town)
    url = f"/inspections/findings/{finding.pk}/"
    assert client_for(town_staff).get(url).status_code == 404
    assert client_for(actors.market_staff).get(url).status_code == 200
    assert client_for(actors.supervisor).get(url).status_code == 200
    assert client_for(actors.leader).get(url).status_code == 200


def test_a_supporting_unit_reads_the_finding_but_cannot_answer_it(actors, finding):
    """大场镇 supports: it reads the finding, but the plan form is not offered to it."""
    from django.contrib.auth import get_user_model

    from plans.models import Membership
    from plans.roles import Role, ensure_role_groups

    helper = get_user_model().objects.create_user("helper", password="x")
    helper.groups.add(ensure_role_groups()[Role.STAFF])
    Membership.objects.create(user=helper, department=actors.town2)
    page = client_for(helper).get(f"/inspections/findings/{finding.pk}/")
    assert page.status_code == 200 and "提交整改方案" not in page.content.decode()


def test_a_units_unconfirmed_plan_and_progress_stay_inside_it(actors, finding):
    """Until the head confirms, the supervisor sees neither the plan's text nor the progress entry."""
    finding = finding_plan_submit(
        actor=actors.market_staff,
        finding=finding,
        measures="内部草拟措施",
        person="张三",
        deadline=datetime.date(2024, 8, 1),
    )
    supervisor_page = client_for(actors.supervisor).get(f"/inspections/findings/{finding.pk}/").content.decode()
    assert "内部草拟措施" not in supervisor_page
    assert "内部草拟措施" in client_for(actors.market_head).get(f"/inspections/findings/{finding.pk}/").content.decode()
    ledger = client_for(actors.supervisor).get("/inspections/ledger/").content.decode()
    assert "内部草拟措施" not in ledger
    finding.refresh_from_db()
    from inspections.actions import finding_move

    finding = finding_move(actor=actors.market_head, finding=finding, to="rectifying")
    progress_add(actor=actors.market_staff, finding=finding, entry_date=datetime.date(2024, 5, 1), text="未确认的进展")
    assert not RectificationEntry.objects.visible_to(actors.supervisor).exists()
    assert "内部草拟措施" in client_for(actors.supervisor).get(f"/inspections/findings/{finding.pk}/").content.decode()
