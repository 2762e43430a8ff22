"""The 中期评估 page: a supervisor starts an edition, sees its progress and downloads it; edits the narrative."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from plans.models import Event, Plan
from reports.models import MidtermEvaluation


@pytest.fixture
def demo_plan(demo_data, settings, tmp_path, eager_celery):
    settings.MEDIA_ROOT = tmp_path
    return Plan.objects.get(source_name__startswith="baoshan")


def test_a_supervisor_generates_a_draft_and_sees_it_done_with_its_downloads(
    client, demo_plan, django_capture_on_commit_callbacks
):
    """The draft is rendered by the Celery task; the page shows 100% and the PDF and Word links."""
    client.force_login(get_user_model().objects.get(username="supervisor"))
    assert "中期评估" in client.get("/midterm/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/midterm/", {"plan": demo_plan.pk, "as_of": "2023-12-31"})
    evaluation = MidtermEvaluation.objects.get()
    assert response["Location"] == f"/midterm/{evaluation.pk}/"
    assert evaluation.as_of == datetime.date(2023, 12, 31) and not evaluation.is_final
    assert Event.objects.filter(verb="midterm.create", object_id=evaluation.pk).count() == 1
    progress = client.get(f"/midterm/{evaluation.pk}/progress/").json()
    assert progress == {"stage": "done", "step": "已完成", "percent": 100, "ready": True}
    page = client.get(f"/midterm/{evaluation.pk}/").content.decode()
    assert f"/midterm/{evaluation.pk}/pdf/" in page and f"/midterm/{evaluation.pk}/docx/" in page
    pdf = b"".join(client.get(f"/midterm/{evaluation.pk}/pdf/").streaming_content)
    assert pdf.startswith(b"%PDF")

    # The supervisor rewrites the summary; the draft is generated again with it.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/midterm/{evaluation.pk}/",
            {"summary": "督察员改写的综述。", "problems": "", "recommendations": ""},
        )
    evaluation.refresh_from_db()
    assert evaluation.summary == "督察员改写的综述。" and evaluation.stage == "done"
    assert "督察员改写的综述" in evaluation.data.open("rb").read().decode()


def test_a_leader_reads_the_page_but_may_not_start_an_edition(client, demo_plan):
    """Leaders read the 中期评估 page without the form; their POST is refused."""
    client.force_login(get_user_model().objects.get(username="leader"))
    page = client.get("/midterm/").content.decode()
    assert "生成新版本" not in page
    assert client.post("/midterm/", {"as_of": "2023-12-31"}).status_code == 403
    assert not MidtermEvaluation.objects.exists()
