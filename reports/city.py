"""各区比较: the districts below a city side by side, each on its current plan.

Every figure is the one the district's own pages show, computed by the same code: completion,
overdue tasks and the reports handed in on time from the dashboard (reports.dashboards, over
tasks.facts ``gather_facts``: accepted work only), findings and 督察全覆盖 from the coverage table
(inspections.coverage) of the district's units. A row costs a fixed number of queries, whatever
the number of tasks; the plans of all districts are read in one.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse

from inspections.coverage import build_coverage
from plans.models import Area, Plan
from plans.policy import can, districts_compared
from reports.dashboards import build_dashboard
from tasks.facts import facts_version

# A district's figures are kept until its plan's facts change (tasks.facts versions them) or any
# 督察 record does (``note_event``), and at most this long: a city of sixteen districts costs
# sixteen dashboards and coverage tables when nothing is cached (about two seconds).
ROW_SECONDS = 600
FIGURES = ("tasks", "completion", "reports_due", "reports_on_time", "overdue", "findings", "findings_closed")
FIGURES += ("units_due", "units_inspected")
_INSPECTIONS_VERSION = "city:inspections:version"

HEADERS = [
    "区",
    "规划",
    "任务数",
    "完成度(%)",
    "按时报送率(%)",
    "按时报送/应报",
    "逾期任务",
    "督察问题",
    "已销号",
    "未销号",
    "督察覆盖率(%)",
    "已督察/应督察",
]


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class DistrictRow:
    area: Area
    plan: Plan | None
    tasks: int = 0
    completion: float = 0.0
    reports_due: int = 0
    reports_on_time: int = 0
    overdue: int = 0
    findings: int = 0
    findings_closed: int = 0
    units_due: int = 0
    units_inspected: int = 0
    link: str = ""

    @property
    def completion_percent(self) -> int:
        return round(self.completion * 100)

    @property
    def on_time_percent(self) -> int | None:
        return _percent(self.reports_on_time, self.reports_due)

    @property
    def findings_open(self) -> int:
        return self.findings - self.findings_closed

    @property
    def coverage_percent(self) -> int | None:
        return _percent(self.units_inspected, self.units_due)

    def cells(self) -> list:
        """The row as the Excel export writes it."""
        return [
            self.area.name,
            self.plan.title if self.plan else "（尚无规划）",
            self.tasks,
            self.completion_percent if self.plan else None,
            self.on_time_percent,
            f"{self.reports_on_time}/{self.reports_due}",
            self.overdue,
            self.findings,
            self.findings_closed,
            self.findings_open,
            self.coverage_percent,
            f"{self.units_inspected}/{self.units_due}",
        ]


@dataclass
class CityComparison:
    today: datetime.date
    as_of: datetime.date | None
    rows: list[DistrictRow]

    # The chart: three bars per district, on the 0–100% scale.
    SERIES = (
        ("completion_percent", "完成度", "#1d4e89"),
        ("on_time_percent", "按时报送率", "#2e8540"),
        ("coverage_percent", "督察覆盖率", "#5ba3d0"),
    )

    def chart(self, height: int = 220) -> dict:
        """Grouped bars per district (server-rendered SVG coordinates, drawn as the 督察全覆盖 chart is),
        as wide as the districts need: two fit a phone's width without shrinking the labels away."""
        width = max(360, 50 + 170 * len(self.rows))
        left, bottom, top = 40, height - 30, 20
        plot = bottom - top
        band = (width - left - 10) / max(len(self.rows), 1)
        bars, labels = [], []
        for i, row in enumerate(self.rows):
            x0 = left + i * band
            labels.append({"x": round(x0 + band / 2, 1), "y": bottom + 18, "text": row.area.label})
            for j, (attr, name, colour) in enumerate(self.SERIES):
                value = getattr(row, attr) if row.plan else None
                h = plot * (value or 0) / 100
                x = x0 + band * (0.11 + 0.27 * j)
                shown = "—" if value is None else f"{value}%"
                bars.append(
                    {
                        "x": round(x, 1),
                        "y": round(bottom - h, 1),
                        "w": round(band * 0.25, 1),
                        "h": round(h, 1),
                        "colour": colour,
                        "title": f"{row.area.name} {name}：{shown}",
                        "label": shown,
                    }
                )
        grid = [{"y": round(bottom - plot * p / 100, 1), "label": f"{p}%"} for p in (0, 50, 100)]
        legend = [{"name": name, "colour": colour} for _, name, colour in self.SERIES]
        return {
            "width": width,
            "height": height,
            "bars": bars,
            "labels": labels,
            "grid": grid,
            "legend": legend,
            "left": left,
        }


