"""Enforce "leaders change nothing" for every view at once."""

from django.core.exceptions import PermissionDenied

from plans.permissions import actor_for

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Signing in and out are not changes to the data.
ALWAYS_ALLOWED_VIEWS = {"login", "logout"}


class ReadOnlyRoleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match and (match.url_name in ALWAYS_ALLOWED_VIEWS or match.namespace == "admin"):
            # The Django admin has its own staff/permission checks.
            return None
        if actor_for(request.user).is_read_only:
            raise PermissionDenied("只读账号不能修改数据。")
        return None
