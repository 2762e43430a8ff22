"""Deleting a plan in the admin is a short confirmation, and refused once departments have reported."""

from plans.models import Plan
from tasks.models import ProgressReport


def test_a_plan_with_reports_cannot_be_deleted_and_the_page_is_cheap(client, demo_data, django_assert_max_num_queries):
    """The demo plan's delete page names no rows one by one, refuses the deletion and stays cheap."""
    from django.contrib.auth import get_user_model

    plan = Plan.objects.get()
    assert ProgressReport.objects.filter(task__plan=plan).exists()
    client.force_login(get_user_model().objects.get(username="admin"))
    with django_assert_max_num_queries(30):
        page = client.get(f"/admin/plans/plan/{plan.pk}/delete/")
    assert page.status_code == 200
    assert "已有进展报告的规划不能删除" in page.content.decode()
    client.post(f"/admin/plans/plan/{plan.pk}/delete/", {"post": "yes"})
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_a_plan_without_reports_is_deleted_after_a_summary(client, actors, django_assert_max_num_queries):
    """A plan nobody reported on is deleted after a confirmation that counts what goes with it."""
    from tasks.models import Task
    from tasks.progress import generate_periods

    plan = Plan.objects.create(title="试行规划", start_year=2024, end_year=2026)
    generate_periods(plan)
    Task.objects.bulk_create(Task(plan=plan, code=str(n), title=f"任务{n}", position=n) for n in range(1, 41))
    client.force_login(actors.admin)
    with django_assert_max_num_queries(30):
        page = client.get(f"/admin/plans/plan/{plan.pk}/delete/").content.decode()
    assert "任务 40 条" in page and "任务1<" not in page
    client.post(f"/admin/plans/plan/{plan.pk}/delete/", {"post": "yes"})
    assert not Plan.objects.filter(pk=plan.pk).exists()
