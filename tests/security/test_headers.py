"""Every response carries a Content Security Policy without inline script, a Permissions-Policy,
and — pages, downloads and exports alike — ``Cache-Control: no-store``. No template has an inline
script or an event handler attribute (the policy would block it)."""

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.actions import report_save
from tasks.models import Evidence
from tests.tasks.conftest import reported  # noqa: F401 (a fixture)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def test_pages_downloads_and_exports_are_not_stored_and_carry_the_policies(client, actors, reported):  # noqa: F811
    _plan, task, period, _key, report = reported
    report = report_save(
        task=task,
        period=period,
        actor=actors.market_staff,
        data={"narrative": "稿"},
        version=report.version,
        files=[SimpleUploadedFile("佐证.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    evidence = Evidence.objects.get(report=report)
    client.force_login(actors.market_staff)
    for url in [
        f"/tasks/{task.pk}/",  # a page
        f"/evidence/{evidence.pk}/",  # a download
        f"/plans/{task.plan_id}/tasks/ledger.xlsx",  # an export
        "/accounts/password/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "camera=()" in response["Permissions-Policy"], url
        policy = _policy(response)
        assert policy["script-src"] == "script-src 'self'", url
        assert policy["object-src"] == "object-src 'none'" and "frame-ancestors 'none'" in policy.values()
    anonymous = client.__class__().get("/accounts/login/")
    assert "no-store" in anonymous["Cache-Control"] and "Content-Security-Policy" in anonymous


def test_no_template_has_inline_script_or_event_handlers():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
    handler = re.compile(r"\s on[a-z]+\s*=", re.I | re.X)
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "emails" in path.parts:
            continue  # mail bodies are not served as pages
        text = path.read_text(encoding="utf-8")
        if inline_script.search(text) or handler.search(text):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []
