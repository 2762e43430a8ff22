"""各区比较 is the city's page: a district's staff, head, supervisor and leader cannot open it and
find no link to it; in a single-district install nobody has it, administrators included."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "username", ["staff", "head", "supervisor", "leader", "jd_staff", "jd_head", "jd_supervisor", "jd_leader"]
)
def test_a_districts_people_cannot_open_the_city_page(city_demo, username):
    """A district's people, 宝山's or 嘉定's, are refused (403) and see no 各区比较 in the menu."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    assert client.get("/city/").status_code == 403
    assert client.get("/city/", {"format": "xlsx"}).status_code == 403
    assert 'data-testid="nav-city"' not in client.get("/todo/").content.decode()


def test_the_administrator_compares_the_districts_once_there_are_several(city_demo):
    """The 系统管理员 reads every district: with two, the page is theirs too."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get("/city/")
    assert response.status_code == 200
    assert [r.area.name for r in response.context["cmp"].rows] == ["宝山区", "嘉定区"]


def test_a_single_district_install_has_no_city_page(actors):
    """One district: the supervisor, the leader and the administrator get no page and no link."""
    for user in (actors.supervisor, actors.leader, actors.admin):
        client = Client()
        client.force_login(get_user_model().objects.get(username=user.username))
        assert client.get("/city/").status_code == 403
        assert 'data-testid="nav-city"' not in client.get("/todo/").content.decode()
