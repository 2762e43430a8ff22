"""四、存在的主要问题 is drafted from the evidence, each sentence footnoted to the tasks it rests on."""

import datetime

import pytest

pytestmark = pytest.mark.django_db  # the session-wide report needs the test database


def test_a_footnote_points_at_the_task_that_missed_its_milestone_before_the_cut_off(midterm_2023):
    """(九) 复议体制改革 missed 2022年年底前: the first problem says so, footnoted to that task."""
    report = midterm_2023.report
    missed = next(p for p in report.problems if p.title.startswith("部分时限节点"))
    footnoted = {
        t.task_id for s in missed.sentences for f in report.footnotes if f.number == s.footnote for t in f.tasks
    }
    assert midterm_2023.missed_task_id in footnoted
    row = next(m for m in report.plan_milestones if m.clause_label == "(九)")
    assert row.state == "missed" and row.due_date == datetime.date(2022, 12, 31)
    assert report.milestones_missed >= 1
    assert "(九)" in report.adjustment  # 五、建议 asks whether the plan's deadline should be adjusted


def test_every_drafted_sentence_has_a_footnote_naming_real_tasks(midterm_2023):
    """No drafted sentence stands without the tasks behind it; returned reports come from the event log."""
    report = midterm_2023.report
    assert 3 <= len(report.problems) <= 5
    numbers = {f.number for f in report.footnotes}
    for problem in report.problems:
        assert problem.cause.startswith("主要原因")
        for sentence in problem.sentences:
            assert sentence.footnote in numbers
    assert all(f.tasks for f in report.footnotes)
    assert any(p.title == "进展报告质量有待提高" for p in report.problems)
    assert report.recommendations and "(九)" in report.recommendations[0].text
