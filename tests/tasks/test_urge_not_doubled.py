"""Two quick 催办 send one: a manual 催办 of the same task by the same person within ten minutes
is refused with a message; another supervisor, or the same one later, may urge again."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from plans.models import Department, Membership
from tasks.actions import UrgeRefused, task_urge
from tasks.models import Assignment


def _urge(client, task, note="请于本周内报送"):
    return client.post(f"/tasks/{task.pk}/urge/", {"note": note}, follow=True).content.decode()


def test_a_second_urge_within_ten_minutes_is_refused(
    client, actors, reported, eager_celery, django_capture_on_commit_callbacks
):
    _plan, task, *_rest = reported
    client.force_login(actors.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        first = _urge(client, task)
        second = _urge(client, task)
    assert "已向 1 个牵头部门发出催办" in first
    assert "已催办过此任务，10 分钟内不重复催办" in second
    assert len(mail.outbox) == 1


def test_another_supervisor_or_a_later_urge_is_sent(actors, reported):
    _plan, task, *_rest = reported
    justice = Department.objects.get(name="区司法局")
    other = type(actors.supervisor).objects.create_user("eve")
    other.groups.set(actors.supervisor.groups.all())
    Membership.objects.create(user=other, department=justice)
    assert Assignment.objects.filter(task=task, role="lead").count() == 1
    now = timezone.now()
    assert task_urge(actor=actors.supervisor, task=task, note="一", now=now) == 1
    with pytest.raises(UrgeRefused):
        task_urge(actor=actors.supervisor, task=task, note="二", now=now + datetime.timedelta(minutes=9))
    assert task_urge(actor=other, task=task, note="三", now=now + datetime.timedelta(minutes=9)) == 1
    assert task_urge(actor=actors.supervisor, task=task, note="四", now=now + datetime.timedelta(minutes=11)) == 1
