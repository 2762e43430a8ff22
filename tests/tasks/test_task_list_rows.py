"""The task list's rows (written in Python, tasks.views._rows_html) show what the user typed as text,
never as markup, with the lead departments one per line."""

from plans.models import Plan
from tasks.models import Assignment, Task


def test_a_task_title_with_markup_is_shown_as_text(client, actors):
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    task = Task.objects.create(
        plan=plan, code="1", title='<script>alert(1)</script> & "引号"', position=1, unresolved_departments=["<区某局>"]
    )
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    Assignment.objects.create(task=task, department=actors.justice, role=Assignment.Role.LEAD)
    client.force_login(actors.supervisor)
    html = client.get(f"/plans/{plan.pk}/tasks/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;" in html
    assert "<script>alert(1)" not in html
    assert 'title="&lt;区某局&gt;">有未识别部门</span>' in html
    assert '<td class="text-nowrap">区司法局<br>区市场监管局</td>' in html
