"""From the comparison, the city supervisor drills into a district: its accepted work is there to
read, its drafts are not (they have not left their department)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tasks.actions import report_save
from tasks.models import Assignment, ProgressReport, ReportState

pytestmark = pytest.mark.django_db
DRAFT_TEXT = "嘉定区市场监管局尚未报送的草稿：计划下周召开推进会"


@pytest.fixture
def jiading_draft(city_demo):
    """A draft of 嘉定's 区市场监管局 (jd_staff), for a period its task had no report for yet."""
    staff = get_user_model().objects.get(username="jd_staff")
    department = staff.membership.department
    lead = Assignment.objects.filter(department=department, role=Assignment.Role.LEAD).select_related("task__plan")
    for assignment in lead:
        task = assignment.task
        reported = set(ProgressReport.objects.filter(task=task, department=department).values_list("period", flat=True))
        period = task.plan.periods.exclude(pk__in=reported).order_by("start").first()
        if period is not None:
            break
    data = {"progress_status": "in_progress", "percent_complete": 40, "narrative": DRAFT_TEXT, "problems": ""}
    return report_save(actor=staff, task=task, period=period, data=data, version=None)


def test_the_city_supervisor_reads_a_districts_accepted_work_not_its_drafts(jiading_draft):
    """The drill-down link opens 嘉定's plan on the supervision page: its latest accepted reports are
    listed and open; the draft of 嘉定's 区市场监管局 shows nowhere and its page is not found."""
    assert jiading_draft.state == ReportState.DRAFT
    client = Client()
    client.force_login(get_user_model().objects.get(username="city_supervisor"))
    row = next(r for r in client.get("/city/").context["cmp"].rows if r.area.name == "嘉定区")
    assert row.plan == jiading_draft.task.plan

    response = client.get(row.link)
    assert response.status_code == 200
    assert response.context["plan"] == row.plan
    accepted = response.context["dash"].recent_accepted
    assert accepted and all(r.state == ReportState.ACCEPTED for r in accepted)
    assert {r.task.plan_id for r in accepted} == {row.plan.pk}
    assert DRAFT_TEXT not in response.content.decode()
    assert client.get(reverse("tasks:report_detail", args=[accepted[0].pk]), follow=True).status_code == 200

    assert client.get(reverse("tasks:report_detail", args=[jiading_draft.pk]), follow=True).status_code == 404
    task_page = client.get(reverse("tasks:task_detail", args=[jiading_draft.task_id]))
    assert task_page.status_code == 200 and DRAFT_TEXT not in task_page.content.decode()
    # 嘉定's own staff does read it: the draft is there, only not handed in.
    own = Client()
    own.force_login(get_user_model().objects.get(username="jd_staff"))
    own_page = own.get(reverse("tasks:report_detail", args=[jiading_draft.pk]), follow=True)
    assert own_page.status_code == 200 and DRAFT_TEXT in own_page.content.decode()
