"""An administrator looking at an old version of an account can still reset its password."""

import re
from urllib.parse import urljoin


def test_the_reset_password_button_on_a_history_page_opens_the_reset_form(client, actors):
    """重置密码 on /admin/auth/user/<id>/history/<hid>/ leads to the account's password form, not a 500."""
    user = actors.market_staff
    user.first_name = "Bob2"
    user.save()
    record = user.history.latest()
    client.force_login(actors.admin)
    history_page = f"/admin/auth/user/{user.pk}/history/{record.history_id}/"
    page = client.get(history_page)
    assert page.status_code == 200
    link = urljoin(history_page, re.search(r'<a class="button" href="([^"]+)">', page.content.decode()).group(1))
    reset = client.get(link)
    assert reset.status_code == 200 and 'name="password1"' in reset.content.decode()
