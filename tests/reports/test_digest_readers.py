"""Who gets the automatic digest as a department head: the same people the policy calls heads."""

from plans.models import Membership
from plans.roles import Role, ensure_role_groups
from reports.digest import readers


def test_a_leader_who_also_holds_the_head_role_is_not_read_to_as_a_head(actors):
    """A head gets the department digest; a leader with the head role and a membership does not get
    one as a head (leaders act for no department), and nobody without a scope or head role gets one."""
    groups = ensure_role_groups()
    actors.leader.groups.add(groups[Role.HEAD])
    Membership.objects.create(user=actors.leader, department=actors.market)
    names = {u.username for u in readers()}
    assert actors.market_head.username in names
    assert actors.leader.username not in names
    assert actors.market_staff.username not in names
