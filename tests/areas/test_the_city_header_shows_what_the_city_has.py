"""A city above its districts has no plan of its own in the demo: its supervisor's header offers no
本部门工作, 我的任务 or 待审核 (there is nothing of the city's to write or review; the districts'
work is read on 各区比较), and those pages refuse with a reason. Once the city imports a plan of its
own, they come back. A district's supervisor keeps them all along."""

from django.test import Client
from django.urls import reverse

from plans.models import Plan

HOME, MY_TASKS, REVIEW = reverse("reports:department_home"), reverse("tasks:my_tasks"), reverse("tasks:review_queue")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _header(client) -> str:
    return client.get(reverse("reports:todo")).content.decode().split("</nav>")[0]


def test_the_city_supervisor_is_offered_only_what_the_city_has(districts):
    city = _client(districts.users["csup"])
    header = _header(city)
    assert reverse("reports:city") in header
    for url in (HOME, MY_TASKS, REVIEW):
        assert f'href="{url}"' not in header, url
    for url in (HOME, MY_TASKS, REVIEW):
        assert city.get(url).status_code == 403, url
    # The district's supervisor has its department's work and its review queue.
    district = _header(_client(districts.users["sup"]))
    assert f'href="{HOME}"' in district and f'href="{REVIEW}"' in district


def test_a_city_with_a_plan_of_its_own_has_its_department_work_and_queue(districts):
    Plan.objects.create(area=districts.city, title="上海市法治政府建设规划", start_year=2021, end_year=2025)
    city = _client(districts.users["csup"])
    header = _header(city)
    assert f'href="{HOME}"' in header and f'href="{REVIEW}"' in header
    assert city.get(HOME).status_code == 200
    assert city.get(REVIEW).status_code == 200
