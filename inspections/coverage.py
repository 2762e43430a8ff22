"""督察全覆盖: which 受督察单位 were inspected each year of the plan, and what became of the findings.

口径 (how each figure is counted):
- 应督察: the active departments flagged 受督察单位 (``Department.inspectable``), by kind (区级部门 /
  街镇); a unit not so flagged counts nowhere here, even when a campaign visited it.
- 已督察 in a year: a campaign of that year (its ``year``) covers the unit and its on-site visit was
  recorded (实地) or its written review concluded (书面) — ``CampaignTarget.inspected_on`` is set.
  A unit inspected twice in a year counts once; one inspected both ways counts once in 已督察 and
  once under each mode. Cumulative: inspected in any year of the period.
- 问题数: findings of the year's campaigns at those units; 已销号: closed, or closed to 长期坚持;
  销号率 = 已销号 / 问题数; 按期销号率 = findings closed by their 整改期限 / findings due (closed,
  or past their 整改期限 on ``today``) — one closed after its deadline counts as late.
- As of a date (``as_of``): the visits and findings as recorded by the end of that day (their
  history), judged on that day.
- Goals: each 市 or 区's plan sets them for its own units; a table over several districts shows
  each district's goals apart (``goal_areas``), never one district's goal over all the units.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from inspections.models import DONE_STATES, Campaign, CampaignKind, CampaignMode, CampaignTarget, Finding
from plans.models import Area, Department, DepartmentKind
from tasks.facts import _as_of_rows

GROUPS = [(DepartmentKind.DISTRICT, "区级部门"), (DepartmentKind.SUBDISTRICT, "街镇")]


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class CoverageCell:
    """The figures of one group of units (a kind, or all) over one year or the whole period."""

    due: int = 0  # 应督察
    inspected: int = 0  # 已督察
    written: int = 0
    on_site: int = 0
    findings: int = 0
    closed: int = 0
    findings_due: int = 0
    closed_on_time: int = 0
    not_inspected: list[Department] = field(default_factory=list)

    @property
    def coverage(self) -> float | None:
        return _rate(self.inspected, self.due)

    @property
    def closure_rate(self) -> float | None:
        return _rate(self.closed, self.findings)

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.closed_on_time, self.findings_due)


@dataclass
class CoverageRow:
    label: str  # "2023" or "2021–2025"
    year: int | None
    groups: dict[str, CoverageCell]  # kind → cell, and "all"


@dataclass
class Goal:
    clause: str
    text: str
    deadline: datetime.date
    due: int
    covered: int
    remaining_units: list[Department]
    forecast: str
    area: str = ""  # whose goal, when the table covers several districts

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.due) if self.due else 0


@dataclass
class Coverage:
    years: list[int]
    rows: list[CoverageRow]  # one per year, then the cumulative one
    goals: list[Goal]
    today: datetime.date

    @property
    def cumulative(self) -> CoverageRow:
        return self.rows[-1]

    def chart(self, width: int = 640, height: int = 220) -> dict:
        """Bars of each year's coverage by kind (server-rendered SVG coordinates)."""
        left, bottom, top = 40, height - 30, 20
        plot = bottom - top
        band = (width - left - 10) / max(len(self.years), 1)
        bars, labels = [], []
        colours = {DepartmentKind.DISTRICT: "#1d4e89", DepartmentKind.SUBDISTRICT: "#5ba3d0"}
        for i, row in enumerate(self.rows[:-1]):
            x0 = left + i * band
            labels.append({"x": round(x0 + band / 2, 1), "y": bottom + 18, "text": row.label})
            for j, (kind, name) in enumerate(GROUPS):
                cell = row.groups[kind]
                value = cell.coverage or 0
                h = plot * value
                x = x0 + band * (0.18 + 0.32 * j)
                bars.append(
                    {
                        "x": round(x, 1),
                        "y": round(bottom - h, 1),
                        "w": round(band * 0.3, 1),
                        "h": round(h, 1),
                        "colour": colours[kind],
                        "title": f"{row.label}年 {name}：{cell.inspected}/{cell.due}（{round(value * 100)}%）",
                        "label": f"{round(value * 100)}%",
                    }
                )
        grid = [{"y": round(bottom - plot * p / 100, 1), "label": f"{p}%"} for p in (0, 50, 100)]
        legend = [{"name": name, "colour": colours[kind]} for kind, name in GROUPS]
        return {
            "width": width,
            "height": height,
            "bars": bars,
            "labels": labels,
            "grid": grid,
            "legend": legend,
            "left": left,
        }


