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
