"""The plan upload form explains what it refuses."""

from django.core.files.uploadedfile import SimpleUploadedFile


def test_a_title_longer_than_the_column_is_a_form_error(client, actors):
    """A plan title that is too long is a form error, not a crash."""
    client.force_login(actors.supervisor)
    response = client.post(
        "/plans/import/", {"file": SimpleUploadedFile("p.txt", "一、总则\n".encode()), "title": "长" * 201}
    )
    assert response.status_code == 200
    assert "200" in response.content.decode()
