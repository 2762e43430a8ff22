"""With MEDIA_STORAGE=s3 the files of every app server live in an S3-compatible object store:
a plan staged for preview and a report's evidence are written to and read from the bucket (a real
S3-compatible server on loopback, moto_server), never to the app server's own disk."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.actions import report_save
from tasks.models import Assignment, Evidence, Task
from tasks.progress import generate_periods
from tests.smtp import free_port

BUCKET = "duban-media"


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1"
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            client.create_bucket(Bucket=BUCKET)
            break
        except Exception:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail("moto_server did not start")
            time.sleep(0.2)
    yield endpoint, client
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def s3_media(settings, s3_endpoint, tmp_path):
    endpoint, client = s3_endpoint
    settings.MEDIA_ROOT = tmp_path / "local-disk-unused"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "location": f"t{time.monotonic_ns()}",
                "default_acl": None,
                "file_overwrite": False,
                "addressing_style": "path",
            },
        },
    }
    prefix = settings.STORAGES["default"]["OPTIONS"]["location"]
    return lambda: sorted(
        o["Key"].removeprefix(prefix + "/")
        for o in client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    )


def test_a_staged_plan_and_its_preview_go_through_the_object_store(client, actors, s3_media, settings):
    client.force_login(actors.supervisor)
    text = (
        "宝山区法治政府建设规划（2021—2025年）\n一、总体要求\n（一）健全行政复议体制。区司法局牵头，2022年底前完成。\n"
    )
    response = client.post("/plans/import/", {"file": SimpleUploadedFile("plan.txt", text.encode())})
    assert response.status_code == 302
    staged = s3_media()
    assert len(staged) == 2 and all(key.startswith("staging/") for key in staged)
    from django.core.cache import cache

    cache.clear()  # the preview reads the file back from the store, not from what the upload kept
    assert "健全行政复议体制" in client.get(response["Location"]).content.decode()
    assert not Path(settings.MEDIA_ROOT).exists()


def test_evidence_is_stored_in_and_downloaded_from_the_object_store(client, actors, s3_media, settings):
    from plans.models import Plan

    plan = Plan.objects.create(title="测试规划", start_year=2024, end_year=2025)
    period = generate_periods(plan)[0]
    task = Task.objects.create(plan=plan, code="1", title="出台复议规则", position=1)
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    report_save(
        actor=actors.market_staff,
        task=task,
        period=period,
        data={"progress_status": "in_progress", "percent_complete": 10, "narrative": "已起草。"},
        version=None,
        files=[SimpleUploadedFile("草案.pdf", pdf, content_type="application/pdf")],
    )
    evidence = Evidence.objects.get()
    assert s3_media() == [evidence.file.name]
    client.force_login(actors.market_staff)
    response = client.get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    assert not Path(settings.MEDIA_ROOT).exists()
