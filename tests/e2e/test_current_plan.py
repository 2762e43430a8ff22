"""A newly imported plan becomes the default only when a supervisor says so; pages remember each
user's choice; an archived plan leaves the pickers but stays on record."""

from playwright.sync_api import expect

from plans.models import Event, Plan
from tasks.progress import generate_periods


def test_a_second_plan_is_the_default_only_once_marked_current(frozen_clock, demo, browser_page):
    """Staff keep the demo plan after a 2026–2030 plan arrives, until a supervisor marks the new one current, then archives it."""
    demo_plan = Plan.objects.get()
    second = Plan.objects.create(title="宝山区法治政府建设“十五五”规划", start_year=2026, end_year=2030)
    generate_periods(second)

    staff = browser_page("staff")
    staff.goto(f"{demo.url}/tasks/mine/")
    expect(staff.get_by_label("选择规划")).to_have_value(str(demo_plan.pk))

    supervisor = browser_page("supervisor")
    supervisor.goto(f"{demo.url}/supervision/")
    expect(supervisor.locator("main p.text-muted").first).to_contain_text(demo_plan.title)
    supervisor.goto(f"{demo.url}/plans/")
    supervisor.locator(f"tr[data-plan='{second.title}']").get_by_role("button", name="设为当前规划").click()
    expect(supervisor.get_by_role("alert")).to_contain_text("已设为当前规划")
    supervisor.goto(f"{demo.url}/supervision/")
    expect(supervisor.locator("main p.text-muted").first).to_contain_text(second.title)
    assert Event.objects.filter(verb="plan.mark_current", object_id=second.pk).count() == 1

    # Staff now open on the current plan, pick the old one, and the pages remember it.
    staff.goto(f"{demo.url}/my/")
    expect(staff.get_by_test_id("page-title")).to_be_visible()
    expect(staff.get_by_label("选择规划")).to_have_value(str(second.pk))
    staff.get_by_label("选择规划").select_option(str(demo_plan.pk))
    expect(staff.get_by_label("选择规划")).to_have_value(str(demo_plan.pk))
    staff.goto(f"{demo.url}/tasks/mine/")
    expect(staff.get_by_label("选择规划")).to_have_value(str(demo_plan.pk))

    supervisor.goto(f"{demo.url}/plans/")
    supervisor.once("dialog", lambda dialog: dialog.accept())
    supervisor.locator(f"tr[data-plan='{second.title}']").get_by_role("button", name="归档").click()
    expect(supervisor.locator(f"tr[data-plan='{second.title}']")).to_contain_text("已归档")
    supervisor.goto(f"{demo.url}/supervision/")
    expect(supervisor.locator("main p.text-muted").first).to_contain_text(demo_plan.title)
    expect(supervisor.get_by_label("选择规划")).to_have_count(0)  # one plan left to choose from
    assert Plan.objects.filter(pk=second.pk).exists()
    assert Event.objects.filter(verb="plan.archive", object_id=second.pk).count() == 1
