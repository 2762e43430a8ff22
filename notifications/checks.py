"""System checks of the mail settings (``manage.py check``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register


@register()
def site_url_is_served(app_configs, **kwargs):
    """Links in emails are built from SITE_URL, never from a request: a site served under another
    name than SITE_URL's mails links that lead nowhere."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    allowed = settings.ALLOWED_HOSTS
    if not host or "*" in allowed or any(host == h or (h.startswith(".") and host.endswith(h)) for h in allowed):
        return []
    return [
        Warning(
            f"SITE_URL ({settings.SITE_URL}) is not one of ALLOWED_HOSTS: links in emails will not reach this site.",
            hint="Set SITE_URL to the address users open, e.g. SITE_URL=https://duban.example.gov.cn.",
            id="duban.W001",
        )
    ]
