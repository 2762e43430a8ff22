"""Settings for pytest: fast hashing, in-memory mail unless a test asks for SMTP."""

import os

from .base import *  # noqa: F403

DEBUG = False
ENVIRONMENT = "test"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not EMAIL_URL:  # noqa: F405 (a test's Celery worker is given a real SMTP server this way)
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory, so that a Celery worker started by a test can open the same database.
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    # One file per test process, so that two test runs on one checkout never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")}  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
STORAGES = {
    "default": STORAGES["default"],  # noqa: F405 (local unless MEDIA_STORAGE says otherwise)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Test scenarios run the ladder on dates long after their data was made; the look-back itself is
# pinned by tests/inspections/test_escalation_first_run.py, which sets it.
ESCALATION_LOOKBACK_DAYS = 100_000