def _units(area: Area | int | None) -> list[Department]:
    units = Department.objects.inspectable().filter(kind__in=[k for k, _ in GROUPS])
    if area is not None:
        units = units.in_jurisdiction(area)
    return list(units.select_related("area__jurisdiction").order_by("kind", "name"))


def build_coverage(
    *,
    today: datetime.date,
    start_year: int = 2021,
    end_year: int = 2025,
    area: Area | int | None = None,
    as_of: datetime.date | None = None,
    goal_areas: list[Area] | None = None,
) -> Coverage:
    """The coverage table for each year of the period and cumulatively, with the plan's goals: of
    one 市 or 区's units when ``area`` is given (its jurisdiction), else of every unit. With
    ``as_of``, as recorded by the end of that day and judged on it. With ``goal_areas`` (the
    districts a table over several of them covers), the goals of each district over its own units."""
    if as_of is not None:
        today = as_of
    years = list(range(start_year, end_year + 1))
    units = _units(area)
    unit_ids = {u.pk for u in units}
    campaigns = {
        pk: (year, mode, kind)
        for pk, year, mode, kind in Campaign.objects.filter(year__in=years)
        .values_list("pk", "year", "mode", "kind")
        .order_by()
    }
    # (year, unit) → modes; every inspection recorded in the period's campaigns.
    if as_of is None:
        targets = (
            CampaignTarget.objects.filter(
                campaign_id__in=campaigns, inspected_on__isnull=False, department_id__in=unit_ids
            )
            .values("campaign_id", "department_id", "inspected_on")
            .order_by()
        )
        finding_rows = (
            Finding.objects.filter(campaign_id__in=campaigns, unit_id__in=unit_ids)
            .values("campaign_id", "unit_id", "state", "deadline", "closed_on")
            .order_by()
        )
    else:
        targets = _as_of_rows(
            CampaignTarget, as_of, ["campaign_id", "department_id", "inspected_on"], department_id__in=unit_ids
        )
        finding_rows = _as_of_rows(
            Finding, as_of, ["campaign_id", "unit_id", "state", "deadline", "closed_on"], unit_id__in=unit_ids
        )
    modes: dict[tuple[int, int], set[str]] = defaultdict(set)
    inspections: list[tuple] = []
    for t in targets:
        if t["campaign_id"] not in campaigns or t["inspected_on"] is None:
            continue
        year, mode, kind = campaigns[t["campaign_id"]]
        modes[year, t["department_id"]].add(mode)
        inspections.append((year, t["department_id"], kind, t["inspected_on"]))
    findings = [
        (campaigns[f["campaign_id"]][0], f["unit_id"], f["state"], f["deadline"], f["closed_on"])
        for f in finding_rows
        if f["campaign_id"] in campaigns
    ]

    def cell_for(selected_years: list[int], group: list[Department]) -> CoverageCell:
        cell = CoverageCell(due=len(group))
        for unit in group:
            unit_modes = set().union(*(modes.get((y, unit.pk), set()) for y in selected_years))
            if unit_modes:
                cell.inspected += 1
                cell.written += CampaignMode.WRITTEN in unit_modes
                cell.on_site += CampaignMode.ON_SITE in unit_modes
            else:
                cell.not_inspected.append(unit)
        ids = {u.pk for u in group}
        for year, unit_id, state, deadline, closed_on in findings:
            if year not in selected_years or unit_id not in ids:
                continue
            cell.findings += 1
            done = state in DONE_STATES
            cell.closed += done
            if done or deadline < today:
                cell.findings_due += 1
                cell.closed_on_time += bool(done and closed_on and closed_on <= deadline)
        return cell

    def row_for(label: str, year: int | None, selected: list[int]) -> CoverageRow:
        groups = {kind: cell_for(selected, [u for u in units if u.kind == kind]) for kind, _ in GROUPS}
        groups["all"] = cell_for(selected, units)
        return CoverageRow(label=label, year=year, groups=groups)

    rows = [row_for(str(y), y, [y]) for y in years]
    rows.append(row_for(f"{start_year}–{end_year}累计", None, years))
    if goal_areas:
        goals = [
            goal
            for goal_area in goal_areas
            for goal in _goals(
                [u for u in units if u.area.jurisdiction_id == goal_area.pk],
                inspections,
                start_year=start_year,
                end_year=end_year,
                today=today,
                area=goal_area.name,
            )
        ]
    else:
        goals = _goals(units, inspections, start_year=start_year, end_year=end_year, today=today)
    return Coverage(years=years, rows=rows, goals=goals, today=today)


