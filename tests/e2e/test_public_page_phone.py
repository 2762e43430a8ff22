"""政务公开 on a phone: the public page, read without signing in, fits a 390 px screen."""

from pathlib import Path

from playwright.sync_api import expect

from plans.models import Plan
from reports.annual_models import PublicPage


def test_the_public_page_fits_a_phone(full_demo, browser, output_path):
    plan = Plan.objects.get(source_name__startswith="baoshan")
    PublicPage.objects.create(plan=plan, enabled=True)
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{full_demo.url}/public/{plan.pk}/")
    expect(page.get_by_test_id("completion")).to_be_visible()
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=shots / "public-page-390.png")
    page.screenshot(path=Path("test-results/annual/public-page-390-full.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("[data-light]").count() > 50
    context.close()
