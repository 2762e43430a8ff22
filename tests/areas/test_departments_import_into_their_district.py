"""The department list imported in the admin names each row's 区域: 嘉定's 区司法局 is updated in 嘉定,
宝山's (the same name) is left as it was."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import Department


def test_a_department_row_updates_the_department_of_its_district(client, districts):
    client.force_login(districts.users["admin"])
    book = openpyxl.Workbook()
    book.active.append(["区域", "名称", "简称", "别名", "类别", "联系邮箱", "启用"])
    book.active.append(["嘉定区", "区司法局", "司法局", "", "区级部门", "sfj@jiading.example.gov.cn", "1"])
    book.active.append(["嘉定区", "嘉定镇街道", "嘉定镇", "", "街镇", "", "1"])
    book.active.append(["嘉定区", "嘉定工业区", None, None, "街镇", None, "1"])  # empty cells
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("departments.xlsx", buffer.getvalue())
    preview = client.post("/admin/plans/department/import/", {"resource": 0, "format": 0, "import_file": upload})
    assert "confirm_form" in preview.context, preview.content.decode()[:3000]
    confirmed = client.post("/admin/plans/department/process_import/", preview.context["confirm_form"].initial)
    assert confirmed.status_code == 302
    assert Department.objects.get(pk=districts.world.justice.pk).emails == ["sfj@jiading.example.gov.cn"]
    assert Department.objects.get(pk=districts.baoshan_justice.pk).emails == []
    assert Department.objects.get(name="嘉定镇街道").area == districts.jiading
    assert Department.objects.get(name="嘉定工业区").short_name == ""
