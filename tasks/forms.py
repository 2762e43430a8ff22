from django import forms
from django.core.exceptions import ValidationError

from plans.uploads import check_upload

PLAN_KINDS = {"txt", "docx", "html"}
TABLE_KINDS = {"xlsx", "csv"}
EMPTY_FILE = {"empty": "上传的文件是空文件（0 字节）。"}


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label="规划文档",
        error_messages=EMPTY_FILE,
        help_text="支持 .docx、.txt、.html；编码 UTF-8、GB18030 或 UTF-16；简体或繁体。",
    )
    title = forms.CharField(label="规划名称", required=False, help_text="留空则取文档第一行。")
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
        import re

        value = self.cleaned_data["years"]
        if not value:
            return None
        start, end = (int(y) for y in re.findall(r"\d{4}", value))
        if start > end:
            raise ValidationError("起始年份不能晚于截止年份。")
        return start, end


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
