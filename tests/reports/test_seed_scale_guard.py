"""seed_scale writes hundreds of accounts: it refuses unless DEBUG is on or it is told explicitly,
and its accounts never share a password written in the source."""

from __future__ import annotations

import io
import json
import stat

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest  # django-axes authenticates with the request
from django.test import Client

from reports.scale import SUPERVISOR_USERNAME


def _can_log_in(password: str) -> bool:
    return Client().login(request=HttpRequest(), username=SUPERVISOR_USERNAME, password=password)


@pytest.mark.django_db
def test_with_debug_off_and_no_explicit_permission_nothing_is_written(settings, monkeypatch):
    """Pointed at a database by mistake (DEBUG off, no flag), the command refuses and writes nothing."""
    settings.DEBUG = False
    monkeypatch.delenv("SEED_SCALE_ALLOWED", raising=False)
    users = get_user_model().objects.count()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_scale", "--small", "--password", "whatever")
    assert get_user_model().objects.count() == users
    assert not get_user_model().objects.filter(username=SUPERVISOR_USERNAME).exists()


@pytest.mark.django_db
def test_allowed_explicitly_it_generates_a_password_kept_in_a_file_only_its_owner_reads(
    settings, monkeypatch, tmp_path
):
    """Allowed by SEED_SCALE_ALLOWED, without --password: the accounts get a generated password,
    written to a file readable by its owner only and named in the output; the old fixed password
    opens nothing."""
    settings.DEBUG = False
    settings.BASE_DIR = tmp_path
    monkeypatch.setenv("SEED_SCALE_ALLOWED", "true")
    out = io.StringIO()
    call_command("seed_scale", "--small", "--json", stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    password_file = tmp_path / "var" / "seed_scale" / "password.txt"
    assert result["password_file"] == str(password_file)
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    password = password_file.read_text().strip()
    assert len(password) >= 16
    assert _can_log_in(password)
    assert not _can_log_in("duban-scale-2026")


@pytest.mark.django_db
def test_the_flag_and_a_given_password(settings, monkeypatch, tmp_path):
    """With --allow-without-debug and --password, the accounts use that password and no file is written."""
    settings.DEBUG = False
    settings.BASE_DIR = tmp_path
    monkeypatch.delenv("SEED_SCALE_ALLOWED", raising=False)
    out = io.StringIO()
    call_command("seed_scale", "--small", "--allow-without-debug", "--password", "given-for-the-bench", stdout=out)
    assert "--password" in out.getvalue()
    assert not (tmp_path / "var").exists()
    assert _can_log_in("given-for-the-bench")
