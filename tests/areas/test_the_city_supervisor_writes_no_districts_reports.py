"""The city supervisor opens a district's 年度报告 and 中期评估 pages to read them: it is offered no
button that writes the district's rows (the public page's switch, the district's annual report, a
midterm edition, an outside voice, an indicator's 基数), and a switch posted by hand is refused and
leaves the page off. The district's own supervisor keeps every one of them."""

from django.test import Client
from django.urls import reverse

from reports.annual_models import PublicPage


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_city_supervisor_cannot_switch_on_a_districts_public_page(districts):
    plan = districts.world.plan
    PublicPage.objects.filter(plan=plan).delete()  # the district has never switched it on
    city = _client(districts.users["csup"])

    response = city.post(reverse("reports:public_switch", args=[plan.pk]), {"enabled": "1"})

    assert response.status_code == 403
    assert not PublicPage.objects.filter(plan=plan, enabled=True).exists()


def test_the_city_supervisor_is_offered_no_writing_on_a_districts_report_pages(districts):
    plan = districts.world.plan
    PublicPage.objects.filter(plan=plan).delete()
    city = _client(districts.users["csup"])
    own = _client(districts.users["sup"])

    annual = city.get(reverse("reports:annual_list"), {"plan": plan.pk, "year": 2022})
    assert annual.status_code == 200
    assert not annual.context["can_switch_public"] and not annual.context["can_open_district"]
    assert "开启公开页面" not in annual.content.decode()
    assert "起草全区" not in annual.content.decode()
    midterm = city.get(reverse("reports:midterm_list"), {"plan": plan.pk})
    assert midterm.status_code == 200
    assert not midterm.context["can_create"] and not midterm.context["can_add_source"]
    assert reverse("reports:indicator_edit", args=[districts.world.indicator.pk]) not in midterm.content.decode()

    annual = own.get(reverse("reports:annual_list"), {"plan": plan.pk, "year": 2022})
    assert annual.context["can_switch_public"] and annual.context["can_open_district"]
    midterm = own.get(reverse("reports:midterm_list"), {"plan": plan.pk})
    assert midterm.context["can_create"] and midterm.context["can_add_source"]
    assert reverse("reports:indicator_edit", args=[districts.world.indicator.pk]) in midterm.content.decode()
    assert own.post(reverse("reports:public_switch", args=[plan.pk]), {"enabled": "1"}).status_code == 302
    assert PublicPage.objects.filter(plan=plan, enabled=True).exists()
