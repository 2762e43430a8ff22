"""Departments, who belongs to them, and (later) the plans they carry out."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history import register
from simple_history.models import HistoricalRecords

from plans.scoping import ScopedQuerySet
from plans.utils import parse_id


class DepartmentKind(models.TextChoices):
    DISTRICT = "district", "区级部门"
    SUBDISTRICT = "subdistrict", "街镇"
    OTHER = "other", "其他"


# The 司法局 inspects and the coordination office steers the work: neither is inspected (督察).
NOT_INSPECTED_BY_DEFAULT = frozenset({"区司法局", "区委依法治区办"})


def inspectable_by_default(name: str, kind: str) -> bool:
    """街镇 and district departments are 受督察单位 unless they are the inspectors or coordinators."""
    return kind in {DepartmentKind.DISTRICT, DepartmentKind.SUBDISTRICT} and name not in NOT_INSPECTED_BY_DEFAULT


class AreaKind(models.TextChoices):
    CITY = "city", "市"
    DISTRICT = "district", "区/县"
    SUBDISTRICT = "subdistrict", "街道/镇"


# Areas with their own 司法局: their plans, reviews and 督办 are their own business. An area below
# one (a 街镇) belongs to its district's work.
JURISDICTION_KINDS = frozenset({AreaKind.CITY, AreaKind.DISTRICT})


class Area(models.Model):
    """A place in the tree 市 → 区/县 → 街道/镇 that departments, plans and accounts belong to.

    ``path`` ("/1/4/") and ``jurisdiction`` (the nearest 市 or 区 at or above) are kept by
    ``save``, so that the policy scopes a query with a prefix and an equality, never a recursion."""

    name = models.CharField("名称", max_length=50)
    short_name = models.CharField("简称", max_length=20, blank=True, help_text="如“宝山”，用于标题和比较表。")
    kind = models.CharField("层级", max_length=20, choices=AreaKind.choices, default=AreaKind.DISTRICT)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级"
    )
    notice_code = models.CharField("督办单代字", max_length=20, blank=True, help_text="如“宝法督”：宝法督〔2024〕7号。")
    issuing_office = models.CharField("督办单发文机关", max_length=100, blank=True, help_text="如“宝山区司法局”。")
    path = models.CharField("路径", max_length=255, editable=False, db_index=True, default="")
    jurisdiction = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="所属辖区",
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "区域"
        verbose_name_plural = "区域"
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="area_name_unique_in_parent")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Area.refresh_tree()

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def notice_prefix(self) -> str:
        """The 代字 of the area's 督办单: as set, else the usual pattern (嘉定区 → 嘉法督)."""
        return self.notice_code or f"{self.label[:1]}法督"

    @property
    def issuer(self) -> str:
        """The 司法局 as it signs a report's cover: with its city (上海市宝山区司法局)."""
        city = self.parent.name if self.parent_id else settings.CITY_NAME
        bureau = self.justice_bureau
        return bureau if not city or bureau.startswith(city) or self.kind == AreaKind.CITY else city + bureau

    @property
    def justice_bureau(self) -> str:
        """The office that signs the area's 督办单 and 督察 feedback: as set, else 〈名称〉司法局."""
        return self.issuing_office or f"{self.name}司法局"

    @classmethod
    def refresh_tree(cls) -> None:
        """Recompute every area's path and jurisdiction (a few hundred rows at most): after any
        area is added or moved, and by migrations that write areas in bulk."""
        rows = {a.pk: a for a in cls.objects.only("pk", "parent_id", "kind", "path", "jurisdiction_id")}
        computed: dict[int, tuple[str, int]] = {}

        def compute(pk: int, seen=()) -> tuple[str, int]:
            if pk in computed:
                return computed[pk]
            if pk in seen:
                raise ValueError("区域的上级关系不能成环。")
            area = rows[pk]
            if area.parent_id is None:
                path, jurisdiction = f"/{pk}/", pk
            else:
                parent_path, parent_jurisdiction = compute(area.parent_id, (*seen, pk))
                path = f"{parent_path}{pk}/"
                jurisdiction = pk if area.kind in JURISDICTION_KINDS else parent_jurisdiction
            computed[pk] = (path, jurisdiction)
            return computed[pk]

        changed = []
        for pk, area in rows.items():
            path, jurisdiction = compute(pk)
            if (area.path, area.jurisdiction_id) != (path, jurisdiction):
                area.path, area.jurisdiction_id = path, jurisdiction
                changed.append(area)
        cls.objects.bulk_update(changed, ["path", "jurisdiction"])


