"""Load the demo data set: departments, one account per role, the 宝山 plan and its 任务分解表; with
--city, 上海市 above it and a second district (嘉定区) with its own plan, for the city's pages."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inspections.demo import ensure_demo_inspections
from plans.demo import DEFAULT_DEMO_PASSWORD, ensure_demo_accounts, load_departments
from tasks.demo import ensure_demo_plan, ensure_demo_progress


class Command(BaseCommand):
    help = "加载演示数据：部门名录、各角色演示账号、宝山区规划及任务分解表。可重复运行，不会重复写入。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-progress", action="store_true", help="只加载部门、账号、规划和任务分解表，不生成历年进展"
        )
        parser.add_argument(
            "--city", action="store_true", help="另加上海市及第二个区（嘉定区）：部门、账号、规划、任务分解表和历年进展"
        )

    def handle(self, *args, without_progress=False, city=False, **options):
        if getattr(settings, "ENVIRONMENT", "") == "production":
            raise CommandError("load_demo refuses to run with production settings.")
        password = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
        created, updated = load_departments()
        self.stdout.write(f"Departments: {created} created, {updated} updated.")
        for account in ensure_demo_accounts(password):
            where = f" ({account.department})" if account.department else ""
            self.stdout.write(f"  {account.username:<11} {account.role.label}{where}")
        plan, created = ensure_demo_plan()
        self.stdout.write(f"Demo plan {'imported' if created else 'already present'}: {plan.title}")
        if not without_progress and ensure_demo_progress(plan):
            self.stdout.write("Demo progress 2021–2025 written, with its history.")
        if not without_progress and ensure_demo_inspections(plan):
            self.stdout.write("Demo inspections 2022 (书面) and 2023 (实地) written, with their findings.")
        if city:
            self._city(password, without_progress=without_progress)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Demo plan id: {plan.pk}"))

    def _city(self, password: str, *, without_progress: bool) -> None:
        from reports.city_demo import ensure_city_demo

        demo = ensure_city_demo(password, with_progress=not without_progress)
        self.stdout.write(f"City {demo.city.name}: districts {'、'.join(d.name for d in demo.districts)}.")
        for area, account in demo.accounts:
            where = account.department or area.name
            self.stdout.write(f"  {account.username:<15} {account.role.label} ({area.label} {where})")
        state = "imported" if demo.plan_created else "already present"
        self.stdout.write(f"{demo.districts[-1].name} plan {state}: {demo.plan.title} (id {demo.plan.pk})")
        if demo.progress_written:
            self.stdout.write(f"{demo.districts[-1].name} progress and inspections written, with their history.")
