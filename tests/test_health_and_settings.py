"""The skeleton: health endpoint, settings read from the environment, production refusing to start bare."""

import datetime
import os
import subprocess
import sys

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from config.env import email_settings, env_bool
from tests.conftest import ROOT


def test_healthz_reports_database_and_broker_without_login(client, db):
    """The health page reports the database and broker without a login."""
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "eager"}


@pytest.mark.redis
def test_healthz_pings_the_real_broker(client, db, settings):
    """The health page pings the real broker and reports it down when it is."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    assert client.get("/healthz").json()["broker"] == "ok"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def test_a_malformed_boolean_is_an_error_not_false(monkeypatch):
    """A malformed boolean in the environment stops start-up instead of meaning false."""
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)
    monkeypatch.setenv("DEBUG", "off")
    assert env_bool("DEBUG", True) is False


def test_email_url_forms():
    """Every EMAIL_URL form configures mail as documented; an unknown scheme is refused."""
    assert email_settings("smtp+tls://mailer:s%40cret@mail.example.gov.cn:587") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.gov.cn",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "s@cret",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
    }
    assert email_settings("smtps://mail.example.gov.cn")["EMAIL_PORT"] == 465
    assert email_settings("file:///tmp/mail")["EMAIL_FILE_PATH"] == "/tmp/mail"
    with pytest.raises(ImproperlyConfigured):
        email_settings("pigeon://coop")


def test_ui_speaks_chinese_in_shanghai_time(client, db):
    """Django's own messages reach users in Chinese, and the day turns at midnight in Shanghai."""
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    assert response.context["form"].errors["username"] == ["这个字段是必填项。"]
    with time_machine.travel(datetime.datetime(2024, 12, 31, 16, 30, tzinfo=datetime.UTC), tick=False):
        assert timezone.localdate() == datetime.date(2025, 1, 1)  # 00:30 in Shanghai
        assert f"{timezone.localtime():%H:%M}" == "00:30"


def _manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_their_secrets():
    """Production refuses to start without its secrets."""
    result = _manage("check", env={})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 60 + "-a-long-random-production-secret",
    "ALLOWED_HOSTS": "duban.baoshan.example.gov.cn",
    "SITE_URL": "https://duban.baoshan.example.gov.cn",
    "DATABASE_URL": "postgresql://duban@127.0.0.1:5432/duban",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_production_deploy_check_is_clean():
    """check --deploy with the required variables set reports no warnings at all."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_load_demo_refuses_production_settings():
    """load_demo refuses to run with production settings."""
    result = _manage("load_demo", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "production" in result.stderr
