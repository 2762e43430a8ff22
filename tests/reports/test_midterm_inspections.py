"""The midterm evaluation's 督察 sections: coverage and 整改 as the record stood at the cut-off."""

import datetime

from inspections.models import DONE_STATES, Finding
from inspections.summary import midterm_figures
from plans.models import Plan
from reports.midterm import build


def test_the_evaluation_prints_coverage_and_rectification_as_of_its_cut_off(demo_data):
    """The demo's 2022 and 2023 campaigns appear in the 2023 evaluation; what was closed only later
    reads as open, and what was found only later is not there."""
    plan = Plan.objects.get(source_name__startswith="baoshan")
    cut_off = datetime.date(2023, 12, 31)
    report = build(plan, as_of=cut_off)
    coverage = dict(report.inspections_coverage)
    assert coverage["合计"].split("/")[0] != "0"
    figures = dict(report.rectification)
    known_then = {
        r.id: r for r in Finding.history.filter(history_date__lt=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    }
    assert figures["发现问题"] == str(len(known_then))
    closed_then = {
        pk
        for pk in known_then
        if Finding.history.filter(id=pk, history_date__lt=datetime.datetime(2023, 12, 31, 16, tzinfo=datetime.UTC))
        .order_by("-history_date", "-history_id")
        .first()
        .state
        in DONE_STATES
    }
    assert figures["已整改销号"] == str(len(closed_then))


def test_a_closure_recorded_later_does_not_change_the_earlier_figures(demo_data):
    """Closing an open finding today leaves the figures as of 2023-12-31 as they were."""
    plan = Plan.objects.get(source_name__startswith="baoshan")
    before = midterm_figures(plan=plan, as_of=datetime.date(2023, 12, 31))
    Finding.objects.exclude(state__in=DONE_STATES).update(state="closed", closed_on=datetime.date(2026, 1, 5))
    assert midterm_figures(plan=plan, as_of=datetime.date(2023, 12, 31)) == before


def test_notices_issued_by_the_cut_off_are_counted_per_unit_by_colour(demo_data):
    """A red 督办单 issued in 2023 counts for its unit in the 2023 evaluation; one issued in 2024 does not."""
    from inspections.models import Rung, SupervisionNotice
    from plans.models import Department

    plan = Plan.objects.get(source_name__startswith="baoshan")
    unit = Department.objects.get(name="区市场监管局")
    for serial, day in ((901, datetime.date(2023, 11, 2)), (902, datetime.date(2024, 2, 1))):
        notice = SupervisionNotice.objects.create(
            year=day.year,
            serial=serial,
            prefix="宝法督",
            colour=Rung.RED,
            subject="节点逾期",
            requirement="限期整改",
            reply_deadline=day + datetime.timedelta(days=10),
            issuing_office="区司法局",
            issued_on=day,
        )
        notice.units.add(unit)
    figures = midterm_figures(plan=plan, as_of=datetime.date(2023, 12, 31))
    assert figures["departments"][unit.pk]["notices"] == {"red": 1}
    row = next(d for d in build(plan, as_of=datetime.date(2023, 12, 31)).departments if d.name == "区市场监管局")
    assert row.notices == "红色1份"
