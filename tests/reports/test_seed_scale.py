"""seed_scale writes a synthetic city in bulk, the same city for the same seed, that the pages
read like any other data."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.http import HttpRequest  # django-axes authenticates with the request
from django.test import Client

from inspections.models import Finding, SupervisionNotice
from plans.models import Area, Department, Event, Plan
from reports.scale import SUPERVISOR_USERNAME, CitySpec, seed_city
from tasks.models import ProgressReport, ReportState

PASSWORD = "a-test-city-password"


def _spec(seed: int = 7) -> CitySpec:
    small = CitySpec.small(seed=seed)
    return CitySpec(**{**small.__dict__, "today": datetime.date(2026, 11, 30)})


def _signature():
    return (
        sorted(Department.objects.values_list("name", flat=True)),
        sorted(Plan.objects.values_list("title", flat=True)),
        sorted(ProgressReport.objects.values_list("task__title", "department__name", "period__label", "state")),
        sorted(Finding.objects.values_list("unit__name", "description", "state")),
    )


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_city_with_its_history_and_events():
    signatures = []
    for _ in range(2):
        try:
            with transaction.atomic():
                result = seed_city(_spec(), password=PASSWORD)
                signatures.append(_signature())
                counts = result["counts"]
                # 30 departments, a 区司法局 in each of the 2 districts and the 市司法局; their staff and
                # heads, 4 + 1 district supervisors, the city supervisor, the administrator, 10 leaders
                assert counts["plan"] == 2 and counts["department"] == 30 + 2 + 1
                assert counts["user"] == 2 * 30 + 4 + 1 + 1 + 1 + 10
                assert ProgressReport.objects.count() == counts["progressreport"] > 100
                # every report has its history row and its event
                assert ProgressReport.history.count() == counts["progressreport"]
                assert Event.objects.filter(verb__startswith="report.").count() == counts["progressreport"]
                # the last period is still in review: the review queue has work
                assert ProgressReport.objects.filter(state=ReportState.CONFIRMED).exists()
                raise Rollback
        except Rollback:
            pass
    assert signatures[0] == signatures[1]


@pytest.mark.django_db
def test_the_city_is_an_area_above_districts_each_with_its_own_justice_bureau_and_notice_numbers():
    seed_city(_spec(), password=PASSWORD)
    city = Area.objects.get(parent=None)
    districts = list(Area.objects.filter(parent=city))
    assert city.kind == "city" and len(districts) == 2
    for district in districts:
        assert Department.objects.filter(area=district, name="区司法局").count() == 1
        assert Plan.objects.filter(area=district, is_current=True).count() == 1
        numbers = set(SupervisionNotice.objects.filter(area=district).values_list("prefix", flat=True))
        assert numbers == {district.notice_prefix}
    first, second = districts
    assert first.notice_prefix != second.notice_prefix


@pytest.mark.django_db
def test_a_second_city_in_the_same_database_is_refused():
    seed_city(_spec(), password=PASSWORD)
    with pytest.raises(CommandError, match="already holds"):
        call_command("seed_scale", "--small", "--allow-without-debug", "--password", "another")


@pytest.mark.django_db
def test_the_pages_of_the_city_open_for_its_supervisor_and_staff():
    seed_city(_spec(), password=PASSWORD)
    plan = Plan.objects.order_by("pk").first()
    client = Client()
    client.login(request=HttpRequest(), username=SUPERVISOR_USERNAME, password=PASSWORD)
    for url in [f"/supervision/?plan={plan.pk}", f"/plans/{plan.pk}/", f"/plans/{plan.pk}/tasks/", "/review/",
                "/inspections/ledger/"]:  # fmt: skip
        assert client.get(url).status_code == 200, url
    staff = Client()
    staff.login(request=HttpRequest(), username="s0-0-staff", password=PASSWORD)
    assert "我的任务" in staff.get("/tasks/mine/").content.decode()
