"""run_escalation --today YYYY-MM-DD [--dry-run] [--json]: the daily 督办 run for a chosen day."""

import datetime
import json as jsonlib

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from inspections.escalation import escalate
from inspections.models import Rung
from plans.policy import SYSTEM


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today must look like 2024-04-11, not {value!r}") from exc


class Command(BaseCommand):
    help = "按督办规则运行一天的督办（提醒、蓝/黄/红色督办单、挂牌督办、约谈建议），同一天重复运行不会重复下发。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按哪一天运行（默认今天，北京时间）")
        parser.add_argument("--dry-run", action="store_true", help="只列出将要下发的，不写入、不发邮件")
        parser.add_argument("--json", action="store_true", help="只在标准输出打印 JSON")

    def handle(self, *args, today, dry_run, json: bool, **options):
        day = parse_day(today) if today else timezone.localdate()
        result = escalate(day, dry_run=dry_run, actor=SYSTEM)
        if json:
            payload = result.as_dict() | {"dry_run": dry_run}
            self.stdout.write(jsonlib.dumps(payload, ensure_ascii=False))
            return
        verb = "将下发" if dry_run else "已下发"
        self.stdout.write(f"{day.isoformat()} 督办：{verb} {len(result.issued)} 项")
        for rung, count in result.counts.items():
            if count:
                self.stdout.write(f"  {Rung(rung).label}：{count}")
        for item in result.issued:
            number = f"（{item.notice}）" if item.notice else ""
            self.stdout.write(f"  - {Rung(item.rung).label}{number} {item.what}")
        if result.resolved:
            self.stdout.write(f"  已办结、退出督办：{result.resolved} 项")
