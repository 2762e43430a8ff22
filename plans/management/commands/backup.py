"""manage.py backup [--output DIR]: the database and the uploaded files in one archive (plans.backup)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from plans.backup import backup


class Command(BaseCommand):
    help = "备份数据库和上传的文件（一个 .tar.gz 文件）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "backups"))

    def handle(self, *args, output, **options):
        archive = backup(Path(output))
        self.stdout.write(str(archive))
