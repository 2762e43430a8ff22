"""三员分立: the system administrator (accounts, settings), the security administrator (roles and
permissions) and the audit administrator (reads the audit log, changes nothing) each cannot do the
others' work — in the policy and in the Django admin."""

import pytest
from django.contrib.auth.models import Group

from plans.models import Event
from plans.policy import can
from plans.roles import Role


def _groups(user):
    user.refresh_from_db()
    return sorted(user.groups.values_list("name", flat=True))


def _change_user(client, user, **data):
    return client.post(f"/admin/auth/user/{user.pk}/change/", data)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("admin", {"use_admin", "manage_accounts"}),
        ("security_admin", {"use_admin", "manage_roles"}),
        ("auditor", {"use_admin", "read_audit"}),
        ("supervisor", set()),
    ],
)
def test_each_administrator_has_only_their_own_work(actors, who, allowed):
    actions = {"use_admin", "manage_accounts", "manage_roles", "read_audit"}
    assert {a for a in actions if can(getattr(actors, who), a)} == allowed


def test_the_system_administrator_manages_accounts_but_not_roles(client, actors):
    client.force_login(actors.admin)
    assert client.get("/admin/auth/user/add/").status_code == 200
    assert client.get(f"/admin/auth/user/{actors.market_staff.pk}/password/").status_code == 200
    assert client.get("/admin/plans/department/").status_code == 200
    # Roles: the groups field is read-only for them, and the role list is closed.
    page = client.get(f"/admin/auth/user/{actors.market_staff.pk}/change/").content.decode()
    assert 'name="groups"' not in page
    assert client.get("/admin/auth/group/").status_code == 403
    supervisor = Group.objects.get(name=Role.SUPERVISOR)
    _change_user(client, actors.market_staff, username="bob", groups=[supervisor.pk], email="b@x.gov.cn")
    assert _groups(actors.market_staff) == [Role.STAFF]


def test_the_security_administrator_manages_roles_but_not_accounts(client, actors):
    client.force_login(actors.security_admin)
    head = Group.objects.get(name=Role.HEAD)
    response = _change_user(client, actors.market_staff, groups=[head.pk], email="new@x.gov.cn", is_active="")
    assert response.status_code == 302
    actors.market_staff.refresh_from_db()
    assert _groups(actors.market_staff) == [Role.HEAD]
    assert actors.market_staff.email == "bob@baoshan.example.gov.cn" and actors.market_staff.is_active
    # The grant is an event the audit page shows: who gave which role to whom.
    event = Event.objects.get(verb="member.roles")
    assert (event.actor_id, event.from_state, event.to_state) == (actors.security_admin.pk, Role.STAFF, Role.HEAD)
    # Accounts and settings are not theirs.
    assert client.get("/admin/auth/user/add/").status_code == 403
    assert client.get(f"/admin/auth/user/{actors.market_staff.pk}/password/").status_code == 403
    assert client.get("/admin/plans/department/").status_code == 403
    assert client.get(f"/admin/auth/user/{actors.market_staff.pk}/delete/").status_code == 403


def test_no_account_holds_two_administrators_roles_nor_changes_its_own(client, actors):
    client.force_login(actors.security_admin)
    admin, audit = (Group.objects.get(name=n) for n in (Role.ADMIN, Role.AUDIT_ADMIN))
    refused = _change_user(client, actors.auditor, groups=[admin.pk, audit.pk])
    assert refused.status_code == 200 and "一个账号只能担任一种管理员" in refused.content.decode()
    assert _groups(actors.auditor) == [Role.AUDIT_ADMIN]
    own = _change_user(client, actors.security_admin, groups=[admin.pk])
    assert own.status_code == 200 and "不能修改自己的角色" in own.content.decode()
    assert _groups(actors.security_admin) == [Role.SECURITY_ADMIN]
    # The administrators' own roles cannot be widened in the admin.
    assert client.get(f"/admin/auth/group/{admin.pk}/change/").status_code in (200, 403)
    assert client.post(f"/admin/auth/group/{admin.pk}/change/", {"name": Role.ADMIN}).status_code == 403


def test_the_audit_administrator_changes_nothing(client, actors):
    client.force_login(actors.auditor)
    assert client.get("/admin/").status_code == 200
    for url in ["/admin/auth/user/", "/admin/auth/group/", "/admin/plans/department/", "/admin/auth/user/add/"]:
        assert client.get(url).status_code == 403, url
    assert _change_user(client, actors.market_staff, groups=[]).status_code == 403
    assert _groups(actors.market_staff) == [Role.STAFF]
    # Domain data: read-only everywhere.
    assert client.post(f"/departments/{actors.market.pk}/edit/", {"emails_text": "x@x.gov.cn"}).status_code in (
        403,
        404,
    )
