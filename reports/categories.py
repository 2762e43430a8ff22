"""How the reports count tasks: the evaluation categories, read from the status lights.

The one definition shared by the dashboards (under their lights) and the midterm evaluation
(二、总体评价), so the two can never disagree:

- blue → 已完成;
- an ongoing duty (持续推进 / 长期坚持) → 日常推进, whatever its light: counted apart and left out
  of the completion denominator (it never "completes");
- green → 序时推进; red or yellow → 进展滞后; grey → 未启动.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from tasks.status import Light

COMPLETED = "completed"
ON_SCHEDULE = "on_schedule"
LAGGING = "lagging"
NOT_STARTED = "not_started"
ONGOING = "ongoing"

# In the order the reports list them.
ORDER = [COMPLETED, ON_SCHEDULE, LAGGING, NOT_STARTED, ONGOING]
LABELS = {
    COMPLETED: "已完成",
    ON_SCHEDULE: "序时推进",
    LAGGING: "进展滞后",
    NOT_STARTED: "未启动",
    ONGOING: "日常推进",
}
# 口径说明: printed in the report and as the dashboard's legend.
DEFINITIONS = {
    COMPLETED: "牵头单位报告“已完成”并经司法局审核通过（蓝灯）。",
    ON_SCHEDULE: "按计划推进，无逾期事项（绿灯）。",
    LAGGING: "有逾期未报的进展报告或逾期未完成的节点，或临近到期、报告被退回（红灯、黄灯）。",
    NOT_STARTED: "尚未启动，暂无到期事项（灰灯）。",
    ONGOING: "持续推进、长期坚持的任务，按年度检查，单独统计，不计入完成率的分母。",
}
FROM_LIGHT = {
    Light.BLUE: COMPLETED,
    Light.GREEN: ON_SCHEDULE,
    Light.RED: LAGGING,
    Light.YELLOW: LAGGING,
    Light.GREY: NOT_STARTED,
}


def category(light: str, *, is_ongoing: bool) -> str:
    """The evaluation category of a task with this light."""
    return ONGOING if is_ongoing else FROM_LIGHT[light]


@dataclass
class CategoryCounts:
    counts: dict[str, int]

    @classmethod
    def of(cls, tasks) -> CategoryCounts:
        """Count ``tasks`` (each with ``status.light`` and ``is_ongoing``)."""
        found = Counter(category(t.status.light, is_ongoing=t.is_ongoing) for t in tasks)
        return cls({key: found.get(key, 0) for key in ORDER})

    def __iter__(self):
        return iter((key, LABELS[key], self.counts[key]) for key in ORDER)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def counted(self) -> int:
        """The completion denominator: every task but the ongoing duties."""
        return self.total - self.counts[ONGOING]


def weighted_completion(tasks) -> float:
    """Weighted completion (0–1) of the tasks that can complete (ongoing duties left out)."""
    finite = [t for t in tasks if not t.is_ongoing]
    total = sum((t.weight for t in finite), Decimal(0))
    if not total:
        return 0.0
    return float(sum(Decimal(str(t.status.completion)) * t.weight for t in finite) / total)


def elapsed_share(start_year: int, end_year: int, day: datetime.date) -> float:
    """The share of the plan period (1 January of the first year to 31 December of the last)
    elapsed by the end of ``day``."""
    start, end = datetime.date(start_year, 1, 1), datetime.date(end_year, 12, 31)
    if day < start:
        return 0.0
    return min(1.0, ((day - start).days + 1) / ((end - start).days + 1))
