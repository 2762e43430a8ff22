"""Backups: the database and the uploaded files in one archive, and back.

An archive (``duban-backup-YYYYmmdd-HHMMSS.tar.gz``) holds ``manifest.json`` (engine, time, file
count), the database — ``database.dump`` (``pg_dump -Fc``) for PostgreSQL, ``database.sqlite3`` (a
consistent copy through SQLite's backup API) for SQLite — and ``media/``, every uploaded file
(evidence, attachments, generated reports) except staged uploads waiting for a confirmation.
``restore`` puts them into an *empty* database and media directory (it refuses a database that has
tables, so that it never mixes two histories)."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

SKIPPED_MEDIA = {"staging"}


class BackupError(Exception):
    pass


def _pg_env(db: dict) -> dict:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = ["-h", db.get("HOST") or "localhost", "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    return args


def _dump_database(target_dir: Path) -> str:
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        destination = sqlite3.connect(target_dir / "database.sqlite3")
        source = sqlite3.connect(db["NAME"])
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()
        return "sqlite"
    if "postgresql" in db["ENGINE"]:
        out = target_dir / "database.dump"
        subprocess.run(
            ["pg_dump", "-Fc", "--no-owner", "--no-privileges", *_pg_args(db), "-f", str(out), db["NAME"]],
            check=True,
            env=_pg_env(db),
        )
        return "postgresql"
    raise BackupError(f"不支持的数据库：{db['ENGINE']}")


def backup(output_dir: Path, *, now: datetime.datetime | None = None) -> Path:
    """Write one archive into ``output_dir``; returns its path."""
    now = now or datetime.datetime.now()
    output_dir.mkdir(parents=True, exist_ok=True)
    archive = output_dir / f"duban-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        engine = _dump_database(tmp_dir)
        files = []
        if media_root.exists():
            for path in sorted(media_root.rglob("*")):
                relative = path.relative_to(media_root)
                if path.is_file() and relative.parts[0] not in SKIPPED_MEDIA:
                    files.append(relative)
        manifest = {"engine": engine, "created_at": now.isoformat(), "files": len(files)}
        (tmp_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        with tarfile.open(archive, "w:gz") as tar:
            for name in ("manifest.json", "database.sqlite3", "database.dump"):
                if (tmp_dir / name).exists():
                    tar.add(tmp_dir / name, arcname=name)
            for relative in files:
                tar.add(media_root / relative, arcname=str(Path("media") / relative))
    return archive


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(archive: Path, *, force: bool = False) -> dict:
    """Restore ``archive`` into the configured (empty) database and MEDIA_ROOT."""
    db = connection.settings_dict
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp_dir, filter="data")  # "data": no absolute paths, links or devices
        manifest = json.loads((tmp_dir / "manifest.json").read_text())
        engine = manifest["engine"]
        if engine == "sqlite":
            if db["ENGINE"] != "django.db.backends.sqlite3":
                raise BackupError("该备份来自 SQLite，当前配置的是其他数据库。")
            target = Path(db["NAME"])
            if target.exists() and target.stat().st_size and not force:
                connection.ensure_connection()
                if not _database_is_empty():
                    raise BackupError(f"数据库 {target} 不是空的；请恢复到新的空数据库。")
            connection.close()
            shutil.copyfile(tmp_dir / "database.sqlite3", target)
        else:
            if "postgresql" not in db["ENGINE"]:
                raise BackupError("该备份来自 PostgreSQL，当前配置的是其他数据库。")
            if not force and not _database_is_empty():
                raise BackupError(f"数据库 {db['NAME']} 不是空的；请恢复到新的空数据库。")
            connection.close()
            subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    *_pg_args(db),
                    "-d",
                    db["NAME"],
                    str(tmp_dir / "database.dump"),
                ],
                check=True,
                env=_pg_env(db),
            )
        restored = 0
        source_media = tmp_dir / "media"
        if source_media.exists():
            for path in source_media.rglob("*"):
                if path.is_file():
                    target_file = media_root / path.relative_to(source_media)
                    target_file.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target_file)
                    restored += 1
    return {"engine": engine, "files": restored, "created_at": manifest["created_at"]}
