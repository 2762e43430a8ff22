"""Refuse, for every view at once, the changes the policy does not allow a read-only user."""

from django.core.exceptions import PermissionDenied

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
