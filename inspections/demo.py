"""The demo's 督察: a 2022 书面督察 of 8 units and a 2023 实地督察 of 12, with findings in every
state, written through the actions with a clock set to when each step happened (no mail: it is the
past)."""

from __future__ import annotations

import datetime as _dt
import random

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from inspections.actions import (
    CampaignInput,
    FindingInput,
    campaign_close,
    campaign_open,
    campaign_save,
    checklist_draft,
    finding_close_request,
    finding_move,
    finding_plan_submit,
    finding_record,
    inspection_record,
    progress_add,
    progress_confirm,
    self_report_confirm,
    self_report_submit,
)
from inspections.models import Campaign, FindingState
from plans.models import Department, DepartmentKind, Plan
from tasks.demo import BAOSHAN_CAST, DemoCast, _at, _department_people, _pdf
from tasks.models import Task

SEED = 2022
CLAUSE_NUMBERS = (47, 48, 55)
PROBLEMS = [
    ("行政处罚决定书未载明听证告知事项，程序不完整。", "enforcement", "补正相关案卷，规范告知程序。"),
    ("重大行政决策未履行合法性审查程序。", "procedure", "建立重大行政决策合法性审查台账，逐项补正。"),
    ("行政执法公示信息更新不及时。", "disclosure", "按“三项制度”要求及时公示执法信息。"),
    ("执法人员持证上岗比例未达到要求。", "enforcement", "组织执法资格培训和考试，做到持证上岗。"),
    ("规范性文件未按规定报送备案审查。", "rules", "补报备案，建立规范性文件管理制度。"),
    ("案卷归档不规范，证据材料缺失。", "case_files", "开展案卷自查，完善归档制度。"),
    ("法治政府建设年度报告未按时公开。", "disclosure", "按时在政府网站公开年度报告。"),
    ("行政复议决定未按期履行。", "oversight", "建立复议决定履行督办机制。"),
]


def _units(count: int, rng: random.Random, plan: Plan, cast: DemoCast) -> list[Department]:
    """The plan's district's inspectable units, the cast's (区市场监管局) first, half 街镇 and half district."""
    units = Department.objects.inspectable().in_jurisdiction(plan.area_id)
    market = units.get(name=cast.department)
    district = list(units.filter(kind=DepartmentKind.DISTRICT).exclude(pk=market.pk))
    towns = list(units.filter(kind=DepartmentKind.SUBDISTRICT))
    towns_wanted = min(count // 2, len(towns))
    return [market, *rng.sample(district, count - 1 - towns_wanted), *rng.sample(towns, towns_wanted)]


def _file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, _pdf(f"Duban demo: {name.encode('ascii', 'ignore').decode() or 'evidence'}"), "application/pdf"
    )


@transaction.atomic
def ensure_demo_inspections(plan: Plan, *, cast: DemoCast = BAOSHAN_CAST, seed: int = SEED) -> bool:
    """The two demo campaigns of the plan's district, run by the cast's supervisor; False when they
    are already there."""
    if Campaign.objects.filter(name__startswith="2022年度法治督察", area__jurisdiction_id=plan.area_id).exists():
        return False
    rng = random.Random(seed)
    supervisor = get_user_model().objects.get(username=cast.supervisor)
    clauses = list(plan.clauses.filter(number__in=CLAUSE_NUMBERS, chapter__isnull=False).order_by("position"))
    tasks = {t.clause_id: t for t in Task.objects.filter(plan=plan, clause__in=clauses)}
    for year, mode, count in ((2022, "written", 8), (2023, "on_site", 12)):
        units = _units(count, rng, plan, cast)
        people = _department_people(units, cast)
        start = _dt.date(year, 4, 1)
        campaign = campaign_save(
            actor=supervisor,
            data=CampaignInput(
                name=f"{year}年度法治督察（{'书面' if mode == 'written' else '实地'}）",
                year=year,
                kind="annual",
                mode=mode,
                start_date=start,
                end_date=_dt.date(year, 10, 31),
                self_report_due=_dt.date(year, 4, 30),
                plan_id=plan.pk,
                unit_ids=[u.pk for u in units],
                clause_ids=[c.pk for c in clauses],
            ),
            now=_at(_dt.date(year, 3, 15)),
        )
        checklist_draft(actor=supervisor, campaign=campaign, now=_at(_dt.date(year, 3, 16)))
        campaign = campaign_open(actor=supervisor, campaign=campaign, now=_at(_dt.date(year, 4, 1)), notify=False)
        for index, target in enumerate(campaign.targets.select_related("department")):
            staff, head = people[target.department_id]
            day = _dt.date(year, 4, 10 + index)
            target = self_report_submit(
                actor=staff,
                target=target,
                text=f"{target.department.name}对照督察事项逐项开展自查，形成自查报告。",
                files=[_file("自查报告.pdf")],
                now=_at(day),
            )
            self_report_confirm(actor=head, target=target, now=_at(day, 16))
            if index == len(units) - 1 and year == 2023:
                continue  # the last unit's visit is still to be recorded
            visited = _dt.date(year, 6, 1) + _dt.timedelta(days=index * 3)
            inspection_record(
                actor=supervisor, target=target, on=visited, note="督察组听取汇报、查阅案卷。", now=_at(visited, 17)
            )
            for number in range(rng.randint(1, 3)):
                _play_finding(
                    campaign,
                    target.department,
                    people[target.department_id],
                    supervisor,
                    rng,
                    recorded=visited + _dt.timedelta(days=7),
                    clause=rng.choice(clauses),
                    tasks=tasks,
                    number=number,
                )
        if year == 2022:
            campaign_close(actor=supervisor, campaign=campaign, now=_at(_dt.date(year, 12, 20)))
    return True


