from django import forms

from plans.models import Department


class DepartmentContactsForm(forms.ModelForm):
    """What a department head may change about their own department: how to reach it."""

    emails_text = forms.CharField(
        label="联系邮箱",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text="每行一个邮箱；催办和周报发送到这些地址。",
    )

    class Meta:
        model = Department
        # Names and aliases are the administrators': they decide how imports resolve departments.
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emails_text"].initial = "\n".join(self.instance.emails)

    def clean_emails_text(self) -> list[str]:
        validate = forms.EmailField().clean
        emails = []
        for line_no, raw in enumerate(self.cleaned_data["emails_text"].splitlines(), start=1):
            if raw.strip():
                try:
                    emails.append(validate(raw.strip()))
                except forms.ValidationError as exc:
                    raise forms.ValidationError(f"第 {line_no} 行“{raw.strip()}”不是有效的邮箱地址。") from exc
        return emails

    # Saving is the action plans.actions.department_contacts_update; the form only checks.
