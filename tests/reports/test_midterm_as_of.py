"""The midterm evaluation as of a date: later changes leave it alone, and it counts as the dashboard does."""

import pytest

from reports import midterm

pytestmark = pytest.mark.django_db  # the session-wide report needs the test database


def test_a_change_recorded_in_2024_does_not_change_the_2023_report(midterm_2023):
    """Reopening a 2023 report in February 2024 leaves the report as of 2023-12-31 unchanged."""
    assert midterm.to_json(midterm_2023.rebuilt_after_2024_change) == midterm.to_json(midterm_2023.report)


def test_the_overall_counts_equal_the_dashboard_as_of_the_same_date(midterm_2023):
    """二、总体评价's categories are the ones the supervision dashboard shows with ?as_of=2023-12-31."""
    report = midterm_2023.report
    assert report.category_counts == midterm_2023.dashboard_categories
    assert sum(report.category_counts.values()) == report.tasks_count == 58
    assert report.counted_tasks == report.tasks_count - report.category_counts["ongoing"]
    assert report.elapsed_percent == 60
    assert report.half_time_half_work == (report.completion_percent >= report.elapsed_percent)
