"""A department taken off a task keeps its history but changes nothing more on it; a supporting
department does not see the 催办 sent to the lead."""

from django.test import Client

from tasks.models import Assignment, Evidence
from tests.security.leak_world import LeakWorld


def test_a_department_removed_from_a_task_cannot_delete_its_evidence(db, settings, tmp_path):
    """Once 区市场监管局 is off the task, deleting its draft's evidence is refused as its report page is."""
    settings.MEDIA_ROOT = tmp_path
    world = LeakWorld()
    Assignment.objects.filter(task=world.task, department=world.market).delete()
    client = Client()
    client.force_login(world.users["staff"])
    assert client.get(f"/tasks/{world.task.pk}/report/{world.period.pk}/").status_code == 403
    response = client.post(f"/evidence/{world.draft_evidence.pk}/delete/")
    assert response.status_code == 403
    assert Evidence.objects.filter(pk=world.draft_evidence.pk).exists()


def test_a_supporting_department_does_not_see_the_leads_reminders(db, settings, tmp_path):
    """The lead department sees the 催办 sent to it on the task page; the supporting department does not."""
    settings.MEDIA_ROOT = tmp_path
    world = LeakWorld()
    pages = {}
    for role in ("staff", "sstaff", "shead"):
        client = Client()
        client.force_login(world.users[role])
        pages[role] = client.get(f"/tasks/{world.task.pk}/").content.decode()
    assert 'data-testid="deliveries"' in pages["staff"]
    assert 'data-testid="deliveries"' not in pages["sstaff"]
    assert 'data-testid="deliveries"' not in pages["shead"]
