"""One number, one meaning: the 2023 report's headline figures are gather_facts' for the periods
through 2023-12-31."""

import datetime

import pytest

from tasks.models import ReportState

pytestmark = pytest.mark.django_db


def test_the_2023_headline_figures_are_those_of_gather_facts_through_the_year_end(annual_reports):
    facts = annual_reports.facts_2023
    h = annual_reports.district_2023.headline
    statuses = facts.statuses()
    year_periods = {p.id for p in facts.periods if p.year == 2023}
    assert max(p.end for p in facts.periods) == datetime.date(2023, 12, 31)
    assert h.tasks == len(facts.tasks)
    assert h.completed == sum(1 for s in statuses.values() if s.light == "blue")
    due = [m for s in statuses.values() for m in s.milestones if m.milestone.due_date.year == 2023]
    assert (h.milestones_due, h.milestones_met, h.milestones_missed) == (
        len(due),
        sum(m.state == "met" for m in due),
        sum(m.state == "overdue" for m in due),
    )
    assert h.reports_accepted == sum(
        1
        for f in facts.facts.values()
        for r in f.reports
        if r.state == ReportState.ACCEPTED and r.period_id in year_periods and r.department_id in f.lead_department_ids
    )
    assert h.reports_accepted > 0 and h.milestones_due > 0
    opening = annual_reports.district_2023.sections[0].blocks[0].text
    assert f"已完成{h.completed}项" in opening and f"按期完成{h.milestones_met}个" in opening
