"""督办单 numbers run 1, 2, 3 … per year without gaps, even when many are issued at once."""

import datetime
import threading

import pytest
from django.db import connection, connections

from inspections.actions import _create_notice
from inspections.models import SupervisionNotice

D = datetime.date


def issue(unit, day):
    from django.db import transaction

    with transaction.atomic():
        return _create_notice(colour="blue", units=[unit], subject="事项", requirement="请办理", today=day)


def test_numbers_restart_each_year(actors):
    """Each year's notices are numbered from 1: 宝法督〔2024〕1号, 2号, then 宝法督〔2025〕1号."""
    numbers = [issue(actors.market, d).number for d in (D(2024, 5, 1), D(2024, 6, 1), D(2025, 1, 2))]
    assert numbers == ["宝法督〔2024〕1号", "宝法督〔2024〕2号", "宝法督〔2025〕1号"]


def test_a_rolled_back_notice_gives_its_number_back(actors):
    """A notice whose transaction fails leaves no gap."""
    from django.db import transaction

    issue(actors.market, D(2024, 5, 1))
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(actors.market, D(2024, 5, 1))
        raise RuntimeError
    assert issue(actors.market, D(2024, 5, 2)).serial == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_notices_get_consecutive_numbers(live_actors):
    """Twelve notices issued from six connections at once are numbered 1–12, no gaps, no repeats."""
    assert connection.vendor == "postgresql"
    unit = live_actors.market
    barrier = threading.Barrier(6)
    errors = []

    def worker():
        try:
            barrier.wait()
            for _ in range(2):
                issue(unit, D(2024, 5, 1))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(SupervisionNotice.objects.values_list("serial", flat=True)) == list(range(1, 13))
