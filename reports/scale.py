"""A synthetic city for the benchmark: districts of departments and plans, five years of quarterly
progress with its events and history, inspections, 督办单 and leader accounts, written with bulk
operations (``bulk_create`` and django-simple-history's ``bulk_create_with_history``), never one row
at a time, and never through the named actions: this is load, not behaviour.

Reproducible: the same ``seed`` and sizes give the same names, texts, states and dates (primary keys
aside). The city is an area (市) above its districts (区); each district has its own 区司法局 and
supervisor, departments, plans, 督察 and numbered 督办单; the first district is the install's first
area (made by migration), renamed and put under the city; a 市司法局 supervisor and city leaders
read every district.

Write into an empty database: names are unique (departments, campaigns), a second run refuses."""

from __future__ import annotations

import datetime as _dt
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from inspections.models import (
    Campaign,
    CampaignKind,
    CampaignMode,
    CampaignTarget,
    Category,
    Finding,
    FindingState,
    NoticeSequence,
    RectificationType,
    Rung,
    Severity,
    SupervisionNotice,
)
from plans.models import (
    Area,
    AreaKind,
    Chapter,
    Clause,
    Department,
    DepartmentKind,
    Event,
    Membership,
    Milestone,
    Plan,
    default_area_id,
)
from plans.roles import Role, ensure_role_groups
from reports.models import DigestScope, LeaderDepartment
from tasks.models import (
    Assignment,
    ProgressReport,
    ProgressStatus,
    ReportingPeriod,
    ReportState,
    Task,
    YearlyTarget,
)

TZ = _dt.timezone(_dt.timedelta(hours=8))
BATCH = 2000
SUPERVISOR_USERNAME = "scale-supervisor"  # the first district's 区司法局
CITY_SUPERVISOR_USERNAME = "scale-city-supervisor"  # the 市司法局: reads and compares every district

DISTRICT_NAMES = [
    "东城区", "西城区", "南湖区", "北山区", "江东区", "江西区", "临港区", "高新区",
    "青山区", "白沙区", "长宁区", "安平区", "河口区", "新城区", "城关区", "松江区",
    "金山区", "宝湖区", "龙泉区", "云溪区", "梅岭区", "桃源区", "清河区", "石桥区",
]  # fmt: skip
BUREAUS = [
    "司法分局", "公安分局", "市场监管局", "生态环境局", "交通运输局", "住房建设局", "教育局", "卫生健康局",
    "民政局", "人社局", "财政局", "审计局", "应急管理局", "文化旅游局", "农业农村局", "水务局",
    "规划资源局", "商务委", "发展改革委", "科委", "城管执法局", "税务局", "退役军人事务局", "医保局",
    "信访办", "统计局",
]  # fmt: skip
STREETS = ["街道", "镇"]
CHAPTER_HEADINGS = [
    "坚持党的领导，统筹推进法治建设", "健全政府机构职能体系", "完善依法行政制度体系", "推进严格规范公正文明执法",
    "健全突发事件应对体系", "强化行政权力制约和监督", "加强法治社会建设", "加强法治工作队伍建设",
]  # fmt: skip
VERBS = ["深化", "健全", "完善", "推进", "加强", "落实", "规范", "强化"]
OBJECTS = [
    "行政执法三项制度", "重大行政决策程序", "规范性文件备案审查", "行政复议体制改革", "政务公开标准化",
    "执法人员培训考核", "法律顾问制度", "公共法律服务体系", "矛盾纠纷多元化解", "营商环境法治保障",
    "信用监管机制", "基层综合执法", "普法责任制", "数字法治政府", "应急管理法治化",
]  # fmt: skip
NARRATIVES = [
    "本季度召开专题会议{n}次，完成相关制度修订，开展执法检查{m}次。",
    "按计划推进，组织培训{n}场，覆盖人员{m}人，形成阶段性工作台账。",
    "完成年度任务分解，督促相关单位落实，排查问题{n}项，已整改{n}项。",
    "开展专项行动{n}次，办理案件{m}件，工作成效逐步显现。",
]
PROBLEMS = ["", "", "部分单位推进进度不一。", "基层人员力量不足。", "信息化支撑有待加强。"]
FINDINGS = [
    "行政执法公示信息更新不及时", "重大执法决定法制审核记录不完整", "规范性文件未按期清理",
    "执法案卷文书制作不规范", "法律顾问参与决策记录缺失", "政务公开栏目内容滞后",
]  # fmt: skip


