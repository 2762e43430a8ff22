"""各区比较 costs a fixed number of queries per district, whatever the number of tasks: a third
district adds at most PER_DISTRICT queries, and a third district of 300 tasks no more than one of 3."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from plans.models import Area, AreaKind, Chapter, Clause, Department, Plan
from tasks.models import Assignment, Task
from tasks.progress import generate_periods
from tests.conftest import count_queries

pytestmark = pytest.mark.django_db
# The district's dashboard (facts of the plan cold: periods, tasks, assignments, reports, yearly
# steps, milestones, returns, findings; then clauses, departments, chapters, recent acceptances)
# and its coverage (units, visits, findings).
PER_DISTRICT = 16


def add_district(name: str, tasks: int) -> Plan:
    """A third district below the city, with a 区司法局 leading a plan of ``tasks`` tasks."""
    area = Area.objects.create(
        name=name, short_name=name[:2], kind=AreaKind.DISTRICT, parent=Area.objects.get(name="上海市")
    )
    justice = Department.objects.create(area=area, name="区司法局")
    plan = Plan.objects.create(area=area, title=f"{name}法治政府建设规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    chapter = Chapter.objects.create(plan=plan, number=1, label="一、", heading="总体要求")
    add_tasks(plan, chapter, justice, range(1, tasks + 1))
    return plan


def add_tasks(plan, chapter, department, numbers) -> None:
    clauses = Clause.objects.bulk_create(
        Clause(plan=plan, chapter=chapter, number=n, label=f"({n})", heading=f"条{n}", position=n) for n in numbers
    )
    created = Task.objects.bulk_create(
        Task(plan=plan, clause=c, code=str(c.number), title=f"任务{c.number}", position=c.number) for c in clauses
    )
    Assignment.objects.bulk_create(Assignment(task=t, department=department, role="lead") for t in created)


def city_page_queries() -> int:
    client = Client()
    client.force_login(get_user_model().objects.get(username="city_supervisor"))
    client.get("/city/")  # the session and the login's own writes settle first

    def fetch():
        cache.clear()  # cold: every district's facts are gathered
        assert client.get("/city/").status_code == 200

    return count_queries(fetch)


def test_a_third_district_adds_a_fixed_number_of_queries(city_demo):
    """Two districts, then three: the third row costs at most PER_DISTRICT queries."""
    two = city_page_queries()
    add_district("松江区", tasks=3)
    three = city_page_queries()
    assert 0 < three - two <= PER_DISTRICT


def test_the_queries_do_not_grow_with_the_number_of_tasks(city_demo):
    """A third district of 300 tasks costs what one of 3 does."""
    plan = add_district("松江区", tasks=3)
    small = city_page_queries()
    add_tasks(plan, plan.chapters.get(), Department.objects.get(area=plan.area, name="区司法局"), range(4, 301))
    assert city_page_queries() == small
