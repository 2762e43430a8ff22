import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from plans.models import Department
from plans.uploads import check_upload
from tasks.models import ProgressReport

PLAN_KINDS = {"txt", "docx", "pdf", "html", "doc"}
TABLE_KINDS = {"xlsx", "csv"}
EMPTY_FILE = {"empty": "上传的文件是空文件（0 字节）。"}


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label="规划文档",
        error_messages=EMPTY_FILE,
        help_text="支持 .docx、.pdf（文字版）、.txt、.html（装有 LibreOffice 时也可 .doc、.wps）；编码 UTF-8、GB18030 或 UTF-16；简体或繁体。",
    )
    title = forms.CharField(label="规划名称", required=False, max_length=200, help_text="留空则取文档第一行。")
    years = forms.RegexField(
        label="规划年份",
        required=False,
        regex=r"^\s*\d{4}\s*[-–—~至]\s*\d{4}\s*$",
        help_text="如 2021-2025；留空则由标题推断（“十四五” → 2021-2025）。",
        error_messages={"invalid": "请按“2021-2025”的格式填写。"},
    )

    def clean_file(self):
        _kind, data = check_upload(self.cleaned_data["file"], kinds=PLAN_KINDS)
        self.file_data = data
        return self.cleaned_data["file"]

    def clean_years(self):
        value = self.cleaned_data["years"]
        if not value:
            return None
        start, end = (int(y) for y in re.findall(r"\d{4}", value))
        if start > end:
            raise ValidationError("起始年份不能晚于截止年份。")
        return start, end


class PlanRevisionForm(PlanUploadForm):
    """A revised text of a stored plan: the title comes from the text, the years stay the plan's
    unless given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["title"]
        self.fields["file"].label = "修订后的规划文档"
        self.fields["years"].help_text = "如 2021-2025；留空则沿用本规划的年份。"


class TableUploadForm(forms.Form):
    file = forms.FileField(
        label="任务分解表",
        error_messages=EMPTY_FILE,
        help_text="Excel (.xlsx) 或 CSV；列：序号、任务内容、牵头单位、配合单位、完成时限、年度目标。",
    )

    def clean_file(self):
        _kind, data = check_upload(self.cleaned_data["file"], kinds=TABLE_KINDS)
        self.file_data = data
        return self.cleaned_data["file"]


class ProgressReportForm(forms.ModelForm):
    """The department's report; indicator fields are added for the task's indicators."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProgressReport
        fields = ["progress_status", "percent_complete", "narrative", "problems", "next_steps"]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 6}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "percent_complete": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        stored = self.instance.indicator_values or {}
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.text}（完成值）",
                required=False,
                max_length=100,
                initial=stored.get(str(indicator.pk), ""),
            )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_percent_complete(self):
        value = self.cleaned_data["percent_complete"]
        if value is not None and not 0 <= value <= 100:
            raise ValidationError("完成百分比应在 0 到 100 之间。")
        return value

    def report_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["indicator_values"] = {
            str(i.pk): self.cleaned_data[f"indicator_{i.pk}"]
            for i in self.indicators
            if self.cleaned_data.get(f"indicator_{i.pk}")
        }
        return data


class YearlyTargetForm(forms.Form):
    """Targets, measures, indicator target values and up to six dated steps (one per line: 日期 内容)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    targets = forms.CharField(label="年度目标", widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}))
    measures = forms.CharField(
        label="推进措施", required=False, widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"})
    )
    milestones = forms.CharField(
        label="时间节点",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 4, "class": "form-control", "placeholder": "2024-06-30 完成制度修订\n2024-12-31 完成全覆盖"}
        ),
        help_text="每行一个节点：日期（如 2024-06-30）、空格、节点内容。",
    )

    def __init__(self, *args, year: int, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.text}（{year}年目标值）",
                required=False,
                max_length=100,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def clean_milestones(self):
        steps = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            if not line.strip():
                continue
            match = re.match(r"\s*(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?\s+(.+)", line)
            if not match:
                raise ValidationError(f"第 {number} 行应为“日期 节点内容”，如“{self.year}-06-30 完成制度修订”。")
            try:
                day = datetime.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError as exc:
                raise ValidationError(f"第 {number} 行的日期无效。") from exc
            if day.year != self.year:
                raise ValidationError(f"第 {number} 行的日期不在 {self.year} 年内。")
            steps.append((day, match[4].strip()))
        return steps

    def indicator_targets(self) -> dict:
        return {
            str(i.pk): self.cleaned_data[f"indicator_{i.pk}"]
            for i in self.indicators
            if self.cleaned_data.get(f"indicator_{i.pk}")
        }


class TaskEditForm(forms.Form):
    """A task's lead and supporting departments, deadline and weight, as a supervisor sets them on
    the task's page; saving is tasks.actions.task_update."""

    lead = forms.ModelMultipleChoiceField(label="牵头单位", queryset=Department.objects.none(), required=False)
    support = forms.ModelMultipleChoiceField(label="配合单位", queryset=Department.objects.none(), required=False)
    deadline = forms.DateField(label="完成时限", required=False, help_text="留空表示未定。")
    weight = forms.DecimalField(label="权重", max_digits=6, decimal_places=2, min_value=Decimal("0.01"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, task, **kwargs):
        assigned = {a.department_id: a.role for a in task.assignments.all()}
        initial = {
            "lead": [pk for pk, role in assigned.items() if role == "lead"],
            "support": [pk for pk, role in assigned.items() if role == "support"],
            "deadline": task.deadline,
            "weight": task.weight,
            "version": task.version,
        }
        super().__init__(*args, initial=initial, **kwargs)
        # Active departments, and any inactive one still on the task (so that it is not dropped unseen).
        # Only the plan's own 市 or 区: another district's departments are never offered.
        active = models.Q(is_active=True, area__jurisdiction_id=task.plan.area.jurisdiction_id)
        departments = Department.objects.filter(active | models.Q(pk__in=list(assigned))).order_by("kind", "name")
        for name in ("lead", "support"):
            self.fields[name].queryset = departments
            self.fields[name].widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
            self.fields[name].widget.choices = self.fields[name].choices
        self.fields["deadline"].widget = forms.DateInput(
            attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
        )
        self.fields["weight"].widget.attrs.update({"class": "form-control", "step": "0.01"})

    def clean(self):
        data = super().clean()
        both = set(data.get("lead") or []) & set(data.get("support") or [])
        if both:
            raise ValidationError(f"{'、'.join(d.name for d in both)}不能既是牵头单位又是配合单位。")
        return data