def _goals(units, inspections, *, start_year, end_year, today, area: str = "") -> list[Goal]:
    """The plan's two coverage goals over ``units`` (one 市 or 区's, its plan's goals)."""
    ids = {u.pk for u in units}
    inspections = [i for i in inspections if i[1] in ids]
    return [
        _goal(
            clause="（四十八）",
            text="2024年底前建成区、街镇全覆盖的行政执法协调监督工作体系（以执法监督检查覆盖计）",
            deadline=datetime.date(2024, 12, 31),
            units=units,
            covered_ids={u for y, u, kind, on in inspections if kind == CampaignKind.ENFORCEMENT},
            first_year={
                u: y for y, u, kind, on in sorted(inspections, reverse=True) if kind == CampaignKind.ENFORCEMENT
            },
            start_year=start_year,
            today=today,
            area=area,
        ),
        _goal(
            clause="（五十五）",
            text="2025年前实现对街镇和区政府工作部门法治督察全覆盖",
            deadline=datetime.date(end_year, 12, 31),
            units=units,
            covered_ids={u for y, u, kind, on in inspections},
            first_year={u: y for y, u, kind, on in sorted(inspections, reverse=True)},
            start_year=start_year,
            today=today,
            area=area,
        ),
    ]


def _goal(*, clause, text, deadline, units, covered_ids, first_year, start_year, today, area="") -> Goal:
    """Progress towards a coverage goal and a plain forecast: the units newly covered per year so
    far, carried on to the goal's year."""
    covered_ids = {u for u in covered_ids if first_year.get(u, 9999) <= deadline.year}
    remaining = [u for u in units if u.pk not in covered_ids]
    if today > deadline:
        forecast = (
            f"截至{deadline.year}年底已全部覆盖。"
            if not remaining
            else f"截至{deadline.year}年底仍有 {len(remaining)} 个单位未覆盖。"
        )
    elif not remaining:
        forecast = "已实现全覆盖。"
    else:
        elapsed = max(today.year - start_year + 1, 1)
        pace = len(covered_ids) / elapsed
        years_left = deadline.year - today.year  # whole years after this one
        left_at_end = max(len(remaining) - math.floor(pace * years_left), 0) if years_left > 0 else len(remaining)
        if left_at_end == 0:
            forecast = f"按目前进度（年均新增约 {pace:.1f} 个单位），可于{deadline.year}年底前实现全覆盖。"
        else:
            forecast = (
                f"按目前进度（年均新增约 {pace:.1f} 个单位），到{deadline.year}年底仍将有 {left_at_end} 个单位未督察。"
            )
    return Goal(
        clause=clause,
        text=text,
        deadline=deadline,
        due=len(units),
        covered=len(units) - len(remaining),
        remaining_units=remaining,
        forecast=forecast,
        area=area,
    )
