"""Parallel saves and confirms of one report get the optimistic-locking answer, never a 500 —
on the embedded SQLite as on PostgreSQL."""

import threading

import pytest
from django.db import connection

from plans.locking import StaleError
from tasks import actions
from tasks.models import ReportTransitionError
from tests.test_url_table import World


def _race(count: int, attempt) -> list[str]:
    """Run ``attempt(i)`` in ``count`` threads released together; returns each one's outcome."""
    outcomes, start = [], threading.Barrier(count)

    def run(i):
        try:
            start.wait()
            attempt(i)
            outcomes.append("done")
        except (StaleError, ReportTransitionError):
            outcomes.append("refused")
        except Exception as exc:  # what a user would have got as a 500
            outcomes.append(f"error: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_eight_parallel_saves_of_one_report_save_once_and_refuse_seven(settings, tmp_path):
    """Eight people saving the same version at once: one is saved, seven are told to refresh."""
    settings.MEDIA_ROOT = tmp_path
    world = World()
    report, staff = world.draft_report, world.users["staff"]

    def save(i):
        actions.report_save(
            actor=staff, task=world.task, period=world.period, data={"narrative": f"版本{i}"}, version=report.version
        )

    assert _race(8, save) == ["done"] + ["refused"] * 7


@pytest.mark.django_db(transaction=True)
def test_four_parallel_confirms_confirm_once(settings, tmp_path):
    """Four clicks on 确认 at once confirm the report once; the others are told it was handled."""
    settings.MEDIA_ROOT = tmp_path
    world = World()
    report = actions.report_submit(actor=world.users["staff"], report=world.draft_report)
    head = world.users["head"]
    assert (
        _race(4, lambda i: actions.report_confirm(actor=head, report=report, version=report.version))
        == ["done"] + ["refused"] * 3
    )
