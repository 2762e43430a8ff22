"""The one permission layer, attacked through real URLs by each of the actors."""

import pytest
from django.urls import reverse

from plans.models import Department, Membership


def login(client, user):
    client.force_login(user)
    return client


class TestAnonymous:
    @pytest.mark.parametrize(
        "url",
        ["/", "/my/", "/supervision/", "/overview/", "/departments/", "/departments/1/", "/departments/1/edit/"],
    )
    def test_every_page_sends_anonymous_users_to_login(self, client, db, url):
        """Every page sends an anonymous visitor to the login page."""
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_login_page_is_chinese(self, client, db):
        """The login page speaks Chinese."""
        response = client.get(reverse("login"))
        assert response.status_code == 200
        assert "登录督办系统" in response.content.decode()


class TestDepartments:
    def test_staff_see_their_own_department_only(self, client, actors):
        """Department staff see their own department only."""
        login(client, actors.market_staff)
        assert client.get(f"/departments/{actors.market.pk}/").status_code == 200
        assert client.get(f"/departments/{actors.justice.pk}/").status_code == 404
        listing = client.get("/departments/").content.decode()
        assert "区市场监管局" in listing
        assert "区司法局" not in listing

    def test_another_departments_member_is_not_found(self, client, actors):
        """Staff asking for another department's page get "not found"."""
        justice_membership = Membership.objects.get(user=actors.justice_staff)
        login(client, actors.market_staff)
        assert client.get(f"/departments/members/{justice_membership.pk}/").status_code == 404

    @pytest.mark.parametrize("who", ["supervisor", "leader", "admin"])
    def test_supervisors_leaders_and_admins_see_every_department(self, client, actors, who):
        """Supervisors, leaders and administrators see every department."""
        login(client, getattr(actors, who))
        for department in Department.objects.all():
            assert client.get(f"/departments/{department.pk}/").status_code == 200

    def test_an_outsider_sees_nothing(self, client, actors):
        """A user with no role or department sees no department."""
        login(client, actors.outsider)
        assert client.get(f"/departments/{actors.market.pk}/").status_code == 404
        assert "没有符合条件的部门" in client.get("/departments/").content.decode()
        assert "尚未分配部门或角色" in client.get("/", follow=True).content.decode()

    def test_a_head_edits_their_own_departments_contacts(self, client, actors):
        """A department head edits their department's contacts, and the change is recorded in its history."""
        login(client, actors.market_head)
        response = client.post(
            f"/departments/{actors.market.pk}/edit/",
            {"short_name": "市场监管局", "emails_text": "a@baoshan.example.gov.cn\nb@baoshan.example.gov.cn"},
        )
        assert response.status_code == 302
        actors.market.refresh_from_db()
        assert actors.market.emails == ["a@baoshan.example.gov.cn", "b@baoshan.example.gov.cn"]
        assert actors.market.history.count() == 2  # created, then edited: the change is audited

    def test_a_bad_email_is_refused_with_its_line(self, client, actors):
        """A malformed email address is refused, naming its line."""
        login(client, actors.market_head)
        response = client.post(
            f"/departments/{actors.market.pk}/edit/",
            {"short_name": "x", "emails_text": "ok@example.gov.cn\nnot-an-email"},
        )
        assert response.status_code == 200
        assert "第 2 行" in response.content.decode()
        actors.market.refresh_from_db()
        assert actors.market.short_name == "市场监管局"

    def test_a_head_cannot_edit_another_department(self, client, actors):
        """A department head cannot edit another department."""
        login(client, actors.market_head)
        response = client.post(f"/departments/{actors.justice.pk}/edit/", {"short_name": "hijacked"})
        assert response.status_code == 404
        actors.justice.refresh_from_db()
        assert actors.justice.short_name == "司法局"

    def test_staff_may_look_but_not_edit(self, client, actors):
        """Department staff may read their department's page but not edit it."""
        login(client, actors.market_staff)
        response = client.post(f"/departments/{actors.market.pk}/edit/", {"short_name": "hijacked"})
        assert response.status_code == 403
        actors.market.refresh_from_db()
        assert actors.market.short_name == "市场监管局"


class TestLeadersChangeNothing:
    @pytest.mark.parametrize("path", ["/departments/{pk}/edit/", "/departments/", "/my/", "/overview/"])
    def test_every_post_from_a_leader_is_forbidden(self, client, actors, path):
        """A leader's attempt to change anything is forbidden."""
        login(client, actors.leader)
        response = client.post(path.format(pk=actors.market.pk), {"short_name": "hijacked"})
        assert response.status_code == 403
        actors.market.refresh_from_db()
        assert actors.market.short_name == "市场监管局"

    def test_a_leader_can_still_log_out(self, client, actors):
        """A leader can still sign out."""
        login(client, actors.leader)
        assert client.post(reverse("logout")).status_code == 302

    def test_a_leader_reads_the_overview(self, client, actors):
        """A leader reads the district overview."""
        login(client, actors.leader)
        response = client.get("/", follow=True)
        assert response.redirect_chain[-1][0] == "/overview/"
        assert "只读" in response.content.decode()


class TestRoleHomes:
    @pytest.mark.parametrize(
        ("who", "home"),
        [
            ("justice_staff", "/my/"),
            ("market_staff", "/my/"),
            ("market_head", "/my/"),
            ("supervisor", "/supervision/"),
            ("leader", "/overview/"),
            ("admin", "/admin/"),
        ],
    )
    def test_each_role_lands_on_its_home(self, client, actors, who, home):
        """Each role lands on its own home page."""
        login(client, getattr(actors, who))
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == home

    def test_staff_cannot_open_the_supervision_overview(self, client, actors):
        """Department staff cannot open the supervision overview."""
        login(client, actors.market_staff)
        assert client.get("/supervision/").status_code == 403
        assert client.get("/overview/").status_code == 403

    def test_the_department_home_shows_only_colleagues(self, client, actors):
        """A department's home page lists only its own members."""
        login(client, actors.market_staff)
        page = client.get("/my/").content.decode()
        assert "Carol" in page  # the head of the same department
        assert "Alice" not in page  # staff of 区司法局


def test_department_list_uses_a_fixed_number_of_queries(client, plan_of_500_tasks):
    """The department list and the supervision overview cost the same number of queries on the demo
    as with 200 more departments and a plan of 500 tasks, within their budget."""
    from django.contrib.auth import get_user_model

    from plans.models import Plan
    from reports.todo import todo_count
    from tests.conftest import count_queries

    demo_plan = Plan.objects.exclude(pk=plan_of_500_tasks.pk).get()
    login(client, get_user_model().objects.get(username="supervisor"))

    def fetch(url, plan):
        assert client.get(url, {"plan": plan.pk}).status_code == 200

    todo_count(get_user_model().objects.get(username="supervisor"))  # the header's count: cached between events
    on_demo = [count_queries(lambda u=u: fetch(u, demo_plan)) for u in ("/departments/", "/supervision/")]
    Department.objects.bulk_create(Department(name=f"测试部门{i}") for i in range(200))
    grown = [count_queries(lambda u=u: fetch(u, plan_of_500_tasks)) for u in ("/departments/", "/supervision/")]
    assert on_demo == grown
    # The overview's 26 include its 督察待办 (3, 督办单 replies to review among them), the 挂牌督办
    # list (1), the annual reports due (3, the to-do centre) and remembering the chosen plan (2).
    assert on_demo[0] <= 10 and on_demo[1] <= 26