def default_area_id() -> int:
    """The area rows without one belong to: the first district (a single-district install has one).
    Made by migration plans 0010; made again from the settings after a database was flushed."""
    # Only the key is read: migrations call this while later columns may not exist yet.
    areas = Area.objects.order_by("pk").values_list("pk", flat=True)
    pk = areas.filter(kind=AreaKind.DISTRICT).first() or areas.first()
    if pk is None:
        pk = Area.objects.create(
            name=settings.DISTRICT_NAME,
            short_name=settings.DISTRICT_SHORT_NAME,
            kind=AreaKind.DISTRICT,
            notice_code=settings.ESCALATION_NOTICE_PREFIX,
            issuing_office=settings.ESCALATION_ISSUING_OFFICE,
        ).pk
    return pk


class DepartmentQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def inspectable(self):
        """The active 受督察单位 that 法治督察全覆盖 counts."""
        return self.filter(is_active=True, inspectable=True)

    def in_jurisdiction(self, area: Area | int):
        """The departments of a 市 or 区 and its 街镇 (not those of the districts below a city)."""
        return self.filter(area__jurisdiction_id=getattr(area, "jurisdiction_id", area))


class Department(models.Model):
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, default=default_area_id, related_name="departments", verbose_name="区域"
    )
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    aliases = models.JSONField("别名", default=list, blank=True, help_text="书写中常见的其他叫法，如“司法局”。")
    kind = models.CharField("类别", max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.DISTRICT)
    emails = models.JSONField("联系邮箱", default=list, blank=True)
    is_active = models.BooleanField("启用", default=True)
    # 受督察单位: counted in the 法治督察全覆盖 figures. 街镇 and district departments are by
    # default; the 司法局 (which inspects) and coordination offices are not.
    inspectable = models.BooleanField(
        "受督察单位", default=True, help_text="计入法治督察全覆盖的应督察单位（司法局本身和协调机构除外）。"
    )

    history = HistoricalRecords()
    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["kind", "name"]
        # Every district has its own 区司法局: names are unique within an area.
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="department_name_unique_in_area")]

    def __str__(self) -> str:
        return self.name

    @property
    def all_names(self) -> list[str]:
        return [n for n in [self.name, self.short_name, *self.aliases] if n]


