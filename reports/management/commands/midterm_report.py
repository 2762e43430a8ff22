"""Generate a plan's midterm evaluation as of a date: a draft file, or a 定稿 (--final) that is also
stored and numbered. Acts as the system (plans.policy.SYSTEM)."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from plans.policy import SYSTEM
from reports.actions import midterm_create, midterm_finalize, midterm_generate_draft


class Command(BaseCommand):
    help = "生成规划中期评估报告（PDF 或 Word）。--final 则定稿并保存。"

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="规划编号")
        parser.add_argument("--as-of", required=True, help="数据截止日，如 2023-12-31")
        parser.add_argument("-o", "--output", required=True, help="输出文件：.pdf 或 .docx")
        parser.add_argument("--final", action="store_true", help="定稿：保存文件、数据和哈希值并编号")

    def handle(self, *args, plan, as_of, output, final, **options):
        target = Path(output)
        if target.suffix not in {".pdf", ".docx"}:
            raise CommandError("输出文件须为 .pdf 或 .docx")
        try:
            day = datetime.date.fromisoformat(as_of)
        except ValueError as error:
            raise CommandError(f"无效日期：{as_of}") from error
        plan_obj = Plan.objects.filter(pk=plan).first()
        if plan_obj is None:
            raise CommandError(f"没有编号为 {plan} 的规划")

        evaluation = midterm_create(actor=SYSTEM, plan=plan_obj, as_of=day)
        if final:
            evaluation = midterm_finalize(actor=SYSTEM, evaluation=evaluation)
        else:
            evaluation = midterm_generate_draft(evaluation_id=evaluation.pk)
        stored = evaluation.pdf if target.suffix == ".pdf" else evaluation.docx
        with stored.open("rb") as source:
            target.write_bytes(source.read())
        label = f"第{evaluation.number}号定稿" if final else "草稿"
        self.stdout.write(f"{target} ({label}, {target.stat().st_size // 1024} KB, SHA-256 {evaluation.pdf_sha256})")
