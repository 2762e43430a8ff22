"""A supervisor revises the demo plan in the browser's forms: upload an edited copy of its text, read
the clause-by-clause difference, confirm once. Reports on unchanged clauses stay; the removed
clause's task is archived with its reports, not deleted."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from plans.demo import FIXTURES_DIR
from plans.models import Event, Plan
from tasks import staging
from tasks.facts import gather_facts
from tasks.models import ProgressReport, Task

SEED = FIXTURES_DIR / "baoshan-plan-2021-2025.txt"
CHANGED_FROM, CHANGED_TO = "完善行政复议委员会制度,", "完善行政复议委员会制度和咨询专家库,"
NEW_CLAUSE = "(五十九)建立规划实施年度报告制度。每年1月底前由区司法局向区政府报告上一年度规划实施情况。\n"


def edited_text() -> str:
    """The demo plan's text with clause (九) reworded, clause (三十) removed and clause (五十九) added."""
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    out = []
    for line in lines:
        if line.startswith("(三十)"):
            continue
        if line.startswith("(九)"):
            assert CHANGED_FROM in line
            line = line.replace(CHANGED_FROM, CHANGED_TO)
        out.append(line)
        if line.startswith("(五十八)"):
            out.append(NEW_CLAUSE)
    return "".join(out)


@pytest.fixture
def supervisor_client(demo_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(get_user_model().objects.get(username="supervisor"))
    return client


def upload(client, plan: Plan) -> str:
    """Post the edited text; returns the preview's address."""
    data = edited_text().encode("utf-8")
    response = client.post(f"/plans/{plan.pk}/revise/", {"file": SimpleUploadedFile("宝山规划-修订稿.txt", data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_the_supervisor_sees_the_difference_and_confirms_reports_stay_and_the_removed_task_is_archived(
    supervisor_client,
):
    plan = Plan.objects.current()
    reviewed = Task.objects.get(plan=plan, code="9")
    removed = Task.objects.get(plan=plan, code="30")
    removed_reports = set(ProgressReport.objects.filter(task=removed).values_list("pk", "state"))
    handed_in = ProgressReport.objects.visible_to(get_user_model().objects.get(username="supervisor"))
    unchanged = list(Task.objects.filter(plan=plan).exclude(code__in=["9", "30"]).values_list("pk", flat=True))
    reports_before = set(ProgressReport.objects.filter(task__in=unchanged).values_list("pk", "task_id", "narrative"))
    assert removed_reports and reports_before

    preview_url = upload(supervisor_client, plan)
    page = supervisor_client.get(preview_url).content.decode()
    counts = {k: re.search(rf'data-testid="count-{k}">(\d+)<', page)[1] for k in ("added", "changed", "removed")}
    assert counts == {"added": "1", "changed": "1", "removed": "1"}
    # The changed clause shows what was taken out and put in, not just that it changed.
    assert "<ins>和咨询专家库</ins>" in page
    assert "(九)完成行政复议体制改革" in page
    assert "(三十)完善突发事件应对保障体系" in page and "将<strong>归档</strong>" in page
    assert f"{handed_in.filter(task=removed).count()} 份已上报的进展报告保留备查" in page
    assert "(五十九)建立规划实施年度报告制度" in page
    assert Plan.objects.get(pk=plan.pk).version == 1  # nothing written by the preview

    response = supervisor_client.post(preview_url, {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    # Confirming twice (a double click, a second tab) applies nothing the second time.
    again = supervisor_client.post(preview_url, {"confirm": "1"}, follow=True)
    assert "已经确认过" in again.content.decode()
    assert Plan.objects.get(pk=plan.pk).version == 2
    assert Event.objects.filter(plan=plan, verb="plan.revise").count() == 1

    removed.refresh_from_db()
    assert removed.archived_at is not None  # archived, not deleted
    assert set(ProgressReport.objects.filter(task=removed).values_list("pk", "state")) == removed_reports
    # Its reports stay readable, saying the task is archived, with no link to a task page that is gone.
    kept = ProgressReport.objects.filter(task=removed).first()
    page = supervisor_client.get(f"/progress/{kept.pk}/").content.decode()
    assert 'data-testid="archived-note"' in page and f'href="/tasks/{removed.pk}/"' not in page and "~" not in page
    assert set(ProgressReport.objects.filter(task__in=unchanged).values_list("pk", "task_id", "narrative")) == (
        reports_before
    )
    reviewed.refresh_from_db()
    assert CHANGED_TO in reviewed.content and reviewed.archived_at is None
    new = Task.objects.get(plan=plan, code="59")
    assert new.title == "建立规划实施年度报告制度"
    event = Event.objects.get(plan=plan, verb="plan.revise")
    assert event.data["changes"] == {"added": 1, "changed": 1, "removed": 1, "unchanged": 56}
    assert event.data["archived_tasks"] == [removed.pk]

    # The archived task leaves the lists, the facts (lights, dashboards) and the 督办 run.
    assert not Task.objects.visible_to(event.actor).filter(pk=removed.pk).exists()
    assert removed.pk not in gather_facts(plan.pk).facts
    task_list = supervisor_client.get(f"/plans/{plan.pk}/tasks/?q=突发事件应对保障").content.decode()
    assert "完善突发事件应对保障体系" not in task_list
    assert supervisor_client.get(f"/tasks/{removed.pk}/").status_code == 404
    assert "(九)" in supervisor_client.get(f"/plans/{plan.pk}/").content.decode()


def test_a_preview_made_before_someone_elses_revision_is_refused(supervisor_client):
    """Two previews of the same version: the first confirmation wins, the second is told, nothing overwritten."""
    plan = Plan.objects.current()
    first, second = upload(supervisor_client, plan), upload(supervisor_client, plan)
    supervisor_client.post(first, {"confirm": "1"})
    assert 'data-testid="stale"' in supervisor_client.get(second).content.decode()
    refused = supervisor_client.post(second, {"confirm": "1"}, follow=True).content.decode()
    assert "规划已在您预览之后被修订" in refused
    assert Event.objects.filter(plan=plan, verb="plan.revise").count() == 1


def test_a_staged_revision_is_claimed_once(supervisor_client):
    """Two confirmations racing: only one request takes the staged file."""
    plan = Plan.objects.current()
    token = upload(supervisor_client, plan).rstrip("/").rsplit("/", 1)[1]
    user_id = get_user_model().objects.get(username="supervisor").pk
    assert staging.claim(token, user_id=user_id) is not None
    assert staging.claim(token, user_id=user_id) is None


def test_cancelling_writes_nothing(supervisor_client):
    plan = Plan.objects.current()
    preview_url = upload(supervisor_client, plan)
    supervisor_client.post(preview_url, {"cancel": "1"})
    assert Plan.objects.get(pk=plan.pk).version == 1
    assert Task.objects.get(plan=plan, code="30").archived_at is None
    assert supervisor_client.get(preview_url).status_code == 404