def _at(day: _dt.date, hour: int = 10) -> _dt.datetime:
    return _dt.datetime.combine(day, _dt.time(hour), tzinfo=TZ)


@dataclass(frozen=True)
class CitySpec:
    districts: int = 16
    plans_per_district: int = 4
    departments: int = 600
    years: int = 5
    clauses_per_plan: int = 60
    leaders: int = 500
    seed: int = 2026
    today: _dt.date | None = None  # the city's "today": reports stop at the periods due before it

    @classmethod
    def small(cls, seed: int = 2026) -> CitySpec:
        """A few thousand rows: for the CI smoke run and tests."""
        return cls(
            districts=2, plans_per_district=1, departments=30, years=2, clauses_per_plan=12, leaders=10, seed=seed
        )


@dataclass
class District:
    """One district's area and rows."""

    name: str
    area: Area
    departments: list[Department]
    plans: list[Plan] = field(default_factory=list)


class CityBuilder:
    """Writes the city district by district; every write is a bulk insert of a batch of rows."""

    def __init__(self, spec: CitySpec, *, password: str, log=None):
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.today = spec.today or _dt.date.today()
        self.end_year = self.today.year
        self.start_year = self.end_year - spec.years + 1
        self.log = log or (lambda message: None)
        self.password_hash = make_password(password)  # hashed once: every account shares it
        self.groups = ensure_role_groups()
        self.counts: dict[str, int] = {}
        self.types = {m: ContentType.objects.get_for_model(m) for m in (ProgressReport, YearlyTarget, Finding, Plan)}
        self.districts: list[District] = []
        self.notice_serials: dict[tuple[int, int], int] = {}

    def _count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def _history(self, objs, model, when=None):
        objs = list(objs)
        if objs:
            bulk_create_with_history(objs, model, batch_size=BATCH, default_date=when)
            self._count(model._meta.model_name, len(objs))
        return objs

    def _events(self, events: list[Event]) -> None:
        Event.objects.bulk_create(events, batch_size=BATCH)
        self._count("event", len(events))

    # --- people ---------------------------------------------------------------------------------

    def _users(self, rows: list[tuple[str, str, str, Department | Area | None]]):
        """rows: (username, full name, role, department or area) → users with role group and
        membership (a leader's is an area only)."""
        User = get_user_model()
        users = [
            User(
                username=username,
                first_name=name,
                email=f"{username}@example.gov.cn",
                password=self.password_hash,
                is_active=True,
            )
            for username, name, _role, _department in rows
        ]
        users = self._history(users, User, when=_at(_dt.date(self.start_year, 1, 2)))
        Through = User.groups.through
        Through.objects.bulk_create(
            [Through(user_id=u.pk, group_id=self.groups[row[2]].pk) for u, row in zip(users, rows, strict=True)],
            batch_size=BATCH,
        )
        memberships = []
        for user, (*_, place) in zip(users, rows, strict=True):
            if isinstance(place, Department):
                memberships.append(Membership(user=user, department=place, area_id=place.area_id))
            elif isinstance(place, Area):
                memberships.append(Membership(user=user, area=place))
        self._history(memberships, Membership, when=_at(_dt.date(self.start_year, 1, 2)))
        return users

    def add_city(self) -> None:
        """The city above the districts, its 市司法局 with a supervisor, and an administrator."""
        self.city = Area.objects.create(
            name="本市", short_name="本市", kind=AreaKind.CITY, notice_code="市法督", issuing_office="市司法局"
        )
        self.city_bureau = Department.objects.create(
            area=self.city, name="市司法局", kind=DepartmentKind.OTHER, inspectable=False
        )
        self._count("area", 1)
        self._count("department", 1)
        self._users(
            [
                (CITY_SUPERVISOR_USERNAME, "市督察员", Role.SUPERVISOR, self.city_bureau),
                ("scale-admin", "系统管理员", Role.ADMIN, None),
            ]
        )

    def _district_area(self, name: str) -> Area:
        """The district's area: the install's first one (from the migration) for the first district."""
        code = f"{name[:1]}法督"
        if not self.districts:
            area = Area.objects.get(pk=default_area_id())
            area.name, area.short_name, area.parent = name, name.removesuffix("区"), self.city
            area.notice_code, area.issuing_office = code, f"{name}司法局"
            area.save()
            return area
        self._count("area", 1)
        return Area.objects.create(
            name=name,
            short_name=name.removesuffix("区"),
            kind=AreaKind.DISTRICT,
            parent=self.city,
            notice_code=code,
            issuing_office=f"{name}司法局",
        )

    def _justice_bureau(self, area: Area, number: int) -> None:
        """The district's 区司法局 and its supervisors (four in the first district, one elsewhere)."""
        self.bureau = Department.objects.create(
            area=area, name="区司法局", kind=DepartmentKind.DISTRICT, inspectable=False
        )
        self._count("department", 1)
        first = number == 0
        names = (
            [SUPERVISOR_USERNAME, *(f"{SUPERVISOR_USERNAME}-{n}" for n in range(1, 4))]
            if first
            else [f"{SUPERVISOR_USERNAME}-d{number}"]
        )
        users = self._users([(username, f"督察员{username[-2:]}", Role.SUPERVISOR, self.bureau) for username in names])
        self.supervisor = users[0]

    # --- one district ---------------------------------------------------------------------------

    def add_district(self, name: str, *, departments: int, plans: int) -> District:
        """One district: its departments (区级部门 and 街镇) with a staff and a head account each,
        its plans with chapters, clauses, tasks, lead and supporting departments, periods and
        milestones, five years of progress reports and yearly targets with events and history,
        a yearly 督察 with findings, and 督办单."""
        created = _at(_dt.date(self.start_year, 1, 2))
        number = len(self.districts)
        area = self._district_area(name)
        self._justice_bureau(area, number)
        depts = []
        for n in range(departments):
            if n < len(BUREAUS):
                dept_name, kind = f"{name}{BUREAUS[n]}", DepartmentKind.DISTRICT
            else:
                dept_name, kind = f"{name}第{n - len(BUREAUS) + 1}{STREETS[n % 2]}", DepartmentKind.SUBDISTRICT
            depts.append(Department(area=area, name=dept_name, kind=kind, emails=[f"d{number}x{n}@example.gov.cn"]))
        depts = self._history(depts, Department, when=created)
        people = []
        for n, dept in enumerate(depts):
            people.append((f"s{number}-{n}-staff", f"{dept.name}填报员", Role.STAFF, dept))
            people.append((f"s{number}-{n}-head", f"{dept.name}负责人", Role.HEAD, dept))
        users = self._users(people)
        staff_by_dept = {dept.pk: users[2 * n] for n, dept in enumerate(depts)}
        head_by_dept = {dept.pk: users[2 * n + 1] for n, dept in enumerate(depts)}
        district = District(name, area, depts)
        for p in range(plans):
            district.plans.append(self._plan(district, p, staff_by_dept, head_by_dept))
        self._inspections(district, staff_by_dept)
        self._notices(district)
        self.districts.append(district)
        return district

    def _plan(self, district: District, p: int, staff_by_dept, head_by_dept) -> Plan:
        rng, spec = self.rng, self.spec
        imported = _at(_dt.date(self.start_year, 1, 4 + p), 9)
        plan = Plan(
            area=district.area,
            title=f"{district.name}法治政府建设实施规划（{self.start_year}—{self.end_year}年）之{p + 1}",
            start_year=self.start_year,
            end_year=self.end_year,
            source_name=f"scale-{district.name}-{p + 1}.txt",
            created_at=imported,
            is_current=p == 0,  # each district opens on its first plan
        )
        (plan,) = self._history([plan], Plan, when=imported)
        chapters = self._history(
            [
                Chapter(plan=plan, number=n + 1, label=f"第{n + 1}章", heading=heading, line=n * 100)
                for n, heading in enumerate(CHAPTER_HEADINGS[: max(2, min(8, spec.clauses_per_plan // 8))])
            ],
            Chapter,
            when=imported,
        )
        clauses = []
        for n in range(spec.clauses_per_plan):
            chapter = chapters[n * len(chapters) // spec.clauses_per_plan]
            heading = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
            clauses.append(
                Clause(
                    plan=plan,
                    chapter=chapter,
                    number=n + 1,
                    label=f"（{n + 1}）",
                    heading=heading,
                    body=f"{heading}。" + "建立健全工作机制，明确责任分工，按年度推进落实。" * 3,
                    line=chapter.line + n + 1,
                    position=n + 1,
                )
            )
        clauses = self._history(clauses, Clause, when=imported)
        tasks = []
        for n, clause in enumerate(clauses):
            kind = rng.random()
            deadline = _dt.date(rng.randint(self.start_year, self.end_year), 12, 31) if kind < 0.4 else None
            tasks.append(
                Task(
                    plan=plan,
                    clause=clause,
                    code=str(n + 1),
                    title=clause.heading,
                    content=clause.body,
                    deadline=deadline,
                    deadline_phrase=f"{deadline.year}年底前" if deadline else "",
                    is_ongoing=deadline is None and kind < 0.8,
                    position=n + 1,
                )
            )
        tasks = self._history(tasks, Task, when=imported)
        self._history(
            [
                Milestone(plan=plan, clause=t.clause, due_date=t.deadline, phrase=t.deadline_phrase, line=t.clause.line)
                for t in tasks
                if t.deadline
            ],
            Milestone,
            when=imported,
        )
        assignments = []
        for task in tasks:
            chosen = rng.sample(district.departments, k=min(len(district.departments), 1 + rng.randint(0, 2)))
            assignments.append(Assignment(task=task, department=chosen[0], role=Assignment.Role.LEAD))
            assignments += [Assignment(task=task, department=d, role=Assignment.Role.SUPPORT) for d in chosen[1:]]
        assignments = self._history(assignments, Assignment, when=imported)
        periods = []
        for year in plan.years:
            for index in range(1, 5):
                end_month = index * 3
                end = _dt.date(year, end_month, 28) + _dt.timedelta(days=4)
                end = end - _dt.timedelta(days=end.day)
                periods.append(
                    ReportingPeriod(
                        plan=plan,
                        year=year,
                        index=index,
                        label=f"{year}年第{'一二三四'[index - 1]}季度",
                        start=_dt.date(year, end_month - 2, 1),
                        end=end,
                        due_date=end + _dt.timedelta(days=plan.report_due_days),
                    )
                )
        periods = self._history(periods, ReportingPeriod, when=imported)
        self._events(
            [
                Event(
                    content_type=self.types[Plan],
                    object_id=plan.pk,
                    verb="plan.import",
                    actor=self.supervisor,
                    actor_name=self.supervisor.first_name,
                    plan=plan,
                    ref=f"plan:{plan.pk}",
                    audience=Event.Audience.EVERYONE,
                    occurred_at=imported,
                    data={"clauses": len(clauses)},
                )
            ]
        )
        self._progress(plan, tasks, assignments, periods, staff_by_dept, head_by_dept)
        return plan

    def _progress(self, plan, tasks, assignments, periods, staff_by_dept, head_by_dept) -> None:
        """Reports for every owed (task, department, period) whose period has ended: accepted for
        the past, the last period's still in review (submitted, confirmed, returned); one yearly
        target per lead and year. One event and one history row each."""
        rng = self.rng
        due = [p for p in periods if p.end < self.today]
        latest = due[-1] if due else None
        finished_tasks = {t.pk for t in tasks if t.deadline and t.deadline < self.today and rng.random() < 0.8}
        reports, targets = [], []
        for a in assignments:
            task = a.task
            percent = 0
            for period in due:
                if a.role == Assignment.Role.SUPPORT and period.index != 4:
                    continue
                percent = min(100, percent + rng.randint(3, 12))
                last = period is latest
                if last:
                    state = rng.choice(
                        [
                            ReportState.SUBMITTED,
                            ReportState.CONFIRMED,
                            ReportState.CONFIRMED,
                            ReportState.ACCEPTED,
                            ReportState.RETURNED,
                        ]
                    )
                else:
                    state = ReportState.ACCEPTED
                done = task.pk in finished_tasks and period.year >= task.deadline.year
                status = (
                    ProgressStatus.COMPLETED
                    if done
                    else ProgressStatus.ONGOING
                    if task.is_ongoing
                    else ProgressStatus.IN_PROGRESS
                )
                submitted = _at(period.due_date - _dt.timedelta(days=rng.randint(0, 8)), 10)
                confirmed = submitted + _dt.timedelta(hours=5)
                reviewed = confirmed + _dt.timedelta(days=rng.randint(1, 5))
                reports.append(
                    ProgressReport(
                        task=task,
                        department_id=a.department_id,
                        period=period,
                        state=state,
                        progress_status=status,
                        percent_complete=100 if done else percent,
                        narrative=rng.choice(NARRATIVES).format(n=rng.randint(1, 5), m=rng.randint(20, 300)),
                        problems=rng.choice(PROBLEMS),
                        next_steps="继续按年度计划推进。",
                        version={ReportState.SUBMITTED: 2, ReportState.CONFIRMED: 3}.get(state, 4),
                        created_at=submitted - _dt.timedelta(days=2),
                        updated_at=reviewed if state in {ReportState.ACCEPTED, ReportState.RETURNED} else confirmed,
                        submitted_at=submitted,
                        first_submitted_at=submitted,
                        confirmed_at=confirmed if state != ReportState.SUBMITTED else None,
                        reviewed_at=reviewed if state in {ReportState.ACCEPTED, ReportState.RETURNED} else None,
                        returned_by_reviewer=state == ReportState.RETURNED,
                        review_comment="请补充佐证材料和量化数据。" if state == ReportState.RETURNED else "",
                        updated_by=self.supervisor
                        if state in {ReportState.ACCEPTED, ReportState.RETURNED}
                        else head_by_dept[a.department_id],
                    )
                )
            if a.role == Assignment.Role.LEAD:
                for year in range(plan.start_year, min(plan.end_year, self.today.year) + 1):
                    when = _at(_dt.date(year, 1, 25))
                    targets.append(
                        YearlyTarget(
                            task=task,
                            department_id=a.department_id,
                            year=year,
                            state=ReportState.ACCEPTED,
                            targets=f"{year}年度按规划要求推进“{task.title}”。",
                            measures="建立工作台账，按季度报送进展，年底开展自查。",
                            version=4,
                            created_at=when - _dt.timedelta(days=5),
                            updated_at=when,
                            submitted_at=when - _dt.timedelta(days=3),
                            first_submitted_at=when - _dt.timedelta(days=3),
                            confirmed_at=when - _dt.timedelta(days=2),
                            reviewed_at=when,
                            updated_by=self.supervisor,
                        )
                    )
        for work in (*reports, *targets):
            work._history_date = work.updated_at
            work._history_user = work.updated_by
        reports = self._history(reports, ProgressReport)
        targets = self._history(targets, YearlyTarget)
        events = []
        for work in (*reports, *targets):
            is_report = isinstance(work, ProgressReport)
            verb = {
                ReportState.SUBMITTED: "submit",
                ReportState.CONFIRMED: "confirm",
                ReportState.ACCEPTED: "accept",
                ReportState.RETURNED: "return",
            }[work.state]
            from_state = ReportState.SUBMITTED if verb in {"submit", "confirm"} else ReportState.CONFIRMED
            data = {"task": work.task.code}
            data.update({"period": work.period.label} if is_report else {"year": work.year})
            events.append(
                Event(
                    content_type=self.types[type(work)],
                    object_id=work.pk,
                    verb=f"{'report' if is_report else 'target'}.{verb}",
                    actor=work.updated_by,
                    actor_name=work.updated_by.first_name,
                    from_state=ReportState.DRAFT if verb == "submit" else from_state,
                    to_state=work.state,
                    comment=work.review_comment,
                    plan_id=plan.pk,
                    department_id=work.department_id,
                    ref=f"task:{work.task_id}",
                    audience=Event.Audience.OVERSIGHT,
                    occurred_at=work.updated_at,
                    data=data,
                )
            )
        self._events(events)

    # --- 督察 and 督办 ---------------------------------------------------------------------------

    def _inspections(self, district: District, staff_by_dept) -> None:
        """A yearly 督察 of eight of the district's units, three findings each: closed in past
        years, at every step of the rectification in the current one."""
        rng = self.rng
        plan = district.plans[0] if district.plans else None
        tasks = list(Task.objects.filter(plan=plan).only("pk", "clause_id")) if plan else []
        for year in range(self.start_year, self.end_year + 1):
            start = _dt.date(year, 4, 1)
            if start >= self.today:
                continue
            (campaign,) = self._history(
                [
                    Campaign(
                        area=district.area,
                        plan=plan,
                        name=f"{district.name}{year}年度法治督察",
                        year=year,
                        kind=CampaignKind.ANNUAL,
                        mode=CampaignMode.WRITTEN if year % 2 else CampaignMode.ON_SITE,
                        start_date=start,
                        end_date=_dt.date(year, 11, 30),
                        self_report_due=_dt.date(year, 5, 15),
                        state=Campaign.State.CLOSED if year < self.end_year else Campaign.State.OPEN,
                        created_by=self.supervisor,
                        created_at=_at(start),
                    )
                ],
                Campaign,
                when=_at(start),
            )
            units = rng.sample(district.departments, k=min(8, len(district.departments)))
            self._history(
                [
                    CampaignTarget(
                        campaign=campaign,
                        department=d,
                        self_report_state=CampaignTarget.SelfReport.CONFIRMED,
                        self_report_text="对照督察事项逐项开展自查，形成自查报告。",
                        self_report_at=_at(_dt.date(year, 5, 10)),
                        inspected_on=_dt.date(year, 6, 20),
                        inspection_note="查阅台账资料，听取情况汇报。",
                    )
                    for d in units
                ],
                CampaignTarget,
                when=_at(_dt.date(year, 6, 20)),
            )
            findings = []
            current = year == self.end_year
            for unit in units:
                for _ in range(3):
                    task = rng.choice(tasks) if tasks else None
                    state = rng.choice(list(FindingState)) if current else FindingState.CLOSED
                    kind = rng.choice(list(RectificationType))
                    findings.append(
                        Finding(
                            campaign=campaign,
                            unit=unit,
                            task_id=task.pk if task else None,
                            clause_id=task.clause_id if task else None,
                            description=rng.choice(FINDINGS),
                            category=rng.choice(list(Category)),
                            severity=rng.choice(list(Severity)),
                            rectification_type=kind,
                            requirement="限期整改到位，举一反三。",
                            deadline=_dt.date(year, 9, 30),
                            state=state,
                            plan_measures="制定整改方案，明确责任人和时限。" if state != FindingState.RECORDED else "",
                            closed_on=_dt.date(year, 10, 15)
                            if state in {FindingState.CLOSED, FindingState.LONG_TERM}
                            else None,
                            close_summary="已整改完毕。"
                            if state in {FindingState.CLOSED, FindingState.LONG_TERM}
                            else "",
                            recorded_by=self.supervisor,
                            recorded_at=_at(_dt.date(year, 6, 21)),
                            updated_at=_at(_dt.date(year, 10, 15)),
                        )
                    )
            findings = self._history(findings, Finding, when=_at(_dt.date(year, 10, 15)))
            self._events(
                [
                    Event(
                        content_type=self.types[Finding],
                        object_id=f.pk,
                        verb="finding.record",
                        actor=self.supervisor,
                        actor_name=self.supervisor.first_name,
                        to_state=f.state,
                        plan_id=plan.pk if plan else None,
                        department_id=f.unit_id,
                        ref=f"finding:{f.pk}",
                        audience=Event.Audience.OVERSIGHT,
                        occurred_at=f.recorded_at,
                        data={"campaign": campaign.name},
                    )
                    for f in findings
                ]
            )

    def _notices(self, district: District) -> None:
        """Three 督办单 a year on the district's tasks, numbered per year across the city."""
        rng = self.rng
        tasks = list(
            Task.objects.filter(plan__in=district.plans)
            .prefetch_related("assignments")
            .only("pk", "title", "clause_id")
            .order_by("pk")
        )
        if not tasks:
            return
        notices, units = [], []
        for year in range(self.start_year, self.end_year + 1):
            for _ in range(3):
                issued = _dt.date(year, rng.randint(2, 11), rng.randint(1, 28))
                if issued >= self.today:
                    continue
                task = rng.choice(tasks)
                key = (district.area.pk, year)
                serial = self.notice_serials[key] = self.notice_serials.get(key, 0) + 1
                state = (
                    rng.choice(list(SupervisionNotice.State))
                    if year == self.end_year
                    else SupervisionNotice.State.ACCEPTED
                )
                notices.append(
                    SupervisionNotice(
                        area=district.area,
                        year=year,
                        serial=serial,
                        prefix=district.area.notice_prefix,
                        colour=rng.choice([Rung.BLUE, Rung.YELLOW, Rung.RED]),
                        task_id=task.pk,
                        clause_id=task.clause_id,
                        subject=f"关于督促推进“{task.title}”的督办单",
                        requirement="请于反馈期限内报送推进情况。",
                        reply_deadline=issued + _dt.timedelta(days=7),
                        issuing_office=district.area.justice_bureau,
                        issued_on=issued,
                        state=state,
                    )
                )
                units.append([a.department_id for a in task.assignments.all() if a.role == Assignment.Role.LEAD])
        notices = self._history(notices, SupervisionNotice)
        Through = SupervisionNotice.units.through
        Through.objects.bulk_create(
            [
                Through(supervisionnotice_id=n.pk, department_id=d)
                for n, ds in zip(notices, units, strict=True)
                for d in ds
            ]
        )

    # --- leaders --------------------------------------------------------------------------------

    def add_leaders(self, count: int) -> None:
        """Leaders following the weekly digest, each in a district (every tenth in the city, reading
        all): a third the whole plan, a third two chapters, a third three 分管部门."""
        rng = self.rng
        plans = [p for d in self.districts for p in d.plans]
        if not plans:
            return

        def area_of(n: int) -> Area:
            return self.city if n % 10 == 9 else self.districts[n % len(self.districts)].area

        users = self._users([(f"scale-leader-{n}", f"领导{n}", Role.LEADER, area_of(n)) for n in range(count)])
        chapters = {}
        for chapter in Chapter.objects.filter(plan__in=plans).order_by("number"):
            chapters.setdefault(chapter.plan_id, []).append(chapter)
        scopes, leads = [], []
        for n, user in enumerate(users):
            district = self.districts[n % len(self.districts)]
            plan = district.plans[n % len(district.plans)] if district.plans else plans[0]
            kind = (DigestScope.Kind.PLAN, DigestScope.Kind.CHAPTERS, DigestScope.Kind.DEPARTMENTS)[n % 3]
            scopes.append(DigestScope(user=user, plan=plan, kind=kind))
            if kind == DigestScope.Kind.DEPARTMENTS:
                leads += [LeaderDepartment(user=user, department=d) for d in rng.sample(district.departments, k=3)]
        scopes = self._history(scopes, DigestScope)
        Through = DigestScope.chapters.through
        Through.objects.bulk_create(
            [
                Through(digestscope_id=s.pk, chapter_id=c.pk)
                for s in scopes
                if s.kind == DigestScope.Kind.CHAPTERS
                for c in chapters.get(s.plan_id, [])[:2]
            ]
        )
        self._history(leads, LeaderDepartment)

    def finish(self) -> None:
        for (area_id, year), last in self.notice_serials.items():
            NoticeSequence.objects.update_or_create(area_id=area_id, year=year, defaults={"last": last})


def seed_city(spec: CitySpec, *, password: str, log=None) -> dict:
    """Write the city; returns the counts of rows written by kind and the seconds it took.

    Every generated account gets ``password``: there is no default one (a city written by mistake
    into a real database must not open with a password printed in the source)."""
    if not password:
        raise ValueError("The generated accounts need a password.")
    started = time.perf_counter()
    User = get_user_model()
    if User.objects.filter(username=SUPERVISOR_USERNAME).exists():
        raise ValueError("This database already holds a synthetic city; seed an empty one.")
    with transaction.atomic():
        city = CityBuilder(spec, password=password, log=log)
        city.add_city()
        per_district, extra = divmod(spec.departments, spec.districts)
        for n in range(spec.districts):
            name = DISTRICT_NAMES[n % len(DISTRICT_NAMES)] + (
                str(n // len(DISTRICT_NAMES)) if n >= len(DISTRICT_NAMES) else ""
            )
            city.add_district(name, departments=per_district + (1 if n < extra else 0), plans=spec.plans_per_district)
            city.log(f"  {name}: {sum(city.counts.values()):,} rows so far ({time.perf_counter() - started:.1f} s)")
        city.add_leaders(spec.leaders)
        city.finish()
    # Fresh statistics, as autovacuum would gather them over the next minutes: the planner picks
    # wrong plans over tables that grew by 100,000 rows in one transaction (40× slower as-of reads).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from django.core.cache import cache

    cache.clear()  # cached figures of the day would not include the new rows
    return {"counts": dict(sorted(city.counts.items())), "seconds": round(time.perf_counter() - started, 1)}
