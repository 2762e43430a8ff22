"""The upload preview of a PDF plan says where each unit came from (page and line, table row); an
unknown department a supervisor maps to an existing one is remembered as its alias for the next
import; a leader is shown as a leader; an unreadable PDF writes nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import Event, Plan
from tasks.models import Task
from tests.plans.documents import paragraphs, pdf_from_html

BODY = (
    "<h1>某区法治政府建设实施方案（2021—2025年）</h1>"
    + paragraphs(
        [
            "一、健全政府机构职能体系",
            "（一）推进政府机构职能优化协同高效。全面实行政府权责清单制度。牵头单位：区编办。配合单位：区司法局。",
        ]
    )
    + "<table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>牵头负责领导</th><th>完成时限</th></tr>"
    "<tr><td>1</td><td>完善立法工作机制</td><td>区司法局</td><td>张副区长</td><td>持续推进</td></tr></table>"
)


def upload(client, data: bytes, name: str = "方案.pdf"):
    return client.post("/plans/import/", {"file": SimpleUploadedFile(name, data)})


def test_preview_shows_sources_and_remembers_a_mapped_department(client, actors):
    """Sources per unit; the 区编办 → 区市场监管局 choice becomes an alias used by the next import."""
    client.force_login(actors.supervisor)
    data = pdf_from_html(BODY, header="某区法治政府建设实施方案")
    response = upload(client, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response["Location"]).content.decode()
    assert "第1页第" in preview and "表1第2行" in preview
    assert "张副区长（领导，不作为部门分配）" in preview
    assert "持续推进" in preview
    assert 'name="unknown_name" value="区编办"' in preview
    assert 'value="张副区长"' not in preview

    confirmed = client.post(
        response["Location"], {"confirm": "1", "unknown_name": "区编办", "unknown-0": actors.market.pk}
    )
    assert confirmed.status_code == 302
    actors.market.refresh_from_db()
    assert "区编办" in actors.market.aliases
    assert Event.objects.filter(verb="department.alias").count() == 1
    task = Task.objects.get(code="1.1")
    assert task.is_ongoing

    again = client.get(upload(client, data)["Location"]).content.decode()
    assert 'name="unknown_name" value="区编办"' not in again


def test_unreadable_pdf_is_a_form_error_and_writes_nothing(client, actors):
    """A PDF with no text layer is refused in Chinese on the upload form; nothing is staged or written."""
    client.force_login(actors.supervisor)
    data = pdf_from_html("<div style='height:100mm'></div>", header="")
    response = upload(client, data, "扫描件.pdf")
    assert response.status_code == 200
    assert "扫描件无法识别文字，请上传文字版" in response.content.decode()
    assert Plan.objects.count() == 0
