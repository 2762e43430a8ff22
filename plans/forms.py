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


class PasswordChoiceForm(forms.Form):
    """Either a generated one-time password (both fields left empty) or one typed twice; Django's
    password validators check it in the action."""

    new_password1 = forms.CharField(
        label="新密码",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
        help_text="留空则生成一次性密码，只显示一次，请转告本人并提醒其登录后修改。",
    )
    new_password2 = forms.CharField(
        label="再次输入新密码",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password1", "") != data.get("new_password2", ""):
            raise forms.ValidationError("两次输入的密码不一致。")
        return data


class StaffCreateForm(PasswordChoiceForm):
    """A new 填报员 account of the head's own department; the role is not a choice."""

    username = forms.CharField(label="用户名", max_length=150, widget=forms.TextInput(attrs={"class": "form-control"}))
    full_name = forms.CharField(label="姓名", max_length=150, widget=forms.TextInput(attrs={"class": "form-control"}))
    email = forms.EmailField(label="邮箱", required=False, widget=forms.EmailInput(attrs={"class": "form-control"}))
    title = forms.CharField(
        label="职务", max_length=50, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    phone = forms.CharField(
        label="电话", max_length=30, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    field_order = ["username", "full_name", "email", "title", "phone", "new_password1", "new_password2"]
