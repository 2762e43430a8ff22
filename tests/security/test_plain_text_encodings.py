"""A plan in UTF-16 without a byte-order mark is accepted, as the README promises UTF-16."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.test_url_table import PLAN_TEXT, World


def test_a_utf16le_plan_without_a_bom_goes_to_the_preview(client, db, settings, tmp_path):
    """UTF-16LE text with no BOM is read like any other plan text."""
    settings.MEDIA_ROOT = tmp_path
    world = World()
    client.force_login(world.users["sup"])
    data = PLAN_TEXT.decode().encode("utf-16-le")
    response = client.post("/plans/import/", {"file": SimpleUploadedFile("规划.txt", data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response["Location"])
    assert "推进复议体制改革" in preview.content.decode()