class Membership(models.Model):
    """A user acts for exactly one department, or (a leader, an administrator) for no department
    but still in one area: a district leader reads their district, a city leader the city."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name="用户"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships", verbose_name="部门"
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, default=default_area_id, related_name="memberships", verbose_name="区域"
    )
    title = models.CharField("职务", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "部门成员"
        verbose_name_plural = "部门成员"
        ordering = ["department__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.department or self.area} · {self.user}"

    def save(self, *args, **kwargs):
        # A department member is in the department's area, whatever was given.
        if self.department_id is not None:
            self.area_id = Department.objects.values_list("area_id", flat=True).get(pk=self.department_id)
        super().save(*args, **kwargs)


# Changes to accounts are part of the audit trail too.
if not hasattr(get_user_model(), "history"):
    register(get_user_model(), app="plans", records_class=HistoricalRecords)


class PlanQuerySet(ScopedQuerySet):
    def active(self):
        """Plans not archived: the ones the pickers offer."""
        return self.filter(archived_at__isnull=True)

    def choose(self, user, value, remembered=None) -> tuple[Plan | None, list[Plan]]:
        """The plan a page shows: ``value`` (?plan=ID) among those the user sees (an archived one
        too: it is kept for history), else ``remembered`` (the user's last choice) if it is not
        archived, else the current one; with the choices for the plan selector."""
        # Not the imported full text (up to 100 KB): no page with a plan selector shows it.
        plans = self.visible_to(user).defer("source_text", "preamble")
        plan = None
        if parse_id(value):
            plan = plans.filter(pk=parse_id(value)).first()
        if plan is None and parse_id(remembered):
            plan = plans.active().filter(pk=parse_id(remembered)).first()
        if plan is None:
            plan = plans.current_for(user)
        choices = list(plans.active().only("pk", "title", "start_year", "end_year"))
        if plan is not None and plan not in choices:
            choices.append(plan)
        return plan, choices

    def current_for(self, user):
        """The current plan among these for ``user``: their own 市 or 区's first (a city supervisor
        opens on the city's plan, a district's people on their district's), else any."""
        from plans.policy import actor_for  # the policy imports this module

        actor = actor_for(user)
        if actor.jurisdiction_id is not None and actor.is_area_limited:
            own = self.filter(area__jurisdiction_id=actor.jurisdiction_id).current()
            if own is not None:
                return own
        return self.current()

    def current(self):
        """The plan shown by default: the one a supervisor marked current, else the first imported
        (a plan imported later never becomes everyone's default by itself). Archived plans never."""
        active = self.active()
        return active.filter(is_current=True).first() or active.order_by("created_at", "pk").first()


def current_in_each_area(rows) -> set[int]:
    """The plan each area opens on, as ``PlanQuerySet.current`` chooses it within one area, from
    value rows already read (pk, area_id, is_current, archived_at, created_at): the pages across
    plans (the task list across plans) read the plans once for their pickers and their default."""
    chosen: dict[int, tuple] = {}
    for row in rows:
        if row["archived_at"] is None:
            # The marked one first, else the first imported.
            key = (not row["is_current"], row["created_at"], row["pk"])
            chosen[row["area_id"]] = min(chosen.get(row["area_id"], key), key)
    return {key[2] for key in chosen.values()}


class Plan(models.Model):
    class Cadence(models.TextChoices):
        MONTHLY = "monthly", "每月"
        QUARTERLY = "quarterly", "每季度"
        HALF_YEARLY = "half_yearly", "每半年"

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, default=default_area_id, related_name="plans", verbose_name="区域"
    )
    title = models.CharField("规划名称", max_length=200)
    start_year = models.PositiveSmallIntegerField("起始年份")
    end_year = models.PositiveSmallIntegerField("截止年份")
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    source_encoding = models.CharField("文件编码", max_length=20, blank=True)
    source_text = models.TextField("原文", blank=True, help_text="导入时的全文，用于核对和修订比对。")
    preamble = models.TextField("序言", blank=True)
    report_cadence = models.CharField("报送周期", max_length=20, choices=Cadence.choices, default=Cadence.QUARTERLY)
    report_due_days = models.PositiveSmallIntegerField("报送期限（周期结束后天数）", default=10)
    created_at = models.DateTimeField("导入时间", default=timezone.now)
    is_current = models.BooleanField(
        "当前规划", default=False, help_text="各页面默认打开的规划；由督察员设定，同一时间只有一个。"
    )
    archived_at = models.DateTimeField(
        "归档时间", null=True, blank=True, help_text="归档的规划不再出现在选择列表中，记录保留备查。"
    )
    # Bumped by each revision of the text: a revision previewed against an older text is refused
    # (plans.locking), and so is the second confirmation of the same preview.
    version = models.PositiveIntegerField("版本", default=1)

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "规划"
        verbose_name_plural = "规划"
        ordering = ["-start_year", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(start_year__lte=models.F("end_year")), name="plan_years_in_order"),
            # One current plan per area: each district opens on its own.
            models.UniqueConstraint(fields=["area"], condition=Q(is_current=True), name="one_current_plan_per_area"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    @property
    def title_with_years(self) -> str:
        """The title, with the plan's years added only when the title does not already say them."""
        if str(self.start_year) in self.title and str(self.end_year) in self.title:
            return self.title
        return f"{self.title}（{self.start_year}—{self.end_year}年）"


class Chapter(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="chapters", verbose_name="规划")
    number = models.PositiveSmallIntegerField("序号")
    label = models.CharField("编号", max_length=20)
    heading = models.CharField("标题", max_length=500)
    body = models.TextField("正文", blank=True)
    line = models.PositiveIntegerField("行号", default=0)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "章"
        verbose_name_plural = "章"
        ordering = ["plan", "line", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="chapter_number_unique_in_plan")]

    def __str__(self) -> str:
        return f"{self.label}{self.heading}"


