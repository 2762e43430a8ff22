"""Every user changes their own password at /accounts/password/, checked by Django's validators."""

import pytest

from tests.conftest import TEST_PASSWORD

ROLES = ["market_staff", "market_head", "supervisor", "leader", "admin", "outsider"]


@pytest.mark.parametrize("who", ROLES)
def test_every_user_changes_their_own_password(client, actors, who):
    user = getattr(actors, who)
    client.force_login(user)
    assert client.get("/accounts/password/").status_code == 200
    new = "Baoshan-fazhi-2026!"
    response = client.post(
        "/accounts/password/", {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302, response.content.decode()
    user.refresh_from_db()
    assert user.check_password(new)


def test_weak_passwords_are_refused_by_the_validators(client, actors):
    client.force_login(actors.market_staff)
    for weak, why in [("12345678", "全都是数字"), ("password", "太常见"), ("Zq9!x-7", "密码太短，至少需要 10 个字符")]:
        response = client.post(
            "/accounts/password/", {"old_password": TEST_PASSWORD, "new_password1": weak, "new_password2": weak}
        )
        assert response.status_code == 200 and why in response.content.decode(), weak
    actors.market_staff.refresh_from_db()
    assert actors.market_staff.check_password(TEST_PASSWORD)
