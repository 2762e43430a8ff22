"""A plan imported in one district names its own district's departments: 区司法局, and 嘉定区司法局
written in full, resolve to 嘉定's; another district's bureau written in full resolves to nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from plans.models import Plan
from tasks.models import Assignment
from tests.tasks.conftest import run

PLAN = (
    "嘉定区法治政府建设规划\n一、总体要求\n"
    "(一)推进复议体制改革。2022年年底前完成。（区司法局牵头，区市场监管局配合）\n"
    "(二)规范行政执法。2023年年底前完成。（嘉定区司法局牵头，嘉定区市场监管局配合）\n"
    "(三)加强执法监督。2023年年底前完成。（宝山区司法局牵头）\n"
)


def assert_resolved_in_jiading(districts, plan):
    world = districts.world
    assert plan.area == districts.jiading
    pairs = {(a.task.code, a.department_id, a.role) for a in Assignment.objects.filter(task__plan=plan)}
    assert pairs == {
        ("1", world.justice.pk, "lead"),
        ("1", world.market.pk, "support"),
        ("2", world.justice.pk, "lead"),
        ("2", world.market.pk, "support"),
    }
    # Another district's bureau, written in full, is left for a person to settle.
    assert plan.tasks.get(code="3").unresolved_departments == ["宝山区司法局"]
    assert not Assignment.objects.filter(department__area=districts.baoshan).exists()


def test_the_upload_ui_resolves_departments_in_the_supervisors_district(districts):
    """嘉定's supervisor uploads a plan: it is 嘉定's, and 宝山区司法局 is not one of its departments."""
    client = Client()
    client.force_login(districts.users["sup"])
    upload = SimpleUploadedFile("嘉定规划.txt", PLAN.encode())
    response = client.post(reverse("tasks:plan_import"), {"file": upload, "title": "", "years": "2021-2025"})
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response["Location"])
    page = preview.content.decode()
    assert f'value="{districts.baoshan_market.pk}"' not in page
    client.post(response["Location"], {"confirm": "1"})
    plan = Plan.objects.exclude(pk=districts.world.plan.pk).get()
    assert_resolved_in_jiading(districts, plan)


def test_the_command_resolves_departments_in_the_named_area(districts, tmp_path):
    """`manage.py import_plan --area 嘉定区` resolves 区司法局 and 嘉定区司法局 to 嘉定's."""
    path = tmp_path / "嘉定规划.txt"
    path.write_text(PLAN, encoding="utf-8")
    status, _out, err = run("import_plan", str(path), "--area", "嘉定区", "--years", "2021-2025")
    assert status == 0, err
    plan = Plan.objects.exclude(pk=districts.world.plan.pk).get()
    assert_resolved_in_jiading(districts, plan)


def test_another_districts_bureau_in_plain_prose_is_not_taken_for_the_own(districts):
    """Unbracketed prose naming 宝山区司法局 in 嘉定's plan: the 区司法局 inside it is not 嘉定's."""
    from plans.departments import DepartmentDirectory
    from plans.parsing import parse_text

    directory = DepartmentDirectory(area=districts.jiading)
    text = "嘉定区法治政府建设规划\n一、总体要求\n(一)加强执法监督，由宝山区司法局牵头推进。2023年年底前完成。\n"
    parsed = parse_text(text, department_names=directory.names(), years=(2021, 2025))
    clause = next(u for u in parsed.units if u.label == "(一)")
    mentioned = [m.name for m in clause.departments]
    assert "宝山区司法局" in mentioned and "区司法局" not in mentioned
    assert not directory.resolve("宝山区司法局").departments
    assert directory.resolve("嘉定区司法局").departments == [districts.world.justice]