class Clause(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="clauses", verbose_name="规划")
    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, null=True, blank=True, related_name="clauses", verbose_name="章"
    )
    number = models.PositiveSmallIntegerField("序号")
    label = models.CharField("编号", max_length=20)
    heading = models.CharField("标题", max_length=500)
    body = models.TextField("正文", blank=True)
    line = models.PositiveIntegerField("行号", default=0)
    position = models.PositiveIntegerField("顺序", help_text="在文中的先后位置")

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "条"
        verbose_name_plural = "条"
        ordering = ["plan", "position"]
        constraints = [
            # Clause numbers may restart in each chapter; their place in the text is unique.
            models.UniqueConstraint(fields=["plan", "position"], name="clause_position_unique_in_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.label}{self.heading}"


class Item(models.Model):
    """A numbered item 1. (or sub-item (1)) inside a clause, or at the top of a plain task split."""

    class Level(models.TextChoices):
        ITEM = "item", "项"
        SUBITEM = "subitem", "子项"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items", verbose_name="规划")
    clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, null=True, blank=True, related_name="items", verbose_name="条"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name="上级项"
    )
    level = models.CharField("层级", max_length=10, choices=Level.choices, default=Level.ITEM)
    number = models.PositiveSmallIntegerField("序号")
    label = models.CharField("编号", max_length=20)
    heading = models.CharField("标题", max_length=500)
    body = models.TextField("正文", blank=True)
    line = models.PositiveIntegerField("行号", default=0)
    position = models.PositiveIntegerField("顺序")

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "项"
        verbose_name_plural = "项"
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="item_position_unique_in_plan")]

    def __str__(self) -> str:
        return f"{self.label}{self.heading}"


class Milestone(models.Model):
    """A dated deadline or a recurring duty's checkpoint, read from the plan text."""

    class Recurrence(models.TextChoices):
        YEARLY = "yearly", "每年"
        QUARTERLY = "quarterly", "每季度"
        TERM = "term", "任期内"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones", verbose_name="规划")
    clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, null=True, blank=True, related_name="milestones", verbose_name="条"
    )
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="milestones", verbose_name="项"
    )
    due_date = models.DateField("完成时限")
    phrase = models.CharField("原文表述", max_length=100)
    line = models.PositiveIntegerField("行号", default=0)
    needs_confirmation = models.BooleanField("待确认", default=False)
    recurring = models.CharField("周期", max_length=10, choices=Recurrence.choices, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "节点"
        verbose_name_plural = "节点"
        ordering = ["plan", "due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.due_date} {self.phrase}"


class Indicator(models.Model):
    """A quantity the plan sets: 不少于4人, 全覆盖, 100%. Supervisors add its 基数 (the value before
    the plan, and its year) and 属性 for the midterm evaluation."""

    class Kind(models.TextChoices):
        EXPECTED = "expected", "预期性"
        BINDING = "binding", "约束性"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators", verbose_name="规划")
    clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators", verbose_name="条"
    )
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators", verbose_name="项"
    )
    text = models.CharField("原文表述", max_length=100)
    target = models.DecimalField("目标值", max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField("单位", max_length=20, blank=True)
    line = models.PositiveIntegerField("行号", default=0)
    baseline = models.DecimalField("基数", max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField("基数年份", null=True, blank=True)
    kind = models.CharField("属性", max_length=10, choices=Kind.choices, default=Kind.EXPECTED)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.text


class Event(models.Model):
    """One thing that happened: who did what to which object, when, from which state to which,
    and who may read about it. Written by the named actions (one event each), never edited.

    The record of what happened for timelines, recent activity, digests and "as of" reports;
    django-simple-history keeps the field-level audit beside it."""

    class Audience(models.TextChoices):
        # Inside the department only: drafts, a head's return of the department's own work.
        DEPARTMENT = "department", "部门内部"
        # The department and those who read every department's handed-in work (司法局, leaders).
        OVERSIGHT = "oversight", "部门、司法局和区领导"
        # Everyone who reads the plan: imports, revisions, who leads what.
        EVERYONE = "everyone", "所有用户"

    SYSTEM_NAME = "系统"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="对象类型")
    object_id = models.PositiveBigIntegerField("对象编号")
    subject = GenericForeignKey("content_type", "object_id")
    verb = models.CharField("操作", max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
    )
    # The name at the time (a renamed or deleted account still reads as it was), or 系统.
    actor_name = models.CharField("操作人姓名", max_length=150)
    from_state = models.CharField("原状态", max_length=20, blank=True)
    to_state = models.CharField("新状态", max_length=20, blank=True)
    comment = models.TextField("意见", blank=True)
    occurred_at = models.DateTimeField("时间", default=timezone.now)
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="events", verbose_name="规划"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name="部门"
    )
    # The page whose timeline shows it, such as task:12.
    ref = models.CharField("关联对象", max_length=50, blank=True)
    audience = models.CharField("可见范围", max_length=20, choices=Audience.choices)
    data = models.JSONField("详情", default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["ref", "occurred_at"], name="event_ref_time"),
            models.Index(fields=["plan", "occurred_at"], name="event_plan_time"),
            models.Index(fields=["content_type", "object_id"], name="event_object"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name} {self.verb}"
