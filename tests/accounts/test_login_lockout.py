"""Login throttling (django-axes): after five wrong passwords for one username from one address the
sign-in is locked — even for the right password — with a Chinese message; other users and other
addresses are not affected, and the lock lifts after its time."""

import datetime

import time_machine
from django.utils import timezone

from tests.conftest import TEST_PASSWORD


def _login(client, username, password, ip="10.0.0.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_sign_in(client, actors, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert "用户名或密码不正确" in _login(client, "bob", "wrong").content.decode()
    locked = _login(client, "bob", "wrong")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode() and "30 分钟后再试" in locked.content.decode()
    # The right password does not get through the lock …
    again = _login(client, "bob", TEST_PASSWORD)
    assert again.status_code == 429 and "_auth_user_id" not in client.session
    # … while a colleague, and the same user from another machine, still sign in.
    assert _login(client, "carol", TEST_PASSWORD).status_code == 302
    client.logout()
    assert _login(client, "bob", TEST_PASSWORD, ip="10.0.0.8").status_code == 302


def test_the_lock_lifts_after_its_time(client, actors):
    for _ in range(5):
        _login(client, "bob", "wrong")
    assert _login(client, "bob", TEST_PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        assert _login(client, "bob", TEST_PASSWORD).status_code == 302