# Where each demo finding's story stops: every state appears.
ENDINGS = [
    "closed",
    "closed",
    "closed_late",
    "long_term",
    "returned",
    "rectifying",
    "recorded",
    "plan_submitted",
    "close_requested",
]


def _play_finding(campaign, unit, people, supervisor, rng, *, recorded, clause, tasks, number):
    staff, head = people
    text, category, requirement = rng.choice(PROBLEMS)
    long_term = rng.random() < 0.15
    ending = "long_term" if long_term else rng.choice(ENDINGS)
    deadline = recorded + _dt.timedelta(days=rng.choice([30, 60, 90]))
    task = tasks.get(clause.pk)
    finding = finding_record(
        actor=supervisor,
        campaign=campaign,
        unit=unit,
        data=FindingInput(
            description=text,
            deadline=deadline,
            category=category,
            is_common=number == 0,
            severity=rng.choice(["minor", "minor", "serious"]),
            rectification_type="long_term" if long_term else rng.choice(["immediate", "deadline"]),
            requirement=requirement,
            responsible_person=f"{unit.short_name or unit.name}法制科",
            clause_id=clause.pk,
            task_id=task.pk if task else None,
        ),
        now=_at(recorded),
        notify=False,
    )
    if ending == "recorded":
        return
    day = recorded + _dt.timedelta(days=5)
    finding = finding_plan_submit(
        actor=staff,
        finding=finding,
        measures=f"1.{requirement}\n2.明确专人负责，建立整改台账。",
        person="法制科负责人",
        deadline=deadline - _dt.timedelta(days=5),
        now=_at(day),
    )
    if ending == "plan_submitted":
        return
    finding = finding_move(actor=head, finding=finding, to=FindingState.RECTIFYING, now=_at(day, 16))
    entry = progress_add(
        actor=staff,
        finding=finding,
        entry_date=day + _dt.timedelta(days=10),
        text="已完成阶段性整改，正在完善制度。",
        now=_at(day + _dt.timedelta(days=10)),
    )
    progress_confirm(actor=head, entry=entry, now=_at(day + _dt.timedelta(days=10), 16))
    if ending == "rectifying":
        return
    asked = deadline + _dt.timedelta(days=12) if ending == "closed_late" else deadline - _dt.timedelta(days=3)
    finding = finding_close_request(
        actor=staff,
        finding=finding,
        summary="已按整改要求全部完成，附佐证材料。",
        files=[_file("整改佐证.pdf")],
        now=_at(asked),
    )
    finding = finding_move(actor=head, finding=finding, to=FindingState.CLOSE_REQUESTED, now=_at(asked, 16))
    if ending == "close_requested":
        return
    reviewed = asked + _dt.timedelta(days=2)
    if ending == "returned":
        finding_move(
            actor=supervisor,
            finding=finding,
            to=FindingState.RETURNED,
            comment="佐证材料不足，请补充制度文件。",
            now=_at(reviewed),
        )
        return
    to = FindingState.LONG_TERM if long_term else FindingState.CLOSED
    finding_move(actor=supervisor, finding=finding, to=to, closed_on=reviewed, now=_at(reviewed, 17))
