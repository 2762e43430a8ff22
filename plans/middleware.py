"""Middleware of every request: refuse what the policy does not allow a read-only user, refuse NUL,
end idle sessions."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest

from plans.policy import may_submit_form

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class ReadOnlyRoleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match and may_submit_form(request.user, match.url_name, match.namespace):
            return None
        raise PermissionDenied("只读账号不能修改数据。")


NUL_REFUSED = "请求中含有空字符（NUL），无法处理。请删除该字符后重试。"


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


class RefuseNulMiddleware:
    """Answer 400 to any request whose address, query, form fields or file names contain NUL.

    PostgreSQL cannot store NUL in text (SQLite can), so without this one edge check a search, a
    urge note or a review comment with NUL in it would be a 500 on one database and not the other."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or self._in_data(request):
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _in_data(request) -> bool:
        for data in (request.GET, request.POST):
            if _has_nul(data.keys()) or any(_has_nul(data.getlist(key)) for key in data):
                return True
        return any(_has_nul([f.name or ""]) for key in request.FILES for f in request.FILES.getlist(key))


# --- Sessions end after inactivity ---------------------------------------------------------------

# Refreshing the last-seen mark at most this often keeps a session write off most requests.
LAST_SEEN_GRANULARITY_SECONDS = 60
TIMED_OUT_FLAG = "timed_out"


def mark_seen(sender, request, user, **kwargs):
    """At sign-in (user_logged_in): the session's clock of inactivity starts."""
    request.session["last_seen"] = int(time.time())
    request.session.pop(TIMED_OUT_FLAG, None)


class IdleSessionTimeoutMiddleware:
    """Sign a user out once SESSION_IDLE_TIMEOUT seconds passed without a request; the login page
    then says why. (The cookie itself ends when the browser closes: SESSION_EXPIRE_AT_BROWSER_CLOSE.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get("last_seen")
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                request.session[TIMED_OUT_FLAG] = True
            elif last_seen is None or now - last_seen >= LAST_SEEN_GRANULARITY_SECONDS:
                request.session["last_seen"] = now
        return self.get_response(request)


def client_ip(request) -> str:
    """The client's address for login throttling (AXES_CLIENT_IP_CALLABLE)."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, and ``Cache-Control: no-store`` on every response
    Django makes — pages, downloads and exports all carry data that is not public — unless the view
    said otherwise (a public page may allow caching). Static files are served by the web server."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if "Cache-Control" not in response.headers and not request.path.startswith(
            f"/{settings.STATIC_URL.lstrip('/')}"
        ):
            response.headers["Cache-Control"] = "no-store"
        return response
