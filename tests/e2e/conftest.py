import pytest
from django.core.management import call_command

from plans.demo import DEFAULT_DEMO_PASSWORD


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo accounts and plan, committed, behind a live server; no progress yet, so that a
    story starts from a clean sheet."""
    call_command("load_demo", "--without-progress", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server


@pytest.fixture
def full_demo(transactional_db, live_server):
    """The whole demo, five years of progress included."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server


def log_in(page, live_server, username: str, password: str = DEFAULT_DEMO_PASSWORD):
    page.goto(f"{live_server.url}/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
