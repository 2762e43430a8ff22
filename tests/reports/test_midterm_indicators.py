"""附件1's indicator ratings: 完成进度 against the elapsed share, and the trend to the plan's last year."""

from decimal import Decimal

from reports.midterm import parse_value, rate, trend


def test_an_indicator_is_rated_by_its_progress_against_the_time_elapsed():
    """r ≥ 1 已提前实现; r ≥ e + 0.1 快于预期; r ≥ e − 0.1 基本符合预期; otherwise 滞后于预期."""
    base, target = Decimal(60), Decimal(100)
    assert rate(Decimal(100), base, target, 0.6, 0.1) == (100, "已提前实现")
    assert rate(Decimal(92), base, target, 0.6, 0.1) == (80, "快于预期")
    assert rate(Decimal(84), base, target, 0.6, 0.1) == (60, "基本符合预期")
    assert rate(Decimal(70), base, target, 0.6, 0.1) == (25, "滞后于预期")
    assert rate(None, base, target, 0.6, 0.1) == (None, "暂无数据")
    assert rate(Decimal(3), None, Decimal(4), 0.6, 0.1) == (None, "暂无数据")


def test_the_trend_carries_the_yearly_values_to_the_last_year():
    """A steady climb reaches the target by 2025; a slow one does not; one value is too few."""
    assert "可达到目标" in trend([(2020, Decimal(60)), (2021, Decimal(70)), (2022, Decimal(80))], Decimal(100), 2025)
    assert "难以达到目标" in trend([(2020, Decimal(60)), (2021, Decimal(62)), (2023, Decimal(66))], Decimal(100), 2025)
    assert trend([(2021, Decimal(60))], Decimal(100), 2025) == "暂无数据"


def test_values_typed_by_departments_are_read_as_numbers():
    """“85%”, “4人” and “1,200” are numbers; words are not."""
    assert parse_value("85%") == Decimal(85)
    assert parse_value("4人") == Decimal(4)
    assert parse_value("1,200") == Decimal(1200)
    assert parse_value("全覆盖") is None
