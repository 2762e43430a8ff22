"""A NUL byte in any text input is refused with a clear answer, on SQLite and PostgreSQL alike."""

from django.test import Client

from notifications.models import Delivery
from tasks.models import ProgressReport
from tests.test_url_table import World


def test_nul_in_a_search_an_urge_note_or_a_review_comment_is_refused_with_400(db, settings, tmp_path):
    """Search, 催办 and a return comment with NUL answer 400 in Chinese and change nothing."""
    settings.MEDIA_ROOT = tmp_path
    world = World()
    client = Client()
    client.force_login(world.users["sup"])
    search = client.get(f"/plans/{world.plan.pk}/tasks/", {"q": "复议\x00改革"})
    assert search.status_code == 400
    assert "空字符" in search.content.decode()
    urge = client.post(f"/tasks/{world.task.pk}/urge/", {"note": "请尽快\x00报送"})
    assert urge.status_code == 400
    assert Delivery.objects.count() == 0
    comment = client.post(
        f"/progress/{world.handed_report.pk}/move/", {"to": "returned", "comment": "补充\x00材料", "version": ""}
    )
    assert comment.status_code == 400
    assert ProgressReport.objects.get(pk=world.handed_report.pk).state == "confirmed"
    assert client.get(f"/plans/{world.plan.pk}/tasks/", {"q": "复议"}).status_code == 200
