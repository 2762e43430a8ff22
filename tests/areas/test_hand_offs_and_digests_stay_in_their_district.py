"""Beat jobs and hand-offs run as the system, yet address each district's own people: a report
confirmed in 嘉定 is handed to 嘉定's supervisors, never 宝山's or the city's; a department head's
digest follows their own district's current plan."""

import datetime

from plans.models import Plan
from reports.digest import scopes_for
from reports.models import HandoffItem
from tasks import actions


def test_a_confirmed_report_is_handed_to_the_districts_own_supervisors(districts, django_capture_on_commit_callbacks):
    world, users = districts.world, districts.users
    period = world.plan.periods.order_by("start")[10]
    with django_capture_on_commit_callbacks(execute=True):
        report = actions.report_save(
            actor=users["staff"], task=world.task, period=period, data={"narrative": "已完成"}, version=None
        )
        actions.report_submit(actor=users["staff"], report=report)
        actions.report_confirm(actor=users["head"], report=report)
    told = set(HandoffItem.objects.filter(kind=HandoffItem.Kind.CONFIRMED).values_list("user__username", flat=True))
    assert told == {"sup"}


def test_a_heads_digest_follows_their_own_districts_current_plan(districts):
    """宝山's head, with no scope of their own, reads 宝山's plan, not 嘉定's (imported first)."""
    baoshan_plan = Plan.objects.create(
        area=districts.baoshan, title="宝山规划", start_year=2021, end_year=2025, is_current=True
    )
    Plan.objects.filter(pk=districts.world.plan.pk).update(
        is_current=True, created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert [scope.plan for scope in scopes_for(districts.users["bhead"])] == [baoshan_plan]
    assert [scope.plan for scope in scopes_for(districts.users["head"])] == [districts.world.plan]
