"""Write a synthetic city for the benchmark (reports.scale): bulk inserts, reproducible by seed.

It writes hundreds of accounts and ~100,000 rows, so it refuses unless DEBUG is on (a developer's
machine) or it is told explicitly (``--allow-without-debug`` or ``SEED_SCALE_ALLOWED=true``, as
``make bench`` does); with the production settings ``BENCH_ENABLED=true`` is needed as well. The
accounts get the ``--password`` given, or a generated one written to a file only its owner reads."""

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.env import env_bool
from reports.scale import CitySpec, seed_city

PASSWORD_FILE = Path("var") / "seed_scale" / "password.txt"


class Command(BaseCommand):
    help = (
        "生成基准测试用的合成城市数据（批量写入，可按种子复现）。请写入空数据库。"
        "仅在 DEBUG 开启，或指定 --allow-without-debug / SEED_SCALE_ALLOWED=true 时写入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--districts", type=int, default=16)
        parser.add_argument("--plans-per-district", type=int, default=4)
        parser.add_argument("--departments", type=int, default=600)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--clauses", type=int, default=60, help="clauses (and tasks) per plan")
        parser.add_argument("--leaders", type=int, default=500)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--small", action="store_true", help="a few thousand rows, for smoke tests")
        parser.add_argument(
            "--password",
            help="password of every generated account (default: a generated one, written to "
            f"{PASSWORD_FILE} under the project directory)",
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="write although DEBUG is off (or set SEED_SCALE_ALLOWED=true): a benchmark database only",
        )
        parser.add_argument("--json", action="store_true", help="print the counts and seconds as JSON")

    def handle(self, *args, **o):
        if not (settings.DEBUG or o["allow_without_debug"] or env_bool("SEED_SCALE_ALLOWED", False)):
            raise CommandError(
                "seed_scale writes hundreds of synthetic accounts and ~100,000 rows: it runs with DEBUG on, "
                "or with --allow-without-debug (SEED_SCALE_ALLOWED=true) on a database meant for benchmarks."
            )
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
        password, password_file = o["password"], None
        if not password:
            password = secrets.token_urlsafe(16)
            password_file = Path(settings.BASE_DIR) / PASSWORD_FILE
        log = None if o["json"] else self.stdout.write
        try:
            result = seed_city(spec, password=password, log=log)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if password_file is not None:
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.touch(mode=0o600)
            password_file.chmod(0o600)
            password_file.write_text(password + "\n")
            result["password_file"] = str(password_file)
        if o["json"]:
            self.stdout.write(json.dumps(result))
            return
        for name, count in result["counts"].items():
            self.stdout.write(f"  {name:<24} {count:>9,}")
        self.stdout.write(self.style.SUCCESS(f"Synthetic city written in {result['seconds']} s."))
        if password_file is not None:
            self.stdout.write(f"The generated accounts' password is in {password_file} (readable by its owner only).")
        else:
            self.stdout.write("The generated accounts use the password given with --password.")
