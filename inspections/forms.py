"""The forms of 督察: they check input and hand plain values to the actions."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError

from inspections.actions import CampaignInput, FindingInput
from inspections.models import (
    COLOUR_WORDS,
    Campaign,
    CampaignKind,
    CampaignMode,
    Category,
    RectificationType,
    Severity,
)
from plans.models import Clause, Department, Plan
from plans.policy import jurisdiction_of
from plans.uploads import check_upload
from tasks.models import Task

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one input; each is checked by content when the action stores it."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(FilesField, self).clean(f, initial) for f in files]


class CampaignForm(forms.Form):
    name = forms.CharField(label="督察批次名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="类型", choices=CampaignKind.choices)
    mode = forms.ChoiceField(label="方式", choices=CampaignMode.choices)
    start_date = forms.DateField(label="开始日期", widget=DATE)
    end_date = forms.DateField(label="结束日期", widget=DATE)
    self_report_due = forms.DateField(label="自查报告截止日期", required=False, widget=DATE)
    plan = forms.ModelChoiceField(
        label="规划", queryset=Plan.objects.none(), required=False, empty_label="（不关联规划）"
    )
    units = forms.ModelMultipleChoiceField(
        label="受督察单位",
        queryset=Department.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="按住 Ctrl 多选；只列出受督察单位。",
    )
    clauses = forms.ModelMultipleChoiceField(
        label="涉及规划条款",
        queryset=Clause.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text="督察事项可由所选条款的原文一键生成。",
    )

    def __init__(self, *args, user, campaign: Campaign | None = None, **kwargs):
        if campaign is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": campaign.name,
                "year": campaign.year,
                "kind": campaign.kind,
                "mode": campaign.mode,
                "start_date": campaign.start_date,
                "end_date": campaign.end_date,
                "self_report_due": campaign.self_report_due,
                "plan": campaign.plan_id,
                "units": list(campaign.targets.values_list("department_id", flat=True)),
                "clauses": list(campaign.clauses.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        # A campaign is its 司法局's: the plans and units of its own 市 or 区, never another's.
        self.area = campaign.area if campaign is not None else jurisdiction_of(user)
        plans = Plan.objects.visible_to(user).filter(area__jurisdiction_id=self.area.jurisdiction_id)
        self.fields["plan"].queryset = plans
        self.fields["units"].queryset = (
            Department.objects.inspectable().in_jurisdiction(self.area).order_by("kind", "name")
        )
        self.fields["units"].label_from_instance = lambda d: f"{d.name}（{d.get_kind_display()}）"
        self.fields["units"].help_text = f"按住 Ctrl 多选；只列出{self.area.name}本级的受督察单位。"
        # A city above its districts may have no 受督察单位 of its own: the page says so.
        self.has_units = self.fields["units"].queryset.exists()
        self.fields["clauses"].queryset = (
            Clause.objects.visible_to(user).filter(plan__in=plans).order_by("plan", "position")
        )
        self.fields["clauses"].label_from_instance = lambda c: f"{c.label}{c.heading}"

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Campaign.objects.filter(area=self.area, name=name)
        if self.campaign is not None:
            others = others.exclude(pk=self.campaign.pk)
        if others.exists():
            raise ValidationError("已有同名的督察批次。")
        return name

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and start > end:
            self.add_error("end_date", "结束日期不能早于开始日期。")
        plan, clauses = data.get("plan"), data.get("clauses") or []
        if clauses and plan is None:
            self.add_error("plan", "选择了条款时请指定规划。")
        elif plan is not None and any(c.plan_id != plan.pk for c in clauses):
            self.add_error("clauses", "所选条款须属于所选规划。")
        return data

    def to_input(self) -> CampaignInput:
        d = self.cleaned_data
        return CampaignInput(
            name=d["name"],
            year=d["year"],
            kind=d["kind"],
            mode=d["mode"],
            start_date=d["start_date"],
            end_date=d["end_date"],
            self_report_due=d["self_report_due"],
            plan_id=d["plan"].pk if d["plan"] else None,
            unit_ids=[u.pk for u in d["units"]],
            clause_ids=[c.pk for c in d["clauses"]],
        )


class FindingForm(forms.Form):
    description = forms.CharField(label="问题", widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(label="问题类别", choices=Category.choices)
    is_common = forms.TypedChoiceField(
        label="共性/个性", choices=[("0", "个性问题"), ("1", "共性问题")], coerce=lambda v: v == "1"
    )
    severity = forms.ChoiceField(label="严重程度", choices=Severity.choices)
    rectification_type = forms.ChoiceField(
        label="整改类型", choices=RectificationType.choices, initial=RectificationType.DEADLINE
    )
    requirement = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    deadline = forms.DateField(label="整改期限", widget=DATE)
    supporting_units = forms.ModelMultipleChoiceField(
        label="配合单位",
        queryset=Department.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    responsible_leader = forms.CharField(label="责任领导", max_length=50, required=False)
    responsible_person = forms.CharField(label="责任人", max_length=50, required=False)
    clause = forms.ModelChoiceField(label="对应条款", queryset=Clause.objects.none(), required=False)
    task = forms.ModelChoiceField(label="对应任务", queryset=Task.objects.none(), required=False)
    files = FilesField(label="照片或材料", required=False, help_text="PDF、图片、Word 或 Excel，可多选。")

    def __init__(self, *args, user, campaign: Campaign, unit: Department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supporting_units"].queryset = (
            Department.objects.active().in_jurisdiction(campaign.area).exclude(pk=unit.pk)
        )
        clauses = campaign.clauses.all() if campaign.plan_id else Clause.objects.none()
        self.fields["clause"].queryset = clauses
        self.fields["clause"].label_from_instance = lambda c: f"{c.label}{c.heading}"
        tasks = (
            Task.objects.visible_to(user).filter(plan_id=campaign.plan_id) if campaign.plan_id else Task.objects.none()
        )
        self.fields["task"].queryset = tasks.order_by("position")
        self.fields["task"].label_from_instance = lambda t: f"{t.code} {t.title}"[:80]

    def to_input(self) -> FindingInput:
        d = self.cleaned_data
        return FindingInput(
            description=d["description"].strip(),
            deadline=d["deadline"],
            category=d["category"],
            is_common=d["is_common"],
            severity=d["severity"],
            rectification_type=d["rectification_type"],
            requirement=d["requirement"].strip(),
            responsible_leader=d["responsible_leader"].strip(),
            responsible_person=d["responsible_person"].strip(),
            clause_id=d["clause"].pk if d["clause"] else None,
            task_id=d["task"].pk if d["task"] else None,
            supporting_unit_ids=tuple(u.pk for u in d["supporting_units"]),
        )


class SelfReportForm(forms.Form):
    text = forms.CharField(label="自查情况", widget=forms.Textarea(attrs={"rows": 6}))
    files = FilesField(label="自查报告及佐证材料", required=False, help_text="PDF、图片、Word 或 Excel，可多选。")


class InspectionRecordForm(forms.Form):
    inspected_on = forms.DateField(label="督察完成日期", widget=DATE)
    note = forms.CharField(label="督察情况", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PlanForm(forms.Form):
    measures = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 4}))
    person = forms.CharField(label="整改责任人", max_length=50)
    deadline = forms.DateField(label="计划完成日期", widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ProgressForm(forms.Form):
    entry_date = forms.DateField(label="日期", widget=DATE, initial=datetime.date.today)
    text = forms.CharField(label="整改进展", widget=forms.Textarea(attrs={"rows": 3}))
    files = FilesField(label="佐证材料", required=False)


class CloseRequestForm(forms.Form):
    summary = forms.CharField(label="整改完成情况", widget=forms.Textarea(attrs={"rows": 4}))
    files = FilesField(label="销号佐证材料", required=False, help_text="PDF、图片、Word 或 Excel，可多选。")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LedgerUploadForm(forms.Form):
    file = forms.FileField(
        label="整改台账 (.xlsx)",
        help_text="列：序号、督察批次、单位、问题、整改措施、牵头/配合单位、责任人、整改时限、整改进展、状态、是否销号、销号日期。",
    )

    def clean_file(self):
        _kind, data = check_upload(self.cleaned_data["file"], kinds={"xlsx"})
        self.file_data = data
        return self.cleaned_data["file"]


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class StyledForm(forms.Form):
    """Bootstrap classes on the widgets, set here (no script: the pages run under a strict CSP)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


