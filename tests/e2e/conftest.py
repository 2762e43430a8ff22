import pytest
from django.contrib.contenttypes.models import ContentType

from plans.demo import DEFAULT_DEMO_PASSWORD
from tests.demo_snapshot import install_demo


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo accounts and plan, committed, behind a live server; no progress yet, so that a
    story starts from a clean sheet. Loaded once per session, copied in per test."""
    install_demo(with_progress=False)
    yield live_server
    ContentType.objects.clear_cache()


@pytest.fixture
def full_demo(transactional_db, live_server):
    """The whole demo, five years of progress included."""
    install_demo(with_progress=True)
    yield live_server
    ContentType.objects.clear_cache()


@pytest.fixture
def city_demo_server(transactional_db, live_server):
    """`load_demo --city` (two districts with five years of progress each) behind a live server."""
    install_demo(with_progress=True, city=True)
    yield live_server
    ContentType.objects.clear_cache()


def log_in(page, live_server, username: str, password: str = DEFAULT_DEMO_PASSWORD):
    page.goto(f"{live_server.url}/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


@pytest.fixture
def browser_page(browser, live_server):
    """``open_as(username, width=1366)``: a page signed in as the demo user, in a context of its
    own (closed after the test). Ask for ``demo`` or ``full_demo`` too, for the accounts."""
    contexts = []

    def open_as(username, width: int = 1366):
        context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": width, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        log_in(page, live_server, username)
        return page

    yield open_as
    for context in contexts:
        context.close()
