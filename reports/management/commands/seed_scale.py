"""Write a synthetic city for the benchmark (reports.scale): bulk inserts, reproducible by seed."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.scale import DEFAULT_PASSWORD, CitySpec, seed_city


class Command(BaseCommand):
    help = "生成基准测试用的合成城市数据（批量写入，可按种子复现）。请写入空数据库。"

    def add_arguments(self, parser):
        parser.add_argument("--districts", type=int, default=16)
        parser.add_argument("--plans-per-district", type=int, default=4)
        parser.add_argument("--departments", type=int, default=600)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--clauses", type=int, default=60, help="clauses (and tasks) per plan")
        parser.add_argument("--leaders", type=int, default=500)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--small", action="store_true", help="a few thousand rows, for smoke tests")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of every generated account")
        parser.add_argument("--json", action="store_true", help="print the counts and seconds as JSON")

    def handle(self, *args, **o):
        if getattr(settings, "ENVIRONMENT", "") == "production" and not settings.BENCH_ENABLED:
            raise CommandError(
                "seed_scale writes synthetic accounts: with production settings only when BENCH_ENABLED=true."
            )
        if o["small"]:
            spec = CitySpec.small(seed=o["seed"])
        else:
            spec = CitySpec(
                districts=o["districts"],
                plans_per_district=o["plans_per_district"],
                departments=o["departments"],
                years=o["years"],
                clauses_per_plan=o["clauses"],
                leaders=o["leaders"],
                seed=o["seed"],
            )
        if spec.departments < spec.districts:
            raise CommandError("--departments must be at least --districts.")
        log = None if o["json"] else self.stdout.write
        try:
            result = seed_city(spec, password=o["password"], log=log)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if o["json"]:
            self.stdout.write(json.dumps(result))
            return
        for name, count in result["counts"].items():
            self.stdout.write(f"  {name:<24} {count:>9,}")
        self.stdout.write(self.style.SUCCESS(f"Synthetic city written in {result['seconds']} s."))