NOTICE_COLOURS = [(str(rung), f"{word}督办单") for rung, word in COLOUR_WORDS.items()]


class ManualNoticeForm(StyledForm):
    """领导批示件: a 督办单 by hand for a matter no rule covers."""

    subject = forms.CharField(label="督办事项", max_length=300)
    source = forms.CharField(label="批示来源", max_length=200, help_text="如：某领导在某件上的批示")
    requirement = forms.CharField(label="督办要求（批示内容）", widget=forms.Textarea(attrs={"rows": 4}))
    colour = forms.ChoiceField(label="颜色", choices=NOTICE_COLOURS)
    units = forms.ModelMultipleChoiceField(label="责任单位", queryset=Department.objects.none())
    reply_deadline = forms.DateField(label="反馈期限", widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A 督办单 goes to units of the issuer's own 市 or 区 (its 代字 and numbers are that area's).
        self.area = jurisdiction_of(user)
        self.fields["units"].queryset = Department.objects.active().in_jurisdiction(self.area).order_by("kind", "name")
        self.fields["units"].help_text = f"只列出{self.area.name}本级的单位。"
        self.has_units = self.fields["units"].queryset.exists()


class InterviewScheduleForm(StyledForm):
    interviewee = forms.CharField(label="被约谈人", max_length=100)
    interviewer = forms.CharField(label="约谈人", max_length=100)
    when = forms.DateTimeField(label="约谈时间", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    place = forms.CharField(label="约谈地点", max_length=200)
    reason = forms.CharField(label="约谈事由", widget=forms.Textarea(attrs={"rows": 3}))


class InterviewDismissForm(StyledForm):
    reason = forms.CharField(label="不予约谈的理由", widget=forms.Textarea(attrs={"rows": 2}))


class InterviewRecordForm(StyledForm):
    outcome = forms.CharField(label="约谈情况", widget=forms.Textarea(attrs={"rows": 4}))
    follow_up_deadline = forms.DateField(label="整改跟进期限", widget=DATE)
