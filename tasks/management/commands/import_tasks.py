"""import_tasks PLAN_ID FILE.xlsx|.csv [--dry-run] [--json]: apply a 任务分解表 to a plan's tasks."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from plans.policy import SYSTEM
from tasks.actions import breakdown_import
from tasks.breakdown import BreakdownError


class Command(BaseCommand):
    help = "导入任务分解表（牵头单位、配合单位、完成时限、年度目标）。有任何错误则不写入。"

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--json", action="store_true", help="只在标准输出打印 JSON")
        parser.add_argument(
            "--confirm-removals", action="store_true", help="表格移除任务的牵头或配合单位时，确认移除（否则不写入）"
        )

    def handle(self, *args, plan_id, path, dry_run, confirm_removals, **options):
        as_json = options["json"]
        plan = Plan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"No plan with id {plan_id}.")
        try:
            data = Path(path).read_bytes()
            result = breakdown_import(
                actor=SYSTEM,
                plan=plan,
                data=data,
                filename=Path(path).name,
                dry_run=dry_run,
                confirm_removals=confirm_removals,
            )
        except (OSError, BreakdownError) as exc:
            message = str(exc) if isinstance(exc, BreakdownError) else f"无法读取文件 {path}: {exc.strerror}"
            if as_json:
                self.stdout.write(
                    json.dumps(
                        {
                            "ok": False,
                            "created": 0,
                            "updated": 0,
                            "rows": [],
                            "errors": [{"row": 0, "column": "", "message": message}],
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                self.stderr.write(message)
            sys.exit(1)
        if as_json:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        else:
            for error in result.errors:
                self.stderr.write(f"row {error.row}, {error.column}: {error.message}")
            for removal in result.removals:
                self.stderr.write(
                    f"row {removal.row}: removes {removal.department.name} ({removal.role_label}) from "
                    f"{removal.task.code}: {removal.consequence}"
                )
            if result.unconfirmed_removals:
                self.stderr.write("Nothing written: the table removes departments; run again with --confirm-removals.")
            elif result.ok:
                verb = "checked" if dry_run else "imported"
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{len(result.rows)} rows {verb}: {result.created} assignments created, "
                        f"{result.updated} tasks updated."
                    )
                )
        if not result.ok or result.unconfirmed_removals:
            sys.exit(1)
