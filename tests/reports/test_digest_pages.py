"""The digest's pages: a leader reads this week's digest and past ones and pauses it; an
administrator previews anyone's digest of any week and sends one by hand (补发)."""

import time_machine
from django.core import mail

from plans.policy import SYSTEM
from reports.actions import digest_issue
from reports.models import Digest, DigestSettings
from tests.reports.digest_scenario import TODAY, at, make_digest_scenario


def test_a_leader_reads_this_weeks_digest_and_past_ones(
    client, actors, eager_celery, django_capture_on_commit_callbacks
):
    """This week's page shows the leader's scope; the archive lists the digests sent, each readable as sent."""
    s = make_digest_scenario(actors)
    leader = s.readers["towns"]
    with django_capture_on_commit_callbacks(execute=True):
        sent = digest_issue(actor=SYSTEM, user=leader, today=TODAY)
    client.force_login(leader)
    with time_machine.travel(at(TODAY), tick=False):
        page = client.get("/digest/").content.decode()
    assert "本周督办周报（截至2024年7月14日）" in page and "罗店镇" in page and "区市场监管局" not in page
    archive = client.get("/digest/past/").content.decode()
    assert "督办周报第1期（截至2024年7月14日）" in archive
    assert "街镇合法性审查全覆盖" in client.get(f"/digest/{sent.pk}/").content.decode()
    client.force_login(s.readers["whole"])
    assert client.get(f"/digest/{sent.pk}/").status_code == 404


def test_a_leader_pauses_and_resumes_their_digest(client, actors):
    """A read-only leader may still pause and resume their own digest."""
    s = make_digest_scenario(actors)
    leader = s.readers["whole"]
    client.force_login(leader)
    assert "暂停接收周报" in client.get("/digest/").content.decode()
    client.post("/digest/settings/", {"paused": "1"})
    assert DigestSettings.objects.get(user=leader).paused
    assert "恢复接收周报" in client.get("/digest/").content.decode()
    client.post("/digest/settings/", {"paused": "0"})
    assert not DigestSettings.objects.get(user=leader).paused


def test_an_administrator_previews_and_sends_by_hand(client, actors, eager_celery, django_capture_on_commit_callbacks):
    """The administrator previews a leader's digest of a chosen week, then sends it marked 补发."""
    s = make_digest_scenario(actors)
    client.force_login(actors.admin)
    page = client.get("/digest/preview/", {"user": "chapters", "today": TODAY.isoformat()}).content.decode()
    assert "督办周报（预览）（截至2024年7月14日）" in page and "出台复议规则" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/digest/preview/send/", {"user": "chapters", "today": TODAY.isoformat()}, follow=True)
    assert "已向" in response.content.decode()
    [message] = mail.outbox
    assert message.subject == "督办周报（补发）（截至2024年7月14日）" and message.to == [s.readers["chapters"].email]
    assert Digest.objects.get().manual
    client.force_login(s.readers["chapters"])
    assert client.get("/digest/preview/").status_code == 403


def test_a_leader_chooses_chapters_to_follow(client, actors):
    """A read-only leader sets their own scope to one chapter (one event); the digest follows it."""
    from plans.models import Event
    from reports.models import DigestScope

    s = make_digest_scenario(actors)
    leader = s.readers["whole"]
    client.force_login(leader)
    assert "周报关注范围" in client.get("/digest/").content.decode()
    client.post(f"/digest/scope/{s.plan.pk}/", {"kind": "chapters", "chapters": [s.chapter_2.pk]})
    scope = DigestScope.objects.get(user=leader)
    assert scope.kind == "chapters" and list(scope.chapters.all()) == [s.chapter_2]
    assert Event.objects.get(verb="digest.scope").actor == leader


def test_the_administrator_sets_scopes_in_the_admin(client, actors):
    """Scopes, 分管部门, settings and sent digests have admin pages."""
    client.force_login(actors.admin)
    for model in ("digestscope", "leaderdepartment", "digestsettings", "digest"):
        assert client.get(f"/admin/reports/{model}/").status_code == 200
    assert client.get("/admin/reports/digestscope/add/").status_code == 200
