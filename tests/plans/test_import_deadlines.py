"""Deadline shapes of real plans: a year opening a sentence (inferred, to confirm), 到2024年,
2023年6月底前, 每年12月底前 (yearly), 2021—2025年 (the whole period), 持续推进 (ongoing)."""

import datetime

from plans.parsing import parse_deadline, parse_text

D = datetime.date


def deadlines(body: str):
    plan = parse_text(f"某市法治政府建设规划（2021—2025年）\n（一）依法行政。{body}\n")
    return [(d.date, d.phrase, d.needs_confirmation, d.recurring) for d in plan.units[0].deadlines]


def test_a_year_opening_a_sentence_is_a_deadline_to_confirm():
    """ "2022年，全市新建…" is due at the end of 2022, flagged for confirmation."""
    assert deadlines("2022年，全市新建公共法律服务站10个。") == [(D(2022, 12, 31), "2022年", True, None)]
    assert deadlines("到2024年，基本建成法治政府。") == [(D(2024, 12, 31), "到2024年", False, None)]
    # A year inside a sentence is a reference, not a deadline.
    assert deadlines("根据2019年印发的规定执行。") == []


def test_month_deadlines_and_yearly_duties():
    """2023年6月底前 is the end of June; 每年12月底前 recurs every plan year."""
    assert deadlines("2023年6月底前完成清理。") == [(D(2023, 6, 30), "2023年6月底前", False, None)]
    yearly = deadlines("每年6月底前报送上年度工作报告。")
    assert [(d, r) for d, _p, _c, r in yearly] == [(D(y, 6, 30), "yearly") for y in range(2021, 2026)]


def test_whole_period_and_ongoing_completion_times():
    """完成时限 2021—2025年 is due at the period's end; 持续推进 and 长期坚持 are ongoing."""
    assert deadlines("完成时限：2021—2025年。") == [(D(2025, 12, 31), "2021—2025年", False, None)]
    assert deadlines("完成时限：持续推进。") == [(D(2025, 12, 31), "持续推进", False, "ongoing")]
    assert deadlines("完成时限：长期坚持。")[0][3] == "ongoing"
    # In the 任务分解表 a cell of 持续推进 is still read by the table import itself.
    assert parse_deadline("持续推进") == []
