"""`load_demo`: the demo data set, loaded any number of times with the same result."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from plans.models import Department, DepartmentKind, Membership
from plans.roles import Role
from tests import demo_snapshot
from tests.demo_snapshot import checksum, read_tables


def test_load_demo_gives_the_departments_and_one_account_per_role(db):
    """load_demo gives the district's departments and one account per role."""
    call_command("load_demo", "--without-progress", stdout=io.StringIO())
    assert Department.objects.count() >= 30
    assert Department.objects.filter(kind=DepartmentKind.SUBDISTRICT).count() >= 12
    for name in [
        "区司法局",
        "区政府办公室",
        "区发展改革委",
        "区市场监管局",
        "区城管执法局",
        "区应急局",
        "区信访办",
        "区公安分局",
        "区政务服务办",
    ]:
        assert Department.objects.filter(name=name).exists(), name
    users = get_user_model().objects.prefetch_related("groups")
    roles = {user.username: [g.name for g in user.groups.all()] for user in users}
    assert roles == {
        "staff": [Role.STAFF],
        "head": [Role.HEAD],
        "supervisor": [Role.SUPERVISOR],
        "leader": [Role.LEADER],
        "admin": [Role.ADMIN],
        "security": [Role.SECURITY_ADMIN],
        "auditor": [Role.AUDIT_ADMIN],
    }
    assert Membership.objects.get(user__username="supervisor").department.name == "区司法局"
    # 三员分立: three administrators, none of them a superuser (who would be all three).
    admins = get_user_model().objects.filter(username__in=["admin", "security", "auditor"])
    assert [(u.is_staff, u.is_superuser) for u in admins] == [(True, False)] * 3


def test_load_demo_twice_leaves_the_database_identical(demo_data):
    """Running load_demo on a database that already holds the demo changes no row in any table."""
    before = checksum(read_tables())
    assert before["tasks_progressreport"][0] > 0 and before["tasks_historicalprogressreport"][0] > 0
    call_command("load_demo", stdout=io.StringIO())
    assert checksum(read_tables()) == before  # history tables included: a second run writes no history either


def test_the_session_copy_of_the_demo_is_what_load_demo_wrote(demo_data):
    """A test given the demo sees exactly the rows load_demo wrote, table by table."""
    written = demo_snapshot.snapshot(with_progress=True)
    demo_snapshot.copy_into_database(written)  # the copy path, whichever test loaded the demo first
    assert checksum(read_tables()) == checksum(written)


def test_demo_password_comes_from_the_environment(db, monkeypatch, client):
    """The demo accounts' password can be set through the environment."""
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-secret")
    call_command("load_demo", "--without-progress", stdout=io.StringIO())
    signed_in = client.post("/accounts/login/", {"username": "leader", "password": "another-demo-secret"})
    assert signed_in.status_code == 302 and client.session.get("_auth_user_id")


def test_load_demo_imports_the_baoshan_plan_with_a_lead_for_every_clause(db):
    """load_demo imports the 宝山 plan with a lead department for every clause."""
    from plans.models import Plan
    from tasks.models import Task

    out = io.StringIO()
    call_command("load_demo", "--without-progress", stdout=out)
    plan = Plan.objects.get()
    assert f"Demo plan id: {plan.pk}" in out.getvalue()
    assert plan.clauses.count() == 58
    tasks = Task.objects.filter(plan=plan).prefetch_related("assignments")
    assert len(tasks) == 58
    assert all(any(a.role == "lead" for a in t.assignments.all()) for t in tasks)
