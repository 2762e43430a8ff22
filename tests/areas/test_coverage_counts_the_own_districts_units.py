"""督察全覆盖 counts the district's own 受督察单位: another district's units are neither listed nor counted."""

import datetime

from django.test import Client
from django.urls import reverse


def test_the_coverage_page_lists_only_the_own_districts_units(districts):
    pages = {}
    for role in ("sup", "bsup"):
        client = Client()
        client.force_login(districts.users[role])
        pages[role] = client.get(reverse("inspections:coverage")).content.decode()
    assert "罗店镇" in pages["sup"]  # 嘉定's town, not inspected by its campaign
    assert "罗店镇" not in pages["bsup"]


def test_the_midterm_figures_count_the_plans_districts_units(districts):
    """The midterm report's coverage of 嘉定's plan is over 嘉定's units (宝山 has one more, uninspected)."""
    from inspections.summary import midterm_figures
    from plans.models import Department, DepartmentKind

    Department.objects.create(area=districts.baoshan, name="月浦镇", kind=DepartmentKind.SUBDISTRICT)
    figures = midterm_figures(plan=districts.world.plan, as_of=datetime.date(2024, 12, 31))
    jiading = Department.objects.inspectable().in_jurisdiction(districts.jiading)
    assert f"/{jiading.count()}（" in dict(figures["coverage"])["合计"]


def test_the_annual_figures_of_a_district_leave_the_other_districts_notices_out(
    districts, django_capture_on_commit_callbacks
):
    """宝山's red 督办单 of 2025 is not in 嘉定's annual report figures (numbers and all)."""
    from inspections.actions import notice_issue
    from inspections.summary import annual_figures

    with django_capture_on_commit_callbacks():
        notice_issue(
            actor=districts.users["bsup"],
            colour="red",
            units=[districts.baoshan_market],
            subject="宝山红色督办",
            requirement="请办理",
            today=datetime.date(2025, 3, 3),
        )
    assert annual_figures(plan=districts.world.plan, year=2025)["red_notices"] == []


def test_the_city_supervisor_chooses_a_district_and_all_together_tells_the_units_apart(districts):
    """Above two districts, the page offers 各区合计 and each district; all together, two units of the
    same name (each district's 区市场监管局) are told apart by their district's name."""
    client = Client()
    client.force_login(districts.users["csup"])
    together = client.get(reverse("inspections:coverage"))
    assert [d.name for d in together.context["districts"]] == ["宝山区", "嘉定区"]
    uninspected = together.content.decode().split("尚未督察的单位")[1]
    assert "宝山区市场监管局" in uninspected and "嘉定罗店镇" in uninspected

    jiading = client.get(reverse("inspections:coverage"), {"area": districts.jiading.pk})
    html = jiading.content.decode()
    assert f'class="nav-link active" href="?area={districts.jiading.pk}"' in html
    uninspected = html.split("尚未督察的单位")[1]
    assert "罗店镇" in uninspected and "嘉定罗店镇" not in uninspected and "宝山" not in uninspected

    # A district's supervisor has its own district only, and no choice to make.
    own = Client()
    own.force_login(districts.users["sup"])
    assert own.get(reverse("inspections:coverage")).context["districts"] == []
