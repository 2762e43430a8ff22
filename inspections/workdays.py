"""Working days for the reply deadlines of 督办单: the official holidays and make-up working days
come from the ``chinese-calendar`` package for the years it knows; for other years (or without
the package) only weekends are skipped, and ``holidays_known`` says so."""

from __future__ import annotations

import datetime

try:
    import chinese_calendar
except ImportError:  # pragma: no cover - the package is in requirements.txt
    chinese_calendar = None


def holidays_known(day: datetime.date) -> bool:
    """Whether ``day``'s year is covered by the holiday calendar (else weekends only)."""
    if chinese_calendar is None:
        return False
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_workday(day: datetime.date) -> bool:
    if holidays_known(day):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``start`` (``start`` itself does not count)."""
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day