def current_plans(areas: list[Area]) -> dict[int, Plan]:
    """Each district's current plan (``PlanQuerySet.current``'s rule: the one marked current, else
    the first imported; never an archived one), in one query for all of them."""
    plans: dict[int, Plan] = {}
    rows = Plan.objects.active().filter(area__jurisdiction__in=[a.pk for a in areas]).select_related("area")
    for plan in sorted(rows, key=lambda p: (not p.is_current, p.created_at, p.pk)):
        plans.setdefault(plan.area.jurisdiction_id, plan)
    return plans


def note_event(event) -> None:
    """A 督察 record changed (a campaign, a finding, a visit): coverage and findings are stale."""
    if ContentType.objects.get_for_id(event.content_type_id).app_label == "inspections":
        cache.set(_INSPECTIONS_VERSION, uuid.uuid4().hex, None)


def _inspections_version() -> str:
    version = cache.get(_INSPECTIONS_VERSION)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(_INSPECTIONS_VERSION, version, None)
    return version


def _figures(row: DistrictRow, user, *, today: datetime.date, as_of: datetime.date | None) -> None:
    """Fill the row's figures from the district's dashboard and coverage table (or the cache: the
    figures count handed-in work only, the same for every reader of the city page)."""
    plan, area = row.plan, row.area
    key = f"city:row:{area.pk}:{plan.pk}:{facts_version(plan.pk)}:{_inspections_version()}:{today}:{as_of}"
    cached = cache.get(key)
    if cached is None:
        dash = build_dashboard(plan, user, today=today, as_of=as_of)
        ranking = dash.departments
        # 督察 figures as recorded by the as-of day too, like the dashboard's (their history).
        coverage = build_coverage(
            today=today, as_of=as_of, start_year=plan.start_year, end_year=plan.end_year, area=area
        ).cumulative.groups["all"]
        cached = {
            "tasks": len(dash.tasks),
            "completion": dash.completion,
            "reports_due": sum(r.reports_due for r in ranking),
            "reports_on_time": sum(r.reports_on_time for r in ranking),
            "overdue": len(dash.overdue),
            "findings": coverage.findings,
            "findings_closed": coverage.closed,
            "units_due": coverage.due,
            "units_inspected": coverage.inspected,
        }
        cache.set(key, cached, ROW_SECONDS)
    for name in FIGURES:
        setattr(row, name, cached[name])


def compare_districts(user, *, today: datetime.date, as_of: datetime.date | None = None) -> CityComparison:
    """One row per district below ``user``'s jurisdiction, live on ``today`` or as of a date."""
    areas = list(districts_compared(user).order_by("path"))
    plans = current_plans(areas)
    page = "reports:supervision_home" if can(user, "view_supervision") else "reports:overview"
    rows = []
    for area in areas:
        plan = plans.get(area.pk)
        row = DistrictRow(area=area, plan=plan)
        if plan is not None:
            _figures(row, user, today=today, as_of=as_of)
            suffix = f"&as_of={as_of:%Y-%m-%d}" if as_of else ""
            row.link = f"{reverse(page)}?plan={plan.pk}{suffix}"
        rows.append(row)
    return CityComparison(today=today, as_of=as_of, rows=rows)
