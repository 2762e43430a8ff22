"""A department head manages their own department's 填报员 accounts: adds one (with a one-time
password or one they type, checked by Django's validators), deactivates and reactivates one, resets
a password. Never in another department, never an account with a role above 填报员, never a role
above their own."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest  # django-axes authenticates with the request
from django.test import Client

from plans.actions import staff_create, staff_deactivate, staff_password_reset
from plans.models import Event, Membership
from plans.roles import Role, ensure_role_groups
from tests.conftest import TEST_PASSWORD

User = get_user_model()


@pytest.fixture
def head(actors):
    client = Client()
    client.force_login(actors.market_head)
    return client


@pytest.fixture
def town_staff(actors):
    user = User.objects.create_user("ted", "ted@example.gov.cn", TEST_PASSWORD)
    user.groups.add(ensure_role_groups()[Role.STAFF])
    Membership.objects.create(user=user, department=actors.town)
    return user


def one_time_password(response) -> str:
    return re.search(r'data-testid="one-time-password">([^<]+)<', response.content.decode())[1]


def test_a_head_adds_a_staff_account_with_a_one_time_password_that_signs_in(actors, head):
    page = head.get(f"/departments/{actors.market.pk}/").content.decode()
    assert "添加填报员" in page

    response = head.post(
        f"/departments/{actors.market.pk}/members/add/",
        {"username": "xiaowang", "full_name": "王小明", "email": "wxm@example.gov.cn", "title": "科员"},
    )

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password = one_time_password(response)
    user = User.objects.get(username="xiaowang")
    assert user.membership.department == actors.market and user.membership.title == "科员"
    assert list(user.groups.values_list("name", flat=True)) == [Role.STAFF]
    assert Client().login(request=HttpRequest(), username="xiaowang", password=password)
    event = Event.objects.get(verb="member.add")
    assert (event.actor, event.department, event.data["role"]) == (actors.market_head, actors.market, Role.STAFF)
    assert password not in str(event.data)


def test_a_typed_password_must_pass_djangos_validators(actors, head):
    response = head.post(
        f"/departments/{actors.market.pk}/members/add/",
        {"username": "xiaoli", "full_name": "李", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200 and "这个密码太常见了" in response.content.decode()
    assert not User.objects.filter(username="xiaoli").exists()


def test_a_head_deactivates_reactivates_and_resets_the_password_of_their_staff(actors, head):
    membership = actors.market_staff.membership
    assert head.post(f"/departments/members/{membership.pk}/deactivate/").status_code == 302
    actors.market_staff.refresh_from_db()
    assert not actors.market_staff.is_active
    assert not Client().login(request=HttpRequest(), username="bob", password=TEST_PASSWORD)
    assert "已停用" in head.get(f"/departments/{actors.market.pk}/").content.decode()

    head.post(f"/departments/members/{membership.pk}/reactivate/")
    response = head.post(f"/departments/members/{membership.pk}/password/", {})
    password = one_time_password(response)

    assert Client().login(request=HttpRequest(), username="bob", password=password)
    assert not Client().login(request=HttpRequest(), username="bob", password=TEST_PASSWORD)
    chosen = "Longer-and-safer-42"
    head.post(f"/departments/members/{membership.pk}/password/", {"new_password1": chosen, "new_password2": chosen})
    assert Client().login(request=HttpRequest(), username="bob", password=chosen)
    verbs = list(Event.objects.filter(department=actors.market).order_by("pk").values_list("verb", flat=True))
    assert verbs == ["member.deactivate", "member.reactivate", "member.password_reset", "member.password_reset"]
    record = head.get(f"/departments/members/{membership.pk}/").content.decode()
    assert record.count("重置密码</li>") == 2 and "停用账号" in record and "重新启用账号" in record


def test_a_head_cannot_touch_another_departments_users(actors, head, town_staff):
    """罗店镇's accounts are not the 区市场监管局 head's: not found, and the actions refuse."""
    membership = town_staff.membership
    assert head.post(f"/departments/members/{membership.pk}/deactivate/").status_code == 404
    assert head.get(f"/departments/members/{membership.pk}/password/").status_code == 404
    assert (
        head.post(f"/departments/{actors.town.pk}/members/add/", {"username": "x", "full_name": "x"}).status_code == 404
    )
    for action in (staff_deactivate, staff_password_reset):
        with pytest.raises(PermissionDenied):
            action(actor=actors.market_head, membership=membership)
    with pytest.raises(PermissionDenied):
        staff_create(actor=actors.market_head, department=actors.town, username="x", full_name="x")
    town_staff.refresh_from_db()
    assert town_staff.is_active and town_staff.check_password(TEST_PASSWORD)


@pytest.mark.parametrize("role", [Role.HEAD, Role.SUPERVISOR, Role.LEADER, Role.ADMIN])
def test_a_head_never_grants_a_role_above_staff(actors, role):
    with pytest.raises(PermissionDenied):
        staff_create(actor=actors.market_head, department=actors.market, username="boss", full_name="x", role=role)
    assert not User.objects.filter(username="boss").exists()


def test_a_head_cannot_manage_heads_or_themselves_and_staff_manage_nobody(actors, head):
    second_head = User.objects.create_user("hank", "hank@example.gov.cn", TEST_PASSWORD)
    second_head.groups.add(ensure_role_groups()[Role.HEAD])
    Membership.objects.create(user=second_head, department=actors.market)
    for user in (second_head, actors.market_head):
        membership = user.membership
        assert head.post(f"/departments/members/{membership.pk}/deactivate/").status_code == 403
        assert head.get(f"/departments/members/{membership.pk}/password/").status_code == 403
    staff = Client()
    staff.force_login(actors.market_staff)
    assert staff.get(f"/departments/{actors.market.pk}/members/add/").status_code == 403
    colleague = User.objects.create_user("sam", "sam@example.gov.cn", TEST_PASSWORD)
    colleague.groups.add(ensure_role_groups()[Role.STAFF])
    Membership.objects.create(user=colleague, department=actors.market)
    assert staff.post(f"/departments/members/{colleague.membership.pk}/deactivate/").status_code == 403
    supervisor = Client()
    supervisor.force_login(actors.supervisor)
    assert supervisor.post(f"/departments/members/{colleague.membership.pk}/deactivate/").status_code == 403
    assert User.objects.filter(is_active=False).count() == 0


def test_a_taken_username_is_refused(actors):
    with pytest.raises(ValidationError):
        staff_create(actor=actors.market_head, department=actors.market, username="bob", full_name="重名")
