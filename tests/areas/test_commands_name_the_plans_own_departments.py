"""Commands that take a department by name look it up in the plan's own district: `annual_report
--department 区市场监管局` for 嘉定's plan is 嘉定's 区市场监管局, though 宝山's was made first."""

import docx

from reports.models import AnnualReport
from tests.tasks.conftest import run


def test_annual_report_finds_the_department_in_the_plans_district(districts, tmp_path):
    AnnualReport.objects.filter(pk=districts.world.annual.pk).update(sections={"achievements": "嘉定市场监管成效"})
    output = tmp_path / "报告.docx"
    plan = str(districts.world.plan.pk)
    args = ("--plan", plan, "--year", "2022", "--department", "区市场监管局", "--output", str(output))
    status, _out, err = run("annual_report", *args)
    assert status == 0, err
    text = "\n".join(p.text for p in docx.Document(output).paragraphs)
    assert "嘉定市场监管成效" in text
