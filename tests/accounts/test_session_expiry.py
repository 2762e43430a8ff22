"""Sessions end after two hours without a request (SESSION_IDLE_MINUTES) and when the browser
closes (the cookie has no expiry date); the login page says why the user was signed out."""

import datetime

import time_machine
from django.utils import timezone


def test_a_session_ends_after_two_idle_hours(client, actors, settings):
    assert settings.SESSION_IDLE_TIMEOUT == 2 * 3600
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(actors.supervisor)
        assert client.get("/supervision/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=119), tick=False):
        assert client.get("/supervision/").status_code == 200  # activity moves the deadline on
    with time_machine.travel(start + datetime.timedelta(minutes=119 + 121), tick=False):
        response = client.get("/supervision/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        login = client.get(response["Location"]).content.decode()
        assert "长时间未操作，已自动退出" in login


def test_the_session_cookie_ends_with_the_browser(client, actors):
    from tests.conftest import TEST_PASSWORD

    response = client.post("/accounts/login/", {"username": "dave", "password": TEST_PASSWORD})
    cookie = response.cookies["sessionid"]
    assert response.status_code == 302
    assert not cookie["expires"] and not cookie["max-age"]
    assert cookie["httponly"]
