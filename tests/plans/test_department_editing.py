"""Who may edit a department's own details."""


def test_a_head_cannot_rename_their_department_into_another(client, actors):
    """A department head cannot give their department another department's name."""
    client.force_login(actors.market_head)
    client.post(f"/departments/{actors.market.pk}/edit/", {"short_name": "罗店镇", "emails_text": "a@example.gov.cn"})
    actors.market.refresh_from_db()
    assert actors.market.short_name == "市场监管局"


def test_a_leader_who_also_holds_a_department_role_is_still_read_only(client, actors):
    """A leader who also belongs to a department still cannot change anything."""
    from django.contrib.auth.models import Group

    actors.leader.groups.add(Group.objects.get(name="部门填报员"))
    from plans.models import Membership

    Membership.objects.create(user=actors.leader, department=actors.market)
    client.force_login(actors.leader)
    assert client.post(f"/departments/{actors.market.pk}/edit/", {"emails_text": ""}).status_code == 403
