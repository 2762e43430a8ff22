"""Odd query parameters in list URLs are ignored, never a server error."""

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/tasks/mine/?plan=²",
        "/tasks/mine/?chapter=²",
        "/supervision/?plan=²",
        "/plans/{plan}/tasks/?department=²&chapter=³",
    ],
)
def test_unicode_digits_in_parameters_do_not_crash(client, actors, reported, url):
    """Unicode digits in list filters are ignored, not a server error."""
    plan, *_ = reported
    client.force_login(actors.supervisor)
    assert client.get(url.format(plan=plan.pk)).status_code == 200
