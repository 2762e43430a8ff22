"""Forms of the midterm evaluation pages."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from plans.models import Indicator
from reports.models import EvaluationSource, MidtermEvaluation


class MidtermCreateForm(forms.Form):
    as_of = forms.DateField(
        label="数据截止日", initial=datetime.date(2023, 12, 31), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day > timezone.localdate():
            raise forms.ValidationError("数据截止日不能晚于今天。")
        return day


class MidtermNarrativeForm(forms.ModelForm):
    class Meta:
        model = MidtermEvaluation
        fields = ["summary", "problems", "recommendations"]
        widgets = {f: forms.Textarea(attrs={"rows": 8}) for f in fields}
        help_texts = {f: "留空则使用系统根据数据起草的文字。" for f in fields}


class EvaluationSourceForm(forms.ModelForm):
    class Meta:
        model = EvaluationSource
        fields = ["kind", "name", "held_on", "participants", "summary", "adopted"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "adopted": forms.Textarea(attrs={"rows": 3}),
        }

    file = forms.FileField(label="评估报告（PDF、Word、Excel）", required=False)

    def clean(self):
        data = super().clean()
        data.pop("file", None)  # the action checks and stores it
        return data


class IndicatorBaselineForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["baseline", "baseline_year", "kind"]
