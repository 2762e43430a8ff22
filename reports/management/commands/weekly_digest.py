"""Issue the weekly digest (督办周报) of the week before --today, as the beat job does: exactly once
per reader and week, so a catch-up run after a missed Monday never mails twice. Acts as the system
(plans.policy.SYSTEM). --dry-run prints what each reader would get and sends nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from plans.policy import SYSTEM
from reports.actions import digest_issue
from reports.digest import SHARED_RUN, build_digest, readers, week_ending_before


class Command(BaseCommand):
    help = "发送督办周报（上一周，周一至周日）。--dry-run 只显示不发送。"

    def add_arguments(self, parser):
        parser.add_argument("--today", required=True, help="发送日，如 2024-07-15（周报为其前一周）")
        parser.add_argument("--leader", help="只发给这个用户名")
        parser.add_argument("--dry-run", action="store_true", help="只显示，不发送")

    def handle(self, *args, today, leader, dry_run, **options):
        try:
            day = datetime.date.fromisoformat(today)
        except ValueError as error:
            raise CommandError(f"无效日期：{today}") from error
        if leader:
            user = get_user_model().objects.filter(username=leader).first()
            if user is None:
                raise CommandError(f"没有用户名为 {leader} 的用户")
            users = [user]
        else:
            users = readers()
        week_start, week_end = week_ending_before(day)
        self.stdout.write(f"周报周期：{week_start} 至 {week_end}，读者 {len(users)} 人")
        sent = 0
        for user in users:
            if dry_run:
                data = build_digest(user, today=day, run=SHARED_RUN)
                plans = "；".join(f"{s.plan_title}（{s.scope_label}）" for s in data.sections) or "无关注范围"
                self.stdout.write(f"{user.username} <{user.email or '无邮箱'}>：{plans}")
                continue
            with transaction.atomic():
                digest = digest_issue(actor=SYSTEM, user=user, today=day)
            if digest is None:
                self.stdout.write(f"{user.username}：本周已发送或无邮箱，跳过")
            else:
                sent += 1
                self.stdout.write(f"{user.username}：{digest.subject}")
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(f"已发送 {sent} 份周报"))
