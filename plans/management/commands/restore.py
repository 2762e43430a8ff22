"""manage.py restore FILE [--force]: restore a backup into an empty database and MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.backup import BackupError, restore


class Command(BaseCommand):
    help = "从备份恢复数据库和上传的文件（恢复到空数据库）。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true", help="数据库不为空时仍然恢复（慎用）")

    def handle(self, *args, file, force, **options):
        try:
            result = restore(Path(file), force=force)
        except (BackupError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {result['engine']} backup of {result['created_at']}: {result['files']} files")
