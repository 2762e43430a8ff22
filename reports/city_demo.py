"""The city demo (``load_demo --city``): 上海市 above the 宝山 demo, a second district, 嘉定区, with its
own departments, accounts, plan, 任务分解表, years of progress and 督察, and the city's 市司法局 with a
city supervisor and a city leader. Every step finds what is there and adds only what is missing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from inspections.demo import ensure_demo_inspections
from plans.demo import (
    CITY_ACCOUNTS,
    CITY_DEPARTMENTS,
    SECOND_DISTRICT_ACCOUNTS,
    DemoAccount,
    ensure_city_areas,
    ensure_demo_accounts,
    load_departments,
    second_district_departments,
)
from plans.models import Area, Plan
from tasks.demo import DemoCast, district_plan_source, ensure_demo_plan, ensure_demo_progress

SECOND_DISTRICT_CAST = DemoCast(staff="jd_staff", head="jd_head", supervisor="jd_supervisor")
SECOND_DISTRICT_SEED = 2031  # another story than 宝山's (tasks.demo.SEED)


@dataclass
class CityDemo:
    city: Area
    districts: list[Area]
    plan: Plan
    plan_created: bool
    accounts: list[tuple[Area, DemoAccount]]
    progress_written: bool = False
    inspections_written: bool = False


@transaction.atomic
def ensure_city_demo(password: str, *, with_progress: bool = True) -> CityDemo:
    """Add the city and its second district to a database that holds the 宝山 demo."""
    city, first, second = ensure_city_areas()
    load_departments(area=city, entries=CITY_DEPARTMENTS)
    load_departments(area=second, entries=second_district_departments())
    ensure_demo_accounts(password, CITY_ACCOUNTS, area=city, domain="shanghai")
    ensure_demo_accounts(password, SECOND_DISTRICT_ACCOUNTS, area=second, domain="jiading")
    plan, created = ensure_demo_plan(district_plan_source(second.label, "jiading"), area=second)
    demo = CityDemo(
        city=city,
        districts=[first, second],
        plan=plan,
        plan_created=created,
        accounts=[(city, a) for a in CITY_ACCOUNTS] + [(second, a) for a in SECOND_DISTRICT_ACCOUNTS],
    )
    if with_progress:
        demo.progress_written = ensure_demo_progress(plan, cast=SECOND_DISTRICT_CAST, seed=SECOND_DISTRICT_SEED)
        demo.inspections_written = ensure_demo_inspections(plan, cast=SECOND_DISTRICT_CAST, seed=SECOND_DISTRICT_SEED)
    return demo
