"""import_plan PATH [--title T] [--years 2021-2025] [--dry-run] [--json] [--revise PLAN_ID]"""

import json
import re
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.departments import DepartmentDirectory
from plans.importing import diff_clauses
from plans.models import Area, Plan
from plans.parsing import PlanParseError
from plans.policy import SYSTEM
from tasks.actions import plan_import, plan_revise
from tasks.plan_import import parse_source, read_source


def parse_years(value: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*[-–—~至]\s*(\d{4})\s*", value or "")
    if not match or int(match[1]) > int(match[2]):
        raise CommandError(f"--years must look like 2021-2025, not {value!r}")
    return int(match[1]), int(match[2])


class Command(BaseCommand):
    help = (
        "导入规划文档（.txt/.docx/.pdf/.html，装有 LibreOffice 时也可 .doc/.wps），拆分为章、条、项、节点、指标和任务。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--title", help="规划名称（默认取文档第一行）")
        parser.add_argument("--years", help="规划年份，如 2021-2025（默认由标题推断，十四五 → 2021-2025）")
        parser.add_argument("--dry-run", action="store_true", help="只解析和报告，不写入")
        parser.add_argument("--json", action="store_true", help="只在标准输出打印 JSON")
        parser.add_argument("--revise", type=int, metavar="PLAN_ID", help="以修订稿更新已有规划")
        parser.add_argument("--area", help="规划所属的市或区（名称，默认为第一个区）；部门在该区内解析")

    def handle(self, *args, path, title, years, dry_run, json: bool, revise, area=None, **options):
        as_json = json
        plan = None
        if revise is not None:
            plan = Plan.objects.filter(pk=revise).first()
            if plan is None:
                raise CommandError(f"No plan with id {revise}.")
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            return self._fail(f"无法读取文件 {path}: {exc.strerror}", as_json)
        if plan is not None:
            directory = DepartmentDirectory(area=plan.area)
        elif area:
            found = Area.objects.filter(name=area).first()
            if found is None:
                raise CommandError(f"No area named {area!r}.")
            directory = DepartmentDirectory(area=found)
        else:
            directory = DepartmentDirectory()
        try:
            source = read_source(data, Path(path).name)
            parsed = parse_source(source, years=parse_years(years) if years else None, title=title, directory=directory)
        except PlanParseError as exc:
            return self._fail(f"{path}: {exc}", as_json)

        result = parsed.to_dict()
        # The command's JSON also says what each unit's text is and where it came from.
        for unit, data in zip(parsed.units, result["units"], strict=True):
            data.update(body=unit.body, source=unit.source)
        result["metadata"] = parsed.metadata
        changes = None
        if revise is not None:
            changes = (
                diff_clauses(plan, parsed)
                if dry_run
                else plan_revise(actor=SYSTEM, plan=plan, parsed=parsed, source=source, directory=directory)
            )
            result["plan_id"] = plan.pk
            result["changes"] = [c.to_dict() for c in changes if c.kind != "unchanged"]
        elif not dry_run:
            plan = plan_import(actor=SYSTEM, parsed=parsed, source=source, title=title, directory=directory)
            result["plan_id"] = plan.pk
            result["counts"]["tasks"] = len(plan.created_tasks)

        if as_json:
            self.stdout.write(_json_dumps(result))
        else:
            self._report(parsed, result, changes, dry_run)
        return None

    def _fail(self, message: str, as_json: bool):
        if as_json:
            self.stdout.write(_json_dumps({"plan_id": None, "error": message}))
        else:
            self.stderr.write(message)
        sys.exit(1)

    def _report(self, parsed, result, changes, dry_run):
        counts = result["counts"]
        self.stdout.write(f"{parsed.title} ({parsed.years[0]}–{parsed.years[1]}), encoding {parsed.encoding}")
        self.stdout.write(
            f"{counts['chapters']} chapters, {counts['clauses']} clauses, {counts['items']} items, "
            f"{counts['milestones']} milestones, {counts['indicators']} indicators"
        )
        for warning in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"  line {warning.line}: [{warning.code}] {warning.message}"))
        for change in changes or []:
            if change.kind != "unchanged":
                self.stdout.write(f"  {change.kind:<8} ({change.number}) {change.old_heading} → {change.heading}")
        if dry_run:
            self.stdout.write("Dry run: nothing written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Plan id: {result['plan_id']}"))


def _json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)
