"""A staged plan import is claimed once: confirming it twice (a double click, two tabs that both
read the staged file) makes one plan — on SQLite and, with real concurrency, on PostgreSQL."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from plans.models import Plan
from tasks.actions import AlreadyImported, plan_import
from tasks.plan_import import parse_source, read_source

PLAN_TEXT = "测试规划\n一、总则\n(一)推进依法决策。区司法局牵头，2023年底前完成。\n"


def test_confirming_the_same_staged_import_twice_makes_one_plan(actors):
    source = read_source(PLAN_TEXT.encode(), "plan.txt")
    first = plan_import(actor=actors.supervisor, parsed=parse_source(source), source=source, claim="tok-1")
    with pytest.raises(AlreadyImported) as refused:
        plan_import(actor=actors.supervisor, parsed=parse_source(source), source=source, claim="tok-1")
    assert refused.value.plan == first
    assert Plan.objects.count() == 1


def test_the_second_confirmation_in_the_browser_lands_on_the_plan(client, actors, settings):
    """The second tab is told the file was imported already and sent to the plan."""
    from pathlib import Path

    client.force_login(actors.supervisor)
    upload = SimpleUploadedFile("plan.txt", PLAN_TEXT.encode())
    preview = client.post("/plans/import/", {"file": upload})["Location"]
    token = preview.rstrip("/").rsplit("/", 1)[-1]
    staged = {p.name: p.read_bytes() for p in (Path(settings.MEDIA_ROOT) / "staging").glob(f"{token}.*")}
    first = client.post(preview, {"confirm": "1"})
    assert first.status_code == 302
    # The other tab read the staged file before the first confirmation removed it.
    for name, data in staged.items():
        (Path(settings.MEDIA_ROOT) / "staging" / name).write_bytes(data)
    second = client.post(preview, {"confirm": "1"}, follow=True)
    assert "该文件已确认导入，未重复创建" in second.content.decode()
    assert second.redirect_chain[-1][0] == first["Location"]
    assert Plan.objects.count() == 1


@pytest.mark.postgres
def test_two_simultaneous_confirmations_make_one_plan(live_actors):
    """Two requests confirming at the same moment on PostgreSQL: one plan, the other is told."""
    client_a, client_b = Client(), Client()
    for c in (client_a, client_b):
        c.force_login(live_actors.supervisor)
    preview = client_a.post("/plans/import/", {"file": SimpleUploadedFile("plan.txt", PLAN_TEXT.encode())})["Location"]
    client_a.get(preview)
    start = threading.Barrier(2)
    answers = []

    def confirm(c):
        try:
            start.wait()
            answers.append(c.post(preview, {"confirm": "1"}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(c,)) for c in (client_a, client_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Plan.objects.count() == 1
    assert sorted(answers) in ([302, 302], [302, 404])  # the late one finds it imported, or gone
