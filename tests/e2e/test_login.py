"""Signing in with Chromium: each demo account lands on its role's home page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_smoke_a_user_logs_in_and_sees_the_home_page(page, demo, output_path):
    """A staff member signs in from the Chinese login page and lands on their department's page."""
    page.goto(f"{demo.url}/")
    expect(page).to_have_title("登录 · 督办")
    page.screenshot(path=Path(output_path) / "login.png", full_page=True)
    log_in(page, demo, "staff")
    expect(page.get_by_test_id("page-title")).to_contain_text("区市场监管局 · 本部门工作")
    expect(page.get_by_test_id("current-user")).to_contain_text("张晓燕")
    page.screenshot(path=Path(output_path) / "home.png", full_page=True)


def test_a_wrong_password_is_refused_in_chinese(page, demo):
    """A wrong password is refused with a Chinese message."""
    log_in(page, demo, "staff", "wrong-password")
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")


@pytest.mark.parametrize(
    ("username", "path", "heading"),
    [
        ("staff", "/my/", "本部门工作"),
        ("head", "/my/", "本部门工作"),
        ("supervisor", "/supervision/", "督察总览"),
        ("leader", "/overview/", "全区总览"),
        ("admin", "/admin/", "系统管理"),
    ],
)
def test_each_demo_account_lands_on_its_roles_home(page, demo, output_path, username, path, heading):
    """Each demo account lands on the home page of its role after signing in."""
    log_in(page, demo, username)
    expect(page).to_have_url(f"{demo.url}{path}")
    expect(page.locator("h1").first).to_contain_text(heading)
    page.screenshot(path=Path(output_path) / f"home-{username}.png", full_page=True)


def test_logging_out_returns_to_the_login_page(page, demo):
    """Signing out brings the user back to the login page."""
    log_in(page, demo, "leader")
    page.get_by_test_id("user-menu").click()  # the name in the header opens 修改密码 / 退出登录
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", name="登录督办系统")).to_be_visible()
    page.goto(f"{demo.url}/overview/")
    expect(page).to_have_url(f"{demo.url}/accounts/login/?next=/overview/")
