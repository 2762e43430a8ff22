"""Write a year's 法治政府建设年度报告 of the district (or of one department) to a .docx or .pdf file,
built from the data as recorded today (the stored report's rewritten sections and 第一责任人履职
form, when there is one). ``--final`` prints it without the 草稿 mark."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import Department, Plan
from reports import annual
from reports.annual_docx import render_docx
from reports.annual_models import AnnualReport
from reports.annual_pdf import render_pdf


class Command(BaseCommand):
    help = "生成法治政府建设年度报告（全区或部门；PDF 或 Word）。"

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="规划编号")
        parser.add_argument("--year", type=int, required=True, help="报告年度，如 2022")
        parser.add_argument("--department", help="部门名称（省略则为全区报告）")
        parser.add_argument("-o", "--output", required=True, help="输出文件：.pdf 或 .docx")
        parser.add_argument("--final", action="store_true", help="正式稿：不加“草稿”标记")

    def handle(self, *args, plan, year, department, output, final, **options):
        target = Path(output)
        if target.suffix not in {".pdf", ".docx"}:
            raise CommandError("输出文件须为 .pdf 或 .docx")
        plan_obj = Plan.objects.filter(pk=plan).first()
        if plan_obj is None:
            raise CommandError(f"没有编号为 {plan} 的规划")
        if year not in plan_obj.years:
            raise CommandError(f"{year}年不在规划期（{plan_obj.start_year}—{plan_obj.end_year}年）内")
        unit = None
        if department:
            # The plan's own district's department: every district has its 区司法局.
            unit = Department.objects.in_jurisdiction(plan_obj.area).filter(name=department).first()
            if unit is None:
                raise CommandError(f"没有名为“{department}”的部门")
        stored = AnnualReport.objects.filter(plan=plan_obj, year=year, department=unit).first()
        data = annual.build(plan_obj, year=year, department=unit, report=stored)
        content = (render_pdf if target.suffix == ".pdf" else render_docx)(data, draft=not final)
        target.write_bytes(content)
        self.stdout.write(f"{target}（{data.title}{'' if final else '，草稿'}，{len(content) // 1024} KB）")
