"""`load_demo --city`: 上海市 above 宝山区 and a second district, 嘉定区, with its own 区司法局 and its
own plan; loaded any number of times with the same result."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from plans.models import Area, AreaKind, Department, Membership, Plan
from plans.roles import Role
from tasks.models import Assignment, ProgressReport, ReportState
from tests.demo_snapshot import checksum, read_tables


def test_load_demo_city_gives_two_districts_each_with_its_own_justice_bureau(city_demo):
    """Two 区司法局, one per district; 嘉定's plan names its own, and its reports are 嘉定's."""
    city = Area.objects.get(name="上海市")
    assert (city.kind, city.notice_prefix, city.justice_bureau) == (AreaKind.CITY, "沪法督", "上海市司法局")
    baoshan, jiading = Area.objects.get(name="宝山区"), Area.objects.get(name="嘉定区")
    assert baoshan.parent == city and jiading.parent == city and jiading.notice_prefix == "嘉法督"
    bureaus = Department.objects.filter(name="区司法局")
    assert {d.area.name for d in bureaus} == {"宝山区", "嘉定区"}
    assert Department.objects.filter(area=jiading, name="区市场监管局").exists()
    assert Department.objects.filter(area=jiading, kind="subdistrict").count() >= 3

    plan = Plan.objects.get(area=jiading)
    assert plan.title.startswith("嘉定区")
    assigned = Assignment.objects.filter(task__plan=plan).select_related("department")
    assert {a.department.area_id for a in assigned} == {jiading.pk}
    assert assigned.filter(department__name="区司法局").exists()
    reports = ProgressReport.objects.filter(task__plan=plan)
    assert reports.filter(state=ReportState.ACCEPTED).count() > 100
    assert set(reports.values_list("department__area", flat=True)) == {jiading.pk}


def test_load_demo_city_gives_the_city_and_jiading_accounts(city_demo):
    """The city's supervisor (市司法局) and leader (the city's area), and 嘉定's four accounts."""
    users = get_user_model().objects.prefetch_related("groups")
    roles = {u.username: [g.name for g in u.groups.all()] for u in users}
    expected = {
        "city_supervisor": (Role.SUPERVISOR, "市司法局", "上海市"),
        "city_leader": (Role.LEADER, None, "上海市"),
        "jd_staff": (Role.STAFF, "区市场监管局", "嘉定区"),
        "jd_head": (Role.HEAD, "区市场监管局", "嘉定区"),
        "jd_supervisor": (Role.SUPERVISOR, "区司法局", "嘉定区"),
        "jd_leader": (Role.LEADER, None, "嘉定区"),
    }
    for username, (role, department, area) in expected.items():
        membership = Membership.objects.select_related("department", "area").get(user__username=username)
        assert roles[username] == [role], username
        assert (membership.department.name if membership.department else None, membership.area.name) == (
            department,
            area,
        ), username
    # 宝山's accounts stay 宝山's.
    assert Membership.objects.get(user__username="supervisor").area.name == "宝山区"


def test_load_demo_city_twice_leaves_the_database_identical(city_demo):
    """Running `load_demo --city` (or plain `load_demo`) again changes no row in any table."""
    before = checksum(read_tables())
    call_command("load_demo", "--city", stdout=io.StringIO())
    assert checksum(read_tables()) == before
    call_command("load_demo", stdout=io.StringIO())
    assert checksum(read_tables()) == before
