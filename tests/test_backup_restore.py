"""make backup / make restore: a backup restored into an empty database and an empty media
directory gives back the same rows and the same files (SQLite here, PostgreSQL in CI's second pass)."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from plans.models import Plan
from tasks.actions import report_save
from tasks.models import Assignment, Evidence, Task
from tasks.progress import generate_periods
from tests.conftest import ROOT, database_url_for_subprocess

PDF = b"%PDF-1.4\n% backup test\n%%EOF\n"


def _restore(archive: Path, database_url: str, media: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": database_url}
    env["MEDIA_ROOT"] = str(media)
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)], cwd=ROOT, env=env, capture_output=True, text=True
    )


def _query(database_url: str, sql: str) -> list[tuple]:
    if database_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return db.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(database_url) as db:
        return db.execute(sql).fetchall()


def test_a_backup_restores_into_an_empty_database_with_the_same_data_and_files(live_actors, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = Plan.objects.create(title="备份测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    task = Task.objects.create(plan=plan, code="1", title="推进依法决策", position=1)
    Assignment.objects.create(task=task, department=live_actors.market, role="lead")
    report_save(
        task=task,
        period=plan.periods.first(),
        actor=live_actors.market_staff,
        data={"narrative": "备份前的进展"},
        version=None,
        files=[SimpleUploadedFile("佐证.pdf", PDF)],
    )
    evidence = Evidence.objects.get()
    call_command("backup", "--output", str(tmp_path / "backups"))
    archive = Path(capsys.readouterr().out.strip())
    assert archive.exists()

    source_url = database_url_for_subprocess()
    if connection.vendor == "sqlite":
        target_url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    else:
        name = f"{connection.settings_dict['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        target_url = source_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        restored_media = tmp_path / "restored-media"
        result = _restore(archive, target_url, restored_media)
        assert result.returncode == 0, result.stderr
        for sql in [
            "SELECT title FROM plans_plan ORDER BY id",
            "SELECT narrative FROM tasks_progressreport ORDER BY id",
            "SELECT username FROM auth_user ORDER BY id",
            "SELECT file, original_name FROM tasks_evidence ORDER BY id",
            "SELECT count(*) FROM plans_event",
        ]:
            assert _query(target_url, sql) == _query(source_url, sql), sql
        assert (restored_media / evidence.file.name).read_bytes() == PDF
        # A second restore into the now full database is refused: two histories never mix.
        again = _restore(archive, target_url, restored_media)
        assert again.returncode != 0 and "不是空的" in again.stderr
    finally:
        if connection.vendor != "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
